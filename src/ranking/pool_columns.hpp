// SPDX-License-Identifier: MIT
// The pool's storage. Internal: sentinels are allowed here, never in the public API.
#pragma once

#include <cotation/ceilings.hpp>
#include <cotation/pool.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/container/flat_map.hpp>

#include "ranking/cold_file.hpp"
#include "ranking/packed_number.hpp"
#include "ranking/pool_record.hpp"
#include "rules/eligibility_row.hpp"

namespace cotation {

/// The narrow values counting compares for one entry (a request under one area it may want).
struct entry_values {
  pool_index request = 0;
  std::uint8_t persons = 1;        ///< saturated at 255
  std::uint16_t last_valid = 0;    ///< `entry_group::day_of`
  std::uint16_t bumped_until = 0;  ///< `entry_group::day_of`
  std::uint8_t typologies = 0;
  std::int32_t rent_limit = 0;
  std::uint32_t employer = 0;
};

/// Entries of one group, one narrow column per field, so that counting reads a few bytes per
/// entry sequentially and vectorises. A group is either every request that wishes a whole area
/// (a department, or anywhere) with a given household size, or every request that wishes one
/// commune of a department (any size: `persons` is checked). Unordered: an entry leaves by
/// swapping the last one into its place. Where a request's entry is is not kept (4 to 8 bytes a
/// request): it is found by scanning the group's `request` column (`find`), when the request
/// leaves.
struct entry_group {
  /// Days as the day columns keep them: after `detail::request_head::epoch` (1900-01-01), in 16
  /// bits, saturated: `never` (0) for every day up to the epoch, `always` (0xFFFF) for every day
  /// from 2079-06-06 on. Comparing such a day with a day from `first_counted_day` to
  /// `last_counted_day` is exact: a saturated value is below (or above) every day of that
  /// range, as the day it stands for.
  static constexpr std::uint16_t never = 0;
  static constexpr std::uint16_t always = std::numeric_limits<std::uint16_t>::max();
  /// The days (day numbers) the columns count at: the epoch's next day to the day before
  /// 2079-06-06; an offer at another date is counted by the gate.
  static constexpr std::int32_t first_counted_day = detail::request_head::epoch + 1;
  static constexpr std::int32_t last_counted_day = detail::request_head::epoch + always - 1;
  /// Day number `day` in 16 bits, saturated.
  [[nodiscard]] static constexpr std::uint16_t day_of(std::int64_t day) noexcept {
    return static_cast<std::uint16_t>(
        std::clamp<std::int64_t>(day - detail::request_head::epoch, never, always));
  }
  static constexpr std::int32_t unlimited = std::numeric_limits<std::int32_t>::max();
  /// What the `employer` column holds for every employer of this index or above.
  static constexpr std::uint16_t wide_employer = std::numeric_limits<std::uint16_t>::max();
  /// The `employer` column's value of interned employer `e`.
  [[nodiscard]] static constexpr std::uint16_t employer_of(std::uint32_t e) noexcept {
    return static_cast<std::uint16_t>(std::min<std::uint32_t>(e, wide_employer));
  }
  static constexpr std::uint8_t any_typology = 0x3F;

  /// How a group's entries have their household's rank bumped (persons + 1): never, always,
  /// or each until its own day (`bumped_until`). Whole-area groups are by it (most households
  /// are never bumped, and their groups keep no `bumped_until` column); commune groups are
  /// `dated`.
  enum class bumping : std::uint8_t { never, always, dated };
  /// The bumping of an entry whose `bumped_until` is `day` (`never` and `always` are the days
  /// that say so).
  [[nodiscard]] static constexpr bumping bumping_of(std::uint16_t day) noexcept {
    return day == never ? bumping::never : day == always ? bumping::always : bumping::dated;
  }
  /// Where the whole-area group of households of `persons` with bumping `b` is in
  /// `applicant_pool::columns::whole[view]`: three slots a household size.
  [[nodiscard]] static constexpr std::size_t whole_slot(std::size_t persons, bumping b) noexcept {
    return 3 * persons + static_cast<std::size_t>(b);
  }
  /// The household size of the whole-area groups at `slot` (`whole_slot`'s inverse).
  [[nodiscard]] static constexpr std::size_t slot_persons(std::size_t slot) noexcept {
    return slot / 3;
  }

  std::vector<pool_index> request;
  /// The household size of every entry of a whole-area group (its groups are by size), 0 in a
  /// commune group, whose entries keep theirs in `persons`.
  std::uint8_t fixed_persons = 0;
  bumping bump = bumping::dated;
  /// The household sizes of a commune group's entries (saturated at 255); empty in a
  /// whole-area group (`fixed_persons`).
  std::vector<std::uint8_t> persons;
  /// Last valid day (`day_of`); `never` when the dossier is incomplete.
  std::vector<std::uint16_t> last_valid;
  /// The household's rank is persons + 1 up to this day (`day_of`; `always` for a disability or
  /// a single adult with dependants, the last young-household day for a young couple), persons
  /// after it (`never`). Kept by `dated` groups only: in the others every entry's day is the
  /// group's (`never` or `always`).
  std::vector<std::uint16_t> bumped_until;
  std::vector<std::uint8_t> typologies;  ///< bit t-1 for Tt
  /// The highest rent + charges (cents) within both the budget and the effort ratio the pool
  /// was prepared for: min(max_rent, floor(max_ratio × resources) + benefit), saturated.
  std::vector<std::int32_t> rent_limit;
  /// The interned employer's index when below `wide_employer`, else `wide_employer` (the
  /// record has it): counting an offer reserved to an employer of index `wide_employer` or
  /// above is the gate's (`prepared_for`). 2 bytes an entry: a country's employers are a few
  /// thousand.
  std::vector<std::uint16_t> employer;
  /// Per prepared ceiling year (`columns::years`), the reference income as its rank on the
  /// year's ladder of ceilings (`columns::ladders`, `income_rank`): one byte an entry, where the
  /// amount took four.
  std::vector<std::vector<std::uint8_t>> income;

  [[nodiscard]] std::size_t size() const noexcept { return request.size(); }
  /// The household size of entry `e`.
  [[nodiscard]] std::uint8_t persons_of(std::size_t e) const noexcept {
    return fixed_persons != 0 ? fixed_persons : persons[e];
  }
  void push(const entry_values& v, std::span<const std::uint8_t> incomes);
  /// Moves the last entry to `at` and drops the last place.
  void swap_remove(std::uint32_t at);
  /// The place of request `r`'s entry (a request has at most one in a group), `size()` when it
  /// has none: a scan of the `request` column, 16 entries at a time (SSE2). A replacement in a
  /// department of 100 000 requests, whose groups hold 12 000 entries on average, took 0.37 µs
  /// more than with the places kept (docs/performance.md).
  [[nodiscard]] std::size_t find(pool_index r) const noexcept;
  /// Drops every entry whose request `leaves` (a predicate on the request's index), in one pass
  /// over the `request` column: each one that leaves takes the last entry (which is checked in
  /// turn), so that only the leaving entries cost a copy.
  template <class Leaves>
  void remove_if(const Leaves& leaves) {
    std::size_t n = size();
    for (std::size_t e = 0; e < n;) {
      if (!leaves(request[e])) {
        ++e;
        continue;
      }
      --n;
      if (e != n) copy_entry(n, e);
    }
    truncate(n);
  }
  /// Copies entry `from` over entry `to`, every column.
  void copy_entry(std::size_t from, std::size_t to);
  /// Keeps the first `n` entries.
  void truncate(std::size_t n);
  /// Calls `f` on every column of `g` (an `entry_group`, const or not), those a group does not
  /// keep (empty) included: the one list of them that moving, dropping, shrinking and measuring
  /// entries go through (`push` fills them).
  template <class Group, class F>
  static void for_each_column(Group& g, F&& f) {
    f(g.request);
    f(g.persons);
    f(g.last_valid);
    f(g.bumped_until);
    f(g.typologies);
    f(g.rent_limit);
    f(g.employer);
    for (auto& column : g.income) f(column);
  }
  [[nodiscard]] std::size_t bytes() const noexcept;
};

/// An entry of an area, as `applicant_pool::columns::area_entries` lists it.
struct area_entry {
  pool_index request = 0;
  std::uint32_t employer = 0;
};

/// The request number of each index, packed (`detail::packed_number`: 10 bytes, against 18).
using number_column = std::vector<detail::packed_number>;

/// Request numbers to pool indexes: open addressing with linear probing over one array of
/// 32-bit slots, 5 bytes a request once shrunk (any number of slots: a load of 0.8 exactly,
/// where a power of two left it between 0.35 and 0.7) and one cache line per look-up. A slot holds
/// the index + 1 in its low bits, as many as the largest index needs (22 for 2.7 million requests),
/// and a tag of the hash in the bits left (10 then), so that a probe reads the number of another
/// request about once in a thousand. Grows by doubling (and widens the index when an index
/// outgrows it); deletion shifts the following cluster back (no tombstones).
class number_index {
 public:
  /// Room for `n` numbers without growing; `numbers` resolves every index already inserted.
  void reserve(std::size_t n, const number_column& numbers);
  /// The largest share of the slots in use, as a fraction: probes stay short (3 slots for a
  /// number present, 13 for one absent, on average, in one or two cache lines) and the slots
  /// take 5 bytes a request.
  static constexpr std::pair<std::size_t, std::size_t> max_load{4, 5};
  /// The fewest slots that hold the numbers present at a load of at most `max_load` (a rehash when
  /// that is fewer than it has: `reserve` or growth may have left it far larger).
  void shrink_to_fit(const number_column& numbers);
  /// Adds `numbers[i]`; returns the index already holding the same number, if any (then
  /// nothing is added).
  std::optional<pool_index> insert(const number_column& numbers, pool_index i);
  /// Adds the numbers of the indexes `added`, batched so that their cache misses overlap.
  /// Stops at the first number already present (in the index or earlier in `added`) and
  /// returns the index holding it and the one refused; the ones before it stay added.
  std::optional<std::pair<pool_index, pool_index>> insert_all(const number_column& numbers,
                                                              std::span<const pool_index> added);
  /// Removes the number of index `i` (which must be present).
  void erase(const number_column& numbers, pool_index i);
  [[nodiscard]] std::optional<pool_index> find(const number_column& numbers,
                                               const detail::packed_number& n) const noexcept;
  /// `find` for each of `wanted`, prefetching the slots ahead of the probes.
  void find_all(const number_column& numbers, std::span<const request_number> wanted,
                std::span<std::optional<pool_index>> out) const noexcept;
  [[nodiscard]] std::size_t bytes() const noexcept {
    return slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  /// `capacity` slots, each wide enough for the numbers' indexes and for as many as the slots
  /// hold.
  void rehash(std::size_t capacity, const number_column& numbers);
  /// The tag bits of a slot for hash `h`: the hash's high half outside the index's bits (its
  /// low bits choose the home slot).
  [[nodiscard]] std::uint32_t tag(std::uint64_t h) const noexcept {
    return static_cast<std::uint32_t>(h >> 32) & ~index_mask_;
  }
  [[nodiscard]] pool_index index_of(std::uint32_t slot) const noexcept {
    return (slot & index_mask_) - 1;
  }
  /// The home slot of hash `h`: its low half scaled to the slots (any number of them, not only
  /// a power of two: a multiply and a shift), the tag taking the high half.
  [[nodiscard]] std::uint64_t home(std::uint64_t h) const noexcept {
    return ((h & 0xFFFFFFFFU) * slots_.size()) >> 32;
  }
  /// The slot after `s`, the first after the last.
  [[nodiscard]] std::uint64_t next(std::uint64_t s) const noexcept {
    return s + 1 == slots_.size() ? 0 : s + 1;
  }
  std::vector<std::uint32_t> slots_;
  std::uint32_t index_mask_ = 0;  ///< the bits of a slot that hold the index + 1
  std::size_t used_ = 0;
};

/// A dense integer for a commune code (`detail::commune_number` + 1), never 0.
[[nodiscard]] std::uint32_t commune_key(const commune_code& c) noexcept;

struct applicant_pool::columns {
  static constexpr std::uint32_t free_slot = std::numeric_limits<std::uint32_t>::max();
  /// Views: one per department, then one for the requests that wish no particular area.
  static constexpr std::size_t anywhere_view = department::count;

  // ---- per index -------------------------------------------------------------------------
  number_column numbers;  ///< packed; stale at a free index
  /// What the gate and the grid read of the request, in fixed places (`detail::request_head`),
  /// derived when it is placed (not saved), and where its record is: `heads[i].record`, the
  /// offset of the record in `records` in bytes, `free_slot` at a free index.
  std::vector<detail::request_head> heads;
  /// Live requests by company size, then by last valid day: `valid_days[size][day]` is how
  /// many have `company(i) == size` and `last_valid_day(i) == day`. Kept by `place` and `unplace`,
  /// so that the requests valid at a date are counted without a scan of the pool (a dashboard asks
  /// it at every read). A few hundred distinct days: expiries fall within a year or two of the
  /// date.
  std::array<boost::container::flat_map<std::int32_t, std::int64_t>, 3> valid_days;
  /// Retired (`applicant_pool::retire_ended_before`): no entries, out of `valid_days`; its
  /// record, number and index kept.
  std::vector<bool> retired;

  // ---- shared ------------------------------------------------------------------------------
  /// Every record: `detail::encode_record`'s bytes, one after the other, without a length or
  /// padding (its fields say where a record ends); its tail alone when its head holds its held
  /// fields (`detail::held_fields`), which is when the head is not `slow`. Offsets in 32 bits: at
  /// most 4 GiB (about 70 million requests of today's sizes; `compact` reclaims replaced records).
  std::vector<std::uint8_t> records;
  std::size_t record_garbage = 0;  ///< bytes of replaced or removed records
  /// The cold parts `applicant_pool::spill_cold` moved out of `records`, once it has run: a
  /// record whose head is `cold_on_disk` ends its hot part with its cold part's offset there.
  /// The cold parts of requests replaced or removed since stay in it until the next spill.
  std::optional<detail::cold_file> cold;
  std::vector<pool_index> free;  ///< free indexes, reused last in first out
  std::size_t live = 0;
  std::uint64_t version = 0;  ///< `applicant_pool::version`
  detail::employer_table employers;
  number_index by_number;

  std::vector<entry_group> groups;
  /// Whole-area groups: `whole[view][entry_group::whole_slot(persons, bumping)]` is the group
  /// index + 1, 0 when none yet.
  std::vector<std::vector<std::uint32_t>> whole;
  /// Commune groups by (view << 32 | commune_key).
  std::unordered_map<std::uint64_t, std::uint32_t> by_commune;
  std::vector<int> years;  ///< ceiling years with an income column, ascending
  /// Per year of `years`, its ladder: every ceiling `ladder_table` publishes that year (the
  /// embedded table unless `applicant_pool::prepare_ceilings` said otherwise), any financing, zone
  /// and household rank up to `ladder_ranks`, distinct and ascending, at most `ladder_size` (116 in
  /// 2026). An income is kept as how many of them are below it (`income_rank`), and is within the
  /// ladder's ceiling j exactly when that rank is at most j. An offer whose ceiling is not on the
  /// ladder (another table's, a larger household's) is counted by the gate (`prepare`).
  std::vector<std::vector<std::int32_t>> ladders;
  /// The table the ladders are built from (`applicant_pool::prepare_ceilings`).
  ceiling_table ladder_table = ceiling_table::embedded();
  /// Year `year`'s ladder from `table`.
  [[nodiscard]] static std::vector<std::int32_t> ladder_of(const ceiling_table& table, int year);
  static constexpr int ladder_ranks = 20;
  static constexpr std::size_t ladder_size = 255;
  /// The rank of no income: above every rung.
  static constexpr std::uint8_t no_income = 255;
  int max_persons = 1;                 ///< the largest household the pool has held
  basis_points prepared_effort_ratio;  ///< the ratio `rent_limit` was computed with

  /// The company size of request `i` (kept in its head).
  [[nodiscard]] company_size company(pool_index i) const noexcept {
    return static_cast<company_size>((heads[i].flags >> detail::request_head::size_shift) & 3U);
  }
  /// The last day number request `i` is valid (neither removed nor expired): from its head, or
  /// from its record when the head is `slow`.
  [[nodiscard]] std::int32_t last_valid_day(pool_index i) const;
  [[nodiscard]] bool alive(pool_index i) const noexcept {
    return i < heads.size() && heads[i].record != free_slot;
  }
  /// The size of request `i`'s record in bytes (read from its fields: `detail::record_size`).
  [[nodiscard]] std::size_t record_size(pool_index i) const;
  /// Request `i`'s record: its first field (found from its head).
  [[nodiscard]] const std::uint8_t* body(pool_index i) const noexcept {
    return records.data() + heads[i].record;
  }
  /// The mapped cold file, null before `applicant_pool::spill_cold`.
  [[nodiscard]] const std::uint8_t* cold_data() const noexcept {
    return cold ? cold->data() : nullptr;
  }
  /// Decodes request `i` into `a` (reusing its storage), the number included; the employer
  /// left empty without `with_employer` (`detail::decode_record`).
  void decode(pool_index i, applicant& a, bool with_employer = true) const;
  [[nodiscard]] std::optional<std::size_t> year_slot(int year) const noexcept;
  /// The rank on `ladder` of a reference income of `euros` (whole euros rounded up,
  /// `entry_group::unlimited` for none): how many rungs are below it, `no_income` for none.
  [[nodiscard]] static std::uint8_t income_rank(std::span<const std::int32_t> ladder,
                                                std::int32_t euros) noexcept {
    if (euros == entry_group::unlimited) return no_income;
    return static_cast<std::uint8_t>(std::lower_bound(ladder.begin(), ladder.end(), euros) -
                                     ladder.begin());
  }
  /// The whole-area group of a view at `slot` (`entry_group::whole_slot`), if any.
  [[nodiscard]] const entry_group* whole_group(std::size_t view, std::size_t slot) const noexcept;
  [[nodiscard]] const entry_group* commune_group(std::size_t view,
                                                 std::uint32_t key) const noexcept;
  /// The entries of department view `view` whose household has `first` to `last` persons, by
  /// persons, then whole-department entries before commune entries by `commune_key`, then by
  /// index: an order that does not depend on the history of changes.
  [[nodiscard]] std::vector<area_entry> area_entries(std::size_t view, int first, int last) const;
  /// Most requests `prefetch_records` takes at once.
  static constexpr std::size_t prefetch_batch = 32;
  /// Brings the records of `requests` (at most `prefetch_batch`) into cache: where each is,
  /// then the records, each step in a tight loop of loads. In a large pool each request misses
  /// the cache and the TLB twice; read one after another, the page walks waited in turn behind
  /// the decoding between them, and prefetch instructions did not help (perf put the wait on
  /// them, then on the first read of the record: a prefetch that misses the TLB may be
  /// dropped). Loads issued together overlap.
  void prefetch_records(std::span<const pool_index> requests) const noexcept {
    std::array<std::uint32_t, prefetch_batch> at{};
    const std::size_t n = std::min(requests.size(), prefetch_batch);
    std::uint8_t touched = 0;
    // The heads (28 bytes: where the record is).
    for (std::size_t k = 0; k < n; ++k) at[k] = heads[requests[k]].record;
    // The record's first line and the line where ranking stops reading it (`ranking_reach`).
    const std::size_t last = records.size() - 1;
    for (std::size_t k = 0; k < n; ++k) {
      touched |= records[at[k]];
      touched |= records[std::min<std::size_t>(at[k] + ranking_reach, last)];
    }
    // The loads must happen though their value is not used.
    asm volatile("" : : "r"(touched));
  }
  /// About where ranking stops reading a record's tail, in bytes (the end of its wishes: 21
  /// bytes on average for generated national requests, whose tails take 43).
  static constexpr std::size_t ranking_reach = 24;

  /// Adds `a` at index `i` (free, with `numbers[i]` set): its record `bytes`
  /// (`detail::encode_record`, with `employer` the index of its employer in `employers`),
  /// entries, ALS columns.
  void place(pool_index i, const applicant& a, std::span<const std::uint8_t> bytes,
             std::uint32_t employer, const detail::record_marks& marks);
  /// Room in `records` for `more` bytes: grown by doubling, each new arena advised into huge
  /// pages before the old one is copied in (so that a national pool's records take one page
  /// fault per 2 MiB, not per 4 KiB, as it grows).
  void make_room_for_records(std::size_t more);
  /// The arena copied into a new buffer of `capacity` bytes, advised into huge pages first
  /// (`make_room_for_records` when it doubles, `applicant_pool::reserve` at once).
  void grow_records(std::size_t capacity);
  /// What `applicant_pool::reserve` counts for a request's record (generated national requests
  /// take 43 bytes on average in the arena, their held fields in their heads).
  static constexpr std::size_t typical_record_bytes = 52;
  /// The rest of `place` once request `i`'s record has its place in `records`
  /// (`heads[i].record`, which is kept): its entries, head and ALS columns. It does not read
  /// the record (`place` copies it in afterwards, its tail alone when the new head holds the
  /// held fields). `employer` is the index of `a`'s employer in `employers`.
  void index(pool_index i, const applicant& a, std::uint32_t employer);
  /// Drops index `i`'s record and entries (the number index is the caller's).
  void unplace(pool_index i);
  /// Drops index `i`'s entries and its place in `valid_days` (what `index` added).
  void unindex(pool_index i);
  /// Drops index `i` from `valid_days`, where `last_valid`, its last valid day, put it.
  void forget_valid_day(pool_index i, std::int32_t last_valid) noexcept;
  /// Every entry (view, commune key or 0) of an applicant's wishes, in a fixed order.
  static void entries_of(const wishes& w, std::vector<std::pair<std::size_t, std::uint32_t>>& out);
  /// The groups of placed request `i`'s entries, in the order of `entries_of`, from its record.
  void groups_of(pool_index i, std::vector<std::uint32_t>& out) const;
  /// The income column of group `g` for ceiling year `year` whose ladder is `ladder`: every
  /// entry's request decoded, its reference income ranked (`income_rank`).
  [[nodiscard]] std::vector<std::uint8_t> income_ranks(const entry_group& g, int year,
                                                       std::span<const std::int32_t> ladder) const;
  /// Adds an income column for ceiling year `year` to every group.
  void add_year(int year);
  /// Gives back the room kept for growth (after a build at once).
  void shrink();
  /// Rewrites `records` without its garbage when it is more than half.
  void compact();
};

struct count_terms;

/// The eligible counts of many offers (`offers[k]` at `at[k]`: the same as
/// `pool.count_eligible` of each), cut into work items that threads run in any order, each
/// once: a view's counting groups for a share of its offers (every group read once for all the
/// offers of the item), or an offer the narrow columns cannot count. An offer's count is
/// complete once every item that holds it has run (`done`), so that a thread may rank an
/// offer whose count is done while the other one still counts. `pool`, `offers`, `at`,
/// `policy` and `ceilings` must outlive the plan.
class counting_plan {
 public:
  counting_plan(const applicant_pool& pool, std::span<const offer* const> offers,
                std::span<const date> at, const eligibility_policy& policy,
                const ceiling_table& ceilings);
  ~counting_plan();
  counting_plan(const counting_plan&) = delete;
  counting_plan& operator=(const counting_plan&) = delete;

  /// Work items, the costliest first.
  [[nodiscard]] std::size_t items() const noexcept { return items_.size(); }
  /// Runs item `i`; items may run at the same time on different threads, each once. When it
  /// throws, its offers are done all the same, with partial counts.
  void run(std::size_t i);
  /// Whether every item holding offer `k` has run (its count is then complete, and visible to
  /// the thread that sees it done).
  [[nodiscard]] bool done(std::size_t k) const noexcept;
  /// Offer `k`'s eligible count, once `done(k)`.
  [[nodiscard]] std::size_t count(std::size_t k) const noexcept;

 private:
  static constexpr std::size_t slow_item = std::numeric_limits<std::size_t>::max();
  struct work_item {
    std::size_t view;  ///< a view, or `slow_item` for an offer counted by the gate
    std::span<const std::uint32_t> offers;
    std::size_t cost;  ///< entries read
  };
  const applicant_pool& pool_;
  std::span<const offer* const> offers_;
  std::span<const date> at_;
  const eligibility_policy& policy_;
  const ceiling_table& ceilings_;
  std::unique_ptr<count_terms[]> terms_;
  std::vector<std::uint32_t> everyone_;  ///< the counted offers, by terms
  /// The same by department (`department::index`), each by terms.
  std::vector<std::vector<std::uint32_t>> by_department_;
  std::vector<std::uint32_t> slow_;  ///< the offers counted by the gate
  std::vector<work_item> items_;
  std::vector<std::size_t> whole_;     ///< the department views' part (or the gate's count)
  std::vector<std::size_t> anywhere_;  ///< the anywhere view's part
  std::unique_ptr<std::atomic<std::uint32_t>[]> pending_;  ///< items left, by offer
};

/// The eligible counts of many offers, `offers[k]` at `at[k]`, into `out[k]`: the same as
/// `pool.count_eligible` of each, computed together on `threads` threads (0: the
/// hardware's). Every counting group is read once for all the offers that need it
/// (`counting_plan`, all of its items).
void count_eligible_together(const applicant_pool& pool, std::span<const offer* const> offers,
                             std::span<const date> at, const eligibility_policy& policy,
                             const ceiling_table& ceilings, std::span<std::size_t> out,
                             unsigned threads);

}  // namespace cotation
