// SPDX-License-Identifier: MIT
// The commission's decisions.
#include "cycle/operations.hpp"

namespace cotation {

std::optional<outcome> allocation_engine::operations::not_decided(const offer_record& r) {
  if (r.state == offer_state::decided) return std::nullopt;
  return refuse(refusal::wrong_offer_state,
                fmt::format("offer \"{}\" is {}, not being attributed", r.offer.id, r.state));
}

outcome allocation_engine::operations::run(const events::commission& x) {
  const auto oi = offer(x.offer);
  if (!oi) return unknown(x.offer);
  const offer_record& r = e.offers_[*oi];
  if (r.state != offer_state::closed) {
    return refuse(
        refusal::wrong_offer_state,
        fmt::format("offer \"{}\" is {}, not awaiting its commission", r.offer.id, r.state));
  }
  std::vector<request_number> standing;
  for (const request_number& n : r.closing->shortlist) {
    if (r.find_positioning(n)->active()) standing.push_back(n);
  }
  std::set<request_number> seen;
  std::set<int> priorities;
  for (const candidate_decision& d : x.decisions) {
    if (std::find(standing.begin(), standing.end(), d.request) == standing.end()) {
      const bool listed = std::find(r.closing->shortlist.begin(), r.closing->shortlist.end(),
                                    d.request) != r.closing->shortlist.end();
      return refuse(
          refusal::invalid_decisions,
          listed ? fmt::format("request {} left the shortlist of \"{}\"", d.request, r.offer.id)
                 : fmt::format("request {} is not shortlisted on \"{}\"", d.request, r.offer.id));
    }
    if (!seen.insert(d.request).second) {
      return refuse(refusal::invalid_decisions,
                    fmt::format("two decisions for request {}", d.request));
    }
    if (is_attribution(d.decision)) {
      if (d.priority < 1 || !priorities.insert(d.priority).second) {
        return refuse(refusal::invalid_decisions,
                      fmt::format("the attribution to {} needs a priority of its own, 1 or "
                                  "more (got {})",
                                  d.request, d.priority));
      }
    } else if (d.priority != 0) {
      return refuse(refusal::invalid_decisions, fmt::format("a {} for {} has no priority (got {})",
                                                            d.decision, d.request, d.priority));
    }
  }
  for (const request_number& n : standing) {
    if (!seen.contains(n)) {
      return refuse(refusal::invalid_decisions,
                    fmt::format("no decision for shortlisted request {}", n));
    }
  }

  std::vector<attribution> list;
  for (const candidate_decision& d : x.decisions) {
    if (d.decision == decision_kind::non_attribution) {
      e.change_request(*request(d.request),
                       [&](applicant& b) { b.history.commission_refusals.push_back(x.on); });
    }
    if (!is_attribution(d.decision)) continue;
    attribution a{.request = d.request,
                  .priority = d.priority,
                  .conditional = d.decision == decision_kind::conditional_attribution};
    if (a.conditional) a.condition_deadline = x.on + days(e.options_.condition_delay_days);
    list.push_back(a);
  }
  std::sort(list.begin(), list.end(),
            [](const attribution& a, const attribution& b) { return a.priority < b.priority; });
  offer_record& w = e.offer_mut(*oi);
  w.decided_on = x.on;
  w.decisions = x.decisions;
  w.attributions = std::move(list);
  w.state = offer_state::decided;
  pass_down(*oi, x.on);  // unattributed when nobody was attributed
  return applied();
}

}  // namespace cotation
