// SPDX-License-Identifier: MIT
// Comparing the rankings of the same offers under two grids.
#include <cotation/grid_impact.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "request_groups.hpp"

namespace cotation {

namespace {

constexpr std::size_t one_if(bool b) noexcept { return b ? 1U : 0U; }

std::size_t bucket_of(std::int64_t gained) {
  if (gained <= -10) return 0;
  if (gained <= -3) return 1;
  if (gained == -2) return 2;
  if (gained == -1) return 3;
  if (gained == 0) return 4;
  if (gained == 1) return 5;
  if (gained == 2) return 6;
  if (gained <= 9) return 7;
  return 8;
}

/// `rules` with grid `g`, building no score card.
ranking_rules points_only(const ranking_rules& rules, const compiled_grid& g) {
  return ranking_rules{.grid = g,
                       .statistics = rules.statistics,
                       .als_targets = rules.als_targets,
                       .eligibility = rules.eligibility,
                       .ceilings = rules.ceilings,
                       .shortlist_size = rules.shortlist_size,
                       .score_cards = false};
}

}  // namespace

grid_impact compare_rankings(std::span<const offer_ranking> before,
                             std::span<const offer_ranking> after, const applicant_pool& pool,
                             std::size_t most_affected) {
  grid_impact out;
  out.offers = before.size();
  static constexpr std::array<std::string_view, 5> dimensions{
      "household_size", "age_band", "company_size", "priority", "department"};
  std::array<std::map<std::string, impact_group>, 5> groups;
  std::unordered_map<request_number, affected_request> requests;

  for (std::size_t k = 0; k < before.size() && k < after.size(); ++k) {
    const offer_ranking& b = before[k];
    const offer_ranking& a = after[k];
    offer_impact oi;
    oi.offer = b.offer;
    oi.candidates = b.candidates.size();
    std::unordered_map<request_number, std::size_t> after_at;
    for (std::size_t r = 0; r < a.candidates.size(); ++r) after_at[a.candidates[r].number] = r;
    for (std::size_t r = 0; r < b.candidates.size(); ++r) {
      const ranked_candidate& cb = b.candidates[r];
      const auto it = after_at.find(cb.number);
      if (it == after_at.end()) continue;  // the grid does not change eligibility
      const ranked_candidate& ca = a.candidates[it->second];
      candidate_move m{cb.number,
                       r + 1,
                       it->second + 1,
                       cb.score,
                       ca.score,
                       r < b.shortlist_size,
                       it->second < a.shortlist_size};
      ++out.candidates;
      ++out.rank_moves[bucket_of(m.ranks_gained())];
      const bool moved = m.rank_before != m.rank_after;
      const bool rescored = m.score_before != m.score_after;
      const bool entered = !m.shortlisted_before && m.shortlisted_after;
      const bool left = m.shortlisted_before && !m.shortlisted_after;
      out.moved += one_if(moved);
      out.score_changed += one_if(rescored);
      if (entered) oi.entered.push_back(m.number);
      if (left) oi.left.push_back(m.number);

      const audit::group_keys keys = audit::keys_of(pool, cb.request, b.reference);
      const auto count = [&](impact_group& g) {
        ++g.candidates;
        g.moved_up += one_if(m.ranks_gained() > 0);
        g.moved_down += one_if(m.ranks_gained() < 0);
        g.score_changed += one_if(rescored);
        g.entered += one_if(entered);
        g.left += one_if(left);
        g.ranks_gained += m.ranks_gained();
      };
      count(groups[0][keys.household]);
      count(groups[1][keys.age]);
      count(groups[2][keys.company]);
      for (const std::string& p : keys.priority) count(groups[3][p]);
      count(groups[4][keys.department]);

      if (moved || rescored) {
        affected_request& ar =
            requests.try_emplace(m.number, affected_request{m.number}).first->second;
        ++ar.offers;
        ar.entered += one_if(entered);
        ar.left += one_if(left);
        ar.ranks_gained += m.ranks_gained();
        oi.moves.push_back(m);
      }
    }
    out.shortlist_places_changed += oi.entered.size();
    out.per_offer.push_back(std::move(oi));
  }

  for (std::size_t d = 0; d < dimensions.size(); ++d) {
    impact_breakdown b{std::string(dimensions[d]), {}};
    for (auto& [label, g] : groups[d]) {
      g.label = label;
      b.groups.push_back(g);
    }
    out.breakdowns.push_back(std::move(b));
  }
  std::vector<affected_request> all;
  all.reserve(requests.size());
  for (auto& [n, r] : requests) {
    out.requests_gaining += one_if(r.entered > 0);
    out.requests_losing += one_if(r.left > 0);
    all.push_back(r);
  }
  std::sort(all.begin(), all.end(), [](const affected_request& x, const affected_request& y) {
    const auto xs = x.entered + x.left;
    const auto ys = y.entered + y.left;
    if (xs != ys) return xs > ys;
    const auto xr = std::abs(x.ranks_gained);
    const auto yr = std::abs(y.ranks_gained);
    if (xr != yr) return xr > yr;
    return x.number < y.number;
  });
  if (all.size() > most_affected) {
    all.erase(all.begin() + static_cast<std::ptrdiff_t>(most_affected), all.end());
  }
  out.most_affected = std::move(all);
  return out;
}

grid_impact compare_grids(std::span<const offer_positionings> offers, const applicant_pool& pool,
                          const ranking_rules& rules, const compiled_grid& proposed,
                          std::size_t most_affected, unsigned threads) {
  // Only the points are compared: no score card is built under either grid.
  const ranking_rules current = points_only(rules, rules.grid);
  const ranking_rules changed = points_only(rules, proposed);
  const std::vector<offer_ranking> before = rank_offers(offers, pool, current, threads);
  const std::vector<offer_ranking> after = rank_offers(offers, pool, changed, threads);
  grid_impact out = compare_rankings(before, after, pool, most_affected);
  out.current_grid = rules.grid.source().id;
  out.new_grid = proposed.source().id;
  return out;
}

}  // namespace cotation
