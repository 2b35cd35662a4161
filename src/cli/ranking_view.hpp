// SPDX-License-Identifier: MIT
// Presentation helpers for rankings and score cards shared by `rank`, `explain` and `report`.
#pragma once

#include <string>
#include <vector>

#include <cotation/eligibility.hpp>
#include <cotation/grid.hpp>
#include <cotation/scoring.hpp>

namespace cotation::cli {

/// The lines of a card that add to the total, by decreasing absolute contribution (grid order
/// on a tie).
[[nodiscard]] std::vector<const score_line*> main_lines(const score_card& card);

/// `commission_refusals +40, single_parent +10, employer_peec +5`: the main lines' criterion
/// ids and contributions, as many as fit in `width` columns (0: all), then `+2 more`.
[[nodiscard]] std::string main_criteria(const compiled_grid& g, const score_card& card,
                                        std::size_t width = 0);

/// `items` joined by `, `, as many as fit in `width` columns (0: all), then `+2 more`.
[[nodiscard]] std::string join_fitting(const std::vector<std::string>& items, std::size_t width);

/// One sentence for an applicant about a failed eligibility condition, without the reason
/// code: `le dossier est incomplet : 1 pièce manquante ou non validée`.
[[nodiscard]] std::string eligibility_sentence(const eligibility_failure& f, language lang);

/// The reason codes of `failures`, comma separated, fitting in `width` columns (0: all).
[[nodiscard]] std::string reason_codes(const eligibility_failures& failures,
                                       std::size_t width = 0);

}  // namespace cotation::cli
