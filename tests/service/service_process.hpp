// SPDX-License-Identifier: MIT
// cotation-service as a child process on a loopback port, for the tests that stop it the hard
// way (SIGKILL) and start it again on the same folder: the kill test of service_test.cpp and
// the load and fault test (load_test.cpp).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cotation::service::testing {

/// A free loopback port: bound to port 0, read, and closed (the service binds it right after).
/// Not with an httplib::Server, whose destructor keeps its socket listening.
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("no socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), size) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("no free loopback port");
  return ntohs(addr.sin_port);
}

/// The operator token the service wrote in its folder.
inline std::string operator_token(const std::filesystem::path& dir) {
  std::ifstream in(dir / "operator.token");
  std::string t;
  std::getline(in, t);
  if (t.size() != 64) throw std::runtime_error("no operator token in " + dir.string());
  return t;
}

/// `SERVICE --data DIR --port PORT --clock engine [EXTRA...]`, its standard output sent to
/// `DIR/../service.out`. The constructor returns once `/healthz` answers; throws
/// `std::runtime_error` when the service exits or does not answer within `patience`. The
/// destructor stops it with SIGTERM (a clean stop) unless it was killed.
class service_process {
 public:
  service_process(const std::string& binary, const std::filesystem::path& dir, int port,
                  std::vector<std::string> extra = {},
                  std::chrono::seconds patience = std::chrono::seconds(180))
      : port_(port) {
    std::vector<std::string> args{binary,    "--data", dir.string(), "--port", std::to_string(port),
                                  "--clock", "engine"};
    args.insert(args.end(), extra.begin(), extra.end());
    const std::string out = (dir.parent_path() / "service.out").string();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd >= 0) ::dup2(fd, STDOUT_FILENO);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(1);
      if (auto r = c.Get("/healthz"); r && r->status == 200) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(
            fmt::format("{} exited at start (status {}); see {}", binary, status, out));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill_now();
    throw std::runtime_error(fmt::format("{} did not answer in {} s", binary, patience.count()));
  }
  ~service_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

  /// SIGKILL: the process ends at once, whatever it was doing.
  void kill_now() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  /// SIGTERM and the exit status (0 for a clean stop).
  int stop() {
    int status = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    return status;
  }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  [[nodiscard]] int port() const noexcept { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace cotation::service::testing
