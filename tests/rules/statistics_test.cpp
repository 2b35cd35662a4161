// SPDX-License-Identifier: MIT
#include <cotation/statistics.hpp>

#include <vector>

#include <catch2/catch.hpp>

using namespace cotation;

namespace {
constexpr std::array<basis_points, 3> thirds = {basis_points{3333}, basis_points{3333},
                                                basis_points{3334}};
}

TEST_CASE("attributions are counted by category over the window, both ends included") {
  const date reference(2026, 3, 15);
  const std::vector<attribution_record> records = {
      {date(2025, 3, 14), company_size::pme},  // the day before the window: out
      {date(2025, 3, 15), company_size::pme},  // first day of the window: in
      {date(2025, 9, 1), company_size::eti},
      {date(2026, 3, 15), company_size::ge},  // the reference date: in
      {date(2026, 3, 16), company_size::ge},  // after the reference date: out
      {date(2026, 1, 2), company_size::ge},
  };
  const auto s = attribution_shares::from(records, reference, 12, thirds);
  CHECK(s.attributions_in_window == std::array<std::int64_t, 3>{1, 1, 2});
  CHECK(s.total() == 4);
  CHECK(s.target == thirds);
  CHECK(s.share(company_size::pme) == basis_points{2500});
  CHECK(s.share(company_size::ge) == basis_points{5000});
}

TEST_CASE("shares are rounded down and absent without attributions") {
  attribution_shares s;
  CHECK_FALSE(s.share(company_size::pme));
  CHECK(s.total() == 0);
  s.attributions_in_window = {1, 1, 1};
  CHECK(s.share(company_size::eti) == basis_points{3333});
}

TEST_CASE("a shorter window counts fewer attributions") {
  const date reference(2026, 3, 31);
  const std::vector<attribution_record> records = {
      {date(2025, 12, 31), company_size::pme},  // 3 months before, to the day: in
      {date(2025, 12, 30), company_size::eti},
  };
  const auto s = attribution_shares::from(records, reference, 3, thirds);
  CHECK(s.attributions_in_window == std::array<std::int64_t, 3>{1, 0, 0});
}

TEST_CASE("default targets are each category's share of the active requests") {
  CHECK(default_targets({50, 30, 20}) ==
        std::array<basis_points, 3>{basis_points{5000}, basis_points{3000}, basis_points{2000}});
  // Rounded down: 1/3 each.
  CHECK(default_targets({1, 1, 1}) ==
        std::array<basis_points, 3>{basis_points{3333}, basis_points{3333}, basis_points{3333}});
  CHECK(default_targets({0, 0, 0}) == std::array<basis_points, 3>{});
  CHECK(default_targets({0, 7, 0})[1] == basis_points{10000});
}

TEST_CASE("categories index the per-category arrays as PME, ETI, GE") {
  CHECK(index_of(company_size::pme) == 0);
  CHECK(index_of(company_size::eti) == 1);
  CHECK(index_of(company_size::ge) == 2);
}
