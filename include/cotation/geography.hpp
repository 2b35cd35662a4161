// SPDX-License-Identifier: MIT
/// \file
/// Departments, communes (INSEE codes) and the income-ceiling zones of SPEC 3.2.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace cotation {

/// A French department, identified by its three-character zero-padded code as used in request
/// numbers: `"059"`, `"075"`, `"02A"`, `"02B"`, `"974"`.
///
/// Only codes that exist are representable: metropolitan 001-095 (with 02A and 02B for Corsica,
/// 020 does not exist) and the overseas departments 971, 972, 973, 974 and 976.
class department {
 public:
  /// Parses a department code; also accepts the two-character form (`"59"`, `"2A"`).
  /// Throws `cotation::invalid_argument` naming the code when it does not exist.
  [[nodiscard]] static department parse(std::string_view code);
  /// Same as `parse`, but returns nothing for a code that does not exist.
  [[nodiscard]] static std::optional<department> try_parse(std::string_view code) noexcept;

  /// The three-character code (`"059"`).
  [[nodiscard]] std::string_view code() const noexcept { return {code_.data(), 3}; }
  /// A dense index in [0, count) usable to index per-department arrays.
  [[nodiscard]] std::uint16_t index() const noexcept { return index_; }
  /// The department with that dense index; `i < count`.
  [[nodiscard]] static department from_index(std::uint16_t i) noexcept;
  /// Number of departments (101).
  static constexpr std::uint16_t count = 101;

  /// Île-de-France: 75, 77, 78, 91, 92, 93, 94, 95.
  [[nodiscard]] bool in_ile_de_france() const noexcept;

  friend bool operator==(const department& a, const department& b) noexcept {
    return a.index_ == b.index_;
  }
  friend std::strong_ordering operator<=>(const department& a, const department& b) noexcept {
    return a.index_ <=> b.index_;
  }

 private:
  department(std::array<char, 3> code, std::uint16_t index) : code_(code), index_(index) {}
  std::array<char, 3> code_{};
  std::uint16_t index_ = 0;
};

/// Income-ceiling zones (SPEC 3.2).
enum class income_zone : std::uint8_t {
  zone_1 = 1,  ///< Paris and its 29 bordering communes.
  zone_2 = 2,  ///< Île-de-France outside zone 1.
  zone_3 = 3,  ///< Other regions.
};

/// A commune's INSEE code: five characters, e.g. `"75056"` (Paris), `"92012"`, `"2A004"`,
/// `"97411"`. The department is the first two characters (three for overseas codes 97x).
class commune_code {
 public:
  /// Throws `cotation::invalid_argument` when the code is not five characters of the INSEE
  /// form or its department does not exist.
  [[nodiscard]] static commune_code parse(std::string_view code);
  [[nodiscard]] static std::optional<commune_code> try_parse(std::string_view code) noexcept;

  [[nodiscard]] std::string_view code() const noexcept { return {code_.data(), 5}; }
  [[nodiscard]] cotation::department department() const noexcept {
    return department::from_index(department_);
  }
  /// The income zone (SPEC 3.2), decided once when the code is parsed.
  [[nodiscard]] income_zone zone() const noexcept { return zone_; }
  /// The municipality the code belongs to: Paris (75056) for its arrondissements 75101-75120,
  /// Lyon (69123) for 69381-69389, Marseille (13055) for 13201-13216; the code itself otherwise.
  /// A wish for a municipality covers its arrondissements.
  [[nodiscard]] commune_code municipality() const noexcept;
  /// True when a wish for `wished` covers a dwelling in this commune (same code, or `wished` is
  /// this arrondissement's municipality).
  [[nodiscard]] bool covered_by(const commune_code& wished) const noexcept {
    return wished == *this || wished == municipality();
  }

  friend bool operator==(const commune_code& a, const commune_code& b) noexcept {
    return a.code_ == b.code_;
  }
  friend auto operator<=>(const commune_code& a, const commune_code& b) noexcept {
    return a.code_ <=> b.code_;
  }

 private:
  commune_code(std::array<char, 5> c, std::uint16_t department, income_zone zone)
      : code_(c), department_(department), zone_(zone) {}
  std::array<char, 5> code_{};
  std::uint16_t department_ = 0;  ///< Dense department index, derived from the code.
  income_zone zone_{};            ///< Derived from the code.
};

/// The zone of a commune (`commune.zone()`): zone 1 for Paris (75056 and 75101-75120) and the 29
/// bordering communes listed in SPEC 3.2 (92012 Boulogne-Billancourt included), zone 2 for the rest
/// of Île-de-France, zone 3 elsewhere.
[[nodiscard]] income_zone zone_of(const commune_code& commune) noexcept;

/// `1`, `2`, `3`.
[[nodiscard]] constexpr int number(income_zone z) noexcept { return static_cast<int>(z); }

}  // namespace cotation

template <>
struct fmt::formatter<cotation::department> : fmt::formatter<std::string_view> {
  auto format(const cotation::department& d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(d.code(), ctx);
  }
};

template <>
struct fmt::formatter<cotation::commune_code> : fmt::formatter<std::string_view> {
  auto format(const cotation::commune_code& c, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(c.code(), ctx);
  }
};

template <>
struct fmt::formatter<cotation::income_zone> : fmt::formatter<std::string_view> {
  auto format(cotation::income_zone z, format_context& ctx) const {
    static constexpr std::string_view names[] = {"zone 1", "zone 2", "zone 3"};
    return fmt::formatter<std::string_view>::format(names[cotation::number(z) - 1], ctx);
  }
};
