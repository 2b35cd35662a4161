// SPDX-License-Identifier: MIT
// The allocation engine at a department's size (Hauts-de-Seine, 116 000 requests, 50 offers a
// day) and at the country's (2.7 million requests, 1 200 offers a day): filing a request, an
// applicant's dashboard right after a change, the digest, a day without closings, closing a day
// of offers, and the resident memory. The population is drawn once per size, outside the
// timings, filed into one engine, then freed (`malloc_trim`) before the memory is read.
// Results: docs/performance.md.
//
//   build/release/bench/cotation_engine_bench --benchmark_filter=/116000
//   build/release/bench/cotation_engine_bench --benchmark_filter=/2700000
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cotation/dashboard.hpp>
#include <cotation/engine.hpp>
#include <cotation/generator.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace cotation;

const date start(2026, 3, 2);

/// A field of /proc/self/status in bytes (VmRSS, VmHWM).
double status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0 && line[n] == ':') {
      return std::stod(line.substr(n + 1)) * 1024.0;  // kB
    }
  }
  return 0;
}

/// One engine per size: the requests filed, a day of offers published with about 100
/// positionings each, and requests kept aside for the filing benchmark.
struct world {
  allocation_engine engine;
  std::vector<applicant> spare;  ///< Filed by `file_request`.
  std::size_t spare_next = 0;
  std::vector<offer> offers;
  std::optional<request_number> watched;  ///< Positioned on several open offers.
  std::size_t filed = 0;
  double rss_before = 0;        ///< Before anything was drawn.
  double rss_engine = 0;        ///< After the input was freed.
  double pool_bytes = 0;

  explicit world(std::size_t requests) {
    rss_before = status_bytes("VmRSS");
    population_options p;
    p.seed = 1;
    p.requests = requests + 10000;
    p.reference = start;
    if (requests <= 116000) p.only_department = department::parse("092");
    std::vector<applicant> people = generate_applicants(p);
    spare.assign(people.end() - 10000, people.end());
    people.erase(people.begin() + static_cast<std::ptrdiff_t>(requests), people.end());
    for (const applicant& a : people) filed += engine.file_request(start, a).applied() ? 1U : 0U;
    std::vector<applicant>().swap(people);
    offer_options oo;
    oo.seed = 2;
    oo.offers = requests <= 116000 ? 50 : 1200;
    oo.publication_start = start;
    oo.only_department = p.only_department;
    offers = generate_offers(oo);
    std::map<request_number, int> positionings;
    for (offer& o : offers) {
      o.publication_days = 7;  // one day of closings
      (void)engine.publish_offer(start, o);
    }
    for (const offer& o : offers) {
      for (const request_number& n :
           generate_positionings(engine.pool(), o, 100, detail_seed(o))) {
        if (engine.position(start, n, o.id).applied()) ++positionings[n];
      }
    }
    int most = 0;
    for (const auto& [n, k] : positionings) {
      if (k > most) {
        most = k;
        watched = n;
      }
    }
    malloc_trim(0);
    rss_engine = status_bytes("VmRSS");
    pool_bytes = static_cast<double>(engine.pool().memory_bytes());
  }

  static std::uint64_t detail_seed(const offer& o) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : o.id.value) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
  }

  void counters(benchmark::State& state) const {
    state.counters["requests"] = static_cast<double>(filed);
    state.counters["rss_engine_MB"] = (rss_engine - rss_before) / 1e6;
    state.counters["bytes_per_request"] = (rss_engine - rss_before) / static_cast<double>(filed);
    state.counters["pool_bytes_per_request"] = pool_bytes / static_cast<double>(filed);
    state.counters["peak_rss_MB"] = status_bytes("VmHWM") / 1e6;
  }
};

world& world_of(std::size_t requests) {
  static std::map<std::size_t, std::unique_ptr<world>> worlds;
  auto& w = worlds[requests];
  if (!w) {
    worlds.clear();  // one size in memory at a time
    auto& again = worlds[requests];
    again = std::make_unique<world>(requests);
    return *again;
  }
  return *w;
}

void file_request(benchmark::State& state) {
  world& w = world_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    if (w.spare_next == w.spare.size()) {
      state.SkipWithError("no more spare requests");
      break;
    }
    benchmark::DoNotOptimize(w.engine.file_request(start, w.spare[w.spare_next++]));
  }
  w.counters(state);
}

/// A change (a renewal of another request), then the dashboard of a request positioned on
/// several open offers, ranked as if they closed today: only the dashboard is timed.
void dashboard_after_change(benchmark::State& state) {
  world& w = world_of(static_cast<std::size_t>(state.range(0)));
  const applicant_pool& pool = w.engine.pool();
  pool_index next = 0;
  std::size_t positionings = 0;
  for (auto _ : state) {
    state.PauseTiming();
    while (w.engine.removed(next)) next = (next + 1) % pool.index_end();
    (void)w.engine.renew_request(start, pool.number(next));
    next = (next + 1) % pool.index_end();
    state.ResumeTiming();
    const auto d = dashboard(w.engine, *w.watched);
    positionings = d->positionings.size();
    benchmark::DoNotOptimize(d);
  }
  state.counters["open_positionings"] = static_cast<double>(positionings);
  w.counters(state);
}

void digest(benchmark::State& state) {
  world& w = world_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(w.engine.digest());
  w.counters(state);
}

/// A day on which no offer closes, the clock moved by one day: the requests that expire that
/// day (ending their positionings), lapsed deadlines, and the pass that retires the requests
/// ended before the clock from the pool's counting groups. Five days, before `close_day`.
void quiet_day(benchmark::State& state) {
  world& w = world_of(static_cast<std::size_t>(state.range(0)));
  date day = *w.engine.clock();
  for (auto _ : state) {
    day += boost::gregorian::days(1);
    if (day >= w.offers.front().closing_date()) {
      state.SkipWithError("the offers would close");
      break;
    }
    benchmark::DoNotOptimize(w.engine.advance_to(day));
  }
  std::size_t retired = 0;
  for (pool_index i = 0; i < w.engine.pool().index_end(); ++i) {
    retired += w.engine.pool().retired(i) ? 1U : 0U;
  }
  state.counters["retired"] = static_cast<double>(retired);
  w.counters(state);
}

/// The day the offers close: one ranking of every offer over the pool, shortlists. Once: the
/// close changes the state (the last benchmark of each size).
void close_day(benchmark::State& state) {
  world& w = world_of(static_cast<std::size_t>(state.range(0)));
  const date closing = w.offers.front().closing_date();
  std::size_t closed = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(w.engine.advance_to(closing));
  }
  for (const offer_record& r : w.engine.offers()) closed += r.closing ? 1U : 0U;
  state.counters["offers_closed"] = static_cast<double>(closed);
  w.counters(state);
}

BENCHMARK(file_request)->Arg(116000)->Unit(benchmark::kMicrosecond)->Iterations(5000);
BENCHMARK(dashboard_after_change)->Arg(116000)->Unit(benchmark::kMicrosecond);
BENCHMARK(digest)->Arg(116000)->Unit(benchmark::kMicrosecond);
BENCHMARK(quiet_day)->Arg(116000)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(close_day)->Arg(116000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(file_request)->Arg(2700000)->Unit(benchmark::kMicrosecond)->Iterations(5000);
BENCHMARK(dashboard_after_change)->Arg(2700000)->Unit(benchmark::kMicrosecond);
BENCHMARK(digest)->Arg(2700000)->Unit(benchmark::kMicrosecond);
BENCHMARK(quiet_day)->Arg(2700000)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(close_day)->Arg(2700000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
