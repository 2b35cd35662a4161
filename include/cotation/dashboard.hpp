// SPDX-License-Identifier: MIT
/// \file
/// What an applicant sees of one request on the platform: each positioning with the offer,
/// the number of eligible applicants, the number of candidates, their rank and score card, the
/// offer's state and, after the commission, the decision and where the attribution stands.
#pragma once

#include <fmt/format.h>

#include <cotation/engine.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cotation {

/// One positioning of the request.
struct positioning_view {
  offer_id offer;
  offer_state state = offer_state::published;
  date positioned_on{};
  std::optional<date> withdrawn_on{};
  withdrawal cause = withdrawal::by_applicant;  ///< Meaningful when withdrawn.
  /// The offer is open: the counts, rank and card are computed on demand as if it closed on
  /// the engine's date. Once it has closed they are the ones frozen at the close.
  bool provisional = true;
  std::size_t eligible_count = 0;
  std::size_t candidate_count = 0;
  std::optional<std::size_t> rank{};  ///< Among the eligible candidates; none when not ranked.
  std::optional<score_card> card{};
  /// Positioned but not eligible (on the engine's date while open, at the close after).
  std::vector<ineligibility> ineligible{};
  bool shortlisted = false;  ///< Presented to the commission (would be, while open).
  bool passed_over = false;  ///< Ranked high enough but awaiting an answer elsewhere.
  std::optional<candidate_decision> decision{};        ///< After the commission.
  std::optional<cotation::attribution> attribution{};  ///< When attributed: where it stands.
};

/// The request's page.
struct request_dashboard {
  request_number request;
  date as_of{};  ///< The engine's date.
  request_state state = request_state::active;
  date expiry{};  ///< Renew before this date (a month's notice while `expiring`).
  std::vector<positioning_view> positionings{};  ///< By offer id.
};

/// The dashboard of request `n` at the engine's date; nothing for an unknown request. Open
/// offers are ranked on demand over `engine.pool()` (one ranking per open offer).
[[nodiscard]] std::optional<request_dashboard> dashboard(const allocation_engine& engine,
                                                         const request_number& n);

/// A few lines for a person: the request's state, then one line per positioning (`O-1
/// closed: 42 eligible, 7 candidates, rank 2, 55 points, shortlisted; attribution #1:
/// awaiting_answer until 2025-03-22`).
[[nodiscard]] std::string describe(const request_dashboard& d);

}  // namespace cotation

template <>
struct fmt::formatter<cotation::request_dashboard> : fmt::formatter<std::string_view> {
  auto format(const cotation::request_dashboard& d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::describe(d), ctx);
  }
};
