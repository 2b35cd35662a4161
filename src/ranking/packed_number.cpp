// SPDX-License-Identifier: MIT
#include "ranking/packed_number.hpp"

#include <cstring>

namespace cotation::detail {

namespace {

// Eight characters or digits at a time, a byte each (SWAR): no byte carries into the next in
// any of the sums below, the values staying within [0, 0x100).
constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t high_bits = 0x8080808080808080ULL;

/// The digits of eight characters [0-9A-Z] ('0'-'9' 0 to 9, 'A'-'Z' 10 to 35).
constexpr std::uint64_t digits_of(std::uint64_t chars) noexcept {
  const std::uint64_t letter = ((chars + 0x46 * ones) & high_bits) >> 7;  // 1 from ':' on
  return chars - 0x30 * ones - 7 * letter;
}

/// The characters of eight digits below 36.
constexpr std::uint64_t chars_of(std::uint64_t digits) noexcept {
  const std::uint64_t letter = ((digits + 0x76 * ones) & high_bits) >> 7;  // 1 from 10 on
  return digits + 0x30 * ones + 7 * letter;
}

/// Four pairs of digits (bytes 2k and 2k + 1) as 36 × the first + the second, in 16-bit lanes.
constexpr std::uint64_t pairs_of(std::uint64_t digits) noexcept {
  constexpr std::uint64_t even = 0x00FF00FF00FF00FFULL;
  return (digits & even) * 36 + ((digits >> 8) & even);
}

/// Lane `k` of `pairs_of`.
constexpr std::uint64_t lane(std::uint64_t pairs, int k) noexcept {
  return pairs >> (16 * k) & 0xFFFF;
}

/// `x / d` as `x * m >> shift`, exact for every `x` up to `top` (checked at compile time
/// below): a 32-bit multiply, where dividing a 64-bit value took a 128-bit one.
template <std::uint32_t d, std::uint32_t m, int shift, std::uint32_t top>
struct divide {
  static constexpr std::uint32_t of(std::uint32_t x) noexcept { return x * m >> shift; }
  static constexpr bool exact() noexcept {
    for (std::uint32_t x = 0; x <= top; ++x) {
      if (of(x) != x / d) return false;
    }
    return true;
  }
  static_assert(exact());
};
using by36 = divide<36, 1821, 16, 2047>;    // a pair (11 bits)
using by100 = divide<100, 5243, 19, 2047>;  // the filing month and year (11 bits)
using by10 = divide<10, 205, 11, 99>;
using by12 = divide<12, 43, 9, 127>;  // a department's rank (7 bits)

/// A pair's two digits, the first in the low byte.
constexpr std::uint64_t split(std::uint64_t pair) noexcept {
  const auto p = static_cast<std::uint32_t>(pair);
  const std::uint32_t first = by36::of(p);
  return std::uint64_t{first | (p - 36 * first) << 8};
}

std::uint64_t load(const char* p) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return w;
}

constexpr std::uint64_t digit(char c) noexcept {
  return digits_of(static_cast<unsigned char>(c)) & 0xFF;
}

// The department codes a request number starts with (`request_number::check`: 001-095, 02A,
// 02B, 971-974, 976) as their rank below 128, in their characters' order: 12 × the second
// digit + the third character's digit when the first is 0 (at most 119), 120 + the third
// digit after 97.
constexpr std::uint64_t overseas = 120;

}  // namespace

packed_number::packed_number(const request_number& n) noexcept {
  static_assert(request_number::length == 18);
  const char* s = n.str().data();
  const std::uint64_t a = digits_of(load(s + 1));  // characters 1 to 8
  const std::uint64_t b = digits_of(load(s + 9));  // 9 to 16
  const std::uint64_t pa = pairs_of(a);            // (1, 2), (3, 4), (5, 6), (7, 8)
  const std::uint64_t pb = pairs_of(b);            // (9, 10) to (15, 16)
  const std::uint64_t second = a & 0xFF;
  const std::uint64_t third = a >> 8 & 0xFF;
  const std::uint64_t department = digit(s[0]) == 9 ? overseas + third : 12 * second + third;
  // The month's and the year's pairs are 36 × the tens + the units: 26 × the tens too many.
  const std::uint64_t month = lane(pa, 1) - 26 * (a >> 16 & 0xFF);
  const std::uint64_t year = lane(pa, 2) - 26 * (a >> 32 & 0xFF);
  const std::uint64_t filed = (month - 1) * 100 + year;
  const std::uint64_t last = lane(pb, 3);
  // 7 + 11 + 4 × 11 + 1 bits in the high word, the last pair's 10 low bits and the last
  // character's 6 in the low one.
  const std::uint64_t high = department << 56 | filed << 45 | lane(pa, 3) << 34 |
                             lane(pb, 0) << 23 | lane(pb, 1) << 12 | lane(pb, 2) << 1 | last >> 10;
  set(high, static_cast<std::uint16_t>((last & 0x3FF) << 6 | digit(s[17])));
}

request_number packed_number::unpack() const noexcept {
  const std::uint64_t h = high();
  const std::uint64_t l = low();
  const auto department = static_cast<std::uint32_t>(h >> 56);
  const std::uint32_t tens = by12::of(department);
  const std::uint64_t code = department >= overseas
                                 ? 9 | 7 << 8 | std::uint64_t{department - overseas} << 16
                                 : std::uint64_t{tens << 8 | (department - 12 * tens) << 16};
  const auto filed = static_cast<std::uint32_t>(h >> 45 & 0x7FF);
  const std::uint32_t month = by100::of(filed) + 1;
  const std::uint32_t year = filed - 100 * (month - 1);
  const std::uint32_t month_tens = by10::of(month);
  const std::uint32_t year_tens = by10::of(year);
  const std::uint64_t p78 = split(h >> 34 & 0x7FF);
  // Characters 0 to 7, 8 to 15, then 16 and 17, as digits.
  const std::uint64_t first = code | std::uint64_t{month_tens} << 24 |
                              std::uint64_t{month - 10 * month_tens} << 32 |
                              std::uint64_t{year_tens} << 40 |
                              std::uint64_t{year - 10 * year_tens} << 48 | (p78 & 0xFF) << 56;
  const std::uint64_t last = split((h & 1) << 10 | l >> 6);
  const std::uint64_t second = p78 >> 8 | split(h >> 23 & 0x7FF) << 8 |
                               split(h >> 12 & 0x7FF) << 24 | split(h >> 1 & 0x7FF) << 40 |
                               (last & 0xFF) << 56;
  const std::uint64_t tail = last >> 8 | (l & 0x3F) << 8;
  std::array<char, request_number::length> c{};
  const std::uint64_t words[2] = {chars_of(first), chars_of(second)};
  const auto end = static_cast<std::uint16_t>(chars_of(tail));
  std::memcpy(c.data(), words, sizeof words);
  std::memcpy(c.data() + sizeof words, &end, sizeof end);
  return request_number(c);
}

}  // namespace cotation::detail
