// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/events.hpp>
#include <cotation/generator.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine_support.hpp"

using namespace cotation;
using cotation::test::number;
using cotation::test::offer_from;
using cotation::test::ok;
using cotation::test::request_filed;
using cotation::test::ymd;

namespace {

const offer_id o1{"O-1"};

std::vector<event> one_of_each() {
  const date d = ymd(2025, 3, 3);
  return {events::file_request{d, request_filed(1, ymd(2024, 9, 1))},
          events::update_request{d, request_filed(1, ymd(2024, 9, 1))},
          events::renew_request{d, number(1)},
          events::remove_request{d, number(1)},
          events::publish_offer{d, offer_from("O-1", d)},
          events::position{d, number(1), o1},
          events::withdraw{d, number(1), o1},
          events::commission{d,
                             o1,
                             {{number(1), decision_kind::attribution, 1},
                              {number(2), decision_kind::conditional_attribution, 2},
                              {number(3), decision_kind::non_attribution, 0},
                              {number(4), decision_kind::inadmissible, 0}}},
          events::lift_condition{d, o1, number(2)},
          events::answer{d, o1, number(1), answer_kind::refuse},
          events::sign_lease{d, o1, number(1)},
          events::advance{d},
          events::record_attributions{
              d, {{ymd(2024, 5, 6), company_size::pme}, {ymd(2025, 1, 2), company_size::ge}}}};
}

/// The fault of reading `line`.
document_error read_error(std::string_view line) {
  try {
    (void)event_from_json_line(line, "line");
  } catch (const document_error& e) {
    return e;
  }
  FAIL("the line was read: " << line);
  throw std::logic_error("unreachable");
}

/// A small log: two requests, an offer, two positionings, the close (each event applies).
std::vector<std::string> small_log() {
  const std::vector<event> events{
      events::file_request{ymd(2025, 3, 1), request_filed(1, ymd(2024, 9, 1))},
      events::file_request{ymd(2025, 3, 1), request_filed(2, ymd(2024, 10, 1))},
      events::publish_offer{ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))},
      events::position{ymd(2025, 3, 2), number(1), o1},
      events::position{ymd(2025, 3, 3), number(2), o1},
      events::advance{ymd(2025, 3, 8)}};
  allocation_engine e;
  std::vector<std::string> lines;
  for (const event& ev : events) {
    ok(e.apply(ev));
    lines.push_back(to_json_line(ev));
  }
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + '\n';
  return out;
}

log_error replay_error(const std::string& text, allocation_engine& e) {
  std::istringstream in(text);
  try {
    (void)e.replay(in, "log");
  } catch (const log_error& err) {
    return err;
  }
  FAIL("the log was replayed");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("every event survives its JSON line, and the line is always the same") {
  for (const event& ev : one_of_each()) {
    INFO(describe(ev));
    const std::string line = to_json_line(ev);
    CHECK(line.find('\n') == std::string::npos);
    const event back = event_from_json_line(line + "\n");
    CHECK(back == ev);
    CHECK(to_json_line(back) == line);
  }
}

TEST_CASE("an event line names the operation, its date and its fields") {
  CHECK(to_json_line(events::position{ymd(2025, 3, 4), number(7), o1}) ==
        "{\"event\": \"position\", \"on\": \"2025-03-04\", \"request\": \"075092400007"
        "0ABCDE\", "
        "\"offer\": \"O-1\"}");
  CHECK(to_json_line(events::answer{ymd(2025, 3, 4), o1, number(7), answer_kind::accept}) ==
        "{\"event\": \"answer\", \"on\": \"2025-03-04\", \"offer\": \"O-1\", \"request\": "
        "\"0750924000070ABCDE\", \"answer\": \"accept\"}");
  CHECK(describe(events::withdraw{ymd(2025, 3, 4), number(7), o1}) ==
        "2025-03-04 withdraw 0750924000070ABCDE on O-1");
  CHECK(fmt::format("{}", event{events::advance{ymd(2025, 3, 4)}}) == "2025-03-04 advance");
}

TEST_CASE("a faulty event line is reported at the JSON pointer of the fault") {
  CHECK(read_error(R"({"event": "teleport", "on": "2025-03-04"})").where() == "/event");
  CHECK(read_error(R"({"on": "2025-03-04"})").where() == "/event");
  CHECK(read_error(R"({"event": "advance"})").reason() == "required field is missing");
  CHECK(read_error(R"({"event": "advance", "on": "2025-02-30"})").where() == "/on");
  CHECK(read_error(R"({"event": "advance", "on": "2025-03-04", "at": 1})").where() == "/at");
  CHECK(read_error(R"({"event": "advance", "on": "2025-03-04", "on": "2025-03-05"})").where() ==
        "/on");
  CHECK(read_error(R"({"event": "renew_request", "on": "2025-03-04", "request": "12"})").where() ==
        "/request");
  CHECK(read_error(R"({"event": "answer", "on": "2025-03-04", "offer": "O-1", "request": )"
                   R"("0750924000070ABCDE", "answer": "maybe"})")
            .where() == "/answer");
  CHECK(read_error(R"({"event": "commission", "on": "2025-03-04", "offer": "O-1", "decisions": )"
                   R"([{"request": "0750924000070ABCDE", "decision": "attribution", "rank": 1}]})")
            .where() == "/decisions/0/rank");
  const document_error truncated = read_error(R"({"event": "advance", "on": "2025-)");
  CHECK(truncated.source() == "line");
  CHECK(truncated.position().has_value());
  // An applicant inside an event is read as in a data set, faults at their pointer.
  std::string filed =
      to_json_line(events::file_request{ymd(2025, 3, 1), request_filed(1, ymd(2024, 9, 1))});
  filed.replace(filed.find("\"monthly_resources\": 3000"), 25, "\"monthly_resources\": -1");
  CHECK(read_error(filed).where() == "/request/monthly_resources");
}

TEST_CASE("replaying the log rebuilds the same state") {
  const std::vector<std::string> lines = small_log();
  std::istringstream in(join(lines));
  allocation_engine replayed;
  REQUIRE(replayed.replay(in) == lines.size());
  allocation_engine live;
  for (const auto& l : lines) ok(live.apply(event_from_json_line(l)));
  REQUIRE(replayed.digest() == live.digest());
  REQUIRE(replayed.snapshot() == live.snapshot());
  REQUIRE(replayed.find_offer(o1)->state == offer_state::closed);
  // The state itself, checked against the log's content rather than another engine's digest:
  // two requests filed, the clock at the last event (advance to 2025-03-08), O-1 closed on
  // 2025-03-08 (published 2025-03-01 for 7 days) with both requests positioned.
  CHECK(replayed.pool().size() == 2);
  CHECK(replayed.find_request(number(1)).has_value());
  CHECK(replayed.find_request(number(2)).has_value());
  CHECK(replayed.clock() == ymd(2025, 3, 8));
  const offer_record* o = replayed.find_offer(o1);
  CHECK(o->find_positioning(number(1)) != nullptr);
  CHECK(o->find_positioning(number(2)) != nullptr);
}

TEST_CASE("a corrupted log line is reported with its number and nothing after it is applied") {
  std::vector<std::string> lines = small_log();
  lines[2] = lines[2].substr(0, 20) + "#" + lines[2].substr(21);
  allocation_engine e;
  const log_error err = replay_error(join(lines), e);
  CHECK(err.line() == 3);
  CHECK(err.where() == "log:3");
  CHECK(err.applied() == 2);
  CHECK_THAT(err.what(), Catch::StartsWith("log:3"));
  // The lines before the fault stay applied (the two requests), nothing after it is.
  CHECK(e.pool().size() == 2);
  CHECK(e.offers().empty());
}

TEST_CASE("a truncated last line is reported and the lines before it stay applied") {
  std::vector<std::string> lines = small_log();
  std::string text = join(lines);
  text.resize(text.size() - 12);  // the advance line cut short, without its newline
  allocation_engine e;
  const log_error err = replay_error(text, e);
  CHECK(err.line() == lines.size());
  CHECK(err.applied() == lines.size() - 1);
  CHECK(e.find_offer(o1)->state == offer_state::published);
}

TEST_CASE("a blank line, an invalid event or a refused event in a log are faults") {
  std::vector<std::string> lines = small_log();
  {
    std::vector<std::string> blank = lines;
    blank.insert(blank.begin() + 1, "");
    allocation_engine e;
    const log_error err = replay_error(join(blank), e);
    CHECK(err.line() == 2);
    CHECK(err.reason() == "blank line");
  }
  {
    std::vector<std::string> invalid = lines;
    invalid[3] = R"({"event": "position", "on": "2025-03-02", "request": "0750924000010ABCDE"})";
    allocation_engine e;
    const log_error err = replay_error(join(invalid), e);
    CHECK(err.line() == 4);
    CHECK(err.pointer() == "/offer");
    CHECK(std::string(err.what()) == "log:4 at /offer: required field is missing");
  }
  {
    // Positioning before the offer is published: the engine refuses it.
    std::vector<std::string> refused = lines;
    std::swap(refused[2], refused[3]);
    allocation_engine e;
    const log_error err = replay_error(join(refused), e);
    CHECK(err.line() == 3);
    CHECK_THAT(err.reason(), Catch::Contains("unknown_offer"));
    CHECK(e.pool().size() == 2);
    CHECK(e.offers().empty());
  }
}

TEST_CASE("a snapshot loads back into the same state, and the cycle goes on from it") {
  allocation_engine e;
  for (int k = 1; k <= 4; ++k)
    ok(e.file_request(ymd(2025, 3, 1), request_filed(k, ymd(2024, k, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-2", ymd(2025, 3, 4))));
  for (int k = 1; k <= 4; ++k) ok(e.position(ymd(2025, 3, 4), number(k), o1));
  ok(e.position(ymd(2025, 3, 4), number(4), offer_id{"O-2"}));
  ok(e.withdraw(ymd(2025, 3, 5), number(4), o1));
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 9), o1,
                  {{number(1), decision_kind::conditional_attribution, 1},
                   {number(2), decision_kind::attribution, 2},
                   {number(3), decision_kind::non_attribution, 0}}));

  const std::string text = e.snapshot();
  allocation_engine loaded = allocation_engine::from_snapshot(text);
  REQUIRE(loaded.snapshot() == text);
  REQUIRE(loaded.digest() == e.digest());
  REQUIRE(*loaded.find_offer(o1) == *e.find_offer(o1));

  // The same events on both give the same states.
  const std::vector<event> next{
      events::lift_condition{ymd(2025, 3, 10), o1, number(1)},
      events::answer{ymd(2025, 3, 11), o1, number(1), answer_kind::refuse},
      events::advance{ymd(2025, 3, 30)}};
  for (const event& ev : next) {
    ok(e.apply(ev));
    ok(loaded.apply(ev));
    REQUIRE(loaded.digest() == e.digest());
  }
  REQUIRE(e.find_offer(o1)->find_attribution(number(2))->status == attribution_status::no_answer);
}

TEST_CASE("a snapshot of another grid or a faulty snapshot is refused at its pointer") {
  allocation_engine e;
  ok(e.file_request(ymd(2025, 3, 1), request_filed(1, ymd(2024, 9, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.position(ymd(2025, 3, 1), number(1), o1));
  ok(e.advance_to(ymd(2025, 3, 8)));
  std::string text = e.snapshot();

  engine_options other;
  other.grid.id = "another-grid";
  CHECK_THROWS_MATCHES(allocation_engine::from_snapshot(text, other), document_error,
                       Catch::Matchers::Predicate<document_error>(
                           [](const document_error& err) { return err.where() == "/grid"; }));
  std::string bad = text;
  bad.replace(bad.find("\"state\": \"closed\""), 17, "\"state\": \"shut\"");
  CHECK_THROWS_MATCHES(allocation_engine::from_snapshot(bad), document_error,
                       Catch::Matchers::Predicate<document_error>([](const document_error& err) {
                         return err.where() == "/offers/0/state";
                       }));
  CHECK_THROWS_AS(allocation_engine::from_snapshot(text.substr(0, text.size() / 2)),
                  document_error);
}

// -----------------------------------------------------------------------------------------------
// Random event sequences on a generated population.

namespace {

/// Drives an engine with a random, plausible month of the cycle in department 092: the
/// generated population files on day 0 (expired and removed ones are refused), offers are
/// published on their day, applicants position and withdraw, commissions decide at random,
/// applicants answer or not, leases are signed; renewals, removals, updates and a share of
/// operations that must be refused are mixed in.
/// An engine and the events it applied, in order (what a journal holds: the engine keeps none).
struct logged {
  allocation_engine engine;
  std::vector<event> log;
  outcome apply(const event& ev) {
    outcome o = engine.apply(ev);
    if (o.applied()) log.push_back(ev);
    return o;
  }
};

/// Applies an operation that may be refused; with `verify`, a refusal must leave the state as
/// it was (its snapshot, which the digest's sums do not check: they change only on commit).
void attempt(logged& e, const event& ev, bool verify) {
  if (!verify) {
    (void)e.apply(ev);
    return;
  }
  const std::string before = e.engine.snapshot();
  const outcome o = e.apply(ev);
  if (!o.applied()) {
    INFO(describe(ev) << ": " << o.reason);
    REQUIRE(e.engine.snapshot() == before);
  }
}

logged simulate(std::uint64_t seed, bool verify_refusals = false, std::size_t requests = 250) {
  const date start = ymd(2025, 3, 3);
  population_options p;
  p.seed = seed;
  p.requests = requests;
  p.reference = start;
  p.only_department = department::parse("092");
  const std::vector<applicant> people = generate_applicants(p);
  offer_options oo;
  oo.seed = seed;
  oo.offers = 16;
  oo.publication_start = start;
  oo.publication_days_spread = 10;
  oo.only_department = department::parse("092");
  const std::vector<offer> offers = generate_offers(oo);
  const applicant_pool population(people);

  std::mt19937_64 rng(seed);
  const auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };

  // With `verify_refusals`, a quarter of the operations are checked (a digest costs a snapshot),
  // and every one dated after the clock.
  const auto sampled = [&] { return verify_refusals && chance(25); };

  logged e;
  for (const applicant& a : people) attempt(e, events::file_request{start, a}, sampled());
  std::vector<std::vector<request_number>> interested(offers.size());
  for (std::size_t k = 0; k < offers.size(); ++k) {
    interested[k] = generate_positionings(population, offers[k], 12, seed + k);
  }

  for (int day = 0; day < 45; ++day) {
    const date today = start + boost::gregorian::days(day);
    ok(e.apply(events::advance{today}));
    for (const offer& o : offers) {
      if (o.publication_start == today) ok(e.apply(events::publish_offer{today, o}));
    }
    for (std::size_t k = 0; k < offers.size(); ++k) {
      const offer_record* r = e.engine.find_offer(offers[k].id);
      if (r == nullptr || interested[k].empty()) continue;
      if (r->state == offer_state::published) {
        for (int t = 0; t < 2; ++t) {
          attempt(e,
                  events::position{today, interested[k][pick(interested[k].size())], offers[k].id},
                  sampled());
        }
        if (chance(15)) {
          attempt(e,
                  events::withdraw{today, interested[k][pick(interested[k].size())], offers[k].id},
                  sampled());
        }
      } else if (r->state == offer_state::closed && chance(50)) {
        std::vector<candidate_decision> decisions;
        int priority = 1;
        for (const request_number& n : r->closing->shortlist) {
          if (!r->find_positioning(n)->active()) continue;
          const auto kind = static_cast<decision_kind>(pick(4));
          const bool attributes =
              kind == decision_kind::attribution || kind == decision_kind::conditional_attribution;
          decisions.push_back({n, kind, attributes ? priority++ : 0});
        }
        ok(e.apply(events::commission{today, offers[k].id, decisions}));
      } else if (r->state == offer_state::decided) {
        const attribution* a = r->holder();
        if (a == nullptr) continue;
        const request_number n = a->request;
        if (a->status == attribution_status::awaiting_condition && chance(50)) {
          ok(e.apply(events::lift_condition{today, offers[k].id, n}));
        } else if (a->status == attribution_status::awaiting_answer && chance(40)) {
          attempt(e,
                  events::answer{today, offers[k].id, n,
                                 chance(50) ? answer_kind::accept : answer_kind::refuse},
                  sampled());
        } else if (a->status == attribution_status::accepted && chance(50)) {
          ok(e.apply(events::sign_lease{today, offers[k].id, n}));
        }
      }
    }
    // Requests' lives, and operations that must be refused.
    const applicant& someone = people[pick(people.size())];
    if (chance(30)) attempt(e, events::renew_request{today, someone.number}, sampled());
    if (chance(5)) {
      attempt(e, events::remove_request{today, people[pick(people.size())].number}, sampled());
    }
    if (chance(20)) {
      if (const std::optional<applicant> a = e.engine.find_request(someone.number)) {
        applicant changed = *a;
        changed.wishes.max_rent = money::euros(400 + static_cast<std::int64_t>(pick(1200)));
        attempt(e, events::update_request{today, changed}, sampled());
      }
    }
    if (chance(30)) {
      REQUIRE(e.apply(events::position{today - boost::gregorian::days(1), someone.number,
                                       offers[0].id})
                  .refused == refusal::in_the_past);
    }
    if (chance(30)) {
      attempt(e, events::sign_lease{today, offers[pick(offers.size())].id, someone.number},
              sampled());
    }
    if (chance(10)) {
      // Dated after the clock: the days it moves through are undone when it is refused.
      attempt(e, events::withdraw{today + boost::gregorian::days(9), someone.number, offers[0].id},
              verify_refusals);
    }
  }
  return e;
}

}  // namespace

TEST_CASE("replaying randomly generated event sequences gives the live state") {
  for (const std::uint64_t seed : {1ULL, 7ULL, 2025ULL}) {
    INFO("seed " << seed);
    const logged run = simulate(seed);
    const allocation_engine& live = run.engine;
    std::ostringstream log;
    for (const event& ev : run.log) log << to_json_line(ev) << '\n';
    std::istringstream in(log.str());
    allocation_engine replayed;
    REQUIRE(replayed.replay(in) == run.log.size());
    REQUIRE(replayed.digest() == live.digest());
    REQUIRE(replayed.snapshot() == live.snapshot());
    // The sequence went through the whole cycle.
    std::size_t attributed = 0;
    std::size_t closed = 0;
    for (const offer_record& r : live.offers()) {
      attributed += r.state == offer_state::attributed ? 1 : 0;
      closed += r.state != offer_state::published ? 1 : 0;
    }
    CHECK(closed > 0);
    CHECK(live.statistics().size() == attributed);

    // A snapshot in the middle, then the rest of the log, gives the same end.
    const std::size_t half = run.log.size() / 2;
    allocation_engine first;
    for (std::size_t i = 0; i < half; ++i) ok(first.apply(run.log[i]));
    allocation_engine second = allocation_engine::from_snapshot(first.snapshot());
    for (std::size_t i = half; i < run.log.size(); ++i) ok(second.apply(run.log[i]));
    REQUIRE(second.digest() == live.digest());
  }
}

TEST_CASE("in a random sequence, every refused operation leaves the digest unchanged") {
  const logged e = simulate(3, true, 100);
  CHECK(e.log.size() > 100);
}

TEST_CASE("the same seed gives the same sequence and digest, another seed another") {
  CHECK(simulate(11).engine.digest() == simulate(11).engine.digest());
  CHECK(simulate(11).engine.digest() != simulate(12).engine.digest());
}

TEST_CASE("a record_attributions line lists dated attributions by company size") {
  const event ev =
      events::record_attributions{ymd(2025, 3, 3), {{ymd(2024, 5, 6), company_size::eti}}};
  CHECK(to_json_line(ev) ==
        R"({"event": "record_attributions", "on": "2025-03-03", "attributions": [{"on": )"
        R"("2024-05-06", "size": "eti"}]})");
  CHECK(read_error(R"({"event": "record_attributions", "on": "2025-03-03", "attributions": )"
                   R"([{"on": "2024-05-06", "size": "tpe"}]})")
            .where() == "/attributions/0/size");
}
