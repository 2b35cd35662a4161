// SPDX-License-Identifier: MIT
// Aligned text tables for the command-line tool: columns padded by display width (UTF-8 code
// points, so `€` and `é` count as one), two spaces between columns, no trailing spaces.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cotation::cli {

/// Display width of UTF-8 text: its number of code points (the tool prints no wide characters).
[[nodiscard]] std::size_t display_width(std::string_view utf8) noexcept;

/// `text` cut to at most `width` columns, ending with `…` when cut; never splits a code point.
[[nodiscard]] std::string truncate_to_width(std::string_view text, std::size_t width);

/// A table printed with aligned columns.
class text_table {
 public:
  enum class align : unsigned char { left, right };
  struct column {
    std::string heading;
    align alignment = align::left;
    /// Cells wider than this are cut with `…`; 0 means no limit.
    std::size_t max_width = 0;
  };

  explicit text_table(std::vector<column> columns);

  /// One row; `cells.size()` must equal the number of columns.
  void add_row(std::vector<std::string> cells);
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }

  /// Prints the heading line and the rows, each line starting with `indent`.
  void print(std::ostream& out, std::string_view indent = "") const;

 private:
  std::vector<column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace cotation::cli
