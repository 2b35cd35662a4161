// SPDX-License-Identifier: MIT
#include <cotation/calendar.hpp>
#include <cotation/error.hpp>

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
