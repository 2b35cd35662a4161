// SPDX-License-Identifier: MIT
/// \file
/// A small streaming JSON writer for answers built member by member (the tool's `--format json`
/// outputs, a service's responses): keys in the order they are written (deterministic),
/// two-space indentation, one member or item per line, arrays of scalars optionally on one
/// line, strings quoted and money written exactly as the library's documents do (a number of
/// euros, two decimals when not whole).
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

#include <cotation/calendar.hpp>
#include <cotation/money.hpp>

namespace cotation {

/// Writes one JSON value to a stream. Misuse (a value in an object without a key, an unclosed
/// container at `finish`) is a programming error, checked by assertions.
class json_writer {
 public:
  explicit json_writer(std::ostream& out) : out_(out) {}
  json_writer(const json_writer&) = delete;
  json_writer& operator=(const json_writer&) = delete;

  /// `{` ... `}`.
  json_writer& begin_object();
  json_writer& end_object();
  /// `[` ... `]`; `one_line` puts every item on the `[` line (for short lists of scalars).
  json_writer& begin_array(bool one_line = false);
  json_writer& end_array();

  /// The key of the next member (inside an object only).
  json_writer& key(std::string_view k);

  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(bool b);
  json_writer& value(std::int64_t n);
  json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& value(std::size_t n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& value(money m);
  json_writer& value(date d);
  json_writer& null();

  /// `key(k).value(v)`.
  template <typename T>
  json_writer& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// Ends the document with a newline; every container must be closed.
  void finish();

 private:
  struct frame {
    bool object = false;
    bool one_line = false;
    std::size_t count = 0;
  };
  void before_value();
  void raw(std::string_view text);
  void newline_indent();

  std::ostream& out_;
  std::vector<frame> stack_;
  bool after_key_ = false;
};

/// `text` as a JSON string literal (quotes included, UTF-8 kept, control characters escaped).
[[nodiscard]] std::string json_quote(std::string_view text);

}  // namespace cotation
