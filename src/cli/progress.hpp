// SPDX-License-Identifier: MIT
// A progress bar for long runs, drawn on a terminal only: when `enabled` is false (the stream is
// not a terminal, or in tests) nothing is ever written.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace cotation::cli {

class progress_bar {
 public:
  progress_bar(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  ~progress_bar() { finish(); }

  /// Starts a phase: a label, and the amount of work when known (0: unknown, a label only).
  void phase(std::string_view label, std::size_t total = 0);
  /// Work done so far in the current phase; redrawn at most ten times a second.
  void update(std::size_t done);
  /// Ends the line drawn, if any.
  void finish();

 private:
  void draw(std::size_t done);

  std::ostream& err_;
  bool enabled_;
  std::string label_;
  std::size_t total_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace cotation::cli
