// SPDX-License-Identifier: MIT
#include <cotation/eligibility.hpp>

#include <catch2/catch.hpp>

#include <vector>

#include "builders.hpp"

using cotation::applicant;
using cotation::check_eligibility;
using cotation::date;
using cotation::eligibility_failure;
using cotation::eligibility_policy;
using cotation::eligibility_result;
using cotation::financing;
using cotation::household;
using cotation::household_category;
using cotation::ineligibility;
using cotation::money;
using cotation::offer;
using namespace cotation::test;
namespace facts = cotation::facts;

namespace {

eligibility_result check(const applicant& a, const offer& o, const eligibility_policy& p = {}) {
  return check_eligibility(a, o, closing(), p);
}

std::vector<ineligibility> reasons(const eligibility_result& r) {
  std::vector<ineligibility> out;
  for (const auto& f : r.failures) out.push_back(f.reason);
  return out;
}

/// The single failure of `r`, which must have exactly that reason (a copy: `r` is often a
/// temporary).
eligibility_failure only_failure(const eligibility_result& r, ineligibility reason) {
  INFO(fmt::format("{}", fmt::join(reasons(r), ", ")));
  REQUIRE(r.failures.size() == 1);
  REQUIRE(r.failures[0].reason == reason);
  CHECK_FALSE(r.eligible());
  CHECK(r.failed(reason));
  return r.failures[0];
}

template <typename F>
F facts_of(const eligibility_failure& f) {
  REQUIRE(std::holds_alternative<F>(f.facts));
  return std::get<F>(f.facts);
}

household_category cat(int c, int extra = 0) { return household_category{c, extra}; }

}  // namespace

TEST_CASE("the sample applicant is eligible to the sample offer") {
  const auto r = check(sample_applicant(), sample_offer());
  CHECK(r.eligible());
  CHECK(r.failures.empty());
  CHECK_FALSE(r.failed(ineligibility::over_income_ceiling));
}

TEST_CASE("an expired request is ineligible, with its state and expiry") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 1, 10);
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::request_not_active);
  const auto& request = facts_of<facts::request>(f);
  CHECK(request.state == cotation::request_state::expired);
  CHECK(request.expiry == ymd(2025, 1, 10));
}

TEST_CASE("an expiring request is still eligible") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 3, 20);
  REQUIRE(cotation::state_at(a, closing()) == cotation::request_state::expiring);
  CHECK(check(a, sample_offer()).eligible());
}

TEST_CASE("a removed request is ineligible") {
  applicant a = sample_applicant();
  a.removed_on = ymd(2025, 3, 1);
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::request_not_active);
  CHECK(facts_of<facts::request>(f).state == cotation::request_state::removed);
}

TEST_CASE("a dossier with a document not validated is incomplete, with the count") {
  applicant a = sample_applicant();
  a.dossier.required.push_back({cotation::document_kind::payslips, false});
  a.dossier.required.push_back({cotation::document_kind::employment_contract, false});
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::dossier_incomplete);
  CHECK(facts_of<facts::dossier>(f).missing_documents == 2);
  CHECK(facts_of<facts::dossier>(f).employer_validated);
}

TEST_CASE("a dossier the employer has not validated is incomplete") {
  applicant a = sample_applicant();
  a.dossier.employer_validated = false;
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::dossier_incomplete);
  CHECK(facts_of<facts::dossier>(f).missing_documents == 0);
  CHECK_FALSE(facts_of<facts::dossier>(f).employer_validated);
}

TEST_CASE("without the N-2 income there is no reference income") {
  applicant a = sample_applicant();
  a.incomes = {{2024, money::euros(30000)}};
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::no_reference_income);
  CHECK(facts_of<facts::income>(f).year == 2023);
}

TEST_CASE("an offer whose ceiling is not published is ineligible with what was looked up") {
  offer o = sample_offer();
  o.financing = financing::pli;
  const auto& f = only_failure(check(sample_applicant(), o), ineligibility::no_ceiling_data);
  CHECK(facts_of<cotation::no_ceiling>(f) ==
        cotation::no_ceiling{financing::pli, 2025, cotation::income_zone::zone_1, cat(3)});
}

TEST_CASE("a PLAI 2025 offer to a five-person household has no published ceiling") {
  applicant a = sample_applicant();
  a.household.members.push_back(child());
  a.household.members.push_back(child());
  a.wishes.typologies.clear();
  offer o = sample_offer();
  o.financing = financing::plai;
  o.rooms = 5;
  o.rent = money::euros(500);
  a.incomes = {{2023, money::euros(20000)}};
  const auto& f = only_failure(check(a, o), ineligibility::no_ceiling_data);
  CHECK(facts_of<cotation::no_ceiling>(f).category == cat(5));
}

TEST_CASE("income above the ceiling is ineligible, with the income, year, ceiling and category") {
  applicant a = sample_applicant();
  a.incomes = {{2023, money::euros(52285)}};
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::over_income_ceiling);
  const auto& c = facts_of<facts::ceiling>(f);
  CHECK(c.income == money::euros(52285));
  CHECK(c.income_year == 2023);
  CHECK(c.ceiling == money::euros(52284));
  CHECK(c.category == cat(3));
}

TEST_CASE("the N-1 income decides when it is at least 10 % lower") {
  applicant a = sample_applicant();
  a.incomes = {{2023, money::euros(60000)}, {2024, money::euros(54000)}};
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::over_income_ceiling);
  CHECK(facts_of<facts::ceiling>(f).income_year == 2024);
  CHECK(facts_of<facts::ceiling>(f).income == money::euros(54000));
  a.incomes[1].amount = money::euros(52284);
  CHECK(check(a, sample_offer()).eligible());
}

TEST_CASE("income equal to the ceiling is eligible, one euro or one cent more is not") {
  struct ceiling_case {
    const char* label;
    financing f;
    const char* commune;
    date publication;
    household members;
    std::int64_t ceiling;
  };
  const ceiling_case cases[] = {
      {"PLUS 2026 zone 3 category 1", financing::plus, "59350", ymd(2026, 2, 1),
       household{{adult()}}, 23403},
      {"PLAI 2025 zone 2 category 4", financing::plai, "92050", ymd(2025, 3, 1),
       household{{adult(), adult(cotation::member_role::partner), child(), child()}}, 31585},
      {"PLAI 2022 zone 1 category 6 + 1", financing::plai, "93066", ymd(2022, 6, 1),
       household{{adult(), child(), child(), child(), child(), child()}}, 41884 + 4666},
      {"PLS 2025 zone 1 category 2", financing::pls, "75112", ymd(2025, 3, 1),
       household{{adult(), adult(cotation::member_role::partner)}}, 51851},
      {"PLUS 2024 zone 1 category 6 + 1", financing::plus, "92012", ymd(2024, 5, 1),
       household{{adult(), adult(cotation::member_role::partner), child(), child(), child(),
                  child(), child()}},
       81562 + 9089},
  };
  for (const auto& c : cases) {
    INFO(c.label);
    offer o = sample_offer();
    o.financing = c.f;
    o.commune = cotation::commune_code::parse(c.commune);
    o.publication_start = c.publication;
    o.rooms = std::min(c.members.persons(), 6);
    applicant a = sample_applicant();
    a.household = c.members;
    a.initial_filing = c.publication - boost::gregorian::days(30);
    a.wishes = {};
    const int n = o.ceiling_year();
    const date at = o.closing_date();
    const auto with_income = [&](money income) {
      a.incomes = {{n - 2, income}};
      return check_eligibility(a, o, at);
    };
    CHECK(with_income(money::euros(c.ceiling)).eligible());
    CHECK(with_income(money::euros(c.ceiling) - money::cents(1)).eligible());
    const auto& euro_more =
        only_failure(with_income(money::euros(c.ceiling + 1)), ineligibility::over_income_ceiling);
    CHECK(facts_of<facts::ceiling>(euro_more).ceiling == money::euros(c.ceiling));
    const auto& cent_more = only_failure(with_income(money::euros(c.ceiling) + money::cents(1)),
                                         ineligibility::over_income_ceiling);
    CHECK(facts_of<facts::ceiling>(cent_more).income == money::cents(c.ceiling * 100 + 1));
  }
}

TEST_CASE("the dwelling must have between persons - 1 and persons + 1 rooms") {
  applicant a = sample_applicant();  // 3 persons
  a.wishes.typologies.clear();
  offer o = sample_offer();
  for (int rooms : {2, 3, 4}) {
    o.rooms = rooms;
    CHECK(check(a, o).eligible());
  }
  o.rooms = 1;
  const auto small = check(a, o);
  const auto& f = only_failure(small, ineligibility::size_mismatch);
  const auto& s = facts_of<facts::size>(f);
  CHECK(s.rooms == 1);
  CHECK(s.persons == 3);
  CHECK(s.min_rooms == 2);
  CHECK(s.max_rooms == 4);
  o.rooms = 5;
  CHECK(facts_of<facts::size>(only_failure(check(a, o), ineligibility::size_mismatch)).rooms == 5);
}

TEST_CASE("a single person may take a T1 or a T2, not a T3") {
  applicant a = sample_applicant();
  a.household = household{{adult()}};
  a.incomes = {{2023, money::euros(20000)}};
  a.wishes.typologies.clear();
  offer o = sample_offer();
  o.rooms = 1;
  CHECK(check(a, o).eligible());
  o.rooms = 2;
  CHECK(check(a, o).eligible());
  o.rooms = 3;
  const auto& s = facts_of<facts::size>(only_failure(check(a, o), ineligibility::size_mismatch));
  CHECK(s.min_rooms == 1);
  CHECK(s.max_rooms == 2);
}

TEST_CASE("a household of eight or more fits a T6, which means six rooms or more") {
  applicant a = sample_applicant();
  for (int i = 0; i < 5; ++i) a.household.members.push_back(child());  // 8 persons
  a.wishes.typologies.clear();
  a.incomes = {{2023, money::euros(50000)}};
  offer o = sample_offer();
  o.rooms = 6;
  CHECK(check(a, o).eligible());
  for (int i = 0; i < 3; ++i) a.household.members.push_back(child());  // 11 persons
  CHECK(check(a, o).eligible());
  o.rooms = 5;
  const auto s = facts_of<facts::size>(only_failure(check(a, o), ineligibility::size_mismatch));
  CHECK(s.persons == 11);
  CHECK(s.min_rooms == 6);
}

TEST_CASE("the size rule counts alternating-custody children") {
  applicant a = sample_applicant();
  a.household = household{{adult(), child(false, true), child(false, true)}};
  a.wishes.typologies.clear();
  offer o = sample_offer();
  o.rooms = 4;
  CHECK(check(a, o).eligible());
  o.rooms = 1;
  CHECK(facts_of<facts::size>(only_failure(check(a, o), ineligibility::size_mismatch)).persons ==
        3);
}

TEST_CASE("the size margins are parameters") {
  applicant a = sample_applicant();
  a.wishes.typologies.clear();
  offer o = sample_offer();
  o.rooms = 5;
  eligibility_policy p;
  p.rooms_above = 2;
  CHECK(check(a, o, p).eligible());
  p.rooms_above = 0;
  o.rooms = 4;
  CHECK(check(a, o, p).failed(ineligibility::size_mismatch));
}

TEST_CASE("an effort ratio of exactly 33 % is eligible, one cent more is not") {
  applicant a = sample_applicant();  // 3 000 € monthly resources: 33 % is 990 €
  offer o = sample_offer();
  o.rent = money::euros(890);
  o.charges = money::euros(100);
  CHECK(check(a, o).eligible());
  o.charges = money::cents(10001);
  const auto& f = only_failure(check(a, o), ineligibility::effort_ratio_too_high);
  const auto& e = facts_of<facts::effort>(f);
  CHECK(e.net_cost == money::cents(99001));
  CHECK(e.resources == money::euros(3000));
  CHECK(e.max.value == 3300);
  REQUIRE(e.ratio);
  CHECK(e.ratio->value > e.max.value);
}

TEST_CASE("the expected housing benefit lowers the effort") {
  applicant a = sample_applicant();
  a.wishes.max_rent.reset();
  a.expected_housing_benefit = money::euros(200);
  offer o = sample_offer();
  o.rent = money::euros(1090);
  o.charges = money::euros(100);
  CHECK(check(a, o).eligible());  // 1 190 - 200 = 990
  a.expected_housing_benefit = money::cents(19999);
  CHECK(facts_of<facts::effort>(only_failure(check(a, o), ineligibility::effort_ratio_too_high))
            .net_cost == money::cents(99001));
  // A benefit larger than the rent leaves nothing to pay.
  a.expected_housing_benefit = money::euros(5000);
  a.monthly_resources = money::euros(1);
  CHECK(check(a, o).eligible());
}

TEST_CASE("a configured maximum effort ratio of 25 % applies at its boundary") {
  applicant a = sample_applicant();  // 25 % of 3 000 € is 750 €
  offer o = sample_offer();
  o.rent = money::euros(650);
  o.charges = money::euros(100);
  eligibility_policy p;
  p.max_effort_ratio = cotation::basis_points{2500};
  CHECK(check(a, o, p).eligible());
  o.rent += money::cents(1);
  const auto& e =
      facts_of<facts::effort>(only_failure(check(a, o, p), ineligibility::effort_ratio_too_high));
  CHECK(e.max.value == 2500);
  CHECK(e.net_cost == money::cents(75001));
  CHECK(check(a, o).eligible());  // fine under the default 33 %
}

TEST_CASE("a household without resources cannot bear any rent") {
  applicant a = sample_applicant();
  a.monthly_resources = money{};
  const auto& e = facts_of<facts::effort>(
      only_failure(check(a, sample_offer()), ineligibility::effort_ratio_too_high));
  CHECK_FALSE(e.ratio);
  CHECK(e.net_cost == money::euros(900));
  CHECK(e.resources == money{});
}

TEST_CASE("the effort check can be turned off") {
  applicant a = sample_applicant();
  a.monthly_resources = money::euros(100);
  eligibility_policy p;
  p.check_effort_ratio = false;
  CHECK(check(a, sample_offer(), p).eligible());
  CHECK_FALSE(check(a, sample_offer()).eligible());
}

TEST_CASE("the wished area matches by commune, by department, or anywhere when empty") {
  applicant a = sample_applicant();
  offer o = sample_offer();
  o.commune = cotation::commune_code::parse("92050");  // Nanterre, zone 2

  a.wishes.communes = {cotation::commune_code::parse("92050")};
  CHECK(check(a, o).eligible());

  a.wishes.communes = {cotation::commune_code::parse("75056")};
  a.wishes.departments = {cotation::department::parse("92")};
  CHECK(check(a, o).eligible());

  a.wishes.communes.clear();
  a.wishes.departments.clear();
  CHECK(check(a, o).eligible());

  a.wishes.communes = {cotation::commune_code::parse("75056"),
                       cotation::commune_code::parse("92012")};
  a.wishes.departments = {cotation::department::parse("93"), cotation::department::parse("94")};
  const auto& f = only_failure(check(a, o), ineligibility::wishes_area);
  CHECK(facts_of<facts::area>(f).commune == cotation::commune_code::parse("92050"));
}

TEST_CASE("a wish for Paris, Lyon or Marseille covers their arrondissements, not the reverse") {
  applicant a = sample_applicant();
  offer o = sample_offer();
  a.wishes.communes = {cotation::commune_code::parse("75056")};
  o.commune = cotation::commune_code::parse("75112");
  CHECK(check(a, o).eligible());
  a.wishes.communes = {cotation::commune_code::parse("75111")};
  CHECK(check(a, o).failed(ineligibility::wishes_area));
  a.wishes.communes = {cotation::commune_code::parse("75112")};
  o.commune = cotation::commune_code::parse("75056");
  CHECK(check(a, o).failed(ineligibility::wishes_area));
  CHECK(cotation::commune_code::parse("69385").municipality() ==
        cotation::commune_code::parse("69123"));
  CHECK(cotation::commune_code::parse("13216").municipality() ==
        cotation::commune_code::parse("13055"));
  CHECK(cotation::commune_code::parse("13217").municipality() ==
        cotation::commune_code::parse("13217"));
  CHECK(cotation::commune_code::parse("2A004").municipality() ==
        cotation::commune_code::parse("2A004"));
}

TEST_CASE("the typology must be wished, any typology when the list is empty") {
  applicant a = sample_applicant();
  a.wishes.typologies = {2, 4};
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::wishes_typology);
  CHECK(facts_of<facts::typology>(f).rooms == 3);
  a.wishes.typologies = {3};
  CHECK(check(a, sample_offer()).eligible());
  a.wishes.typologies.clear();
  CHECK(check(a, sample_offer()).eligible());
}

TEST_CASE("rent and charges must fit the budget, and equal is fine") {
  applicant a = sample_applicant();
  a.wishes.max_rent = money::euros(900);
  CHECK(check(a, sample_offer()).eligible());
  a.wishes.max_rent = money::cents(89999);
  const auto& f = only_failure(check(a, sample_offer()), ineligibility::wishes_budget);
  CHECK(facts_of<facts::budget>(f).total_rent == money::euros(900));
  CHECK(facts_of<facts::budget>(f).max_rent == money::cents(89999));
  a.wishes.max_rent.reset();
  CHECK(check(a, sample_offer()).eligible());
}

TEST_CASE("the wishes check can be turned off") {
  applicant a = sample_applicant();
  a.wishes.typologies = {1};
  a.wishes.max_rent = money::euros(1);
  a.wishes.communes = {cotation::commune_code::parse("59350")};
  eligibility_policy p;
  p.check_wishes = false;
  CHECK(check(a, sample_offer(), p).eligible());
  CHECK(reasons(check(a, sample_offer())) ==
        std::vector<ineligibility>{ineligibility::wishes_area, ineligibility::wishes_typology,
                                   ineligibility::wishes_budget});
}

TEST_CASE("an offer reserved for the applicant's employer is fine, for another one it is not") {
  offer o = sample_offer();
  o.reserved_for = cotation::employer_id{"SIREN-111"};
  CHECK(check(sample_applicant(), o).eligible());
  o.reserved_for = cotation::employer_id{"SIREN-222"};
  const auto& f =
      only_failure(check(sample_applicant(), o), ineligibility::reserved_for_other_employer);
  CHECK(facts_of<facts::reservation>(f).reserved_for.value == "SIREN-222");
  CHECK(facts_of<facts::reservation>(f).employer.value == "SIREN-111");
}

TEST_CASE("every failed condition is reported, in check order") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2023, 1, 1);         // expired
  a.dossier.required[0].validated = false;    // incomplete
  a.incomes = {{2023, money::euros(90000)}};  // over the ceiling
  a.household.members.push_back(child());     // 4 persons
  a.monthly_resources = money::euros(1000);   // 90 % effort
  a.wishes.typologies = {5};                  // T3 not wished
  offer o = sample_offer();
  o.rooms = 2;  // too small for 4
  o.reserved_for = cotation::employer_id{"OTHER"};
  const auto r = check(a, o);
  CHECK(reasons(r) == std::vector<ineligibility>{
                          ineligibility::request_not_active, ineligibility::dossier_incomplete,
                          ineligibility::over_income_ceiling, ineligibility::size_mismatch,
                          ineligibility::effort_ratio_too_high, ineligibility::wishes_typology,
                          ineligibility::reserved_for_other_employer});
  CHECK(facts_of<facts::ceiling>(r.failures[2]).category == cat(4));
}

TEST_CASE("the household category is taken at the evaluation date") {
  // A young couple (27 + 28) is category 3 until the younger partner's birthday.
  applicant a = sample_applicant();
  a.household =
      household{{person(ymd(1997, 1, 1)), person(ymd(1997, 3, 8), cotation::member_role::partner)}};
  a.wishes.typologies.clear();
  a.incomes = {{2023, money::euros(45000)}};  // above c2 (39 885), below c3 (52 284)
  offer o = sample_offer();
  o.rooms = 2;
  CHECK(check_eligibility(a, o, ymd(2025, 3, 7)).eligible());
  const auto r = check_eligibility(a, o, ymd(2025, 3, 8));
  CHECK(facts_of<facts::ceiling>(only_failure(r, ineligibility::over_income_ceiling)).category ==
        cat(2));
}

TEST_CASE("a caller's ceiling table replaces the embedded one") {
  cotation::ceiling_table t;
  cotation::ceiling_row row;
  row.by_category[2] = money::euros(30000);
  t.set(financing::plus, 2025, cotation::income_zone::zone_1, row);
  const auto r = check_eligibility(sample_applicant(), sample_offer(), closing(), {}, t);
  CHECK(facts_of<facts::ceiling>(only_failure(r, ineligibility::over_income_ceiling)).ceiling ==
        money::euros(30000));
}

TEST_CASE("reason codes print as identifiers") {
  const char* names[] = {
      "request_not_active",  "dossier_incomplete", "no_reference_income",        "no_ceiling_data",
      "over_income_ceiling", "size_mismatch",      "effort_ratio_too_high",      "wishes_area",
      "wishes_typology",     "wishes_budget",      "reserved_for_other_employer"};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    CHECK(fmt::format("{}", static_cast<ineligibility>(i)) == names[i]);
  }
}

TEST_CASE("each failure reads as a sentence with its deciding numbers") {
  applicant a = sample_applicant();
  a.incomes = {{2023, money::euros(52285)}};
  CHECK(fmt::format("{}", check(a, sample_offer()).failures.at(0)) ==
        "over_income_ceiling: reference income 52 285 € (2023) is above the ceiling 52 284 € "
        "(category 3)");

  a = sample_applicant();
  a.wishes.max_rent = money::cents(89950);
  CHECK(fmt::format("{}", check(a, sample_offer()).failures.at(0)) ==
        "wishes_budget: rent and charges 900 € exceed the budget 899,50 €");

  a = sample_applicant();
  a.incomes = {{2024, money::euros(1)}};
  CHECK(fmt::format("{}", check(a, sample_offer()).failures.at(0)) ==
        "no_reference_income: no reference income declared for 2023");

  offer o = sample_offer();
  o.rooms = 6;
  CHECK(fmt::format("{}", check(sample_applicant(), o).failures.at(0)) ==
        "size_mismatch: 6 room(s) for 3 person(s): between 2 and 4 rooms required");

  o = sample_offer();
  o.commune = cotation::commune_code::parse("93066");
  CHECK(fmt::format("{}", check(sample_applicant(), o).failures.at(0)) ==
        "wishes_area: commune 93066 (department 093) is not among the wished areas");

  o = sample_offer();
  o.financing = financing::pli;
  CHECK(fmt::format("{}", check(sample_applicant(), o).failures.at(0)) ==
        "no_ceiling_data: no PLI ceiling for 2025, zone 1, category 3");

  o = sample_offer();
  o.reserved_for = cotation::employer_id{"SIREN-9"};
  CHECK(fmt::format("{}", check(sample_applicant(), o).failures.at(0)) ==
        "reserved_for_other_employer: the offer is reserved for employer SIREN-9 (applicant's "
        "employer: SIREN-111)");

  a = sample_applicant();
  a.dossier.required.push_back({cotation::document_kind::payslips, false});
  a.dossier.employer_validated = false;
  CHECK(fmt::format("{}", check(a, sample_offer()).failures.at(0)) ==
        "dossier_incomplete: the dossier is incomplete: 1 document(s) missing or not validated, "
        "not validated by the employer");
}

TEST_CASE("an effort failure never reads as a ratio equal to the maximum") {
  applicant a = sample_applicant();
  offer o = sample_offer();
  o.charges = money::cents(10001);  // 990,01 € of 3 000 €: 33.0003 %
  o.rent = money::euros(890);
  CHECK(fmt::format("{}", only_failure(check(a, o), ineligibility::effort_ratio_too_high)) ==
        "effort_ratio_too_high: effort ratio 33,01 % (990,01 € of 3 000 € monthly resources) is "
        "above the maximum 33 %");
}

TEST_CASE("an inactive request says when it expired or that it was removed") {
  applicant a = sample_applicant();
  a.initial_filing = ymd(2024, 1, 10);
  CHECK(fmt::format("{}", check(a, sample_offer()).failures.at(0)) ==
        "request_not_active: the request expired on 2025-01-10 (not renewed)");
  a = sample_applicant();
  a.removed_on = ymd(2025, 1, 2);
  CHECK(fmt::format("{}", check(a, sample_offer()).failures.at(0)) ==
        "request_not_active: the request is removed");
}
