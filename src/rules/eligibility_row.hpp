// SPDX-License-Identifier: MIT
// The applicant's facts the eligibility gate reads, independent of where they are stored (an
// `applicant` value or the pool's columns), and the one implementation of the gate's rules.
// The household rank and the reference income are the model's (model/household_rank.hpp,
// model/reference_income.hpp): the model computes them for its own public functions too.
#pragma once

#include <cotation/eligibility.hpp>

#include "model/household_rank.hpp"
#include "model/reference_income.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace cotation::detail {

/// What the gate reads about one request.
struct eligibility_row {
  date expiry;
  std::optional<date> removed_on;
  std::int32_t missing_documents = 0;  ///< Counting an empty list of required documents as one.
  bool employer_validated = false;
  household_rank rank;
  std::span<const annual_income> incomes;
  money resources;
  money benefit;
  std::span<const commune_code> wished_communes;
  std::span<const department> wished_departments;
  std::span<const int> wished_typologies;
  std::optional<money> max_rent;
  const employer_id* employer = nullptr;
};

[[nodiscard]] eligibility_row row_of(const applicant& a);
/// The row for evaluating the gate at `at` only: its rank is `rank_at(a.household, at)`
/// (cheaper than `rank_of`, and the same at `at`).
[[nodiscard]] eligibility_row row_of(const applicant& a, date at);

/// What the gate reads about one offer, derived once for all the requests checked against it,
/// with the ceilings of each household rank looked up at most once. Not thread-safe: one per
/// thread.
class offer_terms {
 public:
  offer_terms(const offer& o, const ceiling_table& ceilings)
      : offer_(o),
        year_(o.ceiling_year()),
        zone_(o.commune.zone()),
        department_(o.commune.department()),
        total_rent_(o.total_rent()),
        ceilings_(ceilings) {}

  [[nodiscard]] const offer& get() const noexcept { return offer_; }
  [[nodiscard]] int year() const noexcept { return year_; }
  [[nodiscard]] income_zone zone() const noexcept { return zone_; }
  [[nodiscard]] const department& dept() const noexcept { return department_; }
  [[nodiscard]] money total_rent() const noexcept { return total_rent_; }
  [[nodiscard]] const ceiling_table& ceilings() const noexcept { return ceilings_; }

  /// The offer's ceiling for a household category.
  [[nodiscard]] const ceiling_lookup& ceiling(const household_category& c) {
    const auto rank = static_cast<std::size_t>(c.category + c.additional_persons);
    if (rank < cache_.size() && cache_[rank]) return *cache_[rank];
    auto l = ceilings_.lookup(offer_.financing, year_, zone_, c);
    if (rank < cache_.size()) return cache_[rank].emplace(std::move(l));
    spare_ = std::move(l);
    return spare_;
  }

 private:
  const offer& offer_;
  int year_;
  income_zone zone_;
  department department_;
  money total_rent_;
  const ceiling_table& ceilings_;
  std::array<std::optional<ceiling_lookup>, 16> cache_{};
  ceiling_lookup spare_;
};

/// What the gate worked out on the way, for callers that go on to score the request.
struct gate_values {
  std::optional<reference_income> income;
  household_category category;
};

/// The gate's rules (SPEC 3), every failure appended to `failures` in check order (the request
/// is eligible when none was appended). When `values` is given, it receives the reference income
/// and household category the gate used. A ranking gives the place its ineligible candidate
/// keeps, so that the failures are written where they stay instead of moved there.
void evaluate_into(const eligibility_row& r, offer_terms& terms, date at,
                   const eligibility_policy& policy, eligibility_failures& failures,
                   gate_values* values = nullptr);

/// `evaluate_into` a new result.
[[nodiscard]] eligibility_result evaluate(const eligibility_row& r, offer_terms& terms, date at,
                                          const eligibility_policy& policy,
                                          gate_values* values = nullptr);

/// True when the effort ratio of `net_cost` over `resources` is within `max` (exact).
[[nodiscard]] constexpr bool effort_within(money net_cost, money resources,
                                           basis_points max) noexcept {
  if (resources <= money{}) return net_cost <= money{};
  return net_cost.in_cents() * 10000 <= max.value * resources.in_cents();
}

}  // namespace cotation::detail
