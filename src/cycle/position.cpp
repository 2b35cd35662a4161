// SPDX-License-Identifier: MIT
// Positioning on an open offer and withdrawing.
#include "cycle/operations.hpp"

namespace cotation {

std::optional<outcome> allocation_engine::operations::not_open(const offer_record& r, date on) {
  if (r.state != offer_state::published) {
    return refuse(refusal::outside_window,
                  fmt::format("offer \"{}\" closed on {}", r.offer.id, r.offer.closing_date()));
  }
  if (on < r.offer.publication_start) {
    return refuse(refusal::outside_window,
                  fmt::format("offer \"{}\" opens on {}", r.offer.id, r.offer.publication_start));
  }
  return std::nullopt;
}

outcome allocation_engine::operations::run(const events::position& x) {
  const auto ri = request(x.request);
  if (!ri) return unknown(x.request);
  const auto oi = offer(x.offer);
  if (!oi) return unknown(x.offer);
  const offer_record& r = e.offers_[*oi];
  if (auto no = not_open(r, x.on)) return std::move(*no);
  const applicant a = e.pool_.get(*ri);
  if (const positioning* p = r.find_positioning(a.number); p != nullptr && p->active()) {
    return refuse(refusal::already_positioned,
                  fmt::format("request {} is already positioned on \"{}\" since {}", a.number,
                              r.offer.id, p->on));
  }
  if (auto no = not_active(a, x.on)) return std::move(*no);
  eligibility_result gate =
      check_eligibility(a, r.offer, x.on, e.options_.eligibility, *e.options_.ceilings);
  if (!gate.eligible()) {
    std::string why;
    for (const eligibility_failure& f : gate.failures) {
      why += fmt::format("{}{}", why.empty() ? "" : "; ", describe(f));
    }
    outcome o = refuse(refusal::ineligible, fmt::format("request {} is not eligible for \"{}\": {}",
                                                        a.number, r.offer.id, why));
    o.failures = std::move(gate.failures);
    return o;
  }
  if (e.options_.max_positionings) {
    int open = 0;
    for (const std::uint32_t k : e.rows_[*ri].offers) {
      const offer_record& other = e.offers_[k];
      const positioning* p = other.find_positioning(a.number);
      if (other.state == offer_state::published && p != nullptr && p->active()) ++open;
    }
    if (open >= *e.options_.max_positionings) {
      return refuse(refusal::too_many_positionings,
                    fmt::format("request {} already holds {} positionings on open offers (at "
                                "most {})",
                                a.number, open, *e.options_.max_positionings));
    }
  }
  offer_record& w = e.offer_mut(*oi);
  const auto it = std::find_if(w.positionings.begin(), w.positionings.end(),
                               [&](const positioning& p) { return p.request == x.request; });
  if (it == w.positionings.end()) {
    w.positionings.push_back(positioning{x.request, x.on, std::nullopt, withdrawal::by_applicant});
    e.request_offers_mut(*ri).push_back(*oi);
  } else {
    *it = positioning{x.request, x.on, std::nullopt, withdrawal::by_applicant};
  }
  return applied();
}

outcome allocation_engine::operations::run(const events::withdraw& x) {
  const auto ri = request(x.request);
  if (!ri) return unknown(x.request);
  const auto oi = offer(x.offer);
  if (!oi) return unknown(x.offer);
  const offer_record& r = e.offers_[*oi];
  if (auto no = not_open(r, x.on)) return std::move(*no);
  const positioning* p = r.find_positioning(x.request);
  if (p == nullptr || !p->active()) {
    return refuse(refusal::not_positioned,
                  fmt::format("request {} is not positioned on \"{}\"", x.request, r.offer.id));
  }
  offer_record& w = e.offer_mut(*oi);
  for (positioning& q : w.positionings) {
    if (q.request == x.request) {
      q.withdrawn_on = x.on;
      q.cause = withdrawal::by_applicant;
    }
  }
  return applied();
}

}  // namespace cotation
