// SPDX-License-Identifier: MIT
// `cotation thresholds`: what is published about each closed offer, Parcoursup-style: the score
// and filing date of the last candidate presented, the eligible and candidate counts, and the
// anonymous score distribution (withheld under 5 candidates). No candidate is named.
#include <memory>

#include <fmt/format.h>

#include <cotation/advice.hpp>

#include <cotation/json_writer.hpp>
#include "advice_view.hpp"
#include "commands.hpp"
#include "html.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct thresholds_options {
  data_inputs in;
  std::vector<std::string> offers;
  std::string grid;
  std::string date;
  std::string format = "table";
  std::string lang = "fr";
};

std::string or_dash(const std::optional<points>& p) {
  return p ? fmt::format("{}", p->value) : std::string("-");
}
std::string or_dash(const std::optional<date>& d) {
  return d ? fmt::format("{}", *d) : std::string("-");
}

void print_text(std::ostream& out, const std::vector<published_thresholds>& all, date as_of,
                language lang) {
  const html::text t(lang);
  out << fmt::format(fmt::runtime(t("Seuils publiés des offres closes au {} ({})\n\n",
                                    "Published thresholds of the offers closed by {} ({})\n\n")),
                     as_of, all.size());
  if (all.empty()) return;
  text_table table({{std::string(t("Offre", "Offer"))},
                    {std::string(t("Logement", "Dwelling"))},
                    {std::string(t("Close le", "Closed"))},
                    {std::string(t("Éligibles", "Eligible")), text_table::align::right},
                    {std::string(t("Candidats", "Candidates")), text_table::align::right},
                    {std::string(t("Présentés", "Presented")), text_table::align::right},
                    {std::string(t("Dernier score", "Last score")), text_table::align::right},
                    {std::string(t("Déposée le", "Filed on"))},
                    {std::string(t("Scores", "Scores"))}});
  for (const published_thresholds& th : all) {
    table.add_row({th.dwelling->id.value,
                   fmt::format("{} T{}", th.dwelling->commune, th.dwelling->rooms),
                   fmt::format("{}", th.reference), fmt::format("{}", th.eligible_count),
                   fmt::format("{}", th.candidate_count), fmt::format("{}", th.shortlist_size),
                   or_dash(th.last_score), or_dash(th.last_filing),
                   distribution_summary(th.distribution, lang)});
  }
  table.print(out);
}

void print_json(std::ostream& out, const std::vector<published_thresholds>& all, date as_of) {
  json_writer j(out);
  j.begin_object().member("date", as_of);
  j.key("offers").begin_array();
  for (const published_thresholds& th : all) {
    j.begin_object()
        .member("offer", th.dwelling->id.value)
        .member("commune", fmt::format("{}", th.dwelling->commune))
        .member("rooms", th.dwelling->rooms)
        .member("closing_date", th.reference)
        .member("eligible_count", th.eligible_count)
        .member("candidate_count", th.candidate_count)
        .member("presented", th.shortlist_size);
    j.key("last_score");
    if (th.last_score) {
      j.value(th.last_score->value);
    } else {
      j.null();
    }
    j.key("last_filing_date");
    if (th.last_filing) {
      j.value(*th.last_filing);
    } else {
      j.null();
    }
    j.key("seniority_before");
    if (th.seniority_reference) {
      j.value(*th.seniority_reference);
    } else {
      j.null();
    }
    j.key("distribution");
    write_distribution(j, th.distribution);
    j.end_object();
  }
  j.end_array().end_object().finish();
}

}  // namespace

command add_thresholds(CLI::App& parent) {
  auto o = std::make_shared<thresholds_options>();
  CLI::App* app = parent.add_subcommand(
      "thresholds",
      "What is published about each closed offer: the score and filing date of the last "
      "candidate presented, the eligible and candidate counts, the anonymous score distribution "
      "(withheld under 5 candidates)");
  options::inputs(*app, o->in);
  app->add_option("--offer", o->offers, "Offer id (repeatable); default: every closed offer")
      ->type_name("ID");
  options::grid(*app, o->grid);
  options::date(*app, o->date, "Offers closed by this date; default: today");
  options::format(*app, o->format);
  options::lang(*app, o->lang, "fr");
  return {app, [o](const context& ctx) {
            const workspace w(o->in);
            const compiled_grid g = load_grid(o->grid);
            const date as_of = o->date.empty() ? boost::gregorian::day_clock::universal_day()
                                               : parse_date(o->date, "--date");
            std::vector<published_thresholds> all;
            for (const offer* of : w.select_offers(o->offers)) {
              if (of->closing_date() > as_of) {
                if (!o->offers.empty()) {
                  throw input_error(fmt::format("offer {} closes on {}, after {}: no threshold yet",
                                                of->id, of->closing_date(), as_of));
                }
                continue;
              }
              const offer_ranking r = rank(w, g, *of, of->closing_date(), w.positioned(*of));
              all.push_back(publish_thresholds(*of, r, w.pool(), g));
            }
            if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, all, as_of);
            } else {
              print_text(ctx.out, all, as_of, parse_language(o->lang));
            }
          }};
}

}  // namespace cotation::cli
