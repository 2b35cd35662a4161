// SPDX-License-Identifier: MIT
#include <cotation/applicant.hpp>
#include <cotation/error.hpp>

#include <catch2/catch.hpp>

#include <functional>

#include "builders.hpp"

using cotation::applicant;
using cotation::money;
using cotation::request_state;
using namespace cotation::test;

TEST_CASE("a request is valid one year from filing and expiring in the month before") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 3, 15);
  CHECK(cotation::expiry_date(a) == ymd(2025, 3, 15));
  CHECK(cotation::state_at(a, ymd(2024, 3, 15)) == request_state::active);
  CHECK(cotation::state_at(a, ymd(2025, 2, 14)) == request_state::active);
  CHECK(cotation::state_at(a, ymd(2025, 2, 15)) == request_state::expiring);
  CHECK(cotation::state_at(a, ymd(2025, 3, 14)) == request_state::expiring);
  CHECK(cotation::state_at(a, ymd(2025, 3, 15)) == request_state::expired);
  CHECK(cotation::state_at(a, ymd(2026, 1, 1)) == request_state::expired);
}

TEST_CASE("only active and expiring requests are valid") {
  CHECK(cotation::is_valid(request_state::active));
  CHECK(cotation::is_valid(request_state::expiring));
  CHECK_FALSE(cotation::is_valid(request_state::expired));
  CHECK_FALSE(cotation::is_valid(request_state::removed));
}

TEST_CASE("a request filed on 29 February expires on 28 February of the next year") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 2, 29);
  CHECK(cotation::expiry_date(a) == ymd(2025, 2, 28));
  CHECK(cotation::state_at(a, ymd(2025, 1, 28)) == request_state::expiring);
  CHECK(cotation::state_at(a, ymd(2025, 1, 27)) == request_state::active);
  CHECK(cotation::state_at(a, ymd(2025, 2, 28)) == request_state::expired);
}

TEST_CASE("a renewal moves the expiry and keeps the initial filing date") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 3, 15);
  const applicant before = a;
  a.last_renewal = ymd(2025, 3, 1);
  CHECK(a.initial_filing == before.initial_filing);
  CHECK(cotation::expiry_date(a) == ymd(2026, 3, 1));
  CHECK(cotation::state_at(a, ymd(2025, 3, 15)) == request_state::active);
  CHECK(cotation::state_at(a, ymd(2026, 1, 31)) == request_state::active);
  CHECK(cotation::state_at(a, ymd(2026, 2, 1)) == request_state::expiring);
  CHECK(cotation::state_at(a, ymd(2026, 3, 1)) == request_state::expired);
}

TEST_CASE("a removed request is removed from its radiation date, whatever its expiry") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 3, 15);
  a.removed_on = ymd(2024, 10, 1);
  CHECK(cotation::state_at(a, ymd(2024, 9, 30)) == request_state::active);
  CHECK(cotation::state_at(a, ymd(2024, 10, 1)) == request_state::removed);
  CHECK(cotation::state_at(a, ymd(2025, 6, 1)) == request_state::removed);
}

TEST_CASE("the reference income is the N-2 income when N-1 is not 10 % lower") {
  applicant a = sample_applicant();
  a.incomes = {{2023, money::euros(30000)}, {2024, money::euros(28000)}};
  const auto r = cotation::reference_income_for(a, 2025);
  REQUIRE(r);
  CHECK(r->amount == money::euros(30000));
  CHECK(r->year == 2023);
}

TEST_CASE("the N-1 income is used when it is at least 10 % lower: exactly 90 % uses N-1") {
  applicant a = sample_applicant();
  a.incomes = {{2024, money::euros(27000)}, {2023, money::euros(30000)}};
  CHECK(cotation::reference_income_for(a, 2025) ==
        cotation::reference_income{money::euros(27000), 2024});

  a.incomes[0].amount = money::cents(2700001);  // 90 % + 1 cent
  CHECK(cotation::reference_income_for(a, 2025) ==
        cotation::reference_income{money::euros(30000), 2023});

  a.incomes[0].amount = money::euros(12000);  // much lower
  CHECK(cotation::reference_income_for(a, 2025) ==
        cotation::reference_income{money::euros(12000), 2024});

  a.incomes[0].amount = money::euros(45000);  // higher
  CHECK(cotation::reference_income_for(a, 2025) ==
        cotation::reference_income{money::euros(30000), 2023});
}

TEST_CASE("without an N-2 income there is no reference income, even with N-1") {
  applicant a = sample_applicant();
  a.incomes = {{2024, money::euros(10000)}, {2022, money::euros(30000)}};
  CHECK_FALSE(cotation::reference_income_for(a, 2025));
  CHECK(cotation::reference_income_for(a, 2024) ==
        cotation::reference_income{money::euros(30000), 2022});
  a.incomes.clear();
  CHECK_FALSE(cotation::reference_income_for(a, 2025));
}

TEST_CASE("the reference income year follows the offer's year") {
  applicant a = sample_applicant();
  a.incomes = {{2023, money::euros(30000)}, {2024, money::euros(31000)}, {2025, money::euros(1)}};
  CHECK(cotation::reference_income_for(a, 2025)->year == 2023);
  CHECK(cotation::reference_income_for(a, 2026)->year == 2025);  // 1 € is more than 10 % lower
  CHECK(cotation::reference_income_for(a, 2026)->amount == money::euros(1));
}

TEST_CASE("a dossier is complete when every required document and the employer validated it") {
  cotation::dossier d;
  CHECK_FALSE(d.complete());  // nothing required yet: not complete
  d.required = {{cotation::document_kind::identity, true},
                {cotation::document_kind::payslips, false},
                {cotation::document_kind::tax_notice, false}};
  d.employer_validated = true;
  CHECK(d.missing() == 2);
  CHECK_FALSE(d.complete());
  d.required[1].validated = true;
  d.required[2].validated = true;
  CHECK(d.missing() == 0);
  CHECK(d.complete());
  d.employer_validated = false;
  CHECK_FALSE(d.complete());
}

TEST_CASE("a valid applicant passes validation") {
  CHECK_NOTHROW(cotation::validate(sample_applicant()));
}

TEST_CASE("an applicant that breaks an invariant is rejected naming the field path and why") {
  struct bad_case {
    const char* where;
    const char* why;
    std::function<void(applicant&)> breakage;
  };
  const bad_case cases[] = {
      {"incomes[1].amount", "must not be negative (got -1 €)",
       [](applicant& a) { a.incomes[1].amount = money::euros(-1); }},
      {"incomes[1].year", "year 2023 is declared twice",
       [](applicant& a) { a.incomes[1].year = 2023; }},
      // The first fault in list order: 2024 at [2] repeats [0] before 2023 at [3] repeats [1].
      {"incomes[2].year", "year 2024 is declared twice",
       [](applicant& a) {
         a.incomes = {{2024, money::euros(1)}, {2023, money::euros(1)},
                      {2024, money::euros(1)}, {2023, money::euros(1)}};
       }},
      // A negative amount before the repeated year is the fault named.
      {"incomes[1].amount", "must not be negative (got -2 €)",
       [](applicant& a) {
         a.incomes = {{2024, money::euros(1)}, {2022, money::euros(-2)}, {2024, money::euros(1)}};
       }},
      // A repeated year before a negative amount is.
      {"incomes[1].year", "year 2022 is declared twice",
       [](applicant& a) {
         a.incomes = {{2022, money::euros(1)}, {2022, money::euros(1)}, {2024, money::euros(-2)}};
       }},
      {"wishes.typologies[1]", "T7 is not a typology (T1..T6)",
       [](applicant& a) { a.wishes.typologies[1] = 7; }},
      {"wishes.typologies[0]", "T0 is not a typology (T1..T6)",
       [](applicant& a) { a.wishes.typologies[0] = 0; }},
      {"wishes.max_rent", "must not be negative",
       [](applicant& a) { a.wishes.max_rent = money::cents(-1); }},
      {"monthly_resources", "must not be negative (got -0,01 €)",
       [](applicant& a) { a.monthly_resources = money::cents(-1); }},
      {"expected_housing_benefit", "must not be negative",
       [](applicant& a) { a.expected_housing_benefit = money::euros(-5); }},
      {"employment.net_monthly_salary", "must not be negative",
       [](applicant& a) { a.employment.net_monthly_salary = money::euros(-5); }},
      {"employment.gross_monthly_salary", "must not be negative",
       [](applicant& a) { a.employment.gross_monthly_salary = money::euros(-5); }},
      {"employment.headcount", "must not be negative",
       [](applicant& a) { a.employment.headcount = -1; }},
      {"housing.rent_and_charges", "must not be negative",
       [](applicant& a) { a.housing.rent_and_charges = money::euros(-700); }},
      {"housing.housing_benefit", "must not be negative",
       [](applicant& a) { a.housing.housing_benefit = money::euros(-70); }},
      {"mobility.distance_km", "must not be negative",
       [](applicant& a) {
         a.mobility = cotation::mobility{};
         a.mobility->distance_km = -3;
       }},
      {"mobility.travel_minutes", "must not be negative",
       [](applicant& a) {
         a.mobility = cotation::mobility{};
         a.mobility->travel_minutes = -3;
       }},
      {"household.members", "needs exactly one reference person (found 2)",
       [](applicant& a) { a.household.members[1].role = cotation::member_role::reference_person; }},
      {"household.members", "needs exactly one reference person (found 0)",
       [](applicant& a) { a.household.members[0].role = cotation::member_role::partner; }},
      {"household.members[2].birth_date", "is not a date",
       [](applicant& a) { a.household.members[2].birth_date = cotation::date(); }},
      {"initial_filing", "is not a date",
       [](applicant& a) { a.initial_filing = cotation::date(); }},
      {"last_renewal", "2024-08-31 is before the initial filing 2024-09-01",
       [](applicant& a) { a.last_renewal = ymd(2024, 8, 31); }},
      {"removed_on", "2024-08-31 is before the initial filing 2024-09-01",
       [](applicant& a) { a.removed_on = ymd(2024, 8, 31); }},
      // The reference person (household.members[0]) was born on 1985-05-20 (builders.hpp).
      {"employment.job_start",
       "1985-05-19 is before the birth of its holder, the reference person "
       "household.members[0] (born 1985-05-20)",
       [](applicant& a) { a.employment.job_start = ymd(1985, 5, 19); }},
  };
  for (const auto& c : cases) {
    INFO(c.where << ": " << c.why);
    applicant a = sample_applicant();
    c.breakage(a);
    try {
      cotation::validate(a);
      FAIL("no exception");
    } catch (const cotation::invalid_argument& e) {
      CHECK(e.where() == c.where);
      CHECK_THAT(e.reason(), Catch::Contains(c.why));
      CHECK(std::string(e.what()) == fmt::format("{}: {}", e.where(), e.reason()));
    }
  }
}

TEST_CASE("a child born after the initial filing, or expected, is a valid household member") {
  // Requests last for years and are updated (SPEC 1): the household grows, the filing date stays.
  applicant a = sample_applicant();
  a.household.members.push_back(person(ymd(2025, 1, 20), cotation::member_role::dependant));
  CHECK_NOTHROW(cotation::validate(a));
  a.household.members.back().birth_date = ymd(2025, 11, 1);  // l'enfant à naître counts too
  CHECK_NOTHROW(cotation::validate(a));
}

TEST_CASE("renewal and radiation on the filing day itself are valid") {
  applicant a = sample_applicant();
  a.last_renewal = a.initial_filing;
  a.removed_on = a.initial_filing;
  CHECK_NOTHROW(cotation::validate(a));
}

TEST_CASE("request states and the applicant's enumerations print as words") {
  CHECK(fmt::format("{}", request_state::expiring) == "expiring");
  CHECK(fmt::format("{}", request_state::removed) == "removed");
  CHECK(fmt::format("{}", cotation::contract_type::trial_period) == "trial_period");
  CHECK(fmt::format("{}", cotation::peec_status::compensated) == "compensated");
  CHECK(fmt::format("{}", cotation::company_size::eti) == "ETI");
  CHECK(fmt::format("{}", cotation::employer_sector::public_sector) == "public");
  CHECK(fmt::format("{}", cotation::mobility_kind::company_relocation) == "company_relocation");
  CHECK(fmt::format("{}", cotation::housing_status::homeless_or_shelter) == "homeless_or_shelter");
  CHECK(fmt::format("{}", cotation::document_kind::tax_notice) == "tax_notice");
  CHECK(fmt::format("{}", cotation::member_role::partner) == "partner");
  CHECK(fmt::format("{}", cotation::employer_id{"SIREN-111"}) == "SIREN-111");
}

TEST_CASE("a job that starts on its holder's birthday is not refused by validation") {
  applicant a = sample_applicant();
  a.employment.job_start = ymd(1985, 5, 20);  // the reference person's birth date
  CHECK_NOTHROW(cotation::validate(a));
}

TEST_CASE("what cannot be at an evaluation date is refused naming the field path") {
  // sample_applicant: filed 2024-09-01; members born 1985-05-20 (two) and 2015-09-01.
  const cotation::date at = ymd(2025, 3, 8);
  CHECK_NOTHROW(cotation::validate_at(sample_applicant(), at));
  struct bad_case {
    const char* where;
    const char* why;
    std::function<void(applicant&)> breakage;
  };
  const bad_case cases[] = {
      {"initial_filing", "2025-03-09 is after the evaluation date 2025-03-08",
       [](applicant& a) { a.initial_filing = ymd(2025, 3, 9); }},
      {"last_renewal", "2030-01-01 is after the evaluation date 2025-03-08",
       [](applicant& a) { a.last_renewal = ymd(2030, 1, 1); }},
      // 2025-03-08 + 9 months = 2025-12-08: a day later cannot be an expected child.
      {"household.members[3].birth_date",
       "2025-12-09 is more than 9 months after the evaluation date 2025-03-08",
       [](applicant& a) { a.household.members.push_back(person(ymd(2025, 12, 9), cotation::member_role::dependant)); }},
      {"household.members[0].birth_date", "2090-01-01 is more than 9 months",
       [](applicant& a) { a.household.members[0].birth_date = ymd(2090, 1, 1); }},
  };
  for (const auto& c : cases) {
    INFO(c.where << ": " << c.why);
    applicant a = sample_applicant();
    c.breakage(a);
    try {
      cotation::validate_at(a, at);
      FAIL("no exception");
    } catch (const cotation::invalid_argument& e) {
      CHECK(e.where() == c.where);
      CHECK_THAT(e.reason(), Catch::Contains(c.why));
    }
  }
}

TEST_CASE("a request filed on the evaluation date and a child expected within 9 months pass") {
  const cotation::date at = ymd(2025, 3, 8);
  applicant a = sample_applicant();
  a.initial_filing = at;
  a.last_renewal = at;
  a.household.members.push_back(person(ymd(2025, 12, 8), cotation::member_role::dependant));
  CHECK_NOTHROW(cotation::validate_at(a, at));
}
