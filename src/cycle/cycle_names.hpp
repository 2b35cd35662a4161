// SPDX-License-Identifier: MIT
// The names of the allocation cycle's enumerators in events, snapshots and messages: the C++
// enumerator names, like every other enumeration of the documents (io_text.hpp).
#pragma once

#include <cotation/eligibility.hpp>
#include <cotation/engine.hpp>
#include <cotation/events.hpp>
#include <cotation/grid.hpp>

#include "io/io_text.hpp"

namespace cotation::detail {

#define COTATION_CYCLE_NAMES(E, ...)                                         \
  template <>                                                                \
  [[nodiscard]] inline name_table<E> names<E>() noexcept {                   \
    static constexpr std::pair<std::string_view, E> table[] = {__VA_ARGS__}; \
    return table;                                                            \
  }

COTATION_CYCLE_NAMES(decision_kind, {"attribution", decision_kind::attribution},
                     {"conditional_attribution", decision_kind::conditional_attribution},
                     {"non_attribution", decision_kind::non_attribution},
                     {"inadmissible", decision_kind::inadmissible})
COTATION_CYCLE_NAMES(answer_kind, {"accept", answer_kind::accept}, {"refuse", answer_kind::refuse})
COTATION_CYCLE_NAMES(offer_state, {"published", offer_state::published},
                     {"closed", offer_state::closed}, {"decided", offer_state::decided},
                     {"attributed", offer_state::attributed},
                     {"unattributed", offer_state::unattributed})
COTATION_CYCLE_NAMES(withdrawal, {"by_applicant", withdrawal::by_applicant},
                     {"request_expired", withdrawal::request_expired},
                     {"request_removed", withdrawal::request_removed})
COTATION_CYCLE_NAMES(attribution_status, {"waiting", attribution_status::waiting},
                     {"awaiting_condition", attribution_status::awaiting_condition},
                     {"awaiting_answer", attribution_status::awaiting_answer},
                     {"accepted", attribution_status::accepted},
                     {"lease_signed", attribution_status::lease_signed},
                     {"refused", attribution_status::refused},
                     {"no_answer", attribution_status::no_answer},
                     {"condition_lapsed", attribution_status::condition_lapsed},
                     {"withdrawn", attribution_status::withdrawn},
                     {"not_reached", attribution_status::not_reached})
COTATION_CYCLE_NAMES(
    refusal, {"not_a_date", refusal::not_a_date}, {"in_the_past", refusal::in_the_past},
    {"unknown_request", refusal::unknown_request}, {"unknown_offer", refusal::unknown_offer},
    {"request_exists", refusal::request_exists}, {"offer_exists", refusal::offer_exists},
    {"invalid_request", refusal::invalid_request}, {"invalid_offer", refusal::invalid_offer},
    {"request_not_active", refusal::request_not_active}, {"ineligible", refusal::ineligible},
    {"outside_window", refusal::outside_window},
    {"already_positioned", refusal::already_positioned},
    {"not_positioned", refusal::not_positioned},
    {"too_many_positionings", refusal::too_many_positionings},
    {"wrong_offer_state", refusal::wrong_offer_state},
    {"invalid_decisions", refusal::invalid_decisions},
    {"wrong_attribution_state", refusal::wrong_attribution_state},
    {"already_accepted", refusal::already_accepted},
    {"invalid_attributions", refusal::invalid_attributions})
COTATION_CYCLE_NAMES(ineligibility, {"request_not_active", ineligibility::request_not_active},
                     {"dossier_incomplete", ineligibility::dossier_incomplete},
                     {"no_reference_income", ineligibility::no_reference_income},
                     {"no_ceiling_data", ineligibility::no_ceiling_data},
                     {"over_income_ceiling", ineligibility::over_income_ceiling},
                     {"size_mismatch", ineligibility::size_mismatch},
                     {"effort_ratio_too_high", ineligibility::effort_ratio_too_high},
                     {"wishes_area", ineligibility::wishes_area},
                     {"wishes_typology", ineligibility::wishes_typology},
                     {"wishes_budget", ineligibility::wishes_budget},
                     {"reserved_for_other_employer", ineligibility::reserved_for_other_employer})
COTATION_CYCLE_NAMES(seniority_mode, {"older_than_median", seniority_mode::older_than_median},
                     {"older_than_mean", seniority_mode::older_than_mean},
                     {"oldest_only", seniority_mode::oldest_only})

#undef COTATION_CYCLE_NAMES

}  // namespace cotation::detail
