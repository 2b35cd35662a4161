// SPDX-License-Identifier: MIT
// The open offers' board and one request's chances on each. The would-be rank is computed
// exactly, not estimated: with the request among the candidates, the comparative seniority of
// every other candidate is recomputed (a newcomer moves the median, the mean or the oldest
// date), the few whose seniority changes are re-scored, and the request is placed by the total
// order of SPEC 5 (`rank_key`).
#include <algorithm>
#include <atomic>
#include <exception>
#include <utility>

#include <cotation/advice.hpp>
#include <cotation/error.hpp>

#include "advice/offer_facts.hpp"
#include "detail/parallel.hpp"

namespace cotation {

namespace detail {

pool_index find_request(const applicant_pool& pool, const request_number& n, const char* where) {
  const auto i = pool.find(n);
  if (!i) throw invalid_argument(where, fmt::format("request {} is not in the pool", n));
  return *i;
}

}  // namespace detail

namespace {

/// The distinct seniority modes of a grid's criteria, in grid order (at most three).
std::vector<seniority_mode> seniority_modes(const compiled_grid& g) {
  std::vector<seniority_mode> modes;
  for (std::size_t c = 0; c < g.size(); ++c) {
    if (const auto* s = std::get_if<criteria::seniority>(&g.at(c).parameters)) {
      if (std::find(modes.begin(), modes.end(), s->mode) == modes.end()) modes.push_back(s->mode);
    }
  }
  return modes;
}

/// Bit m set when `filing` is older than the others of `field` in `modes[m]`; bit 7 set when
/// the field has no other candidate to compare with (a lone candidate).
std::uint8_t seniority_bits(const seniority_field& field, date filing,
                            const std::vector<seniority_mode>& modes) noexcept {
  std::uint8_t bits = 0;
  for (std::size_t m = 0; m < modes.size(); ++m) {
    const auto s = field.compare(filing, modes[m]);
    if (!s) return std::uint8_t{0x80};
    if (s->older()) bits = static_cast<std::uint8_t>(bits | (1U << m));
  }
  return bits;
}

}  // namespace

/// One open offer as the board keeps it.
namespace detail {
struct offer_board_entry {
  const offer* o = nullptr;
  offer_ranking ranking;
  attribution_shares als;
  std::vector<date> filings;        ///< The candidates', in rank order.
  std::vector<rank_key> keys;       ///< The candidates', in rank order.
  std::vector<std::uint8_t> older;  ///< `seniority_bits` of each candidate now.
};
}  // namespace detail

using detail::offer_board_entry;

struct offer_board::state {
  const applicant_pool* pool = nullptr;
  const compiled_grid* grid = nullptr;
  eligibility_policy policy;
  const ceiling_table* ceilings = nullptr;
  std::optional<int> shortlist_size;
  date as_of;
  std::vector<seniority_mode> modes;
  std::vector<offer_board_entry> entries;
};

offer_board::offer_board(std::span<const open_offer> offers, const applicant_pool& pool,
                         const ranking_rules& rules, date as_of, unsigned threads)
    : state_(std::make_unique<state>()) {
  state& s = *state_;
  s.pool = &pool;
  s.grid = &rules.grid;
  s.policy = rules.eligibility;
  s.ceilings = &rules.ceilings;
  s.shortlist_size = rules.shortlist_size;
  s.as_of = as_of;
  s.modes = seniority_modes(rules.grid);
  s.entries.resize(offers.size());
  const int window = rules.grid.als_window_months().value_or(12);

  std::vector<std::exception_ptr> errors(offers.size());
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t k = next++; k < offers.size(); k = next++) {
      try {
        const open_offer& in = offers[k];
        if (in.o == nullptr) throw invalid_argument(fmt::format("offers[{}].o", k), "no offer");
        // The targets resolved once: the ranking and the board's shares apply the same.
        ranking_rules own = rules;
        own.als_targets = in.als_targets ? *in.als_targets : rules.als_targets_for(pool, as_of);
        offer_board_entry& e = s.entries[k];
        e.o = in.o;
        e.ranking = rank_offer(*in.o, pool, in.positioned, own, as_of);
        e.als = rules.statistics.shares(as_of, window, *own.als_targets);
        std::vector<date> filings;
        filings.reserve(e.ranking.candidates.size());
        for (const ranked_candidate& c : e.ranking.candidates) {
          filings.push_back(pool.initial_filing(c.request));
          e.keys.push_back(detail::key_of(pool, c.request, c.number, *in.o, c.score));
        }
        const seniority_field field = seniority_field::from(filings);
        for (const date d : filings) e.older.push_back(seniority_bits(field, d, s.modes));
        e.filings = std::move(filings);
      } catch (const error& err) {
        errors[k] = std::make_exception_ptr(
            invalid_argument(fmt::format("offers[{}].{}", k, err.where()), err.reason()));
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  };
  detail::run_parallel(detail::thread_count(threads, offers.size()), [&](unsigned) { worker(); });
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

offer_board::~offer_board() = default;
offer_board::offer_board(offer_board&&) noexcept = default;
offer_board& offer_board::operator=(offer_board&&) noexcept = default;

date offer_board::as_of() const noexcept { return state_->as_of; }
std::size_t offer_board::size() const noexcept { return state_->entries.size(); }
const offer& offer_board::offer_at(std::size_t k) const noexcept { return *state_->entries[k].o; }
const offer_ranking& offer_board::ranking(std::size_t k) const noexcept {
  return state_->entries[k].ranking;
}
const applicant_pool& offer_board::pool() const noexcept { return *state_->pool; }

namespace {

/// The chance of request `i` on an offer where it is a ranked candidate.
void actual_rank(const offer_board_entry& e, std::size_t position, offer_chance& c) {
  const offer_ranking& r = e.ranking;
  c.positioned = true;
  c.candidate_count = r.candidate_count;
  c.rank = r.candidates[position].rank;
  c.score = r.candidates[position].score;
  // The shortlist_size-th of the others: the next one down when the request is within.
  const std::size_t s = c.shortlist_size;
  const std::size_t other = *c.rank <= s ? s : s - 1;
  if (s > 0 && other < r.candidates.size()) c.threshold = r.candidates[other].score;
}

/// The chance of eligible request `i` on an offer it has not positioned on: the exact rank it
/// would take if it positioned now.
void would_be_rank(const offer_board::state& s, const offer_board_entry& e, pool_index i,
                   offer_chance& c) {
  const applicant_pool& pool = *s.pool;
  const offer& o = *e.o;
  std::vector<date> filings;
  filings.reserve(e.filings.size() + 1);
  filings.assign(e.filings.begin(), e.filings.end());
  const date own_filing = pool.initial_filing(i);
  filings.push_back(own_filing);
  scoring_context ctx;
  ctx.reference = s.as_of;
  ctx.seniority = seniority_field::from(filings);
  ctx.als = e.als;

  score_card card = score(*s.grid, detail::offer_facts(pool, i, o, s.as_of, *s.ceilings), ctx);
  const rank_key own = detail::key_of(pool, i, pool.number(i), o, card.total);

  // The others, re-scored only where their seniority changes with the newcomer.
  std::vector<rank_key> others(e.keys.begin(), e.keys.end());
  std::size_t before = 0;
  for (std::size_t j = 0; j < others.size(); ++j) {
    if (seniority_bits(ctx.seniority, e.filings[j], s.modes) != e.older[j]) {
      const pool_index r = e.ranking.candidates[j].request;
      score_into(*s.grid, detail::offer_facts(pool, r, o, s.as_of, *s.ceilings), ctx, card);
      others[j].score = card.total;
    }
    if (others[j] < own) ++before;
  }
  c.positioned = false;
  c.candidate_count = others.size() + 1;
  c.rank = before + 1;
  c.score = own.score;
  const std::size_t places = c.shortlist_size;
  if (places > 0 && others.size() >= places) {
    const auto nth = others.begin() + static_cast<std::ptrdiff_t>(places - 1);
    std::nth_element(others.begin(), nth, others.end());
    c.threshold = nth->score;
  }
}

/// 0: shortlisted; 1: eligible, not shortlisted; 2: not eligible.
int chance_class(const offer_chance& c) noexcept {
  if (!c.eligible()) return 2;
  return c.shortlisted() ? 0 : 1;
}

bool better_chance(const offer_chance& a, const offer_chance& b) noexcept {
  const int ca = chance_class(a);
  const int cb = chance_class(b);
  if (ca != cb) return ca < cb;
  if (ca == 2) return a.failures.size() < b.failures.size();
  const std::int32_t ma = a.margin() ? a.margin()->value : INT32_MAX;
  const std::int32_t mb = b.margin() ? b.margin()->value : INT32_MAX;
  if (ca == 0) {
    if (*a.rank != *b.rank) return *a.rank < *b.rank;
    return ma > mb;
  }
  if (ma != mb) return ma > mb;
  return *a.rank < *b.rank;
}

}  // namespace

std::vector<offer_chance> chances(const offer_board& board, const request_number& n) {
  const offer_board::state& s = board.data();
  const applicant_pool& pool = *s.pool;
  const pool_index i = detail::find_request(pool, n, "request");
  std::vector<offer_chance> out;
  out.reserve(s.entries.size());
  for (const offer_board_entry& e : s.entries) {
    offer_chance& c = out.emplace_back();
    c.o = e.o;
    c.days_left = static_cast<int>((e.o->closing_date() - s.as_of).days());
    c.eligible_count = e.ranking.eligible_count;
    c.shortlist_size =
        static_cast<std::size_t>(std::max(s.shortlist_size.value_or(e.o->shortlist_size), 0));
    eligibility_result gate = pool.check(i, *e.o, s.as_of, s.policy, *s.ceilings);
    if (!gate.eligible()) {
      c.failures = std::move(gate.failures);
      c.candidate_count = e.ranking.candidate_count;
      c.positioned = std::any_of(e.ranking.ineligible.begin(), e.ranking.ineligible.end(),
                                 [&](const ineligible_candidate& x) { return x.request == i; });
      continue;
    }
    const auto& candidates = e.ranking.candidates;
    const auto it = std::find_if(candidates.begin(), candidates.end(),
                                 [&](const ranked_candidate& x) { return x.request == i; });
    if (it != candidates.end()) {
      actual_rank(e, static_cast<std::size_t>(it - candidates.begin()), c);
    } else {
      would_be_rank(s, e, i, c);
    }
  }
  std::stable_sort(out.begin(), out.end(), better_chance);
  return out;
}

}  // namespace cotation
