// SPDX-License-Identifier: MIT
// The generator's own pseudo-random numbers: splitmix64 to seed, xoshiro256** to draw, and every
// distribution in integer arithmetic. The standard distributions (`std::uniform_int_distribution`
// and friends) are not used on purpose: their algorithms differ between standard libraries, and
// floating point (libm, FMA contraction) can differ between machines. Here the same seed gives the
// same numbers everywhere.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace cotation::detail {

/// One step of splitmix64 (Steele, Lea and Flood 2014; the reference seeding of xoshiro).
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Mixes a seed with a stream tag and an index into a well-spread 64-bit seed, so stream `k` of
/// a seed does not overlap with stream `k + 1` or with another seed's streams.
[[nodiscard]] constexpr std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t tag,
                                               std::uint64_t index) noexcept {
  std::uint64_t s = seed ^ (tag * 0xD1B54A32D192ED03ULL);
  std::uint64_t a = splitmix64(s);
  std::uint64_t t = a + index * 0x9E3779B97F4A7C15ULL;
  return splitmix64(t);
}

/// FNV-1a of a string, to derive a stream from a name (an offer id).
[[nodiscard]] constexpr std::uint64_t fnv1a(std::string_view s) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

/// xoshiro256** 1.0 (Blackman and Vigna 2018), seeded through splitmix64.
class rng {
 public:
  explicit constexpr rng(std::uint64_t seed) noexcept {
    for (auto& word : s_) word = splitmix64(seed);
  }

  [[nodiscard]] constexpr std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, n), n >= 1 (Lemire's multiply-shift on the high 32 bits; the bias is below
  /// n / 2^32, negligible for the sizes drawn here).
  [[nodiscard]] constexpr std::uint32_t below(std::uint32_t n) noexcept {
    const std::uint64_t x = next() >> 32;
    return static_cast<std::uint32_t>((x * n) >> 32);
  }

  /// Uniform in [lo, hi], lo <= hi.
  [[nodiscard]] constexpr std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }

  /// True with probability `bp` / 10 000.
  [[nodiscard]] constexpr bool chance(std::int64_t bp) noexcept {
    return static_cast<std::int64_t>(below(10000)) < bp;
  }

 private:
  [[nodiscard]] static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::array<std::uint64_t, 4> s_{};
};

/// A point of a piecewise-linear quantile function: at cumulative probability `p` (in
/// 1/100 000) the value is `value`. Points are sorted by `p`, the first at 0, the last at 100 000.
struct quantile_point {
  std::int32_t p;
  std::int64_t value;
};

/// Draws from the piecewise-linear quantile function `points` (the inverse CDF), exactly in
/// integers: uniform within each bracket. The result is in [first value, last value).
[[nodiscard]] inline std::int64_t draw_quantile(rng& r,
                                                std::span<const quantile_point> points) noexcept {
  const auto u = static_cast<std::int32_t>(r.below(100000));
  std::size_t k = 1;
  while (k + 1 < points.size() && points[k].p <= u) ++k;
  const quantile_point& a = points[k - 1];
  const quantile_point& b = points[k];
  return a.value + (b.value - a.value) * (u - a.p) / (b.p - a.p);
}

/// Picks an index with probability proportional to `weights[i]`, from the running sums
/// `cumulative` (cumulative[i] = weights[0] + ... + weights[i]; the last is the total, > 0).
[[nodiscard]] inline std::size_t pick_cumulative(
    rng& r, std::span<const std::uint32_t> cumulative) noexcept {
  const std::uint32_t x = r.below(cumulative.back());
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) -
                                  cumulative.begin());
}

/// Picks an index of a small weight table directly (weights sum > 0).
template <std::size_t N>
[[nodiscard]] constexpr std::size_t pick_weighted(
    rng& r, const std::array<std::uint32_t, N>& weights) noexcept {
  std::uint32_t total = 0;
  for (const auto w : weights) total += w;
  std::uint32_t x = r.below(total);
  for (std::size_t i = 0; i < N; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return N - 1;
}

}  // namespace cotation::detail
