// SPDX-License-Identifier: MIT
// A household's rank through time (persons plus the category bumps, SPEC 3), computed once per
// household so that the eligibility gate and the pool can read the category on any date.
#pragma once

#include <cotation/household.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace cotation::detail {

/// The category of household rank `r` (SPEC 3.1): `min(r, 6)`, every rank beyond 6 one
/// additional person.
[[nodiscard]] constexpr household_category category_of_rank(std::int32_t r) noexcept {
  return household_category{std::min(r, 6), std::max(0, r - 6)};
}

/// Household rank (persons plus the category bump) as a function of the date: the young
/// household bump lasts until the couple's ages sum to more than 55.
struct household_rank {
  std::int32_t persons = 1;         ///< At least 1.
  std::int32_t base = 1;            ///< persons + 1 for disability / single adult with dependants.
  std::optional<date> young_until;  ///< Last day the young-household bump applies.

  [[nodiscard]] std::int32_t at(date d) const noexcept {
    return base + (young_until && d <= *young_until ? 1 : 0);
  }
  [[nodiscard]] household_category category(date d) const noexcept {
    return category_of_rank(at(d));
  }
};

[[nodiscard]] household_rank rank_of(const household& h);

/// A rank that is `rank_of(h)`'s at `at` only (`rank_at(h, at).at(at) == rank_of(h).at(at)`),
/// without the search for the last young day: a few calendar conversions instead of about 30,
/// for the callers that read one date (the gate, ranking).
[[nodiscard]] household_rank rank_at(const household& h, date at);

}  // namespace cotation::detail
