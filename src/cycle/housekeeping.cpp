// SPDX-License-Identifier: MIT
// The clock: what time brings, day by day (expiries, lapsed deadlines, closings).
#include <stdexcept>

#include "cycle/operations.hpp"

namespace cotation {

std::optional<date> allocation_engine::operations::next_due(date to) const {
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
    for_each_involved(r, [&](const request_number& n) {
      const request_row& w = e.rows_[*request(n)];
      if (!w.removed) consider(w.expiry);
    });
  }
  return best;
}

void allocation_engine::operations::advance(date to) {
  // Everything due up to the clock was applied when the clock got there, and no operation
  // creates something due on its own day: only a later date has work to do.
  if (e.clock_ && to <= *e.clock_) return;
  std::optional<date> last;
  while (const auto day = next_due(to)) {
    if (last && *day <= *last) {
      throw std::logic_error(fmt::format("cotation: the cycle did not settle {}", *day));
    }
    process_day(*day);
    last = day;
  }
  e.clock_ = to;
}

void allocation_engine::operations::process_day(date d) {
  e.clock_ = d;
  // 1. Requests reaching their expiry while involved somewhere end, in number order.
  std::set<request_number> expiring;
  for (const offer_record& r : e.offers_) {
    for_each_involved(r, [&](const request_number& n) {
      const request_row& w = e.rows_[*request(n)];
      if (!w.removed && w.expiry <= d) expiring.insert(n);
    });
  }
  for (const request_number& n : expiring) end_request(*request(n), d, withdrawal::request_expired);

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
