// SPDX-License-Identifier: MIT
// Comparing the fast rankings with the plain implementation's, offer by offer.
#include <cotation/verification.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "detail/parallel.hpp"

namespace cotation {

std::string_view to_string(difference_kind k) noexcept {
  switch (k) {
    case difference_kind::eligible_count:
      return "eligible_count";
    case difference_kind::eligibility:
      return "eligibility";
    case difference_kind::reasons:
      return "reasons";
    case difference_kind::score:
      return "score";
    case difference_kind::order:
      return "order";
    case difference_kind::shortlist:
      return "shortlist";
    case difference_kind::property:
      return "property";
  }
  return "?";
}

std::vector<ranking_difference> compare(const offer_ranking& fast, const reference_ranking& plain) {
  std::vector<ranking_difference> out;
  const auto differ = [&](difference_kind kind, std::vector<request_number> requests,
                          std::string detail) {
    out.push_back(ranking_difference{fast.offer, kind, std::move(requests), std::move(detail)});
  };
  if (fast.eligible_count != plain.eligible_count) {
    differ(difference_kind::eligible_count, {},
           fmt::format("{} eligible requests here, {} in the plain implementation",
                       fast.eligible_count, plain.eligible_count));
  }

  std::unordered_map<request_number, std::size_t> fast_at;
  for (std::size_t k = 0; k < fast.candidates.size(); ++k) fast_at[fast.candidates[k].number] = k;
  std::unordered_map<request_number, std::size_t> plain_at;
  for (std::size_t k = 0; k < plain.candidates.size(); ++k) {
    plain_at[plain.candidates[k].number] = k;
  }
  bool same_candidates = fast.candidates.size() == plain.candidates.size();
  for (const reference_candidate& c : plain.candidates) {
    const auto it = fast_at.find(c.number);
    if (it == fast_at.end()) {
      same_candidates = false;
      differ(difference_kind::eligibility, {c.number},
             fmt::format("{} is eligible in the plain implementation, not here", c.number));
      continue;
    }
    const ranked_candidate& f = fast.candidates[it->second];
    if (f.score != c.score) {
      differ(difference_kind::score, {c.number},
             fmt::format("{} scores {} here, {} in the plain implementation", c.number, f.score,
                         c.score));
    }
  }
  for (const ranked_candidate& c : fast.candidates) {
    if (!plain_at.contains(c.number)) {
      same_candidates = false;
      differ(difference_kind::eligibility, {c.number},
             fmt::format("{} is eligible here, not in the plain implementation", c.number));
    }
  }

  std::unordered_map<request_number, const reference_ineligible*> plain_refused;
  for (const reference_ineligible& r : plain.ineligible) plain_refused[r.number] = &r;
  for (const ineligible_candidate& r : fast.ineligible) {
    const auto it = plain_refused.find(r.number);
    if (it == plain_refused.end()) continue;  // reported above as an eligibility difference
    std::vector<ineligibility> codes;
    for (const eligibility_failure& f : r.reasons) codes.push_back(f.reason);
    if (codes != it->second->reasons) {
      const auto names = [](const std::vector<ineligibility>& v) {
        std::string s;
        for (const ineligibility i : v) s += fmt::format("{}{}", s.empty() ? "" : ", ", i);
        return s;
      };
      differ(difference_kind::reasons, {r.number},
             fmt::format("{} is refused for [{}] here, [{}] in the plain implementation", r.number,
                         names(codes), names(it->second->reasons)));
    }
  }

  // Rank by rank, when both ranked the same candidates.
  for (std::size_t k = 0; k < fast.candidates.size(); ++k) {
    const ranked_candidate& f = fast.candidates[k];
    if (f.rank != k + 1) {
      differ(difference_kind::order, {f.number},
             fmt::format("{} is at position {} with rank {}", f.number, k + 1, f.rank));
    }
    if (!same_candidates || k >= plain.candidates.size()) continue;
    const reference_candidate& p = plain.candidates[k];
    if (f.number != p.number) {
      differ(difference_kind::order, {f.number, p.number},
             fmt::format("rank {}: {} here, {} in the plain implementation", k + 1, f.number,
                         p.number));
    }
  }
  if (fast.shortlist_size != plain.shortlist_size) {
    differ(difference_kind::shortlist, {},
           fmt::format("a shortlist of {} here, {} in the plain implementation",
                       fast.shortlist_size, plain.shortlist_size));
  }
  return out;
}

verification_report verify_rankings(const data_set& d, const applicant_pool& pool,
                                    const compiled_grid& g, unsigned threads) {
  const attribution_statistics statistics(d.attributions);
  const reference_ranker plain(d.applicants, g.source(), d.attributions, d.als_targets);
  std::unordered_map<std::string, const positioning_list*> lists;
  for (const positioning_list& l : d.positionings) lists[l.offer.value] = &l;

  // The default targets of each closing date, counted once over the pool.
  std::map<date, std::array<basis_points, company_size_count>> targets;
  for (const offer& o : d.offers) {
    const date at = o.closing_date();
    if (!targets.contains(at)) {
      targets[at] =
          d.als_targets ? *d.als_targets : default_targets(pool.active_requests_by_size(at));
    }
  }

  struct slot {
    std::size_t candidates = 0;
    std::size_t positioned = 0;
    std::vector<ranking_difference> differences;
    std::optional<std::string> failure;
  };
  std::vector<slot> slots(d.offers.size());
  // The plain implementation's eligible counts, every offer together.
  std::vector<date> closing;
  for (const offer& o : d.offers) closing.push_back(o.closing_date());
  const std::vector<std::size_t> plain_counts = plain.count_eligible(d.offers, closing, threads);
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t k = next++; k < d.offers.size(); k = next++) {
      const offer& o = d.offers[k];
      const date at = o.closing_date();
      std::vector<request_number> positioned;
      if (const auto it = lists.find(o.id.value); it != lists.end()) {
        positioned = it->second->requests;
      }
      slot& s = slots[k];
      s.positioned = positioned.size();
      try {
        ranking_rules rules{g, statistics};
        rules.als_targets = targets.at(at);
        const offer_ranking fast = rank_offer(o, pool, positioned, rules, at);
        s.candidates = fast.candidate_count;
        for (ranking_property_failure& f : check_ranking(fast, o, pool, positioned, rules)) {
          s.differences.push_back(ranking_difference{o.id, difference_kind::property,
                                                     std::move(f.requests),
                                                     fmt::format("[{}] {}", f.property, f.detail)});
        }
        // The plain implementation sees the positionings in the reverse order.
        std::reverse(positioned.begin(), positioned.end());
        const reference_ranking reference =
            plain.rank(o, positioned, at, std::nullopt, plain_counts[k]);
        for (ranking_difference& diff : compare(fast, reference)) {
          s.differences.push_back(std::move(diff));
        }
      } catch (const std::exception& e) {
        s.failure = e.what();
      }
    }
  };
  detail::run_parallel(detail::thread_count(threads, d.offers.size()), [&](unsigned) { worker(); });

  verification_report report;
  report.offers = d.offers.size();
  for (std::size_t k = 0; k < slots.size(); ++k) {
    slot& s = slots[k];
    report.candidates += s.candidates;
    report.positioned += s.positioned;
    for (ranking_difference& diff : s.differences) report.differences.push_back(std::move(diff));
    if (s.failure) report.failures.emplace_back(d.offers[k].id, std::move(*s.failure));
  }
  return report;
}

}  // namespace cotation
