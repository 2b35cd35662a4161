// SPDX-License-Identifier: MIT
/// \file
/// The applicant pool: every request of a territory (up to the whole country's 2.7 million)
/// stored as compact, contiguous columns built once, the engine behind eligible counts and
/// rankings. The friendly `applicant` values are the API; the pool is what hot paths read.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/offer.hpp>
#include <cotation/scoring.hpp>

namespace cotation {

/// Index of a request in an `applicant_pool` (its position in the input).
using pool_index = std::uint32_t;

/// An immutable snapshot of many requests, organised for eligibility over the whole pool.
///
/// Layout: one column per field the gate and the grid read, indexed by `pool_index`, with the
/// variable-length parts (incomes, wishes, dated refusals) in shared arrays. For counting, every
/// department has a view of the requests that may want a dwelling there (they wish the
/// department or a commune of it), copied into narrow contiguous columns and grouped by
/// household size, so one offer's count reads only the requests of the right department and
/// sizes, sequentially; requests that wish no particular area are in one more view, read for
/// every offer.
///
/// Thread safety: every const member may be called concurrently.
class applicant_pool {
 public:
  /// An empty pool.
  applicant_pool();
  /// Validates every applicant (`validate(applicant)`) and builds the columns. Throws
  /// `cotation::invalid_argument` whose `where()` is `applicants[i].<field>` for an invalid
  /// applicant or a request number given twice; then nothing is built.
  ///
  /// `prepared_for` tunes the counting columns: `count_eligible` under a policy with the same
  /// maximum effort ratio, checking the effort ratio and the wishes, reads a few bytes per
  /// request in vectorised loops; any other policy gets the same exact answers, request by
  /// request, more slowly.
  explicit applicant_pool(std::span<const applicant> applicants,
                          const eligibility_policy& prepared_for = {});
  ~applicant_pool();
  applicant_pool(applicant_pool&&) noexcept;
  applicant_pool& operator=(applicant_pool&&) noexcept;

  /// Number of requests.
  [[nodiscard]] std::size_t size() const noexcept;
  /// The index of a request number, if present.
  [[nodiscard]] std::optional<pool_index> find(const request_number& n) const noexcept;
  /// `find` for many numbers at once (memory look-ups overlapped): `out[k]` is the index of
  /// `numbers[k]`; `out` has the size of `numbers`.
  void find_all(std::span<const request_number> numbers,
                std::span<std::optional<pool_index>> out) const noexcept;

  [[nodiscard]] const request_number& number(pool_index i) const noexcept;
  [[nodiscard]] date initial_filing(pool_index i) const noexcept;
  [[nodiscard]] company_size company(pool_index i) const noexcept;
  [[nodiscard]] request_state state(pool_index i, date at) const noexcept;
  /// Household persons (at least 1).
  [[nodiscard]] int persons(pool_index i) const noexcept;
  /// Reference income for ceiling year `year` (see `reference_income_for`).
  [[nodiscard]] std::optional<reference_income> reference_income_of(pool_index i,
                                                                    int year) const noexcept;

  /// Household category at `at` (see `category_of`).
  [[nodiscard]] household_category category(pool_index i, date at) const noexcept;
  /// What the grid reads about request `i`, offer-independent part (`facts_of(applicant)`):
  /// `reference_income` and `plus_ceiling` are left empty. The spans point into the pool.
  [[nodiscard]] candidate_facts facts(pool_index i) const noexcept;

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

  /// Bytes of memory the pool holds (columns, shared arrays, indexes and views).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

  struct columns;  ///< Implementation detail (`src/pool_columns.hpp`).
  [[nodiscard]] const columns& data() const noexcept { return *data_; }

 private:
  std::unique_ptr<columns> data_;
};

}  // namespace cotation
