// SPDX-License-Identifier: MIT
/// \file
/// The events of the allocation cycle (SPEC 6): one struct per operation, each dated, and their
/// JSON-lines encoding, the append-only log an `allocation_engine` writes and replays.
///
/// One event is one line: a JSON object whose `"event"` field names the operation and whose
/// `"on"` field is its date, then the operation's fields, in a fixed order:
/// ```
/// {"event": "file_request", "on": "2025-03-03", "request": {…applicant…}}
/// {"event": "update_request", "on": "2025-03-04", "request": {…applicant…}}
/// {"event": "renew_request", "on": "2025-03-05", "request": "0590423808575GDPUB"}
/// {"event": "remove_request", "on": "2025-03-05", "request": "0590423808575GDPUB"}
/// {"event": "publish_offer", "on": "2025-03-03", "offer": {…offer…}}
/// {"event": "position", "on": "2025-03-04", "request": "0590…", "offer": "O-1"}
/// {"event": "withdraw", "on": "2025-03-05", "request": "0590…", "offer": "O-1"}
/// {"event": "commission", "on": "2025-03-12", "offer": "O-1",
///  "decisions": [{"request": "0590…", "decision": "attribution", "priority": 1}, …]}
/// {"event": "lift_condition", "on": "2025-03-14", "offer": "O-1", "request": "0590…"}
/// {"event": "answer", "on": "2025-03-15", "offer": "O-1", "request": "0590…", "answer": "accept"}
/// {"event": "sign_lease", "on": "2025-03-20", "offer": "O-1", "request": "0590…"}
/// {"event": "advance", "on": "2025-03-21"}
/// {"event": "record_attributions", "on": "2025-03-03",
///  "attributions": [{"on": "2024-05-06", "size": "pme"}, …]}
/// ```
/// Applicants and offers are written as in a data set document (`<cotation/json.hpp>`), money in
/// euros read exactly. Reading is strict like the documents': unknown or repeated fields, wrong
/// types and invalid values throw `cotation::document_error` with the JSON pointer inside the
/// line. Writing is deterministic: the same event always gives the same line.
#pragma once

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/ids.hpp>
#include <cotation/offer.hpp>
#include <cotation/request_number.hpp>
#include <cotation/statistics.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cotation {

/// A commission's decision for one shortlisted candidate (CCH R441-3).
enum class decision_kind : std::uint8_t {
  /// Attribution (R441-3 a). Several candidates given an attribution with priorities 1, 2, …
  /// are the attribution "with the candidates ranked in order" (b): the dwelling is offered to
  /// the first and passes down on refusal.
  attribution,
  /// Attribution under a suspensive condition (c): a supporting document is missing; the
  /// attribution takes effect when the document arrives (`lift_condition`) before the deadline.
  conditional_attribution,
  /// Non-attribution (d): the dossier is refused for this dwelling; recorded in the request's
  /// history (a commission refusal, +40 in later rankings by default).
  non_attribution,
  /// Rejection for inadmissibility of the request (e). Not recorded in the scoring history.
  inadmissible,
};

/// The applicant's answer to the attribution of a dwelling.
enum class answer_kind : std::uint8_t {
  accept,  ///< The lease is signed next (`sign_lease`).
  refuse,  ///< Recorded in the history (−40 in later rankings); the dwelling passes down.
};

[[nodiscard]] std::string_view to_string(decision_kind k) noexcept;
[[nodiscard]] std::string_view to_string(answer_kind k) noexcept;

/// One decision of a commission, for one shortlisted candidate.
struct candidate_decision {
  request_number request;
  decision_kind decision = decision_kind::non_attribution;
  /// For `attribution` and `conditional_attribution`: the order in which the dwelling is
  /// offered, 1 first; distinct among the attributions of one commission. 0 for the others.
  int priority = 0;
  friend bool operator==(const candidate_decision&, const candidate_decision&) = default;
};

/// One struct per operation. Every event carries the date it happens on: the engine refuses an
/// event dated before its clock and first advances its clock to a later date.
namespace events {

/// A new request with its number and initial filing date (seniority). The engine owns the
/// request from then on; its history may carry events imported with it.
struct file_request {
  date on;
  applicant request;
  friend bool operator==(const file_request&, const file_request&) = default;
};

/// New data for a request (household, incomes, employment, dossier, wishes…). The number
/// identifies it; the initial filing date must not change (seniority is kept); the renewal, the
/// removal and the history are the engine's and are kept whatever the event says.
struct update_request {
  date on;
  applicant request;
  friend bool operator==(const update_request&, const update_request&) = default;
};

/// Renewal: the request stays valid one year from `on`; its seniority is kept.
struct renew_request {
  date on;
  request_number request;
  friend bool operator==(const renew_request&, const renew_request&) = default;
};

/// Radiation at the applicant's request (or for any reason other than a lease): the request
/// is removed and every positioning and attribution it holds ends.
struct remove_request {
  date on;
  request_number request;
  friend bool operator==(const remove_request&, const remove_request&) = default;
};

/// Publishes a dwelling; its window is `[publication_start, closing_date)`, `publication_days`
/// long (7 by default), and `publication_start` may not be before `on`.
struct publish_offer {
  date on;
  cotation::offer offer;
  friend bool operator==(const publish_offer&, const publish_offer&) = default;
};

/// The applicant positions the request on an offer.
struct position {
  date on;
  request_number request;
  offer_id offer;
  friend bool operator==(const position&, const position&) = default;
};

/// The applicant withdraws a positioning (until the offer closes).
struct withdraw {
  date on;
  request_number request;
  offer_id offer;
  friend bool operator==(const withdraw&, const withdraw&) = default;
};

/// The allocation commission's decisions on a closed offer: exactly one per shortlisted
/// candidate still standing.
struct commission {
  date on;
  offer_id offer;
  std::vector<candidate_decision> decisions;
  friend bool operator==(const commission&, const commission&) = default;
};

/// The missing document of a conditional attribution arrived: the condition is lifted.
struct lift_condition {
  date on;
  offer_id offer;
  request_number request;
  friend bool operator==(const lift_condition&, const lift_condition&) = default;
};

/// The applicant's answer to the dwelling offered to them.
struct answer {
  date on;
  offer_id offer;
  request_number request;
  answer_kind response = answer_kind::accept;
  friend bool operator==(const answer&, const answer&) = default;
};

/// The lease of an accepted attribution is signed: the request is removed.
struct sign_lease {
  date on;
  offer_id offer;
  request_number request;
  friend bool operator==(const sign_lease&, const sign_lease&) = default;
};

/// Moves the clock to `on`, applying what time brings (closings, expiries, unanswered offers).
struct advance {
  date on;
  friend bool operator==(const advance&, const advance&) = default;
};

/// Attributions made outside the engine (before it started, or through other channels), each
/// dated on or before `on`: they join the statistics of the ALS criterion, as the engine's own
/// lease signatures do. A new engine starts with no history; this event gives it one, in the log.
struct record_attributions {
  date on;
  std::vector<attribution_record> attributions;
  friend bool operator==(const record_attributions&, const record_attributions&) = default;
};

}  // namespace events

/// Every operation of the cycle.
using event =
    std::variant<events::file_request, events::update_request, events::renew_request,
                 events::remove_request, events::publish_offer, events::position, events::withdraw,
                 events::commission, events::lift_condition, events::answer, events::sign_lease,
                 events::advance, events::record_attributions>;

/// The date an event happens on.
[[nodiscard]] date date_of(const event& e) noexcept;

/// The event's name as written in the log (`"position"`, `"commission"`…).
[[nodiscard]] std::string_view name_of(const event& e) noexcept;

/// One line of the log, without the newline. Throws `cotation::invalid_argument` when the event
/// cannot be written (a date that is not a date, an applicant or offer failing `validate`).
[[nodiscard]] std::string to_json_line(const event& e);

/// Reads one line of the log (with or without its newline). Throws `cotation::document_error`
/// whose `source()` is `source` and `where()` the JSON pointer inside the line.
[[nodiscard]] event event_from_json_line(std::string_view line, std::string_view source = "event");

/// A short human form: `2025-03-04 position 0590423808575GDPUB on O-1`.
[[nodiscard]] std::string describe(const event& e);

}  // namespace cotation

template <>
struct fmt::formatter<cotation::event> : fmt::formatter<std::string_view> {
  auto format(const cotation::event& e, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::describe(e), ctx);
  }
};
