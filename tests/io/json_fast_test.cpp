// SPDX-License-Identifier: MIT
// The fast JSON parser (src/io/json_fast.cpp, simdjson) behind the data set readers, against the
// reference parser (nlohmann's, src/io/json_parse.cpp): the same data set from the same text,
// the same error at the same place, and the reference parser used only where the fast one stops.
// The library's headers do not expose either: the test declares the two functions it calls.
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <catch2/catch.hpp>

namespace cotation::detail {
std::size_t json_fast_parse_fallbacks() noexcept;
data_set read_data_set_reference(std::string_view json_text, std::string_view source_name);
}  // namespace cotation::detail

using cotation::data_set;
using cotation::document_error;
using cotation::detail::json_fast_parse_fallbacks;
using cotation::detail::read_data_set_reference;

namespace {

const std::filesystem::path small_json =
    std::filesystem::path(COTATION_SOURCE_DIR) / "examples" / "data" / "small.json";

std::string small_text() {
  std::ifstream in(small_json, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

/// `text` with its first `from` replaced by `to` (which must be there).
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

/// Reads `text` with both parsers and checks they agree; returns whether the fast one read it
/// alone (no fallback).
bool same_as_reference(const std::string& text) {
  const std::size_t before = json_fast_parse_fallbacks();
  std::optional<data_set> reference;
  std::optional<document_error> reference_error;
  try {
    reference = read_data_set_reference(text, "t.json");
  } catch (const document_error& e) {
    reference_error = e;
  }
  try {
    const data_set fast = cotation::read_data_set(text, "t.json");
    REQUIRE(reference);
    CHECK(fast == *reference);
  } catch (const document_error& e) {
    REQUIRE(reference_error);
    CHECK(e.where() == reference_error->where());
    CHECK(e.reason() == reference_error->reason());
    CHECK(e.position() == reference_error->position());
  }
  return json_fast_parse_fallbacks() == before;
}

}  // namespace

TEST_CASE("valid data sets read the same with the fast parser, without the reference parser") {
  const std::string small = small_text();
  const std::vector<std::string> documents = {
      small,
      // Compact, with CRLF line ends, the members in another order.
      "{\"offers\":[],\"format\":\"cotation/1\",\"applicants\":[]}",
      replaced(small, "\n", "\r\n"),
      // Escaped keys, at the root and in an item; escapes in a string value.
      replaced(replaced(small, "\"format\"", "\"\\u0066ormat\""), "\"initial_filing\"",
               "\"initial_\\u0066iling\""),
      replaced(small, "\"applicants\"", "\"appl\\u0069cants\""),
      // An integer written -0, an amount with a decimal.
      replaced(small, "\"headcount\": 45", "\"headcount\": -0"),
      // The applicants after the offers.
      "{\"format\": \"cotation/1\", \"offers\": [], \"applicants\": [] , \"positionings\" : [ ] }",
  };
  for (std::size_t k = 0; k < documents.size(); ++k) {
    INFO("document " << k);
    CHECK(same_as_reference(documents[k]));
  }
}

TEST_CASE(
    "a faulty data set gives the reference parser's error, found by the fast parser or "
    "after it") {
  const std::string small = small_text();
  // Syntax: the fast parser stops and the reference parser names the fault and its place.
  // (An item that is not an object before a syntax fault, `[1 2]`, is refused as an item first,
  // by both.)
  const std::vector<std::string> syntax = {
      replaced(small, "},\n    {", "}\n    {"),                    // no comma between items
      small + "x",                                                 // after the root
      small.substr(0, small.size() / 2),                           // cut in an item
      replaced(small, "\"cdd\"", "\"c\\xdd\""),                    // an unknown escape
      replaced(small, "\"headcount\": 45", "\"headcount\": 014"),  // a leading zero
      replaced(small, "\"headcount\": 45",
               "\"headcount\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
               "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]"
               "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),  // too deep
      replaced(small, "\"cdd\"", "\"cd\xff\""),             // not UTF-8
      "[]",
      "",
      "{\"format\": \"cotation/1\", \"applicants\": [] \"offers\": []}",
      // Not a fault, but left to the reference parser: an integer beyond 64 bits.
      replaced(small, "\"headcount\": 45", "\"headcount\": 18446744073709551616"),
  };
  for (std::size_t k = 0; k < syntax.size(); ++k) {
    INFO("syntax fault " << k);
    CHECK_FALSE(same_as_reference(syntax[k]));
  }
  // What the model refuses in well-formed JSON: the fast parser's tree, the same error.
  const std::vector<std::string> model = {
      replaced(small, "\"contract\": \"cdd\"", "\"contract\": \"cdi\", \"contract\": \"cdd\""),
      replaced(small, "\"headcount\": 45", "\"headcount\": 1.5e1"),
      replaced(small, "\"format\": \"cotation/1\"", "\"format\": \"cotation/2\""),
      "{\"format\": \"cotation/1\", \"applicants\": [1 2]}",
      replaced(small, "\"monthly_resources\": 1620", "\"monthly_resources\": 1620.125"),
      // An unknown field whose name holds an escaped quote and a bracket, in an item.
      replaced(small, "\"initial_filing\"", R"("x\"}y": 1, "initial_filing")"),
  };
  for (std::size_t k = 0; k < model.size(); ++k) {
    INFO("model fault " << k);
    CHECK(same_as_reference(model[k]));
  }
}

TEST_CASE("escapes and brackets in strings are skipped wherever they fall in the scan's blocks") {
  // The scan for an item's end reads sixteen bytes at a time: an escaped quote, an escaped
  // backslash before a closing quote, and brackets in a string, at every offset of a block.
  const std::string small = small_text();
  for (std::size_t pad = 0; pad < 32; ++pad) {
    for (const std::string_view key : {R"("x\"}]y")", R"("x\\")", R"("{[\\\"")"}) {
      INFO("pad " << pad << ", key " << key);
      const std::string text =
          replaced(small, "\"initial_filing\"",
                   std::string(pad, ' ') + std::string(key) + ": 1, \"initial_filing\"");
      CHECK(same_as_reference(text));
    }
  }
}

TEST_CASE("a data set larger than the parser's window reads the same from a file, into a pool",
          "[threads]") {
  // Larger than 1 MiB: parsed on a second thread while the calling one reads the items.
  // About 2.7 MB of applicants: values cross the 1 MiB window's refills.
  data_set d;
  d.applicants = cotation::generate_applicants(
      {.seed = 5, .requests = 2000, .reference = cotation::date(2026, 3, 2)});
  const std::string text = cotation::to_json(d);
  REQUIRE(text.size() > (std::size_t{2} << 20));
  const auto path = std::filesystem::temp_directory_path() / "cotation_json_fast_test.json";
  std::ofstream(path, std::ios::binary) << text;
  const std::size_t before = json_fast_parse_fallbacks();
  const data_set fast = cotation::read_data_set_file(path);
  const cotation::pooled_data_set pooled = cotation::read_pooled_data_set_file(path);
  CHECK(json_fast_parse_fallbacks() == before);
  CHECK(fast == read_data_set_reference(text, "t.json"));
  REQUIRE(pooled.requests.size() == d.applicants.size());
  for (std::size_t i = 0; i < d.applicants.size(); i += 37) {
    CHECK(pooled.requests.get(static_cast<cotation::pool_index>(i)) == d.applicants[i]);
  }
  // A number given twice, late and early (the sink stops while the parsing thread runs ahead):
  // the fast parser's error, the reference parser's.
  for (const std::size_t twice : {std::size_t{1999}, std::size_t{5}}) {
    std::string faulty = text;
    const std::string from(d.applicants[twice].number.str());
    faulty.replace(faulty.find(from), from.size(), d.applicants[0].number.str());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << faulty;
    try {
      (void)cotation::read_pooled_data_set_file(path);
      FAIL("expected a document_error");
    } catch (const document_error& e) {
      CHECK(e.where() == fmt::format("/applicants/{}/number", twice));
      CHECK(e.reason() == fmt::format("request number {} is already used by /applicants/0",
                                      d.applicants[0].number));
    }
    CHECK(json_fast_parse_fallbacks() == before);
  }
  // Cut short: the reference parser names the place, in the file.
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text.substr(0, text.size() - 100);
  try {
    (void)cotation::read_pooled_data_set_file(path);
    FAIL("expected a document_error");
  } catch (const document_error& e) {
    CHECK(e.reason().find("invalid JSON at line") == 0);
    CHECK(json_fast_parse_fallbacks() == before + 1);
  }
  std::filesystem::remove(path);
}
