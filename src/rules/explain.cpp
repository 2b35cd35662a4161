// SPDX-License-Identifier: MIT
// Sentences for applicants: a score card in French or English. Only called when printing.
#include <cotation/scoring.hpp>

#include <cstdlib>

namespace cotation {

namespace {

bool fr(language l) noexcept { return l == language::fr; }

// `12,50 %` in French, `12.50%` in English; decimals only when not zero.
std::string percent(basis_points bp, language l) {
  if (fr(l)) return to_string(bp);
  const std::int64_t a = std::llabs(bp.value);
  std::string s = bp.value < 0 ? "-" : "";
  s += fmt::format("{}", a / 100);
  if (a % 100 != 0) s += fmt::format(".{:02}", a % 100);
  return s + "%";
}

// `5` or `2,5` / `2.5`: basis points as percentage points.
std::string percentage_points(basis_points bp, language l) {
  const std::int64_t a = std::llabs(bp.value);
  std::string s = bp.value < 0 ? "-" : "";
  s += fmt::format("{}", a / 100);
  if (a % 100 != 0) {
    std::string decimals = fmt::format("{:02}", a % 100);
    if (decimals.back() == '0') decimals.pop_back();
    s += (fr(l) ? "," : ".") + decimals;
  }
  return s;
}

// `26 044 €` in French, `€26,044` / `€824.50` in English.
std::string amount(money m, language l) {
  if (fr(l)) return to_string(m);
  const std::int64_t c = m.in_cents();
  const std::uint64_t a =
      c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  const std::string digits = fmt::format("{}", a / 100);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  std::string s = c < 0 ? "-€" : "€";
  s += grouped;
  if (a % 100 != 0) s += fmt::format(".{:02}", a % 100);
  return s;
}

// "1 point", "0 point" and "45 points" in French; "1 point" and "0 points" in English.
std::string_view points_word(std::int64_t v, language l) {
  const std::int64_t a = std::llabs(v);
  return (fr(l) ? a <= 1 : a == 1) ? "point" : "points";
}

struct fact_text {
  language l;
  const criterion_parameters& params;  // of the line's criterion

  std::string operator()(const scoring_facts::none&) const { return {}; }

  std::string operator()(const scoring_facts::seniority& f) const {
    std::string_view what;
    switch (f.mode) {
      case seniority_mode::older_than_median:
        what = fr(l) ? "médiane des autres" : "others' median";
        break;
      case seniority_mode::older_than_mean:
        what = fr(l) ? "moyenne des autres" : "others' mean";
        break;
      case seniority_mode::oldest_only:
        what = fr(l) ? "plus ancienne des autres" : "oldest of the others";
        break;
    }
    if (fr(l)) {
      return fmt::format(" (déposée le {} ; {} : {}, {} {})", f.own, what, f.compared_to, f.others,
                         f.others == 1 ? "autre candidat" : "autres candidats");
    }
    return fmt::format(" (filed on {}; {}: {}, {} {})", f.own, what, f.compared_to, f.others,
                       f.others == 1 ? "other candidate" : "other candidates");
  }

  std::string operator()(const scoring_facts::events& f) const {
    if (fr(l)) return fmt::format(" ({} refus depuis le {})", f.count, f.since);
    return fmt::format(" ({} {} since {})", f.count, f.count == 1 ? "refusal" : "refusals",
                       f.since);
  }

  std::string operator()(const scoring_facts::als& f) const {
    const auto& p = std::get<criteria::als_balancing>(params);
    if (fr(l)) {
      return fmt::format(" ({} : {} des attributions sur {} mois, cible {}, écart toléré {} {})",
                         f.category, percent(f.share, l), p.window_months, percent(f.target, l),
                         percentage_points(p.tolerance, l),
                         p.tolerance.value <= 100 ? "point" : "points");
    }
    return fmt::format(" ({}: {} of attributions over {} months, target {}, tolerance {} {})",
                       f.category, percent(f.share, l), p.window_months, percent(f.target, l),
                       percentage_points(p.tolerance, l),
                       p.tolerance.value == 100 ? "point" : "points");
  }

  std::string operator()(const scoring_facts::peec& f) const {
    const bool contributing = f.status == peec_status::contributing;
    if (fr(l))
      return contributing ? " (entreprise cotisante à la PEEC)" : " (entreprise compensée)";
    return contributing ? " (company contributing to the PEEC)" : " (compensated company)";
  }

  std::string operator()(const scoring_facts::mobility& f) const {
    std::string parts;
    if (f.km) parts = fmt::format("{} km", *f.km);
    if (f.minutes) {
      if (!parts.empty()) parts += ", ";
      parts += fr(l) ? fmt::format("{} min de trajet", *f.minutes)
                     : fmt::format("{} min of travel", *f.minutes);
    }
    return parts.empty() ? std::string() : fmt::format(" ({})", parts);
  }

  std::string operator()(const scoring_facts::age& f) const {
    if (fr(l)) return fmt::format(" ({} {})", f.years, f.years <= 1 ? "an" : "ans");
    return fmt::format(" ({} {} old)", f.years, f.years == 1 ? "year" : "years");
  }

  std::string operator()(const scoring_facts::job& f) const {
    return fr(l) ? fmt::format(" (embauche le {})", f.start)
                 : fmt::format(" (hired on {})", f.start);
  }

  std::string operator()(const scoring_facts::effort& f) const {
    if (fr(l)) {
      return fmt::format(" (taux d'effort {} : {} sur {} de ressources mensuelles)",
                         percent(f.ratio(), l), amount(f.net_cost, l), amount(f.resources, l));
    }
    return fmt::format(" (effort ratio {}: {} of {} monthly resources)", percent(f.ratio(), l),
                       amount(f.net_cost, l), amount(f.resources, l));
  }

  std::string operator()(const scoring_facts::resources& f) const {
    if (fr(l)) {
      return fmt::format(" (revenu fiscal de référence {}, {} du plafond PLUS {})",
                         amount(f.income, l), percent(f.percent(), l), amount(f.ceiling, l));
    }
    return fmt::format(" (reference income {}, {} of the PLUS ceiling {})", amount(f.income, l),
                       percent(f.percent(), l), amount(f.ceiling, l));
  }

  std::string operator()(const scoring_facts::no_plus_ceiling& f) const {
    if (fr(l)) {
      return fmt::format(
          " (revenu fiscal de référence {} ; non évalué : aucun plafond PLUS n'est publié pour "
          "ce ménage dans la zone et l'année de l'offre)",
          amount(f.income, l));
    }
    return fmt::format(
        " (reference income {}; not evaluated: no PLUS ceiling is published for this household "
        "in the offer's zone and year)",
        amount(f.income, l));
  }
};

}  // namespace

std::string describe(const compiled_grid& g, const score_line& line, language lang) {
  const criterion& c = g.at(line.criterion);
  const detail::compiled_criterion& cc = g.compiled()[line.criterion];
  const std::string facts = std::visit(fact_text{lang, c.parameters}, line.facts);
  const std::string& label = c.label(lang);
  if (line.contribution == line.value) return fmt::format("{:>3}  {}{}", line.value, label, facts);
  const std::string& group = g.group_name(static_cast<std::size_t>(cc.group));
  if (cc.group_cap && line.value > *cc.group_cap && line.contribution == *cc.group_cap) {
    if (fr(lang)) {
      return fmt::format("{:>3}  {}{} — plafonné pour le groupe « {} » ({} sans plafond)",
                         line.contribution, label, facts, group, line.value);
    }
    return fmt::format("{:>3}  {}{} — capped for group “{}” ({} before the cap)", line.contribution,
                       label, facts, group, line.value);
  }
  const std::string dropped = fmt::format("({})", line.value);
  if (fr(lang)) {
    return fmt::format(
        "{:>3}  {}{} — non retenu : seul le meilleur critère du groupe « {} » compte", dropped,
        label, facts, group);
  }
  return fmt::format("{:>3}  {}{} — not counted: only the best criterion of group “{}” counts",
                     dropped, label, facts, group);
}

std::string explain(const compiled_grid& g, const score_card& card, language lang) {
  const std::int32_t total = card.total.value;
  std::string out = fr(lang) ? fmt::format("Score : {} {}", total, points_word(total, lang))
                             : fmt::format("Score: {} {}", total, points_word(total, lang));
  if (card.total != card.before_total_cap) {
    const std::int32_t before = card.before_total_cap.value;
    out += fr(lang) ? fmt::format(" (plafond de la grille atteint ; {} {} sans plafond)", before,
                                  points_word(before, lang))
                    : fmt::format(" (grid cap reached; {} {} before the cap)", before,
                                  points_word(before, lang));
  }
  out += '\n';
  for (const score_line& line : card.lines) {
    out += "  ";
    out += describe(g, line, lang);
    out += '\n';
  }
  return out;
}

}  // namespace cotation
