// SPDX-License-Identifier: MIT
#include "journal/binary_codec.hpp"

#include <fmt/format.h>

namespace cotation::detail {

std::uint64_t checksum64(std::string_view bytes, std::uint64_t seed) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = seed ^ (bytes.size() * k);
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  std::uint64_t tail = 0;
  for (std::size_t j = 0; i + j < bytes.size(); ++j) {
    tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + j])) << (8 * j);
  }
  h = (h ^ tail) * 0x94D049BB133111EBULL;
  h ^= h >> 29;
  h *= k;
  return h ^ (h >> 32);
}

namespace {

// --- scalars ---------------------------------------------------------------------------------

// Day numbers of 1400-01-01 and 9999-12-31, boost::gregorian's range.
constexpr std::uint64_t first_day = 2232400;
constexpr std::uint64_t last_day = 5373484;

void put(byte_writer& w, date d) { w.varint(d.is_special() ? 0 : d.day_number()); }
date get_date(byte_reader& r) {
  const std::uint64_t n = r.varint();
  if (n == 0) return date{};
  if (n < first_day || n > last_day) r.fail(fmt::format("day number {} is not a date", n));
  static const date epoch(1970, 1, 1);
  return epoch +
         boost::gregorian::days(static_cast<long>(n) - static_cast<long>(epoch.day_number()));
}
void put(byte_writer& w, const std::optional<date>& d) {
  w.varint(d ? (d->is_special() ? 1 : d->day_number()) : 0);
}
std::optional<date> get_optional_date(byte_reader& r) {
  const std::uint64_t n = r.varint();
  if (n == 0) return std::nullopt;
  if (n == 1) return date{};
  if (n < first_day || n > last_day) r.fail(fmt::format("day number {} is not a date", n));
  static const date epoch(1970, 1, 1);
  return epoch +
         boost::gregorian::days(static_cast<long>(n) - static_cast<long>(epoch.day_number()));
}
void put(byte_writer& w, money m) { w.svarint(m.in_cents()); }
money get_money(byte_reader& r) { return money::cents(r.svarint()); }
void put_int(byte_writer& w, std::int64_t v) { w.svarint(v); }
int get_int(byte_reader& r) {
  const std::int64_t v = r.svarint();
  if (v < INT32_MIN || v > INT32_MAX) r.fail(fmt::format("{} does not fit a 32-bit integer", v));
  return static_cast<int>(v);
}
void put(byte_writer& w, bool b) { w.u8(b ? 1 : 0); }
bool get_bool(byte_reader& r) {
  const std::uint8_t b = r.u8();
  if (b > 1) r.fail(fmt::format("{} is not a boolean", b));
  return b == 1;
}
template <typename E>
void put_enum(byte_writer& w, E e) {
  w.u8(static_cast<std::uint8_t>(e));
}
template <typename E>
E get_enum(byte_reader& r, E last) {
  const std::uint8_t v = r.u8();
  if (v > static_cast<std::uint8_t>(last)) r.fail(fmt::format("enumerator {} out of range", v));
  return static_cast<E>(v);
}
void put(byte_writer& w, const request_number& n) { w.raw(n.str()); }
request_number get_number(byte_reader& r) {
  const std::size_t at = r.offset();
  const std::string_view s = r.raw(request_number::length);
  if (const auto problem = request_number::check(s)) {
    throw binary_fault(at, fmt::format("not a request number: {}", problem->reason));
  }
  return request_number::parse(s);
}
void put(byte_writer& w, const commune_code& c) { w.raw(c.code()); }
commune_code get_commune(byte_reader& r) {
  const std::size_t at = r.offset();
  const auto c = commune_code::try_parse(r.raw(5));
  if (!c) throw binary_fault(at, "not a commune code");
  return *c;
}
department get_department(byte_reader& r) {
  const std::size_t at = r.offset();
  const auto d = department::try_parse(r.raw(3));
  if (!d) throw binary_fault(at, "not a department code");
  return *d;
}
template <typename T, typename F>
void put_list(byte_writer& w, const T& items, F&& f) {
  w.varint(items.size());
  for (const auto& x : items) f(x);
}
template <typename T, typename F>
void get_list(byte_reader& r, T& items, F&& f) {
  const std::uint64_t n = r.length();
  items.clear();
  items.reserve(static_cast<std::size_t>(n));
  for (std::uint64_t i = 0; i < n; ++i) items.push_back(f());
}
void put_dates(byte_writer& w, const std::vector<date>& v) {
  put_list(w, v, [&](date d) { put(w, d); });
}
void get_dates(byte_reader& r, std::vector<date>& v) {
  get_list(r, v, [&] { return get_date(r); });
}

// --- model -----------------------------------------------------------------------------------

void put(byte_writer& w, const employment& e) {
  put_enum(w, e.contract);
  put(w, e.job_start);
  put(w, e.net_monthly_salary);
  put(w, e.gross_monthly_salary);
  w.bytes(e.employer.value);
  put_enum(w, e.peec);
  put_enum(w, e.size);
  put_enum(w, e.sector);
  put_int(w, e.headcount);
}
void get(byte_reader& r, employment& e) {
  e.contract = get_enum(r, contract_type::trial_period);
  e.job_start = get_date(r);
  e.net_monthly_salary = get_money(r);
  e.gross_monthly_salary = get_money(r);
  e.employer.value = std::string(r.bytes());
  e.peec = get_enum(r, peec_status::compensated);
  e.size = get_enum(r, company_size::ge);
  e.sector = get_enum(r, employer_sector::public_sector);
  e.headcount = get_int(r);
}

}  // namespace

void encode(byte_writer& w, const applicant& a) {
  put(w, a.number);
  put(w, a.initial_filing);
  put(w, a.last_renewal);
  put(w, a.removed_on);
  put_list(w, a.household.members, [&](const member& m) {
    put(w, m.birth_date);
    put_enum(w, m.role);
    put(w, m.disabled);
    put(w, m.alternating_custody);
  });
  put_list(w, a.incomes, [&](const annual_income& i) {
    put_int(w, i.year);
    put(w, i.amount);
  });
  put(w, a.monthly_resources);
  put(w, a.expected_housing_benefit);
  put(w, a.employment);
  put(w, a.mobility.has_value());
  if (a.mobility) {
    put_enum(w, a.mobility->kind);
    put(w, a.mobility->event_date);
    put_int(w, a.mobility->distance_km);
    put_int(w, a.mobility->travel_minutes);
  }
  put_enum(w, a.housing.status);
  put(w, a.housing.rent_and_charges);
  put(w, a.housing.housing_benefit);
  const situation& s = a.situation;
  w.u8(static_cast<std::uint8_t>(s.dalo | (s.disability << 1) | (s.domestic_violence << 2) |
                                 (s.threatened_with_eviction << 3) |
                                 (s.non_decent_or_overcrowded << 4) | (s.key_worker << 5) |
                                 (s.single_parent << 6)));
  put_dates(w, a.history.applicant_refusals);
  put_dates(w, a.history.commission_refusals);
  put_dates(w, a.history.attributions);
  put_list(w, a.dossier.required, [&](const document& d) {
    put_enum(w, d.kind);
    put(w, d.validated);
  });
  put(w, a.dossier.employer_validated);
  put_list(w, a.wishes.communes, [&](const commune_code& c) { put(w, c); });
  put_list(w, a.wishes.departments, [&](const department& d) { w.raw(d.code()); });
  put_list(w, a.wishes.typologies, [&](int t) { put_int(w, t); });
  put(w, a.wishes.max_rent.has_value());
  if (a.wishes.max_rent) put(w, *a.wishes.max_rent);
}

applicant decode_applicant(byte_reader& r) {
  applicant a{.number = get_number(r)};
  a.initial_filing = get_date(r);
  a.last_renewal = get_optional_date(r);
  a.removed_on = get_optional_date(r);
  get_list(r, a.household.members, [&] {
    member m;
    m.birth_date = get_date(r);
    m.role = get_enum(r, member_role::dependant);
    m.disabled = get_bool(r);
    m.alternating_custody = get_bool(r);
    return m;
  });
  get_list(r, a.incomes, [&] {
    annual_income i;
    i.year = get_int(r);
    i.amount = get_money(r);
    return i;
  });
  a.monthly_resources = get_money(r);
  a.expected_housing_benefit = get_money(r);
  get(r, a.employment);
  a.mobility.reset();
  if (get_bool(r)) {
    mobility m;
    m.kind = get_enum(r, mobility_kind::company_relocation);
    m.event_date = get_date(r);
    m.distance_km = get_int(r);
    m.travel_minutes = get_int(r);
    a.mobility = m;
  }
  a.housing.status = get_enum(r, housing_status::owner);
  a.housing.rent_and_charges = get_money(r);
  a.housing.housing_benefit = get_money(r);
  const std::uint8_t s = r.u8();
  if (s >= 0x80) r.fail("unknown situation flags");
  a.situation = situation{.dalo = (s & 1) != 0,
                          .disability = (s & 2) != 0,
                          .domestic_violence = (s & 4) != 0,
                          .threatened_with_eviction = (s & 8) != 0,
                          .non_decent_or_overcrowded = (s & 16) != 0,
                          .key_worker = (s & 32) != 0,
                          .single_parent = (s & 64) != 0};
  get_dates(r, a.history.applicant_refusals);
  get_dates(r, a.history.commission_refusals);
  get_dates(r, a.history.attributions);
  get_list(r, a.dossier.required, [&] {
    document d;
    d.kind = get_enum(r, document_kind::other);
    d.validated = get_bool(r);
    return d;
  });
  a.dossier.employer_validated = get_bool(r);
  get_list(r, a.wishes.communes, [&] { return get_commune(r); });
  get_list(r, a.wishes.departments, [&] { return get_department(r); });
  get_list(r, a.wishes.typologies, [&] { return get_int(r); });
  a.wishes.max_rent.reset();
  if (get_bool(r)) a.wishes.max_rent = get_money(r);
  return a;
}

void encode(byte_writer& w, const offer& o) {
  w.bytes(o.id.value);
  put(w, o.commune);
  put_int(w, o.rooms);
  put_int(w, o.surface_m2);
  put(w, o.rent);
  put(w, o.charges);
  put_enum(w, o.financing);
  put(w, o.reserved_for.has_value());
  if (o.reserved_for) w.bytes(o.reserved_for->value);
  put(w, o.publication_start);
  put_int(w, o.publication_days);
  put_int(w, o.shortlist_size);
}

offer decode_offer(byte_reader& r) {
  offer o{.id = offer_id{std::string(r.bytes())}, .commune = get_commune(r)};
  o.rooms = get_int(r);
  o.surface_m2 = get_int(r);
  o.rent = get_money(r);
  o.charges = get_money(r);
  o.financing = get_enum(r, financing::pli);
  o.reserved_for.reset();
  if (get_bool(r)) o.reserved_for = employer_id{std::string(r.bytes())};
  o.publication_start = get_date(r);
  o.publication_days = get_int(r);
  o.shortlist_size = get_int(r);
  return o;
}

void encode(byte_writer& w, const attribution_record& a) {
  put(w, a.on);
  put_enum(w, a.size);
}

attribution_record decode_attribution_record(byte_reader& r) {
  attribution_record a;
  a.on = get_date(r);
  a.size = get_enum(r, company_size::ge);
  return a;
}

namespace {

void put(byte_writer& w, const candidate_decision& d) {
  put(w, d.request);
  put_enum(w, d.decision);
  put_int(w, d.priority);
}
candidate_decision get_decision(byte_reader& r) {
  candidate_decision d{.request = get_number(r)};
  d.decision = get_enum(r, decision_kind::inadmissible);
  d.priority = get_int(r);
  return d;
}

// Event tags are the variant's indexes; each alternative is written after its tag.
struct event_writer {
  byte_writer& w;
  void operator()(const events::file_request& x) const { encode(w, x.request); }
  void operator()(const events::update_request& x) const { encode(w, x.request); }
  void operator()(const events::renew_request& x) const { put(w, x.request); }
  void operator()(const events::remove_request& x) const { put(w, x.request); }
  void operator()(const events::publish_offer& x) const { encode(w, x.offer); }
  void operator()(const events::position& x) const {
    put(w, x.request);
    w.bytes(x.offer.value);
  }
  void operator()(const events::withdraw& x) const {
    put(w, x.request);
    w.bytes(x.offer.value);
  }
  void operator()(const events::commission& x) const {
    w.bytes(x.offer.value);
    put_list(w, x.decisions, [&](const candidate_decision& d) { put(w, d); });
  }
  void operator()(const events::lift_condition& x) const {
    w.bytes(x.offer.value);
    put(w, x.request);
  }
  void operator()(const events::answer& x) const {
    w.bytes(x.offer.value);
    put(w, x.request);
    put_enum(w, x.response);
  }
  void operator()(const events::sign_lease& x) const {
    w.bytes(x.offer.value);
    put(w, x.request);
  }
  void operator()(const events::advance&) const {}
  void operator()(const events::record_attributions& x) const {
    put_list(w, x.attributions, [&](const attribution_record& a) { encode(w, a); });
  }
};

offer_id get_offer_id(byte_reader& r) { return offer_id{std::string(r.bytes())}; }

}  // namespace

void encode(byte_writer& w, const event& e) {
  w.u8(static_cast<std::uint8_t>(e.index()));
  put(w, date_of(e));
  std::visit(event_writer{w}, e);
}

event decode_event(byte_reader& r) {
  const std::uint8_t tag = r.u8();
  const date on = get_date(r);
  switch (tag) {
    case 0:
      return events::file_request{on, decode_applicant(r)};
    case 1:
      return events::update_request{on, decode_applicant(r)};
    case 2:
      return events::renew_request{on, get_number(r)};
    case 3:
      return events::remove_request{on, get_number(r)};
    case 4:
      return events::publish_offer{on, decode_offer(r)};
    case 5: {
      const request_number n = get_number(r);
      return events::position{on, n, get_offer_id(r)};
    }
    case 6: {
      const request_number n = get_number(r);
      return events::withdraw{on, n, get_offer_id(r)};
    }
    case 7: {
      events::commission x{on, get_offer_id(r), {}};
      get_list(r, x.decisions, [&] { return get_decision(r); });
      return x;
    }
    case 8: {
      offer_id o = get_offer_id(r);
      return events::lift_condition{on, std::move(o), get_number(r)};
    }
    case 9: {
      offer_id o = get_offer_id(r);
      const request_number n = get_number(r);
      return events::answer{on, std::move(o), n, get_enum(r, answer_kind::refuse)};
    }
    case 10: {
      offer_id o = get_offer_id(r);
      return events::sign_lease{on, std::move(o), get_number(r)};
    }
    case 11:
      return events::advance{on};
    case 12: {
      events::record_attributions x{on, {}};
      get_list(r, x.attributions, [&] { return decode_attribution_record(r); });
      return x;
    }
    default:
      break;
  }
  r.fail(fmt::format("unknown event tag {}", tag));
}

static_assert(std::variant_size_v<event> == 13, "a new event needs its binary form");

std::string encode_event(const event& e) {
  std::string out;
  byte_writer w(out);
  encode(w, e);
  return out;
}

event decode_event(std::string_view bytes) {
  byte_reader r(bytes);
  event e = decode_event(r);
  if (!r.at_end()) r.fail("bytes left after the event");
  return e;
}

// --- the engine's records --------------------------------------------------------------------

namespace {

void put(byte_writer& w, const scoring_facts::seniority& s) {
  put(w, s.own);
  put(w, s.compared_to);
  put_int(w, s.others);
  put_int(w, s.others_later);
  put_enum(w, s.mode);
}

void put(byte_writer& w, const line_facts& f) {
  w.u8(static_cast<std::uint8_t>(f.index()));
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, scoring_facts::seniority>) {
          put(w, x);
        } else if constexpr (std::is_same_v<T, scoring_facts::events>) {
          put_int(w, x.count);
          put(w, x.since);
        } else if constexpr (std::is_same_v<T, scoring_facts::als>) {
          put_enum(w, x.category);
          w.svarint(x.share.value);
          w.svarint(x.target.value);
        } else if constexpr (std::is_same_v<T, scoring_facts::peec>) {
          put_enum(w, x.status);
        } else if constexpr (std::is_same_v<T, scoring_facts::mobility>) {
          w.u8(static_cast<std::uint8_t>((x.km ? 1 : 0) | (x.minutes ? 2 : 0)));
          if (x.km) put_int(w, *x.km);
          if (x.minutes) put_int(w, *x.minutes);
        } else if constexpr (std::is_same_v<T, scoring_facts::age>) {
          put_int(w, x.years);
        } else if constexpr (std::is_same_v<T, scoring_facts::job>) {
          put(w, x.start);
        } else if constexpr (std::is_same_v<T, scoring_facts::effort>) {
          put(w, x.net_cost);
          put(w, x.resources);
        } else if constexpr (std::is_same_v<T, scoring_facts::resources>) {
          put(w, x.income);
          put(w, x.ceiling);
        } else if constexpr (std::is_same_v<T, scoring_facts::no_plus_ceiling>) {
          put(w, x.income);
        }
      },
      f);
}

line_facts get_facts(byte_reader& r) {
  const std::uint8_t tag = r.u8();
  switch (tag) {
    case 0:
      return scoring_facts::none{};
    case 1: {
      scoring_facts::seniority s;
      s.own = get_date(r);
      s.compared_to = get_date(r);
      s.others = get_int(r);
      s.others_later = get_int(r);
      s.mode = get_enum(r, seniority_mode::oldest_only);
      return s;
    }
    case 2: {
      scoring_facts::events e;
      e.count = get_int(r);
      e.since = get_date(r);
      return e;
    }
    case 3: {
      scoring_facts::als a;
      a.category = get_enum(r, company_size::ge);
      a.share.value = r.svarint();
      a.target.value = r.svarint();
      return a;
    }
    case 4:
      return scoring_facts::peec{get_enum(r, peec_status::compensated)};
    case 5: {
      scoring_facts::mobility m;
      const std::uint8_t has = r.u8();
      if (has > 3) r.fail("unknown mobility flags");
      if ((has & 1) != 0) m.km = get_int(r);
      if ((has & 2) != 0) m.minutes = get_int(r);
      return m;
    }
    case 6:
      return scoring_facts::age{get_int(r)};
    case 7:
      return scoring_facts::job{get_date(r)};
    case 8: {
      scoring_facts::effort e;
      e.net_cost = get_money(r);
      e.resources = get_money(r);
      return e;
    }
    case 9: {
      scoring_facts::resources x;
      x.income = get_money(r);
      x.ceiling = get_money(r);
      return x;
    }
    case 10:
      return scoring_facts::no_plus_ceiling{get_money(r)};
    default:
      break;
  }
  r.fail(fmt::format("unknown score line facts {}", tag));
}
static_assert(std::variant_size_v<line_facts> == 11, "new line facts need their binary form");

void put(byte_writer& w, const score_card& c) {
  put_int(w, c.total.value);
  put_int(w, c.before_total_cap.value);
  put_list(w, c.lines, [&](const score_line& l) {
    w.varint(l.criterion);
    put_int(w, l.value.value);
    put_int(w, l.contribution.value);
    put(w, l.counted);
    put(w, l.facts);
  });
}

void get(byte_reader& r, score_card& c) {
  c.total.value = get_int(r);
  c.before_total_cap.value = get_int(r);
  const std::uint64_t n = r.length();
  c.lines.clear();
  for (std::uint64_t i = 0; i < n; ++i) {
    score_line l;
    const std::uint64_t criterion = r.varint();
    if (criterion > UINT16_MAX) r.fail("criterion index out of range");
    l.criterion = static_cast<std::uint16_t>(criterion);
    l.value.value = get_int(r);
    l.contribution.value = get_int(r);
    l.counted = get_bool(r);
    l.facts = get_facts(r);
    c.lines.push_back(l);
  }
}

void put_numbers(byte_writer& w, const std::vector<request_number>& v) {
  put_list(w, v, [&](const request_number& n) { put(w, n); });
}
void get_numbers(byte_reader& r, std::vector<request_number>& v) {
  get_list(r, v, [&] { return get_number(r); });
}

}  // namespace

void encode(byte_writer& w, const offer_record& o) {
  encode(w, o.offer);
  put_enum(w, o.state);
  put(w, o.published_on);
  put_list(w, o.positionings, [&](const positioning& p) {
    put(w, p.request);
    put(w, p.on);
    put(w, p.withdrawn_on);
    put_enum(w, p.cause);
  });
  put(w, o.closing.has_value());
  if (o.closing) {
    const offer_closing& c = *o.closing;
    put(w, c.on);
    w.varint(c.eligible_count);
    w.varint(c.candidate_count);
    put_list(w, c.ranking, [&](const ranked_entry& e) {
      put(w, e.request);
      w.varint(e.rank);
      put_int(w, e.score.value);
      put(w, e.card);
    });
    put_list(w, c.ineligible, [&](const ineligible_entry& e) {
      put(w, e.request);
      put_list(w, e.reasons, [&](ineligibility i) { put_enum(w, i); });
    });
    put_numbers(w, c.shortlist);
    put_numbers(w, c.passed_over);
  }
  put(w, o.decided_on);
  put_list(w, o.decisions, [&](const candidate_decision& d) { put(w, d); });
  put_list(w, o.attributions, [&](const attribution& a) {
    put(w, a.request);
    put_int(w, a.priority);
    put(w, a.conditional);
    put(w, a.condition_deadline);
    put(w, a.condition_lifted);
    put_enum(w, a.status);
    put(w, a.offered_on);
    put(w, a.answer_deadline);
    put(w, a.ended_on);
  });
  put(w, o.ended_on);
  // Only a held offer has a reason: the records of the other states read as they always did.
  if (o.state == offer_state::held) w.bytes(o.held_because);
}

offer_record decode_offer_record(byte_reader& r) {
  offer_record o{.offer = decode_offer(r)};
  o.state = get_enum(r, offer_state::held);
  o.published_on = get_date(r);
  get_list(r, o.positionings, [&] {
    positioning p{.request = get_number(r)};
    p.on = get_date(r);
    p.withdrawn_on = get_optional_date(r);
    p.cause = get_enum(r, withdrawal::request_removed);
    return p;
  });
  o.closing.reset();
  if (get_bool(r)) {
    offer_closing c;
    c.on = get_date(r);
    c.eligible_count = static_cast<std::size_t>(r.varint());
    c.candidate_count = static_cast<std::size_t>(r.varint());
    get_list(r, c.ranking, [&] {
      ranked_entry e{.request = get_number(r)};
      e.rank = static_cast<std::size_t>(r.varint());
      e.score.value = get_int(r);
      get(r, e.card);
      return e;
    });
    get_list(r, c.ineligible, [&] {
      ineligible_entry e{.request = get_number(r)};
      get_list(r, e.reasons,
               [&] { return get_enum(r, ineligibility::reserved_for_other_employer); });
      return e;
    });
    get_numbers(r, c.shortlist);
    get_numbers(r, c.passed_over);
    o.closing = std::move(c);
  }
  o.decided_on = get_optional_date(r);
  get_list(r, o.decisions, [&] { return get_decision(r); });
  get_list(r, o.attributions, [&] {
    attribution a{.request = get_number(r)};
    a.priority = get_int(r);
    a.conditional = get_bool(r);
    a.condition_deadline = get_optional_date(r);
    a.condition_lifted = get_optional_date(r);
    a.status = get_enum(r, attribution_status::not_reached);
    a.offered_on = get_optional_date(r);
    a.answer_deadline = get_optional_date(r);
    a.ended_on = get_optional_date(r);
    return a;
  });
  o.ended_on = get_optional_date(r);
  if (o.state == offer_state::held) o.held_because = std::string(r.bytes());
  return o;
}

}  // namespace cotation::detail
