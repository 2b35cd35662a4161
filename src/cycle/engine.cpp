// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/ranking.hpp>
#include <istream>
#include <ostream>
#include <set>
#include <stdexcept>

#include "cycle/cycle_names.hpp"
#include "detail/emplace.hpp"

namespace cotation {

std::string_view to_string(offer_state s) noexcept { return detail::name_of(s); }
std::string_view to_string(withdrawal w) noexcept { return detail::name_of(w); }
std::string_view to_string(attribution_status s) noexcept { return detail::name_of(s); }
std::string_view to_string(refusal r) noexcept { return detail::name_of(r); }

const positioning* offer_record::find_positioning(const request_number& n) const noexcept {
  const auto it = std::find_if(positionings.begin(), positionings.end(),
                               [&](const positioning& p) { return p.request == n; });
  return it == positionings.end() ? nullptr : &*it;
}

const attribution* offer_record::find_attribution(const request_number& n) const noexcept {
  const auto it = std::find_if(attributions.begin(), attributions.end(),
                               [&](const attribution& a) { return a.request == n; });
  return it == attributions.end() ? nullptr : &*it;
}

const attribution* offer_record::holder() const noexcept {
  const auto it = std::find_if(attributions.begin(), attributions.end(),
                               [](const attribution& a) { return a.holds(); });
  return it == attributions.end() ? nullptr : &*it;
}

const candidate_decision* offer_record::find_decision(const request_number& n) const noexcept {
  const auto it = std::find_if(decisions.begin(), decisions.end(),
                               [&](const candidate_decision& d) { return d.request == n; });
  return it == decisions.end() ? nullptr : &*it;
}

std::optional<request_number> offer_record::tenant() const {
  for (const attribution& a : attributions) {
    if (a.status == attribution_status::lease_signed) return a.request;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The journal: pre-images of what an event changed, to roll a refused event back.

struct allocation_engine::journal {
  std::optional<date> clock;
  std::size_t requests = 0;
  std::size_t offers = 0;
  std::map<std::uint32_t, applicant> saved_requests;
  std::map<std::uint32_t, std::vector<std::uint32_t>> saved_request_offers;
  std::map<std::uint32_t, offer_record> saved_offers;
  std::optional<attribution_statistics> statistics;
};

applicant& allocation_engine::request_mut(std::uint32_t i) {
  if (journal_ != nullptr && i < journal_->requests) {
    journal_->saved_requests.try_emplace(i, requests_[i]);
  }
  return requests_[i];
}

std::vector<std::uint32_t>& allocation_engine::request_offers_mut(std::uint32_t i) {
  if (journal_ != nullptr && i < journal_->requests) {
    journal_->saved_request_offers.try_emplace(i, request_offers_[i]);
  }
  return request_offers_[i];
}

offer_record& allocation_engine::offer_mut(std::uint32_t i) {
  if (journal_ != nullptr && i < journal_->offers)
    journal_->saved_offers.try_emplace(i, offers_[i]);
  return offers_[i];
}

attribution_statistics& allocation_engine::statistics_mut() {
  if (journal_ != nullptr && !journal_->statistics) journal_->statistics = statistics_;
  return statistics_;
}

void allocation_engine::rollback() {
  journal& j = *journal_;
  for (auto& [i, a] : j.saved_requests) requests_[i] = std::move(a);
  for (auto& [i, v] : j.saved_request_offers) request_offers_[i] = std::move(v);
  for (auto& [i, o] : j.saved_offers) offers_[i] = std::move(o);
  for (std::size_t k = j.requests; k < requests_.size(); ++k) {
    request_index_.erase(requests_[k].number);
  }
  requests_.erase(requests_.begin() + static_cast<std::ptrdiff_t>(j.requests), requests_.end());
  request_offers_.resize(j.requests);
  for (std::size_t k = j.offers; k < offers_.size(); ++k) offer_index_.erase(offers_[k].offer.id);
  offers_.erase(offers_.begin() + static_cast<std::ptrdiff_t>(j.offers), offers_.end());
  if (j.statistics) statistics_ = std::move(*j.statistics);
  clock_ = j.clock;
}

// ---------------------------------------------------------------------------------------------
// The operations: each checks everything first, then changes the state through the mutators.

namespace {

outcome refuse(refusal r, std::string reason) {
  outcome o;
  o.refused = r;
  o.reason = std::move(reason);
  return o;
}

outcome applied() { return outcome{}; }

boost::gregorian::days days(int n) { return boost::gregorian::days(n); }

bool is_attribution(decision_kind k) noexcept {
  return k == decision_kind::attribution || k == decision_kind::conditional_attribution;
}

}  // namespace

struct allocation_engine::operations {
  allocation_engine& e;

  // --- lookups -------------------------------------------------------------------------------

  std::optional<std::uint32_t> request(const request_number& n) const {
    const auto it = e.request_index_.find(n);
    if (it == e.request_index_.end()) return std::nullopt;
    return it->second;
  }
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
        break;
    }
  }

  /// Requests holding a dwelling (offered, under condition, or accepted) somewhere.
  std::set<request_number> engaged() const {
    std::set<request_number> out;
    for (const offer_record& r : e.offers_) {
      if (r.state != offer_state::decided) continue;
      if (const attribution* a = r.holder()) out.insert(a->request);
    }
    return out;
  }

  // --- time ----------------------------------------------------------------------------------

  /// The first day at or before `to` when something time-driven happens.
  std::optional<date> next_due(date to) const {
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
        const applicant& a = e.requests_[*request(n)];
        if (!a.removed_on) consider(expiry_date(a));
      });
    }
    return best;
  }

  void advance(date to) {
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

  void process_day(date d) {
    e.clock_ = d;
    // 1. Requests reaching their expiry while involved somewhere end, in number order.
    std::set<request_number> expiring;
    for (const offer_record& r : e.offers_) {
      for_each_involved(r, [&](const request_number& n) {
        const applicant& a = e.requests_[*request(n)];
        if (!a.removed_on && expiry_date(a) <= d) expiring.insert(n);
      });
    }
    for (const request_number& n : expiring)
      end_request(*request(n), d, withdrawal::request_expired);

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

  void settle(std::uint32_t oi, date d) {
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
        e.request_mut(*request(a.request)).history.applicant_refusals.push_back(d);
      }
    }
    pass_down(oi, d);
  }

  /// Offers the dwelling to the next candidate when nobody holds it; unattributed when the
  /// list is exhausted.
  void pass_down(std::uint32_t oi, date d) {
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

  /// The request stops taking part anywhere (expired, removed, housed): its positionings on
  /// open or closed offers are withdrawn and its attributions end, the dwelling passing down.
  void end_request(std::uint32_t ri, date d, withdrawal cause,
                   std::optional<std::uint32_t> except = std::nullopt) {
    const request_number n = e.requests_[ri].number;
    const std::vector<std::uint32_t> offers = e.request_offers_[ri];
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

  void close_offers(const std::vector<std::uint32_t>& closing, date d) {
    const applicant_pool pool(e.requests_);
    std::vector<std::vector<request_number>> positioned(closing.size());
    std::vector<offer_positionings> batch;
    batch.reserve(closing.size());
    for (std::size_t k = 0; k < closing.size(); ++k) {
      for (const positioning& p : e.offers_[closing[k]].positionings) {
        if (p.active()) positioned[k].push_back(p.request);
      }
      batch.push_back(offer_positionings{&e.offers_[closing[k]].offer, positioned[k]});
    }
    const ranking_rules rules{.grid = *e.grid_,
                              .statistics = e.statistics_,
                              .als_targets = e.options_.als_targets.value_or(
                                  default_targets(pool.active_requests_by_size(d))),
                              .eligibility = e.options_.eligibility,
                              .ceilings = *e.options_.ceilings,
                              .shortlist_size = std::nullopt};
    std::vector<offer_ranking> rankings = rank_offers(batch, pool, rules, 1);
    const std::set<request_number> busy =
        e.options_.exclude_awaiting_answer ? engaged() : std::set<request_number>{};
    for (std::size_t k = 0; k < closing.size(); ++k) {
      offer_ranking& ranking = rankings[k];
      offer_record& r = e.offer_mut(closing[k]);
      offer_closing c;
      c.on = d;
      c.eligible_count = ranking.eligible_count;
      c.candidate_count = ranking.candidate_count;
      const auto wanted =
          static_cast<std::size_t>(e.options_.shortlist_size.value_or(r.offer.shortlist_size));
      c.ranking.reserve(ranking.candidates.size());
      for (ranked_candidate& rc : ranking.candidates) {
        if (c.shortlist.size() < wanted) {
          (busy.contains(rc.number) ? c.passed_over : c.shortlist).push_back(rc.number);
        }
        detail::emplace_aggregate(c.ranking, rc.number, rc.rank, rc.score, std::move(rc.card));
      }
      for (const ineligible_candidate& ic : ranking.ineligible) {
        ineligible_entry entry{ic.number, {}};
        for (const eligibility_failure& f : ic.reasons) entry.reasons.push_back(f.reason);
        c.ineligible.push_back(std::move(entry));
      }
      const bool nobody = c.shortlist.empty();
      r.closing = std::move(c);
      r.state = nobody ? offer_state::unattributed : offer_state::closed;
      if (nobody) r.ended_on = d;
    }
  }

  // --- requests ------------------------------------------------------------------------------

  outcome run(const events::file_request& x) {
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
    const auto i = static_cast<std::uint32_t>(e.requests_.size());
    e.requests_.push_back(a);
    e.request_index_.emplace(a.number, i);
    e.request_offers_.emplace_back();
    return applied();
  }

  /// Refuses an operation on a request that is no longer valid on `on`.
  static std::optional<outcome> not_active(const applicant& a, date on) {
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

  outcome run(const events::update_request& x) {
    const auto ri = request(x.request.number);
    if (!ri) return unknown(x.request.number);
    const applicant& current = e.requests_[*ri];
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
    e.request_mut(*ri) = std::move(next);
    return applied();
  }

  outcome run(const events::renew_request& x) {
    const auto ri = request(x.request);
    if (!ri) return unknown(x.request);
    if (auto no = not_active(e.requests_[*ri], x.on)) return std::move(*no);
    e.request_mut(*ri).last_renewal = x.on;
    return applied();
  }

  outcome run(const events::remove_request& x) {
    const auto ri = request(x.request);
    if (!ri) return unknown(x.request);
    const applicant& a = e.requests_[*ri];
    if (a.removed_on) {
      return refuse(refusal::request_not_active,
                    fmt::format("request {} was removed on {}", a.number, *a.removed_on));
    }
    e.request_mut(*ri).removed_on = x.on;
    end_request(*ri, x.on, withdrawal::request_removed);
    return applied();
  }

  // --- offers and positionings ---------------------------------------------------------------

  outcome run(const events::publish_offer& x) {
    const cotation::offer& o = x.offer;
    if (offer(o.id)) {
      return refuse(refusal::offer_exists, fmt::format("offer id \"{}\" is already used", o.id));
    }
    try {
      validate(o);
    } catch (const invalid_argument& err) {
      return refuse(refusal::invalid_offer, err.what());
    }
    if (o.publication_start.is_special() || o.publication_start < x.on) {
      return refuse(refusal::invalid_offer,
                    fmt::format("the window of offer \"{}\" starts on {}, before its publication "
                                "on {}",
                                o.id, o.publication_start, x.on));
    }
    const auto i = static_cast<std::uint32_t>(e.offers_.size());
    e.offers_.push_back(
        offer_record{.offer = o, .state = offer_state::published, .published_on = x.on});
    e.offer_index_.emplace(o.id, i);
    return applied();
  }

  /// Refuses a positioning change on an offer that is not open on `on`.
  static std::optional<outcome> not_open(const offer_record& r, date on) {
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

  outcome run(const events::position& x) {
    const auto ri = request(x.request);
    if (!ri) return unknown(x.request);
    const auto oi = offer(x.offer);
    if (!oi) return unknown(x.offer);
    const offer_record& r = e.offers_[*oi];
    if (auto no = not_open(r, x.on)) return std::move(*no);
    const applicant& a = e.requests_[*ri];
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
      outcome o = refuse(
          refusal::ineligible,
          fmt::format("request {} is not eligible for \"{}\": {}", a.number, r.offer.id, why));
      o.failures = std::move(gate.failures);
      return o;
    }
    if (e.options_.max_positionings) {
      int open = 0;
      for (const std::uint32_t k : e.request_offers_[*ri]) {
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
      w.positionings.push_back(
          positioning{x.request, x.on, std::nullopt, withdrawal::by_applicant});
      e.request_offers_mut(*ri).push_back(*oi);
    } else {
      *it = positioning{x.request, x.on, std::nullopt, withdrawal::by_applicant};
    }
    return applied();
  }

  outcome run(const events::withdraw& x) {
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

  // --- commission and answers ----------------------------------------------------------------

  static std::optional<outcome> not_decided(const offer_record& r) {
    if (r.state == offer_state::decided) return std::nullopt;
    return refuse(refusal::wrong_offer_state,
                  fmt::format("offer \"{}\" is {}, not being attributed", r.offer.id, r.state));
  }

  outcome run(const events::commission& x) {
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
        return refuse(
            refusal::invalid_decisions,
            fmt::format("a {} for {} has no priority (got {})", d.decision, d.request, d.priority));
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
        e.request_mut(*request(d.request)).history.commission_refusals.push_back(x.on);
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

  outcome run(const events::lift_condition& x) {
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

  outcome run(const events::answer& x) {
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
      for (const std::uint32_t k : e.request_offers_[*ri]) {
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
      e.request_mut(*ri).history.applicant_refusals.push_back(x.on);
      pass_down(*oi, x.on);
    }
    return applied();
  }

  outcome run(const events::sign_lease& x) {
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
    applicant& tenant = e.request_mut(*ri);
    tenant.removed_on = x.on;
    tenant.history.attributions.push_back(x.on);
    e.statistics_mut().add(attribution_record{x.on, tenant.employment.size});
    end_request(*ri, x.on, withdrawal::request_removed, *oi);
    return applied();
  }

  outcome run(const events::advance&) { return applied(); }

  outcome run(const events::record_attributions& x) {
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
};

// ---------------------------------------------------------------------------------------------
// The engine.

allocation_engine::allocation_engine(engine_options options) : options_(std::move(options)) {
  if (options_.ceilings == nullptr) throw invalid_argument("ceilings", "no ceiling table");
  if (options_.answer_delay_days < 1) {
    throw invalid_argument("answer_delay_days", "must be at least 1 day");
  }
  if (options_.condition_delay_days < 1) {
    throw invalid_argument("condition_delay_days", "must be at least 1 day");
  }
  if (options_.shortlist_size && *options_.shortlist_size < 1) {
    throw invalid_argument("shortlist_size", "must be at least 1");
  }
  if (options_.max_positionings && *options_.max_positionings < 1) {
    throw invalid_argument("max_positionings", "must be at least 1");
  }
  grid_ = std::make_shared<const compiled_grid>(options_.grid);
}

allocation_engine::allocation_engine(const allocation_engine&) = default;
allocation_engine& allocation_engine::operator=(const allocation_engine&) = default;
allocation_engine::allocation_engine(allocation_engine&&) noexcept = default;
allocation_engine& allocation_engine::operator=(allocation_engine&&) noexcept = default;
allocation_engine::~allocation_engine() = default;

outcome allocation_engine::apply(const event& ev) {
  const date on = date_of(ev);
  if (on.is_special()) return refuse(refusal::not_a_date, "the event's date is not a date");
  if (clock_ && on < *clock_) {
    return refuse(refusal::in_the_past,
                  fmt::format("dated {}, before the engine's clock ({})", on, *clock_));
  }
  journal j;
  j.clock = clock_;
  j.requests = requests_.size();
  j.offers = offers_.size();
  journal_ = &j;
  outcome result;
  try {
    operations ops{*this};
    ops.advance(on);
    result = std::visit([&](const auto& x) { return ops.run(x); }, ev);
    if (!result.applied()) rollback();
  } catch (...) {
    rollback();
    journal_ = nullptr;
    throw;
  }
  journal_ = nullptr;
  if (result.applied()) {
    log_.push_back(ev);
    ++version_;
  }
  return result;
}

outcome allocation_engine::file_request(date on, applicant request) {
  return apply(events::file_request{on, std::move(request)});
}
outcome allocation_engine::update_request(date on, applicant request) {
  return apply(events::update_request{on, std::move(request)});
}
outcome allocation_engine::renew_request(date on, const request_number& request) {
  return apply(events::renew_request{on, request});
}
outcome allocation_engine::remove_request(date on, const request_number& request) {
  return apply(events::remove_request{on, request});
}
outcome allocation_engine::publish_offer(date on, offer o) {
  return apply(events::publish_offer{on, std::move(o)});
}
outcome allocation_engine::position(date on, const request_number& request, const offer_id& o) {
  return apply(events::position{on, request, o});
}
outcome allocation_engine::withdraw(date on, const request_number& request, const offer_id& o) {
  return apply(events::withdraw{on, request, o});
}
outcome allocation_engine::commission(date on, const offer_id& o,
                                      std::vector<candidate_decision> decisions) {
  return apply(events::commission{on, o, std::move(decisions)});
}
outcome allocation_engine::lift_condition(date on, const offer_id& o,
                                          const request_number& request) {
  return apply(events::lift_condition{on, o, request});
}
outcome allocation_engine::answer(date on, const offer_id& o, const request_number& request,
                                  answer_kind a) {
  return apply(events::answer{on, o, request, a});
}
outcome allocation_engine::sign_lease(date on, const offer_id& o, const request_number& request) {
  return apply(events::sign_lease{on, o, request});
}
outcome allocation_engine::advance_to(date on) { return apply(events::advance{on}); }
outcome allocation_engine::record_attributions(date on,
                                               std::vector<attribution_record> attributions) {
  return apply(events::record_attributions{on, std::move(attributions)});
}

const applicant* allocation_engine::find_request(const request_number& n) const noexcept {
  const auto it = request_index_.find(n);
  return it == request_index_.end() ? nullptr : &requests_[it->second];
}

const offer_record* allocation_engine::find_offer(const offer_id& id) const noexcept {
  const auto it = offer_index_.find(id);
  return it == offer_index_.end() ? nullptr : &offers_[it->second];
}

std::vector<const offer_record*> allocation_engine::offers_of(const request_number& n) const {
  std::vector<const offer_record*> out;
  const auto it = request_index_.find(n);
  if (it == request_index_.end()) return out;
  for (const std::uint32_t oi : request_offers_[it->second]) out.push_back(&offers_[oi]);
  std::sort(out.begin(), out.end(),
            [](const offer_record* a, const offer_record* b) { return a->offer.id < b->offer.id; });
  return out;
}

const applicant_pool& allocation_engine::pool() const {
  if (!pool_ || pool_version_ != version_) {
    pool_ = std::make_shared<const applicant_pool>(requests_);
    pool_version_ = version_;
  }
  return *pool_;
}

void allocation_engine::write_log(std::ostream& out) const {
  for (const event& e : log_) out << to_json_line(e) << '\n';
}

std::size_t allocation_engine::replay(std::istream& in, std::string_view source) {
  std::size_t applied_count = 0;
  std::size_t line_number = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line == "\r") {
      throw log_error(source, line_number, "", "blank line", applied_count);
    }
    std::optional<event> ev;
    try {
      ev = event_from_json_line(line, source);
    } catch (const document_error& err) {
      throw log_error(source, line_number, err.where(), err.reason(), applied_count);
    }
    const outcome o = apply(*ev);
    if (!o.applied()) {
      throw log_error(
          source, line_number, "",
          fmt::format("the engine refuses {} ({}): {}", describe(*ev), *o.refused, o.reason),
          applied_count);
    }
    ++applied_count;
  }
  if (in.bad()) throw log_error(source, line_number + 1, "", "cannot be read", applied_count);
  return applied_count;
}

allocation_engine allocation_engine::from_log(std::istream& in, engine_options options,
                                              std::string_view source) {
  allocation_engine engine(std::move(options));
  (void)engine.replay(in, source);
  return engine;
}

}  // namespace cotation
