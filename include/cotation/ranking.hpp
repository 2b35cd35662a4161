// SPDX-License-Identifier: MIT
/// \file
/// Ranking an offer's candidates (SPEC 5): the eligible count over the whole pool, the
/// candidate count, every candidate's rank, score and score card, the positioned applicants who
/// are not eligible with their reasons, and the shortlist sent to the commission. Also the batch
/// call that ranks many offers over one pool, in parallel.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include <fmt/format.h>

#include <cotation/boxed.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/grid.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/scoring.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// What a ranking applies, shared by every offer of a batch. Non-owning: the referenced grid,
/// statistics and ceilings must outlive the calls that use it.
struct ranking_rules {
  const compiled_grid& grid;
  /// Dated attributions by company size; the ALS criterion reads the grid's window of them.
  const attribution_statistics& statistics;
  /// Target share of each company-size category (PME, ETI, GE). Without it, SPEC 4's default:
  /// each category's share of the pool's active requests at the reference date
  /// (`default_targets(pool.active_requests_by_size(date))`, see `als_targets_for`).
  ///
  /// Changed: it was an array of zeros by default, although documented as above, so that a
  /// caller who did not set it ranked with zero targets and nobody got the ALS bonus.
  std::optional<std::array<basis_points, company_size_count>> als_targets{};
  eligibility_policy eligibility{};
  const ceiling_table& ceilings = ceiling_table::embedded();
  /// Candidates presented to the commission; by default the offer's `shortlist_size` (3).
  std::optional<int> shortlist_size{};
  /// Build every candidate's explained score card (`ranked_candidate::card`): for the callers
  /// that show why (explain, reports, the applicant's dashboard). Ranking itself needs the
  /// points only: without cards, ranks and points are the same, and nothing is built per
  /// candidate but its integer score.
  bool score_cards = false;
  /// Without `score_cards`: the one candidate whose explained card is built (an applicant's
  /// dashboard shows its own card only); the others get their points only. Ignored when it is
  /// not a candidate.
  std::optional<request_number> card_for{};
  /// Check the published properties of each ranking before returning it (SPEC 5, see
  /// `<cotation/ranking_checks.hpp>`): ranks, an order total and consistent with the scores,
  /// the shortlist the first candidates, every ranked request positioned once, every
  /// shortlisted one eligible. A failure throws `cotation::ranking_property_error` naming the
  /// offer. On by default, release builds included (its cost: docs/performance.md).
  bool check_properties = true;

  /// The ALS targets a ranking over `pool` at date `at` applies: `als_targets` when given,
  /// else each category's share of the pool's active requests at `at`.
  [[nodiscard]] std::array<basis_points, company_size_count> als_targets_for(
      const applicant_pool& pool, date at) const noexcept;
};

/// One eligible candidate in the ranking.
///
/// Changed in issue 13: `card` is optional, present only when `ranking_rules::score_cards`
/// is set (it used to be built for every candidate); `card->total == score` then. It is boxed
/// (held on the heap, `std::optional`'s interface): a candidate is 48 bytes, not 464, so that
/// a ranking of points only is small to write, read and free.
struct ranked_candidate {
  pool_index request = 0;
  request_number number;
  std::size_t rank = 0;  ///< 1-based, no ties: the order is total.
  points score;
  boxed<score_card> card;  ///< Only with `ranking_rules::score_cards`.
};

/// A positioned applicant who is not eligible for the offer, with every failed condition.
struct ineligible_candidate {
  pool_index request = 0;
  request_number number;
  eligibility_failures reasons;
};

/// The ranking of one offer.
struct offer_ranking {
  offer_id offer;
  date reference;                   ///< The date eligibility and scoring were evaluated at.
  std::size_t eligible_count = 0;   ///< Eligible requests of the whole pool, positioned or not.
  std::size_t candidate_count = 0;  ///< Positioned and eligible.
  /// In rank order: score descending, then initial filing date ascending, then reference
  /// income per household member ascending, then request number ascending.
  std::vector<ranked_candidate> candidates;
  /// Positioned but not eligible, by request number.
  std::vector<ineligible_candidate> ineligible;
  std::size_t shortlist_size = 0;  ///< min(requested size, candidate count)

  /// The first `shortlist_size` candidates: presented to the commission.
  [[nodiscard]] std::span<const ranked_candidate> shortlist() const noexcept {
    return {candidates.data(), shortlist_size};
  }
  /// The candidate with that request number, if ranked.
  [[nodiscard]] const ranked_candidate* find(const request_number& n) const noexcept;
};

/// Ranks the applicants positioned on `o` at `reference` (normally the offer's closing date).
///
/// Each positioned request is checked by the eligibility gate; the eligible ones are scored
/// with `rules.grid`, comparatively among themselves, and ordered totally (see
/// `offer_ranking::candidates`). The result depends only on the inputs, not on the order of
/// `positioned` nor on threads. Throws `cotation::invalid_argument` naming `positioned[i]` for
/// a request number that is not in the pool or is given twice; then nothing is returned. With
/// `rules.check_properties` (the default), the ranking's published properties are checked
/// before it is returned (`check_ranking_by_keys`): a failure, a defect and never a fault of the
/// data, throws `cotation::ranking_property_error` naming the offer.
[[nodiscard]] offer_ranking rank_offer(const offer& o, const applicant_pool& pool,
                                       std::span<const request_number> positioned,
                                       const ranking_rules& rules, date reference);

/// One offer of a batch and the applicants positioned on it.
struct offer_positionings {
  const offer* o = nullptr;
  std::span<const request_number> positioned;
};

/// The eligible counts of many offers (each at a date), computed together: every counting
/// group of the pool is read once for all the offers that need it, instead of once per offer.
/// Built by `count_eligible_offers`; handed to `rank_offer` so that it does not count again.
class eligible_counts {
 public:
  /// No count.
  eligible_counts() = default;
  /// The count of offer `id` at `at`, when computed.
  [[nodiscard]] std::optional<std::size_t> find(const offer_id& id, date at) const noexcept;
  /// Number of (offer, date) counts held.
  [[nodiscard]] std::size_t size() const noexcept { return counts_.size(); }
  /// Holds `count` as the count of offer `id` at `at` (replacing the one held): a count the
  /// caller computed before and kept (the engine's dashboards), handed to `rank_offer`.
  void set(const offer_id& id, date at, std::size_t count);

 private:
  struct entry {
    offer_id offer;
    date at;
    std::size_t count = 0;
  };
  std::vector<entry> counts_;  ///< by offer id, then date
  /// Where the count of `id` at `at` is or would go in `counts_`.
  [[nodiscard]] std::size_t lower(const offer_id& id, date at) const noexcept;
  friend eligible_counts count_eligible_offers(std::span<const offer_positionings>,
                                               const applicant_pool&, const ranking_rules&,
                                               unsigned);
};

/// The eligible count of every offer of `offers` at its closing date, under `rules`'
/// eligibility policy and ceilings: equal to `pool.count_eligible` of each, on `threads`
/// threads (0: the hardware's).
[[nodiscard]] eligible_counts count_eligible_offers(std::span<const offer_positionings> offers,
                                                    const applicant_pool& pool,
                                                    const ranking_rules& rules,
                                                    unsigned threads = 0);

/// `rank_offer` with the eligible count taken from `counts` when it holds `o` at `reference`
/// (counted on the spot otherwise).
[[nodiscard]] offer_ranking rank_offer(const offer& o, const applicant_pool& pool,
                                       std::span<const request_number> positioned,
                                       const ranking_rules& rules, date reference,
                                       const eligible_counts& counts);

/// Ranks many offers over one pool, each at its own closing date, on `threads` threads (0: the
/// hardware's): the eligible counts of all the offers first, together
/// (`count_eligible_offers`), then each offer's candidates. The result is in the order of
/// `offers`, identical for any thread count and to `rank_offer` of each.
/// Throws like `rank_offer` (the first failing offer in input order, its
/// `ranking_property_error` as it is), returning nothing: a batch whose one offer fails its
/// property checks gives no ranking here. `rank_offers_each` (`<cotation/ranking_checks.hpp>`)
/// ranks the others and gives that offer its failure instead; the engine's close uses it.
[[nodiscard]] std::vector<offer_ranking> rank_offers(std::span<const offer_positionings> offers,
                                                     const applicant_pool& pool,
                                                     const ranking_rules& rules,
                                                     unsigned threads = 0);

/// The ordering of two ranked candidates: true when `a` ranks before `b`. Needs the income per
/// member, so it is given as the reference income and persons of each.
struct rank_key {
  points score;
  date initial_filing;
  money income;  ///< Reference income for the offer's year.
  int persons = 1;
  request_number number;
  /// Score ↓, filing ↑, income per member ↑ (compared exactly by cross-multiplication),
  /// request number ↑.
  [[nodiscard]] friend bool operator<(const rank_key& a, const rank_key& b) noexcept {
    if (a.score != b.score) return a.score > b.score;
    if (a.initial_filing != b.initial_filing) return a.initial_filing < b.initial_filing;
    // No overflow: incomes below 3.6e16 cents and at most 255 persons.
    const std::int64_t lhs = a.income.in_cents() * b.persons;
    const std::int64_t rhs = b.income.in_cents() * a.persons;
    if (lhs != rhs) return lhs < rhs;
    return a.number < b.number;
  }
};

}  // namespace cotation
