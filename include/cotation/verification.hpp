// SPDX-License-Identifier: MIT
/// \file
/// Independent verification of rankings (SPEC 3-5): a second, plain implementation of the
/// eligibility gate, the grid and the order, written from the SPEC and not from the fast path
/// (`src/audit/reference_ranking.cpp`, one file of plain loops over `applicant` and `offer`
/// values), and the comparison of every ranking of a data set with it.
///
/// The plain implementation shares no eligibility or scoring code with `rank_offer`: it reads
/// the model's values (dates, money, communes and their zone, the ceiling tables as data) and
/// nothing of `src/rules` or `src/ranking` but the grid's and the ranking's types.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/data_set.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/grid.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>
#include <cotation/ranking_checks.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// One candidate as the plain implementation ranks it.
struct reference_candidate {
  request_number number;
  points score;
  friend bool operator==(const reference_candidate&, const reference_candidate&) = default;
};

/// A positioned request the plain implementation finds ineligible, with its reason codes in
/// the order of SPEC 3.
struct reference_ineligible {
  request_number number;
  std::vector<ineligibility> reasons;
  friend bool operator==(const reference_ineligible&, const reference_ineligible&) = default;
};

/// The plain implementation's ranking of one offer: the same facts as `offer_ranking`, without
/// the score cards.
struct reference_ranking {
  offer_id offer;
  std::size_t eligible_count = 0;
  std::vector<reference_candidate> candidates;   ///< In rank order (SPEC 5).
  std::vector<reference_ineligible> ineligible;  ///< By request number.
  std::size_t shortlist_size = 0;
};

/// The second implementation of SPEC 3-5 over a set of applicants, built once (an index by
/// request number and, for the eligible counts, the applicants by wished department) and
/// read-only afterwards: `rank` may be called from several threads.
class reference_ranker {
 public:
  /// Keeps references to `applicants`, `g` and `ceilings`: they must outlive the ranker.
  /// `attributions` are copied. `als_targets`: the targets to use, or nothing for each company
  /// size's share of the valid requests at each offer's reference date.
  reference_ranker(std::span<const applicant> applicants, const grid& g,
                   std::span<const attribution_record> attributions,
                   std::optional<std::array<basis_points, company_size_count>> als_targets,
                   eligibility_policy policy = {},
                   const ceiling_table& ceilings = ceiling_table::embedded());
  ~reference_ranker();
  reference_ranker(reference_ranker&&) noexcept;
  reference_ranker& operator=(reference_ranker&&) noexcept;

  /// Ranks `o` at `reference`. Throws `cotation::invalid_argument` naming `positioned[i]` for
  /// a request that is not among the applicants or is given twice.
  [[nodiscard]] reference_ranking rank(const offer& o, std::span<const request_number> positioned,
                                       date reference,
                                       std::optional<int> shortlist_size = {}) const;
  /// `rank` with the eligible count given (`count_eligible`'s) instead of counted again.
  [[nodiscard]] reference_ranking rank(const offer& o, std::span<const request_number> positioned,
                                       date reference, std::optional<int> shortlist_size,
                                       std::size_t eligible_count) const;
  /// The eligible count of each of `offers` at `at[k]`, as `rank` counts it, with every list of
  /// applicants read once for all the offers that read it (each applicant checked against them
  /// while in cache, instead of read again from memory for each offer), on `threads` threads
  /// (0: the hardware's). Throws `cotation::invalid_argument` when the spans differ in size.
  [[nodiscard]] std::vector<std::size_t> count_eligible(std::span<const offer> offers,
                                                       std::span<const date> at,
                                                       unsigned threads = 1) const;

  /// The failed conditions of SPEC 3 for applicant `a` on `o` at `at`, in check order (empty:
  /// eligible).
  [[nodiscard]] std::vector<ineligibility> failures(const applicant& a, const offer& o,
                                                    date at) const;
  /// True when `a` is eligible for `o` at `at` (stops at the first failed condition).
  [[nodiscard]] bool eligible(const applicant& a, const offer& o, date at) const;

  struct state;

 private:
  std::unique_ptr<state> state_;
};

/// What differs between a ranking and the plain implementation's.
enum class difference_kind : std::uint8_t {
  eligible_count,  ///< The eligible count over the whole pool.
  eligibility,     ///< A positioned request eligible in one, not in the other.
  reasons,         ///< The same ineligible request with other reason codes.
  score,           ///< A candidate's score.
  order,           ///< Another candidate at a rank (or a rank number out of sequence).
  shortlist,       ///< The shortlist's size.
  property,        ///< A property of the ranking itself fails (`check_ranking`).
};

[[nodiscard]] std::string_view to_string(difference_kind k) noexcept;

/// One difference, naming the offer and the requests concerned.
struct ranking_difference {
  offer_id offer;
  difference_kind kind = difference_kind::order;
  std::vector<request_number> requests;
  std::string detail;  ///< `rank 2: 0750… here, 0750… in the plain implementation`.
};

/// Every difference between `fast` and `plain` (the same offer): the counts, each positioned
/// request's eligibility and reasons, each candidate's score, the order rank by rank, the
/// shortlist. Empty when they agree.
[[nodiscard]] std::vector<ranking_difference> compare(const offer_ranking& fast,
                                                      const reference_ranking& plain);

/// The outcome of verifying a data set.
struct verification_report {
  std::size_t offers = 0;
  std::size_t candidates = 0;  ///< Ranked by the fast path, over all offers.
  std::size_t positioned = 0;
  std::vector<ranking_difference> differences;
  /// Offers whose fast ranking failed outright (`rank_offer` threw), with the message.
  std::vector<std::pair<offer_id, std::string>> failures;
  [[nodiscard]] bool passed() const noexcept { return differences.empty() && failures.empty(); }
};

/// Ranks every offer of `d` with `rank_offer` (over `pool`, built from `d.applicants`, with
/// `g`, the document's attributions and targets, at each offer's closing date) and with the
/// plain implementation (positionings reversed, so the input order is exercised too), checks
/// the fast ranking's properties (`check_ranking`) and compares the two. `threads` as in
/// `rank_offers`.
[[nodiscard]] verification_report verify_rankings(const data_set& d, const applicant_pool& pool,
                                                  const compiled_grid& g, unsigned threads = 0);

}  // namespace cotation

template <>
struct fmt::formatter<cotation::difference_kind> : fmt::formatter<std::string_view> {
  auto format(cotation::difference_kind k, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::to_string(k), ctx);
  }
};

template <>
struct fmt::formatter<cotation::ranking_difference> : fmt::formatter<std::string_view> {
  auto format(const cotation::ranking_difference& d, format_context& ctx) const {
    return fmt::format_to(ctx.out(), "offer {}: {}: {}", d.offer.value, cotation::to_string(d.kind),
                          d.detail);
  }
};
