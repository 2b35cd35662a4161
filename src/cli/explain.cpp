// SPDX-License-Identifier: MIT
// `cotation explain`: one applicant's score card for one offer, written for the applicant
// (French by default): every criterion as applied to their situation (CRPA L311-3-1), their
// rank, or why they are not eligible.
#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include <cotation/json_writer.hpp>
#include "advice_view.hpp"
#include "commands.hpp"
#include "ranking_view.hpp"

namespace cotation::cli {

namespace {

struct explain_options {
  data_inputs in;
  std::string offer;
  std::string request;
  std::string grid;
  std::string date;
  std::string format = "table";
  std::string lang = "fr";
  std::vector<std::string> against;
  bool legal = false;
  std::string output;
};

/// The applicant's situation on the offer.
struct explanation {
  const applicant* a = nullptr;
  const offer* o = nullptr;
  const applicant_pool* pool = nullptr;
  bool positioned = false;
  offer_ranking ranking;
  eligibility_failures ineligibility;  // when not eligible
  /// The applicant in the ranking, or null when not eligible.
  [[nodiscard]] const ranked_candidate* candidate() const noexcept {
    return ranking.find(a->number);
  }
};

explanation explain_request(const workspace& w, const compiled_grid& g, const applicant& a,
                            const offer& o, date reference) {
  explanation e;
  e.a = &a;
  e.o = &o;
  e.pool = &w.pool();
  const auto positioned = w.positioned(o);
  e.positioned = std::find(positioned.begin(), positioned.end(), a.number) != positioned.end();
  // Not positioned: scored as if the applicant positioned, among the offer's candidates.
  std::vector<request_number> candidates(positioned.begin(), positioned.end());
  if (!e.positioned) candidates.push_back(a.number);
  e.ranking = rank(w, g, o, reference, candidates);
  if (e.candidate() == nullptr) {
    for (const ineligible_candidate& c : e.ranking.ineligible) {
      if (c.number == a.number) e.ineligibility = c.reasons;
    }
  }
  return e;
}

void print_text(std::ostream& out, const compiled_grid& g, const explanation& e, language lang,
                bool date_overridden) {
  const bool fr = lang == language::fr;
  const offer_ranking& r = e.ranking;
  out << fmt::format(fmt::runtime(fr ? "Demande {} · offre {}\n" : "Request {} · offer {}\n"),
                     e.a->number, e.o->id);
  out << fmt::format(fmt::runtime(fr ? "Logement : {}\n" : "Dwelling: {}\n"),
                     offer_summary(*e.o, lang));
  out << fmt::format(fmt::runtime(fr ? "Date de référence : {}{}\n" : "Reference date: {}{}\n"),
                     r.reference,
                     date_overridden ? ""
                     : fr            ? " (clôture de la publication)"
                                     : " (end of the publication)");
  if (!e.positioned) {
    out << (fr ? "Vous n'êtes pas positionné sur cette offre : voici ce que donnerait votre "
                 "candidature.\n"
               : "You have not positioned on this offer: this is what applying would give.\n");
  }
  out << '\n';
  if (e.candidate() == nullptr) {
    out << (fr ? "Votre demande n'est pas éligible à ce logement :\n"
               : "Your request is not eligible for this dwelling:\n");
    for (const eligibility_failure& f : e.ineligibility) {
      out << "  - " << eligibility_sentence(f, lang) << '\n';
    }
    return;
  }
  out << explain(g, *e.candidate()->card, lang);
  out << '\n';
  const std::size_t n = r.candidate_count;
  if (fr) {
    out << fmt::format("Rang{} : {} sur {} candidat{} ; {} demandeur{} éligible{} à ce logement.\n",
                       e.positioned ? "" : " si vous vous positionnez", e.candidate()->rank, n,
                       n > 1 ? "s" : "", r.eligible_count, r.eligible_count > 1 ? "s" : "",
                       r.eligible_count > 1 ? "s" : "");
  } else {
    out << fmt::format("Rank{}: {} of {} candidate{}; {} request{} eligible for this dwelling.\n",
                       e.positioned ? "" : " if you position", e.candidate()->rank, n,
                       n > 1 ? "s" : "", r.eligible_count, r.eligible_count > 1 ? "s" : "");
  }
  const bool shortlisted = e.candidate()->rank <= r.shortlist_size;
  const int size = e.o->shortlist_size;
  if (fr) {
    const std::string who = size == 1
                                ? std::string("Le premier candidat est présenté")
                                : fmt::format("Les {} premiers candidats sont présentés", size);
    out << fmt::format("{} à la commission d'attribution : votre dossier {}.\n", who,
                       shortlisted ? (size == 1 ? "est celui-là" : "en fait partie")
                                   : (size == 1 ? "n'est pas celui-là" : "n'en fait pas partie"));
  } else {
    const std::string who = size == 1 ? std::string("The first candidate is presented")
                                      : fmt::format("The first {} candidates are presented", size);
    out << fmt::format("{} to the allocation commission: your dossier {}.\n", who,
                       shortlisted ? (size == 1 ? "is that one" : "is among them")
                                   : (size == 1 ? "is not that one" : "is not among them"));
  }
}

// A score line without the padding that aligns its points in a text card.
std::string trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(' '));
  return s;
}

void print_json(std::ostream& out, const compiled_grid& g, const explanation& e, language lang) {
  const offer_ranking& r = e.ranking;
  json_writer j(out);
  j.begin_object()
      .member("request", e.a->number.str())
      .member("offer", e.o->id.value)
      .member("reference_date", r.reference)
      .member("language", to_string(lang))
      .member("positioned", e.positioned)
      .member("eligible", e.candidate() != nullptr)
      .member("eligible_count", r.eligible_count)
      .member("candidate_count", r.candidate_count);
  if (e.candidate() != nullptr) {
    j.member("rank", e.candidate()->rank)
        .member("shortlisted", e.candidate()->rank <= r.shortlist_size)
        .member("score", e.candidate()->card->total.value)
        .member("score_before_total_cap", e.candidate()->card->before_total_cap.value);
    j.key("lines").begin_array();
    for (const score_line& l : e.candidate()->card->lines) {
      const criterion& c = g.at(l.criterion);
      j.begin_object()
          .member("criterion", c.id)
          .member("kind", to_string(c.kind()))
          .member("label", c.label(lang))
          .member("points", l.value.value)
          .member("contribution", l.contribution.value)
          .member("counted", l.counted)
          .member("text", trimmed(describe(g, l, lang)))
          .end_object();
    }
    j.end_array();
  } else {
    j.key("reasons").begin_array();
    for (const eligibility_failure& f : e.ineligibility) {
      j.begin_object()
          .member("reason", to_string(f.reason))
          .member("text", eligibility_sentence(f, lang))
          .end_object();
    }
    j.end_array();
  }
  j.end_object().finish();
}

/// `--against`: the comparisons that decided the candidate's rank (others anonymous).
void print_against(std::ostream& out, const compiled_grid& g, const explanation& e,
                   const std::vector<std::string>& against, bool json, language lang) {
  against_choice which;
  for (const std::string& a : against) (a == "above" ? which.above : which.shortlist) = true;
  const ranked_candidate* me = e.candidate();
  if (json) {
    json_writer j(out);
    j.begin_object()
        .member("request", e.a->number.str())
        .member("offer", e.o->id.value)
        .member("reference_date", e.ranking.reference)
        .member("positioned", e.positioned)
        .member("eligible", me != nullptr);
    if (me != nullptr) {
      write_rank_explanation(j, g, explain_rank(*e.o, e.ranking, *e.pool, e.a->number), which,
                             lang);
    }
    j.end_object().finish();
    return;
  }
  const bool fr = lang == language::fr;
  out << fmt::format(fmt::runtime(fr ? "Demande {} · offre {}\n" : "Request {} · offer {}\n"),
                     e.a->number, e.o->id);
  if (!e.positioned) {
    out << (fr ? "Vous n'êtes pas positionné : voici ce que donnerait votre candidature.\n"
               : "You have not positioned: this is what applying would give.\n");
  }
  if (me == nullptr) {
    out << (fr ? "Votre demande n'est pas éligible à ce logement : elle n'est pas classée.\n"
               : "Your request is not eligible for this dwelling: it is not ranked.\n");
    for (const eligibility_failure& f : e.ineligibility) {
      out << "  - " << eligibility_sentence(f, lang) << '\n';
    }
    return;
  }
  print_rank_explanation(out, g, explain_rank(*e.o, e.ranking, *e.pool, e.a->number), which, lang);
}

}  // namespace

command add_explain(CLI::App& parent) {
  auto o = std::make_shared<explain_options>();
  CLI::App* app = parent.add_subcommand(
      "explain",
      "One applicant's score card for one offer, for the applicant: each criterion as applied "
      "to their situation, their rank, or why they are not eligible (French by default)");
  options::inputs(*app, o->in);
  app->add_option("--offer", o->offer, "Offer id")->required()->type_name("ID");
  app->add_option("--request", o->request, "Request number (NUR/NUD)")
      ->required()
      ->type_name("NUMBER");
  options::grid(*app, o->grid);
  options::date(*app, o->date, "Reference date; default: the offer's closing date");
  options::format(*app, o->format);
  options::lang(*app, o->lang, "fr");
  app->add_option("--against", o->against,
                  "What decided the rank: the criteria where the candidate differs from the one "
                  "just above (above) and from the edge of the shortlist (shortlist), others "
                  "anonymous; repeatable")
      ->check(CLI::IsMember({"above", "shortlist"}).description(""))
      ->type_name("above|shortlist");
  app->add_flag("--legal", o->legal,
                "The explanation French law requires (CRPA R311-3-1-2): the processing's part in "
                "the decision, the data and their sources, the parameters as applied, the "
                "operations");
  app->add_option("-o,--output", o->output,
                  "With --legal: write the printable HTML page to this file")
      ->type_name("FILE");
  return {app, [o](const context& ctx) {
            const workspace w(o->in);
            const compiled_grid g = load_grid(o->grid);
            const offer& of = w.find_offer(o->offer);
            const applicant& a = w.find_applicant(o->request);
            std::optional<date> at;
            if (!o->date.empty()) at = parse_date(o->date, "--date");
            const explanation e = explain_request(w, g, a, of, reference_date(of, at));
            const language lang = parse_language(o->lang);
            const bool json = parse_format(o->format) == output_format::json;
            if (o->legal) {
              const legal_explanation l = explain_legally(a, of, e.ranking, w.pool(), g, lang);
              if (!o->output.empty()) {
                write_output(o->output, ctx.out,
                             [&](std::ostream& file) { write_legal_html(file, l); });
              } else if (json) {
                print_legal_json(ctx.out, l);
              } else {
                print_legal_text(ctx.out, l);
              }
              return;
            }
            if (!o->against.empty()) {
              print_against(ctx.out, g, e, o->against, json, lang);
              return;
            }
            if (json) {
              print_json(ctx.out, g, e, lang);
            } else {
              print_text(ctx.out, g, e, lang, at.has_value());
            }
          }};
}

}  // namespace cotation::cli
