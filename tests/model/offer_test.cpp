// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/offer.hpp>

#include <catch2/catch.hpp>

#include <functional>

#include "builders.hpp"

using cotation::money;
using cotation::offer;
using namespace cotation::test;

TEST_CASE("an offer's department and zone follow from its commune") {
  offer o = sample_offer();
  CHECK(o.department().code() == "075");
  CHECK(o.zone() == cotation::income_zone::zone_1);
  o.commune = cotation::commune_code::parse("92050");
  CHECK(o.department().code() == "092");
  CHECK(o.zone() == cotation::income_zone::zone_2);
  o.commune = cotation::commune_code::parse("2A004");
  CHECK(o.department().code() == "02A");
  CHECK(o.zone() == cotation::income_zone::zone_3);
}

TEST_CASE("the total rent is rent plus charges") {
  offer o = sample_offer();
  o.rent = money::cents(61234);
  o.charges = money::cents(8766);
  CHECK(o.total_rent() == money::euros(700));
}

TEST_CASE("an offer is published for 7 days and shortlists 3 candidates by default") {
  const offer o{.id = cotation::offer_id{"X"},
                .commune = cotation::commune_code::parse("59350"),
                .rent = {},
                .charges = {},
                .reserved_for = {},
                .publication_start = ymd(2025, 1, 1)};
  CHECK(o.publication_days == 7);
  CHECK(o.shortlist_size == 3);
  CHECK(o.financing == cotation::financing::plus);
  CHECK(sample_offer().closing_date() == ymd(2025, 3, 8));
}

TEST_CASE("the ceilings of the closing date's year apply") {
  offer o = sample_offer();
  o.publication_start = ymd(2025, 12, 24);
  CHECK(o.closing_date() == ymd(2025, 12, 31));
  CHECK(o.ceiling_year() == 2025);
  o.publication_start = ymd(2025, 12, 25);
  CHECK(o.closing_date() == ymd(2026, 1, 1));
  CHECK(o.ceiling_year() == 2026);
  o.publication_days = 1;
  CHECK(o.closing_date() == ymd(2025, 12, 26));
  CHECK(o.ceiling_year() == 2025);
}

TEST_CASE("a valid offer passes validation") {
  CHECK_NOTHROW(cotation::validate(sample_offer()));
  offer t6 = sample_offer();
  t6.rooms = 6;
  t6.rent = money{};
  t6.charges = money{};
  CHECK_NOTHROW(cotation::validate(t6));
}

TEST_CASE("an offer that breaks an invariant is rejected naming the field and why") {
  struct bad_case {
    const char* where;
    const char* why;
    std::function<void(offer&)> breakage;
  };
  const bad_case cases[] = {
      {"rooms", "0 is not a typology (T1..T6)", [](offer& o) { o.rooms = 0; }},
      {"rooms", "7 is not a typology (T1..T6)", [](offer& o) { o.rooms = 7; }},
      {"surface_m2", "must not be negative", [](offer& o) { o.surface_m2 = -1; }},
      {"rent", "must not be negative", [](offer& o) { o.rent = money::cents(-1); }},
      {"charges", "must not be negative", [](offer& o) { o.charges = money::euros(-10); }},
      {"publication_start", "is not a date",
       [](offer& o) { o.publication_start = cotation::date(); }},
      {"publication_days", "at least one day", [](offer& o) { o.publication_days = 0; }},
      {"shortlist_size", "at least one candidate", [](offer& o) { o.shortlist_size = 0; }},
      {"id", "must not be empty", [](offer& o) { o.id.value.clear(); }},
  };
  for (const auto& c : cases) {
    INFO(c.where << ": " << c.why);
    offer o = sample_offer();
    c.breakage(o);
    try {
      cotation::validate(o);
      FAIL("no exception");
    } catch (const cotation::invalid_argument& e) {
      CHECK(e.where() == c.where);
      CHECK_THAT(e.reason(), Catch::Contains(c.why));
    }
  }
}

TEST_CASE("financings print by their usual names") {
  CHECK(fmt::format("{}", cotation::financing::plai) == "PLAI");
  CHECK(fmt::format("{}", cotation::financing::plus) == "PLUS");
  CHECK(fmt::format("{}", cotation::financing::pls) == "PLS");
  CHECK(fmt::format("{}", cotation::financing::pli) == "PLI");
  CHECK(fmt::format("{}", cotation::offer_id{"O-1"}) == "O-1");
}
