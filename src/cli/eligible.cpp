// SPDX-License-Identifier: MIT
// `cotation eligible`: eligible counts per offer; for one applicant, the verdict and the
// reasons per offer.
#include <memory>

#include <fmt/format.h>

#include <cotation/json_writer.hpp>
#include "commands.hpp"
#include "ranking_view.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct eligible_options {
  data_inputs in;
  std::vector<std::string> offers;
  std::string request;
  std::string date;
  std::string format = "table";
  std::string lang = "en";
};

struct offer_counts {
  const offer* o = nullptr;
  date reference;
  std::size_t eligible = 0;
  std::size_t positioned = 0;
  std::size_t candidates = 0;  ///< Positioned and eligible.
};

offer_counts count(const workspace& w, const offer& o, date reference) {
  offer_counts c{&o, reference, w.pool().count_eligible(o, reference, {}, w.ceilings()), 0, 0};
  for (const request_number& n : w.positioned(o)) {
    ++c.positioned;
    if (w.pool().check(*w.pool().find(n), o, reference, {}, w.ceilings()).eligible())
      ++c.candidates;
  }
  return c;
}

void print_counts(std::ostream& out, const workspace& w, const std::vector<offer_counts>& rows) {
  out << fmt::format("{} requests, {} offers\n\n", w.pool().size(),
                     w.data().offers.size());
  text_table t({{"offer", text_table::align::left, 24},
                {"commune", text_table::align::left, 0},
                {"dwelling", text_table::align::left, 0},
                {"rent+charges", text_table::align::right, 0},
                {"date", text_table::align::left, 0},
                {"eligible", text_table::align::right, 0},
                {"positioned", text_table::align::right, 0},
                {"candidates", text_table::align::right, 0}});
  for (const offer_counts& c : rows) {
    t.add_row({c.o->id.value, std::string(c.o->commune.code()),
               fmt::format("T{} {}", c.o->rooms, c.o->financing), to_string(c.o->total_rent()),
               to_iso(c.reference), fmt::format("{}", c.eligible), fmt::format("{}", c.positioned),
               fmt::format("{}", c.candidates)});
  }
  t.print(out);
}

void print_counts_json(std::ostream& out, const workspace& w,
                       const std::vector<offer_counts>& rows) {
  json_writer j(out);
  j.begin_object().member("requests", w.pool().size());
  j.key("offers").begin_array();
  for (const offer_counts& c : rows) {
    j.begin_object()
        .member("offer", c.o->id.value)
        .member("reference_date", c.reference)
        .member("eligible_count", c.eligible)
        .member("positioned_count", c.positioned)
        .member("candidate_count", c.candidates)
        .end_object();
  }
  j.end_array().end_object().finish();
}

struct verdict {
  const offer* o = nullptr;
  date reference;
  bool positioned = false;
  eligibility_result result;
};

void print_verdicts(std::ostream& out, const applicant& a, const std::vector<verdict>& rows,
                    language lang) {
  const bool fr = lang == language::fr;
  out << fmt::format(fmt::runtime(fr ? "Demande {} : éligibilité par offre\n\n"
                                     : "Request {}: eligibility per offer\n\n"),
                     a.number);
  for (const verdict& v : rows) {
    const std::string status = v.result.eligible() ? (fr ? "éligible" : "eligible")
                                                   : (fr ? "non éligible" : "not eligible");
    out << fmt::format("{}  {}  {}{}\n", v.o->id, v.reference, status,
                       v.positioned ? (fr ? " (positionné)" : " (positioned)") : "");
    for (const eligibility_failure& f : v.result.failures) {
      out << fmt::format("    {}: {}\n", f.reason, eligibility_sentence(f, lang));
    }
  }
}

void print_verdicts_json(std::ostream& out, const applicant& a, const std::vector<verdict>& rows,
                         language lang) {
  json_writer j(out);
  j.begin_object().member("request", a.number.str()).member("language", to_string(lang));
  j.key("offers").begin_array();
  for (const verdict& v : rows) {
    j.begin_object()
        .member("offer", v.o->id.value)
        .member("reference_date", v.reference)
        .member("positioned", v.positioned)
        .member("eligible", v.result.eligible());
    j.key("reasons").begin_array();
    for (const eligibility_failure& f : v.result.failures) {
      j.begin_object()
          .member("reason", to_string(f.reason))
          .member("text", eligibility_sentence(f, lang))
          .end_object();
    }
    j.end_array().end_object();
  }
  j.end_array().end_object().finish();
}

}  // namespace

command add_eligible(CLI::App& parent) {
  auto o = std::make_shared<eligible_options>();
  CLI::App* app = parent.add_subcommand(
      "eligible",
      "Eligible requests per offer (the whole pool), positioned and candidate counts; with "
      "--request, one applicant's verdict and reasons per offer");
  options::inputs(*app, o->in);
  app->add_option("--offer", o->offers, "Offer id (repeatable); default: every offer")
      ->type_name("ID");
  app->add_option("--request", o->request, "Request number: that applicant's reasons per offer")
      ->type_name("NUMBER");
  options::date(*app, o->date, "Reference date; default: each offer's closing date");
  options::format(*app, o->format);
  options::lang(*app, o->lang, "en");
  return {app, [o](const context& ctx) {
            const workspace w(o->in);
            std::optional<date> at;
            if (!o->date.empty()) at = parse_date(o->date, "--date");
            const bool json = parse_format(o->format) == output_format::json;
            const auto offers = w.select_offers(o->offers);
            if (o->request.empty()) {
              std::vector<offer_counts> rows;
              for (const offer* of : offers) rows.push_back(count(w, *of, reference_date(*of, at)));
              if (json) {
                print_counts_json(ctx.out, w, rows);
              } else {
                print_counts(ctx.out, w, rows);
              }
              return;
            }
            const applicant& a = w.find_applicant(o->request);
            const pool_index i = *w.pool().find(a.number);
            std::vector<verdict> rows;
            for (const offer* of : offers) {
              const date ref = reference_date(*of, at);
              const auto positioned = w.positioned(*of);
              rows.push_back(verdict{
                  of, ref,
                  std::find(positioned.begin(), positioned.end(), a.number) != positioned.end(),
                  w.pool().check(i, *of, ref, {}, w.ceilings())});
            }
            const language lang = parse_language(o->lang);
            if (json) {
              print_verdicts_json(ctx.out, a, rows, lang);
            } else {
              print_verdicts(ctx.out, a, rows, lang);
            }
          }};
}

}  // namespace cotation::cli
