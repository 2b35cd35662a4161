// SPDX-License-Identifier: MIT
// A stable sort of a short sequence by an unsigned key, without comparisons to mispredict.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace cotation::detail {

/// Sorts `v` by `key(x)` (an unsigned integer) ascending, stably (equal keys keep their order):
/// a least-significant-digit radix sort over the keys' spread above the least one, 8 bits a
/// pass below 4 096 items and 11 above, so that a pass costs about as much in its counts as in
/// its items. `buffer` is scratch room (its content is lost), kept by callers that sort often.
///
/// Why: the ranking sorts a few tens to hundreds of items per offer (filing dates, scores),
/// where `std::sort`'s comparisons of random values are mispredicted about one time in two (a
/// department day spent 9 % of its time in such sorts). Two or three passes over the items and
/// their counts cost a fraction of that.
template <typename T, typename KeyOf>
void radix_sort(std::vector<T>& v, std::vector<T>& buffer, KeyOf key) {
  const std::size_t n = v.size();
  if (n < 2) return;
  std::uint64_t least = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t most = 0;
  for (const T& x : v) {
    const std::uint64_t k = key(x);
    least = std::min(least, k);
    most = std::max(most, k);
  }
  const std::uint64_t spread = most - least;
  if (spread == 0) return;
  const int bits = n < 4096 ? 8 : 11;
  const std::size_t radix = std::size_t{1} << bits;
  const std::uint64_t mask = radix - 1;
  buffer.resize(n);
  std::array<std::uint32_t, std::size_t{1} << 11> counts;  // NOLINT: cleared per pass
  for (int shift = 0; shift < 64 && (spread >> shift) != 0; shift += bits) {
    std::fill_n(counts.begin(), radix, 0U);
    for (const T& x : v) ++counts[((key(x) - least) >> shift) & mask];
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < radix; ++d) sum += std::exchange(counts[d], sum);
    for (const T& x : v) buffer[counts[((key(x) - least) >> shift) & mask]++] = x;
    v.swap(buffer);
  }
}

}  // namespace cotation::detail
