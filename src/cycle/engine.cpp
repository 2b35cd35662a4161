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
#include "cycle/operations.hpp"
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
  if (on.is_special())
    return operations::refuse(refusal::not_a_date, "the event's date is not a date");
  if (clock_ && on < *clock_) {
    return operations::refuse(refusal::in_the_past,
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
    if (!result.applied()) {
      rollback();
    } else if (event_store* s = store_.get()) {
      // Journalled before the call returns; a failed append rolls the event back (below).
      s->append(ev);
    }
  } catch (...) {
    rollback();
    journal_ = nullptr;
    throw;
  }
  journal_ = nullptr;
  if (result.applied()) {
    log_.push_back(ev);
    // The pool is made of the requests alone: an event that changed none (a positioning, a
    // withdrawal, a close, a commission) keeps it, so readers do not rebuild it after each one.
    if (!j.saved_requests.empty() || requests_.size() != j.requests) ++version_;
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
