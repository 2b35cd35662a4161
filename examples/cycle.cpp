// SPDX-License-Identifier: MIT
// A month of the allocation cycle in Hauts-de-Seine on a generated population: requests filed,
// offers published every day, about 100 positionings per offer, closings, commissions, answers
// and leases; then one applicant's dashboard, and the events applied replayed and the snapshot reloaded to
// the same digest. Prints the time of each kind of step.
//
//   cotation_cycle_example [requests = 1000] [offers = 30]
//
// The department's real size is `cotation_cycle_example 116000 420` (docs/cycle.md).
#include <chrono>
#include <cotation/dashboard.hpp>
#include <cotation/engine.hpp>
#include <cotation/generator.hpp>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

using namespace cotation;
using steady = std::chrono::steady_clock;

namespace {

double ms_between(steady::time_point a, steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t requests = argc > 1 ? std::stoul(argv[1]) : 1000;
  const std::size_t offer_count = argc > 2 ? std::stoul(argv[2]) : 30;
  const date start(2025, 3, 3);
  const department hauts_de_seine = department::parse("092");

  auto t0 = steady::now();
  population_options p;
  p.seed = 42;
  p.requests = requests;
  p.reference = start;
  p.only_department = hauts_de_seine;
  const std::vector<applicant> people = generate_applicants(p);
  offer_options oo;
  oo.seed = 42;
  oo.offers = offer_count;
  oo.publication_start = start;
  oo.publication_days_spread = 14;
  oo.only_department = hauts_de_seine;
  const std::vector<offer> offers = generate_offers(oo);
  const applicant_pool population(people);
  std::vector<std::vector<request_number>> interested(offers.size());
  for (std::size_t k = 0; k < offers.size(); ++k) {
    interested[k] = generate_positionings(population, offers[k], 100, 7 + k);
  }
  auto t1 = steady::now();
  std::printf("generated %zu requests and %zu offers in %.0f ms\n", people.size(), offers.size(),
              ms_between(t0, t1));

  allocation_engine engine;
  // The engine keeps no log of its events: what applied is kept here, as a journal would.
  std::vector<event> applied;
  const auto apply = [&](event ev) {
    outcome o = engine.apply(ev);
    if (o.applied()) applied.push_back(std::move(ev));
    return o;
  };
  std::size_t filed = 0;
  for (const applicant& a : people) filed += apply(events::file_request{start, a}).applied() ? 1U : 0U;
  auto t2 = steady::now();
  std::printf("file_request: %zu applied (expired and removed ones refused), %.2f us each\n", filed,
              ms_between(t1, t2) * 1000 / static_cast<double>(people.size()));

  double position_ms = 0;
  double advance_ms = 0;
  double worst_day_ms = 0;
  std::size_t positions = 0;
  std::size_t positioned = 0;
  std::optional<request_number> watched;
  for (int day = 0; day < 30; ++day) {
    const date today = start + boost::gregorian::days(day);
    const auto a = steady::now();
    (void)apply(events::advance{today});
    const auto b = steady::now();
    advance_ms += ms_between(a, b);
    worst_day_ms = std::max(worst_day_ms, ms_between(a, b));
    for (std::size_t k = 0; k < offers.size(); ++k) {
      if (offers[k].publication_start != today) continue;
      (void)apply(events::publish_offer{today, offers[k]});
      for (const request_number& n : interested[k]) {
        ++positions;
        if (apply(events::position{today, n, offers[k].id}).applied()) {
          ++positioned;
          if (!watched) watched = n;
        }
      }
    }
    position_ms += ms_between(b, steady::now());
    // Commissions attribute in rank order; the first candidate accepts and signs at once.
    for (const offer_record& r : engine.offers()) {
      if (r.state == offer_state::closed) {
        std::vector<candidate_decision> decisions;
        int priority = 1;
        for (const request_number& n : r.closing->shortlist) {
          if (r.find_positioning(n)->active()) {
            decisions.push_back({n, decision_kind::attribution, priority++});
          }
        }
        (void)apply(events::commission{today, r.offer.id, decisions});
      }
    }
    for (const offer_record& r : engine.offers()) {
      const attribution* holder = r.holder();
      if (r.state != offer_state::decided || holder == nullptr) continue;
      const request_number n = holder->request;
      const offer_id id = r.offer.id;  // `r` may move with the next operations
      if (holder->status == attribution_status::awaiting_answer) {
        (void)apply(events::answer{today, id, n, answer_kind::accept});
      } else if (holder->status == attribution_status::accepted) {
        (void)apply(events::sign_lease{today, id, n});
      }
    }
  }
  std::printf("position: %zu (%zu applied), %.2f us each\n", positions, positioned,
              position_ms * 1000 / static_cast<double>(positions));
  std::printf("advance over 30 days (closings, ranking, shortlists): %.0f ms, worst day %.0f ms\n",
              advance_ms, worst_day_ms);
  std::printf("attributions recorded: %zu\n", engine.statistics().size());

  if (watched) {
    const auto d = dashboard(engine, *watched);
    std::printf("%s\n", fmt::format("{}", *d).c_str());
  }

  auto s0 = steady::now();
  const std::string snapshot = engine.snapshot();
  auto s1 = steady::now();
  const state_digest digest = engine.digest();
  auto s2 = steady::now();
  std::ostringstream log;
  for (const event& ev : applied) log << to_json_line(ev) << '\n';
  std::istringstream in(log.str());
  const allocation_engine replayed = allocation_engine::from_log(in);
  auto s3 = steady::now();
  const allocation_engine loaded = allocation_engine::from_snapshot(snapshot);
  auto s4 = steady::now();
  std::printf("snapshot %.1f MB in %.0f ms, digest %s in %.0f ms\n",
              static_cast<double>(snapshot.size()) / 1e6, ms_between(s0, s1),
              fmt::format("{}", digest).c_str(), ms_between(s1, s2));
  std::printf(
      "log of %zu events (%.1f MB) written and replayed in %.0f ms, snapshot loaded in "
      "%.0f ms\n",
      applied.size(), static_cast<double>(log.str().size()) / 1e6, ms_between(s2, s3),
      ms_between(s3, s4));
  const bool same = replayed.digest() == digest && loaded.digest() == digest;
  std::printf("replayed and reloaded digests equal: %s\n", same ? "yes" : "NO");
  return same ? 0 : 1;
}
