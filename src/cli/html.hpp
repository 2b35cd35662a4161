// SPDX-License-Identifier: MIT
// What the HTML reports share: escaping, the page's head and foot with its inline style, the
// palette, the bilingual labels, the boxes of counts and the legend. Every page is
// self-contained (no script, no external resource) and well-formed XML (XHTML syntax).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

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

}  // namespace cotation::cli::html
