// SPDX-License-Identifier: MIT
#include <cotation/calendar.hpp>
#include <cotation/error.hpp>

#include <vector>

#include <limits>

#include <catch2/catch.hpp>

#include "builders.hpp"

using cotation::test::ymd;

TEST_CASE("age is in completed years: the birthday itself counts, the day before does not") {
  const auto birth = ymd(1997, 6, 15);
  CHECK(cotation::completed_years(birth, ymd(2025, 6, 14)) == 27);
  CHECK(cotation::completed_years(birth, ymd(2025, 6, 15)) == 28);
  CHECK(cotation::completed_years(birth, ymd(2025, 6, 16)) == 28);
  CHECK(cotation::completed_years(birth, ymd(2025, 12, 31)) == 28);
  CHECK(cotation::completed_years(birth, ymd(2026, 1, 1)) == 28);
  CHECK(cotation::completed_years(birth, birth) == 0);
}

TEST_CASE("a person born on 29 February has a birthday on 28 February in common years") {
  const auto birth = ymd(2000, 2, 29);
  CHECK(cotation::completed_years(birth, ymd(2001, 2, 27)) == 0);
  CHECK(cotation::completed_years(birth, ymd(2001, 2, 28)) == 1);
  CHECK(cotation::completed_years(birth, ymd(2004, 2, 28)) == 3);
  CHECK(cotation::completed_years(birth, ymd(2004, 2, 29)) == 4);
  CHECK(cotation::completed_years(birth, ymd(2025, 3, 1)) == 25);
}

TEST_CASE("age agrees with the calendar's year, month and day on every day of three centuries") {
  // The definition worked from boost's own calendar fields, birth by birth: years between the
  // two years, one less before the birthday (28 February for a 29 February birth in a common
  // year). The references include the ends of months, of years and both Februaries.
  const auto expected = [](cotation::date b, cotation::date a) {
    const int bm = b.month();
    const int bd = b.day();
    const int am = a.month();
    const int ad = a.day();
    int birthday_day = bd;
    if (bm == 2 && bd == 29 && !boost::gregorian::gregorian_calendar::is_leap_year(a.year())) {
      birthday_day = 28;
    }
    const bool before = am < bm || (am == bm && ad < birthday_day);
    return static_cast<int>(a.year()) - static_cast<int>(b.year()) - (before ? 1 : 0);
  };
  const std::vector<cotation::date> references{
      ymd(2026, 12, 6),  ymd(2024, 2, 29), ymd(2025, 2, 28), ymd(2100, 2, 28), ymd(2000, 3, 1),
      ymd(1999, 12, 31), ymd(2023, 1, 1),  ymd(1400, 1, 1),  ymd(9999, 12, 31)};
  std::size_t wrong = 0;
  for (cotation::date b = ymd(1850, 1, 1); b <= ymd(2150, 12, 31); b += boost::gregorian::days(1)) {
    for (const cotation::date a : references) {
      if (cotation::completed_years(b, a) != expected(b, a)) ++wrong;
    }
  }
  CHECK(wrong == 0);
  // The two ends of boost's calendar.
  CHECK(cotation::completed_years(ymd(1400, 1, 1), ymd(9999, 12, 31)) == 8599);
  CHECK(cotation::completed_years(ymd(9999, 12, 31), ymd(1400, 1, 1)) == -8600);
}

TEST_CASE("whether a person has some age is what their age in completed years says") {
  // Births every third day of three centuries, at references around leap days and the ends
  // of years, for ages at the edges of the day-count shortcut (multiples of 4, 100, 400) and
  // outside it (negative, beyond 400).
  const std::vector<cotation::date> references{
      ymd(2026, 12, 6),  ymd(2024, 2, 29), ymd(2025, 2, 28),  ymd(2100, 3, 1), ymd(2000, 2, 29),
      ymd(1999, 12, 31), ymd(2023, 1, 1),  ymd(2200, 12, 31), ymd(2400, 2, 29)};
  const std::vector<int> ages{-1, 0,  1,  2,   3,   4,   17,  18,  25,  29,  30,
                              59, 60, 99, 100, 101, 200, 399, 400, 401, 1000};
  std::size_t wrong = 0;
  std::size_t checked = 0;
  for (cotation::date b = ymd(1850, 1, 1); b <= ymd(2150, 12, 31); b += boost::gregorian::days(3)) {
    for (const cotation::date a : references) {
      const int years = cotation::completed_years(b, a);
      for (const int k : ages) {
        if (cotation::completed_years_at_least(b, a, k) != (years >= k)) ++wrong;
        ++checked;
      }
    }
  }
  CHECK(checked > 6'000'000);
  CHECK(wrong == 0);
  // Around a 29 February birth, in a common year and a leap one.
  const auto leap_birth = ymd(2000, 2, 29);
  CHECK_FALSE(cotation::completed_years_at_least(leap_birth, ymd(2025, 2, 27), 25));
  CHECK(cotation::completed_years_at_least(leap_birth, ymd(2025, 2, 28), 25));
  CHECK_FALSE(cotation::completed_years_at_least(leap_birth, ymd(2028, 2, 28), 28));
  CHECK(cotation::completed_years_at_least(leap_birth, ymd(2028, 2, 29), 28));
}

TEST_CASE("age is negative before the birth date") {
  CHECK(cotation::completed_years(ymd(2000, 6, 1), ymd(2000, 5, 31)) == -1);
  CHECK(cotation::completed_years(ymd(2000, 6, 1), ymd(1999, 7, 1)) == -1);
}

TEST_CASE("adding months clamps the day to the end of the target month") {
  CHECK(cotation::add_months(ymd(2025, 1, 31), 1) == ymd(2025, 2, 28));
  CHECK(cotation::add_months(ymd(2024, 1, 31), 1) == ymd(2024, 2, 29));
  CHECK(cotation::add_months(ymd(2024, 2, 29), 12) == ymd(2025, 2, 28));
  CHECK(cotation::add_months(ymd(2025, 3, 31), -1) == ymd(2025, 2, 28));
  CHECK(cotation::add_months(ymd(2025, 11, 15), 3) == ymd(2026, 2, 15));
  CHECK(cotation::add_months(ymd(2025, 1, 15), -1) == ymd(2024, 12, 15));
  CHECK(cotation::add_months(ymd(2025, 1, 15), -25) == ymd(2022, 12, 15));
  CHECK(cotation::add_months(ymd(2025, 5, 10), 0) == ymd(2025, 5, 10));
}

TEST_CASE("adding months past either end of the calendar gives the infinite date that way") {
  using boost::gregorian::neg_infin;
  using boost::gregorian::not_a_date_time;
  using boost::gregorian::pos_infin;
  CHECK(cotation::add_months(ymd(9999, 1, 31), 11) == ymd(9999, 12, 31));
  CHECK(cotation::add_months(ymd(9999, 1, 31), 12) == cotation::date(pos_infin));
  CHECK(cotation::add_months(ymd(9998, 12, 31), 12) == ymd(9999, 12, 31));
  CHECK(cotation::add_months(ymd(1400, 12, 1), -11) == ymd(1400, 1, 1));
  CHECK(cotation::add_months(ymd(1400, 12, 1), -12) == cotation::date(neg_infin));
  CHECK(cotation::add_months(ymd(2025, 1, 1), std::numeric_limits<int>::max()) ==
        cotation::date(pos_infin));
  CHECK(cotation::add_months(ymd(2025, 1, 1), std::numeric_limits<int>::min()) ==
        cotation::date(neg_infin));
  CHECK(cotation::add_months(cotation::date(pos_infin), -12) == cotation::date(pos_infin));
  CHECK(cotation::add_months(cotation::date(not_a_date_time), 1).is_not_a_date());
}

TEST_CASE(
    "a dated event counts from the reference date minus the window up to the reference date") {
  const auto reference = ymd(2025, 3, 8);
  CHECK(cotation::within_months(ymd(2024, 3, 8), reference, 12));
  CHECK_FALSE(cotation::within_months(ymd(2024, 3, 7), reference, 12));
  CHECK(cotation::within_months(reference, reference, 12));
  CHECK_FALSE(cotation::within_months(ymd(2025, 3, 9), reference, 12));
  CHECK(cotation::within_months(ymd(2024, 9, 1), reference, 12));
}

TEST_CASE("dates print as ISO 8601") {
  CHECK(cotation::to_iso(ymd(2025, 3, 7)) == "2025-03-07");
  CHECK(fmt::format("{}", ymd(1987, 12, 1)) == "1987-12-01");
  CHECK(fmt::format("filed on {}", ymd(2024, 9, 1)) == "filed on 2024-09-01");
  CHECK(cotation::to_iso(cotation::date()) == "not-a-date");
}

TEST_CASE("ISO dates parse, and round-trip through printing") {
  CHECK(cotation::parse_iso_date("2025-03-07", "x") == ymd(2025, 3, 7));
  CHECK(cotation::parse_iso_date("2024-02-29", "x") == ymd(2024, 2, 29));
  const auto d = ymd(2026, 12, 31);
  CHECK(cotation::parse_iso_date(cotation::to_iso(d), "x") == d);
}

TEST_CASE("a malformed or impossible date is rejected naming the field and the reason") {
  struct bad_case {
    const char* text;
    const char* why;
  };
  const bad_case cases[] = {
      {"2025-02-30", "does not exist"},
      {"2025-02-29", "does not exist"},
      {"2025-04-31", "does not exist"},
      {"2025-13-01", "valid year, month and day"},
      {"2025-00-10", "valid year, month and day"},
      {"2025-01-00", "valid year, month and day"},
      {"2025-3-07", "YYYY-MM-DD"},
      {"20250307", "YYYY-MM-DD"},
      {"2025/03/07", "YYYY-MM-DD"},
      {"2025-03-07T00:00", "YYYY-MM-DD"},
      {"", "YYYY-MM-DD"},
      {"2025-0a-07", "YYYY-MM-DD"},
      {"2025- 3-07", "YYYY-MM-DD"},
      {"2025--1-07", "YYYY-MM-DD"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    try {
      (void)cotation::parse_iso_date(c.text, "applicant.initial_filing");
      FAIL("no exception");
    } catch (const cotation::invalid_argument& e) {
      CHECK(e.where() == "applicant.initial_filing");
      CHECK_THAT(e.reason(), Catch::Contains(c.why));
      CHECK_THAT(e.reason(), Catch::Contains(fmt::format("\"{}\"", c.text)));
    }
  }
}
