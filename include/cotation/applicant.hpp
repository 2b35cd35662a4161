// SPDX-License-Identifier: MIT
/// \file
/// The housing request (the applicant): employment, mobility, current housing, situation,
/// history, dossier, wishes, incomes, and the request's validity over time (SPEC 1).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <cotation/calendar.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/geography.hpp>
#include <cotation/household.hpp>
#include <cotation/ids.hpp>
#include <cotation/money.hpp>
#include <cotation/request_number.hpp>

namespace cotation {

/// Employment contract of the applicant.
enum class contract_type : std::uint8_t {
  cdi,                  ///< Permanent contract, trial period over.
  cdd,                  ///< Fixed-term contract.
  interim,              ///< Temporary agency work.
  apprenticeship,       ///< Contrat d'apprentissage.
  professionalisation,  ///< Contrat de professionnalisation.
  trial_period,         ///< Permanent contract still in its trial period.
};

/// The employer's status towards the PEEC (Participation des employeurs à l'effort de
/// construction).
enum class peec_status : std::uint8_t {
  none,          ///< Neither contributing nor compensated.
  contributing,  ///< Cotisante.
  compensated,   ///< Compensée.
};

/// Company size category used by the ALS balancing (PME / ETI / GE).
enum class company_size : std::uint8_t { pme, eti, ge };

/// Sector of the employer (for the aids).
enum class employer_sector : std::uint8_t { private_non_agricultural, agricultural, public_sector };

struct employment {
  contract_type contract = contract_type::cdi;
  date job_start;
  money net_monthly_salary;
  money gross_monthly_salary;
  employer_id employer;
  peec_status peec = peec_status::none;
  company_size size = company_size::pme;
  employer_sector sector = employer_sector::private_non_agricultural;
  std::int32_t headcount = 0;
  friend bool operator==(const employment&, const employment&) = default;
};

/// The kind of professional mobility the applicant is in.
enum class mobility_kind : std::uint8_t { new_job, transfer, company_relocation };

/// A professional mobility: distance and travel time between the current home and the new
/// workplace.
struct mobility {
  mobility_kind kind = mobility_kind::new_job;
  date event_date;  ///< Hiring, transfer or relocation date.
  std::int32_t distance_km = 0;
  std::int32_t travel_minutes = 0;
  friend bool operator==(const mobility&, const mobility&) = default;
};

/// Where the applicant lives today.
enum class housing_status : std::uint8_t {
  social_tenant,
  private_tenant,
  hosted,               ///< Hébergé chez un tiers.
  homeless_or_shelter,  ///< Sans abri, or in a shelter / emergency accommodation.
  owner,
};

struct current_housing {
  housing_status status = housing_status::private_tenant;
  money rent_and_charges;  ///< Monthly, when a tenant.
  money housing_benefit;   ///< Monthly APL/AL received, when a tenant.
  friend bool operator==(const current_housing&, const current_housing&) = default;
};

/// Priority publics of CCH L441-1 and other situation flags.
struct situation {
  bool dalo = false;        ///< Recognised priority by the DALO mediation commission.
  bool disability = false;  ///< Disabled person or household with a disabled person.
  bool domestic_violence = false;
  bool threatened_with_eviction = false;
  bool non_decent_or_overcrowded = false;
  bool key_worker = false;  ///< Travailleur clé.
  bool single_parent = false;
  friend bool operator==(const situation&, const situation&) = default;
};

/// Dated events of the request's past, used by the dated criteria of the grid.
struct history {
  std::vector<date> applicant_refusals;   ///< Refusals by the applicant of an attributed dwelling.
  std::vector<date> commission_refusals;  ///< Non-attributions of the dossier by a commission.
  std::vector<date> attributions;         ///< Past attributions.
  friend bool operator==(const history&, const history&) = default;
};

/// Kind of supporting document.
enum class document_kind : std::uint8_t {
  identity,
  tax_notice,
  payslips,
  employment_contract,
  housing_situation,
  residence_permit,
  other,
};

struct document {
  document_kind kind = document_kind::identity;
  bool validated = false;
  friend bool operator==(const document&, const document&) = default;
};

/// The supporting documents and the employer's validation.
struct dossier {
  std::vector<document> required;  ///< Every document the request needs.
  bool employer_validated = false;

  /// Complete: at least one required document, all validated, and validated by the employer.
  [[nodiscard]] bool complete() const noexcept;
  /// Number of required documents not validated yet.
  [[nodiscard]] int missing() const noexcept;
  friend bool operator==(const dossier&, const dossier&) = default;
};

/// Where and what the applicant wants. Empty lists mean "anywhere" / "any typology".
struct wishes {
  std::vector<commune_code> communes;
  std::vector<department> departments;
  std::vector<int> typologies;    ///< Number of rooms, 1..6 (T1..T6; 6 means T6 and more).
  std::optional<money> max_rent;  ///< Budget for rent + charges, monthly.
  friend bool operator==(const wishes&, const wishes&) = default;
};

/// The household's revenu fiscal de référence for one tax year.
struct annual_income {
  int year = 0;
  money amount;
  friend bool operator==(const annual_income&, const annual_income&) = default;
};

/// The reference income used for the ceilings of year N.
struct reference_income {
  money amount;
  int year = 0;  ///< N-2, or N-1 when the N-1 income is used.
  friend bool operator==(const reference_income&, const reference_income&) = default;
};

/// Validity of a request at a date.
enum class request_state : std::uint8_t {
  active,    ///< Valid.
  expiring,  ///< Valid, but within one month of its anniversary: the applicant must renew.
  expired,   ///< More than one year since filing or last renewal: removed, seniority lost.
  removed,   ///< Radiée (lease signed, withdrawn).
};

/// A social-housing request.
struct applicant {
  cotation::request_number number;
  date initial_filing;               ///< Seniority; kept across renewals (CCH R441-2-7).
  std::optional<date> last_renewal;  ///< None until first renewal.
  std::optional<date> removed_on;    ///< Radiation date, when removed.
  cotation::household household;
  std::vector<annual_income> incomes;  ///< Revenus fiscaux de référence by tax year.
  money monthly_resources;             ///< Household's net monthly resources.
  money expected_housing_benefit;      ///< Estimated monthly benefit in the new dwelling.
  cotation::employment employment;
  std::optional<cotation::mobility> mobility;
  current_housing housing;
  cotation::situation situation;
  cotation::history history;
  cotation::dossier dossier;
  cotation::wishes wishes;

  friend bool operator==(const applicant&, const applicant&) = default;
};

/// The request's state at `at`: removed when radiated on or before `at`; expired from the
/// anniversary of the initial filing or last renewal (one year later); expiring during the
/// month before that anniversary; active otherwise.
[[nodiscard]] request_state state_at(const applicant& a, date at) noexcept;

/// The date from which the request is expired without renewal.
[[nodiscard]] date expiry_date(const applicant& a) noexcept;

/// Active or expiring: the request may position and be ranked.
[[nodiscard]] constexpr bool is_valid(request_state s) noexcept {
  return s == request_state::active || s == request_state::expiring;
}

/// Reference income for ceilings of year `year` (SPEC 1): the N-2 income, or the N-1 income
/// when it is at least 10 % lower (N-1 <= 0.9 × N-2, exact). Nothing when N-2 is not declared.
[[nodiscard]] std::optional<reference_income> reference_income_for(const applicant& a, int year);

/// Checks the invariants of an applicant (no negative money, birth dates set, typologies 1..6,
/// the reference person present once, distinct income years, a renewal not before the filing,
/// a job not started before the birth of the reference person, who holds it).
/// A birth date may follow the filing: the household is updated over the request's life.
/// Throws `cotation::invalid_argument` naming the field path and the reason.
void validate(const applicant& a);

/// How far after an evaluation date a member's birth may be: an expected child is declared in
/// the household before it is born (a pregnancy lasts at most 9 months); later is impossible.
inline constexpr int expected_birth_months = 9;

/// Checks what cannot be at the evaluation date `at` (an offer's closing date): the request
/// filed or renewed after `at`, a member born more than `expected_birth_months` after `at`.
/// Throws `cotation::invalid_argument` naming the field path (`initial_filing`, `last_renewal`,
/// `household.members[2].birth_date`) and the reason.
void validate_at(const applicant& a, date at);

[[nodiscard]] std::string_view to_string(request_state s) noexcept;
[[nodiscard]] std::string_view to_string(contract_type c) noexcept;
[[nodiscard]] std::string_view to_string(peec_status s) noexcept;
[[nodiscard]] std::string_view to_string(company_size s) noexcept;
[[nodiscard]] std::string_view to_string(employer_sector s) noexcept;
[[nodiscard]] std::string_view to_string(mobility_kind k) noexcept;
[[nodiscard]] std::string_view to_string(housing_status s) noexcept;
[[nodiscard]] std::string_view to_string(document_kind k) noexcept;
[[nodiscard]] std::string_view to_string(member_role r) noexcept;

}  // namespace cotation
