// SPDX-License-Identifier: MIT
#include <algorithm>
#include <catch2/catch.hpp>
#include <cotation/dashboard.hpp>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/ranking.hpp>
#include <functional>
#include <sstream>
#include <vector>

#include "engine_support.hpp"
#include "planted_defect.hpp"

using namespace cotation;
using cotation::test::number;
using cotation::test::offer_from;
using cotation::test::ok;
using cotation::test::request_filed;
using cotation::test::ymd;

namespace {

const offer_id o1{"O-1"};
const offer_id o2{"O-2"};
const offer_id o3{"O-3"};

/// The points a card earned from one criterion of the default grid, 0 when absent.
int points_of(const allocation_engine& e, const score_card& card, std::string_view criterion) {
  for (const score_line& l : card.lines) {
    if (e.grid().at(l.criterion).id == criterion) return l.value.value;
  }
  return 0;
}

const ranked_entry& entry_of(const offer_record& r, const request_number& n) {
  const auto& ranking = r.closing->ranking;
  const auto it = std::find_if(ranking.begin(), ranking.end(),
                               [&](const ranked_entry& x) { return x.request == n; });
  REQUIRE(it != ranking.end());
  return *it;
}

/// Five requests filed a month apart (1 is the oldest) positioned on O-1 over its week.
/// Requests 1-5 (filed in January-May 2024) positioned on each of `offers` (published on
/// 2025-03-01 for a week) on 2025-03-02 to 03-06.
allocation_engine week_of_positionings(engine_options options = {},
                                       const std::vector<offer_id>& offers = {o1}) {
  allocation_engine e(std::move(options));
  for (int k = 1; k <= 5; ++k)
    ok(e.file_request(ymd(2025, 2, 20), request_filed(k, ymd(2024, k, 10))));
  for (const offer_id& o : offers) {
    ok(e.publish_offer(ymd(2025, 3, 1), offer_from(o.value, ymd(2025, 3, 1))));
  }
  for (int k = 1; k <= 5; ++k) {
    for (const offer_id& o : offers) ok(e.position(ymd(2025, 3, k + 1), number(k), o));
  }
  return e;
}

std::vector<candidate_decision> ranked_attributions(const std::vector<request_number>& list) {
  std::vector<candidate_decision> out;
  int priority = 1;
  for (const request_number& n : list) {
    out.push_back(candidate_decision{n, decision_kind::attribution, priority++});
  }
  return out;
}

}  // namespace

TEST_CASE(
    "a week of positionings closes into a shortlist of three, then the first refuses and the "
    "second accepts and signs") {
  allocation_engine e = week_of_positionings();
  REQUIRE(e.find_offer(o1)->state == offer_state::published);
  ok(e.advance_to(ymd(2025, 3, 8)));  // the window [03-01, 03-08) ended
  const offer_record& closed = *e.find_offer(o1);
  REQUIRE(closed.state == offer_state::closed);
  REQUIRE(closed.closing->on == ymd(2025, 3, 8));
  REQUIRE(closed.closing->candidate_count == 5);
  REQUIRE(closed.closing->eligible_count == 5);
  REQUIRE(closed.closing->shortlist ==
          std::vector<request_number>{number(1), number(2), number(3)});
  // The two oldest requests are older than more than half of the others: +20.
  CHECK(entry_of(closed, number(1)).score.value == 20);
  CHECK(entry_of(closed, number(3)).score.value == 0);

  ok(e.commission(ymd(2025, 3, 10), o1, ranked_attributions(closed.closing->shortlist)));
  const offer_record& decided = *e.find_offer(o1);
  REQUIRE(decided.state == offer_state::decided);
  REQUIRE(decided.holder()->request == number(1));
  REQUIRE(decided.holder()->answer_deadline == ymd(2025, 3, 20));

  ok(e.answer(ymd(2025, 3, 12), o1, number(1), answer_kind::refuse));
  REQUIRE(e.find_request(number(1))->history.applicant_refusals ==
          std::vector<date>{ymd(2025, 3, 12)});
  REQUIRE(e.find_offer(o1)->holder()->request == number(2));
  REQUIRE(e.find_offer(o1)->holder()->answer_deadline == ymd(2025, 3, 22));

  ok(e.answer(ymd(2025, 3, 13), o1, number(2), answer_kind::accept));
  REQUIRE(e.sign_lease(ymd(2025, 3, 12), o1, number(2)).refused == refusal::in_the_past);
  ok(e.sign_lease(ymd(2025, 3, 15), o1, number(2)));
  const offer_record& done = *e.find_offer(o1);
  REQUIRE(done.state == offer_state::attributed);
  REQUIRE(done.tenant() == number(2));
  REQUIRE(done.find_attribution(number(3))->status == attribution_status::not_reached);
  REQUIRE(e.find_request(number(2))->removed_on == ymd(2025, 3, 15));
  REQUIRE(e.statistics().size() == 1);
  REQUIRE(e.statistics().records()[0] ==
          attribution_record{ymd(2025, 3, 15), e.find_request(number(2))->employment.size});
}

TEST_CASE("a dossier refused by the commission earns +40 on a later offer") {
  allocation_engine e = week_of_positionings();
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 10), o1,
                  {{number(1), decision_kind::non_attribution, 0},
                   {number(2), decision_kind::attribution, 1},
                   {number(3), decision_kind::inadmissible, 0}}));
  REQUIRE(e.find_request(number(1))->history.commission_refusals ==
          std::vector<date>{ymd(2025, 3, 10)});
  REQUIRE(e.find_request(number(3))->history.commission_refusals.empty());

  ok(e.publish_offer(ymd(2025, 3, 11), offer_from("O-2", ymd(2025, 3, 11))));
  ok(e.position(ymd(2025, 3, 11), number(1), o2));
  ok(e.position(ymd(2025, 3, 11), number(3), o2));
  ok(e.advance_to(ymd(2025, 3, 18)));
  const offer_record& later = *e.find_offer(o2);
  const ranked_entry& refused = entry_of(later, number(1));
  CHECK(points_of(e, refused.card, "commission_refusals") == 40);
  CHECK(refused.score.value == 60);  // +40 and the seniority over request 3
  CHECK(points_of(e, entry_of(later, number(3)).card, "commission_refusals") == 0);
}

TEST_CASE("a refused attribution costs -40 on a later offer, and no answer counts as a refusal") {
  allocation_engine e = week_of_positionings();
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 10), o1, ranked_attributions({number(1), number(2), number(3)})));
  ok(e.answer(ymd(2025, 3, 11), o1, number(1), answer_kind::refuse));
  // Request 2 never answers: on the day after its deadline (03-21) it is a refusal.
  ok(e.advance_to(ymd(2025, 3, 21)));
  {
    const offer_record& r = *e.find_offer(o1);
    REQUIRE(r.find_attribution(number(2))->status == attribution_status::awaiting_answer);
  }
  ok(e.advance_to(ymd(2025, 3, 22)));
  const offer_record& r = *e.find_offer(o1);
  REQUIRE(r.find_attribution(number(2))->status == attribution_status::no_answer);
  REQUIRE(e.find_request(number(2))->history.applicant_refusals ==
          std::vector<date>{ymd(2025, 3, 22)});
  REQUIRE(r.holder()->request == number(3));
  REQUIRE(r.holder()->offered_on == ymd(2025, 3, 22));

  ok(e.publish_offer(ymd(2025, 3, 22), offer_from("O-2", ymd(2025, 3, 22))));
  for (const int k : {1, 4, 5}) ok(e.position(ymd(2025, 3, 23), number(k), o2));
  ok(e.advance_to(ymd(2025, 3, 29)));
  const offer_record& later = *e.find_offer(o2);
  const ranked_entry& refuser = entry_of(later, number(1));
  CHECK(points_of(e, refuser.card, "applicant_refusals") == -40);
  CHECK(refuser.score.value == -20);  // -40 and +20 for the oldest request
  CHECK(later.closing->ranking.back().request == number(1));
}

TEST_CASE("the list runs out: every attributed candidate refuses and the offer is unattributed") {
  allocation_engine e = week_of_positionings();
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 10), o1,
                  {{number(1), decision_kind::attribution, 2},
                   {number(2), decision_kind::attribution, 1},
                   {number(3), decision_kind::non_attribution, 0}}));
  REQUIRE(e.find_offer(o1)->holder()->request == number(2));  // priority, not rank, decides
  ok(e.answer(ymd(2025, 3, 10), o1, number(2), answer_kind::refuse));
  ok(e.answer(ymd(2025, 3, 11), o1, number(1), answer_kind::refuse));
  REQUIRE(e.find_offer(o1)->state == offer_state::unattributed);
  REQUIRE(e.find_offer(o1)->ended_on == ymd(2025, 3, 11));
}

TEST_CASE("a renewed request keeps its seniority") {
  allocation_engine e;
  // Request 1 filed 2024-03-20 expires on 2025-03-20 unless renewed.
  ok(e.file_request(ymd(2025, 3, 1), request_filed(1, ymd(2024, 3, 20), std::nullopt)));
  ok(e.file_request(ymd(2025, 3, 1), request_filed(2, ymd(2024, 9, 1))));
  ok(e.renew_request(ymd(2025, 3, 15), number(1)));
  REQUIRE(e.find_request(number(1))->last_renewal == ymd(2025, 3, 15));
  REQUIRE(e.find_request(number(1))->initial_filing == ymd(2024, 3, 20));
  ok(e.publish_offer(ymd(2025, 3, 18), offer_from("O-1", ymd(2025, 3, 18))));
  ok(e.position(ymd(2025, 3, 18), number(2), o1));
  ok(e.position(ymd(2025, 3, 19), number(1), o1));
  ok(e.advance_to(ymd(2025, 3, 25)));  // past the first anniversary: still valid
  const offer_record& r = *e.find_offer(o1);
  REQUIRE(r.closing->ranking.front().request == number(1));
  CHECK(points_of(e, r.closing->ranking.front().card, "seniority") == 20);
  REQUIRE(state_at(*e.find_request(number(1)), ymd(2025, 3, 25)) == request_state::active);
}

TEST_CASE("an expired request loses its positionings and its seniority") {
  allocation_engine e;
  // Filed 2024-03-05, never renewed: expires on 2025-03-05.
  ok(e.file_request(ymd(2025, 3, 1), request_filed(1, ymd(2024, 3, 5), std::nullopt)));
  ok(e.file_request(ymd(2025, 3, 1), request_filed(2, ymd(2024, 9, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.position(ymd(2025, 3, 1), number(1), o1));
  ok(e.position(ymd(2025, 3, 2), number(2), o1));
  ok(e.advance_to(ymd(2025, 3, 5)));
  // Its last valid day (03-04) is behind the clock: it leaves the pool's counting groups.
  CHECK(e.pool().retired(*e.pool().find(number(1))));
  CHECK_FALSE(e.pool().retired(*e.pool().find(number(2))));
  const positioning* p = e.find_offer(o1)->find_positioning(number(1));
  REQUIRE(p->withdrawn_on == ymd(2025, 3, 5));
  REQUIRE(p->cause == withdrawal::request_expired);
  REQUIRE(e.renew_request(ymd(2025, 3, 5), number(1)).refused == refusal::request_not_active);
  REQUIRE(e.position(ymd(2025, 3, 6), number(1), o1).refused == refusal::request_not_active);

  // A new request: a new number, filed today; the old seniority is gone.
  ok(e.file_request(ymd(2025, 3, 6), request_filed(3, ymd(2025, 3, 6))));
  ok(e.position(ymd(2025, 3, 6), number(3), o1));
  ok(e.advance_to(ymd(2025, 3, 8)));
  const offer_record& r = *e.find_offer(o1);
  REQUIRE(r.closing->ranking.size() == 2);
  REQUIRE(r.closing->ranking[0].request == number(2));
  CHECK(points_of(e, r.closing->ranking[0].card, "seniority") == 20);
  CHECK(points_of(e, r.closing->ranking[1].card, "seniority") == 0);
  REQUIRE(r.find_positioning(number(1))->active() == false);
}

TEST_CASE("signing a lease removes the request and withdraws all its other positionings") {
  allocation_engine e;
  for (int k = 1; k <= 3; ++k)
    ok(e.file_request(ymd(2025, 3, 1), request_filed(k, ymd(2024, k, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));   // closes 03-08
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-2", ymd(2025, 3, 5))));   // closes 03-12
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-3", ymd(2025, 3, 10))));  // closes 03-17
  ok(e.position(ymd(2025, 3, 2), number(1), o1));
  ok(e.position(ymd(2025, 3, 5), number(1), o2));
  ok(e.position(ymd(2025, 3, 5), number(2), o2));
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 9), o1, {{number(1), decision_kind::attribution, 1}}));
  ok(e.position(ymd(2025, 3, 10), number(1), o3));
  ok(e.position(ymd(2025, 3, 10), number(3), o3));
  {
    // While O-2 is open, request 1 sees that it would be passed over: it holds O-1.
    const auto open = dashboard(e, number(1));
    const positioning_view& on2 = open->positionings[1];
    CHECK(on2.provisional);
    CHECK(on2.rank == 1u);
    CHECK(on2.passed_over);
    CHECK_FALSE(on2.shortlisted);
  }
  ok(e.advance_to(ymd(2025, 3, 12)));  // O-2 closes; request 1 is awaiting its answer on O-1
  REQUIRE(e.find_offer(o2)->closing->shortlist == std::vector<request_number>{number(2)});
  REQUIRE(e.find_offer(o2)->closing->passed_over == std::vector<request_number>{number(1)});

  ok(e.answer(ymd(2025, 3, 13), o1, number(1), answer_kind::accept));
  ok(e.sign_lease(ymd(2025, 3, 14), o1, number(1)));
  REQUIRE(state_at(*e.find_request(number(1)), ymd(2025, 3, 14)) == request_state::removed);
  // Removed on 03-14, valid last on 03-13: retired from the counts, read as before (below).
  CHECK(e.pool().retired(*e.pool().find(number(1))));
  const positioning* on3 = e.find_offer(o3)->find_positioning(number(1));
  REQUIRE(on3->withdrawn_on == ymd(2025, 3, 14));
  REQUIRE(on3->cause == withdrawal::request_removed);
  REQUIRE_FALSE(e.find_offer(o2)->find_positioning(number(1))->active());
  REQUIRE(e.position(ymd(2025, 3, 14), number(1), o3).refused == refusal::request_not_active);
  ok(e.advance_to(ymd(2025, 3, 17)));
  REQUIRE(e.find_offer(o3)->closing->candidate_count == 1);

  const auto d = dashboard(e, number(1));
  REQUIRE(d);
  REQUIRE(d->state == request_state::removed);
  REQUIRE(d->positionings.size() == 3);
  CHECK(d->positionings[0].attribution->status == attribution_status::lease_signed);
  CHECK(d->positionings[1].passed_over);
  CHECK(d->positionings[2].withdrawn_on == ymd(2025, 3, 14));
}

TEST_CASE("an applicant awaiting an answer is shortlisted elsewhere when the option is off") {
  engine_options options;
  options.exclude_awaiting_answer = false;
  allocation_engine e(options);
  for (int k = 1; k <= 2; ++k)
    ok(e.file_request(ymd(2025, 3, 1), request_filed(k, ymd(2024, k, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-2", ymd(2025, 3, 5))));
  ok(e.position(ymd(2025, 3, 2), number(1), o1));
  ok(e.position(ymd(2025, 3, 5), number(1), o2));
  ok(e.position(ymd(2025, 3, 5), number(2), o2));
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 9), o1, {{number(1), decision_kind::attribution, 1}}));
  ok(e.advance_to(ymd(2025, 3, 12)));
  REQUIRE(e.find_offer(o2)->closing->shortlist ==
          std::vector<request_number>{number(1), number(2)});
  REQUIRE(e.find_offer(o2)->closing->passed_over.empty());
}

TEST_CASE(
    "a suspensive condition lifted in time lets the candidate answer, and one not lifted "
    "passes the dwelling down") {
  allocation_engine e = week_of_positionings();
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 10), o1,
                  {{number(1), decision_kind::conditional_attribution, 1},
                   {number(2), decision_kind::conditional_attribution, 2},
                   {number(3), decision_kind::attribution, 3}}));
  const attribution* first = e.find_offer(o1)->holder();
  REQUIRE(first->request == number(1));
  REQUIRE(first->status == attribution_status::awaiting_condition);
  REQUIRE(first->condition_deadline == ymd(2025, 3, 20));
  REQUIRE(e.answer(ymd(2025, 3, 11), o1, number(1), answer_kind::accept).refused ==
          refusal::wrong_attribution_state);
  ok(e.lift_condition(ymd(2025, 3, 11), o1, number(1)));
  REQUIRE(e.find_offer(o1)->holder()->status == attribution_status::awaiting_answer);
  REQUIRE(e.find_offer(o1)->holder()->answer_deadline == ymd(2025, 3, 21));
  ok(e.answer(ymd(2025, 3, 12), o1, number(1), answer_kind::refuse));
  // Request 2's document never arrives: awaiting it until 03-20, lapsed on 03-21.
  REQUIRE(e.find_offer(o1)->holder()->request == number(2));
  REQUIRE(e.find_offer(o1)->holder()->status == attribution_status::awaiting_condition);
  ok(e.advance_to(ymd(2025, 3, 21)));
  const offer_record& r = *e.find_offer(o1);
  REQUIRE(r.find_attribution(number(2))->status == attribution_status::condition_lapsed);
  REQUIRE(e.find_request(number(2))->history.applicant_refusals.empty());
  REQUIRE(r.holder()->request == number(3));
  REQUIRE(r.holder()->answer_deadline == ymd(2025, 3, 31));
}

TEST_CASE("the number of simultaneous positionings can be limited") {
  engine_options options;
  options.max_positionings = 1;
  allocation_engine e(options);
  ok(e.file_request(ymd(2025, 3, 1), request_filed(1, ymd(2024, 9, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-2", ymd(2025, 3, 1))));
  ok(e.position(ymd(2025, 3, 1), number(1), o1));
  REQUIRE(e.position(ymd(2025, 3, 1), number(1), o2).refused == refusal::too_many_positionings);
  ok(e.withdraw(ymd(2025, 3, 2), number(1), o1));
  ok(e.position(ymd(2025, 3, 2), number(1), o2));
  // Once O-2 has closed, its positioning no longer counts.
  ok(e.publish_offer(ymd(2025, 3, 8), offer_from("O-3", ymd(2025, 3, 8))));
  ok(e.position(ymd(2025, 3, 8), number(1), o3));
}

TEST_CASE("positioning needs an eligible request and an open window, and says why not") {
  allocation_engine e;
  applicant poor_dossier = request_filed(1, ymd(2024, 9, 1));
  poor_dossier.dossier.employer_validated = false;
  ok(e.file_request(ymd(2025, 2, 27), poor_dossier));
  applicant rich = request_filed(2, ymd(2024, 9, 1));
  rich.incomes = {{2023, money::euros(90000)}};
  ok(e.file_request(ymd(2025, 2, 27), rich));
  ok(e.publish_offer(ymd(2025, 2, 27), offer_from("O-1", ymd(2025, 3, 1))));

  const outcome early = e.position(ymd(2025, 2, 28), number(2), o1);
  REQUIRE(early.refused == refusal::outside_window);
  CHECK(early.reason == "offer \"O-1\" opens on 2025-03-01");

  const outcome incomplete = e.position(ymd(2025, 3, 1), number(1), o1);
  REQUIRE(incomplete.refused == refusal::ineligible);
  REQUIRE(incomplete.failures.size() == 1);
  CHECK(incomplete.failures[0].reason == ineligibility::dossier_incomplete);

  const outcome over = e.position(ymd(2025, 3, 1), number(2), o1);
  REQUIRE(over.refused == refusal::ineligible);
  CHECK(over.failures[0].reason == ineligibility::over_income_ceiling);
  CHECK_THAT(over.reason, Catch::Contains("ceiling"));

  // The dossier is completed: the request may position.
  poor_dossier.dossier.employer_validated = true;
  ok(e.update_request(ymd(2025, 3, 2), poor_dossier));
  ok(e.position(ymd(2025, 3, 2), number(1), o1));
  // Refused after the close: the close that moving the clock brought is undone with it.
  REQUIRE(e.position(ymd(2025, 3, 8), number(2), o1).refused == refusal::outside_window);
  REQUIRE(e.find_offer(o1)->state == offer_state::published);
  REQUIRE(e.clock() == ymd(2025, 3, 2));
}

TEST_CASE("every refused operation leaves the state and its digest unchanged") {
  allocation_engine e = week_of_positionings();
  ok(e.publish_offer(ymd(2025, 3, 6), offer_from("O-2", ymd(2025, 3, 6))));
  ok(e.position(ymd(2025, 3, 6), number(4), o2));
  ok(e.position(ymd(2025, 3, 6), number(5), o2));
  applicant rich = request_filed(9, ymd(2024, 9, 1));
  rich.incomes = {{2023, money::euros(90000)}};
  ok(e.file_request(ymd(2025, 3, 6), rich));
  ok(e.advance_to(ymd(2025, 3, 7)));
  const date today = ymd(2025, 3, 7);
  const date later = ymd(2025, 3, 9);  // after O-1 closes: the move of the clock is undone too

  applicant changed_seniority = request_filed(1, ymd(2023, 1, 1));
  offer bad_offer = offer_from("O-9", today);
  bad_offer.rooms = 9;
  applicant expired = request_filed(8, ymd(2023, 1, 1), std::nullopt);
  const std::vector<std::pair<event, refusal>> refused{
      {events::advance{ymd(2025, 3, 6)}, refusal::in_the_past},
      {events::advance{date{}}, refusal::not_a_date},
      {events::file_request{today, request_filed(1, ymd(2024, 1, 1))}, refusal::request_exists},
      {events::file_request{today, expired}, refusal::request_not_active},
      {events::file_request{today, request_filed(7, ymd(2025, 4, 1))}, refusal::invalid_request},
      {events::update_request{today, changed_seniority}, refusal::invalid_request},
      {events::update_request{today, request_filed(7, ymd(2024, 1, 1))}, refusal::unknown_request},
      {events::renew_request{today, number(7)}, refusal::unknown_request},
      {events::remove_request{today, number(7)}, refusal::unknown_request},
      {events::publish_offer{today, offer_from("O-1", today)}, refusal::offer_exists},
      {events::publish_offer{today, bad_offer}, refusal::invalid_offer},
      {events::publish_offer{today, offer_from("O-9", ymd(2025, 3, 1))}, refusal::invalid_offer},
      {events::position{today, number(1), o1}, refusal::already_positioned},
      {events::position{today, number(7), o1}, refusal::unknown_request},
      {events::position{today, number(1), offer_id{"nope"}}, refusal::unknown_offer},
      {events::position{today, number(9), o1}, refusal::ineligible},
      {events::position{ymd(2025, 3, 13), number(1), o2}, refusal::outside_window},
      {events::withdraw{today, number(1), o2}, refusal::not_positioned},
      {events::withdraw{later, number(1), o1}, refusal::outside_window},
      {events::commission{today, o1, {}}, refusal::wrong_offer_state},
      {events::commission{later, o1, {}}, refusal::invalid_decisions},
      {events::commission{later, o1, ranked_attributions({number(1), number(2)})},
       refusal::invalid_decisions},
      {events::commission{later, o1, ranked_attributions({number(1), number(2), number(4)})},
       refusal::invalid_decisions},
      {events::commission{later,
                          o1,
                          {{number(1), decision_kind::attribution, 1},
                           {number(2), decision_kind::attribution, 1},
                           {number(3), decision_kind::non_attribution, 0}}},
       refusal::invalid_decisions},
      {events::lift_condition{later, o1, number(1)}, refusal::wrong_offer_state},
      {events::answer{today, o1, number(1), answer_kind::accept}, refusal::wrong_offer_state},
      {events::sign_lease{today, o1, number(1)}, refusal::wrong_offer_state},
  };
  for (const auto& [ev, why] : refused) {
    INFO(describe(ev));
    const state_digest before = e.digest();
    const std::string snapshot = e.snapshot();
    const outcome o = e.apply(ev);
    CHECK(o.refused == why);
    CHECK_FALSE(o.reason.empty());
    CHECK(e.digest() == before);
    CHECK(e.snapshot() == snapshot);
    CHECK(e.clock() == today);
  }

  // Refusals once decided.
  ok(e.advance_to(later));
  ok(e.commission(later, o1, ranked_attributions({number(1), number(2), number(3)})));
  ok(e.answer(later, o1, number(1), answer_kind::accept));
  const date after = ymd(2025, 3, 13);  // O-2 has closed too
  ok(e.advance_to(after));
  ok(e.commission(after, o2, ranked_attributions({number(4), number(5)})));
  const std::vector<std::pair<event, refusal>> decided{
      {events::commission{after, o1, ranked_attributions({number(1), number(2), number(3)})},
       refusal::wrong_offer_state},
      {events::answer{after, o1, number(2), answer_kind::accept}, refusal::wrong_attribution_state},
      {events::answer{after, o1, number(4), answer_kind::accept}, refusal::wrong_attribution_state},
      {events::lift_condition{after, o1, number(2)}, refusal::wrong_attribution_state},
      {events::sign_lease{after, o1, number(2)}, refusal::wrong_attribution_state},
      {events::sign_lease{after, o2, number(4)}, refusal::wrong_attribution_state},
      {events::withdraw{after, number(1), o1}, refusal::outside_window},
  };
  for (const auto& [ev, why] : decided) {
    INFO(describe(ev));
    const state_digest before = e.digest();
    const std::string snapshot = e.snapshot();
    const outcome o = e.apply(ev);
    CHECK(o.refused == why);
    CHECK(e.digest() == before);
    CHECK(e.snapshot() == snapshot);
  }
}

TEST_CASE("an applicant may not accept two dwellings before signing") {
  allocation_engine e;
  ok(e.file_request(ymd(2025, 3, 1), request_filed(1, ymd(2024, 9, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-2", ymd(2025, 3, 1))));
  ok(e.position(ymd(2025, 3, 1), number(1), o1));
  ok(e.position(ymd(2025, 3, 1), number(1), o2));
  ok(e.advance_to(ymd(2025, 3, 8)));
  // Both closed the same day: request 1 was not yet awaiting an answer anywhere.
  ok(e.commission(ymd(2025, 3, 9), o1, {{number(1), decision_kind::attribution, 1}}));
  ok(e.commission(ymd(2025, 3, 9), o2, {{number(1), decision_kind::attribution, 1}}));
  ok(e.answer(ymd(2025, 3, 10), o1, number(1), answer_kind::accept));
  REQUIRE(e.answer(ymd(2025, 3, 10), o2, number(1), answer_kind::accept).refused ==
          refusal::already_accepted);
  ok(e.sign_lease(ymd(2025, 3, 11), o1, number(1)));
  // Housed: the other attribution ends and the second dwelling finds nobody else.
  REQUIRE(e.find_offer(o2)->find_attribution(number(1))->status == attribution_status::withdrawn);
  REQUIRE(e.find_offer(o2)->state == offer_state::unattributed);
}

TEST_CASE("attributions feed the ALS statistics that later rankings read") {
  engine_options options;
  options.als_targets =
      std::array<basis_points, 3>{basis_points{5000}, basis_points{2500}, basis_points{2500}};
  allocation_engine e(options);
  applicant pme = request_filed(1, ymd(2024, 9, 1));
  pme.employment.size = company_size::pme;
  applicant ge = request_filed(2, ymd(2024, 9, 1));
  ge.employment.size = company_size::ge;
  applicant ge2 = request_filed(3, ymd(2024, 9, 1));
  ge2.employment.size = company_size::ge;
  ok(e.file_request(ymd(2025, 3, 1), pme));
  ok(e.file_request(ymd(2025, 3, 1), ge));
  ok(e.file_request(ymd(2025, 3, 1), ge2));
  ok(e.publish_offer(ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))));
  ok(e.position(ymd(2025, 3, 1), number(3), o1));
  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 8), o1, {{number(3), decision_kind::attribution, 1}}));
  ok(e.answer(ymd(2025, 3, 8), o1, number(3), answer_kind::accept));
  ok(e.sign_lease(ymd(2025, 3, 9), o1, number(3)));
  REQUIRE(e.statistics().count(ymd(2025, 1, 1), ymd(2025, 12, 31))[2] == 1);

  ok(e.publish_offer(ymd(2025, 3, 10), offer_from("O-2", ymd(2025, 3, 10))));
  ok(e.position(ymd(2025, 3, 10), number(1), o2));
  ok(e.position(ymd(2025, 3, 10), number(2), o2));
  ok(e.advance_to(ymd(2025, 3, 17)));
  const offer_record& r = *e.find_offer(o2);
  // Every attribution went to a GE: the PME category is 50 points below its target.
  CHECK(points_of(e, entry_of(r, number(1)).card, "als_balancing") == 15);
  CHECK(points_of(e, entry_of(r, number(2)).card, "als_balancing") == 0);
  REQUIRE(r.closing->ranking.front().request == number(1));
}

TEST_CASE("the dashboard shows each positioning with counts, rank, card and decision") {
  allocation_engine e = week_of_positionings();
  // An eligible request that does not position still counts among the eligible.
  ok(e.file_request(ymd(2025, 3, 6), request_filed(6, ymd(2024, 11, 1))));
  ok(e.withdraw(ymd(2025, 3, 6), number(5), o1));
  auto d = dashboard(e, number(2));
  REQUIRE(d);
  REQUIRE(d->as_of == ymd(2025, 3, 6));
  REQUIRE(d->positionings.size() == 1);
  const positioning_view& open = d->positionings[0];
  CHECK(open.provisional);
  CHECK(open.state == offer_state::published);
  CHECK(open.eligible_count == 6);
  CHECK(open.candidate_count == 4);
  CHECK(open.rank == 2u);
  CHECK(open.card->total.value == 20);
  CHECK(open.shortlisted);

  ok(e.advance_to(ymd(2025, 3, 8)));
  ok(e.commission(ymd(2025, 3, 9), o1,
                  {{number(1), decision_kind::non_attribution, 0},
                   {number(2), decision_kind::attribution, 1},
                   {number(3), decision_kind::attribution, 2}}));
  d = dashboard(e, number(2));
  const positioning_view& closed = d->positionings[0];
  CHECK_FALSE(closed.provisional);
  CHECK(closed.rank == 2u);
  CHECK(closed.decision->decision == decision_kind::attribution);
  CHECK(closed.attribution->status == attribution_status::awaiting_answer);
  CHECK_THAT(describe(*d), Catch::Contains("awaiting_answer until 2025-03-19"));

  const auto withdrawn = dashboard(e, number(5));
  CHECK(withdrawn->positionings[0].withdrawn_on == ymd(2025, 3, 6));
  CHECK_FALSE(withdrawn->positionings[0].rank);
  CHECK_FALSE(dashboard(e, number(42)));
}

TEST_CASE("invalid options are rejected") {
  engine_options options;
  options.answer_delay_days = 0;
  CHECK_THROWS_AS(allocation_engine(options), invalid_argument);
  options = {};
  options.max_positionings = 0;
  CHECK_THROWS_AS(allocation_engine(options), invalid_argument);
}

TEST_CASE("attributions recorded from outside join the statistics, all or nothing") {
  allocation_engine e;
  ok(e.record_attributions(ymd(2025, 3, 1), {{ymd(2024, 6, 1), company_size::pme},
                                             {ymd(2025, 3, 1), company_size::ge},
                                             {ymd(2024, 1, 1), company_size::eti}}));
  CHECK(e.statistics().size() == 3);
  CHECK(e.statistics().records().front().on == ymd(2024, 1, 1));  // kept in date order
  const state_digest before = e.digest();
  const outcome late = e.record_attributions(
      ymd(2025, 3, 2),
      {{ymd(2025, 3, 1), company_size::pme}, {ymd(2025, 3, 3), company_size::pme}});
  CHECK(late.refused == refusal::invalid_attributions);
  CHECK(late.reason.find("attribution 1 is dated 2025-03-03") != std::string::npos);
  CHECK(e.digest() == before);
  CHECK(e.statistics().size() == 3);
  CHECK(*e.clock() == ymd(2025, 3, 1));
}

TEST_CASE("a day's offers close to the same state on one thread or two") {
  population_options p;
  p.seed = 7;
  p.requests = 3000;
  p.reference = ymd(2026, 3, 2);
  p.only_department = department::parse("092");
  const std::vector<applicant> people = generate_applicants(p);
  offer_options oo;
  oo.seed = 8;
  oo.offers = 24;
  oo.publication_start = ymd(2026, 3, 2);
  oo.only_department = p.only_department;
  std::vector<offer> offers = generate_offers(oo);

  const auto run = [&](unsigned threads) {
    engine_options options;
    options.close_threads = threads;
    allocation_engine e(options);
    for (const applicant& a : people) (void)e.file_request(ymd(2026, 3, 2), a);
    std::size_t positioned = 0;
    for (offer& o : offers) {
      o.publication_days = 7;
      ok(e.publish_offer(ymd(2026, 3, 2), o));
    }
    for (const offer& o : offers) {
      for (const request_number& n : generate_positionings(e.pool(), o, 40, 11)) {
        positioned += e.position(ymd(2026, 3, 3), n, o.id).applied() ? 1U : 0U;
      }
    }
    REQUIRE(positioned > 24 * 10);
    ok(e.advance_to(offers.front().closing_date()));
    for (const offer_record& r : e.offers()) REQUIRE(r.state != offer_state::published);
    return e.digest();
  };
  CHECK(run(1) == run(2));
}

TEST_CASE("an offer whose ranking fails its checks is held at the close, and the day's others close") {
  allocation_engine e = week_of_positionings({}, {o1, o2});
  {
    // A defect in O-2's ranking only: its shortlist cut to one candidate.
    const cotation::test::planted_defect defect;
    ok(e.advance_to(ymd(2025, 3, 8)));
  }
  // O-1 closes as in the hand-worked week above: 1, 2 and 3 shortlisted.
  const offer_record& closed = *e.find_offer(o1);
  REQUIRE(closed.state == offer_state::closed);
  CHECK(closed.closing->shortlist == std::vector<request_number>{number(1), number(2), number(3)});
  // O-2 is held: nobody presented, the failure kept, the positionings as they were.
  const offer_record& held = *e.find_offer(o2);
  REQUIRE(held.state == offer_state::held);
  CHECK_FALSE(held.closing);
  CHECK(held.ended_on == ymd(2025, 3, 8));
  CHECK_THAT(held.held_because, Catch::Matchers::Contains("offer O-2") &&
                                    Catch::Matchers::Contains("shortlist"));
  for (const positioning& p : held.positionings) CHECK(p.active());
  CHECK(e.commission(ymd(2025, 3, 10), o2, ranked_attributions({number(1)})).refused ==
        refusal::wrong_offer_state);
  // The clock moves on past it, and both snapshots keep it, reason and digest included.
  ok(e.advance_to(ymd(2025, 4, 1)));
  const allocation_engine from_json = allocation_engine::from_snapshot(e.snapshot());
  CHECK(from_json.digest() == e.digest());
  CHECK(from_json.find_offer(o2)->held_because == held.held_because);
  std::stringstream binary;
  e.write_binary_snapshot(binary, 0);
  const allocation_engine from_binary = allocation_engine::read_binary_snapshot(binary, {}, "snapshot");
  CHECK(from_binary.digest() == e.digest());
  CHECK(*from_binary.find_offer(o2) == *e.find_offer(o2));
}

TEST_CASE("an offer's eligible count is kept until the requests change, and follows them") {
  allocation_engine e = week_of_positionings();  // requests 1-5, all eligible for O-1
  const date today = *e.clock();
  CHECK(e.eligible_count(o1, today) == std::size_t{5});
  CHECK(e.eligible_count(o1, today) == std::size_t{5});  // kept: the same answer
  CHECK_FALSE(e.eligible_count(offer_id{"O-9"}, today));
  // A sixth eligible request filed: counted; the third removed: not any more.
  ok(e.file_request(today, request_filed(6, ymd(2024, 6, 10))));
  CHECK(e.eligible_count(o1, today) == std::size_t{6});
  ok(e.remove_request(today, number(3)));
  CHECK(e.eligible_count(o1, today) == std::size_t{5});
  CHECK(e.eligible_count(o1, today) == e.pool().count_eligible(e.find_offer(o1)->offer, today,
                                                               e.options().eligibility,
                                                               *e.options().ceilings));
  // The dashboards read it: request 1's positioning on O-1 shows 5 eligible.
  const auto d = dashboard(e, number(1));
  REQUIRE(d);
  REQUIRE(d->positionings.size() == 1);
  CHECK(d->positionings[0].eligible_count == 5);
  // A copy of the engine counts on its own, the same.
  const allocation_engine copy = e;
  CHECK(copy.eligible_count(o1, today) == std::size_t{5});
}
