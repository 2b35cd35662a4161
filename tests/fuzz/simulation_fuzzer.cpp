// SPDX-License-Identifier: MIT
// libFuzzer target: the simulation document. Any input either throws `cotation::error` or reads
// into a result that writes out, reads back, and writes out again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <cotation/error.hpp>
#include <cotation/simulation.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cotation::simulation_result r;
  try {
    r = cotation::simulation_from_json(text, "fuzz");
  } catch (const cotation::error&) {
    return 0;
  }
  const std::string written = cotation::to_json(r);
  const cotation::simulation_result back = cotation::simulation_from_json(written, "written");
  if (cotation::to_json(back) != written) std::abort();
  (void)cotation::describe(back);
  return 0;
}
