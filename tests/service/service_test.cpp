// SPDX-License-Identifier: MIT
// The example service (examples/service/) driven through HTTP on a loopback port: a whole
// cycle with hand-worked ranks, who may see and do what, bad bodies, and the privacy scan.
#include <fmt/format.h>
#include <httplib.h>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api.hpp"
#include "platform.hpp"

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

// A platform in a fresh folder, served on a free loopback port for the test's duration.
class served_platform {
 public:
  served_platform() : dir_(fs::temp_directory_path() / fmt::format("cotation-service-{}-{}", ::getpid(), ++n_)) {
    fs::remove_all(dir_);
    platform_ = std::make_unique<platform>(
        cotation::service::platform_options{.data_dir = dir_, .clock = clock_mode::engine});
    cotation::service::install_routes(server_, *platform_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::ifstream in(dir_ / "operator.token");
    std::getline(in, operator_token_);
  }
  ~served_platform() {
    server_.stop();
    thread_.join();
    platform_.reset();
    fs::remove_all(dir_);
  }
  served_platform(const served_platform&) = delete;
  served_platform& operator=(const served_platform&) = delete;

  httplib::Client client(const std::string& token = {}) const {
    httplib::Client c("127.0.0.1", port_);
    if (!token.empty()) c.set_bearer_token_auth(token);
    return c;
  }
  const std::string& operator_token() const { return operator_token_; }
  platform& engine_platform() { return *platform_; }

  // Applies an event as an operator; the status.
  int operate(const std::string& body) const {
    const auto r = client(operator_token_).Post("/api/operator/events", body, "application/json");
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

 private:
  static inline int n_ = 0;
  fs::path dir_;
  std::unique_ptr<platform> platform_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::string operator_token_;
};

std::string get(const served_platform& s, const std::string& token, const std::string& path) {
  const auto r = s.client(token).Get(path);
  REQUIRE(r);
  INFO(path << ": " << r->body);
  REQUIRE(r->status == 200);
  return r->body;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A whole cycle: four filings, a publication, four positionings, the close, the commission,
// a refusal, an acceptance and the lease.
struct cycle {
  served_platform s;
  std::string a, b, c, d;
  cycle() {
    REQUIRE(s.operate(event("advance", "2026-03-02")) == 200);
    a = s.file(A);
    b = s.file(B);
    c = s.file(C);
    d = s.file(D);
    REQUIRE(s.operate(event(
                "publish_offer", "2026-03-02",
                R"(, "offer": {"id": "LIL-2026-0100", "commune": "59350", "rooms": 2, )"
                R"("surface_m2": 48, "rent": 450, "charges": 60, "financing": "plus", )"
                R"("publication_start": "2026-03-02"})")) == 200);
    for (const std::string* t : {&a, &b, &c, &d}) {
      const auto r = s.client(*t).Put(fmt::format("/api/me/positionings/{}", offer_id));
      REQUIRE(r);
      INFO(r->body);
      REQUIRE(r->status == 200);
    }
  }
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
  const std::string dash_b = get(s, k.b, "/api/me");
  CHECK(contains(dash_b, "\"rank\": 1"));
  CHECK(contains(dash_b, "\"score\": 55"));
  CHECK(contains(dash_b, "\"shortlisted\": true"));
  const std::string dash_a = get(s, k.a, "/api/me");
  CHECK(contains(dash_a, "\"rank\": 2"));
  CHECK(contains(dash_a, "\"score\": 45"));
  const std::string dash_c = get(s, k.c, "/api/me");
  CHECK(contains(dash_c, "\"rank\": 3"));
  CHECK(contains(dash_c, "\"score\": 35"));
  const std::string dash_d = get(s, k.d, "/api/me");
  CHECK(contains(dash_d, "\"rank\": 4"));
  CHECK(contains(dash_d, "\"score\": 25"));
  CHECK(contains(dash_d, "\"shortlisted\": false"));

  REQUIRE(s.operate(event("commission", "2026-03-12",
                          R"(, "offer": "LIL-2026-0100", "decisions": [)"
                          R"({"request": "059042500202BLIL02", "decision": "attribution", "priority": 1}, )"
                          R"({"request": "059012500101ALIL01", "decision": "attribution", "priority": 2}, )"
                          R"({"request": "059092500303CLIL03", "decision": "non_attribution"}])")) ==
          200);
  CHECK(contains(get(s, k.b, "/api/me"), "\"status\": \"awaiting_answer\""));
  const auto refused = s.client(k.b).Post("/api/me/answers/LIL-2026-0100/refuse");
  REQUIRE(refused);
  CHECK(refused->status == 200);
  CHECK(contains(get(s, k.a, "/api/me"), "\"status\": \"awaiting_answer\""));
  const auto accepted = s.client(k.a).Post("/api/me/answers/LIL-2026-0100/accept");
  REQUIRE(accepted);
  CHECK(accepted->status == 200);
  REQUIRE(s.operate(event("sign_lease", "2026-03-20",
                          R"(, "offer": "LIL-2026-0100", "request": "059012500101ALIL01")")) == 200);
  CHECK(contains(get(s, k.a, "/api/me"), "\"state\": \"removed\""));
  const std::string offer = get(s, s.operator_token(), "/api/operator/offers/LIL-2026-0100");
  CHECK(contains(offer, "\"state\": \"attributed\""));
  CHECK(contains(get(s, s.operator_token(), "/api/operator/digest"), "\"clock\": \"2026-03-20\""));
}

TEST_CASE("every endpoint refuses a missing, unknown or wrong kind of token and changes nothing",
          "[service][security]") {
  cycle k;
  served_platform& s = k.s;
  const std::string before = get(s, s.operator_token(), "/api/operator/digest");
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
    httplib::Result r = c.method == std::string_view("GET")    ? cl.Get(c.path)
                        : c.method == std::string_view("PUT")  ? cl.Put(c.path)
                        : c.method == std::string_view("DELETE") ? cl.Delete(c.path)
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
      CHECK(send(c, s.operator_token()) == 403);
    }
  }
  CHECK(get(s, s.operator_token(), "/api/operator/digest") == before);
}

TEST_CASE("bad bodies are refused with the place and the reason, and change nothing",
          "[service][security]") {
  cycle k;
  served_platform& s = k.s;
  const std::string before = get(s, s.operator_token(), "/api/operator/digest");
  httplib::Client op = s.client(s.operator_token());

  const auto unknown_field = op.Post("/api/operator/events",
                                     R"({"event": "advance", "on": "2026-03-04", "extra": 1})",
                                     "application/json");
  REQUIRE(unknown_field);
  CHECK(unknown_field->status == 400);
  CHECK(contains(unknown_field->body, "/extra"));

  const auto truncated = op.Post("/api/operator/events", R"({"event": "advance", "on": )",
                                 "application/json");
  REQUIRE(truncated);
  CHECK(truncated->status == 400);

  const auto nested = op.Post("/api/operator/events", std::string(20000, '[') + std::string(20000, ']'),
                              "application/json");
  REQUIRE(nested);
  CHECK(nested->status == 400);

  const auto oversized = s.client().Post("/api/requests",
                                         std::string(cotation::service::max_body_bytes + 1, ' '),
                                         "application/json");
  REQUIRE(oversized);
  CHECK(oversized->status == 413);

  const auto bad_request =
      s.client().Post("/api/requests", R"({"number": "059012500101ALIL01", "initial_filing": "2025-02-30"})",
                      "application/json");
  REQUIRE(bad_request);
  CHECK(bad_request->status == 400);
  CHECK(contains(bad_request->body, "initial_filing"));

  const auto two_events = op.Post("/api/operator/events",
                                  event("advance", "2026-03-04") + "\n" + event("advance", "2026-03-05"),
                                  "application/json");
  REQUIRE(two_events);
  CHECK(two_events->status == 400);

  const auto refused = s.client(k.a).Put("/api/me/positionings/NO-SUCH-OFFER");
  REQUIRE(refused);
  CHECK(refused->status == 404);
  const auto twice = s.client(k.a).Put("/api/me/positionings/LIL-2026-0100");
  REQUIRE(twice);
  CHECK(twice->status == 409);
  CHECK(contains(twice->body, "already_positioned"));

  CHECK(get(s, s.operator_token(), "/api/operator/digest") == before);
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
          CHECK_FALSE(contains(text, fmt::format("{}{}{:03}", other->income / 1000, space,
                                                 other->income % 1000)));
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
  const auto page = browser.Get("/tableau-de-bord", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
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
