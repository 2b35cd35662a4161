// SPDX-License-Identifier: MIT
// Conditions, answers and deadlines: the dwelling passes down the list.
#include "cycle/operations.hpp"

namespace cotation {

outcome allocation_engine::operations::run(const events::lift_condition& x) {
  const auto oi = offer(x.offer);
  if (!oi) return unknown(x.offer);
  const offer_record& r = e.offers_[*oi];
  if (auto no = not_decided(r)) return std::move(*no);
  const attribution* a = r.find_attribution(x.request);
  if (a == nullptr || !a->conditional || a->condition_lifted ||
      !(a->status == attribution_status::waiting ||
        a->status == attribution_status::awaiting_condition)) {
    return refuse(
        refusal::wrong_attribution_state,
        fmt::format("request {} has no pending condition on \"{}\"", x.request, r.offer.id));
  }
  offer_record& w = e.offer_mut(*oi);
  for (attribution& b : w.attributions) {
    if (b.request != x.request) continue;
    b.condition_lifted = x.on;
    if (b.status == attribution_status::awaiting_condition) {
      b.status = attribution_status::awaiting_answer;
      b.answer_deadline = x.on + days(e.options_.answer_delay_days);
    }
  }
  return applied();
}

outcome allocation_engine::operations::run(const events::answer& x) {
  const auto ri = request(x.request);
  if (!ri) return unknown(x.request);
  const auto oi = offer(x.offer);
  if (!oi) return unknown(x.offer);
  const offer_record& r = e.offers_[*oi];
  if (auto no = not_decided(r)) return std::move(*no);
  const attribution* a = r.find_attribution(x.request);
  if (a == nullptr || a->status != attribution_status::awaiting_answer) {
    return refuse(refusal::wrong_attribution_state,
                  a == nullptr ? fmt::format("offer \"{}\" is not attributed to request {}",
                                             r.offer.id, x.request)
                               : fmt::format("request {} is {} on \"{}\", not awaiting an answer",
                                             x.request, a->status, r.offer.id));
  }
  if (x.response == answer_kind::accept) {
    for (const std::uint32_t k : e.rows_[*ri].offers) {
      const attribution* other = e.offers_[k].find_attribution(x.request);
      if (k != *oi && other != nullptr && other->status == attribution_status::accepted) {
        return refuse(refusal::already_accepted, fmt::format("request {} already accepted \"{}\"",
                                                             x.request, e.offers_[k].offer.id));
      }
    }
  }
  offer_record& w = e.offer_mut(*oi);
  for (attribution& b : w.attributions) {
    if (b.request != x.request) continue;
    if (x.response == answer_kind::accept) {
      b.status = attribution_status::accepted;
    } else {
      b.status = attribution_status::refused;
      b.ended_on = x.on;
    }
  }
  if (x.response == answer_kind::refuse) {
    e.change_request(*ri, [&](applicant& b) { b.history.applicant_refusals.push_back(x.on); });
    pass_down(*oi, x.on);
  }
  return applied();
}

void allocation_engine::operations::settle(std::uint32_t oi, date d) {
  const offer_record& now = e.offers_[oi];
  const bool due =
      std::any_of(now.attributions.begin(), now.attributions.end(), [&](const attribution& a) {
        return (a.conditional && !a.condition_lifted &&
                (a.status == attribution_status::waiting ||
                 a.status == attribution_status::awaiting_condition) &&
                *a.condition_deadline < d) ||
               (a.status == attribution_status::awaiting_answer && *a.answer_deadline < d);
      });
  if (!due) return;
  offer_record& r = e.offer_mut(oi);
  for (attribution& a : r.attributions) {
    if (a.conditional && !a.condition_lifted &&
        (a.status == attribution_status::waiting ||
         a.status == attribution_status::awaiting_condition) &&
        *a.condition_deadline < d) {
      a.status = attribution_status::condition_lapsed;
      a.ended_on = d;
    } else if (a.status == attribution_status::awaiting_answer && *a.answer_deadline < d) {
      // No answer within the delay counts as a refusal, dated the day it is recorded.
      a.status = attribution_status::no_answer;
      a.ended_on = d;
      e.change_request(*request(a.request),
                       [&](applicant& b) { b.history.applicant_refusals.push_back(d); });
    }
  }
  pass_down(oi, d);
}

void allocation_engine::operations::pass_down(std::uint32_t oi, date d) {
  if (e.offers_[oi].holder() != nullptr) return;
  offer_record& r = e.offer_mut(oi);
  for (attribution& a : r.attributions) {
    if (a.status != attribution_status::waiting) continue;
    if (a.conditional && !a.condition_lifted && *a.condition_deadline < d) {
      a.status = attribution_status::condition_lapsed;
      a.ended_on = d;
      continue;
    }
    a.offered_on = d;
    if (a.conditional && !a.condition_lifted) {
      a.status = attribution_status::awaiting_condition;
      return;
    }
    a.status = attribution_status::awaiting_answer;
    a.answer_deadline = d + days(e.options_.answer_delay_days);
    return;
  }
  r.state = offer_state::unattributed;
  r.ended_on = d;
}

}  // namespace cotation
