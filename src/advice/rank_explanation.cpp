// SPDX-License-Identifier: MIT
// What decided a rank: a candidate compared, criterion by criterion, with the candidate just
// above and with the edge of the shortlist; the others stay anonymous (rank, score, criteria).
#include <algorithm>
#include <map>

#include <cotation/advice.hpp>
#include <cotation/error.hpp>

#include "advice/offer_facts.hpp"

namespace cotation {

std::string_view to_string(order_key k) noexcept {
  switch (k) {
    case order_key::score:
      return "score";
    case order_key::filing_date:
      return "filing_date";
    case order_key::income_per_member:
      return "income_per_member";
    case order_key::request_number:
      return "request_number";
  }
  return "?";
}

order_key deciding_key(const rank_key& a, const rank_key& b) noexcept {
  if (a.score != b.score) return order_key::score;
  if (a.initial_filing != b.initial_filing) return order_key::filing_date;
  if (a.income.in_cents() * b.persons != b.income.in_cents() * a.persons) {
    return order_key::income_per_member;
  }
  return order_key::request_number;
}

namespace {

/// What each criterion adds to a card's total, by criterion index.
std::map<std::uint16_t, points> contributions(const score_card& card) {
  std::map<std::uint16_t, points> out;
  for (const score_line& l : card.lines) out[l.criterion] += l.contribution;
  return out;
}

rank_comparison compare(const offer& o, const applicant_pool& pool, const ranked_candidate& own,
                        const ranked_candidate& other) {
  rank_comparison c;
  c.other_rank = other.rank;
  c.other_score = other.score;
  c.own_score = own.score;
  c.other_before = other.rank < own.rank;
  const rank_key own_key = detail::key_of(pool, own.request, own.number, o, own.score);
  const rank_key other_key = detail::key_of(pool, other.request, other.number, o, other.score);
  c.decided_by = deciding_key(own_key, other_key);
  if (c.decided_by == order_key::filing_date) c.other_filing = other_key.initial_filing;
  const auto mine = contributions(*own.card);  // checked by explain_rank
  const auto theirs = contributions(*other.card);
  std::map<std::uint16_t, criterion_gap> gaps;
  for (const auto& [k, p] : mine) gaps[k] = criterion_gap{k, p, points{}};
  for (const auto& [k, p] : theirs) {
    auto [it, added] = gaps.try_emplace(k, criterion_gap{k, points{}, p});
    if (!added) it->second.other = p;
  }
  for (const auto& [k, g] : gaps) {
    if (g.own != g.other) c.gaps.push_back(g);
  }
  return c;
}

}  // namespace

rank_explanation explain_rank(const offer& o, const offer_ranking& r, const applicant_pool& pool,
                              const request_number& n) {
  const auto it = std::find_if(r.candidates.begin(), r.candidates.end(),
                               [&](const ranked_candidate& c) { return c.number == n; });
  if (it == r.candidates.end()) {
    throw invalid_argument("request",
                           fmt::format("request {} is not a ranked candidate of {}", n, r.offer));
  }
  for (const ranked_candidate& c : r.candidates) {
    if (!c.card) {
      throw invalid_argument("ranking", fmt::format("the ranking of {} was made without score "
                                                    "cards (ranking_rules::score_cards)",
                                                    r.offer));
    }
  }
  const auto p = static_cast<std::size_t>(it - r.candidates.begin());
  rank_explanation e;
  e.rank = it->rank;
  e.score = it->score;
  e.candidate_count = r.candidate_count;
  e.shortlist_size = r.shortlist_size;
  if (p > 0) e.above = compare(o, pool, *it, r.candidates[p - 1]);
  const std::size_t s = r.shortlist_size;
  if (p >= s && s > 0) {
    e.shortlist = compare(o, pool, *it, r.candidates[s - 1]);
  } else if (p < s && s < r.candidates.size()) {
    e.shortlist = compare(o, pool, *it, r.candidates[s]);
  }
  std::vector<points> scores;
  scores.reserve(r.candidates.size());
  for (const ranked_candidate& c : r.candidates) scores.push_back(c.score);
  e.distribution = distribution_of(scores);
  return e;
}

}  // namespace cotation
