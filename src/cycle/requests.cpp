// SPDX-License-Identifier: MIT
// Requests: filing, update, renewal, removal, and how the end of a request reaches the offers.
#include "cycle/operations.hpp"

namespace cotation {

outcome allocation_engine::operations::run(const events::file_request& x) {
  const applicant& a = x.request;
  if (request(a.number)) {
    return refuse(refusal::request_exists,
                  fmt::format("request number {} is already used", a.number));
  }
  try {
    validate(a);
  } catch (const invalid_argument& err) {
    return refuse(refusal::invalid_request, err.what());
  }
  if (a.initial_filing > x.on) {
    return refuse(refusal::invalid_request,
                  fmt::format("filed on {}, after the event ({})", a.initial_filing, x.on));
  }
  if (a.last_renewal && *a.last_renewal > x.on) {
    return refuse(refusal::invalid_request,
                  fmt::format("renewed on {}, after the event ({})", *a.last_renewal, x.on));
  }
  if (a.removed_on) {
    return refuse(refusal::invalid_request, "a request is filed without a removal date");
  }
  if (state_at(a, x.on) == request_state::expired) {
    return refuse(refusal::request_not_active,
                  fmt::format("the request expired on {} without renewal", expiry_date(a)));
  }
  pool_index i = 0;
  try {
    i = e.pool_.add(a);  // validates again, and refuses what the pool cannot hold
  } catch (const invalid_argument& err) {
    return refuse(refusal::invalid_request, err.what());
  }
  e.undo_->added.push_back(i);
  if (i < e.rows_.size()) {
    e.undo_->saved_rows.try_emplace(i, e.rows_[i]);  // a free index, reused
  } else {
    e.rows_.resize(i + 1);
  }
  e.rows_[i] = request_row{.expiry = expiry_date(a), .removed = false,
                           .size = a.employment.size, .offers = {}};
  return applied();
}

std::optional<outcome> allocation_engine::operations::not_active(const applicant& a, date on) {
  const request_state s = state_at(a, on);
  if (s == request_state::removed) {
    return refuse(refusal::request_not_active,
                  fmt::format("request {} was removed on {}", a.number, *a.removed_on));
  }
  if (s == request_state::expired) {
    return refuse(refusal::request_not_active,
                  fmt::format("request {} expired on {} without renewal: its seniority is "
                              "lost, a new request must be filed",
                              a.number, expiry_date(a)));
  }
  return std::nullopt;
}

outcome allocation_engine::operations::run(const events::update_request& x) {
  const auto ri = request(x.request.number);
  if (!ri) return unknown(x.request.number);
  const applicant current = e.pool_.get(*ri);
  if (auto no = not_active(current, x.on)) return std::move(*no);
  if (x.request.initial_filing != current.initial_filing) {
    return refuse(refusal::invalid_request,
                  fmt::format("the initial filing date {} cannot change to {}: seniority is "
                              "kept across updates",
                              current.initial_filing, x.request.initial_filing));
  }
  applicant next = x.request;
  next.last_renewal = current.last_renewal;
  next.removed_on = current.removed_on;
  next.history = current.history;
  try {
    validate(next);
  } catch (const invalid_argument& err) {
    return refuse(refusal::invalid_request, err.what());
  }
  try {
    e.change_request(*ri, [&](applicant& a) { a = std::move(next); });
  } catch (const invalid_argument& err) {  // what the pool cannot hold; nothing changed
    return refuse(refusal::invalid_request, err.what());
  }
  return applied();
}

outcome allocation_engine::operations::run(const events::renew_request& x) {
  const auto ri = request(x.request);
  if (!ri) return unknown(x.request);
  if (auto no = not_active(e.pool_.get(*ri), x.on)) return std::move(*no);
  e.change_request(*ri, [&](applicant& a) { a.last_renewal = x.on; });
  return applied();
}

outcome allocation_engine::operations::run(const events::remove_request& x) {
  const auto ri = request(x.request);
  if (!ri) return unknown(x.request);
  const applicant a = e.pool_.get(*ri);
  if (a.removed_on) {
    return refuse(refusal::request_not_active,
                  fmt::format("request {} was removed on {}", a.number, *a.removed_on));
  }
  e.change_request(*ri, [&](applicant& b) { b.removed_on = x.on; });
  end_request(*ri, x.on, withdrawal::request_removed);
  return applied();
}

void allocation_engine::operations::end_request(pool_index ri, date d, withdrawal cause,
                                                std::optional<std::uint32_t> except) {
  const request_number n = e.pool_.number(ri);
  const std::vector<std::uint32_t> offers = e.rows_[ri].offers;
  for (const std::uint32_t oi : offers) {
    if (except && *except == oi) continue;
    const offer_record& now = e.offers_[oi];
    if (now.state == offer_state::published || now.state == offer_state::closed) {
      const positioning* p = now.find_positioning(n);
      if (p == nullptr || !p->active()) continue;
      offer_record& r = e.offer_mut(oi);
      for (positioning& q : r.positionings) {
        if (q.request == n) {
          q.withdrawn_on = d;
          q.cause = cause;
        }
      }
    } else if (now.state == offer_state::decided) {
      const attribution* a = now.find_attribution(n);
      if (a == nullptr || !(a->holds() || a->status == attribution_status::waiting)) continue;
      offer_record& r = e.offer_mut(oi);
      for (attribution& b : r.attributions) {
        if (b.request == n) {
          b.status = attribution_status::withdrawn;
          b.ended_on = d;
        }
      }
      pass_down(oi, d);
    }
  }
}

}  // namespace cotation
