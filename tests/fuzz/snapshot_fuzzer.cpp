// SPDX-License-Identifier: MIT
// libFuzzer target: the engine snapshot (JSON). Any input either throws `cotation::error` or loads
// into an engine whose own snapshot loads again into an engine with the same digest and the
// same snapshot text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <cotation/engine.hpp>
#include <cotation/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<cotation::allocation_engine> engine;
  try {
    engine.emplace(cotation::allocation_engine::from_snapshot(text, {}, "fuzz"));
  } catch (const cotation::error&) {
    return 0;
  }
  const std::string written = engine->snapshot();
  const cotation::allocation_engine back =
      cotation::allocation_engine::from_snapshot(written, {}, "written");
  if (back.digest() != engine->digest()) std::abort();
  if (back.snapshot() != written) std::abort();
  return 0;
}
