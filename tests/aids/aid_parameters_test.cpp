// SPDX-License-Identifier: MIT
#include <cotation/aid_parameters.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

using cotation::aid_parameters;
using cotation::basis_points;
using cotation::data_error;
using cotation::date;
using cotation::dated;
using cotation::money;

namespace {

date d(int y, int m, int day) {
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}

/// Loads `text` into a copy of the embedded parameters; returns the error's place and reason.
std::pair<std::string, std::string> load_error(std::string_view text) {
  aid_parameters p = aid_parameters::embedded();
  try {
    p.load(text, "test.txt");
  } catch (const data_error& e) {
    CHECK(p == aid_parameters::embedded());  // all or nothing
    return {e.where(), e.reason()};
  }
  FAIL("no data_error for:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("a dated value holds from its start, inclusive, to its end, exclusive") {
  const dated<int> v{{d(2024, 1, 1), d(2024, 11, 1), 1}, {d(2024, 11, 1), std::nullopt, 2}};
  CHECK_FALSE(v.at(d(2023, 12, 31)).has_value());
  CHECK(v.at(d(2024, 1, 1)) == 1);
  CHECK(v.at(d(2024, 10, 31)) == 1);
  CHECK(v.at(d(2024, 11, 1)) == 2);
  CHECK(v.at(d(2100, 1, 1)) == 2);
  CHECK(v.period_at(d(2024, 11, 1))->from == d(2024, 11, 1));
}

TEST_CASE("a dated value keeps its periods in order, an open start first") {
  dated<int> v;
  v.add({d(2025, 1, 1), std::nullopt, 3});
  v.add({std::nullopt, d(2020, 1, 1), 1});
  v.add({d(2020, 1, 1), d(2025, 1, 1), 2});
  REQUIRE(v.periods().size() == 3);
  CHECK(v.periods()[0].value == 1);
  CHECK(v.periods()[1].value == 2);
  CHECK(v.periods()[2].value == 3);
  CHECK(v.at(d(1900, 1, 1)) == 1);
  CHECK(dated<int>(7).at(d(1900, 1, 1)) == 7);
}

TEST_CASE("a dated value rejects overlapping or empty periods") {
  dated<int> v{{d(2024, 1, 1), d(2024, 11, 1), 1}};
  CHECK_THROWS_AS(v.add({d(2024, 10, 31), std::nullopt, 2}), cotation::invalid_argument);
  CHECK_THROWS_AS(v.add({std::nullopt, d(2024, 1, 2), 2}), cotation::invalid_argument);
  CHECK_THROWS_AS(v.add({d(2025, 1, 1), d(2025, 1, 1), 2}), cotation::invalid_argument);
  CHECK_NOTHROW(v.add({std::nullopt, d(2024, 1, 1), 0}));  // touching is not overlapping
  CHECK(v.periods().size() == 2);
}

TEST_CASE("the embedded parameters define every parameter") {
  cotation::for_each_parameter(aid_parameters::embedded(),
                               [](std::string_view name, const auto& v) {
                                 INFO(name);
                                 CHECK_FALSE(v.periods().empty());
                               });
}

TEST_CASE("the embedded SMIC follows the published revaluations") {
  const auto& smic = aid_parameters::embedded().smic_gross_monthly;
  CHECK_FALSE(smic.at(d(2022, 12, 31)).has_value());
  CHECK(smic.at(d(2023, 1, 1)) == money::cents(170928));
  CHECK(smic.at(d(2023, 4, 30)) == money::cents(170928));
  CHECK(smic.at(d(2023, 5, 1)) == money::cents(174720));
  CHECK(smic.at(d(2023, 12, 31)) == money::cents(174720));
  CHECK(smic.at(d(2024, 1, 1)) == money::cents(176692));
  CHECK(smic.at(d(2024, 2, 15)) == money::cents(176692));
  CHECK(smic.at(d(2024, 10, 31)) == money::cents(176692));
  CHECK(smic.at(d(2024, 11, 1)) == money::cents(180180));
  CHECK(smic.at(d(2025, 1, 1)) == money::cents(180180));  // anticipated in November 2024
  CHECK(smic.at(d(2025, 12, 31)) == money::cents(180180));
  CHECK(smic.at(d(2026, 1, 1)) == money::cents(182303));
}

TEST_CASE("the embedded switches fall on 1 July 2023 and 15 February 2024") {
  const auto& p = aid_parameters::embedded();
  CHECK(p.mobili_pass.available.at(d(2023, 6, 30)) == true);
  CHECK(p.mobili_pass.available.at(d(2023, 7, 1)) == false);
  CHECK_FALSE(p.mobili_jeune.max_salary_share_of_smic.at(d(2024, 2, 14)).has_value());
  CHECK(p.mobili_jeune.max_salary_share_of_smic.at(d(2024, 2, 15)) == basis_points{8000});
}

TEST_CASE("the embedded defaults are the SPEC 7 values") {
  const auto& p = aid_parameters::embedded();
  const date at = d(2025, 3, 10);
  CHECK(p.visale.max_rent_ile_de_france.at(at) == money::euros(1500));
  CHECK(p.visale.max_rent_elsewhere.at(at) == money::euros(1300));
  CHECK(p.visale.max_rent_student_ile_de_france.at(at) == money::euros(800));
  CHECK(p.visale.max_rent_student_elsewhere.at(at) == money::euros(600));
  CHECK(p.visale.max_rent_share.at(at) == basis_points{5000});
  CHECK(p.visale.covered_months.at(at) == 36);
  CHECK(p.loca_pass.max_amount.at(at) == money::euros(1200));
  CHECK(p.loca_pass.min_instalment.at(at) == money::euros(20));
  CHECK(p.loca_pass.max_instalments.at(at) == 25);
  CHECK(p.mobili_jeune.months.at(at) == 12);
  CHECK(p.mobili_pass.max_amount_tight_zones.at(at) == money::euros(2200));
  CHECK(p.mobili_pass.max_amount_other_zones.at(at) == money::euros(1900));
}

TEST_CASE("the data files on disk are the embedded parameters") {
  aid_parameters p;
  p.load_directory(std::filesystem::path(COTATION_SOURCE_DIR) / "data" / "aids");
  CHECK(p == aid_parameters::embedded());
}

TEST_CASE("a loaded text replaces the history of the parameters it names, and only those") {
  aid_parameters p = aid_parameters::embedded();
  p.load(
      "# Visale's cap outside Île-de-France raised in 2026\n"
      "visale.max_rent_elsewhere  -           2026-01-01  1300\n"
      "visale.max_rent_elsewhere  2026-01-01  -           1400.50\n",
      "raise.txt");
  CHECK(p.visale.max_rent_elsewhere.at(d(2025, 12, 31)) == money::euros(1300));
  CHECK(p.visale.max_rent_elsewhere.at(d(2026, 1, 1)) == money::cents(140050));
  CHECK(p.visale.max_rent_elsewhere.periods().size() == 2);
  CHECK(p.visale.max_rent_ile_de_france ==
        aid_parameters::embedded().visale.max_rent_ile_de_france);
  CHECK(p.smic_gross_monthly == aid_parameters::embedded().smic_gross_monthly);
}

TEST_CASE("values are read as euros, whole numbers, percentages or yes/no") {
  aid_parameters p;
  p.load(
      "smic.gross_monthly            -  -  1766.9\n"
      "mobili_jeune.max_salary_share_of_smic  -  -  33.33%\n"
      "mobili_pass.available         -  -  no\n"
      "visale.covered_months         -  -  0\n",
      "values.txt");
  const date at = d(2025, 1, 1);
  CHECK(p.smic_gross_monthly.at(at) == money::cents(176690));
  CHECK(p.mobili_jeune.max_salary_share_of_smic.at(at) == basis_points{3333});
  CHECK(p.mobili_pass.available.at(at) == false);
  CHECK(p.visale.covered_months.at(at) == 0);
  CHECK(p.visale.max_age.periods().empty());
}

TEST_CASE("a malformed parameter file is rejected with its line and reason") {
  SECTION("unknown parameter") {
    const auto [where, why] = load_error("# header\n\nvisale.max_rent  -  -  1500\n");
    CHECK(where == "test.txt:3");
    CHECK(why == "unknown parameter 'visale.max_rent'");
  }
  SECTION("missing field") {
    const auto [where, why] = load_error("visale.max_age  -  30\n");
    CHECK(where == "test.txt:1");
    CHECK(why == "expected 4 fields (name from to value), found 3");
  }
  SECTION("impossible date") {
    const auto [where, why] = load_error("visale.max_age  2025-02-30  -  30\n");
    CHECK(where == "test.txt:1");
    CHECK_THAT(why, Catch::Contains("'from' date") && Catch::Contains("2025-02-30"));
  }
  SECTION("a period ending before it starts") {
    const auto [where, why] = load_error("visale.max_age  2025-01-01  2025-01-01  30\n");
    CHECK(where == "test.txt:1");
    CHECK_THAT(why, Catch::Contains("ends on 2025-01-01"));
  }
  SECTION("overlapping periods") {
    const auto [where, why] = load_error(
        "smic.gross_monthly  2024-01-01  2024-11-01  1766.92\n"
        "smic.gross_monthly  2024-10-01  -           1801.80\n");
    CHECK(where == "test.txt:2");
    CHECK(why ==
          "smic.gross_monthly: the period [2024-10-01, until further notice) overlaps "
          "[2024-01-01, 2024-11-01)");
  }
  SECTION("French decimal comma") {
    const auto [where, why] = load_error("smic.gross_monthly  -  -  1766,92\n");
    CHECK(where == "test.txt:1");
    CHECK_THAT(why, Catch::StartsWith("smic.gross_monthly: '1766,92' is not an amount in euros"));
  }
  SECTION("three decimals") {
    CHECK(load_error("smic.gross_monthly  -  -  1766.925\n").first == "test.txt:1");
  }
  SECTION("negative amount") {
    CHECK(load_error("loca_pass.max_amount  -  -  -1200\n").first == "test.txt:1");
  }
  SECTION("percentage without the sign") {
    const auto [where, why] = load_error("visale.max_rent_share  -  -  50\n");
    CHECK(where == "test.txt:1");
    CHECK_THAT(why, Catch::Contains("is not a percentage"));
  }
  SECTION("not yes or no") {
    CHECK(load_error("mobili_pass.available  -  -  true\n").second ==
          "mobili_pass.available: 'true' is not 'yes' or 'no'");
  }
  SECTION("a fractional count") {
    CHECK(load_error("visale.covered_months  -  -  36.5\n").second ==
          "visale.covered_months: '36.5' is not a whole number (0 or more)");
  }
  SECTION("no instalment at all") {
    CHECK(load_error("loca_pass.max_instalments  -  -  0\n").first == "test.txt:1");
  }
  SECTION("an error after good lines changes nothing") {
    const auto [where, why] = load_error(
        "visale.covered_months  -  -  48\n"
        "visale.max_age         -  -  thirty\n");
    CHECK(where == "test.txt:2");
  }
}

TEST_CASE("a parameter given by two files of a directory is rejected") {
  const auto dir = std::filesystem::temp_directory_path() / "cotation_aid_parameters_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.txt") << "visale.max_age  -  -  30\n";
  std::ofstream(dir / "b.txt") << "# again\nvisale.max_age  -  -  35\n";
  aid_parameters p = aid_parameters::embedded();
  try {
    p.load_directory(dir);
    FAIL("no data_error");
  } catch (const data_error& e) {
    CHECK(e.where() == (dir / "b.txt").string() + ":2");
    CHECK_THAT(e.reason(), Catch::Contains("'visale.max_age' is already given by") &&
                               Catch::Contains("a.txt:1"));
  }
  CHECK(p == aid_parameters::embedded());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a missing parameter file is a data error naming it") {
  aid_parameters p;
  CHECK_THROWS_AS(p.load_file("/nonexistent/aids.txt"), data_error);
}
