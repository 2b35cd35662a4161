// SPDX-License-Identifier: MIT
// libFuzzer target: the request-number parser. `check` and `parse` agree: a text without a
// problem parses to a number that prints back the same text; a text with one throws
// `invalid_request_number` at the same position.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <cotation/error.hpp>
#include <cotation/request_number.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto problem = cotation::request_number::check(text);
  try {
    const cotation::request_number n = cotation::request_number::parse(text);
    if (problem) std::abort();
    if (n.str() != text) std::abort();
    if (n.month() < 1 || n.month() > 12) std::abort();
    (void)n.department();
  } catch (const cotation::invalid_request_number& e) {
    if (!problem || e.position() != problem->position) std::abort();
    if (problem->position > text.size()) std::abort();
  }
  return 0;
}
