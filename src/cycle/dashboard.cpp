// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cotation/dashboard.hpp>
#include <cotation/ranking.hpp>

namespace cotation {

namespace {

/// Ranks an open offer as if it closed on `today`, with the ALS `targets` of that day.
void fill_open(const allocation_engine& engine, const offer_record& r, const request_number& n,
               date today, const std::array<basis_points, company_size_count>& targets,
               positioning_view& v) {
  std::vector<request_number> positioned;
  for (const positioning& p : r.positionings) {
    if (p.active()) positioned.push_back(p.request);
  }
  const applicant_pool& pool = engine.pool();
  const engine_options& options = engine.options();
  const ranking_rules rules{.grid = engine.grid(),
                            .statistics = engine.statistics(),
                            .als_targets = targets,
                            .eligibility = options.eligibility,
                            .ceilings = *options.ceilings,
                            .shortlist_size = options.shortlist_size,
                            .score_cards = false,
                            .card_for = n};
  // The offer's eligible count as the engine keeps it (counted once per change of the
  // requests, not once per dashboard).
  eligible_counts counts;
  if (const auto count = engine.eligible_count(r.offer.id, today)) {
    counts.set(r.offer.id, today, *count);
  }
  offer_ranking ranking = rank_offer(r.offer, pool, positioned, rules, today, counts);
  v.eligible_count = ranking.eligible_count;
  v.candidate_count = ranking.candidate_count;
  if (v.withdrawn_on) return;
  // The shortlist as the close would draw it, passing over who holds a dwelling elsewhere.
  const auto holds_elsewhere = [&](const request_number& m) {
    return options.exclude_awaiting_answer && engine.holds_dwelling(m);
  };
  std::size_t drawn = 0;
  for (ranked_candidate& c : ranking.candidates) {
    const bool full = drawn >= ranking.shortlist_size;
    const bool passed = !full && holds_elsewhere(c.number);
    if (!full && !passed) ++drawn;
    if (c.number != n) continue;
    v.rank = c.rank;
    if (c.card) v.card = std::move(*c.card);
    v.shortlisted = !full && !passed;
    v.passed_over = passed;
  }
  for (const ineligible_candidate& c : ranking.ineligible) {
    if (c.number != n) continue;
    for (const eligibility_failure& f : c.reasons) v.ineligible.push_back(f.reason);
  }
}

void fill_closed(const offer_record& r, const request_number& n, positioning_view& v) {
  const offer_closing& c = *r.closing;
  v.provisional = false;
  v.eligible_count = c.eligible_count;
  v.candidate_count = c.candidate_count;
  for (const ranked_entry& e : c.ranking) {
    if (e.request != n) continue;
    v.rank = e.rank;
    v.card = e.card;
  }
  for (const ineligible_entry& e : c.ineligible) {
    if (e.request == n) v.ineligible = e.reasons;
  }
  v.shortlisted = std::find(c.shortlist.begin(), c.shortlist.end(), n) != c.shortlist.end();
  v.passed_over = std::find(c.passed_over.begin(), c.passed_over.end(), n) != c.passed_over.end();
  if (const candidate_decision* d = r.find_decision(n)) v.decision = *d;
  if (const cotation::attribution* a = r.find_attribution(n)) v.attribution = *a;
}

}  // namespace

std::optional<request_dashboard> dashboard(const allocation_engine& engine,
                                           const request_number& n) {
  const std::optional<applicant> a = engine.find_request(n);
  if (!a || !engine.clock()) return std::nullopt;
  const date today = *engine.clock();
  request_dashboard d{.request = n,
                      .as_of = today,
                      .state = state_at(*a, today),
                      .expiry = expiry_date(*a),
                      .positionings = {}};
  // The same for every open offer of the day, from the counts the pool keeps by last valid day
  // (no pass over the pool), and only when the options do not set the targets.
  std::optional<std::array<basis_points, company_size_count>> targets =
      engine.options().als_targets;
  for (const offer_record* r : engine.offers_of(n)) {
    const positioning* p = r->find_positioning(n);
    positioning_view v{.offer = r->offer.id,
                       .state = r->state,
                       .positioned_on = p->on,
                       .withdrawn_on = p->withdrawn_on,
                       .cause = p->cause};
    if (r->state == offer_state::published) {
      if (!targets) targets = default_targets(engine.valid_requests_by_size(today));
      fill_open(engine, *r, n, today, *targets, v);
    } else {
      fill_closed(*r, n, v);
    }
    d.positionings.push_back(std::move(v));
  }
  return d;
}

std::string describe(const request_dashboard& d) {
  std::string out = fmt::format("request {} on {}: {}, valid until {}", d.request, d.as_of, d.state,
                                d.expiry - boost::gregorian::days(1));
  for (const positioning_view& v : d.positionings) {
    out += fmt::format("\n  {} {}{}: {} eligible, {} candidates", v.offer, v.state,
                       v.provisional ? " (as if closed today)" : "", v.eligible_count,
                       v.candidate_count);
    if (v.withdrawn_on) {
      out += fmt::format(", withdrawn on {} ({})", *v.withdrawn_on, v.cause);
      continue;
    }
    if (v.rank) out += fmt::format(", rank {}, {} points", *v.rank, v.card->total.value);
    if (!v.ineligible.empty()) {
      out += ", not eligible:";
      for (const ineligibility r : v.ineligible) out += fmt::format(" {}", r);
    }
    if (v.shortlisted) out += ", shortlisted";
    if (v.passed_over) out += ", passed over (awaiting an answer elsewhere)";
    if (v.decision) {
      out += fmt::format("; commission: {}", v.decision->decision);
      if (v.decision->priority != 0) out += fmt::format(" #{}", v.decision->priority);
    }
    if (v.attribution) {
      out += fmt::format(", {}", v.attribution->status);
      if (v.attribution->status == attribution_status::awaiting_answer) {
        out += fmt::format(" until {}", *v.attribution->answer_deadline);
      }
      if (v.attribution->status == attribution_status::awaiting_condition) {
        out += fmt::format(" (document due by {})", *v.attribution->condition_deadline);
      }
    }
  }
  return out;
}

}  // namespace cotation
