// SPDX-License-Identifier: MIT
// `cotation report`: one self-contained HTML page for an offer's ranking, or for a simulation
// (`--simulation`, simulation_report.cpp): inline CSS and SVG, no script, no external resource.
// The offer's page: one stacked bar per candidate (a segment per criterion that counted,
// penalties to the left of zero), a legend, the shortlist highlighted, the counts, and the
// positioned applicants who are not eligible with their reasons. The pages are also well-formed
// XML (XHTML syntax), so that they can be checked mechanically.
#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "advice_view.hpp"
#include "commands.hpp"
#include "html.hpp"
#include "ranking_view.hpp"
#include "simulation_report.hpp"

namespace cotation::cli {

namespace {

struct report_options {
  data_inputs in;
  std::string offer;
  std::string simulation;
  std::string grid;
  std::string date;
  std::string lang = "fr";
  std::string output;
};

using html::escape;
using html::text;

struct chart_layout {
  static constexpr std::int64_t label_width = 230;
  static constexpr std::int64_t bars_width = 640;
  static constexpr std::int64_t score_width = 90;
  static constexpr std::int64_t row_height = 26;
  static constexpr std::int64_t bar_height = 16;
  static constexpr std::int64_t top = 20;
  std::int64_t max_positive = 0;  // points
  std::int64_t max_negative = 0;  // points, as a positive number

  [[nodiscard]] std::int64_t range() const {
    return std::max<std::int64_t>(1, max_positive + max_negative);
  }
  [[nodiscard]] std::int64_t px(std::int64_t value) const { return value * bars_width / range(); }
  [[nodiscard]] std::int64_t zero_x() const { return label_width + px(max_negative); }
  [[nodiscard]] std::int64_t width() const { return label_width + bars_width + score_width; }
};

void write_chart(std::ostream& out, const compiled_grid& g, const offer_ranking& r, text t) {
  chart_layout layout;
  for (const ranked_candidate& c : r.candidates) {
    std::int64_t positive = 0;
    std::int64_t negative = 0;
    for (const score_line& l : c.card->lines) {
      if (!l.counted) continue;
      (l.contribution.value > 0 ? positive : negative) += l.contribution.value;
    }
    layout.max_positive = std::max(layout.max_positive, positive);
    layout.max_negative = std::max(layout.max_negative, -negative);
  }
  const auto rows = static_cast<std::int64_t>(r.candidates.size());
  const std::int64_t height = chart_layout::top + rows * chart_layout::row_height + 10;
  out << fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
      layout.width(), height, layout.width(), height,
      escape(t("Score de chaque candidat par critère", "Each candidate's score by criterion")));
  out << fmt::format("<text x=\"8\" y=\"14\" font-weight=\"600\">{}</text>\n",
                     escape(t("Rang et demande", "Rank and request")));
  out << fmt::format("<text x=\"{}\" y=\"14\" text-anchor=\"middle\">0</text>\n", layout.zero_x());
  out << fmt::format("<text x=\"{}\" y=\"14\" font-weight=\"600\">Score</text>\n",
                     chart_layout::label_width + chart_layout::bars_width + 12);
  for (std::size_t k = 0; k < r.candidates.size(); ++k) {
    const ranked_candidate& c = r.candidates[k];
    const bool shortlisted = c.rank <= r.shortlist_size;
    const std::int64_t y =
        chart_layout::top + static_cast<std::int64_t>(k) * chart_layout::row_height;
    const std::int64_t bar_y = y + (chart_layout::row_height - chart_layout::bar_height) / 2;
    out << fmt::format("<g class=\"candidate{}\" id=\"candidate-{}\" data-rank=\"{}\">\n",
                       shortlisted ? " shortlisted" : "", c.number, c.rank);
    out << fmt::format("<rect class=\"band\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", y,
                       layout.width(), chart_layout::row_height);
    out << fmt::format("<text x=\"8\" y=\"{}\">{}{}  {}</text>\n", bar_y + 12,
                       shortlisted ? "★ " : "", c.rank, c.number);
    std::int64_t right = 0;  // points stacked to the right of zero so far
    std::int64_t left = 0;   // and to the left (as a positive number)
    for (const score_line& l : c.card->lines) {
      if (!l.counted || l.contribution.value == 0) continue;
      const std::int64_t v = l.contribution.value;
      std::int64_t from = 0;
      std::int64_t to = 0;
      if (v > 0) {
        from = layout.zero_x() + layout.px(right);
        right += v;
        to = layout.zero_x() + layout.px(right);
      } else {
        to = layout.zero_x() - layout.px(left);
        left -= v;
        from = layout.zero_x() - layout.px(left);
      }
      const criterion& cr = g.at(l.criterion);
      out << fmt::format(
          "<rect class=\"segment\" data-criterion=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
          "height=\"{}\" fill=\"{}\"><title>{} {}</title></rect>\n",
          escape(cr.id), from, bar_y, std::max<std::int64_t>(to - from, 1),
          chart_layout::bar_height, html::colour(l.criterion),
          escape(fmt::format("{}", l.contribution)),
          escape(cr.label(t.fr ? language::fr : language::en)));
    }
    out << fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text>\n",
                       chart_layout::label_width + chart_layout::bars_width + 12, bar_y + 12,
                       c.score.value);
    out << "</g>\n";
  }
  out << fmt::format("<line class=\"zero\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                     layout.zero_x(), chart_layout::top - 2, layout.zero_x(), height - 8);
  out << "</svg>\n";
}

void write_report(std::ostream& out, const workspace& w, const compiled_grid& g, const offer& o,
                  const offer_ranking& r, std::size_t positioned, language lang,
                  bool date_overridden) {
  const text t(lang);
  html::begin_page(out, lang,
                   fmt::format("{} {}", t("Classement de l'offre", "Ranking of offer"), o.id));
  out << fmt::format("<h1>{} {}</h1>\n", escape(t("Classement de l'offre", "Ranking of offer")),
                     escape(o.id.value));
  out << fmt::format("<p class=\"summary\">{}</p>\n", escape(offer_summary(o, lang)));
  out << fmt::format(
      "<p class=\"summary\">{} {}{} · {} {}</p>\n",
      escape(t("Date de référence", "Reference date")), r.reference,
      escape(date_overridden ? "" : t(" (clôture de la publication)", " (closing date)")),
      escape(t("grille", "grid")), escape(g.source().id));

  html::begin_counts(out);
  html::count(out, t("Demandeurs éligibles", "Eligible requests"), r.eligible_count);
  html::count(out, t("Positionnés", "Positioned"), positioned);
  html::count(out, t("Candidats classés", "Ranked candidates"), r.candidate_count);
  html::count(out, t("Présentés à la commission", "Presented to the commission"), r.shortlist_size);
  html::end_counts(out);

  // What every applicant may see of this ranking (`cotation thresholds`).
  write_thresholds_html(out, publish_thresholds(o, r, w.pool(), g), lang);

  out << fmt::format("<h2>{}</h2>\n", escape(t("Scores par critère", "Scores by criterion")));
  if (r.candidates.empty()) {
    out << fmt::format("<p>{}</p>\n",
                       escape(t("Aucun candidat éligible.", "No eligible candidate.")));
  } else {
    // The legend lists the criteria that appear in the chart, in grid order.
    std::set<std::uint16_t> used;
    for (const ranked_candidate& c : r.candidates) {
      for (const score_line& l : c.card->lines) {
        if (l.counted && l.contribution.value != 0) used.insert(l.criterion);
      }
    }
    out << "<ul class=\"legend\">\n";
    for (const std::uint16_t i : used) {
      html::legend_item(out, html::colour(i), g.at(i).label(lang));
    }
    out << "</ul>\n";
    write_chart(out, g, r, t);
    out << fmt::format("<p>{}</p>\n",
                       escape(t("★ : candidats présentés à la commission d'attribution. Les "
                                "pénalités sont à gauche de zéro.",
                                "★: candidates presented to the allocation commission. Penalties "
                                "are left of zero.")));

    out << fmt::format("<h2>{}</h2>\n", escape(t("Classement", "Ranking")));
    out << fmt::format(
        "<table "
        "class=\"ranking\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        escape(t("Rang", "Rank")), escape(t("Demande", "Request")), escape("Score"),
        escape(t("Déposée le", "Filed on")), escape(t("Critères", "Criteria")));
    for (const ranked_candidate& c : r.candidates) {
      std::string criteria;
      for (const score_line* l : main_lines(*c.card)) {
        if (!criteria.empty()) criteria += ", ";
        criteria += fmt::format("{} {}", g.at(l->criterion).label(lang), l->contribution);
      }
      out << fmt::format(
          "<tr{}><td class=\"num\">{}</td><td>{}</td><td "
          "class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
          c.rank <= r.shortlist_size ? " class=\"shortlisted\"" : "", c.rank, c.number,
          c.score.value, w.pool().initial_filing(c.request), escape(criteria));
    }
    out << "</table>\n";
  }

  if (!r.ineligible.empty()) {
    out << fmt::format("<h2>{} ({})</h2>\n",
                       escape(t("Positionnés non éligibles", "Positioned but not eligible")),
                       r.ineligible.size());
    out << fmt::format("<table class=\"ineligible\">\n<tr><th>{}</th><th>{}</th></tr>\n",
                       escape(t("Demande", "Request")), escape(t("Motifs", "Reasons")));
    for (const ineligible_candidate& c : r.ineligible) {
      out << fmt::format("<tr><td>{}</td><td><ul>", c.number);
      for (const eligibility_failure& f : c.reasons) {
        out << fmt::format("<li>{}</li>", escape(eligibility_sentence(f, lang)));
      }
      out << "</ul></td></tr>\n";
    }
    out << "</table>\n";
  }
  html::end_page(out, lang);
}

/// Either a data set with `--offer` (and perhaps `--grid`, `--date`), or `--simulation` alone:
/// checked once the command line is parsed, so that the error comes with the usage hint.
void check_report_inputs(const CLI::App& app) {
  const bool simulation = app.count("--simulation") > 0;
  std::vector<std::string> offer_inputs;
  for (const char* name :
       {"data", "--offer", "--grid", "--date", "--requests", "--positionings", "--ceilings"}) {
    if (app.count(name) > 0) offer_inputs.emplace_back(name);
  }
  if (simulation && !offer_inputs.empty()) {
    throw CLI::ValidationError(fmt::format(
        "--simulation excludes {}: report either on a simulation document, or on an offer of a "
        "data set",
        fmt::join(offer_inputs, ", ")));
  }
  if (simulation) return;
  if (offer_inputs.empty()) {
    throw CLI::ValidationError("report needs a data set and --offer ID, or --simulation FILE");
  }
  if (app.count("data") == 0) {
    throw CLI::ValidationError("data is required with --offer (the data set the offer is in)");
  }
  if (app.count("--offer") == 0) throw CLI::ValidationError("--offer is required with a data set");
}

}  // namespace

command add_report(CLI::App& parent) {
  auto o = std::make_shared<report_options>();
  CLI::App* app = parent.add_subcommand(
      "report",
      "A self-contained HTML page (inline SVG, no network): an offer's ranking (DATA --offer ID: "
      "a stacked bar of criteria per candidate, the shortlist highlighted, the ineligible with "
      "their reasons), or a simulation's weeks (--simulation FILE: leases per week by company "
      "size, shares against the ALS targets, waiting times, the weekly figures)");
  options::inputs(*app, o->in, false);
  app->add_option("--offer", o->offer, "Offer id (with DATA)")->type_name("ID");
  app->add_option("--simulation", o->simulation,
                  "A simulation document (cotation-simulation/1, written by cotation simulate) "
                  "to report on instead of an offer")
      ->type_name("FILE");
  options::grid(*app, o->grid);
  options::date(*app, o->date, "Reference date; default: the offer's closing date");
  options::lang(*app, o->lang, "fr");
  app->add_option("-o,--output", o->output, "Output file; default: standard output")
      ->type_name("FILE");
  app->parse_complete_callback([app] { check_report_inputs(*app); });
  return {app, [o](const context& ctx) {
            const language lang = parse_language(o->lang);
            if (!o->simulation.empty()) {
              const simulation_result s = simulation_from_json(
                  read_file(o->simulation, "the simulation file"), o->simulation);
              write_output(o->output, ctx.out,
                           [&](std::ostream& file) { write_simulation_report(file, s, lang); });
              return;
            }
            const workspace w(o->in);
            const compiled_grid g = load_grid(o->grid);
            const offer& of = w.find_offer(o->offer);
            std::optional<date> at;
            if (!o->date.empty()) at = parse_date(o->date, "--date");
            const auto positioned = w.positioned(of);
            const offer_ranking r = rank(w, g, of, reference_date(of, at), positioned);
            write_output(o->output, ctx.out, [&](std::ostream& file) {
              write_report(file, w, g, of, r, positioned.size(), lang, at.has_value());
            });
          }};
}

}  // namespace cotation::cli
