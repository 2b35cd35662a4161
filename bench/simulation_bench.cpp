// SPDX-License-Identifier: MIT
// The demo's workload: eight weeks of the allocation cycle over Hauts-de-Seine at its size
// (116 000 generated requests, a year of past attributions), as `bash examples/run.sh` runs it.
// The population is drawn once, outside the timing; each iteration files it in a fresh engine
// and simulates. Results: docs/performance.md.
#include <benchmark/benchmark.h>

#include <cotation/engine.hpp>
#include <cotation/generator.hpp>
#include <cotation/simulation.hpp>

namespace {

using namespace cotation;

const date start(2026, 3, 2);

struct department_population {
  std::vector<applicant> requests;
  std::vector<attribution_record> history;
  department_population() {
    population_options p;
    p.seed = 1;
    p.requests = 116000;
    p.reference = start;
    p.only_department = department::parse("092");
    requests = generate_applicants(p);
    attribution_options a;
    a.seed = 1;
    a.attributions = yearly_attributions(p.requests);
    a.reference = start;
    history = generate_attributions(a);
  }
};

const department_population& hauts_de_seine() {
  static const department_population p;
  return p;
}

void simulate_department(benchmark::State& state) {
  const department_population& p = hauts_de_seine();
  simulation_options o;
  o.seed = 1;
  o.start = start;
  o.weeks = static_cast<int>(state.range(0));
  o.only_department = department::parse("092");
  o.prior_attributions = p.history;
  simulation_result r;
  for (auto _ : state) {
    allocation_engine engine;
    r = simulate(engine, p.requests, o);
    benchmark::DoNotOptimize(r);
  }
  const week_figures t = r.totals();
  state.counters["leases"] = static_cast<double>(t.leases);
  state.counters["offers"] = static_cast<double>(t.offers_published);
  state.counters["positionings"] = static_cast<double>(t.positionings);
}
BENCHMARK(simulate_department)->Arg(8)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
