// SPDX-License-Identifier: MIT
// The engine's operations, one file per step of the cycle (src/cycle/<step>.cpp): each checks
// everything first, then changes the state through the engine's mutators, so that a refused
// event is rolled back whole. Internal to the cycle.
#pragma once

#include <algorithm>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cotation {

/// Pre-images of what an event changed, to roll a refused event back, and to update the counts
/// and the digest's sums from the pre- and post-images once it applied.
struct allocation_engine::undo {
  std::optional<date> clock;
  std::size_t requests = 0;  ///< `rows_.size()` before the event.
  std::size_t offers = 0;
  std::vector<pool_index> added;  ///< Requests filed by the event (a free index may be reused).
  std::map<pool_index, applicant> saved_requests;
  std::map<pool_index, request_row> saved_rows;
  std::map<std::uint32_t, offer_record> saved_offers;
  std::optional<attribution_statistics> statistics;
};

struct allocation_engine::operations {
  allocation_engine& e;

  static outcome refuse(refusal r, std::string reason) {
    outcome o;
    o.refused = r;
    o.reason = std::move(reason);
    return o;
  }
  static outcome applied() { return outcome{}; }
  static boost::gregorian::days days(int n) { return boost::gregorian::days(n); }
  static bool is_attribution(decision_kind k) noexcept {
    return k == decision_kind::attribution || k == decision_kind::conditional_attribution;
  }

  // --- lookups (here) --------------------------------------------------------------------------

  std::optional<pool_index> request(const request_number& n) const { return e.pool_.find(n); }

  std::optional<std::uint32_t> offer(const offer_id& id) const {
    const auto it = e.offer_index_.find(id);
    if (it == e.offer_index_.end()) return std::nullopt;
    return it->second;
  }

  static outcome unknown(const request_number& n) {
    return refuse(refusal::unknown_request, fmt::format("no request {}", n));
  }

  static outcome unknown(const offer_id& id) {
    return refuse(refusal::unknown_offer, fmt::format("no offer \"{}\"", id));
  }

  /// The requests an offer still involves: active positionings while open or awaiting the
  /// commission (the shortlisted ones then), attributions not ended once decided.
  template <typename F>
  static void for_each_involved(const offer_record& r, F&& f) {
    switch (r.state) {
      case offer_state::published:
        for (const positioning& p : r.positionings) {
          if (p.active()) f(p.request);
        }
        break;
      case offer_state::closed:
        for (const request_number& n : r.closing->shortlist) {
          if (const positioning* p = r.find_positioning(n); p != nullptr && p->active()) f(n);
        }
        break;
      case offer_state::decided:
        for (const attribution& a : r.attributions) {
          if (a.holds() || a.status == attribution_status::waiting) f(a.request);
        }
        break;
      case offer_state::attributed:
      case offer_state::unattributed:
      case offer_state::held:
        break;
    }
  }

  // --- housekeeping.cpp: The clock: what time brings, day by day (expiries, lapsed deadlines,
  // closings).

  /// Requests positioned somewhere whose expiry falls at or before the date an advance goes
  /// to, by expiry then pool index: the only ones an advance may end. Gathered once per
  /// advance from the rows (the days of an advance file, renew or position nothing).
  using expiry_list = std::vector<std::pair<date, pool_index>>;
  [[nodiscard]] expiry_list expiring_by(date to) const;
  /// True when request `i` is involved in an offer (`for_each_involved`).
  [[nodiscard]] bool involved(pool_index i) const;
  /// The first day at or before `to` when something time-driven happens.
  std::optional<date> next_due(date to, const expiry_list& expiring) const;
  void advance(date to);
  void process_day(date d, const expiry_list& expiring);
  outcome run(const events::advance&);

  // --- requests.cpp: Requests: filing, update, renewal, removal, and how the end of a request
  // reaches the offers.

  outcome run(const events::file_request& x);
  /// Refuses an operation on a request that is no longer valid on `on`.
  static std::optional<outcome> not_active(const applicant& a, date on);
  outcome run(const events::update_request& x);
  outcome run(const events::renew_request& x);
  outcome run(const events::remove_request& x);
  /// The request stops taking part anywhere (expired, removed, housed): its positionings on
  /// open or closed offers are withdrawn and its attributions end, the dwelling passing down.
  void end_request(pool_index ri, date d, withdrawal cause,
                   std::optional<std::uint32_t> except = std::nullopt);

  // --- publish.cpp: Publishing an offer.

  outcome run(const events::publish_offer& x);

  // --- position.cpp: Positioning on an open offer and withdrawing.

  /// Refuses a positioning change on an offer that is not open on `on`.
  static std::optional<outcome> not_open(const offer_record& r, date on);
  outcome run(const events::position& x);
  outcome run(const events::withdraw& x);

  // --- close.cpp: Closing a day's offers: one ranking over the pool, shortlists.

  void close_offers(const std::vector<std::uint32_t>& closing, date d);

  // --- commission.cpp: The commission's decisions.

  static std::optional<outcome> not_decided(const offer_record& r);
  outcome run(const events::commission& x);

  // --- answer.cpp: Conditions, answers and deadlines: the dwelling passes down the list.

  outcome run(const events::lift_condition& x);
  outcome run(const events::answer& x);
  void settle(std::uint32_t oi, date d);
  /// Offers the dwelling to the next candidate when nobody holds it; unattributed when the
  /// list is exhausted.
  void pass_down(std::uint32_t oi, date d);

  // --- lease.cpp: The lease, and the attributions that feed the statistics.

  outcome run(const events::sign_lease& x);
  outcome run(const events::record_attributions& x);
};

template <typename F>
void allocation_engine::change_request(pool_index i, F&& change) {
  applicant a = pool_.get(i);
  if (undo_ != nullptr && i < undo_->requests) {
    undo_->saved_requests.try_emplace(i, a);
    undo_->saved_rows.try_emplace(i, rows_[i]);
  }
  change(a);
  pool_.replace(i, a);
  request_row& row = rows_[i];
  row.expiry = expiry_date(a);
  row.removed = a.removed_on.has_value();
  row.size = a.employment.size;
}

}  // namespace cotation
