// SPDX-License-Identifier: MIT
#include <cotation/applicant.hpp>
#include <cotation/error.hpp>

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <utility>

#include "model/reference_income.hpp"

namespace cotation {

bool dossier::complete() const noexcept {
  return !required.empty() && employer_validated && missing() == 0;
}

int dossier::missing() const noexcept {
  return static_cast<int>(std::count_if(required.begin(), required.end(),
                                        [](const document& d) { return !d.validated; }));
}

date expiry_date(const applicant& a) noexcept {
  const date from = a.last_renewal.value_or(a.initial_filing);
  return add_months(from, 12);
}

request_state state_at(const applicant& a, date at) noexcept {
  if (a.removed_on && *a.removed_on <= at) return request_state::removed;
  const date expiry = expiry_date(a);
  if (at >= expiry) return request_state::expired;
  if (at >= add_months(expiry, -1)) return request_state::expiring;
  return request_state::active;
}

namespace detail {

std::optional<reference_income> reference_income_of(std::span<const annual_income> incomes,
                                                    int year) noexcept {
  const annual_income* n2 = nullptr;
  const annual_income* n1 = nullptr;
  // In 64 bits: a year may be any `int`.
  for (const annual_income& i : incomes) {
    if (std::int64_t{i.year} == std::int64_t{year} - 2) n2 = &i;
    if (std::int64_t{i.year} == std::int64_t{year} - 1) n1 = &i;
  }
  if (n2 == nullptr) return std::nullopt;
  // "at least 10 % lower": N-1 <= 90 % of N-2, compared exactly in cents (in 128 bits: an
  // amount may be any int64).
  __extension__ using wide = __int128;
  if (n1 != nullptr && wide{n1->amount.in_cents()} * 10 <= wide{n2->amount.in_cents()} * 9) {
    return reference_income{n1->amount, n1->year};
  }
  return reference_income{n2->amount, n2->year};
}

}  // namespace detail

std::optional<reference_income> reference_income_for(const applicant& a, int year) {
  return detail::reference_income_of(a.incomes, year);
}

void validate(const applicant& a) {
  const auto fail = [](std::string where, std::string why) {
    throw invalid_argument(std::move(where), std::move(why));
  };
  const auto non_negative = [&](money m, const char* where) {
    if (m < money{}) fail(where, fmt::format("must not be negative (got {})", m));
  };
  if (a.initial_filing.is_special()) fail("initial_filing", "is not a date");
  if (a.last_renewal && *a.last_renewal < a.initial_filing) {
    fail("last_renewal",
         fmt::format("{} is before the initial filing {}", *a.last_renewal, a.initial_filing));
  }
  if (a.removed_on && *a.removed_on < a.initial_filing) {
    fail("removed_on",
         fmt::format("{} is before the initial filing {}", *a.removed_on, a.initial_filing));
  }
  const auto& members = a.household.members;
  int references = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const member& m = members[i];
    // A birth date may follow the initial filing: the household of a years-old request is
    // updated (a child born since, or expected), while the filing date keeps the seniority.
    if (m.birth_date.is_special())
      fail(fmt::format("household.members[{}].birth_date", i), "is not a date");
    if (m.role == member_role::reference_person) ++references;
  }
  if (references != 1) {
    fail("household.members",
         fmt::format("needs exactly one reference person (found {})", references));
  }
  // Checked once the reference person, who holds the job, is known to be one.
  if (!a.employment.job_start.is_special()) {
    for (std::size_t i = 0; i < members.size(); ++i) {
      const member& m = members[i];
      if (m.role == member_role::reference_person && !m.birth_date.is_special() &&
          a.employment.job_start < m.birth_date) {
        fail("employment.job_start",
             fmt::format("{} is before the birth of its holder, the reference person "
                         "household.members[{}] (born {})",
                         a.employment.job_start, i, m.birth_date));
      }
    }
  }
  // The first income (in list order) whose year an earlier one declared: the years sorted with
  // their places, no allocation for a usual list, the paths formatted only for a fault.
  const std::size_t incomes = a.incomes.size();
  std::size_t repeated = incomes;
  {
    boost::container::small_vector<std::pair<int, std::size_t>, 8> years;
    for (std::size_t i = 0; i < incomes; ++i) years.emplace_back(a.incomes[i].year, i);
    std::sort(years.begin(), years.end());
    for (std::size_t k = 1; k < years.size(); ++k) {
      if (years[k].first == years[k - 1].first) repeated = std::min(repeated, years[k].second);
    }
  }
  for (std::size_t i = 0; i < incomes; ++i) {
    if (a.incomes[i].amount < money{}) {
      fail(fmt::format("incomes[{}].amount", i),
           fmt::format("must not be negative (got {})", a.incomes[i].amount));
    }
    if (i == repeated) {
      fail(fmt::format("incomes[{}].year", i),
           fmt::format("year {} is declared twice", a.incomes[i].year));
    }
  }
  non_negative(a.monthly_resources, "monthly_resources");
  non_negative(a.expected_housing_benefit, "expected_housing_benefit");
  non_negative(a.employment.net_monthly_salary, "employment.net_monthly_salary");
  non_negative(a.employment.gross_monthly_salary, "employment.gross_monthly_salary");
  if (a.employment.headcount < 0) fail("employment.headcount", "must not be negative");
  non_negative(a.housing.rent_and_charges, "housing.rent_and_charges");
  non_negative(a.housing.housing_benefit, "housing.housing_benefit");
  if (a.mobility) {
    if (a.mobility->distance_km < 0) fail("mobility.distance_km", "must not be negative");
    if (a.mobility->travel_minutes < 0) fail("mobility.travel_minutes", "must not be negative");
  }
  for (std::size_t i = 0; i < a.wishes.typologies.size(); ++i) {
    const int t = a.wishes.typologies[i];
    if (t < 1 || t > 6) {
      fail(fmt::format("wishes.typologies[{}]", i),
           fmt::format("T{} is not a typology (T1..T6)", t));
    }
  }
  if (a.wishes.max_rent) non_negative(*a.wishes.max_rent, "wishes.max_rent");
}

void validate_at(const applicant& a, date at) {
  if (a.initial_filing > at) {
    throw invalid_argument("initial_filing",
                           fmt::format("{} is after the evaluation date {}", a.initial_filing, at));
  }
  if (a.last_renewal && *a.last_renewal > at) {
    throw invalid_argument("last_renewal",
                           fmt::format("{} is after the evaluation date {}", *a.last_renewal, at));
  }
  const date latest_birth = add_months(at, expected_birth_months);
  for (std::size_t i = 0; i < a.household.members.size(); ++i) {
    const date born = a.household.members[i].birth_date;
    if (born > latest_birth) {
      throw invalid_argument(
          fmt::format("household.members[{}].birth_date", i),
          fmt::format("{} is more than {} months after the evaluation date {} (an expected child "
                      "is born within {} months)",
                      born, expected_birth_months, at, expected_birth_months));
    }
  }
}

std::string_view to_string(request_state s) noexcept {
  switch (s) {
    case request_state::active:
      return "active";
    case request_state::expiring:
      return "expiring";
    case request_state::expired:
      return "expired";
    case request_state::removed:
      return "removed";
  }
  return "?";
}

std::string_view to_string(contract_type c) noexcept {
  switch (c) {
    case contract_type::cdi:
      return "cdi";
    case contract_type::cdd:
      return "cdd";
    case contract_type::interim:
      return "interim";
    case contract_type::apprenticeship:
      return "apprenticeship";
    case contract_type::professionalisation:
      return "professionalisation";
    case contract_type::trial_period:
      return "trial_period";
  }
  return "?";
}

std::string_view to_string(peec_status s) noexcept {
  switch (s) {
    case peec_status::none:
      return "none";
    case peec_status::contributing:
      return "contributing";
    case peec_status::compensated:
      return "compensated";
  }
  return "?";
}

std::string_view to_string(company_size s) noexcept {
  switch (s) {
    case company_size::pme:
      return "PME";
    case company_size::eti:
      return "ETI";
    case company_size::ge:
      return "GE";
  }
  return "?";
}

std::string_view to_string(employer_sector s) noexcept {
  switch (s) {
    case employer_sector::private_non_agricultural:
      return "private_non_agricultural";
    case employer_sector::agricultural:
      return "agricultural";
    case employer_sector::public_sector:
      return "public";
  }
  return "?";
}

std::string_view to_string(mobility_kind k) noexcept {
  switch (k) {
    case mobility_kind::new_job:
      return "new_job";
    case mobility_kind::transfer:
      return "transfer";
    case mobility_kind::company_relocation:
      return "company_relocation";
  }
  return "?";
}

std::string_view to_string(housing_status s) noexcept {
  switch (s) {
    case housing_status::social_tenant:
      return "social_tenant";
    case housing_status::private_tenant:
      return "private_tenant";
    case housing_status::hosted:
      return "hosted";
    case housing_status::homeless_or_shelter:
      return "homeless_or_shelter";
    case housing_status::owner:
      return "owner";
  }
  return "?";
}

std::string_view to_string(document_kind k) noexcept {
  switch (k) {
    case document_kind::identity:
      return "identity";
    case document_kind::tax_notice:
      return "tax_notice";
    case document_kind::payslips:
      return "payslips";
    case document_kind::employment_contract:
      return "employment_contract";
    case document_kind::housing_situation:
      return "housing_situation";
    case document_kind::residence_permit:
      return "residence_permit";
    case document_kind::other:
      return "other";
  }
  return "?";
}

std::string_view to_string(member_role r) noexcept {
  switch (r) {
    case member_role::reference_person:
      return "reference_person";
    case member_role::partner:
      return "partner";
    case member_role::dependant:
      return "dependant";
  }
  return "?";
}

}  // namespace cotation
