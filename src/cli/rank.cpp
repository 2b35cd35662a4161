// SPDX-License-Identifier: MIT
// `cotation rank`: the ranking of one or every offer of a data set.
#include <memory>

#include <fmt/format.h>

#include <cotation/json_writer.hpp>
#include "commands.hpp"
#include "ranking_view.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct rank_options {
  data_inputs in;
  std::vector<std::string> offers;
  std::string grid;
  std::string date;
  std::string format = "table";
};

// Rows stay within 100 columns.
constexpr std::size_t criteria_width = 52;
constexpr std::size_t reasons_width = 78;

struct ranked_offer {
  const offer* o = nullptr;
  std::size_t positioned = 0;
  offer_ranking ranking;
};

void print_table(std::ostream& out, const workspace& w, const compiled_grid& g,
                 const ranked_offer& ro, bool date_overridden) {
  const offer& o = *ro.o;
  const offer_ranking& r = ro.ranking;
  out << fmt::format("Offer {}: {}\n", o.id, offer_summary(o, language::en));
  out << fmt::format("Reference date {}{} · grid {}\n", r.reference,
                     date_overridden ? "" : " (closing date)", g.source().id);
  out << fmt::format("Eligible requests: {} · positioned: {} · candidates: {} · shortlist: {}\n",
                     r.eligible_count, ro.positioned, r.candidate_count, r.shortlist_size);
  if (r.candidates.empty()) {
    out << "\nNo candidate.\n";
  } else {
    text_table t({{"", text_table::align::left, 0},
                  {"rank", text_table::align::right, 0},
                  {"request", text_table::align::left, 0},
                  {"score", text_table::align::right, 0},
                  {"filed", text_table::align::left, 0},
                  {"main criteria", text_table::align::left, 0}});
    for (const ranked_candidate& c : r.candidates) {
      t.add_row({c.rank <= r.shortlist_size ? "*" : "", fmt::format("{}", c.rank),
                 std::string(c.number.str()), fmt::format("{}", c.score),
                 to_iso(w.pool().initial_filing(c.request)),
                 main_criteria(g, *c.card, criteria_width)});
    }
    out << '\n';
    t.print(out);
    out << "* shortlisted: presented to the allocation commission\n";
  }
  if (!r.ineligible.empty()) {
    out << fmt::format("\nPositioned but not eligible ({}):\n", r.ineligible.size());
    text_table t(
        {{"request", text_table::align::left, 0}, {"reasons", text_table::align::left, 0}});
    for (const ineligible_candidate& c : r.ineligible) {
      t.add_row({std::string(c.number.str()), reason_codes(c.reasons, reasons_width)});
    }
    t.print(out, "  ");
  }
}

void write_card_lines(json_writer& j, const compiled_grid& g, const score_card& card) {
  j.key("lines").begin_array();
  for (const score_line& l : card.lines) {
    j.begin_object()
        .member("criterion", g.at(l.criterion).id)
        .member("points", l.value.value)
        .member("contribution", l.contribution.value)
        .member("counted", l.counted)
        .end_object();
  }
  j.end_array();
}

void print_json(std::ostream& out, const workspace& w, const compiled_grid& g,
                const std::vector<ranked_offer>& offers) {
  json_writer j(out);
  j.begin_object().member("grid", g.source().id);
  j.key("offers").begin_array();
  for (const ranked_offer& ro : offers) {
    const offer_ranking& r = ro.ranking;
    j.begin_object()
        .member("offer", r.offer.value)
        .member("reference_date", r.reference)
        .member("eligible_count", r.eligible_count)
        .member("positioned_count", ro.positioned)
        .member("candidate_count", r.candidate_count)
        .member("shortlist_size", r.shortlist_size);
    j.key("candidates").begin_array();
    for (const ranked_candidate& c : r.candidates) {
      j.begin_object()
          .member("rank", c.rank)
          .member("request", c.number.str())
          .member("score", c.score.value)
          .member("initial_filing", w.pool().initial_filing(c.request))
          .member("shortlisted", c.rank <= r.shortlist_size);
      write_card_lines(j, g, *c.card);
      j.end_object();
    }
    j.end_array();
    j.key("ineligible").begin_array();
    for (const ineligible_candidate& c : r.ineligible) {
      j.begin_object().member("request", c.number.str());
      j.key("reasons").begin_array(true);
      for (const eligibility_failure& f : c.reasons) j.value(to_string(f.reason));
      j.end_array().end_object();
    }
    j.end_array().end_object();
  }
  j.end_array().end_object().finish();
}

}  // namespace

command add_rank(CLI::App& parent) {
  auto o = std::make_shared<rank_options>();
  CLI::App* app = parent.add_subcommand(
      "rank",
      "Rank the candidates of one or every offer: rank, request number, score, main criteria, "
      "eligible and candidate counts, the shortlist marked");
  options::inputs(*app, o->in);
  app->add_option("--offer", o->offers, "Offer id to rank (repeatable); default: every offer")
      ->type_name("ID");
  options::grid(*app, o->grid);
  options::date(*app, o->date,
                "Reference date of eligibility and scoring; default: each "
                "offer's closing date");
  options::format(*app, o->format);
  return {app, [o](const context& ctx) {
            const workspace w(o->in);
            const compiled_grid g = load_grid(o->grid);
            std::optional<date> at;
            if (!o->date.empty()) at = parse_date(o->date, "--date");
            std::vector<ranked_offer> ranked;
            for (const offer* of : w.select_offers(o->offers)) {
              const auto positioned = w.positioned(*of);
              ranked.push_back(ranked_offer{of, positioned.size(),
                                            rank(w, g, *of, reference_date(*of, at), positioned)});
            }
            if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, w, g, ranked);
              return;
            }
            for (std::size_t i = 0; i < ranked.size(); ++i) {
              if (i != 0) ctx.out << '\n';
              print_table(ctx.out, w, g, ranked[i], at.has_value());
            }
          }};
}

}  // namespace cotation::cli
