// SPDX-License-Identifier: MIT
#include <algorithm>
#include <catch2/catch.hpp>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/simulation.hpp>
#include <numeric>
#include <sstream>
#include <vector>

using namespace cotation;

namespace {

const date start(2026, 3, 2);  // a Monday

const std::vector<applicant>& population() {
  static const std::vector<applicant> people = [] {
    population_options p;
    p.seed = 11;
    p.requests = 2500;
    p.reference = start;
    p.only_department = department::parse("059");
    return generate_applicants(p);
  }();
  return people;
}

simulation_options small_options() {
  simulation_options o;
  o.seed = 5;
  o.start = start;
  o.weeks = 5;
  o.offers_per_week = 30;
  o.only_department = department::parse("059");
  o.behaviour.positionings_per_offer = 40;
  return o;
}

struct simulated {
  allocation_engine engine;
  simulation_result result;
};

simulated run(const simulation_options& o) {
  simulated s;
  s.result = simulate(s.engine, population(), o);
  return s;
}

const simulated& reference_run() {
  static const simulated s = run(small_options());
  return s;
}

}  // namespace

TEST_CASE("The same population and options give the same weeks and the same engine state") {
  const simulated& a = reference_run();
  const simulated b = run(small_options());
  CHECK(a.result == b.result);
  CHECK(a.engine.digest() == b.engine.digest());
}

TEST_CASE("Another seed gives other weeks") {
  simulation_options o = small_options();
  o.seed = 6;
  CHECK(run(o).result != reference_run().result);
}

TEST_CASE("A simulation publishes, ranks, decides and houses applicants every week") {
  const simulation_result& r = reference_run().result;
  REQUIRE(r.weeks.size() == 5);
  CHECK(r.population == population().size());
  CHECK(r.filed > 0);
  CHECK(r.filed < r.population);  // the expired and removed requests are not filed
  for (const week_figures& w : r.weeks) {
    INFO("week " << w.week);
    CHECK(w.offers_published == 30);  // Monday to Friday, 6 a day
    CHECK(w.last_day == w.first_day + boost::gregorian::days(6));
    CHECK(w.positionings > 0);
    CHECK(w.positionings_refused > 0);  // the ineligible share is refused by the engine
    CHECK(w.valid_requests > 0);
  }
  const week_figures t = r.totals();
  CHECK(t.offers_closed > 0);
  CHECK(t.commissions <= t.offers_closed);
  CHECK(t.shortlisted <= 3 * t.offers_closed);
  CHECK(t.candidates >= t.shortlisted);
  CHECK(t.leases > 0);
  CHECK(t.refused > 0);
  CHECK(t.decisions[static_cast<std::size_t>(decision_kind::non_attribution)] > 0);
  CHECK(t.leases <= t.accepted);
  CHECK(t.leases_by_size[0] + t.leases_by_size[1] + t.leases_by_size[2] == t.leases);
  CHECK(t.decisions[0] + t.decisions[1] + t.decisions[2] + t.decisions[3] <= t.shortlisted);
  CHECK(t.renewals > 0);
}

TEST_CASE("The totals add up the weeks and keep the last week's state") {
  const simulation_result& r = reference_run().result;
  const week_figures t = r.totals();
  std::size_t leases = 0;
  std::size_t published = 0;
  for (const week_figures& w : r.weeks) {
    leases += w.leases;
    published += w.offers_published;
  }
  CHECK(t.leases == leases);
  CHECK(t.offers_published == published);
  CHECK(t.valid_requests == r.weeks.back().valid_requests);
  CHECK(t.first_day == start);
  CHECK(t.last_day == r.weeks.back().last_day);
  CHECK(simulation_result{}.totals() == week_figures{});
}

TEST_CASE("Every lease recorded is a signed lease of the engine, its request removed") {
  const simulated& s = reference_run();
  REQUIRE(s.result.leases.size() == s.result.totals().leases);
  for (const lease_record& l : s.result.leases) {
    const offer_record* r = s.engine.find_offer(l.offer);
    REQUIRE(r != nullptr);
    CHECK(r->state == offer_state::attributed);
    CHECK(r->tenant() == l.request);
    const std::optional<applicant> a = s.engine.find_request(l.request);
    REQUIRE(a.has_value());
    CHECK(a->removed_on == l.on);
    CHECK(l.waiting_days == (l.on - a->initial_filing).days());
    CHECK(l.rank >= 1);
    CHECK(l.size == a->employment.size);
  }
  CHECK(std::is_sorted(s.result.leases.begin(), s.result.leases.end(),
                       [](const lease_record& a, const lease_record& b) { return a.on < b.on; }));
}

TEST_CASE("A simulation's engine state loads back from its snapshot with the same digest") {
  const simulated& s = reference_run();
  const allocation_engine loaded = allocation_engine::from_snapshot(s.engine.snapshot());
  CHECK(loaded.digest() == s.engine.digest());
}

TEST_CASE("Without commission refusals nor applicant refusals, nobody refuses") {
  simulation_options o = small_options();
  o.weeks = 3;
  o.behaviour.commission_refusal = basis_points{0};
  o.behaviour.inadmissible = basis_points{0};
  o.behaviour.applicant_refusal = basis_points{0};
  o.behaviour.no_answer = basis_points{0};
  const simulated s = run(o);
  const week_figures t = s.result.totals();
  CHECK(t.decisions[static_cast<std::size_t>(decision_kind::non_attribution)] == 0);
  CHECK(t.decisions[static_cast<std::size_t>(decision_kind::inadmissible)] == 0);
  CHECK(t.unanswered == 0);
  CHECK(t.leases > 0);
  // The only refusals left: an applicant who already accepted another dwelling declines.
  const auto accepted_elsewhere = [&](const request_number& n, const offer_id& here) {
    for (const offer_record* r : s.engine.offers_of(n)) {
      if (r->offer.id == here) continue;
      const attribution* a = r->find_attribution(n);
      if (a != nullptr && (a->status == attribution_status::accepted ||
                           a->status == attribution_status::lease_signed)) {
        return true;
      }
    }
    return false;
  };
  std::size_t refusals = 0;
  for (const offer_record& r : s.engine.offers()) {
    for (const attribution& a : r.attributions) {
      if (a.status != attribution_status::refused) continue;
      ++refusals;
      CHECK(accepted_elsewhere(a.request, r.offer.id));
    }
  }
  CHECK(refusals == t.refused);
}

TEST_CASE("The default number of offers follows the population: 1 200 a working day for 2.7 M") {
  simulation_options o = small_options();
  o.weeks = 1;
  o.offers_per_week = 0;
  const simulation_result r = run(o).result;
  // 2 500 requests are far below the scale: the floor of 5 a week applies.
  CHECK(r.weeks.front().offers_published == 5);
}

TEST_CASE("Invalid options are refused by name and leave the engine untouched") {
  const auto refused = [](simulation_options o, std::string_view where) {
    allocation_engine e;
    try {
      (void)simulate(e, population(), o);
      FAIL("not refused");
    } catch (const invalid_argument& x) {
      CHECK(x.where() == where);
    }
    CHECK(e.pool().size() == 0);
    CHECK(!e.clock());
  };
  simulation_options o = small_options();
  o.weeks = 0;
  refused(o, "weeks");
  o = small_options();
  o.start = date();
  refused(o, "start");
  o = small_options();
  o.behaviour.applicant_refusal = basis_points{10001};
  refused(o, "behaviour.applicant_refusal");
  o = small_options();
  o.behaviour.commission_refusal = basis_points{6000};
  o.behaviour.conditional = basis_points{5000};
  refused(o, "behaviour");
  o = small_options();
  o.behaviour.commission_delay_days = -1;
  refused(o, "behaviour.commission_delay_days");
  o = small_options();
  o.prior_attributions = {{start + boost::gregorian::days(1), company_size::pme}};
  refused(o, "prior_attributions");
}

TEST_CASE("A simulation needs a fresh engine") {
  allocation_engine e;
  REQUIRE(e.advance_to(start).applied());
  CHECK_THROWS_AS(simulate(e, population(), small_options()), invalid_argument);
  CHECK(e.clock() == start);  // left as it was
  CHECK(e.pool().size() == 0);
}

TEST_CASE("Waiting times: nearest-rank quantiles and bands of completed years") {
  std::vector<lease_record> leases;
  const date on(2026, 4, 1);
  for (const int d : {10, 400, 800, 1200, 2000, 4000, 30, 60, 90, 365}) {
    leases.push_back(
        {.on = on, .request = population().front().number, .offer = {"O"}, .waiting_days = d});
  }
  const waiting_time_summary s = waiting_times(leases);
  CHECK(s.leases == 10);
  CHECK(s.p10_days == 10);
  CHECK(s.median_days == 365);
  CHECK(s.p90_days == 2000);
  // 10, 30, 60, 90 under a year; 365 days before 2026-04-01 is 2025-04-01: one year.
  CHECK(s.by_years == std::array<std::size_t, 6>{4, 2, 1, 1, 1, 1});
  CHECK(waiting_times({}).leases == 0);
}

TEST_CASE("The weekly table has a row per week and a total") {
  const std::string text = fmt::format("{}", reference_run().result);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2 + 5 + 1 + 4);
  CHECK(text.find("all") != std::string::npos);
}

TEST_CASE("A simulation document round-trips unchanged") {
  const simulation_result& r = reference_run().result;
  const std::string text = to_json(r);
  const simulation_result back = simulation_from_json(text);
  CHECK(back == r);
  CHECK(to_json(back) == text);
}

TEST_CASE("A faulty simulation document names the place and the reason") {
  const std::string text = to_json(reference_run().result);
  const auto fault = [&](std::string_view from, std::string_view to) {
    std::string edited = text;
    const std::size_t at = edited.find(from);
    REQUIRE(at != std::string::npos);
    edited.replace(at, from.size(), to);
    try {
      (void)simulation_from_json(edited, "sim.json");
      FAIL("accepted");
    } catch (const document_error& e) {
      return e.where();
    }
    return std::string();
  };
  CHECK(fault("\"cotation-simulation/1\"", "\"cotation/1\"") == "/format");
  CHECK(fault("\"week\": 2", "\"week\": 3") == "/weeks/1/week");
  CHECK(fault("\"first_day\": \"2026-03-09\"", "\"first_day\": \"2026-03-10\"") ==
        "/weeks/1/first_day");
  CHECK(fault("\"offers_published\": 30", "\"offers_published\": -1") ==
        "/weeks/0/offers_published");
  CHECK(fault("\"pme\"", "\"pmf\"").starts_with("/weeks/0/"));
  CHECK(fault("\"seed\": 5", "\"seed\": \"5\"") == "/seed");
  CHECK(fault("\"size\": \"", "\"size\": \"x").starts_with("/leases/0/size"));
}

TEST_CASE("Lease shares by company size are rounded down and zero without a lease") {
  week_figures w;
  CHECK(w.lease_shares() == std::array<basis_points, 3>{});
  w.leases = 3;
  w.leases_by_size = {1, 0, 2};
  CHECK(w.lease_shares() ==
        std::array<basis_points, 3>{basis_points{3333}, basis_points{0}, basis_points{6666}});
}

TEST_CASE("Prior attributions are the engine's first event and the ALS history") {
  simulation_options o = small_options();
  o.weeks = 1;
  attribution_options history;
  history.seed = 3;
  history.attributions = 200;
  history.reference = start;
  o.prior_attributions = generate_attributions(history);
  const simulated s = run(o);
  // Every prior attribution is in the statistics, beside one record per lease signed.
  const std::span<const attribution_record> records = s.engine.statistics().records();
  for (const attribution_record& prior : o.prior_attributions) {
    CHECK(std::count(records.begin(), records.end(), prior) >=
          std::count(o.prior_attributions.begin(), o.prior_attributions.end(), prior));
  }
  CHECK(s.engine.statistics().size() == 200 + s.result.totals().leases);
}
