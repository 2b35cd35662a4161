// SPDX-License-Identifier: MIT
// A request as one compact byte record (the pool's cold store): every field of an `applicant`,
// integers as LEB128 varints, dates as day numbers, the employer as an interned index. No
// heap object per request: all records live in one byte arena.
#pragma once

#include <cotation/applicant.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace cotation::detail {

/// Employer ids interned once: a record holds the index.
class employer_table {
 public:
  /// The index of `e`, added when new.
  std::uint32_t intern(const employer_id& e);
  /// The index of an employer id, if known.
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view value) const;
  [[nodiscard]] const employer_id& operator[](std::uint32_t i) const noexcept { return ids_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept;

 private:
  std::vector<employer_id> ids_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

/// An applicant to decode into (its number is a placeholder until then).
[[nodiscard]] applicant blank_applicant();

/// Appends the record of `a` (without its request number, which the pool keeps in a column) to
/// `out`, its employer as `employer`, its index in the pool's `employer_table`
/// (`a.employment.employer` is not read).
void encode_record(const applicant& a, std::uint32_t employer, std::vector<std::uint8_t>& out);

/// Reads a record written by `encode_record` into `a`, reusing `a`'s storage (its vectors keep
/// their capacity: decoding into the same value again allocates nothing). `a.number` is left
/// as it is. Without `with_employer`, `a.employment.employer` is left empty instead of copied
/// from the table (a cache miss of its own per record, for callers that do not read it).
/// Returns the number of bytes read.
std::size_t decode_record(const std::uint8_t* in, const employer_table& employers, applicant& a,
                          bool with_employer = true);

/// Reads a record of the pool's arena (its varint length, then the bytes `encode_record`
/// wrote) from bytes that come from outside: every read is bounds-checked and every value
/// range-checked. Throws `cotation::data_error` at `record` when the bytes are not a record.
/// Returns the employer's index in `employers`.
std::uint32_t checked_decode_record(std::span<const std::uint8_t> in,
                                    const employer_table& employers, applicant& a);

}  // namespace cotation::detail
