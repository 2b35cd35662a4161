// SPDX-License-Identifier: MIT
/// \file
/// What an applicant may ask of the ranking (issue 14), built on `ranking.hpp`:
/// - **chances** across the open offers before positioning: eligible or not (why), the counts,
///   the rank the request would take if it positioned now, its score, the score of the 3rd
///   candidate and the points short of it or ahead of it, the days left;
/// - **published thresholds** of a closed offer (Parcoursup-style): the score and filing date
///   of the last shortlisted candidate, the counts, an anonymous score distribution;
/// - **where chances are best**: over closed offers, by commune and typology, the share of
///   offers where the request's score would have reached the shortlist, from those published
///   thresholds only;
/// - **what decided a rank**: the criteria where a candidate differs from the one just above
///   and from the last shortlisted one, and the key of the total order that decided.
///
/// Privacy by construction: no result here carries another applicant's request number, name,
/// income or address; others appear by rank, score and criteria only. A score distribution
/// over fewer than `score_distribution::minimum_candidates` candidates is withheld.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/detail/enum_format.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/grid.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>
#include <cotation/scoring.hpp>

namespace cotation {

// ---------------------------------------------------------------------------------------------
// Score distributions

/// How many candidates had a score in `[from, from + width)`.
struct score_bin {
  points from;
  std::size_t count = 0;
  friend bool operator==(const score_bin&, const score_bin&) = default;
};

/// An anonymous distribution of an offer's scores, in bins of `width` points. Withheld (no bin,
/// no median) when it would describe fewer than `minimum_candidates` candidates.
struct score_distribution {
  /// Below this many candidates a distribution would single people out: it is not shown.
  static constexpr std::size_t minimum_candidates = 5;
  std::size_t candidates = 0;
  points width{10};
  bool withheld = true;
  std::vector<score_bin> bins;  ///< Ascending, empty bins between two filled ones included.
  std::optional<points> lowest;
  std::optional<points> median;  ///< The lower median.
  std::optional<points> highest;
  friend bool operator==(const score_distribution&, const score_distribution&) = default;
};

/// The distribution of `scores` (any order) in bins of `width` (> 0) points, starting at a
/// multiple of `width` (floor, also for negative scores).
[[nodiscard]] score_distribution distribution_of(std::span<const points> scores,
                                                 points width = points{10});

// ---------------------------------------------------------------------------------------------
// Chances across the open offers

/// One offer open for positioning, and who is positioned on it now.
struct open_offer {
  const offer* o = nullptr;
  std::span<const request_number> positioned;
  /// The ALS targets for this offer when they differ from the rules' (by default the active
  /// requests' shares at the board's date).
  std::optional<std::array<basis_points, company_size_count>> als_targets{};
};

/// One request's prospects on one open offer (`chances`).
struct offer_chance {
  const offer* o = nullptr;
  int days_left = 0;  ///< Closing date − the board's date (at least 1 for an open offer).
  /// Every failed eligibility condition at the board's date; empty when eligible.
  eligibility_failures failures;
  bool positioned = false;          ///< Already a candidate (eligible or not).
  std::size_t eligible_count = 0;   ///< Eligible requests of the pool (the request included).
  std::size_t candidate_count = 0;  ///< Eligible candidates with the request (when eligible).
  std::size_t shortlist_size = 0;   ///< Places for the commission (the offer's, e.g. 3).
  /// When eligible: the rank the request has (positioned) or would have if it positioned now,
  /// 1-based; identical to the rank `rank_offer` gives once it has positioned.
  std::optional<std::size_t> rank;
  points score;  ///< The request's score there, the others' seniority recomputed with it.
  /// The score of the candidate who is `shortlist_size`-th among the others (the 3rd of the
  /// others, scored with the request among them); none when the others do not fill the
  /// shortlist (any eligible candidate is presented).
  std::optional<points> threshold;

  [[nodiscard]] bool eligible() const noexcept { return failures.empty(); }
  [[nodiscard]] bool shortlisted() const noexcept { return rank && *rank <= shortlist_size; }
  /// `score − threshold`: positive ahead of the 3rd candidate, negative short of it.
  [[nodiscard]] std::optional<points> margin() const noexcept {
    if (!threshold || !rank) return std::nullopt;
    return score - *threshold;
  }
};

/// The open offers at one date with their current rankings, built once (rankings in parallel)
/// and then read by every applicant's `chances`. Non-owning: the offers, positionings, pool and
/// what `rules` refers to must outlive the board. The rankings are those `rank_offer` gives at
/// the board's date (as the dashboard shows an open offer: SPEC 6 as of today).
class offer_board {
 public:
  /// Ranks every offer at `as_of`. Throws like `rank_offers` (a positioned request not in the
  /// pool), naming `offers[k]`.
  offer_board(std::span<const open_offer> offers, const applicant_pool& pool,
              const ranking_rules& rules, date as_of, unsigned threads = 0);
  ~offer_board();
  offer_board(offer_board&&) noexcept;
  offer_board& operator=(offer_board&&) noexcept;

  [[nodiscard]] date as_of() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] const offer& offer_at(std::size_t k) const noexcept;
  /// The current ranking of offer `k`.
  [[nodiscard]] const offer_ranking& ranking(std::size_t k) const noexcept;
  [[nodiscard]] const applicant_pool& pool() const noexcept;

  struct state;  ///< Implementation detail (`src/advice/chances.cpp`).
  [[nodiscard]] const state& data() const noexcept { return *state_; }

 private:
  std::unique_ptr<state> state_;
};

/// The prospects of request `n` on every offer of the board, best chance first: eligible offers
/// where it is (or would be) shortlisted, by rank then margin; then the other eligible offers by
/// margin (fewest points short first), then rank; then the offers it is not eligible for, by
/// number of failed conditions. Equal chances keep the board's order. The would-be rank is
/// exact: the other candidates' comparative seniority is recomputed with the request among
/// them, and those whose seniority changes are re-scored. Throws `cotation::invalid_argument`
/// when `n` is not in the pool.
[[nodiscard]] std::vector<offer_chance> chances(const offer_board& board, const request_number& n);

// ---------------------------------------------------------------------------------------------
// Published thresholds of a closed offer

/// What is published about a closed offer's ranking, for everyone (no candidate named).
/// Non-owning: the offer must outlive it.
struct published_thresholds {
  const offer* dwelling = nullptr;  ///< The offer itself (public).
  date reference;                   ///< The date it was ranked at (its closing date).
  std::size_t eligible_count = 0;
  std::size_t candidate_count = 0;
  std::size_t shortlist_size = 0;  ///< Candidates presented: min(places, candidates).
  /// The last shortlisted candidate's score and filing date; none without candidates.
  std::optional<points> last_score;
  std::optional<date> last_filing;
  /// A newcomer filed strictly before this date would have earned the seniority criterion
  /// against these candidates (the lower median of their filing dates, their mean rounded up,
  /// or the oldest, by the grid's first seniority criterion's mode); none without candidates or
  /// without a seniority criterion.
  std::optional<date> seniority_reference;
  score_distribution distribution;
  friend bool operator==(const published_thresholds&, const published_thresholds&) = default;
};

/// The thresholds of offer `o` from its final ranking `r` (normally at its closing date).
[[nodiscard]] published_thresholds publish_thresholds(const offer& o, const offer_ranking& r,
                                                      const applicant_pool& pool,
                                                      const compiled_grid& grid);

// ---------------------------------------------------------------------------------------------
// Where chances are best

/// Whether a request would have been presented on one closed offer, from its thresholds.
enum class past_outcome : std::uint8_t {
  not_eligible,  ///< A hard condition failed (wishes are not checked: they can be widened).
  reached,       ///< A free place, a higher score, or the same score and an earlier filing.
  tied,          ///< Same score and filing date as the last shortlisted: decided by keys not
                 ///< published (income per member, request number).
  missed,        ///< Below the last shortlisted candidate.
};

/// The outcome on one closed offer.
struct past_offer_outcome {
  const published_thresholds* thresholds = nullptr;
  past_outcome outcome = past_outcome::not_eligible;
  points score;  ///< The request's score there (when eligible).
};

/// Counts over a group of offers (one commune, one typology).
struct chance_group {
  std::string key;  ///< The commune's INSEE code, or `T3`.
  std::size_t offers = 0;
  std::size_t eligible = 0;
  std::size_t reached = 0;
  std::size_t tied = 0;
  /// `reached / eligible` in basis points; none without an eligible offer.
  [[nodiscard]] std::optional<basis_points> share() const noexcept;
  friend bool operator==(const chance_group&, const chance_group&) = default;
};

/// Where a request's chances were best over a period.
struct chance_areas {
  date from;
  date to;
  std::vector<past_offer_outcome> outcomes;  ///< One per offer closed in the period.
  std::vector<chance_group> by_commune;      ///< Best share first, then by key.
  std::vector<chance_group> by_typology;     ///< Best share first, then by key.
};

/// For every offer of `published` that closed in `[from, to]`, whether request `n` would have
/// been presented, from the published facts only: its own score for the offer (seniority
/// against the published `seniority_reference`, the ALS shares at the closing date from
/// `rules`) against the last shortlisted score and filing date. The others' scores are taken as
/// published (a newcomer may change their seniority: this is an estimate, not a simulation).
/// Eligibility skips the wishes (area, typology, budget): they are what the applicant may
/// widen. Throws `cotation::invalid_argument` when `n` is not in the pool.
[[nodiscard]] chance_areas where_chances_best(const applicant_pool& pool, const request_number& n,
                                              std::span<const published_thresholds> published,
                                              const ranking_rules& rules, date from, date to);

// ---------------------------------------------------------------------------------------------
// What decided a rank

/// The key of the total order of SPEC 5 that put one candidate before another.
enum class order_key : std::uint8_t { score, filing_date, income_per_member, request_number };

/// `score`, `filing_date`, `income_per_member`, `request_number` (printed the same by fmt).
[[nodiscard]] std::string_view to_string(order_key k) noexcept;

/// Which key decides between `a` and `b` (the first that differs).
[[nodiscard]] order_key deciding_key(const rank_key& a, const rank_key& b) noexcept;

/// One criterion where two candidates' contributions differ.
struct criterion_gap {
  std::uint16_t criterion = 0;  ///< Index in the grid.
  points own;                   ///< What it adds to the candidate's total.
  points other;                 ///< What it adds to the other's total.
  friend bool operator==(const criterion_gap&, const criterion_gap&) = default;
};

/// A candidate compared with another, anonymous one.
struct rank_comparison {
  std::size_t other_rank = 0;
  points other_score;
  points own_score;
  bool other_before = false;  ///< The other ranks before the candidate.
  order_key decided_by = order_key::score;
  /// The other's filing date, only when the filing date decided (equal scores).
  std::optional<date> other_filing;
  std::vector<criterion_gap> gaps;  ///< In grid order.
  friend bool operator==(const rank_comparison&, const rank_comparison&) = default;
};

/// Why a candidate has their rank.
struct rank_explanation {
  std::size_t rank = 0;
  std::size_t candidate_count = 0;
  std::size_t shortlist_size = 0;
  points score;
  /// The candidate just above; none for the first.
  std::optional<rank_comparison> above;
  /// Not shortlisted: the last shortlisted candidate. Shortlisted: the first candidate below
  /// the shortlist (the one who would be presented instead). None when there is no such one.
  std::optional<rank_comparison> shortlist;
  score_distribution distribution;
};

/// Explains the rank of request `n` in ranking `r` of offer `o` (ranked over `pool` with
/// `ranking_rules::score_cards`). Throws `cotation::invalid_argument` when `n` is not a ranked
/// candidate of `r`, or at `ranking` when `r` was ranked without score cards.
[[nodiscard]] rank_explanation explain_rank(const offer& o, const offer_ranking& r,
                                            const applicant_pool& pool, const request_number& n);

}  // namespace cotation
