// SPDX-License-Identifier: MIT
#include <cotation/json_writer.hpp>

#include <cassert>
#include <string>

#include <fmt/format.h>

#include "io/io_text.hpp"
#include "io/json_write.hpp"

namespace cotation {

std::string json_quote(std::string_view text) {
  std::string out;
  detail::print_string(text, out);
  return out;
}

void json_writer::newline_indent() {
  out_ << '\n';
  for (std::size_t i = 0; i < stack_.size(); ++i) out_ << "  ";
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  frame& f = stack_.back();
  assert(!f.object && "a value inside an object needs a key");
  if (f.count++ != 0) out_ << (f.one_line ? ", " : ",");
  if (!f.one_line) newline_indent();
}

void json_writer::raw(std::string_view text) {
  before_value();
  out_ << text;
}

json_writer& json_writer::begin_object() {
  raw("{");
  stack_.push_back(frame{true, false, 0});
  return *this;
}

json_writer& json_writer::end_object() {
  assert(!stack_.empty() && stack_.back().object);
  const bool had_members = stack_.back().count != 0;
  stack_.pop_back();
  if (had_members) newline_indent();
  out_ << '}';
  return *this;
}

json_writer& json_writer::begin_array(bool one_line) {
  raw("[");
  stack_.push_back(frame{false, one_line, 0});
  return *this;
}

json_writer& json_writer::end_array() {
  assert(!stack_.empty() && !stack_.back().object);
  const frame f = stack_.back();
  stack_.pop_back();
  if (f.count != 0 && !f.one_line) newline_indent();
  out_ << ']';
  return *this;
}

json_writer& json_writer::key(std::string_view k) {
  assert(!stack_.empty() && stack_.back().object);
  frame& f = stack_.back();
  if (f.count++ != 0) out_ << ',';
  newline_indent();
  out_ << json_quote(k) << ": ";
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view s) {
  raw(json_quote(s));
  return *this;
}

json_writer& json_writer::value(bool b) {
  raw(b ? "true" : "false");
  return *this;
}

json_writer& json_writer::value(std::int64_t n) {
  raw(fmt::format("{}", n));
  return *this;
}

json_writer& json_writer::value(money m) {
  raw(detail::format_euros(m));
  return *this;
}

json_writer& json_writer::value(date d) {
  if (d.is_special()) return null();
  return value(std::string_view(to_iso(d)));
}

json_writer& json_writer::null() {
  raw("null");
  return *this;
}

void json_writer::finish() {
  assert(stack_.empty());
  out_ << '\n';
}

}  // namespace cotation
