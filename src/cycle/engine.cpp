// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/ranking.hpp>
#include <istream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "cycle/cycle_names.hpp"
#include "cycle/operations.hpp"
#include "cycle/state_hash.hpp"
#include "detail/emplace.hpp"
#include "ranking/pool_record.hpp"

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
// The undo (operations.hpp): rollback, and the counts and sums of an applied event.

std::vector<std::uint32_t>& allocation_engine::request_offers_mut(pool_index i) {
  if (undo_ != nullptr && i < undo_->requests) undo_->saved_rows.try_emplace(i, rows_[i]);
  return rows_[i].offers;
}

offer_record& allocation_engine::offer_mut(std::uint32_t i) {
  if (undo_ != nullptr && i < undo_->offers) undo_->saved_offers.try_emplace(i, offers_[i]);
  return offers_[i];
}

attribution_statistics& allocation_engine::statistics_mut() {
  if (undo_ != nullptr && !undo_->statistics) undo_->statistics = statistics_;
  return statistics_;
}

void allocation_engine::rollback() {
  undo& u = *undo_;
  for (auto& [i, a] : u.saved_requests) pool_.replace(i, a);
  for (auto& [i, r] : u.saved_rows) rows_[i] = std::move(r);
  for (auto& [i, o] : u.saved_offers) offers_[i] = std::move(o);
  // Requests filed by the event leave the pool, last first (the pool gives their indexes to
  // the next requests filed, in the same order).
  for (auto k = u.added.rbegin(); k != u.added.rend(); ++k) pool_.remove(*k);
  rows_.resize(u.requests);
  for (std::size_t k = u.offers; k < offers_.size(); ++k) offer_index_.erase(offers_[k].offer.id);
  offers_.erase(offers_.begin() + static_cast<std::ptrdiff_t>(u.offers), offers_.end());
  if (u.statistics) statistics_ = std::move(*u.statistics);
  clock_ = u.clock;
}

void allocation_engine::commit() {
  const undo& u = *undo_;
  for (const auto& [i, before] : u.saved_requests) {
    request_sum_ += detail::hash_request(pool_.get(i)) - detail::hash_request(before);
  }
  for (const pool_index i : u.added) request_sum_ += detail::hash_request(pool_.get(i));
  for (const auto& [i, before] : u.saved_offers) {
    offer_sum_ += detail::hash_offer(offers_[i]) - detail::hash_offer(before);
  }
  for (std::size_t k = u.offers; k < offers_.size(); ++k) {
    offer_sum_ += detail::hash_offer(offers_[k]);
  }
  // The requests that ended before the clock leave the counting groups: no event may bear an
  // earlier date, so nothing counts them again (a pass over one column when the clock moves).
  if (clock_ && clock_ != u.clock) (void)pool_.retire_ended_before(*clock_);
  // What `last_change_for` tells: an event that changed offers' records and the offer lists
  // of requests only (a positioning, a withdrawal) is seen through those offers; any other
  // change (a request, the statistics, a new offer, the clock) through every request.
  const std::uint64_t seq = sequence();
  const bool offers_only = u.saved_requests.empty() && u.added.empty() &&
                           offers_.size() == u.offers && !u.statistics && clock_ == u.clock;
  if (!offers_only) {
    shared_change_ = seq;
    return;
  }
  for (const auto& [i, before] : u.saved_offers) {
    if (offer_change_.size() <= i) offer_change_.resize(offers_.size(), 0);
    offer_change_[i] = seq;
  }
}

std::uint64_t allocation_engine::last_change_for(const request_number& n) const noexcept {
  std::uint64_t last = shared_change_;
  const auto i = pool_.find(n);
  if (!i) return last;  // not filed, or removed: its filing or removal changed more than offers
  for (const std::uint32_t oi : rows_[*i].offers) {
    if (oi < offer_change_.size()) last = std::max(last, offer_change_[oi]);
  }
  return last;
}

std::array<std::int64_t, company_size_count> allocation_engine::valid_requests_by_size(
    date at) const noexcept {
  return pool_.active_requests_by_size(at);
}

struct allocation_engine::count_cache {
  std::mutex lock;
  /// By offer index (high 32 bits) and day number: the pool version and the count.
  std::unordered_map<std::uint64_t, std::pair<std::uint64_t, std::size_t>> counts;
};
allocation_engine::count_slot::count_slot() : p(std::make_unique<count_cache>()) {}
allocation_engine::count_slot& allocation_engine::count_slot::operator=(const count_slot&) {
  p = std::make_unique<count_cache>();
  return *this;
}
allocation_engine::count_slot::count_slot(count_slot&&) noexcept = default;
allocation_engine::count_slot& allocation_engine::count_slot::operator=(count_slot&&) noexcept =
    default;
allocation_engine::count_slot::~count_slot() = default;

std::optional<std::size_t> allocation_engine::eligible_count(const offer_id& id, date at) const {
  const auto found = offer_index_.find(id);
  if (found == offer_index_.end() || at.is_special()) return std::nullopt;
  const std::uint64_t key = std::uint64_t{found->second} << 32 | at.day_number();
  const std::uint64_t version = pool_.version();
  count_cache& cache = *counts_.p;
  {
    const std::lock_guard<std::mutex> held(cache.lock);
    const auto it = cache.counts.find(key);
    if (it != cache.counts.end() && it->second.first == version) return it->second.second;
  }
  // Counted outside the lock: two readers may count the same offer at once, not wait in line.
  const std::size_t n = pool_.count_eligible(offers_[found->second].offer, at, options_.eligibility,
                                             *options_.ceilings);
  const std::lock_guard<std::mutex> held(cache.lock);
  // Counts of other versions and days are not read again: dropped when the store grows large.
  if (cache.counts.size() >= 4096) cache.counts.clear();
  cache.counts[key] = {version, n};
  return n;
}

bool allocation_engine::holds_dwelling(const request_number& n) const {
  const auto i = pool_.find(n);
  if (!i) return false;
  return std::any_of(rows_[*i].offers.begin(), rows_[*i].offers.end(), [&](std::uint32_t oi) {
    const offer_record& r = offers_[oi];
    const attribution* a = r.state == offer_state::decided ? r.holder() : nullptr;
    return a != nullptr && a->request == n;
  });
}

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
  pool_ = applicant_pool(options_.eligibility);
  pool_.prepare_ceilings(*options_.ceilings);
}

namespace {

/// A copy of a pool, through its own serialisation (a pool is not copyable otherwise).
applicant_pool copy_of(const applicant_pool& p, const eligibility_policy& policy) {
  std::vector<std::byte> bytes;
  p.save([&](std::span<const std::byte> b) { bytes.insert(bytes.end(), b.begin(), b.end()); });
  std::size_t at = 0;
  return applicant_pool::load(
      [&](std::span<std::byte> out) {
        if (out.size() > bytes.size() - at) throw std::logic_error("cotation: pool copy cut short");
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), out.size(), out.begin());
        at += out.size();
      },
      policy);
}

}  // namespace

allocation_engine::allocation_engine(const allocation_engine& o)
    : options_(o.options_),
      grid_(o.grid_),
      clock_(o.clock_),
      pool_(copy_of(o.pool_, o.options_.eligibility)),
      rows_(o.rows_),
      offers_(o.offers_),
      offer_index_(o.offer_index_),
      statistics_(o.statistics_),
      request_sum_(o.request_sum_),
      offer_sum_(o.offer_sum_) {
  pool_.prepare_ceilings(*options_.ceilings);  // the copy's counting, as the original's
}

void allocation_engine::spill_cold(const std::filesystem::path& folder) {
  pool_.spill_cold(folder);
}

allocation_engine& allocation_engine::operator=(const allocation_engine& o) {
  if (this != &o) *this = allocation_engine(o);
  return *this;
}
allocation_engine::allocation_engine(allocation_engine&&) noexcept = default;
allocation_engine& allocation_engine::operator=(allocation_engine&&) noexcept = default;
allocation_engine::~allocation_engine() = default;

outcome allocation_engine::apply(const event& ev) {
  const date on = date_of(ev);
  if (on.is_special())
    return operations::refuse(refusal::not_a_date, "the event's date is not a date");
  if (clock_ && on < *clock_) {
    return operations::refuse(refusal::in_the_past,
                              fmt::format("dated {}, before the engine's clock ({})", on, *clock_));
  }
  undo u;
  u.clock = clock_;
  u.requests = rows_.size();
  u.offers = offers_.size();
  undo_ = &u;
  outcome result;
  try {
    operations ops{*this};
    ops.advance(on);
    result = std::visit([&](const auto& x) { return ops.run(x); }, ev);
    if (!result.applied()) {
      rollback();
    } else {
      // Journalled before the call returns; a failed append rolls the event back (below).
      if (event_store* s = store_.get()) s->append(ev);
      // Then the counts and the digest's sums follow the pre- and post-images (this allocates
      // only a node of the expiry counts).
      commit();
    }
  } catch (...) {
    rollback();
    undo_ = nullptr;
    throw;
  }
  undo_ = nullptr;
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

std::optional<applicant> allocation_engine::find_request(const request_number& n) const {
  const auto i = pool_.find(n);
  if (!i) return std::nullopt;
  return pool_.get(*i);
}

const offer_record* allocation_engine::find_offer(const offer_id& id) const noexcept {
  const auto it = offer_index_.find(id);
  return it == offer_index_.end() ? nullptr : &offers_[it->second];
}

std::vector<const offer_record*> allocation_engine::offers_of(const request_number& n) const {
  std::vector<const offer_record*> out;
  const auto i = pool_.find(n);
  if (!i) return out;
  for (const std::uint32_t oi : rows_[*i].offers) out.push_back(&offers_[oi]);
  std::sort(out.begin(), out.end(),
            [](const offer_record* a, const offer_record* b) { return a->offer.id < b->offer.id; });
  return out;
}

state_digest allocation_engine::digest() const {
  detail::state_hasher h;
  h.add(clock_);
  h.add(request_sum_);
  h.add(offer_sum_);
  h.add(statistics_.size());
  for (const attribution_record& r : statistics_.records()) {
    h.add(r.on);
    h.add(static_cast<std::uint64_t>(r.size));
  }
  return state_digest{h.value()};
}

allocation_engine allocation_engine::from_parts(engine_options options, std::optional<date> clock,
                                                applicant_pool requests,
                                                std::vector<offer_record> offers,
                                                attribution_statistics statistics) {
  return assemble(std::move(options), clock, std::move(requests), std::move(offers),
                  std::move(statistics), std::nullopt);
}

allocation_engine allocation_engine::assemble(engine_options options, std::optional<date> clock,
                                              applicant_pool requests,
                                              std::vector<offer_record> offers,
                                              attribution_statistics statistics,
                                              std::optional<derived_requests> known) {
  allocation_engine e(std::move(options));
  e.clock_ = clock;
  e.pool_ = std::move(requests);
  e.pool_.prepare_ceilings(*e.options_.ceilings);
  e.offers_ = std::move(offers);
  e.statistics_ = std::move(statistics);
  e.derive(std::move(known));
  return e;
}

void allocation_engine::derived_requests::add(pool_index i, const applicant& a) {
  // Free indexes before `i` are counted nowhere.
  if (rows.size() <= i) rows.resize(std::size_t{i} + 1, request_row{.removed = true});
  request_row& row = rows[i];
  row.expiry = expiry_date(a);
  row.removed = a.removed_on.has_value();
  row.size = a.employment.size;
  sum += detail::hash_request(a);
}

void allocation_engine::derive(std::optional<derived_requests> known) {
  if (!known) {
    known.emplace();
    known->rows.reserve(pool_.index_end());
    applicant a = detail::blank_applicant();
    for (pool_index i = 0; i < pool_.index_end(); ++i) {
      if (!pool_.contains(i)) continue;
      pool_.get(i, a);
      known->add(i, a);
    }
  }
  known->rows.resize(pool_.index_end(), request_row{.removed = true});
  if (clock_) (void)pool_.retire_ended_before(*clock_);
  rows_ = std::move(known->rows);
  request_sum_ = known->sum;
  offer_index_.clear();
  offer_sum_ = 0;
  for (std::size_t k = 0; k < offers_.size(); ++k) {
    const offer_record& r = offers_[k];
    const auto oi = static_cast<std::uint32_t>(k);
    const auto where = [&](std::string_view part) { return fmt::format("offers[{}].{}", k, part); };
    if (!offer_index_.emplace(r.offer.id, oi).second) {
      throw invalid_argument(where("offer.id"),
                             fmt::format("offer id \"{}\" is given twice", r.offer.id));
    }
    // Every request named must be in the pool; positionings give the request's list of offers.
    std::set<request_number> positioned;
    for (const positioning& p : r.positionings) {
      const auto i = pool_.find(p.request);
      if (!i) {
        throw invalid_argument(where("positionings"),
                               fmt::format("request {} is not among the requests", p.request));
      }
      if (!positioned.insert(p.request).second) {
        throw invalid_argument(where("positionings"),
                               fmt::format("request {} is positioned twice", p.request));
      }
      rows_[*i].offers.push_back(oi);
    }
    if (r.closing) {
      for (const request_number& n : r.closing->shortlist) {
        if (!positioned.contains(n)) {
          throw invalid_argument(where("closing"),
                                 fmt::format("shortlisted request {} is not positioned", n));
        }
      }
    }
    for (const attribution& x : r.attributions) {
      if (!positioned.contains(x.request)) {
        throw invalid_argument(where("attributions"),
                               fmt::format("attributed request {} is not positioned", x.request));
      }
    }
    offer_sum_ += detail::hash_offer(r);
  }
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
