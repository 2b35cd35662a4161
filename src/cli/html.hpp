// SPDX-License-Identifier: MIT
// What the HTML reports share: escaping, the page's head and foot with its inline style, the
// palette, the bilingual labels, the boxes of counts and the legend. Every page is
// self-contained (no script, no external resource) and well-formed XML (XHTML syntax).
#pragma once

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/grid.hpp>

namespace cotation::cli::html {

/// Text and attribute values, escaped for HTML and XML alike (control characters, which XML
/// 1.0 does not allow, become spaces).
[[nodiscard]] std::string escape(std::string_view text);

/// The colour of series `i` (criteria in grid order, company sizes): a qualitative palette
/// that repeats after 16.
[[nodiscard]] std::string_view colour(std::size_t i) noexcept;

/// Picks the French or the English label.
struct text {
  bool fr = true;
  explicit text(language lang) noexcept : fr(lang == language::fr) {}
  [[nodiscard]] std::string_view operator()(std::string_view french,
                                            std::string_view english) const noexcept {
    return fr ? french : english;
  }
};

/// `<!DOCTYPE html>` up to `<body>`: the title (escaped here) and the shared style, followed by
/// `extra_style` (CSS, written as is).
void begin_page(std::ostream& out, language lang, std::string_view title,
                std::string_view extra_style = {});
/// The footer and the closing tags.
void end_page(std::ostream& out, language lang);

/// A box of labelled counts (`<dl class="counts">`): `begin_counts`, `count`..., `end_counts`.
void begin_counts(std::ostream& out);
void count(std::ostream& out, std::string_view label, std::size_t n);
void end_counts(std::ostream& out);

/// One entry of a `<ul class="legend">`: a square of `fill` and the label.
void legend_item(std::ostream& out, std::string_view fill, std::string_view label);

/// One row of a horizontal bar chart: its label and one value per series.
struct bar_row {
  std::string label;
  std::vector<double> values;
};

/// How a bar chart is drawn and named.
struct bar_chart_spec {
  std::string_view id;           ///< The `<svg>`'s id.
  std::string_view description;  ///< Its `aria-label`.
  int decimals = 0;              ///< Of the value written at the end of each bar.
  std::string_view suffix;       ///< After each value (`" %"`), or nothing.
};

/// A horizontal bar chart (inline SVG): per row, one bar per series, series `k` filled with
/// `fills[k]` (`fills.size()` series; a row's missing values count as 0). Lengths are
/// proportional to the largest magnitude; negative values are drawn left of a zero line. Each
/// bar is a `<rect class="bar" data-row="…" data-series="k">` with its value as `<title>`.
void bar_chart(std::ostream& out, const bar_chart_spec& spec, std::span<const bar_row> rows,
               std::span<const std::string_view> fills);

/// The heading of a dimension of request groups (`household_size`, `age_band`, `company_size`,
/// `income_quartile`, `priority`, `department`: the names the impact and fairness reports use),
/// shared by the impact and fairness pages; any other name is the department's.
[[nodiscard]] std::string_view group_dimension_label(std::string_view dimension, text t);

/// The words a reader sees for group `label` of `dimension` (the keys of the JSON and text
/// outputs, such as `disability` or `none` for the priority situation, read in the page's
/// language); other labels (sizes, bands, departments) as they are.
[[nodiscard]] std::string group_label(std::string_view dimension, std::string_view label, text t);

}  // namespace cotation::cli::html
