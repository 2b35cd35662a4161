// SPDX-License-Identifier: MIT
// Load and fault test of cotation-service (bounded, loopback only, stops by itself).
//
//   cotation_service_load_test SERVICE_BINARY [--seconds 60] [--clients 200] [--requests 116000]
//
// Starts the service on a fresh folder with a generated department (Hauts-de-Seine by
// default), publishes offers, issues tokens, then runs CLIENTS concurrent applicants that
// position, withdraw and read their dashboards for SECONDS. At a random moment between a
// quarter and three quarters of the run, the server is killed with SIGKILL and restarted on the
// same folder. After the run, every positioning whose last acknowledged operation was a success
// must be present, every acknowledged withdrawal absent, and nothing refused present; requests
// whose operation was in flight at the kill are left out (either outcome is correct). Prints
// requests per second and p50/p99 latency for reads and writes; exits 1 on a lost or phantom
// positioning, 2 on a setup failure.
#include <fmt/format.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "service_process.hpp"

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

struct options {
  std::string service;
  int seconds = 60;
  int clients = 200;
  std::size_t requests = 116000;
  int offers = 40;
  std::uint64_t seed = 1;
};

[[noreturn]] void fail_setup(const std::string& why) {
  fmt::print(stderr, "load test: {}\n", why);
  std::exit(2);
}

using cotation::service::testing::service_process;

// The first line of `file` that starts with `prefix` (the service's own report).
std::string first_line_with(const fs::path& file, std::string_view prefix) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) return line;
  }
  return "(no report)";
}

// The service's resident memory now and at its peak (kB), from /proc.
std::pair<long, long> resident_kb(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  long rss = 0, peak = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) rss = std::stol(line.substr(6));
    if (line.starts_with("VmHWM:")) peak = std::stol(line.substr(6));
  }
  return {rss, peak};
}

// What a client knows of one (request, offer): the last acknowledged state, or unknown when an
// operation was in flight when the server died.
enum class known : std::uint8_t { absent, present, unknown };

struct client_log {
  std::map<std::string, known> offers;  // by offer id
  std::vector<double> read_ms, write_ms;
  std::size_t reads = 0, writes = 0, refused = 0, unanswered = 0, errors = 0;
};

struct verdict {
  std::size_t checked = 0, lost = 0, phantom = 0, ambiguous = 0;
};

// Compares what the clients were told (their last acknowledged state per offer) with the
// positionings the service holds now, read through the operator API.
verdict verify(httplib::Client& admin, const std::vector<std::string>& offer_ids,
               const std::vector<std::string>& numbers,
               const std::vector<std::map<std::string, known>>& told, std::string_view when) {
  std::map<std::string, std::set<std::string>> active;  // offer -> requests positioned
  for (const std::string& id : offer_ids) {
    const auto r = admin.Get(fmt::format("/api/operator/offers/{}", id));
    if (!r || r->status != 200) fail_setup(fmt::format("cannot read offer {}", id));
    // "positionings": [{"request": "N", "on": "D"[, "withdrawn_on": "D"]}, ...]: flat objects.
    const std::size_t from = r->body.find("\"positionings\": [");
    const std::size_t to = r->body.find(']', from);
    if (from == std::string::npos || to == std::string::npos) fail_setup("unexpected offer JSON");
    const std::string_view list = std::string_view(r->body).substr(from, to - from);
    for (std::size_t at = list.find('{'); at != std::string_view::npos;
         at = list.find('{', at + 1)) {
      const std::string_view item = list.substr(at, list.find('}', at) - at);
      const std::size_t n = item.find("\"request\": \"");
      if (n == std::string_view::npos) fail_setup("unexpected positioning JSON");
      if (item.find("withdrawn_on") == std::string_view::npos) {
        active[id].insert(std::string(item.substr(n + 12, 18)));
      }
    }
  }
  verdict v;
  for (std::size_t c = 0; c < told.size(); ++c) {
    for (const auto& [offer, k] : told[c]) {
      if (k == known::unknown) {
        ++v.ambiguous;
        continue;
      }
      ++v.checked;
      const bool there = active[offer].count(numbers[c]) != 0;
      if (k == known::present && !there) {
        ++v.lost;
        fmt::print(stderr, "{}: lost: {} on {}\n", when, numbers[c], offer);
      }
      if (k == known::absent && there) {
        ++v.phantom;
        fmt::print(stderr, "{}: phantom: {} on {}\n", when, numbers[c], offer);
      }
    }
  }
  return v;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 2) fail_setup("usage: cotation_service_load_test SERVICE [--seconds N] ...");
  options o;
  o.service = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view k = argv[i];
    const long v = std::stol(argv[i + 1]);
    if (v <= 0) fail_setup(fmt::format("{} must be positive", k));
    if (k == "--seconds")
      o.seconds = static_cast<int>(v);
    else if (k == "--clients")
      o.clients = static_cast<int>(v);
    else if (k == "--requests")
      o.requests = static_cast<std::size_t>(v);
    else if (k == "--offers")
      o.offers = static_cast<int>(v);
    else
      fail_setup(fmt::format("unknown option {}", k));
  }

  const fs::path dir = fs::temp_directory_path() / fmt::format("cotation-load-{}", getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const cotation::date start(2026, 3, 2);

  // A generated department and its week's offers, as a data set document.
  cotation::population_options pop{.seed = o.seed,
                                   .requests = o.requests,
                                   .reference = start,
                                   .only_department = cotation::department::parse("092")};
  cotation::data_set d;
  d.applicants = cotation::generate_applicants(pop);
  d.offers = cotation::generate_offers({.seed = o.seed,
                                        .offers = static_cast<std::size_t>(o.offers),
                                        .publication_start = start,
                                        .only_department = pop.only_department});
  const fs::path data = dir / "department.json";
  cotation::write_data_set_file(d, data);
  fs::path state = dir / "state";

  const int port = cotation::service::testing::free_port();
  const auto start_service = [&](bool load) {
    return std::make_unique<service_process>(
        o.service, state, port,
        load ? std::vector<std::string>{"--load", data.string()} : std::vector<std::string>{});
  };
  const auto load_started = clock_type::now();
  auto server = start_service(true);
  const double load_s = std::chrono::duration<double>(clock_type::now() - load_started).count();
  const std::string op = cotation::service::testing::operator_token(state);
  httplib::Client admin("127.0.0.1", port);
  admin.set_bearer_token_auth(op);

  // The clients: the first CLIENTS valid requests eligible for at least one offer (SPEC 3,
  // checked here with the library's gate), each with a token and the offers it may take.
  std::vector<std::string> offer_ids;
  for (const cotation::offer& of : d.offers) offer_ids.push_back(of.id.value);
  std::vector<std::string> numbers, tokens;
  std::vector<std::vector<std::string>> eligible;
  for (const cotation::applicant& a : d.applicants) {
    if (numbers.size() == static_cast<std::size_t>(o.clients)) break;
    if (!cotation::is_valid(cotation::state_at(a, start))) continue;
    std::vector<std::string> mine;
    for (const cotation::offer& of : d.offers) {
      if (cotation::check_eligibility(a, of, start).eligible()) mine.push_back(of.id.value);
    }
    if (mine.empty()) continue;
    const auto r = admin.Post(fmt::format("/api/operator/requests/{}/tokens", a.number));
    if (!r || r->status != 201) continue;  // not filed (invalid on the load date)
    numbers.emplace_back(a.number.str());
    tokens.push_back(r->body.substr(r->body.find("\"token\": \"") + 10, 64));
    eligible.push_back(std::move(mine));
  }
  if (numbers.size() < static_cast<std::size_t>(o.clients)) {
    fail_setup(fmt::format("only {} requests are eligible for an offer", numbers.size()));
  }

  std::vector<client_log> logs(static_cast<std::size_t>(o.clients));
  std::atomic<bool> stop{false};
  // At the kill, the clients finish the operation in flight (which fails, or was answered
  // just before), then park until the service is restarted and checked.
  std::atomic<bool> paused{false};
  std::atomic<int> parked{0};
  const auto t0 = clock_type::now();
  const auto end = t0 + std::chrono::seconds(o.seconds);
  std::mt19937_64 rng(o.seed);
  const auto kill_at = t0 + std::chrono::milliseconds(std::uniform_int_distribution<int>(
                                o.seconds * 250, o.seconds * 750)(rng));

  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) {
    clients.emplace_back([&, c] {
      client_log& log = logs[static_cast<std::size_t>(c)];
      std::mt19937_64 r(o.seed * 1000 + static_cast<std::uint64_t>(c));
      // A fresh connection after any request without an answer: an answer that comes late on
      // a kept connection must never be taken for the next request's.
      std::unique_ptr<httplib::Client> client;
      const auto connect = [&] {
        client = std::make_unique<httplib::Client>("127.0.0.1", port);
        client->set_bearer_token_auth(tokens[static_cast<std::size_t>(c)]);
        client->set_keep_alive(true);
        client->set_tcp_nodelay(true);
        client->set_read_timeout(10);
      };
      connect();
      while (!stop.load()) {
        if (paused.load()) {
          ++parked;
          while (paused.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
          --parked;
        }
        const int what = std::uniform_int_distribution<int>(0, 9)(r);
        // Mostly an offer the request may take; one time in ten any offer (mostly refused).
        const std::vector<std::string>& pick = std::uniform_int_distribution<int>(0, 9)(r) == 0
                                                   ? offer_ids
                                                   : eligible[static_cast<std::size_t>(c)];
        const std::string& offer =
            pick[std::uniform_int_distribution<std::size_t>(0, pick.size() - 1)(r)];
        const auto t = clock_type::now();
        if (what < 6) {
          auto res = client->Get("/api/me");
          const double ms =
              std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
          if (res && res->status == 200) {
            log.read_ms.push_back(ms);
            ++log.reads;
          } else {
            ++(res ? log.errors : log.unanswered);
            if (!res) connect();
          }
          continue;
        }
        const bool position = what < 8;
        const std::string path = fmt::format("/api/me/positionings/{}", offer);
        auto res = position ? client->Put(path) : client->Delete(path);
        const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
        if (!res) {
          // No answer: the server died with the operation in flight.
          log.offers[offer] = known::unknown;
          ++log.unanswered;
          connect();
          continue;
        }
        if (res->status == 200) {
          log.offers[offer] = position ? known::present : known::absent;
          log.write_ms.push_back(ms);
          ++log.writes;
        } else if (res->status == 409 || res->status == 404) {
          // Refused, nothing changed; the refusal tells the state. A positioning is refused as
          // "already_positioned" when it is active, and for any other reason only when it is
          // not; a withdrawal is refused when there is no active positioning.
          ++log.refused;
          const bool active =
              position && res->body.find("\"already_positioned\"") != std::string::npos;
          log.offers[offer] = active ? known::present : known::absent;
        } else {
          ++log.errors;
          log.offers[offer] = known::unknown;
        }
      }
    });
  }

  // The fault: SIGKILL, then a restart on the same folder, checked before the clients resume.
  std::this_thread::sleep_until(kill_at);
  const auto [rss_before_kill, peak_before_kill] = resident_kb(server->pid());
  const std::uint64_t killed_pid = static_cast<std::uint64_t>(server->pid());
  server->kill_now();
  const auto killed = clock_type::now();
  paused = true;
  while (parked.load() < o.clients) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<std::map<std::string, known>> told_at_kill;
  for (const client_log& l : logs) told_at_kill.push_back(l.offers);
  server = start_service(false);
  const double restart_s = std::chrono::duration<double>(clock_type::now() - killed).count();
  const verdict at_restart = verify(admin, offer_ids, numbers, told_at_kill, "at the restart");
  paused = false;
  std::this_thread::sleep_until(end);
  stop = true;
  for (std::thread& t : clients) t.join();
  const double elapsed = std::chrono::duration<double>(clock_type::now() - t0).count();
  const auto [rss_end, peak_end] = resident_kb(server->pid());
  std::vector<std::map<std::string, known>> told_at_end;
  for (const client_log& l : logs) told_at_end.push_back(l.offers);
  const verdict at_end = verify(admin, offer_ids, numbers, told_at_end, "at the end");

  std::vector<double> reads, writes;
  std::size_t n_reads = 0, n_writes = 0, n_refused = 0, n_unanswered = 0, n_errors = 0;
  for (const client_log& l : logs) {
    reads.insert(reads.end(), l.read_ms.begin(), l.read_ms.end());
    writes.insert(writes.end(), l.write_ms.begin(), l.write_ms.end());
    n_reads += l.reads;
    n_writes += l.writes;
    n_refused += l.refused;
    n_unanswered += l.unanswered;
    n_errors += l.errors;
  }
  fmt::print(
      "{} clients, {:.1f} s, {} generated requests, {} offers; service started and loaded "
      "in {:.1f} s: {}\n",
      o.clients, elapsed, o.requests, o.offers, load_s,
      first_line_with(dir / "service.out", "Loaded"));
  fmt::print("killed (pid {}) at {:.1f} s, restarted and checked in {:.2f} s\n", killed_pid,
             std::chrono::duration<double>(killed - t0).count(), restart_s);
  fmt::print(
      "dashboard reads: {} ({:.0f}/s), p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} "
      "ms\n",
      n_reads, static_cast<double>(n_reads) / elapsed, percentile(reads, 0.5),
      percentile(reads, 0.9), percentile(reads, 0.99), percentile(reads, 1.0));
  fmt::print(
      "journalled writes: {} ({:.0f}/s), p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} "
      "ms\n",
      n_writes, static_cast<double>(n_writes) / elapsed, percentile(writes, 0.5),
      percentile(writes, 0.9), percentile(writes, 0.99), percentile(writes, 1.0));
  fmt::print("refused by the engine (409/404): {}; unanswered (the kill): {}; other errors: {}\n",
             n_refused, n_unanswered, n_errors);
  fmt::print(
      "service memory: RSS {} MB (peak {} MB) before the kill; {} MB (peak {} MB) at the end\n",
      rss_before_kill / 1024, peak_before_kill / 1024, rss_end / 1024, peak_end / 1024);
  for (const auto& [when, v] :
       {std::pair{"at the restart", at_restart}, std::pair{"at the end", at_end}}) {
    fmt::print(
        "{}: {} acknowledged states checked, {} lost, {} phantom, {} in flight at the kill\n", when,
        v.checked, v.lost, v.phantom, v.ambiguous);
  }
  server.reset();
  fs::remove_all(dir);
  const bool ok = at_restart.lost == 0 && at_restart.phantom == 0 && at_end.lost == 0 &&
                  at_end.phantom == 0 && at_restart.checked > 0 && n_errors == 0;
  return ok ? 0 : 1;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fail_setup(e.what());
  }
}
