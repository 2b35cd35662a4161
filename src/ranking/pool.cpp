// SPDX-License-Identifier: MIT
#include <cotation/ceilings.hpp>
#include <cotation/error.hpp>
#include <cotation/pool.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <exception>
#include <limits>
#include <thread>
#include <tuple>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/huge_pages.hpp"
#include "detail/parallel.hpp"
#include "model/household_rank.hpp"
#include "ranking/pool_columns.hpp"

namespace cotation {

/// What one offer's count compares every entry with.
struct count_terms {
  std::uint16_t day;  ///< `entry_group::day_of`
  std::uint8_t typology_bit;
  std::int32_t total_rent;  ///< cents
  bool reserved;
  std::uint16_t employer;  ///< `entry_group::employer`'s value of the offer's employer
  std::size_t year_slot;
  int first;  ///< household persons admitted by the typology
  int last;
  /// By household rank, the ceiling's rung on the year's ladder (`columns::ladders`); -1: none.
  std::array<std::int32_t, 258> ceiling;
};

namespace {

/// A date's day number; +infinity the largest, -infinity (or not a date) the smallest.
std::int32_t day_number(date d) noexcept {
  if (d.is_pos_infinity()) return std::numeric_limits<std::int32_t>::max();
  if (d.is_special()) return std::numeric_limits<std::int32_t>::min();
  return static_cast<std::int32_t>(d.day_number());
}
/// The day before day number `day`, the infinite days their own.
std::int32_t day_before(std::int32_t day) noexcept {
  return day == std::numeric_limits<std::int32_t>::max() ||
                 day == std::numeric_limits<std::int32_t>::min()
             ? day
             : day - 1;
}

template <typename T>
std::size_t vector_bytes(const std::vector<T>& v) noexcept {
  return v.capacity() * sizeof(T);
}

/// An entry's `bumped_until` (`entry_group::bumped_until`) for a request of row `r`.
std::uint16_t bumped_until_of(const detail::eligibility_row& r) noexcept {
  if (r.rank.base > r.rank.persons) return entry_group::always;
  return r.rank.young_until ? entry_group::day_of(day_number(*r.rank.young_until))
                            : entry_group::never;
}

std::uint8_t typology_mask(std::span<const int> typologies) noexcept {
  if (typologies.empty()) return entry_group::any_typology;
  std::uint8_t mask = 0;
  for (const int t : typologies) mask = static_cast<std::uint8_t>(mask | (1U << (t - 1)));
  return mask;
}

std::int32_t saturate(std::int64_t v) noexcept {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(
      v, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

/// Whole euros, rounded up: `cents <= 100 × E` exactly when `euros_up(cents) <= E`.
std::int32_t euros_up(money m) noexcept {
  const std::int64_t c = m.in_cents();
  // c / 100 rounds toward zero: up for a negative amount already.
  return saturate(c / 100 + (c % 100 > 0 ? 1 : 0));
}

/// The ceiling of household rank `r` in whole euros, as the ladders hold them and `prepare` looks
/// them up on the ladders; nothing when the table publishes none.
std::optional<std::int32_t> rank_ceiling(const ceiling_table& table, financing f, int year,
                                         income_zone zone, int r) {
  const auto l = table.lookup(f, year, zone, detail::category_of_rank(r));
  if (const auto* m = std::get_if<money>(&l)) return saturate(m->whole_euros());
  return std::nullopt;
}

std::int32_t income_value(std::span<const annual_income> incomes, int year) noexcept {
  const auto ref = detail::reference_income_of(incomes, year);
  return ref ? euros_up(ref->amount) : entry_group::unlimited;
}

/// The last day a request is valid (neither expired nor removed), from its gate row.
std::int32_t valid_until_of(const detail::eligibility_row& r) {
  std::int32_t last = day_before(day_number(r.expiry));
  if (r.removed_on) last = std::min(last, day_before(day_number(*r.removed_on)));
  return last;
}

// The counting loops are compiled three times, the processor's best chosen when the library is
// loaded: AVX-512 (x86-64-v4: sixteen entries a compare, and mask registers for the counts),
// AVX2, and the x86-64 baseline (SSE2). AVX-512 took a department day from 2.29 to 2.17 ms on
// an Intel Xeon (docs/performance.md).
//
// Multi-versioning (target_clones) makes the dynamic loader call an ifunc resolver before any
// sanitizer runtime is up; instrumented, it crashes the program before main. Sanitized builds
// (and COTATION_NO_MULTIVERSIONING builds) keep the default version only.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && \
    !defined(COTATION_NO_MULTIVERSIONING)
#define COTATION_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define COTATION_VECTOR_CLONES
#endif

/// Whether entry `e` meets an offer's terms but its household size and its rent (`employer`
/// only read when `reserved`), with the ceilings of the entry's household size as it is and as
/// bumped up by one: validity, income, typology, reservation. The one place of these conditions
/// for every counting loop; branch-free so that the loops that call it vectorise.
template <bool reserved>
[[gnu::always_inline]] inline bool meets_but_rent(
    const std::uint16_t* last_valid, const std::uint16_t* bumped_until, const std::uint8_t* income,
    const std::uint8_t* typologies, const std::uint16_t* employer, std::size_t e, std::uint16_t day,
    std::uint8_t bit, std::int32_t ceiling_persons, std::int32_t ceiling_bumped,
    std::uint16_t wanted) {
  const std::int32_t ceiling = day <= bumped_until[e] ? ceiling_bumped : ceiling_persons;
  bool ok = (day <= last_valid[e]) & (income[e] <= ceiling) & ((typologies[e] & bit) != 0);
  if constexpr (reserved) ok &= employer[e] == wanted;
  return ok;
}

/// Eligible entries of a run of whole-area entries of one household size, counted in 32 bits
/// (a run is at most `count_block` entries).
template <bool reserved>
[[gnu::always_inline]] inline std::uint32_t count_run(
    const std::uint16_t* last_valid, const std::uint16_t* bumped_until, const std::uint8_t* income,
    const std::uint8_t* typologies, const std::int32_t* rent_limit, const std::uint16_t* employer,
    std::size_t n, std::uint16_t day, std::uint8_t bit, std::int32_t total,
    std::int32_t ceiling_persons, std::int32_t ceiling_bumped, std::uint16_t wanted) {
  std::uint32_t count = 0;
  for (std::size_t e = 0; e < n; ++e) {
    const bool ok = meets_but_rent<reserved>(last_valid, bumped_until, income, typologies, employer,
                                             e, day, bit, ceiling_persons, ceiling_bumped, wanted) &
                    (total <= rent_limit[e]);
    count += ok ? 1U : 0U;
  }
  return count;
}

/// No rent is within this limit: what `limits_run` writes for an entry that fails the other
/// terms (the columns count offers whose rent is not negative, `prepared_for`).
constexpr std::int32_t no_rent = std::numeric_limits<std::int32_t>::min();

/// For each entry of a run, its rent limit if it meets the other terms, `no_rent` if not: what
/// the offers of one class (the same terms but their rent) share, worked out once for them all;
/// each then counts the limits its rent is within (`count_within`).
template <bool reserved>
[[gnu::always_inline]] inline void limits_run(
    const std::uint16_t* last_valid, const std::uint16_t* bumped_until, const std::uint8_t* income,
    const std::uint8_t* typologies, const std::int32_t* rent_limit, const std::uint16_t* employer,
    std::size_t n, std::uint16_t day, std::uint8_t bit, std::int32_t ceiling_persons,
    std::int32_t ceiling_bumped, std::uint16_t wanted, std::int32_t* out) {
  for (std::size_t e = 0; e < n; ++e) {
    out[e] = meets_but_rent<reserved>(last_valid, bumped_until, income, typologies, employer, e,
                                      day, bit, ceiling_persons, ceiling_bumped, wanted)
                 ? rent_limit[e]
                 : no_rent;
  }
}

/// Entries read in runs of at most this many, each run for every offer that needs it while it
/// is in cache (11 to 15 bytes an entry: 45 to 61 KB).
constexpr std::size_t count_block = 4096;

COTATION_VECTOR_CLONES
std::uint32_t count_whole(const std::uint16_t* last_valid, const std::uint16_t* bumped_until,
                          const std::uint8_t* income, const std::uint8_t* typologies,
                          const std::int32_t* rent_limit, std::size_t n, std::uint16_t day,
                          std::uint8_t bit, std::int32_t total, std::int32_t ceiling_persons,
                          std::int32_t ceiling_bumped) {
  return count_run<false>(last_valid, bumped_until, income, typologies, rent_limit, nullptr, n, day,
                          bit, total, ceiling_persons, ceiling_bumped, 0);
}

COTATION_VECTOR_CLONES
std::uint32_t count_whole_reserved(const std::uint16_t* last_valid,
                                   const std::uint16_t* bumped_until, const std::uint8_t* income,
                                   const std::uint8_t* typologies, const std::int32_t* rent_limit,
                                   const std::uint16_t* employer, std::size_t n, std::uint16_t day,
                                   std::uint8_t bit, std::int32_t total,
                                   std::int32_t ceiling_persons, std::int32_t ceiling_bumped,
                                   std::uint16_t wanted) {
  return count_run<true>(last_valid, bumped_until, income, typologies, rent_limit, employer, n, day,
                         bit, total, ceiling_persons, ceiling_bumped, wanted);
}

COTATION_VECTOR_CLONES
void limits_whole(const std::uint16_t* last_valid, const std::uint16_t* bumped_until,
                  const std::uint8_t* income, const std::uint8_t* typologies,
                  const std::int32_t* rent_limit, std::size_t n, std::uint16_t day,
                  std::uint8_t bit, std::int32_t ceiling_persons, std::int32_t ceiling_bumped,
                  std::int32_t* out) {
  limits_run<false>(last_valid, bumped_until, income, typologies, rent_limit, nullptr, n, day, bit,
                    ceiling_persons, ceiling_bumped, 0, out);
}

COTATION_VECTOR_CLONES
void limits_whole_reserved(const std::uint16_t* last_valid, const std::uint16_t* bumped_until,
                           const std::uint8_t* income, const std::uint8_t* typologies,
                           const std::int32_t* rent_limit, const std::uint16_t* employer,
                           std::size_t n, std::uint16_t day, std::uint8_t bit,
                           std::int32_t ceiling_persons, std::int32_t ceiling_bumped,
                           std::uint16_t wanted, std::int32_t* out) {
  limits_run<true>(last_valid, bumped_until, income, typologies, rent_limit, employer, n, day, bit,
                   ceiling_persons, ceiling_bumped, wanted, out);
}

/// How many of `limits` `total` is within.
COTATION_VECTOR_CLONES
std::uint32_t count_within(const std::int32_t* limits, std::size_t n, std::int32_t total) {
  std::uint32_t count = 0;
  for (std::size_t e = 0; e < n; ++e) count += total <= limits[e] ? 1U : 0U;
  return count;
}

/// Eligible entries of a run of a commune group's entries whose household has `persons`
/// persons (the others do not count): one household size at a time, so that the ceiling is the
/// same for every entry and the loop vectorises.
template <bool reserved>
[[gnu::always_inline]] inline std::uint32_t count_persons_run(
    const std::uint8_t* persons, const std::uint16_t* last_valid, const std::uint16_t* bumped_until,
    const std::uint8_t* income, const std::uint8_t* typologies, const std::int32_t* rent_limit,
    const std::uint16_t* employer, std::size_t n, std::uint8_t size, std::uint16_t day,
    std::uint8_t bit, std::int32_t total, std::int32_t ceiling_persons, std::int32_t ceiling_bumped,
    std::uint16_t wanted) {
  std::uint32_t count = 0;
  for (std::size_t e = 0; e < n; ++e) {
    const bool ok = (persons[e] == size) &
                    meets_but_rent<reserved>(last_valid, bumped_until, income, typologies, employer,
                                             e, day, bit, ceiling_persons, ceiling_bumped, wanted) &
                    (total <= rent_limit[e]);
    count += ok ? 1U : 0U;
  }
  return count;
}

COTATION_VECTOR_CLONES
std::uint32_t count_persons(const std::uint8_t* persons, const std::uint16_t* last_valid,
                            const std::uint16_t* bumped_until, const std::uint8_t* income,
                            const std::uint8_t* typologies, const std::int32_t* rent_limit,
                            const std::uint16_t* employer, bool reserved, std::size_t n,
                            std::uint8_t size, std::uint16_t day, std::uint8_t bit,
                            std::int32_t total, std::int32_t ceiling_persons,
                            std::int32_t ceiling_bumped, std::uint16_t wanted) {
  return reserved ? count_persons_run<true>(persons, last_valid, bumped_until, income, typologies,
                                            rent_limit, employer, n, size, day, bit, total,
                                            ceiling_persons, ceiling_bumped, wanted)
                  : count_persons_run<false>(persons, last_valid, bumped_until, income, typologies,
                                             rent_limit, employer, n, size, day, bit, total,
                                             ceiling_persons, ceiling_bumped, wanted);
}

/// Eligible entries of a group of any household sizes (a commune group), the size checked
/// too: one vectorised pass per household size the offer admits, up to `highest` persons (the
/// largest household of the pool); entry by entry, branch-free, when it admits more than a few.
std::size_t count_any_size(const entry_group& g, const count_terms& t, int highest) {
  const std::uint8_t* income = g.income[t.year_slot].data();
  const int last = std::min(t.last, highest);
  std::size_t count = 0;
  if (last - t.first < 6) {
    for (int p = t.first; p <= last; ++p) {
      const auto pp = static_cast<std::size_t>(p);
      for (std::size_t from = 0; from < g.size(); from += count_block) {
        count += count_persons(
            g.persons.data() + from, g.last_valid.data() + from, g.bumped_until.data() + from,
            income + from, g.typologies.data() + from, g.rent_limit.data() + from,
            g.employer.data() + from, t.reserved, std::min(g.size() - from, count_block),
            static_cast<std::uint8_t>(p), t.day, t.typology_bit, t.total_rent, t.ceiling[pp],
            t.ceiling[pp + 1], t.employer);
      }
    }
    return count;
  }
  const auto by_entry = [&]<bool reserved>() {
    for (std::size_t e = 0; e < g.size(); ++e) {
      const auto p = static_cast<std::size_t>(g.persons[e]);
      const bool ok =
          (static_cast<int>(p) >= t.first) & (static_cast<int>(p) <= t.last) &
          meets_but_rent<reserved>(g.last_valid.data(), g.bumped_until.data(), income,
                                   g.typologies.data(), g.employer.data(), e, t.day, t.typology_bit,
                                   t.ceiling[p], t.ceiling[p + 1], t.employer) &
          (t.total_rent <= g.rent_limit[e]);
      count += ok ? 1U : 0U;
    }
  };
  if (t.reserved) {
    by_entry.template operator()<true>();
  } else {
    by_entry.template operator()<false>();
  }
  return count;
}

/// One decoded request per thread, reused (its vectors keep their capacity).
applicant& scratch() {
  thread_local applicant a = detail::blank_applicant();
  return a;
}

}  // namespace

// ---- number_index ------------------------------------------------------------------------------

void number_index::rehash(std::size_t capacity, const number_column& numbers) {
  std::vector<std::uint32_t> old;
  old.swap(slots_);
  const std::uint32_t old_mask = index_mask_;
  // Room in a slot for every index the numbers hold and every one the slots may come to hold.
  const auto bits =
      static_cast<int>(std::max(std::bit_width(numbers.size()), std::bit_width(capacity - 1)));
  index_mask_ = bits >= 32 ? 0xFFFFFFFFU : (1U << bits) - 1;
  slots_.assign(capacity, 0);
  for (const std::uint32_t slot : old) {
    if (slot == 0) continue;
    const auto i = static_cast<pool_index>((slot & old_mask) - 1);
    const std::uint64_t h = numbers[i].hash();
    for (std::uint64_t s = home(h);; s = next(s)) {
      if (slots_[s] == 0) {
        slots_[s] = tag(h) | (i + 1);
        break;
      }
    }
  }
}

namespace {
/// The fewest slots (at least 16) that hold `n` numbers at a load of at most
/// `number_index::max_load`.
std::size_t slots_for(std::size_t n) noexcept {
  constexpr auto num = number_index::max_load.first;
  constexpr auto den = number_index::max_load.second;
  return std::max<std::size_t>(16, (n * den + num - 1) / num);
}
}  // namespace

void number_index::reserve(std::size_t n, const number_column& numbers) {
  if (const std::size_t size = slots_for(n); size > slots_.size()) rehash(size, numbers);
}

void number_index::shrink_to_fit(const number_column& numbers) {
  if (const std::size_t size = slots_for(used_); size < slots_.size()) rehash(size, numbers);
}

std::optional<pool_index> number_index::insert(const number_column& numbers, pool_index i) {
  // Doubled when full: `reserve(2 * (used_ + 1))` asked for more than twice the slots at the
  // largest load, and so quadrupled them (the load fell to a quarter at each growth).
  if ((used_ + 1) * max_load.second > slots_.size() * max_load.first) {
    rehash(slots_.empty() ? 16 : slots_.size() * 2, numbers);
  } else if (((i + 1) & ~index_mask_) != 0) {
    rehash(slots_.size(), numbers);  // an index past the slots' width: wider, fewer tag bits
  }
  const std::uint64_t h = numbers[i].hash();
  const std::uint32_t t = tag(h);
  for (std::uint64_t s = home(h);; s = next(s)) {
    const std::uint32_t slot = slots_[s];
    if (slot == 0) {
      slots_[s] = t | (i + 1);
      ++used_;
      return std::nullopt;
    }
    const pool_index j = index_of(slot);
    if ((slot & ~index_mask_) == t && numbers[j] == numbers[i]) return j;
  }
}

std::optional<std::pair<pool_index, pool_index>> number_index::insert_all(
    const number_column& numbers, std::span<const pool_index> added) {
  reserve(used_ + added.size(), numbers);
  // A batch at a time: the home slots read in a tight loop of loads (their misses overlap, as
  // in `find_all`), then each number inserted, its slots in cache by then.
  constexpr std::size_t batch = 32;
  std::array<std::uint64_t, batch> hashes{};
  for (std::size_t first = 0; first < added.size(); first += batch) {
    const std::size_t n = std::min(batch, added.size() - first);
    for (std::size_t k = 0; k < n; ++k) hashes[k] = numbers[added[first + k]].hash();
    std::uint32_t touched = 0;
    for (std::size_t k = 0; k < n; ++k) touched |= slots_[home(hashes[k])];
    asm volatile("" : : "r"(touched));  // the loads must happen though their value is not used
    for (std::size_t k = 0; k < n; ++k) {
      const pool_index i = added[first + k];
      if (const auto j = insert(numbers, i)) return std::pair{*j, i};
    }
  }
  return std::nullopt;
}

void number_index::erase(const number_column& numbers, pool_index i) {
  const std::uint32_t want = i + 1;
  std::uint64_t s = home(numbers[i].hash());
  while ((slots_[s] & index_mask_) != want) s = next(s);
  // Backward shift: move later members of the cluster into the hole when their home position
  // allows it, so that no probe sequence is cut.
  std::uint64_t hole = s;
  for (std::uint64_t k = next(s); slots_[k] != 0; k = next(k)) {
    const std::uint64_t at = home(numbers[index_of(slots_[k])].hash());
    // `k` may move to `hole` when its home is not in (hole, k] (cyclically).
    const bool stays = hole <= k ? (hole < at && at <= k) : (hole < at || at <= k);
    if (!stays) {
      slots_[hole] = slots_[k];
      hole = k;
    }
  }
  slots_[hole] = 0;
  --used_;
}

std::optional<pool_index> number_index::find(const number_column& numbers,
                                             const detail::packed_number& n) const noexcept {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t h = n.hash();
  const std::uint32_t t = tag(h);
  for (std::uint64_t s = home(h);; s = next(s)) {
    const std::uint32_t slot = slots_[s];
    if (slot == 0) return std::nullopt;
    const pool_index j = index_of(slot);
    if ((slot & ~index_mask_) == t && numbers[j] == n) return j;
  }
}

void number_index::find_all(const number_column& numbers, std::span<const request_number> wanted,
                            std::span<std::optional<pool_index>> out) const noexcept {
  std::fill(out.begin(), out.end(), std::nullopt);
  if (slots_.empty()) return;
  // A batch of numbers at a time, each step in a tight loop of loads so that the misses of the
  // batch (cache and TLB) overlap, where one probe after another they waited in turn (a
  // prefetch that misses the TLB may be dropped: loads it is): read the home slots; read the
  // first byte of the numbers they point to; probe, everything in cache by then.
  constexpr std::size_t batch = 32;
  std::array<detail::packed_number, batch> packed{};
  std::array<std::uint64_t, batch> hashes{};
  std::array<std::uint32_t, batch> first_slot{};
  for (std::size_t first = 0; first < wanted.size(); first += batch) {
    const std::size_t n = std::min(batch, wanted.size() - first);
    for (std::size_t k = 0; k < n; ++k) {
      packed[k] = detail::packed_number(wanted[first + k]);
      hashes[k] = packed[k].hash();
    }
    for (std::size_t k = 0; k < n; ++k) first_slot[k] = slots_[home(hashes[k])];
    std::uint16_t touched = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t slot = first_slot[k];
      if (slot != 0 && (slot & ~index_mask_) == tag(hashes[k])) {
        touched |= numbers[index_of(slot)].low();
      }
    }
    asm volatile("" : : "r"(touched));  // the loads must happen though their value is not used
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t t = tag(hashes[k]);
      for (std::uint64_t s = home(hashes[k]);; s = next(s)) {
        const std::uint32_t slot = slots_[s];
        if (slot == 0) break;
        const pool_index i = index_of(slot);
        if ((slot & ~index_mask_) == t && numbers[i] == packed[k]) {
          out[first + k] = i;
          break;
        }
      }
    }
  }
}

std::uint32_t commune_key(const commune_code& c) noexcept { return detail::commune_number(c) + 1; }

// ---- entry_group -------------------------------------------------------------------------------

void entry_group::push(const entry_values& v, std::span<const std::uint8_t> incomes) {
  request.push_back(v.request);
  if (fixed_persons == 0) persons.push_back(v.persons);
  last_valid.push_back(v.last_valid);
  if (bump == bumping::dated) bumped_until.push_back(v.bumped_until);
  typologies.push_back(v.typologies);
  rent_limit.push_back(v.rent_limit);
  employer.push_back(employer_of(v.employer));
  if (income.size() < incomes.size()) income.resize(incomes.size());
  for (std::size_t y = 0; y < incomes.size(); ++y) income[y].push_back(incomes[y]);
}

void entry_group::copy_entry(std::size_t from, std::size_t to) {
  for_each_column(*this, [from, to](auto& column) {
    if (!column.empty()) column[to] = column[from];  // not a column this group keeps
  });
}

void entry_group::truncate(std::size_t n) {
  for_each_column(*this, [n](auto& column) { column.resize(std::min(column.size(), n)); });
}

void entry_group::swap_remove(std::uint32_t at) {
  const std::size_t last = size() - 1;
  if (at != last) copy_entry(last, at);
  truncate(last);
}

std::size_t entry_group::find(pool_index r) const noexcept {
  const pool_index* const p = request.data();
  const std::size_t n = request.size();
  std::size_t e = 0;
#if defined(__SSE2__)
  // 16 entries a step, four compares of four: the step that holds it, then one by one.
  const __m128i wanted = _mm_set1_epi32(static_cast<int>(r));
  const auto equal = [&](std::size_t at) {
    return _mm_cmpeq_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at)), wanted);
  };
  for (; e + 16 <= n; e += 16) {
    const __m128i any = _mm_or_si128(_mm_or_si128(equal(e), equal(e + 4)),
                                     _mm_or_si128(equal(e + 8), equal(e + 12)));
    if (_mm_movemask_epi8(any) != 0) break;
  }
#endif
  for (; e < n; ++e) {
    if (p[e] == r) return e;
  }
  return n;
}

std::size_t entry_group::bytes() const noexcept {
  std::size_t b = sizeof(entry_group) + vector_bytes(income);
  for_each_column(*this, [&b](const auto& column) { b += vector_bytes(column); });
  return b;
}

// ---- columns -----------------------------------------------------------------------------------

void applicant_pool::columns::decode(pool_index i, applicant& a, bool with_employer) const {
  detail::decode_record(heads[i], body(i), employers, a, with_employer, cold_data());
  a.number = numbers[i].unpack();
}

std::size_t applicant_pool::columns::record_size(pool_index i) const {
  return detail::record_size(heads[i], body(i), employers);
}

std::optional<std::size_t> applicant_pool::columns::year_slot(int year) const noexcept {
  const auto it = std::lower_bound(years.begin(), years.end(), year);
  if (it == years.end() || *it != year) return std::nullopt;
  return static_cast<std::size_t>(it - years.begin());
}

const entry_group* applicant_pool::columns::whole_group(std::size_t view,
                                                        std::size_t slot) const noexcept {
  const auto& slots = whole[view];
  if (slot >= slots.size() || slots[slot] == 0) return nullptr;
  return &groups[slots[slot] - 1];
}

const entry_group* applicant_pool::columns::commune_group(std::size_t view,
                                                          std::uint32_t key) const noexcept {
  const auto it = by_commune.find(std::uint64_t{view} << 32 | key);
  return it == by_commune.end() ? nullptr : &groups[it->second];
}

std::vector<area_entry> applicant_pool::columns::area_entries(std::size_t view, int first,
                                                              int last) const {
  struct keyed {
    int persons;
    std::uint32_t key;
    area_entry entry;
  };
  std::vector<keyed> all;
  const auto take = [&](const entry_group& g, std::uint32_t key) {
    for (std::size_t e = 0; e < g.size(); ++e) {
      const int persons = g.persons_of(e);
      if (persons >= first && persons <= last) {
        const pool_index i = g.request[e];
        // The column tells the employers below `wide_employer` apart; the record, the others.
        const std::uint32_t employer = g.employer[e] < entry_group::wide_employer
                                           ? g.employer[e]
                                           : detail::record_employer(heads[i], body(i), employers);
        all.push_back(keyed{persons, key, area_entry{i, employer}});
      }
    }
  };
  for (std::size_t slot = entry_group::whole_slot(static_cast<std::size_t>(std::max(first, 0)), {});
       slot < entry_group::whole_slot(static_cast<std::size_t>(std::max(last, -1) + 1), {}) &&
       slot < whole[view].size();
       ++slot) {
    if (const entry_group* g = whole_group(view, slot)) take(*g, 0);
  }
  for (const auto& [key, g] : by_commune) {
    if ((key >> 32) == view) take(groups[g], static_cast<std::uint32_t>(key & 0xFFFFFFFFULL));
  }
  std::sort(all.begin(), all.end(), [](const keyed& a, const keyed& b) {
    if (a.persons != b.persons) return a.persons < b.persons;
    if (a.key != b.key) return a.key < b.key;
    return a.entry.request < b.entry.request;
  });
  std::vector<area_entry> out;
  out.reserve(all.size());
  for (const keyed& k : all) out.push_back(k.entry);
  return out;
}

void applicant_pool::columns::entries_of(const wishes& wished,
                                         std::vector<std::pair<std::size_t, std::uint32_t>>& out) {
  out.clear();
  const auto& depts = wished.departments;
  const auto& communes = wished.communes;
  if (depts.empty() && communes.empty()) {
    out.emplace_back(anywhere_view, 0);
    return;
  }
  const auto wished_whole = [&](std::size_t d, std::size_t before) {
    for (std::size_t k = 0; k < before; ++k) {
      if (depts[k].index() == d) return true;
    }
    return false;
  };
  for (std::size_t k = 0; k < depts.size(); ++k) {
    if (!wished_whole(depts[k].index(), k)) out.emplace_back(depts[k].index(), 0);
  }
  for (std::size_t k = 0; k < communes.size(); ++k) {
    const commune_code& w = communes[k];
    if (wished_whole(w.department().index(), depts.size())) continue;
    // Left out when another wish covers it (the municipality of this arrondissement, or the
    // same commune earlier in the list).
    bool covered = false;
    for (std::size_t j = 0; j < communes.size() && !covered; ++j) {
      covered = j != k && (communes[j] == w ? j < k : w.covered_by(communes[j]));
    }
    if (!covered) out.emplace_back(w.department().index(), commune_key(w));
  }
}

void applicant_pool::columns::make_room_for_records(std::size_t more) {
  if (records.capacity() - records.size() >= more) return;
  grow_records(std::max(records.capacity() * 2, records.size() + more));
}

void applicant_pool::columns::grow_records(std::size_t capacity) {
  std::vector<std::uint8_t> grown;
  grown.reserve(capacity);
  detail::advise_huge_pages(grown.data(), grown.capacity());
  grown.insert(grown.end(), records.begin(), records.end());
  records.swap(grown);
}

void applicant_pool::columns::place(pool_index i, const applicant& a,
                                    std::span<const std::uint8_t> bytes, std::uint32_t employer,
                                    const detail::record_marks& marks) {
  // The record's bytes after the last one: its offset must stay below `free_slot`.
  const std::size_t at = records.size();
  if (at >= free_slot) throw std::length_error("applicant_pool: record arena is full (4 GiB)");
  make_room_for_records(bytes.size() + 16);  // first: the insert below cannot throw
  heads[i].record = static_cast<std::uint32_t>(at);
  index(i, a, employer);
  // The tail alone when the head holds the held fields (`detail::held_fields`).
  const auto kept =
      (heads[i].flags & detail::request_head::slow) != 0 ? bytes : bytes.subspan(marks.tail);
  records.insert(records.end(), kept.begin(), kept.end());
}

void applicant_pool::columns::index(pool_index i, const applicant& a, std::uint32_t employer) {
  retired[i] = false;
  const detail::eligibility_row r = detail::row_of(a);
  const std::uint32_t at = heads[i].record;
  heads[i] = detail::head_of(a, r);
  heads[i].record = at;
  const std::int32_t last_valid = valid_until_of(r);
  ++valid_days[static_cast<std::size_t>(a.employment.size)][last_valid];

  // Income columns for every ceiling year the request's incomes can serve (N-2 declared).
  for (const annual_income& inc : a.incomes) {
    if (inc.year > std::numeric_limits<int>::max() - 2) continue;  // no such ceiling year
    if (!year_slot(inc.year + 2)) add_year(inc.year + 2);
  }

  entry_values v;
  v.request = i;
  v.persons = static_cast<std::uint8_t>(r.rank.persons);
  max_persons = std::max(max_persons, r.rank.persons);
  v.last_valid = r.missing_documents > 0 || !r.employer_validated ? entry_group::never
                                                                  : entry_group::day_of(last_valid);
  v.bumped_until = bumped_until_of(r);
  v.typologies = typology_mask(a.wishes.typologies);
  // Effort within the ratio: max(0, rent - benefit) × 10000 <= ratio × resources, that is
  // rent <= floor(ratio × resources / 10000) + benefit (rent <= benefit without resources).
  const std::int64_t resources = r.resources.in_cents();
  const std::int64_t affordable =
      resources > 0 ? prepared_effort_ratio.value * resources / 10000 : 0;
  std::int64_t limit = affordable + r.benefit.in_cents();
  if (r.max_rent) limit = std::min(limit, r.max_rent->in_cents());
  v.rent_limit = saturate(limit);
  v.employer = employer;
  thread_local std::vector<std::uint8_t> incomes;
  incomes.clear();
  for (std::size_t y = 0; y < years.size(); ++y) {
    incomes.push_back(income_rank(ladders[y], income_value(a.incomes, years[y])));
  }

  thread_local std::vector<std::pair<std::size_t, std::uint32_t>> where;
  entries_of(a.wishes, where);
  for (const auto& [view, key] : where) {
    std::uint32_t g = 0;
    if (key == 0) {
      auto& slots = whole[view];
      const entry_group::bumping bump = entry_group::bumping_of(v.bumped_until);
      const std::size_t slot = entry_group::whole_slot(v.persons, bump);
      if (slots.size() <= slot) slots.resize(entry_group::whole_slot(v.persons + 1, {}), 0);
      if (slots[slot] == 0) {
        entry_group& created = groups.emplace_back();
        created.fixed_persons = v.persons;
        created.bump = bump;
        slots[slot] = static_cast<std::uint32_t>(groups.size());
      }
      g = slots[slot] - 1;
    } else {
      const auto [it, added] = by_commune.emplace(std::uint64_t{view} << 32 | key,
                                                  static_cast<std::uint32_t>(groups.size()));
      if (added) groups.emplace_back();
      g = it->second;
    }
    entry_group& group = groups[g];
    if (group.income.size() < years.size()) group.income.resize(years.size());
    group.push(v, incomes);
  }
}

void applicant_pool::columns::unplace(pool_index i) {
  if (!retired[i]) unindex(i);
  retired[i] = false;
  record_garbage += record_size(i);  // a cold part in the file stays there until `spill_cold`
  heads[i].record = free_slot;
}

std::int32_t applicant_pool::columns::last_valid_day(pool_index i) const {
  const detail::request_head& h = heads[i];
  if ((h.flags & detail::request_head::slow) != 0) {
    applicant a = detail::blank_applicant();  // rare: a value out of the head's fields
    decode(i, a, false);
    return valid_until_of(detail::row_of(a));
  }
  // As `valid_until_of`: the day before the expiry or the removal, whichever comes first.
  const auto last = [](std::uint16_t d) {
    return static_cast<std::int32_t>(detail::request_head::epoch + d) - 1;
  };
  return h.removed == detail::request_head::none ? last(h.expiry)
                                                 : std::min(last(h.expiry), last(h.removed));
}

void applicant_pool::columns::groups_of(pool_index i, std::vector<std::uint32_t>& out) const {
  // The wishes alone, from the start of the record's tail, or from the whole request when the
  // head is `slow`; the household size the whole-area groups are by is in the head either way
  // (`head_of` sets it as `index` does).
  const detail::request_head& h = heads[i];
  thread_local std::vector<std::pair<std::size_t, std::uint32_t>> where;
  std::uint16_t bumped_until = entry_group::never;  // as `index` works it out
  if ((h.flags & detail::request_head::slow) == 0) {
    thread_local wishes wished;
    detail::read_record_wishes(body(i), wished);
    entries_of(wished, where);
    // The head's young-household day is in `day_of`'s form already.
    if ((h.flags & detail::request_head::bumped) != 0) {
      bumped_until = entry_group::always;
    } else if (h.young_until != detail::request_head::none) {
      bumped_until = h.young_until;
    }
  } else {
    applicant& a = scratch();
    decode(i, a, false);
    entries_of(a.wishes, where);
    bumped_until = bumped_until_of(detail::row_of(a));
  }
  const std::size_t slot =
      entry_group::whole_slot(h.persons, entry_group::bumping_of(bumped_until));
  out.clear();
  for (const auto& [view, key] : where) {
    out.push_back(key == 0 ? whole[view][slot] - 1
                           : by_commune.find(std::uint64_t{view} << 32 | key)->second);
  }
}

void applicant_pool::columns::unindex(pool_index i) {
  // Everything read before any change (reading may decode, and so allocate): the request's
  // last valid day, its groups, and its entry's place in each.
  const std::int32_t last_valid = last_valid_day(i);
  thread_local std::vector<std::uint32_t> mine;
  thread_local std::vector<std::uint32_t> at;
  groups_of(i, mine);
  at.resize(mine.size());
  for (std::size_t k = 0; k < mine.size(); ++k) {
    at[k] = static_cast<std::uint32_t>(groups[mine[k]].find(i));
  }
  for (std::size_t k = 0; k < mine.size(); ++k) groups[mine[k]].swap_remove(at[k]);
  forget_valid_day(i, last_valid);
}

void applicant_pool::columns::forget_valid_day(pool_index i, std::int32_t last_valid) noexcept {
  auto& days = valid_days[static_cast<std::size_t>(company(i))];
  const auto day = days.find(last_valid);
  if (--day->second == 0) days.erase(day);
}

std::vector<std::int32_t> applicant_pool::columns::ladder_of(const ceiling_table& table, int year) {
  // Every ceiling published that year up to `ladder_ranks`, distinct and ascending.
  std::vector<std::int32_t> ladder;
  for (const financing f : {financing::plai, financing::plus, financing::pls, financing::pli}) {
    for (const income_zone z : {income_zone::zone_1, income_zone::zone_2, income_zone::zone_3}) {
      for (int r = 1; r <= ladder_ranks; ++r) {
        if (const auto euros = rank_ceiling(table, f, year, z, r)) ladder.push_back(*euros);
      }
    }
  }
  std::sort(ladder.begin(), ladder.end());
  ladder.erase(std::unique(ladder.begin(), ladder.end()), ladder.end());
  if (ladder.size() > ladder_size) ladder.resize(ladder_size);  // the others by the gate
  return ladder;
}

std::vector<std::uint8_t> applicant_pool::columns::income_ranks(
    const entry_group& g, int year, std::span<const std::int32_t> ladder) const {
  std::vector<std::uint8_t> column(g.size());
  applicant& a = scratch();
  for (std::size_t e = 0; e < g.size(); ++e) {
    // The incomes alone, from the record's first section, unless the head is `slow`.
    const pool_index i = g.request[e];
    if ((heads[i].flags & detail::request_head::slow) != 0) {
      decode(i, a, false);
    } else {
      detail::read_record_incomes(body(i), a.incomes);
    }
    column[e] = income_rank(ladder, income_value(a.incomes, year));
  }
  return column;
}

void applicant_pool::columns::add_year(int year) {
  const auto slot =
      static_cast<std::size_t>(std::lower_bound(years.begin(), years.end(), year) - years.begin());
  std::vector<std::int32_t> ladder = ladder_of(ladder_table, year);
  years.insert(years.begin() + static_cast<std::ptrdiff_t>(slot), year);
  ladders.insert(ladders.begin() + static_cast<std::ptrdiff_t>(slot), ladder);
  for (entry_group& g : groups) {
    std::vector<std::uint8_t> column = income_ranks(g, year, ladder);
    if (g.income.size() + 1 < years.size()) g.income.resize(years.size() - 1);
    g.income.insert(g.income.begin() + static_cast<std::ptrdiff_t>(slot), std::move(column));
  }
}

void applicant_pool::columns::shrink() {
  for (entry_group& g : groups) {
    entry_group::for_each_column(g, [](auto& column) { column.shrink_to_fit(); });
  }
  groups.shrink_to_fit();
  records.shrink_to_fit();
}

void applicant_pool::columns::compact() {
  if (record_garbage > 4096 && record_garbage * 2 > records.size()) {
    std::vector<std::uint8_t> fresh;
    fresh.reserve(records.size() - record_garbage);
    for (std::size_t i = 0; i < heads.size(); ++i) {
      if (heads[i].record == free_slot) continue;
      const std::uint8_t* bytes = body(static_cast<pool_index>(i));
      const std::size_t size = record_size(static_cast<pool_index>(i));
      heads[i].record = static_cast<std::uint32_t>(fresh.size());
      fresh.insert(fresh.end(), bytes, bytes + size);
    }
    records.swap(fresh);
    record_garbage = 0;
  }
}

// ---- applicant_pool ----------------------------------------------------------------------------

applicant_pool::applicant_pool() : applicant_pool(eligibility_policy{}) {}

applicant_pool::applicant_pool(const eligibility_policy& prepared_for)
    : data_(std::make_unique<columns>()) {
  data_->prepared_effort_ratio = prepared_for.max_effort_ratio;
  data_->whole.resize(columns::anywhere_view + 1);
}

applicant_pool::~applicant_pool() = default;
applicant_pool::applicant_pool(applicant_pool&&) noexcept = default;
applicant_pool& applicant_pool::operator=(applicant_pool&&) noexcept = default;

applicant_pool::applicant_pool(std::span<const applicant> applicants,
                               const eligibility_policy& prepared_for)
    : applicant_pool(prepared_for) {
  if (applicants.size() >= std::numeric_limits<pool_index>::max()) {
    throw invalid_argument("applicants", "too many requests for one pool");
  }
  reserve(applicants.size());
  for (std::size_t i = 0; i < applicants.size(); ++i) {
    try {
      add(applicants[i]);
    } catch (const error& e) {
      // `add` names the field under `applicant`.
      const std::string_view where = e.where();
      throw invalid_argument(fmt::format("applicants[{}]{}", i, where.substr(9)), e.reason());
    }
  }
  data_->shrink();  // built at once: no room kept for growth
}

namespace {
/// Throws when `a` cannot join a pool (besides its number).
/// Throws when `a` cannot join a pool (besides its number); `validate` skipped when the
/// caller ran it already.
void admit(const applicant& a, bool validate_first = true) {
  if (validate_first) {
    try {
      validate(a);
    } catch (const error& e) {
      throw invalid_argument(fmt::format("applicant.{}", e.where()), e.reason());
    }
  }
  if (a.household.members.size() > 255) {
    throw invalid_argument("applicant.household.members",
                           "a household of more than 255 persons is not supported");
  }
}
}  // namespace

void applicant_pool::shrink_to_fit() {
  columns& c = *data_;
  c.shrink();
  c.by_number.shrink_to_fit(c.numbers);
  c.numbers.shrink_to_fit();
  c.heads.shrink_to_fit();
  c.retired.shrink_to_fit();
}

void applicant_pool::spill_cold(const std::filesystem::path& folder) {
  columns& c = *data_;
  // The new file and arena built aside, then swapped in: a failure changes nothing.
  detail::cold_file file(folder);
  std::vector<std::uint8_t> arena;
  arena.reserve(c.records.size() - std::min(c.record_garbage, c.records.size()));
  detail::advise_huge_pages(arena.data(), arena.capacity());
  std::vector<std::uint32_t> at(c.heads.size(), columns::free_slot);
  for (std::size_t i = 0; i < c.heads.size(); ++i) {
    const detail::request_head& h = c.heads[i];
    if (h.record == columns::free_slot) continue;
    const auto index = static_cast<pool_index>(i);
    const std::uint8_t* record = c.body(index);
    at[i] = static_cast<std::uint32_t>(arena.size());
    if ((h.flags & detail::request_head::slow) != 0) {  // kept whole
      arena.insert(arena.end(), record, record + c.record_size(index));
      continue;
    }
    const std::size_t hot = detail::hot_size(record);
    const bool there = (h.flags & detail::request_head::cold_on_disk) != 0;
    const std::uint8_t* cold =
        there ? c.cold->data() + detail::cold_offset_at(record + hot) : record + hot;
    const std::size_t size = detail::cold_size(h, cold);
    const std::uint64_t offset = file.append(std::span(cold, size));
    if (offset + size > std::numeric_limits<std::uint32_t>::max()) {
      throw error(folder.string(), "the pool's cold records file would pass 4 GiB");
    }
    arena.insert(arena.end(), record, record + hot);
    detail::put_cold_offset(arena, static_cast<std::uint32_t>(offset));
  }
  file.map();
  arena.shrink_to_fit();
  // Nothing below throws. Every live record moved but the whole ones.
  for (std::size_t i = 0; i < c.heads.size(); ++i) {
    detail::request_head& h = c.heads[i];
    h.record = at[i];
    if (h.record != columns::free_slot && (h.flags & detail::request_head::slow) == 0) {
      h.flags |= detail::request_head::cold_on_disk;
    }
  }
  c.records.swap(arena);
  c.record_garbage = 0;
  c.cold = std::move(file);
}

void applicant_pool::prepare_ceilings(const ceiling_table& ceilings) {
  columns& c = *data_;
  if (c.ladder_table == ceilings) return;
  // Everything built aside, then swapped in: a failure changes nothing. Only the years whose
  // ladder changed are ranked again, group by group.
  ceiling_table table = ceilings;
  std::vector<std::vector<std::int32_t>> ladders;
  for (const int year : c.years) ladders.push_back(columns::ladder_of(table, year));
  std::vector<std::vector<std::uint8_t>> fresh;
  for (std::size_t y = 0; y < c.years.size(); ++y) {
    if (ladders[y] == c.ladders[y]) continue;
    for (const entry_group& g : c.groups) {
      fresh.push_back(c.income_ranks(g, c.years[y], ladders[y]));
    }
  }
  auto column = fresh.begin();
  for (std::size_t y = 0; y < c.years.size(); ++y) {
    if (ladders[y] == c.ladders[y]) continue;
    for (entry_group& g : c.groups) g.income[y].swap(*column++);
  }
  c.ladders.swap(ladders);
  c.ladder_table = std::move(table);
}

void applicant_pool::reserve(std::size_t n) {
  columns& c = *data_;
  c.by_number.reserve(n, c.numbers);
  // The arena at once: grown by doubling, it was copied a dozen times and its pages cleared
  // twice over (a tenth of the adding thread's time in a national CSV load).
  if (const std::size_t bytes = n * columns::typical_record_bytes; c.records.capacity() < bytes) {
    c.grow_records(bytes);
  }
  c.numbers.reserve(n);
  c.heads.reserve(n);
  // Read at random by ranking, written all at once by `load`: in huge pages (fewer TLB misses
  // and page faults).
  detail::advise_huge_pages(c.heads.data(), c.heads.capacity() * sizeof(detail::request_head));
  c.retired.reserve(n);
}

namespace {
/// The record of `a`, encoded before the pool changes (encoding may throw).
std::span<const std::uint8_t> encoded(applicant_pool::columns& c, const applicant& a,
                                      std::uint32_t& employer, detail::record_marks& marks) {
  thread_local std::vector<std::uint8_t> bytes;
  bytes.clear();
  employer = c.employers.intern(a.employment.employer);
  detail::encode_record(a, employer, bytes, &marks);
  return bytes;
}
}  // namespace

pool_index applicant_pool::add(const applicant& a) { return add_request(a, true); }

pool_index applicant_pool::add_request(const applicant& a, bool validate_first) {
  columns& c = *data_;
  admit(a, validate_first);
  const detail::packed_number packed(a.number);
  if (const auto other = c.by_number.find(c.numbers, packed)) {
    throw invalid_argument("applicant.number",
                           fmt::format("request number {} is given twice", a.number));
  }
  std::uint32_t employer = 0;
  detail::record_marks marks;
  const auto bytes = encoded(c, a, employer, marks);
  pool_index i = 0;
  if (!c.free.empty()) {
    i = c.free.back();
    c.numbers[i] = packed;
  } else {
    if (c.heads.size() + 1 >= std::numeric_limits<pool_index>::max()) {
      throw invalid_argument("applicant", "too many requests for one pool");
    }
    i = static_cast<pool_index>(c.heads.size());
    c.numbers.push_back(packed);
    c.retired.push_back(false);
    c.heads.emplace_back().record = columns::free_slot;
  }
  c.place(i, a, bytes, employer, marks);
  if (!c.free.empty() && c.free.back() == i) c.free.pop_back();
  c.by_number.insert(c.numbers, i);
  ++c.live;
  ++c.version;
  return i;
}

void applicant_pool::replace(pool_index i, const applicant& a) {
  columns& c = *data_;
  if (!contains(i)) throw invalid_argument("index", fmt::format("no request at index {}", i));
  admit(a);
  const detail::packed_number packed(a.number);
  const bool renumbered = packed != c.numbers[i];
  if (renumbered && c.by_number.find(c.numbers, packed)) {
    throw invalid_argument("applicant.number",
                           fmt::format("request number {} is given twice", a.number));
  }
  std::uint32_t employer = 0;
  detail::record_marks marks;
  const auto bytes = encoded(c, a, employer, marks);
  c.unplace(i);
  if (renumbered) {
    c.by_number.erase(c.numbers, i);
    c.numbers[i] = packed;
    c.by_number.insert(c.numbers, i);
  }
  c.place(i, a, bytes, employer, marks);
  c.compact();
  ++c.version;
}

void applicant_pool::remove(pool_index i) {
  columns& c = *data_;
  if (!contains(i)) throw invalid_argument("index", fmt::format("no request at index {}", i));
  c.unplace(i);
  c.by_number.erase(c.numbers, i);
  c.free.push_back(i);
  --c.live;
  c.compact();
  ++c.version;
}

std::size_t applicant_pool::retire_ended_before(date d) {
  columns& c = *data_;
  const std::int32_t day = day_number(d);
  std::size_t n = 0;
  // The requests marked first, then every group filtered in one pass (a request's entries are
  // not found one by one: `entry_group::find` scans). Reading a `slow` request's last day may
  // throw: the groups lose the entries of the requests marked before it, as if it stopped there.
  const auto drop_entries = [&c] {
    for (entry_group& g : c.groups) {
      g.remove_if([&c](pool_index r) { return c.retired[r]; });
    }
  };
  try {
    for (pool_index i = 0; i < c.heads.size(); ++i) {
      if (!c.alive(i) || c.retired[i]) continue;
      const std::int32_t last = c.last_valid_day(i);
      if (last >= day) continue;
      c.forget_valid_day(i, last);
      c.retired[i] = true;
      ++n;
    }
  } catch (...) {
    if (n != 0) {
      drop_entries();
      ++c.version;
    }
    throw;
  }
  if (n != 0) {
    drop_entries();
    ++c.version;
  }
  return n;  // allocates nothing
}

bool applicant_pool::retired(pool_index i) const noexcept {
  return data_->alive(i) && data_->retired[i];
}

std::size_t applicant_pool::size() const noexcept { return data_->live; }
std::uint64_t applicant_pool::version() const noexcept { return data_->version; }
pool_index applicant_pool::index_end() const noexcept {
  return static_cast<pool_index>(data_->heads.size());
}
bool applicant_pool::contains(pool_index i) const noexcept { return data_->alive(i); }

applicant applicant_pool::get(pool_index i) const {
  applicant a = detail::blank_applicant();
  data_->decode(i, a);
  return a;
}
void applicant_pool::get(pool_index i, applicant& out) const { data_->decode(i, out); }

std::optional<pool_index> applicant_pool::find(const request_number& n) const noexcept {
  return data_->by_number.find(data_->numbers, detail::packed_number(n));
}

void applicant_pool::find_all(std::span<const request_number> numbers,
                              std::span<std::optional<pool_index>> out) const noexcept {
  data_->by_number.find_all(data_->numbers, numbers, out);
}

request_number applicant_pool::number(pool_index i) const noexcept {
  return data_->numbers[i].unpack();
}
date applicant_pool::initial_filing(pool_index i) const {
  applicant& a = scratch();
  data_->decode(i, a);
  return a.initial_filing;
}
company_size applicant_pool::company(pool_index i) const noexcept { return data_->company(i); }
int applicant_pool::persons(pool_index i) const {
  applicant& a = scratch();
  data_->decode(i, a);
  return a.household.persons();
}

household_category applicant_pool::category(pool_index i, date at) const {
  applicant& a = scratch();
  data_->decode(i, a);
  return category_of(a.household, at);
}

candidate_facts applicant_pool::facts(pool_index i) const {
  // Its own decoded request: the spans must survive the other accessors' decoding.
  thread_local applicant a = detail::blank_applicant();
  data_->decode(i, a);
  return facts_of(a);
}

request_state applicant_pool::state(pool_index i, date at) const {
  applicant& a = scratch();
  data_->decode(i, a);
  return state_at(a, at);
}

std::optional<reference_income> applicant_pool::reference_income_of(pool_index i, int year) const {
  applicant& a = scratch();
  data_->decode(i, a);
  return reference_income_for(a, year);
}

eligibility_result applicant_pool::check(pool_index i, const offer& o, date at,
                                         const eligibility_policy& policy,
                                         const ceiling_table& ceilings) const {
  applicant& a = scratch();
  data_->decode(i, a);
  detail::offer_terms terms(o, ceilings);
  return detail::evaluate(detail::row_of(a, at), terms, at, policy);
}

namespace {

/// Whether counting `o` under `policy` can read the narrow columns (else: the gate itself,
/// request by request).
bool prepared_for(const applicant_pool::columns& c, const offer& o, date at,
                  const eligibility_policy& policy) {
  const std::int32_t day = day_number(at);
  const bool fits = day >= entry_group::first_counted_day && day <= entry_group::last_counted_day &&
                    policy.check_wishes && policy.check_effort_ratio &&
                    policy.max_effort_ratio == c.prepared_effort_ratio &&
                    o.total_rent().in_cents() >= 0 &&
                    o.total_rent().in_cents() < entry_group::unlimited;
  if (!fits || !o.reserved_for) return fits;
  // An employer the 16-bit column cannot tell from others (`entry_group::employer`).
  const auto e = c.employers.find(o.reserved_for->value);
  return !e || *e < entry_group::wide_employer;
}

/// What `prepare` found an offer's count to be.
enum class prepared : std::uint8_t {
  none,     ///< no request can be eligible
  columns,  ///< the narrow columns count it, with the terms
  gate,     ///< a ceiling that is not on its year's ladder: the gate counts it
};

/// Fills `t` for `o` at `at`: `none` when no request can be eligible (no income column for the
/// offer's year, an employer nobody works for, no household size admitted), `gate` when a
/// ceiling it needs is not on the year's ladder (`applicant_pool::columns::ladders`).
prepared prepare(const applicant_pool::columns& c, const offer& o, date at,
                 const eligibility_policy& policy, const ceiling_table& ceilings, count_terms& t) {
  const auto slot = c.year_slot(o.ceiling_year());
  if (!slot) return prepared::none;  // nobody declared the N-2 income of that year
  t.day = entry_group::day_of(day_number(at));
  t.typology_bit = static_cast<std::uint8_t>(1U << (o.rooms - 1));
  t.total_rent = static_cast<std::int32_t>(
      std::min<std::int64_t>(o.total_rent().in_cents(), entry_group::unlimited));
  t.reserved = o.reserved_for.has_value();
  t.year_slot = *slot;
  t.employer = 0;
  if (o.reserved_for) {
    const auto e = c.employers.find(o.reserved_for->value);
    if (!e) return prepared::none;
    t.employer = entry_group::employer_of(*e);  // exact: `prepared_for` sent wide ones away
  }
  constexpr int max_persons = 255;
  t.first = std::max(1, o.rooms - policy.rooms_above);
  // T6 means six rooms or more: it suits every household from rooms - rooms_above persons up.
  t.last = o.rooms >= 6 ? max_persons : std::min(max_persons, o.rooms + policy.rooms_below);
  if (t.first > t.last) return prepared::none;
  // The ceiling of every household rank of the range, as its rung on the ladder; -1 when none.
  // Only the ranks of the households the pool has held are looked up.
  const int year = o.ceiling_year();
  const income_zone zone = o.commune.zone();
  t.ceiling.fill(-1);
  const int highest = std::min(t.last, c.max_persons);
  for (int r = t.first; r <= highest + 1; ++r) {
    if (const auto euros = rank_ceiling(ceilings, o.financing, year, zone, r)) {
      const std::vector<std::int32_t>& ladder = c.ladders[*slot];
      const auto rung = std::lower_bound(ladder.begin(), ladder.end(), *euros);
      if (rung == ladder.end() || *rung != *euros) return prepared::gate;
      t.ceiling[static_cast<std::size_t>(r)] = static_cast<std::int32_t>(rung - ladder.begin());
    }
  }
  return prepared::columns;
}

/// Days every entry of a group is bumped until, when the group is bumped `never` or `always`:
/// what the counting loops read in place of a `dated` group's `bumped_until` column.
constexpr std::array<std::uint16_t, count_block> never_bumped{};
constexpr std::array<std::uint16_t, count_block> always_bumped = [] {
  std::array<std::uint16_t, count_block> days{};
  days.fill(entry_group::always);
  return days;
}();
static_assert(entry_group::never == 0);

/// What the counting loops read as the `bumped_until` of entries [from, from + `count_block`)
/// of group `g`.
const std::uint16_t* bumped_until_from(const entry_group& g, std::size_t from) noexcept {
  switch (g.bump) {
    case entry_group::bumping::never:
      return never_bumped.data();
    case entry_group::bumping::always:
      return always_bumped.data();
    case entry_group::bumping::dated:
      break;
  }
  return g.bumped_until.data() + from;
}

/// Eligible entries among entries [from, to) of a whole-area group of households of `p`
/// persons (`p` admitted), `to - from` at most `count_block`.
std::size_t count_whole_group(const entry_group& g, const count_terms& t, std::size_t p,
                              std::size_t from, std::size_t to) {
  const std::uint8_t* income = g.income[t.year_slot].data();
  const std::uint16_t* bumped_until = bumped_until_from(g, from);
  if (t.reserved) {
    return count_whole_reserved(g.last_valid.data() + from, bumped_until, income + from,
                                g.typologies.data() + from, g.rent_limit.data() + from,
                                g.employer.data() + from, to - from, t.day, t.typology_bit,
                                t.total_rent, t.ceiling[p], t.ceiling[p + 1], t.employer);
  }
  return count_whole(g.last_valid.data() + from, bumped_until, income + from,
                     g.typologies.data() + from, g.rent_limit.data() + from, to - from, t.day,
                     t.typology_bit, t.total_rent, t.ceiling[p], t.ceiling[p + 1]);
}

/// `limits_run` over entries [from, to) of a whole-area group of households of `p` persons,
/// for the terms `t` shares with its class (all but the rent), into `out`.
void limits_of_group(const entry_group& g, const count_terms& t, std::size_t p, std::size_t from,
                     std::size_t to, std::int32_t* out) {
  const std::uint8_t* income = g.income[t.year_slot].data();
  const std::uint16_t* bumped_until = bumped_until_from(g, from);
  if (t.reserved) {
    limits_whole_reserved(g.last_valid.data() + from, bumped_until, income + from,
                          g.typologies.data() + from, g.rent_limit.data() + from,
                          g.employer.data() + from, to - from, t.day, t.typology_bit, t.ceiling[p],
                          t.ceiling[p + 1], t.employer, out);
  } else {
    limits_whole(g.last_valid.data() + from, bumped_until, income + from,
                 g.typologies.data() + from, g.rent_limit.data() + from, to - from, t.day,
                 t.typology_bit, t.ceiling[p], t.ceiling[p + 1], out);
  }
}

/// Whether two offers' terms agree on a whole-area group of households of `p` persons in all
/// but the rent: the same entries meet them but for the rent.
bool same_class(const count_terms& a, const count_terms& b, std::size_t p) noexcept {
  return a.day == b.day && a.typology_bit == b.typology_bit && a.year_slot == b.year_slot &&
         a.ceiling[p] == b.ceiling[p] && a.ceiling[p + 1] == b.ceiling[p + 1] &&
         a.reserved == b.reserved && (!a.reserved || a.employer == b.employer);
}

/// The same over the whole group.
std::size_t count_whole_group(const entry_group& g, const count_terms& t, std::size_t p) {
  std::size_t count = 0;
  for (std::size_t from = 0; from < g.size(); from += count_block) {
    count += count_whole_group(g, t, p, from, std::min(g.size(), from + count_block));
  }
  return count;
}

/// Eligible entries of the commune groups of the offer's commune and municipality (a request
/// is filed under at most one of the two).
std::size_t count_communes(const applicant_pool::columns& c, const offer& o, const count_terms& t) {
  const std::uint32_t commune = commune_key(o.commune);
  const std::uint32_t municipality = commune_key(o.commune.municipality());
  std::size_t count = 0;
  for (const std::uint32_t key : {commune, municipality}) {
    if (const entry_group* g = c.commune_group(o.department().index(), key)) {
      count += count_any_size(*g, t, c.max_persons);
    }
    if (municipality == commune) break;
  }
  return count;
}

/// The exact count with the gate itself, request by request: any policy.
std::size_t count_by_gate(const applicant_pool& pool, const offer& o, date at,
                          const eligibility_policy& policy, const ceiling_table& ceilings) {
  const applicant_pool::columns& c = pool.data();
  detail::offer_terms terms(o, ceilings);
  applicant& a = scratch();
  const auto gate = [&](pool_index i) {
    c.decode(i, a);
    return detail::evaluate(detail::row_of(a, at), terms, at, policy).eligible();
  };
  std::size_t count = 0;
  if (!policy.check_wishes) {
    // Without wishes the area index does not apply: every request is a candidate.
    for (pool_index i = 0; i < pool.index_end(); ++i) {
      count += c.alive(i) && !c.retired[i] && gate(i) ? 1U : 0U;
    }
    return count;
  }
  // Only the requests filed under the offer's area may be eligible: each of them once.
  const int first = std::max(1, o.rooms - policy.rooms_above);
  const int last = o.rooms >= 6 ? 255 : std::min(255, o.rooms + policy.rooms_below);
  const auto take = [&](const entry_group& g) {
    for (std::size_t e = 0; e < g.size(); ++e) {
      const int p = g.persons_of(e);
      if (p >= first && p <= last) count += gate(g.request[e]) ? 1U : 0U;
    }
  };
  for (const std::size_t view :
       {std::size_t{o.department().index()}, applicant_pool::columns::anywhere_view}) {
    for (std::size_t slot = 0; slot < c.whole[view].size(); ++slot) {
      if (const entry_group* g = c.whole_group(view, slot)) take(*g);
    }
  }
  const std::uint32_t commune = commune_key(o.commune);
  const std::uint32_t municipality = commune_key(o.commune.municipality());
  for (const std::uint32_t key : {commune, municipality}) {
    if (const entry_group* g = c.commune_group(o.department().index(), key)) take(*g);
    if (municipality == commune) break;
  }
  return count;
}

}  // namespace

std::size_t applicant_pool::count_eligible(const offer& o, date at,
                                           const eligibility_policy& policy,
                                           const ceiling_table& ceilings) const {
  const columns& c = *data_;
  count_terms t{};
  const prepared how =
      prepared_for(c, o, at, policy) ? prepare(c, o, at, policy, ceilings, t) : prepared::gate;
  if (how == prepared::gate) return count_by_gate(*this, o, at, policy, ceilings);
  if (how == prepared::none) return 0;
  std::size_t count = 0;
  for (const std::size_t view : {std::size_t{o.department().index()}, columns::anywhere_view}) {
    const auto& slots = c.whole[view];
    for (std::size_t slot = entry_group::whole_slot(static_cast<std::size_t>(t.first), {});
         slot < entry_group::whole_slot(static_cast<std::size_t>(t.last) + 1, {}) &&
         slot < slots.size();
         ++slot) {
      if (const entry_group* g = c.whole_group(view, slot)) {
        count += count_whole_group(*g, t, entry_group::slot_persons(slot));
      }
    }
  }
  return count + count_communes(c, o, t);
}

counting_plan::counting_plan(const applicant_pool& pool, std::span<const offer* const> offers,
                             std::span<const date> at, const eligibility_policy& policy,
                             const ceiling_table& ceilings)
    : pool_(pool),
      offers_(offers),
      at_(at),
      policy_(policy),
      ceilings_(ceilings),
      terms_(std::make_unique<count_terms[]>(offers.size())),
      whole_(offers.size(), 0),
      anywhere_(offers.size(), 0),
      pending_(std::make_unique<std::atomic<std::uint32_t>[]>(offers.size())) {
  const applicant_pool::columns& c = pool.data();
  const std::size_t n = offers.size();
  // Each offer's terms once; the offers the narrow columns cannot count are counted alone.
  std::vector<std::uint8_t> fast(n, 0);
  by_department_.resize(department::count);
  for (std::size_t k = 0; k < n; ++k) {
    const offer& o = *offers[k];
    const prepared how = prepared_for(c, o, at[k], policy)
                             ? prepare(c, o, at[k], policy, ceilings, terms_[k])
                             : prepared::gate;
    if (how == prepared::gate) {
      slow_.push_back(static_cast<std::uint32_t>(k));
      continue;
    }
    if (how == prepared::none) continue;
    fast[k] = 1;
    by_department_[o.department().index()].push_back(static_cast<std::uint32_t>(k));
  }
  // Work items: a view's groups (a department's, or the anywhere view's) for a share of the
  // offers that read them, at most `per_item` offers: a run of a group's entries is read once
  // for all the offers of the item while it is in cache. Items write disjoint counts
  // (`anywhere_` for the anywhere view), added by `count`; the costliest first, so that the
  // threads finish together. The offers are taken in the order of their terms but the rent, so
  // that an item holds whole classes of offers that differ by their rent alone (the anywhere
  // view is read by every offer of the day: many of them share a class).
  const auto by_terms = [&](std::uint32_t a, std::uint32_t b) {
    const count_terms& x = terms_[a];
    const count_terms& y = terms_[b];
    const offer& ox = *offers[a];
    const offer& oy = *offers[b];
    return std::make_tuple(x.day, x.typology_bit, x.first, x.last, x.year_slot, ox.financing,
                           ox.commune.zone(), x.reserved, x.employer, x.total_rent) <
           std::make_tuple(y.day, y.typology_bit, y.first, y.last, y.year_slot, oy.financing,
                           oy.commune.zone(), y.reserved, y.employer, y.total_rent);
  };
  for (std::size_t k = 0; k < n; ++k) {
    if (fast[k] != 0) everyone_.push_back(static_cast<std::uint32_t>(k));
  }
  std::sort(everyone_.begin(), everyone_.end(), by_terms);
  for (auto& ks : by_department_) std::sort(ks.begin(), ks.end(), by_terms);
  const auto entries_of_view = [&](std::size_t view) {
    std::size_t entries = 0;
    for (std::size_t slot = 0; slot < c.whole[view].size(); ++slot) {
      if (const entry_group* g = c.whole_group(view, slot)) entries += g->size();
    }
    return entries;
  };
  const auto split = [&](std::size_t view, std::span<const std::uint32_t> ks,
                         std::size_t per_item) {
    if (ks.empty()) return;
    const std::size_t entries = entries_of_view(view);
    const std::size_t pieces = (ks.size() + per_item - 1) / per_item;
    for (std::size_t piece = 0; piece < pieces; ++piece) {
      const std::size_t from = ks.size() * piece / pieces;
      const std::size_t to = ks.size() * (piece + 1) / pieces;
      items_.push_back(work_item{view, ks.subspan(from, to - from), entries * (to - from)});
    }
  };
  for (std::size_t d = 0; d < department::count; ++d) split(d, by_department_[d], 16);
  split(applicant_pool::columns::anywhere_view, everyone_, 64);
  std::stable_sort(items_.begin(), items_.end(),
                   [](const work_item& x, const work_item& y) { return x.cost > y.cost; });
  // The offers counted alone (by the gate), last: one item each.
  for (const std::uint32_t& k : slow_) {
    items_.push_back(work_item{slow_item, std::span<const std::uint32_t>(&k, 1), 0});
  }
  for (const work_item& w : items_) {
    for (const std::uint32_t k : w.offers) ++pending_[k];
  }
}

counting_plan::~counting_plan() = default;

void counting_plan::run(std::size_t i) {
  const work_item& w = items_[i];
  const applicant_pool::columns& c = pool_.data();
  // The item's offers are done when it returns, or throws (their counts then partial: the
  // caller reports the error), so that no thread waits on them forever.
  class mark_done {
   public:
    mark_done(std::span<const std::uint32_t> offers, std::atomic<std::uint32_t>* pending)
        : offers_(offers), pending_(pending) {}
    mark_done(const mark_done&) = delete;
    mark_done& operator=(const mark_done&) = delete;
    ~mark_done() {
      for (const std::uint32_t k : offers_) pending_[k].fetch_sub(1, std::memory_order_release);
    }

   private:
    std::span<const std::uint32_t> offers_;
    std::atomic<std::uint32_t>* pending_;
  };
  const mark_done finally(w.offers, pending_.get());
  if (w.view == slow_item) {
    const std::uint32_t k = w.offers.front();
    whole_[k] = count_by_gate(pool_, *offers_[k], at_[k], policy_, ceilings_);
    return;
  }
  const bool is_anywhere = w.view == applicant_pool::columns::anywhere_view;
  std::vector<std::size_t>& into = is_anywhere ? anywhere_ : whole_;
  const auto& slots = c.whole[w.view];
  // The item's offers that read a group, by class (the same terms but the rent: adjacent in
  // the item's order), and the rent limits a class shares on a run of entries.
  std::vector<std::uint32_t> reading;
  std::vector<std::size_t> class_ends;
  std::vector<std::int32_t> limits(count_block);
  for (std::size_t slot = 0; slot < slots.size(); ++slot) {
    const entry_group* g = c.whole_group(w.view, slot);
    if (g == nullptr) continue;
    const std::size_t p = entry_group::slot_persons(slot);
    reading.clear();
    class_ends.clear();
    for (const std::uint32_t k : w.offers) {
      const count_terms& t = terms_[k];
      if (static_cast<int>(p) < t.first || static_cast<int>(p) > t.last) continue;
      if (!reading.empty() && !same_class(terms_[reading.back()], t, p)) {
        class_ends.push_back(reading.size());
      }
      reading.push_back(k);
    }
    if (reading.empty()) continue;
    class_ends.push_back(reading.size());
    for (std::size_t from = 0; from < g->size(); from += count_block) {
      const std::size_t to = std::min(g->size(), from + count_block);
      std::size_t first = 0;
      for (const std::size_t end : class_ends) {
        if (end - first == 1) {
          const std::uint32_t k = reading[first];
          into[k] += count_whole_group(*g, terms_[k], p, from, to);
        } else {
          limits_of_group(*g, terms_[reading[first]], p, from, to, limits.data());
          for (std::size_t j = first; j < end; ++j) {
            const std::uint32_t k = reading[j];
            into[k] += count_within(limits.data(), to - from, terms_[k].total_rent);
          }
        }
        first = end;
      }
    }
  }
  if (!is_anywhere) {
    for (const std::uint32_t k : w.offers) into[k] += count_communes(c, *offers_[k], terms_[k]);
  }
}

bool counting_plan::done(std::size_t k) const noexcept {
  return pending_[k].load(std::memory_order_acquire) == 0;
}

std::size_t counting_plan::count(std::size_t k) const noexcept { return whole_[k] + anywhere_[k]; }

void count_eligible_together(const applicant_pool& pool, std::span<const offer* const> offers,
                             std::span<const date> at, const eligibility_policy& policy,
                             const ceiling_table& ceilings, std::span<std::size_t> out,
                             unsigned threads) {
  counting_plan plan(pool, offers, at, policy, ceilings);
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < plan.items(); i = next++) plan.run(i);
  };
  detail::run_parallel(detail::thread_count(threads, plan.items()), [&](unsigned) { worker(); });
  for (std::size_t k = 0; k < offers.size(); ++k) out[k] = plan.count(k);
}

std::array<std::int64_t, 3> applicant_pool::active_requests_by_size(date at) const noexcept {
  std::array<std::int64_t, 3> counts{};
  const columns& c = *data_;
  const std::int32_t day = day_number(at);
  for (std::size_t s = 0; s < counts.size(); ++s) {
    const auto& days = c.valid_days[s];
    for (auto it = days.lower_bound(day); it != days.end(); ++it) counts[s] += it->second;
  }
  return counts;
}

pool_memory applicant_pool::memory() const noexcept {
  const columns& c = *data_;
  pool_memory m;
  m.records = vector_bytes(c.records) + c.employers.bytes();
  m.on_disk = c.cold ? c.cold->size() : 0;
  m.heads = vector_bytes(c.heads);
  m.numbers = vector_bytes(c.numbers);
  m.number_index = c.by_number.bytes();
  m.groups = vector_bytes(c.groups) + vector_bytes(c.whole) + vector_bytes(c.years) +
             vector_bytes(c.ladders);
  for (const auto& ladder : c.ladders) m.groups += vector_bytes(ladder);
  for (const auto& g : c.groups) m.groups += g.bytes() - sizeof(entry_group);
  for (const auto& w : c.whole) m.groups += vector_bytes(w);
  m.groups += c.by_commune.size() *
                  (sizeof(std::pair<const std::uint64_t, std::uint32_t>) + 2 * sizeof(void*)) +
              c.by_commune.bucket_count() * sizeof(void*);
  m.other = sizeof(columns) + vector_bytes(c.free) + c.retired.capacity() / 8;
  for (const auto& days : c.valid_days) m.other += days.capacity() * sizeof(*days.begin());
  return m;
}

std::size_t applicant_pool::hot_memory_bytes() const noexcept { return memory().hot(); }

std::size_t applicant_pool::memory_bytes() const noexcept { return memory().total(); }

// ---- save / load -------------------------------------------------------------------------------

namespace {
template <typename T>
void write_block(const byte_sink& sink, const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  const std::uint64_t n = v.size();
  sink(std::as_bytes(std::span(&n, 1)));
  sink(std::as_bytes(std::span(v)));
}

template <typename T>
std::vector<T> read_block(const byte_source& source, std::string_view name, std::uint64_t limit) {
  std::uint64_t n = 0;
  source(std::as_writable_bytes(std::span(&n, 1)));
  if (n > limit) {
    throw data_error("pool", fmt::format("block {} is too long ({} items)", name, n));
  }
  // Read through a small buffer into reserved room: a vector of `n` value-initialised items
  // would first write zeros over the whole block (the record arena is hundreds of megabytes).
  // At most a gibibyte is reserved up front: a damaged count must not reserve more than the
  // source holds; beyond it the vector grows as it is read, and the source fails at its end.
  constexpr std::size_t chunk = (std::size_t{1} << 16) / sizeof(T);
  std::vector<T> v;
  v.reserve(
      static_cast<std::size_t>(std::min<std::uint64_t>(n, (std::uint64_t{1} << 30) / sizeof(T))));
  detail::advise_huge_pages(v.data(), v.capacity() * sizeof(T));
  T buffer[chunk];  // NOLINT: uninitialised on purpose, filled by the source before use
  while (v.size() < n) {
    const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, n - v.size()));
    source(std::as_writable_bytes(std::span(buffer, k)));
    v.insert(v.end(), buffer, buffer + k);
  }
  return v;
}
}  // namespace

void applicant_pool::save(const byte_sink& sink) const {
  const columns& c = *data_;
  // Where each record is in the arena written. The arena as it is, or once the cold parts are
  // in a file (`spill_cold`), every record whole again, one after the other: each record's
  // part in the arena (its hot part alone when the rest is in the file) and its part in the
  // file, in bytes, found by reading each record once.
  std::vector<std::uint32_t> record(c.heads.size());
  std::uint64_t arena_size = c.records.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;
  if (c.cold) {
    arena_size = 0;
    parts.resize(c.heads.size());
    for (std::size_t i = 0; i < record.size(); ++i) {
      record[i] = columns::free_slot;
      const detail::request_head& h = c.heads[i];
      if (h.record == columns::free_slot) continue;
      if (arena_size >= columns::free_slot) {
        throw std::length_error("applicant_pool: the records written whole pass 4 GiB");
      }
      record[i] = static_cast<std::uint32_t>(arena_size);
      const std::uint8_t* bytes = c.body(static_cast<pool_index>(i));
      if ((h.flags & detail::request_head::cold_on_disk) != 0) {
        const std::size_t hot = detail::hot_size(bytes);
        const std::size_t cold =
            detail::cold_size(h, c.cold->data() + detail::cold_offset_at(bytes + hot));
        parts[i] = {static_cast<std::uint32_t>(hot), static_cast<std::uint32_t>(cold)};
      } else {
        parts[i] = {static_cast<std::uint32_t>(c.record_size(static_cast<pool_index>(i))), 0};
      }
      arena_size += std::uint64_t{parts[i].first} + parts[i].second;
    }
  } else {
    for (std::size_t i = 0; i < record.size(); ++i) record[i] = c.heads[i].record;
  }
  // Sizes, then the per-index blocks, the arena and the employers.
  const std::vector<std::uint64_t> sizes{c.heads.size(), arena_size, c.employers.size(),
                                         c.free.size()};
  write_block(sink, sizes);
  write_block(sink, c.free);
  std::vector<std::array<char, request_number::length>> numbers(c.numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    std::memcpy(numbers[i].data(), c.numbers[i].unpack().str().data(), request_number::length);
  }
  write_block(sink, numbers);
  write_block(sink, record);
  if (c.cold) {
    sink(std::as_bytes(std::span(&arena_size, 1)));
    std::vector<std::uint8_t> chunk;
    chunk.reserve(std::size_t{1} << 20);
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (record[i] == columns::free_slot) continue;
      const std::uint8_t* bytes = c.body(static_cast<pool_index>(i));
      const auto [in_arena, in_file] = parts[i];
      chunk.insert(chunk.end(), bytes, bytes + in_arena);
      if (in_file != 0) {
        // The offset just after the hot part, read without walking it again.
        const std::uint8_t* cold = c.cold->data() + detail::cold_offset_at(bytes + in_arena);
        chunk.insert(chunk.end(), cold, cold + in_file);
      }
      if (chunk.size() >= (std::size_t{1} << 20) - 4096) {
        sink(std::as_bytes(std::span(chunk)));
        chunk.clear();
      }
    }
    sink(std::as_bytes(std::span(chunk)));
  } else {
    write_block(sink, c.records);
  }
  // The held fields of each request, in index order: 0 when its record holds them (its head is
  // slow), else 1 and the fields.
  std::vector<std::uint8_t> held;
  held.reserve(c.live * 14);
  for (std::size_t i = 0; i < c.heads.size(); ++i) {
    const detail::request_head& h = c.heads[i];
    if (h.record == columns::free_slot) continue;
    const bool kept = (h.flags & detail::request_head::slow) == 0;
    held.push_back(kept ? 1 : 0);
    if (kept) detail::encode_held(h, held);
  }
  write_block(sink, held);
  std::vector<char> employers;
  std::vector<std::uint64_t> ends;
  for (std::size_t k = 0; k < c.employers.size(); ++k) {
    const std::string& v = c.employers[static_cast<std::uint32_t>(k)].value;
    employers.insert(employers.end(), v.begin(), v.end());
    ends.push_back(employers.size());
  }
  write_block(sink, ends);
  write_block(sink, employers);
}

applicant_pool applicant_pool::load(const byte_source& source,
                                    const eligibility_policy& prepared_for,
                                    const request_visitor& visit) {
  constexpr std::uint64_t limit = std::uint64_t{1} << 40;
  const auto sizes = read_block<std::uint64_t>(source, "sizes", 4);
  if (sizes.size() != 4) throw data_error("pool", "block sizes has not 4 items");
  const auto free = read_block<pool_index>(source, "free indexes", sizes[3]);
  const auto numbers =
      read_block<std::array<char, request_number::length>>(source, "numbers", sizes[0]);
  auto record = read_block<std::uint32_t>(source, "record offsets", sizes[0]);
  auto records = read_block<std::uint8_t>(source, "records", sizes[1]);
  const auto held = read_block<std::uint8_t>(source, "head fields", limit);
  const auto ends = read_block<std::uint64_t>(source, "employer ends", sizes[2]);
  const auto names = read_block<char>(source, "employers", limit);
  if (numbers.size() != sizes[0] || record.size() != sizes[0] || records.size() != sizes[1] ||
      ends.size() != sizes[2] || free.size() != sizes[3]) {
    throw data_error("pool", "the blocks do not have the sizes announced");
  }
  // The arena is kept as written; nothing is encoded or copied again. Two passes over the
  // records, on two threads when the hardware has them: the first decodes each record, checks
  // it and validates the request as `add` does, and hands it to `visit`; the second, behind
  // it, decodes the record again and places the request's entries. A request is placed only
  // once the first pass has found it valid (placing reads derived values, such as the expiry,
  // that an invalid request may not have). The fault reported is the one of the lowest
  // request, as if one pass had done both.
  applicant_pool pool(prepared_for);
  columns& c = *pool.data_;
  for (std::size_t k = 0; k < ends.size(); ++k) {
    const std::uint64_t from = k == 0 ? 0 : ends[k - 1];
    if (ends[k] < from || ends[k] > names.size()) {
      throw data_error("pool", fmt::format("employer {} is out of its block", k));
    }
    const employer_id e{std::string(names.data() + from, names.data() + ends[k])};
    if (c.employers.intern(e) != k) {
      throw data_error("pool", fmt::format("employer {} is given twice", k));
    }
  }
  pool.reserve(numbers.size());
  c.records = std::move(records);
  // Kept at a free index.
  c.numbers.assign(numbers.size(), detail::packed_number(detail::blank_applicant().number));
  c.heads.assign(numbers.size(), detail::request_head{});
  // Where each record is (the passes below read `record`, never `heads`, which the first pass
  // writes as it places each request).
  for (std::size_t i = 0; i < record.size(); ++i) c.heads[i].record = record[i];
  c.retired.assign(numbers.size(), false);

  // A fault of one pass: at which request, and the exception to throw once both are over.
  struct fault {
    std::size_t at = std::numeric_limits<std::size_t>::max();
    std::exception_ptr error;
  };
  // Request `i`'s number and record, decoded into `a` with its employer's index, its held
  // fields read from `held` at `held_at` (each pass reads them in turn); a `data_error` naming
  // the request when they are not sound. Returns the record's size; `kept` tells whether the
  // held fields were beside the record (else the record starts with them).
  const auto decode_at = [&](std::size_t i, applicant& a, std::uint32_t& employer,
                             std::size_t& held_at, bool& kept) {
    const std::string_view text(numbers[i].data(), numbers[i].size());
    try {
      a.number = request_number::parse(text);  // checked once: no `check` before it
    } catch (const invalid_request_number&) {
      throw data_error("pool", fmt::format("request {} has no valid number", i));
    }
    if (record[i] >= c.records.size()) {
      throw data_error("pool", fmt::format("record {} is out of the arena", i));
    }
    try {
      if (held_at >= held.size()) throw data_error("head fields", "is cut short");
      const std::uint8_t marker = held[held_at++];
      if (marker > 1) throw data_error("head fields", "have a marker other than 0 or 1");
      kept = marker == 1;
      std::optional<detail::held_fields> fields;
      if (kept) fields = detail::checked_read_held(held, held_at);
      const detail::checked_record read = detail::checked_decode_record(
          std::span(c.records).subspan(record[i]), kept ? &*fields : nullptr, c.employers, a);
      employer = read.employer;
      return read.size;
    } catch (const error& e) {
      const std::string part = e.where() == "record" ? "" : fmt::format(" ({})", e.where());
      throw data_error("pool", fmt::format("record {}{}: {}", i, part, e.reason()));
    }
  };
  std::size_t live_bytes = 0;
  std::vector<pool_index> live;
  live.reserve(numbers.size() - std::min(free.size(), numbers.size()));
  // Each pass stops at its first fault, or at the other's (nothing after it matters).
  std::atomic<std::size_t> first_failed{std::numeric_limits<std::size_t>::max()};
  std::atomic<std::size_t> second_failed{std::numeric_limits<std::size_t>::max()};
  // The requests below this one are checked (by the first pass).
  std::atomic<std::size_t> checked{0};
  fault first;
  fault second;
  // One pass: `step` on every request, its own decoding storage; a fault is kept with its
  // request and published to the other pass. `ready(i)` tells whether request `i` may be read.
  const auto pass = [&](fault& mine, std::atomic<std::size_t>& mine_at,
                        const std::atomic<std::size_t>& other_at, const auto& ready, auto&& step) {
    applicant a = detail::blank_applicant();
    std::uint32_t employer = 0;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
      if (!ready(i) || i > other_at.load(std::memory_order_relaxed)) return;
      if (record[i] == columns::free_slot) continue;
      try {
        step(i, a, employer);
      } catch (...) {
        mine = fault{i, std::current_exception()};
        mine_at.store(i, std::memory_order_relaxed);
        return;
      }
    }
  };
  const auto first_pass = [&] {
    pass(
        first, first_failed, second_failed,
        [&](std::size_t i) {
          checked.store(i, std::memory_order_release);  // every request before `i` checked
          return true;
        },
        [&, held_at = std::size_t{0}](std::size_t i, applicant& a,
                                      std::uint32_t& employer) mutable {
          bool kept = false;
          decode_at(i, a, employer, held_at, kept);
          admit(a);
          if (visit) visit(static_cast<pool_index>(i), a);
        });
    // Every request checked, unless the pass stopped at a fault: the second pass must not go
    // past it (it reads `first_failed` and `checked` in turn, and may read them either side
    // of the fault).
    if (!first.error) checked.store(numbers.size(), std::memory_order_release);
  };
  // Waits for the first pass to check request `i`; false when it stopped before.
  std::size_t seen = 0;  // `checked`, as last read
  const auto checked_up_to = [&](std::size_t i) {
    while (seen <= i) {
      if (first_failed.load(std::memory_order_relaxed) <= i) return false;
      seen = checked.load(std::memory_order_acquire);
      if (seen <= i) std::this_thread::yield();
    }
    return true;
  };
  const auto second_pass = [&] {
    pass(second, second_failed, first_failed, checked_up_to,
         [&, held_at = std::size_t{0}](std::size_t i, applicant& a,
                                       std::uint32_t& employer) mutable {
           bool kept = false;
           const std::size_t size = decode_at(i, a, employer, held_at, kept);
           const auto at = static_cast<pool_index>(i);
           c.numbers[i] = detail::packed_number(a.number);
           c.index(at, a, employer);
           // The head decides where the held fields are (`place`): a record read otherwise
           // would be misread.
           if (kept == ((c.heads[i].flags & detail::request_head::slow) != 0)) {
             throw data_error("pool", fmt::format("record {}: {}", i,
                                                  kept ? "its head fields are beside it, but "
                                                         "its head cannot hold them"
                                                       : "it starts with its head fields, "
                                                         "which its head holds"));
           }
           live_bytes += size;
           live.push_back(at);
         });
  };
  if (std::thread::hardware_concurrency() > 1) {
    std::thread helper(first_pass);
    second_pass();
    helper.join();
  } else {
    first_pass();
    second_pass();
  }
  if (first.error || second.error) {
    std::rethrow_exception(first.at <= second.at ? first.error : second.error);
  }
  if (const auto twice = c.by_number.insert_all(c.numbers, live)) {
    throw data_error("pool",
                     fmt::format("request number {} is given twice (requests {} and {})",
                                 c.numbers[twice->second].unpack(), twice->first, twice->second));
  }
  c.live = live.size();
  // Records written over each other would be read the same; only the reclaiming estimate
  // needs the bytes that are no longer any request's.
  c.record_garbage = c.records.size() - std::min(live_bytes, c.records.size());
  // Free indexes are reused in the order `remove` left them in.
  for (const pool_index i : free) {
    if (i >= record.size() || record[i] != columns::free_slot) {
      throw data_error("pool", fmt::format("free index {} is not free", i));
    }
    c.free.push_back(i);
  }
  if (c.free.size() + c.live != record.size()) {
    throw data_error("pool", "the free indexes are not every free index");
  }
  c.shrink();
  return pool;
}

}  // namespace cotation
