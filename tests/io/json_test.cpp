// SPDX-License-Identifier: MIT
#include <cotation/eligibility.hpp>
#include <cotation/error.hpp>
#include <cotation/json.hpp>
#include <cotation/json_writer.hpp>
#include <cotation/statistics.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
// GCC 12 at -O1 -fsanitize=thread (the tsan preset) reports -Wnull-dereference inside
// nlohmann/json's inline accessors (`is_string()` on `this`) once they are inlined into the
// instrumented code of this file: a false positive of the optimiser on a third-party header, not
// a fault of this test. Silenced for that header only; -Werror stays on for everything else.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <nlohmann/json.hpp>
#pragma GCC diagnostic pop

using cotation::applicant;
using cotation::data_set;
using cotation::date;
using cotation::document_error;
using cotation::money;
using cotation::offer;
using nlohmann::json;

namespace {

const std::filesystem::path source_dir = COTATION_SOURCE_DIR;
const std::filesystem::path small_json = source_dir / "examples" / "data" / "small.json";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

date d(const char* iso) { return cotation::parse_iso_date(iso, "test"); }

template <typename F>
document_error error_of(F&& read) {
  try {
    (void)read();
  } catch (const document_error& e) {
    return e;
  }
  FAIL("expected a cotation::document_error");
  std::abort();
}

/// An applicant with every field set to a value other than its default.
applicant full_applicant() {
  applicant a{
      .number = cotation::request_number::parse("0590423808575GDPUB"),
      .initial_filing = d("2023-04-12"),
      .last_renewal = d("2025-04-01"),
      .removed_on = d("2026-06-30"),
      .household = {},
      .incomes = {{2024, money::cents(2850050)}, {2025, money::euros(24000)}},
      .monthly_resources = money::cents(226045),
      .expected_housing_benefit = money::euros(165),
      .employment = {},
      .mobility = cotation::mobility{cotation::mobility_kind::transfer, d("2025-10-01"), 465, 120},
      .housing = {cotation::housing_status::social_tenant, money::cents(78010),
                  money::cents(12005)},
      .situation = {true, true, true, true, true, true, true},
      .history = {{d("2025-10-06")}, {d("2025-11-14"), d("2026-01-09")}, {d("2013-06-15")}},
      .dossier = {{{cotation::document_kind::identity, true},
                   {cotation::document_kind::payslips, false}},
                  true},
      .wishes = {{cotation::commune_code::parse("59350")},
                 {cotation::department::parse("059"), cotation::department::parse("02A")},
                 {2, 3},
                 money::cents(65050)}};
  a.household.members = {
      {d("1989-07-30"), cotation::member_role::reference_person, true, false},
      {d("1990-01-02"), cotation::member_role::partner, false, false},
      {d("2018-10-02"), cotation::member_role::dependant, false, true},
  };
  a.employment = {cotation::contract_type::professionalisation,
                  d("2025-09-01"),
                  money::cents(198045),
                  money::euros(2540),
                  cotation::employer_id{"421983207"},
                  cotation::peec_status::compensated,
                  cotation::company_size::eti,
                  cotation::employer_sector::agricultural,
                  1800};
  return a;
}

/// An applicant with only the required fields.
applicant minimal_applicant(const char* number = "075112507710PPAR19") {
  applicant a{.number = cotation::request_number::parse(number),
              .initial_filing = d("2025-11-03"),
              .last_renewal = {},
              .removed_on = {},
              .household = {},
              .incomes = {},
              .monthly_resources = money::euros(2150),
              .expected_housing_benefit = {},
              .employment = {},
              .mobility = {},
              .housing = {},
              .situation = {},
              .history = {},
              .dossier = {},
              .wishes = {}};
  a.household.members = {{d("1993-10-29"), cotation::member_role::reference_person, false, false}};
  return a;
}

offer full_offer() {
  return offer{.id = cotation::offer_id{"BOU-2026-0003"},
               .commune = cotation::commune_code::parse("92012"),
               .rooms = 4,
               .surface_m2 = 81,
               .rent = money::euros(905),
               .charges = money::cents(15240),
               .financing = cotation::financing::pls,
               .reserved_for = cotation::employer_id{"775670417"},
               .publication_start = d("2026-04-06"),
               .publication_days = 10,
               .shortlist_size = 5};
}

offer minimal_offer(const char* id = "LIL-2026-0001") {
  return offer{.id = cotation::offer_id{id},
               .commune = cotation::commune_code::parse("59350"),
               .rooms = 3,
               .surface_m2 = 64,
               .rent = money::cents(49860),
               .charges = money::euros(85),
               .financing = cotation::financing::plus,
               .reserved_for = {},
               .publication_start = d("2026-03-02")};
}

/// A valid data set document with every field of the format present, as JSON to mutate.
json full_document() {
  return json::parse(R"({
  "format": "cotation/1",
  "applicants": [
    {
      "number": "0590423808575GDPUB",
      "initial_filing": "2023-04-12",
      "last_renewal": "2025-04-01",
      "removed_on": "2026-06-30",
      "household": {"members": [
        {"birth_date": "1989-07-30", "role": "reference_person", "disabled": true,
         "alternating_custody": false},
        {"birth_date": "2018-10-02", "role": "dependant", "alternating_custody": true}
      ]},
      "incomes": [{"year": 2024, "amount": 28500.5}, {"year": 2025, "amount": 24000}],
      "monthly_resources": 2260.45,
      "expected_housing_benefit": 165,
      "employment": {"contract": "cdi", "job_start": "2016-01-04", "net_monthly_salary": 1980.45,
                     "gross_monthly_salary": 2540, "employer": "421983207",
                     "peec": "compensated", "size": "eti", "sector": "agricultural",
                     "headcount": 1800},
      "mobility": {"kind": "transfer", "event_date": "2025-10-01", "distance_km": 465,
                   "travel_minutes": 120},
      "housing": {"status": "private_tenant", "rent_and_charges": 780, "housing_benefit": 120},
      "situation": {"dalo": true, "disability": true, "domestic_violence": true,
                    "threatened_with_eviction": true, "non_decent_or_overcrowded": true,
                    "key_worker": true, "single_parent": true},
      "history": {"applicant_refusals": ["2025-10-06"], "commission_refusals": ["2025-11-14"],
                  "attributions": ["2013-06-15"]},
      "dossier": {"required": [{"kind": "identity", "validated": true}],
                  "employer_validated": true},
      "wishes": {"communes": ["59350"], "departments": ["059"], "typologies": [3, 4],
                 "max_rent": 650}
    },
    {
      "number": "075112507710PPAR19",
      "initial_filing": "2025-11-03",
      "household": {"members": [{"birth_date": "1993-10-29", "role": "reference_person"}]},
      "incomes": [],
      "monthly_resources": 2150,
      "employment": {"contract": "trial_period", "net_monthly_salary": 2150,
                     "gross_monthly_salary": 2760, "employer": "775670417",
                     "peec": "contributing", "size": "ge", "headcount": 24000},
      "housing": {"status": "hosted"},
      "dossier": {"required": [], "employer_validated": false}
    }
  ],
  "offers": [
    {"id": "BOU-2026-0003", "commune": "92012", "rooms": 4, "surface_m2": 81, "rent": 905,
     "charges": 152.4, "financing": "plus", "reserved_for": "775670417",
     "publication_start": "2026-04-06", "publication_days": 10, "shortlist_size": 5},
    {"id": "LIL-2026-0001", "commune": "59350", "rooms": 3, "surface_m2": 64, "rent": 498.6,
     "charges": 85, "financing": "plai", "publication_start": "2026-03-02"}
  ],
  "positionings": [
    {"offer": "LIL-2026-0001", "requests": ["0590423808575GDPUB", "075112507710PPAR19"]},
    {"offer": "BOU-2026-0003", "requests": []}
  ],
  "attributions": [{"on": "2026-01-10", "size": "pme"}, {"on": "2025-07-01", "size": "ge"}],
  "als_targets": {"pme": 45, "eti": 24.5, "ge": 30.25}
})");
}

/// Reads `doc` after setting the value at `pointer` (or removing it when `value` is absent).
data_set read_with(const std::string& pointer, std::optional<json> value) {
  json doc = full_document();
  const json::json_pointer p(pointer);
  if (value) {
    doc[p] = *value;
  } else {
    doc[p.parent_pointer()].erase(p.back());
  }
  return cotation::read_data_set(doc.dump(), "test.json");
}

document_error error_with(const std::string& pointer, std::optional<json> value) {
  return error_of([&] { return read_with(pointer, std::move(value)); });
}

/// A one-offer document whose rent is written as `rent_text`, verbatim.
std::string offer_with_rent(std::string_view rent_text) {
  return fmt::format(R"({{"id": "X", "commune": "59350", "rooms": 3, "surface_m2": 64,
    "rent": {}, "charges": 0, "financing": "plus", "publication_start": "2026-03-02"}})",
                     rent_text);
}

}  // namespace

TEST_CASE("the bundled example data set reads, with exact amounts") {
  const data_set ds = cotation::read_data_set_file(small_json);
  REQUIRE(ds.applicants.size() == 13);
  REQUIRE(ds.offers.size() == 5);
  CHECK(ds.applicants[2].monthly_resources == money::cents(226045));
  CHECK(ds.offers[0].rent == money::cents(49860));
  CHECK(ds.offers[2].charges == money::cents(15240));
  CHECK(ds.offers[4].publication_days == 10);
  CHECK(ds.offers[2].reserved_for == cotation::employer_id{"775670417"});
  std::set<std::string> departments;
  for (const applicant& a : ds.applicants) {
    departments.insert(std::string(a.number.department().code()));
  }
  CHECK(departments == std::set<std::string>{"059", "069", "075", "092"});
}

TEST_CASE("the bundled example data set is written in the canonical layout") {
  const std::string text = read_text(small_json);
  CHECK(cotation::to_json(cotation::read_data_set(text, "small.json")) == text);
}

TEST_CASE("the bundled example gives eligible pairs and every ineligibility reason") {
  const data_set ds = cotation::read_data_set_file(small_json);
  std::set<cotation::ineligibility> seen;
  int eligible = 0;
  for (const offer& o : ds.offers) {
    for (const applicant& a : ds.applicants) {
      const auto r = cotation::check_eligibility(a, o, o.closing_date());
      if (r.eligible()) ++eligible;
      for (const auto& f : r.failures) seen.insert(f.reason);
    }
  }
  CHECK(eligible >= 5);
  for (int r = 0; r <= static_cast<int>(cotation::ineligibility::reserved_for_other_employer);
       ++r) {
    INFO(to_string(static_cast<cotation::ineligibility>(r)));
    CHECK(seen.count(static_cast<cotation::ineligibility>(r)) == 1);
  }
}

TEST_CASE("an applicant with every field set survives model -> document -> model") {
  const applicant a = full_applicant();
  CHECK(cotation::applicant_from_json(cotation::to_json(a)) == a);
  const applicant m = minimal_applicant();
  CHECK(cotation::applicant_from_json(cotation::to_json(m)) == m);
}

TEST_CASE("an offer survives model -> document -> model") {
  CHECK(cotation::offer_from_json(cotation::to_json(full_offer())) == full_offer());
  CHECK(cotation::offer_from_json(cotation::to_json(minimal_offer())) == minimal_offer());
}

TEST_CASE("a data set survives model -> document -> model and document -> model -> document") {
  const data_set ds{
      {full_applicant(), minimal_applicant()}, {full_offer(), minimal_offer()}, {}, {}, {}};
  const std::string text = cotation::to_json(ds);
  CHECK(cotation::read_data_set(text, "t") == ds);
  CHECK(cotation::to_json(cotation::read_data_set(text, "t")) == text);
  CHECK(cotation::read_data_set(cotation::to_json(data_set{}), "t") == data_set{});
}

TEST_CASE("the canonical form omits defaults and absent optionals") {
  const std::string text = cotation::to_json(minimal_applicant());
  CHECK(text == R"({
  "number": "075112507710PPAR19",
  "initial_filing": "2025-11-03",
  "household": {
    "members": [
      {"birth_date": "1993-10-29", "role": "reference_person"}
    ]
  },
  "incomes": [],
  "monthly_resources": 2150,
  "employment": {
    "contract": "cdi",
    "net_monthly_salary": 0,
    "gross_monthly_salary": 0,
    "employer": "",
    "peec": "none",
    "size": "pme",
    "headcount": 0
  },
  "housing": {
    "status": "private_tenant"
  },
  "dossier": {
    "required": [],
    "employer_validated": false
  }
}
)");
  // A document spelling out the defaults reads to the same model and is written canonically.
  const data_set spelled = read_with("/applicants/1/situation", json{{"dalo", false}});
  CHECK(spelled.applicants[1].situation == cotation::situation{});
  CHECK(cotation::to_json(spelled.applicants[1]).find("situation") == std::string::npos);
}

TEST_CASE("money is read exactly from the number's text") {
  const auto rent = [](std::string_view t) {
    return cotation::offer_from_json(offer_with_rent(t)).rent;
  };
  CHECK(rent("0.1") == money::cents(10));
  CHECK(rent("0.29") == money::cents(29));
  CHECK(rent("1234.5") == money::cents(123450));
  CHECK(rent("1234.50") == money::cents(123450));
  CHECK(rent("19.99") == money::cents(1999));
  CHECK(rent("-0") == money{});
  CHECK(rent("999999999999.99") == money::cents(99999999999999));
  CHECK(rent("1234") == money::euros(1234));
  // Written as an integer when whole, with two decimals otherwise.
  CHECK(cotation::to_json(full_offer()).find("\"charges\": 152.40,") != std::string::npos);
  CHECK(cotation::to_json(full_offer()).find("\"rent\": 905,") != std::string::npos);
}

TEST_CASE("money with more than two decimals, an exponent, a sign or too many digits is refused") {
  const auto reason = [](std::string_view t) {
    return error_of([&] { return cotation::offer_from_json(offer_with_rent(t), "o.json"); });
  };
  CHECK(reason("12.345").reason() ==
        "12.345 is not an amount of euros: more than two decimals (amounts are euros and cents)");
  CHECK(reason("12.345").where() == "/rent");
  CHECK(reason("1e3").reason() ==
        "1e3 is not an amount of euros: an exponent is not allowed (write plain euros, e.g. "
        "1234.50)");
  CHECK(reason("1234567890123").reason() ==
        "1234567890123 is not an amount of euros: more than 12 digits of euros");
  CHECK(reason("-12.5").reason() == "must not be negative (got -12.50 euros)");
  CHECK(reason("\"12.50\"").reason() == "expected a number, got a string");
}

TEST_CASE("a syntax error names the line, the column and the value being read") {
  const std::string text = "{\n  \"format\": \"cotation/1\",\n  \"applicants\": [ {\"number\": ,";
  const auto e = error_of([&] { return cotation::read_data_set(text, "broken.json"); });
  CHECK(e.where() == "/applicants/0/number");
  REQUIRE(e.position());
  CHECK(e.position()->line == 3);
  CHECK(e.position()->column == 30);
  CHECK(e.position()->offset == 57);
  CHECK(e.reason().starts_with("invalid JSON at line 3, column 30 (byte 57): syntax error"));
  CHECK(std::string(e.what()).starts_with("broken.json at /applicants/0/number: invalid JSON"));

  const auto empty = error_of([] { return cotation::read_data_set("", "empty.json"); });
  CHECK(empty.where().empty());
  CHECK(empty.reason().starts_with("invalid JSON at line 1, column 1 (byte 0)"));

  const auto utf8 = error_of([] { return cotation::read_data_set("{\"format\": \"\xff\"}", "u"); });
  CHECK(utf8.where() == "/format");
  CHECK(utf8.reason().find("UTF-8") != std::string::npos);
}

TEST_CASE("nesting is limited so hostile documents cannot exhaust the stack") {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  const auto e = error_of([&] { return cotation::read_data_set(deep, "deep.json"); });
  CHECK(e.reason() == "nesting deeper than 64 levels");
}

TEST_CASE("a value of the wrong type is reported at its pointer") {
  auto e = error_with("/applicants/0/monthly_resources", "2260.45");
  CHECK(e.where() == "/applicants/0/monthly_resources");
  CHECK(e.reason() == "expected a number, got a string");
  CHECK(e.source() == "test.json");
  CHECK(std::string(e.what()) ==
        "test.json at /applicants/0/monthly_resources: expected a number, got a string");

  e = error_with("/applicants/1/household/members", json::object());
  CHECK(e.where() == "/applicants/1/household/members");
  CHECK(e.reason() == "expected an array, got an object");

  e = error_with("/applicants/0/last_renewal", nullptr);
  CHECK(e.where() == "/applicants/0/last_renewal");
  CHECK(e.reason() == "expected a string, got null");

  e = error_with("/offers/1/rooms", 2.5);
  CHECK(e.where() == "/offers/1/rooms");
  CHECK(e.reason() == "expected an integer, got 2.5");

  e = error_with("/offers/1/surface_m2", 12345678901LL);
  CHECK(e.reason() == "12345678901 is out of range (-2147483648 to 2147483647)");

  e = error_with("/applicants/0/incomes/1/year", 25);
  CHECK(e.where() == "/applicants/0/incomes/1/year");
  CHECK(e.reason() == "25 is out of range (1900 to 2200)");

  e = error_of([] { return cotation::read_data_set("[]", "t"); });
  CHECK(e.where().empty());
  CHECK(e.reason() == "expected an object, got an array");
}

TEST_CASE("a missing required field is reported at the field's own pointer") {
  auto e = error_with("/applicants/0/household/members/0/birth_date", std::nullopt);
  CHECK(e.where() == "/applicants/0/household/members/0/birth_date");
  CHECK(e.reason() == "required field is missing");
  CHECK(error_with("/applicants/1/employment/peec", std::nullopt).where() ==
        "/applicants/1/employment/peec");
  CHECK(error_with("/offers/0/publication_start", std::nullopt).where() ==
        "/offers/0/publication_start");
  CHECK(error_with("/offers", std::nullopt).where() == "/offers");
}

TEST_CASE("an unknown field is refused, with a suggestion for a typo") {
  json doc = full_document();
  doc["applicants"][1]["nmber"] = "x";
  auto e = error_of([&] { return cotation::read_data_set(doc.dump(), "t"); });
  CHECK(e.where() == "/applicants/1/nmber");
  CHECK(e.reason() == "unknown field \"nmber\" (did you mean \"number\"?)");

  e = error_with("/offers/0/colour", "blue");
  CHECK(e.where() == "/offers/0/colour");
  CHECK(e.reason() ==
        "unknown field \"colour\" (allowed: id, commune, rooms, surface_m2, rent, charges, "
        "financing, reserved_for, publication_start, publication_days, shortlist_size)");

  // Keys are escaped in the pointer (RFC 6901).
  e = error_with("/applicants/1/wishes", json{{"a/b~c", 1}});
  CHECK(e.where() == "/applicants/1/wishes/a~1b~0c");
}

TEST_CASE("a key given twice in one object is refused") {
  const std::string text = offer_with_rent("10, \"rent\": 12");
  const auto e = error_of([&] { return cotation::offer_from_json(text); });
  CHECK(e.where() == "/rent");
  CHECK(e.reason() == "field \"rent\" is given twice");
}

TEST_CASE("an unknown enumerator lists the allowed values") {
  auto e = error_with("/applicants/1/employment/contract", "CDI");
  CHECK(e.where() == "/applicants/1/employment/contract");
  CHECK(e.reason() ==
        "unknown value \"CDI\" (allowed: cdi, cdd, interim, apprenticeship, professionalisation, "
        "trial_period)");
  e = error_with("/offers/0/financing", "PLUS");
  CHECK(e.reason() == "unknown value \"PLUS\" (allowed: plai, plus, pls, pli)");
  e = error_with("/applicants/0/household/members/1/role", "child");
  CHECK(e.where() == "/applicants/0/household/members/1/role");
  CHECK(e.reason() == "unknown value \"child\" (allowed: reference_person, partner, dependant)");
}

TEST_CASE("an invalid request number names the offending character") {
  auto e = error_with("/applicants/1/number", "075112507710pPAR19");
  CHECK(e.where() == "/applicants/1/number");
  CHECK(e.reason() ==
        "\"075112507710pPAR19\" is not a request number: at character 13: 'p' is not allowed "
        "(only digits 0-9 and capital letters A-Z)");
  e = error_with("/applicants/1/number", "0751125077");
  CHECK(e.reason() ==
        "\"0751125077\" is not a request number: at character 11: a request number has 18 "
        "characters, this one has 10");
}

TEST_CASE("negative incomes and rents are refused") {
  auto e = error_with("/applicants/0/incomes/1/amount", -24000);
  CHECK(e.where() == "/applicants/0/incomes/1/amount");
  CHECK(e.reason() == "must not be negative (got -24000 euros)");
  e = error_with("/offers/1/rent", -498.6);
  CHECK(e.where() == "/offers/1/rent");
  CHECK(e.reason() == "must not be negative (got -498.60 euros)");
}

TEST_CASE("an impossible date is refused") {
  auto e = error_with("/applicants/0/household/members/1/birth_date", "2025-02-30");
  CHECK(e.where() == "/applicants/0/household/members/1/birth_date");
  CHECK(e.reason() == "\"2025-02-30\" does not exist (day out of range for the month)");
  e = error_with("/applicants/0/history/attributions/0", "15/06/2013");
  CHECK(e.where() == "/applicants/0/history/attributions/0");
  CHECK(e.reason() == "\"15/06/2013\" is not a date of the form YYYY-MM-DD");
}

TEST_CASE("codes of departments and communes must exist") {
  auto e = error_with("/applicants/0/wishes/departments/0", "020");
  CHECK(e.where() == "/applicants/0/wishes/departments/0");
  CHECK(e.reason() == "\"020\" is not a department (expected 001-095, 02A, 02B, 971-974 or 976)");
  e = error_with("/offers/0/commune", "9201");
  CHECK(e.where() == "/offers/0/commune");
  // The two-character department form is read and written back in three characters.
  const data_set ds = read_with("/applicants/0/wishes/departments/0", "59");
  CHECK(ds.applicants[0].wishes.departments[0].code() == "059");
}

TEST_CASE("request numbers and offer ids are unique in a data set") {
  auto e = error_with("/applicants/1/number", "0590423808575GDPUB");
  CHECK(e.where() == "/applicants/1/number");
  CHECK(e.reason() == "request number 0590423808575GDPUB is already used by /applicants/0");
  e = error_with("/offers/1/id", "BOU-2026-0003");
  CHECK(e.where() == "/offers/1/id");
  CHECK(e.reason() == "offer id \"BOU-2026-0003\" is already used by /offers/0");
}

TEST_CASE("the model's invariants are reported at the pointer of the offending field") {
  auto e = error_with("/applicants/0/household/members/1/role", "reference_person");
  CHECK(e.where() == "/applicants/0/household/members");
  CHECK(e.reason() == "needs exactly one reference person (found 2)");

  e = error_with("/applicants/0/incomes/1/year", 2024);
  CHECK(e.where() == "/applicants/0/incomes/1/year");
  CHECK(e.reason() == "year 2024 is declared twice");

  e = error_with("/applicants/0/wishes/typologies/1", 7);
  CHECK(e.where() == "/applicants/0/wishes/typologies/1");

  e = error_with("/applicants/0/last_renewal", "2020-01-01");
  CHECK(e.where() == "/applicants/0/last_renewal");
  CHECK(e.reason() == "2020-01-01 is before the initial filing 2023-04-12");

  e = error_with("/applicants/0/removed_on", "2023-04-11");
  CHECK(e.where() == "/applicants/0/removed_on");

  e = error_with("/offers/0/rooms", 9);
  CHECK(e.where() == "/offers/0/rooms");
  CHECK(e.reason() == "9 is not a typology (T1..T6)");

  e = error_with("/offers/1/id", "");
  CHECK(e.where() == "/offers/1/id");
  CHECK(e.reason() == "must not be empty");

  e = error_with("/offers/1/publication_days", 0);
  CHECK(e.where() == "/offers/1/publication_days");
}

TEST_CASE("the format field must name this format") {
  auto e = error_with("/format", "cotation/2");
  CHECK(e.where() == "/format");
  CHECK(e.reason() == "unsupported format \"cotation/2\" (expected \"cotation/1\")");
  CHECK(error_with("/format", std::nullopt).reason() == "required field is missing");
}

TEST_CASE("a failed read changes nothing") {
  data_set kept = cotation::read_data_set_file(small_json);
  const data_set before = kept;
  json doc = full_document();
  doc["offers"][1]["rent"] = -1;  // the last value of the document
  CHECK_THROWS_AS(kept = cotation::read_data_set(doc.dump(), "t"), document_error);
  CHECK(kept == before);
}

TEST_CASE("a file that cannot be opened is a document error without a pointer") {
  const auto e = error_of([] { return cotation::read_data_set_file("/nonexistent/x.json"); });
  CHECK(e.where().empty());
  CHECK(e.source() == "/nonexistent/x.json");
  CHECK(std::string(e.what()) == "/nonexistent/x.json: cannot be opened");
}

TEST_CASE("a data set written to a file reads back equal") {
  const auto path = std::filesystem::temp_directory_path() / "cotation_json_test.json";
  const data_set ds = cotation::read_data_set_file(small_json);
  cotation::write_data_set_file(ds, path);
  CHECK(cotation::read_data_set_file(path) == ds);
  std::filesystem::remove(path);
}

TEST_CASE("writing refuses a model that could not be read back") {
  applicant a = minimal_applicant();
  a.monthly_resources = -money::euros(1);
  CHECK_THROWS_AS(cotation::to_json(a), cotation::invalid_argument);

  applicant h = minimal_applicant();
  h.history.attributions.push_back(date{});
  try {
    (void)cotation::to_json(h);
    FAIL("no exception");
  } catch (const cotation::invalid_argument& e) {
    CHECK(e.where() == "history.attributions[0]");
  }

  const data_set twice{{minimal_applicant(), minimal_applicant()}, {}, {}, {}, {}};
  try {
    (void)cotation::to_json(twice);
    FAIL("no exception");
  } catch (const cotation::invalid_argument& e) {
    CHECK(e.where() == "applicants[1].number");
  }
  const data_set offers_twice{{}, {minimal_offer(), minimal_offer()}, {}, {}, {}};
  CHECK_THROWS_AS(cotation::to_json(offers_twice), cotation::invalid_argument);
}

TEST_CASE("strings are escaped when written") {
  offer o = minimal_offer("quote\" backslash\\ tab\t nl\n \x01 é");
  const std::string text = cotation::to_json(o);
  CHECK(text.find(R"("quote\" backslash\\ tab\t nl\n \u0001 é")") != std::string::npos);
  CHECK(cotation::offer_from_json(text) == o);
}

// The schema and the reader must agree on which fields exist and which are required: every
// property of every object definition is present in full_document(); removing a required one
// gives "required field is missing" at its pointer, removing an optional one still reads.
TEST_CASE("the JSON schema's required and optional fields are the reader's") {
  const json schema =
      json::parse(read_text(source_dir / "docs" / "schema" / "cotation-data-set.schema.json"));
  const json full = full_document();
  REQUIRE_NOTHROW(cotation::read_data_set(full.dump(), "full"));
  int checked = 0;
  std::function<void(const json&, const std::string&)> walk = [&](const json& def,
                                                                  const std::string& at) {
    const json required = def.value("required", json::array());
    for (const auto& [name, property] : def.at("properties").items()) {
      const std::string pointer = at + "/" + name;
      INFO(pointer);
      REQUIRE(full.contains(json::json_pointer(pointer)));
      const bool is_required =
          std::find(required.begin(), required.end(), json(name)) != required.end();
      if (is_required) {
        const auto e = error_with(pointer, std::nullopt);
        CHECK(e.where() == pointer);
        CHECK(e.reason() == "required field is missing");
      } else {
        CHECK_NOTHROW(read_with(pointer, std::nullopt));
      }
      ++checked;
      const json* target = &property;
      std::string next = pointer;
      if (target->value("type", "") == "array" && target->contains("items")) {
        target = &target->at("items");
        next += "/0";
      }
      if (target->contains("$ref")) {
        const std::string ref = target->at("$ref");
        const json& referenced = schema.at(json::json_pointer(ref.substr(1)));
        if (referenced.contains("properties")) walk(referenced, next);
      }
    }
  };
  walk(schema, "");
  CHECK(checked == 80);
}

TEST_CASE("the first faulty field in document order is the one reported") {
  const auto e = error_of([] { return cotation::offer_from_json(R"({"id": 1})"); });
  CHECK(e.where() == "/id");
  CHECK(e.reason() == "expected a string, got a number");
}

namespace {

using cotation::basis_points;
using cotation::company_size;

/// A data set with every part of the format: positionings, attributions and targets included.
data_set full_data_set() {
  data_set ds{{full_applicant(), minimal_applicant()}, {full_offer(), minimal_offer()}, {}, {}, {}};
  ds.positionings = {{full_offer().id, {minimal_applicant().number, full_applicant().number}},
                     {minimal_offer().id, {}}};
  ds.attributions = {{d("2026-01-10"), company_size::pme},
                     {d("2025-07-01"), company_size::ge},
                     {d("2025-07-01"), company_size::eti}};
  ds.als_targets = {{basis_points{4500}, basis_points{2450}, basis_points{3025}}};
  return ds;
}

template <typename F>
cotation::invalid_argument write_error_of(F&& write) {
  try {
    (void)write();
  } catch (const cotation::invalid_argument& e) {
    return e;
  }
  FAIL("expected a cotation::invalid_argument");
  std::abort();
}

}  // namespace

TEST_CASE("positionings, attributions and ALS targets survive model -> document -> model") {
  const data_set ds = full_data_set();
  const std::string text = cotation::to_json(ds);
  CHECK(cotation::read_data_set(text, "t") == ds);
  CHECK(cotation::to_json(cotation::read_data_set(text, "t")) == text);
  CHECK(text.find(R"(    {"on": "2026-01-10", "size": "pme"},)") != std::string::npos);
  CHECK(text.find(R"("als_targets": {
    "pme": 45,
    "eti": 24.50,
    "ge": 30.25
  })") != std::string::npos);
  CHECK(text.find(R"("requests": ["075112507710PPAR19", "0590423808575GDPUB"])") !=
        std::string::npos);
  // The document order of the lists and of their requests is kept.
  const data_set back = cotation::read_data_set(text, "t");
  CHECK(back.positionings[0].requests[0] == minimal_applicant().number);
}

TEST_CASE("the optional parts of a data set are omitted when empty and read as empty when absent") {
  const data_set ds{{minimal_applicant()}, {minimal_offer()}, {}, {}, {}};
  const std::string text = cotation::to_json(ds);
  CHECK(text.find("positionings") == std::string::npos);
  CHECK(text.find("attributions") == std::string::npos);
  CHECK(text.find("als_targets") == std::string::npos);
  const data_set spelled = read_with("/positionings", json::array());
  CHECK(spelled.positionings.empty());
  CHECK(read_with("/als_targets", std::nullopt).als_targets == std::nullopt);
}

TEST_CASE("ALS targets are percentages read exactly as basis points") {
  const auto targets = [](json t) { return *read_with("/als_targets", std::move(t)).als_targets; };
  CHECK(targets(json::parse(R"({"pme": 45, "eti": 25, "ge": 30})"))[0] == basis_points{4500});
  CHECK(targets(json::parse(R"({"pme": 33.33, "eti": 33.33, "ge": 33.34})"))[2] ==
        basis_points{3334});
  CHECK(targets(json::parse(R"({"pme": 0.5, "eti": 0, "ge": 99.5})"))[0] == basis_points{50});
  // Written with two decimals when not whole, as money is.
  data_set ds = full_data_set();
  ds.als_targets = {{basis_points{50}, basis_points{0}, basis_points{9950}}};
  CHECK(cotation::to_json(ds).find(R"("pme": 0.50,)") != std::string::npos);
}

TEST_CASE("faulty positionings are reported at their pointer") {
  auto e = error_with("/positionings/1/offer", "NOPE");
  CHECK(e.where() == "/positionings/1/offer");
  CHECK(e.reason() == R"(offer "NOPE" is not among the offers of the document)");

  e = error_with("/positionings/1/offer", "LIL-2026-0001");
  CHECK(e.where() == "/positionings/1/offer");
  CHECK(e.reason() == R"(offer "LIL-2026-0001" already has its positionings at /positionings/0)");

  e = error_with("/positionings/0/requests/1", "0590423808575GDPUB");
  CHECK(e.where() == "/positionings/0/requests/1");
  CHECK(e.reason() ==
        "request number 0590423808575GDPUB is already positioned on this offer, at index 0");

  e = error_with("/positionings/0/requests/1", "0920223002174NAN01");
  CHECK(e.where() == "/positionings/0/requests/1");
  CHECK(e.reason() ==
        "request number 0920223002174NAN01 is not among the applicants of the "
        "document");

  e = error_with("/positionings/0/requests/0", "059");
  CHECK(e.where() == "/positionings/0/requests/0");
  CHECK(e.reason().starts_with(R"("059" is not a request number: at character 4:)"));

  e = error_with("/positionings/0/requests", "0590423808575GDPUB");
  CHECK(e.where() == "/positionings/0/requests");
  CHECK(e.reason() == "expected an array, got a string");

  e = error_with("/positionings/0/offers", "LIL-2026-0001");
  CHECK(e.where() == "/positionings/0/offers");
  CHECK(e.reason() == R"(unknown field "offers" (did you mean "offer"?))");

  e = error_with("/positionings/0/offer", std::nullopt);
  CHECK(e.where() == "/positionings/0/offer");
  CHECK(e.reason() == "required field is missing");
}

TEST_CASE("faulty attributions and ALS targets are reported at their pointer") {
  auto e = error_with("/attributions/1/on", "2025-02-30");
  CHECK(e.where() == "/attributions/1/on");
  CHECK(e.reason().starts_with(R"("2025-02-30" does not exist)"));

  e = error_with("/attributions/0/size", "tpe");
  CHECK(e.where() == "/attributions/0/size");
  CHECK(e.reason() == R"(unknown value "tpe" (allowed: pme, eti, ge))");

  e = error_with("/attributions/0", json::array());
  CHECK(e.where() == "/attributions/0");
  CHECK(e.reason() == "expected an object, got an array");

  // The text of the number is what is judged (nlohmann would print 1e2 as 100.0).
  const std::string text = cotation::to_json(full_data_set());
  const auto with_eti = [&](std::string_view value) {
    std::string t = text;
    const auto at = t.find("\"eti\": 24.50");
    t.replace(at, 12, fmt::format("\"eti\": {}", value));
    return t;
  };
  for (const char* bad : {"100.01", "-1", "12.345", "1e2", "1000", "0.5e1", "24.505"}) {
    INFO(bad);
    e = error_of([&] { return cotation::read_data_set(with_eti(bad), "t.json"); });
    CHECK(e.where() == "/als_targets/eti");
    CHECK(e.reason() ==
          fmt::format("{} is not a percentage from 0 to 100 with at most two decimals", bad));
  }
  CHECK(cotation::read_data_set(with_eti("12.5"), "t").als_targets->at(1) == basis_points{1250});

  e = error_with("/als_targets", json::parse(R"({"pme": 50, "eti": 30, "ge": 20.5})"));
  CHECK(e.where() == "/als_targets");
  CHECK(e.reason() == "the targets sum to 100.50 %, more than 100 %");

  e = error_with("/als_targets/ge", "30");
  CHECK(e.reason() == "expected a number, got a string");

  e = error_with("/als_targets/tpe", 1);
  CHECK(e.where() == "/als_targets/tpe");
}

TEST_CASE("writing refuses positionings and targets it could not read back") {
  data_set ds = full_data_set();
  ds.positionings[0].offer = cotation::offer_id{"NOPE"};
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() == "positionings[0].offer");

  ds = full_data_set();
  ds.positionings[1].offer = ds.positionings[0].offer;
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() == "positionings[1].offer");

  ds = full_data_set();
  ds.positionings[0].requests.push_back(ds.positionings[0].requests[0]);
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() ==
        "positionings[0].requests[2]");

  ds = full_data_set();
  ds.positionings[0].requests.push_back(cotation::request_number::parse("0920223002174NAN01"));
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() ==
        "positionings[0].requests[2]");

  ds = full_data_set();
  ds.attributions[1].on = date{};
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() == "attributions[1].on");

  ds = full_data_set();
  (*ds.als_targets)[1] = basis_points{10001};
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() == "als_targets.eti");

  ds = full_data_set();
  (*ds.als_targets)[1] = basis_points{6000};
  CHECK(write_error_of([&] { return cotation::to_json(ds); }).where() == "als_targets");
}

TEST_CASE("the streaming writer gives the same bytes and reports its progress") {
  const data_set ds = full_data_set();
  std::ostringstream out;
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  cotation::write_data_set(
      ds, out, [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  CHECK(out.str() == cotation::to_json(ds));
  REQUIRE(!calls.empty());
  CHECK(calls.back() == std::pair<std::size_t, std::size_t>{9, 9});  // 2 + 2 + 2 + 3 items
}

TEST_CASE("a data set file is replaced only by a complete document") {
  const auto path = std::filesystem::temp_directory_path() / "cotation_json_test_replace.json";
  cotation::write_data_set_file(full_data_set(), path);
  const std::string before = read_text(path);
  data_set bad = full_data_set();
  bad.positionings[0].offer = cotation::offer_id{"NOPE"};
  CHECK_THROWS_AS(cotation::write_data_set_file(bad, path), cotation::invalid_argument);
  CHECK(read_text(path) == before);
  auto partial = path;
  partial += ".partial";
  CHECK_FALSE(std::filesystem::exists(partial));
  std::filesystem::remove(path);
}

// Applicants are read while the document is parsed, so that a country-sized document is never
// held whole as a tree: errors keep their pointers and positions, and come in document order.
TEST_CASE("applicants read while parsing keep their pointers, positions and checks") {
  const std::string small = read_text(small_json);
  // A syntax error in the third applicant: the two before it were read and dropped already.
  std::string broken = small;
  const auto third = broken.find("\"number\": \"0591124009317RBX03\"");
  broken.replace(third, 30, "\"number\": ,");
  auto e = error_of([&] { return cotation::read_data_set(broken, "broken.json"); });
  CHECK(e.where() == "/applicants/2/number");
  REQUIRE(e.position());
  CHECK(e.position()->line == 88);

  // The same from a file: the position is found by reading the file again.
  const auto path = std::filesystem::temp_directory_path() / "cotation_json_test_broken.json";
  std::ofstream(path, std::ios::binary) << broken;
  e = error_of([&] { return cotation::read_data_set_file(path); });
  CHECK(e.where() == "/applicants/2/number");
  REQUIRE(e.position());
  CHECK(e.position()->line == 88);
  CHECK(e.position()->column == 17);
  CHECK(e.source() == path.string());

  // A file reads like its text.
  std::ofstream(path, std::ios::binary | std::ios::trunc) << small;
  CHECK(cotation::read_data_set_file(path) == cotation::read_data_set(small, "small"));
  std::filesystem::remove(path);

  // A duplicate number is found while parsing, with both places.
  json doc = full_document();
  doc["applicants"].push_back(doc["applicants"][0]);
  e = error_of([&] { return cotation::read_data_set(doc.dump(), "t.json"); });
  CHECK(e.where() == "/applicants/2/number");
  CHECK(e.reason() == "request number 0590423808575GDPUB is already used by /applicants/0");

  // Errors come in document order: a faulty applicant before a syntax error further on.
  std::string both = full_document().dump();
  both.replace(both.find("\"2023-04-12\""), 12, "\"2023-13-12\"");
  both.pop_back();  // the closing brace
  e = error_of([&] { return cotation::read_data_set(both, "t.json"); });
  CHECK(e.where() == "/applicants/0/initial_filing");

  // "applicants" given twice: the second one is not streamed, and is refused.
  std::string twice = full_document().dump();
  twice.insert(twice.size() - 1, ", \"applicants\": []");
  e = error_of([&] { return cotation::read_data_set(twice, "t.json"); });
  CHECK(e.where() == "/applicants");
  CHECK(e.reason() == R"(field "applicants" is given twice)");

  // Items of the wrong type are reported at their index.
  e = error_with("/applicants/1", 42);
  CHECK(e.where() == "/applicants/1");
  CHECK(e.reason() == "expected an object, got a number");
  e = error_with("/applicants", json::object());
  CHECK(e.where() == "/applicants");
  CHECK(e.reason() == "expected an array, got an object");
}

TEST_CASE("a data set read into a pool holds its requests in document order, and the rest") {
  const cotation::pooled_data_set read = cotation::read_pooled_data_set_file(small_json);
  REQUIRE(read.requests.size() == 13);
  CHECK(read.rest.applicants.empty());
  REQUIRE(read.rest.offers.size() == 5);
  CHECK(read.rest.offers[0].rent == money::cents(49860));
  // The third request of examples/data/small.json, by index and by number.
  CHECK(read.requests.number(2).str() == "0591124009317RBX03");
  CHECK(read.requests.find(cotation::request_number::parse("0591124009317RBX03")) ==
        std::optional<cotation::pool_index>(2));
  CHECK(read.requests.get(2).monthly_resources == money::cents(226045));
  // Every request as the list reader reads it, and the same rest.
  data_set listed = cotation::read_data_set_file(small_json);
  for (std::size_t i = 0; i < listed.applicants.size(); ++i) {
    CHECK(read.requests.get(static_cast<cotation::pool_index>(i)) == listed.applicants[i]);
  }
  listed.applicants.clear();
  CHECK(read.rest == listed);
  const std::string text = read_text(small_json);
  CHECK(cotation::read_pooled_data_set(text, "small").rest == listed);
}

TEST_CASE("a data set read into a pool refuses what the list reader refuses, at the same place") {
  // Errors the pooled reader finds with the pool's own index (a number given twice, a
  // positioned request that is not in the document, one that cannot be positioned) and the
  // others, each equal to the list reader's.
  const auto both = [](const std::string& text) {
    const document_error listed = error_of([&] { return cotation::read_data_set(text, "t.json"); });
    const document_error pooled =
        error_of([&] { return cotation::read_pooled_data_set(text, "t.json"); });
    CHECK(pooled.where() == listed.where());
    CHECK(pooled.reason() == listed.reason());
    return pooled;
  };
  json doc = full_document();
  doc["applicants"].push_back(doc["applicants"][0]);
  document_error e = both(doc.dump());
  CHECK(e.where() == "/applicants/2/number");
  CHECK(e.reason() == "request number 0590423808575GDPUB is already used by /applicants/0");

  doc = full_document();
  doc["positionings"][0]["requests"][1] = "0920223002174NAN01";
  e = both(doc.dump());
  CHECK(e.where() == "/positionings/0/requests/1");
  CHECK(e.reason() ==
        "request number 0920223002174NAN01 is not among the applicants of the document");

  // Filed after the offer closes (LIL-2026-0001 is published on 2026-03-02 for the default 7
  // days: it closes on 2026-03-09): the request cannot be positioned on it.
  doc = full_document();
  doc["applicants"][0]["initial_filing"] = "2026-05-01";
  doc["applicants"][0].erase("last_renewal");
  e = both(doc.dump());
  CHECK(e.where() == "/positionings/0/requests/0");
  CHECK(e.reason() ==
        "request 0590423808575GDPUB cannot be positioned on offer \"LIL-2026-0001\" (closing "
        "2026-03-09): /applicants/0/initial_filing: 2026-05-01 is after the evaluation date "
        "2026-03-09");

  doc = full_document();
  doc["applicants"][1]["initial_filing"] = "2023-02-30";
  e = both(doc.dump());
  CHECK(e.where() == "/applicants/1/initial_filing");

  std::string broken = full_document().dump();
  broken.pop_back();
  e = both(broken);
  CHECK(e.position().has_value());
}

TEST_CASE("the public JSON writer quotes, indents and writes money as the documents do",
          "[json][writer]") {
  std::ostringstream out;
  cotation::json_writer j(out);
  j.begin_object()
      .member("name", "a \"quoted\"\nline")
      .member("rent", cotation::money::cents(123450))
      .member("refund", cotation::money::cents(-50))
      .member("whole", cotation::money::euros(-12))
      .key("days")
      .begin_array(true)
      .value(1)
      .value(2)
      .end_array()
      .member("on", boost::gregorian::date(2026, 3, 9))
      .end_object()
      .finish();
  // Written out by hand: one member a line, two spaces, money in euros with two decimals only
  // when not whole, the sign before the magnitude.
  CHECK(out.str() ==
        "{\n"
        "  \"name\": \"a \\\"quoted\\\"\\nline\",\n"
        "  \"rent\": 1234.50,\n"
        "  \"refund\": -0.50,\n"
        "  \"whole\": -12,\n"
        "  \"days\": [1, 2],\n"
        "  \"on\": \"2026-03-09\"\n"
        "}\n");
}
