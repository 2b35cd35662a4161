// SPDX-License-Identifier: MIT
#include <cotation/ceilings.hpp>
#include <cotation/error.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using cotation::ceiling_row;
using cotation::ceiling_table;
using cotation::financing;
using cotation::household_category;
using cotation::income_zone;
using cotation::money;
using cotation::no_ceiling;

namespace {

/// One row of SPEC 3.3 / 3.4, in euros; 0 marks a cell that is not published.
struct spec_row {
  financing f;
  int year;
  int zone;
  std::array<std::int64_t, 6> by_category;
  std::int64_t per_person;
};

// Written out from SPEC.md, not read back from data/ceilings.
constexpr spec_row spec_rows[] = {
    // SPEC 3.3, PLUS
    {financing::plus, 2024, 1, {26044, 38925, 51025, 60921, 72482, 81562}, 9089},
    {financing::plus, 2024, 2, {26044, 38925, 46789, 56046, 66347, 74662}, 8319},
    {financing::plus, 2024, 3, {22642, 30238, 36362, 43899, 51641, 58200}, 6492},
    {financing::plus, 2025, 1, {26687, 39885, 52284, 62424, 74271, 83575}, 9313},
    {financing::plus, 2025, 2, {26687, 39885, 47944, 57429, 67984, 76504}, 8524},
    {financing::plus, 2025, 3, {23201, 30984, 37259, 44982, 52915, 59636}, 6652},
    {financing::plus, 2026, 1, {26920, 40233, 52740, 62968, 74919, 84304}, 9394},
    {financing::plus, 2026, 2, {26920, 40233, 48362, 57930, 68577, 77171}, 8598},
    {financing::plus, 2026, 3, {23403, 31254, 37584, 45374, 53376, 60156}, 6710},
    // SPEC 3.4, PLAI
    {financing::plai, 2022, 1, {13378, 21805, 28582, 31287, 37218, 41884}, 4666},
    {financing::plai, 2022, 2, {13378, 21805, 26210, 28779, 34071, 38339}, 4270},
    {financing::plai, 2022, 3, {11626, 16939, 20370, 22665, 26519, 29886}, 3333},
    {financing::plai, 2025, 1, {14683, 23931, 31369, 34338, 0, 0}, 0},
    {financing::plai, 2025, 2, {14683, 23931, 28767, 31585, 0, 0}, 0},
    {financing::plai, 2025, 3, {12759, 18591, 22356, 24875, 0, 0}, 0},
};

household_category cat(int c, int extra = 0) { return household_category{c, extra}; }

income_zone zone(int z) { return static_cast<income_zone>(z); }

const ceiling_table& embedded() { return ceiling_table::embedded(); }

/// The ceiling, failing the test when there is none.
money ceiling(financing f, int year, int z, household_category c,
              const ceiling_table& t = embedded()) {
  const auto r = t.lookup(f, year, zone(z), c);
  const auto* m = std::get_if<money>(&r);
  if (m == nullptr) {
    FAIL(fmt::format("{}", std::get<no_ceiling>(r)));
    return money{};
  }
  return *m;
}

bool has_no_ceiling(financing f, int year, int z, household_category c,
                    const ceiling_table& t = embedded()) {
  const auto r = t.lookup(f, year, zone(z), c);
  const auto* n = std::get_if<no_ceiling>(&r);
  if (n == nullptr) return false;
  // The outcome names what was asked for.
  CHECK(*n == no_ceiling{f, year, zone(z), c});
  return true;
}

/// A fresh path in the system's temporary directory (several builds may run the tests at once).
std::filesystem::path temp_path(const std::string& stem) {
  return std::filesystem::temp_directory_path() /
         fmt::format("cotation_{}_{:08x}", stem, std::random_device{}());
}

/// A file in the system's temporary directory, removed at the end of the test.
struct temp_file {
  std::filesystem::path path;
  temp_file(const std::string& stem, std::string_view text) : path(temp_path(stem)) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
};

constexpr std::string_view good_2030 =
    "# a test year\n"
    "year 2030\n"
    "\n"
    "PLUS 1 30000 40000 50000 60000 70000 80000 9000  # trailing comment\n"
    "PLAI 3 15000 20000 - - - - -\n";

}  // namespace

TEST_CASE("every published ceiling cell of SPEC 3.3 and 3.4 is in the embedded table") {
  int cells = 0;
  for (const auto& row : spec_rows) {
    for (int c = 1; c <= 6; ++c) {
      INFO(fmt::format("{} {} zone {} c{}", row.f, row.year, row.zone, c));
      const auto expected = row.by_category[static_cast<std::size_t>(c - 1)];
      if (expected == 0) continue;
      CHECK(ceiling(row.f, row.year, row.zone, cat(c)) == money::euros(expected));
      ++cells;
    }
  }
  CHECK(cells == 12 * 6 + 3 * 4);
}

TEST_CASE("each person beyond category 6 adds the published per-person amount") {
  for (const auto& row : spec_rows) {
    if (row.per_person == 0) continue;
    INFO(fmt::format("{} {} zone {}", row.f, row.year, row.zone));
    const std::int64_t c6 = row.by_category[5];
    CHECK(ceiling(row.f, row.year, row.zone, cat(6, 1)) == money::euros(c6 + row.per_person));
    CHECK(ceiling(row.f, row.year, row.zone, cat(6, 3)) == money::euros(c6 + 3 * row.per_person));
  }
}

TEST_CASE("unpublished PLAI 2025 cells have no ceiling") {
  for (int z = 1; z <= 3; ++z) {
    INFO("zone " << z);
    CHECK(has_no_ceiling(financing::plai, 2025, z, cat(5)));
    CHECK(has_no_ceiling(financing::plai, 2025, z, cat(6)));
    CHECK(has_no_ceiling(financing::plai, 2025, z, cat(6, 1)));
    CHECK_FALSE(has_no_ceiling(financing::plai, 2025, z, cat(4)));
  }
}

TEST_CASE("years, financings and categories outside the tables have no ceiling") {
  CHECK(has_no_ceiling(financing::plus, 2023, 1, cat(1)));
  CHECK(has_no_ceiling(financing::plus, 2022, 1, cat(1)));  // only PLAI is bundled for 2022
  CHECK(has_no_ceiling(financing::plus, 2027, 3, cat(2)));
  CHECK(has_no_ceiling(financing::plai, 2024, 2, cat(2)));
  CHECK(has_no_ceiling(financing::plai, 2026, 2, cat(2)));
  CHECK(has_no_ceiling(financing::pls, 2022, 1, cat(1)));  // PLS needs a PLUS row
  for (int year : {2022, 2024, 2025, 2026}) {
    CHECK(has_no_ceiling(financing::pli, year, 1, cat(1)));
  }
  CHECK(has_no_ceiling(financing::plus, 2025, 1, cat(0)));
  CHECK(has_no_ceiling(financing::plus, 2025, 1, cat(7)));
  CHECK(has_no_ceiling(financing::plus, 2025, 1, cat(6, -1)));
}

TEST_CASE("the embedded table covers the bundled years") {
  CHECK(embedded().years() == std::vector<int>{2022, 2024, 2025, 2026});
  CHECK(ceiling_table{}.years().empty());
}

TEST_CASE("PLS ceilings are PLUS times 1.30 rounded half up to the euro") {
  CHECK(ceiling(financing::pls, 2024, 1, cat(1)) == money::euros(33857));  // 33 857.2
  CHECK(ceiling(financing::pls, 2025, 3, cat(2)) == money::euros(40279));  // 40 279.2
  CHECK(ceiling(financing::pls, 2026, 2, cat(5)) == money::euros(89150));  // 89 150.1
  CHECK(ceiling(financing::pls, 2025, 1, cat(2)) == money::euros(51851));  // 51 850.5
  CHECK(ceiling(financing::pls, 2024, 2, cat(2)) == money::euros(50603));  // 50 602.5
  CHECK(ceiling(financing::pls, 2026, 3, cat(4)) == money::euros(58986));  // 58 986.2
}

TEST_CASE("PLS ceilings beyond category 6 scale the PLUS ceiling with its additional persons") {
  // (84 304 + 2 × 9 394) × 1.3 = 134 019.6
  CHECK(ceiling(financing::pls, 2026, 1, cat(6, 2)) == money::euros(134020));
  // (59 636 + 6 652) × 1.3 = 86 174.4
  CHECK(ceiling(financing::pls, 2025, 3, cat(6, 1)) == money::euros(86174));
}

TEST_CASE("a PLS ceiling is rounded once, from the exact PLUS × 1.30") {
  // 1,15 € × 1.3 = 1,495 €: rounds to 1 €, not to 1,50 € and then 2 €.
  ceiling_table t;
  ceiling_row row;
  row.by_category[0] = money::cents(115);
  row.by_category[1] = money::cents(1155);  // 15,015 € -> 15 €
  row.by_category[2] = money::cents(1150);  // 14,95 € -> 15 €
  t.set(financing::plus, 2030, income_zone::zone_1, row);
  CHECK(ceiling(financing::pls, 2030, 1, cat(1), t) == money::euros(1));
  CHECK(ceiling(financing::pls, 2030, 1, cat(2), t) == money::euros(15));
  CHECK(ceiling(financing::pls, 2030, 1, cat(3), t) == money::euros(15));
}

TEST_CASE("rows can be set directly, but PLS cannot since it is derived") {
  ceiling_table t;
  ceiling_row row;
  row.by_category[0] = money::euros(1000);
  t.set(financing::pli, 2030, income_zone::zone_2, row);
  CHECK(ceiling(financing::pli, 2030, 2, cat(1), t) == money::euros(1000));
  CHECK(has_no_ceiling(financing::pli, 2030, 2, cat(2), t));
  CHECK(has_no_ceiling(financing::pli, 2030, 1, cat(1), t));
  CHECK(t.years() == std::vector<int>{2030});
  CHECK_THROWS_AS(t.set(financing::pls, 2030, income_zone::zone_2, row),
                  cotation::invalid_argument);
}

TEST_CASE("the embedded table is the data directory parsed by the same loader") {
  ceiling_table from_disk;
  from_disk.load_directory(std::filesystem::path(COTATION_SOURCE_DIR) / "data" / "ceilings");
  CHECK(from_disk == embedded());
}

TEST_CASE("a ceiling file with comments, blank lines, CRLF and unpublished cells loads") {
  ceiling_table t;
  t.load(good_2030, "test");
  CHECK(ceiling(financing::plus, 2030, 1, cat(6, 2), t) == money::euros(98000));
  CHECK(ceiling(financing::plai, 2030, 3, cat(2), t) == money::euros(20000));
  CHECK(has_no_ceiling(financing::plai, 2030, 3, cat(3), t));

  ceiling_table crlf;
  crlf.load("year 2030\r\nPLUS 2 1 2 3 4 5 6 7\r\n", "crlf");
  CHECK(ceiling(financing::plus, 2030, 2, cat(6, 1), crlf) == money::euros(13));

  ceiling_table no_final_newline;
  no_final_newline.load("year 2030\nPLUS 3 1 2 3 4 5 6 7", "nonl");
  CHECK(ceiling(financing::plus, 2030, 3, cat(1), no_final_newline) == money::euros(1));
}

TEST_CASE("loading a later file for the same year and financing replaces those rows only") {
  ceiling_table t;
  t.load(good_2030, "first");
  t.load("year 2030\nPLUS 1 1 2 3 4 5 6 7\n", "second");
  CHECK(ceiling(financing::plus, 2030, 1, cat(1), t) == money::euros(1));
  CHECK(ceiling(financing::plai, 2030, 3, cat(1), t) == money::euros(15000));
}

TEST_CASE("a malformed ceiling file is rejected with its name, line and a clear reason") {
  struct bad_case {
    const char* text;
    const char* where;
    const char* why;
  };
  const bad_case cases[] = {
      {"year 2030\nPLUS 4 1 2 3 4 5 6 7\n", "bad.txt:2", "zone '4' is not 1, 2 or 3"},
      {"year 2030\nPLUS 0 1 2 3 4 5 6 7\n", "bad.txt:2", "zone '0' is not 1, 2 or 3"},
      {"year 2030\nPLUS A 1 2 3 4 5 6 7\n", "bad.txt:2", "zone 'A' is not 1, 2 or 3"},
      {"year 2030\n\n# c\nPLUS 1 1 x 3 4 5 6 7\n", "bad.txt:4",
       "c2 amount 'x' is not a whole number of euros"},
      {"year 2030\nPLUS 1 1 2 3.5 4 5 6 7\n", "bad.txt:2",
       "c3 amount '3.5' is not a whole number of euros"},
      {"year 2030\nPLUS 1 1 2 3 4 5 6 +7\n", "bad.txt:2",
       "per_person amount '+7' is not a whole number of euros"},
      {"year 2030\nPLUS 1 1 2 3 4 5 6 99999999999999999999\n", "bad.txt:2",
       "per_person amount '99999999999999999999' is not a whole number of euros"},
      {"year 2030\nPLUS 1 1 2 3 4 -5 6 7\n", "bad.txt:2", "c5 amount -5 is negative"},
      {"year 2030\nPLS 1 1 2 3 4 5 6 7\n", "bad.txt:2", "PLS is derived from PLUS"},
      {"year 2030\nPLUSS 1 1 2 3 4 5 6 7\n", "bad.txt:2", "unknown financing 'PLUSS'"},
      {"year 2030\nplus 1 1 2 3 4 5 6 7\n", "bad.txt:2", "unknown financing 'plus'"},
      {"year 2030\nPLUS 1 1 2 3 4 5 6 7\nPLAI 1 1 2 3 4 5 6 7\nPLUS 1 1 2 3 4 5 6 7\n", "bad.txt:4",
       "PLUS zone 1 is given twice"},
      {"year 2030\nPLUS 1 1 2 3 4 5 6\n", "bad.txt:2", "expected 9 fields"},
      {"year 2030\nPLUS 1 1 2 3 4 5 6 7 8\n", "bad.txt:2", "found 10"},
      {"year 2030\nPLUS\n", "bad.txt:2", "found 1"},
      {"PLUS 1 1 2 3 4 5 6 7\n", "bad.txt:1", "the 'year YYYY' line must come before the rows"},
      {"# only a comment\nPLUS 1 1 2 3 4 5 6 7\n", "bad.txt:2",
       "the 'year YYYY' line must come before the rows"},
      {"year 2030\nyear 2031\n", "bad.txt:2", "a second 'year' line"},
      {"year\n", "bad.txt:1", "expected 'year YYYY'"},
      {"year 2030 2031\n", "bad.txt:1", "expected 'year YYYY'"},
      {"year 30\n", "bad.txt:1", "'30' is not a year (1990-2100)"},
      {"year MMXXX\n", "bad.txt:1", "'MMXXX' is not a year"},
      {"", "bad.txt", "missing the 'year YYYY' line"},
      {"# nothing but comments\n\n", "bad.txt", "missing the 'year YYYY' line"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    ceiling_table t;
    try {
      t.load(c.text, "bad.txt");
      FAIL("no exception");
    } catch (const cotation::data_error& e) {
      CHECK(e.where() == c.where);
      CHECK_THAT(e.reason(), Catch::Contains(c.why));
    }
    CHECK(t == ceiling_table{});
  }
}

TEST_CASE("an amount too large to be a ceiling is rejected, not overflowed") {
  ceiling_table t;
  const char* text = "year 2030\nPLUS 1 1 2 3 4 5 6 92233720368547758\n";
  CHECK_THROWS_AS(t.load(text, "huge"), cotation::data_error);
  try {
    t.load(text, "huge");
  } catch (const cotation::data_error& e) {
    CHECK(e.where() == "huge:2");
    CHECK_THAT(e.reason(), Catch::Contains("per_person") && Catch::Contains("too large"));
  }
  CHECK(t == ceiling_table{});
}

TEST_CASE("a failed load leaves the table unchanged") {
  ceiling_table t;
  t.load(good_2030, "good");
  const ceiling_table before = t;
  // The first two rows are fine: they must not be kept either.
  CHECK_THROWS_AS(
      t.load("year 2031\nPLUS 1 1 2 3 4 5 6 7\nPLUS 2 1 2 3 4 5 6 7\nPLUS 9 1 2 3 4 5 6 7\n",
             "bad"),
      cotation::data_error);
  CHECK(t == before);
  CHECK(t.years() == std::vector<int>{2030});
  CHECK(has_no_ceiling(financing::plus, 2031, 1, cat(1), t));
}

TEST_CASE("ceiling files on disk report their path and line") {
  const temp_file bad("bad.txt", "year 2030\nPLUS 1 1 2 3 4 5 6\n");
  ceiling_table t;
  try {
    t.load_file(bad.path);
    FAIL("no exception");
  } catch (const cotation::data_error& e) {
    CHECK(e.where() == bad.path.string() + ":2");
  }
  const auto missing = temp_path("missing.txt");
  try {
    t.load_file(missing);
    FAIL("no exception");
  } catch (const cotation::data_error& e) {
    CHECK(e.where() == missing.string());
    CHECK(e.reason() == "cannot be opened");
  }
  CHECK(t == ceiling_table{});

  const temp_file good("good.txt", good_2030);
  t.load_file(good.path);
  CHECK(ceiling(financing::plus, 2030, 1, cat(1), t) == money::euros(30000));
}

TEST_CASE("a directory with one bad file loads nothing") {
  const auto dir = temp_path("ceilings_dir");
  std::filesystem::create_directory(dir);
  std::ofstream(dir / "2030.txt") << good_2030;
  std::ofstream(dir / "2031.txt") << "year 2031\nPLUS 1 1 2 3 4 5 6 7\nPLUS 5 1 2 3 4 5 6 7\n";
  std::ofstream(dir / "README.md") << "not a table, ignored\n";
  ceiling_table t;
  CHECK_THROWS_AS(t.load_directory(dir), cotation::data_error);
  CHECK(t == ceiling_table{});
  std::filesystem::remove(dir / "2031.txt");
  t.load_directory(dir);
  CHECK(t.years() == std::vector<int>{2030});
  std::filesystem::remove_all(dir);
  CHECK_THROWS_AS(t.load_directory(dir), cotation::data_error);
}

TEST_CASE("a missing ceiling reads as a sentence") {
  const auto r = embedded().lookup(financing::plai, 2025, income_zone::zone_2, cat(6, 1));
  REQUIRE(std::holds_alternative<no_ceiling>(r));
  CHECK(fmt::format("{}", std::get<no_ceiling>(r)) ==
        "no PLAI ceiling for 2025, zone 2, category 6 + 1 person(s)");
}
