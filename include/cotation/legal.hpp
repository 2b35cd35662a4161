// SPDX-License-Identifier: MIT
/// \file
/// The explanation French law requires for a decision taken on the basis of an algorithmic
/// processing (Code des relations entre le public et l'administration, L311-3-1 and
/// R311-3-1-2), for one applicant and one offer, in its four items:
/// 1. the degree and the way the processing contributed to the decision (an automatic
///    pre-selection of the first candidates; the allocation commission decides);
/// 2. the data processed and their sources (each field of the request used, where it comes
///    from, its value for the person);
/// 3. the processing's parameters and their weights as applied to the person's situation (the
///    grid version, each criterion with its points for them);
/// 4. the operations carried out (each eligibility check and its result, scoring, ordering with
///    the tie chain, the shortlist).
/// The structure is built in one language (labels and values); the tool prints it as text, JSON
/// or a printable HTML page. Nothing in it names another applicant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <cotation/advice.hpp>
#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/grid.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>

namespace cotation {

/// Item 2: one datum of the request (or of its context) the processing used.
struct processed_datum {
  std::string id;      ///< Stable, language-independent: `initial_filing`, `reference_income`.
  std::string label;   ///< What it is.
  std::string value;   ///< Its value for the person (their own data only).
  std::string source;  ///< Where it comes from.
  std::string use;     ///< What the processing uses it for.
};

/// Item 3: one criterion of the grid as applied to the person.
struct applied_criterion {
  std::uint16_t criterion = 0;  ///< Index in the grid.
  std::string id;
  std::string label;
  std::string parameters;  ///< The criterion's weight and parameters (`+20 par refus, 12 mois`).
  /// What it adds to the person's score (0 when it does not apply); none when not scored.
  std::optional<points> points_for_them;
  /// The scoring line's sentence when a line was made (facts that decided it).
  std::string detail;
};

/// Item 4: one eligibility condition and its result.
struct eligibility_check {
  ineligibility condition = ineligibility::request_not_active;  ///< The reason code if failed.
  std::string label;                                            ///< What is checked.
  bool passed = true;
  /// When failed: the facts (the tool words them for the applicant).
  std::optional<eligibility_failure> failure;
};

/// The whole explanation for one applicant and one offer.
struct legal_explanation {
  language lang = language::fr;
  request_number request;
  offer_id offer;
  date reference;  ///< The date of the ranking.
  // Item 1.
  std::size_t places = 3;  ///< Candidates the processing pre-selects for the commission.
  bool eligible = false;
  std::size_t eligible_count = 0;
  std::size_t candidate_count = 0;
  std::optional<std::size_t> rank;  ///< When eligible.
  bool shortlisted = false;
  // Item 2.
  std::vector<processed_datum> data;
  // Item 3.
  std::string grid_id;
  date grid_effective;
  std::optional<points> total_cap;
  std::vector<applied_criterion> criteria;  ///< Every criterion of the grid, in grid order.
  std::optional<points> score;              ///< When eligible.
  // Item 4.
  std::vector<eligibility_check> checks;  ///< In the gate's order (SPEC 3).
  /// When eligible: the comparisons with the candidate above and the edge of the shortlist,
  /// anonymous (`explain_rank`).
  std::optional<rank_explanation> ranking;
};

/// Builds the explanation for `a` on offer `o`, from `r`, the offer's ranking with `a` among the
/// positioned requests (ranked over `pool` with `grid` and `policy`, and
/// `ranking_rules::score_cards`). Throws `cotation::invalid_argument` when `a` is not in `r`
/// (neither ranked nor ineligible), or at `ranking` when `a` is ranked without a score card.
[[nodiscard]] legal_explanation explain_legally(
    const applicant& a, const offer& o, const offer_ranking& r, const applicant_pool& pool,
    const compiled_grid& grid, language lang = language::fr, const eligibility_policy& policy = {},
    const ceiling_table& ceilings = ceiling_table::embedded());

/// The four headings of R311-3-1-2, in `lang` (index 0 to 3).
[[nodiscard]] std::string_view legal_item_title(int item, language lang) noexcept;

/// Item 1 as sentences: how the processing contributed to the decision.
[[nodiscard]] std::vector<std::string> contribution_sentences(const legal_explanation& e);

/// Item 4's ordering and shortlist as sentences (the tie chain, the person's place).
[[nodiscard]] std::vector<std::string> operation_sentences(const legal_explanation& e);

}  // namespace cotation
