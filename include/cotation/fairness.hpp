// SPDX-License-Identifier: MIT
/// \file
/// Fairness monitoring: whether the platform treats groups of requests evenly. For each group
/// (company size, household size, age band of the reference person, income quartile, priority
/// situation, department of the request): its shares of the requests that may apply, of the
/// candidacies, of the shortlist places and of the leases, and the median wait to a lease; a
/// group is flagged when its share of the shortlist places departs from its share of the
/// candidacies by more than a margin. Also the PME/ETI/GE shares of the leases against the ALS
/// targets over time. From a data set's rankings, or from a simulation document (week by week).
///
/// The report names no request: it is for the people who set the rules.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/calendar.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>
#include <cotation/simulation.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// How requests are grouped.
enum class fairness_dimension : std::uint8_t {
  company_size,     ///< `PME`, `ETI`, `GE` (always the three, in that order).
  household_size,   ///< `1` … `5`, `6+` persons.
  age_band,         ///< Of the reference person at the date: `<25`, `25-29`, `30-39`, … `60+`.
  income_quartile,  ///< `Q1` (lowest) … `Q4` of the reference income per household member,
                    ///< quartiles of the requests that may apply; `unknown` without one.
  priority,         ///< `dalo`, `disability`, `domestic_violence`,
                    ///< `homeless_hosted_or_threatened`, `none`: a request in several
                    ///< situations counts in each, so a dimension's groups may add up to more.
  department,       ///< Of the request (its number's first three characters).
};
inline constexpr std::size_t fairness_dimension_count = 6;
/// `company_size`, `household_size`, `age_band`, `income_quartile`, `priority`, `department`.
[[nodiscard]] std::string_view to_string(fairness_dimension d) noexcept;

/// A share in basis points of `part` over `whole`, rounded to the nearest (half up); nothing
/// when `whole` is 0.
[[nodiscard]] std::optional<basis_points> share_of(std::size_t part, std::size_t whole) noexcept;

/// One group and what it received.
struct fairness_group {
  std::string label;
  std::size_t requests = 0;          ///< Requests that may apply (valid, dossier complete).
  std::size_t candidacies = 0;       ///< Eligible positionings (one per offer and request).
  std::size_t shortlist_places = 0;  ///< Places on the offers' shortlists.
  std::size_t leases = 0;  ///< Leases or attributions, when `fairness_breakdown::leases_known`.
  std::optional<int> median_wait_days;  ///< Filing to lease, nearest rank; a simulation only.
  /// |shortlist share − candidacy share| > the margin (both shares over every ranking).
  bool flagged = false;
};

/// The groups of one dimension, in label order (`<25` first among the age bands; the company
/// sizes PME, ETI, GE).
struct fairness_breakdown {
  fairness_dimension dimension = fairness_dimension::company_size;
  std::vector<fairness_group> groups;
  /// The leases are known by group: by company size only in a data set (its attribution
  /// statistics say no more), by company size and department in a simulation.
  bool leases_known = false;
};

/// The PME/ETI/GE leases (or attributions) of one period against the ALS targets.
struct als_period {
  date from;  ///< First day.
  date to;    ///< Last day.
  std::array<std::size_t, company_size_count> leases{};
  std::array<basis_points, company_size_count> targets{};  ///< On the last day.
  /// Each size's share of the period's leases (`share_of`; nothing without a lease).
  [[nodiscard]] std::optional<basis_points> share(company_size s) const noexcept;
};

/// What each group received, overall and per dimension.
struct fairness_report {
  date from;  ///< First day looked at (leases, attributions).
  date to;    ///< Last day.
  basis_points margin{500};
  std::size_t offers = 0;  ///< Rankings, or offers closed in the simulation.
  /// The totals, denominators of the shares.
  std::size_t requests = 0;
  std::size_t candidacies = 0;
  std::size_t shortlist_places = 0;
  std::size_t leases = 0;
  /// False for a simulation document, which does not hold who the candidates were: then the
  /// requests, candidacies and shortlist places are not known by group and nothing is flagged.
  bool candidates_known = true;
  std::vector<fairness_breakdown> breakdowns;  ///< The dimensions that could be grouped.
  std::vector<als_period> als;                 ///< In time order.
  /// Number of flagged groups.
  [[nodiscard]] std::size_t flagged() const noexcept;
};

/// The ALS targets on a day (PME, ETI, GE).
using als_targets_at = std::function<std::array<basis_points, company_size_count>(date)>;

/// The report of a data set's rankings at `as_of`:
/// - the requests of `pool` that may apply at `as_of` (filed by then, valid, dossier complete),
///   each in its
///   groups at `as_of` (age in completed years; the income quartiles of these requests, on the
///   reference income for ceiling year `as_of.year()` per household member, compared exactly);
/// - the candidacies and shortlist places of `rankings` (normally the offers closed in the 12
///   months to `as_of`), each candidate in its groups at `as_of` as well;
/// - the attributions dated within [`as_of` − 12 months, `as_of`] (SPEC 4's window), by company
///   size only (the statistics do not say who), and month by month from the window's first day
///   (the last month ends on `as_of`) against `targets(last day of the month)`.
/// A group is flagged when |shortlist share − candidacy share| > `margin`.
[[nodiscard]] fairness_report fairness_of_rankings(std::span<const offer_ranking> rankings,
                                                   const applicant_pool& pool, date as_of,
                                                   std::span<const attribution_record> attributions,
                                                   const als_targets_at& targets,
                                                   basis_points margin = basis_points{500});

/// The report of a simulation document: its leases by company size and by department with the
/// median wait of each (`waiting_times`), and the PME/ETI/GE lease shares of each week against
/// that week's targets; the offers, candidacies and shortlist places are the weeks' totals. The
/// document does not say who the candidates were: `candidates_known` is false, nothing is
/// flagged.
[[nodiscard]] fairness_report fairness_of_simulation(const simulation_result& s,
                                                     basis_points margin = basis_points{500});

}  // namespace cotation
