// SPDX-License-Identifier: MIT
/// \file
/// Runtime property checks of a ranking (SPEC 5): the published properties an offer's ranking
/// must have whatever the grid, checked on the result itself, in time linear in its
/// candidates. Two readings: `check_ranking` reads every key again from the pool (independent
/// of the ranking code; `cotation verify` runs it on every ranking of a data set), and
/// `check_ranking_by_keys` checks the same properties over the keys the ranking was ordered by
/// (cheap: every `rank_offer`, hence every close of the engine, runs it unless
/// `ranking_rules::check_properties` is off, and throws `ranking_property_error` on a failure).
#pragma once

#include <optional>
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

/// `check_ranking` without a second reading of the pool: `keys[k]` is candidate k's rank key as
/// the ranking ordered it, `positioned` the indexes of the positioned requests, distinct, in
/// any order. The same properties, the order checked over `keys`; the gate of the shortlisted
/// candidates is evaluated again from the pool. Linear in the candidates plus the shortlist's
/// gates. Throws `cotation::invalid_argument` at `keys` when there is not one key per candidate.
[[nodiscard]] std::vector<ranking_property_failure> check_ranking_by_keys(
    const offer_ranking& r, const offer& o, const applicant_pool& pool,
    std::span<const pool_index> positioned, std::span<const rank_key> keys,
    const ranking_rules& rules);

/// A ranking that fails a property of SPEC 5. `where()` is `offer <id>`; `reason()` lists the
/// failed properties and their requests.
class ranking_property_error : public error {
 public:
  ranking_property_error(std::string where, std::string reason)
      : error(std::move(where), std::move(reason)) {}
};

/// Throws `ranking_property_error` for offer `o` listing `failures`, when there are any.
void enforce_ranking_properties(const offer& o, std::span<const ranking_property_failure> failures);

/// `check_ranking`, throwing `ranking_property_error` on the first failures.
void enforce_ranking_properties(const offer_ranking& r, const offer& o, const applicant_pool& pool,
                                std::span<const request_number> positioned,
                                const ranking_rules& rules);

/// One offer of a batch ranked on its own by `rank_offers_each`: its ranking, or the property
/// failure that stopped it.
struct offer_outcome {
  /// The ranking, when its property checks passed (or `ranking_rules::check_properties` is off).
  std::optional<offer_ranking> ranking;
  /// Otherwise what stopped it: `where()` is `offer <id>`, `reason()` the failed properties and
  /// their requests. A defect of the ranking, never a fault of the data.
  std::optional<ranking_property_error> failure;
  [[nodiscard]] bool ranked() const noexcept { return ranking.has_value(); }
};

/// `rank_offers`, each offer on its own: an offer whose ranking fails its property checks gets
/// its failure in its outcome and no ranking, and the other offers of the batch are ranked as
/// usual (SPEC 5: a failure stops that offer's ranking, not the others). In the order of
/// `offers`, identical for any thread count. A fault of the data (a positioned request not in
/// the pool, or given twice) still throws `cotation::invalid_argument` naming `offers[k]`, and
/// nothing is returned.
[[nodiscard]] std::vector<offer_outcome> rank_offers_each(
    std::span<const offer_positionings> offers, const applicant_pool& pool,
    const ranking_rules& rules, unsigned threads = 0);

}  // namespace cotation
