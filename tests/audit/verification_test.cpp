// SPDX-License-Identifier: MIT
#include <cotation/generator.hpp>
#include <cotation/ranking_checks.hpp>
#include <cotation/verification.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "builders.hpp"
#include "planted_defect.hpp"

using namespace cotation;
using cotation::test::candidate;
using cotation::test::closing;
using cotation::test::number;
using cotation::test::sample_applicant;
using cotation::test::sample_offer;
using cotation::test::ymd;

namespace {

/// Four candidates of the sample offer filed in 2020, 2021, 2022 and 2023, one of them (3) a
/// single parent, and one request that is not eligible (its dossier is incomplete).
data_set small_set() {
  data_set d;
  d.applicants = {candidate(1, ymd(2023, 6, 1)), candidate(2, ymd(2020, 6, 1)),
                  candidate(3, ymd(2022, 6, 1)), candidate(4, ymd(2021, 6, 1)),
                  candidate(5, ymd(2019, 6, 1))};
  d.applicants[2].situation.single_parent = true;
  d.applicants[4].dossier.employer_validated = false;
  d.offers = {sample_offer()};
  d.positionings = {{d.offers[0].id, {number(1), number(2), number(3), number(4), number(5)}}};
  return d;
}

bool names(const ranking_difference& d, const request_number& n) {
  return std::find(d.requests.begin(), d.requests.end(), n) != d.requests.end();
}

struct ranked_small {
  data_set d = small_set();
  applicant_pool pool{d.applicants};
  compiled_grid grid{default_grid()};
  attribution_statistics statistics;
  ranking_rules rules{grid, statistics};
  reference_ranker plain{d.applicants, grid.source(), d.attributions, std::nullopt};
  offer_ranking fast = rank_offer(d.offers[0], pool, d.positionings[0].requests, rules, closing());
  reference_ranking reference = plain.rank(d.offers[0], d.positionings[0].requests, closing());
};

}  // namespace

TEST_CASE("the plain implementation ranks the small case as SPEC 4 and 5 say") {
  ranked_small s;
  // Candidates 1-4 (5's dossier is incomplete). Seniority (older than the median of the three
  // others, +20): 2 (2020) and 4 (2021) have more than half of the others filed later; 3 (2022)
  // has one of three later, 1 (2023) none. Single parent +10 for 3. So 2: 20, 4: 20, 3: 10,
  // 1: 0; 2 before 4 by the earlier filing date.
  REQUIRE(s.reference.candidates.size() == 4);
  CHECK(s.reference.candidates[0] == reference_candidate{number(2), points{20}});
  CHECK(s.reference.candidates[1] == reference_candidate{number(4), points{20}});
  CHECK(s.reference.candidates[2] == reference_candidate{number(3), points{10}});
  CHECK(s.reference.candidates[3] == reference_candidate{number(1), points{0}});
  REQUIRE(s.reference.ineligible.size() == 1);
  CHECK(s.reference.ineligible[0].number == number(5));
  CHECK(s.reference.ineligible[0].reasons ==
        std::vector<ineligibility>{ineligibility::dossier_incomplete});
  CHECK(s.reference.eligible_count == 4);
  CHECK(s.reference.shortlist_size == 3);
  CHECK(compare(s.fast, s.reference).empty());
}

TEST_CASE("verification names the offer and both candidates when two candidates are swapped") {
  ranked_small s;
  std::swap(s.fast.candidates[1], s.fast.candidates[2]);  // 4 and 3 trade places
  s.fast.candidates[1].rank = 2;
  s.fast.candidates[2].rank = 3;
  const auto diffs = compare(s.fast, s.reference);
  REQUIRE_FALSE(diffs.empty());
  const auto swapped = std::find_if(diffs.begin(), diffs.end(), [](const auto& d) {
    return d.kind == difference_kind::order && names(d, number(3)) && names(d, number(4));
  });
  REQUIRE(swapped != diffs.end());
  CHECK(swapped->offer == sample_offer().id);
  // The runtime property checks see it too: 3 (10 points) ranks before 4 (20 points).
  const auto failures =
      check_ranking(s.fast, s.d.offers[0], s.pool, s.d.positionings[0].requests, s.rules);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].property == "order");
  CHECK(failures[0].requests == std::vector<request_number>{number(3), number(4)});
}

TEST_CASE("verification names the candidate whose score was altered") {
  ranked_small s;
  s.fast.candidates[3].score = points{7};  // candidate 1 earned 0
  const auto diffs = compare(s.fast, s.reference);
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].kind == difference_kind::score);
  CHECK(diffs[0].offer == sample_offer().id);
  CHECK(diffs[0].requests == std::vector<request_number>{number(1)});
  CHECK(fmt::format("{}", diffs[0]) ==
        "offer O-1: score: 0750924000010ABCDE scores +7 here, 0 in the plain implementation");
}

TEST_CASE("verification reports a request eligible in one implementation only") {
  ranked_small s;
  // Drop candidate 3 from the fast ranking, as if the gate had refused it.
  s.fast.candidates.erase(s.fast.candidates.begin() + 2);
  const auto diffs = compare(s.fast, s.reference);
  CHECK(std::any_of(diffs.begin(), diffs.end(), [](const auto& d) {
    return d.kind == difference_kind::eligibility && names(d, number(3));
  }));
}

TEST_CASE("the runtime checks hold on a correct ranking and catch a wrong shortlist") {
  ranked_small s;
  CHECK(
      check_ranking(s.fast, s.d.offers[0], s.pool, s.d.positionings[0].requests, s.rules).empty());
  s.fast.shortlist_size = 2;
  const auto failures =
      check_ranking(s.fast, s.d.offers[0], s.pool, s.d.positionings[0].requests, s.rules);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].property == "shortlist");
  CHECK_THROWS_AS(enforce_ranking_properties(s.fast, s.d.offers[0], s.pool,
                                             s.d.positionings[0].requests, s.rules),
                  ranking_property_error);
}

TEST_CASE(
    "the check every ranking runs over its own keys passes a correct ranking and names "
    "what a wrong one breaks") {
  ranked_small s;
  const offer& o = s.d.offers[0];
  // The keys as SPEC 5 orders the candidates, read from the pool, and the positioned indexes.
  const auto keys_of = [&](const offer_ranking& r) {
    std::vector<rank_key> keys;
    for (const ranked_candidate& c : r.candidates) {
      keys.push_back(rank_key{c.score, s.pool.initial_filing(c.request),
                              s.pool.reference_income_of(c.request, o.ceiling_year())->amount,
                              s.pool.persons(c.request), c.number});
    }
    return keys;
  };
  std::vector<pool_index> positioned;
  for (const request_number& n : s.d.positionings[0].requests)
    positioned.push_back(*s.pool.find(n));
  std::sort(positioned.begin(), positioned.end());
  std::vector<rank_key> keys = keys_of(s.fast);
  // Four candidates (2, 4, 3, 1 by SPEC 4), request 5 refused (incomplete dossier).
  REQUIRE(s.fast.candidates.size() == 4);
  REQUIRE(s.fast.ineligible.size() == 1);
  CHECK(check_ranking_by_keys(s.fast, o, s.pool, positioned, keys, s.rules).empty());

  SECTION("two keys out of order") {
    // Ranks 2 and 3 (requests 4 and 3) given each other's keys: 3's key does not come
    // before 4's; the keys of ranks 1 and 4 still follow and precede them.
    std::swap(keys[1], keys[2]);
    const auto failures = check_ranking_by_keys(s.fast, o, s.pool, positioned, keys, s.rules);
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].property == "order");
    CHECK(failures[0].requests == std::vector<request_number>{number(4), number(3)});
  }
  SECTION("a rank skipped and a shortlist cut short") {
    s.fast.candidates[3].rank = 5;
    s.fast.shortlist_size = 1;
    const auto failures = check_ranking_by_keys(s.fast, o, s.pool, positioned, keys, s.rules);
    REQUIRE(failures.size() == 2);
    CHECK(failures[0].property == "ranks");
    CHECK(failures[0].requests == std::vector<request_number>{number(1)});
    CHECK(failures[1].property == "shortlist");
  }
  SECTION("a positioned request neither ranked nor refused") {
    s.fast.ineligible.clear();
    const auto failures = check_ranking_by_keys(s.fast, o, s.pool, positioned, keys, s.rules);
    REQUIRE(failures.size() == 2);
    CHECK(failures[0].property == "counts");
    CHECK(failures[1].property == "positioned");
    CHECK(failures[1].requests == std::vector<request_number>{number(5)});
    CHECK_THROWS_MATCHES(enforce_ranking_properties(o, failures), ranking_property_error,
                         Catch::Matchers::Predicate<ranking_property_error>(
                             [](const auto& e) { return e.where() == "offer O-1"; }));
  }
  SECTION("a shortlisted candidate the gate refuses") {
    // Request 5 (its dossier incomplete) put first in place of request 2.
    s.fast.candidates[0].request = *s.pool.find(number(5));
    const auto failures = check_ranking_by_keys(s.fast, o, s.pool, positioned, keys, s.rules);
    REQUIRE_FALSE(failures.empty());
    CHECK(failures.back().property == "eligible");
  }
  SECTION("one key per candidate or an error") {
    keys.pop_back();
    CHECK_THROWS_AS(check_ranking_by_keys(s.fast, o, s.pool, positioned, keys, s.rules),
                    cotation::invalid_argument);
  }
}

TEST_CASE("rank_offer checks its properties by default and ranks the same without the check") {
  ranked_small s;
  ranking_rules unchecked = s.rules;
  unchecked.check_properties = false;
  const offer_ranking plain =
      rank_offer(s.d.offers[0], s.pool, s.d.positionings[0].requests, unchecked, closing());
  CHECK(s.rules.check_properties);
  REQUIRE(plain.candidates.size() == s.fast.candidates.size());
  for (std::size_t k = 0; k < plain.candidates.size(); ++k) {
    CHECK(plain.candidates[k].number == s.fast.candidates[k].number);
    CHECK(plain.candidates[k].score == s.fast.candidates[k].score);
  }
  CHECK(s.fast.candidates[0].number == number(2));  // SPEC 4 by hand: 2, 4, 3, 1
  CHECK(s.fast.candidates[1].number == number(4));
  CHECK(s.fast.candidates[2].number == number(3));
  CHECK(s.fast.candidates[3].number == number(1));
}

TEST_CASE("verification passes on 10 000 generated offers") {
  const date today = ymd(2026, 3, 2);
  auto generated = generate_population_and_offers(
      {.seed = 15, .requests = 12'000, .reference = today}, 2'500, 4);
  data_set d;
  d.applicants = std::move(generated.applicants);
  d.offers = std::move(generated.offers);
  d.attributions = generate_attributions(
      {.seed = 15, .attributions = yearly_attributions(d.applicants.size()), .reference = today});
  const applicant_pool pool(d.applicants);
  for (std::size_t k = 0; k < d.offers.size(); ++k) {
    d.positionings.push_back(
        {d.offers[k].id, generate_positionings(pool, d.offers[k], 6, 1000 + k)});
  }
  REQUIRE(d.offers.size() == 10'000);
  const compiled_grid grid(default_grid());
  const verification_report report = verify_rankings(d, pool, grid, 2);
  CHECK(report.offers == 10'000);
  CHECK(report.candidates > 20'000);
  CHECK(report.failures.empty());
  for (std::size_t k = 0; k < std::min<std::size_t>(report.differences.size(), 5); ++k) {
    INFO(fmt::format("{}", report.differences[k]));
    CHECK(false);
  }
  CHECK(report.passed());
}

TEST_CASE("the plain counts of many offers together equal each offer's own count") {
  const date today = ymd(2026, 3, 2);
  auto generated = generate_population_and_offers(
      {.seed = 17, .requests = 4'000, .reference = today}, 60, 2);
  const compiled_grid grid(default_grid());
  const reference_ranker plain(generated.applicants, grid.source(), {}, std::nullopt);
  std::vector<date> at;
  for (std::size_t k = 0; k < generated.offers.size(); ++k) {
    at.push_back(generated.offers[k].closing_date() + boost::gregorian::days(static_cast<long>(k % 3)));
  }
  const std::vector<std::size_t> together = plain.count_eligible(generated.offers, at, 2);
  REQUIRE(together.size() == generated.offers.size());
  std::size_t eligible = 0;
  for (std::size_t k = 0; k < generated.offers.size(); ++k) {
    // One offer alone, with nobody positioned: its count over the whole pool.
    CHECK(together[k] == plain.rank(generated.offers[k], {}, at[k]).eligible_count);
    eligible += together[k];
  }
  CHECK(eligible > 0);  // the check compares something
  CHECK_THROWS_AS(plain.count_eligible(generated.offers, std::span(at).first(3)),
                  cotation::invalid_argument);
}

// Verifies on two threads.
TEST_CASE("verification passes under a grid with groups, caps and another seniority mode",
          "[threads]") {
  const date today = ymd(2026, 3, 2);
  auto generated = generate_population_and_offers({.seed = 16,
                                                   .requests = 3'000,
                                                   .reference = today,
                                                   .only_department = department::parse("092")},
                                                  200, 1);
  data_set d;
  d.applicants = std::move(generated.applicants);
  d.offers = std::move(generated.offers);
  d.attributions = generate_attributions({.seed = 16, .attributions = 300, .reference = today});
  const applicant_pool pool(d.applicants);
  for (std::size_t k = 0; k < d.offers.size(); ++k) {
    d.positionings.push_back(
        {d.offers[k].id, generate_positionings(pool, d.offers[k], 30, 2000 + k)});
  }
  grid g = default_grid();
  for (criterion& c : g.criteria) {
    if (auto* p = std::get_if<criteria::seniority>(&c.parameters))
      p->mode = seniority_mode::older_than_mean;
    if (c.kind() == criterion_kind::dalo || c.kind() == criterion_kind::domestic_violence ||
        c.kind() == criterion_kind::housing_situation) {
      c.group = "priority";
    }
    if (c.kind() == criterion_kind::applicant_refusals) c.group = "priority";
  }
  g.group_caps["priority"] = points{20};
  g.total_cap = points{45};
  const compiled_grid grid(g);
  const verification_report report = verify_rankings(d, pool, grid, 2);
  CHECK(report.candidates > 1'000);
  for (std::size_t k = 0; k < std::min<std::size_t>(report.differences.size(), 5); ++k) {
    INFO(fmt::format("{}", report.differences[k]));
    CHECK(false);
  }
  CHECK(report.passed());
}

// --- One failing offer of a batch stops only itself --------------------------------------------

TEST_CASE("a batch whose one offer fails its checks ranks the others and names that offer") {
  ranked_small s;
  offer second = s.d.offers[0];
  second.id = offer_id{"O-2"};
  const std::vector<offer_positionings> batch{{&s.d.offers[0], s.d.positionings[0].requests},
                                              {&second, s.d.positionings[0].requests},
                                              {&s.d.offers[0], s.d.positionings[0].requests}};
  const cotation::test::planted_defect defect;
  for (const unsigned threads : {1U, 2U}) {
    const auto outcomes = rank_offers_each(batch, s.pool, s.rules, threads);
    REQUIRE(outcomes.size() == 3);
    // O-1, first and last: ranked as SPEC 4 and 5 say (2, 4, 3, 1), shortlist of three.
    for (const std::size_t k : {0U, 2U}) {
      REQUIRE(outcomes[k].ranked());
      CHECK_FALSE(outcomes[k].failure);
      std::vector<request_number> order;
      for (const ranked_candidate& c : outcomes[k].ranking->candidates) order.push_back(c.number);
      CHECK(order == std::vector<request_number>{number(2), number(4), number(3), number(1)});
      CHECK(outcomes[k].ranking->shortlist_size == 3);
    }
    // O-2: stopped by its checks, with the property and the offer named.
    REQUIRE_FALSE(outcomes[1].ranked());
    REQUIRE(outcomes[1].failure);
    CHECK(outcomes[1].failure->where() == "offer O-2");
    CHECK_THAT(outcomes[1].failure->reason(), Catch::Matchers::Contains("shortlist"));
  }
  // `rank_offers` gives no ranking and throws that failure as it is (not a data error).
  CHECK_THROWS_MATCHES(rank_offers(batch, s.pool, s.rules, 2), ranking_property_error,
                       Catch::Matchers::Predicate<ranking_property_error>(
                           [](const auto& e) { return e.where() == "offer O-2"; }));
}
