// SPDX-License-Identifier: MIT
/// \file
/// Everything of the library in one include.
#pragma once

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/geography.hpp>
#include <cotation/household.hpp>
#include <cotation/ids.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/request_number.hpp>
#include <cotation/version.hpp>
