// SPDX-License-Identifier: MIT
#include <cotation/events.hpp>

#include <catch2/catch.hpp>

TEST_CASE("placeholder events") { CHECK(true); }
