// SPDX-License-Identifier: MIT
#include <cotation/aids.hpp>
#include <cotation/error.hpp>

#include <algorithm>
#include <utility>

namespace cotation {

namespace {

using failures = std::vector<aid_failure>;

/// Reads required parameters on one date, recording a `parameter_missing` for each absent one.
struct parameter_reader {
  date at;
  failures& out;
  template <typename T>
  std::optional<T> operator()(const dated<T>& d, std::string_view name) const {
    auto v = d.at(at);
    if (!v) {
      out.push_back({aid_reason::parameter_missing, aid_facts::parameter{std::string(name), at}});
    }
    return v;
  }
};

/// The reference person's age in completed years on `at`; throws when the household has no
/// reference person with a birth date (the applicant is invalid).
int age_of(const applicant& a, date at) {
  const auto& members = a.household.members;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].role != member_role::reference_person) continue;
    if (members[i].birth_date.is_special()) {
      throw invalid_argument(fmt::format("household.members[{}].birth_date", i), "is not a date");
    }
    return completed_years(members[i].birth_date, at);
  }
  throw invalid_argument("household.members", "no reference person: the aids need their age");
}

/// `event <= at <= add_months(event, months)`; false for an unknown event date.
bool at_most_months_after(date event, date at, int months) {
  return !event.is_special() && event <= at && at <= add_months(event, months);
}

/// rent / resources in basis points rounded up, so that a refusal never reads as the maximum
/// itself; nothing without resources.
std::optional<basis_points> share_rounded_up(money rent, money resources) {
  if (resources <= money{}) return std::nullopt;
  return basis_points{(rent.in_cents() * 10000 + resources.in_cents() - 1) / resources.in_cents()};
}

date first_of_month(date d) { return date(d.year(), d.month(), 1); }

template <typename Grant>
aid_result<Grant> refused(failures f) {
  return aid_result<Grant>{std::move(f)};
}

repayment_schedule schedule_for(money amount, date advance, const money min_instalment,
                                int max_instalments, int first_after_months) {
  repayment_schedule s;
  s.advance = advance;
  s.first_month = first_of_month(add_months(advance, first_after_months));
  const std::int64_t total = amount.in_cents();
  const std::int64_t min = min_instalment.in_cents();
  const std::int64_t n_max = std::max(1, max_instalments);
  if (total <= min) {  // a single instalment, even under the minimum: there is no other way
    s.count = 1;
    s.regular = amount;
    s.last = amount;
    return s;
  }
  const std::int64_t regular = std::max(min, (total + n_max - 1) / n_max);
  std::int64_t count = (total + regular - 1) / regular;  // <= n_max since regular >= total / n_max
  std::int64_t last = total - (count - 1) * regular;     // in (0, regular]
  if (count > 1 && last < min) {  // keep every instalment at or above the minimum
    --count;
    last += regular;
  }
  s.count = static_cast<int>(count);
  s.regular = money::cents(regular);
  s.last = money::cents(last);
  return s;
}

}  // namespace

dwelling_area area_of(const dwelling& d) noexcept {
  if (const auto* c = std::get_if<commune_code>(&d.location)) {
    return c->department().in_ile_de_france() ? dwelling_area::ile_de_france
                                              : dwelling_area::elsewhere;
  }
  return std::get<dwelling_area>(d.location);
}

void validate(const aid_request& r) {
  const auto fail = [](const char* where, std::string why) {
    throw invalid_argument(where, std::move(why));
  };
  const auto non_negative = [&](money m, const char* where) {
    if (m < money{}) fail(where, fmt::format("must not be negative (got {})", m));
  };
  if (r.request_date.is_special()) fail("request_date", "is not a date");
  if (r.dwelling.move_in.is_special()) fail("dwelling.move_in", "is not a date");
  non_negative(r.dwelling.rent_and_charges, "dwelling.rent_and_charges");
  non_negative(r.dwelling.housing_benefit, "dwelling.housing_benefit");
  non_negative(r.dwelling.deposit, "dwelling.deposit");
  if (r.mobility_costs) non_negative(*r.mobility_costs, "mobility_costs");
  if (r.job_promise_start && r.job_promise_start->is_special()) {
    fail("job_promise_start", "is not a date");
  }
  if (r.last_mobili_pass) {
    if (r.last_mobili_pass->is_special()) fail("last_mobili_pass", "is not a date");
    if (*r.last_mobili_pass > r.request_date) {
      fail("last_mobili_pass",
           fmt::format("{} is after the request date {}", *r.last_mobili_pass, r.request_date));
    }
  }
}

std::vector<instalment> repayment_schedule::instalments() const {
  std::vector<instalment> out;
  out.reserve(static_cast<std::size_t>(std::max(0, count)));
  for (int i = 0; i < count; ++i) {
    out.push_back({add_months(first_month, i), i + 1 == count ? last : regular});
  }
  return out;
}

visale_result compute_visale(const applicant& a, const aid_request& r, const aid_parameters& p) {
  validate(r);
  const date at = r.request_date;
  failures out;
  const parameter_reader get{at, out};
  const auto& v = p.visale;
  const auto min_age = get(v.min_age, "visale.min_age");
  const auto max_age = get(v.max_age, "visale.max_age");
  const auto new_job_months = get(v.new_job_months, "visale.new_job_months");
  const auto max_net_salary = get(v.max_net_salary, "visale.max_net_salary");
  const auto transfer_months = get(v.transfer_months, "visale.transfer_months");
  const auto promise_months = get(v.job_promise_months, "visale.job_promise_months");
  const auto cap_idf = get(v.max_rent_ile_de_france, "visale.max_rent_ile_de_france");
  const auto cap_else = get(v.max_rent_elsewhere, "visale.max_rent_elsewhere");
  const auto cap_student_idf =
      get(v.max_rent_student_ile_de_france, "visale.max_rent_student_ile_de_france");
  const auto cap_student_else =
      get(v.max_rent_student_elsewhere, "visale.max_rent_student_elsewhere");
  const auto max_share = get(v.max_rent_share, "visale.max_rent_share");
  const auto covered = get(v.covered_months, "visale.covered_months");
  if (!out.empty()) return refused<visale_grant>(std::move(out));

  const int age = age_of(a, at);
  std::optional<visale_basis> basis;
  const employment& e = a.employment;
  if (age < *min_age) {
    out.push_back({aid_reason::below_minimum_age, aid_facts::age_bound{age, *min_age}});
  } else if (age <= *max_age) {
    basis = visale_basis::age;
  } else if (e.sector == employer_sector::public_sector) {
    out.push_back(
        {aid_reason::over_age_public_sector, aid_facts::age_and_sector{age, *max_age, e.sector}});
  } else {
    const std::optional<date> transfer = a.mobility &&
                                                 a.mobility->kind == mobility_kind::transfer &&
                                                 !a.mobility->event_date.is_special()
                                             ? std::optional<date>(a.mobility->event_date)
                                             : std::nullopt;
    if (e.contract != contract_type::cdi &&
        at_most_months_after(e.job_start, at, *new_job_months)) {
      basis = visale_basis::new_job;
    } else if (e.net_monthly_salary <= *max_net_salary) {
      basis = visale_basis::low_salary;
    } else if (transfer && at_most_months_after(*transfer, at, *transfer_months)) {
      basis = visale_basis::transfer;
    } else if (r.job_promise_start && at <= *r.job_promise_start &&
               *r.job_promise_start <= add_months(at, *promise_months)) {
      basis = visale_basis::job_promise;
    } else {
      out.push_back({aid_reason::over_age_no_employee_case,
                     aid_facts::employee_cases{
                         age, *max_age, e.contract,
                         e.job_start.is_special() ? std::nullopt : std::optional<date>(e.job_start),
                         *new_job_months, e.net_monthly_salary, *max_net_salary, transfer,
                         *transfer_months, r.job_promise_start, *promise_months}});
    }
  }

  const money rent = r.dwelling.rent_and_charges;
  const dwelling_area area = area_of(r.dwelling);
  const bool idf = area == dwelling_area::ile_de_france;
  const money cap =
      r.student ? (idf ? *cap_student_idf : *cap_student_else) : (idf ? *cap_idf : *cap_else);
  if (rent > cap) {
    out.push_back({aid_reason::rent_above_cap, aid_facts::rent_cap{rent, cap, area, r.student}});
  }
  const money resources = a.monthly_resources;
  if (rent.in_cents() * 10000 > max_share->value * resources.in_cents()) {
    out.push_back(
        {aid_reason::rent_above_resources_share,
         aid_facts::rent_share{rent, resources, *max_share, share_rounded_up(rent, resources)}});
  }
  if (!out.empty()) return refused<visale_grant>(std::move(out));
  return visale_result{visale_grant{*basis, rent, cap, *covered}};
}

loca_pass_result compute_loca_pass(const applicant& a, const aid_request& r,
                                   const aid_parameters& p) {
  validate(r);
  const date at = r.request_date;
  failures out;
  const parameter_reader get{at, out};
  const auto& l = p.loca_pass;
  const auto young_limit = get(l.young_age_limit, "loca_pass.young_age_limit");
  const auto application_months = get(l.application_months, "loca_pass.application_months");
  const auto max_amount = get(l.max_amount, "loca_pass.max_amount");
  const auto min_instalment = get(l.min_instalment, "loca_pass.min_instalment");
  const auto max_instalments = get(l.max_instalments, "loca_pass.max_instalments");
  const auto first_after =
      get(l.first_instalment_after_months, "loca_pass.first_instalment_after_months");
  if (!out.empty()) return refused<loca_pass_grant>(std::move(out));

  const int age = age_of(a, at);
  const employer_sector sector = a.employment.sector;
  std::optional<loca_pass_basis> basis;
  if (sector == employer_sector::private_non_agricultural) {
    basis = loca_pass_basis::private_employee;
  } else if (age < *young_limit) {
    basis = loca_pass_basis::young_person;
  } else {
    out.push_back({aid_reason::over_age_not_private_employee,
                   aid_facts::age_and_sector{age, *young_limit, sector}});
  }
  const date move_in = r.dwelling.move_in;
  const date last_day = add_months(move_in, *application_months);
  if (at > last_day) {
    out.push_back({aid_reason::application_too_late,
                   aid_facts::deadline{move_in, *application_months, last_day, at}});
  }
  const money deposit = r.dwelling.deposit;
  if (deposit <= money{}) out.push_back({aid_reason::no_deposit, aid_facts::deposit{deposit}});
  if (!out.empty()) return refused<loca_pass_grant>(std::move(out));

  const money amount = std::min(deposit, *max_amount);
  const date advance = std::max(move_in, at);
  return loca_pass_result{loca_pass_grant{
      *basis, amount,
      schedule_for(amount, advance, *min_instalment, *max_instalments, *first_after)}};
}

mobili_jeune_result compute_mobili_jeune(const applicant& a, const aid_request& r,
                                         const aid_parameters& p) {
  validate(r);
  const date at = r.request_date;
  failures out;
  const parameter_reader get{at, out};
  const auto& j = p.mobili_jeune;
  const auto age_limit = get(j.age_limit, "mobili_jeune.age_limit");
  const auto min_monthly = get(j.min_monthly, "mobili_jeune.min_monthly");
  const auto max_monthly = get(j.max_monthly, "mobili_jeune.max_monthly");
  const auto max_agricultural =
      get(j.max_monthly_agricultural, "mobili_jeune.max_monthly_agricultural");
  const auto months = get(j.months, "mobili_jeune.months");
  // Optional: no period means no salary condition on that date (before 15 February 2024).
  struct salary_rule {
    basis_points share;
    money smic;
  };
  std::optional<salary_rule> salary_cap;
  if (const auto share = j.max_salary_share_of_smic.at(at)) {
    if (const auto smic = get(p.smic_gross_monthly, "smic.gross_monthly")) {
      salary_cap = salary_rule{*share, *smic};
    }
  }
  if (!out.empty()) return refused<mobili_jeune_grant>(std::move(out));

  const int age = age_of(a, at);
  const employment& e = a.employment;
  if (age >= *age_limit) {
    out.push_back({aid_reason::age_limit_reached, aid_facts::age_bound{age, *age_limit}});
  }
  if (e.contract != contract_type::apprenticeship &&
      e.contract != contract_type::professionalisation) {
    out.push_back({aid_reason::contract_not_work_study, aid_facts::contract{e.contract}});
  }
  const bool agricultural = e.sector == employer_sector::agricultural;
  const bool employer_ok = agricultural || (e.sector == employer_sector::private_non_agricultural &&
                                            e.peec != peec_status::none);
  if (!employer_ok) {
    out.push_back({aid_reason::employer_not_eligible, aid_facts::employer{e.sector, e.peec}});
  }
  if (salary_cap && e.gross_monthly_salary.in_cents() * 10000 >
                        salary_cap->share.value * salary_cap->smic.in_cents()) {
    const money limit = money::cents(salary_cap->share.value * salary_cap->smic.in_cents() / 10000);
    out.push_back(
        {aid_reason::salary_above_smic_share,
         aid_facts::salary{e.gross_monthly_salary, salary_cap->smic, salary_cap->share, limit}});
  }
  const money rent = r.dwelling.rent_and_charges;
  const money net = rent - r.dwelling.housing_benefit;
  if (net <= money{}) {
    out.push_back(
        {aid_reason::nothing_to_cover, aid_facts::net_rent{rent, r.dwelling.housing_benefit}});
  }
  if (!out.empty()) return refused<mobili_jeune_grant>(std::move(out));

  const money cap = agricultural ? *max_agricultural : *max_monthly;
  // min then max rather than std::clamp: a data file with min > max must not be UB.
  const money monthly = std::min(cap, std::max(net, *min_monthly));
  return mobili_jeune_result{mobili_jeune_grant{net, *min_monthly, cap, monthly, *months}};
}

mobili_pass_result compute_mobili_pass(const applicant& a, const aid_request& r,
                                       const aid_parameters& p) {
  validate(r);
  const date at = r.request_date;
  failures out;
  const parameter_reader get{at, out};
  const auto& m = p.mobili_pass;
  const auto available = get(m.available, "mobili_pass.available");
  if (available && !*available) {  // suspended: nothing else matters
    return refused<mobili_pass_grant>(
        {{aid_reason::not_available, aid_facts::availability{m.available.period_at(at)->from}}});
  }
  const auto min_headcount = get(m.min_headcount, "mobili_pass.min_headcount");
  const auto km_above = get(m.distance_km_above, "mobili_pass.distance_km_above");
  const auto min_minutes = get(m.min_travel_minutes, "mobili_pass.min_travel_minutes");
  const auto renewal_months = get(m.renewal_months, "mobili_pass.renewal_months");
  const auto application_months = get(m.application_months, "mobili_pass.application_months");
  const auto cap_tight = get(m.max_amount_tight_zones, "mobili_pass.max_amount_tight_zones");
  const auto cap_other = get(m.max_amount_other_zones, "mobili_pass.max_amount_other_zones");
  if (!out.empty()) return refused<mobili_pass_grant>(std::move(out));

  const employment& e = a.employment;
  if (e.sector != employer_sector::private_non_agricultural) {
    out.push_back({aid_reason::employer_not_eligible, aid_facts::employer{e.sector, e.peec}});
  }
  if (e.headcount < *min_headcount) {
    out.push_back(
        {aid_reason::company_too_small, aid_facts::headcount{e.headcount, *min_headcount}});
  }
  if (!a.mobility) {
    out.push_back({aid_reason::no_professional_mobility, std::monostate{}});
  } else {
    const cotation::mobility& mob = *a.mobility;
    if (!(mob.distance_km > *km_above || mob.travel_minutes >= *min_minutes)) {
      out.push_back(
          {aid_reason::mobility_too_short,
           aid_facts::distance{mob.distance_km, *km_above, mob.travel_minutes, *min_minutes}});
    }
    if (mob.event_date.is_special()) {
      out.push_back({aid_reason::input_missing, aid_facts::input{"mobility.event_date"}});
    } else if (const date last_day = add_months(mob.event_date, *application_months);
               at > last_day) {
      out.push_back({aid_reason::application_too_late,
                     aid_facts::deadline{mob.event_date, *application_months, last_day, at}});
    }
  }
  if (r.last_mobili_pass) {
    if (const date next = add_months(*r.last_mobili_pass, *renewal_months); at < next) {
      out.push_back({aid_reason::received_recently, aid_facts::renewal{*r.last_mobili_pass, next}});
    }
  }
  if (!r.dwelling.abc_zone) {
    out.push_back({aid_reason::input_missing, aid_facts::input{"dwelling.abc_zone"}});
  }
  if (!out.empty()) return refused<mobili_pass_grant>(std::move(out));

  const abc_zone zone = *r.dwelling.abc_zone;
  const bool tight = zone == abc_zone::a_bis || zone == abc_zone::a || zone == abc_zone::b1;
  const money cap = tight ? *cap_tight : *cap_other;
  const money amount = r.mobility_costs ? std::min(*r.mobility_costs, cap) : cap;
  return mobili_pass_result{mobili_pass_grant{zone, cap, amount}};
}

aids_result compute_aids(const applicant& a, const aid_request& r, const aid_parameters& p) {
  return aids_result{compute_visale(a, r, p), compute_loca_pass(a, r, p),
                     compute_mobili_jeune(a, r, p), compute_mobili_pass(a, r, p)};
}

// ---------------------------------------------------------------------------------------------
// Sentences

namespace {

std::string month_of(date d) {
  return fmt::format("{:04}-{:02}", static_cast<int>(d.year()), static_cast<int>(d.month()));
}

std::string_view area_words(dwelling_area a) {
  return a == dwelling_area::ile_de_france ? "in Île-de-France" : "outside Île-de-France";
}

std::string_view sector_words(employer_sector s) {
  switch (s) {
    case employer_sector::private_non_agricultural:
      return "a private non-agricultural company";
    case employer_sector::agricultural:
      return "the agricultural sector";
    case employer_sector::public_sector:
      return "the public sector";
  }
  return "?";
}

struct describer {
  aid_reason reason;

  std::string operator()(std::monostate) const {
    return "no professional mobility (hiring, transfer or company relocation)";
  }
  std::string operator()(const aid_facts::parameter& f) const {
    return fmt::format("parameter '{}' has no value in force on {}", f.name, f.at);
  }
  std::string operator()(const aid_facts::input& f) const {
    return fmt::format("'{}' is needed and not given", f.field);
  }
  std::string operator()(const aid_facts::age_bound& f) const {
    if (reason == aid_reason::below_minimum_age) {
      return fmt::format("aged {}, under the minimum age {}", f.age, f.limit);
    }
    return fmt::format("aged {}, the aid is for people under {}", f.age, f.limit);
  }
  std::string operator()(const aid_facts::age_and_sector& f) const {
    if (reason == aid_reason::over_age_public_sector) {
      return fmt::format(
          "aged {}, over {}, and employed in {} (over that age only private or "
          "agricultural employees qualify)",
          f.age, f.limit, sector_words(f.sector));
    }
    return fmt::format(
        "aged {}, not under {}, and employed in {} rather than a private "
        "non-agricultural company",
        f.age, f.limit, sector_words(f.sector));
  }
  std::string operator()(const aid_facts::employee_cases& f) const {
    std::string job;
    if (f.contract == contract_type::cdi) {
      job = "a confirmed CDI is not a new job";
    } else if (!f.job_start) {
      job = fmt::format("{} contract without a start date", f.contract);
    } else {
      job = fmt::format("{} contract started on {}, not within the last {} months", f.contract,
                        *f.job_start, f.new_job_months);
    }
    const std::string transfer = f.transfer
                                     ? fmt::format("transfer on {} not within the last {} months",
                                                   *f.transfer, f.transfer_months)
                                     : fmt::format("no transfer");
    const std::string promise =
        f.job_promise ? fmt::format("job promise starting {} not within the next {} months",
                                    *f.job_promise, f.job_promise_months)
                      : fmt::format("no job promise");
    return fmt::format(
        "aged {}, over {}, and no employee case applies: {}; net salary {} above "
        "{}; {}; {}",
        f.age, f.max_age, job, f.net_salary, f.max_net_salary, transfer, promise);
  }
  std::string operator()(const aid_facts::rent_cap& f) const {
    return fmt::format("rent and charges {} above the {}cap {} {}", f.rent,
                       f.student ? "student " : "", f.cap, area_words(f.area));
  }
  std::string operator()(const aid_facts::rent_share& f) const {
    if (!f.share) {
      return fmt::format("rent and charges {} with no monthly resources (at most {} of them)",
                         f.rent, f.max);
    }
    return fmt::format("rent and charges {} are {} of the monthly resources {}, above {}", f.rent,
                       *f.share, f.resources, f.max);
  }
  std::string operator()(const aid_facts::deadline& f) const {
    return fmt::format("asked on {}, after the deadline {} ({} months after {})", f.request,
                       f.last_day, f.months, f.event);
  }
  std::string operator()(const aid_facts::deposit& f) const {
    return fmt::format("no deposit to advance (deposit {})", f.amount);
  }
  std::string operator()(const aid_facts::contract& f) const {
    return fmt::format(
        "a {} contract is neither an apprenticeship nor a professionalisation "
        "contract",
        f.type);
  }
  std::string operator()(const aid_facts::employer& f) const {
    if (f.sector == employer_sector::private_non_agricultural) {
      return fmt::format(
          "the employer is a private non-agricultural company with PEEC status "
          "'{}' (contributing or compensated required)",
          f.peec);
    }
    return fmt::format("the employer is in {}", sector_words(f.sector));
  }
  std::string operator()(const aid_facts::headcount& f) const {
    return fmt::format("the company has {} staff, at least {} required", f.staff, f.min);
  }
  std::string operator()(const aid_facts::salary& f) const {
    return fmt::format("gross monthly salary {} above {} of the SMIC {} ({})", f.gross, f.max_share,
                       f.smic, f.limit);
  }
  std::string operator()(const aid_facts::net_rent& f) const {
    return fmt::format("the housing benefit {} covers the rent and charges {}", f.housing_benefit,
                       f.rent);
  }
  std::string operator()(const aid_facts::availability& f) const {
    if (!f.since) return "the aid is not available";
    return fmt::format("the aid is suspended since {}", *f.since);
  }
  std::string operator()(const aid_facts::distance& f) const {
    return fmt::format(
        "{} km (more than {} required) and {} minutes of travel ({} or more "
        "required)",
        f.km, f.more_than_km, f.minutes, f.min_minutes);
  }
  std::string operator()(const aid_facts::renewal& f) const {
    return fmt::format("last received on {}, possible again from {}", f.last, f.next_possible);
  }
};

}  // namespace

std::string describe(const aid_failure& f) {
  return fmt::format("{}: {}", f.reason, std::visit(describer{f.reason}, f.facts));
}

std::string describe(const visale_grant& g) {
  return fmt::format(
      "guarantee of rent and charges {} (cap {}), {} unpaid months covered (basis: {})", g.rent,
      g.rent_cap, g.covered_months, g.basis);
}

std::string describe(const loca_pass_grant& g) {
  const repayment_schedule& s = g.repayment;
  const std::string instalments =
      s.count == 1 ? fmt::format("in one instalment of {} in {}", s.last, month_of(s.first_month))
      : s.last == s.regular
          ? fmt::format("in {} monthly instalments of {} from {} to {}", s.count, s.regular,
                        month_of(s.first_month), month_of(s.last_month()))
          : fmt::format("in {} monthly instalments ({} of {} then one of {}) from {} to {}",
                        s.count, s.count - 1, s.regular, s.last, month_of(s.first_month),
                        month_of(s.last_month()));
  return fmt::format("advance of {} paid on {} (basis: {}), repaid {}", g.amount, s.advance,
                     g.basis, instalments);
}

std::string describe(const mobili_jeune_grant& g) {
  return fmt::format(
      "{} a month for {} months ({}): rent and charges less housing benefit {}, "
      "within [{}, {}]",
      g.monthly, g.months, g.total(), g.net_rent, g.min_monthly, g.max_monthly);
}

std::string describe(const mobili_pass_grant& g) {
  if (g.amount == g.cap) return fmt::format("up to {} (zone {})", g.cap, g.zone);
  return fmt::format("{} (the costs; cap {} in zone {})", g.amount, g.cap, g.zone);
}

std::string_view to_string(aid_kind k) noexcept {
  switch (k) {
    case aid_kind::visale:
      return "Visale";
    case aid_kind::loca_pass:
      return "Loca-Pass";
    case aid_kind::mobili_jeune:
      return "Mobili-Jeune";
    case aid_kind::mobili_pass:
      return "Mobili-Pass";
  }
  return "?";
}

std::string_view to_string(dwelling_area a) noexcept {
  switch (a) {
    case dwelling_area::ile_de_france:
      return "ile_de_france";
    case dwelling_area::elsewhere:
      return "elsewhere";
  }
  return "?";
}

std::string_view to_string(abc_zone z) noexcept {
  switch (z) {
    case abc_zone::a_bis:
      return "A bis";
    case abc_zone::a:
      return "A";
    case abc_zone::b1:
      return "B1";
    case abc_zone::b2:
      return "B2";
    case abc_zone::c:
      return "C";
  }
  return "?";
}

std::string_view to_string(aid_reason r) noexcept {
  switch (r) {
    case aid_reason::parameter_missing:
      return "parameter_missing";
    case aid_reason::input_missing:
      return "input_missing";
    case aid_reason::below_minimum_age:
      return "below_minimum_age";
    case aid_reason::over_age_public_sector:
      return "over_age_public_sector";
    case aid_reason::over_age_no_employee_case:
      return "over_age_no_employee_case";
    case aid_reason::rent_above_cap:
      return "rent_above_cap";
    case aid_reason::rent_above_resources_share:
      return "rent_above_resources_share";
    case aid_reason::over_age_not_private_employee:
      return "over_age_not_private_employee";
    case aid_reason::application_too_late:
      return "application_too_late";
    case aid_reason::no_deposit:
      return "no_deposit";
    case aid_reason::age_limit_reached:
      return "age_limit_reached";
    case aid_reason::contract_not_work_study:
      return "contract_not_work_study";
    case aid_reason::employer_not_eligible:
      return "employer_not_eligible";
    case aid_reason::salary_above_smic_share:
      return "salary_above_smic_share";
    case aid_reason::nothing_to_cover:
      return "nothing_to_cover";
    case aid_reason::not_available:
      return "not_available";
    case aid_reason::company_too_small:
      return "company_too_small";
    case aid_reason::no_professional_mobility:
      return "no_professional_mobility";
    case aid_reason::mobility_too_short:
      return "mobility_too_short";
    case aid_reason::received_recently:
      return "received_recently";
  }
  return "?";
}

std::string_view to_string(visale_basis b) noexcept {
  switch (b) {
    case visale_basis::age:
      return "age";
    case visale_basis::new_job:
      return "new_job";
    case visale_basis::low_salary:
      return "low_salary";
    case visale_basis::transfer:
      return "transfer";
    case visale_basis::job_promise:
      return "job_promise";
  }
  return "?";
}

std::string_view to_string(loca_pass_basis b) noexcept {
  switch (b) {
    case loca_pass_basis::private_employee:
      return "private_employee";
    case loca_pass_basis::young_person:
      return "young_person";
  }
  return "?";
}

}  // namespace cotation
