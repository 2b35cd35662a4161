// SPDX-License-Identifier: MIT
// An HTTP/1.1 server for many kept-alive connections on a few threads: the front end of the
// example service.
//
// Why not cpp-httplib's server: cpp-httplib 0.11 serves each kept-alive connection on a
// thread of its own, which waits on its socket between requests. With 200 clients on two
// cores, every answer cost a sleep and a wake-up of that thread (several context switches,
// the dearest thing on this kind of machine), and a few hundred threads queued for the
// cores (docs/performance.md, "The example service under load"). Here the connections are
// not bound to threads: every thread waits on one `epoll` set in which each connection is
// armed for one event at a time (`EPOLLONESHOT`). The thread that receives a connection's
// event owns it until it re-arms it: it reads, parses, runs the route's handler (which may
// block, e.g. until the journal has committed a write; the other threads serve the other
// connections meanwhile), sends the answer and re-arms. Under load a thread that has
// answered finds the next ready connection without sleeping.
//
// The hand-over of a connection from the thread that armed it to the thread that receives its
// event is ordered by the kernel; `connection::busy` (released when armed, acquired when
// served) makes it an edge of the C++ memory model too. ThreadSanitizer (GCC 12) still reports
// an `epoll_ctl(EPOLL_CTL_MOD)` before a `close` of the same socket on another thread: its
// model of epoll releases on EPOLL_CTL_ADD only (checked by hand: the server's tests under
// `-fsanitize=thread` report that pair and nothing else).
//
// The requests are parsed by Boost.Beast's parser (header-only in Boost); the handlers keep
// cpp-httplib's `Request` and `Response` as plain data types, so that routes read as they did
// on `httplib::Server` and the clients (tests, tools) are unchanged.
//
// What a client gets: HTTP/1.1 with keep-alive (HTTP/1.0 and `Connection: close` close after
// the answer), pipelined requests answered in order, `Expect: 100-continue` honoured, a body
// over the limit answered 413, a header over the limit 431, a malformed request 400 (the
// connection then closed), an unknown path or method 404, a handler's unexpected exception
// 500, HEAD answered by the GET route without the body. A connection without a request for
// `idle_timeout` is closed.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cotation::service {

class http_server;

/// Reads a request, fills its answer. A status left at -1 is answered 200.
using http_handler = std::function<void(const httplib::Request&, httplib::Response&)>;

/// The answer to one request, which a handler may give later and from any thread — e.g. once
/// the journal has committed the write it made — without holding a thread meanwhile. Copies
/// share the one answer: it is sent by `send`, or when the last copy is destroyed (as filled;
/// a status left at -1 is 200). Every copy must be gone before the server is destroyed (`run`
/// waits for them), and a handler must not throw once it has handed a copy on.
class http_later {
 public:
  /// The answer to fill before it is sent.
  [[nodiscard]] httplib::Response& response() const noexcept;
  /// Sends the answer now (the first call only; later ones do nothing).
  void send() const;
  /// Whether it was sent.
  [[nodiscard]] bool sent() const noexcept;

 private:
  friend class http_server;
  struct state;
  explicit http_later(std::shared_ptr<state> s) : state_(std::move(s)) {}
  std::shared_ptr<state> state_;
};

/// Reads a request and answers it through `http_later`, now or later.
using http_later_handler = std::function<void(const httplib::Request&, http_later)>;

/// One route: a method and a pattern matched against the whole (percent-decoded) path; the
/// pattern's groups are in `Request::matches`, the query's parameters in `Request::params`.
struct http_route {
  /// `pattern` in ECMAScript syntax, e.g. `R"(/api/me/positionings/([^/]+))"`. Throws
  /// `std::regex_error` for a malformed one.
  http_route(std::string method, std::string_view pattern, http_handler handler);
  /// A route that may answer later (`http_later`).
  http_route(std::string method, std::string_view pattern, http_later_handler handler);

  std::string method;  ///< "GET", "POST", "PUT" or "DELETE".
  std::regex pattern;
  http_later_handler handler;
};

struct http_server_options {
  /// Threads that read, handle and answer: twice the cores, at least 4. Connections are not
  /// bound to threads (a few serve thousands of them); a handler that blocks holds one, a
  /// handler that answers later (`http_later`) does not.
  unsigned threads = std::max(4U, 2 * std::thread::hardware_concurrency());
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  /// A connection without a complete request for this long is closed.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(5)};
  /// Connections open at once; the next ones are closed as soon as accepted. (Out of file
  /// descriptors before that, the clients wait in the listen queue: `cotation-service` raises
  /// its soft limit to the hard one.)
  std::size_t max_connections = 10'000;
};

/// The server. `bind`, then `run` (on one thread); `stop` from any thread or a signal handler.
class http_server {
 public:
  explicit http_server(std::vector<http_route> routes, http_server_options options = {});
  /// Stops (when running), closes every connection and the listening socket.
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// Listens on `host:port` (a numeric IPv4 address; port 0: any free port, returned) with the
  /// system's longest listen queue. Throws `std::system_error` naming the address.
  int bind(const std::string& host, int port);
  /// Serves until `stop`: on the calling thread and `options.threads - 1` others. Returns once
  /// every thread has finished its request in hand and every answer given later was sent;
  /// the connections are closed then.
  void run();
  /// Asks `run` to return. Async-signal-safe (an atomic store and a `write`).
  void stop() noexcept;
  /// True once `run` serves, until it returns.
  [[nodiscard]] bool running() const noexcept { return running_.load(); }
  /// Connections open now.
  [[nodiscard]] std::size_t connections() const;

 private:
  friend class http_later;
  struct connection;
  void serve_thread();
  void accept_all();
  void serve(connection& c);
  /// Parses and answers what `c` has received, then closes `c` or hands it back to epoll (it
  /// must not be touched after).
  void process(connection& c, bool eof);
  /// Runs the request's route; true when the answer is in `c.out` (given during the call),
  /// false when it comes later (`c` then belongs to whoever sends it).
  bool answer(connection& c, httplib::Request& req);
  /// Called by `http_later`: the answer of the request in hand on `c`.
  void deliver(connection& c, httplib::Response& res);
  /// After an answer given later is in `c.out`: sends it and goes on with `c`.
  void resume(connection& c);
  void answer_error(connection& c, int status, std::string_view reason);
  /// Sends `c`'s pending answer; false when it is not all sent (armed for writing) or the
  /// connection was closed.
  bool flush(connection& c);
  /// After an answer with `Connection: close`: shut for writing, read and drop until EOF.
  void start_draining(connection& c);
  void arm(connection& c, bool for_writing);
  void close(connection& c);
  void sweep_idle();

  std::vector<http_route> routes_;
  http_server_options options_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  std::atomic<std::size_t> later_{0};     ///< Answers given later, not sent yet.
  mutable std::mutex connections_mutex_;  ///< `connections_`; held while a socket is closed.
  std::unordered_map<int, std::unique_ptr<connection>> connections_;
};

}  // namespace cotation::service
