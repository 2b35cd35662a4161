// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/grid.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "detail/json_pointer.hpp"
#include "rules/grid_fields.hpp"

namespace cotation {

std::string_view to_string(criterion_kind k) noexcept {
  const auto i = static_cast<std::size_t>(k);
  return i < detail::kind_names.size() ? detail::kind_names[i] : std::string_view("?");
}

std::string_view to_string(seniority_mode m) noexcept {
  const auto i = static_cast<std::size_t>(m);
  return i < detail::mode_names.size() ? detail::mode_names[i] : std::string_view("?");
}

std::string_view to_string(language l) noexcept {
  switch (l) {
    case language::fr:
      return "fr";
    case language::en:
      return "en";
  }
  return "?";
}

namespace detail {

namespace {
template <std::size_t... I>
criterion_parameters make_default(std::size_t i, std::index_sequence<I...>) {
  criterion_parameters p;
  ((i == I ? (p = std::variant_alternative_t<I, criterion_parameters>{}, 0) : 0), ...);
  return p;
}
}  // namespace

criterion_parameters default_parameters(std::size_t i) {
  return make_default(i, std::make_index_sequence<std::variant_size_v<criterion_parameters>>{});
}

std::string pointer_token(std::string_view s) {
  std::string out;
  append_token(out, s);
  return out.substr(1);
}

}  // namespace detail

grid default_grid() {
  const auto make = [](std::string id, std::string fr, std::string en, criterion_parameters p) {
    return criterion{std::move(id), std::move(fr), std::move(en), p, std::nullopt};
  };
  grid g;
  g.id = "alin-default-2026";
  g.effective = date(2026, 1, 1);
  g.criteria = {
      make("seniority", "Ancienneté de la demande supérieure à celle des autres candidats",
           "Request older than the other candidates'", criteria::seniority{}),
      make("applicant_refusals", "Refus d'un logement attribué par la commission",
           "Refusal of a dwelling the commission attributed", criteria::applicant_refusals{}),
      make("commission_refusals", "Dossier refusé par une commission d'attribution",
           "Application refused by an allocation commission", criteria::commission_refusals{}),
      make("als_balancing", "Équilibrage ALS par taille d'entreprise",
           "ALS balancing by company size", criteria::als_balancing{}),
      make("employer_peec", "Salarié d'une entreprise cotisante ou compensée",
           "Employee of a contributing or compensated company", criteria::employer_peec{}),
      make("professional_mobility", "Mobilité professionnelle géographique",
           "Professional geographic mobility", criteria::professional_mobility{}),
      make("age_under_30", "Moins de 30 ans", "Under 30", criteria::age_band{}),
      make("new_hire", "Nouvel embauché (moins de 12 mois)", "New hire (within 12 months)",
           criteria::new_hire{}),
      make("single_parent", "Famille monoparentale", "Single-parent family",
           criteria::single_parent{}),
      make("effort_ratio", "Taux d'effort actuel supérieur à 33 %",
           "Current effort ratio above 33%", criteria::effort_ratio{}),
      make("low_resources", "Ressources au plus égales à 60 % du plafond PLUS",
           "Resources at most 60% of the PLUS ceiling", criteria::low_resources{}),
      make("housing_situation", "Sans logement, hébergé ou menacé d'expulsion",
           "Homeless, hosted or threatened with eviction", criteria::housing_situation{}),
      make("dalo", "Reconnu prioritaire au titre du DALO", "Recognised as a DALO priority",
           criteria::dalo{}),
      make("domestic_violence", "Victime de violences conjugales", "Victim of domestic violence",
           criteria::domestic_violence{}),
      make("disability", "Handicap dans le ménage", "Disability in the household",
           criteria::disability{}),
      make("key_worker", "Travailleur clé", "Key worker", criteria::key_worker{}),
  };
  return g;
}

namespace detail {

bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    static constexpr std::uint32_t min_of[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_of[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace detail

namespace {

class validator {
 public:
  explicit validator(const grid& g) : g_(g), source_(g.id.empty() ? "grid" : g.id) {}

  void run() const {
    text("/id", g_.id);
    if (g_.effective.is_special()) fail("/effective", "is not a date");
    if (g_.criteria.size() > detail::max_criteria) {
      fail("/criteria", fmt::format("has {} criteria, at most {} are allowed", g_.criteria.size(),
                                    detail::max_criteria));
    }
    std::map<std::string_view, std::size_t> ids;
    std::set<std::string_view> groups;
    for (std::size_t i = 0; i < g_.criteria.size(); ++i) {
      const criterion& c = g_.criteria[i];
      const std::string at = fmt::format("/criteria/{}", i);
      text(at + "/id", c.id);
      if (const auto [it, fresh] = ids.emplace(c.id, i); !fresh) {
        fail(at + "/id", fmt::format("duplicate criterion id \"{}\" (first at /criteria/{})", c.id,
                                     it->second));
      }
      text(at + "/label_fr", c.label_fr);
      text(at + "/label_en", c.label_en);
      if (c.group) {
        text(at + "/group", *c.group);
        groups.insert(*c.group);
      }
      criterion_parameters p = c.parameters;
      std::visit(
          [&](auto& params) {
            detail::for_each_field(params, field_checker{*this, at});
          },
          p);
      if (const auto* age = std::get_if<criteria::age_band>(&p);
          age && age->min_age > age->max_age) {
        fail(at + "/max_age", fmt::format("{} is below min_age {}", age->max_age, age->min_age));
      }
    }
    for (const auto& [name, cap] : g_.group_caps) {
      const std::string at = "/group_caps/" + detail::pointer_token(name);
      if (!groups.contains(name)) {
        fail(at, fmt::format("caps group \"{}\", which no criterion belongs to", name));
      }
      if (cap.value < 0) fail(at, fmt::format("must not be negative (got {})", cap.value));
    }
    if (g_.total_cap && g_.total_cap->value < 0) {
      fail("/total_cap", fmt::format("must not be negative (got {})", g_.total_cap->value));
    }
  }

 private:
  struct field_checker {
    const validator& v;
    const std::string& at;
    void operator()(std::string_view name, seniority_mode& m) const {
      if (static_cast<std::size_t>(m) >= detail::mode_names.size()) {
        v.fail(fmt::format("{}/{}", at, name), "is not a seniority mode");
      }
    }
    void operator()(std::string_view name, points& p, detail::int_range r) const {
      v.range(fmt::format("{}/{}", at, name), p.value, r);
    }
    void operator()(std::string_view name, int& i, detail::int_range r) const {
      v.range(fmt::format("{}/{}", at, name), i, r);
    }
    void operator()(std::string_view name, basis_points& bp, detail::int_range r) const {
      v.range(fmt::format("{}/{}", at, name), bp.value, r);
    }
  };

  [[noreturn]] void fail(std::string pointer, std::string reason) const {
    throw grid_error(source_, std::move(pointer), std::move(reason));
  }
  void text(std::string pointer, const std::string& s) const {
    if (s.empty()) fail(std::move(pointer), "must not be empty");
    if (!detail::valid_utf8(s)) fail(std::move(pointer), "is not valid UTF-8");
  }
  void range(std::string pointer, std::int64_t v, detail::int_range r) const {
    if (v < r.min || v > r.max) {
      fail(std::move(pointer), fmt::format("must be between {} and {} (got {})", r.min, r.max, v));
    }
  }

  const grid& g_;
  std::string source_;
};

}  // namespace

void validate(const grid& g) { validator(g).run(); }

compiled_grid::compiled_grid(cotation::grid g) : grid_(std::move(g)) {
  validate(grid_);
  compiled_.reserve(grid_.criteria.size());
  for (const criterion& c : grid_.criteria) {
    detail::compiled_criterion cc{c.parameters, -1, std::nullopt};
    if (c.group) {
      auto it = std::find(group_names_.begin(), group_names_.end(), *c.group);
      if (it == group_names_.end()) it = group_names_.insert(group_names_.end(), *c.group);
      cc.group = static_cast<std::int32_t>(it - group_names_.begin());
      if (const auto cap = grid_.group_caps.find(*c.group); cap != grid_.group_caps.end()) {
        cc.group_cap = cap->second;
      }
    }
    if (const auto* als = std::get_if<criteria::als_balancing>(&c.parameters);
        als && !als_window_) {
      als_window_ = als->window_months;
    }
    compiled_.push_back(std::move(cc));
  }
}

}  // namespace cotation
