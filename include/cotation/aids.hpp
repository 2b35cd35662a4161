// SPDX-License-Identifier: MIT
/// \file
/// Action Logement aids (SPEC 7): Visale, Loca-Pass, Mobili-Jeune and Mobili-Pass. From the
/// applicant and a small description of the dwelling, each calculator tells whether the person
/// is eligible on the request date, how much, and, when not, every failed condition with a
/// reason code and the numbers that decided it.
///
/// Conventions shared by the calculators:
/// - Every rule and parameter is read on `aid_request::request_date`, the day the aid is asked.
/// - Age is the reference person's age in completed years on that date.
/// - "At most n months after an event" means on or before `add_months(event, n)`: an event on
///   31 August 2024 with 6 months gives 28 February 2025, inclusive.
/// - Money is exact; shares are compared exactly in cents × basis points, never in floating
///   point.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include <cotation/aid_parameters.hpp>
#include <cotation/applicant.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/geography.hpp>

namespace cotation {

/// The four aids.
enum class aid_kind : std::uint8_t { visale, loca_pass, mobili_jeune, mobili_pass };

/// Where the dwelling is, for Visale's rent caps.
enum class dwelling_area : std::uint8_t {
  ile_de_france,  ///< Departments 75, 77, 78, 91, 92, 93, 94, 95.
  elsewhere,
};

/// Zone of the ABC housing-tension zoning, A bis the tightest. An input: the zoning of every
/// commune is not bundled with the library.
enum class abc_zone : std::uint8_t { a_bis, a, b1, b2, c };

/// The dwelling the aids are asked for.
struct dwelling {
  money rent_and_charges;  ///< Monthly rent plus charges.
  /// Expected monthly housing benefit (APL/AL) in this dwelling. Not the applicant's
  /// `expected_housing_benefit`, which is about an offer.
  money housing_benefit;
  /// The commune (its department decides the area) or, when it is not known, the area itself.
  std::variant<dwelling_area, commune_code> location = dwelling_area::elsewhere;
  std::optional<cotation::abc_zone> abc_zone;  ///< Needed by Mobili-Pass only.
  money deposit;                               ///< Security deposit asked by the landlord.
  date move_in;                                ///< The day the tenant enters the dwelling.
  friend bool operator==(const dwelling&, const dwelling&) = default;
};

/// Île-de-France when the commune's department is in Île-de-France, or as given.
[[nodiscard]] dwelling_area area_of(const dwelling& d) noexcept;

/// What the applicant model does not say and the aids need.
struct aid_request {
  date request_date;  ///< The day the aids are asked for; every rule is read on this date.
  cotation::dwelling dwelling;
  bool student = false;                   ///< Visale's student rent caps.
  std::optional<date> job_promise_start;  ///< Visale: start of a promised job.
  std::optional<date> last_mobili_pass;   ///< The last Mobili-Pass received, if any.
  /// Mobili-Pass: the moving costs to cover. Without them the result is the cap.
  std::optional<money> mobility_costs;
  friend bool operator==(const aid_request&, const aid_request&) = default;
};

/// Checks a request: dates are dates, money is not negative, the last Mobili-Pass is not after
/// the request. Throws `cotation::invalid_argument` naming the field path and the reason.
void validate(const aid_request& r);

/// Reason codes of the calculators. Each names the aid(s) that use it.
enum class aid_reason : std::uint8_t {
  parameter_missing,              ///< Any: a parameter has no value on the request date.
  input_missing,                  ///< Any: an input the rule needs is not given.
  below_minimum_age,              ///< Visale: younger than 18.
  over_age_public_sector,         ///< Visale: over 30 and not a private/agricultural employee.
  over_age_no_employee_case,      ///< Visale: over 30, no new job/salary/transfer/promise case.
  rent_above_cap,                 ///< Visale: rent + charges above the area's cap.
  rent_above_resources_share,     ///< Visale: rent + charges above 50 % of resources.
  over_age_not_private_employee,  ///< Loca-Pass: 30 or over, not a private non-agri employee.
  application_too_late,           ///< Loca-Pass, Mobili-Pass: after the application deadline.
  no_deposit,                     ///< Loca-Pass: no deposit to advance.
  age_limit_reached,              ///< Mobili-Jeune: 30 or over.
  contract_not_work_study,        ///< Mobili-Jeune: not apprenticeship/professionalisation.
  employer_not_eligible,          ///< Mobili-Jeune, Mobili-Pass: sector or PEEC status.
  salary_above_smic_share,        ///< Mobili-Jeune: gross salary above 80 % of the SMIC.
  nothing_to_cover,               ///< Mobili-Jeune: the housing benefit covers the rent.
  not_available,                  ///< Mobili-Pass: suspended on the request date.
  company_too_small,              ///< Mobili-Pass: fewer than 10 staff.
  no_professional_mobility,       ///< Mobili-Pass: no hiring, transfer or relocation.
  mobility_too_short,             ///< Mobili-Pass: 70 km or less and under 75 minutes.
  received_recently,              ///< Mobili-Pass: received less than two years ago.
};

/// The numbers behind one failed condition of an aid.
// clang-format off
namespace aid_facts {
/// The parameter with no value in force, and the date.
struct parameter {
  std::string name; date at;
  friend bool operator==(const parameter&, const parameter&) = default;
};
/// The input field (path) that is needed.
struct input { std::string field; friend bool operator==(const input&, const input&) = default; };
/// `limit`: the minimum age, or the first age no longer covered.
struct age_bound {
  int age; int limit;
  friend bool operator==(const age_bound&, const age_bound&) = default;
};
/// The age, the age limit of the rule, and the employer's sector.
struct age_and_sector {
  int age; int limit; employer_sector sector;
  friend bool operator==(const age_and_sector&, const age_and_sector&) = default;
};
/// Visale over the age: each employee case and why it does not apply.
struct employee_cases {
  int age; int max_age;
  contract_type contract; std::optional<date> job_start; int new_job_months;
  money net_salary; money max_net_salary;
  std::optional<date> transfer; int transfer_months;
  std::optional<date> job_promise; int job_promise_months;
  friend bool operator==(const employee_cases&, const employee_cases&) = default;
};
/// Rent + charges, the cap that applied, and what chose it.
struct rent_cap {
  money rent; money cap; dwelling_area area; bool student;
  friend bool operator==(const rent_cap&, const rent_cap&) = default;
};
/// `share` is rent / resources rounded up (a refusal never reads "50 %"), empty without
/// resources.
struct rent_share {
  money rent; money resources; basis_points max; std::optional<basis_points> share;
  friend bool operator==(const rent_share&, const rent_share&) = default;
};
/// The event (move-in, hiring...), the window, its last day (inclusive), the request date.
struct deadline {
  date event; int months; date last_day; date request;
  friend bool operator==(const deadline&, const deadline&) = default;
};
/// The deposit asked by the landlord.
struct deposit { money amount; friend bool operator==(const deposit&, const deposit&) = default; };
/// The applicant's contract.
struct contract {
  contract_type type;
  friend bool operator==(const contract&, const contract&) = default;
};
/// The employer's sector and PEEC status.
struct employer {
  employer_sector sector; peec_status peec;
  friend bool operator==(const employer&, const employer&) = default;
};
/// The company's staff and the minimum.
struct headcount {
  int staff; int min;
  friend bool operator==(const headcount&, const headcount&) = default;
};
/// `limit` = share × SMIC rounded down to the cent: with salaries in cents, exceeding it is
/// exactly exceeding the share.
struct salary {
  money gross; money smic; basis_points max_share; money limit;
  friend bool operator==(const salary&, const salary&) = default;
};
/// Rent + charges and the housing benefit that covers them.
struct net_rent {
  money rent; money housing_benefit;
  friend bool operator==(const net_rent&, const net_rent&) = default;
};
/// `since`: start of the period in which the aid is not available (empty: never was).
struct availability {
  std::optional<date> since;
  friend bool operator==(const availability&, const availability&) = default;
};
/// Distance and travel time, with the thresholds (more than `more_than_km`, or at least
/// `min_minutes`).
struct distance {
  int km; int more_than_km; int minutes; int min_minutes;
  friend bool operator==(const distance&, const distance&) = default;
};
/// The last grant and the first day it may be granted again.
struct renewal {
  date last; date next_possible;
  friend bool operator==(const renewal&, const renewal&) = default;
};
}  // namespace aid_facts
// clang-format on

using aid_failure_facts =
    std::variant<std::monostate, aid_facts::parameter, aid_facts::input, aid_facts::age_bound,
                 aid_facts::age_and_sector, aid_facts::employee_cases, aid_facts::rent_cap,
                 aid_facts::rent_share, aid_facts::deadline, aid_facts::deposit,
                 aid_facts::contract, aid_facts::employer, aid_facts::headcount, aid_facts::salary,
                 aid_facts::net_rent, aid_facts::availability, aid_facts::distance,
                 aid_facts::renewal>;

/// One failed condition: its code and the numbers that decided it.
struct aid_failure {
  aid_reason reason;
  aid_failure_facts facts;
  friend bool operator==(const aid_failure&, const aid_failure&) = default;
};

/// One sentence: "rent_above_cap: rent and charges 1 300,01 € above the cap 1 300 € (outside
/// Île-de-France)".
[[nodiscard]] std::string describe(const aid_failure& f);

/// Why Visale is granted, in the order the cases are tried.
enum class visale_basis : std::uint8_t { age, new_job, low_salary, transfer, job_promise };

/// Visale: the rent guaranteed and for how long.
struct visale_grant {
  static constexpr aid_kind kind = aid_kind::visale;
  visale_basis basis = visale_basis::age;
  money rent;              ///< Monthly rent + charges guaranteed.
  money rent_cap;          ///< The cap that applied.
  int covered_months = 0;  ///< Unpaid months covered (36).
  friend bool operator==(const visale_grant&, const visale_grant&) = default;
};

/// One repayment of the Loca-Pass advance: its month (first day) and amount.
struct instalment {
  date month;
  money amount;
  friend bool operator==(const instalment&, const instalment&) = default;
};

/// Loca-Pass repayment: `count` monthly instalments, all `regular` but the last, which is
/// `last`, so that they sum exactly to the advance.
struct repayment_schedule {
  date advance;      ///< The day the advance is paid: the move-in date, or the request if later.
  date first_month;  ///< First day of the month of the first instalment.
  int count = 0;
  money regular;
  money last;
  [[nodiscard]] money total() const noexcept { return regular * (count - 1) + last; }
  /// First day of the month of the last instalment.
  [[nodiscard]] date last_month() const { return add_months(first_month, count - 1); }
  /// Every instalment in order.
  [[nodiscard]] std::vector<instalment> instalments() const;
  friend bool operator==(const repayment_schedule&, const repayment_schedule&) = default;
};

/// Why Loca-Pass is granted.
enum class loca_pass_basis : std::uint8_t { private_employee, young_person };

/// Loca-Pass: the advance and its repayment.
struct loca_pass_grant {
  static constexpr aid_kind kind = aid_kind::loca_pass;
  loca_pass_basis basis = loca_pass_basis::private_employee;
  money amount;  ///< min(deposit, 1 200 €).
  repayment_schedule repayment;
  friend bool operator==(const loca_pass_grant&, const loca_pass_grant&) = default;
};

/// Mobili-Jeune: the monthly aid and its duration.
struct mobili_jeune_grant {
  static constexpr aid_kind kind = aid_kind::mobili_jeune;
  money net_rent;     ///< Rent + charges − housing benefit.
  money min_monthly;  ///< The clamp that applied: [min_monthly, max_monthly].
  money max_monthly;
  money monthly;  ///< net_rent clamped.
  int months = 0;
  [[nodiscard]] money total() const noexcept { return monthly * months; }
  friend bool operator==(const mobili_jeune_grant&, const mobili_jeune_grant&) = default;
};

/// Mobili-Pass: the subsidy.
struct mobili_pass_grant {
  static constexpr aid_kind kind = aid_kind::mobili_pass;
  cotation::abc_zone zone = abc_zone::c;
  money cap;     ///< 2 200 € (A bis, A, B1) or 1 900 €.
  money amount;  ///< min(costs, cap), or the cap when no costs are given.
  friend bool operator==(const mobili_pass_grant&, const mobili_pass_grant&) = default;
};

/// The outcome of one aid: a grant, or every failed condition (never empty).
template <typename Grant>
struct aid_result {
  std::variant<Grant, std::vector<aid_failure>> outcome;

  [[nodiscard]] bool eligible() const noexcept { return std::holds_alternative<Grant>(outcome); }
  /// The grant, or null when not eligible.
  [[nodiscard]] const Grant* grant() const noexcept { return std::get_if<Grant>(&outcome); }
  /// The failures in check order; empty when eligible.
  [[nodiscard]] std::span<const aid_failure> failures() const noexcept {
    if (const auto* f = std::get_if<std::vector<aid_failure>>(&outcome)) return *f;
    return {};
  }
  /// True when `r` is among the failures.
  [[nodiscard]] bool failed(aid_reason r) const noexcept {
    const auto f = failures();
    return std::any_of(f.begin(), f.end(), [r](const aid_failure& x) { return x.reason == r; });
  }
  friend bool operator==(const aid_result&, const aid_result&) = default;
};

using visale_result = aid_result<visale_grant>;
using loca_pass_result = aid_result<loca_pass_grant>;
using mobili_jeune_result = aid_result<mobili_jeune_grant>;
using mobili_pass_result = aid_result<mobili_pass_grant>;

/// The four aids for one request.
struct aids_result {
  visale_result visale;
  loca_pass_result loca_pass;
  mobili_jeune_result mobili_jeune;
  mobili_pass_result mobili_pass;
  friend bool operator==(const aids_result&, const aids_result&) = default;
};

/// Visale. Eligible aged 18 to 30 inclusive; older, a private or agricultural employee who took
/// a job (any contract but a confirmed CDI) at most 6 months ago, or earns at most 1 500 € net
/// a month, or was transferred at most 6 months ago, or holds a job promise starting within 3
/// months of the request. And rent + charges at most 1 500 € in Île-de-France, 1 300 €
/// elsewhere (students 800 € / 600 €), and at most 50 % of the household's monthly resources.
[[nodiscard]] visale_result compute_visale(const applicant& a, const aid_request& r,
                                           const aid_parameters& p = aid_parameters::embedded());

/// Loca-Pass. Eligible: employees of private non-agricultural companies at any age, and anyone
/// under 30 (the model cannot tell training, job seeking or employment apart: every young
/// person is taken as in one of them), asking at most 2 months after moving in, with a deposit.
/// Advance: min(deposit, 1 200 €), paid on the move-in date (the request date if later).
/// Repayment "from the 3rd month": the first instalment falls in the calendar month three
/// months after the advance's month (advance in March, first instalment in June). Instalment:
/// max(20 €, advance / 25 rounded up to the cent); the last one makes the sum exact, and a last
/// one under 20 € is merged into the one before, so that every instalment is at least 20 €
/// (an advance of 20 € or less is repaid at once) and there are at most 25.
[[nodiscard]] loca_pass_result compute_loca_pass(
    const applicant& a, const aid_request& r, const aid_parameters& p = aid_parameters::embedded());

/// Mobili-Jeune. Eligible under 30, in an apprenticeship or professionalisation contract, with
/// a private non-agricultural employer that contributes to the PEEC or is compensated, or an
/// agricultural employer (which pays the agricultural PEAEC, not modelled); from 15 February
/// 2024, gross monthly salary at most 80 % of the gross SMIC. Monthly aid: rent + charges −
/// housing benefit, clamped to [10 €, 100 €] ([10 €, 300 €] in the agricultural sector), for 12
/// months. When the benefit covers the whole rent there is nothing to cover: not eligible.
[[nodiscard]] mobili_jeune_result compute_mobili_jeune(
    const applicant& a, const aid_request& r, const aid_parameters& p = aid_parameters::embedded());

/// Mobili-Pass. Suspended from 1 July 2023: from then on the only outcome is `not_available`,
/// whatever the other conditions. Before: a private non-agricultural company with at least 10
/// staff; a professional mobility (hiring, transfer, relocation) of more than 70 km or at least
/// 75 minutes; asked at most 6 months after the event; not received in the 24 months before
/// (again from the anniversary); the dwelling's ABC zone known. Subsidy up to 2 200 € in zones
/// A bis, A and B1, 1 900 € in B2 and C.
[[nodiscard]] mobili_pass_result compute_mobili_pass(
    const applicant& a, const aid_request& r, const aid_parameters& p = aid_parameters::embedded());

/// The four aids. Throws `cotation::invalid_argument` for an invalid request or an applicant
/// without a reference person (with a birth date).
[[nodiscard]] aids_result compute_aids(const applicant& a, const aid_request& r,
                                       const aid_parameters& p = aid_parameters::embedded());

/// Readable sentences for the grants and results ("Visale: eligible: ...").
[[nodiscard]] std::string describe(const visale_grant& g);
[[nodiscard]] std::string describe(const loca_pass_grant& g);
[[nodiscard]] std::string describe(const mobili_jeune_grant& g);
[[nodiscard]] std::string describe(const mobili_pass_grant& g);

[[nodiscard]] std::string_view to_string(aid_kind k) noexcept;
[[nodiscard]] std::string_view to_string(dwelling_area a) noexcept;
[[nodiscard]] std::string_view to_string(abc_zone z) noexcept;
[[nodiscard]] std::string_view to_string(aid_reason r) noexcept;
[[nodiscard]] std::string_view to_string(visale_basis b) noexcept;
[[nodiscard]] std::string_view to_string(loca_pass_basis b) noexcept;

}  // namespace cotation

namespace cotation::detail {
/// Formats any value that has a `describe` overload as its sentence.
struct describe_formatter : fmt::formatter<std::string_view> {
  template <typename T>
  auto format(const T& v, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(describe(v), ctx);
  }
};
}  // namespace cotation::detail

template <>
struct fmt::formatter<cotation::aid_failure> : cotation::detail::describe_formatter {};
template <>
struct fmt::formatter<cotation::visale_grant> : cotation::detail::describe_formatter {};
template <>
struct fmt::formatter<cotation::loca_pass_grant> : cotation::detail::describe_formatter {};
template <>
struct fmt::formatter<cotation::mobili_jeune_grant> : cotation::detail::describe_formatter {};
template <>
struct fmt::formatter<cotation::mobili_pass_grant> : cotation::detail::describe_formatter {};

/// "Visale: eligible: ..." or "Visale: not eligible: reason: ...; reason: ...".
template <typename G>
struct fmt::formatter<cotation::aid_result<G>> : fmt::formatter<std::string_view> {
  auto format(const cotation::aid_result<G>& r, fmt::format_context& ctx) const {
    if (const G* g = r.grant()) return fmt::format_to(ctx.out(), "{}: eligible: {}", G::kind, *g);
    return fmt::format_to(ctx.out(), "{}: not eligible: {}", G::kind,
                          fmt::join(r.failures(), "; "));
  }
};

/// One line per aid.
template <>
struct fmt::formatter<cotation::aids_result> : fmt::formatter<std::string_view> {
  auto format(const cotation::aids_result& r, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}\n{}\n{}\n{}", r.visale, r.loca_pass, r.mobili_jeune,
                          r.mobili_pass);
  }
};
