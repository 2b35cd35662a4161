// SPDX-License-Identifier: MIT
// A landlord's own grid: starts from the default grid, adds a criterion, changes a value, saves
// the grid as JSON (the versioned document a service stores) and loads it back, then ranks the
// same offer with both grids to show what changed. Last, a broken grid document is rejected
// with the JSON pointer of its fault.
//
//   cotation_custom_grid_example [data_set.json]    (default: the bundled examples/data/small.json)
#include <fmt/format.h>

#include <cotation/cotation.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#ifndef COTATION_EXAMPLES_DATA
#define COTATION_EXAMPLES_DATA "examples/data"
#endif

namespace {

using namespace cotation;

criterion& find(grid& g, std::string_view id) {
  for (criterion& c : g.criteria) {
    if (c.id == id) return c;
  }
  throw invalid_argument(std::string(id), "no such criterion in the grid");
}

// Ranks the offer with every eligible request of the pool positioned (as rank_offer.cpp).
offer_ranking rank_with(const compiled_grid& grid, const offer& o, const applicant_pool& pool) {
  const date closing = o.closing_date();
  std::vector<request_number> positioned;
  for (pool_index i = 0; i < pool.size(); ++i) {
    if (pool.check(i, o, closing).eligible()) positioned.push_back(pool.number(i));
  }
  const attribution_statistics no_attributions;
  ranking_rules rules{grid, no_attributions};
  rules.score_cards = true;  // the first candidate's card is shown
  rules.als_targets = default_targets(pool.active_requests_by_size(closing));
  return rank_offer(o, pool, positioned, rules, closing);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : COTATION_EXAMPLES_DATA "/small.json";
  try {
    // A grid is plain data: edit the structure, and `compiled_grid` validates it.
    grid custom = default_grid();
    custom.id = "lille-essential-jobs-2026";
    // Added criterion: key workers weigh +40 for this landlord. It shares a group with the
    // default key-worker criterion (+10), so only the better of the two counts.
    find(custom, "key_worker").group = "essential_jobs";
    custom.criteria.push_back(criterion{
        "key_worker_priority", "Travailleur clé (priorité du bailleur)",
        "Key worker (landlord's priority)", criteria::key_worker{points{40}}, "essential_jobs"});
    // Changed value: a dossier refused by a commission earns +20 instead of +40.
    std::get<criteria::commission_refusals>(find(custom, "commission_refusals").parameters)
        .per_refusal = points{20};

    // Saved as JSON, loaded back: every parameter is written out, so the stored grid means what
    // it says even if the library's defaults change.
    const std::string saved = to_json(custom);
    const grid loaded = grid_from_json(saved, "lille-essential-jobs-2026.json");
    fmt::print("grid {} saved ({} bytes) and loaded back: {}\n\n", loaded.id, saved.size(),
               loaded == custom ? "identical" : "DIFFERENT");

    const data_set data = read_data_set_file(path);
    const applicant_pool pool(data.applicants);
    if (data.offers.empty()) {
      fmt::print(stderr, "error: {}: no offer to rank\n", path);
      return 2;
    }
    const offer& o = data.offers.front();
    const compiled_grid before(default_grid());
    const compiled_grid after(loaded);
    const offer_ranking a = rank_with(before, o, pool);
    const offer_ranking b = rank_with(after, o, pool);

    fmt::print("Offer {}, {} candidates\n", o.id, a.candidate_count);
    for (const auto& [g, r] : {std::pair{&before, &a}, std::pair{&after, &b}}) {
      fmt::print("  with {}:\n", g->source().id);
      for (const ranked_candidate& c : r->candidates) {
        fmt::print("    {}. {} {:>3} points\n", c.rank, c.number, c.score.value);
      }
    }
    const ranked_candidate& first = b.candidates.front();
    fmt::print("\nScore card of {} with {}:\n{}", first.number, after.source().id,
               explain(after, *first.card));

    // A broken document is refused as a whole, naming the JSON pointer of the fault.
    std::string broken = saved;
    const std::string window = "\"window_months\": 12";
    broken.replace(broken.find(window), window.size(), "\"window_months\": 240");
    try {
      (void)grid_from_json(broken, "broken.json");
      fmt::print("\nthe broken grid was accepted: this is a bug\n");
      return 1;
    } catch (const grid_error& e) {
      fmt::print("\nbroken grid refused: {}\n", e.what());
    }
  } catch (const error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
