// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/request_number.hpp>

#include <catch2/catch.hpp>

#include <string>

using cotation::request_number;

TEST_CASE("published request number shapes are valid and keep their characters") {
  struct sample {
    const char* text;
    const char* department;
    int month;
  };
  const sample samples[] = {
      {"0590423808575GDPUB", "059", 4},  {"059102384157559900", "059", 10},
      {"02A0125000011ABCDE", "02A", 1},  {"9740324000017XYZ12", "974", 3},
      {"0751224000123ABCDE", "075", 12}, {"02B0625999999Z0000", "02B", 6},
  };
  for (const auto& s : samples) {
    INFO(s.text);
    CHECK_FALSE(request_number::check(s.text));
    const auto n = request_number::parse(s.text);
    CHECK(n.str() == s.text);
    CHECK(n.department().code() == s.department);
    CHECK(n.month() == s.month);
    CHECK(fmt::format("{}", n) == s.text);
  }
}

TEST_CASE("a malformed request number reports the first offending position and why") {
  struct bad_case {
    std::string text;
    std::size_t position;
    const char* why;
  };
  const bad_case cases[] = {
      {"0590423808575GDPU", 17, "a request number has 18 characters, this one has 17"},
      {"0590423808575GDPUBX", 18, "a request number has 18 characters, this one has 19"},
      {"", 0, "a request number has 18 characters, this one has 0"},
      {"0590423808575gDPUB", 13, "'g' is not allowed (only digits 0-9 and capital letters A-Z)"},
      {"0590423808575 DPUB", 13, "' ' is not allowed"},
      {"059042380857\xC3\xA9"
       "DPUB",
       12, "byte 0xC3 is not allowed"},
      {std::string("0590423808575G\0PUB", 18), 14, "byte 0x00 is not allowed"},
      {"0590423808575-DPUB", 13, "'-' is not allowed"},
      // A bad character is reported before the length.
      {"059042380857x", 12, "'x' is not allowed"},
      {"0000423808575GDPUB", 0, "department code \"000\" does not exist"},
      {"0200423808575GDPUB", 0, "department code \"020\" does not exist"},
      {"0960423808575GDPUB", 0, "department code \"096\" does not exist"},
      {"9750423808575GDPUB", 0, "department code \"975\" does not exist"},
      {"02C0423808575GDPUB", 0, "department code \"02C\" does not exist"},
      {"0590023808575GDPUB", 4, "filing month \"00\" must be 01-12"},
      {"0591323808575GDPUB", 4, "filing month \"13\" must be 01-12"},
      {"0592123808575GDPUB", 3, "filing month \"21\" must be 01-12"},
      {"059A123808575GDPUB", 3, "filing month \"A1\" must be 01-12"},
      {"05904A3808575GDPUB", 5, "filing year \"A3\" must be two digits"},
      {"059042B808575GDPUB", 6, "filing year \"2B\" must be two digits"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto problem = request_number::check(c.text);
    REQUIRE(problem);
    CHECK(problem->position == c.position);
    CHECK_THAT(problem->reason, Catch::Contains(c.why));
    try {
      (void)request_number::parse(c.text);
      FAIL("no exception");
    } catch (const cotation::invalid_request_number& e) {
      CHECK(e.position() == c.position);
      CHECK(e.reason() == problem->reason);
      // The place is given to people 1-based.
      CHECK_THAT(e.where(), Catch::Contains(fmt::format("at character {}", c.position + 1)));
      CHECK_THAT(e.where(), Catch::StartsWith("request number \""));
      CHECK_THAT(std::string(e.what()), Catch::Contains(c.why));
    }
  }
}

TEST_CASE("a malformed request number is also a cotation::error") {
  CHECK_THROWS_AS(request_number::parse("0590423808575GDPU"), cotation::error);
  CHECK_THROWS_WITH(request_number::parse("0590423808575GDPU"),
                    "request number \"0590423808575GDPU\" at character 18: a request number has "
                    "18 characters, this one has 17");
}

TEST_CASE("a rejected request number is quoted with its non-printable bytes escaped") {
  try {
    (void)request_number::parse(std::string("0590423808575G\0PUB", 18));
    FAIL("no exception");
  } catch (const cotation::invalid_request_number& e) {
    CHECK(e.where() == "request number \"0590423808575G\\x00PUB\" at character 15");
    // what() is a C string: it must not stop at the NUL.
    CHECK(std::string(e.what()) ==
          "request number \"0590423808575G\\x00PUB\" at character 15: byte 0x00 is not allowed "
          "(only digits 0-9 and capital letters A-Z)");
  }
  try {
    (void)request_number::parse(
        "059042380857\xC3\xA9"
        "DPUB");
    FAIL("no exception");
  } catch (const cotation::invalid_request_number& e) {
    CHECK(e.where() == "request number \"059042380857\\xC3\\xA9DPUB\" at character 13");
  }
}

TEST_CASE("request numbers are ordered by their characters") {
  const auto a = request_number::parse("0590423808575GDPUB");
  const auto b = request_number::parse("059102384157559900");
  const auto c = request_number::parse("0590423808575GDPUC");
  CHECK(a < b);
  CHECK(a < c);
  CHECK(c < b);
  CHECK(a == request_number::parse("0590423808575GDPUB"));
  CHECK(a != c);
}

TEST_CASE("a letter inside the sequence is accepted: SPEC 1 treats the sequence as opaque") {
  // 059 | 0625 | 0041X | K | LIL01: department 059, June 2025, then the opaque part. SPEC 1:
  // "validate length, character set and department prefix; treat the rest as opaque"
  // (docs/reliability.md records the decision).
  CHECK_FALSE(request_number::check("05906250041XKLIL01"));
  const auto n = request_number::parse("05906250041XKLIL01");
  CHECK(n.department().code() == "059");
  CHECK(n.month() == 6);
  // Outside the opaque part the layout still holds: a lower-case letter, a month 13.
  CHECK(request_number::check("05906250041xKLIL01"));
  CHECK(request_number::check("05913250041XKLIL01"));
}
