// SPDX-License-Identifier: MIT
/// \file
/// Attribution statistics by company size, the input of the ALS balancing criterion (SPEC 4).
///
/// The allocation cycle feeds dated attributions forward; scoring reads the counts over the
/// grid's window and the target share of each category (by default, the category's share of
/// the active requests).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/money.hpp>

namespace cotation {

/// Number of company-size categories (PME, ETI, GE).
inline constexpr std::size_t company_size_count = 3;

/// Index of a category in the per-category arrays: PME 0, ETI 1, GE 2.
[[nodiscard]] constexpr std::size_t index_of(company_size s) noexcept {
  return static_cast<std::size_t>(s);
}

/// One attribution: the day the dwelling was attributed and the company-size category of the
/// beneficiary's employer.
struct attribution_record {
  date on;
  company_size size = company_size::pme;
  friend bool operator==(const attribution_record&, const attribution_record&) = default;
};

/// Attributions in the window by category, and each category's target share.
struct attribution_shares {
  std::array<std::int64_t, company_size_count> attributions_in_window{};
  std::array<basis_points, company_size_count> target{};

  /// Counts the records in `[reference − window_months, reference]` (both ends included).
  [[nodiscard]] static attribution_shares from(
      std::span<const attribution_record> records, date reference, int window_months,
      const std::array<basis_points, company_size_count>& target);

  /// Attributions of every category in the window.
  [[nodiscard]] constexpr std::int64_t total() const noexcept {
    return attributions_in_window[0] + attributions_in_window[1] + attributions_in_window[2];
  }
  /// The category's share of the attributions, rounded down; nothing when there is none.
  [[nodiscard]] std::optional<basis_points> share(company_size s) const noexcept;

  friend bool operator==(const attribution_shares&, const attribution_shares&) = default;
};

/// Default targets: each category's share of the active requests, rounded down (the three may
/// sum to slightly less than 100 %). All zero when there is no active request.
[[nodiscard]] std::array<basis_points, company_size_count> default_targets(
    const std::array<std::int64_t, company_size_count>& active_requests) noexcept;

}  // namespace cotation
