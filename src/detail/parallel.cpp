// SPDX-License-Identifier: MIT
#include "detail/parallel.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

namespace cotation::detail {

namespace {

/// The calls of one step still running on workers; the caller waits for none to remain. The
/// count goes down and the caller is woken under the mutex, so that the caller, which may
/// destroy this as soon as it sees zero, cannot see it before the worker let go of it (the
/// pattern POSIX allows for a mutex and a condition variable; a `std::latch` counted down
/// could still be notifying an address the caller had freed).
class completion {
 public:
  explicit completion(std::size_t calls) noexcept : remaining_(calls) {}
  void finish() {
    const std::lock_guard lock(m_);
    if (--remaining_ == 0) all_done_.notify_all();
  }
  void wait() {
    std::unique_lock lock(m_);
    all_done_.wait(lock, [&] { return remaining_ == 0; });
  }

 private:
  std::mutex m_;
  std::condition_variable all_done_;
  std::size_t remaining_;
};

/// One call of the work on a worker: `work(t)`, its exception into `*error`, then `done`
/// told.
struct task {
  const std::function<void(unsigned)>* work = nullptr;
  unsigned t = 0;
  std::exception_ptr* error = nullptr;
  completion* done = nullptr;
};

/// A kept thread's mailbox: the task it is given (none while `work` is null).
struct worker {
  std::mutex m;
  std::condition_variable wake;
  task next;
};

std::atomic<std::size_t> started{0};

/// The workers of one process. Never destroyed: idle workers stay blocked until the process
/// exits (joining them in a static destructor would race with a library call from another
/// static destructor), and the objects they use must outlive them.
class worker_set {
 public:
  explicit worker_set(pid_t owner) noexcept : owner_(owner) {}
  [[nodiscard]] pid_t owner() const noexcept { return owner_; }

  /// Gives each of `tasks` to an idle worker, starting workers when too few are idle; returns
  /// how many it gave (all unless a thread could not be started: the rest are the caller's).
  std::size_t dispatch(std::span<const task> tasks) {
    std::vector<worker*> chosen;
    chosen.reserve(tasks.size());
    {
      const std::lock_guard lock(m_);
      while (chosen.size() < tasks.size() && !idle_.empty()) {
        chosen.push_back(idle_.back());
        idle_.pop_back();
      }
    }
    try {
      while (chosen.size() < tasks.size()) chosen.push_back(start());
    } catch (...) {
      // No thread could be started (no memory, a limit of the system): the caller runs the
      // rest itself.
    }
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const std::lock_guard lock(chosen[k]->m);
      chosen[k]->next = tasks[k];
      chosen[k]->wake.notify_one();
    }
    return chosen.size();
  }

 private:
  worker* start() {
    auto w = std::make_unique<worker>();
    std::thread([this, p = w.get()] { loop(*p); }).detach();
    started.fetch_add(1, std::memory_order_relaxed);
    return w.release();  // lives as long as the process, like its thread
  }

  void loop(worker& w) {
    std::unique_lock lock(w.m);
    for (;;) {
      w.wake.wait(lock, [&] { return w.next.work != nullptr; });
      const task t = std::exchange(w.next, task{});
      lock.unlock();
      try {
        (*t.work)(t.t);
      } catch (...) {
        *t.error = std::current_exception();
      }
      // Idle again before the caller is released, so that its next call (a count then a
      // ranking, one after the other) finds this worker rather than starting another.
      {
        const std::lock_guard set_lock(m_);
        idle_.push_back(&w);
      }
      t.done->finish();
      lock.lock();
    }
  }

  std::mutex m_;
  std::vector<worker*> idle_;
  pid_t owner_;
};

std::atomic<worker_set*> current{nullptr};

/// This process's workers: a child after `fork` has none of its parent's threads (and maybe a
/// mutex copied locked), so it gets a set of its own.
worker_set& workers() {
  const pid_t self = getpid();
  worker_set* s = current.load(std::memory_order_acquire);
  while (s == nullptr || s->owner() != self) {
    auto* mine = new worker_set(self);  // never deleted (see worker_set)
    if (current.compare_exchange_strong(s, mine, std::memory_order_acq_rel)) return *mine;
    delete mine;  // another thread of this process installed one first: `s` is it
  }
  return *s;
}

}  // namespace

unsigned thread_count(unsigned threads, std::size_t items) noexcept {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, items)));
}

void run_parallel(unsigned threads, const std::function<void(unsigned)>& work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  completion done(threads - 1);
  std::vector<task> tasks;
  tasks.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) tasks.push_back(task{&work, t, &errors[t], &done});
  const std::size_t given = workers().dispatch(tasks);
  const auto run = [&](unsigned t) {
    try {
      work(t);
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  run(0);
  for (std::size_t k = given; k < tasks.size(); ++k) {
    run(tasks[k].t);
    done.finish();
  }
  done.wait();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

std::size_t worker_threads_started() noexcept { return started.load(std::memory_order_relaxed); }

}  // namespace cotation::detail
