// SPDX-License-Identifier: MIT
// libFuzzer target: the data set JSON reader. Any input either throws `cotation::error` or reads
// into a model that writes out, reads back equal, and writes out again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <cotation/error.hpp>
#include <cotation/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cotation::data_set model;
  try {
    model = cotation::read_data_set(text, "fuzz");
  } catch (const cotation::error&) {
    return 0;  // refused, as documented: a document error with its pointer
  }
  const std::string written = cotation::to_json(model);
  const cotation::data_set back = cotation::read_data_set(written, "written");
  if (!(back == model)) std::abort();
  if (cotation::to_json(back) != written) std::abort();
  return 0;
}
