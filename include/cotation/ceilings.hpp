// SPDX-License-Identifier: MIT
/// \file
/// Income ceilings by financing, year, zone and household category (SPEC 3.3, 3.4).
///
/// Ceilings are data: one text file per year under `data/ceilings/`, also compiled into the
/// library as the embedded default (`ceiling_table::embedded()`), so a new year's arrêté is a
/// data change. A cell that is not published is a `no_ceiling` outcome, never a guess.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <variant>

#include <cotation/geography.hpp>
#include <cotation/household.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>

namespace cotation {

/// One published row: the six category amounts and the amount per additional person.
/// A cell that is not published is empty.
struct ceiling_row {
  std::array<std::optional<money>, 6> by_category;
  std::optional<money> per_additional_person;
  friend bool operator==(const ceiling_row&, const ceiling_row&) = default;
};

/// Why no ceiling is available.
struct no_ceiling {
  cotation::financing financing = financing::plus;
  int year = 0;
  income_zone zone = income_zone::zone_3;
  household_category category;
  friend bool operator==(const no_ceiling&, const no_ceiling&) = default;
};

/// A ceiling or the reason there is none.
using ceiling_lookup = std::variant<money, no_ceiling>;

/// Ceiling tables for several years and financings.
///
/// PLS is not stored: it is derived from the household's PLUS ceiling (additional persons
/// included) as PLUS × 130 / 100, rounded half up to the whole euro. For a household beyond
/// category 6 the ceiling is the category-6 amount plus the per-person amount for each
/// additional person; when either is missing, there is no ceiling.
class ceiling_table {
 public:
  ceiling_table() = default;

  /// The tables bundled with the library (PLUS 2024-2026, PLAI 2022 and the published 2025
  /// cells), parsed once from the embedded copies of `data/ceilings/*.txt`.
  [[nodiscard]] static const ceiling_table& embedded();

  /// Reads one year's file. Format (comments start with `#`, blank lines ignored):
  /// ```
  /// year 2025
  /// # financing zone c1 c2 c3 c4 c5 c6 per_person   ('-' marks an unpublished cell)
  /// PLUS 1 26687 39885 52284 62424 74271 83575 9313
  /// ```
  /// Amounts are whole euros. Throws `cotation::data_error` with `file:line` and the reason for
  /// any malformed line, unknown financing (PLS is derived, not read), zone outside 1-3, negative,
  /// non-numeric or absurd (over 1 000 000 000) amount, a row given twice, or a missing `year`
  /// line. `name` is used in messages (a path, or `embedded:plus-2025`).
  void load(std::string_view text, std::string_view name);
  /// Reads a file from disk (same format); throws `cotation::data_error` when it cannot be read.
  void load_file(const std::filesystem::path& path);
  /// Reads every `*.txt` file of a directory, in name order.
  void load_directory(const std::filesystem::path& dir);

  /// Sets a row directly (replaces any existing one). `f` must not be PLS.
  void set(cotation::financing f, int year, income_zone zone, const ceiling_row& row);

  /// The ceiling, or why there is none.
  [[nodiscard]] ceiling_lookup lookup(cotation::financing f, int year, income_zone zone,
                                      household_category category) const;

  /// Years for which at least one row is known, ascending.
  [[nodiscard]] std::vector<int> years() const;

  friend bool operator==(const ceiling_table&, const ceiling_table&) = default;

 private:
  std::map<std::tuple<cotation::financing, int, income_zone>, ceiling_row> rows_;
};

}  // namespace cotation

template <>
struct fmt::formatter<cotation::no_ceiling> : fmt::formatter<std::string_view> {
  auto format(const cotation::no_ceiling& n, format_context& ctx) const {
    return fmt::format_to(ctx.out(), "no {} ceiling for {}, {}, {}", n.financing, n.year, n.zone,
                          n.category);
  }
};
