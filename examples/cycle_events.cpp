// SPDX-License-Identifier: MIT
// Drives the allocation cycle from events, as a service does: each event arrives as one JSON
// line (from a queue, an HTTP body, a file), is read with `event_from_json_line` and applied;
// the engine answers "applied" or "refused (code): reason". Then one applicant's dashboard, the
// state's digest, the same log replayed into a fresh engine (recovery after a restart) to the
// same digest, and a refused operation that leaves the state untouched.
//
//   cotation_cycle_events_example [log.jsonl]    (default: the log written below)
#include <fmt/format.h>

#include <cotation/dashboard.hpp>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/events.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

namespace {

// Four requests filed in Lille, a T2 published for 7 days (2 to 9 March 2026), four
// positionings, the close, the commission (two attributions in order, one dossier refused), the
// first attributed candidate refuses, the dwelling passes to the second, who accepts and signs.
// One event per line: adjacent literals are one line, "\n" ends it.
// clang-format off
constexpr const char* inline_log =
    R"({"event": "file_request", "on": "2026-03-02", "request": {"number": "059012500101ALIL01", )"
    R"("initial_filing": "2025-05-20", "household": {"members": [{"birth_date": "1990-05-02", )"
    R"("role": "reference_person"}]}, "incomes": [{"year": 2024, "amount": 21000}], )"
    R"("monthly_resources": 1750, "employment": {"contract": "cdi", "net_monthly_salary": 1750, )"
    R"("gross_monthly_salary": 2300, "employer": "830114526", "peec": "contributing", )"
    R"("size": "pme", "headcount": 45}, "housing": {"status": "hosted"}, "dossier": )"
    R"({"required": [{"kind": "identity", "validated": true}], "employer_validated": true}}})" "\n"
    R"({"event": "file_request", "on": "2026-03-02", "request": {"number": "059042500202BLIL02", )"
    R"("initial_filing": "2025-04-08", "household": {"members": [{"birth_date": "1996-11-23", )"
    R"("role": "reference_person"}]}, "incomes": [{"year": 2024, "amount": 19500}], )"
    R"("monthly_resources": 1800, "employment": {"contract": "cdi", "net_monthly_salary": 1800, )"
    R"("gross_monthly_salary": 2300, "employer": "830114526", "peec": "contributing", )"
    R"("size": "pme", "headcount": 45}, "housing": {"status": "hosted"}, "dossier": )"
    R"({"required": [{"kind": "identity", "validated": true}], "employer_validated": true}}})" "\n"
    R"({"event": "file_request", "on": "2026-03-02", "request": {"number": "059092500303CLIL03", )"
    R"("initial_filing": "2025-09-15", "household": {"members": [{"birth_date": "2001-02-14", )"
    R"("role": "reference_person"}]}, "incomes": [{"year": 2024, "amount": 16000}], )"
    R"("monthly_resources": 1600, "employment": {"contract": "cdi", "net_monthly_salary": 1600, )"
    R"("gross_monthly_salary": 2300, "employer": "830114526", "peec": "contributing", )"
    R"("size": "pme", "headcount": 45}, "housing": {"status": "homeless_or_shelter"}, "dossier": )"
    R"({"required": [{"kind": "identity", "validated": true}], "employer_validated": true}}})" "\n"
    R"({"event": "file_request", "on": "2026-03-02", "request": {"number": "059112500404DLIL04", )"
    R"("initial_filing": "2025-11-03", "household": {"members": [{"birth_date": "1985-07-30", )"
    R"("role": "reference_person"}]}, "incomes": [{"year": 2024, "amount": 22000}], )"
    R"("monthly_resources": 1900, "employment": {"contract": "cdi", "net_monthly_salary": 1900, )"
    R"("gross_monthly_salary": 2300, "employer": "830114526", "peec": "contributing", )"
    R"("size": "pme", "headcount": 45}, "housing": {"status": "hosted"}, "dossier": )"
    R"({"required": [{"kind": "identity", "validated": true}], "employer_validated": true}}})" "\n"
    R"({"event": "publish_offer", "on": "2026-03-02", "offer": {"id": "LIL-2026-0100", )"
    R"("commune": "59350", "rooms": 2, "surface_m2": 48, "rent": 450, "charges": 60, )"
    R"("financing": "plus", "publication_start": "2026-03-02"}})" "\n"
    R"({"event": "position", "on": "2026-03-03", "request": "059012500101ALIL01", )"
    R"("offer": "LIL-2026-0100"})" "\n"
    R"({"event": "position", "on": "2026-03-03", "request": "059042500202BLIL02", )"
    R"("offer": "LIL-2026-0100"})" "\n"
    R"({"event": "position", "on": "2026-03-04", "request": "059092500303CLIL03", )"
    R"("offer": "LIL-2026-0100"})" "\n"
    R"({"event": "position", "on": "2026-03-05", "request": "059112500404DLIL04", )"
    R"("offer": "LIL-2026-0100"})" "\n"
    R"({"event": "advance", "on": "2026-03-09"})" "\n"
    R"({"event": "commission", "on": "2026-03-12", "offer": "LIL-2026-0100", "decisions": [)"
    R"({"request": "059042500202BLIL02", "decision": "attribution", "priority": 1}, )"
    R"({"request": "059012500101ALIL01", "decision": "attribution", "priority": 2}, )"
    R"({"request": "059092500303CLIL03", "decision": "non_attribution"}]})" "\n"
    R"({"event": "answer", "on": "2026-03-14", "offer": "LIL-2026-0100", )"
    R"("request": "059042500202BLIL02", "answer": "refuse"})" "\n"
    R"({"event": "answer", "on": "2026-03-16", "offer": "LIL-2026-0100", )"
    R"("request": "059012500101ALIL01", "answer": "accept"})" "\n"
    R"({"event": "sign_lease", "on": "2026-03-20", "offer": "LIL-2026-0100", )"
    R"("request": "059012500101ALIL01"})" "\n";
// clang-format on

}  // namespace

int main(int argc, char** argv) {
  using namespace cotation;
  std::string text = inline_log;
  std::string source = "inline log";
  if (argc > 1) {
    std::ifstream file(argv[1]);
    std::ostringstream content;
    content << file.rdbuf();
    if (!file) {
      fmt::print(stderr, "error: {}: cannot be read\n", argv[1]);
      return 2;
    }
    text = content.str();
    source = argv[1];
  }
  try {
    // A live service: one event at a time; a refusal is an answer, not an exception. The
    // engine's clock is the date of the events (never the system's), so this is reproducible.
    allocation_engine engine;  // the default grid and the SPEC's delays
    std::istringstream lines(text);
    std::string line;
    std::size_t applied = 0;
    for (std::size_t k = 1; std::getline(lines, line); ++k) {
      const event e = event_from_json_line(line, fmt::format("{}:{}", source, k));
      const outcome result = engine.apply(e);
      fmt::print("{:<64} {}\n", describe(e), result);
      if (!result.applied()) {  // a service would answer the refusal; this log must apply
        fmt::print(stderr, "error: {}:{}: {}\n", source, k, result);
        return 2;
      }
      ++applied;
      if (std::holds_alternative<events::advance>(e)) {
        // The close ranked the candidates and drew the shortlist the commission decides on.
        for (const offer_record& r : engine.offers()) {
          if (!r.closing) continue;
          fmt::print("  {} closed: {} eligible, {} candidate(s)\n", r.offer.id,
                     r.closing->eligible_count, r.closing->candidate_count);
          for (const ranked_entry& x : r.closing->ranking) {
            fmt::print("    {}. {} {:>3} points\n", x.rank, x.request, x.score.value);
          }
          fmt::print("  shortlist: {}\n", fmt::join(r.closing->shortlist, " "));
        }
      }
    }

    // What the applicant who refused sees on the platform (the refusal costs −40 later).
    const auto page = dashboard(engine, request_number::parse("059042500202BLIL02"));
    if (page) fmt::print("\n{}\n", *page);

    const state_digest digest = engine.digest();
    fmt::print("\ndigest after {} events: {}\n", applied, digest);

    // Recovery after a restart: the same log replayed into a fresh engine gives the same state.
    // `replay` stops with a `log_error` naming `<source>:<line>` at the first bad or refused line.
    allocation_engine recovered;
    std::istringstream in(text);
    const std::size_t replayed = recovered.replay(in, source);
    fmt::print("{} events replayed into a new engine: digest {}\n", replayed, recovered.digest());

    // A refused operation changes nothing: the offer is attributed, the window long closed.
    const outcome late = engine.position(
        date(2026, 3, 21), request_number::parse("059112500404DLIL04"), offer_id{"LIL-2026-0100"});
    fmt::print("\nlate positioning: {}\ndigest unchanged: {}\n", late,
               engine.digest() == digest ? "yes" : "NO");
    return recovered.digest() == digest && engine.digest() == digest ? 0 : 1;
  } catch (const error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
}
