// SPDX-License-Identifier: MIT
// `cotation fairness`: what each group of requests received (shares of the requests that may
// apply, of the candidacies, of the shortlist places and of the leases, median wait), the ALS
// shares against their targets over time, and the groups flagged where the shortlist share
// departs from the candidacy share by more than the margin, as a table, JSON or an HTML page
// with the charts. Exit code 3 when a group is flagged. No request is named: the report is for
// the people who set the rules.
#include <memory>

#include <fmt/format.h>

#include <cotation/fairness.hpp>
#include <cotation/json_writer.hpp>
#include <cotation/simulation.hpp>

#include "commands.hpp"
#include "html.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct fairness_options {
  data_inputs in;
  std::string simulation;
  std::string grid;
  std::string date;
  std::string margin = "5";
  std::string format = "table";
  std::string lang = "fr";
  std::string output;
};

constexpr std::array<std::string_view, company_size_count> size_keys{"pme", "eti", "ge"};

/// `12.34` (percent with two decimals), `-` for nothing.
std::string percent(std::optional<basis_points> bp) {
  if (!bp) return "-";
  return fmt::format("{}.{:02}", bp->value / 100, bp->value % 100);
}

double percent_value(std::optional<basis_points> bp) {
  return bp ? static_cast<double>(bp->value) / 100.0 : 0.0;
}

/// `--margin` in percentage points, at most two decimals: `5`, `2.5`, `0.25`; at most 100.
basis_points parse_margin(const std::string& text) {
  const std::size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string decimals = dot == std::string::npos ? "" : text.substr(dot + 1);
  const auto digits = [](const std::string& s) {
    return s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (whole.empty() || whole.size() > 3 || !digits(whole) || decimals.size() > 2 ||
      !digits(decimals) || (dot != std::string::npos && decimals.empty())) {
    throw input_error(fmt::format(
        "--margin: \"{}\" is not a number of percentage points with at most two decimals", text));
  }
  std::int64_t bp = std::stoll(whole) * 100;
  if (!decimals.empty()) bp += std::stoll(decimals) * (decimals.size() == 1 ? 10 : 1);
  if (bp > 10'000) throw input_error(fmt::format("--margin: {} is more than 100 points", text));
  return basis_points{bp};
}

/// The shares of one group: of the requests that may apply, the candidacies, the shortlist
/// places and the leases (nothing where not known).
struct group_shares {
  std::optional<basis_points> requests;
  std::optional<basis_points> candidacies;
  std::optional<basis_points> shortlist;
  std::optional<basis_points> leases;
};

group_shares shares_of(const fairness_report& r, const fairness_breakdown& b,
                       const fairness_group& g) {
  group_shares s;
  if (r.candidates_known) {
    s.requests = share_of(g.requests, r.requests);
    s.candidacies = share_of(g.candidacies, r.candidacies);
    s.shortlist = share_of(g.shortlist_places, r.shortlist_places);
  }
  if (b.leases_known) s.leases = share_of(g.leases, r.leases);
  return s;
}

/// Some group of `b` has a median wait.
bool has_waits(const fairness_breakdown& b) {
  for (const fairness_group& g : b.groups) {
    if (g.median_wait_days) return true;
  }
  return false;
}

void print_table(std::ostream& out, const fairness_report& r) {
  out << fmt::format("Fairness from {} to {}: {} offers", r.from, r.to, r.offers);
  if (r.candidates_known) {
    out << fmt::format(", {} requests that may apply", r.requests);
  }
  out << fmt::format(", {} candidacies, {} shortlist places, {} leases; margin {} points\n",
                     r.candidacies, r.shortlist_places, r.leases, percent(r.margin));
  for (const fairness_breakdown& b : r.breakdowns) {
    out << fmt::format("\nBy {} (shares in %):\n", to_string(b.dimension));
    const bool waits = has_waits(b);
    std::vector<text_table::column> columns{{"group", text_table::align::left, 0}};
    std::vector<const char*> headings;
    if (r.candidates_known) headings = {"requests", "%", "candidacies", "%", "shortlist", "%"};
    if (b.leases_known) headings.insert(headings.end(), {"leases", "%"});
    if (waits) headings.push_back("median wait");
    for (const char* h : headings) columns.push_back({h, text_table::align::right, 0});
    if (r.candidates_known) columns.push_back({"flag", text_table::align::left, 0});
    text_table t(columns);
    for (const fairness_group& g : b.groups) {
      const group_shares s = shares_of(r, b, g);
      std::vector<std::string> row{g.label};
      if (r.candidates_known) {
        row.insert(row.end(), {fmt::format("{}", g.requests), percent(s.requests),
                               fmt::format("{}", g.candidacies), percent(s.candidacies),
                               fmt::format("{}", g.shortlist_places), percent(s.shortlist)});
      }
      if (b.leases_known) row.insert(row.end(), {fmt::format("{}", g.leases), percent(s.leases)});
      if (waits) {
        row.push_back(g.median_wait_days ? fmt::format("{} d", *g.median_wait_days) : "-");
      }
      if (r.candidates_known) row.emplace_back(g.flagged ? "FLAGGED" : "");
      t.add_row(std::move(row));
    }
    t.print(out, "  ");
  }
  if (!r.als.empty()) {
    out << "\nALS: leases by company size against the targets (shares in %):\n";
    text_table t({{"from", text_table::align::left, 0},
                  {"to", text_table::align::left, 0},
                  {"PME", text_table::align::right, 0},
                  {"ETI", text_table::align::right, 0},
                  {"GE", text_table::align::right, 0},
                  {"PME %", text_table::align::right, 0},
                  {"target", text_table::align::right, 0},
                  {"ETI %", text_table::align::right, 0},
                  {"target", text_table::align::right, 0},
                  {"GE %", text_table::align::right, 0},
                  {"target", text_table::align::right, 0}});
    for (const als_period& p : r.als) {
      std::vector<std::string> row{fmt::format("{}", p.from), fmt::format("{}", p.to)};
      for (const std::size_t n : p.leases) row.push_back(fmt::format("{}", n));
      for (std::size_t s = 0; s < company_size_count; ++s) {
        row.push_back(percent(p.share(static_cast<company_size>(s))));
        row.push_back(percent(p.targets[s]));
      }
      t.add_row(std::move(row));
    }
    t.print(out, "  ");
  }
  if (!r.candidates_known) {
    out << "\nA simulation document does not say who the candidates were: no share of the "
           "candidacies or of the shortlist places by group, nothing flagged.\n";
    return;
  }
  out << fmt::format(
      "\n{} group(s) flagged: shortlist share more than {} points away from the candidacy "
      "share.\n",
      r.flagged(), percent(r.margin));
  for (const fairness_breakdown& b : r.breakdowns) {
    for (const fairness_group& g : b.groups) {
      if (!g.flagged) continue;
      const group_shares s = shares_of(r, b, g);
      out << fmt::format("  {} {}: {} % of the candidacies, {} % of the shortlist places\n",
                         to_string(b.dimension), g.label, percent(s.candidacies),
                         percent(s.shortlist));
    }
  }
}

void member_or_null(json_writer& j, std::string_view key, bool known, std::size_t n) {
  j.key(key);
  if (known) {
    j.value(n);
  } else {
    j.null();
  }
}

void share_member(json_writer& j, std::string_view key, std::optional<basis_points> bp) {
  j.key(key);
  if (bp) {
    j.value(bp->value);
  } else {
    j.null();
  }
}

void print_json(std::ostream& out, const fairness_report& r) {
  json_writer j(out);
  j.begin_object()
      .member("from", r.from)
      .member("to", r.to)
      .member("margin_bp", r.margin.value)
      .member("candidates_known", r.candidates_known)
      .member("offers", r.offers);
  member_or_null(j, "requests", r.candidates_known, r.requests);
  j.member("candidacies", r.candidacies)
      .member("shortlist_places", r.shortlist_places)
      .member("leases", r.leases)
      .member("flagged", r.flagged());
  j.key("breakdowns").begin_object();
  for (const fairness_breakdown& b : r.breakdowns) {
    j.key(to_string(b.dimension)).begin_array();
    for (const fairness_group& g : b.groups) {
      const group_shares s = shares_of(r, b, g);
      j.begin_object().member("group", g.label);
      member_or_null(j, "requests", r.candidates_known, g.requests);
      member_or_null(j, "candidacies", r.candidates_known, g.candidacies);
      member_or_null(j, "shortlist_places", r.candidates_known, g.shortlist_places);
      member_or_null(j, "leases", b.leases_known, g.leases);
      share_member(j, "requests_share_bp", s.requests);
      share_member(j, "candidacies_share_bp", s.candidacies);
      share_member(j, "shortlist_share_bp", s.shortlist);
      share_member(j, "leases_share_bp", s.leases);
      j.key("median_wait_days");
      if (g.median_wait_days) {
        j.value(*g.median_wait_days);
      } else {
        j.null();
      }
      j.member("flagged", g.flagged).end_object();
    }
    j.end_array();
  }
  j.end_object();
  j.key("als").begin_array();
  for (const als_period& p : r.als) {
    j.begin_object().member("from", p.from).member("to", p.to);
    for (std::size_t s = 0; s < company_size_count; ++s) {
      j.key(size_keys[s]).begin_object().member("leases", p.leases[s]);
      share_member(j, "share_bp", p.share(static_cast<company_size>(s)));
      j.member("target_bp", p.targets[s].value).end_object();
    }
    j.end_object();
  }
  j.end_array().end_object().finish();
}

/// `12.34 %` for a table cell, `-` for nothing.
std::string percent_cell(std::optional<basis_points> bp) { return bp ? percent(bp) + " %" : "-"; }

void write_breakdown(std::ostream& out, const fairness_report& r, const fairness_breakdown& b,
                     html::text t) {
  using html::escape;
  out << fmt::format("<h2>{}</h2>\n",
                     escape(html::group_dimension_label(to_string(b.dimension), t)));
  // The series known for this dimension: requests, candidacies, shortlist places, leases.
  const std::array<std::string_view, 4> fills{html::colour(0), html::colour(1), html::colour(2),
                                              html::colour(4)};
  const std::array<std::string_view, 4> names{
      t("demandes pouvant candidater", "requests that may apply"), t("candidatures", "candidacies"),
      t("places de liste", "shortlist places"), t("baux", "leases")};
  const std::array<bool, 4> known{r.candidates_known, r.candidates_known, r.candidates_known,
                                  b.leases_known};
  std::vector<std::string_view> series_fills;
  out << "<ul class=\"legend\">\n";
  for (std::size_t k = 0; k < known.size(); ++k) {
    if (!known[k]) continue;
    series_fills.push_back(fills[k]);
    html::legend_item(out, fills[k], names[k]);
  }
  out << "</ul>\n";
  std::vector<html::bar_row> rows;
  for (const fairness_group& g : b.groups) {
    const group_shares s = shares_of(r, b, g);
    html::bar_row row{html::group_label(to_string(b.dimension), g.label, t), {}};
    const std::array<std::optional<basis_points>, 4> values{s.requests, s.candidacies, s.shortlist,
                                                            s.leases};
    for (std::size_t k = 0; k < known.size(); ++k) {
      if (known[k]) row.values.push_back(percent_value(values[k]));
    }
    rows.push_back(std::move(row));
  }
  html::bar_chart(out,
                  {.id = to_string(b.dimension),
                   .description = html::group_dimension_label(to_string(b.dimension), t),
                   .decimals = 1,
                   .suffix = " %"},
                  rows, series_fills);

  const bool waits = has_waits(b);
  out << fmt::format("<table class=\"fairness\">\n<tr><th>{}</th>", escape(t("Groupe", "Group")));
  if (r.candidates_known) {
    out << fmt::format("<th>{}</th><th>{}</th><th>{}</th>",
                       escape(t("Demandes pouvant candidater", "Requests that may apply")),
                       escape(t("Candidatures", "Candidacies")),
                       escape(t("Places de liste", "Shortlist places")));
  }
  if (b.leases_known) out << fmt::format("<th>{}</th>", escape(t("Baux", "Leases")));
  if (waits) out << fmt::format("<th>{}</th>", escape(t("Attente médiane", "Median wait")));
  out << "</tr>\n";
  for (const fairness_group& g : b.groups) {
    const group_shares s = shares_of(r, b, g);
    out << fmt::format("<tr{}><td>{}</td>", g.flagged ? " class=\"flagged\"" : "",
                       escape(html::group_label(to_string(b.dimension), g.label, t)));
    if (r.candidates_known) {
      out << fmt::format(
          "<td class=\"num\">{} ({})</td><td class=\"num\">{} ({})</td><td class=\"num\">{} "
          "({})</td>",
          g.requests, percent_cell(s.requests), g.candidacies, percent_cell(s.candidacies),
          g.shortlist_places, percent_cell(s.shortlist));
    }
    if (b.leases_known) {
      out << fmt::format("<td class=\"num\">{} ({})</td>", g.leases, percent_cell(s.leases));
    }
    if (waits) {
      out << fmt::format("<td class=\"num\">{}</td>",
                         g.median_wait_days ? fmt::format("{} {}", *g.median_wait_days, t("j", "d"))
                                            : std::string("-"));
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void write_als(std::ostream& out, const fairness_report& r, html::text t) {
  using html::escape;
  out << fmt::format("<h2>{}</h2>\n",
                     escape(t("Parts ALS des baux et leurs cibles, par période",
                              "ALS shares of the leases and their targets, by period")));
  // One chart per company size: its share of each period's leases beside its target.
  const std::string_view target_fill = "#bab0ac";
  for (std::size_t s = 0; s < company_size_count; ++s) {
    const auto size = static_cast<company_size>(s);
    out << fmt::format("<h3>{}</h3>\n", escape(to_string(size)));
    out << "<ul class=\"legend\">\n";
    html::legend_item(out, html::colour(s), t("part des baux", "share of the leases"));
    html::legend_item(out, target_fill, t("cible", "target"));
    out << "</ul>\n";
    std::vector<html::bar_row> rows;
    for (const als_period& p : r.als) {
      rows.push_back({fmt::format("{} – {}", p.from, p.to),
                      {percent_value(p.share(size)), percent_value(p.targets[s])}});
    }
    const std::string id = fmt::format("als-{}", size_keys[s]);
    const std::string description = fmt::format(
        "{} {}", t("Parts ALS et cibles :", "ALS shares and targets:"), to_string(size));
    const std::array<std::string_view, 2> fills{html::colour(s), target_fill};
    html::bar_chart(out, {.id = id, .description = description, .decimals = 1, .suffix = " %"},
                    rows, fills);
  }
  out << fmt::format(
      "<table class=\"als\">\n<tr><th>{}</th><th>{}</th><th>PME</th><th>ETI</th><th>GE</th></tr>\n",
      escape(t("Du", "From")), escape(t("Au", "To")));
  for (const als_period& p : r.als) {
    out << fmt::format("<tr><td>{}</td><td>{}</td>", p.from, p.to);
    for (std::size_t s = 0; s < company_size_count; ++s) {
      out << fmt::format("<td class=\"num\">{} ({} / {} {})</td>", p.leases[s],
                         percent_cell(p.share(static_cast<company_size>(s))),
                         escape(t("cible", "target")), percent_cell(p.targets[s]));
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void write_html(std::ostream& out, const fairness_report& r, language lang) {
  const html::text t(lang);
  using html::escape;
  const std::string title = fmt::format("{} {} – {}", t("Équité", "Fairness"), r.from, r.to);
  html::begin_page(out, lang, title, "tr.flagged td { background: #fde2e1; }\n");
  out << fmt::format("<h1>{}</h1>\n", escape(title));
  html::begin_counts(out);
  html::count(out, t("Offres", "Offers"), r.offers);
  if (r.candidates_known) {
    html::count(out, t("Demandes pouvant candidater", "Requests that may apply"), r.requests);
  }
  html::count(out, t("Candidatures", "Candidacies"), r.candidacies);
  html::count(out, t("Places de liste", "Shortlist places"), r.shortlist_places);
  html::count(out, t("Baux", "Leases"), r.leases);
  if (r.candidates_known) html::count(out, t("Groupes signalés", "Groups flagged"), r.flagged());
  html::end_counts(out);
  if (r.candidates_known) {
    out << fmt::format(
        "<p class=\"summary\">{} {} {}</p>\n",
        escape(t("Un groupe est signalé (ligne surlignée) quand sa part des places de liste "
                 "s'écarte de sa part des candidatures de plus de",
                 "A group is flagged (highlighted row) when its share of the shortlist places "
                 "departs from its share of the candidacies by more than")),
        percent(r.margin), escape(t("points.", "points.")));
  } else {
    out << fmt::format(
        "<p class=\"summary\">{}</p>\n",
        escape(t("Un document de simulation ne dit pas qui étaient les candidats : ni parts de "
                 "candidatures ni parts de places de liste par groupe, aucun signalement.",
                 "A simulation document does not say who the candidates were: no share of the "
                 "candidacies or of the shortlist places by group, nothing flagged.")));
  }
  for (const fairness_breakdown& b : r.breakdowns) write_breakdown(out, r, b, t);
  if (!r.als.empty()) write_als(out, r, t);
  html::end_page(out, lang);
}

/// A data set, or `--simulation` alone: checked once the command line is parsed, so that the
/// error comes with the usage hint.
void check_fairness_inputs(const CLI::App& app) {
  const bool simulation = app.count("--simulation") > 0;
  std::vector<std::string> data_options;
  for (const char* name :
       {"data", "--grid", "--date", "--requests", "--positionings", "--ceilings"}) {
    if (app.count(name) > 0) data_options.emplace_back(name);
  }
  if (simulation && !data_options.empty()) {
    throw CLI::ValidationError(fmt::format(
        "--simulation excludes {}: report either on a simulation document or on a data set",
        fmt::join(data_options, ", ")));
  }
  if (!simulation && app.count("data") == 0) {
    throw CLI::ValidationError("fairness needs a data set, or --simulation FILE");
  }
}

/// The offers closed in the 12 months to the day of the report (the given day, else the latest
/// closing date), each ranked at its closing date.
fairness_report data_set_report(const fairness_options& o, basis_points margin) {
  const compiled_grid g = load_grid(o.grid);
  const workspace w(o.in);
  std::optional<date> as_of;
  if (!o.date.empty()) as_of = parse_date(o.date, "--date");
  for (const offer& of : w.data().offers) {
    if (o.date.empty() && (!as_of || *as_of < of.closing_date())) as_of = of.closing_date();
  }
  if (!as_of) throw input_error(fmt::format("{}: no offer, and no --date", w.source()));
  const date from = add_months(*as_of, -12);
  std::vector<offer_ranking> rankings;
  for (const offer& of : w.data().offers) {
    if (of.closing_date() < from || *as_of < of.closing_date()) continue;
    rankings.push_back(rank(w, g, of, of.closing_date(), w.positioned(of)));
  }
  return fairness_of_rankings(
      rankings, w.pool(), *as_of, w.data().attributions, [&w](date d) { return w.als_targets(d); },
      margin);
}

}  // namespace

command add_fairness(CLI::App& parent) {
  auto o = std::make_shared<fairness_options>();
  CLI::App* app = parent.add_subcommand(
      "fairness",
      "Whether groups of requests are treated evenly: by company size, household size, age band, "
      "income quartile, priority situation and department, their shares of the requests that may "
      "apply, of the candidacies, of the shortlist places and of the leases (a data set's "
      "attributions by company size only), and the median wait to a lease (a simulation); the "
      "ALS shares of the leases against their targets, month by month (a data set: the 12 months "
      "to --date) or week by week (a simulation document). A group is flagged when its share of "
      "the shortlist places departs from its share of the candidacies by more than --margin. "
      "Names no request. Exit code 3 when a group is flagged");
  options::inputs(*app, o->in, false);
  app->add_option("--simulation", o->simulation,
                  "A simulation document (cotation-simulation/1, written by cotation simulate) "
                  "instead of a data set")
      ->type_name("FILE");
  options::grid(*app, o->grid);
  options::date(*app, o->date,
                "The day of the report: the offers closed in the 12 months to that day, each "
                "ranked at its closing date; the requests that may apply on that day; default: "
                "the latest closing date");
  app->add_option("--margin", o->margin,
                  "Flag a group whose shortlist share is more than this many percentage points "
                  "from its candidacy share (0 to 100, at most two decimals)")
      ->default_str("5")
      ->type_name("POINTS");
  options::format(*app, o->format);
  options::lang(*app, o->lang, "fr");
  app->add_option("-o,--output", o->output,
                  "Write the HTML page with the charts to this file (--lang)")
      ->type_name("FILE");
  app->parse_complete_callback([app] { check_fairness_inputs(*app); });
  return {app, [o](const context& ctx) {
            const basis_points margin = parse_margin(o->margin);
            if (!o->output.empty()) check_writable(o->output);
            const fairness_report r =
                o->simulation.empty()
                    ? data_set_report(*o, margin)
                    : fairness_of_simulation(
                          simulation_from_json(read_file(o->simulation, "the simulation file"),
                                               o->simulation),
                          margin);
            if (!o->output.empty()) {
              write_output(o->output, ctx.out, [&](std::ostream& file) {
                write_html(file, r, parse_language(o->lang));
              });
            } else if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, r);
            } else {
              print_table(ctx.out, r);
            }
            if (r.flagged() > 0) {
              throw findings(fmt::format(
                  "{} group(s) flagged: shortlist share more than {} points from the candidacy "
                  "share",
                  r.flagged(), percent(r.margin)));
            }
          }};
}

}  // namespace cotation::cli
