// SPDX-License-Identifier: MIT
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/journal.hpp>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine_support.hpp"
#include "journal_support.hpp"
#include "memory_store.hpp"

using namespace cotation;
using cotation::test::applied;
using cotation::test::cycle_of_events;
using cotation::test::number;
using cotation::test::offer_from;
using cotation::test::ok;
using cotation::test::request_filed;
using cotation::test::scratch_directory;
using cotation::test::ymd;

namespace {

const offer_id o1{"O-1"};

template <typename F>
journal_error journal_error_of(F&& f) {
  try {
    f();
  } catch (const journal_error& e) {
    return e;
  }
  FAIL("no journal_error was thrown");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("every accepted event is journalled and a reopened engine has the same state") {
  const scratch_directory dir;
  const auto path = dir.path() / "engine.journal";
  const std::vector<event> events = cycle_of_events();
  state_digest live;
  {
    allocation_engine e = allocation_engine::open(path);
    for (const event& ev : events) ok(e.apply(ev));
    CHECK(e.sequence() == events.size());
    live = e.digest();
  }
  const allocation_engine reopened = allocation_engine::open(path);
  CHECK(reopened.sequence() == events.size());
  CHECK(reopened.digest() == live);
  CHECK(reopened.digest() == applied(events).digest());
  CHECK(reopened.find_offer(o1)->tenant() == number(2));
}

TEST_CASE("the journal gives back every kind of event exactly as it was appended") {
  const scratch_directory dir;
  const std::vector<event> events = cycle_of_events();
  {
    auto store = open_sqlite_store(dir.path() / "events.journal");
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(store->append(events[i]) == i + 1);
  }
  const auto store = open_sqlite_store(dir.path() / "events.journal");
  REQUIRE(store->last_sequence() == events.size());
  std::vector<event> back;
  store->read(1, [&](std::uint64_t seq, event&& e) {
    CHECK(seq == back.size() + 1);
    back.push_back(std::move(e));
  });
  CHECK(back == events);
  std::size_t tail = 0;
  store->read(events.size() - 1, [&](std::uint64_t, event&&) { ++tail; });
  CHECK(tail == 2);
}

TEST_CASE("a refused event is not journalled") {
  test::memory_store::contents c;
  allocation_engine e = allocation_engine::open(std::make_unique<test::memory_store>(c));
  ok(e.file_request(ymd(2025, 2, 20), request_filed(1, ymd(2024, 1, 10))));
  // The same number again: request_exists.
  CHECK(e.file_request(ymd(2025, 2, 21), request_filed(1, ymd(2024, 1, 10))).refused ==
        refusal::request_exists);
  CHECK(e.position(ymd(2025, 2, 21), number(1), o1).refused == refusal::unknown_offer);
  CHECK(c.events.size() == 1);
  CHECK(e.sequence() == 1);
}

TEST_CASE("a request's last change is the newest event on its offers, or of any other kind") {
  test::memory_store::contents c;
  allocation_engine e = allocation_engine::open(std::make_unique<test::memory_store>(c));
  const date day = ymd(2025, 3, 1);
  const offer_id o2{"O-2"};
  for (int k = 1; k <= 3; ++k) ok(e.file_request(day, request_filed(k, ymd(2024, k, 10))));  // 1-3
  ok(e.publish_offer(day, offer_from("O-1", day)));                                          // 4
  ok(e.publish_offer(day, offer_from("O-2", day)));                                          // 5
  // Nothing positioned: every request's view rests on the last event of another kind.
  CHECK(e.last_change_for(number(1)) == 5);
  ok(e.position(day, number(1), o1));  // 6
  ok(e.position(day, number(2), o2));  // 7
  ok(e.position(day, number(3), o2));  // 8: changes request 2's rank on O-2, not request 1's view
  CHECK(e.last_change_for(number(1)) == 6);
  CHECK(e.last_change_for(number(2)) == 8);
  CHECK(e.last_change_for(number(3)) == 8);
  ok(e.withdraw(day, number(3), o2));  // 9: a withdrawn positioning is still shown
  CHECK(e.last_change_for(number(1)) == 6);
  CHECK(e.last_change_for(number(2)) == 9);
  CHECK(e.last_change_for(number(3)) == 9);
  // A refused event changes nothing.
  CHECK(e.position(day, number(1), o1).refused == refusal::already_positioned);
  CHECK(e.last_change_for(number(1)) == 6);
  // An event that moves the clock may change every view (expiries, counts at the new date).
  ok(e.advance_to(day + boost::gregorian::days(1)));  // 10
  CHECK(e.last_change_for(number(1)) == 10);
  CHECK(e.last_change_for(number(3)) == 10);
  ok(e.position(day + boost::gregorian::days(1), number(2), o1));  // 11
  CHECK(e.last_change_for(number(1)) == 11);
  CHECK(e.last_change_for(number(2)) == 11);
  CHECK(e.last_change_for(number(3)) == 10);
  // A request that is not there rests on the events of other kinds (its filing would be one).
  CHECK(e.last_change_for(number(9)) == 10);
  // A filing changes the eligible counts every view shows.
  ok(e.file_request(day + boost::gregorian::days(1), request_filed(4, ymd(2024, 4, 10))));  // 12
  CHECK(e.last_change_for(number(1)) == 12);
  CHECK(e.last_change_for(number(3)) == 12);
  CHECK(e.sequence() == 12);
  // Opened again, every event is in the journal already; a copy is an in-memory engine.
  const allocation_engine reopened =
      allocation_engine::open(std::make_unique<test::memory_store>(c));
  CHECK(reopened.last_change_for(number(2)) == 0);
  const allocation_engine copy = e;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(copy.last_change_for(number(2)) == 0);
}

TEST_CASE("a failed append changes nothing in the engine and is reported") {
  test::memory_store::contents c;
  allocation_engine e = allocation_engine::open(std::make_unique<test::memory_store>(c));
  const std::vector<event> events = cycle_of_events();
  // Up to the close: the next event (the commission) changes an offer and three requests.
  const auto commission = std::find_if(events.begin(), events.end(), [](const event& x) {
    return std::holds_alternative<events::commission>(x);
  });
  for (auto it = events.begin(); it != commission; ++it) ok(e.apply(*it));
  const state_digest before = e.digest();
  c.fail_appends = true;
  CHECK_THROWS_AS(e.apply(*commission), journal_error);
  CHECK(e.digest() == before);
  CHECK(e.find_offer(o1)->state == offer_state::closed);
  CHECK(e.clock() == ymd(2025, 3, 8));
  // A failed append that first moved the clock rolls the clock back too.
  CHECK_THROWS_AS(e.advance_to(ymd(2025, 4, 1)), journal_error);
  CHECK(e.clock() == ymd(2025, 3, 8));
  c.fail_appends = false;
  ok(e.apply(*commission));
  CHECK(c.events.size() == static_cast<std::size_t>(commission - events.begin()) + 1);
}

TEST_CASE("a copy of a journalled engine is an in-memory engine") {
  test::memory_store::contents c;
  allocation_engine e = allocation_engine::open(std::make_unique<test::memory_store>(c));
  ok(e.file_request(ymd(2025, 2, 20), request_filed(1, ymd(2024, 1, 10))));
  allocation_engine copy = e;
  CHECK(copy.store() == nullptr);
  ok(copy.file_request(ymd(2025, 2, 20), request_filed(2, ymd(2024, 1, 10))));
  CHECK(c.events.size() == 1);
}

TEST_CASE("a binary snapshot restores the state, and reopening replays only the events after it") {
  const scratch_directory dir;
  const auto path = dir.path() / "snap.journal";
  const std::vector<event> events = cycle_of_events();
  const std::size_t half = events.size() / 2;
  {
    allocation_engine e = allocation_engine::open(path);
    for (std::size_t i = 0; i < half; ++i) ok(e.apply(events[i]));
    e.save_snapshot();
    for (std::size_t i = half; i < events.size(); ++i) ok(e.apply(events[i]));
  }
  const auto snapshot = dir.path() / fmt::format("snap.journal.{}.snapshot", half);
  REQUIRE(std::filesystem::exists(snapshot));
  const allocation_engine reopened = allocation_engine::open(path);
  CHECK(reopened.digest() == applied(events).digest());
  CHECK(reopened.sequence() == events.size());

  // The snapshot alone is the state after `half` events.
  std::ifstream in(snapshot, std::ios::binary);
  std::uint64_t seq = 0;
  const allocation_engine restored =
      allocation_engine::read_binary_snapshot(in, {}, snapshot.string(), &seq);
  CHECK(seq == half);
  const std::vector<event> first(events.begin(), events.begin() + static_cast<long>(half));
  CHECK(restored.digest() == applied(first).digest());
}

TEST_CASE("an engine whose cold records are on disk journals, snapshots and reopens the same") {
  // Spilling is not an event: the state, the journal and the snapshots are those of an engine
  // that kept its records whole, before and after the requests change again.
  const scratch_directory dir;
  const auto path = dir.path() / "cold.journal";
  const std::vector<event> events = cycle_of_events();
  const std::size_t third = events.size() / 3;
  {
    allocation_engine e = allocation_engine::open(path);
    for (std::size_t i = 0; i < third; ++i) ok(e.apply(events[i]));
    const state_digest before = e.digest();
    e.spill_cold(dir.path());
    CHECK(e.digest() == before);
    CHECK(e.sequence() == third);
    CHECK(e.pool().memory().on_disk > 0);
    for (std::size_t i = third; i < 2 * third; ++i) ok(e.apply(events[i]));
    e.save_snapshot();
    e.spill_cold(dir.path());
    for (std::size_t i = 2 * third; i < events.size(); ++i) ok(e.apply(events[i]));
    const allocation_engine whole = applied(events);
    CHECK(e.digest() == whole.digest());
    CHECK(e.snapshot() == whole.snapshot());
  }
  const allocation_engine reopened = allocation_engine::open(path);
  CHECK(reopened.digest() == applied(events).digest());
  CHECK(reopened.snapshot() == applied(events).snapshot());
}

TEST_CASE("a closing's card with a criterion it could not evaluate survives both snapshots") {
  // A PLAI offer of 2022, a year whose PLUS ceilings are not published: the candidate's card
  // has a 0-point low-resources line that says so (scoring_facts::no_plus_ceiling), kept by
  // the offer's closing. The JSON snapshot and the binary one give it back.
  applicant a = request_filed(1, ymd(2021, 9, 1), std::nullopt);
  a.incomes = {{2020, money::euros(15000)}};
  offer o = offer_from("P-1", ymd(2022, 3, 1));
  o.financing = financing::plai;
  const allocation_engine e = applied(
      {events::file_request{ymd(2022, 2, 20), a}, events::publish_offer{ymd(2022, 3, 1), o},
       events::position{ymd(2022, 3, 2), number(1), o.id}, events::advance{ymd(2022, 3, 8)}});
  const std::string json = e.snapshot();
  CHECK_THAT(json, Catch::Contains("\"no_plus_ceiling\""));
  CHECK(allocation_engine::from_snapshot(json).snapshot() == json);
  std::stringstream binary;
  e.write_binary_snapshot(binary, 4);
  std::uint64_t seq = 0;
  CHECK(allocation_engine::read_binary_snapshot(binary, {}, "binary", &seq).snapshot() == json);
  CHECK(seq == 4);
}

TEST_CASE("a snapshot taken after every event restores that event's state") {
  const std::vector<event> events = cycle_of_events();
  allocation_engine e;
  for (const event& ev : events) {
    ok(e.apply(ev));
    std::stringstream bytes;
    e.write_binary_snapshot(bytes, 7);
    const allocation_engine back = allocation_engine::read_binary_snapshot(bytes, {}, "s");
    CHECK(back.digest() == e.digest());
    CHECK(back.clock() == e.clock());
    // The requests ended before the clock are retired from the counts in both.
    REQUIRE(back.pool().index_end() == e.pool().index_end());
    for (pool_index i = 0; i < e.pool().index_end(); ++i) {
      CHECK(back.pool().retired(i) == e.pool().retired(i));
    }
  }
}

TEST_CASE("opening a journal with other options or another grid is an error naming the journal") {
  const scratch_directory dir;
  const auto path = dir.path() / "options.journal";
  {
    allocation_engine e = allocation_engine::open(path);
    ok(e.file_request(ymd(2025, 2, 20), request_filed(1, ymd(2024, 1, 10))));
  }
  engine_options other;
  other.answer_delay_days = 15;
  const journal_error delay = journal_error_of([&] { (void)allocation_engine::open(path, other); });
  CHECK(delay.file() == path.string());
  CHECK_THAT(delay.what(), Catch::Contains("other engine options or another grid") &&
                               Catch::Contains("answer_delay_days=10") &&
                               Catch::Contains("answer_delay_days=15"));
  // Same grid id, a cap on the total: the content differs.
  engine_options regraded;
  regraded.grid.total_cap = points{1000};
  REQUIRE(regraded.grid.id == default_grid().id);
  CHECK_THROWS_AS(allocation_engine::open(path, regraded), journal_error);
  // The journal is untouched: it still opens with its own options.
  CHECK(allocation_engine::open(path).pool().size() == 1);
}

TEST_CASE("a corrupt, truncated or future-version snapshot is an error naming the file and place") {
  const std::vector<event> events = cycle_of_events();
  const allocation_engine e = applied(events);
  std::stringstream out;
  e.write_binary_snapshot(out, 3);
  const std::string good = out.str();
  const auto error_of = [](const std::string& bytes) {
    return journal_error_of([&] {
      std::istringstream in(bytes);
      (void)allocation_engine::read_binary_snapshot(in, {}, "state.snapshot");
    });
  };
  // A bit flipped in the first block's payload (after the 48-byte header, the block's tag,
  // length and checksum): the block's checksum. (The middle of the file may be a block's
  // length, which is reported as a cut.)
  std::string flipped = good;
  constexpr std::size_t payload = 48 + 1 + 8 + 8;
  REQUIRE(good.size() > payload);
  flipped[payload] = static_cast<char>(flipped[payload] ^ 0x10);
  const journal_error corrupt = error_of(flipped);
  CHECK(corrupt.file() == "state.snapshot");
  CHECK(corrupt.offset().has_value());
  CHECK_THAT(corrupt.what(), Catch::Contains("corrupt"));
  // Cut at every byte: never a crash, always a clear error.
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    const journal_error cut_error = error_of(good.substr(0, cut));
    CHECK(cut_error.file() == "state.snapshot");
  }
  CHECK_THAT(error_of(good.substr(0, good.size() - 1)).what(), Catch::Contains("truncated"));
  // Version 11 in the header (bytes 8-15; this build writes 10): read before the header's
  // checksum, which a future layout may place elsewhere.
  REQUIRE(good[8] == 10);
  std::string future = good;
  future[8] = 11;
  const journal_error newer = error_of(future);
  CHECK(newer.offset() == 8u);
  CHECK_THAT(newer.what(), Catch::Contains("format version 11 is newer"));
  // Versions 2 to 9 (records in other layouts): refused, never misread.
  for (const char version : {'\x02', '\x03', '\x04', '\x05', '\x06', '\x07', '\x08', '\x09'}) {
    std::string older = good;
    older[8] = version;
    CHECK_THAT(error_of(older).what(),
               Catch::Contains(fmt::format("format version {} is not the one", int{version})));
  }
  // A byte of the header changed elsewhere (the sequence number): its checksum.
  std::string header = good;
  header[16] = static_cast<char>(header[16] ^ 1);
  CHECK_THAT(error_of(header).what(), Catch::Contains("header's checksum"));
  // Other options: refused.
  engine_options other;
  other.condition_delay_days = 20;
  std::istringstream in(good);
  CHECK_THROWS_WITH(allocation_engine::read_binary_snapshot(in, other, "state.snapshot"),
                    Catch::Contains("other engine options"));
}

TEST_CASE("a file that is not a journal is refused by name") {
  const scratch_directory dir;
  const auto path = dir.path() / "not-a-journal";
  std::ofstream(path) << "this is not a database, and it is longer than a header needs to be, "
                         "so that SQLite reads it as one and finds no magic string at its start";
  const journal_error e = journal_error_of([&] { (void)allocation_engine::open(path); });
  CHECK(e.file() == path.string());
  CHECK_THAT(e.what(), Catch::Contains("not a cotation journal"));
}

TEST_CASE("group commit journals the events of a group when the engine is closed or flushed") {
  const scratch_directory dir;
  const auto path = dir.path() / "group.journal";
  const std::vector<event> events = cycle_of_events();
  {
    allocation_engine e =
        allocation_engine::open(path, {}, journal_options{.group_size = 8, .sync = false});
    for (std::size_t i = 0; i < 5; ++i) ok(e.apply(events[i]));
    e.flush();
    {
      // Another connection sees the flushed group.
      const auto reader = open_sqlite_store(path);
      CHECK(reader->last_sequence() == 5);
    }
    for (std::size_t i = 5; i < events.size(); ++i) ok(e.apply(events[i]));
  }
  CHECK(allocation_engine::open(path).digest() == applied(events).digest());
}

TEST_CASE(
    "a group commit returns the last event committed, and events appended after it wait for "
    "the next") {
  const scratch_directory dir;
  const auto path = dir.path() / "group.journal";
  const std::vector<event> events = cycle_of_events();
  const auto store = open_sqlite_store(path, journal_options{.group_size = 1000, .sync = false});
  CHECK(store->flush() == 0);  // nothing to commit yet
  for (std::size_t i = 0; i < 3; ++i) CHECK(store->append(events[i]) == i + 1);
  CHECK(store->flush() == 3);
  for (std::size_t i = 3; i < 5; ++i) store->append(events[i]);
  CHECK(store->last_sequence() == 5);
  {
    // Another connection sees the committed group only.
    const auto reader = open_sqlite_store(path);
    CHECK(reader->last_sequence() == 3);
  }
  // The writing store reads its open group back too, after the committed events.
  std::vector<std::uint64_t> read;
  store->read(2, [&](std::uint64_t seq, event&& e) {
    CHECK(e == events[seq - 1]);
    read.push_back(seq);
  });
  CHECK(read == std::vector<std::uint64_t>{2, 3, 4, 5});
  CHECK(store->flush() == 5);
  CHECK(open_sqlite_store(path)->last_sequence() == 5);
}

TEST_CASE(
    "a commit on a second thread while events are appended loses, repeats and reorders nothing",
    "[threads]") {
  const scratch_directory dir;
  const auto path = dir.path() / "concurrent.journal";
  const std::vector<event> events = cycle_of_events();
  constexpr std::uint64_t appended = 3000;
  {
    const auto store = open_sqlite_store(
        path,
        journal_options{.group_size = std::numeric_limits<std::size_t>::max(), .sync = false});
    std::atomic<bool> done{false};
    std::atomic<bool> started{false};
    std::vector<std::uint64_t> committed;
    std::thread committer([&] {
      // At least one commit, even when the appends end before this thread is scheduled.
      do {
        const std::uint64_t now = store->flush();
        if (committed.empty() || now != committed.back()) committed.push_back(now);
        started = true;
      } while (!done.load());
    });
    for (std::uint64_t k = 0; k < appended; ++k) {
      store->append(events[k % events.size()]);
      // Half the events wait for the committer's first commit, so that most are appended
      // while it runs.
      if (k == appended / 2)
        while (!started.load()) std::this_thread::yield();
    }
    done = true;
    committer.join();
    // Each commit returns the last event it committed: never less than the one before.
    REQUIRE_FALSE(committed.empty());
    CHECK(std::is_sorted(committed.begin(), committed.end()));
    CHECK(committed.back() <= appended);
    CHECK(store->flush() == appended);
  }
  std::uint64_t expected = 1;
  open_sqlite_store(path)->read(1, [&](std::uint64_t seq, event&& e) {
    REQUIRE(seq == expected);
    CHECK(e == events[(seq - 1) % events.size()]);
    ++expected;
  });
  CHECK(expected == appended + 1);
}

TEST_CASE("a journal written by a newer format is refused and left as it is") {
  const scratch_directory dir;
  const auto path = dir.path() / "future.journal";
  open_sqlite_store(path)->set_metadata("version", "2");
  const journal_error e = journal_error_of([&] { (void)open_sqlite_store(path); });
  CHECK(e.file() == path.string());
  CHECK_THAT(e.what(), Catch::Contains("format version 2 is newer"));
  CHECK_THROWS_AS(open_sqlite_store(path), journal_error);
}
