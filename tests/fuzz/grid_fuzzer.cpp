// SPDX-License-Identifier: MIT
// libFuzzer target: the grid JSON reader. Any input either throws `cotation::error` or reads into
// a grid that passes `validate`, compiles, writes out, reads back equal and writes out again to
// the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <cotation/error.hpp>
#include <cotation/grid.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cotation::grid g;
  try {
    g = cotation::grid_from_json(text, "fuzz");
  } catch (const cotation::error&) {
    return 0;
  }
  const cotation::compiled_grid compiled(g);
  const std::string written = cotation::to_json(g);
  const cotation::grid back = cotation::grid_from_json(written, "written");
  if (!(back == g)) std::abort();
  if (cotation::to_json(back) != written) std::abort();
  return 0;
}
