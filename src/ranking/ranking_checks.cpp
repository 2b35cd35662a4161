// SPDX-License-Identifier: MIT
// The runtime properties of a ranking. `check_ranking` reads them from the result and the pool
// only, never from the code that produced the ranking; `check_ranking_by_keys` (every
// `rank_offer`) checks the same properties over the keys the ranking was ordered by.
#include <cotation/ranking_checks.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "ranking/pool_columns.hpp"
#include "rules/eligibility_row.hpp"

namespace cotation {

namespace {

rank_key key_of(const ranked_candidate& c, const applicant_pool& pool, int year) {
  const auto income = pool.reference_income_of(c.request, year);
  return rank_key{c.score, pool.initial_filing(c.request), income ? income->amount : money{},
                  pool.persons(c.request), c.number};
}

/// The properties both checks share; `key(k)` is candidate k's rank key.
class checker {
 public:
  checker(const offer_ranking& r, const offer& o, const ranking_rules& rules)
      : r_(r), o_(o), rules_(rules) {}

  template <typename Key>
  void ranks_scores_order(Key&& key) {
    const auto& cs = r_.candidates;
    for (std::size_t k = 0; k < cs.size(); ++k) {
      if (cs[k].rank != k + 1) {
        fail("ranks", {cs[k].number},
             fmt::format("candidate {} at position {} has rank {}", cs[k].number, k + 1,
                         cs[k].rank));
      }
      if (cs[k].card && cs[k].score != cs[k].card->total) {
        fail("score", {cs[k].number},
             fmt::format("candidate {} has score {} but its card totals {}", cs[k].number,
                         cs[k].score, cs[k].card->total));
      }
      if (k > 0 && !(key(k - 1) < key(k))) {
        fail("order", {cs[k - 1].number, cs[k].number},
             fmt::format("rank {} ({}, {}) does not come strictly before rank {} ({}, {})", k,
                         cs[k - 1].number, cs[k - 1].score, k + 1, cs[k].number, cs[k].score));
      }
    }
  }

  void counts_and_shortlist(std::size_t positioned) {
    const auto& cs = r_.candidates;
    if (r_.candidate_count != cs.size()) {
      fail("counts", {},
           fmt::format("candidate count {} for {} ranked candidates", r_.candidate_count,
                       cs.size()));
    }
    if (cs.size() + r_.ineligible.size() != positioned) {
      fail("counts", {},
           fmt::format("{} candidates and {} ineligible for {} positioned requests", cs.size(),
                       r_.ineligible.size(), positioned));
    }
    if (cs.size() > r_.eligible_count) {
      fail("counts", {},
           fmt::format("{} candidates but only {} eligible requests in the pool", cs.size(),
                       r_.eligible_count));
    }
    const int wanted = rules_.shortlist_size.value_or(o_.shortlist_size);
    const std::size_t expected =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(wanted, 0)), cs.size());
    if (r_.shortlist_size != expected) {
      fail("shortlist", {},
           fmt::format("shortlist of {} where min({}, {} candidates) = {}", r_.shortlist_size,
                       wanted, cs.size(), expected));
    }
  }

  /// `given` and `seen` sorted: equal when every ranked or refused request is positioned once.
  template <typename T, typename Number>
  void positioned(const std::vector<T>& given, const std::vector<T>& seen, Number&& number) {
    if (given == seen) return;
    std::vector<T> odd;
    std::set_symmetric_difference(given.begin(), given.end(), seen.begin(), seen.end(),
                                  std::back_inserter(odd));
    if (const auto dup = std::adjacent_find(seen.begin(), seen.end()); dup != seen.end()) {
      odd.push_back(*dup);
    }
    std::vector<request_number> numbers;
    for (const T& x : odd) numbers.push_back(number(x));
    fail("positioned", std::move(numbers),
         fmt::format("{} request(s) ranked or refused but not positioned, or the reverse",
                     odd.size()));
  }

  /// The gate of each shortlisted candidate, evaluated again from its record (the offer's
  /// terms once; the employer decoded for a reserved offer only, as `applicant_pool::check`
  /// would read it).
  void shortlist_eligible(const applicant_pool& pool) {
    const auto& cs = r_.candidates;
    const std::size_t n = std::min(r_.shortlist_size, cs.size());
    if (n == 0) return;
    detail::offer_terms terms(o_, rules_.ceilings);
    thread_local applicant a = detail::blank_applicant();
    for (std::size_t k = 0; k < n; ++k) {
      pool.data().decode(cs[k].request, a, o_.reserved_for.has_value());
      const eligibility_result gate = detail::evaluate(detail::row_of(a, r_.reference), terms,
                                                       r_.reference, rules_.eligibility);
      if (!gate.eligible()) {
        fail("eligible", {cs[k].number},
             fmt::format("shortlisted candidate {} is not eligible: {}", cs[k].number,
                         gate.failures.front()));
      }
    }
  }

  std::vector<ranking_property_failure> failures() && { return std::move(out_); }

 private:
  void fail(std::string_view property, std::vector<request_number> requests, std::string detail) {
    out_.push_back(ranking_property_failure{property, std::move(requests), std::move(detail)});
  }
  const offer_ranking& r_;
  const offer& o_;
  const ranking_rules& rules_;
  std::vector<ranking_property_failure> out_;
};

}  // namespace

std::vector<ranking_property_failure> check_ranking(const offer_ranking& r, const offer& o,
                                                    const applicant_pool& pool,
                                                    std::span<const request_number> positioned,
                                                    const ranking_rules& rules) {
  checker c(r, o, rules);
  const int year = o.ceiling_year();
  c.ranks_scores_order([&](std::size_t k) { return key_of(r.candidates[k], pool, year); });
  c.counts_and_shortlist(positioned.size());
  // Every ranked or refused request positioned exactly once: sorted numbers on both sides.
  std::vector<request_number> given(positioned.begin(), positioned.end());
  std::vector<request_number> seen;
  seen.reserve(r.candidates.size() + r.ineligible.size());
  for (const ranked_candidate& x : r.candidates) seen.push_back(x.number);
  for (const ineligible_candidate& x : r.ineligible) seen.push_back(x.number);
  std::sort(given.begin(), given.end());
  std::sort(seen.begin(), seen.end());
  c.positioned(given, seen, [](const request_number& n) { return n; });
  c.shortlist_eligible(pool);
  return std::move(c).failures();
}

std::vector<ranking_property_failure> check_ranking_by_keys(const offer_ranking& r, const offer& o,
                                                            const applicant_pool& pool,
                                                            std::span<const pool_index> positioned,
                                                            std::span<const rank_key> keys,
                                                            const ranking_rules& rules) {
  checker c(r, o, rules);
  if (keys.size() != r.candidates.size()) {
    throw invalid_argument(
        "keys", fmt::format("{} keys for {} candidates", keys.size(), r.candidates.size()));
  }
  c.ranks_scores_order([&](std::size_t k) -> const rank_key& { return keys[k]; });
  c.counts_and_shortlist(positioned.size());
  // Every ranked or refused request positioned once: the same count and the same sum of a
  // 64-bit mix of the indexes on both sides (a multiset hash: a request dropped, added or
  // given twice changes it but with probability 2^-64); the exact report only when they differ.
  const auto mix = [](std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  };
  std::uint64_t given_sum = 0;
  for (const pool_index i : positioned) given_sum += mix(i);
  std::uint64_t seen_sum = 0;
  for (const ranked_candidate& x : r.candidates) seen_sum += mix(x.request);
  for (const ineligible_candidate& x : r.ineligible) seen_sum += mix(x.request);
  const bool once =
      r.candidates.size() + r.ineligible.size() == positioned.size() && given_sum == seen_sum;
  if (!once) {
    std::vector<pool_index> seen;
    for (const ranked_candidate& x : r.candidates) seen.push_back(x.request);
    for (const ineligible_candidate& x : r.ineligible) seen.push_back(x.request);
    std::sort(seen.begin(), seen.end());
    std::vector<pool_index> given(positioned.begin(), positioned.end());
    std::sort(given.begin(), given.end());
    c.positioned(given, seen, [&](pool_index i) { return pool.number(i); });
  }
  c.shortlist_eligible(pool);
  return std::move(c).failures();
}

void enforce_ranking_properties(const offer& o,
                                std::span<const ranking_property_failure> failures) {
  if (failures.empty()) return;
  std::string reason = "the ranking fails SPEC 5:";
  for (const ranking_property_failure& f : failures) {
    reason += fmt::format(" [{}] {};", f.property, f.detail);
  }
  reason.pop_back();
  throw ranking_property_error(fmt::format("offer {}", o.id), std::move(reason));
}

void enforce_ranking_properties(const offer_ranking& r, const offer& o, const applicant_pool& pool,
                                std::span<const request_number> positioned,
                                const ranking_rules& rules) {
  enforce_ranking_properties(o, check_ranking(r, o, pool, positioned, rules));
}

}  // namespace cotation
