// SPDX-License-Identifier: MIT
#include "progress.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace cotation::cli {

void progress_bar::phase(std::string_view label, std::size_t total) {
  if (!enabled_) return;
  label_ = label;
  total_ = total;
  draw(0);
}

void progress_bar::update(std::size_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
  draw(done);
}

void progress_bar::draw(std::size_t done) {
  last_ = std::chrono::steady_clock::now();
  std::string line = "\r";
  if (total_ == 0) {
    line += fmt::format("{}…", label_);
  } else {
    constexpr std::size_t width = 30;
    const std::size_t d = std::min(done, total_);
    const std::size_t filled = d * width / total_;
    line += fmt::format("{:<28} [{}{}] {:>3}% {}/{}", label_, std::string(filled, '#'),
                        std::string(width - filled, '.'), d * 100 / total_, d, total_);
  }
  line += "\x1b[K";  // clear to the end of the line
  err_ << line << std::flush;
  drawn_ = true;
}

void progress_bar::finish() {
  if (!enabled_ || !drawn_) return;
  err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace cotation::cli
