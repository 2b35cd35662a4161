// SPDX-License-Identifier: MIT
// The clock: what time brings, day by day (expiries, lapsed deadlines, closings).
#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cycle/operations.hpp"

namespace cotation {

auto allocation_engine::operations::expiring_by(date to) const -> expiry_list {
  expiry_list out;
  for (std::size_t i = 0; i < e.rows_.size(); ++i) {
    const request_row& w = e.rows_[i];
    if (!w.removed && w.expiry <= to && !w.offers.empty()) {
      out.emplace_back(w.expiry, static_cast<pool_index>(i));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool allocation_engine::operations::involved(pool_index i) const {
  const request_number n = e.pool_.number(i);
  bool found = false;
  for (const std::uint32_t oi : e.rows_[i].offers) {
    for_each_involved(e.offers_[oi], [&](const request_number& m) { found = found || m == n; });
    if (found) return true;
  }
  return false;
}

std::optional<date> allocation_engine::operations::next_due(date to,
                                                            const expiry_list& expiring) const {
  std::optional<date> best;
  const auto consider = [&](date d) {
    if (d <= to && (!best || d < *best)) best = d;
  };
  for (const offer_record& r : e.offers_) {
    if (r.state == offer_state::published) consider(r.offer.closing_date());
    if (r.state == offer_state::decided) {
      for (const attribution& a : r.attributions) {
        if (a.conditional && !a.condition_lifted &&
            (a.status == attribution_status::waiting ||
             a.status == attribution_status::awaiting_condition)) {
          consider(*a.condition_deadline + days(1));
        }
        if (a.status == attribution_status::awaiting_answer) {
          consider(*a.answer_deadline + days(1));
        }
      }
    }
  }
  // The earliest expiry of a request still involved somewhere (the list is by expiry).
  for (const auto& [expiry, i] : expiring) {
    if (best && *best <= expiry) break;
    if (!e.rows_[i].removed && involved(i)) {
      consider(expiry);
      break;
    }
  }
  return best;
}

void allocation_engine::operations::advance(date to) {
  // Everything due up to the clock was applied when the clock got there, and no operation
  // creates something due on its own day: only a later date has work to do.
  if (e.clock_ && to <= *e.clock_) return;
  const expiry_list expiring = expiring_by(to);
  std::optional<date> last;
  while (const auto day = next_due(to, expiring)) {
    if (last && *day <= *last) {
      throw std::logic_error(fmt::format("cotation: the cycle did not settle {}", *day));
    }
    process_day(*day, expiring);
    last = day;
  }
  e.clock_ = to;
}

void allocation_engine::operations::process_day(date d, const expiry_list& expiring) {
  e.clock_ = d;
  // 1. Requests reaching their expiry while involved somewhere end, in number order.
  std::vector<std::pair<request_number, pool_index>> ending;
  for (const auto& [expiry, i] : expiring) {
    if (expiry > d) break;
    if (!e.rows_[i].removed && involved(i)) ending.emplace_back(e.pool_.number(i), i);
  }
  std::sort(ending.begin(), ending.end());
  for (const auto& [n, i] : ending) end_request(i, d, withdrawal::request_expired);

  // 2. Lapsed conditions and unanswered offers, in offer-id order.
  for (const auto& [id, oi] : e.offer_index_) {
    if (e.offers_[oi].state == offer_state::decided) settle(oi, d);
  }

  // 3. Offers whose window ends today close together.
  std::vector<std::uint32_t> closing;
  for (const auto& [id, oi] : e.offer_index_) {
    const offer_record& r = e.offers_[oi];
    if (r.state == offer_state::published && r.offer.closing_date() <= d) closing.push_back(oi);
  }
  if (!closing.empty()) close_offers(closing, d);
}

outcome allocation_engine::operations::run(const events::advance&) { return applied(); }

}  // namespace cotation
