// SPDX-License-Identifier: MIT
// CSV records read one at a time, from a text in memory or from a stream in chunks (a national
// file of gigabytes is never held whole): RFC 4180 quoting with a chosen separator, the line
// each record starts on, cells trimmed unless quoted, blank records skipped. Shared by the
// readers of request pools and of positionings.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/csv.hpp>

namespace cotation::detail {

/// `s` without the spaces and tabs around it.
[[nodiscard]] inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// One record: the line it starts on (1-based) and its cells. The cells point into the reader's
/// buffer or the record's own storage: they stay valid until the next call to `next`.
struct csv_record {
  std::size_t line = 0;
  std::vector<std::string_view> cells;
  std::string storage;  ///< cells that had to be unquoted (slow path only)
};

class csv_records {
 public:
  /// Reads `text`, held by the caller for the reader's lifetime.
  csv_records(std::string_view text, std::string_view source);
  /// Reads `in` in chunks as records are asked for.
  csv_records(std::istream& in, std::string_view source);

  /// The separator: `;` when the header line has one, else `,`. Throws `csv_error` (line 1)
  /// when the header mixes both.
  [[nodiscard]] char separator() const noexcept { return separator_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// The next non-blank record; false at the end. Throws `csv_error` for an unclosed quote or
  /// text after a closing quote, or (line 0) when the stream cannot be read.
  bool next(csv_record& out);

 private:
  enum class outcome : unsigned char { record, blank, need_more };
  void start();
  /// The line at `pos_` split in place, or read by `parse_quoted` when it holds a quote.
  outcome parse_fast(csv_record& out);
  outcome parse_quoted(csv_record& out);
  /// Keeps the unread bytes and reads more after them; false when nothing more can come.
  bool fill();

  std::istream* in_ = nullptr;
  std::string source_;
  std::string buffer_;  // stream mode: the chunk being read
  std::string_view data_;
  std::size_t pos_ = 0;  // first unread byte of `data_`
  bool eof_ = true;      // nothing more to read after `data_`
  std::size_t line_ = 1;
  char separator_ = ',';
};

/// The header of a CSV file: where each known column is.
struct csv_header {
  /// `index[c]` is the cell of `columns[c]` in every record, or nothing when absent.
  std::vector<std::optional<std::size_t>> index;
  std::size_t width = 0;  ///< cells per record
  /// Throws `csv_error` at the record's line when it has not `width` cells.
  void check_width(const csv_record& r, std::string_view source) const;
};

/// Reads the first record as the header of a file with these columns: every name known (the
/// closest known name suggested otherwise), given once, the required ones present. Throws
/// `csv_error` at line 1.
[[nodiscard]] csv_header read_header(csv_records& records, std::span<const csv_column> columns);

}  // namespace cotation::detail
