// SPDX-License-Identifier: MIT
// The runtime properties of a ranking: read from the result and the pool only, never from the
// code that produced the ranking.
#include <cotation/ranking_checks.hpp>

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace cotation {

namespace {

rank_key key_of(const ranked_candidate& c, const applicant_pool& pool, int year) {
  const auto income = pool.reference_income_of(c.request, year);
  return rank_key{c.score, pool.initial_filing(c.request), income ? income->amount : money{},
                  pool.persons(c.request), c.number};
}

}  // namespace

std::vector<ranking_property_failure> check_ranking(const offer_ranking& r, const offer& o,
                                                    const applicant_pool& pool,
                                                    std::span<const request_number> positioned,
                                                    const ranking_rules& rules) {
  std::vector<ranking_property_failure> out;
  const auto fail = [&](std::string_view property, std::vector<request_number> requests,
                        std::string detail) {
    out.push_back(ranking_property_failure{property, std::move(requests), std::move(detail)});
  };
  const auto& cs = r.candidates;
  const int year = o.ceiling_year();

  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (cs[k].rank != k + 1) {
      fail("ranks", {cs[k].number},
           fmt::format("candidate {} at position {} has rank {}", cs[k].number, k + 1, cs[k].rank));
    }
    if (cs[k].card && cs[k].score != cs[k].card->total) {
      fail("score", {cs[k].number},
           fmt::format("candidate {} has score {} but its card totals {}", cs[k].number,
                       cs[k].score, cs[k].card->total));
    }
    if (k == 0) continue;
    if (!(key_of(cs[k - 1], pool, year) < key_of(cs[k], pool, year))) {
      fail("order", {cs[k - 1].number, cs[k].number},
           fmt::format("rank {} ({}, {}) does not come strictly before rank {} ({}, {})", k,
                       cs[k - 1].number, cs[k - 1].score, k + 1, cs[k].number, cs[k].score));
    }
  }

  if (r.candidate_count != cs.size()) {
    fail("counts", {},
         fmt::format("candidate count {} for {} ranked candidates", r.candidate_count, cs.size()));
  }
  if (cs.size() + r.ineligible.size() != positioned.size()) {
    fail("counts", {},
         fmt::format("{} candidates and {} ineligible for {} positioned requests", cs.size(),
                     r.ineligible.size(), positioned.size()));
  }
  if (cs.size() > r.eligible_count) {
    fail("counts", {},
         fmt::format("{} candidates but only {} eligible requests in the pool", cs.size(),
                     r.eligible_count));
  }
  const int wanted = rules.shortlist_size.value_or(o.shortlist_size);
  const std::size_t expected =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(wanted, 0)), cs.size());
  if (r.shortlist_size != expected) {
    fail("shortlist", {},
         fmt::format("shortlist of {} where min({}, {} candidates) = {}", r.shortlist_size, wanted,
                     cs.size(), expected));
  }

  // Every ranked or refused request positioned exactly once: sorted numbers on both sides.
  std::vector<request_number> given(positioned.begin(), positioned.end());
  std::vector<request_number> seen;
  seen.reserve(cs.size() + r.ineligible.size());
  for (const ranked_candidate& c : cs) seen.push_back(c.number);
  for (const ineligible_candidate& c : r.ineligible) seen.push_back(c.number);
  std::sort(given.begin(), given.end());
  std::sort(seen.begin(), seen.end());
  if (given != seen) {
    std::vector<request_number> odd;
    std::set_symmetric_difference(given.begin(), given.end(), seen.begin(), seen.end(),
                                  std::back_inserter(odd));
    if (const auto dup = std::adjacent_find(seen.begin(), seen.end()); dup != seen.end()) {
      odd.push_back(*dup);
    }
    fail("positioned", odd,
         fmt::format("{} request(s) ranked or refused but not positioned, or the reverse",
                     odd.size()));
  }

  for (std::size_t k = 0; k < std::min(r.shortlist_size, cs.size()); ++k) {
    const eligibility_result gate =
        pool.check(cs[k].request, o, r.reference, rules.eligibility, rules.ceilings);
    if (!gate.eligible()) {
      fail("eligible", {cs[k].number},
           fmt::format("shortlisted candidate {} is not eligible: {}", cs[k].number,
                       gate.failures.front()));
    }
  }
  return out;
}

void enforce_ranking_properties(const offer_ranking& r, const offer& o, const applicant_pool& pool,
                                std::span<const request_number> positioned,
                                const ranking_rules& rules) {
  const auto failures = check_ranking(r, o, pool, positioned, rules);
  if (failures.empty()) return;
  std::string reason = "the ranking fails SPEC 5:";
  for (const ranking_property_failure& f : failures) {
    reason += fmt::format(" [{}] {};", f.property, f.detail);
  }
  reason.pop_back();
  throw ranking_property_error(fmt::format("offer {}", o.id), std::move(reason));
}

}  // namespace cotation
