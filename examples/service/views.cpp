// SPDX-License-Identifier: MIT
#include "views.hpp"

#include <fmt/format.h>

#include <cotation/json_writer.hpp>
#include <sstream>

namespace cotation::service {
namespace {

void write_offer(json_writer& j, const offer& o) {
  j.member("id", o.id.value)
      .member("commune", o.commune.code())
      .member("rooms", o.rooms)
      .member("surface_m2", o.surface_m2)
      .member("rent", o.rent)
      .member("charges", o.charges)
      .member("financing", to_string(o.financing))
      .member("publication_start", o.publication_start)
      .member("closing_date", o.closing_date());
}

void write_card(json_writer& j, const score_card& card, const compiled_grid& g) {
  j.key("score").value(static_cast<std::int64_t>(card.total.value));
  j.key("card").begin_array();
  for (const score_line& line : card.lines) {
    j.begin_object()
        .member("criterion", g.at(line.criterion).id)
        .member("label", g.at(line.criterion).label(language::fr))
        .member("points", static_cast<std::int64_t>(line.contribution.value))
        .member("counted", line.counted)
        .member("explanation", describe(g, line, language::fr))
        .end_object();
  }
  j.end_array();
}

}  // namespace

std::optional<std::string> dashboard_json(const allocation_engine& e, const request_number& n) {
  const std::optional<request_dashboard> dashboard = cotation::dashboard(e, n);
  if (!dashboard) return std::nullopt;
  const request_dashboard& d = *dashboard;
  std::ostringstream out;
  json_writer j(out);
  j.begin_object()
      .member("request", d.request.str())
      .member("as_of", d.as_of)
      .member("state", to_string(d.state))
      .member("expiry", d.expiry);
  j.key("positionings").begin_array();
  for (const positioning_view& v : d.positionings) {
    j.begin_object().member("offer", v.offer.value).member("state", to_string(v.state));
    j.member("positioned_on", v.positioned_on);
    if (v.withdrawn_on) j.member("withdrawn_on", *v.withdrawn_on);
    j.member("provisional", v.provisional)
        .member("eligible_count", v.eligible_count)
        .member("candidate_count", v.candidate_count);
    if (v.rank) j.member("rank", *v.rank);
    if (v.card) write_card(j, *v.card, e.grid());
    if (!v.ineligible.empty()) {
      j.key("ineligible").begin_array(true);
      for (const ineligibility r : v.ineligible) j.value(to_string(r));
      j.end_array();
    }
    j.member("shortlisted", v.shortlisted).member("passed_over", v.passed_over);
    if (v.decision) j.member("decision", to_string(v.decision->decision));
    if (v.attribution) {
      j.key("attribution").begin_object();
      j.member("priority", v.attribution->priority)
          .member("status", to_string(v.attribution->status));
      if (v.attribution->answer_deadline) {
        j.member("answer_deadline", *v.attribution->answer_deadline);
      }
      if (v.attribution->condition_deadline) {
        j.member("condition_deadline", *v.attribution->condition_deadline);
      }
      j.end_object();
    }
    j.end_object();
  }
  j.end_array().end_object().finish();
  return out.str();
}

std::string open_offers_json(const std::vector<open_offer_view>& offers, const platform& p) {
  std::ostringstream out;
  json_writer j(out);
  // The views point into the engine: read them under its lock.
  p.read([&](const allocation_engine&) {
    j.begin_object().key("offers").begin_array();
    for (const open_offer_view& v : offers) {
      j.begin_object();
      write_offer(j, v.record->offer);
      j.member("eligible_count", v.eligible_count)
          .member("candidate_count", v.candidate_count)
          .member("eligible", v.eligible)
          .member("positioned", v.positioned);
      if (!v.failures.empty()) {
        j.key("failures").begin_array();
        for (const eligibility_failure& f : v.failures) {
          j.begin_object().member("reason", to_string(f.reason)).member("text", describe(f));
          j.end_object();
        }
        j.end_array();
      }
      j.end_object();
    }
    j.end_array().end_object().finish();
  });
  return out.str();
}

std::string digest_json(const platform& p) {
  std::ostringstream out;
  json_writer j(out);
  j.begin_object().member("digest", fmt::format("{}", p.digest()));
  if (const std::optional<date> c = p.engine_clock()) j.member("clock", *c);
  j.member("sequence", static_cast<std::int64_t>(p.sequence()));
  j.end_object().finish();
  return out.str();
}

std::optional<std::string> operator_offer_json(const platform& p, const offer_id& o) {
  std::optional<std::string> body;
  p.read([&](const allocation_engine& e) {
    const offer_record* r = e.find_offer(o);
    if (!r) return;
    std::ostringstream out;
    json_writer j(out);
    j.begin_object();
    write_offer(j, r->offer);
    j.member("state", to_string(r->state));
    j.key("positionings").begin_array();
    for (const positioning& pos : r->positionings) {
      j.begin_object().member("request", pos.request.str()).member("on", pos.on);
      if (pos.withdrawn_on) j.member("withdrawn_on", *pos.withdrawn_on);
      j.end_object();
    }
    j.end_array();
    if (r->closing) {
      j.key("closing").begin_object();
      j.member("on", r->closing->on)
          .member("eligible_count", r->closing->eligible_count)
          .member("candidate_count", r->closing->candidate_count);
      j.key("ranking").begin_array();
      for (const ranked_entry& c : r->closing->ranking) {
        j.begin_object()
            .member("rank", c.rank)
            .member("request", c.request.str())
            .member("score", static_cast<std::int64_t>(c.score.value))
            .end_object();
      }
      j.end_array();
      j.key("shortlist").begin_array(true);
      for (const request_number& n : r->closing->shortlist) j.value(n.str());
      j.end_array().end_object();
    }
    j.key("attributions").begin_array();
    for (const attribution& a : r->attributions) {
      j.begin_object()
          .member("request", a.request.str())
          .member("priority", a.priority)
          .member("status", to_string(a.status))
          .end_object();
    }
    j.end_array().end_object().finish();
    body = out.str();
  });
  return body;
}

}  // namespace cotation::service
