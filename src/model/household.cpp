// SPDX-License-Identifier: MIT
#include <cotation/household.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
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
  return completed_years(h.members[0].birth_date, d) +
             completed_years(h.members[1].birth_date, d) <=
         55;
}

/// The day a person born on `b` completes `k` years (`completed_years`), as (year × 16 +
/// month) × 32 + day: the same day `k` years later, or 28 February in a common year for a
/// person born on 29 February.
std::int64_t birthday_key(const date::ymd_type& b, int k) noexcept {
  const int y = static_cast<int>(b.year) + k;
  const int d =
      static_cast<int>(b.month) == 2 && static_cast<int>(b.day) == 29 &&
              !boost::gregorian::gregorian_calendar::is_leap_year(static_cast<unsigned short>(y))
          ? 28
          : static_cast<int>(b.day);
  return (std::int64_t{y} * 16 + static_cast<int>(b.month)) * 32 + d;
}

}  // namespace

household_rank rank_of(const household& h) {
  std::optional<date> lo;  // young at lo unless the elder is already over 55
  household_rank r = fixed_rank(h, lo);
  if (!lo || !young_at(h, *lo)) return r;
  // The sum of the two ages on a day is the number of birthdays of either member up to it:
  // it first exceeds 55 on the 56th of them in date order, which is the smallest, over the
  // ways of taking j of the first member's birthdays and 56 - j of the second's, of the later
  // of the two last ones (the earlier birthdays of both never come after it).
  // On that day the first member's age is (56 + y2 - y1) / 2 to within one half, y1 and y2
  // being the birth years: the split is among the few around it.
  constexpr int over = 56;
  const auto first = h.members[0].birth_date.year_month_day();
  const auto second = h.members[1].birth_date.year_month_day();
  const int middle = (over + static_cast<int>(second.year) - static_cast<int>(first.year)) / 2;
  std::int64_t day = std::numeric_limits<std::int64_t>::max();
  for (int j = std::max(0, middle - 2); j <= std::min(over, middle + 2); ++j) {
    const std::int64_t a = j == 0 ? 0 : birthday_key(first, j);
    const std::int64_t b = j == over ? 0 : birthday_key(second, over - j);
    day = std::min(day, std::max(a, b));
  }
  if (day / 512 > 9999) {  // past the calendar's end: young up to it
    r.young_until = date(boost::gregorian::pos_infin);
    return r;
  }
  const date not_young(static_cast<unsigned short>(day / 512),
                       static_cast<unsigned short>(day / 32 % 16),
                       static_cast<unsigned short>(day % 32));
  r.young_until = not_young - boost::gregorian::days(1);
  return r;
}

household_rank rank_at(const household& h, date at) {
  std::optional<date> lo;
  household_rank r = fixed_rank(h, lo);
  // rank_of finds the last young day after `lo`, the sum of ages never decreasing from
  // there: `at` is within it when young at `lo` and either not after `lo` or young itself.
  if (lo && young_at(h, *lo) && (at <= *lo || young_at(h, at))) r.young_until = at;
  return r;
}

}  // namespace detail

}  // namespace cotation
