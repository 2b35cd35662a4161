// SPDX-License-Identifier: MIT
// The pool's storage. Internal: sentinels are allowed here, never in the public API.
#pragma once

#include <cotation/pool.hpp>

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "rules/eligibility_row.hpp"

namespace cotation {

/// Variable-length lists of all requests in one array: request i owns [begin[i], begin[i+1]).
template <typename T>
struct ragged {
  std::vector<std::uint32_t> begin{0};
  std::vector<T> values;

  template <typename Range>
  void push(const Range& r) {
    values.insert(values.end(), r.begin(), r.end());
    begin.push_back(static_cast<std::uint32_t>(values.size()));
  }
  [[nodiscard]] std::span<const T> operator[](std::size_t i) const noexcept {
    return {values.data() + begin[i], values.data() + begin[i + 1]};
  }
  [[nodiscard]] std::size_t bytes() const noexcept {
    return begin.capacity() * sizeof(std::uint32_t) + values.capacity() * sizeof(T);
  }
};

/// Requests that may want a dwelling of one department (or, for the pool's `anywhere` view,
/// requests that wish no area), grouped by household persons: the entries of `persons == p`
/// are [bucket[p], bucket[p + 1]); among them, those who wish the whole department come first,
/// [bucket[p], split[p]), and those who wish only some of its communes follow, [split[p],
/// bucket[p + 1]), one entry per wished commune (a commune covered by another wish of the same
/// request, an arrondissement of a wished municipality, is left out), ordered by
/// `commune_key`. Hot fields only, one narrow column each, so that counting reads a few bytes
/// per request sequentially and vectorises, and reads only the commune entries of the offer's
/// commune and municipality.
struct department_view {
  static constexpr std::int32_t never = std::numeric_limits<std::int32_t>::min();
  static constexpr std::int32_t always = std::numeric_limits<std::int32_t>::max();
  static constexpr std::int32_t unlimited = std::numeric_limits<std::int32_t>::max();
  static constexpr std::uint8_t any_typology = 0x3F;

  std::vector<std::uint32_t> bucket;     ///< size max_persons + 2
  std::vector<std::uint32_t> split;      ///< size max_persons + 1
  std::vector<pool_index> request;       ///< pool index of the entry
  std::vector<std::int32_t> last_valid;  ///< last valid day number; `never` when dossier incomplete
  /// The household's rank is persons + 1 up to this day number (`always` for a disability or a
  /// single adult with dependants, the last young-household day for a young couple), persons
  /// after it (`never`).
  std::vector<std::int32_t> bumped_until;
  std::vector<std::uint8_t> typologies;  ///< bit t-1 for Tt
  /// The highest rent + charges (cents) within both the budget and the effort ratio the pool
  /// was prepared for: min(max_rent, floor(max_ratio × resources) + benefit), saturated.
  std::vector<std::int32_t> rent_limit;
  std::vector<std::uint32_t> employer;  ///< interned employer
  std::vector<std::uint32_t> commune;   ///< `commune_key` of the wished commune, 0: whole area
  /// Reference income in whole euros rounded up (exact against whole-euro ceilings) per
  /// prepared ceiling year (`columns::years`); `unlimited` when the request has none.
  std::vector<std::vector<std::int32_t>> income;

  [[nodiscard]] std::size_t bytes() const noexcept;
};

/// `candidate_facts` without what other columns hold (filing date, company size, resources)
/// or what depends on an offer: 32 bytes instead of 136.
struct packed_facts {
  static constexpr std::int32_t none = std::numeric_limits<std::int32_t>::min();
  enum flag : std::uint8_t {
    single_parent = 1,
    household_disability = 2,
    key_worker = 4,
    dalo = 8,
    domestic_violence = 16,
    homeless_hosted_or_threatened = 32,
  };
  date birth;
  date job_start;  ///< not_a_date_time when none
  std::int32_t mobility_km = none;
  std::int32_t mobility_minutes = none;
  std::int64_t effort_net_cost = -1;  ///< cents; -1: no current effort
  std::uint8_t flags = 0;
  peec_status peec = peec_status::none;

  [[nodiscard]] static packed_facts pack(const candidate_facts& f);
  /// The facts back into `f`, with the columns the pack left out. Every field is assigned
  /// (the offer-dependent ones cleared), so one value serves a whole loop: a fresh
  /// `candidate_facts` per request would be zero-filled first (128 bytes, a slow `rep stos`).
  void unpack_into(candidate_facts& f, date filing, company_size size, money resources,
                   std::span<const date> applicant_refusals,
                   std::span<const date> commission_refusals) const noexcept;
};

/// Request numbers to pool indexes: open addressing with linear probing over one array of
/// 64-bit slots (32 bits of the hash, the index + 1), about 12 bytes per request and one cache
/// line per look-up.
class number_index {
 public:
  /// Room for `n` numbers.
  void reserve(std::size_t n);
  /// Adds `numbers[i]`; returns the index already holding the same number, if any (then
  /// nothing is added).
  std::optional<pool_index> insert(const std::vector<request_number>& numbers, pool_index i);
  [[nodiscard]] std::optional<pool_index> find(const std::vector<request_number>& numbers,
                                               const request_number& n) const noexcept;
  /// `find` for each of `wanted`, prefetching the slots ahead of the probes.
  void find_all(const std::vector<request_number>& numbers, std::span<const request_number> wanted,
                std::span<std::optional<pool_index>> out) const noexcept;
  [[nodiscard]] std::size_t bytes() const noexcept {
    return slots_.capacity() * sizeof(std::uint64_t);
  }

 private:
  std::vector<std::uint64_t> slots_;
  std::uint64_t mask_ = 0;
};

/// A dense integer for a commune code (base 12 over its five characters), never 0.
[[nodiscard]] std::uint32_t commune_key(const commune_code& c) noexcept;

struct applicant_pool::columns {
  std::vector<request_number> numbers;
  std::vector<date> filing;
  std::vector<date> expiry;
  std::vector<date> removed;  ///< not_a_date_time when not removed
  std::vector<std::int32_t> missing_documents;
  std::vector<std::uint8_t> employer_validated;
  std::vector<detail::household_rank> rank;
  ragged<annual_income> incomes;
  std::vector<money> resources;
  std::vector<money> benefit;
  ragged<commune_code> wished_communes;
  ragged<department> wished_departments;
  ragged<int> wished_typologies;
  std::vector<std::optional<money>> max_rent;
  std::vector<std::uint32_t> employer;  ///< index into `employers`
  std::vector<employer_id> employers;
  std::unordered_map<std::string, std::uint32_t> employer_ids;
  std::vector<company_size> size;
  ragged<date> applicant_refusals;
  ragged<date> commission_refusals;
  /// Offer-independent scoring facts (`facts_of(applicant)`), packed; `facts(i)` unpacks them
  /// with the refusal spans pointing into the two arrays above.
  std::vector<packed_facts> facts;

  number_index by_number;
  std::vector<int> years;              ///< ceiling years with an income column, ascending
  std::vector<department_view> views;  ///< by department index
  department_view anywhere;            ///< requests that wish no particular area
  basis_points prepared_effort_ratio;  ///< the ratio `rent_limit` was computed with

  [[nodiscard]] detail::eligibility_row row(pool_index i) const noexcept;
  /// `applicant_pool::facts(i)` into an existing value (see `packed_facts::unpack_into`).
  void facts_into(pool_index i, candidate_facts& f) const noexcept;
  /// Asks the processor to load what `row(i)` and ranking read about request `i`.
  void prefetch(pool_index i) const noexcept {
    __builtin_prefetch(&expiry[i]);
    __builtin_prefetch(&removed[i]);
    __builtin_prefetch(&rank[i]);
    __builtin_prefetch(&incomes.begin[i]);
    __builtin_prefetch(&resources[i]);
    __builtin_prefetch(&benefit[i]);
    __builtin_prefetch(&max_rent[i]);
    __builtin_prefetch(&wished_communes.begin[i]);
    __builtin_prefetch(&wished_departments.begin[i]);
    __builtin_prefetch(&wished_typologies.begin[i]);
    __builtin_prefetch(&missing_documents[i]);
    __builtin_prefetch(&employer[i]);
  }
  [[nodiscard]] std::optional<std::size_t> year_slot(int year) const noexcept;
};

}  // namespace cotation
