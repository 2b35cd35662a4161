// SPDX-License-Identifier: MIT
// <cotation/legal.hpp> on the hand-worked cast (tests/support/advice_cast.hpp). The sample offer
// closes 2025-03-08; ranked with A, B, C, D, E positioned: B 30, D 20, C 10, A 0, E not eligible
// (60 000 € above the PLUS 2025 zone 1 category 3 ceiling of 52 284 €).
#include <cotation/advice.hpp>
#include <cotation/error.hpp>
#include <cotation/legal.hpp>

#include <catch2/catch.hpp>

#include "advice_cast.hpp"

using namespace cotation;
using cotation::test::cast;
using cotation::test::closing;

namespace {

const applied_criterion& criterion_named(const legal_explanation& e, std::string_view id) {
  for (const applied_criterion& c : e.criteria) {
    if (c.id == id) return c;
  }
  FAIL("no criterion " << id);
  return e.criteria.front();
}

}  // namespace

TEST_CASE("a ranking made with points only cannot be explained and says why") {
  // The explanations read each candidate's score card; ranked without cards
  // (ranking_rules::score_cards false) there is none to read: a clear error, not a crash.
  cast k;
  ranking_rules points_only = k.rules;
  points_only.score_cards = false;
  const offer_ranking r = rank_offer(k.o, k.pool, k.positioned(), points_only, closing());
  REQUIRE_FALSE(r.candidates.empty());
  CHECK_FALSE(r.candidates[0].card.has_value());
  try {
    (void)explain_rank(k.o, r, k.pool, k.C().number);
    FAIL("explain_rank accepted a ranking without cards");
  } catch (const invalid_argument& e) {
    CHECK(e.where() == "ranking");
    CHECK(e.reason() ==
          "the ranking of O-1 was made without score cards "
          "(ranking_rules::score_cards)");
  }
  CHECK_THROWS_AS(explain_legally(k.C(), k.o, r, k.pool, k.grid), invalid_argument);
}

TEST_CASE("the legal explanation gives every criterion's points as applied to the person") {
  cast k;
  const offer_ranking r = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  // C: key worker +10; seniority 0 (only A, of the 3 others, filed later); 3rd of 4, presented.
  const legal_explanation e = explain_legally(k.C(), k.o, r, k.pool, k.grid);
  CHECK(e.eligible);
  CHECK(e.rank == std::optional<std::size_t>(3));
  CHECK(e.shortlisted);
  CHECK(e.places == 3);
  CHECK(e.score == std::optional<points>(points{10}));
  CHECK(e.grid_id == "alin-default-2026");
  CHECK(e.criteria.size() == 16);  // every criterion of SPEC 4, those not met at 0
  CHECK(criterion_named(e, "key_worker").points_for_them == std::optional<points>(points{10}));
  CHECK(criterion_named(e, "seniority").points_for_them == std::optional<points>(points{0}));
  CHECK(criterion_named(e, "dalo").points_for_them == std::optional<points>(points{0}));
  CHECK(criterion_named(e, "dalo").parameters == "+30");
  // Conditions checked (the offer is not reserved): active, dossier, income, ceiling, size,
  // effort, the three wishes; all met.
  CHECK(e.checks.size() == 9);
  for (const eligibility_check& c : e.checks) CHECK(c.passed);
  REQUIRE(e.ranking.has_value());
  CHECK(e.ranking->above->other_rank == 2);
  // The four headings, in French by default.
  CHECK(legal_item_title(0, language::fr).starts_with("1. Le degré et le mode"));
  CHECK(legal_item_title(3, language::en).starts_with("4. The operations"));
  CHECK(legal_item_title(4, language::fr).empty());
}

TEST_CASE("the legal explanation of an ineligible request names the failed condition") {
  cast k;
  const offer_ranking r = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  const legal_explanation e = explain_legally(k.E(), k.o, r, k.pool, k.grid, language::en);
  CHECK_FALSE(e.eligible);
  CHECK_FALSE(e.score.has_value());
  CHECK_FALSE(e.ranking.has_value());
  CHECK_FALSE(criterion_named(e, "key_worker").points_for_them.has_value());
  std::size_t failed = 0;
  for (const eligibility_check& c : e.checks) {
    if (c.passed) continue;
    ++failed;
    CHECK(c.condition == ineligibility::over_income_ceiling);
    REQUIRE(c.failure.has_value());
  }
  CHECK(failed == 1);
  // N did not position: there is no decision to explain.
  CHECK_THROWS_AS(explain_legally(k.N(), k.o, r, k.pool, k.grid), invalid_argument);
}

TEST_CASE("the legal explanation holds no other applicant's number or income") {
  cast k;
  const offer_ranking r = rank_offer(k.o, k.pool, k.positioned(), k.rules, closing());
  const legal_explanation e = explain_legally(k.C(), k.o, r, k.pool, k.grid);
  std::string all;
  for (const processed_datum& d : e.data) all += d.label + d.value + d.source + d.use;
  for (const applied_criterion& c : e.criteria) all += c.label + c.parameters + c.detail;
  for (const std::string& s : contribution_sentences(e)) all += s;
  for (const std::string& s : operation_sentences(e)) all += s;
  for (const applicant& other : k.people) {
    if (other.number == k.C().number) continue;
    CHECK(all.find(other.number.str()) == std::string::npos);
  }
  CHECK(all.find("60 000") == std::string::npos);            // E's income
  CHECK(all.find(k.C().number.str()) != std::string::npos);  // C's own number is there
}
