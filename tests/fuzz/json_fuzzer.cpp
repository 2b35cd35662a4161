// SPDX-License-Identifier: MIT
// libFuzzer target: the data set JSON reader. Any input either throws `cotation::error` or reads
// into a model that writes out, reads back equal, and writes out again to the same bytes. The
// reader (simdjson, falling back to the reference parser where it stops) must also agree with
// the reference parser alone: the same model, or the same error at the same place.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <cotation/error.hpp>
#include <cotation/json.hpp>

namespace cotation::detail {
// Not in a public header: the reference parser alone (src/io/data_set_json.cpp).
data_set read_data_set_reference(std::string_view json_text, std::string_view source_name);
}  // namespace cotation::detail

namespace {
/// What a refusal says: the message, and the place for a document error.
std::string refusal(const cotation::error& e) {
  std::string out = e.what();
  if (const auto* d = dynamic_cast<const cotation::document_error*>(&e); d && d->position()) {
    out += " @" + std::to_string(d->position()->line) + ":" +
           std::to_string(d->position()->column) + ":" + std::to_string(d->position()->offset);
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<cotation::data_set> reference;
  std::string reference_refusal;
  try {
    reference = cotation::detail::read_data_set_reference(text, "fuzz");
  } catch (const cotation::error& e) {
    reference_refusal = refusal(e);
  }
  cotation::data_set model;
  try {
    model = cotation::read_data_set(text, "fuzz");
  } catch (const cotation::error& e) {
    // Refused, as documented; and as the reference parser refuses it.
    if (reference || refusal(e) != reference_refusal) std::abort();
    return 0;
  }
  if (!reference || !(*reference == model)) std::abort();
  const std::string written = cotation::to_json(model);
  const cotation::data_set back = cotation::read_data_set(written, "written");
  if (!(back == model)) std::abort();
  if (cotation::to_json(back) != written) std::abort();
  return 0;
}
