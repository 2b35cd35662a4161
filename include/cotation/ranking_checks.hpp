// SPDX-License-Identifier: MIT
/// \file
/// Runtime property checks of a ranking (SPEC 5): the published properties an offer's ranking
/// must have whatever the grid, checked on the result itself, in time linear in its
/// candidates. `cotation verify` (`verify_rankings`) runs them on every ranking of a data set
/// and reports their failures with the other differences; an embedder calls
/// `enforce_ranking_properties` after `rank_offer` to stop on a failure. `rank_offer` and the
/// engine's close do not call them yet.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/error.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>

namespace cotation {

/// One property a ranking fails, with the requests concerned.
struct ranking_property_failure {
  std::string_view property;  ///< `ranks`, `order`, `score`, `counts`, `shortlist`, `positioned`,
                              ///< `eligible`.
  std::vector<request_number> requests;
  std::string detail;
};

/// The properties of `r`, the ranking of `o` over `pool` for the requests `positioned` under
/// `rules` (SPEC 5):
/// - `ranks`: candidate k has rank k + 1;
/// - `order`: each candidate ranks strictly before the next under `rank_key` (score ↓, filing
///   date ↑, income per member ↑, request number ↑), read from the pool: the order is total and
///   consistent with the scores, hence the unique order of the candidates whatever the order of
///   the input;
/// - `score`: each candidate's score is its card's total;
/// - `counts`: candidate count = candidates, candidates + ineligible = positioned, candidates <=
///   eligible count;
/// - `shortlist`: its size is min(requested size, candidates), so it is the first candidates;
/// - `positioned`: every ranked or ineligible request is positioned, once;
/// - `eligible`: every shortlisted candidate passes the gate at the ranking's reference date.
/// Returns the failures (empty: every property holds). Linear in the positioned requests, plus
/// the gate for the shortlisted ones.
[[nodiscard]] std::vector<ranking_property_failure> check_ranking(
    const offer_ranking& r, const offer& o, const applicant_pool& pool,
    std::span<const request_number> positioned, const ranking_rules& rules);

/// A ranking that fails a property of SPEC 5. `where()` is `offer <id>`; `reason()` lists the
/// failed properties and their requests.
class ranking_property_error : public error {
 public:
  ranking_property_error(std::string where, std::string reason)
      : error(std::move(where), std::move(reason)) {}
};

/// `check_ranking`, throwing `ranking_property_error` on the first failures.
void enforce_ranking_properties(const offer_ranking& r, const offer& o, const applicant_pool& pool,
                                std::span<const request_number> positioned,
                                const ranking_rules& rules);

}  // namespace cotation
