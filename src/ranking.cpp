// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/ranking.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>
#include <unordered_set>

#include "detail/eligibility_row.hpp"
#include "pool_columns.hpp"

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

  std::optional<money> of(const household_category& c) {
    const auto rank = static_cast<std::size_t>(c.category + c.additional_persons);
    if (rank >= cache_.size()) return lookup(c);
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
};

struct candidate_work {
  pool_index request;
  candidate_facts facts;
  rank_key key;
};

}  // namespace

offer_ranking rank_offer(const offer& o, const applicant_pool& pool,
                         std::span<const request_number> positioned, const ranking_rules& rules,
                         date reference) {
  offer_ranking result;
  result.offer = o.id;
  result.reference = reference;

  // Resolve the positionings first: an unknown or repeated number fails the whole call.
  std::vector<pool_index> requests;
  requests.reserve(positioned.size());
  for (std::size_t k = 0; k < positioned.size(); ++k) {
    const auto i = pool.find(positioned[k]);
    if (!i) {
      throw invalid_argument(fmt::format("positioned[{}]", k),
                             fmt::format("request {} is not in the pool", positioned[k]));
    }
    requests.push_back(*i);
  }
  {
    std::vector<pool_index> sorted = requests;
    std::sort(sorted.begin(), sorted.end());
    const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
    if (dup != sorted.end()) {
      const auto k = static_cast<std::size_t>(
          std::find(requests.begin(), requests.end(), *dup) - requests.begin());
      throw invalid_argument(fmt::format("positioned[{}]", k),
                             fmt::format("request {} is positioned twice", pool.number(*dup)));
    }
  }

  result.eligible_count = pool.count_eligible(o, reference, rules.eligibility, rules.ceilings);

  const int year = o.ceiling_year();
  plus_ceilings ceilings(o, rules.ceilings);
  detail::offer_terms terms(o, rules.ceilings);
  std::vector<candidate_work> work;
  work.reserve(requests.size());
  for (const pool_index i : requests) {
    eligibility_result gate = detail::evaluate(pool.data().row(i), terms, reference, rules.eligibility);
    if (!gate.eligible()) {
      result.ineligible.push_back(
          ineligible_candidate{i, pool.number(i), std::move(gate.failures)});
      continue;
    }
    candidate_facts f = pool.facts(i);
    const auto income = pool.reference_income_of(i, year);  // eligible: present
    f.reference_income = income->amount;
    f.plus_ceiling = ceilings.of(pool.category(i, reference));
    work.push_back(candidate_work{
        i, f, rank_key{points{}, f.initial_filing, income->amount, pool.persons(i), pool.number(i)}});
  }
  std::sort(result.ineligible.begin(), result.ineligible.end(),
            [](const ineligible_candidate& a, const ineligible_candidate& b) {
              return a.number < b.number;
            });

  // Comparative context, from the eligible candidates only.
  std::vector<date> filings;
  filings.reserve(work.size());
  for (const auto& w : work) filings.push_back(w.facts.initial_filing);
  scoring_context ctx;
  ctx.reference = reference;
  ctx.seniority = seniority_field::from(filings);
  const int window = rules.grid.als_window_months().value_or(12);
  ctx.als = rules.statistics.shares(reference, window, rules.als_targets);

  result.candidate_count = work.size();
  std::vector<score_card> cards(work.size());
  std::vector<std::uint32_t> order(work.size());
  for (std::size_t k = 0; k < work.size(); ++k) {
    score_into(rules.grid, work[k].facts, ctx, cards[k]);
    work[k].key.score = cards[k].total;
    order[k] = static_cast<std::uint32_t>(k);
  }
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return work[a].key < work[b].key; });

  result.candidates.reserve(work.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    const candidate_work& w = work[order[r]];
    result.candidates.push_back(ranked_candidate{w.request, w.key.number, r + 1, w.key.score,
                                                 std::move(cards[order[r]])});
  }
  const int wanted = rules.shortlist_size.value_or(o.shortlist_size);
  result.shortlist_size = std::min<std::size_t>(static_cast<std::size_t>(std::max(wanted, 0)),
                                                result.candidates.size());
  return result;
}

std::vector<offer_ranking> rank_offers(std::span<const offer_positionings> offers,
                                       const applicant_pool& pool, const ranking_rules& rules,
                                       unsigned threads) {
  std::vector<std::optional<offer_ranking>> slots(offers.size());
  std::vector<std::exception_ptr> errors(offers.size());
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t k = next++; k < offers.size(); k = next++) {
      try {
        const offer& o = *offers[k].o;
        slots[k] = rank_offer(o, pool, offers[k].positioned, rules, o.closing_date());
      } catch (const error& e) {
        // Name the offer in the place of the fault.
        errors[k] = std::make_exception_ptr(
            invalid_argument(fmt::format("offers[{}].{}", k, e.where()), e.reason()));
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  };
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, offers.size())));
  std::vector<std::thread> pool_threads;
  for (unsigned t = 1; t < threads; ++t) pool_threads.emplace_back(worker);
  worker();
  for (auto& t : pool_threads) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<offer_ranking> out;
  out.reserve(offers.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace cotation
