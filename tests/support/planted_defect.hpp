// SPDX-License-Identifier: MIT
// A defect planted in the rankings through the library's own seam, for the tests of what the
// runtime property checks stop (the batch, the engine's close).
#pragma once

#include <cotation/ranking.hpp>

namespace cotation::detail {
// The library's seam for a planted defect (src/ranking/ranking.cpp; no header exposes it).
void plant_ranking_defect(void (*defect)(offer_ranking&)) noexcept;
}  // namespace cotation::detail

namespace cotation::test {

/// The defect: the shortlist of offer O-2 only cut to one candidate.
inline void cut_the_shortlist_of_o2(offer_ranking& r) {
  if (r.offer == offer_id{"O-2"}) r.shortlist_size = 1;
}

/// Plants `cut_the_shortlist_of_o2` for the lifetime of the object.
struct planted_defect {
  planted_defect() { detail::plant_ranking_defect(&cut_the_shortlist_of_o2); }
  ~planted_defect() { detail::plant_ranking_defect(nullptr); }
  planted_defect(const planted_defect&) = delete;
  planted_defect& operator=(const planted_defect&) = delete;
};

}  // namespace cotation::test
