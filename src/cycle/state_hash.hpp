// SPDX-License-Identifier: MIT
// The engine's digest, kept up to date event by event: the sums of one 64-bit hash per request
// and per offer (so they depend neither on the order in which requests and offers are stored nor
// on how the state was reached: live, replayed or loaded), the clock and the statistics. Not
// cryptographic: two different states give different digests with overwhelming probability, no
// more.
#pragma once

#include <cotation/engine.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cotation::detail {

/// Field-by-field hashing: every value is folded in as 64-bit words, byte strings with their
/// length, in little-endian order whatever the machine.
class state_hasher {
 public:
  void add(std::uint64_t v) noexcept {
    h_ = (h_ ^ v) * 0x9E3779B97F4A7C15ULL;
    h_ ^= h_ >> 29;
  }
  void add(std::span<const std::uint8_t> bytes) noexcept;
  void add(std::string_view s) noexcept;
  void add(date d) noexcept {
    add(d.is_special() ? ~0ULL : static_cast<std::uint64_t>(d.day_number()));
  }
  void add(const std::optional<date>& d) noexcept {
    add(d ? 1ULL : 0ULL);
    if (d) add(*d);
  }
  [[nodiscard]] std::uint64_t value() const noexcept;

 private:
  std::uint64_t h_ = 0x6A09E667F3BCC908ULL;
};

/// The hash of one request as the engine holds it: every field.
[[nodiscard]] std::uint64_t hash_request(const applicant& a);
/// The hash of one offer record: the offer, its state, positionings, closing (ranks, scores,
/// the cards' totals and lines without their explanatory facts), decisions and attributions.
[[nodiscard]] std::uint64_t hash_offer(const offer_record& r);

}  // namespace cotation::detail
