// SPDX-License-Identifier: MIT
#include <cotation/ceilings.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>

#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <unordered_set>

#include "detail/random.hpp"
#include "detail/require.hpp"
#include "model/household_rank.hpp"
#include "ranking/pool_columns.hpp"
#include "simulation/generator_world.hpp"

namespace cotation {

namespace {

using boost::gregorian::days;
using detail::draw_quantile;
using detail::pick_cumulative;
using detail::pick_weighted;
using detail::quantile_point;
using detail::rng;

// Stream tags, so that applicants, offers and positionings of one seed are independent.
constexpr std::uint64_t applicant_stream = 0x6170706C;      // "appl"
constexpr std::uint64_t offer_stream = 0x6F666672;          // "offr"
constexpr std::uint64_t positioning_stream = 0x706F7369;    // "posi"
constexpr std::uint64_t offers_of_population = 0x706F6F6C;  // "pool"
constexpr std::uint64_t attribution_stream = 0x61747472;    // "attr"

constexpr int months_per_year = 12;
constexpr int max_seniority_days = 3653;  // ten years

// ---- Distributions (documented in generator.hpp) -------------------------------------------

// Household persons 1..8, in basis points.
constexpr std::array<std::uint32_t, 8> persons_weights = {3800, 2500, 1600, 1200, 600, 200, 70, 30};

// Share of single-parent families by household size 2, 3, 4, 5+ (basis points).
constexpr std::array<std::int64_t, 4> single_parent_bp = {5000, 4000, 2500, 1500};

constexpr quantile_point age_years[] = {{0, 18},     {12000, 25}, {32000, 30}, {62000, 40},
                                        {82000, 50}, {95000, 60}, {100000, 68}};

constexpr quantile_point seniority_days[] = {
    {0, 0}, {35000, 365}, {57000, 730}, {71000, 1095}, {86000, 1826}, {100000, max_seniority_days}};

// N-2 income over the household's PLUS ceiling, in basis points.
constexpr quantile_point income_factor_bp[] = {
    {0, 500},      {5000, 2500},   {10000, 3500},  {20000, 4800},  {32000, 6000},  {50000, 7600},
    {65000, 9000}, {75000, 10000}, {85000, 11500}, {95000, 14500}, {100000, 22000}};

// Budget over the typical rent of the wished typology, in basis points.
constexpr quantile_point budget_factor_bp[] = {
    {0, 8000}, {20000, 9500}, {50000, 11000}, {90000, 14000}, {100000, 18000}};

// CDI tenure in days.
constexpr quantile_point cdi_tenure_days[] = {
    {0, 120}, {20000, 365}, {50000, 1095}, {80000, 2920}, {100000, 7300}};

constexpr quantile_point mobility_km[] = {{0, 15}, {45000, 70}, {80000, 300}, {100000, 900}};

// Typical dwelling: surface by typology T1..T6 (m²) and PLUS rent by zone (cents per m²).
constexpr std::array<std::int64_t, 6> typical_surface = {29, 46, 65, 80, 95, 110};
constexpr std::array<std::int64_t, 3> typical_rent_per_m2 = {1300, 1000, 700};
constexpr std::int64_t typical_charges_per_m2 = 200;

// Offers: surface ranges by typology T1..T5 and PLUS rent ranges by zone (cents per m²).
constexpr std::array<std::array<std::int64_t, 2>, 5> offer_surface = {
    {{20, 35}, {40, 52}, {58, 72}, {72, 88}, {85, 105}}};
constexpr std::array<std::array<std::int64_t, 2>, 3> offer_rent_per_m2 = {
    {{1200, 1400}, {900, 1100}, {600, 800}}};
constexpr std::array<std::array<std::int64_t, 2>, 3> private_rent_per_m2 = {
    {{2400, 3000}, {1500, 2000}, {900, 1300}}};

[[nodiscard]] std::size_t zone_slot(income_zone z) noexcept {
  return static_cast<std::size_t>(number(z) - 1);
}

[[nodiscard]] date years_before(date d, int years) {
  return add_months(d, -months_per_year * years);
}

// Uniform date in [lo, hi] (lo <= hi).
[[nodiscard]] date uniform_date(rng& r, date lo, date hi) {
  const auto span = (hi - lo).days();
  return lo + days(static_cast<long>(r.below(static_cast<std::uint32_t>(span + 1))));
}

// The zone of a department as a whole: Paris zone 1, the rest of Île-de-France zone 2.
[[nodiscard]] income_zone department_zone(department d) noexcept {
  if (d.code() == "075") return income_zone::zone_1;
  return d.in_ile_de_france() ? income_zone::zone_2 : income_zone::zone_3;
}

// Typical rent + charges of a dwelling of `rooms` rooms in `zone`, in cents.
[[nodiscard]] std::int64_t typical_total_rent(int rooms, income_zone zone) noexcept {
  const std::int64_t surface =
      typical_surface[static_cast<std::size_t>(std::clamp(rooms, 1, 6) - 1)];
  return surface * (typical_rent_per_m2[zone_slot(zone)] + typical_charges_per_m2);
}

// An APL-like benefit (ours): min(rent, cap) minus a participation growing with resources.
[[nodiscard]] money housing_benefit(std::int64_t rent_cents, std::int64_t resources_cents,
                                    int persons, income_zone zone) noexcept {
  static constexpr std::array<std::int64_t, 3> cap_base = {33000, 29000, 27000};
  static constexpr std::array<std::int64_t, 3> cap_person = {7000, 6000, 5500};
  const std::int64_t others = persons - 1;
  const std::int64_t cap = cap_base[zone_slot(zone)] + cap_person[zone_slot(zone)] * others;
  const std::int64_t floor = 60000 + 20000 * others;
  const std::int64_t participation =
      4000 + std::max<std::int64_t>(0, resources_cents - floor) * 30 / 100;
  const std::int64_t benefit = std::min(rent_cents, cap) - participation;
  return benefit < 1000 ? money{} : money::cents(benefit);
}

[[nodiscard]] money round_to_ten_euros(std::int64_t cents) noexcept {
  return money::euros((cents + 500) / 1000 * 10);
}

using detail::require;
using detail::require_share;

// ---- Applicants -----------------------------------------------------------------------------

// Everything shared by the draws of one population.
struct population_context {
  const detail::world& world;
  const population_options& options;
  std::vector<detail::employer_entry> employers;
  std::array<std::vector<std::uint32_t>, 3> employers_by_size;
  // PLUS ceiling in cents by zone and household rank 1..15 (rank = persons + category bump).
  std::array<std::array<std::int64_t, 16>, 3> plus_ceiling{};
  // Next sequence number by department and filing month (months before the reference month).
  std::vector<std::uint32_t> sequence;
  int reference_month = 0;  // year * 12 + month - 1 of the reference date
};

// The ceilings' year: the reference year when its PLUS table is published, otherwise the
// nearest published year (the latest before it, or the first one).
[[nodiscard]] int plus_year(const ceiling_table& table, int reference_year) {
  const auto published = [&](int y) {
    return std::holds_alternative<money>(
        table.lookup(financing::plus, y, income_zone::zone_3, household_category{1, 0}));
  };
  std::optional<int> before;
  std::optional<int> after;
  for (const int y : table.years()) {
    if (!published(y)) continue;
    if (y <= reference_year) before = y;
    if (y > reference_year && !after) after = y;
  }
  if (before) return *before;
  require(after.has_value(), "population_options.reference", "no PLUS ceiling table is published");
  return *after;
}

population_context make_context(const population_options& o) {
  detail::require_drawable_date(o.reference, "population_options.reference");
  require(o.employers >= 1, "population_options.employers", "needs at least one employer");
  require(o.employers <= 1'000'000, "population_options.employers", "at most 1 000 000 employers");
  require_share(o.complete_dossiers, "population_options.complete_dossiers");
  require_share(o.expired, "population_options.expired");
  require_share(o.removed, "population_options.removed");
  require_share(basis_points{o.expired.value + o.removed.value}, "population_options.expired");

  population_context c{
      detail::world::get(), o, detail::employer_directory(o.employers), {}, {}, {}, 0};
  for (std::uint32_t j = 0; j < c.employers.size(); ++j) {
    c.employers_by_size[static_cast<std::size_t>(c.employers[j].size)].push_back(j);
  }
  const ceiling_table& table = ceiling_table::embedded();
  const int year = plus_year(table, o.reference.year());
  for (std::size_t z = 0; z < 3; ++z) {
    std::int64_t previous = 0;
    for (int rank = 1; rank < 16; ++rank) {
      const auto l = table.lookup(financing::plus, year, static_cast<income_zone>(z + 1),
                                  detail::category_of_rank(rank));
      const auto* m = std::get_if<money>(&l);
      previous = m != nullptr ? m->in_cents() : previous;
      c.plus_ceiling[z][static_cast<std::size_t>(rank)] = previous;
    }
  }
  c.sequence.assign(static_cast<std::size_t>(department::count) * (max_seniority_days / 28 + 2), 0);
  c.reference_month = o.reference.year() * months_per_year + o.reference.month() - 1;
  return c;
}

void put_digits(char* out, std::uint32_t value, int width) {
  for (int k = width - 1; k >= 0; --k) {
    out[k] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

[[nodiscard]] char alnum(std::uint32_t v) noexcept {
  v %= 36;
  return static_cast<char>(v < 10 ? '0' + v : 'A' + (v - 10));
}

request_number make_number(population_context& c, rng& r, department d, date filing) {
  const int filing_month = filing.year() * months_per_year + filing.month() - 1;
  const auto months_ago = static_cast<std::size_t>(c.reference_month - filing_month);
  const std::size_t per_department = c.sequence.size() / department::count;
  std::uint32_t& next = c.sequence[d.index() * per_department + months_ago];
  if (next >= 99999) {
    throw invalid_argument(
        "population_options.requests",
        fmt::format("more than 99 999 requests filed in department {} in {:02}/{}: "
                    "the request number's sequence has five digits",
                    d, static_cast<int>(filing.month()), static_cast<int>(filing.year())));
  }
  ++next;
  std::array<char, request_number::length> s{};
  const std::string_view dc = d.code();
  std::copy(dc.begin(), dc.end(), s.begin());
  put_digits(&s[3], static_cast<std::uint32_t>(filing.month()), 2);
  put_digits(&s[5], static_cast<std::uint32_t>(filing.year() % 100), 2);
  put_digits(&s[7], next, 5);
  std::uint32_t check = 0;
  for (std::size_t k = 0; k < 12; ++k) {
    check += static_cast<std::uint32_t>(k + 1) * static_cast<unsigned char>(s[k]);
  }
  s[12] = alnum(check);
  if (r.chance(5000)) {
    constexpr std::string_view web = "GDPUB";
    std::copy(web.begin(), web.end(), s.begin() + 13);
  } else {
    // The department's desks: "59900".."59904", "2A900", "97400".."97404".
    const std::string_view short_code = dc[0] == '0' ? dc.substr(1) : dc;
    std::size_t k = 13;
    for (const char ch : short_code) s[k++] = ch;
    if (short_code.size() == 2) s[k++] = '9';
    put_digits(&s[k], r.below(5), 2);
  }
  return request_number::parse({s.data(), s.size()});
}

// The household, the reference person's age and the filing date, drawn together: children are
// born before the filing, the reference person is an adult at filing, and an expired request
// needs some seniority.
struct household_draw {
  household h;
  date birth;  // of the reference person
  int age = 18;
  int persons = 1;
  int children = 0;
  bool couple = false;
  bool single_parent = false;
  date filing;
  std::int64_t seniority = 0;  // days
  bool expired = false;        // may be dropped when the person is too young for it
};

// An expired request lapsed within the last 6 months after at least a year: 18 months or more.
constexpr std::int64_t min_expired_seniority = 548;

household_draw draw_household(rng& r, date ref, bool expired) {
  household_draw d;
  d.persons = static_cast<int>(pick_weighted(r, persons_weights)) + 1;
  if (d.persons >= 2) {
    d.single_parent =
        r.chance(single_parent_bp[static_cast<std::size_t>(std::min(d.persons, 5) - 2)]);
  }
  d.couple = d.persons >= 2 && !d.single_parent;
  d.children = d.persons - (d.couple ? 2 : 1);

  d.age = static_cast<int>(draw_quantile(r, age_years));
  if (d.children > 0 && d.age < 21) d.age = 21 + static_cast<int>(r.below(15));
  d.birth = years_before(ref, d.age) - days(static_cast<long>(r.below(365)));
  const date adult = add_months(d.birth, 18 * months_per_year);
  const auto max_seniority =
      static_cast<std::int64_t>(std::min<long>((ref - adult).days(), max_seniority_days));
  d.seniority = draw_quantile(r, seniority_days);
  if (expired) {
    for (int attempt = 0; attempt < 8 && d.seniority < min_expired_seniority; ++attempt) {
      d.seniority = draw_quantile(r, seniority_days);
    }
    if (d.seniority < min_expired_seniority) d.seniority = min_expired_seniority + r.below(1000);
  }
  if (d.seniority > max_seniority) {
    d.seniority = r.below(static_cast<std::uint32_t>(max_seniority + 1));
  }
  d.expired = expired && d.seniority >= min_expired_seniority;
  d.filing = ref - days(static_cast<long>(d.seniority));

  household& h = d.h;
  h.members.reserve(static_cast<std::size_t>(d.persons));
  h.members.push_back(member{d.birth, member_role::reference_person, false, false});
  if (d.couple) {
    const long gap = static_cast<long>(r.below(2191)) + static_cast<long>(r.below(2191)) - 2190;
    const date partner_birth = std::min(d.birth + days(gap), years_before(d.filing, 18));
    h.members.push_back(member{partner_birth, member_role::partner, false, false});
  }
  if (d.children > 0) {
    const date lo = std::min(d.filing, std::max(adult, years_before(ref, 19)));
    std::array<date, 8> births{};
    const auto n = static_cast<std::size_t>(d.children);
    for (std::size_t k = 0; k < n; ++k) births[k] = uniform_date(r, lo, d.filing);
    std::sort(births.begin(), births.begin() + d.children);
    for (std::size_t k = 0; k < n; ++k) {
      h.members.push_back(member{births[k], member_role::dependant, false, false});
    }
    if (r.chance(d.single_parent ? 1200 : 400)) h.members.back().alternating_custody = true;
  }
  if (r.chance(300)) h.members.front().disabled = true;
  if (d.persons > 1 && r.chance(200)) {
    h.members[1 + r.below(static_cast<std::uint32_t>(d.persons - 1))].disabled = true;
  }
  return d;
}

// Where: anywhere 2 %, communes of the home department 10 %, else the home department and,
// sometimes, a neighbouring one.
wishes draw_area(rng& r, const detail::world& w, department home) {
  wishes wish;
  const auto area = r.below(10000);
  if (area < 200) return wish;  // anywhere: both lists empty
  if (area < 1200) {
    const auto& communes = w.communes[home.index()];
    const std::uint32_t n = 1 + r.below(3);
    wish.communes.reserve(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      const commune_code cc = communes.codes[pick_cumulative(r, communes.cumulative)];
      if (std::find(wish.communes.begin(), wish.communes.end(), cc) == wish.communes.end()) {
        wish.communes.push_back(cc);
      }
    }
    return wish;
  }
  const auto& near = w.neighbours[home.index()];
  const bool two = !near.empty() && r.chance(1500);
  wish.departments.reserve(two ? 2 : 1);
  wish.departments.push_back(home);
  if (two) {
    wish.departments.push_back(near[pick_cumulative(r, w.neighbours_cumulative[home.index()])]);
  }
  return wish;
}

struct income_draw {
  std::vector<annual_income> incomes;
  std::int64_t resources = 0;   // cents a month
  std::int64_t net_salary = 0;  // cents a month
};

// Incomes around the household's PLUS ceiling, then resources and salary consistent with them.
income_draw draw_incomes(rng& r, const population_context& c, const household_draw& d,
                         income_zone zone) {
  const date ref = c.options.reference;
  const bool disabled = d.h.has_disabled_member();
  const bool young = d.couple && d.children == 0 && d.h.is_young_household(ref);
  // The household category's rank (SPEC 3.1): persons, plus one for any bump.
  const int rank = std::min(15, d.persons + ((disabled || d.single_parent || young) ? 1 : 0));
  const std::int64_t ceiling = c.plus_ceiling[zone_slot(zone)][static_cast<std::size_t>(rank)];
  const std::int64_t n2_euros = ceiling / 100 * draw_quantile(r, income_factor_bp) / 10000;
  const bool drop = r.chance(1200);
  const std::int64_t n1_factor = drop ? r.between(5000, 8900) : r.between(9500, 11000);
  const std::int64_t n1_euros = n2_euros * n1_factor / 10000;
  const int year = ref.year();

  income_draw out;
  out.incomes = {{year - 2, money::euros(n2_euros)}, {year - 1, money::euros(n1_euros)}};
  const std::int64_t earned = n1_euros * 100 * 10 / 9 / months_per_year;
  std::int64_t family = 0;
  if (d.children >= 2) {
    family = 14800 + (d.children >= 3 ? 19000 : 0) + 19000 * std::max(0, d.children - 3);
  }
  if (d.single_parent) family += 10000 * d.children;
  const std::int64_t floor = 65000 + 25000 * (d.persons - 1);
  const std::int64_t share = d.couple ? r.between(5500, 7000) : 10000;
  out.net_salary = std::max<std::int64_t>(70000, earned * share / 10000 / 100 * 100);
  out.resources = std::max({earned + family, floor, out.net_salary}) / 100 * 100;
  return out;
}

employment draw_employment(rng& r, const population_context& c, const household_draw& d,
                           std::int64_t net_salary) {
  employment job;
  const std::size_t size_kind = pick_weighted(r, std::array<std::uint32_t, 3>{45, 25, 30});
  const auto& candidates = c.employers_by_size[size_kind].empty()
                               ? c.employers_by_size[static_cast<std::size_t>(c.employers[0].size)]
                               : c.employers_by_size[size_kind];
  const detail::employer_entry& e =
      c.employers[candidates[r.below(static_cast<std::uint32_t>(candidates.size()))]];
  job.employer = e.id;
  job.size = e.size;
  job.peec = e.peec;
  job.sector = e.sector;
  job.headcount = e.headcount;
  static constexpr std::array<contract_type, 6> contracts = {contract_type::cdi,
                                                             contract_type::cdd,
                                                             contract_type::trial_period,
                                                             contract_type::interim,
                                                             contract_type::apprenticeship,
                                                             contract_type::professionalisation};
  job.contract =
      contracts[pick_weighted(r, std::array<std::uint32_t, 6>{7000, 1200, 600, 500, 400, 300})];
  const bool work_study = job.contract == contract_type::apprenticeship ||
                          job.contract == contract_type::professionalisation;
  if (work_study && d.age >= 30) job.contract = contract_type::cdd;
  std::int64_t tenure = 0;
  switch (job.contract) {
    case contract_type::trial_period:
      tenure = r.below(120);
      break;
    case contract_type::cdd:
    case contract_type::interim:
      tenure = r.below(548);
      break;
    case contract_type::apprenticeship:
    case contract_type::professionalisation:
      tenure = r.below(730);
      break;
    case contract_type::cdi:
      tenure = draw_quantile(r, cdi_tenure_days);
      break;
  }
  job.job_start = std::max(c.options.reference - days(static_cast<long>(tenure)),
                           add_months(d.birth, 16 * months_per_year));
  job.net_monthly_salary = money::cents(net_salary);
  job.gross_monthly_salary = money::cents(net_salary * 100 / 78);
  return job;
}

// A professional mobility for 10 %; a new job starts on the mobility's date.
std::optional<mobility> draw_mobility(rng& r, date ref, employment& job) {
  if (!r.chance(1000)) return std::nullopt;
  mobility m;
  m.kind =
      static_cast<mobility_kind>(pick_weighted(r, std::array<std::uint32_t, 3>{6000, 3000, 1000}));
  m.event_date = ref - days(static_cast<long>(r.below(365)));
  m.distance_km = static_cast<std::int32_t>(draw_quantile(r, mobility_km));
  m.travel_minutes = std::min<std::int32_t>(
      600, 10 + m.distance_km * 9 / 10 + static_cast<std::int32_t>(r.below(30)));
  if (m.kind == mobility_kind::new_job) job.job_start = std::max(m.event_date, job.job_start);
  return m;
}

[[nodiscard]] bool is_tenant(housing_status s) noexcept {
  return s == housing_status::private_tenant || s == housing_status::social_tenant;
}

current_housing draw_housing(rng& r, int age, int persons, income_zone zone,
                             std::int64_t resources) {
  static constexpr std::array<housing_status, 5> statuses = {
      housing_status::private_tenant, housing_status::social_tenant, housing_status::hosted,
      housing_status::homeless_or_shelter, housing_status::owner};
  current_housing now;
  now.status =
      statuses[age < 25 ? pick_weighted(r, std::array<std::uint32_t, 5>{35, 8, 50, 5, 2})
                        : pick_weighted(r, std::array<std::uint32_t, 5>{38, 27, 26, 4, 5})];
  if (is_tenant(now.status)) {
    const bool social = now.status == housing_status::social_tenant;
    const std::int64_t surface = std::max<std::int64_t>(
        15, (social ? 25 : 20) + (social ? 15 : 12) * persons + r.between(-5, 10));
    const auto& range =
        social ? offer_rent_per_m2[zone_slot(zone)] : private_rent_per_m2[zone_slot(zone)];
    const std::int64_t rent = surface * (r.between(range[0], range[1]) + typical_charges_per_m2);
    now.rent_and_charges = money::cents(rent);
    now.housing_benefit = housing_benefit(rent, resources, persons, zone);
  }
  return now;
}

situation draw_situation(rng& r, const household_draw& d, housing_status status) {
  situation s;
  s.dalo = r.chance(200);
  s.domestic_violence = r.chance(100);
  s.key_worker = r.chance(800);
  s.threatened_with_eviction = is_tenant(status) && r.chance(400);
  const bool precarious =
      status == housing_status::private_tenant || status == housing_status::hosted;
  s.non_decent_or_overcrowded = r.chance(precarious ? 800 : 200);
  s.disability = d.h.has_disabled_member();
  s.single_parent = d.single_parent;
  return s;
}

// Refusals within the last two years, never before the filing; an applicant's refusal follows
// the attribution it refuses.
history draw_history(rng& r, date filing, date ref) {
  history past;
  const date events_from = std::max(filing, ref - days(730));
  if (r.chance(400)) {
    const int n = r.chance(1500) ? 2 : 1;
    for (int k = 0; k < n; ++k) {
      const date refusal = uniform_date(r, events_from, ref);
      past.applicant_refusals.push_back(refusal);
      past.attributions.push_back(std::max(filing, refusal - days(static_cast<long>(r.below(14)))));
    }
    std::sort(past.applicant_refusals.begin(), past.applicant_refusals.end());
    std::sort(past.attributions.begin(), past.attributions.end());
  }
  if (r.chance(300)) past.commission_refusals.push_back(uniform_date(r, events_from, ref));
  return past;
}

dossier draw_dossier(rng& r, basis_points complete) {
  dossier file;
  const bool permit = r.chance(800);
  file.required.reserve(permit ? 6 : 5);
  for (const document_kind k :
       {document_kind::identity, document_kind::tax_notice, document_kind::payslips,
        document_kind::employment_contract, document_kind::housing_situation}) {
    file.required.push_back(document{k, true});
  }
  if (permit) file.required.push_back(document{document_kind::residence_permit, true});
  file.employer_validated = true;
  if (r.chance(complete.value)) return file;
  if (r.chance(6700)) {
    const int missing = 1 + static_cast<int>(r.below(2));
    for (int k = 0; k < missing; ++k) {
      file.required[r.below(static_cast<std::uint32_t>(file.required.size()))].validated = false;
    }
    file.employer_validated = r.chance(5000);
  } else {
    file.employer_validated = false;
  }
  return file;
}

// Typologies around the household size and a budget around the typical rent.
void draw_typologies_and_budget(rng& r, wishes& wish, int persons, income_zone zone) {
  const int centre = std::min(persons, 6);
  std::array<int, 4> wanted{};
  std::size_t count = 0;
  switch (pick_weighted(r, std::array<std::uint32_t, 5>{4000, 2000, 1500, 1700, 800})) {
    case 0:
      wanted = {centre, centre + 1};
      count = 2;
      break;
    case 1:
      wanted = {centre - 1, centre};
      count = 2;
      break;
    case 2:
      wanted = {centre - 1, centre, centre + 1};
      count = 3;
      break;
    case 3:
      wanted = {centre};
      count = 1;
      break;
    default:
      break;  // any typology
  }
  if (count > 0 && r.chance(300)) wanted[count++] = centre + 2;
  wish.typologies.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const int t = std::clamp(wanted[k], 1, 6);
    if (std::find(wish.typologies.begin(), wish.typologies.end(), t) == wish.typologies.end()) {
      wish.typologies.push_back(t);
    }
  }
  const int largest = wish.typologies.empty()
                          ? centre
                          : *std::max_element(wish.typologies.begin(), wish.typologies.end());
  if (r.chance(9000)) {
    wish.max_rent = round_to_ten_euros(typical_total_rent(largest, zone) *
                                       draw_quantile(r, budget_factor_bp) / 10000);
  }
}

applicant draw_applicant(population_context& c, std::size_t index) {
  const population_options& o = c.options;
  const date ref = o.reference;
  rng r(detail::mix_seed(o.seed, applicant_stream, index));

  const department home = o.only_department ? *o.only_department
                                            : department::from_index(static_cast<std::uint16_t>(
                                                  pick_cumulative(r, c.world.demand_cumulative)));
  // The validity outcome comes first: an expired request needs some seniority.
  const auto outcome = static_cast<std::int64_t>(r.below(10000));
  const bool removed = outcome >= o.expired.value && outcome < o.expired.value + o.removed.value;
  household_draw d = draw_household(r, ref, outcome < o.expired.value);

  wishes wish = draw_area(r, c.world, home);
  const income_zone zone =
      wish.communes.empty() ? department_zone(home) : zone_of(wish.communes.front());
  income_draw money_facts = draw_incomes(r, c, d, zone);
  employment job = draw_employment(r, c, d, money_facts.net_salary);
  const std::optional<mobility> move = draw_mobility(r, ref, job);
  const current_housing now = draw_housing(r, d.age, d.persons, zone, money_facts.resources);
  const situation s = draw_situation(r, d, now.status);
  history past = draw_history(r, d.filing, ref);
  dossier file = draw_dossier(r, o.complete_dossiers);
  draw_typologies_and_budget(r, wish, d.persons, zone);

  // Validity: renewed within the last 11 months once a year old, or lapsed, or removed.
  std::optional<date> renewal;
  std::optional<date> removed_on;
  if (d.expired) {
    const date expiry = ref - days(static_cast<long>(r.below(181)));
    renewal = add_months(expiry, -months_per_year);
  } else if (d.seniority >= 365) {
    renewal = std::max(ref - days(static_cast<long>(r.below(335))), add_months(d.filing, 11));
  }
  if (removed) {
    const auto window = static_cast<std::uint32_t>(std::min<std::int64_t>(365, d.seniority) + 1);
    removed_on = ref - days(static_cast<long>(r.below(window)));
  }

  const money benefit = housing_benefit(typical_total_rent(std::min(d.persons, 5), zone),
                                        money_facts.resources, d.persons, zone);
  return applicant{.number = make_number(c, r, home, d.filing),
                   .initial_filing = d.filing,
                   .last_renewal = renewal,
                   .removed_on = removed_on,
                   .household = std::move(d.h),
                   .incomes = std::move(money_facts.incomes),
                   .monthly_resources = money::cents(money_facts.resources),
                   .expected_housing_benefit = benefit,
                   .employment = std::move(job),
                   .mobility = move,
                   .housing = now,
                   .situation = s,
                   .history = std::move(past),
                   .dossier = std::move(file),
                   .wishes = std::move(wish)};
}

}  // namespace

std::vector<applicant> generate_applicants(const population_options& options) {
  population_context c = make_context(options);
  std::vector<applicant> out;
  out.reserve(options.requests);
  for (std::size_t i = 0; i < options.requests; ++i) out.push_back(draw_applicant(c, i));
  return out;
}

// ---- Offers ---------------------------------------------------------------------------------

std::vector<offer> generate_offers(const offer_options& options) {
  const offer_options& o = options;
  detail::require_drawable_date(o.publication_start, "offer_options.publication_start");
  require(o.publication_days_spread >= 1, "offer_options.publication_days_spread",
          "must be at least 1");
  require(o.publication_days >= 1, "offer_options.publication_days", "must be at least 1");
  require(o.shortlist_size >= 1, "offer_options.shortlist_size", "must be at least 1");
  require(o.employers >= 1, "offer_options.employers", "needs at least one employer");
  require(o.employers <= 1'000'000, "offer_options.employers", "at most 1 000 000 employers");
  require_share(o.reserved, "offer_options.reserved");

  const detail::world& w = detail::world::get();
  std::vector<detail::employer_entry> employers;
  std::vector<std::uint32_t> large;  // ETI and GE: the employers that reserve dwellings
  if (o.reserved.value > 0) {
    employers = detail::employer_directory(o.employers);
    for (std::uint32_t j = 0; j < employers.size(); ++j) {
      if (employers[j].size != company_size::pme) large.push_back(j);
    }
    if (large.empty()) large.push_back(0);
  }

  std::vector<offer> out;
  out.reserve(o.offers);
  for (std::size_t k = 0; k < o.offers; ++k) {
    rng r(detail::mix_seed(o.seed, offer_stream, k));
    const department d = o.only_department ? *o.only_department
                                           : department::from_index(static_cast<std::uint16_t>(
                                                 pick_cumulative(r, w.demand_cumulative)));
    const auto& communes = w.communes[d.index()];
    const commune_code commune = communes.codes[pick_cumulative(r, communes.cumulative)];
    const income_zone zone = zone_of(commune);
    const int rooms = static_cast<int>(pick_weighted(
                          r, std::array<std::uint32_t, 5>{1000, 3100, 3400, 1800, 700})) +
                      1;
    const auto& surface_range = offer_surface[static_cast<std::size_t>(rooms - 1)];
    const std::int64_t surface = r.between(surface_range[0], surface_range[1]);
    static constexpr std::array<financing, 3> financings = {financing::plus, financing::plai,
                                                            financing::pls};
    static constexpr std::array<std::int64_t, 3> rent_factor_pct = {100, 90, 125};
    const std::size_t f = pick_weighted(r, std::array<std::uint32_t, 3>{6000, 2500, 1500});
    const auto& rent_range = offer_rent_per_m2[zone_slot(zone)];
    const std::int64_t per_m2 = r.between(rent_range[0], rent_range[1]) * rent_factor_pct[f] / 100;
    const std::int64_t charges_per_m2 = r.between(160, 240);
    std::optional<employer_id> reserved;
    if (r.chance(o.reserved.value)) {
      reserved = employers[large[r.below(static_cast<std::uint32_t>(large.size()))]].id;
    }
    const auto day = static_cast<long>(k * static_cast<std::size_t>(o.publication_days_spread) /
                                       std::max<std::size_t>(1, o.offers));
    const date start = o.publication_start + days(day);
    offer x{.id = offer_id{fmt::format("{:04}{:02}{:02}-{}-{:06}", static_cast<int>(start.year()),
                                       static_cast<int>(start.month()),
                                       static_cast<int>(start.day()), d, k)},
            .commune = commune,
            .rooms = rooms,
            .surface_m2 = static_cast<int>(surface),
            .rent = money::cents(surface * per_m2),
            .charges = money::cents(surface * charges_per_m2),
            .financing = financings[f],
            .reserved_for = std::move(reserved),
            .publication_start = start,
            .publication_days = o.publication_days,
            .shortlist_size = o.shortlist_size};
    out.push_back(std::move(x));
  }
  return out;
}

// ---- Positionings ---------------------------------------------------------------------------

std::vector<request_number> generate_positionings(const applicant_pool& pool, const offer& o,
                                                  std::size_t how_many, std::uint64_t seed,
                                                  basis_points ineligible_share) {
  require_share(ineligible_share, "ineligible_share");
  const applicant_pool::columns& c = pool.data();
  if (how_many == 0) return {};
  const int first = std::max(1, o.rooms - 2);
  const int last = o.rooms + 2;
  // The department's entries of those household sizes, by size, whole-department wishes
  // first, then commune wishes by commune, each by index.
  const std::vector<area_entry> entries = c.area_entries(o.department().index(), first, last);
  const auto n = static_cast<std::uint32_t>(entries.size());
  if (n == 0) return {};

  rng r(detail::mix_seed(seed, positioning_stream, detail::fnv1a(o.id.value)));
  const date at = o.closing_date();
  const std::size_t want_ineligible = static_cast<std::size_t>(static_cast<std::int64_t>(how_many) *
                                                               ineligible_share.value / 10000);
  const std::size_t want_eligible = how_many - want_ineligible;
  std::vector<pool_index> eligible;
  std::vector<pool_index> ineligible;
  eligible.reserve(how_many);
  ineligible.reserve(how_many);

  // A request wishing several communes of the department has an entry under each.
  std::unordered_set<pool_index> seen;
  const auto consider = [&](pool_index i) {
    if (!seen.insert(i).second) return;
    if (pool.state(i, at) == request_state::removed) return;
    if (pool.check(i, o, at).eligible()) {
      if (eligible.size() < how_many) eligible.push_back(i);
    } else if (ineligible.size() < how_many) {
      ineligible.push_back(i);
    }
  };
  // Only the staff can be eligible for a reserved offer: once they are seen, only the ineligible
  // share remains to be found.
  const bool reserved = o.reserved_for.has_value();
  const auto enough = [&] {
    return (reserved || eligible.size() >= want_eligible) && ineligible.size() >= want_ineligible;
  };

  // A reserved offer: the employer's staff first (a scan of one integer column), in a seeded
  // order; the walk below then skips them.
  std::optional<std::uint32_t> staff_employer;
  if (o.reserved_for) {
    if (const auto it = c.employers.find(o.reserved_for->value)) {
      staff_employer = *it;
      std::vector<pool_index> staff;
      for (const area_entry& e : entries) {
        if (e.employer == *it) staff.push_back(e.request);
      }
      for (std::size_t k = staff.size(); k > 1; --k) {
        std::swap(staff[k - 1], staff[r.below(static_cast<std::uint32_t>(k))]);
      }
      for (const pool_index i : staff) {
        if (eligible.size() >= want_eligible) break;
        consider(i);
      }
    }
  }

  // A full-cycle walk over the entries (start + k × stride mod n, stride prime to n) visits each
  // at most once in a seeded order without allocating; it stops once both lists are full, or
  // after a bounded number of visits (a rare typology in a large department).
  const auto limit = static_cast<std::uint32_t>(std::min<std::size_t>(n, 64 * how_many + 4096));
  const std::uint32_t start = r.below(n);
  std::uint32_t stride = 1 + r.below(n);
  while (std::gcd(stride, n) != 1) stride = stride % n + 1;
  for (std::uint32_t k = 0; k < limit && !enough(); ++k) {
    const area_entry& e =
        entries[static_cast<std::size_t>((start + static_cast<std::uint64_t>(k) * stride) % n)];
    if (staff_employer && e.employer == *staff_employer) continue;
    consider(e.request);
  }

  // Short of eligible requests, an ordinary offer is completed with ineligible ones; a reserved
  // one is not (its public is the employer's staff).
  std::size_t take_ineligible = std::min(ineligible.size(), want_ineligible);
  const std::size_t take_eligible = std::min(eligible.size(), how_many - take_ineligible);
  if (!reserved) take_ineligible = std::min(ineligible.size(), how_many - take_eligible);
  std::vector<request_number> out;
  out.reserve(take_eligible + take_ineligible);
  for (std::size_t k = 0; k < take_eligible; ++k) out.push_back(pool.number(eligible[k]));
  for (std::size_t k = 0; k < take_ineligible; ++k) out.push_back(pool.number(ineligible[k]));
  for (std::size_t k = out.size(); k > 1; --k) {
    std::swap(out[k - 1], out[r.below(static_cast<std::uint32_t>(k))]);
  }
  return out;
}

// ---- Both -----------------------------------------------------------------------------------

population_and_offers generate_population_and_offers(const population_options& population,
                                                     std::size_t offers_per_day, int days_count) {
  require(days_count >= 1, "days", "must be at least 1");
  population_and_offers out;
  out.applicants = generate_applicants(population);
  offer_options o;
  o.seed = detail::mix_seed(population.seed, offers_of_population, 0);
  o.offers = offers_per_day * static_cast<std::size_t>(days_count);
  o.publication_start = population.reference;
  o.publication_days_spread = days_count;
  o.only_department = population.only_department;
  o.employers = population.employers;
  out.offers = generate_offers(o);
  return out;
}

std::size_t yearly_attributions(std::size_t requests) noexcept {
  return static_cast<std::size_t>(static_cast<std::uint64_t>(requests) * 70'000U / 2'700'000U);
}

std::vector<attribution_record> generate_attributions(const attribution_options& options) {
  detail::require_drawable_date(options.reference, "attribution_options.reference");
  std::array<std::uint32_t, company_size_count> weights{};
  std::int64_t sum = 0;
  for (std::size_t c = 0; c < company_size_count; ++c) {
    const std::int64_t bp = options.shares[c].value;
    require(bp >= 0 && bp <= 10000, "attribution_options.shares", "must be within [0, 10 000]");
    weights[c] = static_cast<std::uint32_t>(bp);
    sum += bp;
  }
  require(sum == 10000, "attribution_options.shares", "must sum to 10 000 basis points");
  constexpr int window_days = 365;
  std::vector<attribution_record> out;
  out.reserve(options.attributions);
  rng r(detail::mix_seed(options.seed, attribution_stream, 0));
  for (std::size_t k = 0; k < options.attributions; ++k) {
    const auto back = r.between(1, window_days);
    const auto size = static_cast<company_size>(pick_weighted(r, weights));
    out.push_back(attribution_record{options.reference - days(back), size});
  }
  std::stable_sort(
      out.begin(), out.end(),
      [](const attribution_record& a, const attribution_record& b) { return a.on < b.on; });
  return out;
}

}  // namespace cotation
