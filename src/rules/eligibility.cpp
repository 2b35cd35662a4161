// SPDX-License-Identifier: MIT
#include <cotation/eligibility.hpp>

#include <algorithm>

#include "rules/eligibility_row.hpp"

namespace cotation {

std::string_view to_string(ineligibility r) noexcept {
  switch (r) {
    case ineligibility::request_not_active:
      return "request_not_active";
    case ineligibility::dossier_incomplete:
      return "dossier_incomplete";
    case ineligibility::no_reference_income:
      return "no_reference_income";
    case ineligibility::no_ceiling_data:
      return "no_ceiling_data";
    case ineligibility::over_income_ceiling:
      return "over_income_ceiling";
    case ineligibility::size_mismatch:
      return "size_mismatch";
    case ineligibility::effort_ratio_too_high:
      return "effort_ratio_too_high";
    case ineligibility::wishes_area:
      return "wishes_area";
    case ineligibility::wishes_typology:
      return "wishes_typology";
    case ineligibility::wishes_budget:
      return "wishes_budget";
    case ineligibility::reserved_for_other_employer:
      return "reserved_for_other_employer";
  }
  return "?";
}

bool eligibility_result::failed(ineligibility r) const noexcept {
  return std::any_of(failures.begin(), failures.end(),
                     [r](const eligibility_failure& f) { return f.reason == r; });
}

namespace detail {

namespace {
/// Every field but the rank.
eligibility_row row_without_rank(const applicant& a) {
  eligibility_row r;
  r.expiry = expiry_date(a);
  r.removed_on = a.removed_on;
  r.missing_documents = a.dossier.required.empty() ? 1 : a.dossier.missing();
  r.employer_validated = a.dossier.employer_validated;
  r.incomes = a.incomes;
  r.resources = a.monthly_resources;
  r.benefit = a.expected_housing_benefit;
  r.wished_communes = a.wishes.communes;
  r.wished_departments = a.wishes.departments;
  r.wished_typologies = a.wishes.typologies;
  r.max_rent = a.wishes.max_rent;
  r.employer = &a.employment.employer;
  return r;
}
}  // namespace

eligibility_row row_of(const applicant& a) {
  eligibility_row r = row_without_rank(a);
  r.rank = rank_of(a.household);
  return r;
}

eligibility_row row_of(const applicant& a, date at) {
  eligibility_row r = row_without_rank(a);
  r.rank = rank_at(a.household, at);
  return r;
}

void evaluate_into(const eligibility_row& r, offer_terms& terms, date at,
                   const eligibility_policy& policy, eligibility_failures& failures,
                   gate_values* values) {
  const offer& o = terms.get();
  const auto fail = [&](ineligibility reason, failure_facts f) {
    failures.push_back(eligibility_failure{reason, std::move(f)});
  };

  if (r.removed_on && *r.removed_on <= at) {
    fail(ineligibility::request_not_active, facts::request{request_state::removed, r.expiry});
  } else if (at >= r.expiry) {
    fail(ineligibility::request_not_active, facts::request{request_state::expired, r.expiry});
  }

  if (r.missing_documents > 0 || !r.employer_validated) {
    fail(ineligibility::dossier_incomplete,
         facts::dossier{r.missing_documents, r.employer_validated});
  }

  const int year = terms.year();
  const household_category category = r.rank.category(at);
  const auto income = reference_income_of(r.incomes, year);
  if (values != nullptr) *values = gate_values{income, category};
  if (!income) {
    fail(ineligibility::no_reference_income, facts::income{year - 2});
  } else {
    const ceiling_lookup& ceiling = terms.ceiling(category);
    if (const auto* none = std::get_if<no_ceiling>(&ceiling)) {
      fail(ineligibility::no_ceiling_data, *none);
    } else if (const money limit = std::get<money>(ceiling); income->amount > limit) {
      fail(ineligibility::over_income_ceiling,
           facts::ceiling{income->amount, income->year, limit, category});
    }
  }

  const int persons = r.rank.persons;
  // T6 means six rooms or more: a larger household is not refused every dwelling.
  constexpr int largest_typology = 6;
  const int min_rooms = std::min(largest_typology, std::max(1, persons - policy.rooms_below));
  const int max_rooms = persons + policy.rooms_above;
  if (o.rooms < min_rooms || o.rooms > max_rooms) {
    fail(ineligibility::size_mismatch, facts::size{o.rooms, persons, min_rooms, max_rooms});
  }

  if (policy.check_effort_ratio) {
    const money net_cost = std::max(money{}, terms.total_rent() - r.benefit);
    if (!effort_within(net_cost, r.resources, policy.max_effort_ratio)) {
      // Compared exactly; the reported ratio is rounded up, so that a ratio just above the
      // maximum (33,003 %) never reads as equal to it (33 %).
      std::optional<basis_points> reported;
      if (r.resources > money{}) {
        reported = basis_points{(net_cost.in_cents() * 10000 + r.resources.in_cents() - 1) /
                                r.resources.in_cents()};
      }
      fail(ineligibility::effort_ratio_too_high,
           facts::effort{reported, policy.max_effort_ratio, net_cost, r.resources});
    }
  }

  if (policy.check_wishes) {
    const auto contains = [](const auto& range, const auto& value) {
      return std::find(range.begin(), range.end(), value) != range.end();
    };
    const bool any_area = r.wished_communes.empty() && r.wished_departments.empty();
    const bool commune_wished =
        std::any_of(r.wished_communes.begin(), r.wished_communes.end(),
                    [&](const commune_code& w) { return o.commune.covered_by(w); });
    if (!any_area && !commune_wished && !contains(r.wished_departments, terms.dept())) {
      fail(ineligibility::wishes_area, facts::area{o.commune});
    }
    if (!r.wished_typologies.empty() && !contains(r.wished_typologies, o.rooms)) {
      fail(ineligibility::wishes_typology, facts::typology{o.rooms});
    }
    if (r.max_rent && terms.total_rent() > *r.max_rent) {
      fail(ineligibility::wishes_budget, facts::budget{terms.total_rent(), *r.max_rent});
    }
  }

  if (o.reserved_for && (r.employer == nullptr || *o.reserved_for != *r.employer)) {
    fail(ineligibility::reserved_for_other_employer,
         facts::reservation{*o.reserved_for, r.employer ? *r.employer : employer_id{}});
  }
}

eligibility_result evaluate(const eligibility_row& r, offer_terms& terms, date at,
                            const eligibility_policy& policy, gate_values* values) {
  eligibility_result result;
  evaluate_into(r, terms, at, policy, result.failures, values);
  return result;
}

}  // namespace detail

eligibility_result check_eligibility(const applicant& a, const offer& o, date at,
                                     const eligibility_policy& policy,
                                     const ceiling_table& ceilings) {
  detail::offer_terms terms(o, ceilings);
  return detail::evaluate(detail::row_of(a, at), terms, at, policy);
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
