// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "io_text.hpp"

namespace cotation {

namespace {

// ---------------------------------------------------------------------------------------------
// A small document tree. nlohmann's SAX interface builds it so that numbers keep their original
// text (money is read from the text, exactly) and duplicate keys stay visible.

struct jvalue {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind k = kind::null;
  bool flag = false;              // boolean value
  std::string text;               // string value, or the number's token
  std::vector<std::string> keys;  // object keys in document order, parallel to `items`
  std::vector<jvalue> items;      // array items, or object values
};

std::string_view kind_name(jvalue::kind k) {
  switch (k) {
    case jvalue::kind::null: return "null";
    case jvalue::kind::boolean: return "a boolean";
    case jvalue::kind::number: return "a number";
    case jvalue::kind::string: return "a string";
    case jvalue::kind::array: return "an array";
    case jvalue::kind::object: return "an object";
  }
  return "?";
}

// RFC 6901: '~' is written "~0" and '/' "~1".
void append_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

text_position position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column = line_start == std::string_view::npos ? offset + 1
                                                                  : offset - line_start;
  return text_position{line, column, offset};
}

constexpr std::size_t max_depth = 64;

class tree_builder {
 public:
  using json = nlohmann::json;

  explicit tree_builder(std::string_view text) : text_(text) {}

  bool null() { return add(jvalue{}); }
  bool boolean(bool b) {
    jvalue v;
    v.k = jvalue::kind::boolean;
    v.flag = b;
    return add(std::move(v));
  }
  bool number_integer(json::number_integer_t n) { return number(fmt::format("{}", n)); }
  bool number_unsigned(json::number_unsigned_t n) { return number(fmt::format("{}", n)); }
  bool number_float(json::number_float_t /*value*/, const json::string_t& token) {
    // The lexer writes the locale's decimal point into the token: normalise it to '.'.
    std::string t = token;
    for (char& c : t) {
      if ((c < '0' || c > '9') && c != '-' && c != '+' && c != 'e' && c != 'E') c = '.';
    }
    return number(std::move(t));
  }
  bool string(json::string_t& s) {
    jvalue v;
    v.k = jvalue::kind::string;
    v.text = std::move(s);
    return add(std::move(v));
  }
  bool binary(json::binary_t& /*unused*/) { return fail_here("binary values are not JSON"); }
  bool start_object(std::size_t /*unused*/) { return open(jvalue::kind::object); }
  bool key(json::string_t& k) {
    stack_.back()->keys.push_back(std::move(k));
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*unused*/) { return open(jvalue::kind::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 9: <why>";
    // keep <why>, the position is ours.
    std::string_view why = ex.what();
    if (const auto col = why.find(", column "); col != std::string_view::npos) {
      if (const auto colon = why.find(": ", col); colon != std::string_view::npos) {
        why = why.substr(colon + 2);
      }
    } else if (const auto close_bracket = why.find("] "); close_bracket != std::string_view::npos) {
      why = why.substr(close_bracket + 2);
    }
    const text_position at = position_of(text_, position == 0 ? 0 : position - 1);
    error_pointer_ = current_pointer();
    error_reason_ = fmt::format("invalid JSON at line {}, column {} (byte {}): {}", at.line,
                                at.column, at.offset, why);
    error_position_ = at;
    return false;
  }

  /// Parses; throws `document_error` on any syntax error.
  jvalue parse(std::string_view source) {
    const bool ok = nlohmann::json::sax_parse(text_.data(), text_.data() + text_.size(), this);
    if (!ok || !error_reason_.empty()) {
      throw document_error(std::string(source), error_pointer_,
                           error_reason_.empty() ? std::string("invalid JSON") : error_reason_,
                           error_position_);
    }
    return std::move(root_);
  }

 private:
  bool number(std::string token) {
    jvalue v;
    v.k = jvalue::kind::number;
    v.text = std::move(token);
    return add(std::move(v));
  }

  jvalue* place(jvalue v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    jvalue& parent = *stack_.back();
    parent.items.push_back(std::move(v));
    return &parent.items.back();
  }

  bool add(jvalue v) {
    place(std::move(v));
    return true;
  }

  bool open(jvalue::kind k) {
    if (stack_.size() >= max_depth) {
      return fail_here(fmt::format("nesting deeper than {} levels", max_depth));
    }
    jvalue v;
    v.k = k;
    // Ancestors are not modified while a child is open, so the pointers stay valid.
    stack_.push_back(place(std::move(v)));
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  bool fail_here(std::string reason) {
    error_pointer_ = current_pointer();
    error_reason_ = std::move(reason);
    return false;
  }

  // The pointer of the value being parsed: each open container's current child.
  std::string current_pointer() const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const jvalue& c = *stack_[i];
      const bool innermost = i + 1 == stack_.size();
      if (c.k == jvalue::kind::array) {
        const std::size_t index = innermost ? c.items.size() : c.items.size() - 1;
        append_token(p, fmt::format("{}", index));
      } else if (!c.keys.empty() && (!innermost || c.keys.size() > c.items.size())) {
        append_token(p, c.keys.back());
      }
    }
    return p;
  }

  std::string_view text_;
  jvalue root_;
  std::vector<jvalue*> stack_;
  std::string error_pointer_;
  std::string error_reason_;
  std::optional<text_position> error_position_;
};

// ---------------------------------------------------------------------------------------------
// Reading the tree into the model.

class reader {
 public:
  explicit reader(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(std::string reason) const {
    throw document_error(source_, pointer_, std::move(reason));
  }

  /// Appends a token to the pointer for the lifetime of the scope.
  class scope {
   public:
    scope(reader& r, std::string_view token) : r_(r), size_(r.pointer_.size()) {
      append_token(r.pointer_, token);
    }
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
    ~scope() { r_.pointer_.resize(size_); }

   private:
    reader& r_;
    std::size_t size_;
  };

  [[nodiscard]] scope enter(std::string_view key) { return scope(*this, key); }
  [[nodiscard]] scope enter(std::size_t index) { return scope(*this, fmt::format("{}", index)); }
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }

  void expect(const jvalue& v, jvalue::kind k) const {
    if (v.k != k) fail(fmt::format("expected {}, got {}", kind_name(k), kind_name(v.k)));
  }

  /// Re-throws an `invalid_argument` from `validate()`: its field path (`household.members[2]
  /// .birth_date`) becomes a pointer below the current one.
  [[noreturn]] void fail_model(std::string_view field_path, const std::string& reason) {
    std::string p = pointer_;
    std::string token;
    for (const char c : field_path) {
      if (c == '.' || c == '[' || c == ']') {
        if (!token.empty()) append_token(p, token);
        token.clear();
      } else {
        token += c;
      }
    }
    if (!token.empty()) append_token(p, token);
    throw document_error(source_, std::move(p), reason);
  }

 private:
  std::string source_;
  std::string pointer_;
};

/// The fields of one object: unknown and repeated keys are rejected up front.
class object_fields {
 public:
  object_fields(reader& r, const jvalue& v, std::initializer_list<std::string_view> allowed)
      : r_(r), allowed_(allowed), slots_(allowed.size(), nullptr) {
    r.expect(v, jvalue::kind::object);
    for (std::size_t i = 0; i < v.keys.size(); ++i) {
      const std::string& key = v.keys[i];
      const auto it = std::find(allowed_.begin(), allowed_.end(), key);
      if (it == allowed_.end()) {
        auto s = r.enter(key);
        std::string list;
        for (const auto a : allowed_) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
        const auto suggestion = detail::closest(key, allowed_);
        r.fail(suggestion ? fmt::format("unknown field \"{}\" (did you mean \"{}\"?)", key,
                                        *suggestion)
                          : fmt::format("unknown field \"{}\" (allowed: {})", key, list));
      }
      const auto slot = static_cast<std::size_t>(it - allowed_.begin());
      if (slots_[slot] != nullptr) {
        auto s = r.enter(key);
        r.fail(fmt::format("field \"{}\" is given twice", key));
      }
      slots_[slot] = &v.items[i];
    }
  }

  /// The value of a field that must be present.
  template <typename F>
  auto required(std::string_view key, F&& read) {
    const jvalue* v = find(key);
    auto s = r_.enter(key);
    if (v == nullptr) r_.fail("required field is missing");
    return read(*v);
  }

  /// The value of an optional field; absent gives nothing (`null` is not "absent": it is a
  /// value of the wrong type).
  template <typename F>
  auto optional(std::string_view key, F&& read) -> std::optional<decltype(read(jvalue{}))> {
    const jvalue* v = find(key);
    if (v == nullptr) return std::nullopt;
    auto s = r_.enter(key);
    return read(*v);
  }

  /// The value of an optional field, or `fallback` when absent.
  template <typename T, typename F>
  T defaulted(std::string_view key, T fallback, F&& read) {
    auto v = optional(key, std::forward<F>(read));
    return v ? std::move(*v) : std::move(fallback);
  }

 private:
  const jvalue* find(std::string_view key) const {
    const auto it = std::find(allowed_.begin(), allowed_.end(), key);
    return slots_[static_cast<std::size_t>(it - allowed_.begin())];
  }

  reader& r_;
  std::vector<std::string_view> allowed_;
  std::vector<const jvalue*> slots_;
};

std::string read_string(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  return v.text;
}

bool read_bool(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::boolean);
  return v.flag;
}

int read_int(const reader& r, const jvalue& v, int min = std::numeric_limits<int>::min(),
             int max = std::numeric_limits<int>::max()) {
  r.expect(v, jvalue::kind::number);
  std::int64_t n = 0;
  const char* b = v.text.data();
  const char* e = b + v.text.size();
  const auto [p, ec] = std::from_chars(b, e, n);
  if (v.text.find_first_of(".eE") != std::string::npos) {
    r.fail(fmt::format("expected an integer, got {}", v.text));
  }
  if (ec != std::errc{} || p != e || n < min || n > max) {
    r.fail(fmt::format("{} is out of range ({} to {})", v.text, min, max));
  }
  return static_cast<int>(n);
}

money read_money(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::number);
  const auto parsed = detail::parse_euros(v.text, ".");
  switch (parsed.outcome) {
    case detail::amount_parse::status::ok: return parsed.value;
    case detail::amount_parse::status::negative:
      r.fail(fmt::format("must not be negative (got -{} euros)", detail::format_euros(parsed.value)));
    case detail::amount_parse::status::malformed: break;
  }
  r.fail(fmt::format("{} is not an amount of euros: {}", v.text, parsed.problem));
}

date read_date(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  try {
    return parse_iso_date(v.text, "");
  } catch (const invalid_argument& e) {
    r.fail(e.reason());
  }
}

template <typename E>
E read_enum(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto e = detail::enum_from_name<E>(v.text)) return *e;
  r.fail(detail::unknown_enum_message<E>(v.text));
}

request_number read_request_number(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto problem = request_number::check(v.text)) {
    r.fail(fmt::format("\"{}\" is not a request number: at character {}: {}", v.text,
                       problem->position + 1, problem->reason));
  }
  return request_number::parse(v.text);
}

department read_department(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto d = department::try_parse(v.text)) return *d;
  r.fail(fmt::format("\"{}\" is not a department (expected 001-095, 02A, 02B, 971-974 or 976)",
                     v.text));
}

commune_code read_commune(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto c = commune_code::try_parse(v.text)) return *c;
  r.fail(fmt::format("\"{}\" is not an INSEE commune code (five characters, existing department)",
                     v.text));
}

template <typename F>
auto read_array(reader& r, const jvalue& v, F&& read_item) {
  r.expect(v, jvalue::kind::array);
  std::vector<decltype(read_item(v))> out;
  out.reserve(v.items.size());
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    auto s = r.enter(i);
    out.push_back(read_item(v.items[i]));
  }
  return out;
}

// An applicant with the model's defaults (it has no default constructor).
applicant blank_applicant(request_number number) {
  return applicant{.number = number, .initial_filing = {}, .last_renewal = {}, .removed_on = {},
                   .household = {}, .incomes = {}, .monthly_resources = {},
                   .expected_housing_benefit = {}, .employment = {}, .mobility = {},
                   .housing = {}, .situation = {}, .history = {}, .dossier = {}, .wishes = {}};
}

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

applicant read_applicant(reader& r, const jvalue& v) {
  object_fields o(r, v,
                  {"number", "initial_filing", "last_renewal", "removed_on", "household",
                   "incomes", "monthly_resources", "expected_housing_benefit", "employment",
                   "mobility", "housing", "situation", "history", "dossier", "wishes"});
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
    ch.status = h.required("status", [&](const jvalue& y) { return read_enum<housing_status>(r, y); });
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
        dc.kind = doc.required("kind", [&](const jvalue& w) { return read_enum<document_kind>(r, w); });
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

// An offer with the model's defaults (it has no default constructor).
offer blank_offer(offer_id id, commune_code commune) {
  return offer{.id = std::move(id), .commune = commune, .rent = {}, .charges = {},
               .reserved_for = {}, .publication_start = {}};
}

// The model's defaults for the optional fields.
const offer& default_offer() {
  static const offer o = blank_offer(offer_id{}, commune_code::parse("75056"));
  return o;
}

offer read_offer(reader& r, const jvalue& v) {
  object_fields o(r, v,
                  {"id", "commune", "rooms", "surface_m2", "rent", "charges", "financing",
                   "reserved_for", "publication_start", "publication_days", "shortlist_size"});
  const auto as_int = [&](const jvalue& x) { return read_int(r, x); };
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  // Fields are read in order, so the first faulty one is reported.
  offer_id id = o.required("id", [&](const jvalue& x) { return offer_id{read_string(r, x)}; });
  offer of = blank_offer(std::move(id),
                         o.required("commune", [&](const jvalue& x) { return read_commune(r, x); }));
  of.rooms = o.required("rooms", as_int);
  of.surface_m2 = o.required("surface_m2", as_int);
  of.rent = o.required("rent", as_money);
  of.charges = o.required("charges", as_money);
  of.financing = o.required("financing", [&](const jvalue& x) { return read_enum<financing>(r, x); });
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

data_set read_document(reader& r, const jvalue& root) {
  object_fields o(r, root, {"format", "applicants", "offers"});
  o.required("format", [&](const jvalue& x) {
    const std::string f = read_string(r, x);
    if (f != data_set_format) {
      r.fail(fmt::format("unsupported format \"{}\" (expected \"{}\")", f, data_set_format));
    }
    return 0;
  });
  data_set d;
  d.applicants = o.required("applicants", [&](const jvalue& x) {
    std::map<request_number, std::size_t> seen;
    std::size_t index = 0;
    return read_array(r, x, [&](const jvalue& y) {
      applicant a = read_applicant(r, y);
      if (const auto [it, fresh] = seen.emplace(a.number, index); !fresh) {
        auto s = r.enter("number");
        r.fail(fmt::format("request number {} is already used by /applicants/{}", a.number,
                           it->second));
      }
      ++index;
      return a;
    });
  });
  d.offers = o.required("offers", [&](const jvalue& x) {
    std::map<offer_id, std::size_t> seen;
    std::size_t index = 0;
    return read_array(r, x, [&](const jvalue& y) {
      offer of = read_offer(r, y);
      if (const auto [it, fresh] = seen.emplace(of.id, index); !fresh) {
        auto s = r.enter("id");
        r.fail(fmt::format("offer id \"{}\" is already used by /offers/{}", of.id, it->second));
      }
      ++index;
      return of;
    });
  });
  return d;
}

// ---------------------------------------------------------------------------------------------
// Writing: the model becomes a tree, printed in the canonical layout.

jvalue j_string(std::string_view s) {
  jvalue v;
  v.k = jvalue::kind::string;
  v.text = s;
  return v;
}

jvalue j_number(std::string text) {
  jvalue v;
  v.k = jvalue::kind::number;
  v.text = std::move(text);
  return v;
}

jvalue j_int(int n) { return j_number(fmt::format("{}", n)); }
jvalue j_money(money m) { return j_number(detail::format_euros(m)); }
jvalue j_bool(bool b) {
  jvalue v;
  v.k = jvalue::kind::boolean;
  v.flag = b;
  return v;
}

template <typename E>
jvalue j_enum(E e) {
  return j_string(detail::name_of(e));
}

jvalue j_date(date d, std::string_view field) {
  if (d.is_special()) throw invalid_argument(std::string(field), "is not a date");
  return j_string(to_iso(d));
}

struct object_builder {
  jvalue v = [] {
    jvalue o;
    o.k = jvalue::kind::object;
    return o;
  }();
  object_builder& add(std::string_view key, jvalue value) {
    v.keys.emplace_back(key);
    v.items.push_back(std::move(value));
    return *this;
  }
  [[nodiscard]] bool empty() const noexcept { return v.keys.empty(); }
};

template <typename T, typename F>
jvalue j_array(const std::vector<T>& items, F&& to_value) {
  jvalue v;
  v.k = jvalue::kind::array;
  v.items.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) v.items.push_back(to_value(items[i], i));
  return v;
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
            .add("members", j_array(a.household.members,
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
    if (!e.job_start.is_not_a_date()) eb.add("job_start", j_date(e.job_start, "employment.job_start"));
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

void print_string(std::string_view s, std::string& out) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

bool is_scalar(const jvalue& v) {
  return v.k != jvalue::kind::array && v.k != jvalue::kind::object;
}

bool is_flat_object(const jvalue& v) {
  return v.k == jvalue::kind::object && std::all_of(v.items.begin(), v.items.end(), is_scalar);
}

// Layout: objects one field per line; arrays of scalars on one line; arrays of objects one item
// per line, a flat object (scalars only) written on that line when the line, comma included,
// fits in `max_line` bytes.
constexpr std::size_t max_line = 100;

void print(const jvalue& v, std::string& out, std::size_t indent, bool one_line) {
  switch (v.k) {
    case jvalue::kind::null: out += "null"; return;
    case jvalue::kind::boolean: out += v.flag ? "true" : "false"; return;
    case jvalue::kind::number: out += v.text; return;
    case jvalue::kind::string: print_string(v.text, out); return;
    case jvalue::kind::array: {
      if (v.items.empty()) {
        out += "[]";
        return;
      }
      if (std::all_of(v.items.begin(), v.items.end(), is_scalar)) {
        out += '[';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (i != 0) out += ", ";
          print(v.items[i], out, indent, true);
        }
        out += ']';
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        out.append(indent + 2, ' ');
        std::string line;
        if (is_flat_object(v.items[i])) print(v.items[i], line, indent + 2, true);
        if (!line.empty() && indent + 2 + line.size() + 1 <= max_line) {
          out += line;
        } else {
          print(v.items[i], out, indent + 2, false);
        }
        out += i + 1 < v.items.size() ? ",\n" : "\n";
      }
      out.append(indent, ' ');
      out += ']';
      return;
    }
    case jvalue::kind::object: {
      if (v.items.empty()) {
        out += "{}";
        return;
      }
      if (one_line) {
        out += '{';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (i != 0) out += ", ";
          print_string(v.keys[i], out);
          out += ": ";
          print(v.items[i], out, indent, true);
        }
        out += '}';
        return;
      }
      out += "{\n";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        out.append(indent + 2, ' ');
        print_string(v.keys[i], out);
        out += ": ";
        print(v.items[i], out, indent + 2, false);
        out += i + 1 < v.items.size() ? ",\n" : "\n";
      }
      out.append(indent, ' ');
      out += '}';
      return;
    }
  }
}

std::string print_document(const jvalue& v) {
  std::string out;
  print(v, out, 0, false);
  out += '\n';
  return out;
}

template <typename T, typename F>
T read_one(std::string_view json_text, std::string_view source_name, F&& read) {
  const jvalue root = tree_builder(json_text).parse(source_name);
  reader r(source_name);
  return read(r, root);
}

}  // namespace

data_set read_data_set(std::string_view json_text, std::string_view source_name) {
  return read_one<data_set>(json_text, source_name, read_document);
}

data_set read_data_set_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw document_error(path.string(), "", "cannot be opened");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw document_error(path.string(), "", "cannot be read");
  return read_data_set(buffer.str(), path.string());
}

applicant applicant_from_json(std::string_view json_text, std::string_view source_name) {
  return read_one<applicant>(json_text, source_name, read_applicant);
}

offer offer_from_json(std::string_view json_text, std::string_view source_name) {
  return read_one<offer>(json_text, source_name, read_offer);
}

std::string to_json(const data_set& d) {
  object_builder o;
  o.add("format", j_string(data_set_format));
  std::map<request_number, std::size_t> numbers;
  o.add("applicants", j_array(d.applicants, [&](const applicant& a, std::size_t i) {
          if (const auto [it, fresh] = numbers.emplace(a.number, i); !fresh) {
            throw invalid_argument(fmt::format("applicants[{}].number", i),
                                   fmt::format("request number {} is already used by "
                                               "applicants[{}]",
                                               a.number, it->second));
          }
          return write_applicant(a);
        }));
  std::map<offer_id, std::size_t> ids;
  o.add("offers", j_array(d.offers, [&](const offer& of, std::size_t i) {
          if (const auto [it, fresh] = ids.emplace(of.id, i); !fresh) {
            throw invalid_argument(fmt::format("offers[{}].id", i),
                                   fmt::format("offer id \"{}\" is already used by offers[{}]",
                                               of.id, it->second));
          }
          return write_offer(of);
        }));
  return print_document(o.v);
}

std::string to_json(const applicant& a) { return print_document(write_applicant(a)); }

std::string to_json(const offer& o) { return print_document(write_offer(o)); }

void write_data_set_file(const data_set& d, const std::filesystem::path& path) {
  const std::string text = to_json(d);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw data_error(path.string(), "cannot be opened for writing");
  out << text;
  out.close();
  if (!out) throw data_error(path.string(), "cannot be written");
}

}  // namespace cotation
