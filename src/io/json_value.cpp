// SPDX-License-Identifier: MIT
#include "io/json_value.hpp"

namespace cotation::detail {

std::string_view kind_name(jvalue::kind k) {
  switch (k) {
    case jvalue::kind::null:
      return "null";
    case jvalue::kind::boolean:
      return "a boolean";
    case jvalue::kind::number:
      return "a number";
    case jvalue::kind::string:
      return "a string";
    case jvalue::kind::array:
      return "an array";
    case jvalue::kind::object:
      return "an object";
  }
  return "?";
}

}  // namespace cotation::detail
