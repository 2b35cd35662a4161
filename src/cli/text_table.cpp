// SPDX-License-Identifier: MIT
#include "text_table.hpp"

#include <algorithm>
#include <cassert>

namespace cotation::cli {

namespace {
bool continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }
}  // namespace

std::size_t display_width(std::string_view utf8) noexcept {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return !continuation(c); }));
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  // Keep width - 1 code points and add the ellipsis.
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if (!continuation(text[i])) {
      if (kept == width - 1) break;
      ++kept;
    }
  }
  std::string out(text.substr(0, i));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "…";
  return out;
}

text_table::text_table(std::vector<column> columns) : columns_(std::move(columns)) {}

void text_table::add_row(std::vector<std::string> cells) {
  assert(cells.size() == columns_.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (columns_[c].max_width != 0) cells[c] = truncate_to_width(cells[c], columns_[c].max_width);
  }
  rows_.push_back(std::move(cells));
}

void text_table::print(std::ostream& out, std::string_view indent) const {
  std::vector<std::size_t> widths(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    widths[c] = display_width(columns_[c].heading);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  const auto line = [&](const auto& cell_of) {
    std::string text(indent);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string_view cell = cell_of(c);
      const std::size_t pad = widths[c] - display_width(cell);
      if (c != 0) text += "  ";
      if (columns_[c].alignment == align::right) {
        text.append(pad, ' ');
        text += cell;
      } else {
        text += cell;
        text.append(pad, ' ');
      }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  line([&](std::size_t c) -> std::string_view { return columns_[c].heading; });
  for (const auto& row : rows_) {
    line([&](std::size_t c) -> std::string_view { return row[c]; });
  }
}

}  // namespace cotation::cli
