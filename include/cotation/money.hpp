// SPDX-License-Identifier: MIT
/// \file
/// Exact money: an integer number of euro cents. Never floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace cotation {

/// An amount of money in euro cents. Regular value type; arithmetic is exact.
///
/// Construct with `money::euros(26044)` or `money::cents(51235)`. Amounts may be negative only
/// as the result of arithmetic (a net cost after benefit); the model validates that incomes,
/// rents and salaries it receives are not negative.
class money {
 public:
  constexpr money() noexcept = default;

  [[nodiscard]] static constexpr money cents(std::int64_t c) noexcept { return money{c}; }
  [[nodiscard]] static constexpr money euros(std::int64_t e) noexcept { return money{e * 100}; }

  /// The amount in cents.
  [[nodiscard]] constexpr std::int64_t in_cents() const noexcept { return cents_; }
  /// Whole euros, rounded toward zero.
  [[nodiscard]] constexpr std::int64_t whole_euros() const noexcept { return cents_ / 100; }

  constexpr money& operator+=(money o) noexcept {
    cents_ += o.cents_;
    return *this;
  }
  constexpr money& operator-=(money o) noexcept {
    cents_ -= o.cents_;
    return *this;
  }
  [[nodiscard]] friend constexpr money operator+(money a, money b) noexcept { return a += b; }
  [[nodiscard]] friend constexpr money operator-(money a, money b) noexcept { return a -= b; }
  [[nodiscard]] friend constexpr money operator-(money a) noexcept { return money{-a.cents_}; }
  [[nodiscard]] friend constexpr money operator*(money a, std::int64_t k) noexcept {
    return money{a.cents_ * k};
  }
  [[nodiscard]] friend constexpr money operator*(std::int64_t k, money a) noexcept {
    return money{a.cents_ * k};
  }

  friend constexpr auto operator<=>(money, money) noexcept = default;

 private:
  constexpr explicit money(std::int64_t c) noexcept : cents_(c) {}
  std::int64_t cents_ = 0;
};

/// `amount` × `numerator` / `denominator`, rounded half away from zero to the cent.
/// Used for PLS = PLUS × 130/100 and other published percentages; `denominator` > 0.
[[nodiscard]] constexpr money scale(money amount, std::int64_t numerator,
                                    std::int64_t denominator) noexcept {
  const std::int64_t p = amount.in_cents() * numerator;
  const std::int64_t q =
      p >= 0 ? (p + denominator / 2) / denominator : -((-p + denominator / 2) / denominator);
  return money::cents(q);
}

/// `amount` rounded half up to whole euros.
[[nodiscard]] constexpr money round_to_euro(money amount) noexcept {
  return money::euros(scale(amount, 1, 100).in_cents());
}

/// French-style rendering: `26 044 €`, `512,35 €`, `-12,50 €` (cents shown only when not zero).
[[nodiscard]] std::string to_string(money m);

/// A ratio in basis points (1/100 of a percent): 3300 is 33 %.
struct basis_points {
  std::int64_t value = 0;
  friend constexpr auto operator<=>(basis_points, basis_points) noexcept = default;
};

/// `part / whole` in basis points, rounded down; `whole` must be positive.
[[nodiscard]] constexpr basis_points ratio(money part, money whole) noexcept {
  return basis_points{part.in_cents() * 10000 / whole.in_cents()};
}

/// `33 %`, `33,33 %`.
[[nodiscard]] std::string to_string(basis_points bp);

}  // namespace cotation

template <>
struct fmt::formatter<cotation::money> : fmt::formatter<std::string_view> {
  auto format(cotation::money m, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::to_string(m), ctx);
  }
};

template <>
struct fmt::formatter<cotation::basis_points> : fmt::formatter<std::string_view> {
  auto format(cotation::basis_points bp, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::to_string(bp), ctx);
  }
};
