// SPDX-License-Identifier: MIT
#include "advice_view.hpp"

#include <fmt/format.h>

#include "html.hpp"
#include "ranking_view.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

using html::escape;
using html::text;

std::string signed_points(points p) { return fmt::format("{}", p); }

}  // namespace

std::string order_key_words(order_key k, language lang) {
  const text t(lang);
  switch (k) {
    case order_key::score:
      return std::string(t("le score", "the score"));
    case order_key::filing_date:
      return std::string(t("la date de dépôt", "the filing date"));
    case order_key::income_per_member:
      return std::string(t("le revenu par personne du foyer", "the income per household member"));
    case order_key::request_number:
      return std::string(t("le numéro de demande", "the request number"));
  }
  return {};
}

std::string distribution_summary(const score_distribution& d, language lang) {
  const text t(lang);
  if (d.withheld) {
    return fmt::format(fmt::runtime(t("non publiée (moins de {} candidats)",
                                      "not published (fewer than {} candidates)")),
                       score_distribution::minimum_candidates);
  }
  return fmt::format(fmt::runtime(t("médiane {} (de {} à {})", "median {} (from {} to {})")),
                     d.median->value, d.lowest->value, d.highest->value);
}

void write_distribution(json_writer& j, const score_distribution& d) {
  j.begin_object().member("candidates", d.candidates).member("withheld", d.withheld);
  if (!d.withheld) {
    j.member("bin_width", d.width.value)
        .member("lowest", d.lowest->value)
        .member("median", d.median->value)
        .member("highest", d.highest->value);
    j.key("bins").begin_array();
    for (const score_bin& b : d.bins) {
      j.begin_object().member("from", b.from.value).member("count", b.count).end_object();
    }
    j.end_array();
  }
  j.end_object();
}

namespace {

void print_comparison(std::ostream& out, const compiled_grid& g, const rank_comparison& c,
                      std::string_view title, language lang) {
  const text t(lang);
  out << fmt::format(fmt::runtime(t("{} : candidat classé {}, score {} (le vôtre : {})\n",
                                    "{}: the candidate ranked {}, score {} (yours: {})\n")),
                     title, c.other_rank, c.other_score.value, c.own_score.value);
  if (c.gaps.empty()) {
    out << t("  Aucun critère ne vous distingue : mêmes points partout.\n",
             "  No criterion tells you apart: the same points everywhere.\n");
  } else {
    text_table table({{std::string(t("Critère", "Criterion"))},
                      {std::string(t("Vous", "You")), text_table::align::right},
                      {std::string(t("Lui", "Them")), text_table::align::right},
                      {std::string(t("Écart", "Difference")), text_table::align::right}});
    for (const criterion_gap& gap : c.gaps) {
      table.add_row({g.at(gap.criterion).label(lang), signed_points(gap.own),
                     signed_points(gap.other), signed_points(gap.own - gap.other)});
    }
    table.print(out, "  ");
  }
  const std::string who = c.other_before
                              ? std::string(t("Il vous précède", "They rank before you"))
                              : std::string(t("Vous le précédez", "You rank before them"));
  if (c.decided_by == order_key::score) {
    out << fmt::format(fmt::runtime(t("  {} : {} points d'écart de score.\n",
                                      "  {}: {} points of score apart.\n")),
                       who, std::abs(c.own_score.value - c.other_score.value));
  } else {
    out << fmt::format(
        fmt::runtime(t("  Scores égaux : {} par {}{}.\n", "  Equal scores: {} by {}{}.\n")),
        c.other_before ? t("il vous précède", "they rank before you")
                       : t("vous le précédez", "you rank before them"),
        order_key_words(c.decided_by, lang),
        c.other_filing ? fmt::format(fmt::runtime(t(" (sa demande est déposée le {})",
                                                    " (their request was filed on {})")),
                                     *c.other_filing)
                       : std::string());
  }
}

void write_comparison(json_writer& j, const compiled_grid& g, const rank_comparison& c,
                      language lang) {
  j.begin_object()
      .member("rank", c.other_rank)
      .member("score", c.other_score.value)
      .member("before_you", c.other_before)
      .member("decided_by", to_string(c.decided_by))
      .member("decided_by_text", order_key_words(c.decided_by, lang));
  if (c.other_filing) j.member("filing_date", *c.other_filing);
  j.key("criteria").begin_array();
  for (const criterion_gap& gap : c.gaps) {
    j.begin_object()
        .member("criterion", g.at(gap.criterion).id)
        .member("label", g.at(gap.criterion).label(lang))
        .member("yours", gap.own.value)
        .member("theirs", gap.other.value)
        .end_object();
  }
  j.end_array().end_object();
}

}  // namespace

void print_rank_explanation(std::ostream& out, const compiled_grid& g, const rank_explanation& e,
                            against_choice which, language lang) {
  const text t(lang);
  out << fmt::format(fmt::runtime(t("Rang {} sur {} candidats, score {} ; {} présentés à la "
                                    "commission.\n",
                                    "Rank {} of {} candidates, score {}; {} presented to the "
                                    "commission.\n")),
                     e.rank, e.candidate_count, e.score.value, e.shortlist_size);
  if (which.above) {
    out << '\n';
    if (e.above) {
      print_comparison(out, g, *e.above,
                       t("Le candidat juste au-dessus", "The candidate just above"), lang);
    } else {
      out << t("Vous êtes premier : personne au-dessus de vous.\n",
               "You are first: nobody above you.\n");
    }
  }
  if (which.shortlist) {
    out << '\n';
    const bool in = e.rank <= e.shortlist_size;
    if (e.shortlist) {
      print_comparison(
          out, g, *e.shortlist,
          in ? t("Le premier candidat non présenté", "The first candidate not presented")
             : t("Le dernier candidat présenté", "The last candidate presented"),
          lang);
    } else {
      out << t("Tous les candidats sont présentés à la commission.\n",
               "Every candidate is presented to the commission.\n");
    }
  }
  out << '\n'
      << fmt::format(fmt::runtime(t("Distribution des scores : {}\n", "Score distribution: {}\n")),
                     distribution_summary(e.distribution, lang));
}

void write_rank_explanation(json_writer& j, const compiled_grid& g, const rank_explanation& e,
                            against_choice which, language lang) {
  j.member("rank", e.rank)
      .member("score", e.score.value)
      .member("candidate_count", e.candidate_count)
      .member("shortlist_size", e.shortlist_size);
  if (which.above) {
    j.key("above");
    if (e.above) {
      write_comparison(j, g, *e.above, lang);
    } else {
      j.null();
    }
  }
  if (which.shortlist) {
    j.key("shortlist");
    if (e.shortlist) {
      write_comparison(j, g, *e.shortlist, lang);
    } else {
      j.null();
    }
  }
  j.key("distribution");
  write_distribution(j, e.distribution);
}

void write_thresholds_html(std::ostream& out, const published_thresholds& th, language lang) {
  const text t(lang);
  out << fmt::format("<h2>{}</h2>\n", escape(t("Seuils publiés", "Published thresholds")));
  out << "<table class=\"thresholds\">\n";
  const auto row = [&](std::string_view label, const std::string& value) {
    out << fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape(label), escape(value));
  };
  row(t("Score du dernier candidat présenté", "Score of the last candidate presented"),
      th.last_score ? fmt::format("{}", th.last_score->value) : std::string("-"));
  row(t("Date de dépôt du dernier candidat présenté",
        "Filing date of the last candidate presented"),
      th.last_filing ? fmt::format("{}", *th.last_filing) : std::string("-"));
  row(t("Ancienneté : déposée avant le", "Seniority: filed before"),
      th.seniority_reference ? fmt::format("{}", *th.seniority_reference) : std::string("-"));
  row(t("Distribution des scores", "Score distribution"),
      distribution_summary(th.distribution, lang));
  out << "</table>\n";
  if (!th.distribution.withheld) {
    out << fmt::format("<table class=\"distribution\">\n<tr><th>{}</th><th>{}</th></tr>\n",
                       escape(t("Score", "Score")), escape(t("Candidats", "Candidates")));
    for (const score_bin& b : th.distribution.bins) {
      out << fmt::format("<tr><td>{} – {}</td><td class=\"num\">{}</td></tr>\n", b.from.value,
                         b.from.value + th.distribution.width.value - 1, b.count);
    }
    out << "</table>\n";
  }
}

// ---------------------------------------------------------------------------------------------
// The legal explanation

namespace {

std::string check_line(const eligibility_check& c, language lang) {
  if (c.passed) return c.label;
  return fmt::format("{} : {}", c.label, eligibility_sentence(*c.failure, lang));
}

std::string points_for(const applied_criterion& c) {
  return c.points_for_them ? fmt::format("{}", *c.points_for_them) : std::string("-");
}

}  // namespace

void print_legal_text(std::ostream& out, const legal_explanation& e) {
  const text t(e.lang);
  out << t("Explication du traitement algorithmique (CRPA, articles L311-3-1 et R311-3-1-2)\n",
           "Explanation of the algorithmic processing (CRPA, articles L311-3-1 and R311-3-1-2)\n");
  out << fmt::format(fmt::runtime(t("Demande {} · offre {} · date de référence {}\n",
                                    "Request {} · offer {} · reference date {}\n")),
                     e.request, e.offer, e.reference);
  out << '\n' << legal_item_title(0, e.lang) << '\n';
  for (const std::string& s : contribution_sentences(e)) out << "  " << s << '\n';

  out << '\n' << legal_item_title(1, e.lang) << '\n';
  for (const processed_datum& d : e.data) {
    out << fmt::format("  - {} : {}\n", d.label, d.value);
    out << fmt::format(fmt::runtime(t("      source : {}\n", "      source: {}\n")), d.source);
    out << fmt::format(fmt::runtime(t("      utilisation : {}\n", "      use: {}\n")), d.use);
  }

  out << '\n' << legal_item_title(2, e.lang) << '\n';
  out << fmt::format(
      fmt::runtime(t("  Grille {} (en vigueur le {}){}\n", "  Grid {} (effective {}){}\n")),
      e.grid_id, e.grid_effective,
      e.total_cap ? fmt::format(fmt::runtime(t(", bonus plafonnés à {}", ", bonuses capped at {}")),
                                *e.total_cap)
                  : std::string());
  text_table table({{std::string(t("Critère", "Criterion"))},
                    {std::string(t("Pondération", "Weight")), text_table::align::left, 60},
                    {std::string(t("Vos points", "Your points")), text_table::align::right}});
  for (const applied_criterion& c : e.criteria) {
    table.add_row({c.label, c.parameters, points_for(c)});
  }
  table.print(out, "  ");
  if (e.score) {
    out << fmt::format(fmt::runtime(t("  Votre score : {} points\n", "  Your score: {} points\n")),
                       e.score->value);
    for (const applied_criterion& c : e.criteria) {
      if (!c.detail.empty()) out << "    " << c.detail << '\n';
    }
  } else {
    out << t("  Non noté : la demande n'est pas éligible.\n",
             "  Not scored: the request is not eligible.\n");
  }

  out << '\n' << legal_item_title(3, e.lang) << '\n';
  out << t("  Conditions d'éligibilité :\n", "  Eligibility conditions:\n");
  for (const eligibility_check& c : e.checks) {
    out << fmt::format("    [{}] {}\n", c.passed ? "x" : " ", check_line(c, e.lang));
  }
  for (const std::string& s : operation_sentences(e)) out << "  " << s << '\n';
}

void print_legal_json(std::ostream& out, const legal_explanation& e) {
  json_writer j(out);
  j.begin_object()
      .member("request", e.request.str())
      .member("offer", e.offer.value)
      .member("reference_date", e.reference)
      .member("language", to_string(e.lang))
      .member("law", "CRPA L311-3-1, R311-3-1-2");
  j.key("contribution")
      .begin_object()
      .member("title", legal_item_title(0, e.lang))
      .member("places", e.places)
      .member("eligible", e.eligible)
      .member("eligible_count", e.eligible_count)
      .member("candidate_count", e.candidate_count);
  if (e.rank) j.member("rank", *e.rank);
  j.member("shortlisted", e.shortlisted);
  j.key("text").begin_array();
  for (const std::string& s : contribution_sentences(e)) j.value(s);
  j.end_array().end_object();

  j.key("data").begin_object().member("title", legal_item_title(1, e.lang));
  j.key("fields").begin_array();
  for (const processed_datum& d : e.data) {
    j.begin_object()
        .member("field", d.id)
        .member("label", d.label)
        .member("value", d.value)
        .member("source", d.source)
        .member("use", d.use)
        .end_object();
  }
  j.end_array().end_object();

  j.key("parameters")
      .begin_object()
      .member("title", legal_item_title(2, e.lang))
      .member("grid", e.grid_id)
      .member("grid_effective", e.grid_effective);
  if (e.total_cap) j.member("total_cap", e.total_cap->value);
  if (e.score) j.member("score", e.score->value);
  j.key("criteria").begin_array();
  for (const applied_criterion& c : e.criteria) {
    j.begin_object()
        .member("criterion", c.id)
        .member("label", c.label)
        .member("weight", c.parameters);
    j.key("points");
    if (c.points_for_them) {
      j.value(c.points_for_them->value);
    } else {
      j.null();
    }
    if (!c.detail.empty()) j.member("text", c.detail);
    j.end_object();
  }
  j.end_array().end_object();

  j.key("operations").begin_object().member("title", legal_item_title(3, e.lang));
  j.key("eligibility").begin_array();
  for (const eligibility_check& c : e.checks) {
    j.begin_object()
        .member("condition", to_string(c.condition))
        .member("label", c.label)
        .member("passed", c.passed);
    if (c.failure) j.member("text", eligibility_sentence(*c.failure, e.lang));
    j.end_object();
  }
  j.end_array();
  j.key("text").begin_array();
  for (const std::string& s : operation_sentences(e)) j.value(s);
  j.end_array();
  j.end_object();
  j.end_object().finish();
}

void write_legal_html(std::ostream& out, const legal_explanation& e) {
  const text t(e.lang);
  const std::string title =
      fmt::format("{} {} · {}", t("Explication de la décision", "Explanation of the decision"),
                  e.offer, e.request);
  html::begin_page(
      out, e.lang, title,
      "@media print { body { margin: 1cm; font-size: 10pt; } footer { display: none; } "
      "} ol.checks { list-style: none; padding-left: 0.5em; } "
      "li.failed { color: #a40000; } section { page-break-inside: avoid; }");
  out << fmt::format("<h1>{}</h1>\n", escape(t("Explication du traitement algorithmique",
                                               "Explanation of the algorithmic processing")));
  out << fmt::format("<p class=\"summary\">{}</p>\n",
                     escape(t("Code des relations entre le public et l'administration, articles "
                              "L311-3-1 et R311-3-1-2",
                              "Code des relations entre le public et l'administration, articles "
                              "L311-3-1 and R311-3-1-2")));
  out << fmt::format("<p class=\"summary\">{} {} · {} {} · {} {}</p>\n",
                     escape(t("Demande", "Request")), e.request, escape(t("offre", "offer")),
                     escape(e.offer.value), escape(t("date de référence", "reference date")),
                     e.reference);

  out << fmt::format("<section>\n<h2>{}</h2>\n", escape(legal_item_title(0, e.lang)));
  for (const std::string& s : contribution_sentences(e)) out << "<p>" << escape(s) << "</p>\n";
  out << "</section>\n";

  out << fmt::format("<section>\n<h2>{}</h2>\n", escape(legal_item_title(1, e.lang)));
  out << fmt::format("<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                     escape(t("Donnée", "Datum")), escape(t("Valeur", "Value")),
                     escape(t("Source", "Source")), escape(t("Utilisation", "Use")));
  for (const processed_datum& d : e.data) {
    out << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(d.label),
                       escape(d.value), escape(d.source), escape(d.use));
  }
  out << "</table>\n</section>\n";

  out << fmt::format("<section>\n<h2>{}</h2>\n", escape(legal_item_title(2, e.lang)));
  out << fmt::format("<p>{} {} ({} {})</p>\n", escape(t("Grille", "Grid")), escape(e.grid_id),
                     escape(t("en vigueur le", "effective")), e.grid_effective);
  out << fmt::format("<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                     escape(t("Critère", "Criterion")), escape(t("Pondération", "Weight")),
                     escape(t("Vos points", "Your points")));
  for (const applied_criterion& c : e.criteria) {
    out << fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                       escape(c.label), escape(c.parameters), escape(points_for(c)));
  }
  out << "</table>\n";
  if (e.score) {
    out << fmt::format("<p><strong>{} {}</strong></p>\n", escape(t("Votre score :", "Your score:")),
                       e.score->value);
  } else {
    out << fmt::format("<p>{}</p>\n", escape(t("Non noté : la demande n'est pas éligible.",
                                               "Not scored: the request is not eligible.")));
  }
  out << "</section>\n";

  out << fmt::format("<section>\n<h2>{}</h2>\n", escape(legal_item_title(3, e.lang)));
  out << "<ol class=\"checks\">\n";
  for (const eligibility_check& c : e.checks) {
    out << fmt::format("<li class=\"{}\">{} {}</li>\n", c.passed ? "passed" : "failed",
                       c.passed ? "✔" : "✘", escape(check_line(c, e.lang)));
  }
  out << "</ol>\n";
  for (const std::string& s : operation_sentences(e)) out << "<p>" << escape(s) << "</p>\n";
  out << "</section>\n";
  html::end_page(out, e.lang);
}

}  // namespace cotation::cli
