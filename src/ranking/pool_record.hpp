// SPDX-License-Identifier: MIT
// A request as one compact byte record (the pool's cold store): every field of an `applicant`,
// integers as LEB128 varints, dates as days from 2020-01-01, amounts as whole euros and the
// cents left, typologies and documents in one number each when listed in order, communes in
// 3 bytes, the employer as an interned index. The fields the request's head holds (its filing,
// removal, reference person's birth, job start, resources and expected benefit) come first and
// are left out of the arena when the head holds them: about 41 bytes a national request there.
// No heap object per request: all records live in one byte arena. A record's hot part (what
// ranking reads) comes first, its cold part (what only a whole decoding reads) last, so that
// `applicant_pool::spill_cold` moves the cold part to a file with a cut at one place.
#pragma once

#include <cotation/applicant.hpp>
#include <cotation/scoring.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/eligibility_row.hpp"

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

/// A commune code as a number: base 12 over its five characters ('A' 10, 'B' 11), below
/// `commune_numbers`.
[[nodiscard]] std::uint32_t commune_number(const commune_code& c) noexcept;
constexpr std::uint32_t commune_numbers = 12 * 12 * 12 * 12 * 12;

/// An applicant to decode into (its number is a placeholder until then).
[[nodiscard]] applicant blank_applicant();

/// Where a record's tail starts (the record without its held fields, `held_fields`), in bytes
/// from its start: written by `encode_record`, read back by `checked_decode_record`. The tail
/// starts with what ranking reads, in the order it reads it (incomes, housing and mobility,
/// employer, history, wishes), so that a head needs no marks into it.
struct record_marks {
  std::uint32_t tail = 0;
};

/// What the gate and the grid read of a request apart from its lists, in fixed places (the
/// varint record must be read field after field to reach any of them): ranking reads this and
/// the lists at the start of the record's tail, never the whole record, and no calendar
/// conversion (the expiry and the last young-household day are worked out when the request is
/// placed). 28 bytes. The mobility's distance and time and the
/// current effort's cost, which only the requests that have them need, are read from the
/// record (`mobility` and `effort` say which). A request with a value out of these narrow
/// fields (a date before 1900 or after 2079-06-06, an amount beyond ±21 million euros a month)
/// is marked `slow`, and ranking decodes its record instead.
struct request_head {
  static constexpr std::uint16_t none = 0;
  static constexpr std::uint32_t epoch = 2415021;  ///< 1900-01-01's day number
  // flags
  static constexpr std::uint16_t slow = 1U << 0;
  static constexpr std::uint16_t employer_validated = 1U << 1;
  static constexpr std::uint16_t bumped = 1U << 2;    ///< rank = persons + 1 (disability, single)
  static constexpr std::uint16_t mobility = 1U << 3;  ///< a distance and a time in the record
  static constexpr std::uint16_t single_parent = 1U << 4;
  static constexpr std::uint16_t household_disability = 1U << 5;
  static constexpr std::uint16_t key_worker = 1U << 6;
  static constexpr std::uint16_t dalo = 1U << 7;
  static constexpr std::uint16_t domestic_violence = 1U << 8;
  static constexpr std::uint16_t homeless_hosted_or_threatened = 1U << 9;
  static constexpr std::uint16_t effort = 1U << 10;  ///< a current effort (its cost in the record)
  static constexpr int peec_shift = 11;              ///< two bits
  static constexpr int size_shift = 13;  ///< two bits: the company size, even when `slow`
  /// The record's cold part is in the pool's cold file (`applicant_pool::spill_cold`), and
  /// its hot part ends with the cold part's offset there (`cold_offset_at`). Never with `slow`.
  static constexpr std::uint16_t cold_on_disk = 1U << 15;

  /// Dates as days after `epoch` (1900-01-01), up to 2079-06-06; `none` (the epoch itself)
  /// for no date.
  std::uint16_t expiry = none;
  std::uint16_t removed = none;
  std::uint16_t filing = none;
  std::uint16_t birth = none;  ///< the reference person's
  std::uint16_t job_start = none;
  std::uint16_t young_until = none;  ///< the last young-household day
  std::int32_t resources = 0;        ///< cents a month
  std::int32_t benefit = 0;          ///< expected housing benefit, cents a month
  std::uint8_t persons = 1;
  std::uint8_t missing_documents = 0;
  std::uint16_t flags = slow;
  /// Where the record is in the pool's arena, in bytes (the pool's only copy: ranking reaches
  /// the record from the head); the pool's `free_slot` at a free index.
  std::uint32_t record = 0;
};

static_assert(sizeof(request_head) == 28);

/// The head of a request: `row` is `row_of(a)`.
[[nodiscard]] request_head head_of(const applicant& a, const eligibility_row& row);

/// What ranking reads of one request, read from its head and its record's lists into storage
/// kept from call to call: the gate's row (its rank valid at every date) and the grid's facts
/// (no reference income nor PLUS ceiling: they depend on the offer). The spans point into this
/// value.
struct ranking_row {
  eligibility_row row;
  candidate_facts facts;
  int persons = 1;
  std::vector<annual_income> incomes;
  cotation::wishes wished;
  std::vector<date> refusals;  ///< the applicant's, then the commission's
};

/// Reads request `h`'s row and facts, its lists from `record` (its tail); the employer only
/// `with_employer` (else the row has none). `h` must not be `slow`.
void read_ranking_row(const request_head& h, const std::uint8_t* record,
                      const employer_table& employers, bool with_employer, ranking_row& out);

/// The fields of a request that its head holds when it is not `slow`: a record then leaves
/// them out (its tail alone), and they are read back from the head (`held_of`). A record whose
/// head is `slow` starts with them (`encode_record`'s whole form). About 12 bytes a request.
struct held_fields {
  date initial_filing;
  std::optional<date> removed_on;
  /// The birth of the household's first reference person (as `facts_of` reads it), none when
  /// it has none; the record's member list leaves that birth out.
  std::optional<date> reference_birth;
  date job_start;
  money monthly_resources;
  money expected_housing_benefit;
};

/// The held fields of a request whose head `h` is not `slow`.
[[nodiscard]] held_fields held_of(const request_head& h) noexcept;

/// Appends the held fields of the request whose head `h` is not `slow`, in the form
/// `encode_record` starts with (a snapshot keeps them beside the records).
void encode_held(const request_head& h, std::vector<std::uint8_t>& out);

/// Reads held fields written by `encode_held` from outside bytes, `in` from `at`, which it
/// moves past them; every read is bounds-checked and every value range-checked, else
/// `cotation::data_error` at `head fields`.
held_fields checked_read_held(std::span<const std::uint8_t> in, std::size_t& at);

/// Appends the record of `a` (without its request number, which the pool keeps in a column) to
/// `out`, its employer as `employer`, its index in the pool's `employer_table`
/// (`a.employment.employer` is not read): its held fields (`held_fields`), then its tail, which
/// starts `marks->tail` bytes in. The pool keeps the tail alone when the head holds the held
/// fields. `marks`, when given, receives where the tail and its lists start.
void encode_record(const applicant& a, std::uint32_t employer, std::vector<std::uint8_t>& out,
                   record_marks* marks = nullptr);

/// Reads the record of the request whose head is `h`, at `record` (`applicant_pool::columns`'s
/// `body`: its tail when `h` is not `slow`, else the whole record), into `a`, reusing `a`'s
/// storage (its vectors keep their capacity: decoding into the same value again allocates
/// nothing). `a.number` is left as it is. Without `with_employer`, `a.employment.employer` is
/// left empty instead of copied from the table (a cache miss of its own per record, for callers
/// that do not read it). Returns the number of bytes read from `record`.
/// `cold_file` is the pool's mapped cold file (`cold_file::data`), read when `h` is
/// `cold_on_disk`; the bytes read from `record` are then the hot part's and the offset's.
std::size_t decode_record(const request_head& h, const std::uint8_t* record,
                          const employer_table& employers, applicant& a, bool with_employer = true,
                          const std::uint8_t* cold_file = nullptr);

/// A record's hot part and its cold part (`encode_record`): ranking reads the first (incomes,
/// housing and mobility, employer, history, wishes), only a whole decoding the second (last
/// renewal, members, contract, salaries, employer's kinds and headcount, situation, dossier).
/// The size of the hot part of a tail `record` (of a head that is not `slow`).
[[nodiscard]] std::size_t hot_size(const std::uint8_t* record);
/// The bytes that replace a record's cold part in the arena once it is in the cold file: its
/// offset there, least significant byte first.
constexpr std::size_t cold_offset_size = 4;
/// The offset in the cold file that `put_cold_offset` wrote at `at`: the end of the hot part of
/// a record whose head is `cold_on_disk` (`at` = the record + its `hot_size`).
[[nodiscard]] std::uint32_t cold_offset_at(const std::uint8_t* at);
/// Appends `offset` as `cold_offset_at` reads it.
void put_cold_offset(std::vector<std::uint8_t>& out, std::uint32_t offset);
/// The size of the cold part at `cold` of the request whose head (not `slow`) is `h`.
[[nodiscard]] std::size_t cold_size(const request_head& h, const std::uint8_t* cold);

/// Reads the incomes of a request whose head is not `slow` from its record's tail `record` (its
/// first section).
void read_record_incomes(const std::uint8_t* record, std::vector<annual_income>& out);

/// Reads the wishes of a request whose head is not `slow` from its record's tail `record` (the
/// fifth section, after the incomes, housing and mobility, employer and history, and the hot
/// part's last). Returns the bytes read: the hot part's size (`hot_size`).
std::size_t read_record_wishes(const std::uint8_t* record, wishes& out);

/// The size in bytes of request `h`'s record at `record` (its tail, or the whole record when
/// `h` is `slow`; its hot part and the cold part's offset when `h` is `cold_on_disk`): the
/// record decoded.
[[nodiscard]] std::size_t record_size(const request_head& h, const std::uint8_t* record,
                                      const employer_table& employers);

/// The index in `employers` of the employer of request `h`, whose record is at `record`
/// (its tail, or its whole record when `h` is `slow`).
[[nodiscard]] std::uint32_t record_employer(const request_head& h, const std::uint8_t* record,
                                            const employer_table& employers);

/// What `checked_decode_record` read: the employer's index in the pool's `employer_table`, and
/// the record's size in bytes.
struct checked_record {
  std::uint32_t employer = 0;
  std::size_t size = 0;
};

/// Reads a record of the pool's arena from the first bytes of `in`, which come from outside:
/// its tail with `held` (`held_fields` kept beside it), or without `held` the whole record
/// `encode_record` wrote (its fields say where it ends). Every read is bounds-checked (within
/// `in`) and every value range-checked. Throws `cotation::data_error` at `record` when the
/// bytes do not start with a record. `marks`, when given, receives where the tail and its lists
/// start.
checked_record checked_decode_record(std::span<const std::uint8_t> in, const held_fields* held,
                                     const employer_table& employers, applicant& a,
                                     record_marks* marks = nullptr);

}  // namespace cotation::detail
