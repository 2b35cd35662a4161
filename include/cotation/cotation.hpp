// SPDX-License-Identifier: MIT
/// \file
/// Everything of the library in one include.
#pragma once

#include <cotation/advice.hpp>
#include <cotation/aid_parameters.hpp>
#include <cotation/aids.hpp>
#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/csv.hpp>
#include <cotation/dashboard.hpp>
#include <cotation/data_set.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/events.hpp>
#include <cotation/generator.hpp>
#include <cotation/geography.hpp>
#include <cotation/grid.hpp>
#include <cotation/fairness.hpp>
#include <cotation/grid_impact.hpp>
#include <cotation/household.hpp>
#include <cotation/ids.hpp>
#include <cotation/json.hpp>
#include <cotation/legal.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>
#include <cotation/ranking_checks.hpp>
#include <cotation/request_number.hpp>
#include <cotation/scoring.hpp>
#include <cotation/simulation.hpp>
#include <cotation/statistics.hpp>
#include <cotation/verification.hpp>
#include <cotation/version.hpp>
