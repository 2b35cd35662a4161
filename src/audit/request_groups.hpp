// SPDX-License-Identifier: MIT
// The groups a request belongs to, shared by the grid-change impact and fairness monitoring:
// household size, age band of the reference person, company size, priority situations,
// department of the request.
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/pool.hpp>
#include <cotation/scoring.hpp>

namespace cotation::audit {

/// `1` … `5`, `6+` persons.
[[nodiscard]] inline std::string household_label(int persons) {
  return persons >= 6 ? std::string("6+") : fmt::format("{}", persons);
}

/// `<25`, `25-29`, `30-39`, `40-49`, `50-59`, `60+` (completed years).
[[nodiscard]] inline std::string age_band(int years) {
  if (years < 25) return "<25";
  if (years < 30) return "25-29";
  if (years < 40) return "30-39";
  if (years < 50) return "40-49";
  if (years < 60) return "50-59";
  return "60+";
}

/// The groups of one request in each dimension (priority may hold several).
struct group_keys {
  std::string household;
  std::string age;
  std::string company;
  std::vector<std::string> priority;  ///< `none` when in no priority situation.
  std::string department;
};

/// The groups of the request with facts `f`, `persons` persons and number `n`, its age at
/// `reference`.
[[nodiscard]] inline group_keys keys_of(const candidate_facts& f, int persons,
                                        const request_number& n, date reference) {
  group_keys k;
  k.household = household_label(persons);
  k.age = age_band(completed_years(f.birth_date, reference));
  k.company = std::string(to_string(f.size));
  if (f.dalo) k.priority.emplace_back("dalo");
  if (f.domestic_violence) k.priority.emplace_back("domestic_violence");
  if (f.household_disability) k.priority.emplace_back("disability");
  if (f.homeless_hosted_or_threatened) k.priority.emplace_back("homeless_hosted_or_threatened");
  if (k.priority.empty()) k.priority.emplace_back("none");
  k.department = std::string(n.department().code());
  return k;
}

/// The groups of request `i` of `pool`, its age at `reference`.
[[nodiscard]] inline group_keys keys_of(const applicant_pool& pool, pool_index i, date reference) {
  return keys_of(pool.facts(i), pool.persons(i), pool.number(i), reference);
}

/// The groups of `a`, its age at `reference`.
[[nodiscard]] inline group_keys keys_of(const applicant& a, date reference) {
  return keys_of(facts_of(a), a.household.persons(), a.number, reference);
}

}  // namespace cotation::audit
