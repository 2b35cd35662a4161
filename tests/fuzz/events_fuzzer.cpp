// SPDX-License-Identifier: MIT
// libFuzzer target: the event log. Each line either throws `cotation::error` or reads into an
// event that writes out and reads back equal; the whole input replayed into an engine either
// applies or throws `cotation::error` (a `log_error` naming the line), never anything else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/events.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    std::optional<cotation::event> e;
    try {
      e.emplace(cotation::event_from_json_line(line, "fuzz"));
    } catch (const cotation::error&) {
      continue;
    }
    std::string written;
    try {
      written = cotation::to_json_line(*e);
    } catch (const cotation::invalid_argument&) {
      std::abort();  // read, so it must write
    }
    if (!(cotation::event_from_json_line(written, "written") == *e)) std::abort();
  }
  std::istringstream log{std::string(text)};
  cotation::allocation_engine engine;
  try {
    (void)engine.replay(log, "fuzz");
  } catch (const cotation::error&) {
  }
  return 0;
}
