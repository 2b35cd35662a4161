// SPDX-License-Identifier: MIT
// The command-line tool run in-process: its outputs on the bundled data against golden files,
// its exit codes and error messages, the HTML report's well-formedness.
//
// Golden files live in tests/cli/golden/. After an intended change of an output, regenerate
// them with `COTATION_UPDATE_GOLDEN=1 ctest -R cli` (or by running cotation_cli_tests with that
// variable set) and review the diff.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cotation/csv.hpp>
#include <cotation/engine.hpp>
#include <cotation/files.hpp>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>
#include <cotation/simulation.hpp>
#include <cotation/version.hpp>

#include "browser.hpp"
#include "cli.hpp"

namespace {

const std::filesystem::path source_dir = COTATION_SOURCE_DIR;
const std::string small_json = (source_dir / "examples" / "data" / "small.json").string();
const std::filesystem::path golden_dir = source_dir / "tests" / "cli" / "golden";
const std::string simulation_small_json =
    (source_dir / "tests" / "cli" / "data" / "simulation_small.json").string();

struct outcome {
  int code = -1;
  std::string out;
  std::string err;
};

outcome run(std::vector<std::string> args, cotation::cli::environment env = {}) {
  std::ostringstream out;
  std::ostringstream err;
  outcome o;
  o.code = cotation::cli::run(args, out, err, env);
  o.out = out.str();
  o.err = err.str();
  return o;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool updating_golden() {
  const char* v = std::getenv("COTATION_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

/// Compares `actual` with the golden file byte for byte, or rewrites the file when
/// COTATION_UPDATE_GOLDEN=1.
void check_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = golden_dir / name;
  if (updating_golden()) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    WARN("updated " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (regenerate with COTATION_UPDATE_GOLDEN=1)");
  REQUIRE(std::filesystem::exists(path));
  const std::string expected = read_text(path);
  if (expected != actual) {
    // Show the first differing line rather than two large strings.
    std::istringstream e(expected);
    std::istringstream a(actual);
    std::string el;
    std::string al;
    int line = 0;
    while (true) {
      ++line;
      const bool more_e = static_cast<bool>(std::getline(e, el));
      const bool more_a = static_cast<bool>(std::getline(a, al));
      if (!more_e && !more_a) break;
      if (el != al || more_e != more_a) {
        INFO("first difference on line " << line);
        CHECK(al == el);
        break;
      }
    }
  }
  CHECK(expected == actual);
}

void check_golden_run(const std::string& name, std::vector<std::string> args) {
  const outcome o = run(std::move(args));
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(o.err.empty());
  check_golden(name, o.out);
}

// A tiny XML well-formedness check: balanced and properly nested tags, quoted attributes, no
// duplicate attribute, only XML's predefined and numeric character references, no stray `<` or
// `&`. Returns an empty string when well formed, else the problem and its offset.
std::string xml_problem(std::string_view x) {
  std::vector<std::string> open;
  std::size_t i = 0;
  const auto fail = [&](std::string_view why) {
    return std::string(why) + " at byte " + std::to_string(i);
  };
  const auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
           c == '.';
  };
  const auto check_reference = [&](std::size_t at) -> bool {
    const std::size_t semi = x.find(';', at);
    if (semi == std::string_view::npos || semi - at > 10) return false;
    const std::string_view ref = x.substr(at + 1, semi - at - 1);
    if (ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos") return true;
    if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      return !digits.empty() && std::all_of(digits.begin(), digits.end(), [hex](char c) {
        return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                   : std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
    }
    return false;
  };
  bool root_seen = false;
  while (i < x.size()) {
    if (x[i] == '&') {
      if (!check_reference(i)) return fail("bad character reference");
      ++i;
      continue;
    }
    if (x[i] == '>') return fail("stray '>' in text");
    if (x[i] != '<') {
      if (open.empty() && std::isspace(static_cast<unsigned char>(x[i])) == 0) {
        return fail("text outside the root element");
      }
      ++i;
      continue;
    }
    if (x.substr(i, 4) == "<!--") {
      const std::size_t end = x.find("-->", i + 4);
      if (end == std::string_view::npos) return fail("unclosed comment");
      i = end + 3;
      continue;
    }
    if (x.substr(i, 9) == "<!DOCTYPE") {
      if (root_seen) return fail("DOCTYPE after the root");
      const std::size_t end = x.find('>', i);
      if (end == std::string_view::npos) return fail("unclosed DOCTYPE");
      i = end + 1;
      continue;
    }
    if (x.substr(i, 2) == "</") {
      std::size_t j = i + 2;
      while (j < x.size() && is_name(x[j])) ++j;
      const std::string name(x.substr(i + 2, j - i - 2));
      while (j < x.size() && std::isspace(static_cast<unsigned char>(x[j])) != 0) ++j;
      if (j >= x.size() || x[j] != '>') return fail("malformed end tag");
      if (open.empty() || open.back() != name)
        return fail("end tag </" + name + "> does not match");
      open.pop_back();
      i = j + 1;
      continue;
    }
    // A start tag.
    std::size_t j = i + 1;
    while (j < x.size() && is_name(x[j])) ++j;
    const std::string name(x.substr(i + 1, j - i - 1));
    if (name.empty()) return fail("stray '<'");
    if (open.empty() && root_seen) return fail("a second root element");
    std::vector<std::string> attributes;
    while (true) {
      while (j < x.size() && std::isspace(static_cast<unsigned char>(x[j])) != 0) ++j;
      if (j >= x.size()) return fail("unclosed start tag");
      if (x[j] == '>' || x.substr(j, 2) == "/>") break;
      const std::size_t a = j;
      while (j < x.size() && is_name(x[j])) ++j;
      if (j == a) return fail("malformed attribute");
      const std::string attribute(x.substr(a, j - a));
      if (std::find(attributes.begin(), attributes.end(), attribute) != attributes.end()) {
        return fail("duplicate attribute " + attribute);
      }
      attributes.push_back(attribute);
      if (j >= x.size() || x[j] != '=') return fail("attribute without value");
      ++j;
      if (j >= x.size() || (x[j] != '"' && x[j] != '\'')) return fail("unquoted attribute");
      const char quote = x[j];
      const std::size_t close = x.find(quote, j + 1);
      if (close == std::string_view::npos) return fail("unclosed attribute value");
      for (std::size_t k = j + 1; k < close; ++k) {
        if (x[k] == '<') return fail("'<' in an attribute value");
        if (x[k] == '&' && !check_reference(k)) return fail("bad reference in an attribute");
      }
      j = close + 1;
    }
    root_seen = true;
    if (x[j] == '/') {
      i = j + 2;
    } else {
      open.push_back(name);
      i = j + 1;
      // Style and script contents are text: they must not contain '<' or '&' either.
    }
  }
  if (!open.empty()) return "unclosed element <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return {};
}

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos;
       at = text.find(what, at + what.size())) {
    ++n;
  }
  return n;
}

/// Four weeks of 2 000 requests in the Nord, 30 offers a week, simulated once for the tests.
const cotation::simulation_result& four_weeks() {
  static const cotation::simulation_result result = [] {
    const cotation::date start(2026, 3, 2);  // a Monday
    cotation::population_options p;
    p.seed = 11;
    p.requests = 2000;
    p.reference = start;
    p.only_department = cotation::department::parse("059");
    cotation::simulation_options o;
    o.seed = 5;
    o.start = start;
    o.weeks = 4;
    o.offers_per_week = 30;
    o.only_department = p.only_department;
    o.behaviour.positionings_per_offer = 40;
    cotation::allocation_engine engine;
    return cotation::simulate(engine, cotation::generate_applicants(p), o);
  }();
  return result;
}

/// Writes `r` as a simulation document to a temporary file and runs `report --simulation` on
/// it with `extra` arguments.
outcome report_simulation(const cotation::simulation_result& r, const std::string& name,
                          std::vector<std::string> extra = {}) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << cotation::to_json(r);
  std::vector<std::string> args = {"report", "--simulation", path.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  outcome o = run(std::move(args));
  std::filesystem::remove(path);
  return o;
}

}  // namespace

TEST_CASE("rank prints every offer of the bundled data set") {
  check_golden_run("rank.txt", {"rank", small_json});
}

TEST_CASE("rank writes its JSON form") {
  check_golden_run("rank.json", {"rank", small_json, "--format", "json"});
}

TEST_CASE("rank ranks the offers asked for at the date asked for") {
  check_golden_run("rank_offer_date.txt", {"rank", small_json, "--offer", "PAR-2026-0014",
                                           "--offer", "LIL-2026-0001", "--date", "2026-03-05"});
}

TEST_CASE("explain gives an applicant their score card in French") {
  check_golden_run("explain_fr.txt", {"explain", small_json, "--offer", "LIL-2026-0001",
                                      "--request", "0591124009317RBX03"});
}

TEST_CASE("explain speaks English on request") {
  check_golden_run("explain_en.txt", {"explain", small_json, "--offer", "LIL-2026-0001",
                                      "--request", "0591124009317RBX03", "--lang", "en"});
}

TEST_CASE("explain tells an applicant who is not eligible why") {
  check_golden_run("explain_ineligible.txt", {"explain", small_json, "--offer", "LIL-2026-0001",
                                              "--request", "059062500412KLIL01"});
}

TEST_CASE("explain scores an applicant who has not positioned as if they had") {
  check_golden_run("explain_not_positioned.txt",
                   {"explain", small_json, "--offer", "NAN-2026-0021", "--request",
                    "0920223002174NAN01", "--lang", "en"});
  // The same applicant, on an offer they did not position on, is told so.
  const outcome o =
      run({"explain", small_json, "--offer", "PAR-2026-0014", "--request", "0591124009317RBX03"});
  REQUIRE(o.code == 0);
  CHECK(o.out.find("Vous n'êtes pas positionné sur cette offre") != std::string::npos);
  CHECK(o.out.find("n'est pas éligible") != std::string::npos);
}

TEST_CASE("explain takes the reference date asked for") {
  check_golden_run("explain_date.txt",
                   {"explain", small_json, "--offer", "LIL-2026-0001", "--request",
                    "0591124009317RBX03", "--date", "2026-03-05", "--lang", "en"});
}

TEST_CASE("explain writes its JSON form") {
  check_golden_run("explain.json", {"explain", small_json, "--offer", "LIL-2026-0001", "--request",
                                    "059092501877BLIL02", "--format", "json"});
}

TEST_CASE("eligible counts the eligible requests of every offer") {
  check_golden_run("eligible.txt", {"eligible", small_json});
  check_golden_run("eligible.json", {"eligible", small_json, "--format", "json"});
}

TEST_CASE("eligible gives one applicant's reasons per offer") {
  check_golden_run("eligible_request.txt",
                   {"eligible", small_json, "--request", "0591124009317RBX03"});
  check_golden_run("eligible_request.json",
                   {"eligible", small_json, "--request", "0591124009317RBX03", "--format", "json",
                    "--lang", "fr"});
}

namespace {

/// A temporary file holding `text`, removed when the test ends. The process id in its name
/// keeps concurrent test runs apart.
class temp_file {
 public:
  temp_file(const std::string& name, const std::string& text)
      : path_(std::filesystem::temp_directory_path() / fmt::format("{}-{}", ::getpid(), name)) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << text;
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

/// One year's PLAI ceilings, the same in every zone: category 1 at `c1` euros.
std::string plai_2026(int c1) {
  std::string t = "# PLAI 2026, for the test\nyear 2026\n";
  for (int zone = 1; zone <= 3; ++zone) {
    t += fmt::format("PLAI {} {} 23931 31369 34338 - - -\n", zone, c1);
  }
  return t;
}

}  // namespace

TEST_CASE("positionings come from a CSV file instead of the document's") {
  // The document has 5 positionings on LIL-2026-0001 and lists for every offer; the file
  // positions two requests on LIL-2026-0001 only: 0591124009317RBX03, eligible for it, and
  // 059062500412KLIL01, who is not (tests/cli/golden/eligible_request.txt,
  // explain_ineligible.txt).
  const temp_file csv("cotation_cli_test_positionings.csv",
                      "offer;request\n"
                      "LIL-2026-0001;0591124009317RBX03\n"
                      "LIL-2026-0001;059062500412KLIL01\n");
  const outcome o = run({"eligible", small_json, "--positionings", csv.path(), "--format", "json"});
  REQUIRE(o.code == 0);
  // The eligible counts are the pool's, unchanged; positioned and candidates are the file's.
  CHECK(o.out.find("\"offer\": \"LIL-2026-0001\",\n      \"reference_date\": \"2026-03-09\",\n"
                   "      \"eligible_count\": 3,\n      \"positioned_count\": 2,\n"
                   "      \"candidate_count\": 1\n") != std::string::npos);
  CHECK(o.out.find("\"offer\": \"PAR-2026-0014\",\n      \"reference_date\": \"2026-03-23\",\n"
                   "      \"eligible_count\": 2,\n      \"positioned_count\": 0,\n"
                   "      \"candidate_count\": 0\n") != std::string::npos);
  // The ranking has the one eligible candidate and the other among the ineligible.
  const outcome r = run({"rank", small_json, "--offer", "LIL-2026-0001", "--positionings",
                         csv.path(), "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\"candidate_count\": 1") != std::string::npos);
  CHECK(r.out.find("\"request\": \"0591124009317RBX03\"") != std::string::npos);
  const std::size_t ineligible = r.out.find("\"ineligible\"");
  REQUIRE(ineligible != std::string::npos);
  CHECK(r.out.find("\"request\": \"059062500412KLIL01\"", ineligible) != std::string::npos);
  // An applicant of the document's list who is not in the file has not positioned.
  const outcome e = run({"explain", small_json, "--offer", "LIL-2026-0001", "--request",
                         "059092501877BLIL02", "--positionings", csv.path()});
  REQUIRE(e.code == 0);
  CHECK(e.out.find("Vous n'êtes pas positionné sur cette offre") != std::string::npos);
}

TEST_CASE("a faulty positionings file exits 2 naming its line and column") {
  const temp_file csv("cotation_cli_test_bad_positionings.csv",
                      "offer,request\n"
                      "LIL-2026-0001,0591124009317RBX03\n"
                      "LIL-2026-0001,0590423808575GDPUB\n");
  const outcome o = run({"rank", small_json, "--positionings", csv.path()});
  CHECK(o.code == 2);
  CHECK(o.out.empty());
  CHECK(o.err == "cotation: " + csv.path() +
                     ":3: column \"request\": no request 0590423808575GDPUB in the data set\n");
  const temp_file unknown("cotation_cli_test_unknown_offer.csv",
                          "offer,request\nNOPE-1,0591124009317RBX03\n");
  const outcome u =
      run({"report", small_json, "--offer", "LIL-2026-0001", "--positionings", unknown.path()});
  CHECK(u.code == 2);
  CHECK(u.err == "cotation: " + unknown.path() +
                     ":2: column \"offer\": no offer \"NOPE-1\" in the data set\n");
}

TEST_CASE("a positionings file cannot position a request filed after the offer closed") {
  // Request 075022600318DPAR15 filed on 2026-03-15 (the document says 2026-02-02, the only
  // date of that value in it) may stay on PAR-2026-0014 (closing 2026-03-23) but cannot be
  // positioned on LIL-2026-0001, closed on 2026-03-09: filed after the evaluation date (the
  // same check as the document's own lists).
  std::string text = cotation::read_file(small_json);
  const std::size_t at = text.find("\"2026-02-02\"");
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find("\"2026-02-02\"", at + 1) == std::string::npos);
  text.replace(at, 12, "\"2026-03-15\"");
  const temp_file document("cotation_cli_test_late_filing.json", text);
  const temp_file csv("cotation_cli_test_late_positionings.csv",
                      "offer,request\n"
                      "PAR-2026-0014,075022600318DPAR15\n"
                      "LIL-2026-0001,075022600318DPAR15\n");
  const outcome o = run({"rank", document.path(), "--positionings", csv.path()});
  CHECK(o.code == 2);
  CHECK(o.out.empty());
  CHECK(o.err == "cotation: " + csv.path() +
                     ":3: column \"request\": request 075022600318DPAR15 cannot be positioned on "
                     "offer \"LIL-2026-0001\" (closing 2026-03-09): initial_filing: 2026-03-15 "
                     "is after the evaluation date 2026-03-09\n");
}

TEST_CASE("another year's ceilings load with --ceilings, without rebuilding") {
  // LYO-2026-0007 is a PLAI offer closing in 2026; the library has no PLAI 2026 table. Request
  // 069102502290HLYO07 is one person (category 1) whose reference income is the N-2 (2024)
  // one, 4 200 euros (the N-1 income, 9 800, is not lower): SPEC 2 and 3.
  const std::vector<std::string> args = {"eligible",      small_json,  "--offer",
                                         "LYO-2026-0007", "--request", "069102502290HLYO07"};
  const outcome before = run(args);
  REQUIRE(before.code == 0);
  CHECK(before.out.find("no_ceiling_data: no PLAI ceiling for 2026") != std::string::npos);

  // `args` with --ceilings for each file, in order.
  const auto with = [&](std::initializer_list<const temp_file*> files) {
    std::vector<std::string> a = args;
    for (const temp_file* f : files) a.insert(a.end(), {"--ceilings", f->path()});
    return run(a);
  };
  const temp_file low("cotation_cli_test_plai_low.txt", plai_2026(4000));
  const outcome over = with({&low});
  REQUIRE(over.code == 0);
  CHECK(over.out.find("no_ceiling_data") == std::string::npos);
  CHECK(over.out.find("over_income_ceiling: reference income 4 200 € (2024) is above the ceiling "
                      "4 000 € (category 1)") != std::string::npos);

  const temp_file high("cotation_cli_test_plai_high.txt", plai_2026(15000));
  const outcome under = with({&high});
  REQUIRE(under.code == 0);
  CHECK(under.out.find("no_ceiling_data") == std::string::npos);
  CHECK(under.out.find("over_income_ceiling") == std::string::npos);

  // Repeated, the later file's rows win; rank and explain take the option too.
  CHECK(with({&high, &low}).out.find("over_income_ceiling") != std::string::npos);
  CHECK(with({&low, &high}).out.find("over_income_ceiling") == std::string::npos);
  CHECK(run({"rank", small_json, "--ceilings", low.path()}).code == 0);
  const outcome explained = run({"explain", small_json, "--offer", "LYO-2026-0007", "--request",
                                 "069102502290HLYO07", "--ceilings", low.path(), "--lang", "en"});
  REQUIRE(explained.code == 0);
  CHECK(explained.out.find("above the ceiling 4 000 €") != std::string::npos);
}

TEST_CASE("a faulty ceilings file exits 2 naming its line and the reason") {
  const temp_file bad("cotation_cli_test_bad_ceilings.txt",
                      "year 2026\nPLAI 1 4000 23931 31369 34338 - - -\nPLAI 4 1 2 3 4 - - -\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"rank", small_json, "--ceilings", bad.path()},
        std::vector<std::string>{"eligible", small_json, "--ceilings", bad.path()},
        std::vector<std::string>{"report", small_json, "--offer", "LIL-2026-0001", "--ceilings",
                                 bad.path()},
        std::vector<std::string>{"simulate", "--requests", "100", "--weeks", "1", "--ceilings",
                                 bad.path()}}) {
    INFO(args[0]);
    const outcome o = run(args);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    CHECK(o.err == "cotation: " + bad.path() + ":3: zone '4' is not 1, 2 or 3\n");
  }
  const outcome missing = run({"rank", small_json, "--ceilings", "/nonexistent/plai.txt"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "cotation: /nonexistent/plai.txt: cannot be opened\n");
}

TEST_CASE("the requests come from a CSV pool with a document of offers only") {
  // examples/data/pool.csv holds the first four applicants of small.json, among them
  // 0591124009317RBX03, eligible for LIL-2026-0001 (tests/cli/golden/eligible_request.txt).
  const std::string pool_csv = (source_dir / "examples" / "data" / "pool.csv").string();
  std::string offer = read_text(small_json);
  offer = offer.substr(offer.find("{", offer.find("\"offers\"")));
  offer = offer.substr(0, offer.find('}') + 1);
  const temp_file doc(
      "cotation_cli_test_offers_only.json",
      "{\"format\": \"cotation/1\", \"applicants\": [], \"offers\": [" + offer + "]}\n");
  const outcome o = run({"eligible", doc.path(), "--requests", pool_csv, "--format", "json"});
  REQUIRE(o.code == 0);
  CHECK(o.out.starts_with("{\n  \"requests\": 4,\n"));
  const outcome v =
      run({"eligible", doc.path(), "--requests", pool_csv, "--request", "0591124009317RBX03"});
  REQUIRE(v.code == 0);
  CHECK(v.out.find("LIL-2026-0001  2026-03-09  eligible\n") != std::string::npos);
  // The requests come from one place only.
  const outcome twice = run({"eligible", small_json, "--requests", pool_csv});
  CHECK(twice.code == 2);
  CHECK(twice.err == "cotation: --requests " + pool_csv + ": " + small_json +
                         " already has 13 requests (give the requests in one place only)\n");
  // Read straight into the pool, the CSV keeps its places: a request given twice names the
  // line of each (the header is line 1, the four requests lines 2 to 5, the copy line 6).
  const std::string rows = read_text(pool_csv);
  const std::size_t second = rows.find('\n') + 1;
  const std::string first_request = rows.substr(second, rows.find('\n', second) + 1 - second);
  const temp_file doubled("cotation_cli_test_pool_twice.csv", rows + first_request);
  const outcome dup = run({"eligible", doc.path(), "--requests", doubled.path()});
  CHECK(dup.code == 2);
  CHECK_THAT(dup.err, Catch::Contains(doubled.path() + ":6") &&
                          Catch::Contains("request number " + first_request.substr(0, 18) +
                                          " is already on line 2"));
}

TEST_CASE("generate also writes the requests as a CSV pool that reads back equal") {
  const temp_file json("cotation_cli_test_generate_csv.json", "");
  const temp_file csv("cotation_cli_test_generate_csv.csv", "");
  const outcome o = run({"generate", "--seed", "3", "--requests", "300", "--offers", "2", "-o",
                         json.path(), "--requests-csv", csv.path()});
  REQUIRE(o.code == 0);
  const auto from_json = cotation::read_data_set_file(json.path()).applicants;
  CHECK(from_json.size() == 300);
  CHECK(cotation::read_applicants_csv_file(csv.path()) == from_json);
}

TEST_CASE("aids lists the aids an applicant can get for an offer, with amounts and reasons") {
  check_golden_run("aids.txt", {"aids", small_json, "--request", "0591124009317RBX03", "--offer",
                                "LIL-2026-0001"});
  check_golden_run("aids.json", {"aids", small_json, "--request", "059062500412KLIL01", "--rent",
                                 "550", "--date", "2026-03-01", "--deposit", "400,50", "--commune",
                                 "59350", "--abc-zone", "b1", "--format", "json"});
}

TEST_CASE("generate writes a small reproducible data set with positionings") {
  const std::vector<std::string> args = {"generate", "--seed",   "1", "--requests",
                                         "200",      "--offers", "5"};
  check_golden_run("generate_seed1_200_5.json", args);
  // Reproducible, and readable by the other commands.
  CHECK(run(args).out == read_text(golden_dir / "generate_seed1_200_5.json"));
  const auto path = std::filesystem::temp_directory_path() / "cotation_cli_test_generate.json";
  std::vector<std::string> to_file = args;
  to_file.insert(to_file.end(), {"-o", path.string()});
  const outcome o = run(to_file);
  REQUIRE(o.code == 0);
  CHECK(o.out.empty());
  CHECK(read_text(path) == read_text(golden_dir / "generate_seed1_200_5.json"));
  const outcome ranked = run({"rank", path.string(), "--format", "json"});
  CHECK(ranked.code == 0);
  std::filesystem::remove(path);
}

TEST_CASE("generate stays quiet on a stream that is not a terminal and draws progress on one") {
  const std::vector<std::string> args = {"generate", "--requests", "300", "--offers",
                                         "3",        "-o",         "-"};
  const outcome quiet = run(args);
  CHECK(quiet.code == 0);
  CHECK(quiet.err.empty());
  const outcome terminal = run(args, cotation::cli::environment{.progress = true});
  CHECK(terminal.code == 0);
  CHECK(terminal.out == quiet.out);
  CHECK(terminal.err.find("\r") != std::string::npos);
  CHECK(terminal.err.find("writing") != std::string::npos);
}

TEST_CASE("report writes the offer's ranking as one self-contained page") {
  const outcome o = run({"report", small_json, "--offer", "LIL-2026-0001"});
  REQUIRE(o.code == 0);
  check_golden("report_LIL-2026-0001.html", o.out);
  CHECK(xml_problem(o.out).empty());
  // Self-contained: no script, no external resource.
  CHECK(o.out.find("<script") == std::string::npos);
  CHECK(o.out.find("http://") == o.out.find("http://www.w3.org/"));
  CHECK(o.out.find("https://") == std::string::npos);
  CHECK(o.out.find("href=") == std::string::npos);
  CHECK(o.out.find("src=") == std::string::npos);
}

TEST_CASE("the report is well formed and has exactly one bar per candidate") {
  // PAR-2026-0014 has two candidates and three positioned applicants who are not eligible.
  for (const auto& [offer, candidates, ineligible] :
       {std::tuple{"LIL-2026-0001", 3, 2}, std::tuple{"PAR-2026-0014", 2, 3},
        std::tuple{"LYO-2026-0007", 0, 2}}) {
    INFO(offer);
    const outcome o = run({"report", small_json, "--offer", offer, "--lang", "en"});
    REQUIRE(o.code == 0);
    const std::string problem = xml_problem(o.out);
    INFO(problem);
    CHECK(problem.empty());
    CHECK(count_of(o.out, "<g class=\"candidate") == static_cast<std::size_t>(candidates));
    CHECK(count_of(o.out, "<g class=\"candidate shortlisted\"") ==
          static_cast<std::size_t>(std::min(candidates, 3)));
    CHECK(count_of(o.out, "<tr><td>") == static_cast<std::size_t>(ineligible));
  }
}

TEST_CASE("the report escapes the text it prints") {
  // An offer id with markup in it.
  const auto path = std::filesystem::temp_directory_path() / "cotation_cli_test_escape.json";
  std::string doc = read_text(small_json);
  for (std::size_t at = doc.find("LIL-2026-0001"); at != std::string::npos;
       at = doc.find("LIL-2026-0001", at)) {
    doc.replace(at, 13, "<b>&\\\"'</b>");
  }
  std::ofstream(path, std::ios::binary) << doc;
  const outcome o = run({"report", path.string(), "--offer", "<b>&\"'</b>"});
  std::filesystem::remove(path);
  REQUIRE(o.code == 0);
  CHECK(xml_problem(o.out).empty());
  CHECK(o.out.find("&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;") != std::string::npos);
  CHECK(o.out.find("<b>") == std::string::npos);
}

TEST_CASE(
    "report --simulation draws one attribution bar per week, shares, targets, waiting times") {
  const cotation::simulation_result& r = four_weeks();
  REQUIRE(r.weeks.size() == 4);
  REQUIRE_FALSE(r.leases.empty());
  const outcome o = report_simulation(r, "cotation_cli_test_simulation.json");
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(o.err.empty());
  const std::string problem = xml_problem(o.out);
  INFO(problem);
  CHECK(problem.empty());
  CHECK(o.out.find("<script") == std::string::npos);
  CHECK(o.out.find("https://") == std::string::npos);
  CHECK(o.out.find("href=") == std::string::npos);
  CHECK(o.out.find("src=") == std::string::npos);
  // One bar per week, whose segments add up to the week's leases.
  CHECK(count_of(o.out, "<g class=\"week-bar\"") == 4);
  for (const cotation::week_figures& w : r.weeks) {
    CHECK(count_of(o.out, fmt::format("<g class=\"week-bar\" data-week=\"{}\" data-leases=\"{}\">",
                                      w.week, w.leases)) == 1);
  }
  // A share line, a target line and a row of the final table per company size.
  for (const char* size : {"PME", "ETI", "GE"}) {
    INFO(size);
    CHECK(count_of(o.out, fmt::format("<polyline class=\"share\" data-size=\"{}\"", size)) == 1);
    CHECK(count_of(o.out, fmt::format("<path class=\"target\" data-size=\"{}\"", size)) == 1);
    CHECK(count_of(o.out, fmt::format("<tr data-size=\"{}\">", size)) == 1);
  }
  // The histogram's six bands hold every lease.
  CHECK(count_of(o.out, "<g class=\"wait-band\"") == 6);
  const cotation::waiting_time_summary waits = cotation::waiting_times(r.leases);
  for (std::size_t k = 0; k < waits.by_years.size(); ++k) {
    CHECK(count_of(o.out, fmt::format("<g class=\"wait-band\" data-band=\"{}\" data-leases=\"{}\">",
                                      k, waits.by_years[k])) == 1);
  }
  // French by default, English on request; the weekly table has a row per week and a total.
  CHECK(o.out.find("lang=\"fr\"") != std::string::npos);
  CHECK(o.out.find("Attributions par semaine") != std::string::npos);
  CHECK(o.out.find("médiane") != std::string::npos);
  CHECK(count_of(o.out, "<tr class=\"week\">") == 4);
  CHECK(count_of(o.out, "<tr class=\"total\">") == 1);
  const outcome en = report_simulation(r, "cotation_cli_test_simulation_en.json", {"--lang", "en"});
  REQUIRE(en.code == 0);
  CHECK(xml_problem(en.out).empty());
  CHECK(en.out.find("lang=\"en\"") != std::string::npos);
  CHECK(en.out.find("Attributions per week") != std::string::npos);
  CHECK(en.out.find("median") != std::string::npos);
  CHECK(en.out.find("Attributions par semaine") == std::string::npos);
}

TEST_CASE("report --simulation writes a small simulation as one self-contained page") {
  check_golden_run("report_simulation_small.html",
                   {"report", "--simulation", simulation_small_json});
  const outcome o = run({"report", "--simulation", simulation_small_json});
  CHECK(xml_problem(o.out).empty());
  // Three weeks, the first without a lease: its bar is there, empty. The ALS window holds the
  // 100 attributions of the year before from the first week: a share point per size and week.
  CHECK(count_of(o.out, "<g class=\"week-bar\"") == 3);
  CHECK(count_of(o.out, "<g class=\"week-bar\" data-week=\"1\" data-leases=\"0\">\n</g>") == 1);
  CHECK(count_of(o.out, "<circle class=\"share-point\"") == 9);
  // Final: PME 3 of the 7 leases, 33 of the window's 107 attributions (30,84 %) against a
  // 37,5 % target: 6,7 points below, more than 5 (33 × 10 000 < 3 250 × 107), the ALS bonus.
  CHECK(o.out.find("<td class=\"num\">3</td><td class=\"num\">42,9 %</td><td "
                   "class=\"num\">33</td><td class=\"num\">30,8 %</td><td class=\"num\">37,5 "
                   "%</td><td class=\"num\">−6,7</td><td>oui : bonus ALS</td>") !=
        std::string::npos);
  // GE: 47 of 107 (43,93 %) against 36,54 %: above, no bonus.
  CHECK(o.out.find("<td class=\"num\">43,9 %</td><td class=\"num\">36,5 %</td><td "
                   "class=\"num\">+7,4</td><td>non</td>") != std::string::npos);
  // In English on request.
  const outcome en = run({"report", "--simulation", simulation_small_json, "--lang", "en"});
  REQUIRE(en.code == 0);
  CHECK(xml_problem(en.out).empty());
  CHECK(en.out.find("<title>Week 2 (2026-03-09) · PME: 2 leases</title>") != std::string::npos);
  CHECK(en.out.find("7 leases · median 800 days (2.2 years) · p10 120 days (0.3 years) · p90 "
                    "4000 days (11.0 years)") != std::string::npos);
  CHECK(en.out.find("<td class=\"num\">30.8%</td><td class=\"num\">37.5%</td><td "
                    "class=\"num\">−6.7</td><td>yes: ALS bonus</td>") != std::string::npos);
  // Written to a file on request.
  const auto path = std::filesystem::temp_directory_path() / "cotation_cli_test_simulation.html";
  const outcome to_file =
      run({"report", "--simulation", simulation_small_json, "-o", path.string()});
  CHECK(to_file.code == 0);
  CHECK(to_file.out.empty());
  CHECK(read_text(path) == o.out);
  std::filesystem::remove(path);
}

TEST_CASE("report --simulation says so when no lease was signed, for one week or none") {
  cotation::simulation_result r;
  r.seed = 3;
  r.start = cotation::date(2026, 3, 2);
  r.population = 10;
  r.filed = 9;
  cotation::week_figures w;
  w.first_day = r.start;
  w.last_day = r.start + boost::gregorian::days(6);
  w.offers_published = 5;
  w.positionings = 12;
  w.valid_requests = 9;
  w.targets = {cotation::basis_points{4444}, cotation::basis_points{2222},
               cotation::basis_points{3334}};
  r.weeks.push_back(w);
  const outcome o = report_simulation(r, "cotation_cli_test_simulation_empty.json");
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(xml_problem(o.out).empty());
  CHECK(o.out.find("Aucun bail signé pendant la simulation.") != std::string::npos);
  CHECK(o.out.find("pas de part à comparer aux cibles") != std::string::npos);
  CHECK(o.out.find("Aucun bail signé : pas de délai") != std::string::npos);
  CHECK(count_of(o.out, "<g class=\"week-bar\"") == 0);
  CHECK(count_of(o.out, "<g class=\"wait-band\"") == 0);
  CHECK(o.out.find("<td class=\"num\">44,4 %</td>") != std::string::npos);  // the PME target
  CHECK(count_of(o.out, "<tr class=\"week\">") == 1);

  r.weeks.clear();
  const outcome none =
      report_simulation(r, "cotation_cli_test_simulation_none.json", {"--lang", "en"});
  INFO(none.err);
  REQUIRE(none.code == 0);
  CHECK(xml_problem(none.out).empty());
  CHECK(none.out.find("No week simulated.") != std::string::npos);
  CHECK(none.out.find("No lease signed in the simulation.") != std::string::npos);
}

TEST_CASE("the XML check used on the report finds what is not well formed") {
  CHECK(xml_problem("<a><b/></a>").empty());
  CHECK(xml_problem("<!DOCTYPE html>\n<a x=\"1\">&amp;&#39;&#x41;</a>\n").empty());
  CHECK_FALSE(xml_problem("<a><b></a>").empty());
  CHECK_FALSE(xml_problem("<a>&nbsp;</a>").empty());
  CHECK_FALSE(xml_problem("<a x=1></a>").empty());
  CHECK_FALSE(xml_problem("<a x=\"1\" x=\"2\"></a>").empty());
  CHECK_FALSE(xml_problem("<a>1 < 2</a>").empty());
  CHECK_FALSE(xml_problem("<a></a><b></b>").empty());
  CHECK_FALSE(xml_problem("<a>").empty());
}

TEST_CASE("every subcommand answers --help with its usage and exit code 0") {
  for (const char* sub : {"rank", "explain", "eligible", "aids", "generate", "simulate", "report",
                          "impact", "fairness"}) {
    INFO(sub);
    const outcome o = run({sub, "--help"});
    CHECK(o.code == 0);
    CHECK(o.out.find(std::string("Usage: cotation ") + sub) != std::string::npos);
    CHECK(o.err.empty());
  }
  const outcome o = run({"--help"});
  CHECK(o.code == 0);
  for (const char* sub : {"rank", "explain", "eligible", "aids", "generate", "simulate", "report",
                          "impact", "fairness"}) {
    CHECK(o.out.find(std::string("\n  ") + sub + " ") != std::string::npos);
  }
  // The findings exit code is documented, where the help is wrapped at any space.
  const auto unwrapped = [](std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
  };
  CHECK(unwrapped(o.out).find("3 a check found something (verify differences, fairness flagged "
                              "groups)") != std::string::npos);
  const std::string fairness_help = run({"fairness", "--help"}).out;
  CHECK(unwrapped(fairness_help).find("Exit code 3 when a group is flagged") != std::string::npos);
  // Help stays within 100 columns.
  std::istringstream lines(o.out + run({"aids", "--help"}).out + run({"generate", "--help"}).out +
                           run({"report", "--help"}).out + fairness_help);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK(line.size() <= 102);  // bytes: a line may hold one multi-byte character
  }
  CHECK(run({"--version"}).out == std::string(cotation::version) + "\n");
}

namespace {

/// A command line and a part of the message it must be refused with.
struct bad {
  std::vector<std::string> args;
  std::string message;
};

/// Each case exits with 2, nothing on standard output, and its message on standard error.
void check_refused(const std::vector<bad>& cases) {
  for (const bad& b : cases) {
    std::string joined;
    for (const auto& a : b.args) joined += " " + a;
    INFO("cotation" << joined);
    const outcome o = run(b.args);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    INFO(o.err);
    CHECK(o.err.starts_with("cotation: "));
    CHECK(o.err.find(b.message) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("bad input exits with code 2 and the error on stderr") {
  const std::string missing = (source_dir / "no-such-file.json").string();
  const std::vector<bad> cases = {
      {{}, "A subcommand is required"},
      {{"frobnicate"}, "unknown command \"frobnicate\""},
      {{"rank"}, "data is required"},
      {{"rank", missing}, missing + ": cannot be opened"},
      {{"rank", small_json, "--offer", "NOPE"}, "no offer \"NOPE\" in " + small_json},
      {{"rank", small_json, "--format", "xml"}, "--format: xml not in {table,json}"},
      {{"rank", small_json, "--date", "2026-02-30"}, "--date: \"2026-02-30\" does not exist"},
      {{"rank", small_json, "--grid", missing}, "the grid file cannot be opened"},
      {{"rank", small_json, "--grid", small_json}, small_json + " at /format: unknown field"},
      {{"explain", small_json, "--offer", "LIL-2026-0001"}, "--request is required"},
      {{"explain", small_json, "--offer", "LIL-2026-0001", "--request", "059"},
       "\"059\" is not a request number"},
      {{"explain", small_json, "--offer", "LIL-2026-0001", "--request", "0590423808575GDPUB"},
       "no request 0590423808575GDPUB in " + small_json},
      {{"explain", small_json, "--offer", "LIL-2026-0001", "--request", "0591124009317RBX03",
        "--lang", "de"},
       "--lang: de not in {fr,en}"},
      {{"aids", small_json, "--request", "0591124009317RBX03"}, "--date is required"},
      {{"aids", small_json, "--request", "0591124009317RBX03", "--date", "2026-03-01"},
       "--rent is required"},
      {{"aids", small_json, "--request", "0591124009317RBX03", "--date", "2026-03-01", "--rent",
        "-5"},
       "--rent: \"-5\" is not an amount of euros"},
      {{"generate", "--department", "020"}, "--department: \"020\" is not a department"},
      {{"generate", "--requests", "ten"}, "--requests"},
      {{"generate", "-o", (source_dir / "no-such-dir" / "x.json").string()},
       "cannot be opened for writing"},
      {{"report", small_json}, "--offer is required"},
      {{"report"}, "report needs a data set and --offer ID, or --simulation FILE"},
      {{"report", "--offer", "LIL-2026-0001"}, "data is required with --offer"},
      {{"report", small_json, "--offer", "LIL-2026-0001", "--simulation", simulation_small_json},
       "--simulation excludes data, --offer"},
      {{"report", "--simulation", simulation_small_json, "--date", "2026-03-05"},
       "--simulation excludes --date"},
      {{"report", "--simulation", missing}, missing + ": the simulation file cannot be opened"},
      {{"report", "--simulation", small_json},
       small_json + " at /format: unsupported format \"cotation/1\" (expected "
                    "\"cotation-simulation/1\")"},
  };
  check_refused(cases);
}

TEST_CASE("a faulty document is reported with its JSON pointer and exit code 2") {
  const auto path = std::filesystem::temp_directory_path() / "cotation_cli_test_bad.json";
  std::string doc = read_text(small_json);
  doc.replace(doc.find("\"rent\": 498.6"), 13, "\"rent\": -498.6");
  std::ofstream(path, std::ios::binary) << doc;
  const outcome o = run({"rank", path.string()});
  std::filesystem::remove(path);
  CHECK(o.code == 2);
  CHECK(o.out.empty());
  CHECK(o.err == "cotation: " + path.string() +
                     " at /offers/0/rent: must not be negative (got -498.60 euros)\n");
}

// --- simulate ------------------------------------------------------------------------------

namespace {

const std::vector<std::string> small_simulation = {
    "simulate", "--requests",        "3000", "--department", "059", "--weeks",
    "3",        "--offers-per-week", "20",   "--candidates", "30"};

}  // namespace

TEST_CASE("simulate prints the figures of each week of a reproducible simulation") {
  check_golden_run("simulate_059_3000.txt", small_simulation);
  CHECK(run(small_simulation).out == read_text(golden_dir / "simulate_059_3000.txt"));
}

TEST_CASE("simulate writes the simulation document that the library reads back") {
  std::vector<std::string> args = small_simulation;
  args.insert(args.end(), {"--format", "json"});
  const outcome o = run(args);
  REQUIRE(o.code == 0);
  const cotation::simulation_result r = cotation::simulation_from_json(o.out);
  REQUIRE(r.weeks.size() == 3);
  CHECK(r.population == 3000);
  CHECK(r.totals().offers_published == 60);
  // The table is the same simulation.
  CHECK(run(small_simulation).out.starts_with(cotation::describe(r)));
}

TEST_CASE("simulate writes the document to a file alongside the table") {
  const auto path = std::filesystem::temp_directory_path() / "cotation_cli_test_simulation.json";
  std::vector<std::string> args = small_simulation;
  args.insert(args.end(), {"--document", path.string()});
  const outcome o = run(args);
  REQUIRE(o.code == 0);
  CHECK(o.out == read_text(golden_dir / "simulate_059_3000.txt"));
  std::vector<std::string> json = small_simulation;
  json.insert(json.end(), {"--format", "json"});
  CHECK(read_text(path) == run(json).out);
  std::filesystem::remove(path);
}

TEST_CASE("simulate runs the requests of a data set") {
  const outcome o = run({"simulate", "--data", small_json, "--weeks", "2", "--offers-per-week", "5",
                         "--department", "059"});
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(o.out.find("13 requests given") != std::string::npos);
}

TEST_CASE("simulate stays quiet on a stream that is not a terminal and draws progress on one") {
  const outcome quiet = run(small_simulation);
  CHECK(quiet.err.empty());
  const outcome terminal = run(small_simulation, cotation::cli::environment{.progress = true});
  CHECK(terminal.out == quiet.out);
  CHECK(terminal.err.find("simulating 3 weeks") != std::string::npos);
}

TEST_CASE("simulate refuses bad options with exit code 2") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"simulate", "--weeks", "0"}, "--weeks: 0 is less than 1"},
      {{"simulate", "--start", "2026-02-30"}, "--start: \"2026-02-30\" does not exist"},
      {{"simulate", "--department", "020"}, "--department: \"020\" is not a department"},
      {{"simulate", "--format", "xml"}, "--format: xml not in {table,json}"},
      {{"simulate", "--data", (source_dir / "no-such-file.json").string()}, "cannot be opened"},
  };
  for (const auto& [args, message] : cases) {
    const outcome o = run(args);
    INFO(o.err);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    CHECK(o.err.find(message) != std::string::npos);
  }
}

// Each golden file above was written by the tool itself; each is paired here with one fact
// worked by hand from the input (examples/data/small.json, the options) and the SPEC, so that a
// golden file regenerated with a wrong output cannot pass unnoticed.
// --- impact --------------------------------------------------------------------------------

namespace {

const std::string default_grid_file =
    (source_dir / "data" / "grids" / "alin-default-2026.json").string();

/// The built-in grid's file with `from` replaced by `to` after the first occurrence of `after`.
std::string grid_with(std::string_view after, std::string_view from, std::string_view to) {
  std::string g = read_text(default_grid_file);
  const std::size_t start = g.find(after);
  REQUIRE(start != std::string::npos);
  const std::size_t at = g.find(from, start);
  REQUIRE(at != std::string::npos);
  g.replace(at, from.size(), to);
  return g;
}

}  // namespace

TEST_CASE("impact of the built-in grid against its own file moves nobody") {
  const outcome o = run({"impact", small_json, "--grid", default_grid_file, "--format", "json"});
  REQUIRE(o.code == 0);
  CHECK(o.err.empty());
  const nlohmann::json j = nlohmann::json::parse(o.out);
  CHECK(j["current_grid"] == "alin-default-2026");
  CHECK(j["new_grid"] == "alin-default-2026");
  CHECK(j["offers"] == 5);
  // Nobody moves, whatever the number of candidates.
  CHECK(j["moved"] == 0);
  CHECK(j["score_changed"] == 0);
  CHECK(j["shortlist_places_changed"] == 0);
  CHECK(j["requests_gaining"] == 0);
  CHECK(j["requests_losing"] == 0);
  CHECK(j["rank_moves"]["0"] == j["candidates"]);
  CHECK(j["most_affected"].empty());
}

TEST_CASE("impact of a hand-worked grid change names who moves on an offer and by how much") {
  // The commission-refusal bonus at 0 instead of +40, key workers at +20 instead of +10. On
  // LIL-2026-0001 at 2026-03-09 (SPEC 4, small.json): RBX03 had +85 with one commission refusal
  // of 2025-11-14 (the golden facts), now 45; XLIL05, a key worker without refusal, had +40,
  // now 50; BLIL02, neither, keeps +35. XLIL05 goes 2 -> 1, RBX03 1 -> 2, BLIL02 stays 3rd; the
  // three remain the shortlist of 3.
  std::string g = grid_with("\"commission_refusals\"", "\"points_per_refusal\": 40",
                            "\"points_per_refusal\": 0");
  g.replace(g.find("\"points\": 10", g.find("\"id\": \"key_worker\"")), 12, "\"points\": 20");
  g.replace(g.find("alin-default-2026"), 17, "hand-worked");
  const temp_file grid("cotation_cli_test_impact_grid.json", g);
  const outcome o = run({"impact", small_json, "--grid", grid.path(), "--format", "json"});
  REQUIRE(o.code == 0);
  const nlohmann::json j = nlohmann::json::parse(o.out);
  CHECK(j["new_grid"] == "hand-worked");
  const nlohmann::json* lil = nullptr;
  for (const nlohmann::json& offer : j["per_offer"]) {
    if (offer["offer"] == "LIL-2026-0001") lil = &offer;
  }
  REQUIRE(lil != nullptr);
  CHECK((*lil)["candidates"] == 3);
  CHECK((*lil)["entered"].empty());
  CHECK((*lil)["left"].empty());
  REQUIRE((*lil)["moves"].size() == 2);
  const nlohmann::json& rbx = (*lil)["moves"][0];  // in the current rank order
  CHECK(rbx["request"] == "0591124009317RBX03");
  CHECK(rbx["rank_before"] == 1);
  CHECK(rbx["rank_after"] == 2);
  CHECK(rbx["score_before"] == 85);
  CHECK(rbx["score_after"] == 45);
  const nlohmann::json& xlil = (*lil)["moves"][1];
  CHECK(xlil["request"] == "059012600057XLIL05");
  CHECK(xlil["rank_before"] == 2);
  CHECK(xlil["rank_after"] == 1);
  CHECK(xlil["score_before"] == 40);
  CHECK(xlil["score_after"] == 50);
}

TEST_CASE("impact writes one self-contained page with the rank moves and five breakdown charts") {
  const temp_file page("cotation_cli_test_impact.html", "");
  const outcome o =
      run({"impact", small_json, "--grid", default_grid_file, "-o", page.path(), "--lang", "en"});
  REQUIRE(o.code == 0);
  CHECK(o.out.empty());
  const std::string html = read_text(page.path());
  const std::string problem = xml_problem(html);
  INFO(problem);
  CHECK(problem.empty());
  CHECK(count_of(html, "<svg class=\"chart bars\"") == 6);
  CHECK(count_of(html, "<table class=\"breakdown\">") == 5);
  for (const char* id :
       {"rank-moves", "household_size", "age_band", "company_size", "priority", "department"}) {
    CHECK(html.find(fmt::format("id=\"{}\"", id)) != std::string::npos);
  }
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
}

TEST_CASE("the impact page of the hand-worked change reads right in a browser, in French") {
  // The change and its moves of the hand-worked case above: XLIL05 2 -> 1, RBX03 1 -> 2, both
  // rescored, no shortlist place changing hands.
  std::string g = grid_with("\"commission_refusals\"", "\"points_per_refusal\": 40",
                            "\"points_per_refusal\": 0");
  g.replace(g.find("\"points\": 10", g.find("\"id\": \"key_worker\"")), 12, "\"points\": 20");
  const temp_file grid("cotation_cli_test_impact_browser_grid.json", g);
  const auto page = std::filesystem::temp_directory_path() / "cotation-cli-impact-browser.html";
  REQUIRE(run({"impact", small_json, "--grid", grid.path(), "-o", page.string()}).code == 0);
  const auto text = cotation::testing::browser_file_text(page);
  std::filesystem::remove(page);
  if (!text) {
    WARN("chromium is not installed: the page was not rendered (bash cmake/install-deps.sh "
         "chromium)");
    return;
  }
  CHECK_THAT(*text, Catch::Contains("Rang changé 2 Score changé 2"));
  CHECK_THAT(*text, Catch::Contains("Places de liste changeant de main 0"));
  CHECK_THAT(*text, Catch::Contains("Demandes les plus touchées"));
  CHECK_THAT(*text, Catch::Contains("059012600057XLIL05 1 0 0 +1"));
  CHECK_THAT(*text, Catch::Contains("0591124009317RBX03 1 0 0 -1"));
  // The groups in French words, and no place lost printed as "-0".
  CHECK_THAT(*text, Catch::Contains("handicap dans le ménage"));
  CHECK_THAT(*text, Catch::Contains("aucune 5 1 1 2 0 0 +0"));
  CHECK(text->find("disability") == std::string::npos);
  CHECK(text->find(" -0 ") == std::string::npos);
}

TEST_CASE("impact refuses a grid field it does not know, another grid version and a bad choice") {
  const temp_file unknown(
      "cotation_cli_test_impact_unknown.json",
      grid_with("\"key_worker\"", "\"points\": 10", "\"points\": 10, \"bonus\": 5"));
  const temp_file versioned("cotation_cli_test_impact_version.json",
                            grid_with("{", "{", "{\"format\": \"cotation-grid/2\", "));
  check_refused({
      {{"impact", small_json}, "--grid is required"},
      {{"impact", small_json, "--grid", unknown.path()},
       unknown.path() + " at /criteria/15/bonus: unknown field"},
      {{"impact", small_json, "--grid", versioned.path()},
       versioned.path() + " at /format: unknown field"},
      {{"impact", small_json, "--grid", default_grid_file, "--current", small_json},
       small_json + " at /format: unknown field"},
      {{"impact", small_json, "--grid", default_grid_file, "--offers", "closed"},
       "--offers closed: give the day with --date YYYY-MM-DD"},
      {{"impact", small_json, "--grid", default_grid_file, "--offers", "some"},
       "--offers: some not in {all,closed,open}"},
      {{"impact", small_json, "--grid", default_grid_file, "--most", "-1"},
       "--most: -1 is negative"},
      {{"impact", small_json, "--grid", default_grid_file, "--format", "xml"},
       "--format: xml not in {table,json}"},
  });
}

// --- fairness ------------------------------------------------------------------------------
//
// Worked by hand from examples/data/small.json and the SPEC, on 2026-03-09 (--date):
// - the offers closed in the 12 months to that day: LIL-2026-0001 only (published 2026-03-02,
//   7 days); its candidates are RBX03 (+85), XLIL05 (+40) and BLIL02 (+35) (the rank golden
//   facts; KLIL01 and HLYO07 are not eligible), all three shortlisted (3 places).
// - the requests that may apply (SPEC 3.1: valid, dossier complete): every request but LYO03
//   (filed 2024-01-15, never renewed: expired 2025-01-15) and HLYO07 (payslips not validated):
//   11. By company size PME 4 (KLIL01, BLIL02, MPAR15, TPAR18), ETI 2 (RBX03, XLIL05), GE 5.
// - income per member for ceiling year 2026 (SPEC 1: N-2 = 2024, or 2025 when ≤ 90 % of it):
//   RBX03 24 900/3 = 8 300 (24 900 ≤ 25 740), NAN01 61 200/5 = 12 240, ANT02 52 300/4 = 13 075,
//   KLIL01 14 850, BLIL02 33 900/2 = 16 950, XLIL05 35 200/2 = 17 600, TPAR18 17 800, MPAR15
//   27 950, DPAR15 30 400, CPAR11 36 100; PPAR19 declared no 2024 income: unknown. Nearest-rank
//   quartile bounds over these 10: the 3rd, 5th and 8th values, 13 075, 16 950 and 27 950:
//   Q1 = {RBX03, NAN01, ANT02}, Q2 = {KLIL01, BLIL02}, Q3 = {XLIL05, TPAR18, MPAR15},
//   Q4 = {DPAR15, CPAR11}.
// - groups of the candidates on that day: RBX03 ETI, 3 persons (two dependants), 36 years old,
//   Q1; XLIL05 ETI, 2 persons, 26, Q3; BLIL02 PME, 2 persons, 27, Q2; none in a priority
//   situation (single parent and key worker are not), all in 059.
// - the attributions of [2025-03-09, 2026-03-09]: all ten of the document, PME 2, ETI 3, GE 5.
//   The ALS targets of 2026-03-09 (the document has none): shares of the 12 valid requests
//   (HLYO07 counts, its dossier does not matter), PME 4, ETI 3, GE 5, rounded down: 3 333,
//   2 500, 4 166 bp.

namespace {

/// small.json with LIL-2026-0001's shortlist of 1: RBX03 alone is shortlisted. Then (shares of
/// the 3 candidacies against the 1 place): ETI 66.67 % against 100 %, PME 33.33 % against 0,
/// households of 2 persons 66.67 % against 0 and of 3 persons 33.33 % against 100 %, ages
/// 25-29 66.67 % against 0 and 30-39 33.33 % against 100 %, Q1 33.33 % against 100 %, Q2 and
/// Q3 33.33 % against 0: 9 groups depart by more than 5 points; 5 of them (2, 3, 25-29, 30-39,
/// Q1) by 66.67 points, the others by 33.33.
std::string small_with_shortlist_of_one() {
  std::string d = read_text(small_json);
  const std::size_t at = d.find("\"id\": \"LIL-2026-0001\",");
  REQUIRE(at != std::string::npos);
  d.insert(at, "\"shortlist_size\": 1, ");
  return d;
}

const nlohmann::json& group_of(const nlohmann::json& j, const char* dimension, const char* label) {
  for (const nlohmann::json& g : j["breakdowns"][dimension]) {
    if (g["group"] == label) return g;
  }
  FAIL("no group " << label << " in " << dimension);
  throw std::logic_error("unreachable");
}

/// Every request number of small.json.
std::vector<std::string> small_request_numbers() {
  std::vector<std::string> numbers;
  // Named: a range-for over a member of a temporary document reads freed memory (C++20).
  const nlohmann::json document = nlohmann::json::parse(read_text(small_json));
  for (const nlohmann::json& a : document["applicants"]) {
    numbers.push_back(a["number"].get<std::string>());
  }
  return numbers;
}

}  // namespace

TEST_CASE("fairness of a data set gives each group's requests, candidacies, places and leases") {
  const outcome o = run({"fairness", small_json, "--date", "2026-03-09", "--format", "json"});
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(o.err.empty());
  const nlohmann::json j = nlohmann::json::parse(o.out);
  CHECK(j["from"] == "2025-03-09");
  CHECK(j["to"] == "2026-03-09");
  CHECK(j["margin_bp"] == 500);
  CHECK(j["candidates_known"] == true);
  CHECK(j["offers"] == 1);
  CHECK(j["requests"] == 11);
  CHECK(j["candidacies"] == 3);
  CHECK(j["shortlist_places"] == 3);
  CHECK(j["leases"] == 10);
  CHECK(j["flagged"] == 0);

  REQUIRE(j["breakdowns"]["company_size"].size() == 3);
  CHECK(j["breakdowns"]["company_size"][0]["group"] == "PME");
  CHECK(j["breakdowns"]["company_size"][1]["group"] == "ETI");
  CHECK(j["breakdowns"]["company_size"][2]["group"] == "GE");
  const nlohmann::json& pme = group_of(j, "company_size", "PME");
  CHECK(pme["requests"] == 4);
  CHECK(pme["requests_share_bp"] == 3636);  // 4/11 = 36.36 %
  CHECK(pme["candidacies"] == 1);
  CHECK(pme["candidacies_share_bp"] == 3333);
  CHECK(pme["shortlist_places"] == 1);
  CHECK(pme["leases"] == 2);
  CHECK(pme["leases_share_bp"] == 2000);
  const nlohmann::json& eti = group_of(j, "company_size", "ETI");
  CHECK(eti["requests"] == 2);
  CHECK(eti["candidacies_share_bp"] == 6667);
  CHECK(eti["leases"] == 3);
  const nlohmann::json& ge = group_of(j, "company_size", "GE");
  CHECK(ge["requests"] == 5);
  CHECK(ge["requests_share_bp"] == 4545);  // 5/11 = 45.45 %
  CHECK(ge["candidacies"] == 0);
  CHECK(ge["leases_share_bp"] == 5000);
  CHECK(ge["median_wait_days"].is_null());  // a data set's attributions do not say who

  // The attributions say only the company size.
  const nlohmann::json& two = group_of(j, "household_size", "2");
  CHECK(two["requests"] == 2);  // BLIL02, XLIL05
  CHECK(two["candidacies"] == 2);
  CHECK(two["leases"].is_null());
  CHECK(two["leases_share_bp"].is_null());

  CHECK(group_of(j, "income_quartile", "Q1")["requests"] == 3);
  CHECK(group_of(j, "income_quartile", "Q2")["requests"] == 2);
  CHECK(group_of(j, "income_quartile", "Q3")["requests"] == 3);
  CHECK(group_of(j, "income_quartile", "Q4")["requests"] == 2);
  CHECK(group_of(j, "income_quartile", "unknown")["requests"] == 1);
  CHECK(group_of(j, "income_quartile", "Q4")["candidacies"] == 0);
  CHECK(group_of(j, "age_band", "25-29")["candidacies"] == 2);
  CHECK(group_of(j, "priority", "none")["candidacies_share_bp"] == 10000);
  CHECK(group_of(j, "department", "059")["requests"] == 4);  // KLIL01, BLIL02, RBX03, XLIL05

  REQUIRE(j["als"].size() == 12);
  CHECK(j["als"][0]["from"] == "2025-03-09");
  CHECK(j["als"][0]["to"] == "2025-04-08");
  CHECK(j["als"][0]["pme"]["leases"] == 1);  // 2025-03-14
  CHECK(j["als"][0]["pme"]["share_bp"] == 10000);
  CHECK(j["als"][3]["pme"]["share_bp"].is_null());  // 2025-06-09 to 07-08: no attribution
  const nlohmann::json& last = j["als"][11];
  CHECK(last["from"] == "2026-02-09");
  CHECK(last["to"] == "2026-03-09");
  CHECK(last["ge"]["leases"] == 1);  // 2026-02-10
  CHECK(last["pme"]["target_bp"] == 3333);
  CHECK(last["eti"]["target_bp"] == 2500);
  CHECK(last["ge"]["target_bp"] == 4166);
}

TEST_CASE("fairness prints the groups as tables and names no request") {
  const outcome o = run({"fairness", small_json, "--date", "2026-03-09"});
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(o.out.find("Fairness from 2025-03-09 to 2026-03-09: 1 offers, 11 requests that may "
                   "apply, 3 candidacies, 3 shortlist places, 10 leases; margin 5.00 points") !=
        std::string::npos);
  CHECK(o.out.find("By income_quartile") != std::string::npos);
  CHECK(o.out.find("0 group(s) flagged") != std::string::npos);
  const std::string json =
      run({"fairness", small_json, "--date", "2026-03-09", "--format", "json"}).out;
  for (const std::string& number : small_request_numbers()) {
    INFO(number);
    CHECK(o.out.find(number) == std::string::npos);
    CHECK(json.find(number) == std::string::npos);
  }
}

TEST_CASE("fairness flags the groups whose shortlist share departs from their candidacy share") {
  const temp_file data("cotation_cli_test_fairness_short.json", small_with_shortlist_of_one());
  const outcome o = run({"fairness", data.path(), "--date", "2026-03-09", "--format", "json"});
  // The report is written, then the findings exit code.
  CHECK(o.code == 3);
  CHECK(o.err ==
        "cotation: 9 group(s) flagged: shortlist share more than 5.00 points from the candidacy "
        "share\n");
  const nlohmann::json j = nlohmann::json::parse(o.out);
  CHECK(j["shortlist_places"] == 1);
  CHECK(j["flagged"] == 9);
  const nlohmann::json& eti = group_of(j, "company_size", "ETI");
  CHECK(eti["candidacies_share_bp"] == 6667);
  CHECK(eti["shortlist_share_bp"] == 10000);
  CHECK(eti["flagged"] == true);
  CHECK(group_of(j, "company_size", "PME")["flagged"] == true);
  CHECK(group_of(j, "company_size", "GE")["flagged"] == false);  // 0 % of both
  CHECK(group_of(j, "household_size", "2")["flagged"] == true);
  CHECK(group_of(j, "household_size", "3")["flagged"] == true);
  CHECK(group_of(j, "household_size", "1")["flagged"] == false);
  CHECK(group_of(j, "age_band", "25-29")["flagged"] == true);
  CHECK(group_of(j, "age_band", "30-39")["flagged"] == true);
  CHECK(group_of(j, "income_quartile", "Q1")["flagged"] == true);
  CHECK(group_of(j, "income_quartile", "Q2")["flagged"] == true);
  CHECK(group_of(j, "income_quartile", "Q3")["flagged"] == true);
  CHECK(group_of(j, "priority", "none")["flagged"] == false);  // 100 % of both
  CHECK(group_of(j, "department", "059")["flagged"] == false);

  // More than the margin, not as much: 33.33 points flags the five groups 66.67 points away.
  const outcome wider = run({"fairness", data.path(), "--date", "2026-03-09", "--margin", "33.33"});
  CHECK(wider.code == 3);
  CHECK(wider.err.find("5 group(s) flagged") != std::string::npos);
  CHECK(wider.out.find("  household_size 2: 66.67 % of the candidacies, 0.00 % of the shortlist "
                       "places\n") != std::string::npos);
  CHECK(wider.out.find("company_size ETI:") == std::string::npos);
  const outcome none = run({"fairness", data.path(), "--date", "2026-03-09", "--margin", "66.67"});
  CHECK(none.code == 0);
  CHECK(none.err.empty());
}

TEST_CASE("fairness writes one self-contained page with a chart per group and ALS charts") {
  const temp_file data("cotation_cli_test_fairness_page.json", small_with_shortlist_of_one());
  const temp_file page("cotation_cli_test_fairness.html", "");
  const outcome o =
      run({"fairness", data.path(), "--date", "2026-03-09", "-o", page.path(), "--lang", "en"});
  CHECK(o.code == 3);
  CHECK(o.out.empty());
  const std::string html = read_text(page.path());
  const std::string problem = xml_problem(html);
  INFO(problem);
  CHECK(problem.empty());
  // Six breakdowns, and the ALS share against its target for each of the three sizes.
  CHECK(count_of(html, "<svg class=\"chart bars\"") == 9);
  CHECK(count_of(html, "<table class=\"fairness\">") == 6);
  for (const char* id : {"company_size", "household_size", "age_band", "income_quartile",
                         "priority", "department", "als-pme", "als-eti", "als-ge"}) {
    CHECK(html.find(fmt::format("id=\"{}\"", id)) != std::string::npos);
  }
  CHECK(count_of(html, "<tr class=\"flagged\">") == 9);
  // Twelve months in each ALS chart and in the table.
  CHECK(count_of(html, "data-row=\"2026-02-09 – 2026-03-09\"") == 6);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  for (const std::string& number : small_request_numbers()) {
    INFO(number);
    CHECK(html.find(number) == std::string::npos);
  }
}

TEST_CASE("fairness of a simulation gives the leases and median waits, and the ALS week by week") {
  // tests/cli/data/simulation_small.json: 7 leases, PME waits 120, 800 and 2 200 days (median
  // by nearest rank: the 2nd, 800), ETI 1 500 and 4 000 (the 1st, 1 500), GE 400 and 200 (200);
  // department 059 120, 400 and 800 (400). Three weeks: no lease the first, then PME 2 and GE 1
  // (PME 2/3 = 66.67 %), then PME 1, ETI 2, GE 1 (ETI 50 %).
  const outcome o = run({"fairness", "--simulation", simulation_small_json, "--format", "json"});
  INFO(o.err);
  REQUIRE(o.code == 0);
  const nlohmann::json j = nlohmann::json::parse(o.out);
  CHECK(j["candidates_known"] == false);
  CHECK(j["from"] == "2026-03-02");
  CHECK(j["to"] == "2026-03-22");
  CHECK(j["offers"] == 10);
  CHECK(j["requests"].is_null());
  CHECK(j["candidacies"] == 85);
  CHECK(j["shortlist_places"] == 30);
  CHECK(j["leases"] == 7);
  CHECK(j["flagged"] == 0);
  CHECK(j["breakdowns"].size() == 2);
  const nlohmann::json& pme = group_of(j, "company_size", "PME");
  CHECK(pme["leases"] == 3);
  CHECK(pme["leases_share_bp"] == 4286);  // 3/7 = 42.857 %
  CHECK(pme["median_wait_days"] == 800);
  CHECK(pme["candidacies"].is_null());
  CHECK(pme["candidacies_share_bp"].is_null());
  CHECK(group_of(j, "company_size", "ETI")["median_wait_days"] == 1500);
  CHECK(group_of(j, "company_size", "GE")["median_wait_days"] == 200);
  CHECK(group_of(j, "department", "059")["median_wait_days"] == 400);
  CHECK(group_of(j, "department", "075")["leases"] == 2);
  REQUIRE(j["als"].size() == 3);
  CHECK(j["als"][0]["pme"]["share_bp"].is_null());
  CHECK(j["als"][1]["pme"]["share_bp"] == 6667);
  CHECK(j["als"][1]["pme"]["target_bp"] == 3796);
  CHECK(j["als"][2]["from"] == "2026-03-16");
  CHECK(j["als"][2]["eti"]["share_bp"] == 5000);

  const temp_file page("cotation_cli_test_fairness_simulation.html", "");
  const outcome html_run =
      run({"fairness", "--simulation", simulation_small_json, "-o", page.path()});
  REQUIRE(html_run.code == 0);
  const std::string html = read_text(page.path());
  CHECK(xml_problem(html).empty());
  CHECK(count_of(html, "<svg class=\"chart bars\"") == 5);  // size, department, 3 ALS
  CHECK(html.find("ne dit pas qui étaient les candidats") != std::string::npos);
  // The document's leases name their requests; the report does not.
  const std::string table = run({"fairness", "--simulation", simulation_small_json}).out;
  const nlohmann::json document = nlohmann::json::parse(read_text(simulation_small_json));
  for (const nlohmann::json& lease : document["leases"]) {
    const std::string number = lease["request"].get<std::string>();
    INFO(number);
    CHECK(o.out.find(number) == std::string::npos);
    CHECK(table.find(number) == std::string::npos);
    CHECK(html.find(number) == std::string::npos);
  }
}

TEST_CASE("fairness refuses a missing or doubled input, a bad margin and a bad document") {
  const temp_file versioned("cotation_cli_test_fairness_simulation_version.json", [] {
    std::string d = read_text(simulation_small_json);
    d.replace(d.find("cotation-simulation/1"), 21, "cotation-simulation/9");
    return d;
  }());
  const temp_file unknown(
      "cotation_cli_test_fairness_grid.json",
      grid_with("\"key_worker\"", "\"points\": 10", "\"points\": 10, \"bonus\": 5"));
  check_refused({
      {{"fairness"}, "fairness needs a data set, or --simulation FILE"},
      {{"fairness", small_json, "--simulation", simulation_small_json},
       "--simulation excludes data: report either on a simulation document or on a data set"},
      {{"fairness", "--simulation", simulation_small_json, "--date", "2026-03-09"},
       "--simulation excludes --date"},
      {{"fairness", "--simulation", versioned.path()}, versioned.path() + " at /format"},
      {{"fairness", small_json, "--grid", unknown.path()},
       unknown.path() + " at /criteria/15/bonus: unknown field"},
      {{"fairness", small_json, "--margin", "2.555"},
       "--margin: \"2.555\" is not a number of percentage points with at most two decimals"},
      {{"fairness", small_json, "--margin", "-1"}, "--margin: \"-1\" is not a number"},
      {{"fairness", small_json, "--margin", "100.01"}, "--margin: 100.01 is more than 100 points"},
      {{"fairness", small_json, "--date", "2026-02-30"}, "--date: \"2026-02-30\" does not exist"},
      {{"fairness", small_json, "--format", "xml"}, "--format: xml not in {table,json}"},
  });
}

TEST_CASE("every golden file holds a fact worked by hand from its input and the SPEC") {
  struct fact {
    const char* file;
    const char* text;  // must appear in the file
    const char* why;
  };
  const fact facts[] = {
      {"rank.txt", "Eligible requests: 3 · positioned: 5",
       "LIL-2026-0001's positioning list in small.json names 5 requests"},
      {"rank.txt", "*     1  0591124009317RBX03    +85  2024-11-05",
       "RBX03 on LIL-2026-0001 at 2026-03-09: seniority +20 (both other candidates filed later), "
       "commission refusal of 2025-11-14 in the 12 months +40, compensated employer +5, single "
       "parent +10, low resources +10 (N-1 income 24 900 € ≤ 0.9 × 28 600 € replaces N-2; 24 900 "
       "≤ 60 % × PLUS 2026 zone 3 c4 45 374 €); 36 years old, hired 2016, effort 660/2 260,45 < "
       "33 %: nothing else; 85 (SPEC 1, 3.3, 4)"},
      {"rank.json", "\"request\": \"0591124009317RBX03\",\n          \"score\": 85,",
       "the same card as rank.txt, worked above"},
      {"rank_offer_date.txt", "75115 (zone 1) · T2 · 46 m² · PLS · 730,30 €",
       "75115 is a Paris arrondissement: zone 1 (SPEC 3.2); 642,30 + 88 = 730,30 €"},
      {"explain_fr.txt", "plafond PLUS 45 374 €",
       "RBX03: one adult and two dependants, 3 persons + 1 (single adult with dependants) = "
       "category 4 (SPEC 3.1); PLUS 2026 zone 3 c4 = 45 374 € (SPEC 3.3)"},
      {"explain_en.txt", "(1 refusal since 2025-03-09)",
       "the window of 12 months before 2026-03-09 starts on 2025-03-09 (SPEC 4)"},
      {"explain_date.txt", "(1 refusal since 2025-03-05)",
       "--date 2026-03-05: the window starts 12 months earlier, on 2025-03-05 (SPEC 4)"},
      {"explain_ineligible.txt", "3 pièces pour 1 personne : il faut entre 1 et 2 pièces",
       "KLIL01 lives alone: rooms within [1 − 1, 1 + 1], at least 1 (SPEC 3.3)"},
      {"explain_not_positioned.txt", "92050 (zone 2) · T5 · 97 m² · PLUS · 1 150 €",
       "92050 (Nanterre) is in Île-de-France but not in zone 1's list (SPEC 3.2); 965 + 185"},
      {"explain.json",
       "\"reference_date\": \"2026-03-09\",\n  \"language\": \"fr\",\n  "
       "\"positioned\": true",
       "BLIL02 is the first request of LIL-2026-0001's list; closing = 2026-03-02 + 7 days"},
      {"eligible.txt", "T5 PLUS        1 150 €  2026-05-14",
       "NAN-2026-0021: 965 + 185 = 1 150 €; published 2026-05-04 for 10 days"},
      {"eligible.json", "\"offer\": \"BOU-2026-0003\",\n      \"reference_date\": \"2026-04-13\"",
       "BOU-2026-0003 published 2026-04-06 for the default 7 days (SPEC 2)"},
      {"eligible_request.txt", "effort ratio 39,48 % (892,40 € of 2 260,45 €",
       "BOU-2026-0003: 905 + 152,40 − 165 housing benefit = 892,40 €; 892,40 / 2 260,45 = "
       "39,48 % (SPEC 3.4)"},
      {"eligible_request.json",
       "\"offer\": \"PAR-2026-0014\",\n      \"reference_date\": \"2026-03-23\",\n      "
       "\"positioned\": false",
       "RBX03 is not in PAR-2026-0014's list; published 2026-03-16 + 7 days"},
      {"aids.txt", "not_available: the aid is suspended since 2023-07-01",
       "Mobili-Pass is suspended since 1 July 2023 (SPEC 7)"},
      {"aids.json", "\"rent_cap\": 1300",
       "KLIL01, born 2001-09-14, is 24 on 2026-03-01: Visale by age; Lille is outside "
       "Île-de-France: rent cap 1 300 € (SPEC 7)"},
      {"generate_seed1_200_5.json", "\"format\": \"cotation/1\"",
       "a generated data set is a cotation/1 document (docs/format.md)"},
      {"report_LIL-2026-0001.html", "+40 Dossier refusé par une commission d&#39;attribution",
       "RBX03's commission refusal of 2025-11-14 is within 12 months of 2026-03-09 (SPEC 4)"},
      {"report_simulation_small.html", "Semaine 2 (2026-03-09)",
       "simulation_small.json starts 2026-03-02; week 2 starts 7 days later"},
      {"simulate_059_3000.txt", "   1  2026-03-02        20",
       "--offers-per-week 20: week 1 publishes 20 offers from the start date 2026-03-02"},
  };
  for (const fact& f : facts) {
    INFO(f.file << ": " << f.why);
    CHECK(read_text(golden_dir / f.file).find(f.text) != std::string::npos);
  }
  // Week 1 closes nothing: offers published from 2026-03-02 close 7 days later, in week 2.
  // The line's columns: week, from, published, positioned (drawn: not worked by hand), closed.
  const std::string sim = read_text(golden_dir / "simulate_059_3000.txt");
  const auto week1 = sim.find("\n   1  2026-03-02 ");
  REQUIRE(week1 != std::string::npos);
  std::istringstream line(sim.substr(week1 + 1, sim.find('\n', week1 + 1) - week1 - 1));
  std::string week, from, published, positioned, closed;
  line >> week >> from >> published >> positioned >> closed;
  CHECK(published == "20");
  CHECK(closed == "0");
  // generate --requests 200 --offers 5: 200 applicants and 5 offers (each has one
  // "publication_start", each applicant one "initial_filing").
  const std::string generated = read_text(golden_dir / "generate_seed1_200_5.json");
  const auto count = [&](std::string_view key) {
    std::size_t n = 0;
    for (auto at = generated.find(key); at != std::string::npos; at = generated.find(key, at + 1))
      ++n;
    return n;
  };
  CHECK(count("\"initial_filing\"") == 200);
  CHECK(count("\"publication_start\"") == 5);
}
