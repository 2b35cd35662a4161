// SPDX-License-Identifier: MIT
// The engine on disk (issue 12): a journalled positioning under each commit mode, the binary
// snapshot written and loaded, a restore (snapshot + 100 000 journalled events) and the replay
// speed, at 116 000 requests (a department) and 2.7 million (France).
//
// Once per size, outside the timing: the requests are drawn and filed in an in-memory engine
// with 20 offers published, one eligible (request, offer) pair is found, and the state is written
// as a binary snapshot at the head of two journals in a scratch directory: one stays that way,
// the other gets 100 000 events (the pair positioning and withdrawing in turn). The directory
// is $COTATION_BENCH_DIR or the system's temporary directory. Results: docs/performance.md.
#include <benchmark/benchmark.h>

#include <cotation/engine.hpp>
#include <cotation/generator.hpp>
#include <cotation/journal.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace {

using namespace cotation;
namespace fs = std::filesystem;

const date start(2026, 3, 2);
constexpr std::uint64_t tail_events = 100000;

struct prepared {
  fs::path dir;
  fs::path snapshot;       ///< The state, as a file of its own.
  fs::path head;           ///< A journal holding the snapshot only.
  fs::path restore;        ///< The snapshot and 100 000 events after it.
  request_number request;  ///< Eligible for `offer`.
  offer_id offer;
  std::size_t requests = 0;
};

event position_or_withdraw(const prepared& p, std::uint64_t k) {
  if (k % 2 == 0) return events::position{start, p.request, p.offer};
  return events::withdraw{start, p.request, p.offer};
}

void write_head(const fs::path& journal, const allocation_engine& e) {
  const auto store = open_sqlite_store(journal, journal_options{.group_size = 4096, .sync = false});
  store->set_metadata("engine_options", allocation_engine::fingerprint(e.options()));
  store->put_snapshot(0, [&](std::ostream& out) { e.write_binary_snapshot(out, 0); });
}

/// Prepares the files of a size; `request` and `offer` are replaced by the first eligible pair.
prepared prepare(std::size_t size) {
  const char* where = std::getenv("COTATION_BENCH_DIR");
  prepared p{.dir = fs::path(where != nullptr ? where : fs::temp_directory_path().string()) /
                    ("cotation-journal-bench-" + std::to_string(size)),
             .request = request_number::parse("0751224000123ABCDE")};
  fs::remove_all(p.dir);
  fs::create_directories(p.dir);
  p.snapshot = p.dir / "state.snapshot";
  p.head = p.dir / "head.journal";
  p.restore = p.dir / "restore.journal";

  allocation_engine e;
  {
    population_options o;
    o.seed = 1;
    o.requests = size;
    o.reference = start;
    std::vector<applicant> people = generate_applicants(o);
    for (applicant& a : people) (void)e.file_request(start, std::move(a));
  }
  offer_options oo;
  oo.seed = 1;
  oo.offers = 20;
  oo.publication_start = start;
  for (offer& o : generate_offers(oo)) (void)e.publish_offer(start, std::move(o));
  bool found = false;
  for (const offer_record& r : e.offers()) {
    for (pool_index i = 0; i < e.pool().index_end(); ++i) {
      const request_number n = e.pool().number(i);
      if (e.position(start, n, r.offer.id).applied()) {
        p.request = n;
        p.offer = r.offer.id;
        found = true;
        break;
      }
    }
    if (found) break;
  }
  if (!found) throw std::runtime_error("no eligible pair");
  (void)e.withdraw(start, p.request, p.offer);
  p.requests = e.pool().size();
  {
    std::ofstream out(p.snapshot, std::ios::binary);
    e.write_binary_snapshot(out, 0);
  }
  write_head(p.head, e);
  write_head(p.restore, e);
  const auto store =
      open_sqlite_store(p.restore, journal_options{.group_size = 4096, .sync = false});
  for (std::uint64_t k = 0; k < tail_events; ++k) (void)store->append(position_or_withdraw(p, k));
  return p;
}

const prepared& state_of(std::size_t size) {
  static std::map<std::size_t, std::unique_ptr<prepared>> cache;
  auto& slot = cache[size];
  if (!slot) slot = std::make_unique<prepared>(prepare(size));
  return *slot;
}

const char* mode_name(std::int64_t mode) {
  return mode == 0 ? "synchronous" : mode == 1 ? "os-buffered" : "group-4096";
}

journal_options mode_options(std::int64_t mode) {
  if (mode == 0) return {};
  if (mode == 1) return journal_options{.group_size = 1, .sync = false};
  return journal_options{.group_size = 4096, .sync = true};
}

/// One positioning or withdrawal, applied and journalled, under a commit mode.
void journalled_positioning(benchmark::State& state) {
  const prepared& p = state_of(static_cast<std::size_t>(state.range(0)));
  allocation_engine e = allocation_engine::open(p.head, {}, mode_options(state.range(1)));
  std::uint64_t k = e.sequence();
  for (auto _ : state) {
    const outcome o = e.apply(position_or_withdraw(p, k++));
    if (!o.applied()) state.SkipWithError("refused");
  }
  e.flush();
  state.SetLabel(mode_name(state.range(1)));
  state.counters["requests"] = static_cast<double>(p.requests);
}
BENCHMARK(journalled_positioning)
    ->ArgsProduct({{116000, 2700000}, {0, 1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(2.0);

void snapshot_write(benchmark::State& state) {
  const prepared& p = state_of(static_cast<std::size_t>(state.range(0)));
  std::ifstream in(p.snapshot, std::ios::binary);
  const allocation_engine e = allocation_engine::read_binary_snapshot(in, {}, p.snapshot.string());
  const fs::path out_path = p.dir / "written.snapshot";
  for (auto _ : state) {
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    e.write_binary_snapshot(out, 0);
    out.flush();
  }
  state.counters["bytes"] = static_cast<double>(fs::file_size(out_path));
  state.counters["requests"] = static_cast<double>(p.requests);
}
BENCHMARK(snapshot_write)->Arg(116000)->Arg(2700000)->Unit(benchmark::kMillisecond)->Iterations(3);

void snapshot_load(benchmark::State& state) {
  const prepared& p = state_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::ifstream in(p.snapshot, std::ios::binary);
    const allocation_engine e =
        allocation_engine::read_binary_snapshot(in, {}, p.snapshot.string());
    benchmark::DoNotOptimize(e.pool().size());
  }
  state.counters["bytes"] = static_cast<double>(fs::file_size(p.snapshot));
}
BENCHMARK(snapshot_load)->Arg(116000)->Arg(2700000)->Unit(benchmark::kMillisecond)->Iterations(3);

/// `allocation_engine::open`: the snapshot loaded, then 100 000 events replayed from SQLite.
void restore(benchmark::State& state) {
  const prepared& p = state_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const allocation_engine e = allocation_engine::open(p.restore);
    if (e.sequence() != tail_events) state.SkipWithError("not every event was replayed");
  }
}
BENCHMARK(restore)->Arg(116000)->Arg(2700000)->Unit(benchmark::kMillisecond)->Iterations(3);

/// 100 000 events read from SQLite, decoded and applied to a loaded engine.
void replay(benchmark::State& state) {
  const prepared& p = state_of(static_cast<std::size_t>(state.range(0)));
  std::ifstream in(p.snapshot, std::ios::binary);
  allocation_engine e = allocation_engine::read_binary_snapshot(in, {}, p.snapshot.string());
  const auto store = open_sqlite_store(p.restore);
  for (auto _ : state) {
    // Positioning then withdrawing leaves the state as it was: the same events apply again.
    store->read(1, [&](std::uint64_t, event&& ev) {
      if (!e.apply(ev).applied()) state.SkipWithError("refused");
    });
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(tail_events));
}
BENCHMARK(replay)->Arg(116000)->Arg(2700000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
