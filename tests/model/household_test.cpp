// SPDX-License-Identifier: MIT
#include <cotation/household.hpp>

#include <cotation/calendar.hpp>

#include <algorithm>
#include <random>

#include <catch2/catch.hpp>

#include "builders.hpp"

using cotation::household;
using cotation::household_category;
using cotation::member_role;
using namespace cotation::test;

namespace {

const auto at = ymd(2025, 6, 15);

household_category category(const household& h) { return cotation::category_of(h, at); }

/// A couple (reference person and partner) with `children` dependants.
household couple(int children = 0, bool disabled = false) {
  household h{{adult(), adult(member_role::partner, disabled)}};
  for (int i = 0; i < children; ++i) h.members.push_back(child());
  return h;
}

/// One adult with `children` dependants.
household single(int children = 0, bool disabled = false) {
  household h{{adult(member_role::reference_person, disabled)}};
  for (int i = 0; i < children; ++i) h.members.push_back(child());
  return h;
}

household_category cat(int c, int extra = 0) { return household_category{c, extra}; }

}  // namespace

TEST_CASE("one person is category 1, one disabled person category 2") {
  CHECK(category(single()) == cat(1));
  CHECK(category(single(0, true)) == cat(2));
}

TEST_CASE("a couple is category 2, or 3 when one of them is disabled") {
  CHECK(category(couple()) == cat(2));
  CHECK(category(couple(0, true)) == cat(3));
}

TEST_CASE("a young household sums to 55 at most: 27 + 28 is category 3, 28 + 28 category 2") {
  // At 2025-06-15, a person born 1997-06-16 is 27 (birthday tomorrow); born 1997-06-15, 28.
  const auto twenty_eight = person(ymd(1997, 1, 1));
  household h{{twenty_eight, person(ymd(1997, 6, 16), member_role::partner)}};
  CHECK(h.is_young_household(at));
  CHECK(category(h) == cat(3));

  h.members[1].birth_date = ymd(1997, 6, 15);  // birthday today: 28
  CHECK_FALSE(h.is_young_household(at));
  CHECK(category(h) == cat(2));

  h.members[1].birth_date = ymd(1997, 6, 14);  // birthday yesterday: 28
  CHECK(category(h) == cat(2));

  // The same couple was young the day before the birthday.
  h.members[1].birth_date = ymd(1997, 6, 15);
  CHECK(cotation::category_of(h, ymd(2025, 6, 14)) == cat(3));
}

TEST_CASE("a young household needs a couple without dependant") {
  // Two young persons who are not a couple: a parent and a dependant (category 3 anyway, as a
  // single adult with a dependant, but not a young household).
  household parent_and_child{
      {person(ymd(2000, 1, 1)), person(ymd(2005, 1, 1), member_role::dependant)}};
  CHECK_FALSE(parent_and_child.is_young_household(at));
  CHECK(category(parent_and_child) == cat(3));

  // A young couple with a child: three persons, category 3, and no extra bump.
  household with_child{{person(ymd(2000, 1, 1)), person(ymd(2000, 1, 1), member_role::partner),
                        person(ymd(2024, 1, 1), member_role::dependant)}};
  CHECK_FALSE(with_child.is_young_household(at));
  CHECK(category(with_child) == cat(3));

  // A single young person is not a young household.
  household alone{{person(ymd(2000, 1, 1))}};
  CHECK_FALSE(alone.is_young_household(at));
  CHECK(category(alone) == cat(1));
}

TEST_CASE("a single adult with dependants ranks one category above the number of persons") {
  CHECK(category(single(1)) == cat(3));
  CHECK(category(single(2)) == cat(4));
  CHECK(category(single(3)) == cat(5));
  CHECK(category(single(4)) == cat(6));
  CHECK(category(single(5)) == cat(6, 1));
}

TEST_CASE("three to five persons are categories 3 to 5, one more with a disabled member") {
  CHECK(category(couple(1)) == cat(3));
  CHECK(category(couple(1, true)) == cat(4));
  CHECK(category(couple(2)) == cat(4));
  CHECK(category(couple(2, true)) == cat(5));
  CHECK(category(couple(3)) == cat(5));
  CHECK(category(couple(3, true)) == cat(6));
}

TEST_CASE("a disabled dependant bumps the category like a disabled adult") {
  household h = couple(1);
  h.members[2].disabled = true;
  CHECK(h.has_disabled_member());
  CHECK(category(h) == cat(4));
}

TEST_CASE("six persons are category 6, each person beyond adds one additional person") {
  CHECK(category(couple(4)) == cat(6));
  CHECK(category(couple(5)) == cat(6, 1));
  CHECK(category(couple(6)) == cat(6, 2));
  CHECK(category(couple(9)) == cat(6, 5));
}

TEST_CASE("six persons with a disabled member count as category 6 plus one person") {
  CHECK(category(couple(4, true)) == cat(6, 1));
  CHECK(category(couple(5, true)) == cat(6, 2));
}

TEST_CASE("the category bumps do not add up") {
  // A disabled single parent of one child: 2 persons + 1, not + 2.
  CHECK(category(single(1, true)) == cat(3));
  // A young couple of whom one is disabled: category 3.
  household h{{person(ymd(2000, 1, 1)), person(ymd(2000, 1, 1), member_role::partner, true)}};
  CHECK(h.is_young_household(at));
  CHECK(category(h) == cat(3));
}

TEST_CASE("an alternating-custody child counts as a person and as a dependant") {
  household h = single();
  h.members.push_back(child(false, true));
  CHECK(h.persons() == 2);
  CHECK(h.dependants() == 1);
  CHECK(category(h) == cat(3));

  household family = couple(1);
  family.members.push_back(child(false, true));
  CHECK(family.persons() == 4);
  CHECK(family.dependants() == 2);
  CHECK(category(family) == cat(4));
}

TEST_CASE("an empty household is treated as one person") {
  CHECK(category(household{}) == cat(1));
  CHECK(household{}.persons() == 0);
  CHECK(household{}.dependants() == 0);
  CHECK_FALSE(household{}.has_disabled_member());
}

TEST_CASE("household categories print as words") {
  CHECK(fmt::format("{}", cat(3)) == "category 3");
  CHECK(fmt::format("{}", cat(6, 2)) == "category 6 + 2 person(s)");
}

TEST_CASE("on generated couples the category at any date follows the sum of ages at that date") {
  // SPEC 3: a couple without dependants whose ages sum to 55 at most is one category up. Birth
  // dates over eight years (29 February among them), read on every kind of day around the
  // birthdays, from the younger's birth on.
  std::mt19937 random(13);
  const auto day_in = [&](cotation::date first, int days) {
    return first + boost::gregorian::days(std::uniform_int_distribution<int>(0, days)(random));
  };
  int young = 0;
  int not_young = 0;
  for (int k = 0; k < 2000; ++k) {
    const auto b0 = k % 10 == 0 ? ymd(1996, 2, 29) : day_in(ymd(1992, 1, 1), 8 * 366);
    const auto b1 = k % 7 == 0 ? ymd(2000, 2, 29) : day_in(ymd(1992, 1, 1), 8 * 366);
    const household h{{person(b0), person(b1, member_role::partner)}};
    const auto from = std::max(b0, b1);
    for (int j = 0; j < 8; ++j) {
      // Near the day the sum reaches 56, or anywhere in the next 60 years.
      const auto d = j < 6 ? day_in(from + boost::gregorian::days(26 * 365), 3 * 366)
                           : day_in(from, 60 * 365);
      const bool is_young = h.is_young_household(d);
      (is_young ? young : not_young) += 1;
      INFO(cotation::to_iso(b0) << " " << cotation::to_iso(b1) << " at " << cotation::to_iso(d));
      CHECK(cotation::category_of(h, d) == cat(is_young ? 3 : 2));
    }
  }
  // Both outcomes are exercised.
  CHECK(young > 1000);
  CHECK(not_young > 1000);
}
