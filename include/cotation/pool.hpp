// SPDX-License-Identifier: MIT
/// \file
/// The applicant pool: every request of a territory (up to the whole country's 2.7 million)
/// in a compact store kept up to date request by request, the engine behind eligible counts
/// and rankings. The friendly `applicant` values are the API; the pool is what hot paths read.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/offer.hpp>
#include <cotation/scoring.hpp>

namespace cotation {

namespace detail {
struct pool_loader;  // the CSV loader's access (src/ranking/pool_loader.hpp)
}  // namespace detail

/// Index of a request in an `applicant_pool`. Stable while the request stays in the pool; the
/// index of a removed request may be given to a later `add`.
using pool_index = std::uint32_t;

/// Receives the bytes `applicant_pool::save` writes, block after block.
using byte_sink = std::function<void(std::span<const std::byte>)>;
/// Fills the whole span it is given with the next bytes of what `save` wrote; throws when
/// there are not enough (its exception goes through `applicant_pool::load` unchanged).
using byte_source = std::function<void(std::span<std::byte>)>;

/// Where a pool's memory goes (`applicant_pool::memory`): bytes held, growth room included,
/// by part. Printed by fmt as `total 534.4 MB (records 227.1 MB, heads 108.0 MB, ...)`.
struct pool_memory {
  std::size_t records = 0;       ///< the cold records' arena and the employers' names
  std::size_t heads = 0;         ///< the fixed head of every request (what ranking reads)
  std::size_t groups = 0;        ///< the counting groups' narrow columns and their maps
  std::size_t numbers = 0;       ///< the request numbers, one per index
  std::size_t number_index = 0;  ///< request numbers to indexes
  std::size_t other = 0;  ///< the rest: free indexes, retired marks, ALS day counts, the pool
  /// Not memory: the size of the file the records' cold parts were moved to
  /// (`applicant_pool::spill_cold`), 0 before; not in `total`.
  std::size_t on_disk = 0;
  [[nodiscard]] std::size_t total() const noexcept {
    return records + heads + groups + numbers + number_index + other;
  }
  /// What counting and look-ups read: all but the records.
  [[nodiscard]] std::size_t hot() const noexcept { return total() - records; }
  friend bool operator==(const pool_memory&, const pool_memory&) = default;
};

/// The requests of a territory (up to the whole country's 2.7 million), stored for eligibility
/// and ranking over the whole pool, and kept up to date request by request.
///
/// Layout. Cold: every request is one compact byte record (every field of its `applicant`,
/// integers as varints, the employer interned; the values its head holds left out) in one
/// shared arena, so that `get` gives the request back exactly, with no heap object per request;
/// `spill_cold` moves the part of each record that only `get` reads (its members, employment,
/// situation, dossier) to a file, mapped, leaving its hot part and an offset in memory.
/// Hot: for counting, every request has an entry under each area it may want (its wished
/// departments, or each wished commune whose department it does not wish whole, or one
/// "anywhere" area when it wishes no particular area); the entries are grouped by area,
/// household size and whether the household's rank is bumped (whole areas), or by commune, each
/// group as narrow contiguous columns, so one offer's count reads only the requests of the
/// right department and sizes, sequentially, in vectorised loops. Ranking: every request also
/// has a fixed head of 28 bytes (its dates, amounts and flags as the gate and the grid read
/// them, and where its record is), derived when it is placed; a record starts with the lists
/// ranking reads, in the order it reads them, and ranking reads the heads and those first
/// sections of the positioned requests, never a whole record. Request numbers are kept packed
/// in 10 bytes (`number` unpacks a copy).
///
/// Changes. `add`, `replace` and `remove` take amortised constant time (an entry leaves its
/// group by swapping the last entry into its place; replaced or removed records are reclaimed
/// when they become more than half of the arena). The only linear step is the first request
/// whose incomes need a new ceiling year (N-2 income of a year nobody declared): every group
/// then gets a column for that year.
///
/// Thread safety: every const member may be called concurrently; a change needs exclusive
/// access.
class applicant_pool {
 public:
  /// An empty pool, prepared for the default policy (see below).
  applicant_pool();
  /// An empty pool whose counting columns are tuned for `prepared_for`: `count_eligible` under
  /// a policy with the same maximum effort ratio, checking the effort ratio and the wishes,
  /// reads a few bytes per request in vectorised loops; any other policy gets the same exact
  /// answers, request by request, more slowly. Likewise the ceilings: the embedded table's,
  /// until `prepare_ceilings`.
  explicit applicant_pool(const eligibility_policy& prepared_for);
  /// The pool of `applicants`, `applicants[i]` at index `i`: the same as `add` of each in
  /// order. Throws `cotation::invalid_argument` whose `where()` is `applicants[i].<field>` for
  /// an invalid applicant or a request number given twice; then nothing is built.
  explicit applicant_pool(std::span<const applicant> applicants,
                          const eligibility_policy& prepared_for = {});
  ~applicant_pool();
  applicant_pool(applicant_pool&&) noexcept;
  applicant_pool& operator=(applicant_pool&&) noexcept;

  // ---- Changes -------------------------------------------------------------------------------

  /// Adds a request and returns its index: the most recently freed index if any, else
  /// `index_end()`. Validates it first (`validate(applicant)`): throws
  /// `cotation::invalid_argument` whose `where()` is `applicant.<field>` for an invalid one,
  /// `applicant.number` for a number already in the pool, `applicant.household.members` for a
  /// household of more than 255 persons; then the pool is unchanged.
  pool_index add(const applicant& a);
  /// Replaces request `i` by `a` in place (same index; the number may change, to one not used
  /// by another request). Throws like `add`, or `cotation::invalid_argument` at `index` when
  /// `i` is not a request of the pool; then the pool is unchanged.
  void replace(pool_index i, const applicant& a);
  /// Removes request `i` (its record, its entries, its number): it is no longer found,
  /// counted nor retrievable, and its index may be reused. Throws `cotation::invalid_argument`
  /// at `index` when `i` is not a request of the pool.
  void remove(pool_index i);
  /// Retires every request whose last valid day (the day before its expiry or its removal) is
  /// before `d`, and returns how many it retired. A retired request leaves the counting
  /// groups: `count_eligible`, `count_eligible_together` and `active_requests_by_size` count it
  /// at no date, even an earlier one, so call this with a date before which nothing will be
  /// counted again (an engine's clock). It stays a request of the pool: `contains`, `get`,
  /// `find`, `number` and the other accessors read it as before, `check` still answers for
  /// it. `replace` places it again (a retired request renewed or restored counts again);
  /// `remove` removes it. Linear in `index_end()` and in the entries (a pass over one column,
  /// then, when any request retires, one over the groups); allocates nothing.
  std::size_t retire_ended_before(date d);
  /// True when request `i` is retired (`retire_ended_before`).
  [[nodiscard]] bool retired(pool_index i) const noexcept;
  /// Prepares the counting for `ceilings` (the pool keeps a copy; the embedded table until
  /// then). The counting groups keep each reference income as its place among the ceilings this
  /// table publishes for the year (one byte where the amount took four), so that an offer is
  /// counted from them only when its ceilings are among those: counted with another table, it
  /// is counted exactly but request by request, as with another effort ratio. Call it when
  /// the counts will use another table (`--ceilings`, an engine's `engine_options::ceilings`).
  /// Reads every request once when the table's ceilings differ from the ones prepared; changes
  /// no answer and not the `version`.
  void prepare_ceilings(const ceiling_table& ceilings);
  /// Room for `n` requests in the index, the per-request columns and the record arena (at
  /// 52 bytes a record; room not used costs address space, not resident memory).
  void reserve(std::size_t n);
  /// Gives back the room kept for growth (a pool built by many `add`s holds up to twice what
  /// it uses in its growing columns). Each column is copied: the peak during the call is the
  /// pool and its largest column. Changes no answer and not the `version`.
  void shrink_to_fit();
  /// Moves the cold part of every record (what only `get` and the accessors that decode a whole
  /// request read: last renewal, members, contract, salaries, employer's kinds and headcount,
  /// situation, dossier; about 20 of a national record's 43 bytes) to a new unnamed file in
  /// `folder`, and maps it read-only: the arena keeps each record's hot part and a 4-byte
  /// offset. Reading a request whole then reads the file through the kernel's page cache, which
  /// the kernel fills when it is read and may empty again; counting and ranking never read it.
  /// Requests added or replaced afterwards keep their cold part in memory until the next call,
  /// which writes a new file with every cold part (none of the replaced ones) and drops the
  /// old one. `folder` should be on a disk: a file of a memory file system (tmpfs) is memory
  /// again. The file goes when the pool does (or the process); it is not a backup: `save`
  /// writes the records whole. A request with a value its head cannot hold (a date before 1900
  /// or after 2079, an amount beyond ±21 million euros a month) keeps its record whole in
  /// memory. Throws `cotation::error` naming `folder` when the file cannot be
  /// created or written (the pool is then unchanged). Changes no answer and not the
  /// `version`; the peak during the call is the pool and twice its new arena (built with room
  /// for the old one's size, then copied to its own).
  void spill_cold(const std::filesystem::path& folder);

  // ---- Requests ------------------------------------------------------------------------------

  /// Number of requests.
  [[nodiscard]] std::size_t size() const noexcept;
  /// A number that changes with every change of the requests (`add`, `replace`, `remove`, a
  /// retirement that retired some): while it is the same, this pool answers every count and
  /// every read the same, so that a caller may keep what it computed from it (the engine keeps
  /// its offers' eligible counts so). Not comparable between two pools.
  [[nodiscard]] std::uint64_t version() const noexcept;
  /// One past the highest index ever given: the indexes of the requests are in
  /// [0, index_end()), those of removed ones not reused yet are not `contains`.
  [[nodiscard]] pool_index index_end() const noexcept;
  /// True when `i` is the index of a request of the pool.
  [[nodiscard]] bool contains(pool_index i) const noexcept;
  /// The request at `i`, exactly as added (or last replaced). `i` must be `contains`.
  [[nodiscard]] applicant get(pool_index i) const;
  /// The same into `out`, reusing its storage.
  void get(pool_index i, applicant& out) const;

  /// The index of a request number, if present.
  [[nodiscard]] std::optional<pool_index> find(const request_number& n) const noexcept;
  /// `find` for many numbers at once (memory look-ups overlapped): `out[k]` is the index of
  /// `numbers[k]`; `out` has the size of `numbers`.
  void find_all(std::span<const request_number> numbers,
                std::span<std::optional<pool_index>> out) const noexcept;

  // The accessors below read request `i`, which must be `contains`.
  /// Its request number (the pool keeps it packed in 10 bytes: a copy is made).
  [[nodiscard]] request_number number(pool_index i) const noexcept;
  [[nodiscard]] date initial_filing(pool_index i) const;
  [[nodiscard]] company_size company(pool_index i) const noexcept;
  [[nodiscard]] request_state state(pool_index i, date at) const;
  /// Household persons (at least 1).
  [[nodiscard]] int persons(pool_index i) const;
  /// Reference income for ceiling year `year` (see `reference_income_for`).
  [[nodiscard]] std::optional<reference_income> reference_income_of(pool_index i, int year) const;
  /// Household category at `at` (see `category_of`).
  [[nodiscard]] household_category category(pool_index i, date at) const;

  /// What the grid reads about request `i`, offer-independent part (`facts_of(applicant)`):
  /// `reference_income` and `plus_ceiling` are left empty. The refusal spans point into
  /// storage of the calling thread, valid until that thread's next call of `facts`.
  [[nodiscard]] candidate_facts facts(pool_index i) const;

  // ---- Eligibility ---------------------------------------------------------------------------

  /// The gate for request `i`: the same result as `check_eligibility` on the applicant.
  [[nodiscard]] eligibility_result check(
      pool_index i, const offer& o, date at, const eligibility_policy& policy = {},
      const ceiling_table& ceilings = ceiling_table::embedded()) const;

  /// Number of requests of the pool eligible for `o` at `at`: equal to counting
  /// `check_eligibility(...).eligible()` over every applicant, without allocating.
  [[nodiscard]] std::size_t count_eligible(
      const offer& o, date at, const eligibility_policy& policy = {},
      const ceiling_table& ceilings = ceiling_table::embedded()) const;

  /// Valid (active or expiring) requests at `at`, by company size (PME, ETI, GE): the default
  /// ALS targets are these shares.
  [[nodiscard]] std::array<std::int64_t, 3> active_requests_by_size(date at) const noexcept;

  // ---- Memory and persistence ----------------------------------------------------------------

  /// The bytes of memory the pool holds, by part.
  [[nodiscard]] pool_memory memory() const noexcept;
  /// Bytes of memory the pool holds: records, per-request columns, counting groups, indexes
  /// (`memory().total()`).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  /// Of `memory_bytes`, what counting and look-ups read (the counting groups, the number index
  /// and the per-request columns), without the cold records (`memory().hot()`).
  [[nodiscard]] std::size_t hot_memory_bytes() const noexcept;

  /// Writes the pool to `sink` as a few blocks (sizes, request numbers, record offsets, the
  /// record arena, the fields the heads hold, the employers), without header, version or
  /// checksum (the caller's). The counting groups, the heads and the number index are not
  /// written: `load` rebuilds them.
  void save(const byte_sink& sink) const;
  /// Called by `load` with each request it reads, in index order, so that a caller derives its
  /// own per-request state without decoding the pool again. It runs on a thread of its own
  /// while the pool is being built (never concurrently with itself), and must not use the pool;
  /// the applicant is valid during the call only. When `load` throws, what it was given is to
  /// be thrown away (it may have seen requests after the faulty one).
  using request_visitor = std::function<void(pool_index, const applicant&)>;

  /// Reads a pool written by `save` (indexes preserved). The record arena is kept as written;
  /// each record is decoded, checked and validated as `add` validates, and its counting
  /// entries placed; on a machine of two cores or more, the validation and `visit` run on a
  /// second thread beside the placing. Throws `cotation::data_error` at `pool` naming the
  /// block or the request when the bytes are not a pool (`cotation::invalid_argument` like
  /// `add` for a request that decodes but is not valid): the fault of the lowest request, as
  /// if the requests were read one after the other; an exception of `source` or `visit` goes
  /// through. `prepared_for` as for the constructors.
  [[nodiscard]] static applicant_pool load(const byte_source& source,
                                           const eligibility_policy& prepared_for = {},
                                           const request_visitor& visit = {});

  struct columns;  ///< Implementation detail (`src/ranking/pool_columns.hpp`).
  [[nodiscard]] const columns& data() const noexcept { return *data_; }

 private:
  friend struct detail::pool_loader;
  /// `add`, with `validate` skipped when the caller ran it already (`!validate_first`).
  pool_index add_request(const applicant& a, bool validate_first);
  std::unique_ptr<columns> data_;
};

}  // namespace cotation

template <>
struct fmt::formatter<cotation::pool_memory> : fmt::formatter<std::string_view> {
  auto format(const cotation::pool_memory& m, fmt::format_context& ctx) const {
    const auto mb = [](std::size_t b) { return static_cast<double>(b) / 1e6; };
    return fmt::format_to(
        ctx.out(),
        "total {:.1f} MB (records {:.1f} MB, heads {:.1f} MB, groups {:.1f} MB, "
        "numbers {:.1f} MB, number index {:.1f} MB, other {:.1f} MB){}",
        mb(m.total()), mb(m.records), mb(m.heads), mb(m.groups), mb(m.numbers), mb(m.number_index),
        mb(m.other),
        m.on_disk == 0 ? std::string() : fmt::format(", on disk {:.1f} MB", mb(m.on_disk)));
  }
};
