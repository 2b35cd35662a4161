// SPDX-License-Identifier: MIT
// cotation-service: the platform's HTTP API and applicant pages over one allocation engine.
//
//   cotation-service --data DIR [--port 8080] [--host 127.0.0.1] [--clock system|engine]
//                    [--threads 256] [--load DATA.json]
//
// A fresh DIR starts an empty platform (or one loaded from a data set document with --load:
// its requests are filed and its offers published, dated at the data set's earliest
// publication, in group commit, then a snapshot). DIR keeps the journal: every write is
// committed (and synced) before it is answered, and starting again on the same DIR — after a
// clean stop or a SIGKILL — restores the state. SIGINT/SIGTERM stop cleanly and write a
// snapshot, so that the next start replays nothing. The operator token is written to
// DIR/operator.token on the first start.
#include <fmt/format.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cotation/error.hpp>
#include <cotation/json.hpp>
#include <csignal>
#include <cstdlib>

#include "api.hpp"
#include "http_server.hpp"
#include "loader.hpp"
#include "platform.hpp"

namespace {

std::atomic<cotation::service::http_server*> running{nullptr};

extern "C" void on_signal(int) {
  if (cotation::service::http_server* s = running.load()) s->stop();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cotation;
  CLI::App app{"cotation-service: the allocation platform's HTTP API and applicant pages"};
  std::string data_dir;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string clock = "system";
  std::string load;
  app.add_option("--data", data_dir, "Folder of the platform's state (created when missing)")
      ->required();
  app.add_option("--port", port, "TCP port (0: any free port, printed)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--host", host, "Address to listen on (loopback by default)");
  app.add_option("--clock", clock, "Date of operations: today (system) or the engine's (engine)")
      ->check(CLI::IsMember({"system", "engine"}));
  // Connections are not bound to threads: a thread serves whichever connection has a request.
  // The busiest routes (dashboard, positioning, withdrawal) are answered by the thread that
  // commits, and hold no thread meanwhile; the others (filing, operators) hold one until their
  // commit.
  unsigned threads = service::http_server_options{}.threads;
  app.add_option("--threads", threads,
                 "Threads serving requests, of any connection (default: twice the cores, at "
                 "least 4)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--load", load, "A data set document to load into a fresh platform")
      ->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  try {
    service::platform p(
        {.data_dir = data_dir,
         .clock = clock == "engine" ? service::clock_mode::engine : service::clock_mode::system});
    if (!load.empty()) {
      const service::load_summary s = service::load_data_set(p, read_data_set_file(load), load);
      fmt::print(
          "Loaded {}: {} requests filed ({} expired or removed left out), {} offers published, "
          "{} positionings.\n",
          load, s.requests, s.skipped, s.offers, s.positionings);
    } else {
      fmt::print("Opened {}: {} events in the journal.\n", data_dir, p.sequence());
    }
    if (const std::size_t orphans = p.orphan_tokens(); orphans != 0) {
      fmt::print(stderr,
                 "cotation-service: warning: {} tokens name requests the journal does not have "
                 "(was the journal restored from an older copy than tokens.sqlite?)\n",
                 orphans);
    }
    // One descriptor per connection: the soft limit (often 1 024) raised to the hard one.
    if (rlimit files{};
        ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
      files.rlim_cur = files.rlim_max;
      ::setrlimit(RLIMIT_NOFILE, &files);
    }
    service::http_server server(service::routes(p),
                                {.threads = threads, .max_body_bytes = service::max_body_bytes});
    int bound = 0;
    try {
      bound = server.bind(host, port);
    } catch (const std::system_error& e) {
      fmt::print(stderr, "cotation-service: cannot listen on {}\n", e.what());
      return 2;
    }
    running.store(&server);
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    fmt::print("cotation-service listening on http://{}:{}/ (operator token in {})\n", host, bound,
               p.operator_token_file().string());
    std::fflush(stdout);
    server.run();
    running.store(nullptr);
    p.checkpoint();
    fmt::print("cotation-service stopped; snapshot written at event {}\n", p.sequence());
    return 0;
  } catch (const cotation::error& e) {
    fmt::print(stderr, "cotation-service: {}\n", e.what());
    return 2;
  }
}
