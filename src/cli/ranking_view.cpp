// SPDX-License-Identifier: MIT
#include "ranking_view.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "text_table.hpp"

namespace cotation::cli {

std::vector<const score_line*> main_lines(const score_card& card) {
  std::vector<const score_line*> lines;
  for (const score_line& l : card.lines) {
    if (l.counted && l.contribution != points{}) lines.push_back(&l);
  }
  std::stable_sort(lines.begin(), lines.end(), [](const score_line* a, const score_line* b) {
    return std::abs(a->contribution.value) > std::abs(b->contribution.value);
  });
  return lines;
}

std::string join_fitting(const std::vector<std::string>& items, std::size_t width) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string next = out.empty() ? items[i] : out + ", " + items[i];
    const std::size_t left = items.size() - i - 1;
    // Room for what follows: nothing when this is the last item, else ", +N more".
    const std::size_t tail = left == 0 ? 0 : fmt::format(", +{} more", left).size();
    if (width != 0 && display_width(next) + tail > width) {
      const std::size_t rest = items.size() - i;
      return out.empty() ? fmt::format("+{} more", rest) : fmt::format("{}, +{} more", out, rest);
    }
    out = next;
  }
  return out;
}

std::string main_criteria(const compiled_grid& g, const score_card& card, std::size_t width) {
  std::vector<std::string> items;
  for (const score_line* l : main_lines(card)) {
    items.push_back(fmt::format("{} {}", g.at(l->criterion).id, l->contribution));
  }
  return items.empty() ? std::string("-") : join_fitting(items, width);
}

std::string reason_codes(const eligibility_failures& failures, std::size_t width) {
  std::vector<std::string> items;
  for (const eligibility_failure& f : failures) items.emplace_back(to_string(f.reason));
  return join_fitting(items, width);
}

namespace {

std::string plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n <= 1 ? one : many);
}

std::string category_fr(const household_category& c) {
  if (c.additional_persons == 0) return fmt::format("catégorie {}", c.category);
  return fmt::format("catégorie {} + {}", c.category,
                     plural(c.additional_persons, "personne", "personnes"));
}

struct french {
  std::string operator()(const facts::request& f) const {
    if (f.state == request_state::expired) {
      return fmt::format("la demande a expiré le {} (elle n'a pas été renouvelée)", f.expiry);
    }
    if (f.state == request_state::removed) return "la demande a été radiée";
    return fmt::format("la demande n'est pas active ({})", f.state);
  }
  std::string operator()(const facts::dossier& f) const {
    if (f.missing_documents > 0) {
      return fmt::format("le dossier est incomplet : {} manquante(s) ou non validée(s){}",
                         plural(f.missing_documents, "pièce", "pièces"),
                         f.employer_validated ? "" : ", et il n'est pas validé par l'employeur");
    }
    return "le dossier n'est pas validé par l'employeur";
  }
  std::string operator()(const facts::income& f) const {
    return fmt::format("aucun revenu fiscal de référence n'est déclaré pour {}", f.year);
  }
  std::string operator()(const no_ceiling& f) const {
    return fmt::format("aucun plafond de ressources {} n'est publié pour {}, zone {}, {}",
                       f.financing, f.year, number(f.zone), category_fr(f.category));
  }
  std::string operator()(const facts::ceiling& f) const {
    return fmt::format(
        "le revenu fiscal de référence {} ({}) dépasse le plafond de ressources {} ({})", f.income,
        f.income_year, f.ceiling, category_fr(f.category));
  }
  std::string operator()(const facts::size& f) const {
    return fmt::format("{} pour {} : il faut entre {} et {} pièces",
                       plural(f.rooms, "pièce", "pièces"),
                       plural(f.persons, "personne", "personnes"), f.min_rooms, f.max_rooms);
  }
  std::string operator()(const facts::effort& f) const {
    if (!f.ratio) {
      return fmt::format("aucune ressource mensuelle n'est déclarée pour payer {} par mois",
                         f.net_cost);
    }
    return fmt::format(
        "le taux d'effort serait de {} ({} sur {} de ressources mensuelles), au-delà du maximum "
        "de {}",
        *f.ratio, f.net_cost, f.resources, f.max);
  }
  std::string operator()(const facts::area& f) const {
    return fmt::format("la commune {} (département {}) ne fait pas partie des secteurs souhaités",
                       f.commune, f.commune.department());
  }
  std::string operator()(const facts::typology& f) const {
    return fmt::format("le type T{} ne fait pas partie des typologies souhaitées", f.rooms);
  }
  std::string operator()(const facts::budget& f) const {
    return fmt::format("le loyer charges comprises {} dépasse le budget de {}", f.total_rent,
                       f.max_rent);
  }
  std::string operator()(const facts::reservation& f) const {
    return fmt::format(
        "le logement est réservé aux salariés de l'employeur {} (votre employeur : {})",
        f.reserved_for, f.employer.value.empty() ? "aucun" : f.employer.value);
  }
};

}  // namespace

std::string eligibility_sentence(const eligibility_failure& f, language lang) {
  if (lang == language::fr) return std::visit(french{}, f.facts);
  // The library's sentence is "<code>: <sentence>".
  std::string text = describe(f);
  const std::string prefix = fmt::format("{}: ", f.reason);
  if (text.starts_with(prefix)) text.erase(0, prefix.size());
  return text;
}

}  // namespace cotation::cli
