// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "io/json_tree.hpp"

namespace cotation {

namespace detail {

namespace {

// An applicant with the model's defaults (it has no default constructor).
applicant blank_applicant(request_number number) { return applicant{.number = number}; }

member read_member(reader& r, const jvalue& v) {
  object_fields o(r, v, {"birth_date", "role", "disabled", "alternating_custody"});
  member m;
  m.birth_date = o.required("birth_date", [&](const jvalue& x) { return read_date(r, x); });
  m.role = o.required("role", [&](const jvalue& x) { return read_enum<member_role>(r, x); });
  const auto boolean = [&](const jvalue& x) { return read_bool(r, x); };
  m.disabled = o.defaulted("disabled", false, boolean);
  m.alternating_custody = o.defaulted("alternating_custody", false, boolean);
  return m;
}

}  // namespace

applicant read_applicant(reader& r, const jvalue& v) {
  object_fields o(r, v,
                  {"number", "initial_filing", "last_renewal", "removed_on", "household", "incomes",
                   "monthly_resources", "expected_housing_benefit", "employment", "mobility",
                   "housing", "situation", "history", "dossier", "wishes"});
  const auto as_date = [&](const jvalue& x) { return read_date(r, x); };
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  const auto as_bool = [&](const jvalue& x) { return read_bool(r, x); };
  const auto as_int = [&](const jvalue& x) { return read_int(r, x); };
  const auto as_dates = [&](const jvalue& x) { return read_array(r, x, as_date); };

  applicant a = blank_applicant(
      o.required("number", [&](const jvalue& x) { return read_request_number(r, x); }));
  a.initial_filing = o.required("initial_filing", as_date);
  a.last_renewal = o.optional("last_renewal", as_date);
  a.removed_on = o.optional("removed_on", as_date);
  a.household = o.required("household", [&](const jvalue& x) {
    object_fields h(r, x, {"members"});
    return household{h.required("members", [&](const jvalue& y) {
      return read_array(r, y, [&](const jvalue& z) { return read_member(r, z); });
    })};
  });
  a.incomes = o.required("incomes", [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) {
      object_fields i(r, y, {"year", "amount"});
      annual_income income;
      income.year = i.required("year", [&](const jvalue& z) { return read_int(r, z, 1900, 2200); });
      income.amount = i.required("amount", as_money);
      return income;
    });
  });
  a.monthly_resources = o.required("monthly_resources", as_money);
  a.expected_housing_benefit = o.defaulted("expected_housing_benefit", money{}, as_money);
  a.employment = o.required("employment", [&](const jvalue& x) {
    object_fields e(r, x,
                    {"contract", "job_start", "net_monthly_salary", "gross_monthly_salary",
                     "employer", "peec", "size", "sector", "headcount"});
    employment emp;
    emp.contract =
        e.required("contract", [&](const jvalue& y) { return read_enum<contract_type>(r, y); });
    emp.job_start = e.defaulted("job_start", date{}, as_date);
    emp.net_monthly_salary = e.required("net_monthly_salary", as_money);
    emp.gross_monthly_salary = e.required("gross_monthly_salary", as_money);
    emp.employer =
        e.required("employer", [&](const jvalue& y) { return employer_id{read_string(r, y)}; });
    emp.peec = e.required("peec", [&](const jvalue& y) { return read_enum<peec_status>(r, y); });
    emp.size = e.required("size", [&](const jvalue& y) { return read_enum<company_size>(r, y); });
    emp.sector = e.defaulted("sector", employment{}.sector,
                             [&](const jvalue& y) { return read_enum<employer_sector>(r, y); });
    emp.headcount = e.required("headcount", as_int);
    return emp;
  });
  a.mobility = o.optional("mobility", [&](const jvalue& x) {
    object_fields m(r, x, {"kind", "event_date", "distance_km", "travel_minutes"});
    cotation::mobility mob;
    mob.kind = m.required("kind", [&](const jvalue& y) { return read_enum<mobility_kind>(r, y); });
    mob.event_date = m.required("event_date", as_date);
    mob.distance_km = m.required("distance_km", as_int);
    mob.travel_minutes = m.required("travel_minutes", as_int);
    return mob;
  });
  a.housing = o.required("housing", [&](const jvalue& x) {
    object_fields h(r, x, {"status", "rent_and_charges", "housing_benefit"});
    current_housing ch;
    ch.status =
        h.required("status", [&](const jvalue& y) { return read_enum<housing_status>(r, y); });
    ch.rent_and_charges = h.defaulted("rent_and_charges", money{}, as_money);
    ch.housing_benefit = h.defaulted("housing_benefit", money{}, as_money);
    return ch;
  });
  a.situation = o.defaulted("situation", situation{}, [&](const jvalue& x) {
    object_fields s(r, x,
                    {"dalo", "disability", "domestic_violence", "threatened_with_eviction",
                     "non_decent_or_overcrowded", "key_worker", "single_parent"});
    situation st;
    st.dalo = s.defaulted("dalo", false, as_bool);
    st.disability = s.defaulted("disability", false, as_bool);
    st.domestic_violence = s.defaulted("domestic_violence", false, as_bool);
    st.threatened_with_eviction = s.defaulted("threatened_with_eviction", false, as_bool);
    st.non_decent_or_overcrowded = s.defaulted("non_decent_or_overcrowded", false, as_bool);
    st.key_worker = s.defaulted("key_worker", false, as_bool);
    st.single_parent = s.defaulted("single_parent", false, as_bool);
    return st;
  });
  a.history = o.defaulted("history", history{}, [&](const jvalue& x) {
    object_fields h(r, x, {"applicant_refusals", "commission_refusals", "attributions"});
    history hi;
    hi.applicant_refusals = h.defaulted("applicant_refusals", std::vector<date>{}, as_dates);
    hi.commission_refusals = h.defaulted("commission_refusals", std::vector<date>{}, as_dates);
    hi.attributions = h.defaulted("attributions", std::vector<date>{}, as_dates);
    return hi;
  });
  a.dossier = o.required("dossier", [&](const jvalue& x) {
    object_fields d(r, x, {"required", "employer_validated"});
    dossier ds;
    ds.required = d.required("required", [&](const jvalue& y) {
      return read_array(r, y, [&](const jvalue& z) {
        object_fields doc(r, z, {"kind", "validated"});
        document dc;
        dc.kind =
            doc.required("kind", [&](const jvalue& w) { return read_enum<document_kind>(r, w); });
        dc.validated = doc.required("validated", as_bool);
        return dc;
      });
    });
    ds.employer_validated = d.required("employer_validated", as_bool);
    return ds;
  });
  a.wishes = o.defaulted("wishes", wishes{}, [&](const jvalue& x) {
    object_fields w(r, x, {"communes", "departments", "typologies", "max_rent"});
    wishes ws;
    ws.communes = w.defaulted("communes", std::vector<commune_code>{}, [&](const jvalue& y) {
      return read_array(r, y, [&](const jvalue& z) { return read_commune(r, z); });
    });
    ws.departments = w.defaulted("departments", std::vector<department>{}, [&](const jvalue& y) {
      return read_array(r, y, [&](const jvalue& z) { return read_department(r, z); });
    });
    ws.typologies = w.defaulted("typologies", std::vector<int>{}, [&](const jvalue& y) {
      return read_array(r, y, [&](const jvalue& z) { return read_int(r, z); });
    });
    ws.max_rent = w.optional("max_rent", as_money);
    return ws;
  });

  try {
    validate(a);
  } catch (const invalid_argument& e) {
    r.fail_model(e.where(), e.reason());
  }
  return a;
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

  try {
    validate(of);
  } catch (const invalid_argument& e) {
    r.fail_model(e.where(), e.reason());
  }
  return of;
}

jvalue write_applicant(const applicant& a) {
  validate(a);
  object_builder o;
  o.add("number", j_string(a.number.str()));
  o.add("initial_filing", j_date(a.initial_filing, "initial_filing"));
  if (a.last_renewal) o.add("last_renewal", j_date(*a.last_renewal, "last_renewal"));
  if (a.removed_on) o.add("removed_on", j_date(*a.removed_on, "removed_on"));
  o.add("household",
        object_builder{}
            .add("members",
                 j_array(a.household.members,
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
            .v);
  o.add("incomes", j_array(a.incomes, [](const annual_income& i, std::size_t) {
          return object_builder{}.add("year", j_int(i.year)).add("amount", j_money(i.amount)).v;
        }));
  o.add("monthly_resources", j_money(a.monthly_resources));
  if (a.expected_housing_benefit != money{}) {
    o.add("expected_housing_benefit", j_money(a.expected_housing_benefit));
  }
  {
    const employment& e = a.employment;
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
    o.add("employment", std::move(eb.v));
  }
  if (a.mobility) {
    const mobility& m = *a.mobility;
    o.add("mobility", object_builder{}
                          .add("kind", j_enum(m.kind))
                          .add("event_date", j_date(m.event_date, "mobility.event_date"))
                          .add("distance_km", j_int(m.distance_km))
                          .add("travel_minutes", j_int(m.travel_minutes))
                          .v);
  }
  {
    object_builder hb;
    hb.add("status", j_enum(a.housing.status));
    if (a.housing.rent_and_charges != money{}) {
      hb.add("rent_and_charges", j_money(a.housing.rent_and_charges));
    }
    if (a.housing.housing_benefit != money{}) {
      hb.add("housing_benefit", j_money(a.housing.housing_benefit));
    }
    o.add("housing", std::move(hb.v));
  }
  {
    const situation& s = a.situation;
    object_builder sb;
    const auto flag = [&](std::string_view key, bool value) {
      if (value) sb.add(key, j_bool(true));
    };
    flag("dalo", s.dalo);
    flag("disability", s.disability);
    flag("domestic_violence", s.domestic_violence);
    flag("threatened_with_eviction", s.threatened_with_eviction);
    flag("non_decent_or_overcrowded", s.non_decent_or_overcrowded);
    flag("key_worker", s.key_worker);
    flag("single_parent", s.single_parent);
    if (!sb.empty()) o.add("situation", std::move(sb.v));
  }
  {
    object_builder hb;
    const auto dates = [&](std::string_view key, const std::vector<date>& ds) {
      if (ds.empty()) return;
      hb.add(key, j_array(ds, [&](date d, std::size_t i) {
               return j_date(d, fmt::format("history.{}[{}]", key, i));
             }));
    };
    dates("applicant_refusals", a.history.applicant_refusals);
    dates("commission_refusals", a.history.commission_refusals);
    dates("attributions", a.history.attributions);
    if (!hb.empty()) o.add("history", std::move(hb.v));
  }
  o.add("dossier", object_builder{}
                       .add("required", j_array(a.dossier.required,
                                                [](const document& d, std::size_t) {
                                                  return object_builder{}
                                                      .add("kind", j_enum(d.kind))
                                                      .add("validated", j_bool(d.validated))
                                                      .v;
                                                }))
                       .add("employer_validated", j_bool(a.dossier.employer_validated))
                       .v);
  {
    const wishes& w = a.wishes;
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
    if (!wb.empty()) o.add("wishes", std::move(wb.v));
  }
  return std::move(o.v);
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

}  // namespace detail

namespace {

using namespace detail;

// A share in percent with at most two decimals (`45`, `12.5`, `33.33`), read exactly from the
// number's text into basis points, within 0-100 %.
basis_points read_percent(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::number);
  const std::string& t = v.text;
  std::int64_t units = 0;
  std::size_t i = 0;
  std::size_t digits = 0;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    if (++digits > 3) break;
    units = units * 10 + (t[i] - '0');
  }
  std::int64_t hundredths = 0;
  std::size_t decimals = 0;
  bool ok = digits >= 1 && digits <= 3;
  if (ok && i < t.size() && t[i] == '.') {
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      ++decimals;
      hundredths = hundredths * 10 + (t[i] - '0');
    }
    ok = decimals >= 1 && decimals <= 2;
    if (decimals == 1) hundredths *= 10;
  }
  ok = ok && i == t.size();
  const basis_points bp{units * 100 + hundredths};
  if (!ok || bp.value > 10000) {
    r.fail(fmt::format("{} is not a percentage from 0 to 100 with at most two decimals", t));
  }
  return bp;
}

// Positioning lists name offers and requests of the document, each offer in one list and each
// request at most once per list.
std::vector<positioning_list> read_positionings(
    reader& r, const jvalue& v, const std::map<offer_id, std::size_t>& offers,
    const std::unordered_map<request_number, std::size_t>& numbers) {
  std::map<offer_id, std::size_t> listed;
  std::size_t index = 0;
  return read_array(r, v, [&](const jvalue& x) {
    object_fields p(r, x, {"offer", "requests"});
    positioning_list list;
    list.offer = p.required("offer", [&](const jvalue& y) {
      offer_id id{read_string(r, y)};
      if (!offers.contains(id)) {
        r.fail(fmt::format("offer \"{}\" is not among the offers of the document", id));
      }
      if (const auto [it, fresh] = listed.emplace(id, index); !fresh) {
        r.fail(fmt::format("offer \"{}\" already has its positionings at /positionings/{}", id,
                           it->second));
      }
      return id;
    });
    ++index;
    list.requests = p.required("requests", [&](const jvalue& y) {
      std::unordered_map<request_number, std::size_t> seen;
      std::size_t k = 0;
      return read_array(r, y, [&](const jvalue& z) {
        const request_number n = read_request_number(r, z);
        if (!numbers.contains(n)) {
          r.fail(fmt::format("request number {} is not among the applicants of the document", n));
        }
        if (const auto [it, fresh] = seen.emplace(n, k); !fresh) {
          r.fail(fmt::format("request number {} is already positioned on this offer, at index {}",
                             n, it->second));
        }
        ++k;
        return n;
      });
    });
    return list;
  });
}

/// Applicants read while the document was parsed (`streamed_array`), with the index of each
/// request number.
struct streamed_applicants {
  std::vector<applicant> applicants;
  std::unordered_map<request_number, std::size_t> numbers;

  /// Reads item `index` of `/applicants` and checks that its number is new.
  void add(reader& r, const jvalue& item, std::size_t index) {
    auto in_array = r.enter("applicants");
    auto at = r.enter(index);
    applicant a = read_applicant(r, item);
    if (const auto [it, fresh] = numbers.emplace(a.number, index); !fresh) {
      auto s = r.enter("number");
      r.fail(
          fmt::format("request number {} is already used by /applicants/{}", a.number, it->second));
    }
    applicants.push_back(std::move(a));
  }
};

data_set read_document(reader& r, const jvalue& root, streamed_applicants& read) {
  object_fields o(
      r, root, {"format", "applicants", "offers", "positionings", "attributions", "als_targets"});
  o.required("format", [&](const jvalue& x) {
    const std::string f = read_string(r, x);
    if (f != data_set_format) {
      r.fail(fmt::format("unsupported format \"{}\" (expected \"{}\")", f, data_set_format));
    }
    return 0;
  });
  data_set d;
  d.applicants = o.required("applicants", [&](const jvalue& x) {
    r.expect(x, jvalue::kind::array);
    // Items not streamed while parsing (none when the array was streamed) are read now.
    std::vector<applicant> out = std::move(read.applicants);
    for (std::size_t i = 0; i < x.items.size(); ++i) {
      read.add(r, x.items[i], out.size());
      out.push_back(std::move(read.applicants.back()));
      read.applicants.pop_back();
    }
    return out;
  });
  const auto& numbers = read.numbers;
  std::map<offer_id, std::size_t> offers;
  d.offers = o.required("offers", [&](const jvalue& x) {
    std::size_t index = 0;
    return read_array(r, x, [&](const jvalue& y) {
      offer of = read_offer(r, y);
      if (const auto [it, fresh] = offers.emplace(of.id, index); !fresh) {
        auto s = r.enter("id");
        r.fail(fmt::format("offer id \"{}\" is already used by /offers/{}", of.id, it->second));
      }
      ++index;
      return of;
    });
  });
  d.positionings =
      o.defaulted("positionings", std::vector<positioning_list>{},
                  [&](const jvalue& x) { return read_positionings(r, x, offers, numbers); });
  d.attributions =
      o.defaulted("attributions", std::vector<attribution_record>{}, [&](const jvalue& x) {
        return read_array(r, x, [&](const jvalue& y) { return read_attribution_record(r, y); });
      });
  d.als_targets = o.optional("als_targets", [&](const jvalue& x) {
    object_fields t(r, x, {"pme", "eti", "ge"});
    std::array<basis_points, company_size_count> targets{};
    const auto as_percent = [&](const jvalue& z) { return read_percent(r, z); };
    targets[index_of(company_size::pme)] = t.required("pme", as_percent);
    targets[index_of(company_size::eti)] = t.required("eti", as_percent);
    targets[index_of(company_size::ge)] = t.required("ge", as_percent);
    const std::int64_t sum = targets[0].value + targets[1].value + targets[2].value;
    if (sum > 10000) {
      r.fail(fmt::format("the targets sum to {} %, more than 100 %",
                         detail::format_euros(money::cents(sum))));
    }
    return targets;
  });
  return d;
}

// Writes a data set document member by member and the big arrays item by item, flushing to the
// stream as it goes, so that a country-sized document never exists whole in memory. The bytes
// are those of `print_document` on the whole document tree.
class document_stream {
 public:
  document_stream(std::ostream& out, const write_progress& progress, std::size_t total)
      : out_(out), progress_(progress), total_(total) {}

  std::string& text() noexcept { return buffer_; }

  // `,\n  "key": <value>` for a member after the first.
  void member(std::string_view key, const jvalue& value) {
    start_member(key);
    print_value(value, buffer_, 2);
  }

  template <typename T, typename F>
  void array(std::string_view key, const std::vector<T>& items, F&& to_value) {
    start_member(key);
    if (items.empty()) {
      buffer_ += "[]";
      return;
    }
    buffer_ += "[\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
      print_array_item(to_value(items[i], i), buffer_, 2, i + 1 == items.size());
      item_done();
    }
    buffer_ += "  ]";
  }

  void finish() {
    flush();
    if (progress_) progress_(done_, total_);
  }

 private:
  void start_member(std::string_view key) {
    buffer_ += ",\n  ";
    print_string(key, buffer_);
    buffer_ += ": ";
  }

  void item_done() {
    ++done_;
    if (buffer_.size() >= flush_bytes) flush();
    if (progress_ && done_ % 4096 == 0) progress_(done_, total_);
  }

  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  static constexpr std::size_t flush_bytes = 1 << 20;
  std::ostream& out_;
  const write_progress& progress_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::string buffer_;
};

template <typename T, typename F>
T read_one(std::string_view json_text, std::string_view source_name, F&& read) {
  const jvalue root = parse_tree(json_text, source_name);
  reader r(source_name);
  return read(r, root);
}

/// Reads a data set, its applicants as they are parsed (see `streamed_array`).
template <typename Parse>
data_set read_data_set_with(std::string_view source_name, Parse&& parse) {
  reader r(source_name);
  streamed_applicants read;
  const streamed_array streamed{
      "applicants", [&](const jvalue& item, std::size_t index) { read.add(r, item, index); }};
  const jvalue root = parse(&streamed);
  return read_document(r, root, read);
}

}  // namespace

data_set read_data_set(std::string_view json_text, std::string_view source_name) {
  return read_data_set_with(source_name, [&](const streamed_array* streamed) {
    return parse_tree(json_text, source_name, streamed);
  });
}

data_set read_data_set_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw document_error(path.string(), "", "cannot be opened");
  // Parsed from the stream, never held whole in memory; the text is read again only to place a
  // syntax error.
  const locator locate = [&path](std::size_t offset) {
    std::ifstream again(path, std::ios::binary);
    std::string head(offset, '\0');
    again.read(head.data(), static_cast<std::streamsize>(offset));
    head.resize(static_cast<std::size_t>(again.gcount()));
    return position_in(head, offset);
  };
  const std::string source = path.string();
  data_set d = read_data_set_with(source, [&](const streamed_array* streamed) {
    return parse_tree(in, source, locate, streamed);
  });
  if (in.bad()) throw document_error(source, "", "cannot be read");
  return d;
}

applicant applicant_from_json(std::string_view json_text, std::string_view source_name) {
  return read_one<applicant>(json_text, source_name, read_applicant);
}

offer offer_from_json(std::string_view json_text, std::string_view source_name) {
  return read_one<offer>(json_text, source_name, read_offer);
}

std::string to_json(const data_set& d) {
  std::ostringstream out;
  write_data_set(d, out);
  return std::move(out).str();
}

std::string to_json(const applicant& a) { return print_document(write_applicant(a)); }

std::string to_json(const offer& o) { return print_document(write_offer(o)); }

void write_data_set(const data_set& d, std::ostream& out, const write_progress& progress) {
  document_stream doc(
      out, progress,
      d.applicants.size() + d.offers.size() + d.positionings.size() + d.attributions.size());
  doc.text() += "{\n  \"format\": ";
  print_string(data_set_format, doc.text());

  std::unordered_map<request_number, std::size_t> numbers;
  numbers.reserve(d.applicants.size());
  doc.array("applicants", d.applicants, [&](const applicant& a, std::size_t i) {
    if (const auto [it, fresh] = numbers.emplace(a.number, i); !fresh) {
      throw invalid_argument(
          fmt::format("applicants[{}].number", i),
          fmt::format("request number {} is already used by applicants[{}]", a.number, it->second));
    }
    return write_applicant(a);
  });
  std::map<offer_id, std::size_t> ids;
  doc.array("offers", d.offers, [&](const offer& of, std::size_t i) {
    if (const auto [it, fresh] = ids.emplace(of.id, i); !fresh) {
      throw invalid_argument(
          fmt::format("offers[{}].id", i),
          fmt::format("offer id \"{}\" is already used by offers[{}]", of.id, it->second));
    }
    return write_offer(of);
  });
  if (!d.positionings.empty()) {
    std::map<offer_id, std::size_t> listed;
    doc.array("positionings", d.positionings, [&](const positioning_list& p, std::size_t i) {
      if (!ids.contains(p.offer)) {
        throw invalid_argument(fmt::format("positionings[{}].offer", i),
                               fmt::format("offer \"{}\" is not among the offers", p.offer));
      }
      if (const auto [it, fresh] = listed.emplace(p.offer, i); !fresh) {
        throw invalid_argument(fmt::format("positionings[{}].offer", i),
                               fmt::format("offer \"{}\" already has its positionings at "
                                           "positionings[{}]",
                                           p.offer, it->second));
      }
      std::unordered_map<request_number, std::size_t> seen;
      jvalue requests = j_array(p.requests, [&](const request_number& n, std::size_t k) {
        const auto where = [&] { return fmt::format("positionings[{}].requests[{}]", i, k); };
        if (!numbers.contains(n)) {
          throw invalid_argument(where(),
                                 fmt::format("request number {} is not among the applicants", n));
        }
        if (const auto [it, fresh] = seen.emplace(n, k); !fresh) {
          throw invalid_argument(where(), fmt::format("request number {} is already positioned "
                                                      "on this offer, at index {}",
                                                      n, it->second));
        }
        return j_string(n.str());
      });
      return object_builder{}
          .add("offer", j_string(p.offer.value))
          .add("requests", std::move(requests))
          .v;
    });
  }
  if (!d.attributions.empty()) {
    doc.array("attributions", d.attributions, [](const attribution_record& a, std::size_t i) {
      return write_attribution_record(a, fmt::format("attributions[{}].on", i));
    });
  }
  if (d.als_targets) {
    const auto& t = *d.als_targets;
    std::int64_t sum = 0;
    object_builder tb;
    for (const company_size s : {company_size::pme, company_size::eti, company_size::ge}) {
      const basis_points bp = t[index_of(s)];
      const std::string name(detail::name_of(s));
      if (bp.value < 0 || bp.value > 10000) {
        throw invalid_argument(
            fmt::format("als_targets.{}", name),
            fmt::format("{} basis points is not a share from 0 to 100 %", bp.value));
      }
      sum += bp.value;
      tb.add(name, j_number(detail::format_euros(money::cents(bp.value))));
    }
    if (sum > 10000) {
      throw invalid_argument("als_targets", fmt::format("the targets sum to {} %, more than 100 %",
                                                        detail::format_euros(money::cents(sum))));
    }
    doc.member("als_targets", tb.v);
  }
  doc.text() += "\n}\n";
  doc.finish();
}

void write_data_set_file(const data_set& d, const std::filesystem::path& path,
                         const write_progress& progress) {
  // Written beside the target, then renamed: a failed write never leaves a partial document.
  std::filesystem::path partial = path;
  partial += ".partial";
  try {
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) throw data_error(path.string(), "cannot be opened for writing");
      write_data_set(d, out, progress);
      out.close();
      if (!out) throw data_error(path.string(), "cannot be written");
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) throw data_error(path.string(), fmt::format("cannot be written: {}", ec.message()));
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

}  // namespace cotation
