// SPDX-License-Identifier: MIT
/// \file
/// The unique request number (NUR, numéro unique régional, or NUD, départemental).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <cotation/geography.hpp>

namespace cotation {

namespace detail {
class packed_number;  // the pool's 10-byte form (src/ranking/packed_number.hpp)
}  // namespace detail

/// Why a string is not a request number: the 0-based position of the first offending character
/// (the length for a length error) and a sentence saying why.
struct request_number_problem {
  std::size_t position = 0;
  std::string reason;
  friend bool operator==(const request_number_problem&, const request_number_problem&) = default;
};

/// A validated request number: 18 characters `[0-9A-Z]`.
///
/// Layout (SPEC 1): department (3, zero padded: `059`, `02A`, `974`), month and year of filing
/// `MMYY` (4), sequence (5), a check/sequence character (1), registering desk code (5). Only the
/// length, the character set, the department and the month are validated; the rest is opaque.
/// The number never decides seniority: the initial filing date does.
///
/// Ordered by its characters (the last tie-break of a ranking).
class request_number {
 public:
  static constexpr std::size_t length = 18;

  /// Throws `cotation::invalid_request_number` naming the first offending character and why.
  [[nodiscard]] static request_number parse(std::string_view text);
  /// Returns the first problem, or nothing when `text` is a valid request number.
  [[nodiscard]] static std::optional<request_number_problem> check(std::string_view text);

  [[nodiscard]] std::string_view str() const noexcept { return {chars_.data(), length}; }
  [[nodiscard]] cotation::department department() const noexcept;
  /// Filing month as written in the number (1-12); informative only.
  [[nodiscard]] int month() const noexcept;

  friend bool operator==(const request_number&, const request_number&) noexcept = default;
  friend auto operator<=>(const request_number&, const request_number&) noexcept = default;

 private:
  friend class detail::packed_number;  // unpacks numbers it packed from valid ones
  explicit request_number(std::array<char, length> c) : chars_(c) {}
  std::array<char, length> chars_{};
};

}  // namespace cotation

/// Hashes the 18 characters (FNV-1a).
template <>
struct std::hash<cotation::request_number> {
  std::size_t operator()(const cotation::request_number& n) const noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char c : n.str()) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    return static_cast<std::size_t>(h);
  }
};

template <>
struct fmt::formatter<cotation::request_number> : fmt::formatter<std::string_view> {
  auto format(const cotation::request_number& n, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(n.str(), ctx);
  }
};
