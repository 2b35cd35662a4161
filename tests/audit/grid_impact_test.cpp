// SPDX-License-Identifier: MIT
#include <cotation/grid_impact.hpp>

#include <vector>

#include <catch2/catch.hpp>

#include <cotation/generator.hpp>

#include "builders.hpp"

using namespace cotation;
using cotation::test::candidate;
using cotation::test::number;
using cotation::test::sample_applicant;
using cotation::test::sample_offer;
using cotation::test::ymd;

namespace {

/// The grid of `default_grid()` with the single-parent criterion at `value` points.
compiled_grid single_parent_at(points value) {
  grid g = default_grid();
  for (criterion& c : g.criteria) {
    if (auto* p = std::get_if<criteria::single_parent>(&c.parameters)) p->value = value;
  }
  g.id = "single-parent-25";
  return compiled_grid(g);
}

/// Four candidates of the sample offer filed in 2023 (1), 2020 (2), 2022 (3, a single parent)
/// and 2021 (4), a shortlist of 2.
struct four_candidates {
  std::vector<applicant> as{candidate(1, ymd(2023, 6, 1)), candidate(2, ymd(2020, 6, 1)),
                            candidate(3, ymd(2022, 6, 1)), candidate(4, ymd(2021, 6, 1))};
  offer o = sample_offer();
  std::vector<request_number> positioned{number(1), number(2), number(3), number(4)};
  std::unique_ptr<applicant_pool> pool;
  compiled_grid current{default_grid()};
  attribution_statistics statistics;
  ranking_rules rules{current, statistics};
  std::vector<offer_positionings> batch;

  four_candidates() {
    as[2].situation.single_parent = true;
    pool = std::make_unique<applicant_pool>(as);
    rules.shortlist_size = 2;
    batch.push_back({&o, positioned});
  }
};

}  // namespace

TEST_CASE("the same grid given twice moves nobody") {
  four_candidates f;
  const compiled_grid same(default_grid());
  const grid_impact impact = compare_grids(f.batch, *f.pool, f.rules, same);
  CHECK(impact.candidates == 4);
  CHECK(impact.moved == 0);
  CHECK(impact.score_changed == 0);
  CHECK(impact.requests_gaining == 0);
  CHECK(impact.requests_losing == 0);
  CHECK(impact.rank_moves[4] == 4);  // every candidate in the "0" bucket
  CHECK(impact.most_affected.empty());
  REQUIRE(impact.per_offer.size() == 1);
  CHECK(impact.per_offer[0].moves.empty());
}

TEST_CASE("raising the single-parent points moves exactly the candidates it should") {
  four_candidates f;
  // Current grid (SPEC 4): seniority +20 to 2 and 4 (more than half of the three others filed
  // later), single parent +10 to 3: 2 (20), 4 (20, filed later than 2), 3 (10), 1 (0); the
  // shortlist of 2 is {2, 4}. With single parent at +25: 3 (25), 2 (20), 4 (20), 1 (0); the
  // shortlist is {3, 2}: 3 enters, 4 leaves; 3 gains two ranks, 2 and 4 lose one, 1 stays.
  const compiled_grid proposed = single_parent_at(points{25});
  const grid_impact impact = compare_grids(f.batch, *f.pool, f.rules, proposed);
  CHECK(impact.new_grid == "single-parent-25");
  CHECK(impact.candidates == 4);
  CHECK(impact.moved == 3);
  CHECK(impact.score_changed == 1);
  CHECK(impact.requests_gaining == 1);
  CHECK(impact.requests_losing == 1);
  CHECK(impact.shortlist_places_changed == 1);
  CHECK(impact.per_offer[0].entered == std::vector<request_number>{number(3)});
  CHECK(impact.per_offer[0].left == std::vector<request_number>{number(4)});
  CHECK(impact.rank_moves[3] == 2);  // -1: 2 and 4
  CHECK(impact.rank_moves[4] == 1);  // 0: 1
  CHECK(impact.rank_moves[6] == 1);  // +2: 3
  REQUIRE(impact.per_offer[0].moves.size() == 3);
  const candidate_move& three = impact.per_offer[0].moves[2];  // in the current rank order
  CHECK(three.number == number(3));
  CHECK(three.rank_before == 3);
  CHECK(three.rank_after == 1);
  CHECK(three.score_before == points{10});
  CHECK(three.score_after == points{25});
  // The most affected: the two who changed shortlist first (3 by its two ranks), then 2.
  REQUIRE(impact.most_affected.size() == 3);
  CHECK(impact.most_affected[0].number == number(3));
  CHECK(impact.most_affected[1].number == number(4));
  CHECK(impact.most_affected[2].number == number(2));
  // By household size: all four are families of three.
  const impact_breakdown& households = impact.breakdowns[0];
  CHECK(households.dimension == "household_size");
  REQUIRE(households.groups.size() == 1);
  CHECK(households.groups[0].label == "3");
  CHECK(households.groups[0].entered == 1);
  CHECK(households.groups[0].left == 1);
  CHECK(households.groups[0].moved_up == 1);
  CHECK(households.groups[0].moved_down == 2);
}

TEST_CASE(
    "the breakdowns place the hand-worked candidates by age band, company, priority and "
    "department") {
  four_candidates f;
  const grid_impact impact = compare_grids(f.batch, *f.pool, f.rules, single_parent_at(points{25}));
  REQUIRE(impact.breakdowns.size() == 5);
  // The reference person of the sample family was born 1985-05-20: 39 on 2025-03-08, the
  // closing date; the employer is a PME (the default), nobody is in a priority situation, and
  // every request number starts with department 075.
  const std::vector<std::pair<std::string, std::string>> only_group = {
      {"age_band", "30-39"}, {"company_size", "PME"}, {"priority", "none"}, {"department", "075"}};
  for (std::size_t d = 1; d < 5; ++d) {
    const impact_breakdown& b = impact.breakdowns[d];
    INFO(b.dimension);
    CHECK(b.dimension == only_group[d - 1].first);
    REQUIRE(b.groups.size() == 1);
    CHECK(b.groups[0].label == only_group[d - 1].second);
    CHECK(b.groups[0].candidates == 4);
    CHECK(b.groups[0].entered == 1);
    CHECK(b.groups[0].left == 1);
    CHECK(b.groups[0].score_changed == 1);
    // Ranks gained over the group: +2 (3), -1 (2), -1 (4), 0 (1).
    CHECK(b.groups[0].ranks_gained == 0);
  }
}

TEST_CASE("the most affected requests are cut to the number asked for, the most affected first") {
  four_candidates f;
  const grid_impact impact =
      compare_grids(f.batch, *f.pool, f.rules, single_parent_at(points{25}), 1);
  REQUIRE(impact.most_affected.size() == 1);
  CHECK(impact.most_affected[0].number == number(3));
  CHECK(impact.most_affected[0].entered == 1);
  CHECK(impact.most_affected[0].ranks_gained == 2);
  // The totals still count every request.
  CHECK(impact.requests_gaining == 1);
  CHECK(impact.requests_losing == 1);
}

TEST_CASE("the default grid under another id moves nobody on a generated day") {
  // Single parent at +10 is the default: the same grid under another id. Every candidate of a
  // generated day keeps rank and score.
  const date today = ymd(2026, 3, 2);
  auto generated =
      generate_population_and_offers({.seed = 21, .requests = 4'000, .reference = today}, 150, 1);
  const applicant_pool pool(generated.applicants);
  std::vector<std::vector<request_number>> lists;
  for (std::size_t k = 0; k < generated.offers.size(); ++k) {
    lists.push_back(generate_positionings(pool, generated.offers[k], 20, 500 + k));
  }
  std::vector<offer_positionings> batch;
  for (std::size_t k = 0; k < generated.offers.size(); ++k) {
    batch.push_back({&generated.offers[k], lists[k]});
  }
  const compiled_grid current(default_grid());
  const attribution_statistics statistics(generate_attributions(
      {.seed = 21, .attributions = yearly_attributions(pool.size()), .reference = today}));
  const ranking_rules rules{.grid = current, .statistics = statistics};
  const grid_impact impact = compare_grids(batch, pool, rules, single_parent_at(points{10}), 20, 2);
  CHECK(impact.offers == 150);
  CHECK(impact.candidates > 1'000);
  CHECK(impact.moved == 0);
  CHECK(impact.score_changed == 0);
  CHECK(impact.shortlist_places_changed == 0);
  CHECK(impact.rank_moves[4] == impact.candidates);
  CHECK(impact.most_affected.empty());
}
