// SPDX-License-Identifier: MIT
// The JSON document tree shared by the library's readers and writers (data sets, engine
// snapshots, event logs): parsing with exact numbers and visible duplicate keys, a reader that
// tracks the JSON pointer of the value being read, strict objects, and the canonical printer.
#pragma once

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/error.hpp>
#include <cotation/geography.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/request_number.hpp>
#include <cotation/statistics.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/io_text.hpp"

namespace cotation::detail {

// ---------------------------------------------------------------------------------------------
// A small document tree. nlohmann's SAX interface builds it so that numbers keep their original
// text (money is read from the text, exactly) and duplicate keys stay visible.

struct jvalue {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind k = kind::null;
  bool flag = false;              // boolean value
  std::string text;               // string value, or the number's token
  std::vector<std::string> keys;  // object keys in document order, parallel to `items`
  std::vector<jvalue> items;      // array items, or object values
};

std::string_view kind_name(jvalue::kind k);

/// Appends a reference token to a JSON pointer (RFC 6901: '~' is written "~0" and '/' "~1").
void append_token(std::string& pointer, std::string_view token);

/// An array of the root object whose items are handed over one by one while the document is
/// parsed, then dropped: a large document (2.7 million applicants) is never held whole as a tree.
/// Only the first occurrence of `key` streams; the array is left empty in the tree.
struct streamed_array {
  std::string key;
  /// Receives each complete item with its index; may throw (the parse stops).
  std::function<void(const jvalue& item, std::size_t index)> sink;
};

/// Parses a JSON text into the tree; throws `document_error` naming `source`, with the pointer
/// and the line and column of a syntax error.
jvalue parse_tree(std::string_view text, std::string_view source,
                  const streamed_array* streamed = nullptr);

/// Finds the line and column of a byte offset, for syntax errors.
using locator = std::function<text_position(std::size_t offset)>;

/// Parses a JSON text read from `in` as it comes; `locate` places a syntax error.
jvalue parse_tree(std::istream& in, std::string_view source, const locator& locate,
                  const streamed_array* streamed = nullptr);

/// The line and column of a byte offset in `text`.
text_position position_in(std::string_view text, std::size_t offset);

// ---------------------------------------------------------------------------------------------
// Reading the tree into the model.

// ---------------------------------------------------------------------------------------------
// Reading the tree into the model.

class reader {
 public:
  explicit reader(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(std::string reason) const {
    throw document_error(source_, pointer_, std::move(reason));
  }

  /// Appends a token to the pointer for the lifetime of the scope.
  class scope {
   public:
    scope(reader& r, std::string_view token) : r_(r), size_(r.pointer_.size()) {
      append_token(r.pointer_, token);
    }
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
    ~scope() { r_.pointer_.resize(size_); }

   private:
    reader& r_;
    std::size_t size_;
  };

  [[nodiscard]] scope enter(std::string_view key) { return scope(*this, key); }
  [[nodiscard]] scope enter(std::size_t index) { return scope(*this, fmt::format("{}", index)); }
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }

  void expect(const jvalue& v, jvalue::kind k) const {
    if (v.k != k) fail(fmt::format("expected {}, got {}", kind_name(k), kind_name(v.k)));
  }

  /// Re-throws an `invalid_argument` from `validate()`: its field path (`household.members[2]
  /// .birth_date`) becomes a pointer below the current one.
  [[noreturn]] void fail_model(std::string_view field_path, const std::string& reason) {
    std::string p = pointer_;
    std::string token;
    for (const char c : field_path) {
      if (c == '.' || c == '[' || c == ']') {
        if (!token.empty()) append_token(p, token);
        token.clear();
      } else {
        token += c;
      }
    }
    if (!token.empty()) append_token(p, token);
    throw document_error(source_, std::move(p), reason);
  }

 private:
  std::string source_;
  std::string pointer_;
};

/// The fields of one object: unknown and repeated keys are rejected up front.
class object_fields {
 public:
  object_fields(reader& r, const jvalue& v, std::initializer_list<std::string_view> allowed)
      : r_(r), allowed_(allowed), slots_(allowed.size(), nullptr) {
    r.expect(v, jvalue::kind::object);
    for (std::size_t i = 0; i < v.keys.size(); ++i) {
      const std::string& key = v.keys[i];
      const auto it = std::find(allowed_.begin(), allowed_.end(), key);
      if (it == allowed_.end()) {
        auto s = r.enter(key);
        std::string list;
        for (const auto a : allowed_) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
        const auto suggestion = detail::closest(key, allowed_);
        r.fail(suggestion
                   ? fmt::format("unknown field \"{}\" (did you mean \"{}\"?)", key, *suggestion)
                   : fmt::format("unknown field \"{}\" (allowed: {})", key, list));
      }
      const auto slot = static_cast<std::size_t>(it - allowed_.begin());
      if (slots_[slot] != nullptr) {
        auto s = r.enter(key);
        r.fail(fmt::format("field \"{}\" is given twice", key));
      }
      slots_[slot] = &v.items[i];
    }
  }

  /// The value of a field that must be present.
  template <typename F>
  auto required(std::string_view key, F&& read) {
    const jvalue* v = find(key);
    auto s = r_.enter(key);
    if (v == nullptr) r_.fail("required field is missing");
    return read(*v);
  }

  /// The value of an optional field; absent gives nothing (`null` is not "absent": it is a
  /// value of the wrong type).
  template <typename F>
  auto optional(std::string_view key, F&& read) -> std::optional<decltype(read(jvalue{}))> {
    const jvalue* v = find(key);
    if (v == nullptr) return std::nullopt;
    auto s = r_.enter(key);
    return read(*v);
  }

  /// The value of an optional field, or `fallback` when absent.
  template <typename T, typename F>
  T defaulted(std::string_view key, T fallback, F&& read) {
    auto v = optional(key, std::forward<F>(read));
    return v ? std::move(*v) : std::move(fallback);
  }

 private:
  const jvalue* find(std::string_view key) const {
    const auto it = std::find(allowed_.begin(), allowed_.end(), key);
    return slots_[static_cast<std::size_t>(it - allowed_.begin())];
  }

  reader& r_;
  std::vector<std::string_view> allowed_;
  std::vector<const jvalue*> slots_;
};

std::string read_string(const reader& r, const jvalue& v);
bool read_bool(const reader& r, const jvalue& v);
int read_int(const reader& r, const jvalue& v, int min = std::numeric_limits<int>::min(),
             int max = std::numeric_limits<int>::max());
money read_money(const reader& r, const jvalue& v);
date read_date(const reader& r, const jvalue& v);
request_number read_request_number(const reader& r, const jvalue& v);
department read_department(const reader& r, const jvalue& v);
commune_code read_commune(const reader& r, const jvalue& v);

template <typename E>
E read_enum(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto e = detail::enum_from_name<E>(v.text)) return *e;
  r.fail(detail::unknown_enum_message<E>(v.text));
}

template <typename F>
auto read_array(reader& r, const jvalue& v, F&& read_item) {
  r.expect(v, jvalue::kind::array);
  std::vector<decltype(read_item(v))> out;
  out.reserve(v.items.size());
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    auto s = r.enter(i);
    out.push_back(read_item(v.items[i]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing: the model becomes a tree, printed in the canonical layout.

jvalue j_string(std::string_view s);
jvalue j_number(std::string text);
jvalue j_int(int n);
jvalue j_money(money m);
jvalue j_bool(bool b);
/// Throws `invalid_argument` naming `field` when `d` is not a date.
jvalue j_date(date d, std::string_view field);

template <typename E>
jvalue j_enum(E e) {
  return j_string(detail::name_of(e));
}

struct object_builder {
  jvalue v = [] {
    jvalue o;
    o.k = jvalue::kind::object;
    return o;
  }();
  object_builder& add(std::string_view key, jvalue value) {
    v.keys.emplace_back(key);
    v.items.push_back(std::move(value));
    return *this;
  }
  [[nodiscard]] bool empty() const noexcept { return v.keys.empty(); }
};

/// A JSON array of `to_value(item, index)` for each item of `items` (a `std::vector`, a
/// score card's `small_vector`: anything with `size()` and `operator[]`).
template <typename Items, typename F>
jvalue j_array(const Items& items, F&& to_value) {
  jvalue v;
  v.k = jvalue::kind::array;
  v.items.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) v.items.push_back(to_value(items[i], i));
  return v;
}

/// Appends `s` as a JSON string literal (UTF-8 kept, control characters escaped).
void print_string(std::string_view s, std::string& out);

/// Appends `v` in the canonical layout, as the value of a member or item whose line is indented
/// by `indent` (for writers that stream a document piece by piece).
void print_value(const jvalue& v, std::string& out, std::size_t indent);

/// Appends one item of a multi-line array whose `[` line is indented by `indent`: on its own line
/// (a flat object on one line when it fits), with a comma unless it is the `last`.
void print_array_item(const jvalue& item, std::string& out, std::size_t indent, bool last);

/// The canonical layout, ending with a newline: objects one field per line, arrays of scalars on
/// one line, arrays of objects one item per line (a flat object on that line when it fits).
std::string print_document(const jvalue& v);
/// The whole value on one line, without a newline (a line of a JSON-lines log).
std::string print_line(const jvalue& v);

// ---------------------------------------------------------------------------------------------
// The model's objects (the items of a data set document).

/// Reads an applicant object and validates it (`validate`), faults at their pointers.
applicant read_applicant(reader& r, const jvalue& v);
/// Reads an offer object and validates it.
offer read_offer(reader& r, const jvalue& v);
/// Reads an attribution record `{"on": "2025-01-02", "size": "pme"}`.
attribution_record read_attribution_record(reader& r, const jvalue& v);
/// Writes an attribution record; throws `invalid_argument` naming `field` for a date that is
/// not one.
jvalue write_attribution_record(const attribution_record& a, std::string_view field);
/// Writes an applicant object; throws `invalid_argument` when it fails `validate`.
jvalue write_applicant(const applicant& a);
/// Writes an offer object; throws `invalid_argument` when it fails `validate`.
jvalue write_offer(const offer& of);

}  // namespace cotation::detail
