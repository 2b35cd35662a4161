// SPDX-License-Identifier: MIT
#include <cotation/fairness.hpp>

#include <vector>

#include <catch2/catch.hpp>

#include "builders.hpp"

using namespace cotation;
using cotation::test::candidate;
using cotation::test::closing;
using cotation::test::number;
using cotation::test::sample_offer;
using cotation::test::ymd;

namespace {

/// The sample candidate `k` (renewed 2025-01-15) working for a company of `size`, with the same
/// reference income `income` € in 2023 and 2024.
applicant request(int k, date filed, company_size size, int income) {
  applicant a = candidate(k, filed);
  a.employment.size = size;
  a.incomes = {{2023, money::euros(income)}, {2024, money::euros(income)}};
  return a;
}

/// Six requests of families of three at the sample offer's closing date
/// (2025-03-08): 1 to 4 positioned on the sample offer (shortlist of 2), 5 may
/// apply but did not position, 6 has an incomplete dossier. 1 and 3 work for a
/// PME, 2 and 4 for a GE, 5 and 6 for an ETI.
struct six_requests {
  std::vector<applicant> as{request(1, ymd(2023, 6, 1), company_size::pme, 32'000),
                            request(2, ymd(2020, 6, 1), company_size::ge, 36'000),
                            request(3, ymd(2022, 6, 1), company_size::pme, 42'000),
                            request(4, ymd(2021, 6, 1), company_size::ge, 48'000),
                            request(5, ymd(2021, 6, 1), company_size::eti, 54'000),
                            request(6, ymd(2021, 6, 1), company_size::eti, 20'000)};
  offer o = sample_offer();
  std::vector<request_number> positioned{number(1), number(2), number(3), number(4)};
  std::unique_ptr<applicant_pool> pool;
  compiled_grid grid{default_grid()};
  attribution_statistics statistics;
  std::vector<offer_ranking> rankings;
  std::vector<attribution_record> attributions{
      {ymd(2024, 3, 7), company_size::pme},  // the day before the window
      {ymd(2024, 3, 8), company_size::pme},  // its first day
      {ymd(2024, 6, 15), company_size::eti},
      {ymd(2025, 3, 8), company_size::ge},   // its last day
      {ymd(2025, 3, 9), company_size::ge}};  // after the date

  six_requests() {
    as[5].dossier.employer_validated = false;
    pool = std::make_unique<applicant_pool>(as);
    ranking_rules rules{.grid = grid, .statistics = statistics};
    rules.shortlist_size = 2;
    rankings.push_back(rank_offer(o, *pool, positioned, rules, closing()));
  }

  /// 45/25/30 % until 2024-12-31, 40/30/30 % from 2025.
  static std::array<basis_points, 3> targets(date d) {
    if (d < ymd(2025, 1, 1)) return {basis_points{4500}, basis_points{2500}, basis_points{3000}};
    return {basis_points{4000}, basis_points{3000}, basis_points{3000}};
  }

  fairness_report report(basis_points margin = basis_points{500}) const {
    return fairness_of_rankings(rankings, *pool, closing(), attributions, targets, margin);
  }
};

const fairness_group& group(const fairness_report& r, fairness_dimension d,
                            std::string_view label) {
  for (const fairness_breakdown& b : r.breakdowns) {
    if (b.dimension != d) continue;
    for (const fairness_group& g : b.groups) {
      if (g.label == label) return g;
    }
  }
  FAIL("no group " << label << " in " << to_string(d));
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE(
    "a share is rounded to the nearest basis point, half up, and absent "
    "over nothing") {
  CHECK(share_of(1, 3) == basis_points{3333});
  CHECK(share_of(2, 3) == basis_points{6667});
  CHECK(share_of(1, 8) == basis_points{1250});
  CHECK(share_of(1, 20'000) == basis_points{1});  // 0.5 bp rounds up
  CHECK(share_of(0, 5) == basis_points{0});
  CHECK_FALSE(share_of(0, 0).has_value());
}

TEST_CASE(
    "fairness counts requests, candidacies, shortlist places and "
    "attributions by company "
    "size and flags the groups the shortlist departs from") {
  // SPEC 4 at 2025-03-08: seniority +20 to 2 (all three others filed later) and
  // 4 (two of three), nothing else for anyone (no priority, 30-39 years old, no
  // PEEC, incomes above 60 % of the PLUS ceiling 52 284 €): 2 (20), 4 (20),
  // then 3 and 1 at 0 by filing date. The shortlist of 2 is {2, 4}, both GE.
  const six_requests s;
  const fairness_report r = s.report();
  CHECK(r.offers == 1);
  CHECK(r.requests == 5);  // 1-5: 6's dossier is not validated by the employer
  CHECK(r.candidacies == 4);
  CHECK(r.shortlist_places == 2);
  CHECK(r.leases == 3);  // the attributions of 2024-03-08 to 2025-03-08
  CHECK(r.candidates_known);
  const fairness_group& pme = group(r, fairness_dimension::company_size, "PME");
  CHECK(pme.requests == 2);
  CHECK(pme.candidacies == 2);
  CHECK(pme.shortlist_places == 0);
  CHECK(pme.leases == 1);
  CHECK(pme.flagged);  // 0 % of the places for 50 % of the candidacies
  const fairness_group& ge = group(r, fairness_dimension::company_size, "GE");
  CHECK(ge.candidacies == 2);
  CHECK(ge.shortlist_places == 2);
  CHECK(ge.flagged);  // 100 % against 50 %
  const fairness_group& eti = group(r, fairness_dimension::company_size, "ETI");
  CHECK(eti.requests == 1);
  CHECK(eti.candidacies == 0);
  CHECK(eti.leases == 1);
  CHECK_FALSE(eti.flagged);  // 0 % of both
  // Everyone is a family of three, 39 years old, in no priority situation, in
  // Paris: one group each, 100 % of everything, nothing flagged.
  const fairness_group& three = group(r, fairness_dimension::household_size, "3");
  CHECK(three.requests == 5);
  CHECK(three.candidacies == 4);
  CHECK_FALSE(three.flagged);
  CHECK(group(r, fairness_dimension::age_band, "30-39").shortlist_places == 2);
  CHECK(group(r, fairness_dimension::priority, "none").candidacies == 4);
  CHECK(group(r, fairness_dimension::department, "075").requests == 5);
}

TEST_CASE(
    "a data set's attributions are known by company size only, the sizes in the order PME, ETI, "
    "GE") {
  const six_requests s;
  const fairness_report r = s.report();
  REQUIRE(r.breakdowns.size() == fairness_dimension_count);
  const fairness_breakdown& sizes = r.breakdowns.front();
  CHECK(sizes.dimension == fairness_dimension::company_size);
  CHECK(sizes.leases_known);
  REQUIRE(sizes.groups.size() == 3);
  CHECK(sizes.groups[0].label == "PME");
  CHECK(sizes.groups[1].label == "ETI");
  CHECK(sizes.groups[2].label == "GE");
  CHECK(sizes.groups[2].leases == 1);  // 2025-03-08, the window's last day
  for (std::size_t d = 1; d < r.breakdowns.size(); ++d) {
    INFO(to_string(r.breakdowns[d].dimension));
    CHECK_FALSE(r.breakdowns[d].leases_known);
    for (const fairness_group& g : r.breakdowns[d].groups) CHECK(g.leases == 0);
  }
}

TEST_CASE("a request filed after the day of the report does not count as one that may apply") {
  // Request 1 (PME) filed on 2025-02-15 instead, never renewed: valid from then to 2026-02-15.
  // On 2025-02-01 it is not filed yet: 2, 3, 4 and 5 may apply (renewed 2025-01-15), 6's dossier
  // is incomplete. On 2025-03-08 it may apply too.
  std::vector<applicant> as = six_requests{}.as;
  as[0].initial_filing = ymd(2025, 2, 15);
  as[0].last_renewal = std::nullopt;
  const applicant_pool pool(as);
  const fairness_report before =
      fairness_of_rankings({}, pool, ymd(2025, 2, 1), {}, six_requests::targets);
  CHECK(before.requests == 4);
  CHECK(group(before, fairness_dimension::company_size, "PME").requests == 1);  // 3
  CHECK(group(before, fairness_dimension::company_size, "ETI").requests == 1);  // 5
  CHECK(group(before, fairness_dimension::company_size, "GE").requests == 2);
  CHECK(before.candidacies == 0);
  CHECK(before.flagged() == 0);
  const fairness_report after = fairness_of_rankings({}, pool, closing(), {}, six_requests::targets);
  CHECK(after.requests == 5);
  CHECK(group(after, fairness_dimension::company_size, "PME").requests == 2);
}

TEST_CASE("a dimension's groups are in label order, the age bands from the youngest") {
  // At 2025-03-08: a person alone born 2002-01-01 (23: `<25`), the sample family of three (the
  // reference person 39: `30-39`) and a household of seven whose reference person was born
  // 1960-01-01 (65: `60+`). In text order `<` would come after the digits.
  using cotation::test::adult;
  using cotation::test::child;
  using cotation::test::person;
  applicant young = candidate(1, ymd(2023, 6, 1));
  young.household = household{{person(ymd(2002, 1, 1))}};
  applicant older = candidate(3, ymd(2021, 6, 1));
  older.household = household{{person(ymd(1960, 1, 1)), adult(member_role::partner), child(),
                               child(), child(), child(), child()}};
  const std::vector<applicant> as{young, candidate(2, ymd(2022, 6, 1)), older};
  const applicant_pool pool(as);
  const fairness_report r = fairness_of_rankings({}, pool, closing(), {}, six_requests::targets);
  const auto labels = [&r](fairness_dimension d) {
    std::vector<std::string> out;
    for (const fairness_breakdown& b : r.breakdowns) {
      if (b.dimension != d) continue;
      for (const fairness_group& g : b.groups) out.push_back(g.label);
    }
    return out;
  };
  CHECK(labels(fairness_dimension::age_band) == std::vector<std::string>{"<25", "30-39", "60+"});
  CHECK(labels(fairness_dimension::household_size) == std::vector<std::string>{"1", "3", "6+"});
  CHECK(labels(fairness_dimension::company_size) == std::vector<std::string>{"PME", "ETI", "GE"});
  CHECK(group(r, fairness_dimension::age_band, "<25").requests == 1);
  CHECK(group(r, fairness_dimension::household_size, "6+").requests == 1);
}

TEST_CASE("income quartiles are the nearest-rank quartiles of income per member") {
  // Incomes per member of the five requests that may apply (families of three):
  // 10 667, 12 000, 14 000, 16 000, 18 000 €. Nearest-rank boundaries over 5:
  // the 2nd, 3rd and 4th values, 12 000, 14 000 and 16 000. Q1 = {1, 2}, Q2 =
  // {3}, Q3 = {4}, Q4 = {5}.
  const six_requests s;
  const fairness_report r = s.report();
  const fairness_group& q1 = group(r, fairness_dimension::income_quartile, "Q1");
  CHECK(q1.requests == 2);
  CHECK(q1.candidacies == 2);
  CHECK(q1.shortlist_places == 1);  // 2
  CHECK_FALSE(q1.flagged);          // 50 % and 50 %
  const fairness_group& q2 = group(r, fairness_dimension::income_quartile, "Q2");
  CHECK(q2.candidacies == 1);
  CHECK(q2.shortlist_places == 0);
  CHECK(q2.flagged);  // 25 % of the candidacies, no place
  const fairness_group& q3 = group(r, fairness_dimension::income_quartile, "Q3");
  CHECK(q3.shortlist_places == 1);
  CHECK(q3.flagged);  // 50 % of the places for 25 % of the candidacies
  const fairness_group& q4 = group(r, fairness_dimension::income_quartile, "Q4");
  CHECK(q4.requests == 1);
  CHECK(q4.candidacies == 0);
  // PME, GE, Q2, Q3.
  CHECK(r.flagged() == 4);
}

TEST_CASE("a wider margin flags fewer groups") {
  // The departures are 50 points (PME, GE) and 25 points (Q2, Q3).
  const six_requests s;
  const auto flagged = [&](std::int64_t margin) {
    return s.report(basis_points{margin}).flagged();
  };
  CHECK(flagged(2499) == 4);
  CHECK(flagged(2500) == 2);  // more than the margin, not equal to it
  CHECK(flagged(5000) == 0);
}

TEST_CASE(
    "the attributions of the 12 months are counted month by month "
    "against the targets") {
  const six_requests s;
  const fairness_report r = s.report();
  REQUIRE(r.als.size() == 12);
  CHECK(r.als.front().from == ymd(2024, 3, 8));
  CHECK(r.als.front().to == ymd(2024, 4, 7));
  CHECK(r.als.front().leases == std::array<std::size_t, 3>{1, 0, 0});
  CHECK(r.als.front().share(company_size::pme) == basis_points{10'000});
  CHECK(r.als[3].from == ymd(2024, 6, 8));
  CHECK(r.als[3].leases == std::array<std::size_t, 3>{0, 1, 0});
  CHECK(r.als[1].share(company_size::pme) == std::nullopt);  // no attribution that month
  CHECK(r.als.back().from == ymd(2025, 2, 8));
  CHECK(r.als.back().to == ymd(2025, 3, 8));
  CHECK(r.als.back().leases == std::array<std::size_t, 3>{0, 0, 1});
  // Each month against the targets of its last day.
  CHECK(r.als.front().targets[0] == basis_points{4500});
  CHECK(r.als[9].to == ymd(2025, 1, 7));
  CHECK(r.als[9].targets[0] == basis_points{4000});
  CHECK(r.als[8].to == ymd(2024, 12, 7));
  CHECK(r.als[8].targets[1] == basis_points{2500});
  CHECK(r.als.back().targets[1] == basis_points{3000});
}

TEST_CASE(
    "a simulation's fairness is its leases by company size and "
    "department, week by week") {
  simulation_result sim;
  sim.start = ymd(2026, 3, 2);
  week_figures w1;
  w1.week = 1;
  w1.first_day = ymd(2026, 3, 2);
  w1.last_day = ymd(2026, 3, 8);
  w1.candidates = 40;
  w1.shortlisted = 12;
  w1.leases_by_size = {2, 0, 0};
  w1.targets = {basis_points{4500}, basis_points{2500}, basis_points{3000}};
  week_figures w2 = w1;
  w2.week = 2;
  w2.first_day = ymd(2026, 3, 9);
  w2.last_day = ymd(2026, 3, 15);
  w2.leases_by_size = {0, 0, 1};
  sim.weeks = {w1, w2};
  const auto lease = [](date on, const char* n, company_size size, int waiting) {
    return lease_record{on, request_number::parse(n), offer_id{"O"}, size, waiting, 1};
  };
  sim.leases = {lease(ymd(2026, 3, 5), "0750924000010ABCDE", company_size::pme, 100),
                lease(ymd(2026, 3, 6), "0750924000020ABCDE", company_size::pme, 200),
                lease(ymd(2026, 3, 12), "0920924000030ABCDE", company_size::ge, 300)};
  const fairness_report r = fairness_of_simulation(sim);
  CHECK_FALSE(r.candidates_known);
  CHECK(r.from == ymd(2026, 3, 2));
  CHECK(r.to == ymd(2026, 3, 15));
  CHECK(r.leases == 3);
  CHECK(r.candidacies == 80);
  CHECK(r.shortlist_places == 24);
  CHECK(r.flagged() == 0);
  // Nearest-rank median: of 100 and 200 days, 100; of 300, 300.
  const fairness_group& pme = group(r, fairness_dimension::company_size, "PME");
  CHECK(pme.leases == 2);
  CHECK(pme.median_wait_days == 100);
  CHECK(group(r, fairness_dimension::company_size, "GE").median_wait_days == 300);
  CHECK(group(r, fairness_dimension::department, "075").leases == 2);
  CHECK(group(r, fairness_dimension::department, "092").median_wait_days == 300);
  REQUIRE(r.als.size() == 2);
  CHECK(r.als[0].share(company_size::pme) == basis_points{10'000});
  CHECK(r.als[1].share(company_size::ge) == basis_points{10'000});
  CHECK(r.als[1].targets[2] == basis_points{3000});
}
