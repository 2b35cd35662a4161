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
#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
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

// The service as a child process.
class service_process {
 public:
  service_process(const options& o, fs::path dir, int port, const std::string& load)
      : dir_(std::move(dir)), port_(port) {
    std::vector<std::string> args{o.service, "--data", dir_.string(), "--port",
                                  std::to_string(port), "--clock", "engine"};
    if (!load.empty()) {
      args.push_back("--load");
      args.push_back(load);
    }
    pid_ = fork();
    if (pid_ < 0) fail_setup("fork failed");
    if (pid_ == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    // Ready when /healthz answers (loading a department takes a few seconds).
    const auto deadline = clock_type::now() + std::chrono::minutes(3);
    while (clock_type::now() < deadline) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(1);
      if (auto r = c.Get("/healthz"); r && r->status == 200) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) fail_setup("the service exited at start");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    fail_setup("the service did not start in 3 minutes");
  }
  void kill_now() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~service_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

 private:
  fs::path dir_;
  int port_;
  pid_t pid_ = -1;
};

int free_port() {
  httplib::Server probe;
  const int port = probe.bind_to_any_port("127.0.0.1");
  if (port <= 0) fail_setup("no free loopback port");
  return port;
}

std::string operator_token(const fs::path& dir) {
  std::ifstream in(dir / "operator.token");
  std::string t;
  std::getline(in, t);
  if (t.size() != 64) fail_setup("no operator token");
  return t;
}

// What a client knows of one (request, offer): the last acknowledged state, or unknown when an
// operation was in flight when the server died.
enum class known : std::uint8_t { absent, present, unknown };

struct client_log {
  std::map<std::string, known> offers;  // by offer id
  std::vector<double> read_ms, write_ms;
  std::size_t reads = 0, writes = 0, refused = 0, failed = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) fail_setup("usage: cotation_service_load_test SERVICE [--seconds N] ...");
  options o;
  o.service = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view k = argv[i];
    const long v = std::stol(argv[i + 1]);
    if (v <= 0) fail_setup(fmt::format("{} must be positive", k));
    if (k == "--seconds") o.seconds = static_cast<int>(v);
    else if (k == "--clients") o.clients = static_cast<int>(v);
    else if (k == "--requests") o.requests = static_cast<std::size_t>(v);
    else if (k == "--offers") o.offers = static_cast<int>(v);
    else fail_setup(fmt::format("unknown option {}", k));
  }

  const fs::path dir = fs::temp_directory_path() / fmt::format("cotation-load-{}", getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const cotation::date start(2026, 3, 2);

  // A generated department and its week's offers, as a data set document.
  cotation::population_options pop{.seed = o.seed, .requests = o.requests, .reference = start,
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

  const int port = free_port();
  auto server = std::make_unique<service_process>(o, state, port, data.string());
  const std::string op = operator_token(state);
  httplib::Client admin("127.0.0.1", port);
  admin.set_bearer_token_auth(op);

  // Tokens for the first CLIENTS requests.
  std::vector<std::string> tokens;
  for (int i = 0; i < o.clients; ++i) {
    const auto r = admin.Post(fmt::format("/api/operator/requests/{}/tokens",
                                          d.applicants[static_cast<std::size_t>(i)].number));
    if (!r || r->status != 201) fail_setup("cannot issue a token");
    tokens.push_back(r->body.substr(r->body.find("\"token\": \"") + 10, 64));
  }
  std::vector<std::string> offer_ids;
  for (const cotation::offer& of : d.offers) offer_ids.push_back(of.id.value);

  std::vector<client_log> logs(static_cast<std::size_t>(o.clients));
  std::atomic<bool> stop{false};
  std::atomic<bool> down{false};
  std::mutex restart_mutex;
  const auto t0 = clock_type::now();
  const auto end = t0 + std::chrono::seconds(o.seconds);
  std::mt19937_64 rng(o.seed);
  const auto kill_at = t0 + std::chrono::milliseconds(
                                std::uniform_int_distribution<int>(o.seconds * 250, o.seconds * 750)(rng));

  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) {
    clients.emplace_back([&, c] {
      client_log& log = logs[static_cast<std::size_t>(c)];
      std::mt19937_64 r(o.seed * 1000 + static_cast<std::uint64_t>(c));
      httplib::Client cl("127.0.0.1", port);
      cl.set_bearer_token_auth(tokens[static_cast<std::size_t>(c)]);
      cl.set_keep_alive(true);
      cl.set_read_timeout(10);
      while (!stop.load()) {
        const int what = std::uniform_int_distribution<int>(0, 9)(r);
        const std::string& offer = offer_ids[std::uniform_int_distribution<std::size_t>(0, offer_ids.size() - 1)(r)];
        const auto t = clock_type::now();
        if (what < 6) {
          auto res = cl.Get("/api/me");
          const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
          if (res && res->status == 200) {
            log.read_ms.push_back(ms);
            ++log.reads;
          } else {
            ++log.failed;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
          continue;
        }
        const bool position = what < 8;
        const std::string path = fmt::format("/api/me/positionings/{}", offer);
        auto res = position ? cl.Put(path) : cl.Delete(path);
        const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
        if (!res) {
          // No answer: the server died with the operation in flight.
          log.offers[offer] = known::unknown;
          ++log.failed;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          continue;
        }
        if (res->status == 200) {
          log.offers[offer] = position ? known::present : known::absent;
          log.write_ms.push_back(ms);
          ++log.writes;
        } else {
          ++log.refused;  // already positioned, not positioned, ineligible: nothing changed
          if (!log.offers.count(offer)) log.offers[offer] = known::absent;
        }
      }
    });
  }

  // The fault: SIGKILL, then a restart on the same folder.
  std::this_thread::sleep_until(kill_at);
  server->kill_now();
  const auto killed = clock_type::now();
  server = std::make_unique<service_process>(o, state, port, "");
  const double restart_s = std::chrono::duration<double>(clock_type::now() - killed).count();
  std::this_thread::sleep_until(end);
  stop = true;
  for (std::thread& t : clients) t.join();
  const double elapsed = std::chrono::duration<double>(clock_type::now() - t0).count();

  // Every acknowledged state is there after the restart.
  std::map<std::string, std::set<std::string>> active;  // offer -> requests positioned
  for (const std::string& id : offer_ids) {
    const auto r = admin.Get(fmt::format("/api/operator/offers/{}", id));
    if (!r || r->status != 200) fail_setup(fmt::format("cannot read offer {}", id));
    // "positionings": [{"request": "N", "on": "D"[, "withdrawn_on": "D"]}, ...]: flat objects.
    const std::size_t from = r->body.find("\"positionings\": [");
    const std::size_t to = r->body.find(']', from);
    if (from == std::string::npos || to == std::string::npos) fail_setup("unexpected offer JSON");
    const std::string_view list = std::string_view(r->body).substr(from, to - from);
    for (std::size_t at = list.find('{'); at != std::string_view::npos; at = list.find('{', at + 1)) {
      const std::string_view item = list.substr(at, list.find('}', at) - at);
      const std::size_t n = item.find("\"request\": \"");
      if (n == std::string_view::npos) fail_setup("unexpected positioning JSON");
      if (item.find("withdrawn_on") == std::string_view::npos) {
        active[id].insert(std::string(item.substr(n + 12, 18)));
      }
    }
  }
  std::size_t checked = 0, lost = 0, phantom = 0, ambiguous = 0;
  for (int c = 0; c < o.clients; ++c) {
    const std::string n{d.applicants[static_cast<std::size_t>(c)].number.str()};
    for (const auto& [offer, k] : logs[static_cast<std::size_t>(c)].offers) {
      if (k == known::unknown) {
        ++ambiguous;
        continue;
      }
      ++checked;
      const bool there = active[offer].count(n) != 0;
      if (k == known::present && !there) {
        ++lost;
        fmt::print(stderr, "lost: {} on {}\n", n, offer);
      }
      if (k == known::absent && there) {
        ++phantom;
        fmt::print(stderr, "phantom: {} on {}\n", n, offer);
      }
    }
  }

  std::vector<double> reads, writes;
  std::size_t n_reads = 0, n_writes = 0, n_refused = 0, n_failed = 0;
  for (const client_log& l : logs) {
    reads.insert(reads.end(), l.read_ms.begin(), l.read_ms.end());
    writes.insert(writes.end(), l.write_ms.begin(), l.write_ms.end());
    n_reads += l.reads;
    n_writes += l.writes;
    n_refused += l.refused;
    n_failed += l.failed;
  }
  fmt::print("{} clients, {:.1f} s, {} requests, {} offers; killed at {:.1f} s, restarted in {:.2f} s\n",
             o.clients, elapsed, o.requests, o.offers,
             std::chrono::duration<double>(killed - t0).count(), restart_s);
  fmt::print("dashboard reads: {} ({:.0f}/s), p50 {:.2f} ms, p99 {:.2f} ms\n", n_reads,
             static_cast<double>(n_reads) / elapsed, percentile(reads, 0.5), percentile(reads, 0.99));
  fmt::print("journalled writes: {} ({:.0f}/s), p50 {:.2f} ms, p99 {:.2f} ms; refused {}, "
             "unanswered {}\n",
             n_writes, static_cast<double>(n_writes) / elapsed, percentile(writes, 0.5),
             percentile(writes, 0.99), n_refused, n_failed);
  fmt::print("after the restart: {} acknowledged states checked, {} lost, {} phantom, {} in "
             "flight at the kill\n",
             checked, lost, phantom, ambiguous);
  server.reset();
  fs::remove_all(dir);
  return lost == 0 && phantom == 0 && checked > 0 ? 0 : 1;
}
