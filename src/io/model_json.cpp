// SPDX-License-Identifier: MIT
#include "io/model_json.hpp"

#include <utility>
#include <vector>

#include <fmt/format.h>

#include <cotation/error.hpp>

namespace cotation::detail {

namespace {

// `value` checked by the model's `validate`: a fault becomes a `document_error` at its field path
// below the reader's pointer.
template <typename T>
T validated(reader& r, T value) {
  try {
    validate(value);
  } catch (const invalid_argument& e) {
    r.fail_model(e.where(), e.reason());
  }
  return value;
}

// An applicant is read and written part by part: each part's reader beside its writer, in the order
// of the document. A reader reads the part's object at the reader's current pointer.

household read_household(reader& r, const jvalue& v) {
  object_fields h(r, v, {"members"});
  return household{h.required("members", [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) {
      object_fields o(r, y, {"birth_date", "role", "disabled", "alternating_custody"});
      member m;
      m.birth_date = o.required("birth_date", [&](const jvalue& z) { return read_date(r, z); });
      m.role = o.required("role", [&](const jvalue& z) { return read_enum<member_role>(r, z); });
      const auto boolean = [&](const jvalue& z) { return read_bool(r, z); };
      m.disabled = o.defaulted("disabled", false, boolean);
      m.alternating_custody = o.defaulted("alternating_custody", false, boolean);
      return m;
    });
  })};
}

jvalue write_household(const household& h) {
  return object_builder{}
      .add("members", j_array(h.members,
                              [](const member& m, std::size_t i) {
                                object_builder mb;
                                mb.add("birth_date",
                                       j_date(m.birth_date,
                                              fmt::format("household.members[{}].birth_date", i)));
                                mb.add("role", j_enum(m.role));
                                if (m.disabled) mb.add("disabled", j_bool(true));
                                if (m.alternating_custody) {
                                  mb.add("alternating_custody", j_bool(true));
                                }
                                return mb.v;
                              }))
      .v;
}

std::vector<annual_income> read_incomes(reader& r, const jvalue& v) {
  return read_array(r, v, [&](const jvalue& x) {
    object_fields i(r, x, {"year", "amount"});
    annual_income income;
    income.year = i.required("year", [&](const jvalue& y) { return read_int(r, y, 1900, 2200); });
    income.amount = i.required("amount", [&](const jvalue& y) { return read_money(r, y); });
    return income;
  });
}

jvalue write_incomes(const std::vector<annual_income>& incomes) {
  return j_array(incomes, [](const annual_income& i, std::size_t) {
    return object_builder{}.add("year", j_int(i.year)).add("amount", j_money(i.amount)).v;
  });
}

employment read_employment(reader& r, const jvalue& v) {
  object_fields e(r, v,
                  {"contract", "job_start", "net_monthly_salary", "gross_monthly_salary",
                   "employer", "peec", "size", "sector", "headcount"});
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  employment emp;
  emp.contract =
      e.required("contract", [&](const jvalue& x) { return read_enum<contract_type>(r, x); });
  emp.job_start =
      e.defaulted("job_start", date{}, [&](const jvalue& x) { return read_date(r, x); });
  emp.net_monthly_salary = e.required("net_monthly_salary", as_money);
  emp.gross_monthly_salary = e.required("gross_monthly_salary", as_money);
  emp.employer =
      e.required("employer", [&](const jvalue& x) { return employer_id{read_string(r, x)}; });
  emp.peec = e.required("peec", [&](const jvalue& x) { return read_enum<peec_status>(r, x); });
  emp.size = e.required("size", [&](const jvalue& x) { return read_enum<company_size>(r, x); });
  emp.sector = e.defaulted("sector", employment{}.sector,
                           [&](const jvalue& x) { return read_enum<employer_sector>(r, x); });
  emp.headcount = e.required("headcount", [&](const jvalue& x) { return read_int(r, x); });
  return emp;
}

jvalue write_employment(const employment& e) {
  object_builder eb;
  eb.add("contract", j_enum(e.contract));
  if (!e.job_start.is_not_a_date())
    eb.add("job_start", j_date(e.job_start, "employment.job_start"));
  eb.add("net_monthly_salary", j_money(e.net_monthly_salary));
  eb.add("gross_monthly_salary", j_money(e.gross_monthly_salary));
  eb.add("employer", j_string(e.employer.value));
  eb.add("peec", j_enum(e.peec));
  eb.add("size", j_enum(e.size));
  if (e.sector != employment{}.sector) eb.add("sector", j_enum(e.sector));
  eb.add("headcount", j_int(e.headcount));
  return std::move(eb.v);
}

mobility read_mobility(reader& r, const jvalue& v) {
  object_fields m(r, v, {"kind", "event_date", "distance_km", "travel_minutes"});
  const auto as_int = [&](const jvalue& x) { return read_int(r, x); };
  mobility mob;
  mob.kind = m.required("kind", [&](const jvalue& x) { return read_enum<mobility_kind>(r, x); });
  mob.event_date = m.required("event_date", [&](const jvalue& x) { return read_date(r, x); });
  mob.distance_km = m.required("distance_km", as_int);
  mob.travel_minutes = m.required("travel_minutes", as_int);
  return mob;
}

jvalue write_mobility(const mobility& m) {
  return object_builder{}
      .add("kind", j_enum(m.kind))
      .add("event_date", j_date(m.event_date, "mobility.event_date"))
      .add("distance_km", j_int(m.distance_km))
      .add("travel_minutes", j_int(m.travel_minutes))
      .v;
}

current_housing read_housing(reader& r, const jvalue& v) {
  object_fields h(r, v, {"status", "rent_and_charges", "housing_benefit"});
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  current_housing ch;
  ch.status =
      h.required("status", [&](const jvalue& x) { return read_enum<housing_status>(r, x); });
  ch.rent_and_charges = h.defaulted("rent_and_charges", money{}, as_money);
  ch.housing_benefit = h.defaulted("housing_benefit", money{}, as_money);
  return ch;
}

jvalue write_housing(const current_housing& h) {
  object_builder hb;
  hb.add("status", j_enum(h.status));
  if (h.rent_and_charges != money{}) hb.add("rent_and_charges", j_money(h.rent_and_charges));
  if (h.housing_benefit != money{}) hb.add("housing_benefit", j_money(h.housing_benefit));
  return std::move(hb.v);
}

// The situation's flags, in the document's order; only the true ones are written.
constexpr std::pair<std::string_view, bool situation::*> situation_flags[] = {
    {"dalo", &situation::dalo},
    {"disability", &situation::disability},
    {"domestic_violence", &situation::domestic_violence},
    {"threatened_with_eviction", &situation::threatened_with_eviction},
    {"non_decent_or_overcrowded", &situation::non_decent_or_overcrowded},
    {"key_worker", &situation::key_worker},
    {"single_parent", &situation::single_parent}};

situation read_situation(reader& r, const jvalue& v) {
  object_fields s(r, v,
                  {"dalo", "disability", "domestic_violence", "threatened_with_eviction",
                   "non_decent_or_overcrowded", "key_worker", "single_parent"});
  situation st;
  for (const auto& [key, flag] : situation_flags) {
    st.*flag = s.defaulted(key, false, [&](const jvalue& x) { return read_bool(r, x); });
  }
  return st;
}

/// Empty (no field) when no flag is set.
object_builder write_situation(const situation& s) {
  object_builder sb;
  for (const auto& [key, flag] : situation_flags) {
    if (s.*flag) sb.add(key, j_bool(true));
  }
  return sb;
}

// The history's lists of dates, in the document's order; only the non-empty ones are written.
constexpr std::pair<std::string_view, std::vector<date> history::*> history_lists[] = {
    {"applicant_refusals", &history::applicant_refusals},
    {"commission_refusals", &history::commission_refusals},
    {"attributions", &history::attributions}};

history read_history(reader& r, const jvalue& v) {
  object_fields h(r, v, {"applicant_refusals", "commission_refusals", "attributions"});
  const auto as_dates = [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) { return read_date(r, y); });
  };
  history hi;
  for (const auto& [key, list] : history_lists) {
    hi.*list = h.defaulted(key, std::vector<date>{}, as_dates);
  }
  return hi;
}

/// Empty (no field) when every list is empty.
object_builder write_history(const history& h) {
  object_builder hb;
  for (const auto& entry : history_lists) {
    const std::string_view key = entry.first;  // a plain variable: lambdas capture it
    const std::vector<date>& ds = h.*entry.second;
    if (ds.empty()) continue;
    hb.add(key, j_array(ds, [&](date d, std::size_t i) {
             return j_date(d, fmt::format("history.{}[{}]", key, i));
           }));
  }
  return hb;
}

dossier read_dossier(reader& r, const jvalue& v) {
  object_fields d(r, v, {"required", "employer_validated"});
  const auto as_bool = [&](const jvalue& x) { return read_bool(r, x); };
  dossier ds;
  ds.required = d.required("required", [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) {
      object_fields doc(r, y, {"kind", "validated"});
      document dc;
      dc.kind =
          doc.required("kind", [&](const jvalue& z) { return read_enum<document_kind>(r, z); });
      dc.validated = doc.required("validated", as_bool);
      return dc;
    });
  });
  ds.employer_validated = d.required("employer_validated", as_bool);
  return ds;
}

jvalue write_dossier(const dossier& d) {
  return object_builder{}
      .add("required", j_array(d.required,
                               [](const document& doc, std::size_t) {
                                 return object_builder{}
                                     .add("kind", j_enum(doc.kind))
                                     .add("validated", j_bool(doc.validated))
                                     .v;
                               }))
      .add("employer_validated", j_bool(d.employer_validated))
      .v;
}

wishes read_wishes(reader& r, const jvalue& v) {
  object_fields w(r, v, {"communes", "departments", "typologies", "max_rent"});
  wishes ws;
  ws.communes = w.defaulted("communes", std::vector<commune_code>{}, [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) { return read_commune(r, y); });
  });
  ws.departments = w.defaulted("departments", std::vector<department>{}, [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) { return read_department(r, y); });
  });
  ws.typologies = w.defaulted("typologies", std::vector<int>{}, [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) { return read_int(r, y); });
  });
  ws.max_rent = w.optional("max_rent", [&](const jvalue& x) { return read_money(r, x); });
  return ws;
}

/// Empty (no field) when there is no wish.
object_builder write_wishes(const wishes& w) {
  object_builder wb;
  if (!w.communes.empty()) {
    wb.add("communes", j_array(w.communes, [](const commune_code& c, std::size_t) {
             return j_string(c.code());
           }));
  }
  if (!w.departments.empty()) {
    wb.add("departments", j_array(w.departments, [](const department& d, std::size_t) {
             return j_string(d.code());
           }));
  }
  if (!w.typologies.empty()) {
    wb.add("typologies", j_array(w.typologies, [](int t, std::size_t) { return j_int(t); }));
  }
  if (w.max_rent) wb.add("max_rent", j_money(*w.max_rent));
  return wb;
}

}  // namespace

applicant read_applicant(reader& r, const jvalue& v) {
  object_fields o(r, v,
                  {"number", "initial_filing", "last_renewal", "removed_on", "household", "incomes",
                   "monthly_resources", "expected_housing_benefit", "employment", "mobility",
                   "housing", "situation", "history", "dossier", "wishes"});
  const auto as_date = [&](const jvalue& x) { return read_date(r, x); };
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  const auto part = [&](auto read_part) {
    return [&r, read_part](const jvalue& x) { return read_part(r, x); };
  };
  // Fields are read in the document's order, so the first faulty one is reported.
  applicant a{.number =
                  o.required("number", [&](const jvalue& x) { return read_request_number(r, x); })};
  a.initial_filing = o.required("initial_filing", as_date);
  a.last_renewal = o.optional("last_renewal", as_date);
  a.removed_on = o.optional("removed_on", as_date);
  a.household = o.required("household", part(read_household));
  a.incomes = o.required("incomes", part(read_incomes));
  a.monthly_resources = o.required("monthly_resources", as_money);
  a.expected_housing_benefit = o.defaulted("expected_housing_benefit", money{}, as_money);
  a.employment = o.required("employment", part(read_employment));
  a.mobility = o.optional("mobility", part(read_mobility));
  a.housing = o.required("housing", part(read_housing));
  a.situation = o.defaulted("situation", situation{}, part(read_situation));
  a.history = o.defaulted("history", history{}, part(read_history));
  a.dossier = o.required("dossier", part(read_dossier));
  a.wishes = o.defaulted("wishes", wishes{}, part(read_wishes));

  return validated(r, std::move(a));
}

jvalue write_applicant(const applicant& a) {
  validate(a);
  object_builder o;
  o.add("number", j_string(a.number.str()));
  o.add("initial_filing", j_date(a.initial_filing, "initial_filing"));
  if (a.last_renewal) o.add("last_renewal", j_date(*a.last_renewal, "last_renewal"));
  if (a.removed_on) o.add("removed_on", j_date(*a.removed_on, "removed_on"));
  o.add("household", write_household(a.household));
  o.add("incomes", write_incomes(a.incomes));
  o.add("monthly_resources", j_money(a.monthly_resources));
  if (a.expected_housing_benefit != money{}) {
    o.add("expected_housing_benefit", j_money(a.expected_housing_benefit));
  }
  o.add("employment", write_employment(a.employment));
  if (a.mobility) o.add("mobility", write_mobility(*a.mobility));
  o.add("housing", write_housing(a.housing));
  if (object_builder s = write_situation(a.situation); !s.empty())
    o.add("situation", std::move(s.v));
  if (object_builder h = write_history(a.history); !h.empty()) o.add("history", std::move(h.v));
  o.add("dossier", write_dossier(a.dossier));
  if (object_builder w = write_wishes(a.wishes); !w.empty()) o.add("wishes", std::move(w.v));
  return std::move(o.v);
}

namespace {

// An offer with the model's defaults (it has no default constructor).
offer blank_offer(offer_id id, commune_code commune) {
  return offer{.id = std::move(id),
               .commune = commune,
               .rent = {},
               .charges = {},
               .reserved_for = {},
               .publication_start = {}};
}

// The model's defaults for the optional fields.
const offer& default_offer() {
  static const offer o = blank_offer(offer_id{}, commune_code::parse("75056"));
  return o;
}

}  // namespace

offer read_offer(reader& r, const jvalue& v) {
  object_fields o(r, v,
                  {"id", "commune", "rooms", "surface_m2", "rent", "charges", "financing",
                   "reserved_for", "publication_start", "publication_days", "shortlist_size"});
  const auto as_int = [&](const jvalue& x) { return read_int(r, x); };
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  // Fields are read in order, so the first faulty one is reported.
  offer_id id = o.required("id", [&](const jvalue& x) { return offer_id{read_string(r, x)}; });
  offer of = blank_offer(
      std::move(id), o.required("commune", [&](const jvalue& x) { return read_commune(r, x); }));
  of.rooms = o.required("rooms", as_int);
  of.surface_m2 = o.required("surface_m2", as_int);
  of.rent = o.required("rent", as_money);
  of.charges = o.required("charges", as_money);
  of.financing =
      o.required("financing", [&](const jvalue& x) { return read_enum<financing>(r, x); });
  of.reserved_for =
      o.optional("reserved_for", [&](const jvalue& x) { return employer_id{read_string(r, x)}; });
  of.publication_start =
      o.required("publication_start", [&](const jvalue& x) { return read_date(r, x); });
  of.publication_days = o.defaulted("publication_days", default_offer().publication_days, as_int);
  of.shortlist_size = o.defaulted("shortlist_size", default_offer().shortlist_size, as_int);

  return validated(r, std::move(of));
}

jvalue write_offer(const offer& of) {
  validate(of);
  object_builder o;
  o.add("id", j_string(of.id.value));
  o.add("commune", j_string(of.commune.code()));
  o.add("rooms", j_int(of.rooms));
  o.add("surface_m2", j_int(of.surface_m2));
  o.add("rent", j_money(of.rent));
  o.add("charges", j_money(of.charges));
  o.add("financing", j_enum(of.financing));
  if (of.reserved_for) o.add("reserved_for", j_string(of.reserved_for->value));
  o.add("publication_start", j_date(of.publication_start, "publication_start"));
  if (of.publication_days != default_offer().publication_days) {
    o.add("publication_days", j_int(of.publication_days));
  }
  if (of.shortlist_size != default_offer().shortlist_size) {
    o.add("shortlist_size", j_int(of.shortlist_size));
  }
  return std::move(o.v);
}

attribution_record read_attribution_record(reader& r, const jvalue& v) {
  object_fields a(r, v, {"on", "size"});
  attribution_record rec;
  rec.on = a.required("on", [&](const jvalue& z) { return read_date(r, z); });
  rec.size = a.required("size", [&](const jvalue& z) { return read_enum<company_size>(r, z); });
  return rec;
}

jvalue write_attribution_record(const attribution_record& a, std::string_view field) {
  return object_builder{}.add("on", j_date(a.on, field)).add("size", j_enum(a.size)).v;
}

}  // namespace cotation::detail
