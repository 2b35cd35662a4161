// SPDX-License-Identifier: MIT
#include <cotation/ceilings.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/pool.hpp>

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include <catch2/catch.hpp>

using namespace cotation;

namespace {

const date reference{2025, 6, 15};

population_options options(std::uint64_t seed, std::size_t requests) {
  population_options o;
  o.seed = seed;
  o.requests = requests;
  o.reference = reference;
  return o;
}

// The national sample the distribution tests read, drawn once.
const std::vector<applicant>& sample() {
  static const std::vector<applicant> s = generate_applicants(options(20250615, 20000));
  return s;
}

// A department population (Hauts-de-Seine) and its pool, for the positioning tests.
struct department_fixture {
  std::vector<applicant> applicants;
  applicant_pool pool;
  std::vector<offer> offers;
};
const department_fixture& hauts_de_seine() {
  static const department_fixture f = [] {
    population_options o = options(92, 20000);
    o.only_department = department::parse("092");
    department_fixture d;
    d.applicants = generate_applicants(o);
    d.pool = applicant_pool(d.applicants);
    offer_options oo;
    oo.seed = 92;
    oo.offers = 60;
    oo.publication_start = reference;
    oo.only_department = o.only_department;
    d.offers = generate_offers(oo);
    return d;
  }();
  return f;
}

// The zone the generator anchors incomes on (documented in generator.hpp).
income_zone household_zone(const applicant& a) {
  if (!a.wishes.communes.empty()) return zone_of(a.wishes.communes.front());
  const department d = a.number.department();
  if (d.code() == "075") return income_zone::zone_1;
  return d.in_ile_de_france() ? income_zone::zone_2 : income_zone::zone_3;
}

template <typename Predicate>
double percent(const std::vector<applicant>& v, Predicate p) {
  return 100.0 * static_cast<double>(std::count_if(v.begin(), v.end(), p)) /
         static_cast<double>(v.size());
}

}  // namespace

TEST_CASE("the same options give the same population and offers, another seed another one") {
  const auto a = generate_applicants(options(7, 500));
  CHECK(a == generate_applicants(options(7, 500)));
  const auto b = generate_applicants(options(8, 500));
  REQUIRE(b.size() == a.size());
  CHECK(a != b);
  const auto differing = std::inner_product(
      a.begin(), a.end(), b.begin(), 0, std::plus<>(),
      [](const applicant& x, const applicant& y) { return x.incomes != y.incomes ? 1 : 0; });
  CHECK(differing > 450);

  offer_options o;
  o.seed = 7;
  o.offers = 300;
  o.publication_start = reference;
  const auto offers = generate_offers(o);
  CHECK(offers == generate_offers(o));
  o.seed = 8;
  CHECK(offers != generate_offers(o));
}

TEST_CASE("a population is the prefix of a larger one drawn with the same options") {
  const auto small = generate_applicants(options(11, 200));
  const auto large = generate_applicants(options(11, 1000));
  REQUIRE(large.size() == 1000);
  CHECK(std::equal(small.begin(), small.end(), large.begin()));
}

TEST_CASE("a known seed gives known values (the generator does not drift)") {
  const auto a = generate_applicants(options(1, 3));
  REQUIRE(a.size() == 3);
  // Pinned on purpose: a change here changes every benchmark's input; update it knowingly.
  CHECK(a[0].number.str() == "974102100001Y97402");
  CHECK(a[0].initial_filing == date(2021, 10, 19));
  CHECK(a[0].incomes.front().amount == money::euros(5688));
  CHECK(a[1].number.str() == "042032400001942904");
}

TEST_CASE("every generated applicant is valid, with a unique request number of its filing month") {
  const auto& s = sample();
  REQUIRE(s.size() == 20000);
  std::unordered_set<request_number> numbers;
  for (const applicant& a : s) {
    REQUIRE_NOTHROW(validate(a));
    CHECK(numbers.insert(a.number).second);
    CHECK(request_number::parse(a.number.str()) == a.number);
    CHECK(a.number.month() == static_cast<int>(a.initial_filing.month()));
    CHECK(std::stoi(std::string(a.number.str().substr(5, 2))) == a.initial_filing.year() % 100);
    CHECK(a.initial_filing <= reference);
    CHECK(a.initial_filing >= reference - boost::gregorian::days(3653));
    CHECK(completed_years(a.household.members.front().birth_date, reference) >= 18);
    CHECK(completed_years(a.household.members.front().birth_date, reference) <= 67);
    CHECK(completed_years(a.household.members.front().birth_date, a.initial_filing) >= 18);
  }
}

TEST_CASE("generated facts are consistent with each other") {
  for (const applicant& a : sample()) {
    const household& h = a.household;
    const bool partner = std::any_of(h.members.begin(), h.members.end(), [](const member& m) {
      return m.role == member_role::partner;
    });
    CHECK(a.situation.single_parent == (!partner && h.dependants() > 0));
    CHECK(a.situation.disability == h.has_disabled_member());
    const auto years = std::set<int>{a.incomes.front().year, a.incomes.back().year};
    CHECK(years == std::set<int>{2023, 2024});
    for (const date d : a.history.applicant_refusals) {
      CHECK(d >= a.initial_filing);
      CHECK(d <= reference);
      CHECK(d >= reference - boost::gregorian::days(730));
    }
    CHECK(a.history.attributions.size() == a.history.applicant_refusals.size());
    for (const date d : a.history.commission_refusals) CHECK(d >= a.initial_filing);
    const bool tenant = a.housing.status == housing_status::private_tenant ||
                        a.housing.status == housing_status::social_tenant;
    CHECK((a.housing.rent_and_charges > money{}) == tenant);
    CHECK(a.housing.housing_benefit <= a.housing.rent_and_charges);
    CHECK(a.monthly_resources >= a.employment.net_monthly_salary);
    CHECK(a.employment.gross_monthly_salary > a.employment.net_monthly_salary);
    if (!a.wishes.departments.empty()) CHECK(a.wishes.departments.front() == a.number.department());
    for (const commune_code& c : a.wishes.communes) CHECK(c.department() == a.number.department());
  }
}

TEST_CASE("the population's distributions are in their documented ranges") {
  const auto& s = sample();
  // Départements: Île-de-France about 27 % of the demand, Hauts-de-Seine about 4.3 %.
  CHECK_THAT(
      percent(s, [](const applicant& a) { return a.number.department().in_ile_de_france(); }),
      Catch::Matchers::WithinAbs(27.0, 1.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.number.department().code() == "092"; }),
             Catch::Matchers::WithinAbs(4.3, 0.6));
  std::set<std::uint16_t> departments;
  for (const applicant& a : s) departments.insert(a.number.department().index());
  CHECK(departments.size() == department::count);  // 02A, 02B and overseas included

  CHECK_THAT(percent(s, [](const applicant& a) { return a.household.persons() == 1; }),
             Catch::Matchers::WithinAbs(38.0, 1.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.household.persons() >= 6; }),
             Catch::Matchers::WithinAbs(3.0, 0.6));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.employment.size == company_size::pme; }),
             Catch::Matchers::WithinAbs(45.0, 2.5));
  CHECK_THAT(
      percent(s, [](const applicant& a) { return a.employment.peec == peec_status::contributing; }),
      Catch::Matchers::WithinAbs(60.0, 3.0));
  CHECK_THAT(
      percent(s, [](const applicant& a) { return a.employment.peec == peec_status::compensated; }),
      Catch::Matchers::WithinAbs(10.0, 2.0));
  CHECK_THAT(
      percent(s,
              [](const applicant& a) { return state_at(a, reference) == request_state::expired; }),
      Catch::Matchers::WithinAbs(4.0, 0.6));
  CHECK_THAT(
      percent(s,
              [](const applicant& a) { return state_at(a, reference) == request_state::removed; }),
      Catch::Matchers::WithinAbs(3.0, 0.6));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.dossier.complete(); }),
             Catch::Matchers::WithinAbs(85.0, 1.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.mobility.has_value(); }),
             Catch::Matchers::WithinAbs(10.0, 1.0));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.situation.dalo; }),
             Catch::Matchers::WithinAbs(2.0, 0.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.situation.key_worker; }),
             Catch::Matchers::WithinAbs(8.0, 1.0));
  CHECK_THAT(
      percent(s, [](const applicant& a) { return a.employment.contract == contract_type::cdi; }),
      Catch::Matchers::WithinAbs(70.0, 2.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return !a.wishes.communes.empty(); }),
             Catch::Matchers::WithinAbs(10.0, 1.0));
  CHECK_THAT(percent(s,
                     [](const applicant& a) {
                       return a.wishes.communes.empty() && a.wishes.departments.empty();
                     }),
             Catch::Matchers::WithinAbs(2.0, 0.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.wishes.departments.size() == 2; }),
             Catch::Matchers::WithinAbs(12.7, 1.5));
  CHECK_THAT(percent(s, [](const applicant& a) { return a.situation.single_parent; }),
             Catch::Matchers::WithinAbs(23.0, 2.0));
  const double young = percent(s, [](const applicant& a) {
    return completed_years(a.household.members.front().birth_date, reference) < 30;
  });
  CHECK(young > 25.0);
  CHECK(young < 40.0);
}

TEST_CASE("about three in four households are under their PLUS ceiling") {
  // Independent of the gate: reference income for the reference year against the PLUS ceiling
  // of the household's category and zone.
  const auto& table = ceiling_table::embedded();
  const double under = percent(sample(), [&](const applicant& a) {
    const auto income = reference_income_for(a, reference.year());
    const auto ceiling = table.lookup(financing::plus, reference.year(), household_zone(a),
                                      category_of(a.household, reference));
    return income && income->amount <= std::get<money>(ceiling);
  });
  CHECK(under >= 70.0);
  CHECK(under <= 80.0);
  // N-1 is used for about one household in eight.
  const double n1 = percent(sample(), [](const applicant& a) {
    return reference_income_for(a, reference.year())->year == reference.year() - 1;
  });
  CHECK_THAT(n1, Catch::Matchers::WithinAbs(12.0, 1.5));
}

TEST_CASE("every income zone occurs, among wishes and offers") {
  std::set<int> wished;
  for (const applicant& a : sample()) {
    for (const commune_code& c : a.wishes.communes) wished.insert(number(zone_of(c)));
  }
  CHECK(wished == std::set<int>{1, 2, 3});
  const auto& inner = hauts_de_seine();
  std::set<int> offered;
  for (const offer& o : inner.offers) offered.insert(number(o.zone()));
  CHECK(offered == std::set<int>{1, 2});
}

TEST_CASE("every generated offer is valid and the offers follow their documented mix") {
  offer_options o;
  o.seed = 5;
  o.offers = 2400;
  o.publication_start = reference;
  o.publication_days_spread = 2;
  const auto offers = generate_offers(o);
  REQUIRE(offers.size() == 2400);
  std::set<std::string> ids;
  std::array<int, 4> financings{};
  std::array<int, 7> rooms{};
  int reserved = 0;
  for (const offer& x : offers) {
    REQUIRE_NOTHROW(validate(x));
    CHECK(ids.insert(x.id.value).second);
    CHECK(x.publication_days == 7);
    CHECK(x.shortlist_size == 3);
    CHECK(x.publication_start >= reference);
    CHECK(x.publication_start <= reference + boost::gregorian::days(1));
    ++financings[static_cast<std::size_t>(x.financing)];
    ++rooms[static_cast<std::size_t>(x.rooms)];
    reserved += x.reserved_for ? 1 : 0;
    const std::int64_t per_m2 = x.rent.in_cents() / x.surface_m2;
    switch (x.zone()) {
      case income_zone::zone_1:
        CHECK(per_m2 >= 1080);
        CHECK(per_m2 <= 1750);
        break;
      case income_zone::zone_2:
        CHECK(per_m2 >= 810);
        CHECK(per_m2 <= 1375);
        break;
      case income_zone::zone_3:
        CHECK(per_m2 >= 540);
        CHECK(per_m2 <= 1000);
        break;
    }
  }
  CHECK(std::is_sorted(offers.begin(), offers.end(), [](const offer& a, const offer& b) {
    return a.publication_start < b.publication_start;
  }));
  CHECK_THAT(financings[1] / 24.0, Catch::Matchers::WithinAbs(60.0, 3.5));  // PLUS
  CHECK_THAT(financings[0] / 24.0, Catch::Matchers::WithinAbs(25.0, 3.0));  // PLAI
  CHECK(financings[3] == 0);                                                // no PLI
  CHECK(rooms[2] + rooms[3] > 1400);                                        // T2 and T3 most
  CHECK(rooms[6] == 0);
  CHECK(reserved > 30);
  CHECK(reserved < 130);
}

TEST_CASE("a department population stays in its department") {
  const auto& d = hauts_de_seine();
  for (const applicant& a : d.applicants) CHECK(a.number.department().code() == "092");
  for (const offer& o : d.offers) CHECK(o.department().code() == "092");
  const double paris_too = percent(d.applicants, [](const applicant& a) {
    return std::any_of(a.wishes.departments.begin(), a.wishes.departments.end(),
                       [](department x) { return x.code() == "075"; });
  });
  CHECK(paris_too > 3.0);  // Paris is the likeliest second department of 92
}

TEST_CASE("an applicant pool is built from a generated population") {
  const auto& d = hauts_de_seine();
  CHECK(d.pool.size() == d.applicants.size());
  std::size_t eligible = 0;
  for (const offer& o : d.offers) eligible += d.pool.count_eligible(o, o.closing_date());
  CHECK(eligible > 0);
  const applicant_pool national(sample());
  CHECK(national.size() == sample().size());
  const auto by_size = national.active_requests_by_size(reference);
  CHECK(by_size[0] > by_size[1]);  // PME ahead of ETI
}

TEST_CASE("positionings give a typical offer about 100 candidates, mostly eligible") {
  const auto& d = hauts_de_seine();
  std::size_t offers_with_mix = 0;
  std::size_t candidates = 0;
  std::size_t eligible = 0;
  std::size_t full = 0;
  for (const offer& o : d.offers) {
    const auto picks = generate_positionings(d.pool, o, 100, 3);
    CHECK(picks.size() <= 100);
    full += picks.size() == 100 ? 1U : 0U;
    CHECK(std::set<request_number>(picks.begin(), picks.end()).size() == picks.size());
    std::size_t e = 0;
    for (const request_number& n : picks) {
      const auto i = d.pool.find(n);
      REQUIRE(i.has_value());
      CHECK(d.pool.state(*i, o.closing_date()) != request_state::removed);
      e += d.pool.check(*i, o, o.closing_date()).eligible() ? 1U : 0U;
    }
    candidates += picks.size();
    eligible += e;
    offers_with_mix += (e > 0 && e < picks.size()) ? 1U : 0U;
  }
  CHECK(full * 10 >= d.offers.size() * 7);
  CHECK(offers_with_mix * 10 >= d.offers.size() * 8);
  const double share = 100.0 * static_cast<double>(eligible) / static_cast<double>(candidates);
  CHECK(share > 60.0);
  CHECK(share < 92.0);
}

TEST_CASE("positionings are seeded: same seed same list, another seed another list") {
  const auto& d = hauts_de_seine();
  const offer& o = d.offers.front();
  const auto a = generate_positionings(d.pool, o, 100, 1);
  CHECK(a == generate_positionings(d.pool, o, 100, 1));
  CHECK(a != generate_positionings(d.pool, o, 100, 2));
  CHECK(generate_positionings(d.pool, o, 0, 1).empty());
  CHECK(generate_positionings(applicant_pool{}, o, 100, 1).empty());
  // With no ineligible share, every candidate found is eligible.
  for (const request_number& n : generate_positionings(d.pool, o, 20, 1, basis_points{0})) {
    CHECK(d.pool.check(*d.pool.find(n), o, o.closing_date()).eligible());
  }
}

TEST_CASE("an offer reserved for an employer is positioned by that employer's staff first") {
  const auto& d = hauts_de_seine();
  offer_options oo;
  oo.seed = 4;
  oo.offers = 20;
  oo.publication_start = reference;
  oo.only_department = department::parse("092");
  oo.reserved = basis_points{10000};
  std::size_t staff_eligible = 0;
  for (const offer& o : generate_offers(oo)) {
    REQUIRE(o.reserved_for.has_value());
    std::size_t others = 0;
    for (const request_number& n : generate_positionings(d.pool, o, 100, 1)) {
      const auto i = *d.pool.find(n);
      if (d.pool.check(i, o, o.closing_date()).eligible()) {
        CHECK(d.applicants[i].employment.employer == *o.reserved_for);
        ++staff_eligible;
      }
      others += d.applicants[i].employment.employer == *o.reserved_for ? 0U : 1U;
    }
    CHECK(others <= 15);  // the ineligible share of 100, no more
  }
  CHECK(staff_eligible > 0);
}

TEST_CASE("generate_population_and_offers publishes the day's offers from the reference date") {
  population_options o = options(3, 300);
  const auto both = generate_population_and_offers(o, 50, 2);
  CHECK(both.applicants == generate_applicants(o));
  REQUIRE(both.offers.size() == 100);
  CHECK(both.offers.front().publication_start == reference);
  CHECK(both.offers.back().publication_start == reference + boost::gregorian::days(1));
}

TEST_CASE("invalid generator options are reported with the option's name") {
  population_options o = options(1, 10);
  o.reference = date(boost::gregorian::not_a_date_time);
  CHECK_THROWS_AS(generate_applicants(o), invalid_argument);
  o = options(1, 10);
  o.expired = basis_points{6000};
  o.removed = basis_points{6000};
  CHECK_THROWS_WITH(generate_applicants(o),
                    Catch::Matchers::Contains("population_options.expired"));
  o = options(1, 10);
  o.employers = 0;
  CHECK_THROWS_WITH(generate_applicants(o),
                    Catch::Matchers::Contains("population_options.employers"));
  offer_options f;
  f.offers = 1;
  CHECK_THROWS_WITH(generate_offers(f),
                    Catch::Matchers::Contains("offer_options.publication_start"));
  f.publication_start = reference;
  f.publication_days_spread = 0;
  CHECK_THROWS_AS(generate_offers(f), invalid_argument);
}

TEST_CASE("a tiny employer directory and a year without published ceilings still work") {
  population_options o = options(9, 200);
  o.employers = 1;
  o.reference = date(2031, 3, 1);  // latest published PLUS table is used for the incomes
  const auto a = generate_applicants(o);
  for (const applicant& x : a) {
    CHECK_NOTHROW(validate(x));
    CHECK(x.employment.employer == a.front().employment.employer);
  }
  o.reference = date(2019, 3, 1);  // before the first table: the first one is used
  CHECK(generate_applicants(o).size() == 200);
}

TEST_CASE(
    "attribution statistics are seeded, dated in the year before the reference and mixed by size") {
  attribution_options o;
  o.seed = 7;
  o.attributions = 20000;
  o.reference = reference;
  const auto a = generate_attributions(o);
  REQUIRE(a.size() == 20000);
  CHECK(a == generate_attributions(o));
  o.seed = 8;
  CHECK(a != generate_attributions(o));
  CHECK(
      std::is_sorted(a.begin(), a.end(), [](const auto& x, const auto& y) { return x.on < y.on; }));
  CHECK(a.front().on >= reference - boost::gregorian::days(365));
  CHECK(a.back().on < reference);
  std::array<std::int64_t, 3> by_size{};
  for (const auto& r : a) ++by_size[index_of(r.size)];
  CHECK(by_size[0] > 7200);  // 38 % of 20 000 is 7 600
  CHECK(by_size[0] < 8000);
  CHECK(by_size[1] > 4600);  // 25 %
  CHECK(by_size[1] < 5400);
  // Against the population's default targets, PME are under-represented by more than 5 points.
  const attribution_statistics stats(a);
  const auto shares =
      stats.shares(reference, 12, {basis_points{4500}, basis_points{2500}, basis_points{3000}});
  CHECK(shares.share(company_size::pme)->value < 4000);

  o.shares = {basis_points{5000}, basis_points{5000}, basis_points{1}};
  CHECK_THROWS_AS(generate_attributions(o), invalid_argument);
  o.shares = {basis_points{5000}, basis_points{5000}, basis_points{0}};
  o.reference = date{};
  CHECK_THROWS_AS(generate_attributions(o), invalid_argument);
}
