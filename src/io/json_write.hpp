// SPDX-License-Identifier: MIT
// Writing: values become a tree (`j_*`, `object_builder`, `j_array`), printed in the one
// canonical layout of the library's documents (deterministic: the same value, the same bytes)
// or on one line (a line of a JSON-lines log).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <cotation/calendar.hpp>
#include <cotation/money.hpp>

#include "detail/enum_names.hpp"
#include "io/json_value.hpp"

namespace cotation::detail {

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

}  // namespace cotation::detail
