// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/pool.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

#include "ranking/pool_columns.hpp"

namespace cotation {

namespace {

std::int32_t day_number(date d) noexcept { return static_cast<std::int32_t>(d.day_number()); }

template <typename T>
std::size_t vector_bytes(const std::vector<T>& v) noexcept {
  return v.capacity() * sizeof(T);
}

std::uint8_t typology_mask(std::span<const int> typologies) noexcept {
  if (typologies.empty()) return department_view::any_typology;
  std::uint8_t mask = 0;
  for (const int t : typologies) mask = static_cast<std::uint8_t>(mask | (1U << (t - 1)));
  return mask;
}

std::int32_t saturate(std::int64_t v) noexcept {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(
      v, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

/// Whole euros, rounded up: `cents <= 100 × E` exactly when `euros_up(cents) <= E`.
std::int32_t euros_up(money m) noexcept {
  const std::int64_t c = m.in_cents();
  return saturate(c >= 0 ? (c + 99) / 100 : -((-c) / 100));
}

/// Fills `v` with `members`: pool indexes, each with the commune key it is filed under (0: the
/// whole area).
void fill_view(department_view& v, const applicant_pool::columns& c,
               std::vector<std::pair<pool_index, std::uint32_t>> members, int max_persons) {
  const std::size_t k = members.size();
  // By persons, whole-area entries first, then commune entries by commune key.
  std::stable_sort(members.begin(), members.end(), [&](const auto& a, const auto& b) {
    const int pa = c.rank[a.first].persons;
    const int pb = c.rank[b.first].persons;
    return pa != pb ? pa < pb : a.second < b.second;
  });
  v.bucket.assign(static_cast<std::size_t>(max_persons) + 2, 0);
  v.split.assign(static_cast<std::size_t>(max_persons) + 1, 0);
  {
    std::size_t e = 0;
    for (std::size_t p = 0; p <= static_cast<std::size_t>(max_persons); ++p) {
      v.bucket[p] = static_cast<std::uint32_t>(e);
      while (e < k && static_cast<std::size_t>(c.rank[members[e].first].persons) == p &&
             members[e].second == 0) {
        ++e;
      }
      v.split[p] = static_cast<std::uint32_t>(e);
      while (e < k && static_cast<std::size_t>(c.rank[members[e].first].persons) == p) ++e;
    }
    v.bucket[static_cast<std::size_t>(max_persons) + 1] = static_cast<std::uint32_t>(e);
  }
  v.request.resize(k);
  v.last_valid.resize(k);
  v.bumped_until.resize(k);
  v.typologies.resize(k);
  v.rent_limit.resize(k);
  v.employer.resize(k);
  v.commune.resize(k);
  v.income.assign(c.years.size(), std::vector<std::int32_t>(k));
  const std::int64_t ratio = c.prepared_effort_ratio.value;
  for (std::size_t slot = 0; slot < k; ++slot) {
    const pool_index i = members[slot].first;
    v.request[slot] = i;
    v.commune[slot] = members[slot].second;
    std::int32_t last = day_number(c.expiry[i]) - 1;
    if (!c.removed[i].is_special()) last = std::min(last, day_number(c.removed[i]) - 1);
    if (c.missing_documents[i] > 0 || c.employer_validated[i] == 0) last = department_view::never;
    v.last_valid[slot] = last;
    const detail::household_rank& r = c.rank[i];
    v.bumped_until[slot] = r.base > r.persons ? department_view::always
                           : r.young_until    ? day_number(*r.young_until)
                                              : department_view::never;
    v.typologies[slot] = typology_mask(c.wished_typologies[i]);
    // Effort within the ratio: max(0, rent - benefit) × 10000 <= ratio × resources, that is
    // rent <= floor(ratio × resources / 10000) + benefit (rent <= benefit without resources).
    const std::int64_t resources = c.resources[i].in_cents();
    const std::int64_t affordable = resources > 0 ? ratio * resources / 10000 : 0;
    std::int64_t limit = affordable + c.benefit[i].in_cents();
    if (c.max_rent[i]) limit = std::min(limit, c.max_rent[i]->in_cents());
    v.rent_limit[slot] = saturate(limit);
    v.employer[slot] = c.employer[i];
    for (std::size_t y = 0; y < c.years.size(); ++y) {
      const auto ref = detail::reference_income_of(c.incomes[i], c.years[y]);
      v.income[y][slot] = ref ? euros_up(ref->amount) : department_view::unlimited;
    }
  }
}

/// Department views and the anywhere view: which departments each request may want, then each
/// view's columns filled in one pass.
void build_views(applicant_pool::columns& c) {
  const auto n = static_cast<pool_index>(c.numbers.size());
  c.views.resize(department::count);
  std::vector<std::vector<std::pair<pool_index, std::uint32_t>>> members(department::count);
  std::vector<std::pair<pool_index, std::uint32_t>> anywhere;
  std::vector<std::uint8_t> whole(department::count);
  for (pool_index i = 0; i < n; ++i) {
    const auto depts = c.wished_departments[i];
    const auto communes = c.wished_communes[i];
    if (depts.empty() && communes.empty()) {
      anywhere.emplace_back(i, 0);
      continue;
    }
    std::fill(whole.begin(), whole.end(), 0);
    for (const department& d : depts) {
      if (whole[d.index()] == 0) members[d.index()].emplace_back(i, 0);
      whole[d.index()] = 1;
    }
    for (std::size_t k = 0; k < communes.size(); ++k) {
      const commune_code& w = communes[k];
      if (whole[w.department().index()] != 0) continue;
      // Left out when another wish covers it (the municipality of this arrondissement, or the
      // same commune earlier in the list).
      bool covered = false;
      for (std::size_t j = 0; j < communes.size() && !covered; ++j) {
        covered = j != k && (communes[j] == w ? j < k : w.covered_by(communes[j]));
      }
      if (!covered) members[w.department().index()].emplace_back(i, commune_key(w));
    }
  }
  int max_persons = 1;
  for (const auto& r : c.rank) max_persons = std::max(max_persons, r.persons);
  for (std::size_t d = 0; d < department::count; ++d) {
    fill_view(c.views[d], c, std::move(members[d]), max_persons);
  }
  fill_view(c.anywhere, c, std::move(anywhere), max_persons);
}

/// What one offer's count compares every entry with.
struct count_terms {
  std::int32_t day;
  std::uint8_t typology_bit;
  std::int32_t total_rent;  ///< cents
  bool reserved;
  std::uint32_t employer;
  std::size_t year_slot;
  std::array<std::int32_t, 258> ceiling;  ///< whole euros by household rank; -1: none
};

// Multi-versioning (target_clones) makes the dynamic loader call an ifunc resolver before any
// sanitizer runtime is up; instrumented, it crashes the program before main. Sanitized builds
// (and COTATION_NO_MULTIVERSIONING builds) keep the default version only.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) &&                     \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) &&                   \
    !defined(COTATION_NO_MULTIVERSIONING)
#define COTATION_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define COTATION_AVX2_CLONES
#endif

/// Eligible entries among [begin, end) of a view, every entry wishing the whole area.
/// Branch-free so that it vectorises; compiled for AVX2 too where the processor has it.
COTATION_AVX2_CLONES
std::size_t
count_whole(const std::int32_t* last_valid, const std::int32_t* bumped_until,
            const std::int32_t* income, const std::uint8_t* typologies,
            const std::int32_t* rent_limit, std::size_t n, std::int32_t day, std::uint8_t bit,
            std::int32_t total, std::int32_t ceiling_persons, std::int32_t ceiling_bumped) {
  std::size_t count = 0;
  for (std::size_t e = 0; e < n; ++e) {
    const std::int32_t ceiling = day <= bumped_until[e] ? ceiling_bumped : ceiling_persons;
    const bool ok = (day <= last_valid[e]) & (income[e] <= ceiling) & ((typologies[e] & bit) != 0) &
                    (total <= rent_limit[e]);
    count += ok ? 1U : 0U;
  }
  return count;
}

/// One entry, any area: the same conditions one by one (reserved offers, commune wishes).
bool entry_eligible(const department_view& v, std::size_t e, const count_terms& t,
                    std::int32_t ceiling_persons, std::int32_t ceiling_bumped) {
  const std::int32_t ceiling = t.day <= v.bumped_until[e] ? ceiling_bumped : ceiling_persons;
  return t.day <= v.last_valid[e] && v.income[t.year_slot][e] <= ceiling &&
         (v.typologies[e] & t.typology_bit) != 0 && t.total_rent <= v.rent_limit[e] &&
         (!t.reserved || v.employer[e] == t.employer);
}

}  // namespace

namespace {
/// A fast mix of the 18 characters (three 64-bit words, multiply-xorshift).
std::uint64_t number_hash(const request_number& n) noexcept {
  std::array<std::uint64_t, 3> w{};
  std::memcpy(w.data(), n.str().data(), request_number::length);
  std::uint64_t h = w[0] * 0x9E3779B97F4A7C15ULL;
  h ^= (w[1] + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
  h ^= (w[2] + 0x165667B19E3779F9ULL) * 0x94D049BB133111EBULL;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}
}  // namespace

void number_index::reserve(std::size_t n) {
  std::size_t size = 16;
  while (size * 7 < n * 10) size *= 2;  // load factor at most 0.7
  slots_.assign(size, 0);
  mask_ = size - 1;
}

std::optional<pool_index> number_index::insert(const std::vector<request_number>& numbers,
                                               pool_index i) {
  const std::uint64_t h = number_hash(numbers[i]);
  const std::uint64_t tag = h & 0xFFFFFFFF00000000ULL;
  for (std::uint64_t s = h & mask_;; s = (s + 1) & mask_) {
    const std::uint64_t slot = slots_[s];
    if (slot == 0) {
      slots_[s] = tag | (static_cast<std::uint64_t>(i) + 1);
      return std::nullopt;
    }
    const auto j = static_cast<pool_index>((slot & 0xFFFFFFFFULL) - 1);
    if ((slot & 0xFFFFFFFF00000000ULL) == tag && numbers[j] == numbers[i]) return j;
  }
}

std::optional<pool_index> number_index::find(const std::vector<request_number>& numbers,
                                             const request_number& n) const noexcept {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t h = number_hash(n);
  const std::uint64_t tag = h & 0xFFFFFFFF00000000ULL;
  for (std::uint64_t s = h & mask_;; s = (s + 1) & mask_) {
    const std::uint64_t slot = slots_[s];
    if (slot == 0) return std::nullopt;
    const auto j = static_cast<pool_index>((slot & 0xFFFFFFFFULL) - 1);
    if ((slot & 0xFFFFFFFF00000000ULL) == tag && numbers[j] == n) return j;
  }
}

void number_index::find_all(const std::vector<request_number>& numbers,
                            std::span<const request_number> wanted,
                            std::span<std::optional<pool_index>> out) const noexcept {
  constexpr std::size_t ahead = 16;
  std::array<std::uint64_t, ahead> hashes{};
  const std::size_t n = wanted.size();
  for (std::size_t k = 0; k < n + ahead; ++k) {
    if (k >= ahead) {
      // Probe the number hashed `ahead` iterations ago: its slot is in cache by now.
      const std::size_t j = k - ahead;
      const std::uint64_t h = hashes[j % ahead];
      const std::uint64_t tag = h & 0xFFFFFFFF00000000ULL;
      out[j] = std::nullopt;
      for (std::uint64_t s = h & mask_; !slots_.empty(); s = (s + 1) & mask_) {
        const std::uint64_t slot = slots_[s];
        if (slot == 0) break;
        const auto i = static_cast<pool_index>((slot & 0xFFFFFFFFULL) - 1);
        if ((slot & 0xFFFFFFFF00000000ULL) == tag && numbers[i] == wanted[j]) {
          out[j] = i;
          break;
        }
      }
    }
    if (k < n) {
      const std::uint64_t h = number_hash(wanted[k]);
      hashes[k % ahead] = h;
      if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
    }
  }
}

std::uint32_t commune_key(const commune_code& c) noexcept {
  std::uint32_t key = 0;
  for (const char ch : c.code()) {
    key = key * 12 + static_cast<std::uint32_t>(ch == 'A' ? 10 : ch == 'B' ? 11 : ch - '0');
  }
  return key + 1;
}

std::size_t department_view::bytes() const noexcept {
  std::size_t b = vector_bytes(bucket) + vector_bytes(split) + vector_bytes(request) +
                  vector_bytes(last_valid) + vector_bytes(bumped_until) + vector_bytes(typologies) +
                  vector_bytes(rent_limit) + vector_bytes(employer) + vector_bytes(commune) +
                  vector_bytes(income);
  for (const auto& column : income) b += vector_bytes(column);
  return b;
}

detail::eligibility_row applicant_pool::columns::row(pool_index i) const noexcept {
  // Every field named: a row built field by field after default initialisation is first
  // zero-filled (a slow `rep stos`, once per request the gate checks).
  return detail::eligibility_row{
      .expiry = expiry[i],
      .removed_on = removed[i].is_special() ? std::nullopt : std::optional<date>(removed[i]),
      .missing_documents = missing_documents[i],
      .employer_validated = employer_validated[i] != 0,
      .rank = rank[i],
      .incomes = incomes[i],
      .resources = resources[i],
      .benefit = benefit[i],
      .wished_communes = wished_communes[i],
      .wished_departments = wished_departments[i],
      .wished_typologies = wished_typologies[i],
      .max_rent = max_rent[i],
      .employer = &employers[employer[i]],
  };
}

std::optional<std::size_t> applicant_pool::columns::year_slot(int year) const noexcept {
  const auto it = std::lower_bound(years.begin(), years.end(), year);
  if (it == years.end() || *it != year) return std::nullopt;
  return static_cast<std::size_t>(it - years.begin());
}

applicant_pool::applicant_pool() : data_(std::make_unique<columns>()) { build_views(*data_); }
applicant_pool::~applicant_pool() = default;
applicant_pool::applicant_pool(applicant_pool&&) noexcept = default;
applicant_pool& applicant_pool::operator=(applicant_pool&&) noexcept = default;

applicant_pool::applicant_pool(std::span<const applicant> applicants,
                               const eligibility_policy& prepared_for)
    : data_(std::make_unique<columns>()) {
  columns& c = *data_;
  c.prepared_effort_ratio = prepared_for.max_effort_ratio;
  const std::size_t n = applicants.size();
  if (n >= std::numeric_limits<pool_index>::max()) {
    throw invalid_argument("applicants", "too many requests for one pool");
  }
  c.by_number.reserve(n);
  c.numbers.reserve(n);
  std::set<int> income_years;
  for (std::size_t i = 0; i < n; ++i) {
    const applicant& a = applicants[i];
    try {
      validate(a);
    } catch (const error& e) {
      throw invalid_argument(fmt::format("applicants[{}].{}", i, e.where()), e.reason());
    }
    c.numbers.push_back(a.number);
    if (c.by_number.insert(c.numbers, static_cast<pool_index>(i))) {
      throw invalid_argument(fmt::format("applicants[{}].number", i),
                             fmt::format("request number {} is given twice", a.number));
    }
    for (const annual_income& inc : a.incomes) income_years.insert(inc.year + 2);
  }
  c.years.assign(income_years.begin(), income_years.end());

  c.filing.reserve(n);
  c.expiry.reserve(n);
  c.removed.reserve(n);
  c.missing_documents.reserve(n);
  c.employer_validated.reserve(n);
  c.rank.reserve(n);
  c.resources.reserve(n);
  c.benefit.reserve(n);
  c.max_rent.reserve(n);
  c.employer.reserve(n);
  c.size.reserve(n);
  c.facts.reserve(n);
  for (const applicant& a : applicants) {
    const detail::eligibility_row r = detail::row_of(a);
    c.filing.push_back(a.initial_filing);
    c.expiry.push_back(r.expiry);
    c.removed.push_back(a.removed_on.value_or(date(boost::gregorian::not_a_date_time)));
    c.missing_documents.push_back(r.missing_documents);
    c.employer_validated.push_back(r.employer_validated ? 1 : 0);
    c.rank.push_back(r.rank);
    c.incomes.push(a.incomes);
    c.resources.push_back(r.resources);
    c.benefit.push_back(r.benefit);
    c.wished_communes.push(a.wishes.communes);
    c.wished_departments.push(a.wishes.departments);
    c.wished_typologies.push(a.wishes.typologies);
    c.max_rent.push_back(a.wishes.max_rent);
    const auto [it, added] = c.employer_ids.emplace(a.employment.employer.value,
                                                    static_cast<std::uint32_t>(c.employers.size()));
    if (added) c.employers.push_back(a.employment.employer);
    c.employer.push_back(it->second);
    c.size.push_back(a.employment.size);
    c.applicant_refusals.push(a.history.applicant_refusals);
    c.commission_refusals.push(a.history.commission_refusals);
    c.facts.push_back(packed_facts::pack(facts_of(a)));
  }

  build_views(c);
}

std::size_t applicant_pool::size() const noexcept { return data_->numbers.size(); }

std::optional<pool_index> applicant_pool::find(const request_number& n) const noexcept {
  return data_->by_number.find(data_->numbers, n);
}

void applicant_pool::find_all(std::span<const request_number> numbers,
                              std::span<std::optional<pool_index>> out) const noexcept {
  data_->by_number.find_all(data_->numbers, numbers, out);
}

const request_number& applicant_pool::number(pool_index i) const noexcept {
  return data_->numbers[i];
}
date applicant_pool::initial_filing(pool_index i) const noexcept { return data_->filing[i]; }
company_size applicant_pool::company(pool_index i) const noexcept { return data_->size[i]; }
int applicant_pool::persons(pool_index i) const noexcept { return data_->rank[i].persons; }

household_category applicant_pool::category(pool_index i, date at) const noexcept {
  return data_->rank[i].category(at);
}

candidate_facts applicant_pool::facts(pool_index i) const noexcept {
  candidate_facts f;
  data_->facts_into(i, f);
  return f;
}

void applicant_pool::columns::facts_into(pool_index i, candidate_facts& f) const noexcept {
  facts[i].unpack_into(f, filing[i], size[i], resources[i], applicant_refusals[i],
                       commission_refusals[i]);
}

packed_facts packed_facts::pack(const candidate_facts& f) {
  packed_facts p;
  p.birth = f.birth_date;
  p.job_start = f.job_start.value_or(date(boost::gregorian::not_a_date_time));
  if (f.mobility_km) p.mobility_km = *f.mobility_km;
  if (f.mobility_minutes) p.mobility_minutes = *f.mobility_minutes;
  if (f.effort) p.effort_net_cost = f.effort->net_cost.in_cents();
  p.flags = static_cast<std::uint8_t>(
      (f.single_parent ? single_parent : 0) | (f.household_disability ? household_disability : 0) |
      (f.key_worker ? key_worker : 0) | (f.dalo ? dalo : 0) |
      (f.domestic_violence ? domestic_violence : 0) |
      (f.homeless_hosted_or_threatened ? homeless_hosted_or_threatened : 0));
  p.peec = f.peec;
  return p;
}

// A field added to `candidate_facts` must be assigned below too, or a reused value keeps the
// previous request's (the size of the struct with 64-bit pointers, as a reminder).
static_assert(sizeof(void*) != 8 || sizeof(candidate_facts) == 136,
              "unpack_into assigns every field of candidate_facts");

void packed_facts::unpack_into(candidate_facts& f, date filing, company_size size, money resources,
                               std::span<const date> applicant_refusals,
                               std::span<const date> commission_refusals) const noexcept {
  f.initial_filing = filing;
  f.birth_date = birth;
  f.job_start = job_start.is_special() ? std::nullopt : std::optional<date>(job_start);
  f.peec = peec;
  f.size = size;
  f.mobility_km = mobility_km == none ? std::nullopt : std::optional<std::int32_t>(mobility_km);
  f.mobility_minutes =
      mobility_minutes == none ? std::nullopt : std::optional<std::int32_t>(mobility_minutes);
  f.single_parent = (flags & single_parent) != 0;
  f.household_disability = (flags & household_disability) != 0;
  f.key_worker = (flags & key_worker) != 0;
  f.dalo = (flags & dalo) != 0;
  f.domestic_violence = (flags & domestic_violence) != 0;
  f.homeless_hosted_or_threatened = (flags & homeless_hosted_or_threatened) != 0;
  f.effort =
      effort_net_cost < 0
          ? std::nullopt
          : std::optional<current_effort>(current_effort{money::cents(effort_net_cost), resources});
  f.reference_income.reset();
  f.plus_ceiling.reset();
  f.applicant_refusals = applicant_refusals;
  f.commission_refusals = commission_refusals;
}

request_state applicant_pool::state(pool_index i, date at) const noexcept {
  const columns& c = *data_;
  if (!c.removed[i].is_special() && c.removed[i] <= at) return request_state::removed;
  if (at >= c.expiry[i]) return request_state::expired;
  if (at >= add_months(c.expiry[i], -1)) return request_state::expiring;
  return request_state::active;
}

std::optional<reference_income> applicant_pool::reference_income_of(pool_index i,
                                                                    int year) const noexcept {
  return detail::reference_income_of(data_->incomes[i], year);
}

eligibility_result applicant_pool::check(pool_index i, const offer& o, date at,
                                         const eligibility_policy& policy,
                                         const ceiling_table& ceilings) const {
  detail::offer_terms terms(o, ceilings);
  return detail::evaluate(data_->row(i), terms, at, policy);
}

std::size_t applicant_pool::count_eligible(const offer& o, date at,
                                           const eligibility_policy& policy,
                                           const ceiling_table& ceilings) const {
  const columns& c = *data_;
  const bool prepared = policy.check_wishes && policy.check_effort_ratio &&
                        policy.max_effort_ratio == c.prepared_effort_ratio &&
                        o.total_rent().in_cents() < department_view::unlimited;
  if (!policy.check_wishes) {
    // Without wishes the area index does not apply: every request is a candidate.
    std::size_t count = 0;
    detail::offer_terms terms(o, ceilings);
    for (pool_index i = 0; i < size(); ++i) {
      count += detail::evaluate(c.row(i), terms, at, policy).eligible() ? 1U : 0U;
    }
    return count;
  }
  const auto slot = c.year_slot(o.ceiling_year());
  if (!slot) return 0;  // nobody declared the N-2 income of that year

  count_terms t{};
  t.day = day_number(at);
  t.typology_bit = static_cast<std::uint8_t>(1U << (o.rooms - 1));
  t.total_rent = static_cast<std::int32_t>(
      std::min<std::int64_t>(o.total_rent().in_cents(), department_view::unlimited));
  t.reserved = o.reserved_for.has_value();
  t.year_slot = *slot;
  if (o.reserved_for) {
    const auto it = c.employer_ids.find(o.reserved_for->value);
    if (it == c.employer_ids.end()) return 0;
    t.employer = it->second;
  }
  const department_view& dept = c.views[o.department().index()];
  const int max_persons = static_cast<int>(dept.bucket.size()) - 2;
  const int first = std::max(1, o.rooms - policy.rooms_above);
  // T6 means six rooms or more: it suits every household from rooms - rooms_above persons up.
  const int last = o.rooms >= 6 ? max_persons : std::min(max_persons, o.rooms + policy.rooms_below);
  if (first > last) return 0;

  // The ceiling of every household rank of the range, in whole euros; -1 when none.
  const int year = o.ceiling_year();
  const income_zone zone = o.commune.zone();
  t.ceiling.fill(-1);
  for (int r = first; r <= std::min(last + 1, 257); ++r) {
    const auto l = ceilings.lookup(o.financing, year, zone,
                                   household_category{std::min(r, 6), std::max(0, r - 6)});
    if (const auto* m = std::get_if<money>(&l)) {
      t.ceiling[static_cast<std::size_t>(r)] = saturate(m->whole_euros());
    }
  }

  detail::offer_terms terms(o, ceilings);
  const std::uint32_t commune = commune_key(o.commune);
  const std::uint32_t municipality = commune_key(o.commune.municipality());
  std::size_t count = 0;
  for (const department_view* v : {&dept, &c.anywhere}) {
    for (int p = first; p <= last; ++p) {
      const auto pp = static_cast<std::size_t>(p);
      const std::int32_t lo = t.ceiling[pp];
      const std::int32_t hi = t.ceiling[pp + 1];
      const std::uint32_t begin = v->bucket[pp];
      const std::uint32_t split = v->split[pp];
      const std::uint32_t end = v->bucket[pp + 1];
      // Any other policy than the prepared one: request by request, with the gate itself.
      const auto gate = [&](std::uint32_t e) {
        return detail::evaluate(c.row(v->request[e]), terms, at, policy).eligible();
      };
      if (!prepared) {
        for (std::uint32_t e = begin; e < split; ++e) count += gate(e) ? 1U : 0U;
      } else if (t.reserved) {
        for (std::uint32_t e = begin; e < split; ++e) {
          count += entry_eligible(*v, e, t, lo, hi) ? 1U : 0U;
        }
      } else {
        count += count_whole(v->last_valid.data() + begin, v->bumped_until.data() + begin,
                             v->income[t.year_slot].data() + begin, v->typologies.data() + begin,
                             v->rent_limit.data() + begin, split - begin, t.day, t.typology_bit,
                             t.total_rent, lo, hi);
      }
      // Requests that wish some communes of the department only: those filed under the
      // offer's commune or its municipality (a request is filed under at most one of the two).
      const std::uint32_t* keys = v->commune.data();
      for (const std::uint32_t key : {commune, municipality}) {
        const auto* from = std::lower_bound(keys + split, keys + end, key);
        const auto* to = std::upper_bound(from, keys + end, key);
        for (auto e = static_cast<std::uint32_t>(from - keys);
             e < static_cast<std::uint32_t>(to - keys); ++e) {
          count += (prepared ? entry_eligible(*v, e, t, lo, hi) : gate(e)) ? 1U : 0U;
        }
        if (municipality == commune) break;
      }
    }
  }
  return count;
}

std::array<std::int64_t, 3> applicant_pool::active_requests_by_size(date at) const noexcept {
  std::array<std::int64_t, 3> counts{};
  const columns& c = *data_;
  for (pool_index i = 0; i < size(); ++i) {
    const bool valid = (c.removed[i].is_special() || c.removed[i] > at) && at < c.expiry[i];
    if (valid) ++counts[static_cast<std::size_t>(c.size[i])];
  }
  return counts;
}

std::size_t applicant_pool::memory_bytes() const noexcept {
  const columns& c = *data_;
  std::size_t b = sizeof(columns) + vector_bytes(c.numbers) + vector_bytes(c.filing) +
                  vector_bytes(c.expiry) + vector_bytes(c.removed) +
                  vector_bytes(c.missing_documents) + vector_bytes(c.employer_validated) +
                  vector_bytes(c.rank) + c.incomes.bytes() + vector_bytes(c.resources) +
                  vector_bytes(c.benefit) + c.wished_communes.bytes() +
                  c.wished_departments.bytes() + c.wished_typologies.bytes() +
                  vector_bytes(c.max_rent) + vector_bytes(c.employer) + vector_bytes(c.employers) +
                  vector_bytes(c.size) + vector_bytes(c.years) + c.applicant_refusals.bytes() +
                  c.commission_refusals.bytes() + vector_bytes(c.facts) + vector_bytes(c.views);
  for (const auto& e : c.employers) b += e.value.capacity();
  // Hash tables: a node per entry plus the bucket array.
  b += c.by_number.bytes();
  b += c.employer_ids.size() *
           (sizeof(std::pair<const std::string, std::uint32_t>) + 2 * sizeof(void*)) +
       c.employer_ids.bucket_count() * sizeof(void*);
  for (const auto& v : c.views) b += v.bytes();
  b += c.anywhere.bytes();
  return b;
}

}  // namespace cotation
