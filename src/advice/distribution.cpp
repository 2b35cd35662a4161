// SPDX-License-Identifier: MIT
#include <algorithm>
#include <vector>

#include <cotation/advice.hpp>
#include <cotation/error.hpp>

namespace cotation {

namespace {

/// The start of the bin of `score`: the multiple of `width` at or below it.
std::int32_t bin_start(std::int32_t score, std::int32_t width) noexcept {
  const std::int32_t q = score / width;
  return (score % width != 0 && score < 0 ? q - 1 : q) * width;
}

}  // namespace

score_distribution distribution_of(std::span<const points> scores, points width) {
  if (width.value <= 0) {
    throw invalid_argument("width", fmt::format("{} points is not a bin width", width.value));
  }
  score_distribution d;
  d.candidates = scores.size();
  d.width = width;
  if (scores.size() < score_distribution::minimum_candidates) return d;
  d.withheld = false;
  std::vector<points> sorted(scores.begin(), scores.end());
  std::sort(sorted.begin(), sorted.end());
  d.lowest = sorted.front();
  d.highest = sorted.back();
  d.median = sorted[(sorted.size() - 1) / 2];
  const std::int32_t first = bin_start(sorted.front().value, width.value);
  const std::int32_t last = bin_start(sorted.back().value, width.value);
  for (std::int32_t from = first; from <= last; from += width.value) {
    d.bins.push_back(score_bin{points{from}, 0});
  }
  for (const points s : sorted) {
    ++d.bins[static_cast<std::size_t>((bin_start(s.value, width.value) - first) / width.value)]
          .count;
  }
  return d;
}

}  // namespace cotation
