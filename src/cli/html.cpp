// SPDX-License-Identifier: MIT
#include "html.hpp"

#include <array>

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

}  // namespace cotation::cli::html
