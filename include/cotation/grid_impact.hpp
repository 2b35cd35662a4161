// SPDX-License-Identifier: MIT
/// \file
/// The effect of a grid change before it applies: the same offers ranked under the current and
/// the proposed grid, who enters or leaves a shortlist, who moves and by how much, overall and
/// by group (household size, age band, company size, priority situation, department of the
/// request). For the operator: requests are named by number.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <cotation/grid.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>

namespace cotation {

/// One candidate whose rank or score differs between the two grids.
struct candidate_move {
  request_number number;
  std::size_t rank_before = 0;
  std::size_t rank_after = 0;
  points score_before;
  points score_after;
  bool shortlisted_before = false;
  bool shortlisted_after = false;
  /// Ranks gained: positive when the candidate moves up under the new grid.
  [[nodiscard]] std::int64_t ranks_gained() const noexcept {
    return static_cast<std::int64_t>(rank_before) - static_cast<std::int64_t>(rank_after);
  }
};

/// The effect on one offer.
struct offer_impact {
  offer_id offer;
  std::size_t candidates = 0;
  std::vector<candidate_move> moves;    ///< Candidates whose rank or score changed.
  std::vector<request_number> entered;  ///< Shortlisted under the new grid only.
  std::vector<request_number> left;     ///< Shortlisted under the current grid only.
};

/// The candidates of one group and how they fared (counted per offer and candidate).
struct impact_group {
  std::string label;
  std::size_t candidates = 0;
  std::size_t moved_up = 0;
  std::size_t moved_down = 0;
  std::size_t score_changed = 0;
  std::size_t entered = 0;        ///< Shortlist places gained.
  std::size_t left = 0;           ///< Shortlist places lost.
  std::int64_t ranks_gained = 0;  ///< Sum over the group's candidates.
};

/// A breakdown of the candidates by one dimension.
struct impact_breakdown {
  std::string dimension;  ///< `household_size`, `age_band`, `company_size`, `priority`,
                          ///< `department`.
  std::vector<impact_group> groups;
};

/// A request and what the change does to it over all the offers it is a candidate of.
struct affected_request {
  request_number number;
  std::size_t offers = 0;   ///< Offers where its rank or score changed.
  std::size_t entered = 0;  ///< Shortlists entered.
  std::size_t left = 0;     ///< Shortlists left.
  std::int64_t ranks_gained = 0;
};

/// Rank moves of the candidates (after − before, gained positive): ≤ −10, −9..−3, −2, −1, 0,
/// +1, +2, +3..+9, ≥ +10.
inline constexpr std::array<std::string_view, 9> rank_move_buckets{
    "<=-10", "-9..-3", "-2", "-1", "0", "+1", "+2", "+3..+9", ">=+10"};

/// The whole comparison.
struct grid_impact {
  std::string current_grid;
  std::string new_grid;
  std::size_t offers = 0;
  std::size_t candidates = 0;
  std::size_t moved = 0;                     ///< Candidates whose rank changed.
  std::size_t score_changed = 0;             ///< Candidates whose score changed.
  std::size_t requests_gaining = 0;          ///< Requests that enter at least one shortlist.
  std::size_t requests_losing = 0;           ///< Requests that leave at least one shortlist.
  std::size_t shortlist_places_changed = 0;  ///< Places that change hands.
  std::array<std::size_t, rank_move_buckets.size()> rank_moves{};
  std::vector<impact_breakdown> breakdowns;
  std::vector<affected_request> most_affected;  ///< Most shortlist changes, then |ranks|.
  std::vector<offer_impact> per_offer;          ///< In the order of the offers.
};

/// Ranks `offers` over `pool` under `rules` (the current grid) and under the same rules with
/// `proposed`, each at its closing date, and compares them. `most_affected` keeps that many
/// requests. Throws like `rank_offers`.
[[nodiscard]] grid_impact compare_grids(std::span<const offer_positionings> offers,
                                        const applicant_pool& pool, const ranking_rules& rules,
                                        const compiled_grid& proposed,
                                        std::size_t most_affected = 20, unsigned threads = 0);

/// The comparison of two rankings of the same offers (`before[k]` and `after[k]` rank the same
/// offer): what `compare_grids` does after ranking. Ages are at each ranking's reference date.
[[nodiscard]] grid_impact compare_rankings(std::span<const offer_ranking> before,
                                           std::span<const offer_ranking> after,
                                           const applicant_pool& pool,
                                           std::size_t most_affected = 20);

}  // namespace cotation
