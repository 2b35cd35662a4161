// SPDX-License-Identifier: MIT
/// \file
/// Scoring one candidate on one offer with a compiled grid, and the score card that explains
/// it line by line (SPEC 4; CRPA L311-3-1: the parameters as applied to the person).
///
/// Hot path: `score` reads a `candidate_facts` (cheap to build from columns), an offer-level
/// `scoring_context` built once per offer, and a `compiled_grid` built once per grid. It does
/// no string work and no map lookup, throws nothing but `std::bad_alloc`, and allocates only
/// for a card of more than `score_card::inline_lines` lines (`score_into` reuses a card's
/// storage). Labels and sentences are made only by `explain` / `describe`. Everything here is
/// read-only once built, so one grid and one context may serve several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

// GCC 12 warns on copying or moving a small_vector whose lines are inline ("reading between 385
// and ... bytes from a region of size 384", -Wstringop-overread, on by default from -O1, which
// GCC 11 introduced): a false positive, it cannot see that the size never exceeds the inline
// capacity there. Silenced for Boost's code only, so that users copying a card see no warning.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#include <boost/container/small_vector.hpp>
#pragma GCC diagnostic pop
#else
#include <boost/container/small_vector.hpp>
#endif

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/grid.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// The current housing cost and the resources it is compared with (effort ratio criterion).
struct current_effort {
  money net_cost;   ///< Monthly rent + charges − housing benefit (at least 0).
  money resources;  ///< Monthly resources of the household (> 0).
  /// The ratio rounded down to the basis point (the criterion compares exactly).
  [[nodiscard]] constexpr basis_points ratio() const noexcept {
    return cotation::ratio(net_cost, resources);
  }
  friend bool operator==(const current_effort&, const current_effort&) = default;
};

/// What scoring reads about one candidate. Trivially cheap to build; the refusal spans refer
/// to storage owned elsewhere (the applicant, or the pool's columns) and must outlive `score`.
struct candidate_facts {
  date initial_filing;                           ///< Seniority.
  date birth_date;                               ///< Of the reference person.
  std::optional<date> job_start;                 ///< Start of the current job.
  peec_status peec = peec_status::none;          ///< The employer's PEEC status.
  company_size size = company_size::pme;         ///< The employer's category (ALS).
  std::optional<std::int32_t> mobility_km;       ///< Only when in professional mobility.
  std::optional<std::int32_t> mobility_minutes;  ///< Only when in professional mobility.
  bool single_parent = false;
  bool household_disability = false;  ///< A disabled member, or the situation flag.
  bool key_worker = false;
  bool dalo = false;
  bool domestic_violence = false;
  bool homeless_hosted_or_threatened = false;  ///< Homeless/shelter, hosted, or eviction.
  /// Nothing when not a tenant or without resources. Exact money, so the 33 % comparison is
  /// exact.
  std::optional<current_effort> effort;
  std::optional<money> reference_income;      ///< For the offer's ceiling year.
  std::optional<money> plus_ceiling;          ///< PLUS ceiling of the household, offer's zone/year.
  std::span<const date> applicant_refusals;   ///< Dated refusals of attributed dwellings.
  std::span<const date> commission_refusals;  ///< Dated refusals of the dossier.
};

/// The facts of `a` that do not depend on an offer: everything but `reference_income` and
/// `plus_ceiling`. The refusal spans point into `a.history`: `a` must outlive the result.
/// Throws `cotation::invalid_argument` when the household has no reference person.
[[nodiscard]] candidate_facts facts_of(const applicant& a);

/// The facts of `a` for offer `o`: reference income and PLUS ceiling for `o.ceiling_year()`,
/// zone and household category at the offer's closing date; the effort of a social or private
/// tenant with resources (rent + charges − benefit, at least 0). The refusal spans point into
/// `a.history`: `a` must outlive the result. Throws `cotation::invalid_argument` when the
/// household has no reference person.
[[nodiscard]] candidate_facts facts_of(const applicant& a, const offer& o,
                                       const ceiling_table& ceilings = ceiling_table::embedded());

/// The numbers that decided one line of a score card, one struct per kind of fact. All are
/// trivially copyable.
namespace scoring_facts {
/// A flag criterion: nothing to show.
struct none {
  friend bool operator==(none, none) = default;
};
/// Seniority. `compared_to` is the date the own filing date must be strictly earlier than:
/// the others' (lower) median, their mean rounded up to a whole day (which decides exactly as
/// the mean itself), or the oldest other date.
struct seniority {
  date own;
  date compared_to;
  std::int32_t others = 0;        ///< Number of other candidates.
  std::int32_t others_later = 0;  ///< Of them, filed strictly later.
  seniority_mode mode = seniority_mode::older_than_median;
  [[nodiscard]] bool older() const noexcept { return own < compared_to; }
  friend bool operator==(const seniority&, const seniority&) = default;
};
/// Dated events (refusals): how many fell in the window, and its first day.
struct events {
  std::int32_t count = 0;
  date since;
  friend bool operator==(const events&, const events&) = default;
};
/// ALS balancing. The tolerance and the window are the criterion's parameters.
struct als {
  company_size category = company_size::pme;
  basis_points share;  ///< Of the attributions in the window, rounded down.
  basis_points target;
  friend bool operator==(const als&, const als&) = default;
};
/// Employer's PEEC status.
struct peec {
  peec_status status = peec_status::none;
  friend bool operator==(const peec&, const peec&) = default;
};
/// Professional mobility.
struct mobility {
  std::optional<std::int32_t> km;
  std::optional<std::int32_t> minutes;
  friend bool operator==(const mobility&, const mobility&) = default;
};
/// Age in completed years at the reference date.
struct age {
  std::int32_t years = 0;
  friend bool operator==(const age&, const age&) = default;
};
/// New hire.
struct job {
  date start;
  friend bool operator==(const job&, const job&) = default;
};
/// Current effort ratio.
struct effort {
  money net_cost;   ///< Monthly rent + charges − housing benefit.
  money resources;  ///< Monthly resources (> 0).
  /// The ratio, rounded down (the criterion compares exactly).
  [[nodiscard]] constexpr basis_points ratio() const noexcept {
    return cotation::ratio(net_cost, resources);
  }
  friend bool operator==(const effort&, const effort&) = default;
};
/// Low resources.
struct resources {
  money income;   ///< Reference income.
  money ceiling;  ///< PLUS ceiling of the household (> 0).
  /// Income over ceiling, rounded down (the criterion compares exactly).
  [[nodiscard]] constexpr basis_points percent() const noexcept {
    return cotation::ratio(income, ceiling);
  }
  friend bool operator==(const resources&, const resources&) = default;
};
/// Low resources not evaluated: no PLUS ceiling is published for the household's category in
/// the offer's zone and year (SPEC 3.4: a missing ceiling is never guessed). A 0-point line,
/// so that the card says why the criterion did not count.
struct no_plus_ceiling {
  money income;  ///< Reference income.
  friend bool operator==(const no_plus_ceiling&, const no_plus_ceiling&) = default;
};
}  // namespace scoring_facts

/// The facts behind one line.
using line_facts = std::variant<scoring_facts::none, scoring_facts::seniority,
                                scoring_facts::events, scoring_facts::als, scoring_facts::peec,
                                scoring_facts::mobility, scoring_facts::age, scoring_facts::job,
                                scoring_facts::effort, scoring_facts::resources,
                                scoring_facts::no_plus_ceiling>;
static_assert(std::is_trivially_copyable_v<line_facts>);
static_assert(sizeof(line_facts) <= 32, "score cards must stay compact");

/// The filing dates of an offer's candidates, sorted once; answers "is this candidate older
/// than the others" in O(log n) per candidate (O(1) when the dates are dense: then they are
/// counting-sorted into a table of ranks by day), the others being every candidate but one
/// occurrence of the candidate's own date. Dates must be real dates (not `not_a_date_time`).
class seniority_field {
 public:
  seniority_field() = default;
  /// Every candidate's filing date, the candidate being scored included (any order).
  [[nodiscard]] static seniority_field from(std::span<const date> filings);

  /// Number of candidates.
  [[nodiscard]] std::size_t size() const noexcept { return sorted_.size(); }

  /// Compares `own` with the others in `mode`; nothing when there are no others (a lone
  /// candidate). When `own` is not among the dates, every date is an "other".
  [[nodiscard]] std::optional<scoring_facts::seniority> compare(date own,
                                                                seniority_mode mode) const noexcept;

  /// What `compare(own, mode)` says of `older()` (false for a lone candidate), without the facts:
  /// in constant time for `older_than_median` and `oldest_only` (from one or two of the sorted
  /// dates, whether `own` is among them or not), by `compare` for `older_than_mean`. Ranking
  /// scores with it; a card shows `compare`'s facts.
  [[nodiscard]] bool older(date own, seniority_mode mode) const noexcept;

 private:
  std::vector<date> sorted_;
  std::int64_t day_sum_ = 0;  ///< Sum of the day numbers, for the mean.
  /// When dense: `starts_[k]` is the number of dates before day `min_day_ + k`.
  std::vector<std::uint32_t> starts_;
  std::uint32_t min_day_ = 0;
};

/// What one offer's scoring shares, built once per offer.
struct scoring_context {
  date reference;             ///< The offer's closing date.
  seniority_field seniority;  ///< All candidates' filing dates.
  attribution_shares als;     ///< Over the grid's ALS window ending at `reference`.
};

/// One criterion as applied to the candidate.
struct score_line {
  std::uint16_t criterion = 0;  ///< Index in the grid (`compiled_grid::at`).
  points value;                 ///< Earned by the criterion on its own.
  /// What the line adds to the total after group-best and the group cap (the total cap is on
  /// the card): 0 when dropped, `min(value, cap)` when capped.
  points contribution;
  /// False when the line adds nothing: dropped because a better criterion of its group counts,
  /// brought to 0 by a cap, or worth 0 points (a comparative fact shown for transparency).
  bool counted = false;
  line_facts facts;
  friend bool operator==(const score_line&, const score_line&) = default;
};

/// A candidate's score for one offer and why.
///
/// One line per criterion that applied, in grid order: every criterion that earned points, and
/// the comparative criteria that were evaluated without earning (seniority when there are
/// other candidates, ALS when there are attributions in the window) so an applicant sees what
/// they were compared with.
///
/// The lines are a `boost::container::small_vector`: a sequence with `std::vector`'s interface
/// (iterators, `size`, `operator[]`, `data`, `assign`, `==`) that keeps up to
/// `score_card::inline_lines` lines inside the card and allocates only beyond. With the
/// default grid, the 10 000 cards of the ranking benchmark have 2 to 10 lines, 5 on average,
/// 99.7 % of them at most 8: ranking makes almost no allocation for its cards
/// (docs/performance.md). A card is 416 bytes. Fill it from another range with
/// `assign(first, last)`: a `std::vector` does not convert.
struct score_card {
  /// Lines kept inside the card (48 bytes each); more go to the heap.
  static constexpr std::size_t inline_lines = 8;
  using line_list = boost::container::small_vector<score_line, inline_lines>;

  points total;             ///< The score: after group-best, group caps and the total cap.
  points before_total_cap;  ///< Sum of the contributions before the total cap.
  line_list lines;
  friend bool operator==(const score_card&, const score_card&) = default;
};

/// Scores a candidate. Allocates only for a card of more than `score_card::inline_lines`
/// lines, and throws only `std::bad_alloc`, from that allocation.
[[nodiscard]] score_card score(const compiled_grid& g, const candidate_facts& c,
                               const scoring_context& ctx);

/// Same as `score`, reusing `out`'s line capacity (no allocation once it is large enough).
void score_into(const compiled_grid& g, const candidate_facts& c, const scoring_context& ctx,
                score_card& out);

/// The score alone: `score(g, c, ctx).total`, without building the card (its lines are
/// evaluated on the stack and dropped). What ranking uses; `score` is for explaining.
[[nodiscard]] points score_points(const compiled_grid& g, const candidate_facts& c,
                                  const scoring_context& ctx);

/// Convenience for one applicant: `score(g, facts_of(a, o, ceilings), ctx)`. `ctx.seniority`
/// must include `a`'s filing date among the candidates'.
[[nodiscard]] score_card score(const compiled_grid& g, const applicant& a, const offer& o,
                               const scoring_context& ctx,
                               const ceiling_table& ceilings = ceiling_table::embedded());

/// One line for an applicant: `+20  Ancienneté … (déposée le 2019-03-04 ; médiane des autres :
/// 2021-06-12, 37 autres candidats)`. A dropped line shows its points in parentheses and why.
[[nodiscard]] std::string describe(const compiled_grid& g, const score_line& line,
                                   language lang = language::fr);

/// The whole card: a `Score : 45 points` header, then one indented line per score line.
[[nodiscard]] std::string explain(const compiled_grid& g, const score_card& card,
                                  language lang = language::fr);

}  // namespace cotation
