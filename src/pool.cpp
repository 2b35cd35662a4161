// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/pool.hpp>

#include <algorithm>
#include <set>

#include "pool_columns.hpp"

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

}  // namespace

std::size_t department_view::bytes() const noexcept {
  std::size_t b = vector_bytes(bucket) + vector_bytes(request) + vector_bytes(last_valid) +
                  vector_bytes(rank_base) + vector_bytes(young_until) + vector_bytes(typologies) +
                  vector_bytes(max_rent) + vector_bytes(resources) + vector_bytes(benefit) +
                  vector_bytes(employer) + vector_bytes(whole_area) + vector_bytes(income);
  for (const auto& column : income) b += vector_bytes(column);
  return b;
}

detail::eligibility_row applicant_pool::columns::row(pool_index i) const noexcept {
  detail::eligibility_row r;
  r.expiry = expiry[i];
  if (!removed[i].is_special()) r.removed_on = removed[i];
  r.missing_documents = missing_documents[i];
  r.employer_validated = employer_validated[i] != 0;
  r.rank = rank[i];
  r.incomes = incomes[i];
  r.resources = resources[i];
  r.benefit = benefit[i];
  r.wished_communes = wished_communes[i];
  r.wished_departments = wished_departments[i];
  r.wished_typologies = wished_typologies[i];
  r.max_rent = max_rent[i];
  r.employer = &employers[employer[i]];
  return r;
}

std::optional<std::size_t> applicant_pool::columns::year_slot(int year) const noexcept {
  const auto it = std::lower_bound(years.begin(), years.end(), year);
  if (it == years.end() || *it != year) return std::nullopt;
  return static_cast<std::size_t>(it - years.begin());
}

applicant_pool::applicant_pool() : data_(std::make_unique<columns>()) {
  data_->views.resize(department::count);
}
applicant_pool::~applicant_pool() = default;
applicant_pool::applicant_pool(applicant_pool&&) noexcept = default;
applicant_pool& applicant_pool::operator=(applicant_pool&&) noexcept = default;

applicant_pool::applicant_pool(std::span<const applicant> applicants)
    : data_(std::make_unique<columns>()) {
  columns& c = *data_;
  const std::size_t n = applicants.size();
  if (n >= std::numeric_limits<pool_index>::max()) {
    throw invalid_argument("applicants", "too many requests for one pool");
  }
  c.by_number.reserve(n);
  std::set<int> income_years;
  for (std::size_t i = 0; i < n; ++i) {
    const applicant& a = applicants[i];
    try {
      validate(a);
    } catch (const error& e) {
      throw invalid_argument(fmt::format("applicants[{}].{}", i, e.where()), e.reason());
    }
    if (!c.by_number.emplace(a.number, static_cast<pool_index>(i)).second) {
      throw invalid_argument(fmt::format("applicants[{}].number", i),
                             fmt::format("request number {} is given twice", a.number));
    }
    for (const annual_income& inc : a.incomes) income_years.insert(inc.year + 2);
  }
  c.years.assign(income_years.begin(), income_years.end());

  c.numbers.reserve(n);
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
    c.numbers.push_back(a.number);
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
    c.facts.push_back(facts_of(a));
  }
  // The refusal arrays are complete: point the facts' spans at them.
  for (pool_index i = 0; i < n; ++i) {
    c.facts[i].applicant_refusals = c.applicant_refusals[i];
    c.facts[i].commission_refusals = c.commission_refusals[i];
  }

  // Department views: which departments each request may want, then entries grouped by
  // persons (a counting sort), each department's columns filled in one pass.
  c.views.resize(department::count);
  std::vector<std::vector<pool_index>> members(department::count);
  std::vector<std::vector<std::uint8_t>> whole(department::count);
  std::vector<std::uint8_t> wished(department::count);  // 0 no, 1 communes only, 2 whole
  for (pool_index i = 0; i < n; ++i) {
    const auto depts = c.wished_departments[i];
    const auto communes = c.wished_communes[i];
    if (depts.empty() && communes.empty()) {
      for (std::size_t d = 0; d < department::count; ++d) {
        members[d].push_back(i);
        whole[d].push_back(1);
      }
      continue;
    }
    std::fill(wished.begin(), wished.end(), 0);
    for (const commune_code& cc : communes) wished[cc.department().index()] = 1;
    for (const department& d : depts) wished[d.index()] = 2;
    for (std::size_t d = 0; d < department::count; ++d) {
      if (wished[d] == 0) continue;
      members[d].push_back(i);
      whole[d].push_back(wished[d] == 2 ? 1 : 0);
    }
  }
  int max_persons = 1;
  for (const auto& r : c.rank) max_persons = std::max(max_persons, r.persons);
  for (std::size_t d = 0; d < department::count; ++d) {
    department_view& v = c.views[d];
    const auto& m = members[d];
    const std::size_t k = m.size();
    v.bucket.assign(static_cast<std::size_t>(max_persons) + 2, 0);
    for (const pool_index i : m) ++v.bucket[static_cast<std::size_t>(c.rank[i].persons) + 1];
    for (std::size_t p = 1; p < v.bucket.size(); ++p) v.bucket[p] += v.bucket[p - 1];
    std::vector<std::uint32_t> order(k);
    {
      std::vector<std::uint32_t> next(v.bucket.begin(), v.bucket.end() - 1);
      for (std::uint32_t e = 0; e < k; ++e) {
        order[next[static_cast<std::size_t>(c.rank[m[e]].persons)]++] = e;
      }
    }
    v.request.resize(k);
    v.last_valid.resize(k);
    v.rank_base.resize(k);
    v.young_until.resize(k);
    v.typologies.resize(k);
    v.max_rent.resize(k);
    v.resources.resize(k);
    v.benefit.resize(k);
    v.employer.resize(k);
    v.whole_area.resize(k);
    v.income.assign(c.years.size(), std::vector<std::int64_t>(k));
    for (std::size_t slot = 0; slot < k; ++slot) {
      const std::uint32_t e = order[slot];
      const pool_index i = m[e];
      v.request[slot] = i;
      std::int32_t last = day_number(c.expiry[i]) - 1;
      if (!c.removed[i].is_special()) last = std::min(last, day_number(c.removed[i]) - 1);
      if (c.missing_documents[i] > 0 || c.employer_validated[i] == 0) last = department_view::never;
      v.last_valid[slot] = last;
      v.rank_base[slot] = static_cast<std::uint8_t>(std::min(c.rank[i].base, 255));
      v.young_until[slot] =
          c.rank[i].young_until ? day_number(*c.rank[i].young_until) : department_view::never;
      v.typologies[slot] = typology_mask(c.wished_typologies[i]);
      v.max_rent[slot] = c.max_rent[i] ? c.max_rent[i]->in_cents() : department_view::unlimited;
      v.resources[slot] = c.resources[i].in_cents();
      v.benefit[slot] = c.benefit[i].in_cents();
      v.employer[slot] = c.employer[i];
      v.whole_area[slot] = whole[d][e];
      for (std::size_t y = 0; y < c.years.size(); ++y) {
        const auto ref = detail::reference_income_of(c.incomes[i], c.years[y]);
        v.income[y][slot] = ref ? ref->amount.in_cents() : department_view::unlimited;
      }
    }
  }
}

std::size_t applicant_pool::size() const noexcept { return data_->numbers.size(); }

std::optional<pool_index> applicant_pool::find(const request_number& n) const noexcept {
  const auto it = data_->by_number.find(n);
  if (it == data_->by_number.end()) return std::nullopt;
  return it->second;
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

const candidate_facts& applicant_pool::facts(pool_index i) const noexcept {
  return data_->facts[i];
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
  return detail::evaluate(data_->row(i), o, at, policy, ceilings);
}

std::size_t applicant_pool::count_eligible(const offer& o, date at,
                                           const eligibility_policy& policy,
                                           const ceiling_table& ceilings) const {
  const columns& c = *data_;
  if (!policy.check_wishes) {
    // Without wishes the area index does not apply: every request is a candidate.
    std::size_t count = 0;
    for (pool_index i = 0; i < size(); ++i) count += check(i, o, at, policy, ceilings).eligible();
    return count;
  }
  const auto slot = c.year_slot(o.ceiling_year());
  if (!slot) return 0;  // nobody declared the N-2 income of that year
  std::uint32_t reserved = 0;
  if (o.reserved_for) {
    const auto it = c.employer_ids.find(o.reserved_for->value);
    if (it == c.employer_ids.end()) return 0;
    reserved = it->second;
  }
  const department_view& v = c.views[o.department().index()];
  const int max_persons = static_cast<int>(v.bucket.size()) - 2;
  const int first = std::max(1, o.rooms - policy.rooms_above);
  // T6 means six rooms or more: it suits every household from rooms - rooms_above persons up.
  const int last = o.rooms >= 6 ? max_persons : std::min(max_persons, o.rooms + policy.rooms_below);
  if (first > last) return 0;

  // The ceiling of every household rank that occurs, in cents; -1 when none is published.
  const int year = o.ceiling_year();
  const income_zone zone = o.zone();
  std::array<std::int64_t, 257> ceiling{};
  int max_rank = 0;
  for (std::uint32_t e = v.bucket[static_cast<std::size_t>(first)];
       e < v.bucket[static_cast<std::size_t>(last) + 1]; ++e) {
    max_rank = std::max(max_rank, v.rank_base[e] + 1);
  }
  for (int r = 1; r <= std::min(max_rank, 255); ++r) {
    const auto l = ceilings.lookup(o.financing, year, zone,
                                   household_category{std::min(r, 6), std::max(0, r - 6)});
    ceiling[static_cast<std::size_t>(r)] =
        std::holds_alternative<money>(l) ? std::get<money>(l).in_cents() : -1;
  }

  const std::int32_t day = day_number(at);
  const std::uint8_t typology_bit = static_cast<std::uint8_t>(1U << (o.rooms - 1));
  const std::int64_t total = o.total_rent().in_cents();
  const std::int64_t max_bp = policy.max_effort_ratio.value;
  const bool check_effort = policy.check_effort_ratio;
  const bool is_reserved = o.reserved_for.has_value();
  const std::int64_t* income = v.income[*slot].data();

  std::size_t count = 0;
  const std::uint32_t begin = v.bucket[static_cast<std::size_t>(first)];
  const std::uint32_t end = v.bucket[static_cast<std::size_t>(last) + 1];
  for (std::uint32_t e = begin; e < end; ++e) {
    const int rank = v.rank_base[e] + (day <= v.young_until[e] ? 1 : 0);
    const std::int64_t net = std::max<std::int64_t>(0, total - v.benefit[e]);
    const bool effort_ok =
        !check_effort ||
        (v.resources[e] > 0 ? net * 10000 <= max_bp * v.resources[e] : net <= 0);
    bool ok = (day <= v.last_valid[e]) & (income[e] <= ceiling[static_cast<std::size_t>(rank)]) &
              ((v.typologies[e] & typology_bit) != 0) & (total <= v.max_rent[e]) & effort_ok &
              (!is_reserved || v.employer[e] == reserved);
    if (ok && v.whole_area[e] == 0) {
      const auto communes = c.wished_communes[v.request[e]];
      ok = std::any_of(communes.begin(), communes.end(),
                       [&](const commune_code& w) { return o.commune.covered_by(w); });
    }
    count += ok ? 1 : 0;
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
                  vector_bytes(c.max_rent) + vector_bytes(c.employer) +
                  vector_bytes(c.employers) + vector_bytes(c.size) + vector_bytes(c.years) +
                  c.applicant_refusals.bytes() + c.commission_refusals.bytes() +
                  vector_bytes(c.facts) +
                  vector_bytes(c.views);
  for (const auto& e : c.employers) b += e.value.capacity();
  // Hash tables: a node per entry plus the bucket array.
  b += c.by_number.size() * (sizeof(std::pair<const request_number, pool_index>) + 2 * sizeof(void*)) +
       c.by_number.bucket_count() * sizeof(void*);
  b += c.employer_ids.size() * (sizeof(std::pair<const std::string, std::uint32_t>) + 2 * sizeof(void*)) +
       c.employer_ids.bucket_count() * sizeof(void*);
  for (const auto& v : c.views) b += v.bytes();
  return b;
}

}  // namespace cotation
