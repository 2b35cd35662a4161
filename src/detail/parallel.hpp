// SPDX-License-Identifier: MIT
// Work split over threads kept by the process from one call to the next.
#pragma once

#include <cstddef>
#include <functional>

namespace cotation::detail {

/// The threads a parallel step uses: `threads` (0: the hardware's), at most `items` and at
/// least 1.
[[nodiscard]] unsigned thread_count(unsigned threads, std::size_t items) noexcept;

/// Runs `work(t)` for every t in [0, threads): t = 0 on the calling thread, the others on
/// worker threads the process keeps between calls, so that a parallel step costs a wake-up
/// (a few microseconds) where starting and joining a thread cost tens, and each worker's
/// `thread_local` working storage survives from one call to the next. Returns when every call
/// has returned. When calls throw, the exception of the lowest `t` is rethrown after all have
/// returned.
///
/// Workers are started when a call needs more than are idle (concurrent or nested calls never
/// wait for one another): the process keeps as many as the most it ever used at once, idle
/// between calls (blocked, using no processor time). A child process after `fork` starts its
/// own.
void run_parallel(unsigned threads, const std::function<void(unsigned)>& work);

/// Worker threads started by `run_parallel` in this process so far (the tests' window on
/// their reuse).
[[nodiscard]] std::size_t worker_threads_started() noexcept;

}  // namespace cotation::detail
