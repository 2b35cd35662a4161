// SPDX-License-Identifier: MIT
// Applicant advice benchmarks (issue 14): one request's chances across the 1 200 open offers of
// the national pool (2.7 M requests), and the legal explanation of one decision. Targets and
// results: docs/performance.md.
#include <cotation/advice.hpp>
#include <cotation/legal.hpp>

#include <benchmark/benchmark.h>

#include "country.hpp"

#include <memory>
#include <set>

namespace {

using namespace cotation;

/// The national fixture (bench/country.hpp) with its offers open two days after publication:
/// the board of their current rankings, and the requests to ask about (every one positioned
/// somewhere: they wish where offers are).
struct open_country {
  bench::country& c = bench::country::get();
  compiled_grid grid{default_grid()};
  attribution_statistics statistics;
  ranking_rules rules{grid, statistics};
  std::unique_ptr<offer_board> board;
  std::vector<request_number> askers;

  open_country() {
    rules.score_cards = true;  // legal_explanation_one explains a board ranking
    rules.als_targets = default_targets(c.pool->active_requests_by_size(bench::country_day));
    std::vector<open_offer> open;
    for (std::size_t k = 0; k < c.offers.size(); ++k) {
      open.push_back({&c.offers[k], c.positioned[k]});
    }
    board = std::make_unique<offer_board>(open, *c.pool, rules,
                                          bench::country_day + boost::gregorian::days(2));
    std::set<request_number> seen;
    for (const auto& list : c.positioned) {
      for (const auto& n : list) {
        if (seen.insert(n).second && askers.size() < 2000) askers.push_back(n);
      }
    }
  }
  static open_country& get() {
    static open_country o;
    return o;
  }
};

void chances_country(benchmark::State& state) {
  open_country& o = open_country::get();
  std::size_t k = 0;
  std::size_t eligible = 0;
  std::size_t asked = 0;
  for (auto _ : state) {
    const auto cs = chances(*o.board, o.askers[k++ % o.askers.size()]);
    for (const auto& x : cs) eligible += x.eligible() ? 1U : 0U;
    ++asked;
    benchmark::DoNotOptimize(cs);
  }
  state.counters["pool"] = static_cast<double>(o.c.pool->size());
  state.counters["open_offers"] = static_cast<double>(o.board->size());
  state.counters["mean_eligible_offers"] =
      static_cast<double>(eligible) / static_cast<double>(asked);
}
BENCHMARK(chances_country)->Unit(benchmark::kMillisecond);

/// The legal explanation of one candidate of an offer with about 100 positioned requests in the
/// country: built from the offer's ranking (the ranking itself is not timed).
void legal_explanation_one(benchmark::State& state) {
  open_country& o = open_country::get();
  const offer_ranking& r = o.board->ranking(0);
  const ranked_candidate& someone = r.candidates[r.candidates.size() / 2];
  const applicant& a = o.c.applicants[someone.request];
  for (auto _ : state) {
    auto e = explain_legally(a, o.c.offers[0], r, *o.c.pool, o.grid);
    benchmark::DoNotOptimize(e);
  }
  state.counters["candidates"] = static_cast<double>(r.candidate_count);
}
BENCHMARK(legal_explanation_one)->Unit(benchmark::kMicrosecond);

}  // namespace
