// SPDX-License-Identifier: MIT
// The pool's storage. Internal: sentinels are allowed here, never in the public API.
#pragma once

#include <cotation/pool.hpp>

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "detail/eligibility_row.hpp"

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

/// The requests that may want a dwelling of one department, grouped by household persons:
/// entries of `persons == p` are [bucket[p], bucket[p + 1]). Hot fields only, one column each.
struct department_view {
  static constexpr std::int32_t never = std::numeric_limits<std::int32_t>::min();
  static constexpr std::int64_t unlimited = std::numeric_limits<std::int64_t>::max();
  static constexpr std::uint8_t any_typology = 0x3F;

  std::vector<std::uint32_t> bucket;       ///< size max_persons + 2
  std::vector<pool_index> request;         ///< pool index of the entry
  std::vector<std::int32_t> last_valid;    ///< last valid day number; `never` when dossier incomplete
  std::vector<std::uint8_t> rank_base;     ///< persons + bump
  std::vector<std::int32_t> young_until;   ///< last young-household day number, or `never`
  std::vector<std::uint8_t> typologies;    ///< bit t-1 for Tt
  std::vector<std::int64_t> max_rent;      ///< cents, or `unlimited`
  std::vector<std::int64_t> resources;     ///< cents
  std::vector<std::int64_t> benefit;       ///< cents
  std::vector<std::uint32_t> employer;     ///< interned employer
  std::vector<std::uint8_t> whole_area;    ///< 1: the whole department (or anywhere) is wished
  /// Reference income in cents per prepared ceiling year (`columns::years`), `unlimited` when
  /// the request has none for that year.
  std::vector<std::vector<std::int64_t>> income;

  [[nodiscard]] std::size_t bytes() const noexcept;
};

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
  /// Offer-independent scoring facts; their spans point into the two arrays above.
  std::vector<candidate_facts> facts;

  std::unordered_map<request_number, pool_index> by_number;
  std::vector<int> years;  ///< ceiling years with an income column, ascending
  std::vector<department_view> views;  ///< by department index

  [[nodiscard]] detail::eligibility_row row(pool_index i) const noexcept;
  [[nodiscard]] std::optional<std::size_t> year_slot(int year) const noexcept;
};

}  // namespace cotation
