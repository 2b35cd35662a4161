// SPDX-License-Identifier: MIT
// `cotation impact`: the effect of a grid change on the rankings of a data set's offers, as a
// table, JSON, or a self-contained HTML page with the breakdown charts.
#include <memory>

#include <fmt/format.h>

#include <cotation/grid_impact.hpp>
#include <cotation/json_writer.hpp>

#include "commands.hpp"
#include "html.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct impact_options {
  data_inputs in;
  std::string grid;
  std::string current;
  std::string offers = "all";
  std::string date;
  std::size_t most = 20;
  unsigned threads = 0;
  std::string format = "table";
  std::string lang = "fr";
  std::string output;
};

/// What was compared, for the headings.
struct impact_scope {
  std::string offers;  ///< `all`, `closed` or `open`
  std::optional<date> on;
};

void print_table(std::ostream& out, const grid_impact& r, std::size_t most) {
  out << fmt::format("Grid {} -> {}: {} offers, {} candidates\n", r.current_grid, r.new_grid,
                     r.offers, r.candidates);
  out << fmt::format("Rank changed: {} · score changed: {} · shortlist places changing hands: {}\n",
                     r.moved, r.score_changed, r.shortlist_places_changed);
  out << fmt::format("Requests gaining a shortlist place: {} · losing one: {}\n\n",
                     r.requests_gaining, r.requests_losing);
  text_table moves(
      {{"rank move", text_table::align::left, 0}, {"candidates", text_table::align::right, 0}});
  for (std::size_t b = 0; b < rank_move_buckets.size(); ++b) {
    moves.add_row({std::string(rank_move_buckets[b]), fmt::format("{}", r.rank_moves[b])});
  }
  moves.print(out);
  for (const impact_breakdown& b : r.breakdowns) {
    out << fmt::format("\nBy {}:\n", b.dimension);
    text_table t({{"group", text_table::align::left, 0},
                  {"candidates", text_table::align::right, 0},
                  {"up", text_table::align::right, 0},
                  {"down", text_table::align::right, 0},
                  {"rescored", text_table::align::right, 0},
                  {"entered", text_table::align::right, 0},
                  {"left", text_table::align::right, 0},
                  {"ranks gained", text_table::align::right, 0}});
    for (const impact_group& g : b.groups) {
      t.add_row({g.label, fmt::format("{}", g.candidates), fmt::format("{}", g.moved_up),
                 fmt::format("{}", g.moved_down), fmt::format("{}", g.score_changed),
                 fmt::format("{}", g.entered), fmt::format("{}", g.left),
                 fmt::format("{:+}", g.ranks_gained)});
    }
    t.print(out, "  ");
  }
  if (!r.most_affected.empty()) {
    out << "\nMost affected requests:\n";
    text_table t({{"request", text_table::align::left, 0},
                  {"offers", text_table::align::right, 0},
                  {"entered", text_table::align::right, 0},
                  {"left", text_table::align::right, 0},
                  {"ranks gained", text_table::align::right, 0}});
    for (const affected_request& a : r.most_affected) {
      t.add_row({std::string(a.number.str()), fmt::format("{}", a.offers),
                 fmt::format("{}", a.entered), fmt::format("{}", a.left),
                 fmt::format("{:+}", a.ranks_gained)});
    }
    t.print(out, "  ");
  }
  std::size_t changed = 0;
  for (const offer_impact& o : r.per_offer) changed += o.entered.empty() ? 0U : 1U;
  if (changed == 0) return;
  out << fmt::format("\nOffers whose shortlist changes: {}{}\n", changed,
                     changed > most ? fmt::format(" (the first {})", most) : "");
  text_table t({{"offer", text_table::align::left, 0},
                {"enter", text_table::align::left, 0},
                {"leave", text_table::align::left, 0}});
  std::size_t listed = 0;
  for (const offer_impact& o : r.per_offer) {
    if (o.entered.empty() || listed == most) continue;
    ++listed;
    std::string entered;
    std::string left;
    for (const request_number& n : o.entered)
      entered += fmt::format("{}{}", entered.empty() ? "" : " ", n);
    for (const request_number& n : o.left) left += fmt::format("{}{}", left.empty() ? "" : " ", n);
    t.add_row({o.offer.value, entered, left});
  }
  t.print(out, "  ");
}

void print_json(std::ostream& out, const grid_impact& r, const impact_scope& scope) {
  json_writer j(out);
  j.begin_object()
      .member("current_grid", r.current_grid)
      .member("new_grid", r.new_grid)
      .member("offers_compared", scope.offers);
  j.key("date");
  if (scope.on) {
    j.value(*scope.on);
  } else {
    j.null();
  }
  j.member("offers", r.offers)
      .member("candidates", r.candidates)
      .member("moved", r.moved)
      .member("score_changed", r.score_changed)
      .member("shortlist_places_changed", r.shortlist_places_changed)
      .member("requests_gaining", r.requests_gaining)
      .member("requests_losing", r.requests_losing);
  j.key("rank_moves").begin_object();
  for (std::size_t b = 0; b < rank_move_buckets.size(); ++b) {
    j.member(rank_move_buckets[b], r.rank_moves[b]);
  }
  j.end_object();
  j.key("breakdowns").begin_object();
  for (const impact_breakdown& b : r.breakdowns) {
    j.key(b.dimension).begin_array();
    for (const impact_group& g : b.groups) {
      j.begin_object()
          .member("group", g.label)
          .member("candidates", g.candidates)
          .member("moved_up", g.moved_up)
          .member("moved_down", g.moved_down)
          .member("score_changed", g.score_changed)
          .member("entered", g.entered)
          .member("left", g.left)
          .member("ranks_gained", g.ranks_gained)
          .end_object();
    }
    j.end_array();
  }
  j.end_object();
  j.key("most_affected").begin_array();
  for (const affected_request& a : r.most_affected) {
    j.begin_object()
        .member("request", a.number.str())
        .member("offers", a.offers)
        .member("entered", a.entered)
        .member("left", a.left)
        .member("ranks_gained", a.ranks_gained)
        .end_object();
  }
  j.end_array();
  j.key("per_offer").begin_array();
  for (const offer_impact& o : r.per_offer) {
    j.begin_object().member("offer", o.offer.value).member("candidates", o.candidates);
    j.key("entered").begin_array(true);
    for (const request_number& n : o.entered) j.value(n.str());
    j.end_array();
    j.key("left").begin_array(true);
    for (const request_number& n : o.left) j.value(n.str());
    j.end_array();
    j.key("moves").begin_array();
    for (const candidate_move& m : o.moves) {
      j.begin_object()
          .member("request", m.number.str())
          .member("rank_before", m.rank_before)
          .member("rank_after", m.rank_after)
          .member("score_before", m.score_before.value)
          .member("score_after", m.score_after.value)
          .end_object();
    }
    j.end_array().end_object();
  }
  j.end_array().end_object().finish();
}

void write_html(std::ostream& out, const grid_impact& r, const impact_scope& scope, language lang) {
  const html::text t(lang);
  using html::escape;
  const std::string title = fmt::format("{} {} → {}", t("Changement de grille", "Grid change"),
                                        r.current_grid, r.new_grid);
  html::begin_page(out, lang, title);
  out << fmt::format("<h1>{}</h1>\n", escape(title));
  const std::string_view which = scope.offers == "closed" ? t("closes", "closed")
                                 : scope.offers == "open" ? t("ouvertes", "open")
                                                          : t("toutes", "all");
  out << fmt::format("<p class=\"summary\">{} ({}{}), {}</p>\n",
                     escape(t("Les mêmes offres classées sous les deux grilles",
                              "The same offers ranked under "
                              "both grids")),
                     escape(which),
                     scope.on ? fmt::format(" {} {}", escape(t("le", "on")), *scope.on) : "",
                     escape(t("chacune à sa date de clôture", "each at its closing date")));
  html::begin_counts(out);
  html::count(out, t("Offres", "Offers"), r.offers);
  html::count(out, t("Candidats", "Candidates"), r.candidates);
  html::count(out, t("Rang changé", "Rank changed"), r.moved);
  html::count(out, t("Score changé", "Score changed"), r.score_changed);
  html::count(out, t("Places de liste changeant de main", "Shortlist places changing hands"),
              r.shortlist_places_changed);
  html::count(out, t("Demandes gagnant une place", "Requests gaining a place"), r.requests_gaining);
  html::count(out, t("Demandes perdant une place", "Requests losing a place"), r.requests_losing);
  html::end_counts(out);

  out << fmt::format("<h2>{}</h2>\n",
                     escape(t("Déplacements de rang (rangs gagnés)", "Rank moves (ranks gained)")));
  std::vector<html::bar_row> moves;
  for (std::size_t b = 0; b < rank_move_buckets.size(); ++b) {
    moves.push_back({std::string(rank_move_buckets[b]), {static_cast<double>(r.rank_moves[b])}});
  }
  const std::array<std::string_view, 1> one{html::colour(0)};
  html::bar_chart(out,
                  {.id = "rank-moves",
                   .description = t("Candidats par déplacement de rang", "Candidates by rank move"),
                   .decimals = 0,
                   .suffix = {}},
                  moves, one);

  // Places gained to the right, places lost to the left.
  const std::array<std::string_view, 2> places{"#59a14f", "#e15759"};
  for (const impact_breakdown& b : r.breakdowns) {
    out << fmt::format("<h2>{}</h2>\n", escape(html::group_dimension_label(b.dimension, t)));
    out << "<ul class=\"legend\">\n";
    html::legend_item(out, places[0], t("places de liste gagnées", "shortlist places gained"));
    html::legend_item(out, places[1], t("places de liste perdues", "shortlist places lost"));
    out << "</ul>\n";
    std::vector<html::bar_row> rows;
    for (const impact_group& g : b.groups) {
      rows.push_back({html::group_label(b.dimension, g.label, t),
                      {static_cast<double>(g.entered), -static_cast<double>(g.left)}});
    }
    html::bar_chart(out,
                    {.id = b.dimension,
                     .description = html::group_dimension_label(b.dimension, t),
                     .decimals = 0,
                     .suffix = {}},
                    rows, places);
    out << fmt::format(
        "<table class=\"breakdown\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "<th>{}</th><th>{}</th><th>{}</th></tr>\n",
        escape(t("Groupe", "Group")), escape(t("Candidats", "Candidates")),
        escape(t("Montent", "Up")), escape(t("Descendent", "Down")),
        escape(t("Score changé", "Rescored")), escape(t("Entrent", "Enter")),
        escape(t("Sortent", "Leave")), escape(t("Rangs gagnés", "Ranks gained")));
    for (const impact_group& g : b.groups) {
      out << fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{:+}</td></tr>\n",
          escape(html::group_label(b.dimension, g.label, t)), g.candidates, g.moved_up, g.moved_down, g.score_changed, g.entered,
          g.left, g.ranks_gained);
    }
    out << "</table>\n";
  }

  if (!r.most_affected.empty()) {
    out << fmt::format("<h2>{}</h2>\n",
                       escape(t("Demandes les plus touchées", "Most affected requests")));
    out << fmt::format(
        "<table class=\"affected\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "</tr>\n",
        escape(t("Demande", "Request")), escape(t("Offres", "Offers")),
        escape(t("Listes entrées", "Shortlists entered")),
        escape(t("Listes quittées", "Shortlists left")), escape(t("Rangs gagnés", "Ranks gained")));
    for (const affected_request& a : r.most_affected) {
      out << fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{:+}</td></tr>\n",
          a.number, a.offers, a.entered, a.left, a.ranks_gained);
    }
    out << "</table>\n";
  }
  html::end_page(out, lang);
}

/// The offers compared: all, those closed on `on`, or those published and still open on `on`.
std::vector<offer_positionings> select(const workspace& w, const impact_options& o,
                                       const std::optional<date>& on) {
  std::vector<offer_positionings> batch;
  for (const offer& of : w.data().offers) {
    const bool closed = on && of.closing_date() <= *on;
    const bool open = on && of.publication_start <= *on && *on < of.closing_date();
    if ((o.offers == "closed" && !closed) || (o.offers == "open" && !open)) continue;
    batch.push_back({&of, w.positioned(of)});
  }
  return batch;
}

}  // namespace

command add_impact(CLI::App& parent) {
  auto o = std::make_shared<impact_options>();
  CLI::App* app = parent.add_subcommand(
      "impact",
      "Before a grid change applies: rank the same offers under the current and the new grid "
      "and show who moves (shortlist places gained and lost, rank and score changes, by "
      "household size, age band, company size, priority situation and department, and the most "
      "affected requests). Each offer is ranked at its closing date, with the ALS targets of the "
      "latest closing date compared");
  options::inputs(*app, o->in);
  app->add_option("--grid", o->grid, "The new grid (JSON)")->required()->type_name("FILE");
  app->add_option("--current", o->current,
                  "The current grid (JSON); default: the built-in alin-default-2026")
      ->type_name("FILE");
  app->add_option("--offers", o->offers,
                  "Which offers: all, closed (closed on --date) or open (published and still "
                  "open on --date)")
      ->check(CLI::IsMember({"all", "closed", "open"}).description(""))
      ->default_str("all")
      ->type_name("all|closed|open");
  options::date(*app, o->date, "The day that decides which offers are closed or open");
  options::whole(app->add_option("--most", o->most, "Most affected requests and offers listed"),
                 {0, 100'000, "the most this tool lists"})
      ->default_str("20")
      ->type_name("N");
  options::whole(app->add_option("--threads", o->threads, "Threads (0: the machine's)"),
                 limits::threads)
      ->type_name("N");
  options::format(*app, o->format);
  options::lang(*app, o->lang, "fr");
  app->add_option("-o,--output", o->output,
                  "Write the HTML page with the breakdown charts to this file (--lang)")
      ->type_name("FILE");
  return {app, [o](const context& ctx) {
            std::optional<date> on;
            if (!o->date.empty()) on = parse_date(o->date, "--date");
            if (o->offers != "all" && !on) {
              throw input_error(
                  fmt::format("--offers {}: give the day with --date YYYY-MM-DD", o->offers));
            }
            if (!o->output.empty()) check_writable(o->output);
            const compiled_grid proposed = load_grid(o->grid);
            const compiled_grid current = load_grid(o->current);
            const workspace w(o->in);
            const std::vector<offer_positionings> batch = select(w, *o, on);
            // One set of ALS targets for the batch: those of the latest closing date.
            std::optional<date> latest;
            for (const offer_positionings& b : batch) {
              if (!latest || *latest < b.o->closing_date()) latest = b.o->closing_date();
            }
            const ranking_rules rules{
                .grid = current,
                .statistics = w.statistics(),
                .als_targets = latest ? w.als_targets(*latest)
                                      : std::array<basis_points, company_size_count>{},
                .eligibility = {},
                .ceilings = w.ceilings(),
                .shortlist_size = {},
                .score_cards = false};
            const grid_impact r =
                compare_grids(batch, w.pool(), rules, proposed, o->most, o->threads);
            const impact_scope scope{o->offers, on};
            if (!o->output.empty()) {
              write_output(o->output, ctx.out, [&](std::ostream& file) {
                write_html(file, r, scope, parse_language(o->lang));
              });
            } else if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, r, scope);
            } else {
              print_table(ctx.out, r, o->most);
            }
          }};
}

}  // namespace cotation::cli
