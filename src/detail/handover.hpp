// SPDX-License-Identifier: MIT
// Batches handed from a parsing thread to the thread that takes them (the CSV pool loader, the
// JSON data set reader), and handed back to be filled again.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace cotation::detail {

/// The batches between a parsing thread and a taking one: at most `most_waiting` wait, so that
/// the parser cannot run ahead by more than a few batches. Spent batches come back to the parser
/// (`recycle`, `reuse`), which refills them: their memory is allocated and freed by the parsing
/// thread alone (a free into another thread's arena takes that arena's lock, which the parser
/// holds to allocate), and what they hold keeps its room from batch to batch.
template <typename Batch>
class handover_queue {
 public:
  static constexpr std::size_t most_waiting = 4;
  /// Thrown in the parsing thread to stop it when the taking thread gave up.
  struct stopped {};

  /// Hands a batch over, waiting for room (unless `forced`: the parser's last, at a fault).
  void put(Batch&& b, bool forced = false) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return forced || ready_.size() < most_waiting || stop_; });
    if (stop_) throw stopped{};
    ready_.push_back(std::move(b));
    changed_.notify_all();
  }
  /// The parser is done, with `failure` (its fault) or without.
  void finish(std::exception_ptr failure) {
    const std::lock_guard lock(mutex_);
    done_ = true;
    failure_ = std::move(failure);
    changed_.notify_all();
  }
  /// The next batch; nothing once the parser is done and every batch taken (then its fault,
  /// if any, is thrown).
  std::optional<Batch> take() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return std::nullopt;
    }
    Batch b = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return b;
  }
  /// Gives a taken batch back to the parser.
  void recycle(Batch&& b) {
    const std::lock_guard lock(mutex_);
    spent_.push_back(std::move(b));
  }
  /// A spent batch, as it was given back (the caller empties it); nothing when none.
  std::optional<Batch> reuse() {
    const std::lock_guard lock(mutex_);
    if (spent_.empty()) return std::nullopt;
    Batch b = std::move(spent_.back());
    spent_.pop_back();
    return b;
  }
  /// Stops the parser at its next hand-over.
  void stop() {
    const std::lock_guard lock(mutex_);
    stop_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> ready_;
  std::vector<Batch> spent_;
  bool done_ = false;
  bool stop_ = false;
  std::exception_ptr failure_;
};

/// The parsing thread's side of a `handover_queue`: the batch being filled, handed over when
/// full, a spent one (emptied by `Batch::clear`) or a new one taking its place.
template <typename Batch>
class batch_writer {
 public:
  explicit batch_writer(handover_queue<Batch>& queue) : queue_(queue) {}
  [[nodiscard]] Batch& current() noexcept { return batch_; }
  void hand_over() {
    queue_.put(std::move(batch_));
    std::optional<Batch> spent = queue_.reuse();
    batch_ = spent ? std::move(*spent) : Batch{};
    batch_.clear();
  }
  /// Hands over what the current batch holds, if anything (`forced`: at a fault).
  void hand_over_last(bool forced) {
    if (batch_.count != 0) queue_.put(std::move(batch_), forced);
  }

 private:
  handover_queue<Batch>& queue_;
  Batch batch_;
};

/// Runs `parse(writer)` on a second thread, which fills batches (`batch_writer`) and hands them
/// over, while this thread calls `take(batch)` for each, in order. A fault of `parse` is thrown
/// here once the batches handed over before it were taken; a fault of `take` stops the parser
/// (at its next hand-over) and is thrown once the parser has stopped.
template <typename Batch, typename Parse, typename Take>
void parse_beside(Parse&& parse, Take&& take) {
  using queue_type = handover_queue<Batch>;
  queue_type queue;
  std::thread parser([&] {
    batch_writer<Batch> writer(queue);
    std::exception_ptr failure;
    try {
      parse(writer);
    } catch (const typename queue_type::stopped&) {
      return;  // the taking thread gave up: nobody reads the queue any more
    } catch (...) {
      failure = std::current_exception();
    }
    try {
      writer.hand_over_last(failure != nullptr);
    } catch (const typename queue_type::stopped&) {
      return;
    } catch (...) {
      failure = std::current_exception();  // no memory for the last batch: a fault too
    }
    queue.finish(failure);
  });
  try {
    while (std::optional<Batch> batch = queue.take()) {
      take(*batch);
      queue.recycle(std::move(*batch));
    }
  } catch (...) {
    queue.stop();
    parser.join();
    throw;
  }
  parser.join();
}

}  // namespace cotation::detail
