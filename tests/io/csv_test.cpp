// SPDX-License-Identifier: MIT
#include <cotation/csv.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

using cotation::applicant;
using cotation::csv_error;
using cotation::money;

namespace {

const std::filesystem::path source_dir = COTATION_SOURCE_DIR;

cotation::date d(const char* iso) { return cotation::parse_iso_date(iso, "test"); }

/// One header line and one row, built by column name.
class pool {
 public:
  pool() {
    set("number", "075112507710PPAR19");
    set("initial_filing", "2025-11-03");
    set("members", "reference_person:1993-10-29");
    set("income_n2_year", "2024");
    set("income_n2", "24000");
    set("monthly_resources", "2150");
    set("contract", "cdi");
    set("employer", "775670417");
    set("peec", "contributing");
    set("company_size", "ge");
    set("housing_status", "hosted");
    set("dossier_complete", "yes");
  }
  pool& set(const std::string& column, const std::string& value) {
    for (auto& [c, v] : cells_) {
      if (c == column) {
        v = value;
        return *this;
      }
    }
    cells_.emplace_back(column, value);
    return *this;
  }
  pool& remove(const std::string& column) {
    std::erase_if(cells_, [&](const auto& cell) { return cell.first == column; });
    return *this;
  }
  [[nodiscard]] std::string text(char separator = ',') const {
    std::string header;
    std::string row;
    for (const auto& [c, v] : cells_) {
      if (!header.empty()) {
        header += separator;
        row += separator;
      }
      header += c;
      row += quoted(v, separator);
    }
    return header + "\n" + row + "\n";
  }

 private:
  static std::string quoted(const std::string& v, char separator) {
    if (v.find_first_of(std::string{separator, '"', '\n'}) == std::string::npos) return v;
    std::string q = "\"";
    for (const char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  }
  std::vector<std::pair<std::string, std::string>> cells_;
};

std::vector<applicant> read(const std::string& text) {
  return cotation::read_applicants_csv(text, "pool.csv");
}

template <typename F>
csv_error error_of(F&& f) {
  try {
    (void)f();
  } catch (const csv_error& e) {
    return e;
  }
  FAIL("expected a cotation::csv_error");
  std::abort();
}

csv_error error_of_text(const std::string& text) {
  return error_of([&] { return read(text); });
}

csv_error error_with(const std::string& column, const std::string& value) {
  return error_of_text(pool().set(column, value).text());
}

}  // namespace

TEST_CASE("the bundled CSV pool gives the same applicants as the bundled JSON data set") {
  const auto from_csv =
      cotation::read_applicants_csv_file(source_dir / "examples" / "data" / "pool.csv");
  const auto from_json =
      cotation::read_data_set_file(source_dir / "examples" / "data" / "small.json");
  REQUIRE(from_csv.size() == 4);
  for (std::size_t i = 0; i < from_csv.size(); ++i) {
    INFO(i);
    CHECK(from_csv[i] == from_json.applicants[i]);
  }
}

TEST_CASE("a pool with only the required columns reads with the model's defaults") {
  const auto applicants = read(pool().text());
  REQUIRE(applicants.size() == 1);
  const applicant& a = applicants[0];
  CHECK(a.number.str() == "075112507710PPAR19");
  CHECK(a.initial_filing == d("2025-11-03"));
  CHECK_FALSE(a.last_renewal);
  REQUIRE(a.household.members.size() == 1);
  CHECK(a.household.members[0].role == cotation::member_role::reference_person);
  CHECK(a.incomes == std::vector<cotation::annual_income>{{2024, money::euros(24000)}});
  CHECK(a.monthly_resources == money::euros(2150));
  CHECK(a.employment.contract == cotation::contract_type::cdi);
  CHECK(a.employment.job_start.is_not_a_date());
  CHECK(a.employment.peec == cotation::peec_status::contributing);
  CHECK(a.employment.size == cotation::company_size::ge);
  CHECK_FALSE(a.mobility);
  CHECK(a.situation == cotation::situation{});
  CHECK(a.dossier.complete());
  CHECK(a.wishes == cotation::wishes{});
}

TEST_CASE("every optional column is read") {
  const auto a = read(pool()
                          .set("last_renewal", "2026-01-05")
                          .set("removed_on", "2026-06-30")
                          .set("income_n1_year", "2025")
                          .set("income_n1", "21000.5")
                          .set("expected_housing_benefit", "95,5")
                          .set("job_start", "2025-10-01")
                          .set("net_monthly_salary", "2150")
                          .set("gross_monthly_salary", "2760,10")
                          .set("sector", "public_sector")
                          .set("headcount", "24000")
                          .set("mobility_kind", "transfer")
                          .set("mobility_date", "01/10/2025")
                          .set("mobility_distance_km", "465")
                          .set("mobility_travel_minutes", "120")
                          .set("housing_rent_and_charges", "650")
                          .set("housing_benefit", "80")
                          .set("dalo", "1")
                          .set("disability", "true")
                          .set("domestic_violence", "Oui")
                          .set("threatened_with_eviction", "YES")
                          .set("non_decent_or_overcrowded", "0")
                          .set("key_worker", "no")
                          .set("single_parent", "non")
                          .set("applicant_refusals", "2025-12-01|2026-01-15")
                          .set("commission_refusals", "")
                          .set("attributions", "15/06/2013")
                          .set("wish_communes", "75056 | 92012")
                          .set("wish_departments", "75|092")
                          .set("wish_typologies", "1|T2|t3")
                          .set("wish_max_rent", "800")
                          .text())[0];
  CHECK(a.last_renewal == d("2026-01-05"));
  CHECK(a.removed_on == d("2026-06-30"));
  CHECK(a.incomes == std::vector<cotation::annual_income>{{2024, money::euros(24000)},
                                                          {2025, money::cents(2100050)}});
  CHECK(a.expected_housing_benefit == money::cents(9550));
  CHECK(a.employment.gross_monthly_salary == money::cents(276010));
  CHECK(a.employment.sector == cotation::employer_sector::public_sector);
  CHECK(a.employment.headcount == 24000);
  REQUIRE(a.mobility);
  CHECK(*a.mobility ==
        cotation::mobility{cotation::mobility_kind::transfer, d("2025-10-01"), 465, 120});
  CHECK(a.housing.rent_and_charges == money::euros(650));
  CHECK(a.housing.housing_benefit == money::euros(80));
  CHECK(a.situation == cotation::situation{true, true, true, true, false, false, false});
  CHECK(a.history.applicant_refusals == std::vector{d("2025-12-01"), d("2026-01-15")});
  CHECK(a.history.commission_refusals.empty());
  CHECK(a.history.attributions == std::vector{d("2013-06-15")});
  CHECK(a.wishes.communes == std::vector{cotation::commune_code::parse("75056"),
                                         cotation::commune_code::parse("92012")});
  CHECK(a.wishes.departments ==
        std::vector{cotation::department::parse("075"), cotation::department::parse("092")});
  CHECK(a.wishes.typologies == std::vector{1, 2, 3});
  CHECK(a.wishes.max_rent == money::euros(800));
}

TEST_CASE("the dossier is a flag, or a list of documents with the employer's validation") {
  const auto incomplete = read(pool().set("dossier_complete", "no").text())[0];
  CHECK_FALSE(incomplete.dossier.complete());
  CHECK(incomplete.dossier.missing() == 1);

  const auto listed = read(pool()
                               .remove("dossier_complete")
                               .set("documents", "identity|tax_notice:validated|payslips:pending")
                               .set("employer_validated", "yes")
                               .text())[0];
  CHECK(listed.dossier.required ==
        std::vector<cotation::document>{{cotation::document_kind::identity, true},
                                        {cotation::document_kind::tax_notice, true},
                                        {cotation::document_kind::payslips, false}});
  CHECK(listed.dossier.employer_validated);
  // A status in any case; a longer or shorter word is not one.
  const auto with_documents = [](const std::string& documents) {
    return pool()
        .remove("dossier_complete")
        .set("documents", documents)
        .set("employer_validated", "1")
        .text();
  };
  const auto upper = read(with_documents("identity:VALIDATED|payslips:Pending"))[0];
  CHECK(upper.dossier.required ==
        std::vector<cotation::document>{{cotation::document_kind::identity, true},
                                        {cotation::document_kind::payslips, false}});
  for (const char* status : {"pend", "pendings", "validatedx", ""}) {
    CAPTURE(status);
    CHECK(error_of_text(with_documents(std::string("identity:") + status)).column() ==
          "documents");
  }

  auto e = error_of_text(pool().set("documents", "identity").set("employer_validated", "1").text());
  CHECK(std::string(e.what()) ==
        "pool.csv:1: column \"dossier_complete\": give either dossier_complete, or documents and "
        "employer_validated, not both");
  e = error_of_text(pool().remove("dossier_complete").set("documents", "identity").text());
  CHECK(e.column() == "employer_validated");
  CHECK(e.line() == 1);
  e = error_of_text(with_documents("identity:lost"));
  CHECK(e.reason() ==
        "column \"documents\": \"identity:lost\": status \"lost\" is not validated or pending");
  e = error_with("dossier_complete", "");
  CHECK(e.reason() == "column \"dossier_complete\": a value is required");
}

TEST_CASE("cells are RFC 4180: quotes, doubled quotes, line breaks, CRLF, BOM, spaces") {
  const std::string text =
      "\xEF\xBB\xBFnumber;initial_filing;members;income_n2_year;income_n2;monthly_resources;"
      "contract;employer;peec;company_size;housing_status;dossier_complete\r\n"
      "\r\n"
      "  075112507710PPAR19 ;2025-11-03;reference_person:1993-10-29;2024;\"24000,50\";2150;cdi;"
      "\"ACME \"\"North\"\"\n; Lille\";contributing;ge;hosted;yes\r\n"
      ";;;;;;;;;;;\r\n"
      "075112507710PPAR20;2025-11-03;reference_person:1993-10-29;2024;x;2150;cdi;1;none;ge;hosted;"
      "yes\r\n";
  const auto e = error_of_text(text);
  // The quoted line break moves the second record to line 6; blank lines are skipped.
  CHECK(std::string(e.what()) ==
        "pool.csv:6: column \"income_n2\": \"x\" is not an amount (expected digits of euros)");
  const auto first = read(text.substr(0, text.find(";;;;")));
  REQUIRE(first.size() == 1);
  CHECK(first[0].number.str() == "075112507710PPAR19");
  CHECK(first[0].employment.employer.value == "ACME \"North\"\n; Lille");
  CHECK(first[0].incomes[0].amount == money::cents(2400050));
}

TEST_CASE("a malformed record is reported at its line") {
  auto e = error_of_text(pool().text() + "\"075112507710PPAR20,2025");
  CHECK(std::string(e.what()) == "pool.csv:3: a quoted cell is not closed");
  std::string text = pool().text();
  text.replace(text.find("775670417"), 9, "\"ACME\" SA");  // not quoted as a whole
  e = error_of_text(text);
  CHECK(e.reason() == "unexpected 'S' after a quoted cell");
  e = error_of_text(pool().text() + "075112507710PPAR20,2025-11-03\n");
  CHECK(std::string(e.what()) == "pool.csv:3: expected 12 cells (one per header column), found 2");
  CHECK(e.column().empty());
}

TEST_CASE("amounts are exact euros with at most two decimals") {
  CHECK(read(pool().set("income_n2", "0.1").text())[0].incomes[0].amount == money::cents(10));
  CHECK(read(pool().set("income_n2", "1234,5").text())[0].incomes[0].amount ==
        money::cents(123450));
  auto e = error_with("income_n2", "12a00");
  CHECK(std::string(e.what()) ==
        "pool.csv:2: column \"income_n2\": \"12a00\" is not an amount (unexpected character "
        "'a')");
  CHECK(e.line() == 2);
  CHECK(e.column() == "income_n2");
  CHECK(e.where() == "pool.csv:2");
  e = error_with("monthly_resources", "1 234,50");
  CHECK(e.reason() ==
        "column \"monthly_resources\": \"1 234,50\" is not an amount (unexpected character ' ')");
  e = error_with("monthly_resources", "12.345");
  CHECK(e.reason() ==
        "column \"monthly_resources\": \"12.345\" is not an amount (more than two decimals "
        "(amounts are euros and cents))");
  e = error_with("income_n2", "-12,5");
  CHECK(e.reason() == "column \"income_n2\": must not be negative (got -12.50)");
  e = error_with("housing_rent_and_charges", "-1");
  CHECK(e.column() == "housing_rent_and_charges");
}

TEST_CASE("the header is checked: unknown, unnamed, repeated and missing columns") {
  auto e = error_of_text(pool().set("incme_n1", "1").text());
  CHECK(std::string(e.what()) ==
        "pool.csv:1: column \"incme_n1\": unknown column (did you mean \"income_n1\"?)");
  e = error_of_text(pool().set("colour", "blue").text());
  CHECK(e.reason() == "column \"colour\": unknown column (see docs/format.md)");
  e = error_of_text(pool().set("", "x").text());
  CHECK(e.reason() == "column 13 has no name");
  e = error_of_text("number,number\n");
  CHECK(e.reason() == "column \"number\": the column appears twice");
  e = error_of_text(pool().remove("members").text());
  CHECK(std::string(e.what()) == "pool.csv:1: column \"members\": required column is missing");
  e = error_of_text("number;initial_filing,members\n");
  CHECK(e.reason() == "the header mixes ',' and ';' as separators");
  e = error_of_text("\nnumber\n");
  CHECK(e.reason() == "the first line must be the header");
}

TEST_CASE("an invalid request number in a pool names the offending character") {
  const auto e = error_with("number", "075112507710PPAR1");
  CHECK(e.reason() ==
        "column \"number\": \"075112507710PPAR1\" is not a request number: at character 18: a "
        "request number has 18 characters, this one has 17");
}

TEST_CASE("pool dates are ISO or French, and must exist") {
  CHECK(read(pool().set("initial_filing", "03/11/2025").text())[0].initial_filing ==
        d("2025-11-03"));
  auto e = error_with("initial_filing", "2025-02-30");
  CHECK(e.reason() ==
        "column \"initial_filing\": \"2025-02-30\" does not exist (day out of range for the "
        "month)");
  e = error_with("initial_filing", "30/02/2025");
  CHECK(e.reason() == "column \"initial_filing\": \"30/02/2025\" is not a valid date");
  e = error_with("job_start", "2025/10/01");
  CHECK(e.reason() ==
        "column \"job_start\": \"2025/10/01\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
  e = error_with("applicant_refusals", "2025-01-01||2025-02-01");
  CHECK(e.reason() ==
        "column \"applicant_refusals\": item 2 of \"2025-01-01||2025-02-01\" is empty");
}

TEST_CASE("enumerators, booleans and counts are checked") {
  auto e = error_with("contract", "permanent");
  CHECK(e.reason() ==
        "column \"contract\": unknown value \"permanent\" (allowed: cdi, cdd, interim, "
        "apprenticeship, professionalisation, trial_period)");
  e = error_with("company_size", "TPE");
  CHECK(e.reason() == "column \"company_size\": unknown value \"TPE\" (allowed: pme, eti, ge)");
  e = error_with("dalo", "maybe");
  CHECK(e.reason() ==
        "column \"dalo\": \"maybe\" is not a boolean (true/false, yes/no, oui/non, 1/0)");
  e = error_with("headcount", "12.5");
  CHECK(e.reason() == "column \"headcount\": \"12.5\" is not a whole number");
  e = error_with("headcount", "-3");
  CHECK(e.reason() == "column \"headcount\": must not be negative (got -3)");
  e = error_with("wish_typologies", "T7");
  CHECK(e.reason() == "column \"wish_typologies\": \"T7\" is not a typology (T1..T6)");
  e = error_with("wish_departments", "020");
  CHECK(e.column() == "wish_departments");
  e = error_with("wish_communes", "7505");
  CHECK(e.column() == "wish_communes");
  e = error_with("peec", "");
  CHECK(e.reason() == "column \"peec\": a value is required");
}

TEST_CASE("the household spec is checked member by member") {
  auto e = error_with("members", "reference_person:1993-10-29|child:2015-01-01");
  CHECK(e.reason() ==
        "column \"members\": member 2 \"child:2015-01-01\": unknown value \"child\" (allowed: "
        "reference_person, partner, dependant)");
  e = error_with("members", "reference_person");
  CHECK(e.reason() ==
        "column \"members\": member 1 \"reference_person\": expected "
        "role:birth_date[:disabled][:alternating_custody]");
  e = error_with("members", "reference_person:1993-10-29:blind");
  CHECK(e.reason() ==
        "column \"members\": member 1 \"reference_person:1993-10-29:blind\": unknown flag "
        "\"blind\" (allowed: disabled, alternating_custody)");
  e = error_with("members", "reference_person:1993-02-30");
  CHECK(e.reason() ==
        "column \"members\": member 1 \"reference_person:1993-02-30\": \"1993-02-30\" does not "
        "exist (day out of range for the month)");
  // Invariants checked by validate() are reported at the column that holds the field.
  e = error_with("members", "partner:1993-10-29");
  CHECK(e.reason() == "column \"members\": needs exactly one reference person (found 0)");
  e = error_with("last_renewal", "2025-01-01");
  CHECK(e.reason() ==
        "column \"last_renewal\": 2025-01-01 is before the initial filing 2025-11-03");
}

TEST_CASE("incomes come in pairs of year and amount, N-1 following N-2") {
  auto e = error_with("income_n2_year", "");
  CHECK(e.reason() == "column \"income_n2_year\": a year is required when income_n2 is given");
  e = error_of_text(pool().set("income_n1_year", "2025").text());
  CHECK(e.reason() == "column \"income_n1\": an amount is required when income_n1_year is given");
  e = error_of_text(pool().set("income_n1_year", "2024").set("income_n1", "1").text());
  CHECK(e.reason() == "column \"income_n1_year\": 2024 must be the year after income_n2_year 2024");
  e = error_with("income_n2_year", "24");
  CHECK(e.reason() == "column \"income_n2_year\": 24 is not a tax year (1900-2200)");
  // No N-2 income declared: both cells empty.
  CHECK(read(pool().set("income_n2_year", "").set("income_n2", "").text())[0].incomes.empty());
}

TEST_CASE("the mobility columns are given together") {
  const auto e =
      error_of_text(pool().set("mobility_kind", "new_job").set("mobility_date", "").text());
  CHECK(e.reason() ==
        "column \"mobility_date\": the four mobility columns are given together or not at all");
}

TEST_CASE("request numbers are unique in a pool, and reading is all or nothing") {
  const std::string base = pool().text();
  const std::string row = base.substr(base.find('\n') + 1);
  const auto e = error_of_text(base + row);
  CHECK(std::string(e.what()) ==
        "pool.csv:3: column \"number\": request number 075112507710PPAR19 is already on line 2");
  std::vector<applicant> kept = read(base);
  CHECK_THROWS_AS(kept = read(base + row), csv_error);
  CHECK(kept.size() == 1);
}

TEST_CASE("a pool file that cannot be opened is reported without a line") {
  const auto e = error_of([] { return cotation::read_applicants_csv_file("/nonexistent/p.csv"); });
  CHECK(std::string(e.what()) == "/nonexistent/p.csv: cannot be opened");
  CHECK(e.line() == 0);
}

TEST_CASE("every CSV column is documented in docs/format.md") {
  std::ifstream in(source_dir / "docs" / "format.md");
  std::ostringstream s;
  s << in.rdbuf();
  const std::string doc = s.str();
  REQUIRE_FALSE(doc.empty());
  for (const auto& c : cotation::csv_columns()) {
    INFO(c.name);
    CHECK(doc.find(fmt::format("| `{}` |", c.name)) != std::string::npos);
  }
  CHECK(cotation::csv_columns().size() == 44);
}

TEST_CASE("a pool read from a stream hands each applicant over with its line") {
  const std::string text =
      pool().text() + "\n" +
      pool().set("number", "075112507710PPAR20").text().substr(pool().text().find('\n') + 1);
  std::istringstream in(text);
  std::vector<std::pair<std::string, std::size_t>> seen;
  cotation::read_applicants_csv(in, "pool.csv", [&](applicant&& a, std::size_t line) {
    seen.emplace_back(std::string(a.number.str()), line);
  });
  // Line 1 is the header, line 3 is blank (skipped).
  CHECK(seen == std::vector<std::pair<std::string, std::size_t>>{{"075112507710PPAR19", 2},
                                                                 {"075112507710PPAR20", 4}});
}

TEST_CASE("a faulty line of a streamed pool stops the read after the lines before it") {
  const std::string base = pool().text();
  std::istringstream in(base + pool().set("income_n2", "12a00").text().substr(base.find('\n') + 1));
  std::size_t handed = 0;
  const auto e = error_of([&] {
    cotation::read_applicants_csv(in, "pool.csv", [&](applicant&&, std::size_t) { ++handed; });
    return 0;
  });
  CHECK(e.line() == 3);
  CHECK(e.column() == "income_n2");
  CHECK(handed == 1);
}

namespace {

std::vector<cotation::positioning_list> read_positionings(
    const std::string& text, const cotation::positioning_references& known = {}) {
  return cotation::read_positionings_csv(text, "positionings.csv", known);
}

csv_error positioning_error(const std::string& text,
                            const cotation::positioning_references& known = {}) {
  return error_of([&] { return read_positionings(text, known); });
}

cotation::request_number nur(const char* text) { return cotation::request_number::parse(text); }

}  // namespace

TEST_CASE("positionings are read from CSV, grouped by offer in the order offers first appear") {
  const auto lists = read_positionings(
      "offer,request\n"
      "PAR-1,075112507710PPAR19\n"
      "LIL-1,059062500412KLIL01\n"
      "\n"
      "PAR-1,075072505521CPAR11\n");
  REQUIRE(lists.size() == 2);
  CHECK(lists[0] == cotation::positioning_list{
                        {"PAR-1"}, {nur("075112507710PPAR19"), nur("075072505521CPAR11")}});
  CHECK(lists[1] == cotation::positioning_list{{"LIL-1"}, {nur("059062500412KLIL01")}});
}

TEST_CASE("positionings take the columns in any order, a semicolon separator, quotes, CRLF and a BOM") {
  const auto lists = read_positionings(
      "\xEF\xBB\xBFrequest ; offer\r\n"
      " 075112507710PPAR19 ;\"PAR \"\"sud\"\"; 1\"\r\n");
  REQUIRE(lists.size() == 1);
  CHECK(lists[0].offer.value == "PAR \"sud\"; 1");
  CHECK(lists[0].requests == std::vector{nur("075112507710PPAR19")});
}

TEST_CASE("a separator is found wherever it falls in a line, and a quote anywhere unquotes") {
  // Lines are split sixteen bytes at a time: the separators here fall on either side of those
  // blocks' edges (offsets 14 to 17 and 33), and the quotes in the second and third block.
  const auto lists = read_positionings(
      "offer,request\n"
      "ABCDEFGHIJKLMN,075112507710PPAR19\n"
      "ABCDEFGHIJKLMNO,075112507710PPAR20\n"
      "ABCDEFGHIJKLMNOP,075112507710PPAR21\n"
      "ABCDEFGHIJKLMNOPQ ,  075112507710PPAR22\n"
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456,075112507710PPAR23\n"
      "                 \"PAR \"\"sud\"\", 1\",075112507710PPAR24\n"
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345,\"075112507710PPAR25\"\n"
      // CRLF with the '\r' or the '\n' on a block's edge (offsets 30 to 33 of the line).
      "ABCDEFGHIJK,075112507710PPAR26\r\n"
      "ABCDEFGHIJKL,075112507710PPAR27\r\n"
      "ABCDEFGHIJKLM,075112507710PPAR28\r\n"
      "LAST,075112507710PPAR29 ");
  REQUIRE(lists.size() == 11);
  CHECK(lists[7] == cotation::positioning_list{{"ABCDEFGHIJK"}, {nur("075112507710PPAR26")}});
  CHECK(lists[8] == cotation::positioning_list{{"ABCDEFGHIJKL"}, {nur("075112507710PPAR27")}});
  CHECK(lists[9] == cotation::positioning_list{{"ABCDEFGHIJKLM"}, {nur("075112507710PPAR28")}});
  // The last line, without a line break, is whole at the end of the input; its space, in the
  // bytes after the last block of sixteen, is trimmed.
  CHECK(lists[10].requests == std::vector{nur("075112507710PPAR29")});
  CHECK(lists[0].offer.value == "ABCDEFGHIJKLMN");
  CHECK(lists[1].offer.value == "ABCDEFGHIJKLMNO");
  CHECK(lists[2].offer.value == "ABCDEFGHIJKLMNOP");
  CHECK(lists[3].offer.value == "ABCDEFGHIJKLMNOPQ");
  CHECK(lists[3].requests == std::vector{nur("075112507710PPAR22")});
  CHECK(lists[4].offer.value == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456");
  CHECK(lists[4].requests == std::vector{nur("075112507710PPAR23")});
  CHECK(lists[5].offer.value == "PAR \"sud\", 1");
  CHECK(lists[6].requests == std::vector{nur("075112507710PPAR25")});
  // A third cell, after a block's edge, is one too many.
  const auto e = positioning_error("offer,request\nABCDEFGHIJKLMNOP,075112507710PPAR19,x\n");
  CHECK(e.line() == 2);
}

TEST_CASE("the positionings header names offer and request, and nothing else") {
  auto e = positioning_error("offer\nPAR-1\n");
  CHECK(std::string(e.what()) ==
        "positionings.csv:1: column \"request\": required column is missing");
  e = positioning_error("offer,request,rank\nPAR-1,075112507710PPAR19,1\n");
  CHECK(e.column() == "rank");
  CHECK(e.line() == 1);
  e = positioning_error("ofer,request\n");
  CHECK(e.reason() == "column \"ofer\": unknown column (did you mean \"offer\"?)");
  e = positioning_error("");
  CHECK(std::string(e.what()) == "positionings.csv:1: the first line must be the header");
}

TEST_CASE("a faulty positioning names its line and column") {
  const std::string header = "offer,request\n";
  auto e = positioning_error(header + "PAR-1,075112507710PPAR19\n,075112507710PPAR19\n");
  CHECK(std::string(e.what()) == "positionings.csv:3: column \"offer\": a value is required");
  e = positioning_error(header + "PAR-1,07511250771oPPAR19\n");
  CHECK(e.line() == 2);
  CHECK(e.column() == "request");
  INFO(e.reason());
  CHECK(e.reason().starts_with(
      "column \"request\": \"07511250771oPPAR19\" is not a request number: at character 12"));
  e = positioning_error(header + "PAR-1\n");
  CHECK(std::string(e.what()) ==
        "positionings.csv:2: expected 2 cells (one per header column), found 1");
  e = positioning_error(header + "PAR-1,075112507710PPAR19\n\nPAR-1,075112507710PPAR19\n");
  CHECK(std::string(e.what()) ==
        "positionings.csv:4: column \"request\": request 075112507710PPAR19 is already "
        "positioned on offer \"PAR-1\" on line 2");
  // Once on each of two offers is two positionings.
  CHECK(read_positionings(header + "PAR-1,075112507710PPAR19\nPAR-2,075112507710PPAR19\n").size() ==
        2);
}

TEST_CASE("positionings must name offers and requests that exist") {
  const cotation::positioning_references known{
      .offer = [](std::string_view id) { return id == "PAR-1"; },
      .request = [](const cotation::request_number& n) { return n.str() == "075112507710PPAR19"; }};
  const std::string header = "offer,request\n";
  CHECK(read_positionings(header + "PAR-1,075112507710PPAR19\n", known).size() == 1);
  auto e =
      positioning_error(header + "PAR-1,075112507710PPAR19\nPAR-9,075112507710PPAR19\n", known);
  CHECK(std::string(e.what()) ==
        "positionings.csv:3: column \"offer\": no offer \"PAR-9\" in the data set");
  e = positioning_error(header + "PAR-1,075072505521CPAR11\n", known);
  CHECK(std::string(e.what()) ==
        "positionings.csv:2: column \"request\": no request 075072505521CPAR11 in the data set");
}

TEST_CASE("a positioning the references refuse names the line, the request column and why") {
  // The caller knows why a request cannot be positioned on an offer (for the tool: filed after
  // the offer closed, SPEC 4's windows); the reader puts it at the line and column.
  const cotation::positioning_references known{
      .offer = {},
      .request = {},
      .positionable = [](std::string_view id,
                         const cotation::request_number& n) -> std::optional<std::string> {
        if (id == "PAR-2" && n.str() == "075112507710PPAR19") return "filed after PAR-2 closed";
        return std::nullopt;
      }};
  const std::string header = "offer,request\n";
  CHECK(read_positionings(header + "PAR-1,075112507710PPAR19\n", known).size() == 1);
  const auto e =
      positioning_error(header + "PAR-1,075112507710PPAR19\nPAR-2,075112507710PPAR19\n", known);
  CHECK(std::string(e.what()) ==
        "positionings.csv:3: column \"request\": filed after PAR-2 closed");
}

TEST_CASE("a positionings file read in chunks gives what the text gives, wherever a chunk ends") {
  // Records of every shape (quoted cells with doubled quotes and a line break, CRLF, blank
  // lines), over more than one read chunk (1 MiB); padding the header shifts every chunk end by
  // one byte, through every position of a record.
  std::string body;
  for (int k = 0; body.size() < (std::size_t{1} << 20) + 4096; ++k) {
    const std::string number = fmt::format("0590126{:05d}XLIL05", k);
    switch (k % 4) {
      case 0:
        body += fmt::format("LIL-0,{}\n", number);
        break;
      case 1:
        body += fmt::format("\"LIL \"\"0\"\"\",\"{}\"\r\n", number);
        break;
      case 2:
        body += fmt::format("\"LIL\n0\",{}\r\n\r\n", number);
        break;
      default:
        body += fmt::format("  LIL-0  ,  {}\n", number);
    }
  }
  const auto expected = read_positionings("offer,request\n" + body);
  REQUIRE(expected.size() == 3);  // "LIL-0" (plain and padded), "LIL \"0\"" and "LIL\n0"
  const auto path = std::filesystem::temp_directory_path() / "cotation_csv_test_chunks.csv";
  for (std::size_t pad = 0; pad < 48; ++pad) {
    INFO("pad " << pad);
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        << "offer,request" << std::string(pad, ' ') << '\n'
        << body;
    CHECK(cotation::read_positionings_csv_file(path) == expected);
  }
  std::filesystem::remove(path);
}

TEST_CASE("a positionings file that cannot be opened is reported without a line") {
  const auto e =
      error_of([] { return cotation::read_positionings_csv_file("/nonexistent/pos.csv"); });
  CHECK(std::string(e.what()) == "/nonexistent/pos.csv: cannot be opened");
}

TEST_CASE("a written pool reads back equal, from text and from a stream") {
  auto applicants =
      cotation::read_data_set_file(source_dir / "examples" / "data" / "small.json").applicants;
  const auto drawn =
      cotation::generate_applicants({.seed = 5, .requests = 2000, .reference = d("2026-03-01")});
  applicants.insert(applicants.end(), drawn.begin(), drawn.end());
  std::ostringstream out;
  cotation::write_applicants_csv(applicants, out);
  const std::string text = out.str();
  CHECK(cotation::read_applicants_csv(text, "written.csv") == applicants);
  std::istringstream in(text);
  std::vector<applicant> streamed;
  std::size_t last_line = 0;
  cotation::read_applicants_csv(in, "written.csv", [&](applicant&& a, std::size_t line) {
    streamed.push_back(std::move(a));
    last_line = line;
  });
  CHECK(streamed == applicants);
  CHECK(last_line == applicants.size() + 1);  // the header is line 1, one line per applicant
}

TEST_CASE("a pool CSV cannot hold incomes other than N-2 and the N-1 after it") {
  auto a = cotation::read_applicants_csv(pool().text(), "pool.csv").front();
  a.incomes = {{2023, money::euros(20000)}, {2025, money::euros(21000)}};
  std::ostringstream out;
  try {
    cotation::write_applicants_csv(std::span(&a, 1), out);
    FAIL("expected cotation::invalid_argument");
  } catch (const cotation::invalid_argument& e) {
    CHECK(e.where() == "applicants[0].incomes");
  }
}

namespace {

/// Generated applicants (varied: mobility or not, refusals, dossiers, wishes) and their CSV.
struct written_pool {
  std::vector<applicant> applicants;
  std::string text;
  explicit written_pool(std::size_t n) {
    applicants = cotation::generate_applicants(
        {.seed = 17, .requests = n, .reference = d("2026-03-01")});
    std::ostringstream out;
    cotation::write_applicants_csv(applicants, out);
    text = out.str();
  }
};

/// `text` with the first cell (the request number) of `line` (1: the header) replaced.
std::string with_number_on_line(const std::string& text, std::size_t line, std::string_view number) {
  std::size_t start = 0;
  for (std::size_t l = 1; l < line; ++l) start = text.find('\n', start) + 1;
  const std::size_t comma = text.find(',', start);
  return text.substr(0, start) + std::string(number) + text.substr(comma);
}

}  // namespace

TEST_CASE("a pool loaded from CSV holds every request of the file, in line order", "[threads]") {
  // Twelve batches of the loader and more: its spent batches lend their room to later rows,
  // whose fields must all be their own (a request without mobility after one with it, ...).
  const written_pool w(12'500);
  std::istringstream in(w.text);
  const cotation::applicant_pool pool = cotation::read_pool_csv(in, "written.csv");
  REQUIRE(pool.size() == w.applicants.size());
  for (std::size_t i = 0; i < w.applicants.size(); ++i) {
    INFO(i);
    REQUIRE(pool.get(static_cast<cotation::pool_index>(i)) == w.applicants[i]);
  }
  // It counts as the pool built from the same applicants does.
  const cotation::applicant_pool built(w.applicants);
  const auto offers = cotation::generate_offers(
      {.seed = 3, .offers = 30, .publication_start = d("2026-03-01")});
  for (const auto& o : offers) {
    INFO(o.id.value);
    CHECK(pool.count_eligible(o, o.closing_date()) == built.count_eligible(o, o.closing_date()));
  }
}

TEST_CASE("a pool loaded from a CSV file is the pool of its lines", "[threads]") {
  const written_pool w(3'000);
  const auto path = std::filesystem::temp_directory_path() / "cotation-read-pool-test.csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << w.text;
  }
  const cotation::applicant_pool pool = cotation::read_pool_csv_file(path);
  std::filesystem::remove(path);
  REQUIRE(pool.size() == 3'000);
  CHECK(pool.get(0) == w.applicants.front());
  CHECK(pool.get(2'999) == w.applicants.back());
  const auto e = error_of([] { return cotation::read_pool_csv_file("/nonexistent/p.csv"); });
  CHECK(e.line() == 0);
  CHECK(std::string(e.what()) == "/nonexistent/p.csv: cannot be opened");
}

TEST_CASE("a request number given twice in a loaded pool names both lines", "[threads]") {
  const written_pool w(3'000);
  // Applicant k is on line k + 2 (the header is line 1): the number of line 9 again on line
  // 2 502, far beyond the loader's first batches.
  const std::string text = with_number_on_line(w.text, 2'502, w.applicants[7].number.str());
  std::istringstream in(text);
  const auto e = error_of([&] { return cotation::read_pool_csv(in, "pool.csv"); });
  CHECK(e.line() == 2'502);
  CHECK(e.column() == "number");
  CHECK(e.reason() == fmt::format("column \"number\": request number {} is already on line 9",
                                  w.applicants[7].number));
}

TEST_CASE("a faulty line of a loaded pool is the error, whatever was added before it", "[threads]") {
  const written_pool w(3'000);
  std::istringstream in(with_number_on_line(w.text, 2'002, "0751X"));
  const auto e = error_of([&] { return cotation::read_pool_csv(in, "pool.csv"); });
  CHECK(e.line() == 2'002);
  CHECK(e.column() == "number");
  // A fault before a repeated number is the one reported (the first in line order).
  const std::string both =
      with_number_on_line(with_number_on_line(w.text, 1'500, "0751X"), 2'800,
                          w.applicants[0].number.str());
  std::istringstream in_both(both);
  const auto first = error_of([&] { return cotation::read_pool_csv(in_both, "pool.csv"); });
  CHECK(first.line() == 1'500);
  // And a repeated number before a fault.
  const std::string repeated_first =
      with_number_on_line(with_number_on_line(w.text, 2'800, "0751X"), 1'500,
                          w.applicants[0].number.str());
  std::istringstream in_repeated(repeated_first);
  const auto repeated = error_of([&] { return cotation::read_pool_csv(in_repeated, "pool.csv"); });
  CHECK(repeated.line() == 1'500);
  CHECK(repeated.reason() ==
        fmt::format("column \"number\": request number {} is already on line 2",
                    w.applicants[0].number));
}

TEST_CASE("a loaded pool of a header alone is empty, and a file without a header is refused",
          "[threads]") {
  const std::string header = pool().text().substr(0, pool().text().find('\n') + 1);
  std::istringstream in(header);
  CHECK(cotation::read_pool_csv(in, "pool.csv").size() == 0);
  std::istringstream nothing("");
  const auto e = error_of([&] { return cotation::read_pool_csv(nothing, "pool.csv"); });
  CHECK(e.line() == 1);
}
