// SPDX-License-Identifier: MIT
#include "pages.hpp"

#include <fmt/format.h>

#include <cotation/dashboard.hpp>
#include <string_view>

#include "platform.hpp"

namespace cotation::service {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string page(std::string_view title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>\n"
      "body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;"
      "line-height:1.4;color:#1b1b1b}}\n"
      "nav a{{margin-right:1rem}}\n"
      "section{{border:1px solid #ccc;border-radius:.5rem;padding:.75rem;margin:.75rem 0}}\n"
      "dl{{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:.5rem 0}}\n"
      "dt{{font-weight:600}} dd{{margin:0}}\n"
      "table{{border-collapse:collapse;width:100%}} td,th{{text-align:left;padding:.25rem;"
      "border-bottom:1px solid #eee;vertical-align:top}}\n"
      "td.points{{text-align:right;white-space:nowrap}}\n"
      ".muted{{color:#666}}\n"
      "</style>\n</head>\n<body>\n"
      "<nav><a href=\"/tableau-de-bord\">Mon tableau de bord</a><a href=\"/offres\">Offres "
      "ouvertes</a></nav>\n<h1>{0}</h1>\n{1}</body>\n</html>\n",
      escape(title), body);
}

std::string_view state_fr(offer_state s) {
  switch (s) {
    case offer_state::published: return "en ligne";
    case offer_state::closed: return "clôturée, en attente de la commission";
    case offer_state::decided: return "décision de la commission rendue";
    case offer_state::attributed: return "attribuée (bail signé)";
    case offer_state::unattributed: return "non attribuée";
    case offer_state::held: return "retenue : son classement est en cours de vérification";
  }
  return "";
}

std::string_view request_state_fr(request_state s) {
  switch (s) {
    case request_state::active: return "active";
    case request_state::expiring: return "à renouveler";
    case request_state::expired: return "expirée";
    case request_state::removed: return "radiée";
  }
  return "";
}

std::string_view attribution_fr(attribution_status s) {
  switch (s) {
    case attribution_status::waiting: return "en attente (un candidat mieux placé est servi avant)";
    case attribution_status::awaiting_condition: return "en attente d'une pièce manquante";
    case attribution_status::awaiting_answer: return "le logement vous est proposé : répondez";
    case attribution_status::accepted: return "acceptée, bail à signer";
    case attribution_status::lease_signed: return "bail signé";
    case attribution_status::refused: return "refusée";
    case attribution_status::no_answer: return "sans réponse dans le délai (compte comme refus)";
    case attribution_status::condition_lapsed: return "pièce non fournie à temps";
    case attribution_status::withdrawn: return "retirée";
    case attribution_status::not_reached: return "logement attribué à un candidat mieux placé";
  }
  return "";
}

std::string fr_date(date d) {
  return d.is_special() ? std::string("—")
                        : fmt::format("{:02}/{:02}/{}", d.day().as_number(),
                                      d.month().as_number(), static_cast<int>(d.year()));
}

std::string positioning_section(const positioning_view& v, const compiled_grid& g) {
  std::string s = fmt::format("<section class=\"positioning\" id=\"offre-{0}\">\n<h2>Offre {0}</h2>\n<dl>\n",
                              escape(v.offer.value));
  s += fmt::format("<dt>État</dt><dd class=\"state\">{}</dd>\n", escape(state_fr(v.state)));
  if (v.withdrawn_on) {
    s += fmt::format("<dt>Retrait</dt><dd>le {}</dd>\n", fr_date(*v.withdrawn_on));
  }
  s += fmt::format("<dt>Demandeurs éligibles</dt><dd class=\"eligible\">{}</dd>\n",
                   v.eligible_count);
  s += fmt::format("<dt>Candidats</dt><dd class=\"candidates\">{}</dd>\n", v.candidate_count);
  if (v.rank) {
    s += fmt::format("<dt>Mon rang</dt><dd class=\"rank\">{}{}</dd>\n", *v.rank,
                     v.provisional ? " (provisoire, tant que l'offre est en ligne)" : "");
  }
  if (v.card) {
    s += fmt::format("<dt>Mon score</dt><dd class=\"score\">{} points</dd>\n", v.card->total.value);
  }
  if (v.shortlisted) s += "<dt>Commission</dt><dd>dossier présenté à la commission</dd>\n";
  if (v.passed_over) {
    s += "<dt>Commission</dt><dd>non présenté : vous attendez une réponse sur un autre "
         "logement</dd>\n";
  }
  if (v.attribution) {
    s += fmt::format("<dt>Attribution</dt><dd class=\"attribution\">{}{}</dd>\n",
                     escape(attribution_fr(v.attribution->status)),
                     v.attribution->answer_deadline
                         ? fmt::format(" — réponse avant le {}",
                                       fr_date(*v.attribution->answer_deadline))
                         : std::string());
  }
  s += "</dl>\n";
  if (!v.ineligible.empty()) {
    s += "<p>Vous n'êtes pas éligible à cette offre :</p>\n<ul>\n";
    for (const ineligibility r : v.ineligible) s += fmt::format("<li>{}</li>\n", escape(to_string(r)));
    s += "</ul>\n";
  }
  if (v.card) {
    s += "<table class=\"card\">\n<caption>Ce qui fait mon score</caption>\n"
         "<tr><th>Critère</th><th>Pourquoi</th><th>Points</th></tr>\n";
    for (const score_line& line : v.card->lines) {
      s += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"points\">{}{}</td></tr>\n",
                       escape(g.at(line.criterion).label(language::fr)),
                       escape(describe(g, line, language::fr)), line.contribution.value,
                       line.counted ? "" : " <span class=\"muted\">(non compté)</span>");
    }
    s += "</table>\n";
  }
  s += "</section>\n";
  return s;
}

}  // namespace

std::string dashboard_page(const platform& p, const request_number& n) {
  // The dashboard and the grid that explains its cards in one read, which waits for this
  // request's events only (as the API's dashboard does).
  std::optional<request_dashboard> d;
  std::string body;
  p.read_for(n, [&](const allocation_engine& e) {
    d = cotation::dashboard(e, n);
    if (!d) return;
    body += fmt::format(
        "<dl>\n<dt>Demande</dt><dd class=\"request\">{}</dd>\n<dt>État</dt><dd>{}</dd>\n"
        "<dt>À renouveler avant le</dt><dd>{}</dd>\n<dt>Situation au</dt><dd>{}</dd>\n</dl>\n",
        escape(d->request.str()), escape(request_state_fr(d->state)), fr_date(d->expiry),
        fr_date(d->as_of));
    if (d->positionings.empty()) {
      body += "<p>Vous n'êtes positionné sur aucune offre. Voir les <a href=\"/offres\">offres "
              "ouvertes</a>.</p>\n";
    }
    for (const positioning_view& v : d->positionings) body += positioning_section(v, e.grid());
  });
  if (!d) return page("Demande introuvable", "<p>Cette demande n'existe plus.</p>\n");
  return page("Mon tableau de bord", body);
}

std::string offers_page(const platform& p, const request_number& n) {
  const std::vector<open_offer_view> offers = p.open_offers(n);
  std::string body;
  p.read([&](const allocation_engine&) {
    if (offers.empty()) body += "<p>Aucune offre n'est en ligne aujourd'hui.</p>\n";
    for (const open_offer_view& v : offers) {
      const offer& o = v.record->offer;
      body += fmt::format(
          "<section class=\"offer\" id=\"offre-{0}\">\n<h2>Offre {0} — T{1}, {2} m²</h2>\n<dl>\n"
          "<dt>Commune</dt><dd>{3}</dd>\n<dt>Loyer + charges</dt><dd>{4}</dd>\n"
          "<dt>Clôture</dt><dd>{5}</dd>\n"
          "<dt>Demandeurs éligibles</dt><dd class=\"eligible\">{6}</dd>\n"
          "<dt>Candidats</dt><dd class=\"candidates\">{7}</dd>\n"
          "<dt>Pour moi</dt><dd class=\"mine\">{8}</dd>\n</dl>\n</section>\n",
          escape(o.id.value), o.rooms, o.surface_m2, escape(o.commune.code()),
          fmt::format("{}", o.total_rent()), fr_date(v.closes_on), v.eligible_count,
          v.candidate_count,
          v.positioned ? "vous êtes positionné"
                       : (v.eligible ? "vous pouvez vous positionner" : "non éligible"));
    }
  });
  return page("Offres ouvertes", body);
}

std::string login_failed_page() {
  return page("Connexion", "<p>Ce lien de connexion n'est pas valable. Demandez un nouveau "
                           "jeton à votre conseiller.</p>\n");
}

}  // namespace cotation::service
