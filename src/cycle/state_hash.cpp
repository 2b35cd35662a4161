// SPDX-License-Identifier: MIT
#include "cycle/state_hash.hpp"

#include <cstring>
#include <vector>

#include "ranking/pool_record.hpp"

namespace cotation::detail {

void state_hasher::add(std::span<const std::uint8_t> bytes) noexcept {
  add(static_cast<std::uint64_t>(bytes.size()));
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w = 0;
    for (std::size_t k = 0; k < 8; ++k) w |= static_cast<std::uint64_t>(bytes[i + k]) << (8 * k);
    add(w);
  }
  std::uint64_t w = 0;
  for (std::size_t k = 0; i + k < bytes.size(); ++k) {
    w |= static_cast<std::uint64_t>(bytes[i + k]) << (8 * k);
  }
  add(w);
}

void state_hasher::add(std::string_view s) noexcept {
  add(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

std::uint64_t state_hasher::value() const noexcept {
  // The splitmix64 finaliser, so that close states give far digests.
  std::uint64_t z = h_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t hash_request(const applicant& a) {
  // The pool's own record of the request: every field, in a fixed layout. The employer is
  // written as index 0 of a table of its own, so it is hashed by its name.
  thread_local std::vector<std::uint8_t> bytes;
  bytes.clear();
  encode_record(a, 0, bytes);
  state_hasher h;
  h.add(a.number.str());
  h.add(a.employment.employer.value);
  h.add(std::span<const std::uint8_t>(bytes));
  return h.value();
}

namespace {

void add_card(state_hasher& h, const score_card& c) {
  h.add(static_cast<std::uint64_t>(c.total.value));
  h.add(static_cast<std::uint64_t>(c.before_total_cap.value));
  h.add(c.lines.size());
  for (const score_line& l : c.lines) {
    h.add(l.criterion);
    h.add(static_cast<std::uint64_t>(l.value.value));
    h.add(static_cast<std::uint64_t>(l.contribution.value));
    h.add(l.counted ? 1ULL : 0ULL);
  }
}

void add_offer(state_hasher& h, const offer& o) {
  h.add(o.id.value);
  h.add(o.commune.code());
  h.add(static_cast<std::uint64_t>(o.rooms));
  h.add(static_cast<std::uint64_t>(o.surface_m2));
  h.add(static_cast<std::uint64_t>(o.rent.in_cents()));
  h.add(static_cast<std::uint64_t>(o.charges.in_cents()));
  h.add(static_cast<std::uint64_t>(o.financing));
  h.add(o.reserved_for.has_value() ? 1ULL : 0ULL);
  if (o.reserved_for) h.add(o.reserved_for->value);
  h.add(o.publication_start);
  h.add(static_cast<std::uint64_t>(o.publication_days));
  h.add(static_cast<std::uint64_t>(o.shortlist_size));
}

void add_numbers(state_hasher& h, const std::vector<request_number>& v) {
  h.add(v.size());
  for (const request_number& n : v) h.add(n.str());
}

}  // namespace

std::uint64_t hash_offer(const offer_record& r) {
  state_hasher h;
  add_offer(h, r.offer);
  h.add(static_cast<std::uint64_t>(r.state));
  h.add(r.published_on);
  h.add(r.positionings.size());
  for (const positioning& p : r.positionings) {
    h.add(p.request.str());
    h.add(p.on);
    h.add(p.withdrawn_on);
    h.add(static_cast<std::uint64_t>(p.cause));
  }
  h.add(r.closing.has_value() ? 1ULL : 0ULL);
  if (r.closing) {
    const offer_closing& c = *r.closing;
    h.add(c.on);
    h.add(c.eligible_count);
    h.add(c.candidate_count);
    h.add(c.ranking.size());
    for (const ranked_entry& e : c.ranking) {
      h.add(e.request.str());
      h.add(e.rank);
      h.add(static_cast<std::uint64_t>(e.score.value));
      add_card(h, e.card);
    }
    h.add(c.ineligible.size());
    for (const ineligible_entry& e : c.ineligible) {
      h.add(e.request.str());
      h.add(e.reasons.size());
      for (const ineligibility i : e.reasons) h.add(static_cast<std::uint64_t>(i));
    }
    add_numbers(h, c.shortlist);
    add_numbers(h, c.passed_over);
  }
  h.add(r.decided_on);
  h.add(r.decisions.size());
  for (const candidate_decision& d : r.decisions) {
    h.add(d.request.str());
    h.add(static_cast<std::uint64_t>(d.decision));
    h.add(static_cast<std::uint64_t>(d.priority));
  }
  h.add(r.attributions.size());
  for (const attribution& a : r.attributions) {
    h.add(a.request.str());
    h.add(static_cast<std::uint64_t>(a.priority));
    h.add(a.conditional ? 1ULL : 0ULL);
    h.add(a.condition_deadline);
    h.add(a.condition_lifted);
    h.add(static_cast<std::uint64_t>(a.status));
    h.add(a.offered_on);
    h.add(a.answer_deadline);
    h.add(a.ended_on);
  }
  h.add(r.ended_on);
  if (r.state == offer_state::held) h.add(r.held_because);  // only then: other digests unchanged
  return h.value();
}

}  // namespace cotation::detail
