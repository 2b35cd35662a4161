// SPDX-License-Identifier: MIT
// Not compiled: a model file that includes the rules, for the include-direction check to refuse
// (tests/CMakeLists.txt expects the check to name this line).
#include <cotation/household.hpp>

#include "rules/eligibility_row.hpp"
