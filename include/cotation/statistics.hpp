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
#include <vector>

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

/// The attributions fed forward by the allocation cycle, kept sorted by date with running
/// counts per category, so that the counts of any window cost two binary searches.
class attribution_statistics {
 public:
  attribution_statistics() = default;
  /// Any order; sorted once.
  explicit attribution_statistics(std::vector<attribution_record> records);

  /// Records one attribution. Amortised O(1) when attributions arrive in date order (the
  /// cycle's case); an earlier date costs a re-sort of the later records.
  void add(const attribution_record& r);

  /// Attributions by category (PME, ETI, GE) dated in `[from, to]`, both ends included.
  [[nodiscard]] std::array<std::int64_t, company_size_count> count(date from,
                                                                   date to) const noexcept;
  /// The shares over the `window_months` months ending at `reference`, with `target`.
  [[nodiscard]] attribution_shares shares(
      date reference, int window_months,
      const std::array<basis_points, company_size_count>& target) const;

  /// Every record, by date (stable for equal dates: insertion order).
  [[nodiscard]] std::span<const attribution_record> records() const noexcept { return records_; }
  [[nodiscard]] std::size_t size() const noexcept { return records_.size(); }

  friend bool operator==(const attribution_statistics& a, const attribution_statistics& b) {
    return a.records_ == b.records_;
  }

 private:
  void rebuild_from(std::size_t first);
  std::vector<attribution_record> records_;
  /// running_[k][c]: records of category c among the first k records.
  std::vector<std::array<std::int64_t, company_size_count>> running_{{}};
};

/// Default targets: each category's share of the active requests, rounded down (the three may
/// sum to slightly less than 100 %). All zero when there is no active request.
[[nodiscard]] std::array<basis_points, company_size_count> default_targets(
    const std::array<std::int64_t, company_size_count>& active_requests) noexcept;

}  // namespace cotation
