// SPDX-License-Identifier: MIT
// The explanation of CRPA R311-3-1-2 for one applicant and one offer. Labels, sources and
// values are written here in French and English; the person's own data only.
#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include <cotation/error.hpp>
#include <cotation/legal.hpp>

namespace cotation {

namespace {

/// French or English.
struct words {
  bool fr = true;
  [[nodiscard]] std::string operator()(std::string_view french, std::string_view english) const {
    return std::string(fr ? french : english);
  }
};

std::string yes_no(bool b, const words& w) { return b ? w("oui", "yes") : w("non", "no"); }

std::string join(const std::vector<std::string>& items, std::string_view empty) {
  if (items.empty()) return std::string(empty);
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

/// The weights and parameters of one criterion.
struct parameters_text {
  words w;
  std::string operator()(const criteria::seniority& c) const {
    const std::string mode =
        c.mode == seniority_mode::older_than_median
            ? w("plus ancienne que la médiane des autres candidats",
                "older than the others' median")
        : c.mode == seniority_mode::older_than_mean
            ? w("plus ancienne que la moyenne des autres candidats", "older than the others' mean")
            : w("plus ancienne que tous les autres candidats", "older than every other candidate");
    return fmt::format("{} ({})", c.value, mode);
  }
  std::string operator()(const criteria::applicant_refusals& c) const {
    return fmt::format(fmt::runtime(w("{} par refus sur {} mois", "{} per refusal over {} months")),
                       c.per_refusal, c.window_months);
  }
  std::string operator()(const criteria::commission_refusals& c) const {
    return fmt::format(fmt::runtime(w("{} par refus sur {} mois", "{} per refusal over {} months")),
                       c.per_refusal, c.window_months);
  }
  std::string operator()(const criteria::als_balancing& c) const {
    return fmt::format(
        fmt::runtime(w("{} si la part de la catégorie d'entreprise est inférieure de plus de {} "
                       "à sa cible ({} mois)",
                       "{} when the company size's share is more than {} below its target ({} "
                       "months)")),
        c.value, c.tolerance, c.window_months);
  }
  std::string operator()(const criteria::employer_peec& c) const {
    return fmt::format(fmt::runtime(w("{} entreprise cotisante, {} compensée",
                                      "{} contributing company, {} compensated")),
                       c.contributing, c.compensated);
  }
  std::string operator()(const criteria::professional_mobility& c) const {
    return fmt::format(fmt::runtime(w("{} au-delà de {} km ou à partir de {} min de trajet",
                                      "{} beyond {} km or from {} min of travel")),
                       c.value, c.km_above, c.minutes_at_least);
  }
  std::string operator()(const criteria::age_band& c) const {
    return fmt::format(fmt::runtime(w("{} de {} à {} ans", "{} aged {} to {}")), c.value, c.min_age,
                       c.max_age);
  }
  std::string operator()(const criteria::new_hire& c) const {
    return fmt::format(fmt::runtime(w("{} emploi commencé depuis moins de {} mois",
                                      "{} job started less than {} months ago")),
                       c.value, c.window_months);
  }
  std::string operator()(const criteria::effort_ratio& c) const {
    return fmt::format(fmt::runtime(w("{} taux d'effort actuel au-delà de {}",
                                      "{} current effort ratio above {}")),
                       c.value, c.above);
  }
  std::string operator()(const criteria::low_resources& c) const {
    return fmt::format(fmt::runtime(w("{} revenu au plus {} du plafond PLUS",
                                      "{} income at most {} of the PLUS ceiling")),
                       c.value, c.at_most);
  }
  template <typename Flag>
  std::string operator()(const Flag& c) const {
    return fmt::format("{}", c.value);
  }
};

std::string money_or_none(const std::optional<money>& m, const words& w) {
  return m ? fmt::format("{}", *m) : w("aucun", "none");
}

std::vector<processed_datum> data_of(const applicant& a, const offer& o, date at,
                                     const offer_ranking& r, const words& w) {
  std::vector<processed_datum> d;
  const auto add = [&](std::string id, std::string label, std::string value, std::string source,
                       std::string use) {
    d.push_back(
        {std::move(id), std::move(label), std::move(value), std::move(source), std::move(use)});
  };
  const std::string sne = w("enregistrement de la demande (système national d'enregistrement)",
                            "registration of the request (national registration system, SNE)");
  add("request_number", w("Numéro unique de la demande", "Request number (NUR)"),
      std::string(a.number.str()), sne,
      w("identification ; dernier critère de départage", "identification; last tie-break"));
  add("initial_filing", w("Date de dépôt initiale", "Initial filing date"),
      fmt::format("{}", a.initial_filing), sne,
      w("critère d'ancienneté ; départage à score égal", "seniority criterion; tie-break"));
  add("validity", w("Renouvellement et radiation", "Renewal and removal"),
      fmt::format(fmt::runtime(w("renouvelée le {} ; radiée : {}", "renewed on {}; removed: {}")),
                  a.last_renewal ? fmt::format("{}", *a.last_renewal) : w("jamais", "never"),
                  a.removed_on ? fmt::format("{}", *a.removed_on) : w("non", "no")),
      sne, w("éligibilité : demande active", "eligibility: active request"));
  const household_category cat = category_of(a.household, at);
  add("household", w("Composition du foyer", "Household"),
      fmt::format(fmt::runtime(w("{} personne(s), catégorie de ménage {}{}",
                                 "{} person(s), household category {}{}")),
                  a.household.persons(), cat.category,
                  cat.additional_persons > 0 ? fmt::format(" + {}", cat.additional_persons) : ""),
      w("formulaire de demande (cerfa 14069) et pièces d'identité",
        "request form (cerfa 14069) and identity documents"),
      w("plafond de ressources, taille du logement, âge, parent isolé, handicap",
        "income ceiling, dwelling size, age, single parent, disability"));
  const auto income = reference_income_for(a, o.ceiling_year());
  add("reference_income", w("Revenu fiscal de référence", "Reference income"),
      income ? fmt::format("{} ({})", income->amount, income->year)
             : w("non déclaré", "not declared"),
      w("avis d'imposition (année N-2, ou N-1 s'il est inférieur d'au moins 10 %)",
        "tax notice (year N-2, or N-1 when at least 10 % lower)"),
      w("plafond de ressources ; critère de faibles ressources ; départage (revenu par personne)",
        "income ceiling; low-resources criterion; tie-break (income per member)"));
  add("monthly_resources", w("Ressources mensuelles", "Monthly resources"),
      fmt::format("{}", a.monthly_resources),
      w("bulletins de salaire et attestations de ressources", "payslips and income statements"),
      w("taux d'effort", "effort ratio"));
  add("expected_housing_benefit", w("Aide au logement attendue", "Expected housing benefit"),
      fmt::format("{}", a.expected_housing_benefit),
      w("estimation déclarée (simulation de la CAF)", "declared estimate (CAF simulation)"),
      w("taux d'effort dans le logement proposé", "effort ratio in the offered dwelling"));
  add("employment", w("Emploi", "Employment"),
      fmt::format(fmt::runtime(w("{} depuis le {}, employeur {}", "{} since {}, employer {}")),
                  a.employment.contract, a.employment.job_start, a.employment.employer.value),
      w("l'employeur, qui valide la demande sur la plateforme",
        "the employer, who validates the request on the platform"),
      w("critère de nouvel embauché ; logement réservé", "new-hire criterion; reserved dwelling"));
  add("employer_status",
      w("Statut PEEC et taille de l'entreprise", "Employer's PEEC status and size"),
      fmt::format("{}, {}", a.employment.peec, a.employment.size),
      w("Action Logement (entreprises assujetties à la PEEC)",
        "Action Logement (companies subject to the PEEC)"),
      w("critères PEEC et équilibrage ALS", "PEEC and ALS balancing criteria"));
  add("mobility", w("Mobilité professionnelle", "Professional mobility"),
      a.mobility ? fmt::format("{}, {} km, {} min", a.mobility->kind, a.mobility->distance_km,
                               a.mobility->travel_minutes)
                 : w("aucune", "none"),
      w("déclaration du demandeur et de l'employeur", "declared by the applicant and the employer"),
      w("critère de mobilité professionnelle", "professional mobility criterion"));
  add("housing", w("Logement actuel", "Current housing"),
      fmt::format(fmt::runtime(
                      w("{}, loyer et charges {}, aide {}", "{}, rent and charges {}, benefit {}")),
                  a.housing.status, a.housing.rent_and_charges, a.housing.housing_benefit),
      w("déclaration du demandeur, quittances de loyer",
        "declared by the applicant, rent receipts"),
      w("critères de situation de logement et de taux d'effort actuel",
        "housing situation and current effort ratio criteria"));
  std::vector<std::string> flags;
  const situation& s = a.situation;
  if (s.dalo) flags.push_back(w("reconnu prioritaire DALO", "DALO priority"));
  if (s.domestic_violence) flags.push_back(w("violences conjugales", "domestic violence"));
  if (s.disability) flags.push_back(w("handicap", "disability"));
  if (s.threatened_with_eviction)
    flags.push_back(w("menacé d'expulsion", "threatened with eviction"));
  if (s.non_decent_or_overcrowded)
    flags.push_back(w("logement indécent ou suroccupé", "non-decent or overcrowded"));
  if (s.key_worker) flags.push_back(w("travailleur clé", "key worker"));
  if (s.single_parent) flags.push_back(w("parent isolé", "single parent"));
  add("situation",
      w("Situation (publics prioritaires, CCH L441-1)", "Situation (priority publics, CCH L441-1)"),
      join(flags, w("aucune", "none")),
      w("décision de la commission de médiation, ordonnance de protection, carte mobilité "
        "inclusion, attestation de l'employeur",
        "decision of the mediation commission, protection order, disability card, employer's "
        "statement"),
      w("critères prioritaires", "priority criteria"));
  add("history", w("Historique", "History"),
      fmt::format(
          fmt::runtime(w("{} refus de logement attribué, {} refus de dossier par une commission",
                         "{} refusal(s) of an attributed dwelling, {} dossier refusal(s)")),
          a.history.applicant_refusals.size(), a.history.commission_refusals.size()),
      w("historique de la plateforme (réponses du demandeur, décisions des commissions)",
        "the platform's history (the applicant's answers, commission decisions)"),
      w("critères de refus (12 derniers mois)", "refusal criteria (last 12 months)"));
  add("dossier", w("Dossier", "Dossier"),
      fmt::format(fmt::runtime(w("{} pièce(s) sur {} validée(s) ; validé par l'employeur : {}",
                                 "{} of {} document(s) validated; validated by the employer: {}")),
                  static_cast<int>(a.dossier.required.size()) - a.dossier.missing(),
                  a.dossier.required.size(), yes_no(a.dossier.employer_validated, w)),
      w("pièces justificatives instruites sur la plateforme",
        "supporting documents checked on the platform"),
      w("éligibilité : dossier complet", "eligibility: complete dossier"));
  std::vector<std::string> where;
  for (const auto& c : a.wishes.communes) where.push_back(fmt::format("{}", c));
  for (const auto& dep : a.wishes.departments) where.push_back(fmt::format("{}", dep));
  std::vector<std::string> sizes;
  for (const int t : a.wishes.typologies) sizes.push_back(fmt::format("T{}", t));
  add("wishes", w("Souhaits", "Wishes"),
      fmt::format(fmt::runtime(w("secteurs : {} ; typologies : {} ; budget : {}",
                                 "areas: {}; typologies: {}; budget: {}")),
                  join(where, w("tous", "any")), join(sizes, w("toutes", "any")),
                  money_or_none(a.wishes.max_rent, w)),
      w("le demandeur", "the applicant"), w("éligibilité : souhaits", "eligibility: wishes"));
  add("offer", w("Logement proposé", "Offered dwelling"),
      fmt::format("{} · T{} · {} · {}", o.commune, o.rooms, o.financing, o.total_rent()),
      w("le bailleur (publication de l'offre)", "the landlord (the offer's publication)"),
      w("plafond, taille, taux d'effort, souhaits", "ceiling, size, effort ratio, wishes"));
  add("other_candidates", w("Autres candidats (anonymes)", "Other candidates (anonymous)"),
      fmt::format(fmt::runtime(w("{} candidat(s) éligible(s) : dates de dépôt et scores",
                                 "{} eligible candidate(s): filing dates and scores")),
                  r.candidate_count),
      w("la plateforme", "the platform"),
      w("ancienneté comparative ; rang", "comparative seniority; rank"));
  add("attribution_statistics",
      w("Attributions par taille d'entreprise", "Attributions by company size"),
      w("parts des 12 derniers mois (PME, ETI, GE)", "shares of the last 12 months (PME, ETI, GE)"),
      w("Action Logement", "Action Logement"),
      w("critère d'équilibrage ALS", "ALS balancing criterion"));
  return d;
}

std::string check_label(ineligibility c, const words& w) {
  switch (c) {
    case ineligibility::request_not_active:
      return w("la demande est active (ni radiée ni expirée)",
               "the request is active (not removed, not expired)");
    case ineligibility::dossier_incomplete:
      return w("le dossier est complet et validé", "the dossier is complete and validated");
    case ineligibility::no_reference_income:
      return w("un revenu fiscal de référence est déclaré", "a reference income is declared");
    case ineligibility::no_ceiling_data:
      return w("un plafond de ressources est publié", "an income ceiling is published");
    case ineligibility::over_income_ceiling:
      return w("le revenu ne dépasse pas le plafond de ressources",
               "the income is within the ceiling");
    case ineligibility::size_mismatch:
      return w("la taille du logement convient au foyer",
               "the dwelling's size suits the household");
    case ineligibility::effort_ratio_too_high:
      return w("le taux d'effort ne dépasse pas le maximum",
               "the effort ratio is within the maximum");
    case ineligibility::wishes_area:
      return w("la commune fait partie des secteurs souhaités",
               "the commune is among the wished areas");
    case ineligibility::wishes_typology:
      return w("la typologie fait partie des souhaits", "the typology is wished");
    case ineligibility::wishes_budget:
      return w("le loyer respecte le budget", "the rent is within the budget");
    case ineligibility::reserved_for_other_employer:
      return w("le logement réservé l'est pour l'employeur du demandeur",
               "a reserved dwelling is reserved for the applicant's employer");
  }
  return {};
}

}  // namespace

legal_explanation explain_legally(const applicant& a, const offer& o, const offer_ranking& r,
                                  const applicant_pool& pool, const compiled_grid& grid,
                                  language lang, const eligibility_policy& policy,
                                  const ceiling_table& ceilings) {
  const words w{lang == language::fr};
  const ranked_candidate* me = r.find(a.number);
  const bool ineligible =
      std::any_of(r.ineligible.begin(), r.ineligible.end(),
                  [&](const ineligible_candidate& c) { return c.number == a.number; });
  if (me == nullptr && !ineligible) {
    throw invalid_argument("request",
                           fmt::format("request {} is not positioned on {}", a.number, r.offer));
  }
  if (me != nullptr && !me->card) {
    throw invalid_argument("ranking", fmt::format("the ranking of {} was made without score cards "
                                                  "(ranking_rules::score_cards)",
                                                  r.offer));
  }
  legal_explanation e{.lang = lang, .request = a.number, .offer = o.id, .reference = r.reference};
  e.places = static_cast<std::size_t>(std::max(o.shortlist_size, 0));
  e.eligible = me != nullptr;
  e.eligible_count = r.eligible_count;
  e.candidate_count = r.candidate_count;
  if (me != nullptr) {
    e.rank = me->rank;
    e.shortlisted = me->rank <= r.shortlist_size;
    e.score = me->score;
  }
  e.data = data_of(a, o, r.reference, r, w);

  e.grid_id = grid.source().id;
  e.grid_effective = grid.source().effective;
  e.total_cap = grid.source().total_cap;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    const criterion& cr = grid.at(c);
    applied_criterion ac;
    ac.criterion = static_cast<std::uint16_t>(c);
    ac.id = cr.id;
    ac.label = cr.label(lang);
    ac.parameters = std::visit(parameters_text{w}, cr.parameters);
    if (cr.group)
      ac.parameters += fmt::format(fmt::runtime(w(" ; groupe « {} » : seul le meilleur compte",
                                                  "; group \"{}\": only the best counts")),
                                   *cr.group);
    if (me != nullptr) {
      ac.points_for_them = points{};
      for (const score_line& l : me->card->lines) {
        if (l.criterion != c) continue;
        *ac.points_for_them += l.contribution;
        std::string text = describe(grid, l, lang);
        text.erase(0, text.find_first_not_of(' '));
        ac.detail = std::move(text);
      }
    }
    e.criteria.push_back(std::move(ac));
  }

  // Item 4: every condition the gate checks, in its order, with the failed ones' facts.
  const eligibility_result gate = check_eligibility(a, o, r.reference, policy, ceilings);
  std::vector<ineligibility> conditions{
      ineligibility::request_not_active, ineligibility::dossier_incomplete,
      ineligibility::no_reference_income, ineligibility::over_income_ceiling,
      ineligibility::size_mismatch};
  if (policy.check_effort_ratio) conditions.push_back(ineligibility::effort_ratio_too_high);
  if (policy.check_wishes) {
    conditions.insert(conditions.end(), {ineligibility::wishes_area, ineligibility::wishes_typology,
                                         ineligibility::wishes_budget});
  }
  if (o.reserved_for) conditions.push_back(ineligibility::reserved_for_other_employer);
  for (const ineligibility c : conditions) {
    eligibility_check check{c, check_label(c, w), true, std::nullopt};
    for (const eligibility_failure& f : gate.failures) {
      // A missing ceiling is the ceiling condition failing.
      const bool same = f.reason == c || (c == ineligibility::over_income_ceiling &&
                                          f.reason == ineligibility::no_ceiling_data);
      if (same) {
        check.passed = false;
        check.failure = f;
      }
    }
    e.checks.push_back(std::move(check));
  }
  if (me != nullptr) e.ranking = explain_rank(o, r, pool, a.number);
  return e;
}

std::string_view legal_item_title(int item, language lang) noexcept {
  static constexpr std::string_view fr[] = {
      "1. Le degré et le mode de contribution du traitement algorithmique à la décision",
      "2. Les données traitées et leurs sources",
      "3. Les paramètres de traitement et leur pondération, appliqués à votre situation",
      "4. Les opérations effectuées par le traitement"};
  static constexpr std::string_view en[] = {
      "1. The degree and the way the algorithmic processing contributed to the decision",
      "2. The data processed and their sources",
      "3. The processing's parameters and their weights, as applied to your situation",
      "4. The operations carried out by the processing"};
  if (item < 0 || item > 3) return {};
  return lang == language::fr ? fr[item] : en[item];
}

std::vector<std::string> contribution_sentences(const legal_explanation& e) {
  const words w{e.lang == language::fr};
  std::vector<std::string> out;
  out.push_back(fmt::format(
      fmt::runtime(
          w("Le traitement vérifie l'éligibilité de chaque demande au logement {}, calcule "
            "le score de chaque candidat éligible selon la grille de cotation, les classe "
            "et présélectionne automatiquement les {} premiers.",
            "The processing checks every request's eligibility for dwelling {}, scores "
            "every eligible candidate with the scoring grid, orders them and "
            "automatically pre-selects the first {}.")),
      e.offer, e.places));
  out.push_back(w(
      "Cette présélection est transmise à la commission d'attribution des logements du bailleur, "
      "qui décide : elle peut attribuer le logement, classer les candidats ou refuser un dossier. "
      "Le traitement ne prend pas la décision d'attribution.",
      "This pre-selection goes to the landlord's allocation commission, which decides: it may "
      "attribute the dwelling, rank the candidates or refuse a dossier. The processing does not "
      "take the allocation decision."));
  if (!e.eligible) {
    out.push_back(
        w("Votre demande n'est pas éligible à ce logement (voir le point 4) : elle "
          "n'est ni notée ni classée pour cette offre.",
          "Your request is not eligible for this dwelling (see item 4): it is neither "
          "scored nor ranked for this offer."));
  } else {
    out.push_back(fmt::format(
        fmt::runtime(w("Votre demande est classée {} sur {} candidat(s) éligible(s) : elle {} "
                       "présélectionnée pour la commission.",
                       "Your request ranks {} of {} eligible candidate(s): it {} pre-selected "
                       "for the commission.")),
        *e.rank, e.candidate_count, e.shortlisted ? w("est", "is") : w("n'est pas", "is not")));
  }
  return out;
}

std::vector<std::string> operation_sentences(const legal_explanation& e) {
  const words w{e.lang == language::fr};
  std::vector<std::string> out;
  out.push_back(
      w("Contrôle d'éligibilité : chaque condition ci-dessus est vérifiée à la date de "
        "référence ; une seule condition non remplie rend la demande inéligible.",
        "Eligibility: every condition above is checked at the reference date; one "
        "failed condition makes the request ineligible."));
  out.push_back(
      w("Calcul du score : chaque critère de la grille est évalué ; les points des "
        "critères remplis s'additionnent (point 3).",
        "Scoring: every criterion of the grid is evaluated; the points of the criteria "
        "met add up (item 3)."));
  out.push_back(
      w("Classement : score décroissant ; à score égal, date de dépôt la plus ancienne ; "
        "puis revenu par personne du foyer le plus faible ; puis numéro de demande.",
        "Ordering: score descending; on equal scores, the earliest filing date; then "
        "the lowest income per household member; then the request number."));
  out.push_back(fmt::format(
      fmt::runtime(w("Présélection : les {} premiers candidats classés sont présentés à la "
                     "commission d'attribution.",
                     "Shortlist: the first {} ranked candidates are presented to the allocation "
                     "commission.")),
      e.places));
  if (e.ranking) {
    const rank_explanation& r = *e.ranking;
    if (r.above) {
      out.push_back(fmt::format(
          fmt::runtime(w("Le candidat classé {} (score {}) vous précède : départagé par {}.",
                         "The candidate ranked {} (score {}) is before you: decided by {}.")),
          r.above->other_rank, r.above->other_score.value,
          r.above->decided_by == order_key::score         ? w("le score", "the score")
          : r.above->decided_by == order_key::filing_date ? w("la date de dépôt", "the filing date")
          : r.above->decided_by == order_key::income_per_member
              ? w("le revenu par personne", "the income per member")
              : w("le numéro de demande", "the request number")));
    } else {
      out.push_back(w("Aucun candidat ne vous précède.", "No candidate is before you."));
    }
  }
  return out;
}

}  // namespace cotation
