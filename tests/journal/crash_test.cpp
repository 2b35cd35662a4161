// SPDX-License-Identifier: MIT
// The journal under a crash: a child process drives a journalled engine and is killed with
// SIGKILL at a random moment; the journal it leaves must reopen to exactly the events it
// acknowledged. And a journal cut at any byte of its last page reopens to its last whole event
// or fails with a clear error, never a crash.
//
// COTATION_CRASH_ITERATIONS sets the number of kills (200 by default; more for a nightly run).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cotation/engine.hpp>
#include <cotation/generator.hpp>
#include <cotation/journal.hpp>
#include <cotation/simulation.hpp>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include "journal_support.hpp"
#include "memory_store.hpp"

using namespace cotation;
using cotation::test::cycle_of_events;
using cotation::test::digests_after_each;
using cotation::test::scratch_directory;

namespace {

const date start(2026, 3, 2);  // a Monday

const std::vector<applicant>& population() {
  static const std::vector<applicant> people = [] {
    population_options p;
    p.seed = 3;
    p.requests = 40;
    p.reference = start;
    p.only_department = department::parse("059");
    return generate_applicants(p);
  }();
  return people;
}

simulation_options crash_options() {
  simulation_options o;
  o.seed = 9;
  o.start = start;
  o.weeks = 3;
  o.offers_per_week = 6;
  o.only_department = department::parse("059");
  o.behaviour.positionings_per_offer = 8;
  return o;
}

/// Forwards to a store and reports each acknowledged sequence number on a pipe.
class acking_store final : public event_store {
 public:
  acking_store(std::unique_ptr<event_store> inner, int fd) : inner_(std::move(inner)), fd_(fd) {}
  const std::string& name() const noexcept override { return inner_->name(); }
  std::uint64_t last_sequence() const noexcept override { return inner_->last_sequence(); }
  std::uint64_t append(const event& e) override {
    const std::uint64_t seq = inner_->append(e);
    if (::write(fd_, &seq, sizeof seq) != sizeof seq) ::_exit(4);
    return seq;
  }
  void read(std::uint64_t from,
            const std::function<void(std::uint64_t, event&&)>& f) const override {
    inner_->read(from, f);
  }
  std::uint64_t flush() override { return inner_->flush(); }
  std::optional<std::string> metadata(std::string_view key) const override {
    return inner_->metadata(key);
  }
  void set_metadata(std::string_view key, std::string_view value) override {
    inner_->set_metadata(key, value);
  }
  void put_snapshot(std::uint64_t s, const std::function<void(std::ostream&)>& w) override {
    inner_->put_snapshot(s, w);
  }
  std::optional<std::uint64_t> newest_snapshot() const override {
    return inner_->newest_snapshot();
  }
  void get_snapshot(
      std::uint64_t s,
      const std::function<void(std::istream&, const std::string&)>& r) const override {
    inner_->get_snapshot(s, r);
  }

 private:
  std::unique_ptr<event_store> inner_;
  int fd_;
};

/// The simulation's events, as a journalled engine appends them.
const std::vector<event>& simulated_events() {
  static const std::vector<event> events = [] {
    test::memory_store::contents c;
    allocation_engine e = allocation_engine::open(std::make_unique<test::memory_store>(c));
    (void)simulate(e, population(), crash_options());
    return c.events;
  }();
  return events;
}

int iterations() {
  const char* text = std::getenv("COTATION_CRASH_ITERATIONS");
  return text != nullptr ? std::max(1, std::atoi(text)) : 200;
}

void copy_bytes(const std::filesystem::path& from, const std::filesystem::path& to,
                std::size_t size) {
  std::ifstream in(from, std::ios::binary);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  REQUIRE(in.gcount() == static_cast<std::streamsize>(size));
  std::ofstream(to, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(size));
}

}  // namespace

TEST_CASE("an engine killed at a random moment reopens to exactly the events it acknowledged") {
  const std::vector<event>& events = simulated_events();
  REQUIRE(events.size() > 150);
  const std::vector<state_digest> digests = digests_after_each(events);
  // Reading needs no sync: the reopened journals are not written.
  const journal_options reading{.group_size = 1, .sync = false};
  const scratch_directory dir;
  std::mt19937_64 rng(20261204);
  const int runs = iterations();
  int mid_stream = 0;
  for (int run = 0; run < runs; ++run) {
    const auto path = dir.path() / fmt::format("crash-{}.journal", run);
    // One run in ten syncs every commit (slow: killed early); the others let the OS write.
    const bool sync = run % 10 == 0;
    const std::size_t target = static_cast<std::size_t>(rng() % ((sync ? 10 : events.size()) + 1));
    const auto delay_us = static_cast<int>(rng() % 3000);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      try {
        allocation_engine e = allocation_engine::open(std::make_unique<acking_store>(
            open_sqlite_store(path, journal_options{.group_size = 1, .sync = sync}), fds[1]));
        (void)simulate(e, population(), crash_options());
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    ::close(fds[1]);
    std::uint64_t acked = 0;
    const auto read_ack = [&] {
      std::uint64_t seq = 0;
      std::size_t got = 0;
      while (got < sizeof seq) {
        const ssize_t n = ::read(fds[0], reinterpret_cast<char*>(&seq) + got, sizeof seq - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
      }
      REQUIRE(seq == acked + 1);
      acked = seq;
      return true;
    };
    while (acked < target && read_ack()) {
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(child, SIGKILL);
    while (read_ack()) {
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    // Killed, or finished before the kill: never a failure of its own.
    REQUIRE((WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0)));
    if (acked > 0 && acked < events.size()) ++mid_stream;

    const allocation_engine reopened = allocation_engine::open(path, {}, reading);
    // The kill may fall between the commit of an event and the report of its acknowledgement:
    // then the journal holds one event more than was acknowledged, never one less.
    INFO("run " << run << ", acknowledged " << acked << ", journalled " << reopened.sequence());
    REQUIRE((reopened.sequence() == acked || reopened.sequence() == acked + 1));
    REQUIRE(reopened.digest() == digests[reopened.sequence()]);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
  }
  // The kills fell in the middle of the stream, not only before or after it.
  CHECK(mid_stream > runs / 2);
}

TEST_CASE(
    "a journal cut at any byte of its last page reopens to its last whole event or fails "
    "clearly") {
  const std::vector<event> events = cycle_of_events();
  const std::vector<state_digest> digests = digests_after_each(events);
  const scratch_directory dir;
  const auto path = dir.path() / "whole.journal";
  const auto cut = dir.path() / "cut.journal";
  const auto check_cut = [&](std::size_t db_bytes, std::size_t wal_bytes, bool with_wal) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cut.string() + suffix);
    copy_bytes(path, cut, db_bytes);
    if (with_wal) copy_bytes(path.string() + "-wal", cut.string() + "-wal", wal_bytes);
    try {
      const allocation_engine reopened =
          allocation_engine::open(cut, {}, journal_options{.group_size = 1, .sync = false});
      REQUIRE(reopened.sequence() <= events.size());
      REQUIRE(reopened.digest() == digests[reopened.sequence()]);
      return reopened.sequence();
    } catch (const journal_error& e) {
      CHECK(e.file() == cut.string());
      return std::uint64_t{0};
    }
  };
  const auto page = std::size_t{4096};
  {
    // The store stays open: the events are in the write-ahead log, as after a crash.
    allocation_engine e =
        allocation_engine::open(path, {}, journal_options{.group_size = 1, .sync = false});
    for (const event& ev : events) test::ok(e.apply(ev));
    const std::size_t db = std::filesystem::file_size(path);
    const std::size_t wal = std::filesystem::file_size(path.string() + "-wal");
    REQUIRE(wal > page);
    CHECK(check_cut(db, wal, true) == events.size());
    std::size_t whole = 0;
    for (std::size_t at = wal - page - 24; at < wal; ++at) {
      const std::uint64_t n = check_cut(db, at, true);
      // A frame cut short is dropped with its commit: the last event is lost, no other.
      CHECK(n == events.size() - 1);
      if (n == events.size() - 1) ++whole;
    }
    CHECK(whole == page + 24);
  }
  // Closed: the log is checkpointed into the database file. SQLite never cuts that file short
  // itself, so a cut there is damage, not a crash: every 61st byte of its last page.
  REQUIRE_FALSE(std::filesystem::exists(path.string() + "-wal"));
  const std::size_t db = std::filesystem::file_size(path);
  CHECK(check_cut(db, 0, false) == events.size());
  for (std::size_t at = db - page; at < db; at += 61) (void)check_cut(at, 0, false);
}
