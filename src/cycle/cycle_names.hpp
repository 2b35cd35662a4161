// SPDX-License-Identifier: MIT
// The names of the allocation cycle's enumerators in events, snapshots and messages: the C++
// enumerator names, like every other enumeration of the documents (detail/enum_names.hpp).
#pragma once

#include <cotation/eligibility.hpp>
#include <cotation/engine.hpp>
#include <cotation/events.hpp>
#include <cotation/grid.hpp>

#include <array>
#include <string_view>
#include <utility>
#include <variant>

#include "detail/enum_names.hpp"

namespace cotation::detail {

COTATION_ENUM_NAMES(decision_kind, {"attribution", decision_kind::attribution},
                    {"conditional_attribution", decision_kind::conditional_attribution},
                    {"non_attribution", decision_kind::non_attribution},
                    {"inadmissible", decision_kind::inadmissible})
COTATION_ENUM_NAMES(answer_kind, {"accept", answer_kind::accept}, {"refuse", answer_kind::refuse})
COTATION_ENUM_NAMES(offer_state, {"published", offer_state::published},
                    {"closed", offer_state::closed}, {"decided", offer_state::decided},
                    {"attributed", offer_state::attributed},
                    {"unattributed", offer_state::unattributed}, {"held", offer_state::held})
COTATION_ENUM_NAMES(withdrawal, {"by_applicant", withdrawal::by_applicant},
                    {"request_expired", withdrawal::request_expired},
                    {"request_removed", withdrawal::request_removed})
COTATION_ENUM_NAMES(attribution_status, {"waiting", attribution_status::waiting},
                    {"awaiting_condition", attribution_status::awaiting_condition},
                    {"awaiting_answer", attribution_status::awaiting_answer},
                    {"accepted", attribution_status::accepted},
                    {"lease_signed", attribution_status::lease_signed},
                    {"refused", attribution_status::refused},
                    {"no_answer", attribution_status::no_answer},
                    {"condition_lapsed", attribution_status::condition_lapsed},
                    {"withdrawn", attribution_status::withdrawn},
                    {"not_reached", attribution_status::not_reached})
COTATION_ENUM_NAMES(
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
COTATION_ENUM_NAMES(ineligibility, {"request_not_active", ineligibility::request_not_active},
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
COTATION_ENUM_NAMES(seniority_mode, {"older_than_median", seniority_mode::older_than_median},
                    {"older_than_mean", seniority_mode::older_than_mean},
                    {"oldest_only", seniority_mode::oldest_only})

/// The name of event type `T` in the log (`event_name<events::position>::value` is
/// `"position"`).
template <typename T>
struct event_name;
#define COTATION_EVENT_NAME(T, name)                \
  template <>                                       \
  struct event_name<events::T> {                    \
    static constexpr std::string_view value = name; \
  };
COTATION_EVENT_NAME(file_request, "file_request")
COTATION_EVENT_NAME(update_request, "update_request")
COTATION_EVENT_NAME(renew_request, "renew_request")
COTATION_EVENT_NAME(remove_request, "remove_request")
COTATION_EVENT_NAME(publish_offer, "publish_offer")
COTATION_EVENT_NAME(position, "position")
COTATION_EVENT_NAME(withdraw, "withdraw")
COTATION_EVENT_NAME(commission, "commission")
COTATION_EVENT_NAME(lift_condition, "lift_condition")
COTATION_EVENT_NAME(answer, "answer")
COTATION_EVENT_NAME(sign_lease, "sign_lease")
COTATION_EVENT_NAME(advance, "advance")
COTATION_EVENT_NAME(record_attributions, "record_attributions")
#undef COTATION_EVENT_NAME

template <std::size_t... I>
constexpr auto all_names(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{
      event_name<std::variant_alternative_t<I, event>>::value...};
}
/// The events' names (`"file_request"`, …) in the order of the variant's alternatives.
inline constexpr auto event_names =
    all_names(std::make_index_sequence<std::variant_size_v<event>>{});

}  // namespace cotation::detail
