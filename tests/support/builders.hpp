// SPDX-License-Identifier: MIT
// Small builders shared by the tests: a valid applicant and offer that pass every check of the
// gate, which each test then changes in exactly the way it is about.
#pragma once

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/offer.hpp>

namespace cotation::test {

inline date ymd(int y, int m, int d) {
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}

inline member person(date birth, member_role role = member_role::reference_person,
                     bool disabled = false) {
  return member{birth, role, disabled, false};
}

inline member adult(member_role role = member_role::reference_person, bool disabled = false) {
  return person(ymd(1985, 5, 20), role, disabled);
}

inline member child(bool disabled = false, bool alternating_custody = false) {
  return member{ymd(2015, 9, 1), member_role::dependant, disabled, alternating_custody};
}

/// A couple aged about 40 with one child: 3 persons, category 3 (SPEC 3.1).
inline household family_of_three() {
  return household{{adult(), adult(member_role::partner), child()}};
}

/// The date at which the sample offer closes and the gate is evaluated.
inline date closing() { return ymd(2025, 3, 8); }

/// A PLUS T3 in Paris (zone 1), published 2025-03-01 for 7 days (ceilings of 2025), 800 € rent
/// and 100 € charges.
inline offer sample_offer() {
  // Every member without a default initializer is named (-Wmissing-field-initializers).
  return offer{.id = offer_id{"O-1"},
               .commune = commune_code::parse("75056"),
               .rooms = 3,
               .surface_m2 = 65,
               .rent = money::euros(800),
               .charges = money::euros(100),
               .financing = financing::plus,
               .reserved_for = std::nullopt,
               .publication_start = ymd(2025, 3, 1)};
}

/// A request filed 2024-09-01 by a family of three with a 2023 reference income of 40 000 €
/// (PLUS 2025 zone 1 category 3: 52 284 €), 3 000 € monthly resources, a complete dossier and
/// wishes that the sample offer meets. Eligible to `sample_offer()` at `closing()`.
inline applicant sample_applicant() {
  applicant a{.number = request_number::parse("0750924000123ABCDE"),
              .initial_filing = ymd(2024, 9, 1),
              .last_renewal = std::nullopt,
              .removed_on = std::nullopt,
              .household = family_of_three(),
              .incomes = {{2023, money::euros(40000)}, {2024, money::euros(39000)}},
              .monthly_resources = money::euros(3000),
              .expected_housing_benefit = money{},
              .employment = {},
              .mobility = std::nullopt,
              .housing = {},
              .situation = {},
              .history = {},
              .dossier = {},
              .wishes = {}};
  a.employment.employer = employer_id{"SIREN-111"};
  a.employment.net_monthly_salary = money::euros(2100);
  a.employment.job_start = ymd(2019, 1, 7);
  a.dossier.required = {{document_kind::identity, true}, {document_kind::tax_notice, true}};
  a.dossier.employer_validated = true;
  a.wishes.communes = {commune_code::parse("75056")};
  a.wishes.typologies = {2, 3, 4};
  a.wishes.max_rent = money::euros(1000);
  return a;
}

/// A request number of department 075 with sequence `k`.
inline request_number number(int k) {
  return request_number::parse(fmt::format("0750924{:05}0ABCDE", k));
}

/// The sample applicant (eligible to the sample offer) with its own number and filing date,
/// renewed on 2025-01-15 so that it is valid at `closing()`.
inline applicant candidate(int k, date filed) {
  applicant a = sample_applicant();
  a.number = number(k);
  a.initial_filing = filed;
  a.last_renewal = ymd(2025, 1, 15);
  return a;
}

}  // namespace cotation::test
