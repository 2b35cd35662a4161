// SPDX-License-Identifier: MIT
// Ranks one offer the way a service answers "who gets this dwelling": loads a data set, builds
// the applicant pool once, positions the offer's eligible applicants (plus one who is not, to
// show the reasons a service returns), ranks them, and prints the counts the platform shows,
// the ranking, the shortlist sent to the commission and the first candidate's score card.
//
//   cotation_rank_offer_example [data_set.json] [offer id]
//       (default: the bundled examples/data/small.json and its offer LIL-2026-0001)
#include <fmt/format.h>

#include <algorithm>
#include <cotation/cotation.hpp>
#include <cstdio>
#include <string>
#include <vector>

#ifndef COTATION_EXAMPLES_DATA
#define COTATION_EXAMPLES_DATA "examples/data"
#endif

int main(int argc, char** argv) {
  using namespace cotation;
  const std::string path = argc > 1 ? argv[1] : COTATION_EXAMPLES_DATA "/small.json";
  const offer_id wanted{argc > 2 ? argv[2] : "LIL-2026-0001"};
  try {
    // Input documents are read strictly: a fault throws `document_error` with its JSON pointer.
    const data_set data = read_data_set_file(path);
    const auto it = std::find_if(data.offers.begin(), data.offers.end(),
                                 [&](const offer& o) { return o.id == wanted; });
    if (it == data.offers.end()) {
      fmt::print(stderr, "error: {}: no offer {}\n", path, wanted);
      return 2;
    }
    const offer& o = *it;

    // The pool is built once (columnar) and serves every offer of the territory; a service keeps
    // it between requests and rebuilds it when requests change.
    const applicant_pool pool(data.applicants);
    const date closing = o.closing_date();  // eligibility and scoring are read on this day

    // The data set carries no positionings: here every eligible applicant positions, and so
    // does the first ineligible one who wished the department, to show `ineligible`.
    std::vector<request_number> positioned;
    bool ineligible_added = false;
    for (pool_index i = 0; i < pool.size(); ++i) {
      const applicant& a = data.applicants[i];
      const bool wants_area = std::find(a.wishes.departments.begin(), a.wishes.departments.end(),
                                        o.department()) != a.wishes.departments.end();
      if (pool.check(i, o, closing).eligible()) {
        positioned.push_back(pool.number(i));
      } else if (wants_area && !ineligible_added) {
        positioned.push_back(pool.number(i));
        ineligible_added = true;
      }
    }

    // What ranking applies: the grid (compiled once), the attributions of the last months for
    // the ALS criterion (none yet here) and the ALS targets (shares of the active requests).
    const compiled_grid grid(default_grid());
    const attribution_statistics statistics;
    ranking_rules rules{grid, statistics};
    rules.score_cards = true;  // the first candidate's card is shown below
    rules.als_targets = default_targets(pool.active_requests_by_size(closing));

    const offer_ranking ranking = rank_offer(o, pool, positioned, rules, closing);

    fmt::print("Offer {}: T{} in {}, {} rent + charges, {}; closes {}\n", o.id, o.rooms, o.commune,
               o.total_rent(), o.financing, closing);
    fmt::print("{} eligible applicant(s) in the pool, {} candidate(s)\n\n", ranking.eligible_count,
               ranking.candidate_count);
    fmt::print("Ranking (score, then filing date, income per person, request number):\n");
    for (const ranked_candidate& c : ranking.candidates) {
      fmt::print("  {}. {}  {:>4} points  (filed {})\n", c.rank, c.number, c.score.value,
                 pool.initial_filing(c.request));
    }
    for (const ineligible_candidate& c : ranking.ineligible) {
      fmt::print("  not eligible: {}\n", c.number);
      for (const eligibility_failure& f : c.reasons) fmt::print("    - {}\n", f);
    }

    fmt::print("\nShortlist for the commission ({}):", ranking.shortlist_size);
    for (const ranked_candidate& c : ranking.shortlist()) fmt::print(" {}", c.number);
    fmt::print("\n");

    // The score card is what an applicant may ask for (CRPA L311-3-1): the criteria as applied
    // to their situation, in French by default.
    if (!ranking.candidates.empty()) {
      const ranked_candidate& first = ranking.candidates.front();
      fmt::print("\nScore card of {}:\n{}", first.number, explain(grid, *first.card));
    }
  } catch (const error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
