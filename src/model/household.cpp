// SPDX-License-Identifier: MIT
#include <cotation/household.hpp>

#include <algorithm>

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
  return detail::rank_of(h).category(at);
}

namespace detail {

household_rank rank_of(const household& h) {
  household_rank r;
  r.persons = std::max(1, h.persons());
  const int deps = h.dependants();
  const bool single_with_dependants = deps > 0 && r.persons - deps == 1;
  const bool bump = h.has_disabled_member() || single_with_dependants;
  r.base = r.persons + (bump ? 1 : 0);
  if (bump || h.members.size() != 2 || deps != 0) return r;
  const bool couple = std::any_of(h.members.begin(), h.members.end(),
                                  [](const member& m) { return m.role == member_role::partner; });
  if (!couple) return r;
  // The sum of ages never decreases: find the first day it exceeds 55 by bisection.
  const date b0 = h.members[0].birth_date;
  const date b1 = h.members[1].birth_date;
  const auto young = [&](date d) { return completed_years(b0, d) + completed_years(b1, d) <= 55; };
  date lo = std::max(b0, b1);  // young at lo unless the elder is already over 55
  if (!young(lo)) return r;
  date hi = add_months(lo, 12 * 56);  // certainly not young
  while ((hi - lo).days() > 1) {
    const date mid = lo + boost::gregorian::days((hi - lo).days() / 2);
    (young(mid) ? lo : hi) = mid;
  }
  r.young_until = lo;
  return r;
}

}  // namespace detail

}  // namespace cotation
