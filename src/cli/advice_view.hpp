// SPDX-License-Identifier: MIT
// How the tool shows the applicant's advice (<cotation/advice.hpp>, <cotation/legal.hpp>): the
// comparison that decided a rank, the published thresholds, the legal explanation, as text,
// JSON and HTML. Nothing here prints another applicant's number, name, income or address.
#pragma once

#include <ostream>
#include <string>

#include <cotation/advice.hpp>
#include <cotation/legal.hpp>

#include <cotation/json_writer.hpp>

namespace cotation::cli {

/// `the score`, `the filing date`... in `lang`.
[[nodiscard]] std::string order_key_words(order_key k, language lang);

/// Which comparisons `explain --against` shows.
struct against_choice {
  bool above = false;
  bool shortlist = false;
};

/// The comparisons of `e` as text, for the candidate (French by default).
void print_rank_explanation(std::ostream& out, const compiled_grid& g, const rank_explanation& e,
                            against_choice which, language lang);
/// The same as members of the current JSON object (`rank`, `score`, `above`, `shortlist`,
/// `distribution`).
void write_rank_explanation(json_writer& j, const compiled_grid& g, const rank_explanation& e,
                            against_choice which, language lang);

/// A score distribution as a JSON value (`withheld` and nothing else when withheld).
void write_distribution(json_writer& j, const score_distribution& d);
/// `médiane 25 (de 0 à 60)` or `non publiée (moins de 5 candidats)`.
[[nodiscard]] std::string distribution_summary(const score_distribution& d, language lang);

/// The thresholds of a closed offer as an HTML section for the offer's page, which shows the
/// counts already.
void write_thresholds_html(std::ostream& out, const published_thresholds& t, language lang);

/// The legal explanation as text, as a JSON document, as a printable HTML page.
void print_legal_text(std::ostream& out, const legal_explanation& e);
void print_legal_json(std::ostream& out, const legal_explanation& e);
void write_legal_html(std::ostream& out, const legal_explanation& e);

}  // namespace cotation::cli
