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
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
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

// The applicants, all driven by one thread: each client is one kept-alive connection (a
// non-blocking socket under epoll) with at most one request in flight, in a closed loop: its next
// request leaves as soon as the answer is read. One thread for every client leaves the two cores
// to the service under test (a thread per client spent a good share of them switching between
// 200 threads). A request without an answer (the connection fails, or 10 s pass) closes the
// connection: a late answer is never taken for the next request's.
class client_fleet {
 public:
  client_fleet(int port, const std::vector<std::string>& tokens,
               const std::vector<std::vector<std::string>>& eligible,
               const std::vector<std::string>& offers, std::vector<client_log>& logs,
               std::uint64_t seed)
      : port_(port), tokens_(tokens), eligible_(eligible), offers_(offers), logs_(logs),
        clients_(tokens.size()), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_ < 0) fail_setup("epoll_create1 failed");
    for (std::size_t c = 0; c < clients_.size(); ++c) {
      clients_[c].rng.seed(seed * 1000 + c);
    }
  }
  client_fleet(const client_fleet&) = delete;
  client_fleet& operator=(const client_fleet&) = delete;
  ~client_fleet() {
    for (client& c : clients_) close_connection(c);
    ::close(epoll_);
  }

  /// Drives the clients until `stop`.
  void run() {
    std::array<epoll_event, 256> events{};
    auto last_scan = clock_type::now();
    bool was_paused = false;
    for (std::size_t c = 0; c < clients_.size(); ++c) retry_.push_back(c);
    while (!stopping_.load()) {
      const bool paused = paused_.load();
      if (paused) {
        retry_.clear();
        if (in_flight_ == 0) idle_.store(true);
      } else {
        if (was_paused) {
          idle_.store(false);
          for (std::size_t c = 0; c < clients_.size(); ++c) retry_.push_back(c);
        }
        std::vector<std::size_t> now_ready;
        now_ready.swap(retry_);
        for (const std::size_t c : now_ready) start(c);
      }
      was_paused = paused;
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                                 retry_.empty() ? 10 : 1);
      for (int k = 0; k < n; ++k) on_event(events[static_cast<std::size_t>(k)]);
      const auto now = clock_type::now();
      if (now - last_scan > std::chrono::milliseconds(100)) {
        last_scan = now;
        for (std::size_t c = 0; c < clients_.size(); ++c) {
          if (clients_[c].busy && now - clients_[c].started > std::chrono::seconds(10)) {
            fail(c);
          }
        }
      }
    }
  }
  /// No new request; returns once none is in flight.
  void pause_and_wait() {
    paused_.store(true);
    while (!idle_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void resume() { paused_.store(false); }
  /// Ends the run once every request in flight is answered (or failed): a request left
  /// unanswered could still change the state the clients check.
  void stop() {
    pause_and_wait();
    stopping_.store(true);
  }

 private:
  enum class operation : std::uint8_t { read, position, withdraw };
  struct client {
    int fd = -1;
    std::uint32_t generation = 0;
    bool connecting = false;
    bool busy = false;
    operation what = operation::read;
    std::string offer;
    std::string out;
    std::size_t sent = 0;
    std::string in;
    clock_type::time_point started;
    std::mt19937_64 rng;
  };

  void start(std::size_t c) {
    client& cl = clients_[c];
    if (cl.busy) return;
    // The same choices, from the same per-client generator, as a client thread made.
    const int what = std::uniform_int_distribution<int>(0, 9)(cl.rng);
    const std::vector<std::string>& pick =
        std::uniform_int_distribution<int>(0, 9)(cl.rng) == 0 ? offers_ : eligible_[c];
    cl.offer = pick[std::uniform_int_distribution<std::size_t>(0, pick.size() - 1)(cl.rng)];
    cl.what = what < 6 ? operation::read : what < 8 ? operation::position : operation::withdraw;
    cl.out.clear();
    if (cl.what == operation::read) {
      cl.out += "GET /api/me HTTP/1.1\r\n";
    } else {
      cl.out += cl.what == operation::position ? "PUT" : "DELETE";
      cl.out += fmt::format(" /api/me/positionings/{} HTTP/1.1\r\nContent-Length: 0\r\n", cl.offer);
    }
    cl.out += fmt::format("Host: 127.0.0.1:{}\r\nAuthorization: Bearer {}\r\n\r\n", port_, tokens_[c]);
    cl.sent = 0;
    cl.in.clear();
    cl.busy = true;
    cl.started = clock_type::now();
    ++in_flight_;
    if (cl.fd < 0 && !connect(c)) {
      fail(c);
      return;
    }
    if (!cl.connecting) flush(c);
  }

  /// The epoll tag of client `c`'s connection: the client and its connection's generation.
  std::uint64_t tag(std::size_t c) const noexcept {
    return (std::uint64_t{clients_[c].generation} << 32) | c;
  }

  bool connect(std::size_t c) {
    client& cl = clients_[c];
    ++cl.generation;
    cl.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (cl.fd < 0) return false;
    const int one = 1;
    ::setsockopt(cl.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port_));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Not blocking: with the listen queue full, a connection waits for the SYN's retransmission
    // (a second or more) and must not hold the other clients up.
    if (::connect(cl.fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 &&
        errno != EINPROGRESS) {
      return false;
    }
    cl.connecting = true;
    epoll_event e{};
    e.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    e.data.u64 = tag(c);
    return ::epoll_ctl(epoll_, EPOLL_CTL_ADD, cl.fd, &e) == 0;
  }

  void close_connection(client& cl) {
    if (cl.fd >= 0) ::close(cl.fd);  // also leaves the epoll set
    cl.fd = -1;
    cl.connecting = false;
  }

  void want_output(std::size_t c, bool output) {
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP | (output ? EPOLLOUT : 0U);
    e.data.u64 = tag(c);
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, clients_[c].fd, &e);
  }

  void flush(std::size_t c) {
    client& cl = clients_[c];
    while (cl.sent < cl.out.size()) {
      const ssize_t w = ::send(cl.fd, cl.out.data() + cl.sent, cl.out.size() - cl.sent, MSG_NOSIGNAL);
      if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        want_output(c, true);
        return;
      }
      if (w <= 0) {
        fail(c);
        return;
      }
      cl.sent += static_cast<std::size_t>(w);
    }
  }

  void on_event(const epoll_event& e) {
    const auto c = static_cast<std::size_t>(e.data.u64 & 0xFFFFFFFF);
    client& cl = clients_[c];
    // An event of a connection closed earlier in the same batch is not the new one's.
    if (cl.fd < 0 || e.data.u64 != tag(c)) return;
    if (cl.connecting && (e.events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(cl.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        fail(c);
        return;
      }
      cl.connecting = false;
      want_output(c, false);
      if (cl.busy) flush(c);
      if (cl.fd < 0) return;
    } else if ((e.events & EPOLLOUT) != 0 && cl.busy) {
      want_output(c, false);
      flush(c);
      if (cl.fd < 0) return;
    }
    if ((e.events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) receive(c);
  }

  void receive(std::size_t c) {
    client& cl = clients_[c];
    std::array<char, 16384> buffer{};
    for (;;) {
      const ssize_t r = ::recv(cl.fd, buffer.data(), buffer.size(), 0);
      if (r > 0) {
        cl.in.append(buffer.data(), static_cast<std::size_t>(r));
        continue;
      }
      if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // The server closed (or the connection broke): a whole answer read before is taken
      // (and the next request goes on a new connection); an answer cut short is no answer.
      close_connection(cl);
      if (!answer(c) && cl.busy) fail(c);
      return;
    }
    answer(c);
  }

  /// Takes a whole answer from the client's input, if there is one: true when one was taken.
  bool answer(std::size_t c) {
    client& cl = clients_[c];
    const std::size_t head_end = cl.in.find("\r\n\r\n");
    if (head_end == std::string::npos) return false;
    std::string head = cl.in.substr(0, head_end);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    const std::size_t length_at = head.find("\r\ncontent-length:");
    if (!head.starts_with("http/1.1 ") || head.size() < 12 || length_at == std::string::npos) {
      fail(c);  // not an answer this test understands
      return true;
    }
    const int status = std::atoi(head.c_str() + 9);
    const auto length = static_cast<std::size_t>(std::atol(head.c_str() + length_at + 17));
    if (cl.in.size() < head_end + 4 + length) return false;
    if (!cl.busy) {
      ++logs_[c].errors;  // an answer to no request
      close_connection(cl);
      return true;
    }
    const std::string_view body = std::string_view(cl.in).substr(head_end + 4, length);
    const double ms =
        std::chrono::duration<double, std::milli>(clock_type::now() - cl.started).count();
    record(c, status, body, ms);
    cl.busy = false;
    --in_flight_;
    const bool closing = head.find("\r\nconnection: close") != std::string::npos;
    cl.in.erase(0, head_end + 4 + length);
    if (closing) close_connection(cl);
    if (!paused_.load()) start(c);
    return true;
  }

  /// What the client learns from an answer: the same rules as the thread per client had.
  void record(std::size_t c, int status, std::string_view body, double ms) {
    client_log& log = logs_[c];
    const client& cl = clients_[c];
    if (cl.what == operation::read) {
      if (status == 200) {
        log.read_ms.push_back(ms);
        ++log.reads;
      } else {
        ++log.errors;
      }
      return;
    }
    const bool position = cl.what == operation::position;
    if (status == 200) {
      log.offers[cl.offer] = position ? known::present : known::absent;
      log.write_ms.push_back(ms);
      ++log.writes;
    } else if (status == 409 || status == 404) {
      // Refused, nothing changed; the refusal tells the state. A positioning is refused as
      // "already_positioned" when it is active, and for any other reason only when it is not;
      // a withdrawal is refused when there is no active positioning.
      ++log.refused;
      const bool active = position && body.find("\"already_positioned\"") != std::string::npos;
      log.offers[cl.offer] = active ? known::present : known::absent;
    } else {
      ++log.errors;
      log.offers[cl.offer] = known::unknown;
    }
  }

  /// The request in flight got no answer: the server may or may not have applied it.
  void fail(std::size_t c) {
    client& cl = clients_[c];
    close_connection(cl);
    if (!cl.busy) return;
    cl.busy = false;
    --in_flight_;
    ++logs_[c].unanswered;
    if (cl.what != operation::read) logs_[c].offers[cl.offer] = known::unknown;
    if (!paused_.load()) retry_.push_back(c);
  }

  int port_;
  const std::vector<std::string>& tokens_;
  const std::vector<std::vector<std::string>>& eligible_;
  const std::vector<std::string>& offers_;
  std::vector<client_log>& logs_;
  std::vector<client> clients_;
  int epoll_;
  std::vector<std::size_t> retry_;  ///< clients to start again at the next turn
  std::size_t in_flight_ = 0;
  std::atomic<bool> paused_{false};
  std::atomic<bool> idle_{false};
  std::atomic<bool> stopping_{false};
};

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
  client_fleet fleet(port, tokens, eligible, offer_ids, logs, o.seed);
  const auto t0 = clock_type::now();
  const auto end = t0 + std::chrono::seconds(o.seconds);
  std::mt19937_64 rng(o.seed);
  const auto kill_at = t0 + std::chrono::milliseconds(std::uniform_int_distribution<int>(
                                o.seconds * 250, o.seconds * 750)(rng));
  std::thread driver([&] { fleet.run(); });

  // The fault: SIGKILL, then a restart on the same folder, checked before the clients resume.
  std::this_thread::sleep_until(kill_at);
  const auto [rss_before_kill, peak_before_kill] = resident_kb(server->pid());
  const std::uint64_t killed_pid = static_cast<std::uint64_t>(server->pid());
  server->kill_now();
  const auto killed = clock_type::now();
  // The clients finish the operation in flight (which fails, or was answered just before),
  // then wait until the service is restarted and checked.
  fleet.pause_and_wait();
  std::vector<std::map<std::string, known>> told_at_kill;
  for (const client_log& l : logs) told_at_kill.push_back(l.offers);
  server = start_service(false);
  const double restart_s = std::chrono::duration<double>(clock_type::now() - killed).count();
  const verdict at_restart = verify(admin, offer_ids, numbers, told_at_kill, "at the restart");
  fleet.resume();
  std::this_thread::sleep_until(end);
  fleet.stop();
  driver.join();
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
