// SPDX-License-Identifier: MIT
#include "html.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

namespace cotation::cli::html {

namespace {

// A qualitative palette (Okabe-Ito and Tableau colours).
constexpr std::array<std::string_view, 16> palette = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00"};

constexpr std::string_view style = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
       max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 2em; }
p.summary { margin: 0.2em 0; color: #444; }
dl.counts { display: flex; gap: 2em; margin: 1em 0; }
dl.counts div { background: #f3f4f6; padding: 0.5em 1em; border-radius: 6px; }
dl.counts dt { font-size: 0.8em; color: #555; }
dl.counts dd { margin: 0; font-size: 1.4em; font-weight: 600; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4em 1.4em; }
ul.legend li { font-size: 0.9em; }
ul.legend svg { vertical-align: middle; margin-right: 0.3em; }
svg.chart { font-size: 12px; }
svg.chart text { fill: #222; }
svg.chart .shortlisted rect.band { fill: #fff4d6; }
svg.chart rect.band { fill: transparent; }
svg.chart line.zero { stroke: #333; stroke-width: 1; }
table { border-collapse: collapse; margin-top: 0.5em; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: left;
         vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.shortlisted td { background: #fff4d6; }
footer { margin-top: 3em; font-size: 0.8em; color: #777; }
)";

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters are not allowed in XML 1.0 text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string_view colour(std::size_t i) noexcept { return palette[i % palette.size()]; }

void begin_page(std::ostream& out, language lang, std::string_view title,
                std::string_view extra_style) {
  out << "<!DOCTYPE html>\n";
  out << fmt::format("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{}\">\n",
                     to_string(lang));
  out << "<head>\n<meta charset=\"utf-8\"/>\n";
  out << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out << fmt::format("<title>{}</title>\n", escape(title));
  out << "<style>" << style << extra_style << "</style>\n</head>\n<body>\n";
}

void end_page(std::ostream& out, language lang) {
  const text t(lang);
  out << fmt::format("<footer>{}</footer>\n",
                     escape(t("Produit par cotation, sans ressource externe.",
                              "Produced by cotation, without external resources.")));
  out << "</body>\n</html>\n";
}

void begin_counts(std::ostream& out) { out << "<dl class=\"counts\">\n"; }

void count(std::ostream& out, std::string_view label, std::size_t n) {
  out << fmt::format("<div><dt>{}</dt><dd>{}</dd></div>\n", escape(label), n);
}

void end_counts(std::ostream& out) { out << "</dl>\n"; }

void legend_item(std::ostream& out, std::string_view fill, std::string_view label) {
  out << fmt::format(
      "<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"14\" height=\"14\"><rect "
      "width=\"14\" height=\"14\" fill=\"{}\"/></svg>{}</li>\n",
      fill, escape(label));
}

void bar_chart(std::ostream& out, const bar_chart_spec& spec, std::span<const bar_row> rows,
               std::span<const std::string_view> fills) {
  constexpr std::int64_t label_width = 200;
  constexpr std::int64_t bars_width = 560;
  constexpr std::int64_t value_width = 90;
  constexpr std::int64_t bar_height = 12;
  constexpr std::int64_t gap = 10;
  constexpr std::int64_t top = 6;
  const auto series = static_cast<std::int64_t>(fills.size());
  const std::int64_t row_height = series * (bar_height + 2) + gap;
  double max_positive = 0;
  double max_negative = 0;
  for (const bar_row& r : rows) {
    for (const double v : r.values) {
      max_positive = std::max(max_positive, v);
      max_negative = std::max(max_negative, -v);
    }
  }
  const double range = max_positive + max_negative > 0 ? max_positive + max_negative : 1.0;
  const auto px = [&](double v) {
    return static_cast<std::int64_t>(std::llround(v * static_cast<double>(bars_width) / range));
  };
  const std::int64_t zero_x = label_width + px(max_negative);
  const std::int64_t width = label_width + bars_width + value_width;
  const std::int64_t height = top + static_cast<std::int64_t>(rows.size()) * row_height + 4;
  out << fmt::format(
      "<svg class=\"chart bars\" id=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
      escape(spec.id), width, height, width, height, escape(spec.description));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bar_row& r = rows[i];
    const std::int64_t y = top + static_cast<std::int64_t>(i) * row_height;
    out << fmt::format("<text x=\"8\" y=\"{}\">{}</text>\n", y + (row_height - gap) / 2 + 4,
                       escape(r.label));
    for (std::size_t k = 0; k < fills.size(); ++k) {
      const double v = k < r.values.size() ? r.values[k] : 0.0;
      const std::int64_t bar_y = y + static_cast<std::int64_t>(k) * (bar_height + 2);
      const std::int64_t length = px(std::abs(v));
      const std::int64_t x = v < 0 ? zero_x - length : zero_x;
      // A zero negated (places lost: none) reads 0, not -0.
      const std::string value =
          fmt::format("{:.{}f}{}", v == 0 ? 0.0 : v, spec.decimals, spec.suffix);
      out << fmt::format(
          "<rect class=\"bar\" data-row=\"{}\" data-series=\"{}\" x=\"{}\" y=\"{}\" "
          "width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
          escape(r.label), k, x, bar_y, length, bar_height, escape(fills[k]), escape(value));
      out << fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>\n",
                         label_width + bars_width + 8, bar_y + bar_height - 2, escape(value));
    }
  }
  out << fmt::format("<line class=\"zero\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", zero_x,
                     top - 2, zero_x, height - 2);
  out << "</svg>\n";
}

std::string_view group_dimension_label(std::string_view dimension, text t) {
  if (dimension == "household_size") return t("Taille du ménage", "Household size");
  if (dimension == "age_band") {
    return t("Âge de la personne de référence", "Age of the reference person");
  }
  if (dimension == "company_size") return t("Taille de l'entreprise", "Company size");
  if (dimension == "income_quartile") {
    return t("Quartile de revenu par personne", "Income quartile per person");
  }
  if (dimension == "priority") return t("Situation prioritaire", "Priority situation");
  return t("Département de la demande", "Department of the request");
}

std::string group_label(std::string_view dimension, std::string_view label, text t) {
  if (dimension != "priority") return std::string(label);
  if (label == "dalo") return std::string(t("DALO", "DALO"));
  if (label == "domestic_violence") {
    return std::string(t("violences conjugales", "domestic violence"));
  }
  if (label == "disability") {
    return std::string(t("handicap dans le ménage", "disability in the household"));
  }
  if (label == "homeless_hosted_or_threatened") {
    return std::string(t("sans logement, hébergé ou menacé d'expulsion",
                         "homeless, hosted or threatened with eviction"));
  }
  if (label == "none") return std::string(t("aucune", "none"));
  return std::string(label);
}

}  // namespace cotation::cli::html
