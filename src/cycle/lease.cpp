// SPDX-License-Identifier: MIT
// The lease, and the attributions that feed the statistics.
#include "cycle/operations.hpp"

namespace cotation {

outcome allocation_engine::operations::run(const events::sign_lease& x) {
  const auto ri = request(x.request);
  if (!ri) return unknown(x.request);
  const auto oi = offer(x.offer);
  if (!oi) return unknown(x.offer);
  const offer_record& r = e.offers_[*oi];
  if (auto no = not_decided(r)) return std::move(*no);
  const attribution* a = r.find_attribution(x.request);
  if (a == nullptr || a->status != attribution_status::accepted) {
    return refuse(refusal::wrong_attribution_state,
                  fmt::format("request {} has not accepted \"{}\"", x.request, r.offer.id));
  }
  offer_record& w = e.offer_mut(*oi);
  for (attribution& b : w.attributions) {
    if (b.request == x.request) {
      b.status = attribution_status::lease_signed;
      b.ended_on = x.on;
    } else if (b.status == attribution_status::waiting) {
      b.status = attribution_status::not_reached;
      b.ended_on = x.on;
    }
  }
  w.state = offer_state::attributed;
  w.ended_on = x.on;
  e.change_request(*ri, [&](applicant& tenant) {
    tenant.removed_on = x.on;
    tenant.history.attributions.push_back(x.on);
  });
  e.statistics_mut().add(attribution_record{x.on, e.rows_[*ri].size});
  end_request(*ri, x.on, withdrawal::request_removed, *oi);
  return applied();
}

outcome allocation_engine::operations::run(const events::record_attributions& x) {
  for (std::size_t i = 0; i < x.attributions.size(); ++i) {
    const date d = x.attributions[i].on;
    if (d.is_special() || d > x.on) {
      return refuse(refusal::invalid_attributions,
                    fmt::format("attribution {} is dated {}, after the event ({})", i,
                                d.is_special() ? std::string("not a date") : to_iso(d), x.on));
    }
  }
  attribution_statistics& s = e.statistics_mut();
  std::vector<attribution_record> all(s.records().begin(), s.records().end());
  all.insert(all.end(), x.attributions.begin(), x.attributions.end());
  s = attribution_statistics(std::move(all));
  return applied();
}

}  // namespace cotation
