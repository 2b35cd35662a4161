// SPDX-License-Identifier: MIT
// `cotation chances`: for one request, every offer open at the date (eligible or not and why,
// the counts, the rank it would take if it positioned now, its score against the 3rd
// candidate's, the days left), best chance first; then, over the offers closed in a period,
// where its score would have reached the shortlist, by commune and by typology, from the
// published thresholds. Nothing about another applicant but counts and scores.
#include <memory>

#include <fmt/format.h>

#include <cotation/advice.hpp>

#include <cotation/json_writer.hpp>
#include "advice_view.hpp"
#include "commands.hpp"
#include "html.hpp"
#include "ranking_view.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct chances_options {
  data_inputs in;
  std::string request;
  std::string grid;
  std::string date;
  std::string since;
  std::string format = "table";
  std::string lang = "fr";
};

/// What `chances` computes: the open offers' chances and the closed offers' outcomes.
struct chances_report {
  request_number request;
  date as_of;
  std::vector<offer_chance> open;
  std::vector<published_thresholds> closed;  // owns what `areas` points to
  chance_areas areas;
};

chances_report compute(const workspace& w, const compiled_grid& g, const request_number& n,
                       date as_of, date since) {
  chances_report rep{.request = n, .as_of = as_of, .open = {}, .closed = {}, .areas = {}};
  const ranking_rules rules{.grid = g,
                            .statistics = w.statistics(),
                            .als_targets = w.als_targets(as_of),
                            .eligibility = {},
                            .ceilings = w.ceilings(),
                            .shortlist_size = {}};
  std::vector<open_offer> open;
  for (const offer& o : w.data().offers) {
    if (o.publication_start <= as_of && as_of < o.closing_date()) {
      open.push_back({&o, w.positioned(o), std::nullopt});
    } else if (o.closing_date() <= as_of && since <= o.closing_date()) {
      const offer_ranking r = rank(w, g, o, o.closing_date(), w.positioned(o));
      rep.closed.push_back(publish_thresholds(o, r, w.pool(), g));
    }
  }
  const offer_board board(open, w.pool(), rules, as_of, 1);
  rep.open = chances(board, n);
  rep.areas = where_chances_best(w.pool(), n, rep.closed, rules, since, as_of);
  return rep;
}

std::string margin_text(const offer_chance& c, language lang) {
  const html::text t(lang);
  if (!c.threshold) return std::string(t("place libre", "free place"));
  return fmt::format("{}", *c.margin());
}

std::string share_text(const chance_group& g) {
  return g.share() ? fmt::format("{}", *g.share()) : std::string("-");
}

void print_groups(std::ostream& out, const std::vector<chance_group>& groups,
                  std::string_view heading, language lang) {
  const html::text t(lang);
  text_table table({{std::string(heading)},
                    {std::string(t("Offres", "Offers")), text_table::align::right},
                    {std::string(t("Éligible", "Eligible")), text_table::align::right},
                    {std::string(t("Atteint", "Reached")), text_table::align::right},
                    {std::string(t("Ex æquo", "Tied")), text_table::align::right},
                    {std::string(t("Part", "Share")), text_table::align::right}});
  for (const chance_group& g : groups) {
    table.add_row({g.key, fmt::format("{}", g.offers), fmt::format("{}", g.eligible),
                   fmt::format("{}", g.reached), fmt::format("{}", g.tied), share_text(g)});
  }
  table.print(out, "  ");
}

void print_text(std::ostream& out, const chances_report& r, language lang) {
  const html::text t(lang);
  out << fmt::format(
      fmt::runtime(t("Demande {} · offres ouvertes le {}\n", "Request {} · offers open on {}\n")),
      r.request, r.as_of);
  std::size_t eligible = 0;
  for (const offer_chance& c : r.open) eligible += c.eligible() ? 1U : 0U;
  if (r.open.empty()) {
    out << t("Aucune offre n'est ouverte à cette date.\n", "No offer is open on that date.\n");
  } else if (eligible > 0) {
    out << t(
        "Rang : celui que vous auriez en vous positionnant maintenant (* : vous êtes déjà "
        "positionné, c'est votre rang). Écart : vos points moins ceux du 3e des autres "
        "candidats.\n\n",
        "Rank: the one you would have if you positioned now (*: you are positioned, it is "
        "your rank). Margin: your points minus those of the 3rd of the other candidates.\n\n");
    text_table table({{std::string(t("Offre", "Offer"))},
                      {std::string(t("Logement", "Dwelling"))},
                      {std::string(t("Jours", "Days")), text_table::align::right},
                      {std::string(t("Éligibles", "Eligible")), text_table::align::right},
                      {std::string(t("Candidats", "Candidates")), text_table::align::right},
                      {std::string(t("Rang", "Rank")), text_table::align::right},
                      {std::string("Score"), text_table::align::right},
                      {std::string(t("3e", "3rd")), text_table::align::right},
                      {std::string(t("Écart", "Margin")), text_table::align::right},
                      {std::string(t("Présenté", "Presented"))}});
    for (const offer_chance& c : r.open) {
      if (!c.eligible()) continue;
      table.add_row(
          {c.o->id.value, fmt::format("{} T{} {}", c.o->commune, c.o->rooms, c.o->total_rent()),
           fmt::format("{}", c.days_left), fmt::format("{}", c.eligible_count),
           fmt::format("{}", c.candidate_count),
           fmt::format("{}{}", *c.rank, c.positioned ? "*" : ""), fmt::format("{}", c.score.value),
           c.threshold ? fmt::format("{}", c.threshold->value) : std::string("-"),
           margin_text(c, lang), std::string(c.shortlisted() ? t("oui", "yes") : t("non", "no"))});
    }
    table.print(out);
  }
  if (eligible < r.open.size()) {
    out << '\n'
        << fmt::format(fmt::runtime(t("Offres auxquelles vous n'êtes pas éligible ({}) :\n",
                                      "Offers you are not eligible for ({}):\n")),
                       r.open.size() - eligible);
    for (const offer_chance& c : r.open) {
      if (c.eligible()) continue;
      out << fmt::format("  {} ({} T{}, {} {}) :\n", c.o->id, c.o->commune, c.o->rooms, c.days_left,
                         t("j", "d"));
      for (const eligibility_failure& f : c.failures) {
        out << "    - " << eligibility_sentence(f, lang) << '\n';
      }
    }
  }
  out << '\n'
      << fmt::format(
             fmt::runtime(t("Où vos chances auraient été les meilleures : offres closes du {} au "
                            "{} ({}), d'après les seuils publiés\n",
                            "Where your chances would have been best: offers closed from {} to {} "
                            "({}), from the published thresholds\n")),
             r.areas.from, r.areas.to, r.areas.outcomes.size());
  if (r.areas.outcomes.empty()) {
    out << t("  Aucune offre close sur la période.\n", "  No offer closed in the period.\n");
    return;
  }
  out << t("  (souhaits non pris en compte : les élargir change vos chances)\n",
           "  (wishes not applied: widening them changes your odds)\n");
  print_groups(out, r.areas.by_commune, t("Commune", "Commune"), lang);
  out << '\n';
  print_groups(out, r.areas.by_typology, t("Typologie", "Typology"), lang);
}

void write_groups(json_writer& j, const std::vector<chance_group>& groups) {
  j.begin_array();
  for (const chance_group& g : groups) {
    j.begin_object()
        .member("key", g.key)
        .member("offers", g.offers)
        .member("eligible", g.eligible)
        .member("reached", g.reached)
        .member("tied", g.tied);
    j.key("share_percent");
    if (g.share()) {
      j.value(fmt::format("{}", *g.share()));
    } else {
      j.null();
    }
    j.end_object();
  }
  j.end_array();
}

void print_json(std::ostream& out, const chances_report& r, language lang) {
  json_writer j(out);
  j.begin_object()
      .member("request", r.request.str())
      .member("date", r.as_of)
      .member("language", to_string(lang));
  j.key("open_offers").begin_array();
  for (const offer_chance& c : r.open) {
    j.begin_object()
        .member("offer", c.o->id.value)
        .member("commune", fmt::format("{}", c.o->commune))
        .member("rooms", c.o->rooms)
        .member("rent_and_charges", c.o->total_rent())
        .member("closing_date", c.o->closing_date())
        .member("days_left", c.days_left)
        .member("eligible", c.eligible())
        .member("positioned", c.positioned)
        .member("eligible_count", c.eligible_count)
        .member("candidate_count", c.candidate_count)
        .member("places", c.shortlist_size);
    if (c.eligible()) {
      j.member("rank", *c.rank).member("score", c.score.value);
      j.key("third_score");
      if (c.threshold) {
        j.value(c.threshold->value);
      } else {
        j.null();
      }
      j.key("margin");
      if (c.margin()) {
        j.value(c.margin()->value);
      } else {
        j.null();
      }
      j.member("shortlisted", c.shortlisted());
    } else {
      j.key("reasons").begin_array();
      for (const eligibility_failure& f : c.failures) {
        j.begin_object()
            .member("reason", to_string(f.reason))
            .member("text", eligibility_sentence(f, lang))
            .end_object();
      }
      j.end_array();
    }
    j.end_object();
  }
  j.end_array();
  j.key("closed_offers").begin_object().member("from", r.areas.from).member("to", r.areas.to);
  j.key("offers").begin_array();
  for (const past_offer_outcome& p : r.areas.outcomes) {
    j.begin_object()
        .member("offer", p.thresholds->dwelling->id.value)
        .member("outcome", p.outcome == past_outcome::reached  ? "reached"
                           : p.outcome == past_outcome::tied   ? "tied"
                           : p.outcome == past_outcome::missed ? "missed"
                                                               : "not_eligible");
    if (p.outcome != past_outcome::not_eligible) j.member("score", p.score.value);
    j.end_object();
  }
  j.end_array();
  j.key("by_commune");
  write_groups(j, r.areas.by_commune);
  j.key("by_typology");
  write_groups(j, r.areas.by_typology);
  j.end_object();
  j.end_object().finish();
}

}  // namespace

command add_chances(CLI::App& parent) {
  auto o = std::make_shared<chances_options>();
  CLI::App* app = parent.add_subcommand(
      "chances",
      "For one request: every offer open at the date with its eligibility, the counts, the rank "
      "it would take if it positioned now, its score against the 3rd candidate's and the days "
      "left; then where its score would have reached the shortlist over the offers closed "
      "since --since, by commune and typology (French by default)");
  options::inputs(*app, o->in);
  app->add_option("--request", o->request, "Request number (NUR/NUD)")
      ->required()
      ->type_name("NUMBER");
  options::grid(*app, o->grid);
  options::date(*app, o->date, "The date the offers are open at; default: today");
  app->add_option("--since", o->since,
                  "First closing date of the closed offers looked at; default: a year before "
                  "the date")
      ->type_name("YYYY-MM-DD");
  options::format(*app, o->format);
  options::lang(*app, o->lang, "fr");
  return {app, [o](const context& ctx) {
            const workspace w(o->in);
            const compiled_grid g = load_grid(o->grid);
            const applicant& a = w.find_applicant(o->request);
            const date as_of = o->date.empty() ? boost::gregorian::day_clock::universal_day()
                                               : parse_date(o->date, "--date");
            const date since = o->since.empty() ? as_of - boost::gregorian::years(1)
                                                : parse_date(o->since, "--since");
            if (since > as_of) {
              throw input_error(fmt::format("--since: {} is after the date {}", since, as_of));
            }
            const chances_report r = compute(w, g, a.number, as_of, since);
            const language lang = parse_language(o->lang);
            if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, r, lang);
            } else {
              print_text(ctx.out, r, lang);
            }
          }};
}

}  // namespace cotation::cli
