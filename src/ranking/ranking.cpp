// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/ranking.hpp>
#include <cotation/ranking_checks.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <limits>
#include <numeric>
#include <thread>
#include <tuple>
#include <utility>

#include "detail/emplace.hpp"
#include "detail/parallel.hpp"
#include "detail/radix_sort.hpp"
#include "ranking/pool_columns.hpp"
#include "rules/eligibility_row.hpp"

namespace cotation {

const ranked_candidate* offer_ranking::find(const request_number& n) const noexcept {
  const auto it = std::find_if(candidates.begin(), candidates.end(),
                               [&](const ranked_candidate& c) { return c.number == n; });
  return it == candidates.end() ? nullptr : &*it;
}

namespace {

/// Per-offer cache of the household PLUS ceilings the low-resources criterion compares with,
/// by household rank (category + additional persons).
class plus_ceilings {
 public:
  plus_ceilings(const offer& o, const ceiling_table& t)
      : year_(o.ceiling_year()), zone_(o.zone()), table_(t) {}

  /// A reference, valid until the next call: copying the optional out through a temporary
  /// made GCC store its flag byte into a 16-byte value it then reloaded whole (a store
  /// forwarding stall, 1.7 % of a department day's samples).
  const std::optional<money>& of(const household_category& c) {
    const auto rank = static_cast<std::size_t>(c.category + c.additional_persons);
    if (rank >= cache_.size()) {
      spare_ = lookup(c);
      return spare_;
    }
    if (!known_[rank]) {
      cache_[rank] = lookup(c);
      known_[rank] = true;
    }
    return cache_[rank];
  }

 private:
  std::optional<money> lookup(const household_category& c) const {
    const auto l = table_.lookup(financing::plus, year_, zone_, c);
    if (const auto* m = std::get_if<money>(&l)) return *m;
    return std::nullopt;
  }
  int year_;
  income_zone zone_;
  const ceiling_table& table_;
  std::array<std::optional<money>, 16> cache_{};
  std::array<bool, 16> known_{};
  std::optional<money> spare_;
};

/// One eligible candidate while its offer is ranked: what scoring reads, the refusal spans
/// empty until every candidate is gathered (their dates are in one array, from `refusals`).
struct candidate_work {
  pool_index request;
  std::uint32_t positioned;  ///< its place in the positioned numbers (its number's)
  int persons;
  std::uint32_t refusals;  ///< first of the candidate's dates in the offer's refusal array
  candidate_facts facts;
};

/// One bit per pool index, all clear between calls: finds the first index of a list that
/// repeats an earlier one in one pass.
class index_marks {
 public:
  /// The place in `list` of the first index already met earlier in it, if any; the marks are
  /// clear again on return. `end` bounds the indexes (`applicant_pool::index_end`).
  std::optional<std::size_t> first_repeat(std::span<const pool_index> list, pool_index end) {
    if (words_.size() * 64 < end) words_.resize((std::size_t{end} + 63) / 64);
    std::size_t k = 0;
    for (; k < list.size(); ++k) {
      std::uint64_t& w = words_[list[k] / 64];
      const std::uint64_t bit = std::uint64_t{1} << (list[k] % 64);
      if ((w & bit) != 0) break;
      w |= bit;
    }
    for (std::size_t j = 0; j < k; ++j) words_[list[j] / 64] = 0;
    if (k == list.size()) return std::nullopt;
    return k;
  }

 private:
  std::vector<std::uint64_t> words_;
};

/// An ineligible candidate while they are sorted by request number: the number's first 16
/// characters as two big-endian integers, and the candidate's place.
struct number_handle {
  std::uint64_t high;
  std::uint64_t low;
  std::uint32_t k;
};

/// The working arrays of one ranking, kept by each thread from one offer to the next (cleared,
/// their room kept): a day of offers of similar sizes then allocates them once per thread, not
/// once per offer.
struct rank_scratch {
  std::vector<pool_index> requests;
  std::vector<std::optional<pool_index>> found;
  std::vector<candidate_work> work;
  std::vector<date> refusal_dates;
  std::vector<std::pair<std::uint32_t, eligibility_failures>> refused;  ///< by place
  std::vector<date> filings;
  std::vector<points> scores;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order_buffer;
  index_marks marks;
  std::vector<number_handle> by_number;
  std::vector<rank_key> keys;  ///< for the property checks
};

/// Score descending then filing date ascending, as one unsigned integer.
std::uint64_t primary_key(points score, date filing) noexcept {
  const auto inverted = static_cast<std::uint64_t>(
      static_cast<std::int64_t>(std::numeric_limits<std::int32_t>::max()) - score.value);
  return (inverted << 32) | filing.day_number();
}

/// Sorts (key, index) pairs by key, stably (pairs given in index order come out as a sort of
/// the pairs would give them): a radix sort on the keys' spread, the score and the filing date
/// of one offer's candidates rebased so that the key is dense (a few tens of bits).
void sort_by_key(std::vector<std::pair<std::uint64_t, std::uint32_t>>& v,
                 std::vector<std::pair<std::uint64_t, std::uint32_t>>& buffer) {
  if (v.size() < 2) return;
  std::uint64_t min_hi = ~std::uint64_t{0}, min_lo = ~std::uint64_t{0}, max_lo = 0;
  for (const auto& [key, k] : v) {
    min_hi = std::min(min_hi, key >> 32);
    min_lo = std::min(min_lo, key & std::uint64_t{0xFFFFFFFF});
    max_lo = std::max(max_lo, key & std::uint64_t{0xFFFFFFFF});
  }
  // At most 2^32 scores by 2^32 days: the product stays within 64 bits for day numbers,
  // which are below 2^23.
  const std::uint64_t span_lo = max_lo - min_lo + 1;
  detail::radix_sort(v, buffer, [&](const std::pair<std::uint64_t, std::uint32_t>& e) {
    return ((e.first >> 32) - min_hi) * span_lo + ((e.first & std::uint64_t{0xFFFFFFFF}) - min_lo);
  });
}

}  // namespace

namespace detail {
/// The tests' seam for a defect: when set, called on every ranking before its property checks,
/// so that a test can plant a defect (two candidates swapped) and see the checks stop that
/// offer and only it. The library never sets it; the tests declare and call
/// `plant_ranking_defect` themselves (no header exposes it).
using ranking_defect = void (*)(offer_ranking&);
void plant_ranking_defect(ranking_defect defect) noexcept;
std::atomic<ranking_defect> planted_ranking_defect{nullptr};
void plant_ranking_defect(ranking_defect defect) noexcept { planted_ranking_defect = defect; }
}  // namespace detail

namespace {

/// `rank_offer`, the eligible count given by `eligible_count`, called once, when the ranking is
/// otherwise complete (before its property checks): a day's rankings may start before every
/// count of the day is done.
offer_ranking rank(const offer& o, const applicant_pool& pool,
                   std::span<const request_number> positioned, const ranking_rules& rules,
                   date reference, const std::function<std::size_t()>& eligible_count) {
  offer_ranking result;
  result.offer = o.id;
  result.reference = reference;

  // Resolve the positionings first: an unknown or repeated number fails the whole call (the
  // first one in `positioned` that is unknown, or that repeats an earlier one).
  thread_local rank_scratch scratch;
  std::vector<pool_index>& requests = scratch.requests;
  requests.clear();
  {
    std::vector<std::optional<pool_index>>& found = scratch.found;
    found.assign(positioned.size(), std::nullopt);
    pool.find_all(positioned, found);
    for (std::size_t k = 0; k < positioned.size(); ++k) {
      if (!found[k]) {
        throw invalid_argument(fmt::format("positioned[{}]", k),
                               fmt::format("request {} is not in the pool", positioned[k]));
      }
      requests.push_back(*found[k]);
    }
  }
  // Repeats by one mark per pool index, set then cleared: sorting the indexes to find them
  // mispredicted half of its comparisons (6 % of a department day).
  if (const auto k = scratch.marks.first_repeat(requests, pool.index_end())) {
    throw invalid_argument(fmt::format("positioned[{}]", *k),
                           fmt::format("request {} is positioned twice", positioned[*k]));
  }

  plus_ceilings ceilings(o, rules.ceilings);
  detail::offer_terms terms(o, rules.ceilings);
  std::vector<candidate_work>& work = scratch.work;
  work.clear();
  std::vector<date>& refusal_dates = scratch.refusal_dates;
  refusal_dates.clear();
  // Each ineligible one by its place in `positioned` (and `requests`).
  std::vector<std::pair<std::uint32_t, eligibility_failures>>& refused = scratch.refused;
  refused.clear();
  const applicant_pool::columns& columns = pool.data();
  // Read request by request from its head and its record's lists, the storage reused; a
  // request whose head is `slow` decoded whole.
  thread_local detail::ranking_row view;
  thread_local applicant request = detail::blank_applicant();
  const bool reserved = o.reserved_for.has_value();
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const pool_index i = requests[k];
    // The records a batch at a time (`prefetch_records`), fetched together.
    if (k % applicant_pool::columns::prefetch_batch == 0) {
      columns.prefetch_records(std::span<const pool_index>(requests).subspan(
          k, std::min(applicant_pool::columns::prefetch_batch, requests.size() - k)));
    }
    // The gate reads the employer for a reserved offer only; scoring never.
    const detail::request_head& head = columns.heads[i];
    if ((head.flags & detail::request_head::slow) == 0) {
      detail::read_ranking_row(head, columns.body(i), columns.employers, reserved, view);
    } else {
      columns.decode(i, request, reserved);
      view.row = detail::row_of(request, reference);
      view.facts = facts_of(request);
      view.persons = request.household.persons();
    }
    // The gate writes into the place an ineligible candidate keeps, given back when eligible.
    detail::gate_values values;
    eligibility_failures& failures =
        refused
            .emplace_back(std::piecewise_construct,
                          std::forward_as_tuple(static_cast<std::uint32_t>(k)), std::tuple<>())
            .second;
    detail::evaluate_into(view.row, terms, reference, rules.eligibility, failures, &values);
    if (!failures.empty()) continue;
    refused.pop_back();
    // Eligible: the gate found a reference income.
    candidate_work& w =
        detail::emplace_aggregate(work, i, static_cast<std::uint32_t>(k), view.persons,
                                  static_cast<std::uint32_t>(refusal_dates.size()), view.facts);
    w.facts.reference_income = values.income->amount;
    w.facts.plus_ceiling = ceilings.of(values.category);
    refusal_dates.insert(refusal_dates.end(), view.facts.applicant_refusals.begin(),
                         view.facts.applicant_refusals.end());
    refusal_dates.insert(refusal_dates.end(), view.facts.commission_refusals.begin(),
                         view.facts.commission_refusals.end());
  }
  for (candidate_work& w : work) {
    const std::size_t n = w.facts.applicant_refusals.size();
    const std::size_t m = w.facts.commission_refusals.size();
    w.facts.applicant_refusals = std::span<const date>(refusal_dates.data() + w.refusals, n);
    w.facts.commission_refusals = std::span<const date>(refusal_dates.data() + w.refusals + n, m);
  }
  // Ineligible ones by request number: sort small handles (the number's first 16 characters
  // as two big-endian integers), then move each list once. Numbers are read from `positioned`
  // (in cache, in order), never from the pool (kept packed there: `applicant_pool::number`
  // unpacks a copy).
  {
    using handle = number_handle;
    const auto word = [](const char* p) {
      std::uint64_t w = 0;
      for (int b = 0; b < 8; ++b) w = (w << 8) | static_cast<unsigned char>(p[b]);
      return w;
    };
    std::vector<handle>& by_number = scratch.by_number;
    by_number.clear();
    for (std::uint32_t k = 0; k < refused.size(); ++k) {
      const char* p = positioned[refused[k].first].str().data();
      by_number.push_back(handle{word(p), word(p + 8), k});
    }
    std::sort(by_number.begin(), by_number.end(), [&](const handle& a, const handle& b) {
      if (a.high != b.high) return a.high < b.high;
      if (a.low != b.low) return a.low < b.low;
      return positioned[refused[a.k].first] < positioned[refused[b.k].first];
    });
    result.ineligible.reserve(refused.size());
    for (const handle& h : by_number) {
      const std::uint32_t at = refused[h.k].first;
      detail::emplace_aggregate(result.ineligible, requests[at], positioned[at],
                                std::move(refused[h.k].second));
    }
  }

  // Comparative context, from the eligible candidates only.
  std::vector<date>& filings = scratch.filings;
  filings.clear();
  for (const auto& w : work) filings.push_back(w.facts.initial_filing);
  scoring_context ctx;
  ctx.reference = reference;
  ctx.seniority = seniority_field::from(filings);
  const int window = rules.grid.als_window_months().value_or(12);
  ctx.als = rules.statistics.shares(reference, window, rules.als_targets_for(pool, reference));

  result.candidate_count = work.size();
  // The integer score of each candidate; its card only when asked for (every card, or the
  // card of one candidate: `card_for`), built in its box in the order the candidates were
  // read, the box then moved to its rank. A card is constructed from its two totals only:
  // value-initialising one (`score_card{}`) zeroes its inline lines (400 bytes) before
  // scoring overwrites them.
  std::vector<points>& scores = scratch.scores;
  scores.assign(work.size(), points{});
  std::optional<pool_index> card_of;
  if (!rules.score_cards && rules.card_for) card_of = pool.find(*rules.card_for);
  std::vector<boxed<score_card>> cards(rules.score_cards || card_of ? work.size() : 0);
  std::vector<std::pair<std::uint64_t, std::uint32_t>>& order = scratch.order;
  order.assign(work.size(), {});
  for (std::size_t k = 0; k < work.size(); ++k) {
    const candidate_facts& f = work[k].facts;
    if (rules.score_cards || (card_of && work[k].request == *card_of)) {
      score_card& card = cards[k].emplace(points{}, points{});
      score_into(rules.grid, f, ctx, card);
      scores[k] = card.total;
    } else {
      scores[k] = score_points(rules.grid, f, ctx);
    }
    order[k] = {primary_key(scores[k], f.initial_filing), static_cast<std::uint32_t>(k)};
  }
  // The total order of SPEC 5: score and filing date packed in one integer sorted by radix,
  // then each run of equal keys (rare) by rank_key, which adds the two last keys.
  sort_by_key(order, scratch.order_buffer);
  for (std::size_t a = 0; a < order.size();) {
    std::size_t b = a + 1;
    while (b < order.size() && order[b].first == order[a].first) ++b;
    if (b - a > 1) {
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(a),
                order.begin() + static_cast<std::ptrdiff_t>(b), [&](const auto& x, const auto& y) {
                  const candidate_work& p = work[x.second];
                  const candidate_work& q = work[y.second];
                  return rank_key{scores[x.second], p.facts.initial_filing,
                                  *p.facts.reference_income, p.persons, positioned[p.positioned]} <
                         rank_key{scores[y.second], q.facts.initial_filing,
                                  *q.facts.reference_income, q.persons, positioned[q.positioned]};
                });
    }
    a = b;
  }

  result.candidates.reserve(work.size());
  std::vector<rank_key>& keys = scratch.keys;
  keys.clear();
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::uint32_t k = order[r].second;
    const pool_index i = work[k].request;
    const ranked_candidate& c = detail::emplace_aggregate(
        result.candidates, i, positioned[work[k].positioned], r + 1, scores[k],
        cards.empty() ? boxed<score_card>() : std::move(cards[k]));
    if (rules.check_properties) {
      const candidate_facts& f = work[k].facts;
      // Built in place: a temporary key, written field by field then copied whole, stalled
      // on the copy (store forwarding; 1 % of a department day's samples).
      detail::emplace_aggregate(keys, c.score, f.initial_filing, *f.reference_income,
                                work[k].persons, c.number);
    }
  }
  result.eligible_count = eligible_count();
  const int wanted = rules.shortlist_size.value_or(o.shortlist_size);
  result.shortlist_size = std::min<std::size_t>(static_cast<std::size_t>(std::max(wanted, 0)),
                                                result.candidates.size());
  if (const auto defect = detail::planted_ranking_defect.load(std::memory_order_relaxed)) {
    defect(result);
  }
  if (rules.check_properties) {
    enforce_ranking_properties(o, check_ranking_by_keys(result, o, pool, requests, keys, rules));
  }
  return result;
}

}  // namespace

std::array<basis_points, company_size_count> ranking_rules::als_targets_for(
    const applicant_pool& pool, date at) const noexcept {
  return als_targets ? *als_targets : default_targets(pool.active_requests_by_size(at));
}

offer_ranking rank_offer(const offer& o, const applicant_pool& pool,
                         std::span<const request_number> positioned, const ranking_rules& rules,
                         date reference) {
  return rank(o, pool, positioned, rules, reference,
              [&] { return pool.count_eligible(o, reference, rules.eligibility, rules.ceilings); });
}

offer_ranking rank_offer(const offer& o, const applicant_pool& pool,
                         std::span<const request_number> positioned, const ranking_rules& rules,
                         date reference, const eligible_counts& counts) {
  return rank(o, pool, positioned, rules, reference, [&] {
    const auto known = counts.find(o.id, reference);
    return known ? *known : pool.count_eligible(o, reference, rules.eligibility, rules.ceilings);
  });
}

std::size_t eligible_counts::lower(const offer_id& id, date at) const noexcept {
  const auto it =
      std::lower_bound(counts_.begin(), counts_.end(), std::pair<const offer_id&, date>(id, at),
                       [](const entry& e, const auto& key) {
                         return e.offer != key.first ? e.offer < key.first : e.at < key.second;
                       });
  return static_cast<std::size_t>(it - counts_.begin());
}

std::optional<std::size_t> eligible_counts::find(const offer_id& id, date at) const noexcept {
  const std::size_t k = lower(id, at);
  if (k == counts_.size() || counts_[k].offer != id || counts_[k].at != at) return std::nullopt;
  return counts_[k].count;
}

void eligible_counts::set(const offer_id& id, date at, std::size_t count) {
  const std::size_t k = lower(id, at);
  if (k < counts_.size() && counts_[k].offer == id && counts_[k].at == at) {
    counts_[k].count = count;
  } else {
    counts_.insert(counts_.begin() + static_cast<std::ptrdiff_t>(k), entry{id, at, count});
  }
}

namespace {

/// A day's offers and the date each is counted and ranked at (its closing date), as the
/// counting reads them.
struct day_offers {
  std::vector<const offer*> list;
  std::vector<date> at;

  explicit day_offers(std::span<const offer_positionings> offers) {
    list.reserve(offers.size());
    at.reserve(offers.size());
    for (const offer_positionings& p : offers) {
      list.push_back(p.o);
      at.push_back(p.o->closing_date());
    }
  }
};

}  // namespace

eligible_counts count_eligible_offers(std::span<const offer_positionings> offers,
                                      const applicant_pool& pool, const ranking_rules& rules,
                                      unsigned threads) {
  const day_offers day(offers);
  std::vector<std::size_t> counts(offers.size());
  count_eligible_together(pool, day.list, day.at, rules.eligibility, rules.ceilings, counts,
                          threads);
  eligible_counts out;
  out.counts_.reserve(offers.size());
  for (std::size_t k = 0; k < offers.size(); ++k) {
    out.counts_.push_back(eligible_counts::entry{day.list[k]->id, day.at[k], counts[k]});
  }
  std::sort(out.counts_.begin(), out.counts_.end(), [](const auto& a, const auto& b) {
    return a.offer != b.offer ? a.offer < b.offer : a.at < b.at;
  });
  return out;
}

std::vector<offer_outcome> rank_offers_each(std::span<const offer_positionings> offers,
                                            const applicant_pool& pool, const ranking_rules& rules,
                                            unsigned threads) {
  // One queue of work for the threads: every eligible count's items first (`counting_plan`),
  // then one ranking per offer. A ranking waits for its offer's count only at its end, and
  // only for items another thread has taken already (every count item is taken before any
  // ranking), so the threads never stand idle between the counts and the rankings.
  const day_offers day(offers);
  counting_plan plan(pool, day.list, day.at, rules.eligibility, rules.ceilings);
  std::vector<offer_outcome> out(offers.size());
  std::vector<std::exception_ptr> errors(offers.size());
  std::vector<std::exception_ptr> count_errors(plan.items());
  std::atomic<std::size_t> next{0};
  const std::size_t counts = plan.items();
  const auto worker = [&] {
    for (std::size_t i = next++; i < counts + offers.size(); i = next++) {
      if (i < counts) {
        try {
          plan.run(i);  // its offers are done even when it throws: no ranking waits forever
        } catch (...) {
          count_errors[i] = std::current_exception();
        }
        continue;
      }
      const std::size_t k = i - counts;
      try {
        const offer& o = *offers[k].o;
        out[k].ranking = rank(o, pool, offers[k].positioned, rules, o.closing_date(), [&] {
          while (!plan.done(k)) std::this_thread::yield();
          return plan.count(k);
        });
      } catch (const ranking_property_error& e) {
        out[k].failure = e;  // this offer's only: the others go on
      } catch (const error& e) {
        // A fault of the data: name the offer in the place of the fault.
        errors[k] = std::make_exception_ptr(
            invalid_argument(fmt::format("offers[{}].{}", k, e.where()), e.reason()));
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  };
  detail::run_parallel(detail::thread_count(threads, counts + offers.size()),
                       [&](unsigned) { worker(); });
  for (const auto& e : count_errors) {
    if (e) std::rethrow_exception(e);
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return out;
}

std::vector<offer_ranking> rank_offers(std::span<const offer_positionings> offers,
                                       const applicant_pool& pool, const ranking_rules& rules,
                                       unsigned threads) {
  std::vector<offer_outcome> each = rank_offers_each(offers, pool, rules, threads);
  std::vector<offer_ranking> out;
  out.reserve(each.size());
  for (offer_outcome& r : each) {
    if (r.failure) throw *r.failure;  // the first in input order, as itself
    out.push_back(std::move(*r.ranking));
  }
  return out;
}

}  // namespace cotation
