// SPDX-License-Identifier: MIT
// JSON pointers (RFC 6901), as the library's faults name the place of a bad value: one escaping
// for the JSON layer (io) and the grid's validation (rules).
#pragma once

#include <string>
#include <string_view>

namespace cotation::detail {

/// Appends `/token` to `pointer`, '~' written "~0" and '/' written "~1".
inline void append_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

}  // namespace cotation::detail
