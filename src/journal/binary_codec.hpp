// SPDX-License-Identifier: MIT
// The binary form of events and of the engine's records: what the journal stores for each event
// and what a binary snapshot is made of. Little-endian, unsigned integers as LEB128 varints,
// signed ones zig-zagged, dates as day numbers (0 for "not a date"), strings and lists prefixed
// with their length. The reader is strict: reading past the end, an enumerator out of range, a
// malformed request number or commune code throws `binary_fault` with the byte offset, and the
// caller names the file and the record. Not a stable interchange format: it is versioned with
// the journal and the snapshot (`format_version` below), and the JSON lines are the export.
#pragma once

#include <cotation/engine.hpp>
#include <cotation/events.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cotation::detail {

/// Bumped whenever the encoding of a record changes: a journal or a snapshot written with
/// another version is refused.
inline constexpr std::uint32_t binary_format_version = 1;

/// A fault in binary data: `offset` is the byte where reading failed.
struct binary_fault : std::runtime_error {
  binary_fault(std::size_t at, const std::string& why) : std::runtime_error(why), offset(at) {}
  std::size_t offset;
};

/// Appends to a byte string.
class byte_writer {
 public:
  explicit byte_writer(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void svarint(std::int64_t v) {
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void fixed64(std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    out_.append(b, 8);
  }
  void bytes(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void raw(std::string_view s) { out_.append(s); }
  [[nodiscard]] std::size_t size() const noexcept { return out_.size(); }

 private:
  std::string& out_;
};

/// Reads what `byte_writer` wrote; every read checks the bounds.
class byte_reader {
 public:
  explicit byte_reader(std::string_view in, std::size_t base = 0) : in_(in), base_(base) {}
  [[nodiscard]] std::size_t offset() const noexcept { return base_ + pos_; }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == in_.size(); }
  [[noreturn]] void fail(const std::string& why) const { throw binary_fault(offset(), why); }
  std::uint8_t u8() {
    if (pos_ >= in_.size()) fail("truncated: the record ends early");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = u8();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    fail("a number is longer than 64 bits");
  }
  std::int64_t svarint() {
    const std::uint64_t u = varint();
    return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
  }
  std::uint64_t fixed64() {
    const std::string_view b = raw(8);
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
      v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    return v;
  }
  std::string_view raw(std::size_t n) {
    if (n > in_.size() - pos_) fail("truncated: the record ends early");
    const std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view bytes() { return raw(static_cast<std::size_t>(length(1))); }
  /// A count of items of at least `min_bytes` each: bounded by what is left, so a corrupt count
  /// cannot allocate more than the input.
  std::uint64_t length(std::size_t min_bytes = 1) {
    const std::uint64_t n = varint();
    if (n > (in_.size() - pos_) / std::max<std::size_t>(min_bytes, 1)) {
      fail("a length is larger than what is left");
    }
    return n;
  }

 private:
  std::string_view in_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
};

/// A 64-bit checksum of bytes (word-wise multiply-xor mixing; not cryptographic): detects
/// truncation, flipped bits and torn writes.
[[nodiscard]] std::uint64_t checksum64(std::string_view bytes, std::uint64_t seed = 0) noexcept;

void encode(byte_writer& w, const event& e);
[[nodiscard]] event decode_event(byte_reader& r);
void encode(byte_writer& w, const applicant& a);
[[nodiscard]] applicant decode_applicant(byte_reader& r);
void encode(byte_writer& w, const offer& o);
[[nodiscard]] offer decode_offer(byte_reader& r);
void encode(byte_writer& w, const offer_record& o);
[[nodiscard]] offer_record decode_offer_record(byte_reader& r);
void encode(byte_writer& w, const attribution_record& a);
[[nodiscard]] attribution_record decode_attribution_record(byte_reader& r);

/// One event as bytes (the journal's row).
[[nodiscard]] std::string encode_event(const event& e);
/// Reads one whole event; throws `binary_fault` when the bytes are not exactly one event.
[[nodiscard]] event decode_event(std::string_view bytes);

}  // namespace cotation::detail
