// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/ranking.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "builders.hpp"

using namespace cotation;
using cotation::test::closing;
using cotation::test::sample_applicant;
using cotation::test::sample_offer;
using cotation::test::ymd;

namespace {

/// A request number of department 075 with sequence `k`.
request_number number(int k) {
  return request_number::parse(fmt::format("0750924{:05}0ABCDE", k));
}

/// The sample applicant (eligible to the sample offer) with its own number and filing date.
applicant candidate(int k, date filed) {
  applicant a = sample_applicant();
  a.number = number(k);
  a.initial_filing = filed;
  a.last_renewal = ymd(2025, 1, 15);
  return a;
}

struct fixture {
  compiled_grid grid{default_grid()};
  attribution_statistics statistics;
  ranking_rules rules{grid, statistics};
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
  std::vector<attribution_record> records;
  for (int k = 0; k < 10; ++k) records.push_back({ymd(2025, 1, 10), company_size::ge});
  records.push_back({ymd(2025, 1, 10), company_size::pme});
  f.statistics = attribution_statistics(records);
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

TEST_CASE("the batch gives the same rankings as offer by offer, whatever the thread count") {
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
      const auto one = rank_offer(offers[k], pool, positioned[k], f.rules, offers[k].closing_date());
      CHECK(all[k].offer == offers[k].id);
      CHECK(ranked_numbers(all[k]) == ranked_numbers(one));
      CHECK(all[k].eligible_count == one.eligible_count);
    }
  }
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
                       Catch::Matchers::Predicate<cotation::invalid_argument>([](const auto& e) {
                         return e.where() == "offers[1].positioned[0]";
                       }));
}
