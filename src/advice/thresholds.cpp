// SPDX-License-Identifier: MIT
// Published thresholds of closed offers, and where a request's chances were best according to
// them. Only published facts enter `where_chances_best`: the thresholds and the request's own
// data (an applicant may compute it with what the platform shows).
#include <algorithm>
#include <map>

#include <cotation/advice.hpp>
#include <cotation/error.hpp>

#include "advice/offer_facts.hpp"

namespace cotation {

namespace {

/// The mode of the grid's first seniority criterion, if any.
std::optional<seniority_mode> first_seniority_mode(const compiled_grid& g) {
  for (std::size_t c = 0; c < g.size(); ++c) {
    if (const auto* s = std::get_if<criteria::seniority>(&g.at(c).parameters)) return s->mode;
  }
  return std::nullopt;
}

}  // namespace

published_thresholds publish_thresholds(const offer& o, const offer_ranking& r,
                                        const applicant_pool& pool, const compiled_grid& grid) {
  published_thresholds t;
  t.dwelling = &o;
  t.reference = r.reference;
  t.eligible_count = r.eligible_count;
  t.candidate_count = r.candidate_count;
  t.shortlist_size = r.shortlist_size;
  if (r.shortlist_size > 0) {
    const ranked_candidate& last = r.candidates[r.shortlist_size - 1];
    t.last_score = last.score;
    t.last_filing = pool.initial_filing(last.request);
  }
  std::vector<points> scores;
  std::vector<date> filings;
  scores.reserve(r.candidates.size());
  filings.reserve(r.candidates.size());
  for (const ranked_candidate& c : r.candidates) {
    scores.push_back(c.score);
    filings.push_back(pool.initial_filing(c.request));
  }
  if (const auto mode = first_seniority_mode(grid); mode && !filings.empty()) {
    // A newcomer is compared with every candidate: the date is the same for any newcomer not
    // among them, so ask with the earliest date there is.
    const seniority_field field = seniority_field::from(filings);
    if (const auto s = field.compare(date(boost::gregorian::min_date_time), *mode)) {
      t.seniority_reference = s->compared_to;
    }
  }
  t.distribution = distribution_of(scores);
  return t;
}

std::optional<basis_points> chance_group::share() const noexcept {
  if (eligible == 0) return std::nullopt;
  return basis_points{static_cast<std::int32_t>(reached * 10000 / eligible)};
}

namespace {

void sort_groups(std::vector<chance_group>& groups) {
  std::stable_sort(groups.begin(), groups.end(), [](const chance_group& a, const chance_group& b) {
    const std::int64_t sa = a.share() ? a.share()->value : -1;
    const std::int64_t sb = b.share() ? b.share()->value : -1;
    if (sa != sb) return sa > sb;
    if (a.eligible != b.eligible) return a.eligible > b.eligible;
    return a.key < b.key;
  });
}

void add(std::map<std::string, chance_group>& groups, const std::string& key, past_outcome o) {
  chance_group& g = groups[key];
  g.key = key;
  ++g.offers;
  if (o == past_outcome::not_eligible) return;
  ++g.eligible;
  if (o == past_outcome::reached) ++g.reached;
  if (o == past_outcome::tied) ++g.tied;
}

}  // namespace

chance_areas where_chances_best(const applicant_pool& pool, const request_number& n,
                                std::span<const published_thresholds> published,
                                const ranking_rules& rules, date from, date to) {
  const pool_index i = detail::find_request(pool, n, "request");
  eligibility_policy policy = rules.eligibility;
  policy.check_wishes = false;
  const int window = rules.grid.als_window_months().value_or(12);
  const date filing = pool.initial_filing(i);

  chance_areas out;
  out.from = from;
  out.to = to;
  std::map<std::string, chance_group> communes;
  std::map<std::string, chance_group> typologies;
  for (const published_thresholds& t : published) {
    if (t.reference < from || t.reference > to) continue;
    past_offer_outcome& p = out.outcomes.emplace_back();
    p.thresholds = &t;
    const offer& o = *t.dwelling;
    if (pool.check(i, o, t.reference, policy, rules.ceilings).eligible()) {
      scoring_context ctx;
      ctx.reference = t.reference;
      // One date stands for the candidates: a newcomer is older than them exactly when it
      // filed strictly before it (see `published_thresholds::seniority_reference`).
      if (t.seniority_reference) {
        const date one[] = {*t.seniority_reference};
        ctx.seniority = seniority_field::from(one);
      }
      ctx.als =
          rules.statistics.shares(t.reference, window, rules.als_targets_for(pool, t.reference));
      p.score = score(rules.grid, detail::offer_facts(pool, i, o, t.reference, rules.ceilings), ctx)
                    .total;
      const std::size_t places =
          static_cast<std::size_t>(std::max(rules.shortlist_size.value_or(o.shortlist_size), 0));
      if (t.candidate_count < places || !t.last_score) {
        p.outcome = places > 0 ? past_outcome::reached : past_outcome::missed;
      } else if (p.score != *t.last_score) {
        p.outcome = p.score > *t.last_score ? past_outcome::reached : past_outcome::missed;
      } else if (filing != *t.last_filing) {
        p.outcome = filing < *t.last_filing ? past_outcome::reached : past_outcome::missed;
      } else {
        p.outcome = past_outcome::tied;
      }
    }
    add(communes, fmt::format("{}", o.commune), p.outcome);
    add(typologies, fmt::format("T{}", o.rooms), p.outcome);
  }
  for (auto& [key, g] : communes) out.by_commune.push_back(g);
  for (auto& [key, g] : typologies) out.by_typology.push_back(g);
  sort_groups(out.by_commune);
  sort_groups(out.by_typology);
  return out;
}

}  // namespace cotation
