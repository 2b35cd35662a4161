// SPDX-License-Identifier: MIT
#include "ranking/pool_record.hpp"

#include <cotation/error.hpp>
#include <cotation/geography.hpp>

#include <algorithm>
#include <array>
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
constexpr std::uint64_t zigzag(std::int64_t v) noexcept {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
constexpr std::int64_t unzigzag(std::uint64_t u) noexcept {
  return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}
void put_signed(std::vector<std::uint8_t>& out, std::int64_t v) { put(out, zigzag(v)); }

/// Dates are written as days from 2020-01-01 (its day number), zig-zagged: the days of a
/// request (filings, births, jobs, refusals) lie within decades of it and take 2 or 3 bytes,
/// where a day number takes 4.
constexpr std::int64_t date_pivot = 2458850;
/// Years (of incomes) are written from this one.
constexpr std::int64_t year_pivot = 2020;

/// 0: not a date, 1: -infinity, 2: +infinity, else zigzag(day - `date_pivot`) + 3.
std::uint64_t date_code(date d) noexcept {
  if (d.is_not_a_date()) return 0;
  if (d.is_neg_infinity()) return 1;
  if (d.is_pos_infinity()) return 2;
  return zigzag(std::int64_t{d.day_number()} - date_pivot) + 3;
}
void put_date(std::vector<std::uint8_t>& out, date d) { put(out, date_code(d)); }
/// 0: none, else `date_code` + 1.
void put_optional_date(std::vector<std::uint8_t>& out, const std::optional<date>& d) {
  put(out, d ? date_code(*d) + 1 : 0);
}
/// The history's three lists (the applicant's refusals, the commission's, the attributions):
/// their counts in one byte `a | c << 2 | t << 4` when each is below 4 (most histories are
/// empty: one byte for three), else `long_history` and the three counts; then every date, list
/// after list.
constexpr std::uint64_t long_history = 64;
void put_history(std::vector<std::uint8_t>& out, const history& h) {
  const std::array<const std::vector<date>*, 3> lists{&h.applicant_refusals, &h.commission_refusals,
                                                      &h.attributions};
  if (std::all_of(lists.begin(), lists.end(), [](const auto* l) { return l->size() < 4; })) {
    put(out, lists[0]->size() | lists[1]->size() << 2 | lists[2]->size() << 4);
  } else {
    put(out, long_history);
    for (const auto* l : lists) put(out, l->size());
  }
  for (const auto* l : lists) {
    for (const date d : *l) put_date(out, d);
  }
}

/// An amount as whole euros and the cents left: zigzag(floor(cents / 100)) << 1, with bit 0
/// set when cents are left, then those cents (1 to 99) in a byte. Most amounts are whole euros
/// (incomes, resources, salaries, rents), one byte shorter so than in cents. `plus` is added
/// to the first number (an optional amount: 0 for none).
void put_money(std::vector<std::uint8_t>& out, money m, std::uint64_t plus = 0) {
  std::int64_t euros = m.in_cents() / 100;
  std::int64_t left = m.in_cents() % 100;
  if (left < 0) {
    euros -= 1;
    left += 100;
  }
  put(out, (zigzag(euros) << 1 | (left != 0 ? 1U : 0U)) + plus);
  if (left != 0) out.push_back(static_cast<std::uint8_t>(left));
}
void put_optional_money(std::vector<std::uint8_t>& out, const std::optional<money>& m) {
  if (!m) return put(out, 0);
  put_money(out, *m, 1);
}

/// The base-12 number of a commune code, written in 3 bytes (its 5 characters).
void put_commune(std::vector<std::uint8_t>& out, const commune_code& c) {
  const std::uint32_t n = commune_number(c);
  for (int k = 0; k < 3; ++k) out.push_back(static_cast<std::uint8_t>(n >> (8 * k)));
}

/// Typologies listed once each, ascending, from T1 to T6 (as wishes have them): a mask (bit
/// t-1 for Tt) << 1 | 1, one byte; any other list: its count << 1, then each.
void put_typologies(std::vector<std::uint8_t>& out, const std::vector<int>& ts) {
  std::uint64_t mask = 0;
  int last = 0;
  for (const int t : ts) {
    if (t <= last || t > 6) {
      put(out, std::uint64_t{ts.size()} << 1);
      for (const int u : ts) put_signed(out, u);
      return;
    }
    mask |= std::uint64_t{1} << (t - 1);
    last = t;
  }
  put(out, mask << 1 | 1);
}

/// Kinds of documents, for the dossier's one-number form.
constexpr std::size_t document_kinds = static_cast<std::size_t>(document_kind::other) + 1;
/// 3^`document_kinds`: the dossier's one-number forms.
constexpr std::uint64_t document_forms = [] {
  std::uint64_t n = 1;
  for (std::size_t k = 0; k < document_kinds; ++k) n *= 3;
  return n;
}();

/// The dossier: bit 0 the employer's validation. Documents listed once each by kind (as the
/// platform lists them): bit 1 set, and from bit 2 one number, a base-3 digit per kind (0 not
/// required, 1 required, 2 required and validated), 2 bytes in all. Any other list: bit 1
/// clear, its count from bit 2, then each document.
void put_dossier(std::vector<std::uint8_t>& out, const dossier& d) {
  const std::uint64_t validated = d.employer_validated ? 1U : 0U;
  std::uint64_t digits = 0;
  std::uint64_t weight = 1;
  std::size_t next = 0;  // the lowest kind the next document may have
  for (const document& doc : d.required) {
    const auto kind = static_cast<std::size_t>(doc.kind);
    if (kind < next || kind >= document_kinds) {
      put(out, std::uint64_t{d.required.size()} << 2 | validated);
      for (const document& e : d.required) {
        put(out, static_cast<std::uint64_t>(e.kind) << 1 | (e.validated ? 1U : 0U));
      }
      return;
    }
    for (; next < kind; ++next) weight *= 3;
    digits += weight * (doc.validated ? 2U : 1U);
    weight *= 3;
    next = kind + 1;
  }
  put(out, digits << 2 | 2U | validated);
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
  /// Four bytes, least significant first (`put_cold_offset`).
  std::uint32_t get_fixed32() {
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= std::uint32_t{byte()} << (8 * k);
    return v;
  }
  std::int64_t get_signed() { return unzigzag(get()); }
  std::int32_t get_int32() { return int32_of(get_signed()); }
  static std::int32_t int32_of(std::int64_t v) {
    if constexpr (checked) {
      if (v < std::numeric_limits<std::int32_t>::min() ||
          v > std::numeric_limits<std::int32_t>::max()) {
        throw data_error("record", "has a number out of 32 bits");
      }
    }
    return static_cast<std::int32_t>(v);
  }
  /// An amount `put_money` wrote, its first number `u` (read by the caller).
  money money_of(std::uint64_t u) {
    const std::int64_t euros = unzigzag(u >> 1);
    std::uint64_t left = 0;
    if ((u & 1) != 0) {
      left = byte();
      if constexpr (checked) {
        if (left == 0 || left > 99) throw data_error("record", "has cents out of 1 to 99");
      }
    }
    if constexpr (checked) {
      __extension__ using wide = __int128;
      const wide cents = wide{euros} * 100 + static_cast<wide>(left);
      if (cents < std::numeric_limits<std::int64_t>::min() ||
          cents > std::numeric_limits<std::int64_t>::max()) {
        throw data_error("record", "has an amount out of 64 bits");
      }
    }
    // In unsigned arithmetic: the product may pass the int64 range before the cents bring it
    // back in.
    return money::cents(static_cast<std::int64_t>(static_cast<std::uint64_t>(euros) * 100 + left));
  }
  money get_money() { return money_of(get()); }
  std::optional<money> get_optional_money() {
    const std::uint64_t u = get();
    if (u == 0) return std::nullopt;
    return money_of(u - 1);
  }
  template <typename E>
  E get_enum(E last) {
    return static_cast<E>(get(static_cast<std::uint64_t>(last)));
  }
  /// The date of `date_code` `v`.
  static date special(std::uint64_t v) {
    switch (v) {
      case 0:
        return date(boost::gregorian::not_a_date_time);
      case 1:
        return date(boost::gregorian::neg_infin);
      case 2:
        return date(boost::gregorian::pos_infin);
      default: {
        const std::int64_t days = unzigzag(v - 3);
        if constexpr (checked) {
          // Within boost's calendar: 1400-01-01 .. 9999-12-31.
          static const std::int64_t first = std::int64_t{date(1400, 1, 1).day_number()};
          static const std::int64_t last = std::int64_t{date(9999, 12, 31).day_number()};
          if (days < first - date_pivot || days > last - date_pivot) {
            throw data_error("record", "has a day out of the calendar");
          }
        }
        return date(static_cast<date::date_int_type>(date_pivot + days));
      }
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
  /// The counts `put_history` wrote: the applicant's refusals, the commission's, the
  /// attributions (checked: at most 3 each, or each at most the bytes left).
  std::array<std::size_t, 3> history_counts() {
    const std::uint64_t packed = get(long_history);
    if (packed < long_history) return {packed & 3, (packed >> 2) & 3, (packed >> 4) & 3};
    const std::size_t a = count();
    const std::size_t c = count();
    return {a, c, count()};
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

/// Reads a record into `a`: its tail, with `held`, or without `held` the whole record (the
/// held fields first). Returns the bytes read.
/// `cold_file`: the mapped cold file (`cold_file`), when the record's cold part is there and
/// its hot part ends with the cold part's offset in it (`put_cold_offset`; unchecked reads
/// only); the bytes read are then the hot part's and the offset's.
template <bool checked>
std::size_t decode(reader<checked>& r, const held_fields* held, const employer_table& employers,
                   applicant& a, bool with_employer = true, std::uint32_t* employer_out = nullptr,
                   record_marks* marks = nullptr, const std::uint8_t* cold_file = nullptr);

/// Reads a record's cold part (`encode_record`: from the last renewal to the dossier) into
/// `a`, with its held fields `held`.
template <bool checked>
void decode_cold(reader<checked>& r, const held_fields& held, applicant& a);

/// The held fields of `a`, as its head holds them when it can.
held_fields held_fields_of(const applicant& a) {
  held_fields h;
  h.initial_filing = a.initial_filing;
  h.removed_on = a.removed_on;
  const auto& members = a.household.members;
  const auto ref = std::find_if(members.begin(), members.end(), [](const member& m) {
    return m.role == member_role::reference_person;
  });
  if (ref != members.end()) h.reference_birth = ref->birth_date;
  h.job_start = a.employment.job_start;
  h.monthly_resources = a.monthly_resources;
  h.expected_housing_benefit = a.expected_housing_benefit;
  return h;
}

void put_held(std::vector<std::uint8_t>& out, const held_fields& h) {
  put_date(out, h.initial_filing);
  put_optional_date(out, h.removed_on);
  put_optional_date(out, h.reference_birth);
  put_date(out, h.job_start);
  put_money(out, h.monthly_resources);
  put_money(out, h.expected_housing_benefit);
}

template <bool checked>
held_fields read_held(reader<checked>& r) {
  held_fields h;
  h.initial_filing = r.get_date();
  h.removed_on = r.get_optional_date();
  h.reference_birth = r.get_optional_date();
  h.job_start = r.get_date();
  h.monthly_resources = r.get_money();
  h.expected_housing_benefit = r.get_money();
  return h;
}

/// The five characters of commune number `n` (below `commune_numbers`).
std::array<char, 5> commune_chars(std::uint32_t n) noexcept {
  std::array<char, 5> code{};
  for (auto ch = code.rbegin(); ch != code.rend(); ++ch, n /= 12) {
    const auto digit = static_cast<char>(n % 12);
    *ch = digit == 10 ? 'A' : digit == 11 ? 'B' : static_cast<char>('0' + digit);
  }
  return code;
}

/// The commune of a number the pool wrote (of a valid code), from a small cache of the calling
/// thread: the same few communes come back in record after record, and parsing a code (its
/// department, its zone) costs more than decoding the rest of a wish.
const commune_code& known_commune(std::uint32_t n) {
  struct slot {
    std::uint32_t key = 0;  // the number + 1, 0 when empty
    std::optional<commune_code> value;
  };
  thread_local std::array<slot, 1024> cache;
  slot& s = cache[(std::uint64_t{n} * 0x9E3779B97F4A7C15ULL) >> 54];
  if (s.key != n + 1) {
    const std::array<char, 5> code = commune_chars(n);
    s.value = commune_code::parse(std::string_view(code.data(), code.size()));
    s.key = n + 1;
  }
  return *s.value;
}

template <bool checked>
void read_incomes(reader<checked>& r, std::vector<annual_income>& out) {
  // `encode_record`'s form: the count and a bit for consecutive years.
  const std::uint64_t head = r.get();
  const auto n = static_cast<std::size_t>(head >> 1);
  const bool consecutive = (head & 1) != 0;
  if constexpr (checked) {
    if (n > r.count_left()) throw data_error("record", "is cut short");
  }
  out.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    annual_income& i = out[k];
    if (k == 0 || !consecutive) {
      // Checked before the pivot is added, which a crafted value would overflow.
      const std::int64_t from_pivot = r.get_signed();
      if constexpr (checked) {
        if (from_pivot > std::int64_t{std::numeric_limits<std::int32_t>::max()} - year_pivot ||
            from_pivot < std::int64_t{std::numeric_limits<std::int32_t>::min()} - year_pivot) {
          throw data_error("record", "has a year out of 32 bits");
        }
      }
      i.year = static_cast<std::int32_t>(from_pivot + year_pivot);
    } else {
      i.year = reader<checked>::int32_of(std::int64_t{out[k - 1].year} + 1);
    }
    i.amount = r.get_money();
  }
}

/// The housing and the mobility, as `encode_record` writes them right after the incomes: the
/// housing status × 4 + the mobility's kind + 1 (0 without one), the rent and the benefit, then
/// the mobility's date, distance and time when there is one.
template <bool checked>
void read_housing(reader<checked>& r, current_housing& out, std::optional<mobility>& m) {
  const std::uint64_t housing =
      r.get(static_cast<std::uint64_t>(housing_status::owner) * 4 +
            static_cast<std::uint64_t>(mobility_kind::company_relocation) + 1);
  out.status = static_cast<housing_status>(housing / 4);
  out.rent_and_charges = r.get_money();
  out.housing_benefit = r.get_money();
  if (const std::uint64_t kind = housing % 4) {
    mobility& move = m.emplace();
    move.kind = static_cast<mobility_kind>(kind - 1);
    move.event_date = r.get_date();
    move.distance_km = r.get_int32();
    move.travel_minutes = r.get_int32();
  } else {
    m.reset();
  }
}

template <bool checked>
void read_typologies(reader<checked>& r, std::vector<int>& out) {
  const std::uint64_t u = r.get();
  if ((u & 1) == 0) {
    if constexpr (checked) {
      if ((u >> 1) > r.count_left()) throw data_error("record", "is cut short");
    }
    out.resize(u >> 1);
    for (int& t : out) t = r.get_int32();
    return;
  }
  const std::uint64_t mask = u >> 1;
  if constexpr (checked) {
    if (mask > 0x3F) throw data_error("record", "has a typology beyond T6");
  }
  out.clear();
  for (int t = 1; t <= 6; ++t) {
    if ((mask >> (t - 1) & 1) != 0) out.push_back(t);
  }
}

template <bool checked>
void read_dossier(reader<checked>& r, dossier& d) {
  const std::uint64_t u = r.get();
  d.employer_validated = (u & 1) != 0;
  if ((u & 2) == 0) {
    if constexpr (checked) {
      if ((u >> 2) > r.count_left()) throw data_error("record", "is cut short");
    }
    d.required.resize(u >> 2);
    for (document& doc : d.required) {
      const std::uint64_t bits = r.get((static_cast<std::uint64_t>(document_kind::other) << 1) | 1);
      doc.kind = static_cast<document_kind>(bits >> 1);
      doc.validated = (bits & 1) != 0;
    }
    return;
  }
  std::uint64_t digits = u >> 2;
  if constexpr (checked) {
    if (digits >= document_forms) throw data_error("record", "has an unknown document");
  }
  d.required.clear();
  for (std::size_t kind = 0; kind < document_kinds; ++kind, digits /= 3) {
    if (digits % 3 != 0) {
      d.required.push_back(document{static_cast<document_kind>(kind), digits % 3 == 2});
    }
  }
}

template <bool checked>
void read_wishes(reader<checked>& r, wishes& w) {
  static const commune_code placeholder = commune_code::parse("75056");  // overwritten below
  w.communes.resize(r.count(), placeholder);
  for (commune_code& c : w.communes) {
    std::uint32_t n = 0;
    for (int k = 0; k < 3; ++k) n |= std::uint32_t{r.byte()} << (8 * k);
    if constexpr (checked) {
      const std::array<char, 5> code = commune_chars(n % commune_numbers);
      const auto parsed = commune_code::try_parse(std::string_view(code.data(), code.size()));
      if (n >= commune_numbers || !parsed) throw data_error("record", "has an unknown commune");
      c = *parsed;
    } else {
      c = known_commune(n);  // written from a valid code: cannot fail
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
  read_typologies(r, w.typologies);
  w.max_rent = r.get_optional_money();
}

}  // namespace

std::uint32_t commune_number(const commune_code& c) noexcept {
  std::uint32_t n = 0;
  for (const char ch : c.code()) {
    n = n * 12 + static_cast<std::uint32_t>(ch == 'A' ? 10 : ch == 'B' ? 11 : ch - '0');
  }
  return n;
}

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
  put_held(out, held_fields_of(a));
  record_marks here;
  here.tail = static_cast<std::uint32_t>(out.size() - start);
  // What ranking reads first, in the order it reads it (`read_ranking_row`, no marks needed):
  // the incomes, the housing and the mobility, the employer, the history, the wishes. Then the
  // rest, which only a whole decoding reads.
  // The incomes' count, and a bit set when the years follow each other (N-2 then N-1, as
  // almost every request declares them): the first year only, then the amounts. Else each
  // year and amount.
  const auto& incomes = a.incomes;
  bool consecutive = incomes.size() >= 2;
  for (std::size_t k = 1; k < incomes.size() && consecutive; ++k) {
    consecutive = std::int64_t{incomes[k].year} == std::int64_t{incomes[k - 1].year} + 1;
  }
  put(out, std::uint64_t{incomes.size()} << 1 | (consecutive ? 1U : 0U));
  for (std::size_t k = 0; k < incomes.size(); ++k) {
    if (k == 0 || !consecutive) put_signed(out, std::int64_t{incomes[k].year} - year_pivot);
    put_money(out, incomes[k].amount);
  }
  // The housing status and the mobility's kind in one number: status × 4, plus 0 for no
  // mobility, else its kind + 1.
  static_assert(static_cast<int>(mobility_kind::company_relocation) + 1 < 4);
  put(out, static_cast<std::uint64_t>(a.housing.status) * 4 +
               (a.mobility ? static_cast<std::uint64_t>(a.mobility->kind) + 1 : 0));
  put_money(out, a.housing.rent_and_charges);
  put_money(out, a.housing.housing_benefit);
  if (a.mobility) {
    put_date(out, a.mobility->event_date);
    put_signed(out, a.mobility->distance_km);
    put_signed(out, a.mobility->travel_minutes);
  }
  put(out, employer);
  put_history(out, a.history);
  put(out, a.wishes.communes.size());
  for (const commune_code& c : a.wishes.communes) put_commune(out, c);
  put(out, a.wishes.departments.size());
  for (const department& d : a.wishes.departments) put(out, d.index());
  put_typologies(out, a.wishes.typologies);
  put_optional_money(out, a.wishes.max_rent);
  put_optional_date(out, a.last_renewal);
  put(out, a.household.members.size());
  bool reference_seen = false;
  for (const member& m : a.household.members) {
    // The birth's `date_code`, and 4 bits of role and flags: 3 bytes for a birth from 1841
    // to 2198. The first reference person's birth is a held field: its role and flags alone.
    const bool held = !reference_seen && m.role == member_role::reference_person;
    reference_seen = reference_seen || held;
    put(out, (held ? 0 : date_code(m.birth_date) << 4) | static_cast<std::uint64_t>(m.role) |
                 (m.disabled ? 4U : 0U) | (m.alternating_custody ? 8U : 0U));
  }
  const employment& e = a.employment;
  put(out, static_cast<std::uint64_t>(e.contract));
  put_money(out, e.net_monthly_salary);
  put_money(out, e.gross_monthly_salary);
  put(out, static_cast<std::uint64_t>(e.peec) | static_cast<std::uint64_t>(e.size) << 2 |
               static_cast<std::uint64_t>(e.sector) << 4);
  put_signed(out, e.headcount);
  const situation& s = a.situation;
  put(out, (s.dalo ? 1U : 0U) | (s.disability ? 2U : 0U) | (s.domestic_violence ? 4U : 0U) |
               (s.threatened_with_eviction ? 8U : 0U) | (s.non_decent_or_overcrowded ? 16U : 0U) |
               (s.key_worker ? 32U : 0U) | (s.single_parent ? 64U : 0U));
  put_dossier(out, a.dossier);
  if (marks != nullptr) *marks = here;
}

namespace {
/// Moves `r`, at a record's tail, past its incomes and its housing and mobility, to its
/// employer.
void skip_to_employer(reader<false>& r) {
  thread_local std::vector<annual_income> incomes;
  current_housing housing;
  std::optional<mobility> move;
  read_incomes(r, incomes);
  read_housing(r, housing, move);
}

/// Moves `r`, just past a record's employer, past its history, to its wishes.
void skip_history(reader<false>& r) {
  const auto [applicant, commission, attributions] = r.history_counts();
  for (std::size_t k = 0; k < applicant + commission + attributions; ++k) (void)r.get();
}
}  // namespace

held_fields held_of(const request_head& h) noexcept {
  const auto day = [](std::uint16_t d) {
    return date(static_cast<date::date_int_type>(request_head::epoch + d));
  };
  held_fields f;
  f.initial_filing = day(h.filing);
  if (h.removed != request_head::none) f.removed_on = day(h.removed);
  f.reference_birth = day(h.birth);
  f.job_start = h.job_start == request_head::none ? date(boost::gregorian::not_a_date_time)
                                                  : day(h.job_start);
  f.monthly_resources = money::cents(h.resources);
  f.expected_housing_benefit = money::cents(h.benefit);
  return f;
}

void encode_held(const request_head& h, std::vector<std::uint8_t>& out) {
  // `put_held(out, held_of(h))` from the head's integers, without building calendar dates (a
  // snapshot writes this for every request).
  const auto code = [](std::uint16_t d) {
    return zigzag(std::int64_t{request_head::epoch} + d - date_pivot) + 3;  // `date_code`
  };
  put(out, code(h.filing));
  put(out, h.removed == request_head::none ? 0 : code(h.removed) + 1);
  put(out, code(h.birth) + 1);
  put(out, h.job_start == request_head::none ? 0 : code(h.job_start));  // 0: not a date
  put_money(out, money::cents(h.resources));
  put_money(out, money::cents(h.benefit));
}

held_fields checked_read_held(std::span<const std::uint8_t> in, std::size_t& at) {
  reader<true> r(in.data() + std::min(at, in.size()), in.data() + in.size());
  try {
    held_fields h = read_held(r);
    at += r.consumed();
    return h;
  } catch (const error& e) {
    throw data_error("head fields", e.reason());
  }
}

std::size_t decode_record(const request_head& h, const std::uint8_t* record,
                          const employer_table& employers, applicant& a, bool with_employer,
                          const std::uint8_t* cold_file) {
  reader<false> r(record, nullptr);
  if ((h.flags & request_head::slow) != 0) {
    return decode(r, nullptr, employers, a, with_employer);
  }
  const held_fields held = held_of(h);
  const bool cold_there = (h.flags & request_head::cold_on_disk) != 0;
  return decode(r, &held, employers, a, with_employer, nullptr, nullptr,
                cold_there ? cold_file : nullptr);
}

std::size_t record_size(const request_head& h, const std::uint8_t* record,
                        const employer_table& employers) {
  if ((h.flags & request_head::cold_on_disk) != 0) return hot_size(record) + cold_offset_size;
  thread_local applicant a = blank_applicant();
  return decode_record(h, record, employers, a, false);
}

std::size_t hot_size(const std::uint8_t* record) {
  thread_local wishes w;
  return read_record_wishes(record, w);
}

std::uint32_t cold_offset_at(const std::uint8_t* at) {
  reader<false> r(at, nullptr);
  return r.get_fixed32();
}

void put_cold_offset(std::vector<std::uint8_t>& out, std::uint32_t offset) {
  for (std::size_t k = 0; k < cold_offset_size; ++k) {
    out.push_back(static_cast<std::uint8_t>(offset >> (8 * k)));
  }
}

std::size_t cold_size(const request_head& h, const std::uint8_t* cold) {
  thread_local applicant a = blank_applicant();
  reader<false> r(cold, nullptr);
  decode_cold(r, held_of(h), a);
  return r.consumed();
}

std::uint32_t record_employer(const request_head& h, const std::uint8_t* record,
                              const employer_table& employers) {
  if ((h.flags & request_head::slow) != 0) {
    thread_local applicant a = blank_applicant();
    std::uint32_t employer = 0;
    reader<false> r(record, nullptr);
    decode(r, nullptr, employers, a, false, &employer);
    return employer;
  }
  reader<false> r(record, nullptr);
  skip_to_employer(r);
  return static_cast<std::uint32_t>(r.get());
}

void read_record_incomes(const std::uint8_t* record, std::vector<annual_income>& out) {
  reader<false> r(record, nullptr);
  read_incomes(r, out);
}

std::size_t read_record_wishes(const std::uint8_t* record, wishes& out) {
  reader<false> r(record, nullptr);
  skip_to_employer(r);
  (void)r.get();
  skip_history(r);
  read_wishes(r, out);
  return r.consumed();
}

checked_record checked_decode_record(std::span<const std::uint8_t> in, const held_fields* held,
                                     const employer_table& employers, applicant& a,
                                     record_marks* marks) {
  reader<true> r(in.data(), in.data() + in.size());
  checked_record out;
  out.size = decode(r, held, employers, a, true, &out.employer, marks);
  return out;
}

namespace {
template <bool checked>
std::size_t decode(reader<checked>& r, const held_fields* held, const employer_table& employers,
                   applicant& a, bool with_employer, std::uint32_t* employer_out,
                   record_marks* marks, const std::uint8_t* cold_file) {
  held_fields whole;  // the held fields, when the record starts with them
  if (held == nullptr) {
    whole = read_held(r);
    held = &whole;
  }
  record_marks here;
  here.tail = static_cast<std::uint32_t>(r.consumed());
  a.initial_filing = held->initial_filing;
  a.removed_on = held->removed_on;
  // `encode_record`'s order: what ranking reads, then the rest.
  read_incomes(r, a.incomes);
  read_housing(r, a.housing, a.mobility);
  employment& e = a.employment;
  const auto employer = static_cast<std::uint32_t>(r.get(employers.size() - 1));
  if (employer_out != nullptr) *employer_out = employer;
  if (with_employer) {
    e.employer.value = employers[employer].value;
  } else {
    e.employer.value.clear();
  }
  const std::array<std::size_t, 3> counts = r.history_counts();
  for (auto [list, n] : {std::pair{&a.history.applicant_refusals, counts[0]},
                         std::pair{&a.history.commission_refusals, counts[1]},
                         std::pair{&a.history.attributions, counts[2]}}) {
    list->resize(n);
    for (date& d : *list) d = r.get_date();
  }
  read_wishes(r, a.wishes);
  a.monthly_resources = held->monthly_resources;
  a.expected_housing_benefit = held->expected_housing_benefit;
  e.job_start = held->job_start;
  if (marks != nullptr) *marks = here;
  if constexpr (!checked) {
    if (cold_file != nullptr) {
      reader<false> cold(cold_file + r.get_fixed32(), nullptr);
      decode_cold(cold, *held, a);
      return r.consumed();
    }
  }
  decode_cold(r, *held, a);
  return r.consumed();
}

template <bool checked>
void decode_cold(reader<checked>& r, const held_fields& held, applicant& a) {
  employment& e = a.employment;
  a.last_renewal = r.get_optional_date();
  a.household.members.resize(r.count());
  bool reference_seen = false;
  for (member& m : a.household.members) {
    const std::uint64_t bits = r.get();
    if constexpr (checked) {
      if ((bits & 3) > 2) throw data_error("record", "has an unknown member role");
    }
    m.role = static_cast<member_role>(bits & 3);
    m.disabled = (bits & 4) != 0;
    m.alternating_custody = (bits & 8) != 0;
    if (!reference_seen && m.role == member_role::reference_person) {
      // Its birth is a held field.
      reference_seen = true;
      if constexpr (checked) {
        if ((bits >> 4) != 0 || !held.reference_birth) {
          throw data_error("record", "has a reference person without a held birth");
        }
      }
      m.birth_date = *held.reference_birth;
    } else {
      m.birth_date = r.special(bits >> 4);
    }
  }
  if constexpr (checked) {
    if (!reference_seen && held.reference_birth) {
      throw data_error("record", "has a reference person's birth but no reference person");
    }
  }
  e.contract = r.get_enum(contract_type::trial_period);
  e.net_monthly_salary = r.get_money();
  e.gross_monthly_salary = r.get_money();
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
  const std::uint64_t s = r.get(127);
  a.situation = situation{.dalo = (s & 1) != 0,
                          .disability = (s & 2) != 0,
                          .domestic_violence = (s & 4) != 0,
                          .threatened_with_eviction = (s & 8) != 0,
                          .non_decent_or_overcrowded = (s & 16) != 0,
                          .key_worker = (s & 32) != 0,
                          .single_parent = (s & 64) != 0};
  read_dossier(r, a.dossier);
}
}  // namespace

request_head head_of(const applicant& a, const eligibility_row& row) {
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
  const auto byte = [&](std::int64_t v) {
    if (v < 0 || v > 255) fits = false;
    return static_cast<std::uint8_t>(v);
  };
  h.expiry = day(row.expiry);
  h.removed = row.removed_on ? day(*row.removed_on) : request_head::none;
  h.filing = day(f.initial_filing);
  h.birth = day(f.birth_date);
  // Read back as not-a-date when none (`held_of`): any other special day does not fit.
  const date job_start = a.employment.job_start;
  if (job_start.is_special() && !job_start.is_not_a_date()) fits = false;
  h.job_start = f.job_start ? day(*f.job_start) : request_head::none;
  h.young_until = row.rank.young_until ? day(*row.rank.young_until) : request_head::none;
  h.resources = cents(row.resources);
  h.benefit = cents(row.benefit);
  std::uint16_t flags = 0;
  if (f.effort) flags |= request_head::effort;
  if (f.mobility_km) flags |= request_head::mobility;  // and its minutes: `facts_of` sets both
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
  h.flags = fits ? flags : static_cast<std::uint16_t>(request_head::slow | size_bits);
  return h;
}

namespace {
/// Request `h`'s current effort and mobility distance and time (as `facts_of` gives them),
/// read on from `r` (just after the record's incomes: the housing, then the mobility, which `r`
/// is moved past) when its head says it has them.
void read_housing_and_mobility(const request_head& h, reader<false>& r, candidate_facts& f) {
  current_housing housing;
  std::optional<mobility> move;
  read_housing(r, housing, move);
  f.effort.reset();
  if ((h.flags & request_head::effort) != 0) {
    f.effort = current_effort{std::max(money{}, housing.rent_and_charges - housing.housing_benefit),
                              money::cents(h.resources)};
  }
  f.mobility_km.reset();
  f.mobility_minutes.reset();
  if (move && (h.flags & request_head::mobility) != 0) {
    f.mobility_km = move->distance_km;
    f.mobility_minutes = move->travel_minutes;
  }
}
}  // namespace

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
  // The record's first sections, in their order: incomes, housing and mobility, employer,
  // history, wishes.
  reader<false> in(record, nullptr);
  read_incomes(in, out.incomes);
  read_housing_and_mobility(h, in, out.facts);
  r.incomes = out.incomes;
  r.resources = money::cents(h.resources);
  r.benefit = money::cents(h.benefit);
  const auto employer = static_cast<std::uint32_t>(in.get());
  r.employer = with_employer ? &employers[employer] : nullptr;
  const auto [n, m, attributions] = in.history_counts();
  out.refusals.resize(n + m);
  for (date& d : out.refusals) d = in.get_date();
  for (std::size_t k = 0; k < attributions; ++k) (void)in.get();
  read_wishes(in, out.wished);
  r.wished_communes = out.wished.communes;
  r.wished_departments = out.wished.departments;
  r.wished_typologies = out.wished.typologies;
  r.max_rent = out.wished.max_rent;

  candidate_facts& f = out.facts;
  f.initial_filing = day(h.filing);
  f.birth_date = day(h.birth);
  f.job_start = h.job_start == request_head::none ? std::nullopt : std::optional(day(h.job_start));
  f.peec = static_cast<peec_status>((h.flags >> request_head::peec_shift) & 3);
  f.size = static_cast<company_size>((h.flags >> request_head::size_shift) & 3);
  f.single_parent = on(request_head::single_parent);
  f.household_disability = on(request_head::household_disability);
  f.key_worker = on(request_head::key_worker);
  f.dalo = on(request_head::dalo);
  f.domestic_violence = on(request_head::domestic_violence);
  f.homeless_hosted_or_threatened = on(request_head::homeless_hosted_or_threatened);
  f.reference_income.reset();
  f.plus_ceiling.reset();
  f.applicant_refusals = std::span<const date>(out.refusals.data(), n);
  f.commission_refusals = std::span<const date>(out.refusals.data() + n, m);
  out.persons = h.persons;
}

}  // namespace cotation::detail
