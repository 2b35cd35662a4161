// SPDX-License-Identifier: MIT
/// \file
/// Strong identifiers for employers and offers.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace cotation {

/// Identifies a company (its SIREN, or any stable key the embedding service uses).
struct employer_id {
  std::string value;
  friend bool operator==(const employer_id&, const employer_id&) = default;
  friend auto operator<=>(const employer_id&, const employer_id&) = default;
};

/// Identifies a published offer (a dwelling).
struct offer_id {
  std::string value;
  friend bool operator==(const offer_id&, const offer_id&) = default;
  friend auto operator<=>(const offer_id&, const offer_id&) = default;
};

}  // namespace cotation

template <>
struct fmt::formatter<cotation::employer_id> : fmt::formatter<std::string_view> {
  auto format(const cotation::employer_id& id, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(id.value, ctx);
  }
};

template <>
struct fmt::formatter<cotation::offer_id> : fmt::formatter<std::string_view> {
  auto format(const cotation::offer_id& id, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(id.value, ctx);
  }
};
