// SPDX-License-Identifier: MIT
// Loading a country's requests (2.7 million) from the CSV pool format and from the JSON data
// set document. The files are generated once into the build folder (bench/data/, never
// committed) by the library's generator, with the seed of the ranking benchmarks' country.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cotation/csv.hpp>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>
#include <cotation/pool.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace {

using namespace cotation;

constexpr std::size_t country_requests = 2'700'000;

const std::filesystem::path data_dir = COTATION_BENCH_DATA_DIR;

/// Resident memory of the process now, in bytes (`/proc/self/statm`).
double resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long pages = 0;
  unsigned long resident = 0;
  const int got = std::fscanf(f, "%lu %lu", &pages, &resident);
  std::fclose(f);
  return got == 2 ? static_cast<double>(resident) * 4096.0 : 0.0;
}

/// The country's files, generated once: `country.csv` (requests) and `country.json` (a data set
/// of the same requests, no offers).
struct country_files {
  std::filesystem::path csv = data_dir / "country.csv";
  std::filesystem::path json = data_dir / "country.json";

  country_files() {
    if (std::filesystem::exists(csv) && std::filesystem::exists(json)) return;
    std::filesystem::create_directories(data_dir);
    data_set d;
    d.applicants = generate_applicants({.seed = 2026,
                                        .requests = country_requests,
                                        .reference = boost::gregorian::date(2026, 3, 2)});
    {
      std::ofstream out(csv.string() + ".partial", std::ios::binary | std::ios::trunc);
      write_applicants_csv(d.applicants, out);
    }
    std::filesystem::rename(csv.string() + ".partial", csv);
    write_data_set_file(d, json);
    d = {};
    malloc_trim(0);  // the load benchmarks' memory figures start from here
  }

  static const country_files& get() {
    static const country_files f;
    return f;
  }
};

/// The process's peak resident memory so far, in bytes (`VmHWM` of `/proc/self/status`).
double peak_resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  double kb = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmHWM: %lf kB", &kb) == 1) break;
  }
  std::fclose(f);
  return kb * 1024.0;
}

/// Starts the process's peak resident memory over from what it holds now (Linux: `5` written
/// to `/proc/self/clear_refs` resets `VmHWM`); false where that cannot be done.
bool reset_peak_resident() {
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return false;
  const bool written = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && written;
}

void report(benchmark::State& state, const std::filesystem::path& file, std::size_t requests,
            const applicant_pool& pool, double rss_before, double rss_after) {
  const auto n = static_cast<double>(requests);
  state.counters["requests"] = n;
  state.counters["file_bytes_per_request"] =
      static_cast<double>(std::filesystem::file_size(file)) / n;
  state.counters["pool_bytes_per_request"] = static_cast<double>(pool.memory_bytes()) / n;
  state.counters["pool_hot_bytes_per_request"] = static_cast<double>(pool.hot_memory_bytes()) / n;
  state.counters["rss_growth_bytes_per_request"] = (rss_after - rss_before) / n;
}

/// The CSV pool read in chunks, each applicant handed over as its line is read: the reader
/// alone (parsing, cell checks, `validate`), nothing kept.
void read_country_csv(benchmark::State& state) {
  const auto& files = country_files::get();
  std::size_t requests = 0;
  for (auto _ : state) {
    requests = 0;
    std::ifstream in(files.csv, std::ios::binary);
    read_applicants_csv(in, files.csv.string(), [&](applicant&& a, std::size_t) {
      benchmark::DoNotOptimize(a);
      ++requests;
    });
  }
  state.counters["requests"] = static_cast<double>(requests);
  state.counters["file_bytes_per_request"] =
      static_cast<double>(std::filesystem::file_size(files.csv)) / static_cast<double>(requests);
}
BENCHMARK(read_country_csv)->Unit(benchmark::kMillisecond)->Iterations(1);

/// Loads `file` with `load` (which returns the applicants) and builds the pool, once per
/// iteration, reporting the file's and the pool's bytes per request and the memory it took.
template <typename Load>
void load_country(benchmark::State& state, const std::filesystem::path& file, Load&& load) {
  for (auto _ : state) {
    malloc_trim(0);
    const double before = resident_bytes();
    const std::vector<applicant> applicants = load(file);
    const applicant_pool pool(applicants);
    const double after = resident_bytes();
    state.PauseTiming();
    report(state, file, pool.size(), pool, before, after);
    state.ResumeTiming();
  }
}

/// The CSV pool loaded into an `applicant_pool`: read (streamed), then the pool built.
void load_country_csv(benchmark::State& state) {
  load_country(state, country_files::get().csv,
               [](const std::filesystem::path& f) { return read_applicants_csv_file(f); });
}
BENCHMARK(load_country_csv)->Unit(benchmark::kMillisecond)->Iterations(1);

/// The CSV pool streamed straight into an `applicant_pool` (`reserve`, then `add` per line as
/// it is read): no vector of applicants in between, so the peak is the pool and one chunk.
void stream_country_csv(benchmark::State& state) {
  const auto& files = country_files::get();
  for (auto _ : state) {
    malloc_trim(0);
    const double before = resident_bytes();
    applicant_pool pool;
    pool.reserve(country_requests);
    std::ifstream in(files.csv, std::ios::binary);
    read_applicants_csv(in, files.csv.string(),
                        [&](applicant&& a, std::size_t) { benchmark::DoNotOptimize(pool.add(a)); });
    const double after = resident_bytes();
    state.PauseTiming();
    report(state, files.csv, pool.size(), pool, before, after);
    state.ResumeTiming();
  }
}
BENCHMARK(stream_country_csv)->Unit(benchmark::kMillisecond)->Iterations(1);

/// A pool read straight from `file` by `read` (which returns it), once per iteration: the
/// bytes per request, how far the resident memory rose during the load over what the pool holds
/// resident after it, and the pool's bytes once given back.
template <typename Read>
void read_pool_country(benchmark::State& state, const std::filesystem::path& file, Read&& read) {
  for (auto _ : state) {
    malloc_trim(0);
    const double before = resident_bytes();
    // The load's own peak: without the reset, the process's peak was that of whatever ran
    // before (the data files' generation on a first run: 2.7 instead of 1.05).
    const bool reset = reset_peak_resident();
    applicant_pool pool = read(file);
    const double after = resident_bytes();
    state.PauseTiming();
    report(state, file, pool.size(), pool, before, after);
    // (Where the peak cannot be reset, the process's peak so far, over the pool.)
    state.counters["peak_over_pool_resident"] =
        (peak_resident_bytes() - (reset ? before : 0)) / (after - before);
    state.counters["peak_reset"] = reset ? 1 : 0;
    // What the growth room was: the pool's bytes once given back.
    pool.shrink_to_fit();
    const auto per_request = [&](std::size_t bytes) {
      return static_cast<double>(bytes) / static_cast<double>(pool.size());
    };
    const pool_memory parts = pool.memory();
    state.counters["shrunk_pool_bytes_per_request"] = per_request(parts.total());
    // Where they go (issue 13's bar is 96 in all).
    state.counters["shrunk_records"] = per_request(parts.records);
    state.counters["shrunk_heads"] = per_request(parts.heads);
    state.counters["shrunk_groups"] = per_request(parts.groups);
    state.counters["shrunk_numbers"] = per_request(parts.numbers + parts.number_index);
    state.counters["shrunk_other"] = per_request(parts.other);
    state.ResumeTiming();
  }
}

/// The library's CSV pool loader (`read_pool_csv_file`): parsed on a second thread while the
/// calling thread adds, the pool given back without growth room. Issue 13's row "load 2.7 M
/// requests from CSV" (bar: <= 5 s, peak <= 1.5 x the pool).
void read_pool_csv_country(benchmark::State& state) {
  read_pool_country(state, country_files::get().csv,
                    [](const std::filesystem::path& f) { return read_pool_csv_file(f); });
}
BENCHMARK(read_pool_csv_country)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

/// The CSV-loaded country (given back its growth room), then its records' cold parts moved to
/// a file (`spill_cold`, into bench/data/): the spill's time, the pool's bytes per request
/// before and after (issue 13's bar is 96 in all), the resident memory it gave back (the
/// process's, so that what `memory` reports is checked), and the time to read a request whole
/// (`get`) at 10 000 random indexes, before, after (the file's pages read once) and again, and
/// to `save` the pool (what a snapshot writes of it) before and after.
void spill_cold_country(benchmark::State& state) {
  const auto& files = country_files::get();
  for (auto _ : state) {
    state.PauseTiming();
    applicant_pool pool = read_pool_csv_file(files.csv);
    pool.shrink_to_fit();
    malloc_trim(0);
    const auto n = static_cast<double>(pool.size());
    std::vector<pool_index> picks;
    std::uint64_t x = 88172645463325252ULL;
    for (int k = 0; k < 10'000; ++k) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      picks.push_back(static_cast<pool_index>(x % pool.index_end()));
    }
    applicant a = pool.get(picks.front());
    const auto get_ns = [&] {
      const auto t0 = std::chrono::steady_clock::now();
      for (const pool_index i : picks) {
        pool.get(i, a);
        benchmark::DoNotOptimize(a.household.members.size());
      }
      const auto t1 = std::chrono::steady_clock::now();
      return std::chrono::duration<double, std::nano>(t1 - t0).count() /
             static_cast<double>(picks.size());
    };
    (void)get_ns();  // the records in cache as much as the others
    state.counters["get_ns_whole"] = get_ns();
    // `save` into a sink that only counts: a snapshot's pool part, whole records either way.
    const auto save_ms = [&] {
      std::size_t bytes = 0;
      const auto t0 = std::chrono::steady_clock::now();
      pool.save([&](std::span<const std::byte> b) { bytes += b.size(); });
      const auto t1 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(bytes);
      return std::chrono::duration<double, std::milli>(t1 - t0).count();
    };
    state.counters["save_ms_whole"] = save_ms();
    const pool_memory before = pool.memory();
    malloc_trim(0);  // what `save` took given back
    const double rss_before = resident_bytes();
    state.ResumeTiming();
    pool.spill_cold(data_dir);
    state.PauseTiming();
    malloc_trim(0);
    const double rss_after = resident_bytes();
    const pool_memory after = pool.memory();
    state.counters["get_ns_spilled_first"] = get_ns();
    state.counters["get_ns_spilled"] = get_ns();
    state.counters["save_ms_spilled"] = save_ms();
    state.counters["records_before"] = static_cast<double>(before.records) / n;
    state.counters["records_after"] = static_cast<double>(after.records) / n;
    state.counters["on_disk"] = static_cast<double>(after.on_disk) / n;
    state.counters["pool_bytes_per_request"] = static_cast<double>(after.total()) / n;
    state.counters["pool_bytes_per_request_before"] = static_cast<double>(before.total()) / n;
    state.counters["rss_given_back_per_request"] = (rss_before - rss_after) / n;
    state.ResumeTiming();
  }
}
BENCHMARK(spill_cold_country)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

/// The JSON data set read straight into a pool (`read_pooled_data_set_file`): each applicant
/// added as its object is parsed, no list of applicants. Issue 13's row "load JSON".
void read_pool_json_country(benchmark::State& state) {
  read_pool_country(state, country_files::get().json, [](const std::filesystem::path& f) {
    return read_pooled_data_set_file(f).requests;
  });
}
BENCHMARK(read_pool_json_country)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

/// The JSON data set loaded into an `applicant_pool`: read (each applicant as it is parsed),
/// then the pool built.
void load_country_json(benchmark::State& state) {
  load_country(state, country_files::get().json,
               [](const std::filesystem::path& f) { return read_data_set_file(f).applicants; });
}
BENCHMARK(load_country_json)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
