// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/grid.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

using namespace cotation;

namespace {

// A load that must fail: the error it raised.
grid_error load_error(std::string_view text) {
  try {
    (void)grid_from_json(text, "test.json");
  } catch (const grid_error& e) {
    return e;
  }
  FAIL("the grid was accepted");
  throw std::logic_error("unreachable");
}

// A grid document around one criterion written by the test.
std::string with_criterion(std::string_view criterion) {
  return fmt::format(R"({{"id": "g", "effective": "2026-01-01", "criteria": [{}]}})", criterion);
}

const char* const dalo_criterion =
    R"({"id": "dalo", "kind": "dalo", "label_fr": "DALO", "label_en": "DALO", "points": 30})";

grid rich_grid() {
  grid g;
  g.id = "rich-2026";
  g.effective = date(2026, 4, 1);
  g.criteria = {
      {"seniority-mean", "Ancienneté (moyenne)", "Seniority (mean)",
       criteria::seniority{seniority_mode::older_than_mean, points{25}}, std::nullopt},
      {"oldest", "Le plus ancien", "The oldest",
       criteria::seniority{seniority_mode::oldest_only, points{5}}, std::string("seniority")},
      {"refusals", "Refus", "Refusals", criteria::applicant_refusals{points{-30}, 6}, std::nullopt},
      {"commission", "Commission", "Commission", criteria::commission_refusals{points{20}, 24},
       std::string("history")},
      {"als", "ALS", "ALS", criteria::als_balancing{points{12}, basis_points{250}, 6},
       std::nullopt},
      {"peec", "PEEC", "PEEC", criteria::employer_peec{points{8}, points{4}}, std::nullopt},
      {"mobility", "Mobilité", "Mobility", criteria::professional_mobility{points{9}, 50, 60},
       std::nullopt},
      {"young", "Jeune", "Young", criteria::age_band{points{7}, 18, 25}, std::nullopt},
      {"hire", "Embauche", "Hire", criteria::new_hire{points{3}, 6}, std::nullopt},
      {"parent", "Parent isolé", "Single parent", criteria::single_parent{points{11}},
       std::string("priorité/urgence~1")},
      {"effort", "Effort", "Effort", criteria::effort_ratio{points{6}, basis_points{3000}},
       std::nullopt},
      {"low", "Ressources", "Resources", criteria::low_resources{points{4}, basis_points{5500}},
       std::nullopt},
      {"housing", "Logement", "Housing", criteria::housing_situation{points{16}},
       std::string("priorité/urgence~1")},
      {"dalo", "DALO", "DALO", criteria::dalo{points{31}}, std::string("priorité/urgence~1")},
      {"violence", "Violences", "Violence", criteria::domestic_violence{points{32}}, std::nullopt},
      {"handicap", "Handicap", "Disability", criteria::disability{points{0}}, std::nullopt},
      {"key", "Travailleur clé", "Key worker", criteria::key_worker{points{-1}}, std::nullopt},
  };
  g.group_caps = {{"priorité/urgence~1", points{35}}, {"history", points{40}}};
  g.total_cap = points{120};
  return g;
}

}  // namespace

TEST_CASE("points print with an explicit sign except zero") {
  CHECK(fmt::format("{}", points{20}) == "+20");
  CHECK(fmt::format("{}", points{-40}) == "-40");
  CHECK(fmt::format("{}", points{0}) == "0");
  CHECK(fmt::format("[{:>4}]", points{5}) == "[  +5]");
}

TEST_CASE("points add, subtract, negate, scale and compare") {
  CHECK(points{20} + points{-40} == points{-20});
  CHECK(points{20} - points{5} == points{15});
  CHECK(-points{40} == points{-40});
  CHECK(points{-40} * 3 == points{-120});
  CHECK(2 * points{15} == points{30});
  CHECK(points{-1} < points{0});
  points p{10};
  p += points{5};
  p -= points{1};
  CHECK(p == points{14});
}

TEST_CASE("the default grid is SPEC 4's table") {
  const grid g = default_grid();
  CHECK(g.id == "alin-default-2026");
  CHECK(g.effective == date(2026, 1, 1));
  CHECK(g.group_caps.empty());
  CHECK_FALSE(g.total_cap);
  REQUIRE(g.criteria.size() == 16);

  std::set<criterion_kind> kinds;
  for (const criterion& c : g.criteria) {
    kinds.insert(c.kind());
    CHECK_FALSE(c.group);
    CHECK_FALSE(c.label_fr.empty());
    CHECK_FALSE(c.label_en.empty());
  }
  CHECK(kinds.size() == 16);  // every kind exactly once

  const auto params = [&](std::string_view id) -> const criterion_parameters& {
    for (const criterion& c : g.criteria) {
      if (c.id == id) return c.parameters;
    }
    FAIL("no criterion " << id);
    throw std::logic_error("unreachable");
  };
  const auto& seniority = std::get<criteria::seniority>(params("seniority"));
  CHECK(seniority.value == points{20});
  CHECK(seniority.mode == seniority_mode::older_than_median);
  const auto& refusals = std::get<criteria::applicant_refusals>(params("applicant_refusals"));
  CHECK(refusals.per_refusal == points{-40});
  CHECK(refusals.window_months == 12);
  const auto& commission = std::get<criteria::commission_refusals>(params("commission_refusals"));
  CHECK(commission.per_refusal == points{40});
  CHECK(commission.window_months == 12);
  const auto& als = std::get<criteria::als_balancing>(params("als_balancing"));
  CHECK(als.value == points{15});
  CHECK(als.tolerance == basis_points{500});
  const auto& peec = std::get<criteria::employer_peec>(params("employer_peec"));
  CHECK(peec.contributing == points{10});
  CHECK(peec.compensated == points{5});
  const auto& mobility = std::get<criteria::professional_mobility>(params("professional_mobility"));
  CHECK(mobility.value == points{15});
  CHECK(mobility.km_above == 70);
  CHECK(mobility.minutes_at_least == 75);
  const auto& age = std::get<criteria::age_band>(params("age_under_30"));
  CHECK(age.value == points{10});
  CHECK(age.min_age == 0);
  CHECK(age.max_age == 29);
  CHECK(std::get<criteria::new_hire>(params("new_hire")).value == points{5});
  CHECK(std::get<criteria::single_parent>(params("single_parent")).value == points{10});
  CHECK(std::get<criteria::effort_ratio>(params("effort_ratio")).above == basis_points{3300});
  CHECK(std::get<criteria::low_resources>(params("low_resources")).at_most == basis_points{6000});
  CHECK(std::get<criteria::housing_situation>(params("housing_situation")).value == points{15});
  CHECK(std::get<criteria::dalo>(params("dalo")).value == points{30});
  CHECK(std::get<criteria::domestic_violence>(params("domestic_violence")).value == points{30});
  CHECK(std::get<criteria::disability>(params("disability")).value == points{10});
  CHECK(std::get<criteria::key_worker>(params("key_worker")).value == points{10});
  CHECK_NOTHROW(compiled_grid(g));
}

TEST_CASE("a criterion's kind is the alternative of its parameters") {
  criterion c{"x", "x", "x", criteria::new_hire{}, std::nullopt};
  CHECK(c.kind() == criterion_kind::new_hire);
  c.parameters = criteria::key_worker{};
  CHECK(c.kind() == criterion_kind::key_worker);
  CHECK(to_string(criterion_kind::als_balancing) == "als_balancing");
  CHECK(fmt::format("{}", criterion_kind::age_band) == "age_band");
  CHECK(fmt::format("{}", seniority_mode::oldest_only) == "oldest_only");
  CHECK(c.label(language::fr) == c.label_fr);
}

TEST_CASE("the default grid round-trips through JSON unchanged") {
  const grid g = default_grid();
  const std::string text = to_json(g);
  const grid back = grid_from_json(text);
  CHECK(back == g);
  CHECK(to_json(back) == text);
}

TEST_CASE("a grid with groups, caps and every parameter round-trips through JSON unchanged") {
  const grid g = rich_grid();
  const std::string text = to_json(g);
  CHECK_THAT(text, Catch::Contains(R"("group_caps": {)"));
  CHECK_THAT(text, Catch::Contains(R"("total_cap": 120)"));
  CHECK_THAT(text, Catch::Contains("priorité"));  // UTF-8 kept as is
  const grid back = grid_from_json(text, "rich.json");
  CHECK(back == g);
  CHECK(to_json(back) == text);
}

TEST_CASE("the grid file shipped in data/grids is the default grid, byte for byte") {
  const std::string path = COTATION_SOURCE_DIR "/data/grids/alin-default-2026.json";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  CHECK(grid_from_json(text.str(), path) == default_grid());
  CHECK(text.str() == to_json(default_grid()));
}

TEST_CASE("a hand-written grid loads with its fields in any order") {
  const grid g = grid_from_json(R"({
    "criteria": [
      {"window_months": 6, "points_per_refusal": -10, "label_en": "Refusals",
       "label_fr": "Refus", "kind": "applicant_refusals", "id": "r", "group": "penalties"}
    ],
    "total_cap": 50,
    "group_caps": {"penalties": 0},
    "effective": "2025-07-01",
    "id": "hand"
  })");
  CHECK(g.id == "hand");
  CHECK(g.effective == date(2025, 7, 1));
  REQUIRE(g.criteria.size() == 1);
  CHECK(g.criteria[0].parameters ==
        criterion_parameters{criteria::applicant_refusals{points{-10}, 6}});
  CHECK(g.criteria[0].group == std::optional<std::string>("penalties"));
  CHECK(g.group_caps.at("penalties") == points{0});
  CHECK(g.total_cap == points{50});
}

TEST_CASE("every invalid grid document is rejected with the JSON pointer of the fault") {
  struct bad {
    std::string text;
    std::string where;
    std::string reason;
  };
  const bad cases[] = {
      {R"({"id": "g", "effective": "2026-01-01", "criteria": [)", "", "malformed JSON"},
      {R"([1, 2])", "", "expected an object"},
      {R"({"id": "g", "effective": "2026-01-01", "criteria": [], "version": 2})", "/version",
       "unknown field"},
      {R"({"effective": "2026-01-01", "criteria": []})", "/id", "missing field"},
      {R"({"id": "", "effective": "2026-01-01", "criteria": []})", "/id", "must not be empty"},
      {R"({"id": "g", "effective": "2026-02-30", "criteria": []})", "/effective", "does not exist"},
      {R"({"id": "g", "effective": 20260101, "criteria": []})", "/effective", "expected a string"},
      {R"({"id": "g", "effective": "2026-01-01", "criteria": {}})", "/criteria",
       "expected an array"},
      {with_criterion(R"("dalo")"), "/criteria/0", "expected an object"},
      {with_criterion(R"({"id": "x", "kind": "seniorty", "label_fr": "a", "label_en": "b"})"),
       "/criteria/0/kind", "unknown criterion kind \"seniorty\""},
      {with_criterion(R"({"id": "x", "label_fr": "a", "label_en": "b", "points": 3})"),
       "/criteria/0/kind", "missing field"},
      {with_criterion(
           R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b", "points": "30"})"),
       "/criteria/0/points", "expected an integer, found a string"},
      {with_criterion(
           R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b", "points": 30.5})"),
       "/criteria/0/points", "expected an integer, found the number 30.5"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b",
                          "points": 3000000000})"),
       "/criteria/0/points", "must be between -100000 and 100000"},
      {with_criterion(R"({"id": "r", "kind": "applicant_refusals", "label_fr": "a",
                          "label_en": "b", "points_per_refusal": -40, "window_months": -12})"),
       "/criteria/0/window_months", "must be between 1 and 120 (got -12)"},
      {with_criterion(R"({"id": "r", "kind": "new_hire", "label_fr": "a",
                          "label_en": "b", "points": 5, "window_months": 0})"),
       "/criteria/0/window_months", "must be between 1 and 120"},
      {with_criterion(R"({"id": "r", "kind": "commission_refusals", "label_fr": "a",
                          "label_en": "b", "points_per_refusal": 40})"),
       "/criteria/0/window_months", "missing field"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "a", "points": 30})"),
       "/criteria/0/label_en", "missing field"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "", "label_en": "b",
                          "points": 30})"),
       "/criteria/0/label_fr", "must not be empty"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b",
                          "points": 30, "colour": "red"})"),
       "/criteria/0/colour", "unknown field"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b",
                          "points": 30, "window_months": 12})"),
       "/criteria/0/window_months", "unknown field"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b",
                          "points": 30, "points": 40})"),
       "/criteria/0/points", "duplicate key"},
      {with_criterion(R"({"id": "d", "kind": "dalo", "label_fr": "a", "label_en": "b",
                          "points": 30, "group": null})"),
       "/criteria/0/group", "expected a string, found null"},
      {with_criterion(R"({"id": "s", "kind": "seniority", "label_fr": "a", "label_en": "b",
                          "points": 20, "mode": "older_than_everyone"})"),
       "/criteria/0/mode", "unknown seniority mode"},
      {with_criterion(R"({"id": "a", "kind": "age_band", "label_fr": "a", "label_en": "b",
                          "points": 10, "min_age": 30, "max_age": 29})"),
       "/criteria/0/max_age", "below min_age"},
      {with_criterion(R"({"id": "a", "kind": "als_balancing", "label_fr": "a", "label_en": "b",
                          "points": 15, "tolerance_bp": 10001, "window_months": 12})"),
       "/criteria/0/tolerance_bp", "must be between 0 and 10000"},
      {with_criterion(R"({"id": "m", "kind": "professional_mobility", "label_fr": "a",
                          "label_en": "b", "points": 15, "km_above": -1,
                          "minutes_at_least": 75})"),
       "/criteria/0/km_above", "must be between 0"},
      {fmt::format(R"({{"id": "g", "effective": "2026-01-01", "criteria": [{}, {}]}})",
                   dalo_criterion, dalo_criterion),
       "/criteria/1/id", "duplicate criterion id \"dalo\" (first at /criteria/0)"},
      {fmt::format(R"({{"id": "g", "effective": "2026-01-01", "criteria": [{}],
                        "group_caps": {{"nope": 10}}}})",
                   dalo_criterion),
       "/group_caps/nope", "which no criterion belongs to"},
      {fmt::format(R"({{"id": "g", "effective": "2026-01-01", "criteria": [{}],
                        "group_caps": {{"a/b": 10}}}})",
                   dalo_criterion),
       "/group_caps/a~1b", "which no criterion belongs to"},
      {fmt::format(R"({{"id": "g", "effective": "2026-01-01", "criteria": [{}],
                        "total_cap": -5}})",
                   dalo_criterion),
       "/total_cap", "must not be negative"},
      {fmt::format(R"({{"id": "g", "effective": "2026-01-01", "criteria": [{}],
                        "total_cap": "100"}})",
                   dalo_criterion),
       "/total_cap", "expected an integer"},
  };
  for (const bad& b : cases) {
    INFO(b.text);
    const grid_error e = load_error(b.text);
    CHECK(e.where() == b.where);
    CHECK_THAT(e.reason(), Catch::Contains(b.reason));
    CHECK(e.source() == "test.json");
    CHECK_THAT(std::string(e.what()), Catch::StartsWith("test.json"));
  }
}

TEST_CASE("a grid built in code is validated when compiled, with the same pointers") {
  grid g = default_grid();
  g.criteria[3].id = g.criteria[1].id;
  try {
    const compiled_grid compiled(g);
    FAIL("the grid was accepted");
  } catch (const grid_error& e) {
    CHECK(e.where() == "/criteria/3/id");
    CHECK(e.source() == "alin-default-2026");
    CHECK(std::string(e.what()) ==
          "alin-default-2026 at /criteria/3/id: duplicate criterion id \"applicant_refusals\" "
          "(first at /criteria/1)");
  }

  g = default_grid();
  std::get<criteria::new_hire>(g.criteria[7].parameters).window_months = -1;
  CHECK_THROWS_AS(validate(g), grid_error);

  g = default_grid();
  g.criteria[0].label_en = "\xC3(";  // not UTF-8
  try {
    validate(g);
    FAIL("the grid was accepted");
  } catch (const grid_error& e) {
    CHECK(e.where() == "/criteria/0/label_en");
    CHECK(e.reason() == "is not valid UTF-8");
  }

  g = default_grid();
  g.effective = date();
  CHECK_THROWS_AS(validate(g), grid_error);
}

TEST_CASE("a compiled grid resolves groups to indices, attaches caps and finds the ALS window") {
  const compiled_grid g(rich_grid());
  REQUIRE(g.size() == 17);
  CHECK(g.at(0).id == "seniority-mean");
  CHECK(g.als_window_months() == 6);
  REQUIRE(g.group_count() == 3);
  CHECK(g.group_name(0) == "seniority");
  CHECK(g.group_name(1) == "history");
  CHECK(g.group_name(2) == "priorité/urgence~1");
  const auto compiled = g.compiled();
  CHECK(compiled[0].group == -1);
  CHECK(compiled[1].group == 0);
  CHECK_FALSE(compiled[1].group_cap);
  CHECK(compiled[3].group == 1);
  CHECK(compiled[3].group_cap == points{40});
  CHECK(compiled[13].group == 2);
  CHECK(compiled[13].group_cap == points{35});

  grid no_als = default_grid();
  no_als.criteria.erase(no_als.criteria.begin() + 3);
  CHECK_FALSE(compiled_grid(no_als).als_window_months());
}
