// SPDX-License-Identifier: MIT
// Enumerators by name: documents, logs and messages spell an enumerator exactly as its C++ name.
// Each module that owns enumerations gives their tables (io/io_text.hpp for the model's,
// cycle/cycle_names.hpp for the cycle's); the lookups here serve them all.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace cotation::detail {

/// The names of an enumeration's enumerators, in declaration order.
template <typename E>
using name_table = std::span<const std::pair<std::string_view, E>>;

/// Specialised once per enumeration with `COTATION_ENUM_NAMES`.
template <typename E>
[[nodiscard]] name_table<E> names() noexcept;

/// `COTATION_ENUM_NAMES(E, {"a", E::a}, {"b", E::b})` defines `names<E>()`.
#define COTATION_ENUM_NAMES(E, ...)                                          \
  template <>                                                                \
  [[nodiscard]] inline name_table<E> names<E>() noexcept {                   \
    static constexpr std::pair<std::string_view, E> table[] = {__VA_ARGS__}; \
    return table;                                                            \
  }

template <typename E>
[[nodiscard]] std::optional<E> enum_from_name(std::string_view name) noexcept {
  for (const auto& [n, e] : names<E>()) {
    if (n == name) return e;
  }
  return std::nullopt;
}

template <typename E>
[[nodiscard]] std::string_view name_of(E e) noexcept {
  for (const auto& [n, v] : names<E>()) {
    if (v == e) return n;
  }
  return "?";
}

/// `unknown value "CDI" (allowed: cdi, cdd, ...)`.
template <typename E>
[[nodiscard]] std::string unknown_enum_message(std::string_view got) {
  std::string allowed;
  for (const auto& [n, e] : names<E>()) {
    if (!allowed.empty()) allowed += ", ";
    allowed += n;
  }
  return fmt::format("unknown value \"{}\" (allowed: {})", got, allowed);
}

}  // namespace cotation::detail
