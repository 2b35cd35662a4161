// SPDX-License-Identifier: MIT
// The generator's fixed "world": departments' demand weights and neighbours, each department's
// communes, and the employer directory. None of it depends on a seed: two populations drawn with
// different seeds live in the same communes and work for the same employers, so offers generated
// on their own can be reserved for employers of any population.
#pragma once

#include <array>
#include <cotation/applicant.hpp>
#include <cotation/geography.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace cotation::detail {

/// A department's communes and their relative weights (as running sums).
struct commune_table {
  std::vector<commune_code> codes;
  std::vector<std::uint32_t> cumulative;
};

/// One company of the employer directory.
struct employer_entry {
  employer_id id;
  company_size size = company_size::pme;
  peec_status peec = peec_status::none;
  employer_sector sector = employer_sector::private_non_agricultural;
  std::int32_t headcount = 1;
};

/// The seed-independent tables, built once.
struct world {
  /// Pending requests by department, in thousands (see `generator.hpp`); by dense index.
  std::array<std::uint32_t, department::count> demand{};
  /// Running sums of `demand`.
  std::array<std::uint32_t, department::count> demand_cumulative{};
  /// Some neighbouring departments of each department (none for overseas departments).
  std::array<std::vector<department>, department::count> neighbours;
  /// Running sums of the neighbours' demand, parallel to `neighbours`.
  std::array<std::vector<std::uint32_t>, department::count> neighbours_cumulative;
  /// The communes of each department.
  std::array<commune_table, department::count> communes;

  [[nodiscard]] static const world& get();
};

/// The employer directory of `count` companies (count >= 1): about 70 % PME, 20 % ETI, 10 % GE
/// companies, SIREN-shaped ids (nine digits, Luhn-valid), deterministic and seed-independent.
[[nodiscard]] std::vector<employer_entry> employer_directory(std::size_t count);

}  // namespace cotation::detail
