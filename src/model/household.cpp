// SPDX-License-Identifier: MIT
#include <cotation/household.hpp>

#include <algorithm>
#include <optional>

#include "model/household_rank.hpp"

namespace cotation {

int household::dependants() const noexcept {
  return static_cast<int>(std::count_if(members.begin(), members.end(), [](const member& m) {
    return m.role == member_role::dependant || m.alternating_custody;
  }));
}

bool household::has_disabled_member() const noexcept {
  return std::any_of(members.begin(), members.end(), [](const member& m) { return m.disabled; });
}

bool household::is_young_household(date at) const noexcept {
  if (members.size() != 2 || dependants() != 0) return false;
  const bool couple = std::any_of(members.begin(), members.end(),
                                  [](const member& m) { return m.role == member_role::partner; });
  if (!couple) return false;
  return completed_years(members[0].birth_date, at) + completed_years(members[1].birth_date, at) <=
         55;
}

household_category category_of(const household& h, date at) noexcept {
  return detail::rank_at(h, at).category(at);
}

namespace detail {

namespace {

/// The rank without the young-household bump, and the younger member's birth date when the
/// household is a couple without dependants who may have it (else nothing).
household_rank fixed_rank(const household& h, std::optional<date>& couple_from) {
  household_rank r;
  r.persons = std::max(1, h.persons());
  const int deps = h.dependants();
  const bool single_with_dependants = deps > 0 && r.persons - deps == 1;
  const bool bump = h.has_disabled_member() || single_with_dependants;
  r.base = r.persons + (bump ? 1 : 0);
  if (bump || h.members.size() != 2 || deps != 0) return r;
  const bool couple = std::any_of(h.members.begin(), h.members.end(),
                                  [](const member& m) { return m.role == member_role::partner; });
  if (couple) couple_from = std::max(h.members[0].birth_date, h.members[1].birth_date);
  return r;
}

bool young_at(const household& h, date d) {
  return completed_years(h.members[0].birth_date, d) + completed_years(h.members[1].birth_date, d) <=
         55;
}

}  // namespace

household_rank rank_of(const household& h) {
  std::optional<date> lo;  // young at lo unless the elder is already over 55
  household_rank r = fixed_rank(h, lo);
  if (!lo || !young_at(h, *lo)) return r;
  // The sum of ages never decreases: find the first day it exceeds 55 by bisection.
  date hi = add_months(*lo, 12 * 56);  // certainly not young
  while ((hi - *lo).days() > 1) {
    const date mid = *lo + boost::gregorian::days((hi - *lo).days() / 2);
    if (young_at(h, mid)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  r.young_until = lo;
  return r;
}

household_rank rank_at(const household& h, date at) {
  std::optional<date> lo;
  household_rank r = fixed_rank(h, lo);
  // rank_of's bisection finds the last young day after `lo`, the sum of ages never decreasing
  // from there: `at` is within it when young at `lo` and either not after `lo` or young itself.
  if (lo && young_at(h, *lo) && (at <= *lo || young_at(h, at))) r.young_until = at;
  return r;
}

}  // namespace detail

}  // namespace cotation
