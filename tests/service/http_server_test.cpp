// SPDX-License-Identifier: MIT
// The example service's HTTP server (examples/service/http_server.hpp) on a loopback port,
// driven with raw sockets: what a client sends in pieces, in a row or wrong, and what it gets.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http_server.hpp"

namespace {

using cotation::service::http_route;
using cotation::service::http_server;
using cotation::service::http_server_options;
using namespace std::chrono_literals;

// Routes that show what they were given.
std::vector<http_route> echo_routes() {
  std::vector<http_route> r;
  r.push_back(http_route{"GET", "/hello", [](const httplib::Request&, httplib::Response& res) {
                           res.set_content("hello", "text/plain");
                         }});
  r.push_back(http_route{
      "POST", "/echo/([^/]+)", [](const httplib::Request& req, httplib::Response& res) {
        res.status = 201;
        res.set_content(fmt::format("{}|{}|{}|{}", req.matches[1].str(), req.body,
                                    req.get_header_value("X-Name"), req.get_param_value("q")),
                        "text/plain");
      }});
  r.push_back(http_route{
      "GET", "/query/(.+)", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content(fmt::format("{}|{}", req.matches[1].str(), req.get_param_value("jeton")),
                        "text/plain");
      }});
  r.push_back(http_route{"GET", "/throws", [](const httplib::Request&, httplib::Response&) {
                           throw std::runtime_error("boom");
                         }});
  return r;
}

class running_server {
 public:
  explicit running_server(http_server_options o = {.threads = 4, .max_body_bytes = 1024},
                          std::vector<http_route> routes = echo_routes())
      : server_(std::move(routes), o) {
    port_ = server_.bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_.run(); });
    while (!server_.running()) std::this_thread::sleep_for(1ms);
  }
  ~running_server() { stop(); }
  /// Stops the server and returns once its `run` has.
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }
  running_server(const running_server&) = delete;
  running_server& operator=(const running_server&) = delete;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] http_server& server() { return server_; }

 private:
  http_server server_;
  int port_ = 0;
  std::thread thread_;
};

// A client socket: sends bytes, reads until the answer is complete or the server closes.
class raw_client {
 public:
  explicit raw_client(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~raw_client() { ::close(fd_); }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  void send(std::string_view bytes) const {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;  // the server closed: what it answered is still readable
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  // Everything received within `patience` (or until the server closes).
  std::string read_for(std::chrono::milliseconds patience) const {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + patience;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return out;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return out;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return out;
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }
  // Reads until what arrived ends with `suffix`, or 10 s passed (a loaded machine is slow, not
  // wrong: the wait ends as soon as the suffix arrives).
  std::string read_until(std::string_view suffix) const {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (!out.ends_with(suffix) && std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }
  // True when the server has closed the connection (end of file within `patience`).
  bool closed_within(std::chrono::milliseconds patience) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(patience.count())) <= 0) return false;
    char buffer[4096];
    return ::recv(fd_, buffer, sizeof buffer, 0) <= 0;
  }

 private:
  int fd_;
};

std::size_t count(const std::string& text, std::string_view part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the server answers a request sent one byte at a time", "[service][http]") {
  running_server s;
  raw_client c(s.port());
  const std::string request =
      "POST /echo/abc?q=a%20b HTTP/1.1\r\nHost: x\r\nX-Name: Zoé\r\nContent-Length: 5\r\n\r\nhello";
  for (const char ch : request) {
    c.send(std::string_view(&ch, 1));
    std::this_thread::sleep_for(1ms);
  }
  const std::string answer = c.read_until("a b");
  CHECK(answer.starts_with("HTTP/1.1 201 Created\r\n"));
  CHECK(answer.ends_with("\r\n\r\nabc|hello|Zoé|a b"));
  CHECK(answer.find("Content-Length: 18\r\n") != std::string::npos);
}

TEST_CASE("pipelined requests are answered in order on one connection", "[service][http]") {
  running_server s;
  raw_client c(s.port());
  c.send(
      "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /echo/one HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n111"
      "POST /echo/two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n222");
  const std::string answers = c.read_until("two|222||");  // no X-Name, no q
  const std::size_t hello = answers.find("\r\n\r\nhello");
  const std::size_t one = answers.find("one|111");
  const std::size_t two = answers.find("two|222");
  REQUIRE(hello != std::string::npos);
  REQUIRE(one != std::string::npos);
  REQUIRE(two != std::string::npos);
  CHECK(hello < one);
  CHECK(one < two);
  CHECK(count(answers, "HTTP/1.1 ") == 3);
}

TEST_CASE("the path and the query are percent-decoded before the routes see them",
          "[service][http]") {
  running_server s;
  raw_client c(s.port());  // httplib's client would encode the '+' again
  c.send("GET /query/LIL%2D2026?jeton=ab%2Bc+d&x HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string answer = c.read_until("d");
  CHECK(answer.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(answer.ends_with("\r\n\r\nLIL-2026|ab+c d"));
}

TEST_CASE("an unknown path or method is answered 404, a handler's exception 500",
          "[service][http]") {
  running_server s;
  httplib::Client c("127.0.0.1", s.port());
  const auto unknown = c.Get("/nowhere");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  const auto wrong_method = c.Delete("/hello");
  REQUIRE(wrong_method);
  CHECK(wrong_method->status == 404);
  const auto thrown = c.Get("/throws");
  REQUIRE(thrown);
  CHECK(thrown->status == 500);
  // The connection still serves.
  const auto after = c.Get("/hello");
  REQUIRE(after);
  CHECK(after->body == "hello");
}

TEST_CASE("HEAD is answered by the GET route with its length and without its body",
          "[service][http]") {
  running_server s;
  raw_client c(s.port());
  c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string answers = c.read_until("hello");
  // The first answer ends at its blank line; the second carries the body.
  const std::size_t first_end = answers.find("\r\n\r\n");
  REQUIRE(first_end != std::string::npos);
  CHECK(answers.substr(0, first_end).find("Content-Length: 5") != std::string::npos);
  CHECK(answers.compare(first_end + 4, 9, "HTTP/1.1 ") == 0);
  CHECK(count(answers, "hello") == 1);
}

TEST_CASE("a body over the limit is answered 413 and a header over the limit 431, then closed",
          "[service][http]") {
  running_server s;
  {
    // The whole body is sent: the answer must not be lost to a reset.
    raw_client c(s.port());
    c.send(fmt::format("POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{}",
                       std::string(5000, 'a')));
    const std::string answer = c.read_until("too large\n");
    CHECK(answer.starts_with("HTTP/1.1 413 "));
    CHECK(answer.find("Connection: close") != std::string::npos);
  }
  {
    raw_client c(s.port());
    c.send(fmt::format("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                       std::string(10000, 'b')));
    CHECK(c.read_until("too large\n").starts_with("HTTP/1.1 431 "));
  }
  // A chunked body over the limit, found while it arrives.
  {
    raw_client c(s.port());
    c.send("POST /echo/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 4; ++i) c.send(fmt::format("190\r\n{}\r\n", std::string(400, 'c')));
    CHECK(c.read_until("too large\n").starts_with("HTTP/1.1 413 "));
  }
}

TEST_CASE("a malformed request is answered 400 and the connection closed", "[service][http]") {
  running_server s;
  raw_client c(s.port());
  c.send("GARBAGE\r\n\r\n");
  const std::string answer = c.read_for(2s);
  CHECK(answer.starts_with("HTTP/1.1 400 "));
  CHECK(c.closed_within(2s));
}

TEST_CASE("Connection: close and HTTP/1.0 close after the answer, 1.1 keeps the connection",
          "[service][http]") {
  running_server s;
  {
    raw_client c(s.port());
    c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string answer = c.read_for(2s);
    CHECK(answer.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(answer.find("Connection: close\r\n") != std::string::npos);
    CHECK(answer.ends_with("hello"));
  }
  {
    raw_client c(s.port());
    c.send("GET /hello HTTP/1.0\r\n\r\n");
    CHECK(c.read_for(2s).ends_with("hello"));
  }
  {
    raw_client c(s.port());
    c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(c.read_until("hello").ends_with("hello"));
    CHECK_FALSE(c.closed_within(200ms));
    c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(c.read_until("hello").ends_with("hello"));
  }
}

TEST_CASE("Expect: 100-continue gets its interim answer before the body is sent",
          "[service][http]") {
  running_server s;
  raw_client c(s.port());
  c.send("POST /echo/e HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  CHECK(c.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
  c.send("ok");
  CHECK(c.read_until("e|ok||").ends_with("e|ok||"));
}

TEST_CASE("a connection without a request for the idle timeout is closed", "[service][http]") {
  running_server s({.threads = 2, .idle_timeout = 200ms});
  raw_client idle(s.port());
  raw_client half(s.port());
  half.send("GET /hello HTTP/1.1\r\n");  // never finished
  CHECK(idle.closed_within(2s));
  CHECK(half.closed_within(2s));
  // Both are gone from the server's table.
  for (int i = 0; i < 100 && s.server().connections() != 0; ++i) std::this_thread::sleep_for(10ms);
  CHECK(s.server().connections() == 0);
}

TEST_CASE("more kept-alive connections than threads are all served", "[service][http]") {
  running_server s({.threads = 2, .max_body_bytes = 1024});
  std::vector<std::unique_ptr<raw_client>> clients;
  for (int i = 0; i < 50; ++i) clients.push_back(std::make_unique<raw_client>(s.port()));
  for (int round = 0; round < 3; ++round) {
    for (auto& c : clients) c->send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    for (auto& c : clients) CHECK(c->read_until("hello").ends_with("hello"));
  }
  CHECK(s.server().connections() == 50);
}

TEST_CASE("an answer given later holds no thread, and keeps the order of pipelined requests",
          "[service][http]") {
  // The route keeps its answers until the test lets them go.
  std::mutex m;
  std::vector<cotation::service::http_later> held;
  std::vector<http_route> routes = echo_routes();
  routes.push_back(
      http_route{"GET", "/later",
                 cotation::service::http_later_handler(
                     [&](const httplib::Request&, cotation::service::http_later later) {
                       later.response().set_content("late", "text/plain");
                       const std::lock_guard lock(m);
                       held.push_back(later);
                     })});
  running_server s({.threads = 1}, std::move(routes));
  const int port = s.port();
  raw_client waiting(port);
  waiting.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  // The one thread serves another connection meanwhile.
  raw_client other(port);
  other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(other.read_until("hello").ends_with("hello"));
  CHECK(waiting.read_for(100ms).empty());
  // Let the answer go from this thread: then the pipelined request is answered, in order.
  {
    const std::lock_guard lock(m);
    REQUIRE(held.size() == 1);
    CHECK_FALSE(held.front().sent());
    held.clear();
  }
  const std::string answers = waiting.read_until("hello");
  const std::size_t late = answers.find("\r\n\r\nlate");
  REQUIRE(late != std::string::npos);
  CHECK(answers.find("\r\n\r\nhello") > late);
}

TEST_CASE("run returns only once every answer given later is sent", "[service][http]") {
  std::vector<http_route> routes;
  std::atomic<bool> answering{false};
  routes.push_back(
      http_route{"GET", "/later",
                 cotation::service::http_later_handler(
                     [&](const httplib::Request&, cotation::service::http_later later) {
                       std::thread([later, &answering] {
                         std::this_thread::sleep_for(200ms);
                         later.response().set_content("late", "text/plain");
                         answering = true;  // the test's objects are not touched after
                         later.send();
                       }).detach();
                     })});
  running_server s({.threads = 2}, std::move(routes));
  raw_client c(s.port());
  c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(50ms);
  s.stop();
  CHECK(answering);
  CHECK(c.read_until("late").ends_with("late"));
}
