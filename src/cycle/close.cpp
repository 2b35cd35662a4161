// SPDX-License-Identifier: MIT
// Closing a day's offers: one ranking over the pool, shortlists.
#include <cotation/ranking.hpp>
#include <cotation/ranking_checks.hpp>

#include "cycle/operations.hpp"
#include "detail/emplace.hpp"

namespace cotation {

void allocation_engine::operations::close_offers(const std::vector<std::uint32_t>& closing,
                                                 date d) {
  const applicant_pool& pool = e.pool_;  // kept up to date by every event: nothing to build
  std::vector<std::vector<request_number>> positioned(closing.size());
  std::vector<offer_positionings> batch;
  batch.reserve(closing.size());
  for (std::size_t k = 0; k < closing.size(); ++k) {
    for (const positioning& p : e.offers_[closing[k]].positionings) {
      if (p.active()) positioned[k].push_back(p.request);
    }
    batch.push_back(offer_positionings{&e.offers_[closing[k]].offer, positioned[k]});
  }
  const ranking_rules rules{
      .grid = *e.grid_,
      .statistics = e.statistics_,
      .als_targets = e.options_.als_targets.value_or(default_targets(e.valid_requests_by_size(d))),
      .eligibility = e.options_.eligibility,
      .ceilings = *e.options_.ceilings,
      .shortlist_size = std::nullopt,
      .score_cards = true};
  // Each offer on its own: one whose ranking fails its property checks is held, and only it.
  std::vector<offer_outcome> outcomes =
      rank_offers_each(batch, pool, rules, e.options_.close_threads);
  // Closing changes no attribution: who holds a dwelling is the same for every offer of the day.
  const auto busy = [&](const request_number& n) {
    return e.options_.exclude_awaiting_answer && e.holds_dwelling(n);
  };
  for (std::size_t k = 0; k < closing.size(); ++k) {
    offer_record& r = e.offer_mut(closing[k]);
    if (!outcomes[k].ranked()) {
      r.state = offer_state::held;
      r.ended_on = d;
      r.held_because = outcomes[k].failure->what();
      continue;
    }
    offer_ranking& ranking = *outcomes[k].ranking;
    offer_closing c;
    c.on = d;
    c.eligible_count = ranking.eligible_count;
    c.candidate_count = ranking.candidate_count;
    const auto wanted =
        static_cast<std::size_t>(e.options_.shortlist_size.value_or(r.offer.shortlist_size));
    c.ranking.reserve(ranking.candidates.size());
    for (ranked_candidate& rc : ranking.candidates) {
      if (c.shortlist.size() < wanted) {
        (busy(rc.number) ? c.passed_over : c.shortlist).push_back(rc.number);
      }
      detail::emplace_aggregate(c.ranking, rc.number, rc.rank, rc.score, std::move(*rc.card));
    }
    for (const ineligible_candidate& ic : ranking.ineligible) {
      ineligible_entry entry{ic.number, {}};
      for (const eligibility_failure& f : ic.reasons) entry.reasons.push_back(f.reason);
      c.ineligible.push_back(std::move(entry));
    }
    const bool nobody = c.shortlist.empty();
    r.closing = std::move(c);
    r.state = nobody ? offer_state::unattributed : offer_state::closed;
    if (nobody) r.ended_on = d;
  }
}

}  // namespace cotation
