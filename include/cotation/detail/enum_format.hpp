// SPDX-License-Identifier: MIT
/// \file
/// fmt support for the library's enumerations: any enum `E` in namespace `cotation` that has a
/// `std::string_view to_string(E)` overload prints as that string.
#pragma once

#include <concepts>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace cotation::detail {
template <typename E>
concept named_enum = std::is_enum_v<E> && requires(E e) {
  { to_string(e) } -> std::convertible_to<std::string_view>;
};
}  // namespace cotation::detail

template <cotation::detail::named_enum E>
struct fmt::formatter<E> : fmt::formatter<std::string_view> {
  auto format(E e, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(to_string(e), ctx);
  }
};
