// SPDX-License-Identifier: MIT
// The cast of the hand-worked advice cases (tests/advice/): six requests and a Paris T3 offer,
// every number of the expected results worked out in the tests from SPEC 4 and 5.
#pragma once

#include <vector>

#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>

#include "builders.hpp"

namespace cotation::test {

/// The sample applicant (family of three, 40 000 € in 2023, Paris T3 wished, no criterion of
/// its own but seniority) with its own number and filing date, renewed so that it is valid;
/// it also wishes Paris 15e.
inline applicant cast_member(int k, date filed) {
  applicant a = candidate(k, filed);
  a.wishes.communes.push_back(commune_code::parse("75115"));
  return a;
}

/// The cast of the hand-worked cases, all eligible to the sample offer (PLUS T3, Paris, closes
/// 2025-03-08) except E:
/// - A filed 2024-09-01, nothing else;
/// - B filed 2023-01-10, key worker (+10);
/// - C filed 2024-01-15, key worker (+10);
/// - D filed 2022-05-01, nothing else;
/// - E filed 2021-01-01, reference income 60 000 € above the PLUS 2025 zone 1 category 3
///   ceiling of 52 284 € (SPEC 3.3): not eligible;
/// - N filed 2020-01-01, nothing else, not positioned.
struct cast {
  std::vector<applicant> people;
  applicant_pool pool;
  compiled_grid grid{default_grid()};
  attribution_statistics statistics;
  ranking_rules rules{.grid = grid, .statistics = statistics, .score_cards = true};
  offer o = sample_offer();
  offer small = sample_offer();  // same dwelling, another id: only D positioned

  static std::vector<applicant> make() {
    applicant a = cast_member(1, ymd(2024, 9, 1));
    applicant b = cast_member(2, ymd(2023, 1, 10));
    b.situation.key_worker = true;
    applicant c = cast_member(3, ymd(2024, 1, 15));
    c.situation.key_worker = true;
    applicant d = cast_member(4, ymd(2022, 5, 1));
    applicant e = cast_member(5, ymd(2021, 1, 1));
    e.incomes = {{2023, money::euros(60000)}};
    applicant n = cast_member(6, ymd(2020, 1, 1));
    return {a, b, c, d, e, n};
  }
  cast() : people(make()), pool(people) { small.id = offer_id{"O-2"}; }

  const applicant& A() const { return people[0]; }
  const applicant& C() const { return people[2]; }
  const applicant& E() const { return people[4]; }
  const applicant& N() const { return people[5]; }
  std::vector<request_number> positioned() const {
    return {people[0].number, people[1].number, people[2].number, people[3].number,
            people[4].number};
  }
};

}  // namespace cotation::test
