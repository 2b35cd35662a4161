// SPDX-License-Identifier: MIT
#include "ranking/pool_record.hpp"

#include <cotation/error.hpp>
#include <cotation/geography.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

namespace cotation::detail {

namespace {

void put(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}
void put_signed(std::vector<std::uint8_t>& out, std::int64_t v) {
  put(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}
void put_money(std::vector<std::uint8_t>& out, money m) { put_signed(out, m.in_cents()); }
/// 0: not a date, 1: -infinity, 2: +infinity, else the day number + 3.
void put_date(std::vector<std::uint8_t>& out, date d) {
  if (d.is_not_a_date()) return put(out, 0);
  if (d.is_neg_infinity()) return put(out, 1);
  if (d.is_pos_infinity()) return put(out, 2);
  put(out, std::uint64_t{d.day_number()} + 3);
}
void put_optional_date(std::vector<std::uint8_t>& out, const std::optional<date>& d) {
  // 0: none, else put_date + 1.
  if (!d) return put(out, 0);
  if (d->is_not_a_date()) return put(out, 1);
  if (d->is_neg_infinity()) return put(out, 2);
  if (d->is_pos_infinity()) return put(out, 3);
  put(out, std::uint64_t{d->day_number()} + 4);
}
void put_dates(std::vector<std::uint8_t>& out, const std::vector<date>& ds) {
  put(out, ds.size());
  for (const date d : ds) put_date(out, d);
}

/// Reads varints from a record. `checked`: every read stays within [p, end) and every value
/// is in its range, else `cotation::data_error` (records read back from outside); unchecked
/// otherwise (records the pool wrote itself).
template <bool checked>
class reader {
 public:
  reader(const std::uint8_t* p, const std::uint8_t* end) : p_(p), start_(p), end_(end) {}
  std::uint8_t byte() {
    if constexpr (checked) {
      if (p_ == end_) throw data_error("record", "is cut short");
    }
    return *p_++;
  }
  std::uint64_t get() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t b = byte();
      if constexpr (checked) {
        if (shift > 63) throw data_error("record", "has a number of more than 64 bits");
      }
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
  }
  /// A value at most `max`.
  std::uint64_t get(std::uint64_t max) {
    const std::uint64_t v = get();
    if constexpr (checked) {
      if (v > max) throw data_error("record", fmt::format("has {} where at most {} is", v, max));
    }
    return v;
  }
  std::int64_t get_signed() {
    const std::uint64_t u = get();
    return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
  }
  std::int32_t get_int32() {
    const std::int64_t v = get_signed();
    if constexpr (checked) {
      if (v < std::numeric_limits<std::int32_t>::min() ||
          v > std::numeric_limits<std::int32_t>::max()) {
        throw data_error("record", "has a number out of 32 bits");
      }
    }
    return static_cast<std::int32_t>(v);
  }
  money get_money() { return money::cents(get_signed()); }
  template <typename E>
  E get_enum(E last) {
    return static_cast<E>(get(static_cast<std::uint64_t>(last)));
  }
  static date special(std::uint64_t v) {
    switch (v) {
      case 0:
        return date(boost::gregorian::not_a_date_time);
      case 1:
        return date(boost::gregorian::neg_infin);
      case 2:
        return date(boost::gregorian::pos_infin);
      default:
        if constexpr (checked) {
          // Within boost's calendar: 1400-01-01 .. 9999-12-31.
          if (v - 3 < date(1400, 1, 1).day_number() || v - 3 > date(9999, 12, 31).day_number()) {
            throw data_error("record", "has a day out of the calendar");
          }
        }
        return date(static_cast<date::date_int_type>(v - 3));
    }
  }
  date get_date() { return special(get()); }
  std::optional<date> get_optional_date() {
    const std::uint64_t v = get();
    if (v == 0) return std::nullopt;
    return special(v - 1);
  }
  /// A count of items of at least one byte each.
  std::size_t count() {
    if constexpr (checked) {
      return static_cast<std::size_t>(get(static_cast<std::uint64_t>(end_ - p_)));
    } else {
      return static_cast<std::size_t>(get());
    }
  }
  void get_dates(std::vector<date>& ds) {
    ds.resize(count());
    for (date& d : ds) d = get_date();
  }
  [[nodiscard]] std::size_t count_left() const noexcept {
    return static_cast<std::size_t>(end_ - p_);
  }
  [[nodiscard]] std::size_t consumed() const noexcept {
    return static_cast<std::size_t>(p_ - start_);
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* start_;
  const std::uint8_t* end_;
};

template <bool checked>
std::size_t decode(reader<checked>& r, const employer_table& employers, applicant& a,
                   bool with_employer = true, std::uint32_t* employer_out = nullptr,
                   record_marks* marks = nullptr);

/// The commune of a code the pool wrote (valid), from a small cache of the calling thread:
/// the same few communes come back in record after record, and parsing a code (its
/// department, its zone) costs more than decoding the rest of a wish.
const commune_code& known_commune(const std::array<char, 5>& code) {
  struct slot {
    std::uint64_t key = 0;  // the five characters, 0 when empty
    std::optional<commune_code> value;
  };
  thread_local std::array<slot, 1024> cache;
  std::uint64_t key = 0;
  std::memcpy(&key, code.data(), code.size());
  slot& s = cache[(key * 0x9E3779B97F4A7C15ULL) >> 54];
  if (s.key != key) {
    s.value = commune_code::parse(std::string_view(code.data(), code.size()));
    s.key = key;
  }
  return *s.value;
}

template <bool checked>
void read_incomes(reader<checked>& r, std::vector<annual_income>& out) {
  out.resize(r.count());
  for (annual_income& i : out) {
    i.year = r.get_int32();
    i.amount = r.get_money();
  }
}

template <bool checked>
void read_wishes(reader<checked>& r, wishes& w) {
  static const commune_code placeholder = commune_code::parse("75056");  // overwritten below
  w.communes.resize(r.count(), placeholder);
  for (commune_code& c : w.communes) {
    std::array<char, 5> code{};
    for (char& ch : code) ch = static_cast<char>(r.byte());
    const std::string_view text(code.data(), code.size());
    if constexpr (checked) {
      const auto parsed = commune_code::try_parse(text);
      if (!parsed) throw data_error("record", "has an unknown commune");
      c = *parsed;
    } else {
      c = known_commune(code);  // written from a valid code: cannot fail
    }
  }
  // Every department built once (`from_index` is a call into another unit, per department).
  static const std::vector<department> all = [] {
    std::vector<department> a;
    for (std::uint16_t k = 0; k < department::count; ++k) a.push_back(department::from_index(k));
    return a;
  }();
  w.departments.resize(r.count(), all[0]);
  for (department& d : w.departments) d = all[r.get(department::count - 1)];
  w.typologies.resize(r.count());
  for (int& t : w.typologies) t = r.get_int32();
  if (r.get(1) != 0) {
    w.max_rent = r.get_money();
  } else {
    w.max_rent.reset();
  }
}

}  // namespace

applicant blank_applicant() {
  return applicant{.number = request_number::parse("075012600000000000")};
}

std::uint32_t employer_table::intern(const employer_id& e) {
  // Looked up first: `emplace` would build a node (and copy a long id) for every call, to throw
  // it away for all but an employer's first request.
  if (const auto it = index_.find(e.value); it != index_.end()) return it->second;
  const auto i = static_cast<std::uint32_t>(ids_.size());
  ids_.push_back(e);
  try {
    index_.emplace(e.value, i);
  } catch (...) {
    ids_.pop_back();
    throw;
  }
  return i;
}

std::optional<std::uint32_t> employer_table::find(std::string_view value) const {
  const auto it = index_.find(std::string(value));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::size_t employer_table::bytes() const noexcept {
  std::size_t b = ids_.capacity() * sizeof(employer_id);
  for (const auto& e : ids_) b += e.value.capacity() > 15 ? e.value.capacity() : 0;
  // A node per entry plus the bucket array.
  b += index_.size() * (sizeof(std::pair<const std::string, std::uint32_t>) + 2 * sizeof(void*)) +
       index_.bucket_count() * sizeof(void*);
  return b;
}

void encode_record(const applicant& a, std::uint32_t employer, std::vector<std::uint8_t>& out,
                   record_marks* marks) {
  const std::size_t start = out.size();
  record_marks here;
  const auto mark = [&] { return static_cast<std::uint32_t>(out.size() - start); };
  put_date(out, a.initial_filing);
  put_optional_date(out, a.last_renewal);
  put_optional_date(out, a.removed_on);
  put(out, a.household.members.size());
  for (const member& m : a.household.members) {
    put_date(out, m.birth_date);
    put(out, static_cast<std::uint64_t>(m.role) | (m.disabled ? 4U : 0U) |
                 (m.alternating_custody ? 8U : 0U));
  }
  here.incomes = mark();
  put(out, a.incomes.size());
  for (const annual_income& i : a.incomes) {
    put_signed(out, i.year);
    put_money(out, i.amount);
  }
  put_money(out, a.monthly_resources);
  put_money(out, a.expected_housing_benefit);
  const employment& e = a.employment;
  put(out, static_cast<std::uint64_t>(e.contract));
  put_date(out, e.job_start);
  put_money(out, e.net_monthly_salary);
  put_money(out, e.gross_monthly_salary);
  here.employer = mark();
  put(out, employer);
  put(out, static_cast<std::uint64_t>(e.peec) | static_cast<std::uint64_t>(e.size) << 2 |
               static_cast<std::uint64_t>(e.sector) << 4);
  put_signed(out, e.headcount);
  put(out, a.mobility ? 1 : 0);
  if (a.mobility) {
    put(out, static_cast<std::uint64_t>(a.mobility->kind));
    put_date(out, a.mobility->event_date);
    put_signed(out, a.mobility->distance_km);
    put_signed(out, a.mobility->travel_minutes);
  }
  put(out, static_cast<std::uint64_t>(a.housing.status));
  put_money(out, a.housing.rent_and_charges);
  put_money(out, a.housing.housing_benefit);
  const situation& s = a.situation;
  put(out, (s.dalo ? 1U : 0U) | (s.disability ? 2U : 0U) | (s.domestic_violence ? 4U : 0U) |
               (s.threatened_with_eviction ? 8U : 0U) | (s.non_decent_or_overcrowded ? 16U : 0U) |
               (s.key_worker ? 32U : 0U) | (s.single_parent ? 64U : 0U));
  here.refusals = mark();
  put_dates(out, a.history.applicant_refusals);
  put_dates(out, a.history.commission_refusals);
  put_dates(out, a.history.attributions);
  put(out, a.dossier.required.size() << 1 | (a.dossier.employer_validated ? 1U : 0U));
  for (const document& d : a.dossier.required) {
    put(out, static_cast<std::uint64_t>(d.kind) << 1 | (d.validated ? 1U : 0U));
  }
  here.wishes = mark();
  put(out, a.wishes.communes.size());
  for (const commune_code& c : a.wishes.communes) {
    for (const char ch : c.code()) out.push_back(static_cast<std::uint8_t>(ch));
  }
  put(out, a.wishes.departments.size());
  for (const department& d : a.wishes.departments) put(out, d.index());
  put(out, a.wishes.typologies.size());
  for (const int t : a.wishes.typologies) put_signed(out, t);
  put(out, a.wishes.max_rent ? 1 : 0);
  if (a.wishes.max_rent) put_money(out, *a.wishes.max_rent);
  if (marks != nullptr) *marks = here;
}

std::size_t decode_record(const std::uint8_t* in, const employer_table& employers, applicant& a,
                          bool with_employer) {
  reader<false> r(in, nullptr);
  return decode(r, employers, a, with_employer);
}

std::uint32_t checked_decode_record(std::span<const std::uint8_t> in,
                                    const employer_table& employers, applicant& a,
                                    record_marks* marks) {
  reader<true> r(in.data(), in.data() + in.size());
  const std::size_t length = r.count();
  reader<true> body(in.data() + r.consumed(), in.data() + r.consumed() + length);
  std::uint32_t employer = 0;
  if (decode(body, employers, a, true, &employer, marks) != length) {
    throw data_error("record", "is longer than its fields");
  }
  return employer;
}

namespace {
template <bool checked>
std::size_t decode(reader<checked>& r, const employer_table& employers, applicant& a,
                   bool with_employer, std::uint32_t* employer_out, record_marks* marks) {
  record_marks here;
  const auto mark = [&] { return static_cast<std::uint32_t>(r.consumed()); };
  a.initial_filing = r.get_date();
  a.last_renewal = r.get_optional_date();
  a.removed_on = r.get_optional_date();
  a.household.members.resize(r.count());
  for (member& m : a.household.members) {
    m.birth_date = r.get_date();
    const std::uint64_t bits = r.get();
    if constexpr (checked) {
      if ((bits & 3) > 2 || bits > 15) throw data_error("record", "has an unknown member role");
    }
    m.role = static_cast<member_role>(bits & 3);
    m.disabled = (bits & 4) != 0;
    m.alternating_custody = (bits & 8) != 0;
  }
  here.incomes = mark();
  read_incomes(r, a.incomes);
  a.monthly_resources = r.get_money();
  a.expected_housing_benefit = r.get_money();
  employment& e = a.employment;
  e.contract = r.get_enum(contract_type::trial_period);
  e.job_start = r.get_date();
  e.net_monthly_salary = r.get_money();
  e.gross_monthly_salary = r.get_money();
  here.employer = mark();
  const auto employer = static_cast<std::uint32_t>(r.get(employers.size() - 1));
  if (employer_out != nullptr) *employer_out = employer;
  if (with_employer) {
    e.employer.value = employers[employer].value;
  } else {
    e.employer.value.clear();
  }
  const std::uint64_t kinds = r.get(0x3F);
  if constexpr (checked) {
    if ((kinds & 3) > 2 || ((kinds >> 2) & 3) > 2 || ((kinds >> 4) & 3) > 2) {
      throw data_error("record", "has an unknown employer kind");
    }
  }
  e.peec = static_cast<peec_status>(kinds & 3);
  e.size = static_cast<company_size>((kinds >> 2) & 3);
  e.sector = static_cast<employer_sector>((kinds >> 4) & 3);
  e.headcount = r.get_int32();
  if (r.get(1) != 0) {
    cotation::mobility& m = a.mobility.emplace();
    m.kind = r.get_enum(mobility_kind::company_relocation);
    m.event_date = r.get_date();
    m.distance_km = r.get_int32();
    m.travel_minutes = r.get_int32();
  } else {
    a.mobility.reset();
  }
  a.housing.status = r.get_enum(housing_status::owner);
  a.housing.rent_and_charges = r.get_money();
  a.housing.housing_benefit = r.get_money();
  const std::uint64_t s = r.get(127);
  a.situation = situation{.dalo = (s & 1) != 0,
                          .disability = (s & 2) != 0,
                          .domestic_violence = (s & 4) != 0,
                          .threatened_with_eviction = (s & 8) != 0,
                          .non_decent_or_overcrowded = (s & 16) != 0,
                          .key_worker = (s & 32) != 0,
                          .single_parent = (s & 64) != 0};
  here.refusals = mark();
  r.get_dates(a.history.applicant_refusals);
  r.get_dates(a.history.commission_refusals);
  r.get_dates(a.history.attributions);
  const std::uint64_t docs = r.get();
  a.dossier.employer_validated = (docs & 1) != 0;
  if constexpr (checked) {
    if ((docs >> 1) > r.count_left()) throw data_error("record", "is cut short");
  }
  a.dossier.required.resize(docs >> 1);
  for (document& d : a.dossier.required) {
    const std::uint64_t bits = r.get((static_cast<std::uint64_t>(document_kind::other) << 1) | 1);
    d.kind = static_cast<document_kind>(bits >> 1);
    d.validated = (bits & 1) != 0;
  }
  here.wishes = mark();
  read_wishes(r, a.wishes);
  if (marks != nullptr) *marks = here;
  return r.consumed();
}
}  // namespace

request_head head_of(const applicant& a, const eligibility_row& row, const record_marks& marks) {
  request_head h;
  // The company size, kept whatever else fits (`applicant_pool::company` reads it).
  const auto size_bits = static_cast<std::uint16_t>(static_cast<unsigned>(a.employment.size)
                                                    << request_head::size_shift);
  h.flags = request_head::slow | size_bits;
  // Not validated yet (a pool being loaded places before it validates): `facts_of` would throw.
  const auto& members = a.household.members;
  if (std::none_of(members.begin(), members.end(),
                   [](const member& m) { return m.role == member_role::reference_person; })) {
    return h;
  }
  const candidate_facts f = facts_of(a);
  bool fits = true;
  const auto day = [&](date d) -> std::uint16_t {
    if (d.is_special() || d.day_number() <= request_head::epoch ||
        d.day_number() - request_head::epoch > std::numeric_limits<std::uint16_t>::max()) {
      fits = false;
      return request_head::none;
    }
    return static_cast<std::uint16_t>(d.day_number() - request_head::epoch);
  };
  const auto cents = [&](money m) {
    const std::int64_t v = m.in_cents();
    if (v < std::numeric_limits<std::int32_t>::min() ||
        v > std::numeric_limits<std::int32_t>::max()) {
      fits = false;
    }
    return static_cast<std::int32_t>(v);
  };
  const auto short_int = [&](std::int32_t v) {
    if (v < std::numeric_limits<std::int16_t>::min() ||
        v > std::numeric_limits<std::int16_t>::max()) {
      fits = false;
    }
    return static_cast<std::int16_t>(v);
  };
  const auto byte = [&](std::int64_t v) {
    if (v < 0 || v > 255) fits = false;
    return static_cast<std::uint8_t>(v);
  };
  h.expiry = day(row.expiry);
  h.removed = row.removed_on ? day(*row.removed_on) : request_head::none;
  h.filing = day(f.initial_filing);
  h.birth = day(f.birth_date);
  h.job_start = f.job_start ? day(*f.job_start) : request_head::none;
  h.young_until = row.rank.young_until ? day(*row.rank.young_until) : request_head::none;
  h.resources = cents(row.resources);
  h.benefit = cents(row.benefit);
  std::uint16_t flags = 0;
  if (f.effort) {
    flags |= request_head::effort;
    h.effort_cost = cents(f.effort->net_cost);
  }
  if (f.mobility_km && f.mobility_minutes) {
    flags |= request_head::mobility;
    h.mobility_km = short_int(*f.mobility_km);
    h.mobility_minutes = short_int(*f.mobility_minutes);
  } else if (f.mobility_km || f.mobility_minutes) {
    fits = false;
  }
  h.persons = byte(row.rank.persons);
  if (row.rank.base != row.rank.persons && row.rank.base != row.rank.persons + 1) fits = false;
  h.missing_documents = byte(row.missing_documents);
  const std::pair<bool, std::uint16_t> bits[] = {
      {row.employer_validated, request_head::employer_validated},
      {row.rank.base > row.rank.persons, request_head::bumped},
      {f.single_parent, request_head::single_parent},
      {f.household_disability, request_head::household_disability},
      {f.key_worker, request_head::key_worker},
      {f.dalo, request_head::dalo},
      {f.domestic_violence, request_head::domestic_violence},
      {f.homeless_hosted_or_threatened, request_head::homeless_hosted_or_threatened}};
  for (const auto& [on, bit] : bits) flags |= on ? bit : 0;
  flags |= static_cast<std::uint16_t>(static_cast<unsigned>(f.peec) << request_head::peec_shift);
  flags |= size_bits;
  h.incomes_at = byte(marks.incomes);
  h.employer_at = byte(marks.employer);
  h.refusals_at = byte(marks.refusals);
  h.wishes_at = byte(marks.wishes);
  h.flags = fits ? flags : static_cast<std::uint16_t>(request_head::slow | size_bits);
  return h;
}

void read_ranking_row(const request_head& h, const std::uint8_t* record,
                      const employer_table& employers, bool with_employer, ranking_row& out) {
  const auto day = [](std::uint16_t d) {
    return date(static_cast<date::date_int_type>(request_head::epoch + d));
  };
  const auto on = [&](std::uint16_t bit) { return (h.flags & bit) != 0; };
  eligibility_row& r = out.row;
  r.expiry = day(h.expiry);
  r.removed_on = h.removed == request_head::none ? std::nullopt : std::optional(day(h.removed));
  r.missing_documents = h.missing_documents;
  r.employer_validated = on(request_head::employer_validated);
  r.rank.persons = h.persons;
  r.rank.base = h.persons + (on(request_head::bumped) ? 1 : 0);
  r.rank.young_until =
      h.young_until == request_head::none ? std::nullopt : std::optional(day(h.young_until));
  reader<false> incomes(record + h.incomes_at, nullptr);
  read_incomes(incomes, out.incomes);
  r.incomes = out.incomes;
  r.resources = money::cents(h.resources);
  r.benefit = money::cents(h.benefit);
  reader<false> wishes(record + h.wishes_at, nullptr);
  read_wishes(wishes, out.wished);
  r.wished_communes = out.wished.communes;
  r.wished_departments = out.wished.departments;
  r.wished_typologies = out.wished.typologies;
  r.max_rent = out.wished.max_rent;
  r.employer = nullptr;
  if (with_employer) {
    reader<false> employer(record + h.employer_at, nullptr);
    r.employer = &employers[static_cast<std::uint32_t>(employer.get())];
  }

  candidate_facts& f = out.facts;
  f.initial_filing = day(h.filing);
  f.birth_date = day(h.birth);
  f.job_start = h.job_start == request_head::none ? std::nullopt : std::optional(day(h.job_start));
  f.peec = static_cast<peec_status>((h.flags >> request_head::peec_shift) & 3);
  f.size = static_cast<company_size>((h.flags >> request_head::size_shift) & 3);
  if (on(request_head::mobility)) {
    f.mobility_km = h.mobility_km;
    f.mobility_minutes = h.mobility_minutes;
  } else {
    f.mobility_km.reset();
    f.mobility_minutes.reset();
  }
  f.single_parent = on(request_head::single_parent);
  f.household_disability = on(request_head::household_disability);
  f.key_worker = on(request_head::key_worker);
  f.dalo = on(request_head::dalo);
  f.domestic_violence = on(request_head::domestic_violence);
  f.homeless_hosted_or_threatened = on(request_head::homeless_hosted_or_threatened);
  if (on(request_head::effort)) {
    f.effort = current_effort{money::cents(h.effort_cost), money::cents(h.resources)};
  } else {
    f.effort.reset();
  }
  f.reference_income.reset();
  f.plus_ceiling.reset();
  reader<false> refusals(record + h.refusals_at, nullptr);
  const std::size_t n = refusals.count();
  out.refusals.resize(n);
  for (date& d : out.refusals) d = refusals.get_date();
  const std::size_t m = refusals.count();
  out.refusals.resize(n + m);
  for (std::size_t k = n; k < n + m; ++k) out.refusals[k] = refusals.get_date();
  f.applicant_refusals = std::span<const date>(out.refusals.data(), n);
  f.commission_refusals = std::span<const date>(out.refusals.data() + n, m);
  out.persons = h.persons;
}

}  // namespace cotation::detail
