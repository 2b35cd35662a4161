// SPDX-License-Identifier: MIT
// Reading the tree strictly: a reader that tracks the JSON pointer of the value being read and
// fails with `document_error` naming the source and the pointer, objects whose unknown and
// repeated fields are refused, and the scalars of the documents (exact money, ISO dates, request
// numbers, departments, communes, enumerators by name).
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <cotation/calendar.hpp>
#include <cotation/error.hpp>
#include <cotation/geography.hpp>
#include <cotation/money.hpp>
#include <cotation/request_number.hpp>

#include "io/io_text.hpp"
#include "io/json_value.hpp"

namespace cotation::detail {

/// Reads values of one document, knowing where it is.
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

}  // namespace cotation::detail
