// SPDX-License-Identifier: MIT
// Appending an aggregate without a temporary where the compiler allows it.
#pragma once

#include <utility>
#include <vector>

namespace cotation::detail {

/// `v.emplace_back(args...)` for an aggregate `T`: built in place with C++20's parenthesised
/// aggregate initialisation (GCC 10+), else from a braced temporary (clang 14 lacks P0960). In
/// place, a score card's inline lines are neither zero-filled nor moved.
template <typename T, typename... Args>
T& emplace_aggregate(std::vector<T>& v, Args&&... args) {
#if defined(__cpp_aggregate_paren_init)
  return v.emplace_back(std::forward<Args>(args)...);
#else
  return v.emplace_back(T{std::forward<Args>(args)...});
#endif
}

}  // namespace cotation::detail
