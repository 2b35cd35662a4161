// SPDX-License-Identifier: MIT
#include <cotation/household.hpp>

#include <algorithm>

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
  const bool couple = std::any_of(members.begin(), members.end(), [](const member& m) {
    return m.role == member_role::partner;
  });
  if (!couple) return false;
  return completed_years(members[0].birth_date, at) + completed_years(members[1].birth_date, at) <=
         55;
}

household_category category_of(const household& h, date at) noexcept {
  const int persons = std::max(1, h.persons());
  const int deps = h.dependants();
  const bool single_with_dependants = deps > 0 && persons - deps == 1;
  const bool bump = h.has_disabled_member() || single_with_dependants || h.is_young_household(at);
  const int rank = persons + (bump ? 1 : 0);
  return household_category{std::min(rank, 6), std::max(0, rank - 6)};
}

}  // namespace cotation
