// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/ranking.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "builders.hpp"

using namespace cotation;
using cotation::test::candidate;
using cotation::test::closing;
using cotation::test::number;
using cotation::test::sample_applicant;
using cotation::test::sample_offer;
using cotation::test::ymd;

namespace {

struct fixture {
  compiled_grid grid{default_grid()};
  attribution_statistics statistics;
  ranking_rules rules{.grid = grid, .statistics = statistics, .score_cards = true};
};

std::vector<request_number> numbers_of(const std::vector<applicant>& as) {
  std::vector<request_number> out;
  for (const auto& a : as) out.push_back(a.number);
  return out;
}

std::vector<request_number> ranked_numbers(const offer_ranking& r) {
  std::vector<request_number> out;
  for (const auto& c : r.candidates) out.push_back(c.number);
  return out;
}

/// 10 GE attributions and 1 PME attribution on 2025-01-10 (within 12 months of `closing()`).
attribution_statistics ten_ge_and_one_pme() {
  std::vector<attribution_record> records;
  for (int k = 0; k < 10; ++k) records.push_back({ymd(2025, 1, 10), company_size::ge});
  records.push_back({ymd(2025, 1, 10), company_size::pme});
  return attribution_statistics(records);
}

}  // namespace

TEST_CASE("candidates are ranked by score, the older request earning the seniority points") {
  fixture f;
  std::vector<applicant> as{candidate(1, ymd(2024, 6, 1)), candidate(2, ymd(2020, 6, 1)),
                            candidate(3, ymd(2022, 6, 1))};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  CHECK(r.candidate_count == 3);
  CHECK(r.eligible_count == 3);
  REQUIRE(r.candidates.size() == 3);
  CHECK(r.candidates[0].number == number(2));
  CHECK(r.candidates[0].rank == 1);
  CHECK(r.candidates[0].score - r.candidates[1].score == points{20});
  // Equal scores below: the earlier filing date ranks first.
  CHECK(r.candidates[1].number == number(3));
  CHECK(r.candidates[2].number == number(1));
  CHECK(r.candidates[2].rank == 3);
  CHECK(r.shortlist().size() == 3);
}

TEST_CASE("the eligible count covers the whole pool, positioned or not") {
  fixture f;
  std::vector<applicant> as;
  for (int k = 0; k < 6; ++k) as.push_back(candidate(k, ymd(2020, 1, 1 + k)));
  as[5].incomes = {{2023, money::euros(90000)}};  // over the ceiling: not eligible
  const applicant_pool pool(as);
  const std::vector<request_number> positioned{number(0), number(1), number(5)};
  const auto r = rank_offer(sample_offer(), pool, positioned, f.rules, closing());
  CHECK(r.eligible_count == 5);
  CHECK(r.candidate_count == 2);
  REQUIRE(r.ineligible.size() == 1);
  CHECK(r.ineligible[0].number == number(5));
  REQUIRE(r.ineligible[0].reasons.size() == 1);
  CHECK(r.ineligible[0].reasons[0].reason == ineligibility::over_income_ceiling);
  CHECK(r.find(number(5)) == nullptr);
  CHECK(r.find(number(1))->rank == 2);
}

TEST_CASE("the shortlist is the head of the ranking, of the configured size") {
  fixture f;
  std::vector<applicant> as;
  for (int k = 0; k < 5; ++k) as.push_back(candidate(k, ymd(2019, 3, 1 + k)));
  const applicant_pool pool(as);
  auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  REQUIRE(r.shortlist().size() == 3);
  CHECK(r.shortlist()[2].number == r.candidates[2].number);
  f.rules.shortlist_size = 1;
  r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  REQUIRE(r.shortlist().size() == 1);
  CHECK(r.shortlist()[0].rank == 1);
  f.rules.shortlist_size = 10;
  r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  CHECK(r.shortlist().size() == 5);
}

TEST_CASE("equal scores and filing dates are ordered by income per household member") {
  fixture f;
  applicant rich = candidate(1, ymd(2021, 1, 1));
  applicant poor = candidate(2, ymd(2021, 1, 1));
  rich.incomes = {{2023, money::euros(36000)}};  // 12 000 € per member
  poor.incomes = {{2023, money::euros(35999)}};
  std::vector<applicant> as{rich, poor};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  REQUIRE(r.candidates.size() == 2);
  CHECK(r.candidates[0].score == r.candidates[1].score);
  CHECK(r.candidates[0].number == number(2));
}

TEST_CASE("income per member is compared exactly across household sizes") {
  const rank_key two{points{10}, ymd(2021, 1, 1), money::euros(30000), 2, number(1)};
  const rank_key three{points{10}, ymd(2021, 1, 1), money::euros(45000), 3, number(2)};
  // 15 000 € per member each: the request number decides.
  CHECK(two < three);
  CHECK_FALSE(three < two);
  const rank_key three_less{points{10}, ymd(2021, 1, 1), money::cents(4499999), 3, number(2)};
  CHECK(three_less < two);
}

TEST_CASE("when everything else is equal the lower request number ranks first") {
  fixture f;
  std::vector<applicant> as{candidate(7, ymd(2021, 1, 1)), candidate(3, ymd(2021, 1, 1))};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  CHECK(ranked_numbers(r) == std::vector{number(3), number(7)});
}

TEST_CASE("a higher score beats an older request") {
  fixture f;
  applicant young = candidate(1, ymd(2024, 1, 1));
  young.situation.dalo = true;  // +30
  std::vector<applicant> as{candidate(2, ymd(2015, 1, 1)), young};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  CHECK(r.candidates[0].number == number(1));
  CHECK(r.candidates[0].score == points{30});
  CHECK(r.candidates[1].score == points{20});
}

TEST_CASE("the order of the positionings does not change the ranking") {
  fixture f;
  std::vector<applicant> as;
  for (int k = 0; k < 40; ++k) as.push_back(candidate(k, ymd(2018 + k % 7, 1 + k % 12, 1)));
  for (int k = 0; k < 40; k += 5) as[static_cast<std::size_t>(k)].situation.key_worker = true;
  const applicant_pool pool(as);
  auto positioned = numbers_of(as);
  const auto reference = rank_offer(sample_offer(), pool, positioned, f.rules, closing());
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(positioned.begin(), positioned.end(), rng);
    const auto r = rank_offer(sample_offer(), pool, positioned, f.rules, closing());
    CHECK(ranked_numbers(r) == ranked_numbers(reference));
  }
}

TEST_CASE("an unknown or repeated positioning is rejected with its place") {
  fixture f;
  std::vector<applicant> as{candidate(1, ymd(2021, 1, 1))};
  const applicant_pool pool(as);
  const std::vector<request_number> unknown{number(1), number(9)};
  CHECK_THROWS_MATCHES(rank_offer(sample_offer(), pool, unknown, f.rules, closing()),
                       cotation::invalid_argument,
                       Catch::Matchers::Predicate<cotation::invalid_argument>(
                           [](const auto& e) { return e.where() == "positioned[1]"; }));
  const std::vector<request_number> twice{number(1), number(1)};
  CHECK_THROWS_WITH(rank_offer(sample_offer(), pool, twice, f.rules, closing()),
                    Catch::Contains("positioned twice"));
  // The first place that repeats an earlier one is named, and the next call is not affected
  // by the marks of the failed one.
  std::vector<applicant> three{candidate(1, ymd(2021, 1, 1)), candidate(2, ymd(2021, 2, 1)),
                               candidate(3, ymd(2021, 3, 1))};
  const applicant_pool larger(three);
  const std::vector<request_number> repeats{number(3), number(2), number(1), number(2), number(3)};
  CHECK_THROWS_MATCHES(rank_offer(sample_offer(), larger, repeats, f.rules, closing()),
                       cotation::invalid_argument,
                       Catch::Matchers::Predicate<cotation::invalid_argument>(
                           [](const auto& e) { return e.where() == "positioned[3]"; }));
  const std::vector<request_number> each_once{number(2), number(3), number(1)};
  CHECK(rank_offer(sample_offer(), larger, each_once, f.rules, closing()).candidates.size() +
            rank_offer(sample_offer(), larger, each_once, f.rules, closing()).ineligible.size() ==
        3);
}

TEST_CASE("an offer without candidates has an empty ranking and shortlist") {
  fixture f;
  std::vector<applicant> as{candidate(1, ymd(2021, 1, 1))};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, {}, f.rules, closing());
  CHECK(r.candidate_count == 0);
  CHECK(r.eligible_count == 1);
  CHECK(r.shortlist().empty());
}

TEST_CASE("the ALS bonus goes to the under-represented company size") {
  fixture f;
  f.statistics = ten_ge_and_one_pme();
  f.rules.als_targets = {basis_points{4500}, basis_points{2500}, basis_points{3000}};
  applicant pme = candidate(1, ymd(2021, 1, 1));
  pme.employment.size = company_size::pme;
  applicant ge = candidate(2, ymd(2021, 1, 1));
  ge.employment.size = company_size::ge;
  std::vector<applicant> as{ge, pme};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  CHECK(r.candidates[0].number == number(1));
  CHECK(r.candidates[0].score == points{15});
  CHECK(r.candidates[1].score == points{0});
}

TEST_CASE("without targets, the ALS bonus compares with each size's share of active requests") {
  // SPEC 4: the default target is the category's share of the active requests. The pool holds
  // 3 PME and 1 GE requests, all active on 2025-03-08: targets PME 75 %, GE 25 %. In the
  // window, 1 PME and 10 GE attributions: PME 1/11 = 9.1 %, more than 5 points below 75 %
  // (+15); GE 90.9 %, not below 25 % (0). With zero targets nobody would get it.
  fixture f;
  f.statistics = ten_ge_and_one_pme();
  std::vector<applicant> as;
  for (const int k : {1, 3, 4}) {
    as.push_back(candidate(k, ymd(2021, 1, 1)));
    as.back().employment.size = company_size::pme;
  }
  as.push_back(candidate(2, ymd(2021, 1, 1)));
  as.back().employment.size = company_size::ge;
  const applicant_pool pool(as);
  const std::vector<request_number> positioned{number(2), number(1)};
  REQUIRE_FALSE(f.rules.als_targets);
  const std::array<basis_points, company_size_count> expected{basis_points{7500}, basis_points{0},
                                                              basis_points{2500}};
  CHECK(f.rules.als_targets_for(pool, closing()) == expected);
  const auto r = rank_offer(sample_offer(), pool, positioned, f.rules, closing());
  REQUIRE(r.candidates.size() == 2);
  CHECK(r.candidates[0].number == number(1));
  CHECK(r.candidates[0].score == points{15});
  CHECK(r.candidates[1].number == number(2));
  CHECK(r.candidates[1].score == points{0});
  // Targets given are applied as given: PME 10 %, and 9.1 % is not more than 5 points below.
  f.rules.als_targets = {basis_points{1000}, basis_points{0}, basis_points{9000}};
  const auto given = rank_offer(sample_offer(), pool, positioned, f.rules, closing());
  CHECK(given.candidates[0].score == points{0});
  CHECK(given.candidates[1].score == points{0});
}

TEST_CASE(
    "a PLAI offer of a year without PLUS ceilings ranks and says low resources were not "
    "evaluated") {
  // The bundled ceilings of 2022 publish PLAI only. A PLAI T3 in Paris (zone 1) closing on
  // 2022-03-08: a family of three (category 3) with a 2020 income of 15 000 € is under the
  // PLAI 2022 ceiling (28 582 €, SPEC 3.3) and eligible; the low-resources criterion needs the
  // PLUS ceiling of 2022, which is not published: a 0-point line says so (SPEC 3.4).
  fixture f;
  applicant a = sample_applicant();
  a.initial_filing = ymd(2021, 9, 1);
  a.incomes = {{2020, money::euros(15000)}};
  const std::vector<applicant> as{a};
  const applicant_pool pool(as);
  offer o = sample_offer();
  o.financing = financing::plai;
  o.publication_start = ymd(2022, 3, 1);
  REQUIRE(o.closing_date() == ymd(2022, 3, 8));
  const auto r = rank_offer(o, pool, numbers_of(as), f.rules, o.closing_date());
  REQUIRE(r.candidates.size() == 1);
  const score_card& card = *r.candidates[0].card;
  const auto line = std::find_if(card.lines.begin(), card.lines.end(), [](const score_line& l) {
    return std::holds_alternative<scoring_facts::no_plus_ceiling>(l.facts);
  });
  REQUIRE(line != card.lines.end());
  CHECK(line->value == points{0});
  CHECK(std::get<scoring_facts::no_plus_ceiling>(line->facts).income == money::euros(15000));
  CHECK_THAT(explain(f.grid, card),
             Catch::Contains("non évalué : aucun plafond PLUS n'est publié pour ce ménage"));
}

TEST_CASE("the batch gives the same rankings as offer by offer, whatever the thread count",
          "[threads]") {
  fixture f;
  std::vector<applicant> as;
  for (int k = 0; k < 30; ++k) as.push_back(candidate(k, ymd(2016 + k % 9, 1 + k % 12, 3)));
  const applicant_pool pool(as);
  std::vector<offer> offers;
  std::vector<std::vector<request_number>> positioned;
  for (int k = 0; k < 12; ++k) {
    offer o = sample_offer();
    o.id = offer_id{fmt::format("O-{}", k)};
    o.publication_start = ymd(2025, 3, 1 + k);
    offers.push_back(o);
    std::vector<request_number> p;
    for (int j = k; j < 30; j += 2) p.push_back(number(j));
    positioned.push_back(p);
  }
  std::vector<offer_positionings> batch;
  for (std::size_t k = 0; k < offers.size(); ++k) batch.push_back({&offers[k], positioned[k]});
  for (const unsigned threads : {1U, 2U, 5U}) {
    const auto all = rank_offers(batch, pool, f.rules, threads);
    REQUIRE(all.size() == offers.size());
    for (std::size_t k = 0; k < offers.size(); ++k) {
      const auto one =
          rank_offer(offers[k], pool, positioned[k], f.rules, offers[k].closing_date());
      CHECK(all[k].offer == offers[k].id);
      CHECK(ranked_numbers(all[k]) == ranked_numbers(one));
      CHECK(all[k].eligible_count == one.eligible_count);
    }
  }
}

TEST_CASE("the card of one candidate only: its own, the same as among all cards, points alike") {
  fixture f;
  std::vector<applicant> as;
  for (int k = 0; k < 8; ++k) as.push_back(candidate(k, ymd(2017 + k % 5, 1 + k, 3)));
  as[3].situation.single_parent = true;
  const applicant_pool pool(as);
  const offer o = sample_offer();
  ranking_rules all = f.rules;
  all.score_cards = true;
  const auto with_all = rank_offer(o, pool, numbers_of(as), all, closing());
  ranking_rules one = f.rules;
  one.score_cards = false;
  one.card_for = number(3);
  const auto with_one = rank_offer(o, pool, numbers_of(as), one, closing());
  REQUIRE(with_one.candidates.size() == with_all.candidates.size());
  for (std::size_t r = 0; r < with_all.candidates.size(); ++r) {
    const ranked_candidate& a = with_all.candidates[r];
    const ranked_candidate& b = with_one.candidates[r];
    CHECK(b.number == a.number);
    CHECK(b.score == a.score);
    if (b.number == number(3)) {
      REQUIRE(b.card);
      CHECK(*b.card == *a.card);
    } else {
      CHECK_FALSE(b.card);
    }
  }
  // Someone not positioned: no card for anybody.
  one.card_for = number(42);
  for (const ranked_candidate& c : rank_offer(o, pool, numbers_of(as), one, closing()).candidates) {
    CHECK_FALSE(c.card);
  }
}

TEST_CASE("counts set by a caller are found by offer and date, and replaced when set again") {
  eligible_counts counts;
  const offer_id a{"A"};
  const offer_id b{"B"};
  counts.set(b, ymd(2025, 3, 8), 7);
  counts.set(a, ymd(2025, 3, 9), 4);
  counts.set(a, ymd(2025, 3, 8), 3);
  CHECK(counts.size() == 3);
  CHECK(counts.find(a, ymd(2025, 3, 8)) == std::size_t{3});
  CHECK(counts.find(a, ymd(2025, 3, 9)) == std::size_t{4});
  CHECK(counts.find(b, ymd(2025, 3, 8)) == std::size_t{7});
  CHECK_FALSE(counts.find(b, ymd(2025, 3, 9)));
  counts.set(a, ymd(2025, 3, 8), 9);
  CHECK(counts.size() == 3);
  CHECK(counts.find(a, ymd(2025, 3, 8)) == std::size_t{9});
  // rank_offer takes the count as given (the pool holds one eligible request, not 9).
  fixture f;
  const std::vector<applicant> as{candidate(1, ymd(2021, 1, 1))};
  const applicant_pool pool(as);
  const offer o = sample_offer();
  eligible_counts given;
  given.set(o.id, closing(), 9);
  CHECK(rank_offer(o, pool, numbers_of(as), f.rules, closing(), given).eligible_count == 9);
  CHECK(rank_offer(o, pool, numbers_of(as), f.rules, closing()).eligible_count == 1);
}

TEST_CASE("a failing offer of a batch is named in the error") {
  fixture f;
  std::vector<applicant> as{candidate(1, ymd(2021, 1, 1))};
  const applicant_pool pool(as);
  const offer o = sample_offer();
  const std::vector<request_number> good{number(1)};
  const std::vector<request_number> bad{number(4)};
  const std::vector<offer_positionings> batch{{&o, good}, {&o, bad}};
  CHECK_THROWS_MATCHES(rank_offers(batch, pool, f.rules, 2), cotation::invalid_argument,
                       Catch::Matchers::Predicate<cotation::invalid_argument>(
                           [](const auto& e) { return e.where() == "offers[1].positioned[0]"; }));
}

// --- Properties on generated pools ----------------------------------------------------------

namespace {

struct generated_case {
  std::vector<applicant> applicants;
  std::vector<offer> offers;
};

generated_case generated(std::uint64_t seed, std::size_t requests, std::size_t offers) {
  const date today(2026, 3, 2);
  generated_case g;
  g.applicants = generate_applicants({.seed = seed,
                                      .requests = requests,
                                      .reference = today,
                                      .only_department = department::parse("059")});
  g.offers = generate_offers({.seed = seed + 1,
                              .offers = offers,
                              .publication_start = today,
                              .only_department = department::parse("059")});
  return g;
}

}  // namespace

TEST_CASE("on generated pools the ranking is a total order over exactly the eligible positioned") {
  fixture f;
  std::size_t cases = 0;
  std::size_t ranked = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const auto g = generated(seed, 3000, 60);
    const applicant_pool pool(g.applicants);
    f.rules.als_targets = default_targets(pool.active_requests_by_size(date(2026, 3, 2)));
    for (std::size_t k = 0; k < g.offers.size(); ++k) {
      const offer& o = g.offers[k];
      const std::size_t how_many = k % 3 == 0 ? 400 : 60;  // both sides of the radix threshold
      const auto positioned = generate_positionings(pool, o, how_many, seed * 1000 + k);
      const auto r = rank_offer(o, pool, positioned, f.rules, o.closing_date());
      ++cases;
      ranked += r.candidate_count;
      REQUIRE(r.candidates.size() + r.ineligible.size() == positioned.size());
      CHECK(r.candidate_count == r.candidates.size());
      CHECK(r.eligible_count >= r.candidate_count);
      CHECK(r.shortlist_size == std::min<std::size_t>(3, r.candidates.size()));
      std::vector<request_number> seen;
      for (std::size_t c = 0; c < r.candidates.size(); ++c) {
        const ranked_candidate& rc = r.candidates[c];
        CHECK(rc.rank == c + 1);
        CHECK(rc.score == rc.card->total);
        const applicant& a = g.applicants[rc.request];
        CHECK(check_eligibility(a, o, o.closing_date()).eligible());
        seen.push_back(rc.number);
        if (c > 0) {
          const ranked_candidate& prev = r.candidates[c - 1];
          const applicant& b = g.applicants[prev.request];
          const int year = o.ceiling_year();
          const rank_key before{prev.score, b.initial_filing, reference_income_for(b, year)->amount,
                                b.household.persons(), b.number};
          const rank_key after{rc.score, a.initial_filing, reference_income_for(a, year)->amount,
                               a.household.persons(), a.number};
          CHECK(before < after);
        }
      }
      for (const ineligible_candidate& ic : r.ineligible) {
        CHECK_FALSE(check_eligibility(g.applicants[ic.request], o, o.closing_date()).eligible());
        CHECK_FALSE(ic.reasons.empty());
        seen.push_back(ic.number);
      }
      std::sort(seen.begin(), seen.end());
      std::vector<request_number> expected(positioned.begin(), positioned.end());
      std::sort(expected.begin(), expected.end());
      CHECK(seen == expected);
    }
  }
  CHECK(cases == 240);
  CHECK(ranked > 10000);  // not vacuous: many candidates were ranked
}

TEST_CASE("on generated pools each card is the one scoring the applicant value gives") {
  // The ranking scores from the pool's columns, reusing one set of facts from candidate to
  // candidate; scoring each applicant value on its own must give the same cards.
  fixture f;
  const auto g = generated(5, 2000, 20);
  const applicant_pool pool(g.applicants);
  std::size_t lines = 0;
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    const offer& o = g.offers[k];
    const auto positioned = generate_positionings(pool, o, 300, 500 + k);
    const auto r = rank_offer(o, pool, positioned, f.rules, o.closing_date());
    std::vector<date> filings;
    for (const ranked_candidate& c : r.candidates) {
      filings.push_back(g.applicants[c.request].initial_filing);
    }
    scoring_context ctx;
    ctx.reference = o.closing_date();
    ctx.seniority = seniority_field::from(filings);
    ctx.als = f.statistics.shares(o.closing_date(), f.grid.als_window_months().value_or(12),
                                  f.rules.als_targets_for(pool, o.closing_date()));
    for (const ranked_candidate& c : r.candidates) {
      CHECK(*c.card == score(f.grid, g.applicants[c.request], o, ctx));
      lines += c.card->lines.size();
    }
  }
  CHECK(lines > 1000);  // not vacuous
}

TEST_CASE("ranking reads each request as its applicant value says, narrow values or not") {
  // Ranking reads a fixed head per request and the lists of its record (and its mobility and
  // current effort, when it has them); a request with a value the head cannot hold (an amount
  // beyond 21 million euros a month, a record longer than 255 bytes before its wishes, a date
  // after 2079-06-06) is decoded whole instead. Both ways must give the gate's failures and the
  // cards of the applicant values.
  fixture f;
  auto g = generated(9, 1500, 40);
  std::mt19937 rng(9);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::size_t wide = 0;
  for (std::size_t k = 0; k < g.applicants.size(); ++k) {
    applicant& a = g.applicants[k];
    switch (k % 9) {
      case 0:  // resources beyond the head's 32-bit cents
        a.monthly_resources = money::euros(pick(200000, 900000));
        ++wide;
        break;
      case 1:  // a long household: its record is longer than 255 bytes before the wishes
        for (int m = 0; m < 70; ++m) {
          a.household.members.push_back({ymd(2010, 1, 1), member_role::dependant, false, false});
        }
        ++wide;
        break;
      case 2:  // a mobility beyond 16 bits, read from the record as every mobility
        a.mobility = mobility{mobility_kind::transfer, ymd(2025, 6, 1), 40000, 90000};
        break;
      case 3:  // what only the grid reads, in the head and the record
        a.mobility = mobility{mobility_kind::transfer, ymd(2025, 6, 1), pick(0, 500), pick(0, 300)};
        a.housing = current_housing{housing_status::private_tenant, money::euros(pick(300, 900)),
                                    money::euros(pick(0, 400))};
        a.situation.dalo = pick(0, 1) == 1;
        a.situation.key_worker = pick(0, 1) == 1;
        a.situation.domestic_violence = pick(0, 1) == 1;
        a.situation.threatened_with_eviction = pick(0, 1) == 1;
        a.employment.peec = static_cast<peec_status>(pick(0, 2));
        a.history.applicant_refusals = {ymd(2025, 2, 1)};
        a.history.commission_refusals = {ymd(2024, 11, 3), ymd(2025, 1, 9)};
        break;
      case 4:  // removed after the offers close (still valid), or before
        a.removed_on = a.initial_filing + boost::gregorian::days(pick(0, 1) == 1 ? 900 : 1);
        break;
      case 6:  // a removal after the head's last day
        a.removed_on = ymd(2090, 1, 1);
        ++wide;
        break;
      case 5:  // not validated by the employer, a document missing
        a.dossier.employer_validated = false;
        if (!a.dossier.required.empty()) a.dossier.required.front().validated = false;
        break;
      default:
        break;
    }
  }
  const applicant_pool pool(g.applicants);
  std::size_t eligible = 0;
  std::size_t refused = 0;
  std::size_t wide_ranked = 0;
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    offer o = g.offers[k];
    if (k % 5 == 0) o.reserved_for = g.applicants[k].employment.employer;
    const date at = o.closing_date();
    const auto positioned = generate_positionings(pool, o, 200, 900 + k);
    const auto r = rank_offer(o, pool, positioned, f.rules, at);
    std::vector<date> filings;
    for (const ranked_candidate& c : r.candidates) {
      filings.push_back(g.applicants[c.request].initial_filing);
    }
    scoring_context ctx;
    ctx.reference = at;
    ctx.seniority = seniority_field::from(filings);
    ctx.als = f.statistics.shares(at, f.grid.als_window_months().value_or(12),
                                  f.rules.als_targets_for(pool, at));
    for (const ranked_candidate& c : r.candidates) {
      const applicant& a = g.applicants[c.request];
      CHECK(check_eligibility(a, o, at).eligible());
      CHECK(*c.card == score(f.grid, a, o, ctx));
      wide_ranked += c.request % 9 <= 1 || c.request % 9 == 6 ? 1 : 0;
      ++eligible;
    }
    for (const ineligible_candidate& ic : r.ineligible) {
      const auto expected = check_eligibility(g.applicants[ic.request], o, at);
      REQUIRE(ic.reasons.size() == expected.failures.size());
      for (std::size_t j = 0; j < ic.reasons.size(); ++j) {
        CHECK(describe(ic.reasons[j]) == describe(expected.failures[j]));
      }
      ++refused;
    }
  }
  CHECK(wide > 450);
  CHECK(eligible > 1000);  // not vacuous, either way
  CHECK(refused > 1000);
  CHECK(wide_ranked > 50);
}

TEST_CASE("on generated pools shuffling the positionings changes nothing") {
  fixture f;
  const auto g = generated(9, 2000, 40);
  const applicant_pool pool(g.applicants);
  std::mt19937 rng(99);
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    const offer& o = g.offers[k];
    auto positioned = generate_positionings(pool, o, k % 2 == 0 ? 300 : 50, k);
    const auto first = rank_offer(o, pool, positioned, f.rules, o.closing_date());
    std::shuffle(positioned.begin(), positioned.end(), rng);
    const auto second = rank_offer(o, pool, positioned, f.rules, o.closing_date());
    CHECK(ranked_numbers(first) == ranked_numbers(second));
    REQUIRE(first.candidates.size() == second.candidates.size());
    for (std::size_t c = 0; c < first.candidates.size(); ++c) {
      CHECK(*first.candidates[c].card == *second.candidates[c].card);
    }
    REQUIRE(first.ineligible.size() == second.ineligible.size());
    for (std::size_t c = 0; c < first.ineligible.size(); ++c) {
      CHECK(first.ineligible[c].number == second.ineligible[c].number);
    }
  }
}

TEST_CASE("on generated pools raising one candidate's points never lowers their rank") {
  fixture f;
  auto g = generated(17, 1500, 40);
  std::mt19937 rng(1717);
  std::size_t checked = 0;
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    const offer& o = g.offers[k];
    const applicant_pool pool(g.applicants);
    const auto positioned = generate_positionings(pool, o, 80, 300 + k);
    const auto before = rank_offer(o, pool, positioned, f.rules, o.closing_date());
    if (before.candidates.empty()) continue;
    const auto pick =
        std::uniform_int_distribution<std::size_t>(0, before.candidates.size() - 1)(rng);
    const ranked_candidate& chosen = before.candidates[pick];
    std::vector<applicant> raised = g.applicants;
    applicant& a = raised[chosen.request];
    // One more criterion earned, whatever it is: only this candidate's points change.
    if (!a.situation.key_worker) {
      a.situation.key_worker = true;
    } else if (!a.situation.dalo) {
      a.situation.dalo = true;
    } else {
      a.situation.domestic_violence = true;
    }
    const applicant_pool raised_pool(raised);
    const auto after = rank_offer(o, raised_pool, positioned, f.rules, o.closing_date());
    const ranked_candidate* now = after.find(chosen.number);
    REQUIRE(now != nullptr);
    CHECK(now->score > chosen.score);
    CHECK(now->rank <= chosen.rank);
    ++checked;
  }
  CHECK(checked >= 25);
}

// --- Hand-worked expectations: every number below is worked from the SPEC, not the library. ----

namespace {

/// SPEC 5's order, written out again here so that the check does not use the library's
/// `rank_key`: score ↓, initial filing ↑, reference income per household member ↑ (compared
/// exactly, by cross-multiplication), request number ↑ (as text).
bool spec5_before(std::int64_t score_a, date filed_a, std::int64_t income_cents_a, int persons_a,
                  const std::string& number_a, std::int64_t score_b, date filed_b,
                  std::int64_t income_cents_b, int persons_b, const std::string& number_b) {
  if (score_a != score_b) return score_a > score_b;
  if (filed_a != filed_b) return filed_a < filed_b;
  const std::int64_t per_member_a = income_cents_a * persons_b;  // a/pa < b/pb ⇔ a·pb < b·pa
  const std::int64_t per_member_b = income_cents_b * persons_a;
  if (per_member_a != per_member_b) return per_member_a < per_member_b;
  return number_a < number_b;
}

}  // namespace

TEST_CASE("a score card worked by hand from SPEC 4 has every criterion of the default grid") {
  // Offer: sample_offer, PLUS T3 in Paris (zone 1), closing 2025-03-08 (the reference date),
  // 900 € rent and charges. Ceilings of 2025, income year 2023 (N-2).
  fixture f;
  std::vector<attribution_record> records;
  // ALS window: 2024-03-08 .. 2025-03-08. 10 attributions, all GE: PME's share 0 %.
  for (int k = 0; k < 10; ++k) records.push_back({ymd(2024, 12, 2), company_size::ge});
  f.statistics = attribution_statistics(records);
  f.rules.als_targets = {basis_points{4000}, basis_points{3000}, basis_points{3000}};

  applicant x = candidate(1, ymd(2020, 1, 1));
  // Household: a single parent born 1996-03-09 (28 at the reference date) and a child: 2 persons,
  // one adult with a dependant, category 3 (SPEC 3.1): PLUS 2025 zone 1 c3 = 52 284 €.
  x.household.members = {test::person(ymd(1996, 3, 9)),
                         test::person(ymd(2018, 5, 1), member_role::dependant)};
  x.incomes = {{2023, money::euros(31370)}};  // ≤ 60 % × 52 284 = 31 370,40 €
  x.monthly_resources = money::euros(3000);
  x.employment.peec = peec_status::contributing;
  x.employment.size = company_size::pme;
  x.employment.job_start = ymd(2024, 3, 8);  // exactly 12 months before: counts
  x.mobility = mobility{.kind = mobility_kind::new_job,
                        .event_date = ymd(2024, 3, 8),
                        .distance_km = 71,
                        .travel_minutes = 50};
  x.housing = {.status = housing_status::private_tenant,
               .rent_and_charges = money::euros(1100),  // 1 100 / 3 000 = 36,7 % > 33 %
               .housing_benefit = money{}};
  x.situation = {.dalo = true,
                 .disability = true,
                 .domestic_violence = true,
                 .threatened_with_eviction = true,
                 .non_decent_or_overcrowded = false,
                 .key_worker = true,
                 .single_parent = true};
  // One refusal in the window (2024-06-01), one the day before it starts (2024-03-07).
  x.history.applicant_refusals = {ymd(2024, 6, 1), ymd(2024, 3, 7)};
  // A commission refusal on the reference date itself counts.
  x.history.commission_refusals = {ymd(2025, 3, 8)};
  // Two later requests: X is older than both others (more than half of them filed later).
  std::vector<applicant> as{x, candidate(2, ymd(2024, 9, 1)), candidate(3, ymd(2024, 9, 2))};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  REQUIRE(r.candidates.size() == 3);
  const ranked_candidate& top = r.candidates[0];
  REQUIRE(top.number == number(1));

  // SPEC 4, line by line (default points):
  const std::map<std::string, std::int32_t> expected = {
      {"seniority", 20},              // older than the median of the others
      {"applicant_refusals", -40},    // −40 × 1 refusal in the last 12 months
      {"commission_refusals", 40},    // +40 × 1 refusal in the last 12 months
      {"als_balancing", 15},          // PME 0 % < 40 % − 5 points
      {"employer_peec", 10},          // contributing company
      {"professional_mobility", 15},  // 71 km > 70 km
      {"age_under_30", 10},           // 28 at the reference date
      {"new_hire", 5},                // job started 12 months ago, that day included
      {"single_parent", 10},
      {"effort_ratio", 10},       // 36,7 % > 33 %
      {"low_resources", 10},      // 31 370 € ≤ 31 370,40 €
      {"housing_situation", 15},  // threatened with eviction
      {"dalo", 30},
      {"domestic_violence", 30},
      {"disability", 10},
      {"key_worker", 10},
  };
  std::map<std::string, std::int32_t> got;
  for (const score_line& line : top.card->lines) {
    got[f.grid.at(line.criterion).id] = line.value.value;
  }
  CHECK(got == expected);
  // 20 − 40 + 40 + 15 + 10 + 15 + 10 + 5 + 10 + 10 + 10 + 15 + 30 + 30 + 10 + 10 = 200
  CHECK(top.score == points{200});
  // The two others have the sample's facts (family of three, 40 000 €, no flag, aged 39, hired
  // in 2019, no rent): only the ALS bonus, being PME too (+15). Neither is older than more
  // than half of its two others (X filed before both): no seniority. 15 each.
  CHECK(r.candidates[1].score == points{15});
  CHECK(r.candidates[2].score == points{15});
  // Tie on 15: the earlier filing (2024-09-01, number 2) ranks first.
  CHECK(r.candidates[1].number == number(2));
}

TEST_CASE("every step of SPEC 5's tie chain decides one pair of a hand-made ranking") {
  fixture f;
  // Six candidates on sample_offer; scores from the default grid at 2025-03-08 with no
  // attribution statistics (no ALS bonus) and filing dates chosen so that seniority
  // (older_than_median) goes only to A, the one filed in 2015.
  applicant a = candidate(10, ymd(2015, 1, 1));  // seniority +20 (older than all 5 others)
  applicant b = candidate(11, ymd(2022, 1, 1));  // +30 DALO, no seniority
  b.situation.dalo = true;
  applicant c = candidate(12, ymd(2021, 1, 1));  // 0; filed before D
  applicant d = candidate(13, ymd(2021, 6, 1));  // 0
  applicant e = candidate(14, ymd(2021, 6, 1));  // 0; same filing as D, lower income per member
  e.incomes = {{2023, money::euros(36000)}};     // 12 000 € per member (3 persons)
  d.incomes = {{2023, money::euros(39000)}};     // 13 000 € per member
  applicant g = candidate(9, ymd(2021, 6, 1));   // same as D except the request number
  g.incomes = d.incomes;
  // Of B's five others, four filed later than 2022-01-01? No: A, C, D, E, G all filed earlier:
  // B has no seniority. C (2021-01-01): others later are B, D, E, G (4 of 5): more than half,
  // so C earns +20 too. D, E, G (2021-06-01): later only B (1 of 5): nothing.
  std::vector<applicant> as{d, e, g, c, b, a};
  const applicant_pool pool(as);
  const auto r = rank_offer(sample_offer(), pool, numbers_of(as), f.rules, closing());
  // Expected, step by step:
  //   B 30 (score) > A 20 = C 20 (score); A before C (filing 2015 < 2021);
  //   then E, G, D at 0 with the same filing 2021-06-01: E first (12 000 < 13 000 € per member);
  //   G before D (same income per member, request number ...09... < ...13...).
  const std::vector<request_number> expected{number(11), number(10), number(12),
                                             number(14), number(9),  number(13)};
  CHECK(ranked_numbers(r) == expected);
  REQUIRE(r.candidates.size() == 6);
  const std::vector<std::int32_t> scores{30, 20, 20, 0, 0, 0};
  for (std::size_t k = 0; k < 6; ++k) CHECK(r.candidates[k].score == points{scores[k]});
}

TEST_CASE("on generated pools the order agrees with SPEC 5 written out in the test") {
  fixture f;
  const auto g = generated(7, 3000, 20);
  const applicant_pool pool(g.applicants);
  f.rules.als_targets = default_targets(pool.active_requests_by_size(date(2026, 3, 2)));
  std::size_t pairs = 0;
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    const offer& o = g.offers[k];
    const auto positioned = generate_positionings(pool, o, 200, 7000 + k);
    const auto r = rank_offer(o, pool, positioned, f.rules, o.closing_date());
    const int year = o.ceiling_year();
    for (std::size_t c = 1; c < r.candidates.size(); ++c) {
      const applicant& p = g.applicants[r.candidates[c - 1].request];
      const applicant& q = g.applicants[r.candidates[c].request];
      CHECK(spec5_before(r.candidates[c - 1].score.value, p.initial_filing,
                         reference_income_for(p, year)->amount.in_cents(), p.household.persons(),
                         std::string(p.number.str()), r.candidates[c].score.value, q.initial_filing,
                         reference_income_for(q, year)->amount.in_cents(), q.household.persons(),
                         std::string(q.number.str())));
      ++pairs;
    }
  }
  CHECK(pairs > 1000);  // not vacuous
}

// --- Scoring without cards, counts computed together (issue 13) -----------------------------

namespace {

/// Two rankings agree on everything but the cards: counts, ranks, numbers, points, shortlist,
/// the ineligible and their reasons.
void check_same_ranking(const offer_ranking& a, const offer_ranking& b) {
  CHECK(a.offer == b.offer);
  CHECK(a.reference == b.reference);
  CHECK(a.eligible_count == b.eligible_count);
  CHECK(a.candidate_count == b.candidate_count);
  CHECK(a.shortlist_size == b.shortlist_size);
  REQUIRE(a.candidates.size() == b.candidates.size());
  for (std::size_t c = 0; c < a.candidates.size(); ++c) {
    CHECK(a.candidates[c].request == b.candidates[c].request);
    CHECK(a.candidates[c].number == b.candidates[c].number);
    CHECK(a.candidates[c].rank == b.candidates[c].rank);
    CHECK(a.candidates[c].score == b.candidates[c].score);
  }
  REQUIRE(a.ineligible.size() == b.ineligible.size());
  for (std::size_t c = 0; c < a.ineligible.size(); ++c) {
    CHECK(a.ineligible[c].number == b.ineligible[c].number);
    REQUIRE(a.ineligible[c].reasons.size() == b.ineligible[c].reasons.size());
    for (std::size_t r = 0; r < a.ineligible[c].reasons.size(); ++r) {
      CHECK(fmt::format("{}", a.ineligible[c].reasons[r]) ==
            fmt::format("{}", b.ineligible[c].reasons[r]));
    }
  }
}

/// A day of `offers`: `per_offer` requests positioned on each (`generate_positionings`, seed
/// `seed + k` for offer k), and the batch naming them.
struct day_of_offers {
  std::vector<std::vector<request_number>> positioned;
  std::vector<offer_positionings> batch;

  day_of_offers(const applicant_pool& pool, const std::vector<offer>& offers, std::size_t per_offer,
                std::uint64_t seed) {
    positioned.reserve(offers.size());
    for (std::size_t k = 0; k < offers.size(); ++k) {
      positioned.push_back(generate_positionings(pool, offers[k], per_offer, seed + k));
    }
    for (std::size_t k = 0; k < offers.size(); ++k) batch.push_back({&offers[k], positioned[k]});
  }
};

}  // namespace

TEST_CASE("ranking with integer points only gives the ranks and points of the score cards") {
  // 10 000 generated offers of one department, a dozen positioned requests each: ranked once
  // with every card built (the explained path) and once with the points alone.
  fixture f;
  const auto g = generated(5, 1500, 10000);
  const applicant_pool pool(g.applicants);
  f.rules.als_targets = default_targets(pool.active_requests_by_size(date(2026, 3, 2)));
  const day_of_offers day_setup(pool, g.offers, 12, 7000);
  const auto& batch = day_setup.batch;
  ranking_rules points_only = f.rules;
  points_only.score_cards = false;
  const auto with_cards = rank_offers(batch, pool, f.rules, 2);
  const auto without = rank_offers(batch, pool, points_only, 2);
  REQUIRE(with_cards.size() == 10000);
  REQUIRE(without.size() == 10000);
  std::size_t candidates = 0;
  for (std::size_t k = 0; k < with_cards.size(); ++k) {
    check_same_ranking(with_cards[k], without[k]);
    for (std::size_t c = 0; c < with_cards[k].candidates.size(); ++c) {
      REQUIRE(with_cards[k].candidates[c].card);
      CHECK(with_cards[k].candidates[c].card->total == with_cards[k].candidates[c].score);
      CHECK_FALSE(without[k].candidates[c].card);
    }
    candidates += with_cards[k].candidate_count;
  }
  CHECK(candidates > 50000);  // not vacuous: most offers rank several candidates
  // A candidate without its card stays small: the card is boxed, not inline.
  CHECK(sizeof(ranked_candidate) <= 64);
}

TEST_CASE(
    "the counts of a day's offers computed together on two threads equal each offer's own count",
    "[threads]") {
  fixture f;
  const auto g = generated(8, 4000, 300);
  const applicant_pool pool(g.applicants);
  std::vector<offer_positionings> batch;
  for (const offer& o : g.offers) batch.push_back({&o, {}});
  for (const int variant : {0, 1, 2}) {
    ranking_rules rules = f.rules;
    // The prepared policy (narrow columns), another effort ratio and no wish check (the gate).
    if (variant == 1) rules.eligibility.max_effort_ratio = basis_points{2500};
    if (variant == 2) rules.eligibility.check_wishes = false;
    const eligible_counts counts = count_eligible_offers(batch, pool, rules, 2);
    CHECK(counts.size() == g.offers.size());
    std::size_t total = 0;
    for (const offer& o : g.offers) {
      const std::size_t alone =
          pool.count_eligible(o, o.closing_date(), rules.eligibility, rules.ceilings);
      CHECK(counts.find(o.id, o.closing_date()) == alone);
      total += alone;
    }
    CHECK(total > 300);  // not vacuous
    CHECK_FALSE(counts.find(offer_id{"nobody"}, date(2026, 3, 2)));
    CHECK_FALSE(
        counts.find(g.offers[0].id, g.offers[0].closing_date() + boost::gregorian::days(1)));
  }
}

TEST_CASE(
    "a day ranked on two threads, counts and rankings in one queue, equals each offer ranked "
    "alone",
    "[threads]") {
  // rank_offers runs the counts' items and the rankings from one queue: a ranking may start
  // before the counts of other offers are done, and waits for its own at its end. Its eligible
  // count and its ranks must be those of the offer ranked alone, for a policy the narrow
  // columns count, another effort ratio and no wish check (counted by the gate).
  fixture f;
  const auto g = generated(10, 2000, 40);
  const applicant_pool pool(g.applicants);
  const day_of_offers day_setup(pool, g.offers, 30, 300);
  for (const int variant : {0, 1, 2}) {
    ranking_rules rules = f.rules;
    if (variant == 1) rules.eligibility.max_effort_ratio = basis_points{2500};
    if (variant == 2) rules.eligibility.check_wishes = false;
    for (const unsigned threads : {1U, 2U}) {
      const auto all = rank_offers(day_setup.batch, pool, rules, threads);
      REQUIRE(all.size() == g.offers.size());
      std::size_t eligible = 0;
      for (std::size_t k = 0; k < g.offers.size(); ++k) {
        const offer& o = g.offers[k];
        const auto one = rank_offer(o, pool, day_setup.positioned[k], rules, o.closing_date());
        CHECK(all[k].eligible_count == one.eligible_count);
        CHECK(all[k].eligible_count ==
              pool.count_eligible(o, o.closing_date(), rules.eligibility, rules.ceilings));
        CHECK(ranked_numbers(all[k]) == ranked_numbers(one));
        eligible += all[k].eligible_count;
      }
      CHECK(eligible > 100);  // not vacuous
    }
  }
}

TEST_CASE("rank_offer takes the eligible count from counts built beforehand") {
  fixture f;
  const auto g = generated(9, 2000, 20);
  const applicant_pool pool(g.applicants);
  const day_of_offers day_setup(pool, g.offers, 40, 90);
  const auto& positioned = day_setup.positioned;
  const auto& batch = day_setup.batch;
  const eligible_counts counts = count_eligible_offers(batch, pool, f.rules, 1);
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    const offer& o = g.offers[k];
    check_same_ranking(rank_offer(o, pool, positioned[k], f.rules, o.closing_date(), counts),
                       rank_offer(o, pool, positioned[k], f.rules, o.closing_date()));
    // At another date the count is not held: it is counted on the spot.
    const date later = o.closing_date() + boost::gregorian::days(400);
    check_same_ranking(rank_offer(o, pool, positioned[k], f.rules, later, counts),
                       rank_offer(o, pool, positioned[k], f.rules, later));
  }
}

TEST_CASE("a national day's batch ranks a generated department as the simple per-offer path") {
  // The batch (counts together, offers on two threads, points only) against rank_offer offer
  // by offer with every card, on a generated department and a day of its offers.
  fixture f;
  const auto g = generated(11, 6000, 150);
  const applicant_pool pool(g.applicants);
  f.rules.als_targets = default_targets(pool.active_requests_by_size(date(2026, 3, 2)));
  const day_of_offers day_setup(pool, g.offers, 100, 300);
  const auto& positioned = day_setup.positioned;
  const auto& batch = day_setup.batch;
  ranking_rules batch_rules = f.rules;
  batch_rules.score_cards = false;
  const auto day = rank_offers(batch, pool, batch_rules, 2);
  REQUIRE(day.size() == g.offers.size());
  std::size_t candidates = 0;
  for (std::size_t k = 0; k < g.offers.size(); ++k) {
    const offer& o = g.offers[k];
    const auto alone = rank_offer(o, pool, positioned[k], f.rules, o.closing_date());
    check_same_ranking(day[k], alone);
    candidates += alone.candidate_count;
  }
  CHECK(candidates > 5000);
}

TEST_CASE("request numbers of any characters come back whole and order ties by their characters") {
  // SPEC 1: 18 characters [0-9A-Z], a department, the filing
  // month and year, then free characters. The last tie-break of a ranking, and the order of
  // the ineligible, is the number's characters.
  const std::vector<std::string> texts{
      "02A0126ZZZZZZZZZZZ", "02B1299A0B1C2D3E4F", "97410000000000000Z", "00101009A9A9A9A9A9",
      "0950926Z0000000000", "97612990000000000A", "02A0126ZZZZZZZZZZY", "0010100ZZZZZZZZZZZ",
      // Corsica's codes between 029 and 030, as their characters order them.
      "021012600000000000", "0290126ZZZZZZZZZZZ", "030012600000000000"};
  fixture f;
  std::vector<applicant> eligible;
  std::vector<applicant> over;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    applicant a = candidate(0, ymd(2024, 6, 1));  // identical requests but their numbers
    a.number = request_number::parse(texts[k]);
    eligible.push_back(a);
    a.incomes = {{2023, money::euros(90000)}};  // over the ceiling
    over.push_back(a);
  }
  std::vector<std::string> sorted = texts;
  std::sort(sorted.begin(), sorted.end());
  for (const auto* as : {&eligible, &over}) {
    const applicant_pool pool(*as);
    for (const applicant& a : *as) {
      const auto i = pool.find(a.number);
      REQUIRE(i);
      CHECK(pool.number(*i).str() == a.number.str());
      CHECK(pool.get(*i).number.str() == a.number.str());
    }
    const auto r = rank_offer(sample_offer(), pool, numbers_of(*as), f.rules, closing());
    CHECK((as == &eligible ? r.candidates.size() : r.ineligible.size()) == texts.size());
    std::vector<std::string> order;
    for (const auto& c : r.candidates) order.emplace_back(c.number.str());
    for (const auto& c : r.ineligible) order.emplace_back(c.number.str());
    CHECK(order == sorted);
  }
}
