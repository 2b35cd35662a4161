// SPDX-License-Identifier: MIT
// The line format shared by the bundled data files (ceilings, aid parameters): `#` starts a
// comment, blank lines are ignored, fields are separated by spaces or tabs.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace cotation::detail {

/// The fields of one line, comment removed.
[[nodiscard]] inline std::vector<std::string_view> split_fields(std::string_view line) {
  if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  std::vector<std::string_view> words;
  std::size_t i = 0;
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

/// Calls `f(line_number, fields)` for every line of `text` that has fields (1-based numbers).
template <typename F>
void for_each_data_line(std::string_view text, F&& f) {
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    ++line_no;
    const auto fields = split_fields(text.substr(pos, end - pos));
    if (!fields.empty()) f(line_no, fields);
    pos = end + 1;
  }
}

}  // namespace cotation::detail
