// SPDX-License-Identifier: MIT
// The applicant commands (`chances`, `thresholds`, `explain --against`, `explain --legal`) on
// tests/cli/data/advice.json, a data set whose numbers are worked out by hand below from SPEC 4
// and 5, and the privacy of every output meant for an applicant.
//
// The data set (every request a family of three, 2023 income under the PLUS 2025 zone 1
// category 3 ceiling of 52 284 €, a valid dossier, Paris wished):
//   A 075092400001ABCDEA filed 2024-09-01, 40 000 €          (no criterion)
//   B 075092400002ABCDEB filed 2023-01-10, 41 000 €, key worker (+10)
//   C 075092400003ABCDEC filed 2024-01-15, 42 000 €, key worker (+10)
//   D 075092400004ABCDED filed 2022-05-01, 43 000 €          (no criterion)
//   E 075092400005ABCDEE filed 2021-01-01, 60 000 € > 52 284 €: never eligible
//   N 075092400006ABCDEN filed 2020-01-01, 44 000 €          (no criterion)
// Offers (PLUS, 800 € + 100 €): O-0 75115 T2 closed 2025-02-08 (A B C D N positioned); O-1 75056
// T3 and O-2 75056 T3 open 2025-03-01 to 2025-03-08 (O-1: A B C D E; O-2: D).
// Seniority (+20): filed before more than half of the other candidates.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "browser.hpp"
#include "cli.hpp"

namespace {

const std::filesystem::path source_dir = COTATION_SOURCE_DIR;
const std::string data = (source_dir / "tests" / "cli" / "data" / "advice.json").string();

const std::string A = "075092400001ABCDEA";
const std::string B = "075092400002ABCDEB";
const std::string C = "075092400003ABCDEC";
const std::string D = "075092400004ABCDED";
const std::string E = "075092400005ABCDEE";
const std::string N = "075092400006ABCDEN";

struct outcome {
  int code = -1;
  std::string out;
  std::string err;
};

outcome run(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  outcome o;
  o.code = cotation::cli::run(args, out, err);
  o.out = out.str();
  o.err = err.str();
  return o;
}

nlohmann::json run_json(std::vector<std::string> args) {
  args.emplace_back("--format");
  args.emplace_back("json");
  const outcome o = run(args);
  INFO(o.err);
  REQUIRE(o.code == 0);
  return nlohmann::json::parse(o.out);
}

const nlohmann::json& offer_in(const nlohmann::json& list, const std::string& id) {
  for (const auto& x : list) {
    if (x.at("offer") == id) return x;
  }
  FAIL("no offer " << id);
  return list;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// N on O-1 (A B C D positioned, E not eligible): with N the 5 candidates each have 4 others.
// N older than all 4 → 20. B: A and C later (2 of 4, not more than half) → loses seniority → 10.
// D: A, B, C later → 20. C: A later → 10. A → 0. Order N 20 (2020) > D 20 (2022) > B 10 (2023)
// > C 10 (2024) > A 0: N 1st; the 3rd of the others is C with 10: N is 10 ahead.
// N on O-2 (D alone): N older than D → 20, D → 0: N 1st of 2, no 3rd to beat.
TEST_CASE("chances lists every open offer with the would-be rank, best chance first") {
  const auto j =
      run_json({"chances", data, "--request", N, "--date", "2025-03-04", "--since", "2025-01-01"});
  const auto& open = j.at("open_offers");
  REQUIRE(open.size() == 2);
  // Both 1st; the free place (no 3rd to beat) comes first.
  CHECK(open[0].at("offer") == "O-2");
  CHECK(open[1].at("offer") == "O-1");
  const auto& o1 = offer_in(open, "O-1");
  CHECK(o1.at("eligible") == true);
  CHECK(o1.at("positioned") == false);
  CHECK(o1.at("rank") == 1);
  CHECK(o1.at("score") == 20);
  CHECK(o1.at("third_score") == 10);
  CHECK(o1.at("margin") == 10);
  CHECK(o1.at("candidate_count") == 5);
  CHECK(o1.at("eligible_count") == 5);  // A B C D N; not E
  CHECK(o1.at("days_left") == 4);       // 2025-03-08 − 2025-03-04
  CHECK(o1.at("shortlisted") == true);
  const auto& o2 = offer_in(open, "O-2");
  CHECK(o2.at("rank") == 1);
  CHECK(o2.at("score") == 20);
  CHECK(o2.at("third_score").is_null());
  CHECK(o2.at("candidate_count") == 2);
}

TEST_CASE("chances shows a positioned applicant's actual rank and an ineligible one's reasons") {
  // A on O-1 (ranked B 30, D 20, C 10, A 0): 4th, 10 short of C; on O-2 with D: 2nd of 2.
  const auto a = run_json({"chances", data, "--request", A, "--date", "2025-03-04"});
  const auto& o1 = offer_in(a.at("open_offers"), "O-1");
  CHECK(o1.at("positioned") == true);
  CHECK(o1.at("rank") == 4);
  CHECK(o1.at("margin") == -10);
  CHECK(o1.at("shortlisted") == false);
  const auto& o2 = offer_in(a.at("open_offers"), "O-2");
  CHECK(o2.at("rank") == 2);
  CHECK(o2.at("shortlisted") == true);
  // E: 60 000 € over the ceiling, on both offers.
  const auto e = run_json({"chances", data, "--request", E, "--date", "2025-03-04"});
  for (const auto& o : e.at("open_offers")) {
    CHECK(o.at("eligible") == false);
    REQUIRE(o.at("reasons").size() == 1);
    CHECK(o.at("reasons")[0].at("reason") == "over_income_ceiling");
  }
}

// O-0 closed 2025-02-08 with A B C D N: seniority among 5 (4 others, more than 2 later): N 20,
// D 20 (A B C later), B 10 (A C later: 2), C 10, A 0 → N, D, B presented; last: B, 10 points,
// filed 2023-01-10. A newcomer earns the seniority when filed before the median of the five
// dates, 2023-01-10. Scores 0 10 10 20 20: bins [0,10) 1, [10,20) 2, [20,30) 2; median 10.
TEST_CASE("thresholds publishes the last presented score and date and the distribution") {
  const auto j = run_json({"thresholds", data, "--date", "2025-03-31"});
  const auto& offers = j.at("offers");
  REQUIRE(offers.size() == 3);
  const auto& o0 = offer_in(offers, "O-0");
  CHECK(o0.at("eligible_count") == 5);
  CHECK(o0.at("candidate_count") == 5);
  CHECK(o0.at("presented") == 3);
  CHECK(o0.at("last_score") == 10);
  CHECK(o0.at("last_filing_date") == "2023-01-10");
  CHECK(o0.at("seniority_before") == "2023-01-10");
  const auto& d = o0.at("distribution");
  CHECK(d.at("withheld") == false);
  CHECK(d.at("median") == 10);
  CHECK(d.at("bins") ==
        nlohmann::json::parse(
            R"([{"from":0,"count":1},{"from":10,"count":2},{"from":20,"count":2}])"));
  // O-1: B 30, D 20, C 10, A 0 → last presented C, 10, 2024-01-15; 4 candidates: withheld.
  const auto& o1 = offer_in(offers, "O-1");
  CHECK(o1.at("last_score") == 10);
  CHECK(o1.at("last_filing_date") == "2024-01-15");
  CHECK(o1.at("distribution").at("withheld") == true);
  CHECK_FALSE(o1.at("distribution").contains("bins"));
  // O-2: D alone (no other to be older than) → 0 points, fewer candidates than places.
  const auto& o2 = offer_in(offers, "O-2");
  CHECK(o2.at("candidate_count") == 1);
  CHECK(o2.at("presented") == 1);
  CHECK(o2.at("last_score") == 0);
  // Before O-0 closes there is nothing to publish.
  CHECK(run_json({"thresholds", data, "--date", "2025-01-31"}).at("offers").empty());
  CHECK(run({"thresholds", data, "--date", "2025-03-04", "--offer", "O-1"}).code == 2);
}

// Against the thresholds of O-0 (last presented 10 points, filed 2023-01-10; seniority before
// 2023-01-10): D 20 (2022-05-01 is earlier) → reached; A 0 → missed; C 10 (the same score,
// filed 2024-01-15, later) → missed.
TEST_CASE("chances tells where the score would have reached the shortlist, by commune") {
  const auto d =
      run_json({"chances", data, "--request", D, "--date", "2025-03-04", "--since", "2025-01-01"});
  const auto& closed = d.at("closed_offers");
  REQUIRE(closed.at("offers").size() == 1);
  CHECK(closed.at("offers")[0].at("outcome") == "reached");
  CHECK(closed.at("offers")[0].at("score") == 20);
  CHECK(closed.at("by_commune")[0].at("key") == "75115");
  CHECK(closed.at("by_commune")[0].at("reached") == 1);
  CHECK(closed.at("by_typology")[0].at("key") == "T2");
  const auto a =
      run_json({"chances", data, "--request", A, "--date", "2025-03-04", "--since", "2025-01-01"});
  CHECK(a.at("closed_offers").at("offers")[0].at("outcome") == "missed");
  CHECK(a.at("closed_offers").at("by_commune")[0].at("reached") == 0);
  const auto c =
      run_json({"chances", data, "--request", C, "--date", "2025-03-04", "--since", "2025-01-01"});
  CHECK(c.at("closed_offers").at("offers")[0].at("outcome") == "missed");
  CHECK(c.at("closed_offers").at("offers")[0].at("score") == 10);
  // A period after the date is refused.
  CHECK(run({"chances", data, "--request", A, "--date", "2025-03-04", "--since", "2025-04-01"})
            .code == 2);
}

// O-1 ranked at its close: B 30, D 20, C 10, A 0 (E not eligible).
TEST_CASE("explain --against shows the criteria that differ and the deciding key, anonymously") {
  const auto c = run_json({"explain", data, "--offer", "O-1", "--request", C, "--against", "above",
                           "--against", "shortlist"});
  CHECK(c.at("rank") == 3);
  CHECK(c.at("score") == 10);
  const auto& above = c.at("above");
  CHECK(above.at("rank") == 2);  // D
  CHECK(above.at("score") == 20);
  CHECK(above.at("decided_by") == "score");
  CHECK(
      above.at("criteria") ==
      nlohmann::json::parse(
          R"([{"criterion":"seniority","label":"Ancienneté de la demande supérieure à celle des autres candidats","yours":0,"theirs":20},
                                  {"criterion":"key_worker","label":"Travailleur clé","yours":10,"theirs":0}])"));
  // C is presented: compared with the first one not presented, A (4th, 0): key worker only.
  const auto& edge = c.at("shortlist");
  CHECK(edge.at("rank") == 4);
  CHECK(edge.at("before_you") == false);
  CHECK(edge.at("criteria").size() == 1);
  CHECK(edge.at("criteria")[0].at("criterion") == "key_worker");
  // On O-0 (N 20, D 20, B 10, C 10, A 0): D is behind N on the filing date alone.
  const auto d =
      run_json({"explain", data, "--offer", "O-0", "--request", D, "--against", "above"});
  CHECK(d.at("above").at("rank") == 1);
  CHECK(d.at("above").at("decided_by") == "filing_date");
  CHECK(d.at("above").at("filing_date") == "2020-01-01");
  CHECK(d.at("above").at("criteria").empty());
  CHECK(d.at("distribution").at("withheld") == false);  // 5 candidates
  // The first has nobody above.
  const auto b =
      run_json({"explain", data, "--offer", "O-1", "--request", B, "--against", "above"});
  CHECK(b.at("above").is_null());
  // Text, in English.
  const outcome text = run(
      {"explain", data, "--offer", "O-1", "--request", C, "--against", "above", "--lang", "en"});
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Catch::Contains("Rank 3 of 4 candidates, score 10"));
  CHECK_THAT(text.out, Catch::Contains("the candidate ranked 2, score 20"));
  CHECK_THAT(text.out, Catch::Contains("not published (fewer than 5 candidates)"));
}

TEST_CASE("explain --legal gives the four items of R311-3-1-2 as applied to the person") {
  // C on O-1: 3rd of 4, presented; key worker +10, seniority 0 (only A filed later: 1 of 3).
  const auto j = run_json({"explain", data, "--offer", "O-1", "--request", C, "--legal"});
  CHECK(j.at("contribution").at("places") == 3);
  CHECK(j.at("contribution").at("rank") == 3);
  CHECK(j.at("contribution").at("shortlisted") == true);
  CHECK(j.at("parameters").at("grid") == "alin-default-2026");
  CHECK(j.at("parameters").at("score") == 10);
  const auto points_of = [&](const std::string& id) {
    for (const auto& c : j.at("parameters").at("criteria")) {
      if (c.at("criterion") == id) return c.at("points");
    }
    return nlohmann::json();
  };
  CHECK(points_of("key_worker") == 10);
  CHECK(points_of("seniority") == 0);
  CHECK(points_of("dalo") == 0);
  CHECK(j.at("parameters").at("criteria").size() == 16);  // every criterion of SPEC 4
  bool income_listed = false;
  for (const auto& f : j.at("data").at("fields")) {
    if (f.at("field") == "reference_income") {
      income_listed = true;
      CHECK(f.at("value") == "42 000 € (2023)");  // C's own
    }
  }
  CHECK(income_listed);
  for (const auto& c : j.at("operations").at("eligibility")) CHECK(c.at("passed") == true);
  // E is not eligible: over the ceiling, not scored.
  const auto e = run_json({"explain", data, "--offer", "O-1", "--request", E, "--legal"});
  CHECK(e.at("contribution").at("eligible") == false);
  CHECK_FALSE(e.at("parameters").contains("score"));
  bool ceiling_failed = false;
  for (const auto& c : e.at("operations").at("eligibility")) {
    if (c.at("condition") == "over_income_ceiling") ceiling_failed = c.at("passed") == false;
  }
  CHECK(ceiling_failed);
  // French text by default, the four items in order.
  const outcome text = run({"explain", data, "--offer", "O-1", "--request", C, "--legal"});
  CHECK(text.code == 0);
  const auto p1 = text.out.find("1. Le degré et le mode de contribution");
  const auto p2 = text.out.find("2. Les données traitées et leurs sources");
  const auto p3 = text.out.find("3. Les paramètres de traitement et leur pondération");
  const auto p4 = text.out.find("4. Les opérations effectuées");
  CHECK(p1 < p2);
  CHECK(p2 < p3);
  CHECK(p3 < p4);
  CHECK(p4 != std::string::npos);
  CHECK_THAT(text.out, Catch::Contains("Votre score : 10 points"));
}

namespace {

/// Every form an income of `euros` could take in an output.
std::vector<std::string> income_forms(int euros) {
  const int thousands = euros / 1000;
  const std::string rest = fmt::format("{:03}", euros % 1000);
  return {fmt::format("{}{}", thousands, rest),       fmt::format("{} {}", thousands, rest),
          fmt::format("{}\u202f{}", thousands, rest), fmt::format("{}\u00a0{}", thousands, rest),
          fmt::format("{},{}", thousands, rest),      fmt::format("{}.{}", thousands, rest)};
}

}  // namespace

TEST_CASE("no output meant for an applicant carries another request's number or income") {
  const auto tmp = std::filesystem::temp_directory_path() / "cotation-advice-privacy.html";
  struct other {
    std::string number;
    int income;
  };
  // Seen by A (40 000 €): the others' numbers and incomes must never appear.
  const std::vector<other> others{{B, 41000}, {C, 42000}, {D, 43000}, {E, 60000}, {N, 44000}};
  std::vector<std::vector<std::string>> commands;
  for (const std::string lang : {"fr", "en"}) {
    for (const std::string format : {"table", "json"}) {
      const std::vector<std::string> common{"--lang", lang, "--format", format};
      const auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), common.begin(), common.end());
        commands.push_back(args);
      };
      with({"chances", data, "--request", A, "--date", "2025-03-04", "--since", "2025-01-01"});
      with({"thresholds", data, "--date", "2025-03-31"});
      for (const std::string offer : {"O-0", "O-1", "O-2"}) {
        with({"explain", data, "--offer", offer, "--request", A, "--against", "above", "--against",
              "shortlist"});
        with({"explain", data, "--offer", offer, "--request", A, "--legal"});
      }
    }
    for (const std::string offer : {"O-0", "O-1", "O-2"}) {
      commands.push_back({"explain", data, "--offer", offer, "--request", A, "--legal", "--lang",
                          lang, "-o", tmp.string()});
    }
  }
  std::size_t scanned = 0;
  for (const auto& args : commands) {
    const outcome o = run(args);
    std::string output = o.out;
    if (std::find(args.begin(), args.end(), "-o") != args.end()) output = read_text(tmp);
    INFO(fmt::format("cotation {}", fmt::join(args, " ")));
    REQUIRE(o.code == 0);
    REQUIRE_FALSE(output.empty());
    for (const other& x : others) {
      CHECK(output.find(x.number) == std::string::npos);
      for (const std::string& form : income_forms(x.income)) {
        CHECK(output.find(form) == std::string::npos);
      }
    }
    ++scanned;
  }
  std::filesystem::remove(tmp);
  CHECK(scanned == 38);  // 2 languages × 2 formats × 8 commands, and 2 × 3 HTML pages
  // The check itself can fail: A's own number and income are in its legal explanation.
  const outcome own = run({"explain", data, "--offer", "O-1", "--request", A, "--legal"});
  CHECK(own.out.find(A) != std::string::npos);
  CHECK(own.out.find("40 000") != std::string::npos);
}

TEST_CASE("the legal page and the offer's thresholds read right in a browser") {
  const auto dir = std::filesystem::temp_directory_path();
  const auto legal = dir / "cotation-advice-legal.html";
  const auto report = dir / "cotation-advice-report.html";
  REQUIRE(run({"explain", data, "--offer", "O-1", "--request", C, "--legal", "-o", legal.string()})
              .code == 0);
  REQUIRE(run({"report", data, "--offer", "O-0", "-o", report.string()}).code == 0);
  const auto legal_text = cotation::testing::browser_file_text(legal);
  const auto report_text = cotation::testing::browser_file_text(report);
  std::filesystem::remove(legal);
  std::filesystem::remove(report);
  if (!legal_text || !report_text) {
    WARN(
        "chromium is not installed: the pages were not rendered (bash cmake/install-deps.sh "
        "chromium)");
    return;
  }
  // The four items, C's score (key worker 10), in French.
  CHECK_THAT(*legal_text,
             Catch::Contains("1. Le degré et le mode de contribution du traitement algorithmique"));
  CHECK_THAT(*legal_text, Catch::Contains("2. Les données traitées et leurs sources"));
  CHECK_THAT(*legal_text, Catch::Contains("3. Les paramètres de traitement et leur pondération"));
  CHECK_THAT(*legal_text, Catch::Contains("4. Les opérations effectuées par le traitement"));
  CHECK_THAT(*legal_text, Catch::Contains("Votre score : 10"));
  CHECK_THAT(*legal_text, Catch::Contains("Travailleur clé +10 +10"));
  // O-0's thresholds (see above): last presented 10 points, filed 2023-01-10, median 10.
  CHECK_THAT(*report_text, Catch::Contains("Seuils publiés"));
  CHECK_THAT(*report_text, Catch::Contains("Score du dernier candidat présenté 10"));
  CHECK_THAT(*report_text,
             Catch::Contains("Date de dépôt du dernier candidat présenté 2023-01-10"));
  CHECK_THAT(*report_text, Catch::Contains("médiane 10 (de 0 à 20)"));
}
