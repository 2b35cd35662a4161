// SPDX-License-Identifier: MIT
/// \file
/// The eligibility gate before scoring (SPEC 3): request validity, dossier, income ceiling,
/// size, effort ratio, wishes and reservation. Every failure carries a reason code and the
/// numbers that decided it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/container/small_vector.hpp>

#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/offer.hpp>

namespace cotation {

/// Parameters of the gate. Defaults are the values of SPEC 3.
struct eligibility_policy {
  /// Maximum effort ratio (rent + charges − expected benefit) / monthly resources; 33 %.
  basis_points max_effort_ratio{3300};
  /// The dwelling's rooms must lie in [persons − rooms_below, persons + rooms_above] (at least 1;
  /// the lower bound is at most 6, since T6 means six rooms or more).
  int rooms_below = 1;
  int rooms_above = 1;
  bool check_effort_ratio = true;
  bool check_wishes = true;
  friend bool operator==(const eligibility_policy&, const eligibility_policy&) = default;
};

/// Reason codes, in the order the gate checks them.
enum class ineligibility : std::uint8_t {
  request_not_active,     ///< Removed or expired request.
  dossier_incomplete,     ///< Documents missing or not validated, or employer not validated.
  no_reference_income,    ///< No N-2 income declared for the offer's year.
  no_ceiling_data,        ///< No published ceiling for the financing/year/zone/category.
  over_income_ceiling,    ///< Reference income above the ceiling.
  size_mismatch,          ///< Rooms outside [persons − 1, persons + 1].
  effort_ratio_too_high,  ///< Effort ratio above the maximum, or no resources.
  wishes_area,            ///< The offer's commune/department is not wished.
  wishes_typology,        ///< The offer's typology is not wished.
  wishes_budget,          ///< Rent + charges above the applicant's budget.
  reserved_for_other_employer,
};

[[nodiscard]] std::string_view to_string(ineligibility r) noexcept;

/// The numbers behind one failed condition.
namespace facts {
struct request {
  request_state state;
  date expiry;
};
struct dossier {
  int missing_documents;
  bool employer_validated;
};
struct income {
  int year;
};
struct ceiling {
  money income;
  int income_year;
  money ceiling;
  household_category category;
};
struct size {
  int rooms;
  int persons;
  int min_rooms;
  int max_rooms;
};
/// `ratio` is rounded up to the basis point (a failure always reads above `max`); it is empty
/// when the household declares no resources (the ratio is unbounded).
struct effort {
  std::optional<basis_points> ratio;
  basis_points max;
  money net_cost;
  money resources;
};
struct area {
  commune_code commune;
};
struct typology {
  int rooms;
};
struct budget {
  money total_rent;
  money max_rent;
};
struct reservation {
  employer_id reserved_for;
  employer_id employer;
};
}  // namespace facts

using failure_facts = std::variant<facts::request, facts::dossier, facts::income, no_ceiling,
                                   facts::ceiling, facts::size, facts::effort, facts::area,
                                   facts::typology, facts::budget, facts::reservation>;

/// One failed condition: its code and the numbers that decided it.
struct eligibility_failure {
  ineligibility reason;
  failure_facts facts;
};

/// The failed conditions of one gate, in check order: a sequence with `std::vector`'s
/// interface that holds up to four inline (most ineligible requests fail one to four
/// conditions), so that the ineligible candidates of a ranking take no allocation each.
using eligibility_failures = boost::container::small_vector<eligibility_failure, 4>;

/// The outcome of the gate: eligible, or every failed condition in check order.
struct eligibility_result {
  eligibility_failures failures;
  [[nodiscard]] bool eligible() const noexcept { return failures.empty(); }
  /// True when `r` is among the failures.
  [[nodiscard]] bool failed(ineligibility r) const noexcept;
};

/// Checks every condition of SPEC 3 for `a` on offer `o` at date `at`, with the ceilings of the
/// offer's year (`o.ceiling_year()`). Every failed condition is reported, not only the first.
[[nodiscard]] eligibility_result check_eligibility(
    const applicant& a, const offer& o, date at, const eligibility_policy& policy = {},
    const ceiling_table& ceilings = ceiling_table::embedded());

/// One sentence for an applicant: "income 41 000 € above the PLUS ceiling 39 885 € (category 2,
/// zone 1, 2025)".
[[nodiscard]] std::string describe(const eligibility_failure& f);

}  // namespace cotation

template <>
struct fmt::formatter<cotation::eligibility_failure> : fmt::formatter<std::string_view> {
  auto format(const cotation::eligibility_failure& f, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::describe(f), ctx);
  }
};
