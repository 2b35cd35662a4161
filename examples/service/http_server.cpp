// SPDX-License-Identifier: MIT
#include "http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <iterator>
#include <optional>
#include <system_error>

namespace cotation::service {
namespace {

namespace http = boost::beast::http;
using request_parser = http::request_parser<http::string_body>;
using clock = std::chrono::steady_clock;

// The epoll tags of the listening socket and of the wake-up event (connections carry their
// own address).
char listen_tag;
char wake_tag;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now().time_since_epoch())
      .count();
}

std::system_error os_error(std::string_view what) {
  return {errno, std::generic_category(), std::string(what)};
}

std::string_view reason_phrase(int status) {
  // clang-format off
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
  // clang-format on
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded (an incomplete or non-hexadecimal escape is kept as it is); '+' is a space in a
// query only.
std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = hex_digit(s[i + 1]);
      const int lo = hex_digit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

void parse_query(std::string_view query, httplib::Params& params) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      params.emplace(
          percent_decode(item.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : percent_decode(item.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

// One client connection. Touched only by the thread that received its event (EPOLLONESHOT),
// and by the idle sweep under the registry's lock (`busy`, `last_active`, a `shutdown`).
struct http_server::connection {
  int fd = -1;
  std::string in;  ///< Received, from `in_pos` on not yet parsed.
  std::size_t in_pos = 0;
  std::string out;  ///< An answer not sent yet, from `out_pos` on.
  std::size_t out_pos = 0;
  std::optional<request_parser> parser;
  bool continue_sent = false;  ///< "100 Continue" sent for the request being read.
  bool closing = false;        ///< Close once `out` is sent.
  bool draining = false;       ///< Answered and shut for writing: read and drop until EOF.
  bool peer_closed = false;    ///< The client shut its side (end of file read).
  bool head = false;           ///< The request in hand is a HEAD: the answer without its body.
  /// Who owns the request in hand: its handler's call, or (once the call returned without an
  /// answer) whoever gives the answer later.
  enum phase : int { handling, answered, deferred };
  std::atomic<int> phase{handling};
  std::atomic<bool> busy{false};
  std::atomic<std::int64_t> last_active{0};
};

// The patterns are compiled here only: GCC 12 reports a false "may be used uninitialized" inside
// <regex>'s compiler at -O1 with the sanitizers, silenced for this file (CMakeLists.txt).
http_route::http_route(std::string method_, std::string_view pattern_, http_later_handler handler_)
    : method(std::move(method_)),
      pattern(pattern_.begin(), pattern_.end()),
      handler(std::move(handler_)) {}

http_route::http_route(std::string method_, std::string_view pattern_, http_handler handler_)
    : http_route(std::move(method_), pattern_,
                 http_later_handler(
                     [h = std::move(handler_)](const httplib::Request& req, http_later later) {
                       h(req, later.response());
                     })) {}

struct http_later::state {
  http_server* server = nullptr;
  http_server::connection* c = nullptr;
  httplib::Response res;
  std::atomic<bool> sent{false};
  state(http_server* s, http_server::connection* conn) : server(s), c(conn) {}
  state(const state&) = delete;
  state& operator=(const state&) = delete;
  ~state() {
    if (!sent.exchange(true)) server->deliver(*c, res);
  }
};

httplib::Response& http_later::response() const noexcept { return state_->res; }

void http_later::send() const {
  if (!state_->sent.exchange(true)) state_->server->deliver(*state_->c, state_->res);
}

bool http_later::sent() const noexcept { return state_->sent.load(); }

http_server::http_server(std::vector<http_route> routes, http_server_options options)
    : routes_(std::move(routes)), options_(options) {
  if (options_.threads == 0) options_.threads = 1;
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw os_error("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    ::close(epoll_fd_);
    throw os_error("eventfd");
  }
  // Level-triggered and never read: once written, every waiting thread sees it.
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &wake_tag;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

http_server::~http_server() {
  stop();
  {
    const std::lock_guard held(connections_mutex_);
    for (auto& [fd, c] : connections_) ::close(fd);
    connections_.clear();
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

int http_server::bind(const std::string& host, int port) {
  const std::string where = fmt::format("{}:{}", host, port);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    throw std::system_error(EINVAL, std::generic_category(),
                            fmt::format("{}: not a numeric IPv4 address", where));
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw os_error(where);
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  socklen_t size = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), size) != 0 || ::listen(fd, SOMAXCONN) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
    const std::system_error e = os_error(where);
    ::close(fd);
    throw e;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.ptr = &listen_tag;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    const std::system_error e = os_error(where);
    ::close(fd);
    throw e;
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = fd;
  return ntohs(addr.sin_port);
}

void http_server::run() {
  running_.store(true);
  std::vector<std::thread> threads;
  threads.reserve(options_.threads);
  for (unsigned i = 1; i < options_.threads; ++i) threads.emplace_back([this] { serve_thread(); });
  std::thread sweeper([this] { sweep_idle(); });
  serve_thread();
  for (std::thread& t : threads) t.join();
  sweeper.join();
  // Answers given later hold their connection: wait for them (a write's commit).
  while (later_.load() != 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  {
    const std::lock_guard held(connections_mutex_);
    for (auto& [fd, c] : connections_) ::close(fd);
    connections_.clear();
  }
  running_.store(false);
}

void http_server::stop() noexcept {
  stopping_.store(true);
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

std::size_t http_server::connections() const {
  const std::lock_guard held(connections_mutex_);
  return connections_.size();
}

void http_server::serve_thread() {
  while (!stopping_.load()) {
    epoll_event ev{};
    // One event at a time: a handler may block, and the events it would hold back are better
    // served by the other threads.
    const int n = ::epoll_wait(epoll_fd_, &ev, 1, -1);
    if (n <= 0 || ev.data.ptr == &wake_tag) continue;
    if (ev.data.ptr == &listen_tag) {
      accept_all();
      continue;
    }
    serve(*static_cast<connection*>(ev.data.ptr));
  }
}

void http_server::accept_all() {
  bool out_of_descriptors = false;
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      // EMFILE, ENFILE, ENOBUFS, ENOMEM: the waiting clients stay queued; trying again at once
      // would spin (the listening socket stays readable).
      out_of_descriptors = errno != EAGAIN && errno != EWOULDBLOCK;
      break;
    }
    const int yes = 1;
    // Answers are small and sent at once: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed acknowledgement hold each answer for about 40 ms.
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    auto owned = std::make_unique<connection>();
    connection& c = *owned;
    c.fd = fd;
    c.last_active.store(now_ms());
    {
      const std::lock_guard held(connections_mutex_);
      if (connections_.size() >= options_.max_connections) {
        ::close(fd);
        continue;
      }
      connections_.emplace(fd, std::move(owned));
    }
    c.busy.store(false, std::memory_order_release);  // hands `c` over (see `serve`)
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.ptr = &c;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) close(c);
  }
  if (out_of_descriptors) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.ptr = &listen_tag;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
}

void http_server::serve(connection& c) {
  // Acquires what the thread that armed it last wrote (`arm` releases): the kernel orders the
  // hand-over through epoll, but the C++ memory model (and ThreadSanitizer) need this pair.
  c.busy.exchange(true, std::memory_order_acq_rel);
  if (c.out_pos < c.out.size()) {
    // Writable again: the rest of an answer.
    if (!flush(c)) return;
    if (c.closing && !c.draining) start_draining(c);
    c.last_active.store(now_ms());
  }
  bool eof = false;
  char buffer[16 * 1024];
  // Received but not parsed is kept below one whole request and a read: a client that sends
  // faster than it is answered waits in the kernel's buffers.
  const std::size_t most = options_.max_header_bytes + options_.max_body_bytes + sizeof buffer;
  for (;;) {
    if (c.in.size() - c.in_pos >= most) break;
    const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      if (!c.draining) c.in.append(buffer, static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < sizeof buffer) break;
      continue;
    }
    if (n == 0) {
      eof = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return close(c);
  }
  if (c.draining) {
    if (eof) return close(c);
    return arm(c, false);
  }
  process(c, eof);
}

void http_server::process(connection& c, bool eof) {
  for (;;) {
    if (!c.parser) {
      c.parser.emplace();
      c.parser->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      c.parser->body_limit(options_.max_body_bytes);
      c.parser->eager(true);
      c.continue_sent = false;
    }
    request_parser& p = *c.parser;
    boost::beast::error_code ec;
    while (!p.is_done() && c.in_pos < c.in.size()) {
      const std::size_t used =
          p.put(boost::asio::const_buffer(c.in.data() + c.in_pos, c.in.size() - c.in_pos), ec);
      c.in_pos += used;
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec || used == 0) break;
    }
    if (ec) {
      if (ec == http::error::body_limit) return answer_error(c, 413, "the body is too large");
      if (ec == http::error::header_limit) return answer_error(c, 431, "the header is too large");
      return answer_error(c, 400, fmt::format("malformed request: {}", ec.message()));
    }
    if (!p.is_done()) {
      if (eof) return close(c);
      if (p.is_header_done() && !c.continue_sent &&
          view(p.get()[http::field::expect]) == "100-continue") {
        c.continue_sent = true;
        c.out = "HTTP/1.1 100 Continue\r\n\r\n";
        c.out_pos = 0;
        if (!flush(c)) return;
      }
      // Keep only what is not parsed yet.
      c.in.erase(0, c.in_pos);
      c.in_pos = 0;
      return arm(c, false);
    }
    http::request<http::string_body> message = p.release();
    c.parser.reset();
    httplib::Request req;
    req.method.assign(view(message.method_string()));
    req.target.assign(view(message.target()));
    req.version = message.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
    for (const auto& field : message) {
      req.headers.emplace(std::string(view(field.name_string())), std::string(view(field.value())));
    }
    req.body = std::move(message.body());
    if (!message.keep_alive()) c.closing = true;
    c.peer_closed = eof;
    if (!answer(c, req)) return;  // answered later: `c` is not this thread's any more
    if (!flush(c)) return;
    if (c.closing) {
      start_draining(c);
      if (eof) return close(c);
      return arm(c, false);
    }
    c.last_active.store(now_ms());
    if (c.in_pos == c.in.size()) {
      c.in.clear();
      c.in_pos = 0;
      if (eof) return close(c);
      return arm(c, false);
    }
    // A pipelined request follows: parse it now.
  }
}

bool http_server::answer(connection& c, httplib::Request& req) {
  const std::string_view target = req.target;
  const std::size_t question = target.find('?');
  req.path = percent_decode(target.substr(0, question), false);
  if (question != std::string_view::npos) parse_query(target.substr(question + 1), req.params);

  c.phase.store(connection::handling, std::memory_order_relaxed);
  {
    const http_later later(std::make_shared<http_later::state>(this, &c));
    bool routed = false;
    // HEAD is served by the GET route, its answer sent without the body.
    c.head = req.method == "HEAD";
    const std::string_view method = c.head ? std::string_view("GET") : req.method;
    for (const http_route& r : routes_) {
      if (r.method != method || !std::regex_match(req.path, req.matches, r.pattern)) continue;
      routed = true;
      try {
        r.handler(req, later);
      } catch (const std::exception& e) {
        if (!later.sent()) {
          later.response() = httplib::Response{};
          later.response().status = 500;
          later.response().set_content(fmt::format("internal error: {}\n", e.what()), "text/plain");
        }
      }
      break;
    }
    if (!routed) later.response().status = 404;
  }                     // the last copy of `later` sends the answer, unless the handler kept one
  later_.fetch_add(1);  // counted before another thread may send it
  int expected = connection::handling;
  if (c.phase.compare_exchange_strong(expected, connection::deferred, std::memory_order_acq_rel)) {
    return false;
  }
  later_.fetch_sub(1);
  return true;  // answered during the call (`deliver` saw `handling`)
}

void http_server::deliver(connection& c, httplib::Response& res) {
  if (res.status == -1) res.status = 200;
  auto out = std::back_inserter(c.out);
  c.out.clear();
  c.out_pos = 0;
  fmt::format_to(out, "HTTP/1.1 {} {}\r\n", res.status, reason_phrase(res.status));
  for (const auto& [name, value] : res.headers) {
    if (boost::beast::iequals(name, "Content-Length")) continue;  // written below
    fmt::format_to(out, "{}: {}\r\n", name, value);
  }
  fmt::format_to(out, "Content-Length: {}\r\n", res.body.size());
  if (c.closing) c.out += "Connection: close\r\n";
  c.out += "\r\n";
  if (!c.head) c.out += res.body;
  int expected = connection::handling;
  if (c.phase.compare_exchange_strong(expected, connection::answered, std::memory_order_acq_rel)) {
    return;  // within the handler's call: its thread sends it
  }
  // Later: the handler's call has returned, and `c` waits for this thread.
  resume(c);
  later_.fetch_sub(1);
}

void http_server::resume(connection& c) {
  if (!flush(c)) return;
  if (c.closing) {
    start_draining(c);
    return arm(c, false);
  }
  c.last_active.store(now_ms());
  // A request already received, or the client's end of file: the next event (writable at
  // once) lets a serving thread go on with it.
  arm(c, c.in_pos < c.in.size() || c.peer_closed);
}

void http_server::answer_error(connection& c, int status, std::string_view reason) {
  c.parser.reset();
  c.closing = true;
  c.out = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n"
      "Connection: close\r\n\r\n{}\n",
      status, reason_phrase(status), reason.size() + 1, reason);
  c.out_pos = 0;
  if (!flush(c)) return;
  start_draining(c);
  arm(c, false);
}

void http_server::start_draining(connection& c) {
  // What the client still sends (the rest of a large body, a pipelined request) is read and
  // dropped until it closes, so that the answer is not lost to a reset.
  ::shutdown(c.fd, SHUT_WR);
  c.draining = true;
  c.in.clear();
  c.in_pos = 0;
}

bool http_server::flush(connection& c) {
  while (c.out_pos < c.out.size()) {
    const ssize_t n =
        ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_pos += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      arm(c, true);
      return false;
    }
    close(c);
    return false;
  }
  c.out.clear();
  c.out_pos = 0;
  return true;
}

void http_server::arm(connection& c, bool for_writing) {
  const int fd = c.fd;  // `c` is not touched past the hand-over
  epoll_event ev{};
  ev.events = (for_writing ? EPOLLOUT : EPOLLIN | EPOLLRDHUP) | EPOLLONESHOT;
  ev.data.ptr = &c;
  c.busy.store(false, std::memory_order_release);  // hands `c` over (see `serve`)
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0) {
    // Not armed: no other thread can have it.
    c.busy.exchange(true, std::memory_order_acq_rel);
    close(c);
  }
}

void http_server::close(connection& c) {
  const std::lock_guard held(connections_mutex_);
  const int fd = c.fd;
  ::close(fd);
  connections_.erase(fd);  // destroys `c`
}

void http_server::sweep_idle() {
  const auto period = std::max(std::chrono::milliseconds(10), options_.idle_timeout / 4);
  while (!stopping_.load()) {
    // Sleeps for a period, or until `stop` writes the wake-up event (never read: it stays
    // readable).
    pollfd wake{wake_fd_, POLLIN, 0};
    ::poll(&wake, 1, static_cast<int>(period.count()));
    const std::int64_t now = now_ms();
    const std::lock_guard registry(connections_mutex_);
    for (auto& [fd, c] : connections_) {
      // Shut down, not closed: the connection's next event (end of file) lets the thread that
      // receives it close it, so that no thread holds a closed connection.
      if (!c->busy.load() && now - c->last_active.load() > options_.idle_timeout.count()) {
        ::shutdown(fd, SHUT_RDWR);
      }
    }
  }
}

}  // namespace cotation::service
