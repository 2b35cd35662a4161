// SPDX-License-Identifier: MIT
// The example service (examples/service/) driven through HTTP on a loopback port: a whole
// cycle with hand-worked ranks, who may see and do what, bad bodies, the privacy scan, and
// durability (a restart on the same folder, a SIGKILL of the service's process, bulk loads).
#include <fmt/format.h>
#include <httplib.h>

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cotation/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api.hpp"
#include "browser.hpp"
#include "loader.hpp"
#include "platform.hpp"
#include "service_process.hpp"

namespace {

namespace fs = std::filesystem;
using cotation::service::clock_mode;
using cotation::service::platform;

// Four requests of Lille (zone 3), one person each, the same contributing employer (+10 each).
// SPEC 4 worked by hand at the close (2026-03-09), default grid:
//   B 059042500202BLIL02 filed 2025-04-08, 29 years old, hosted: seniority +20 (the 3 others
//     filed later), contributing +10, under 30 +10, hosted +15 = 55
//   A 059012500101ALIL01 filed 2025-05-20, 35 years old, hosted: seniority +20 (2 of 3 others
//     later, more than half), contributing +10, hosted +15 = 45
//   C 059092500303CLIL03 filed 2025-09-15, 25 years old, homeless: seniority 0 (1 of 3 later),
//     contributing +10, under 30 +10, homeless +15 = 35
//   D 059112500404DLIL04 filed 2025-11-03, 40 years old, hosted: contributing +10, hosted +15
//     = 25
// No low-resources bonus: the 2026 PLUS ceiling of zone 3, category 1, is 23 403 €; 60 % is
// 14 041.80 € and every income is above it. Eligible: T2 for one person (rooms within
// [0, 2]), 510 € of rent + charges is under 33 % of each one's resources, incomes under the
// ceiling. Ranks: B 1, A 2, C 3, D 4; shortlist B, A, C.
struct person {
  const char* number;
  const char* filed;
  const char* born;
  int income;
  int resources;
  const char* housing;
};
constexpr person A{"059012500101ALIL01", "2025-05-20", "1990-05-02", 21000, 1750, "hosted"};
constexpr person B{"059042500202BLIL02", "2025-04-08", "1996-11-23", 19500, 1800, "hosted"};
constexpr person C{"059092500303CLIL03", "2025-09-15", "2001-02-14", 16000, 1600,
                   "homeless_or_shelter"};
constexpr person D{"059112500404DLIL04", "2025-11-03", "1985-07-30", 22000, 1900, "hosted"};
constexpr const char* offer_id = "LIL-2026-0100";

std::string applicant_json(const person& p) {
  return fmt::format(
      R"({{"number": "{}", "initial_filing": "{}", "household": {{"members": [{{"birth_date": )"
      R"("{}", "role": "reference_person"}}]}}, "incomes": [{{"year": 2024, "amount": {}}}], )"
      R"("monthly_resources": {}, "employment": {{"contract": "cdi", "net_monthly_salary": {}, )"
      R"("gross_monthly_salary": 2300, "employer": "830114526", "peec": "contributing", )"
      R"("size": "pme", "headcount": 45}}, "housing": {{"status": "{}"}}, "dossier": )"
      R"({{"required": [{{"kind": "identity", "validated": true}}], "employer_validated": true}}}})",
      p.number, p.filed, p.born, p.income, p.resources, p.resources, p.housing);
}

std::string event(std::string_view kind, std::string_view on, std::string_view rest = {}) {
  return fmt::format(R"({{"event": "{}", "on": "{}"{}}})", kind, on, rest);
}

// A folder for one test, removed at the end (the pid in the name: parallel ctest runs).
class scratch_dir {
 public:
  scratch_dir()
      : path_(fs::temp_directory_path() / fmt::format("cotation-service-{}-{}", ::getpid(), ++n_)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~scratch_dir() { fs::remove_all(path_); }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  /// The platform's folder inside it.
  [[nodiscard]] fs::path platform() const { return path_ / "platform"; }

 private:
  static inline int n_ = 0;
  fs::path path_;
};

// Where a service answers: in this process or a child one.
struct endpoint {
  int port = 0;
  std::string operator_token;

  httplib::Client client(const std::string& token = {}) const {
    httplib::Client c("127.0.0.1", port);
    if (!token.empty()) c.set_bearer_token_auth(token);
    return c;
  }
  // Applies an event as an operator; the status.
  int operate(const std::string& body) const {
    const auto r = client(operator_token).Post("/api/operator/events", body, "application/json");
    REQUIRE(r);
    INFO(r->body);
    return r->status;
  }
  std::string file(const person& p) const {
    const auto r = client().Post("/api/requests", applicant_json(p), "application/json");
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 201);
    const std::size_t at = r->body.find("\"token\": \"");
    REQUIRE(at != std::string::npos);
    return r->body.substr(at + 10, 64);
  }
};

// The platform of `dir` (created when missing), served in this process on a free loopback
// port until the object is destroyed; the folder stays.
class served_platform : public endpoint {
 public:
  explicit served_platform(const fs::path& dir) {
    platform_ = std::make_unique<platform>(
        cotation::service::platform_options{.data_dir = dir, .clock = clock_mode::engine});
    server_ = std::make_unique<cotation::service::http_server>(
        cotation::service::routes(*platform_),
        cotation::service::http_server_options{.threads = 8,
                                               .max_body_bytes = cotation::service::max_body_bytes});
    port = server_->bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->run(); });
    while (!server_->running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    operator_token = cotation::service::testing::operator_token(dir);
  }
  ~served_platform() {
    server_->stop();
    thread_.join();
  }
  served_platform(const served_platform&) = delete;
  served_platform& operator=(const served_platform&) = delete;
  platform& engine_platform() { return *platform_; }

 private:
  std::unique_ptr<platform> platform_;
  std::unique_ptr<cotation::service::http_server> server_;
  std::thread thread_;
};

std::string get(const endpoint& s, const std::string& token, const std::string& path) {
  const auto r = s.client(token).Get(path);
  REQUIRE(r);
  INFO(path << ": " << r->body);
  REQUIRE(r->status == 200);
  return r->body;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

struct tokens {
  std::string a, b, c, d;
};

// The cycle's opening: the clock on 2026-03-02, the four filings, the publication.
tokens open_window(const endpoint& s) {
  REQUIRE(s.operate(event("advance", "2026-03-02")) == 200);
  tokens t{s.file(A), s.file(B), s.file(C), s.file(D)};
  REQUIRE(s.operate(event("publish_offer", "2026-03-02",
                          R"(, "offer": {"id": "LIL-2026-0100", "commune": "59350", "rooms": 2, )"
                          R"("surface_m2": 48, "rent": 450, "charges": 60, "financing": "plus", )"
                          R"("publication_start": "2026-03-02"})")) == 200);
  return t;
}

// Positions the token's request on the offer; the answer must be a success.
void position(const endpoint& s, const std::string& token) {
  const auto r = s.client(token).Put(fmt::format("/api/me/positionings/{}", offer_id));
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
}

// After the close (2026-03-09): the ranks and scores worked by hand at the top of this file.
void check_hand_worked_ranks(const endpoint& s, const tokens& t) {
  const std::string dash_b = get(s, t.b, "/api/me");
  CHECK(contains(dash_b, "\"rank\": 1"));
  CHECK(contains(dash_b, "\"score\": 55"));
  CHECK(contains(dash_b, "\"shortlisted\": true"));
  const std::string dash_a = get(s, t.a, "/api/me");
  CHECK(contains(dash_a, "\"rank\": 2"));
  CHECK(contains(dash_a, "\"score\": 45"));
  const std::string dash_c = get(s, t.c, "/api/me");
  CHECK(contains(dash_c, "\"rank\": 3"));
  CHECK(contains(dash_c, "\"score\": 35"));
  const std::string dash_d = get(s, t.d, "/api/me");
  CHECK(contains(dash_d, "\"rank\": 4"));
  CHECK(contains(dash_d, "\"score\": 25"));
  CHECK(contains(dash_d, "\"shortlisted\": false"));
}

// The commission of 2026-03-12 on the shortlist B, A, C: B first, then A; C not attributed.
// B, first in priority, is then asked to answer.
void commission_and_check(const endpoint& s, const std::string& b) {
  REQUIRE(s.operate(event(
              "commission", "2026-03-12",
              R"(, "offer": "LIL-2026-0100", "decisions": [)"
              R"({"request": "059042500202BLIL02", "decision": "attribution", "priority": 1}, )"
              R"({"request": "059012500101ALIL01", "decision": "attribution", "priority": 2}, )"
              R"({"request": "059092500303CLIL03", "decision": "non_attribution"}])")) == 200);
  CHECK(contains(get(s, b, "/api/me"), "\"status\": \"awaiting_answer\""));
}

// What an operator and the four applicants read: equal texts mean an equal state.
std::vector<std::string> everything_read(const endpoint& s, const tokens& t) {
  std::vector<std::string> out{get(s, s.operator_token, "/api/operator/digest"),
                               get(s, s.operator_token, "/api/operator/offers/LIL-2026-0100")};
  for (const std::string* k : {&t.a, &t.b, &t.c, &t.d}) {
    out.push_back(get(s, *k, "/api/me"));
    out.push_back(get(s, *k, "/api/offers"));
  }
  return out;
}

// A whole cycle's opening in a fresh folder: the four requests positioned.
struct cycle {
  scratch_dir dir;
  served_platform s{dir.platform()};
  std::string a, b, c, d;
  cycle() {
    const tokens t = open_window(s);
    a = t.a;
    b = t.b;
    c = t.c;
    d = t.d;
    for (const std::string* k : {&a, &b, &c, &d}) position(s, *k);
  }
  [[nodiscard]] tokens all() const { return {a, b, c, d}; }
};

}  // namespace

TEST_CASE("a whole cycle through HTTP gives the hand-worked ranks and ends with the lease",
          "[service]") {
  cycle k;
  served_platform& s = k.s;

  const std::string offers = get(s, k.a, "/api/offers");
  CHECK(contains(offers, "\"eligible_count\": 4"));
  CHECK(contains(offers, "\"candidate_count\": 4"));
  CHECK(contains(offers, "\"positioned\": true"));

  REQUIRE(s.operate(event("advance", "2026-03-09")) == 200);  // the window closes
  check_hand_worked_ranks(s, k.all());

  commission_and_check(s, k.b);
  const auto refused = s.client(k.b).Post("/api/me/answers/LIL-2026-0100/refuse");
  REQUIRE(refused);
  CHECK(refused->status == 200);
  CHECK(contains(get(s, k.a, "/api/me"), "\"status\": \"awaiting_answer\""));
  const auto accepted = s.client(k.a).Post("/api/me/answers/LIL-2026-0100/accept");
  REQUIRE(accepted);
  CHECK(accepted->status == 200);
  REQUIRE(s.operate(event("sign_lease", "2026-03-20",
                          R"(, "offer": "LIL-2026-0100", "request": "059012500101ALIL01")")) ==
          200);
  CHECK(contains(get(s, k.a, "/api/me"), "\"state\": \"removed\""));
  const std::string offer = get(s, s.operator_token, "/api/operator/offers/LIL-2026-0100");
  CHECK(contains(offer, "\"state\": \"attributed\""));
  CHECK(contains(get(s, s.operator_token, "/api/operator/digest"), "\"clock\": \"2026-03-20\""));
}

TEST_CASE("every endpoint refuses a missing, unknown or wrong kind of token and changes nothing",
          "[service][security]") {
  cycle k;
  served_platform& s = k.s;
  const std::string before = get(s, s.operator_token, "/api/operator/digest");
  const std::string unknown(64, 'a');
  struct call {
    const char* method;
    std::string path;
    bool operator_only;
  };
  const std::vector<call> calls{
      {"GET", "/api/me", false},
      {"POST", "/api/me/renew", false},
      {"GET", "/api/offers", false},
      {"PUT", "/api/me/positionings/LIL-2026-0100", false},
      {"DELETE", "/api/me/positionings/LIL-2026-0100", false},
      {"POST", "/api/me/answers/LIL-2026-0100/accept", false},
      {"POST", "/api/operator/events", true},
      {"POST", "/api/operator/requests/059012500101ALIL01/tokens", true},
      {"GET", "/api/operator/digest", true},
      {"GET", "/api/operator/offers/LIL-2026-0100", true},
  };
  const auto send = [&](const call& c, const std::string& token) {
    httplib::Client cl = s.client(token);
    const std::string body =
        std::string_view(c.path) == "/api/operator/events" ? event("advance", "2026-03-30") : "";
    httplib::Result r = c.method == std::string_view("GET")   ? cl.Get(c.path)
                        : c.method == std::string_view("PUT") ? cl.Put(c.path)
                        : c.method == std::string_view("DELETE")
                            ? cl.Delete(c.path)
                            : cl.Post(c.path, body, "application/json");
    REQUIRE(r);
    return r->status;
  };
  for (const call& c : calls) {
    INFO(c.method << " " << c.path);
    CHECK(send(c, "") == 401);
    CHECK(send(c, unknown) == 401);
    if (c.operator_only) {
      CHECK(send(c, k.a) == 403);
    } else {
      CHECK(send(c, s.operator_token) == 403);
    }
  }
  CHECK(get(s, s.operator_token, "/api/operator/digest") == before);
}

TEST_CASE("bad bodies are refused with the place and the reason, and change nothing",
          "[service][security]") {
  cycle k;
  served_platform& s = k.s;
  const std::string before = get(s, s.operator_token, "/api/operator/digest");
  httplib::Client op = s.client(s.operator_token);

  const auto unknown_field =
      op.Post("/api/operator/events", R"({"event": "advance", "on": "2026-03-04", "extra": 1})",
              "application/json");
  REQUIRE(unknown_field);
  CHECK(unknown_field->status == 400);
  CHECK(contains(unknown_field->body, "/extra"));

  const auto truncated =
      op.Post("/api/operator/events", R"({"event": "advance", "on": )", "application/json");
  REQUIRE(truncated);
  CHECK(truncated->status == 400);

  const auto nested =
      op.Post("/api/operator/events", std::string(20000, '[') + std::string(20000, ']'),
              "application/json");
  REQUIRE(nested);
  CHECK(nested->status == 400);

  const auto oversized = s.client().Post(
      "/api/requests", std::string(cotation::service::max_body_bytes + 1, ' '), "application/json");
  REQUIRE(oversized);
  CHECK(oversized->status == 413);

  const auto bad_request = s.client().Post(
      "/api/requests", R"({"number": "059012500101ALIL01", "initial_filing": "2025-02-30"})",
      "application/json");
  REQUIRE(bad_request);
  CHECK(bad_request->status == 400);
  CHECK(contains(bad_request->body, "initial_filing"));

  const auto two_events = op.Post(
      "/api/operator/events",
      event("advance", "2026-03-04") + "\n" + event("advance", "2026-03-05"), "application/json");
  REQUIRE(two_events);
  CHECK(two_events->status == 400);

  const auto refused = s.client(k.a).Put("/api/me/positionings/NO-SUCH-OFFER");
  REQUIRE(refused);
  CHECK(refused->status == 404);
  const auto twice = s.client(k.a).Put("/api/me/positionings/LIL-2026-0100");
  REQUIRE(twice);
  CHECK(twice->status == 409);
  CHECK(contains(twice->body, "already_positioned"));

  CHECK(get(s, s.operator_token, "/api/operator/digest") == before);
}

TEST_CASE("no answer to an applicant carries another applicant's number or income",
          "[service][privacy]") {
  cycle k;
  served_platform& s = k.s;
  REQUIRE(s.operate(event("advance", "2026-03-09")) == 200);
  const std::vector<std::pair<const person*, std::string>> people{
      {&A, k.a}, {&B, k.b}, {&C, k.c}, {&D, k.d}};
  for (const auto& [me, token] : people) {
    // The API and the pages (through the login cookie) as this applicant sees them.
    std::vector<std::string> answers{get(s, token, "/api/me"), get(s, token, "/api/offers")};
    httplib::Client browser = s.client();
    const auto login = browser.Get(fmt::format("/connexion?jeton={}", token));
    REQUIRE(login);
    REQUIRE(login->status == 303);
    const std::string cookie = login->get_header_value("Set-Cookie");
    const std::string jar = cookie.substr(0, cookie.find(';'));
    for (const char* page : {"/tableau-de-bord", "/offres"}) {
      const auto r = browser.Get(page, {{"Cookie", jar}});
      REQUIRE(r);
      REQUIRE(r->status == 200);
      answers.push_back(r->body);
    }
    for (const auto& [other, unused] : people) {
      if (other == me) continue;
      for (const std::string& text : answers) {
        INFO(me->number << " sees " << text);
        CHECK_FALSE(contains(text, other->number));
        // The income as a number and as French text ("19 500 €", any kind of space).
        for (const char* space : {"", " ", "\u00a0", "\u202f"}) {
          CHECK_FALSE(contains(
              text, fmt::format("{}{}{:03}", other->income / 1000, space, other->income % 1000)));
        }
      }
    }
  }
}

TEST_CASE("the dashboard page shows the rank, the counts and the score card in French",
          "[service][pages]") {
  cycle k;
  served_platform& s = k.s;
  REQUIRE(s.operate(event("advance", "2026-03-09")) == 200);
  httplib::Client browser = s.client();
  const auto login = browser.Get(fmt::format("/connexion?jeton={}", k.b));
  REQUIRE(login);
  const std::string cookie = login->get_header_value("Set-Cookie");
  CHECK(contains(cookie, "HttpOnly"));
  const auto page =
      browser.Get("/tableau-de-bord", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(contains(page->body, "<dd class=\"rank\">1</dd>"));
  CHECK(contains(page->body, "<dd class=\"eligible\">4</dd>"));
  CHECK(contains(page->body, "<dd class=\"candidates\">4</dd>"));
  CHECK(contains(page->body, "<dd class=\"score\">55 points</dd>"));
  CHECK(contains(page->body, "name=\"viewport\""));
  const auto refused = browser.Get("/tableau-de-bord");
  REQUIRE(refused);
  CHECK(refused->status == 401);
}

TEST_CASE("the dashboard reads right in a phone-sized browser after the token's link",
          "[service][pages]") {
  cycle k;
  served_platform& s = k.s;
  REQUIRE(s.operate(event("advance", "2026-03-09")) == 200);
  // The link an operator sends: Chromium follows the redirect with the session cookie, as a
  // phone of 390 by 844 CSS pixels would.
  const auto text = cotation::testing::browser_text(
      fmt::format("http://127.0.0.1:{}/connexion?jeton={}", s.port, k.b), 390, 844);
  if (!text) {
    WARN("chromium is not installed: the page was not rendered (bash cmake/install-deps.sh "
         "chromium)");
    return;
  }
  INFO(*text);
  // B's line, worked by hand at the top of this file: 4 eligible, 4 candidates, rank 1, 55.
  CHECK(contains(*text, "Demandeurs éligibles 4 "));
  CHECK(contains(*text, "Candidats 4 "));
  CHECK(contains(*text, "Mon rang 1 "));
  CHECK(contains(*text, "Mon score 55 points "));
  for (const person* other : {&A, &C, &D}) CHECK_FALSE(contains(*text, other->number));
}

TEST_CASE("a restart on the same folder keeps every acknowledged action, and reads the same",
          "[service][durability]") {
  const scratch_dir dir;
  tokens t;
  {
    served_platform s(dir.platform());
    t = open_window(s);
    position(s, t.a);
    position(s, t.b);
  }  // the server and the platform are closed
  std::vector<std::string> closed;
  {
    served_platform s(dir.platform());
    // The tokens issued before the restart still work, and both positionings are there.
    CHECK(contains(get(s, t.c, "/api/offers"), "\"candidate_count\": 2"));
    position(s, t.c);
    position(s, t.d);
    REQUIRE(s.operate(event("advance", "2026-03-09")) == 200);  // the window closes
    check_hand_worked_ranks(s, t);
    closed = everything_read(s, t);
  }
  served_platform s(dir.platform());
  // The digest (with the journal's sequence), the offer's ranking, every dashboard and list.
  CHECK(everything_read(s, t) == closed);
  check_hand_worked_ranks(s, t);
  // And the cycle goes on from there.
  commission_and_check(s, t.b);
}

TEST_CASE("after a SIGKILL of the service, a restart finds every acknowledged positioning",
          "[service][durability]") {
  const scratch_dir dir;
  const int port = cotation::service::testing::free_port();
  tokens t;
  {
    cotation::service::testing::service_process p(COTATION_SERVICE_BINARY, dir.platform(), port);
    const endpoint e{port, cotation::service::testing::operator_token(dir.platform())};
    t = open_window(e);
    for (const std::string* k : {&t.a, &t.b, &t.c, &t.d}) position(e, *k);  // each answered 200
    p.kill_now();  // no clean stop, no snapshot: only the journal's commits
  }
  cotation::service::testing::service_process p(COTATION_SERVICE_BINARY, dir.platform(), port);
  const endpoint e{port, cotation::service::testing::operator_token(dir.platform())};
  CHECK(contains(get(e, t.a, "/api/offers"), "\"candidate_count\": 4"));
  REQUIRE(e.operate(event("advance", "2026-03-09")) == 200);
  check_hand_worked_ranks(e, t);
  CHECK(p.stop() == 0);  // SIGTERM: a clean stop
}

namespace {

cotation::data_set four_requests() {
  cotation::data_set d;
  for (const person* p : {&A, &B, &C, &D}) {
    d.applicants.push_back(cotation::applicant_from_json(applicant_json(*p), "test"));
  }
  return d;
}

}  // namespace

TEST_CASE("a data set loads into a fresh folder only, and survives a restart",
          "[service][durability]") {
  const scratch_dir dir;
  std::string digest;
  {
    platform p({.data_dir = dir.platform(), .clock = clock_mode::engine});
    const cotation::service::load_summary s =
        cotation::service::load_data_set(p, four_requests(), "four.json");
    CHECK(s.requests == 4);
    CHECK(p.sequence() == 4);  // four filings, nothing else
    digest = fmt::format("{}", p.digest().value);
    // A second load would mix two data sets.
    CHECK_THROWS_WITH(cotation::service::load_data_set(p, four_requests(), "again.json"),
                      Catch::Contains("fresh folder") && Catch::Contains("4 events"));
    // Back in synchronous commit after the load: a filing is acknowledged as usual.
    CHECK(p.sequence() == 4);
  }
  platform p({.data_dir = dir.platform(), .clock = clock_mode::engine});
  CHECK(p.sequence() == 4);
  CHECK(fmt::format("{}", p.digest().value) == digest);
  CHECK(p.dashboard(cotation::request_number::parse(B.number)).has_value());
}

TEST_CASE("a load refused half-way leaves the folder marked, and the next start refuses it",
          "[service][durability]") {
  const scratch_dir dir;
  cotation::data_set d = four_requests();
  d.applicants.push_back(d.applicants[1]);  // B twice: the engine refuses the second filing
  {
    platform p({.data_dir = dir.platform(), .clock = clock_mode::engine});
    CHECK_THROWS_WITH(cotation::service::load_data_set(p, d, "twice.json"),
                      Catch::Contains("applicants[4]"));
  }
  CHECK_THROWS_WITH(platform({.data_dir = dir.platform(), .clock = clock_mode::engine}),
                    Catch::Contains(dir.platform().string()) && Catch::Contains("twice.json") &&
                        Catch::Contains("did not finish"));
}

TEST_CASE("the work gate lets as many threads in as it is wide, the next when one leaves",
          "[threads]") {
  cotation::service::work_gate gate(2);
  gate.lock();
  gate.lock();
  std::atomic<bool> third_in{false};
  std::thread third([&] {
    gate.lock();
    third_in = true;
    gate.unlock();
  });
  // Two places taken: the third waits, however long it is given.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(third_in.load());
  gate.unlock();
  third.join();
  CHECK(third_in.load());
  gate.unlock();
  // A width of 0 (a machine that does not say its cores) is one place, not a gate that never
  // opens.
  cotation::service::work_gate narrow(0);
  narrow.lock();
  narrow.unlock();
}

TEST_CASE("an answer left to the committing thread runs once its write is committed, and the "
          "write survives a restart",
          "[service][durability]") {
  const scratch_dir dir;
  const auto n = cotation::request_number::parse(A.number);
  const cotation::offer_id o{offer_id};
  {
    platform p({.data_dir = dir.platform(), .clock = clock_mode::engine});
    const auto apply = [&](const std::string& line) {
      REQUIRE(p.apply(cotation::event_from_json_line(line, "test")).result.applied());
    };
    apply(event("advance", "2026-03-02"));
    REQUIRE(p.file_request(cotation::applicant_from_json(applicant_json(A), "A"))
                .write.result.applied());
    apply(event("publish_offer", "2026-03-02",
                R"(, "offer": {"id": "LIL-2026-0100", "commune": "59350", "rooms": 2, )"
                R"("surface_m2": 48, "rent": 450, "charges": 60, "financing": "plus", )"
                R"("publication_start": "2026-03-02"})"));
    // Committed already (the calls above waited): run at once, on this thread.
    std::thread::id ran_on;
    p.when_durable(p.sequence(), [&] { ran_on = std::this_thread::get_id(); });
    CHECK(ran_on == std::this_thread::get_id());

    // Not committed yet: left to the committing thread.
    const cotation::service::write_result w = p.position_unawaited(n, o);
    REQUIRE(w.result.applied());
    CHECK(w.sequence == 4);
    std::mutex m;
    std::condition_variable cv;
    std::optional<std::thread::id> committed_on;
    p.when_durable(w.sequence, [&] {
      const std::lock_guard lock(m);
      committed_on = std::this_thread::get_id();
      cv.notify_one();
    });
    std::unique_lock lock(m);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return committed_on.has_value(); }));
    CHECK(*committed_on != std::this_thread::get_id());
  }
  // The positioning whose answer ran is in the journal.
  platform p({.data_dir = dir.platform(), .clock = clock_mode::engine});
  CHECK(p.sequence() == 4);
  const std::optional<cotation::request_dashboard> d = p.dashboard(n);
  REQUIRE(d.has_value());
  REQUIRE(d->positionings.size() == 1);
  CHECK(d->positionings.front().offer == o);
}

TEST_CASE("answers left to the committing thread from many threads all run, once each",
          "[service][durability][threads]") {
  const scratch_dir dir;
  platform p({.data_dir = dir.platform(), .clock = clock_mode::engine});
  REQUIRE(p.apply(cotation::event_from_json_line(event("advance", "2026-03-02"), "test"))
              .result.applied());
  for (const person* who : {&A, &B, &C, &D}) {
    REQUIRE(p.file_request(cotation::applicant_from_json(applicant_json(*who), "applicant"))
                .write.result.applied());
  }
  REQUIRE(p.apply(cotation::event_from_json_line(
                      event("publish_offer", "2026-03-02",
                            R"(, "offer": {"id": "LIL-2026-0100", "commune": "59350", )"
                            R"("rooms": 2, "surface_m2": 48, "rent": 450, "charges": 60, )"
                            R"("financing": "plus", "publication_start": "2026-03-02"})"),
                      "test"))
              .result.applied());
  // Each thread positions and withdraws its request in turn; every answer is left to the
  // committing thread.
  constexpr int rounds = 50;
  std::atomic<int> answered{0};
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (const person* who : {&A, &B, &C, &D}) {
    threads.emplace_back([&, who] {
      const auto n = cotation::request_number::parse(who->number);
      const cotation::offer_id o{offer_id};
      for (int i = 0; i < rounds; ++i) {
        const cotation::service::write_result w =
            i % 2 == 0 ? p.position_unawaited(n, o) : p.withdraw_unawaited(n, o);
        if (w.result.applied()) ++applied;
        p.when_durable(w.sequence, [&] { ++answered; });
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < 1000 && answered.load() < 4 * rounds; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(answered.load() == 4 * rounds);
  CHECK(applied.load() == 4 * rounds);  // a withdrawal after each positioning, no refusal
  CHECK(p.sequence() == 6 + 4 * rounds);
}
