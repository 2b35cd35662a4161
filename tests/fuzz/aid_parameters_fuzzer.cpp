// SPDX-License-Identifier: MIT
// libFuzzer target: the aid parameter files. Any input either throws `cotation::error` (a
// `data_error` naming `file:line`) or loads; a refused file leaves the parameters as they were.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <cotation/aid_parameters.hpp>
#include <cotation/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cotation::aid_parameters p;
  try {
    p.load(text, "fuzz");
  } catch (const cotation::error&) {
    return 0;
  }
  // Loaded once, the same text loads again over itself (each parameter replaced, not doubled).
  try {
    p.load(text, "again");
  } catch (const cotation::error&) {
  }
  return 0;
}
