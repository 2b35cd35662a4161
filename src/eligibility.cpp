// SPDX-License-Identifier: MIT
#include <cotation/eligibility.hpp>

#include <algorithm>

namespace cotation {

std::string_view to_string(ineligibility r) noexcept {
  switch (r) {
    case ineligibility::request_not_active: return "request_not_active";
    case ineligibility::dossier_incomplete: return "dossier_incomplete";
    case ineligibility::no_reference_income: return "no_reference_income";
    case ineligibility::no_ceiling_data: return "no_ceiling_data";
    case ineligibility::over_income_ceiling: return "over_income_ceiling";
    case ineligibility::size_mismatch: return "size_mismatch";
    case ineligibility::effort_ratio_too_high: return "effort_ratio_too_high";
    case ineligibility::wishes_area: return "wishes_area";
    case ineligibility::wishes_typology: return "wishes_typology";
    case ineligibility::wishes_budget: return "wishes_budget";
    case ineligibility::reserved_for_other_employer: return "reserved_for_other_employer";
  }
  return "?";
}

bool eligibility_result::failed(ineligibility r) const noexcept {
  return std::any_of(failures.begin(), failures.end(),
                     [r](const eligibility_failure& f) { return f.reason == r; });
}

eligibility_result check_eligibility(const applicant& a, const offer& o, date at,
                                     const eligibility_policy& policy,
                                     const ceiling_table& ceilings) {
  eligibility_result result;
  const auto fail = [&](ineligibility r, failure_facts f) {
    result.failures.push_back(eligibility_failure{r, std::move(f)});
  };

  const request_state state = state_at(a, at);
  if (!is_valid(state)) fail(ineligibility::request_not_active, facts::request{state, expiry_date(a)});

  if (!a.dossier.complete()) {
    fail(ineligibility::dossier_incomplete,
         facts::dossier{a.dossier.required.empty() ? 1 : a.dossier.missing(),
                        a.dossier.employer_validated});
  }

  const int year = o.ceiling_year();
  const household_category category = category_of(a.household, at);
  if (const auto income = reference_income_for(a, year); !income) {
    fail(ineligibility::no_reference_income, facts::income{year - 2});
  } else {
    const ceiling_lookup ceiling = ceilings.lookup(o.financing, year, o.zone(), category);
    if (const auto* none = std::get_if<no_ceiling>(&ceiling)) {
      fail(ineligibility::no_ceiling_data, *none);
    } else if (const money limit = std::get<money>(ceiling); income->amount > limit) {
      fail(ineligibility::over_income_ceiling,
           facts::ceiling{income->amount, income->year, limit, category});
    }
  }

  const int persons = std::max(1, a.household.persons());
  // T6 means six rooms or more: a larger household is not refused every dwelling.
  constexpr int largest_typology = 6;
  const int min_rooms = std::min(largest_typology, std::max(1, persons - policy.rooms_below));
  const int max_rooms = persons + policy.rooms_above;
  if (o.rooms < min_rooms || o.rooms > max_rooms) {
    fail(ineligibility::size_mismatch, facts::size{o.rooms, persons, min_rooms, max_rooms});
  }

  if (policy.check_effort_ratio) {
    const money net_cost = std::max(money{}, o.total_rent() - a.expected_housing_benefit);
    const money resources = a.monthly_resources;
    if (resources <= money{}) {
      if (net_cost > money{}) {
        fail(ineligibility::effort_ratio_too_high,
             facts::effort{std::nullopt, policy.max_effort_ratio, net_cost, resources});
      }
    } else if (net_cost.in_cents() * 10000 > policy.max_effort_ratio.value * resources.in_cents()) {
      // Compared exactly; the reported ratio is rounded up, so that a ratio just above the
      // maximum (33,003 %) never reads as equal to it (33 %).
      const basis_points reported{
          (net_cost.in_cents() * 10000 + resources.in_cents() - 1) / resources.in_cents()};
      fail(ineligibility::effort_ratio_too_high,
           facts::effort{reported, policy.max_effort_ratio, net_cost, resources});
    }
  }

  if (policy.check_wishes) {
    const wishes& w = a.wishes;
    const bool any_area = w.communes.empty() && w.departments.empty();
    const bool area_ok =
        any_area || std::find(w.communes.begin(), w.communes.end(), o.commune) != w.communes.end() ||
        std::find(w.departments.begin(), w.departments.end(), o.department()) != w.departments.end();
    if (!area_ok) fail(ineligibility::wishes_area, facts::area{o.commune});
    if (!w.typologies.empty() &&
        std::find(w.typologies.begin(), w.typologies.end(), o.rooms) == w.typologies.end()) {
      fail(ineligibility::wishes_typology, facts::typology{o.rooms});
    }
    if (w.max_rent && o.total_rent() > *w.max_rent) {
      fail(ineligibility::wishes_budget, facts::budget{o.total_rent(), *w.max_rent});
    }
  }

  if (o.reserved_for && *o.reserved_for != a.employment.employer) {
    fail(ineligibility::reserved_for_other_employer,
         facts::reservation{*o.reserved_for, a.employment.employer});
  }
  return result;
}

namespace {
struct describer {
  std::string operator()(const facts::request& f) const {
    if (f.state == request_state::expired) {
      return fmt::format("the request expired on {} (not renewed)", f.expiry);
    }
    return fmt::format("the request is {}", f.state);
  }
  std::string operator()(const facts::dossier& f) const {
    if (f.missing_documents > 0) {
      return fmt::format("the dossier is incomplete: {} document(s) missing or not validated{}",
                         f.missing_documents,
                         f.employer_validated ? "" : ", not validated by the employer");
    }
    return "the dossier is not validated by the employer";
  }
  std::string operator()(const facts::income& f) const {
    return fmt::format("no reference income declared for {}", f.year);
  }
  std::string operator()(const no_ceiling& f) const { return fmt::format("{}", f); }
  std::string operator()(const facts::ceiling& f) const {
    return fmt::format("reference income {} ({}) is above the ceiling {} ({})", f.income,
                       f.income_year, f.ceiling, f.category);
  }
  std::string operator()(const facts::size& f) const {
    return fmt::format("{} room(s) for {} person(s): between {} and {} rooms required", f.rooms,
                       f.persons, f.min_rooms, f.max_rooms);
  }
  std::string operator()(const facts::effort& f) const {
    if (!f.ratio) {
      return fmt::format("no monthly resources declared to pay a net cost of {}", f.net_cost);
    }
    return fmt::format("effort ratio {} ({} of {} monthly resources) is above the maximum {}",
                       *f.ratio, f.net_cost, f.resources, f.max);
  }
  std::string operator()(const facts::area& f) const {
    return fmt::format("commune {} (department {}) is not among the wished areas", f.commune,
                       f.commune.department());
  }
  std::string operator()(const facts::typology& f) const {
    return fmt::format("typology T{} is not among the wished typologies", f.rooms);
  }
  std::string operator()(const facts::budget& f) const {
    return fmt::format("rent and charges {} exceed the budget {}", f.total_rent, f.max_rent);
  }
  std::string operator()(const facts::reservation& f) const {
    return fmt::format("the offer is reserved for employer {} (applicant's employer: {})",
                       f.reserved_for, f.employer.value.empty() ? "none" : f.employer.value);
  }
};
}  // namespace

std::string describe(const eligibility_failure& f) {
  return fmt::format("{}: {}", f.reason, std::visit(describer{}, f.facts));
}

}  // namespace cotation
