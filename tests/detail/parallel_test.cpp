// SPDX-License-Identifier: MIT
// The kept worker threads behind every parallel step (src/detail/parallel.hpp). The library's
// headers do not expose them: the test declares the two functions it calls.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace cotation::detail {
void run_parallel(unsigned threads, const std::function<void(unsigned)>& work);
std::size_t worker_threads_started() noexcept;
unsigned thread_count(unsigned threads, std::size_t items) noexcept;
}  // namespace cotation::detail

using cotation::detail::run_parallel;
using cotation::detail::thread_count;
using cotation::detail::worker_threads_started;

TEST_CASE("a parallel step calls the work once for each thread number, 0 on the caller",
          "[threads]") {
  for (const unsigned threads : {1U, 2U, 3U, 8U}) {
    std::mutex m;
    std::vector<unsigned> seen;
    std::set<std::thread::id> ids;
    std::thread::id zero;
    run_parallel(threads, [&](unsigned t) {
      const std::lock_guard lock(m);
      seen.push_back(t);
      ids.insert(std::this_thread::get_id());
      if (t == 0) zero = std::this_thread::get_id();
    });
    std::sort(seen.begin(), seen.end());
    std::vector<unsigned> all(threads);
    for (unsigned t = 0; t < threads; ++t) all[t] = t;
    CHECK(seen == all);
    CHECK(ids.size() == threads);  // each on a thread of its own
    CHECK(zero == std::this_thread::get_id());
  }
}

TEST_CASE("parallel steps one after the other reuse the same worker threads", "[threads]") {
  run_parallel(4, [](unsigned) {});  // at least three workers exist from here on
  const std::size_t before = worker_threads_started();
  std::atomic<int> calls{0};
  for (int k = 0; k < 200; ++k) run_parallel(4, [&](unsigned) { ++calls; });
  CHECK(calls == 800);
  CHECK(worker_threads_started() == before);
}

TEST_CASE(
    "an exception of a worker reaches the caller after every call returned, and the "
    "workers serve the next step",
    "[threads]") {
  std::atomic<int> finished{0};
  const auto throwing = [&](unsigned t) {
    if (t == 2) throw std::runtime_error("two");
    if (t == 1) throw std::logic_error("one");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++finished;
  };
  try {
    run_parallel(3, throwing);
    FAIL("no exception");
  } catch (const std::logic_error& e) {
    CHECK(std::string(e.what()) == "one");  // the lowest thread number's
  }
  CHECK(finished == 1);  // thread 0 finished its work before the call returned
  std::atomic<int> calls{0};
  run_parallel(3, [&](unsigned) { ++calls; });
  CHECK(calls == 3);
}

TEST_CASE(
    "parallel steps called from several threads at once, or from within a step, all "
    "complete",
    "[threads]") {
  std::atomic<int> inner{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&] {
      for (int k = 0; k < 20; ++k) {
        run_parallel(3, [&](unsigned) { run_parallel(2, [&](unsigned) { ++inner; }); });
      }
    });
  }
  for (std::thread& t : callers) t.join();
  CHECK(inner == 4 * 20 * 3 * 2);
}

TEST_CASE(
    "a parallel step uses the threads asked for, the hardware's for 0, never more than "
    "its items nor fewer than one") {
  CHECK(thread_count(4, 100) == 4);
  CHECK(thread_count(4, 3) == 3);
  CHECK(thread_count(4, 0) == 1);
  CHECK(thread_count(1, 100) == 1);
  CHECK(thread_count(0, 1'000'000) == std::max(1U, std::thread::hardware_concurrency()));
}
