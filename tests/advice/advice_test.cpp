// SPDX-License-Identifier: MIT
// Hand-worked cases for <cotation/advice.hpp>. Every expected number is worked out below from
// SPEC 4 (default grid: key worker +10, DALO +30, seniority +20 "older than the median of the
// others") and SPEC 5 (score ↓, filing date ↑, income per member ↑, request number ↑), not taken
// from the code under test.
#include <cotation/advice.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>

#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "advice_cast.hpp"
#include "builders.hpp"

using namespace cotation;
using cotation::test::closing;
using cotation::test::sample_applicant;
using cotation::test::sample_offer;
using cotation::test::ymd;

using cotation::test::cast;
using cotation::test::number;

namespace {

const offer_chance& on(const std::vector<offer_chance>& cs, const char* id) {
  const auto it = std::find_if(cs.begin(), cs.end(),
                               [&](const offer_chance& c) { return c.o->id.value == id; });
  REQUIRE(it != cs.end());
  return *it;
}

}  // namespace

// Without N, the four eligible candidates (seniority: more than half of the 3 others filed
// strictly later): A 0 (nobody later); B 10 + 20 = 30 (A and C later: 2 of 3); C 10 (only A
// later: 1 of 3); D 0 + 20 = 20 (all 3 later). Ranking: B 30, D 20, C 10, A 0.
TEST_CASE("a newcomer's would-be rank is exact: the others' seniority is recomputed with it") {
  cast k;
  const auto positioned = k.positioned();
  const std::vector<open_offer> offers{{&k.o, positioned}};
  const offer_board board(offers, k.pool, k.rules, ymd(2025, 3, 4));
  // With N (filed 2020-01-01) the others are 4: N is older than all 4 → 20. B now has only A
  // and C later (2 of 4, not more than half) → loses its 20 → 10. D: A, B, C later (3 of 4) →
  // keeps 20. C: A later (1 of 4) → 10. A → 0. Order: N 20 (2020) before D 20 (2022), then B
  // 10 (2023-01-10) before C 10 (2024-01-15) on the filing date, then A 0. N would be 1st: an
  // estimate keeping B at 30 would have said 2nd.
  const auto cs = chances(board, k.N().number);
  REQUIRE(cs.size() == 1);
  const offer_chance& c = cs[0];
  CHECK(c.eligible());
  CHECK_FALSE(c.positioned);
  CHECK(c.rank == std::optional<std::size_t>(1));
  CHECK(c.score == points{20});
  CHECK(c.candidate_count == 5);
  // The 3rd of the others re-scored: D 20, B 10, C 10 → 10; N is 10 points ahead.
  CHECK(c.threshold == std::optional<points>(points{10}));
  CHECK(c.margin() == std::optional<points>(points{10}));
  CHECK(c.shortlisted());
  CHECK(c.days_left == 4);  // closes 2025-03-08, asked on 2025-03-04
  // All six are eligible in the pool but E.
  CHECK(c.eligible_count == 5);

  // Once N positions, the ranking says the same.
  auto with_n = positioned;
  with_n.push_back(k.N().number);
  const offer_ranking after = rank_offer(k.o, k.pool, with_n, k.rules, ymd(2025, 3, 4));
  REQUIRE(after.find(k.N().number) != nullptr);
  CHECK(after.find(k.N().number)->rank == 1);
}

TEST_CASE("an already positioned applicant sees their actual rank and the next one down") {
  cast k;
  const auto positioned = k.positioned();
  const std::vector<open_offer> offers{{&k.o, positioned}};
  const offer_board board(offers, k.pool, k.rules, ymd(2025, 3, 4));
  // C is 3rd of B 30, D 20, C 10, A 0: shortlisted, and the 3rd of the others is A (0).
  const auto cs = chances(board, k.C().number);
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].positioned);
  CHECK(cs[0].rank == std::optional<std::size_t>(3));
  CHECK(cs[0].score == points{10});
  CHECK(cs[0].candidate_count == 4);
  CHECK(cs[0].threshold == std::optional<points>(points{0}));
  CHECK(cs[0].margin() == std::optional<points>(points{10}));
  // A is 4th: 10 points short of C.
  const auto ca = chances(board, k.A().number);
  CHECK(ca[0].rank == std::optional<std::size_t>(4));
  CHECK(ca[0].margin() == std::optional<points>(points{-10}));
  CHECK_FALSE(ca[0].shortlisted());
}

TEST_CASE("an ineligible request gets its failed conditions and no rank") {
  cast k;
  const auto positioned = k.positioned();
  const std::vector<open_offer> offers{{&k.o, positioned}};
  const offer_board board(offers, k.pool, k.rules, ymd(2025, 3, 4));
  const auto cs = chances(board, k.E().number);
  REQUIRE(cs.size() == 1);
  CHECK_FALSE(cs[0].eligible());
  CHECK(cs[0].positioned);
  REQUIRE(cs[0].failures.size() == 1);
  CHECK(cs[0].failures[0].reason == ineligibility::over_income_ceiling);
  CHECK_FALSE(cs[0].rank.has_value());
  CHECK_FALSE(cs[0].shortlisted());
}

TEST_CASE("on an offer with fewer candidates than places there is no threshold to beat") {
  cast k;
  const std::vector<request_number> only_d{k.people[3].number};
  const auto positioned = k.positioned();
  const std::vector<open_offer> offers{{&k.o, positioned}, {&k.small, only_d}};
  const offer_board board(offers, k.pool, k.rules, ymd(2025, 3, 4));
  // A with D alone: D is older than A (1 of 1 later) → 20, A → 0: A 2nd of 2, presented.
  const auto cs = chances(board, k.A().number);
  const offer_chance& c = on(cs, "O-2");
  CHECK(c.rank == std::optional<std::size_t>(2));
  CHECK(c.candidate_count == 2);
  CHECK_FALSE(c.threshold.has_value());
  CHECK(c.shortlisted());
  // Best chance first: presented on O-2 before 4th on O-1.
  CHECK(cs[0].o->id.value == "O-2");
  CHECK(cs[1].o->id.value == "O-1");
}

TEST_CASE("chances for a request that is not in the pool are refused") {
  cast k;
  const offer_board board({}, k.pool, k.rules, ymd(2025, 3, 4));
  CHECK_THROWS_AS(chances(board, number(99)), invalid_argument);
}

TEST_CASE("the would-be rank equals the rank after positioning on generated pools") {
  const date today(2026, 3, 4);
  auto world = generate_population_and_offers({.seed = 14,
                                               .requests = 3000,
                                               .reference = today,
                                               .only_department = department::parse("092")},
                                              12, 1);
  const applicant_pool pool(world.applicants);
  const compiled_grid grid(default_grid());
  const attribution_statistics statistics;
  ranking_rules rules{grid, statistics};
  rules.als_targets = default_targets(pool.active_requests_by_size(today));
  std::vector<std::vector<request_number>> positioned;
  for (std::size_t k = 0; k < world.offers.size(); ++k) {
    positioned.push_back(generate_positionings(pool, world.offers[k], 40, 100 + k));
  }
  std::vector<open_offer> open;
  for (std::size_t k = 0; k < world.offers.size(); ++k) {
    open.push_back({&world.offers[k], positioned[k]});
  }
  const offer_board board(open, pool, rules, today);
  std::size_t checked = 0;
  for (std::size_t k = 0; k < world.offers.size(); ++k) {
    const offer& o = world.offers[k];
    for (pool_index i = 0; i < pool.size(); ++i) {
      const request_number& n = pool.number(i);
      if (std::find(positioned[k].begin(), positioned[k].end(), n) != positioned[k].end()) continue;
      if (!pool.check(i, o, today).eligible()) continue;
      // The would-be rank on this offer, from the board's single pass over the offers.
      const auto cs = chances(board, n);
      const auto c =
          std::find_if(cs.begin(), cs.end(), [&](const offer_chance& x) { return x.o == &o; });
      REQUIRE(c != cs.end());
      auto with = positioned[k];
      with.push_back(n);
      const offer_ranking after = rank_offer(o, pool, with, rules, today);
      const ranked_candidate* me = after.find(n);
      REQUIRE(me != nullptr);
      INFO("offer " << o.id.value << ", request " << n.str());
      CHECK(c->rank == std::optional<std::size_t>(me->rank));
      CHECK(c->score == me->score);
      CHECK(c->candidate_count == after.candidate_count);
      ++checked;
    }
  }
  CHECK(checked > 50);
}

// Thresholds of O-1 closed with A, B, C, D (and E, not eligible): last shortlisted = C (3rd),
// score 10, filed 2024-01-15; 4 candidates: the distribution is withheld (fewer than 5). A
// newcomer is older than the 4 candidates when it filed strictly before the lower of their two
// middle dates: 2022-05-01, 2023-01-10 | 2024-01-15, 2024-09-01 → 2023-01-10.
TEST_CASE("the published thresholds of a closed offer are the last shortlisted score and date") {
  cast k;
  const offer_ranking r = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  const published_thresholds t = publish_thresholds(k.o, r, k.pool, k.grid);
  CHECK(t.candidate_count == 4);
  CHECK(t.eligible_count == 5);
  CHECK(t.shortlist_size == 3);
  CHECK(t.last_score == std::optional<points>(points{10}));
  CHECK(t.last_filing == std::optional<date>(ymd(2024, 1, 15)));
  CHECK(t.seniority_reference == std::optional<date>(ymd(2023, 1, 10)));
  CHECK(t.distribution.withheld);
  CHECK(t.distribution.bins.empty());
  CHECK_FALSE(t.distribution.median.has_value());
}

TEST_CASE("where chances are best counts the closed offers the score would have reached") {
  cast k;
  const offer_ranking r1 = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  offer other = sample_offer();
  other.id = offer_id{"O-3"};
  other.commune = commune_code::parse("75115");
  other.rooms = 2;  // for 3 persons: within [2, 4]
  const std::vector<request_number> only_b{k.people[1].number};
  const offer_ranking r2 = rank_offer(other, k.pool, only_b, k.rules, closing());
  const std::vector<published_thresholds> published{publish_thresholds(k.o, r1, k.pool, k.grid),
                                                    publish_thresholds(other, r2, k.pool, k.grid)};
  // N filed 2020-01-01 < 2023-01-10 → seniority 20 > 10 on O-1 → reached. On O-3 one candidate
  // (fewer than 3 places) → reached. Both shares 100 %.
  const chance_areas n = where_chances_best(k.pool, k.N().number, published, k.rules,
                                            ymd(2025, 3, 1), ymd(2025, 3, 31));
  REQUIRE(n.outcomes.size() == 2);
  CHECK(n.outcomes[0].outcome == past_outcome::reached);
  CHECK(n.outcomes[0].score == points{20});
  CHECK(n.outcomes[1].outcome == past_outcome::reached);
  // A filed 2024-09-01: no seniority → 0 < 10 on O-1 (75056, T3) → missed; reached on O-3
  // (75115, T2). By commune: 75115 100 %, then 75056 0 %.
  const chance_areas a = where_chances_best(k.pool, k.A().number, published, k.rules,
                                            ymd(2025, 3, 1), ymd(2025, 3, 31));
  CHECK(a.outcomes[0].outcome == past_outcome::missed);
  CHECK(a.outcomes[0].score == points{0});
  REQUIRE(a.by_commune.size() == 2);
  CHECK(a.by_commune[0].key == "75115");
  CHECK(a.by_commune[0].share() == std::optional<basis_points>(basis_points{10000}));
  CHECK(a.by_commune[1].key == "75056");
  CHECK(a.by_commune[1].share() == std::optional<basis_points>(basis_points{0}));
  REQUIRE(a.by_typology.size() == 2);
  CHECK(a.by_typology[0].key == "T2");
  // E is over the income ceiling on both: not eligible, no share.
  const chance_areas e = where_chances_best(k.pool, k.E().number, published, k.rules,
                                            ymd(2025, 3, 1), ymd(2025, 3, 31));
  CHECK(e.by_commune[0].eligible == 0);
  CHECK_FALSE(e.by_commune[0].share().has_value());
  // Outside the period: nothing.
  CHECK(where_chances_best(k.pool, k.A().number, published, k.rules, ymd(2025, 4, 1),
                           ymd(2025, 4, 30))
            .outcomes.empty());
}

TEST_CASE("a same score and an earlier filing date reach the shortlist, and the same date is a tie") {
  cast k;
  const offer_ranking r1 = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  std::vector<published_thresholds> published{publish_thresholds(k.o, r1, k.pool, k.grid)};
  // Pretend the last shortlisted had 0 points: A (0 points, filed 2024-09-01) against it.
  published[0].last_score = points{0};
  published[0].last_filing = ymd(2024, 9, 2);
  const auto reach = where_chances_best(k.pool, k.A().number, published, k.rules, ymd(2025, 3, 1),
                                        ymd(2025, 3, 31));
  CHECK(reach.outcomes[0].outcome == past_outcome::reached);
  published[0].last_filing = ymd(2024, 9, 1);
  const auto tie = where_chances_best(k.pool, k.A().number, published, k.rules, ymd(2025, 3, 1),
                                      ymd(2025, 3, 31));
  CHECK(tie.outcomes[0].outcome == past_outcome::tied);
  CHECK(tie.by_commune[0].tied == 1);
  CHECK(tie.by_commune[0].reached == 0);
}

TEST_CASE("a score distribution shows bins of 10 points from 5 candidates on") {
  const std::vector<points> four{points{0}, points{10}, points{20}, points{30}};
  CHECK(distribution_of(four).withheld);
  // 5, 12, 18, 40, -5: bins [-10,0) 1, [0,10) 1, [10,20) 2, [20,30) 0, [30,40) 0, [40,50) 1;
  // sorted -5 5 12 18 40: lower median 12.
  const std::vector<points> five{points{5}, points{12}, points{18}, points{40}, points{-5}};
  const score_distribution d = distribution_of(five);
  CHECK_FALSE(d.withheld);
  CHECK(d.candidates == 5);
  CHECK(d.median == std::optional<points>(points{12}));
  CHECK(d.lowest == std::optional<points>(points{-5}));
  CHECK(d.highest == std::optional<points>(points{40}));
  const std::vector<score_bin> bins{{points{-10}, 1}, {points{0}, 1},  {points{10}, 2},
                                    {points{20}, 0},  {points{30}, 0}, {points{40}, 1}};
  CHECK(d.bins == bins);
  CHECK_THROWS_AS(distribution_of(five, points{0}), invalid_argument);
}

// Ranking of O-1: B 30, D 20, C 10, A 0 (see above). Criteria indexes are looked up by id.
TEST_CASE("what decided a rank: the criteria that differ from the one above and the shortlist") {
  cast k;
  const offer_ranking r = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  const auto index = [&](std::string_view id) {
    for (std::size_t c = 0; c < k.grid.size(); ++c) {
      if (k.grid.at(c).id == id) return static_cast<std::uint16_t>(c);
    }
    FAIL("no criterion " << id);
    return std::uint16_t{0};
  };
  // C, 3rd: above is D (20): seniority 0 for C against +20, key worker +10 against 0. Shortlisted:
  // compared with the first one below, A (0): key worker +10 against 0.
  const rank_explanation c = explain_rank(k.o, r, k.pool, k.C().number);
  CHECK(c.rank == 3);
  CHECK(c.score == points{10});
  REQUIRE(c.above.has_value());
  CHECK(c.above->other_rank == 2);
  CHECK(c.above->other_score == points{20});
  CHECK(c.above->other_before);
  CHECK(c.above->decided_by == order_key::score);
  CHECK_FALSE(c.above->other_filing.has_value());
  const std::vector<criterion_gap> above_gaps{{index("seniority"), points{0}, points{20}},
                                              {index("key_worker"), points{10}, points{0}}};
  CHECK(c.above->gaps == above_gaps);
  REQUIRE(c.shortlist.has_value());
  CHECK(c.shortlist->other_rank == 4);
  CHECK_FALSE(c.shortlist->other_before);
  const std::vector<criterion_gap> below_gaps{{index("key_worker"), points{10}, points{0}}};
  CHECK(c.shortlist->gaps == below_gaps);
  CHECK(c.distribution.withheld);  // 4 candidates

  // A, 4th: the one above and the last shortlisted are both C.
  const rank_explanation a = explain_rank(k.o, r, k.pool, k.A().number);
  REQUIRE(a.shortlist.has_value());
  CHECK(a.shortlist->other_rank == 3);
  CHECK(a.above->other_rank == 3);
  // B, 1st: nobody above.
  CHECK_FALSE(explain_rank(k.o, r, k.pool, k.people[1].number).above.has_value());
  // E is not ranked.
  CHECK_THROWS_AS(explain_rank(k.o, r, k.pool, k.E().number), invalid_argument);
}

TEST_CASE("equal scores are decided by the filing date, then the income per member") {
  cast k;
  // With N positioned: N 20 (2020) before D 20 (2022): the filing date decided.
  auto with_n = k.positioned();
  with_n.push_back(k.N().number);
  const offer_ranking r = rank_offer(k.o, k.pool, with_n, k.rules, closing());
  const rank_explanation d = explain_rank(k.o, r, k.pool, k.people[3].number);
  REQUIRE(d.above.has_value());
  CHECK(d.above->decided_by == order_key::filing_date);
  CHECK(d.above->other_filing == std::optional<date>(ymd(2020, 1, 1)));
  CHECK(d.above->gaps.empty());
  // The keys after the date: 30 000 € for 3 persons (10 000 each) before 24 000 € for 2
  // (12 000 each); equal per member (20 000 € for 2, 10 000 € for 1) → the request number.
  const rank_key x{points{5}, ymd(2020, 1, 1), money::euros(30000), 3, number(9)};
  const rank_key y{points{5}, ymd(2020, 1, 1), money::euros(24000), 2, number(1)};
  CHECK(deciding_key(x, y) == order_key::income_per_member);
  const rank_key z{points{5}, ymd(2020, 1, 1), money::euros(20000), 2, number(2)};
  const rank_key w{points{5}, ymd(2020, 1, 1), money::euros(10000), 1, number(3)};
  CHECK(deciding_key(z, w) == order_key::request_number);
}
