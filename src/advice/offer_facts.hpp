// SPDX-License-Identifier: MIT
// What the advice module scores a request with on one offer, from the pool's public API: the
// same facts `rank_offer` scores it with (the offer-independent facts, the reference income for
// the offer's ceiling year, the household's PLUS ceiling in the offer's zone at the date).
#pragma once

#include <optional>
#include <variant>

#include <cotation/ceilings.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>
#include <cotation/scoring.hpp>

namespace cotation::detail {

/// The PLUS ceiling of household category `c` for `o`'s year and zone, if published.
inline std::optional<money> plus_ceiling(const offer& o, const household_category& c,
                                         const ceiling_table& ceilings) {
  const ceiling_lookup l = ceilings.lookup(financing::plus, o.ceiling_year(), o.zone(), c);
  if (const money* m = std::get_if<money>(&l)) return *m;
  return std::nullopt;
}

/// The facts of request `i` for offer `o` at date `at`.
inline candidate_facts offer_facts(const applicant_pool& pool, pool_index i, const offer& o,
                                   date at, const ceiling_table& ceilings) {
  candidate_facts f = pool.facts(i);
  if (const auto income = pool.reference_income_of(i, o.ceiling_year())) {
    f.reference_income = income->amount;
  }
  f.plus_ceiling = plus_ceiling(o, pool.category(i, at), ceilings);
  return f;
}

/// The key of request `i`, whose number is `number`, in the total order of SPEC 5, with score
/// `s` on offer `o` (the number given, as a ranked candidate has it: the pool keeps it packed).
inline rank_key key_of(const applicant_pool& pool, pool_index i, const request_number& number,
                       const offer& o, points s) {
  const auto income = pool.reference_income_of(i, o.ceiling_year());
  return rank_key{s, pool.initial_filing(i), income ? income->amount : money{}, pool.persons(i),
                  number};
}

/// The request's index in the pool; throws `cotation::invalid_argument` naming `where`.
pool_index find_request(const applicant_pool& pool, const request_number& n, const char* where);

}  // namespace cotation::detail
