// SPDX-License-Identifier: MIT
/// \file
/// The library's exception family.
///
/// Errors come in two tiers. A broken input (a malformed request number, table file, grid or
/// document) throws a `cotation::error` that names the place and the reason. An expected domain
/// outcome (an ineligible applicant, no ceiling published for a year) is a value, never an
/// exception.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cotation {

/// Base of every exception thrown by the library.
///
/// `where()` names the place of the fault: a field path (`household.members[2].birth_date`), a
/// JSON pointer, `file:line`, or a character position. `reason()` says what is wrong with it.
/// `what()` is `"<where>: <reason>"`, or just the reason when there is no place.
class error : public std::runtime_error {
 public:
  error(std::string where, std::string reason);

  [[nodiscard]] const std::string& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 protected:
  /// For subclasses whose `what()` says more than `"<where>: <reason>"`.
  error(std::string where, std::string reason, const std::string& what);

 private:
  std::string where_;
  std::string reason_;
};

/// A request number (NUR/NUD) that does not follow the published layout.
class invalid_request_number : public error {
 public:
  /// `position` is the 0-based index of the offending character, or the length for a length
  /// error.
  invalid_request_number(std::string_view input, std::size_t position, std::string reason);
  [[nodiscard]] std::size_t position() const noexcept { return position_; }

 private:
  std::size_t position_;
};

/// A data file (ceiling table, parameters) that cannot be read; `where()` is `file:line`.
class data_error : public error {
 public:
  using error::error;
};

/// A place in a text document: 1-based line and column (in bytes), and the 0-based byte offset.
struct text_position {
  std::size_t line = 1;
  std::size_t column = 1;
  std::size_t offset = 0;
  friend bool operator==(const text_position&, const text_position&) = default;
};

/// A JSON document that cannot be read into the model.
///
/// `where()` is the JSON pointer (RFC 6901) of the offending value, e.g.
/// `/applicants/3/household/members/0/birth_date`; the empty pointer is the whole document.
/// `source()` names the document (a path, or the name the caller gave). `position()` is known
/// for syntax errors only. `what()` is `"<source> at <pointer>: <reason>"`, or
/// `"<source>: <reason>"` for the whole document (the form of `grid_error`, the other JSON
/// reader's error).
class document_error : public error {
 public:
  document_error(std::string source, std::string pointer, std::string reason,
                 std::optional<text_position> position = std::nullopt);

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const std::optional<text_position>& position() const noexcept { return position_; }
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string source_;
  std::optional<text_position> position_;
  std::string message_;
};

/// A CSV file that cannot be read into the model. `where()` is `<source>:<line>` (the line where
/// the record starts, 1-based, the header being line 1; just `<source>` for line 0, a fault of
/// the whole file such as one that cannot be opened), `column()` the header name of the
/// offending cell (empty when the fault is the whole line), and `reason()` starts with
/// `column "<name>": ` when a column is known:
/// `pool.csv:12: column "income_n2": "12a00" is not an amount`.
class csv_error : public data_error {
 public:
  csv_error(std::string_view source, std::size_t line, std::string column, std::string reason);

  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& column() const noexcept { return column_; }

 private:
  std::size_t line_;
  std::string column_;
};

/// A value that violates the model's invariants (negative income, unknown enumerator, date out
/// of range); `where()` is the field path.
class invalid_argument : public error {
 public:
  using error::error;
};

/// A scoring grid that cannot be used: malformed JSON, a duplicate key, an unknown or missing
/// field, a value of the wrong type, an unknown criterion kind, a duplicate criterion id, a
/// window out of range, a cap on an unknown group. `where()` is the JSON pointer of the
/// offending value (`/criteria/3/window_months`; empty for the whole document), `source()`
/// names the document (a file name, or the grid's id). `what()` is
/// `"<source> at <where>: <reason>"`.
class grid_error : public error {
 public:
  grid_error(std::string source, std::string pointer, std::string reason);
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::string source_;
};

/// A line of an event log that cannot be replayed: malformed or truncated JSON, an invalid
/// event, or an event the engine refuses. `where()` is `<source>:<line>` (1-based lines),
/// `pointer()` the JSON pointer of the fault inside the line (empty for the whole line), and
/// `applied()` the number of events applied before it: the lines before it stay applied, and
/// nothing after it is. `what()` is `"<source>:<line> at <pointer>: <reason>"`, or
/// `"<source>:<line>: <reason>"`.
class log_error : public data_error {
 public:
  log_error(std::string_view source, std::size_t line, std::string pointer, std::string reason,
            std::size_t applied);

  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  [[nodiscard]] std::size_t applied() const noexcept { return applied_; }

 private:
  std::size_t line_;
  std::string pointer_;
  std::size_t applied_;
};

}  // namespace cotation
