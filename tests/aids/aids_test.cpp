// SPDX-License-Identifier: MIT
#include <cotation/aids.hpp>

#include <numeric>
#include <stdexcept>

#include <catch2/catch.hpp>

using namespace cotation;

namespace {

date d(int y, int m, int day) {
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}

money eur(std::int64_t e) { return money::euros(e); }
money cents(std::int64_t c) { return money::cents(c); }

const date today = d(2025, 3, 10);

/// An employee of a private non-agricultural company (50 staff, contributing to the PEEC) on a
/// confirmed CDI since 2015, 2 500 € net, 3 000 € of monthly household resources.
applicant person(date birth) {
  // Every field spelt out: an applicant has no default request number.
  return applicant{.number = request_number::parse("0590423808575GDPUB"),
                   .initial_filing = d(2023, 1, 1),
                   .last_renewal = {},
                   .removed_on = {},
                   .household = {{member{birth, member_role::reference_person}}},
                   .incomes = {},
                   .monthly_resources = eur(3000),
                   .expected_housing_benefit = {},
                   .employment = {.contract = contract_type::cdi,
                                  .job_start = d(2015, 1, 1),
                                  .net_monthly_salary = eur(2500),
                                  .gross_monthly_salary = eur(3200),
                                  .employer = employer_id{"552100554"},
                                  .peec = peec_status::contributing,
                                  .size = company_size::pme,
                                  .sector = employer_sector::private_non_agricultural,
                                  .headcount = 50},
                   .mobility = {},
                   .housing = {},
                   .situation = {},
                   .history = {},
                   .dossier = {},
                   .wishes = {}};
}

/// Aged exactly `years` on `at` (born that many years before, to the day).
applicant aged(int years, date at = today) {
  return person(d(at.year() - years, at.month(), at.day()));
}

/// A 700 € dwelling outside Île-de-France, zone B1, 700 € deposit, moving in on the request date.
aid_request request(date at = today) {
  aid_request r;
  r.request_date = at;
  r.dwelling.rent_and_charges = eur(700);
  r.dwelling.location = dwelling_area::elsewhere;
  r.dwelling.abc_zone = abc_zone::b1;
  r.dwelling.deposit = eur(700);
  r.dwelling.move_in = at;
  return r;
}

/// The grant (a copy); fails the test when the aid is refused.
template <typename Grant>
Grant granted(const aid_result<Grant>& r) {
  if (const Grant* g = r.grant()) return *g;
  FAIL("not eligible: " << fmt::format("{}", r));
  throw std::logic_error("unreachable");
}

template <typename Facts, typename Result>
const Facts& facts_of(const Result& r, aid_reason reason) {
  for (const aid_failure& f : r.failures()) {
    if (f.reason == reason) return std::get<Facts>(f.facts);
  }
  FAIL("no failure " << to_string(reason) << " in: " << fmt::format("{}", r));
  throw std::logic_error("unreachable");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Visale

TEST_CASE("Visale: anyone aged 18 to 30 inclusive is eligible, and 36 months are covered") {
  const auto r = compute_visale(aged(30), request());
  REQUIRE(r.eligible());
  CHECK(granted(r).basis == visale_basis::age);
  CHECK(granted(r).covered_months == 36);
  CHECK(granted(r).rent == eur(700));
  CHECK(granted(r).rent_cap == eur(1300));
  // The day before the 31st birthday is still 30.
  CHECK(compute_visale(person(d(1994, 3, 11)), request()).eligible());
  CHECK(compute_visale(aged(18), request()).eligible());
}

TEST_CASE("Visale: under 18 is refused with the age") {
  const auto r = compute_visale(person(d(2007, 3, 11)), request());
  const auto& f = facts_of<aid_facts::age_bound>(r, aid_reason::below_minimum_age);
  CHECK(f.age == 17);
  CHECK(f.limit == 18);
}

TEST_CASE("Visale: over 30, a confirmed CDI above 1 500 € without mobility is refused") {
  const auto r = compute_visale(aged(31), request());
  REQUIRE(r.failures().size() == 1);
  const auto& f = facts_of<aid_facts::employee_cases>(r, aid_reason::over_age_no_employee_case);
  CHECK(f.age == 31);
  CHECK(f.max_age == 30);
  CHECK(f.net_salary == eur(2500));
  CHECK(f.max_net_salary == eur(1500));
  CHECK(describe(r.failures()[0]) ==
        "over_age_no_employee_case: aged 31, over 30, and no employee case applies: a confirmed "
        "CDI is not a new job; net salary 2 500 € above 1 500 €; no transfer; no job promise");
}

TEST_CASE("Visale: over 30, a net salary of at most 1 500 € qualifies") {
  applicant a = aged(45);
  a.employment.net_monthly_salary = eur(1500);
  const auto r = compute_visale(a, request());
  REQUIRE(r.eligible());
  CHECK(granted(r).basis == visale_basis::low_salary);
  a.employment.net_monthly_salary = cents(150001);
  CHECK(compute_visale(a, request()).failed(aid_reason::over_age_no_employee_case));
}

TEST_CASE("Visale: over 30, a job taken at most 6 months ago qualifies, but not a confirmed CDI") {
  applicant a = aged(45);
  a.employment.job_start = d(2024, 9, 10);  // exactly 6 months before
  for (const auto c : {contract_type::cdd, contract_type::interim, contract_type::trial_period,
                       contract_type::apprenticeship, contract_type::professionalisation}) {
    a.employment.contract = c;
    const auto r = compute_visale(a, request());
    INFO(to_string(c));
    REQUIRE(r.eligible());
    CHECK(granted(r).basis == visale_basis::new_job);
  }
  a.employment.contract = contract_type::cdd;
  a.employment.job_start = d(2024, 9, 9);  // 6 months and a day
  CHECK(compute_visale(a, request()).failed(aid_reason::over_age_no_employee_case));
  a.employment.job_start = d(2024, 12, 1);
  a.employment.contract = contract_type::cdi;
  CHECK(compute_visale(a, request()).failed(aid_reason::over_age_no_employee_case));
  a.employment.contract = contract_type::cdd;
  a.employment.job_start = d(2025, 3, 11);  // not started yet: a promise, not a new job
  CHECK(compute_visale(a, request()).failed(aid_reason::over_age_no_employee_case));
}

TEST_CASE("Visale: over 30, a transfer at most 6 months ago qualifies") {
  applicant a = aged(45);
  a.mobility = mobility{mobility_kind::transfer, d(2024, 9, 10), 400, 240};
  const auto r = compute_visale(a, request());
  REQUIRE(r.eligible());
  CHECK(granted(r).basis == visale_basis::transfer);
  a.mobility->event_date = d(2024, 9, 9);
  const auto late = compute_visale(a, request());
  CHECK(facts_of<aid_facts::employee_cases>(late, aid_reason::over_age_no_employee_case).transfer ==
        d(2024, 9, 9));
  a.mobility = mobility{mobility_kind::new_job, d(2024, 12, 1), 400, 240};  // not a transfer
  CHECK(compute_visale(a, request()).failed(aid_reason::over_age_no_employee_case));
}

TEST_CASE("Visale: over 30, a job promise starting within 3 months qualifies") {
  const applicant a = aged(45);
  aid_request r = request();
  r.job_promise_start = d(2025, 6, 10);
  REQUIRE(compute_visale(a, r).eligible());
  CHECK(granted(compute_visale(a, r)).basis == visale_basis::job_promise);
  r.job_promise_start = today;
  CHECK(compute_visale(a, r).eligible());
  r.job_promise_start = d(2025, 6, 11);
  CHECK(compute_visale(a, r).failed(aid_reason::over_age_no_employee_case));
  r.job_promise_start = d(2025, 3, 9);
  CHECK(compute_visale(a, r).failed(aid_reason::over_age_no_employee_case));
}

TEST_CASE("Visale: over 30, public employees are refused, agricultural ones are not") {
  applicant a = aged(45);
  a.employment.net_monthly_salary = eur(1400);
  a.employment.sector = employer_sector::public_sector;
  const auto r = compute_visale(a, request());
  const auto& f = facts_of<aid_facts::age_and_sector>(r, aid_reason::over_age_public_sector);
  CHECK(f.sector == employer_sector::public_sector);
  a.employment.sector = employer_sector::agricultural;
  CHECK(compute_visale(a, request()).eligible());
  // Under 30 the sector does not matter.
  applicant young = aged(25);
  young.employment.sector = employer_sector::public_sector;
  CHECK(compute_visale(young, request()).eligible());
}

TEST_CASE("Visale: the rent caps hold exactly and fail by one cent") {
  struct cap_case {
    bool student;
    bool ile_de_france;
    std::int64_t cap_euros;
  };
  const applicant a = aged(25);
  for (const cap_case c : {cap_case{false, true, 1500}, cap_case{false, false, 1300},
                           cap_case{true, true, 800}, cap_case{true, false, 600}}) {
    INFO("student " << c.student << ", Île-de-France " << c.ile_de_france);
    aid_request r = request();
    r.student = c.student;
    r.dwelling.location = c.ile_de_france ? dwelling_area::ile_de_france : dwelling_area::elsewhere;
    r.dwelling.rent_and_charges = eur(c.cap_euros);
    const auto ok = compute_visale(a, r);
    REQUIRE(ok.eligible());
    CHECK(granted(ok).rent_cap == eur(c.cap_euros));
    r.dwelling.rent_and_charges = eur(c.cap_euros) + cents(1);
    const auto ko = compute_visale(a, r);
    const auto& f = facts_of<aid_facts::rent_cap>(ko, aid_reason::rent_above_cap);
    CHECK(f.cap == eur(c.cap_euros));
    CHECK(f.rent == eur(c.cap_euros) + cents(1));
    CHECK(f.student == c.student);
  }
}

TEST_CASE("Visale: the area is derived from the dwelling's commune") {
  aid_request r = request();
  r.dwelling.rent_and_charges = eur(1400);
  r.dwelling.location = commune_code::parse("92012");  // Boulogne-Billancourt
  CHECK(area_of(r.dwelling) == dwelling_area::ile_de_france);
  CHECK(compute_visale(aged(25), r).eligible());
  r.dwelling.location = commune_code::parse("77288");  // Meaux, Île-de-France too
  CHECK(compute_visale(aged(25), r).eligible());
  r.dwelling.location = commune_code::parse("59350");  // Lille
  CHECK(area_of(r.dwelling) == dwelling_area::elsewhere);
  const auto ko = compute_visale(aged(25), r);
  CHECK(describe(ko.failures()[0]) ==
        "rent_above_cap: rent and charges 1 400 € above the cap 1 300 € outside Île-de-France");
}

TEST_CASE("Visale: rent at most 50 % of the resources, exactly") {
  applicant a = aged(25);
  aid_request r = request();
  r.dwelling.rent_and_charges = eur(1300);
  a.monthly_resources = eur(2600);
  CHECK(compute_visale(a, r).eligible());
  a.monthly_resources = cents(259999);
  const auto ko = compute_visale(a, r);
  const auto& f = facts_of<aid_facts::rent_share>(ko, aid_reason::rent_above_resources_share);
  CHECK(f.share == basis_points{5001});  // rounded up: never reads as the 50 % maximum
  CHECK(f.max == basis_points{5000});
  CHECK(describe(ko.failures()[0]) ==
        "rent_above_resources_share: rent and charges 1 300 € are 50,01 % of the monthly "
        "resources 2 599,99 €, above 50 %");
  a.monthly_resources = money{};
  const auto none = compute_visale(a, r);
  CHECK_FALSE(facts_of<aid_facts::rent_share>(none, aid_reason::rent_above_resources_share)
                  .share.has_value());
}

TEST_CASE("Visale: every failed condition is reported") {
  applicant a = aged(40);
  a.monthly_resources = eur(1000);
  aid_request r = request();
  r.dwelling.rent_and_charges = eur(1350);
  const auto ko = compute_visale(a, r);
  REQUIRE(ko.failures().size() == 3);
  CHECK(ko.failures()[0].reason == aid_reason::over_age_no_employee_case);
  CHECK(ko.failures()[1].reason == aid_reason::rent_above_cap);
  CHECK(ko.failures()[2].reason == aid_reason::rent_above_resources_share);
}

// ---------------------------------------------------------------------------------------------
// Loca-Pass

TEST_CASE("Loca-Pass: a private employee of any age gets the deposit, up to 1 200 €") {
  aid_request r = request();
  const auto ok = compute_loca_pass(aged(55), r);
  REQUIRE(ok.eligible());
  CHECK(granted(ok).basis == loca_pass_basis::private_employee);
  CHECK(granted(ok).amount == eur(700));
  r.dwelling.deposit = eur(1200);
  CHECK(granted(compute_loca_pass(aged(55), r)).amount == eur(1200));
  r.dwelling.deposit = eur(1200) + cents(1);
  CHECK(granted(compute_loca_pass(aged(55), r)).amount == eur(1200));
  r.dwelling.deposit = eur(2400);
  CHECK(granted(compute_loca_pass(aged(55), r)).amount == eur(1200));
}

TEST_CASE("Loca-Pass: outside a private non-agricultural company, only under-30s qualify") {
  for (const auto sector : {employer_sector::public_sector, employer_sector::agricultural}) {
    INFO(to_string(sector));
    applicant a = person(d(1995, 3, 11));  // 29, the day before turning 30
    a.employment.sector = sector;
    const auto young = compute_loca_pass(a, request());
    REQUIRE(young.eligible());
    CHECK(granted(young).basis == loca_pass_basis::young_person);
    a = aged(30);
    a.employment.sector = sector;
    const auto ko = compute_loca_pass(a, request());
    const auto& f =
        facts_of<aid_facts::age_and_sector>(ko, aid_reason::over_age_not_private_employee);
    CHECK(f.age == 30);
    CHECK(f.limit == 30);
    CHECK(f.sector == sector);
  }
}

TEST_CASE("Loca-Pass: asked at most 2 months after moving in") {
  aid_request r = request();
  r.dwelling.move_in = d(2025, 1, 10);
  CHECK(compute_loca_pass(aged(40), r).eligible());
  r.dwelling.move_in = d(2025, 1, 9);
  const auto ko = compute_loca_pass(aged(40), r);
  const auto& f = facts_of<aid_facts::deadline>(ko, aid_reason::application_too_late);
  CHECK(f.event == d(2025, 1, 9));
  CHECK(f.last_day == d(2025, 3, 9));
  CHECK(f.request == today);
  CHECK(describe(ko.failures()[0]) ==
        "application_too_late: asked on 2025-03-10, after the deadline 2025-03-09 (2 months "
        "after 2025-01-09)");
  r.dwelling.move_in = d(2025, 6, 1);  // asking before moving in is fine
  CHECK(compute_loca_pass(aged(40), r).eligible());
}

TEST_CASE("Loca-Pass: no deposit, nothing to advance") {
  aid_request r = request();
  r.dwelling.deposit = money{};
  CHECK(compute_loca_pass(aged(40), r).failed(aid_reason::no_deposit));
}

TEST_CASE("Loca-Pass: the first instalment falls three calendar months after the advance") {
  aid_request r = request();  // request and move-in on 2025-03-10
  r.dwelling.deposit = eur(1200);
  const auto s = granted(compute_loca_pass(aged(40), r)).repayment;
  CHECK(s.advance == today);
  CHECK(s.first_month == d(2025, 6, 1));
  CHECK(s.count == 25);
  CHECK(s.regular == eur(48));
  CHECK(s.last == eur(48));
  CHECK(s.last_month() == d(2027, 6, 1));
  // Asked after moving in: the advance is paid on the request.
  r.dwelling.move_in = d(2025, 2, 28);
  CHECK(granted(compute_loca_pass(aged(40), r)).repayment.first_month == d(2025, 6, 1));
  // Asked before moving in: the advance is paid on the move-in date.
  r.dwelling.move_in = d(2025, 4, 30);
  const auto later = granted(compute_loca_pass(aged(40), r)).repayment;
  CHECK(later.advance == d(2025, 4, 30));
  CHECK(later.first_month == d(2025, 7, 1));
}

TEST_CASE("Loca-Pass: instalments of at least 20 €, at most 25, summing exactly") {
  const auto schedule = [](money deposit) {
    aid_request r = request();
    r.dwelling.deposit = deposit;
    return granted(compute_loca_pass(aged(40), r)).repayment;
  };
  SECTION("700 € over 25 months") {
    const auto s = schedule(eur(700));
    CHECK(s.count == 25);
    CHECK(s.regular == eur(28));
    CHECK(s.last == eur(28));
  }
  SECTION("300 €: the 20 € minimum makes it 15 months") {
    const auto s = schedule(eur(300));
    CHECK(s.count == 15);
    CHECK(s.regular == eur(20));
    CHECK(s.last == eur(20));
  }
  SECTION("310 €: a 10 € remainder joins the last instalment") {
    const auto s = schedule(eur(310));
    CHECK(s.count == 15);
    CHECK(s.regular == eur(20));
    CHECK(s.last == eur(30));
  }
  SECTION("1 000,01 €: 24 × 40,01 € then 39,77 €") {
    const auto s = schedule(cents(100001));
    CHECK(s.count == 25);
    CHECK(s.regular == cents(4001));
    CHECK(s.last == cents(3977));
  }
  SECTION("500,01 €: a last instalment under 20 € is merged") {
    const auto s = schedule(cents(50001));
    CHECK(s.count == 24);
    CHECK(s.regular == cents(2001));
    CHECK(s.last == cents(3978));
  }
  SECTION("20 € or less is repaid at once") {
    CHECK(schedule(eur(20)).count == 1);
    const auto s = schedule(eur(15));
    CHECK(s.count == 1);
    CHECK(s.last == eur(15));
    CHECK(schedule(cents(2001)).count == 1);
    CHECK(schedule(cents(2001)).last == cents(2001));
  }
  SECTION("every amount up to 1 200 €") {
    for (std::int64_t c = 1; c <= 120000; c += 37) {
      const auto s = schedule(cents(c));
      INFO(c << " cents");
      REQUIRE(s.total() == cents(c));
      REQUIRE(s.count >= 1);
      REQUIRE(s.count <= 25);
      if (s.count > 1) {
        REQUIRE(s.regular >= eur(20));
        REQUIRE(s.last >= eur(20));
      }
      const auto list = s.instalments();
      REQUIRE(list.size() == static_cast<std::size_t>(s.count));
      const money sum = std::accumulate(list.begin(), list.end(), money{},
                                        [](money m, const instalment& i) { return m + i.amount; });
      REQUIRE(sum == cents(c));
      REQUIRE(list.back().month == s.last_month());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mobili-Jeune

namespace {
/// 25 years old, apprentice earning 1 000 € gross.
applicant apprentice(int years = 25) {
  applicant a = aged(years);
  a.employment.contract = contract_type::apprenticeship;
  a.employment.job_start = d(2024, 9, 1);
  a.employment.gross_monthly_salary = eur(1000);
  a.employment.net_monthly_salary = eur(790);
  return a;
}

aid_request rent_and_benefit(money rent, money benefit, date at = today) {
  aid_request r = request(at);
  r.dwelling.rent_and_charges = rent;
  r.dwelling.housing_benefit = benefit;
  return r;
}
}  // namespace

TEST_CASE("Mobili-Jeune: the SPEC's worked example, rent 350 €") {
  const auto high = compute_mobili_jeune(apprentice(), rent_and_benefit(eur(350), eur(220)));
  REQUIRE(high.eligible());
  CHECK(granted(high).net_rent == eur(130));
  CHECK(granted(high).monthly == eur(100));
  CHECK(granted(high).months == 12);
  CHECK(granted(high).total() == eur(1200));
  const auto low = compute_mobili_jeune(apprentice(), rent_and_benefit(eur(350), eur(280)));
  REQUIRE(low.eligible());
  CHECK(granted(low).monthly == eur(70));
  CHECK(fmt::format("{}", low) ==
        "Mobili-Jeune: eligible: 70 € a month for 12 months (840 €): rent and charges less "
        "housing benefit 70 €, within [10 €, 100 €]");
}

TEST_CASE("Mobili-Jeune: the monthly aid is clamped between 10 € and 100 €") {
  const auto monthly = [](money net) {
    return granted(compute_mobili_jeune(apprentice(), rent_and_benefit(eur(400), eur(400) - net)))
        .monthly;
  };
  CHECK(monthly(cents(1)) == eur(10));
  CHECK(monthly(cents(999)) == eur(10));
  CHECK(monthly(eur(10)) == eur(10));
  CHECK(monthly(cents(1001)) == cents(1001));
  CHECK(monthly(eur(100)) == eur(100));
  CHECK(monthly(cents(10001)) == eur(100));
}

TEST_CASE("Mobili-Jeune: up to 300 € in the agricultural sector") {
  applicant a = apprentice();
  a.employment.sector = employer_sector::agricultural;
  a.employment.peec = peec_status::none;  // agricultural employers pay the PEAEC instead
  const auto monthly = [&](money net) {
    return granted(compute_mobili_jeune(a, rent_and_benefit(eur(500), eur(500) - net))).monthly;
  };
  CHECK(monthly(eur(250)) == eur(250));
  CHECK(monthly(eur(300)) == eur(300));
  CHECK(monthly(cents(30001)) == eur(300));
  CHECK(monthly(eur(5)) == eur(10));
}

TEST_CASE("Mobili-Jeune: nothing to cover when the benefit pays the whole rent") {
  const auto r = compute_mobili_jeune(apprentice(), rent_and_benefit(eur(350), eur(350)));
  const auto& f = facts_of<aid_facts::net_rent>(r, aid_reason::nothing_to_cover);
  CHECK(f.rent == eur(350));
  CHECK(f.housing_benefit == eur(350));
}

TEST_CASE("Mobili-Jeune: under 30, in work-study, with a PEEC employer") {
  const aid_request r = rent_and_benefit(eur(350), eur(220));
  CHECK(
      compute_mobili_jeune(person(d(1995, 3, 11)), r).failed(aid_reason::contract_not_work_study));
  applicant a = apprentice(29);
  CHECK(compute_mobili_jeune(a, r).eligible());
  a = apprentice(30);
  CHECK(facts_of<aid_facts::age_bound>(compute_mobili_jeune(a, r), aid_reason::age_limit_reached)
            .age == 30);
  a = apprentice();
  a.employment.contract = contract_type::professionalisation;
  CHECK(compute_mobili_jeune(a, r).eligible());
  a.employment.contract = contract_type::cdd;
  CHECK(
      facts_of<aid_facts::contract>(compute_mobili_jeune(a, r), aid_reason::contract_not_work_study)
          .type == contract_type::cdd);
  a = apprentice();
  a.employment.peec = peec_status::compensated;
  CHECK(compute_mobili_jeune(a, r).eligible());
  a.employment.peec = peec_status::none;
  CHECK(compute_mobili_jeune(a, r).failed(aid_reason::employer_not_eligible));
  a.employment.peec = peec_status::contributing;
  a.employment.sector = employer_sector::public_sector;
  CHECK(compute_mobili_jeune(a, r).failed(aid_reason::employer_not_eligible));
}

TEST_CASE("Mobili-Jeune: the salary condition applies from 15 February 2024") {
  applicant a = apprentice();
  a.employment.gross_monthly_salary = eur(2000);
  CHECK(compute_mobili_jeune(a, rent_and_benefit(eur(350), eur(220), d(2024, 2, 14))).eligible());
  const auto ko = compute_mobili_jeune(a, rent_and_benefit(eur(350), eur(220), d(2024, 2, 15)));
  const auto& f = facts_of<aid_facts::salary>(ko, aid_reason::salary_above_smic_share);
  CHECK(f.smic == cents(176692));
  CHECK(f.max_share == basis_points{8000});
  CHECK(f.limit == cents(141353));  // 1 413,536 € rounded down
  CHECK(describe(ko.failures()[0]) ==
        "salary_above_smic_share: gross monthly salary 2 000 € above 80 % of the SMIC 1 766,92 € "
        "(1 413,53 €)");
}

TEST_CASE("Mobili-Jeune: 80 % of the SMIC in force, exactly") {
  applicant a = apprentice();
  const aid_request feb = rent_and_benefit(eur(350), eur(220), d(2024, 2, 15));
  a.employment.gross_monthly_salary = cents(141353);
  CHECK(compute_mobili_jeune(a, feb).eligible());
  a.employment.gross_monthly_salary = cents(141354);
  CHECK(compute_mobili_jeune(a, feb).failed(aid_reason::salary_above_smic_share));
  // 2025: SMIC 1 801,80 €, 80 % is 1 441,44 €.
  const aid_request now = rent_and_benefit(eur(350), eur(220));
  a.employment.gross_monthly_salary = cents(144144);
  CHECK(compute_mobili_jeune(a, now).eligible());
  a.employment.gross_monthly_salary = cents(144145);
  CHECK(compute_mobili_jeune(a, now).failed(aid_reason::salary_above_smic_share));
}

TEST_CASE("Mobili-Jeune: a missing SMIC is reported, not guessed") {
  aid_parameters p = aid_parameters::embedded();
  p.smic_gross_monthly.clear();
  const auto r = compute_mobili_jeune(apprentice(), rent_and_benefit(eur(350), eur(220)), p);
  REQUIRE(r.failures().size() == 1);
  CHECK(facts_of<aid_facts::parameter>(r, aid_reason::parameter_missing).name ==
        "smic.gross_monthly");
  // Before the salary condition, the SMIC is not needed.
  CHECK(compute_mobili_jeune(apprentice(), rent_and_benefit(eur(350), eur(220), d(2024, 2, 14)), p)
            .eligible());
}

// ---------------------------------------------------------------------------------------------
// Mobili-Pass

namespace {
const date before_suspension = d(2023, 6, 30);

/// Hired on 2023-03-01 100 km away, in a 50-staff private company; the new home in zone A.
applicant mover() {
  applicant a = aged(35, before_suspension);
  a.mobility = mobility{mobility_kind::new_job, d(2023, 3, 1), 100, 60};
  return a;
}

aid_request move_request(date at = before_suspension) {
  aid_request r = request(at);
  r.dwelling.abc_zone = abc_zone::a;
  return r;
}
}  // namespace

TEST_CASE("Mobili-Pass: up to 2 200 € in zones A bis, A, B1 and 1 900 € elsewhere") {
  struct zone_cap {
    abc_zone zone;
    std::int64_t cap;
  };
  for (const zone_cap z :
       {zone_cap{abc_zone::a_bis, 2200}, zone_cap{abc_zone::a, 2200}, zone_cap{abc_zone::b1, 2200},
        zone_cap{abc_zone::b2, 1900}, zone_cap{abc_zone::c, 1900}}) {
    aid_request r = move_request();
    r.dwelling.abc_zone = z.zone;
    const auto ok = compute_mobili_pass(mover(), r);
    INFO(to_string(z.zone));
    REQUIRE(ok.eligible());
    CHECK(granted(ok).cap == eur(z.cap));
    CHECK(granted(ok).amount == eur(z.cap));
  }
}

TEST_CASE("Mobili-Pass: the costs, within the cap") {
  aid_request r = move_request();
  r.mobility_costs = eur(1500);
  CHECK(granted(compute_mobili_pass(mover(), r)).amount == eur(1500));
  CHECK(fmt::format("{}", granted(compute_mobili_pass(mover(), r))) ==
        "1 500 € (the costs; cap 2 200 € in zone A)");
  r.mobility_costs = eur(3000);
  CHECK(granted(compute_mobili_pass(mover(), r)).amount == eur(2200));
}

TEST_CASE("Mobili-Pass: not available from 1 July 2023, whatever the other conditions") {
  CHECK(compute_mobili_pass(mover(), move_request(d(2023, 6, 30))).eligible());
  const auto r = compute_mobili_pass(mover(), move_request(d(2023, 7, 1)));
  REQUIRE(r.failures().size() == 1);
  CHECK(facts_of<aid_facts::availability>(r, aid_reason::not_available).since == d(2023, 7, 1));
  CHECK(fmt::format("{}", r) ==
        "Mobili-Pass: not eligible: not_available: the aid is suspended since 2023-07-01");
  // Nothing else is even looked at.
  applicant nobody = aged(35);
  nobody.employment.sector = employer_sector::public_sector;
  nobody.employment.headcount = 1;
  aid_request no_zone = request();
  no_zone.dwelling.abc_zone.reset();
  const auto later = compute_mobili_pass(nobody, no_zone);
  REQUIRE(later.failures().size() == 1);
  CHECK(later.failures()[0].reason == aid_reason::not_available);
}

TEST_CASE("Mobili-Pass: private non-agricultural companies of at least 10 staff") {
  applicant a = mover();
  a.employment.headcount = 10;
  CHECK(compute_mobili_pass(a, move_request()).eligible());
  a.employment.headcount = 9;
  const auto small = compute_mobili_pass(a, move_request());
  CHECK(facts_of<aid_facts::headcount>(small, aid_reason::company_too_small).staff == 9);
  a = mover();
  a.employment.sector = employer_sector::agricultural;
  CHECK(compute_mobili_pass(a, move_request()).failed(aid_reason::employer_not_eligible));
}

TEST_CASE("Mobili-Pass: more than 70 km, or at least 75 minutes") {
  applicant a = mover();
  a.mobility->distance_km = 71;
  a.mobility->travel_minutes = 0;
  CHECK(compute_mobili_pass(a, move_request()).eligible());
  a.mobility->distance_km = 70;
  a.mobility->travel_minutes = 75;
  CHECK(compute_mobili_pass(a, move_request()).eligible());
  a.mobility->travel_minutes = 74;
  const auto ko = compute_mobili_pass(a, move_request());
  const auto& f = facts_of<aid_facts::distance>(ko, aid_reason::mobility_too_short);
  CHECK(f.km == 70);
  CHECK(f.minutes == 74);
  CHECK(describe(ko.failures()[0]) ==
        "mobility_too_short: 70 km (more than 70 required) and 74 minutes of travel (75 or more "
        "required)");
  a.mobility.reset();
  CHECK(compute_mobili_pass(a, move_request()).failed(aid_reason::no_professional_mobility));
}

TEST_CASE("Mobili-Pass: hiring, transfer and company relocation all qualify") {
  for (const auto k :
       {mobility_kind::new_job, mobility_kind::transfer, mobility_kind::company_relocation}) {
    applicant a = mover();
    a.mobility->kind = k;
    CHECK(compute_mobili_pass(a, move_request()).eligible());
  }
}

TEST_CASE("Mobili-Pass: asked at most 6 months after the event") {
  applicant a = mover();
  a.mobility->event_date = d(2022, 12, 30);
  CHECK(compute_mobili_pass(a, move_request()).eligible());
  a.mobility->event_date = d(2022, 12, 29);
  const auto ko = compute_mobili_pass(a, move_request());
  const auto& f = facts_of<aid_facts::deadline>(ko, aid_reason::application_too_late);
  CHECK(f.last_day == d(2023, 6, 29));
  CHECK(f.months == 6);
  a.mobility->event_date = d(2023, 9, 1);  // asked before the hiring
  CHECK(compute_mobili_pass(a, move_request()).eligible());
}

TEST_CASE("Mobili-Pass: once per two years, again from the anniversary") {
  aid_request r = move_request();
  r.last_mobili_pass = d(2021, 6, 30);
  CHECK(compute_mobili_pass(mover(), r).eligible());
  r.last_mobili_pass = d(2021, 7, 1);
  const auto ko = compute_mobili_pass(mover(), r);
  const auto& f = facts_of<aid_facts::renewal>(ko, aid_reason::received_recently);
  CHECK(f.next_possible == d(2023, 7, 1));
}

TEST_CASE("Mobili-Pass: the ABC zone must be given") {
  aid_request r = move_request();
  r.dwelling.abc_zone.reset();
  const auto ko = compute_mobili_pass(mover(), r);
  CHECK(facts_of<aid_facts::input>(ko, aid_reason::input_missing).field == "dwelling.abc_zone");
}

// ---------------------------------------------------------------------------------------------
// Parameters as data, inputs, printing

TEST_CASE("a change of rules is a data change") {
  aid_parameters p = aid_parameters::embedded();
  p.load(
      "mobili_pass.available  -           2023-07-01  yes\n"
      "mobili_pass.available  2023-07-01  2025-01-01  no\n"
      "mobili_pass.available  2025-01-01  -           yes\n"
      "visale.max_rent_elsewhere  -  2025-03-10  1300\n"
      "visale.max_rent_elsewhere  2025-03-10  -  1350\n",
      "reform.txt");
  applicant a = mover();
  a.mobility->event_date = d(2025, 1, 15);
  CHECK(compute_mobili_pass(a, move_request(d(2024, 12, 31)), p).failed(aid_reason::not_available));
  CHECK(compute_mobili_pass(a, move_request(d(2025, 1, 1)), p).eligible());
  aid_request r = request(d(2025, 3, 9));
  r.dwelling.rent_and_charges = eur(1350);
  CHECK(compute_visale(aged(25), r, p).failed(aid_reason::rent_above_cap));
  r.request_date = today;
  CHECK(compute_visale(aged(25), r, p).eligible());
}

TEST_CASE("a parameter without a value on the request date is a reason, not a guess") {
  aid_parameters p = aid_parameters::embedded();
  p.visale.covered_months = dated<int>{{d(2026, 1, 1), std::nullopt, 36}};
  const auto r = compute_visale(aged(25), request(), p);
  REQUIRE(r.failures().size() == 1);
  CHECK(describe(r.failures()[0]) ==
        "parameter_missing: parameter 'visale.covered_months' has no value in force on 2025-03-10");
}

TEST_CASE("an invalid request throws naming the field") {
  aid_request r = request();
  r.dwelling.deposit = -eur(1);
  try {
    (void)compute_loca_pass(aged(25), r);
    FAIL("no invalid_argument");
  } catch (const cotation::invalid_argument& e) {
    CHECK(e.where() == "dwelling.deposit");
  }
  r = request();
  r.request_date = date{};
  CHECK_THROWS_AS(compute_aids(aged(25), r), cotation::invalid_argument);
  r = request();
  r.last_mobili_pass = d(2025, 3, 11);
  CHECK_THROWS_WITH(validate(r), Catch::Contains("last_mobili_pass"));
  applicant nobody = aged(25);
  nobody.household.members.clear();
  CHECK_THROWS_WITH(compute_aids(nobody, request()), Catch::Contains("household.members"));
}

TEST_CASE("all four aids print readably") {
  applicant a = apprentice();
  a.mobility = mobility{mobility_kind::new_job, d(2025, 1, 6), 120, 90};
  aid_request r = rent_and_benefit(eur(350), eur(220));
  r.dwelling.deposit = eur(350);
  const aids_result all = compute_aids(a, r);
  CHECK(all.visale.eligible());
  CHECK(all.loca_pass.eligible());
  CHECK(all.mobili_jeune.eligible());
  CHECK(all.mobili_pass.failed(aid_reason::not_available));
  CHECK(fmt::format("{}", all) ==
        "Visale: eligible: guarantee of rent and charges 350 € (cap 1 300 €), 36 unpaid months "
        "covered (basis: age)\n"
        "Loca-Pass: eligible: advance of 350 € paid on 2025-03-10 (basis: private_employee), "
        "repaid in 17 monthly instalments (16 of 20 € then one of 30 €) from 2025-06 to 2026-10\n"
        "Mobili-Jeune: eligible: 100 € a month for 12 months (1 200 €): rent and charges less "
        "housing benefit 130 €, within [10 €, 100 €]\n"
        "Mobili-Pass: not eligible: not_available: the aid is suspended since 2023-07-01");
}
