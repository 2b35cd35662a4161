// SPDX-License-Identifier: MIT
// The JSON document tree every JSON document of the library is read into and written from:
// numbers keep their text (money is read from it exactly), objects keep their keys in document
// order with duplicates visible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detail/json_pointer.hpp"

namespace cotation::detail {

/// One JSON value.
struct jvalue {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind k = kind::null;
  bool flag = false;              // boolean value
  std::string text;               // string value, or the number's token
  std::vector<std::string> keys;  // object keys in document order, parallel to `items`
  std::vector<jvalue> items;      // array items, or object values
};

/// "null", "a boolean", "a number", "a string", "an array" or "an object".
std::string_view kind_name(jvalue::kind k);

}  // namespace cotation::detail
