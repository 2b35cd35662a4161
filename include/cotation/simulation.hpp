// SPDX-License-Identifier: MIT
/// \file
/// Weeks of the allocation cycle over a population, with behaviours drawn from a seed: the
/// engine of `<cotation/engine.hpp>` driven day by day the way applicants, landlords and
/// commissions use AL'in, and the figures of each week.
///
/// **Each day**, in this order: the engine's clock moves to the day (expiries, lapsed
/// conditions, unanswered offers, closings: see `allocation_engine`); requests renew or are
/// abandoned; commissions meet on the offers that closed `commission_delay_days` before;
/// candidates lift their conditions, answer, and sign their leases; on working days (Monday to
/// Friday) the day's offers are published; applicants position on the open offers.
///
/// **Behaviours.** Every choice (who positions on which offer and when, each commission
/// decision, each answer and its day, renewals, abandonments) is a pure function of the seed and
/// of what it is about (the offer id, the request number, the date), never of the order in which
/// the simulation visits things: the same population and options give the same weeks, on any
/// machine. The shares are ours where the SPEC gives none; they are options.
///
/// **Offers** are drawn by `generate_offers` for each working day (in `only_department` or
/// like the demand), and the applicants who position on an offer by `generate_positionings`
/// over the engine's pool on its publication day (about 15 % of them not eligible, refused by
/// the engine), each on a day of the window. An offer drawn under a financing whose ceilings
/// are not published for its year (PLAI in 2026 in the bundled tables) is published as PLUS and
/// counted in `offers_refinanced`: otherwise nobody could be eligible (`no_ceiling_data`) and
/// the simulation would only measure the missing data.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/engine.hpp>
#include <cotation/events.hpp>
#include <cotation/geography.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// How applicants, commissions and landlords behave (ours: the SPEC gives no figure).
struct simulation_behaviour {
  /// Requests interested in each offer (`generate_positionings`).
  std::size_t positionings_per_offer = 100;
  /// Share of the interested requests that are not eligible (their positioning is refused).
  basis_points ineligible_share{1500};
  /// Days between an offer's close and its commission (>= 0).
  int commission_delay_days = 3;
  /// Per shortlisted candidate, the commission's decision: inadmissible, refused
  /// (non-attribution), attributed under a condition; the rest is attributed.
  basis_points inadmissible{200};
  basis_points commission_refusal{1000};
  basis_points conditional{1000};
  /// Conditional candidates who provide the missing document in time.
  basis_points condition_met{8000};
  /// Applicants offered a dwelling who refuse it, and who do not answer at all; the others
  /// accept, within the answer delay.
  basis_points applicant_refusal{2000};
  basis_points no_answer{500};
  /// Most days between an acceptance and the lease signature (>= 1; drawn in [1, this]).
  int lease_delay_days = 14;
  /// Requests renewed in the month before their anniversary; the others expire.
  basis_points renewal{9000};
  /// Valid requests abandoned (removed by their applicant) in a month.
  basis_points monthly_abandonment{50};
};

/// What to simulate.
struct simulation_options {
  std::uint64_t seed = 1;
  /// The first day; the population is filed on it. Required.
  date start;
  int weeks = 4;  ///< >= 1.
  /// Offers published in a week (on working days). 0: scaled to the population, 1 200 a
  /// working day for the country's 2.7 million requests (SPEC 8), at least 5.
  std::size_t offers_per_week = 0;
  /// Offers drawn in this department instead of like the demand.
  std::optional<department> only_department;
  /// Attributions made before the start (the history of the ALS criterion, e.g. drawn by
  /// `generate_attributions`), recorded in the engine on the first day with a
  /// `record_attributions` event. Without them the ALS criterion starts from nothing.
  std::vector<attribution_record> prior_attributions;
  simulation_behaviour behaviour{};
};

/// What happened in one week (days `first_day` to `last_day`).
struct week_figures {
  int week = 1;
  date first_day;
  date last_day;
  std::size_t offers_published = 0;
  std::size_t offers_refinanced = 0;     ///< Published as PLUS: no ceiling for their financing.
  std::size_t positionings = 0;          ///< Applied.
  std::size_t positionings_refused = 0;  ///< Ineligible, request not valid, window...
  std::size_t offers_closed = 0;
  std::size_t candidates = 0;   ///< Eligible candidates ranked at the closes of the week.
  std::size_t shortlisted = 0;  ///< Presented to the commissions of those closes.
  std::size_t commissions = 0;  ///< Offers decided.
  /// Commission decisions by `decision_kind` (attribution, conditional, non-attribution,
  /// inadmissible).
  std::array<std::size_t, 4> decisions{};
  std::size_t accepted = 0;
  std::size_t refused = 0;            ///< By the applicant (−40 later).
  std::size_t unanswered = 0;         ///< Counted as refusals by the engine.
  std::size_t conditions_lapsed = 0;  ///< The document never came.
  std::size_t leases = 0;             ///< Attributions: the lease signed, the request removed.
  std::array<std::size_t, company_size_count> leases_by_size{};  ///< PME, ETI, GE.
  std::size_t unattributed = 0;  ///< Offers that ended without a tenant this week.
  std::size_t renewals = 0;
  std::size_t abandonments = 0;
  std::size_t expiries = 0;        ///< Requests that reached their anniversary unrenewed.
  std::size_t valid_requests = 0;  ///< On `last_day`.
  /// Each company size's share of the valid requests on `last_day`: the ALS targets.
  std::array<basis_points, company_size_count> targets{};
  /// Attributions by company size in the ALS criterion's window ending on `last_day` (the
  /// grid's, 12 months when it has no such criterion), prior attributions included: what the
  /// criterion compares with the targets.
  std::array<std::size_t, company_size_count> window_attributions{};

  /// Each company size's share of `leases` (rounded down; all zero without a lease).
  [[nodiscard]] std::array<basis_points, company_size_count> lease_shares() const noexcept;
  /// Each company size's share of `window_attributions` (rounded down; zero without any).
  [[nodiscard]] std::array<basis_points, company_size_count> window_shares() const noexcept;
  friend bool operator==(const week_figures&, const week_figures&) = default;
};

/// One lease signed during the simulation.
struct lease_record {
  date on;
  request_number request;
  offer_id offer;
  company_size size = company_size::pme;
  int waiting_days = 0;  ///< From the request's initial filing to the lease.
  std::size_t rank = 0;  ///< In the offer's ranking.
  friend bool operator==(const lease_record&, const lease_record&) = default;
};

/// The figures of a simulation.
struct simulation_result {
  std::uint64_t seed = 0;
  date start;
  std::size_t population = 0;  ///< Requests given.
  std::size_t filed = 0;       ///< Valid on the first day, filed in the engine.
  std::vector<week_figures> weeks;
  std::vector<lease_record> leases;  ///< By date, then offer id.

  /// The sum of every week's figures (`valid_requests`, `targets` and `window_attributions`:
  /// the last week's).
  [[nodiscard]] week_figures totals() const;
  friend bool operator==(const simulation_result&, const simulation_result&) = default;
};

/// Waiting times of the leases (days from filing to lease): quantiles and a histogram by year.
struct waiting_time_summary {
  std::size_t leases = 0;
  int median_days = 0;
  int p10_days = 0;
  int p90_days = 0;
  /// Leases whose request waited [0, 1), [1, 2), [2, 3), [3, 5), [5, 10), 10 or more years.
  std::array<std::size_t, 6> by_years{};
};

[[nodiscard]] waiting_time_summary waiting_times(std::span<const lease_record> leases);

/// Called after each simulated day with the days done and the days in all.
using simulation_progress = std::function<void(int done, int days)>;

/// Runs `options.weeks` weeks from `options.start` on `engine`, which must be fresh (no event
/// applied yet), after recording the prior attributions and filing every request of
/// `population` that is valid on the first day (the others are counted, not filed). The engine
/// keeps the whole state at the end (its log included), for dashboards, snapshots or a replay.
/// Throws `cotation::invalid_argument` naming the option for a start that is not a date, weeks
/// below 1, a negative delay or a share outside [0, 10 000], a prior attribution after the start,
/// or when the engine is not fresh; then the engine is untouched.
simulation_result simulate(allocation_engine& engine, std::span<const applicant> population,
                           const simulation_options& options,
                           const simulation_progress& progress = {});

/// The value of the simulation document's `"format"` field.
inline constexpr std::string_view simulation_format = "cotation-simulation/1";

/// The simulation document (`docs/format.md`): `{"format": "cotation-simulation/1", "seed",
/// "start", "population", "filed", "weeks": [...], "leases": [...]}`, field names those of the
/// C++ members, ending with a newline. Deterministic. Throws `cotation::invalid_argument` for a
/// date that is not one.
[[nodiscard]] std::string to_json(const simulation_result& r);

/// Reads a simulation document. Strict like the data set reader: unknown or missing fields,
/// wrong types, negative counts, weeks out of sequence (week k must start on start + 7(k − 1))
/// throw `cotation::document_error` with the JSON pointer; nothing is returned partially.
[[nodiscard]] simulation_result simulation_from_json(std::string_view json,
                                                     std::string_view source = "simulation");

/// The weekly figures as a text table, one row per week and a total row.
[[nodiscard]] std::string describe(const simulation_result& r);

}  // namespace cotation

template <>
struct fmt::formatter<cotation::simulation_result> : fmt::formatter<std::string_view> {
  auto format(const cotation::simulation_result& r, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::describe(r), ctx);
  }
};
