// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/scoring.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

using namespace cotation;

namespace {

// The offer's closing date in most tests.
const date reference(2026, 3, 15);

criterion make(std::string id, criterion_parameters p,
               std::optional<std::string> group = std::nullopt) {
  return criterion{id, "Critère " + id, "Criterion " + id, p, std::move(group)};
}

compiled_grid grid_of(std::vector<criterion> criteria, std::map<std::string, points> caps = {},
                      std::optional<points> total_cap = std::nullopt) {
  grid g;
  g.id = "test";
  g.effective = date(2026, 1, 1);
  g.criteria = std::move(criteria);
  g.group_caps = std::move(caps);
  g.total_cap = total_cap;
  return compiled_grid(std::move(g));
}

compiled_grid only(criterion_parameters p) { return grid_of({make("c", p)}); }

candidate_facts someone() {
  candidate_facts f;
  f.initial_filing = date(2020, 1, 1);
  f.birth_date = date(1980, 6, 1);
  return f;
}

scoring_context alone(const candidate_facts& f) {
  return scoring_context{reference, seniority_field::from(std::array{f.initial_filing}), {}};
}

points total(const compiled_grid& g, const candidate_facts& f) {
  return score(g, f, alone(f)).total;
}

// The facts of the only line of a card.
template <typename Facts>
Facts only_facts(const score_card& card) {
  REQUIRE(card.lines.size() == 1);
  REQUIRE(std::holds_alternative<Facts>(card.lines[0].facts));
  return std::get<Facts>(card.lines[0].facts);
}

}  // namespace

// --- Professional mobility -------------------------------------------------------------------

TEST_CASE("mobility counts beyond 70 km, not at exactly 70 km") {
  const auto g = only(criteria::professional_mobility{});
  auto f = someone();
  f.mobility_km = 70;
  f.mobility_minutes = 30;
  CHECK(total(g, f) == points{0});
  CHECK(score(g, f, alone(f)).lines.empty());
  f.mobility_km = 71;
  CHECK(total(g, f) == points{15});
  const auto m = only_facts<scoring_facts::mobility>(score(g, f, alone(f)));
  CHECK(m.km == 71);
  CHECK(m.minutes == 30);
}

TEST_CASE("mobility counts from 75 minutes of travel, not at 74") {
  const auto g = only(criteria::professional_mobility{});
  auto f = someone();
  f.mobility_km = 10;
  f.mobility_minutes = 74;
  CHECK(total(g, f) == points{0});
  f.mobility_minutes = 75;
  CHECK(total(g, f) == points{15});
}

TEST_CASE("without a mobility there are no mobility points") {
  CHECK(total(only(criteria::professional_mobility{}), someone()) == points{0});
}

TEST_CASE("mobility thresholds are parameters") {
  const auto g = only(criteria::professional_mobility{points{7}, 30, 40});
  auto f = someone();
  f.mobility_km = 31;
  CHECK(total(g, f) == points{7});
  f.mobility_km = 30;
  f.mobility_minutes = 40;
  CHECK(total(g, f) == points{7});
  f.mobility_minutes = 39;
  CHECK(total(g, f) == points{0});
}

// --- Age --------------------------------------------------------------------------------------

TEST_CASE("a reference person aged 29 earns the age points, and not from their 30th birthday") {
  const auto g = only(criteria::age_band{});
  auto f = someone();
  f.birth_date = date(1996, 3, 16);  // 30 tomorrow
  CHECK(total(g, f) == points{10});
  CHECK(only_facts<scoring_facts::age>(score(g, f, alone(f))).years == 29);
  f.birth_date = date(1996, 3, 15);  // 30 on the reference date
  CHECK(total(g, f) == points{0});
}

TEST_CASE("the age band's bounds are both included") {
  const auto g = only(criteria::age_band{points{4}, 18, 25});
  auto f = someone();
  f.birth_date = date(2008, 3, 15);  // 18 on the reference date
  CHECK(total(g, f) == points{4});
  f.birth_date = date(2008, 3, 16);  // 17
  CHECK(total(g, f) == points{0});
  f.birth_date = date(2000, 3, 16);  // 25
  CHECK(total(g, f) == points{4});
  f.birth_date = date(2000, 3, 15);  // 26
  CHECK(total(g, f) == points{0});
}

// --- Refusals ---------------------------------------------------------------------------------

TEST_CASE("a refusal exactly at the window start counts and the day before does not") {
  const auto g = only(criteria::applicant_refusals{});
  auto f = someone();
  const std::vector<date> at_start = {date(2025, 3, 15)};
  f.applicant_refusals = at_start;
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{-40});
  const auto e = only_facts<scoring_facts::events>(card);
  CHECK(e.count == 1);
  CHECK(e.since == date(2025, 3, 15));

  const std::vector<date> day_before = {date(2025, 3, 14)};
  f.applicant_refusals = day_before;
  CHECK(total(g, f) == points{0});
  CHECK(score(g, f, alone(f)).lines.empty());
}

TEST_CASE("a refusal after the reference date does not count, one on it does") {
  const auto g = only(criteria::applicant_refusals{});
  auto f = someone();
  const std::vector<date> after = {date(2026, 3, 16)};
  f.applicant_refusals = after;
  CHECK(total(g, f) == points{0});
  const std::vector<date> on = {reference};
  f.applicant_refusals = on;
  CHECK(total(g, f) == points{-40});
}

TEST_CASE("every refusal in the window counts") {
  const auto g = only(criteria::applicant_refusals{});
  auto f = someone();
  const std::vector<date> refusals = {date(2024, 1, 1), date(2025, 4, 1), date(2025, 12, 24),
                                      date(2026, 2, 1)};
  f.applicant_refusals = refusals;
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{-120});
  CHECK(only_facts<scoring_facts::events>(card).count == 3);
}

TEST_CASE("commission refusals earn points for each refusal in the window") {
  const auto g = only(criteria::commission_refusals{});
  auto f = someone();
  const std::vector<date> refusals = {date(2025, 3, 14), date(2025, 3, 15), date(2026, 1, 10)};
  f.commission_refusals = refusals;
  CHECK(total(g, f) == points{80});
  // The applicant's own refusals do not feed the commission criterion.
  f.commission_refusals = {};
  f.applicant_refusals = refusals;
  CHECK(total(g, f) == points{0});
}

TEST_CASE("a window ending on a month's last day starts on the last day of the earlier month") {
  const auto g = only(criteria::applicant_refusals{points{-1}, 1});
  auto f = someone();
  const date march_31(2026, 3, 31);
  const std::vector<date> refusals = {date(2026, 2, 27), date(2026, 2, 28)};
  f.applicant_refusals = refusals;
  const scoring_context ctx{march_31, seniority_field::from(std::array{f.initial_filing}), {}};
  const auto card = score(g, f, ctx);
  CHECK(card.total == points{-1});
  CHECK(only_facts<scoring_facts::events>(card).since == date(2026, 2, 28));
}

TEST_CASE("dated events are counted exactly as calendar windows say, whatever the dates") {
  std::mt19937 rng(20260315);
  std::uniform_int_distribution<int> day_offset(0, 40 * 366);
  std::uniform_int_distribution<int> months(1, 120);
  const date epoch(2000, 1, 1);
  for (int trial = 0; trial < 2000; ++trial) {
    const date ref = epoch + boost::gregorian::days(day_offset(rng) + 5000);
    const int window = months(rng);
    std::vector<date> events;
    for (int k = 0; k < 8; ++k) {
      std::uniform_int_distribution<int> back(-40, 31 * window + 40);
      events.push_back(ref - boost::gregorian::days(back(rng)));
    }
    // Probe the exact window edge too.
    events.push_back(add_months(ref, -window));
    events.push_back(add_months(ref, -window) - boost::gregorian::days(1));
    // SPEC 4, written out here rather than asked of the library's `within_months`: an event
    // counts from the reference date minus `window` calendar months (the day clamped to the end
    // of a shorter month), that day included, to the reference date included.
    const int month_index = ref.year() * 12 + (ref.month() - 1) - window;
    const int start_year = month_index / 12;
    const int start_month = month_index % 12 + 1;
    const int last_day = boost::gregorian::gregorian_calendar::end_of_month_day(
        static_cast<unsigned short>(start_year), static_cast<unsigned short>(start_month));
    const date start(static_cast<unsigned short>(start_year),
                     static_cast<unsigned short>(start_month),
                     static_cast<unsigned short>(std::min<int>(ref.day(), last_day)));
    const auto expected = std::count_if(events.begin(), events.end(),
                                        [&](date e) { return start <= e && e <= ref; });
    const auto g = only(criteria::commission_refusals{points{1}, window});
    auto f = someone();
    f.commission_refusals = events;
    const scoring_context ctx{ref, seniority_field::from(std::array{f.initial_filing}), {}};
    INFO("reference " << to_iso(ref) << ", window " << window);
    CHECK(score(g, f, ctx).total == points{static_cast<std::int32_t>(expected)});
  }
}

// --- New hire ---------------------------------------------------------------------------------

TEST_CASE("a job started exactly 12 months before the reference date is a new hire") {
  // SPEC 4: a dated event counts from the reference date minus the window, that day included.
  const auto g = only(criteria::new_hire{});
  auto f = someone();
  f.job_start = date(2025, 3, 15);
  CHECK(total(g, f) == points{5});
  CHECK(only_facts<scoring_facts::job>(score(g, f, alone(f))).start == date(2025, 3, 15));
  f.job_start = date(2025, 3, 14);
  CHECK(total(g, f) == points{0});
}

TEST_CASE("a job starting after the reference date, or no job date, is not a new hire") {
  const auto g = only(criteria::new_hire{});
  auto f = someone();
  f.job_start = date(2026, 3, 16);
  CHECK(total(g, f) == points{0});
  f.job_start = reference;
  CHECK(total(g, f) == points{5});
  f.job_start.reset();
  CHECK(total(g, f) == points{0});
}

// --- Effort ratio and resources ---------------------------------------------------------------

TEST_CASE("an effort ratio of exactly 33 % earns nothing and just above earns the points") {
  const auto g = only(criteria::effort_ratio{});
  auto f = someone();
  f.effort = current_effort{money::euros(660), money::euros(2000)};  // 33 %
  CHECK(total(g, f) == points{0});
  // 33.0005 %: rounds down to 33,00 % but is above, compared exactly.
  f.effort = current_effort{money::cents(66001), money::euros(2000)};
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{10});
  const auto e = only_facts<scoring_facts::effort>(card);
  CHECK(e.ratio() == basis_points{3300});
  CHECK(e.net_cost == money::cents(66001));
  CHECK(e.resources == money::euros(2000));
}

TEST_CASE("without a current effort there are no effort points") {
  const auto g = only(criteria::effort_ratio{});
  auto f = someone();
  CHECK(total(g, f) == points{0});
  f.effort = current_effort{money::euros(900), money{}};  // no resources: not measurable
  CHECK(total(g, f) == points{0});
}

TEST_CASE("an income of exactly 60 % of the PLUS ceiling earns the low-resources points") {
  const auto g = only(criteria::low_resources{});
  auto f = someone();
  f.plus_ceiling = money::euros(30000);
  f.reference_income = money::euros(18000);
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{10});
  const auto r = only_facts<scoring_facts::resources>(card);
  CHECK(r.percent() == basis_points{6000});
  CHECK(r.ceiling == money::euros(30000));
  f.reference_income = money::euros(18000) + money::cents(1);
  CHECK(total(g, f) == points{0});
}

TEST_CASE("without a PLUS ceiling the low-resources line says it was not evaluated") {
  // SPEC 3.4: a missing ceiling is never guessed. The criterion earns nothing, and the card
  // says why rather than leaving the criterion out.
  const auto g = only(criteria::low_resources{});
  auto f = someone();
  f.reference_income = money::euros(1000);
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{0});
  CHECK(only_facts<scoring_facts::no_plus_ceiling>(card).income == money::euros(1000));
  CHECK_FALSE(card.lines[0].counted);
  CHECK(explain(g, card) ==
        "Score : 0 point\n"
        "    0  Critère c (revenu fiscal de référence 1 000 € ; non évalué : aucun plafond PLUS "
        "n'est publié pour ce ménage dans la zone et l'année de l'offre)\n");
  CHECK(explain(g, card, language::en) ==
        "Score: 0 points\n"
        "    0  Criterion c (reference income €1,000; not evaluated: no PLUS ceiling is "
        "published for this household in the offer's zone and year)\n");
}

TEST_CASE("without a reference income there is no low-resources line") {
  const auto g = only(criteria::low_resources{});
  auto f = someone();
  f.plus_ceiling = money::euros(30000);
  CHECK(score(g, f, alone(f)).lines.empty());
}

// --- PEEC and flags ---------------------------------------------------------------------------

TEST_CASE("a contributing employer earns 10 points and a compensated one 5") {
  const auto g = only(criteria::employer_peec{});
  auto f = someone();
  CHECK(total(g, f) == points{0});
  f.peec = peec_status::contributing;
  CHECK(total(g, f) == points{10});
  CHECK(only_facts<scoring_facts::peec>(score(g, f, alone(f))).status == peec_status::contributing);
  f.peec = peec_status::compensated;
  CHECK(total(g, f) == points{5});
}

TEST_CASE("each situation flag earns its criterion's points and nothing else") {
  const auto g =
      grid_of({make("single_parent", criteria::single_parent{}),
               make("housing", criteria::housing_situation{}), make("dalo", criteria::dalo{}),
               make("violence", criteria::domestic_violence{}),
               make("disability", criteria::disability{}), make("key", criteria::key_worker{})});
  CHECK(total(g, someone()) == points{0});
  struct flag_case {
    bool candidate_facts::*flag;
    std::int32_t expected;
  };
  const flag_case cases[] = {
      {&candidate_facts::single_parent, 10},
      {&candidate_facts::homeless_hosted_or_threatened, 15},
      {&candidate_facts::dalo, 30},
      {&candidate_facts::domestic_violence, 30},
      {&candidate_facts::household_disability, 10},
      {&candidate_facts::key_worker, 10},
  };
  for (const flag_case& c : cases) {
    auto f = someone();
    f.*c.flag = true;
    const auto card = score(g, f, alone(f));
    CHECK(card.total == points{c.expected});
    REQUIRE(card.lines.size() == 1);
    CHECK(std::holds_alternative<scoring_facts::none>(card.lines[0].facts));
  }
}

// --- Seniority --------------------------------------------------------------------------------

namespace {
score_card seniority_card(seniority_mode mode, date own, const std::vector<date>& all) {
  const auto g = only(criteria::seniority{mode, points{20}});
  auto f = someone();
  f.initial_filing = own;
  return score(g, f, scoring_context{reference, seniority_field::from(all), {}});
}
points seniority_points(seniority_mode mode, date own, const std::vector<date>& all) {
  return seniority_card(mode, own, all).total;
}
constexpr seniority_mode all_modes[] = {seniority_mode::older_than_median,
                                        seniority_mode::older_than_mean,
                                        seniority_mode::oldest_only};
}  // namespace

TEST_CASE("a lone candidate gets no seniority points and no seniority line in any mode") {
  for (const seniority_mode mode : all_modes) {
    const auto card = seniority_card(mode, date(2010, 1, 1), {date(2010, 1, 1)});
    CHECK(card.total == points{0});
    CHECK(card.lines.empty());
  }
}

TEST_CASE("of two candidates the older request earns seniority in every mode, a tie in none") {
  const date older(2019, 3, 4);
  const date newer(2021, 6, 12);
  for (const seniority_mode mode : all_modes) {
    CHECK(seniority_points(mode, older, {newer, older}) == points{20});
    CHECK(seniority_points(mode, newer, {newer, older}) == points{0});
    CHECK(seniority_points(mode, older, {older, older}) == points{0});
  }
  const auto s = only_facts<scoring_facts::seniority>(
      seniority_card(seniority_mode::older_than_median, newer, {newer, older}));
  CHECK(s.own == newer);
  CHECK(s.compared_to == older);
  CHECK(s.others == 1);
  CHECK(s.others_later == 0);
  CHECK_FALSE(s.older());
}

TEST_CASE(
    "with an odd number of others the median mode needs a date strictly before their median") {
  const std::vector<date> others = {date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1)};
  const auto with = [&](date own) {
    auto all = others;
    all.push_back(own);
    return all;
  };
  const auto m = seniority_mode::older_than_median;
  CHECK(seniority_points(m, date(2020, 6, 1), with(date(2020, 6, 1))) == points{20});
  CHECK(seniority_points(m, date(2020, 12, 31), with(date(2020, 12, 31))) == points{20});
  // Equal to the median: only one of three is strictly later.
  CHECK(seniority_points(m, date(2021, 1, 1), with(date(2021, 1, 1))) == points{0});
  const auto s = only_facts<scoring_facts::seniority>(
      seniority_card(m, date(2021, 1, 1), with(date(2021, 1, 1))));
  CHECK(s.compared_to == date(2021, 1, 1));
  CHECK(s.others == 3);
  CHECK(s.others_later == 1);
}

TEST_CASE("with an even number of others the median mode needs more than half of them later") {
  const std::vector<date> others = {date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1),
                                    date(2023, 1, 1)};
  const auto with = [&](date own) {
    auto all = others;
    all.push_back(own);
    return all;
  };
  const auto m = seniority_mode::older_than_median;
  // Three of four later: more than half.
  CHECK(seniority_points(m, date(2020, 6, 1), with(date(2020, 6, 1))) == points{20});
  // Two of four later: exactly half is not more than half, though before the middle point.
  CHECK(seniority_points(m, date(2021, 6, 1), with(date(2021, 6, 1))) == points{0});
  const auto s = only_facts<scoring_facts::seniority>(
      seniority_card(m, date(2020, 6, 1), with(date(2020, 6, 1))));
  CHECK(s.compared_to == date(2021, 1, 1));  // the lower middle date
  CHECK(s.others_later == 3);
}

TEST_CASE("ties in the median mode: a date shared with others is not later than itself") {
  const date a(2020, 1, 1);
  const date b(2022, 1, 1);
  const auto m = seniority_mode::older_than_median;
  // Others: a, a, b. One strictly later of three: no.
  CHECK(seniority_points(m, a, {a, a, a, b}) == points{0});
  // Others: a, b, b. Two strictly later of three: yes, though the oldest date is shared.
  CHECK(seniority_points(m, a, {a, a, b, b}) == points{20});
  // Others: b, b, b. Three of three later: yes.
  CHECK(seniority_points(m, a, {a, b, b, b}) == points{20});
  // Everyone filed the same day: nobody.
  CHECK(seniority_points(m, a, {a, a, a, a, a}) == points{0});
}

TEST_CASE("the mean mode compares exactly with the others' mean day, fractions included") {
  const auto m = seniority_mode::older_than_mean;
  const date d1(2020, 1, 1);
  const date d2(2020, 1, 2);
  const date d3(2020, 1, 3);
  // Others d1, d3: mean d2. Equal is not earlier.
  CHECK(seniority_points(m, d2, {d1, d2, d3}) == points{0});
  // Others d2, d3: mean d2 + 0.5 day; d2 is strictly earlier.
  CHECK(seniority_points(m, d2, {d2, d2, d3}) == points{20});
  const auto s = only_facts<scoring_facts::seniority>(seniority_card(m, d2, {d2, d2, d3}));
  CHECK(s.compared_to == d3);  // the mean rounded up to a day decides the same way
  CHECK(s.older());
  // Others d1, d2: mean d1 + 0.5; d2 is not earlier.
  CHECK(seniority_points(m, d2, {d1, d2, d2}) == points{0});
}

TEST_CASE("the mean mode counts every other candidate, so a far outlier moves the mean") {
  const auto m = seniority_mode::older_than_mean;
  const date own(2021, 1, 1);
  // Median of the others (2020) is earlier than own, but the 2026 outlier pulls the mean later.
  const std::vector<date> all = {own, date(2020, 1, 1), date(2020, 1, 1), date(2026, 1, 1)};
  CHECK(seniority_points(m, own, all) == points{20});
  CHECK(seniority_points(seniority_mode::older_than_median, own, all) == points{0});
}

TEST_CASE("the oldest-only mode rewards a strictly oldest request and nobody on a tie") {
  const auto m = seniority_mode::oldest_only;
  const date a(2018, 5, 5);
  const date b(2019, 1, 1);
  const date c(2020, 1, 1);
  CHECK(seniority_points(m, a, {c, b, a}) == points{20});
  CHECK(seniority_points(m, b, {c, b, a}) == points{0});
  CHECK(seniority_points(m, a, {a, c, a, b}) == points{0});  // tied oldest: nobody
  const auto s = only_facts<scoring_facts::seniority>(seniority_card(m, b, {c, b, a}));
  CHECK(s.compared_to == a);
}

TEST_CASE("a candidate who did not earn seniority still sees what they were compared with") {
  const auto card = seniority_card(seniority_mode::older_than_median, date(2023, 1, 1),
                                   {date(2023, 1, 1), date(2020, 1, 1), date(2021, 1, 1)});
  REQUIRE(card.lines.size() == 1);
  CHECK(card.lines[0].value == points{0});
  CHECK_FALSE(card.lines[0].counted);
}

namespace {
/// SPEC 4's definition of each mode, worked from the others' dates one by one.
bool older_by_definition(const std::vector<date>& others, date own, seniority_mode mode) {
  const auto m = static_cast<std::int64_t>(others.size());
  if (m == 0) return false;
  const auto later = std::count_if(others.begin(), others.end(), [&](date o) { return o > own; });
  std::int64_t sum = 0;
  for (const date o : others) sum += static_cast<std::int64_t>(o.day_number());
  switch (mode) {
    case seniority_mode::older_than_median:
      return 2 * later > m;
    case seniority_mode::older_than_mean:
      return static_cast<std::int64_t>(own.day_number()) * m < sum;
    case seniority_mode::oldest_only:
      return later == m;
  }
  return false;
}
}  // namespace

TEST_CASE("seniority modes agree with their definitions on random candidate sets") {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 600; ++trial) {
    std::uniform_int_distribution<int> size(1, 40);
    // A narrow range gives many ties and the dense table; a wide one the sorted search.
    std::uniform_int_distribution<int> day(0, trial % 2 == 0 ? 30 : 20000);
    const int n = size(rng);
    std::vector<date> all;
    for (int i = 0; i < n; ++i) all.push_back(date(2020, 1, 1) + boost::gregorian::days(day(rng)));
    const auto field = seniority_field::from(all);
    for (std::size_t i = 0; i < all.size(); ++i) {
      std::vector<date> others = all;
      others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
      const date own = all[i];
      const auto m = static_cast<std::int64_t>(others.size());
      const auto later =
          std::count_if(others.begin(), others.end(), [&](date o) { return o > own; });
      for (const seniority_mode mode : all_modes) {
        const auto s = field.compare(own, mode);
        REQUIRE(s.has_value() == (m > 0));
        if (!s) continue;
        CHECK(s->others == m);
        CHECK(s->others_later == later);
        const bool expected = older_by_definition(others, own, mode);
        INFO("candidate " << i << " of " << n << ", mode " << to_string(mode));
        CHECK(s->older() == expected);
        CHECK(field.older(own, mode) == expected);
      }
    }
  }
}

TEST_CASE("older without the facts says what the facts say, for dates in and out of the field") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 600; ++trial) {
    std::uniform_int_distribution<int> size(0, 12);
    // Few days: many ties, and dates outside the field fall between, before and after them.
    std::uniform_int_distribution<int> day(0, trial % 2 == 0 ? 6 : 20000);
    std::vector<date> all;
    for (int i = size(rng); i > 0; --i) {
      all.push_back(date(2020, 1, 1) + boost::gregorian::days(day(rng)));
    }
    const auto field = seniority_field::from(all);
    std::vector<date> owns = all;
    for (int k = 0; k < 8; ++k) owns.push_back(date(2020, 1, 1) + boost::gregorian::days(day(rng)));
    for (const date own : owns) {
      // Defined from the others: the field less one occurrence of `own` when it is there.
      std::vector<date> others = all;
      if (const auto it = std::find(others.begin(), others.end(), own); it != others.end()) {
        others.erase(it);
      }
      for (const seniority_mode mode : all_modes) {
        const bool expected = older_by_definition(others, own, mode);
        INFO(all.size() << " dates, own day " << own.day_number() << ", mode " << to_string(mode));
        CHECK(field.older(own, mode) == expected);
        const auto s = field.compare(own, mode);
        CHECK((s && s->older()) == expected);
      }
    }
  }
}

TEST_CASE("a date missing from the field is compared with every date of the field") {
  const auto field = seniority_field::from(std::vector<date>{date(2021, 1, 1), date(2022, 1, 1)});
  const auto s = field.compare(date(2020, 1, 1), seniority_mode::oldest_only);
  REQUIRE(s);
  CHECK(s->others == 2);
  CHECK(s->compared_to == date(2021, 1, 1));
  CHECK(s->older());
}

// --- ALS balancing ----------------------------------------------------------------------------

namespace {
score_card als_card(std::array<std::int64_t, 3> counts, std::array<basis_points, 3> target,
                    company_size size = company_size::pme) {
  const auto g = only(criteria::als_balancing{});
  auto f = someone();
  f.size = size;
  scoring_context ctx = alone(f);
  ctx.als.attributions_in_window = counts;
  ctx.als.target = target;
  return score(g, f, ctx);
}
constexpr basis_points bp(std::int64_t v) { return basis_points{v}; }
}  // namespace

TEST_CASE("a category more than 5 points below its target earns the ALS bonus") {
  // PME: 24 % of attributions, target 30 %: 6 points below.
  CHECK(als_card({24, 36, 40}, {bp(3000), bp(3000), bp(4000)}).total == points{15});
  // Just over 5 points below: 25 % against 30,01 %.
  CHECK(als_card({25, 35, 40}, {bp(3001), bp(3000), bp(3999)}).total == points{15});
}

TEST_CASE("a category exactly 5 points below its target, or closer, gets no ALS bonus") {
  const auto exactly = als_card({25, 35, 40}, {bp(3000), bp(3000), bp(4000)});
  CHECK(exactly.total == points{0});
  // The line is still shown, with the numbers compared.
  const auto a = only_facts<scoring_facts::als>(exactly);
  CHECK(a.category == company_size::pme);
  CHECK(a.share == bp(2500));
  CHECK(a.target == bp(3000));
  CHECK(als_card({26, 34, 40}, {bp(3000), bp(3000), bp(4000)}).total == points{0});
  // Above target.
  CHECK(als_card({50, 10, 40}, {bp(3000), bp(3000), bp(4000)}).total == points{0});
}

TEST_CASE("the ALS comparison is exact for shares that are not whole basis points") {
  // ETI: 1 of 3 = 33.333… %. Target 38.34 %: 5.0067 points below. Target 38.33 %: 4.9967.
  CHECK(als_card({1, 1, 1}, {bp(3000), bp(3834), bp(3166)}, company_size::eti).total == points{15});
  CHECK(als_card({1, 1, 1}, {bp(3000), bp(3833), bp(3167)}, company_size::eti).total == points{0});
}

TEST_CASE("with no attribution in the window nobody gets the ALS bonus") {
  const auto card = als_card({0, 0, 0}, {bp(10000), bp(0), bp(0)});
  CHECK(card.total == points{0});
  CHECK(card.lines.empty());
}

TEST_CASE("a category with no attribution at all is below any target beyond the tolerance") {
  CHECK(als_card({0, 5, 5}, {bp(501), bp(5000), bp(4499)}).total == points{15});
  CHECK(als_card({0, 5, 5}, {bp(500), bp(5000), bp(4500)}).total == points{0});
}

// --- Groups and caps --------------------------------------------------------------------------

TEST_CASE("within a group only the best criterion counts") {
  const auto g =
      grid_of({make("disability", criteria::disability{}, "priority"),
               make("dalo", criteria::dalo{}, "priority"), make("key", criteria::key_worker{})});
  auto f = someone();
  f.household_disability = true;
  f.dalo = true;
  f.key_worker = true;
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{40});
  REQUIRE(card.lines.size() == 3);
  CHECK(card.lines[0].criterion == 0);
  CHECK(card.lines[0].value == points{10});
  CHECK(card.lines[0].contribution == points{0});
  CHECK_FALSE(card.lines[0].counted);
  CHECK(card.lines[1].counted);
  CHECK(card.lines[1].contribution == points{30});
  CHECK(card.lines[2].counted);
}

TEST_CASE("within a group a tie keeps the first criterion in grid order") {
  const auto g = grid_of(
      {make("violence", criteria::domestic_violence{}, "p"), make("dalo", criteria::dalo{}, "p")});
  auto f = someone();
  f.dalo = true;
  f.domestic_violence = true;
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{30});
  REQUIRE(card.lines.size() == 2);
  CHECK(card.lines[0].counted);
  CHECK_FALSE(card.lines[1].counted);
}

TEST_CASE("a group whose only earned criterion is a penalty keeps the penalty") {
  const auto g = grid_of({make("refusals", criteria::applicant_refusals{}, "history"),
                          make("commission", criteria::commission_refusals{}, "history")});
  auto f = someone();
  const std::vector<date> refusals = {date(2026, 1, 1)};
  f.applicant_refusals = refusals;
  CHECK(total(g, f) == points{-40});
}

TEST_CASE("a group cap bounds the group's bonus but never a penalty") {
  const auto g = grid_of({make("commission", criteria::commission_refusals{}, "bonus"),
                          make("refusals", criteria::applicant_refusals{}, "malus")},
                         {{"bonus", points{50}}, {"malus", points{10}}});
  auto f = someone();
  const std::vector<date> three = {date(2025, 6, 1), date(2025, 9, 1), date(2026, 1, 1)};
  f.commission_refusals = three;
  f.applicant_refusals = three;
  const auto card = score(g, f, alone(f));
  REQUIRE(card.lines.size() == 2);
  CHECK(card.lines[0].value == points{120});
  CHECK(card.lines[0].contribution == points{50});
  CHECK(card.lines[0].counted);
  CHECK(card.lines[1].contribution == points{-120});
  CHECK(card.total == points{-70});
}

TEST_CASE("a group capped at zero adds nothing") {
  const auto g = grid_of({make("dalo", criteria::dalo{}, "off")}, {{"off", points{0}}});
  auto f = someone();
  f.dalo = true;
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{0});
  REQUIRE(card.lines.size() == 1);
  CHECK_FALSE(card.lines[0].counted);
}

TEST_CASE("the total cap bounds the bonuses and penalties then count in full") {
  const auto g =
      grid_of({make("dalo", criteria::dalo{}), make("violence", criteria::domestic_violence{}),
               make("refusals", criteria::applicant_refusals{})},
              {}, points{40});
  auto f = someone();
  f.dalo = true;
  f.domestic_violence = true;
  auto card = score(g, f, alone(f));
  CHECK(card.before_total_cap == points{60});
  CHECK(card.total == points{40});

  const std::vector<date> refusal = {date(2026, 1, 1)};
  f.applicant_refusals = refusal;
  card = score(g, f, alone(f));
  CHECK(card.before_total_cap == points{20});
  CHECK(card.total == points{0});  // min(60, 40) − 40
  for (const score_line& l : card.lines) CHECK(l.counted);
}

TEST_CASE("a total cap that is not reached changes nothing") {
  const auto g = grid_of({make("dalo", criteria::dalo{}), make("key", criteria::key_worker{})}, {},
                         points{100});
  auto f = someone();
  f.dalo = true;
  f.key_worker = true;
  const auto card = score(g, f, alone(f));
  CHECK(card.total == points{40});
  CHECK(card.before_total_cap == points{40});
}

TEST_CASE("a grid longer than the scoring buffer scores every criterion") {
  std::vector<criterion> many;
  for (int i = 0; i < 40; ++i) {
    many.push_back(make(fmt::format("key-{}", i), criteria::key_worker{points{i + 1}},
                        i % 2 == 0 ? std::optional<std::string>("even") : std::nullopt));
  }
  const auto g = grid_of(std::move(many));
  auto f = someone();
  f.key_worker = true;
  score_card card;
  score_into(g, f, alone(f), card);
  REQUIRE(card.lines.size() == 40);
  // Odd indices (points 2, 4, … 40) all count; of the even ones only the best (39) does.
  CHECK(card.total == points{420 + 39});
  CHECK(card.lines[38].counted);
  CHECK_FALSE(card.lines[36].counted);
  CHECK(card == score(g, f, alone(f)));
}

TEST_CASE("cards copy and move by value, whether their lines fit inside the card or not") {
  auto f = someone();
  f.key_worker = true;
  f.dalo = true;
  const compiled_grid small(default_grid());
  std::vector<criterion> many;
  for (int i = 0; i < 12; ++i) {
    many.push_back(make(fmt::format("key-{}", i), criteria::key_worker{points{i + 1}}));
  }
  const auto large = grid_of(std::move(many));
  for (const compiled_grid* g : {&small, &large}) {
    const score_card card = score(*g, f, alone(f));
    REQUIRE_FALSE(card.lines.empty());
    CHECK((card.lines.size() > score_card::inline_lines) == (g == &large));
    score_card copy = card;
    CHECK(copy == card);
    CHECK(copy.lines.data() != card.lines.data());
    copy.lines[0].value = points{99};  // the copy owns its lines
    CHECK_FALSE(copy == card);
    score_card moved = std::move(copy);
    CHECK(moved.lines[0].value == points{99});
    moved.lines.assign(card.lines.begin(), card.lines.end());
    CHECK(moved == card);
  }
}

// --- Cards ------------------------------------------------------------------------------------

TEST_CASE("a card has one line per applying criterion, in grid order") {
  const compiled_grid g(default_grid());
  auto f = someone();
  f.key_worker = true;
  f.peec = peec_status::compensated;
  f.dalo = true;
  const auto card = score(g, f, alone(f));
  REQUIRE(card.lines.size() == 3);
  CHECK(g.at(card.lines[0].criterion).id == "employer_peec");
  CHECK(g.at(card.lines[1].criterion).id == "dalo");
  CHECK(g.at(card.lines[2].criterion).id == "key_worker");
  CHECK(card.total == points{45});
}

TEST_CASE("score_into gives the same card as score and reuses the line storage") {
  const compiled_grid g(default_grid());
  auto f = someone();
  f.dalo = true;
  f.single_parent = true;
  const std::vector<date> filings = {f.initial_filing, date(2022, 2, 2), date(2023, 3, 3)};
  const scoring_context ctx{reference, seniority_field::from(filings), {}};
  score_card card;
  score_into(g, f, ctx, card);
  CHECK(card == score(g, f, ctx));
  const auto* storage = card.lines.data();
  f.dalo = false;
  score_into(g, f, ctx, card);
  CHECK(card.lines.data() == storage);
  CHECK(card == score(g, f, ctx));
  CHECK(card.total == points{30});
}

// --- Facts of an applicant --------------------------------------------------------------------

namespace {
applicant sample_applicant() {
  return applicant{
      .number = request_number::parse("0750423808575GDPUB"),
      .initial_filing = date(2023, 4, 1),
      .last_renewal = std::nullopt,
      .removed_on = std::nullopt,
      .household = {{member{date(1998, 7, 1), member_role::reference_person, false, false},
                     member{date(2020, 1, 1), member_role::dependant, true, false}}},
      .incomes = {annual_income{2024, money::euros(15000)}},
      .monthly_resources = money::euros(1500),
      .expected_housing_benefit = money{},
      .employment = {.contract = contract_type::cdi,
                     .job_start = date(2025, 9, 1),
                     .net_monthly_salary = money::euros(1500),
                     .gross_monthly_salary = money::euros(1900),
                     .employer = employer_id{"123456789"},
                     .peec = peec_status::contributing,
                     .size = company_size::eti,
                     .sector = employer_sector::private_non_agricultural,
                     .headcount = 500},
      .mobility = cotation::mobility{mobility_kind::transfer, date(2025, 9, 1), 120, 90},
      .housing = {housing_status::private_tenant, money::euros(700), money::euros(100)},
      .situation = {.dalo = false,
                    .disability = false,
                    .domestic_violence = false,
                    .threatened_with_eviction = false,
                    .non_decent_or_overcrowded = false,
                    .key_worker = false,
                    .single_parent = true},
      .history = {.applicant_refusals = {date(2025, 11, 2)},
                  .commission_refusals = {date(2025, 5, 5), date(2026, 1, 6)},
                  .attributions = {}},
      .dossier = {},
      .wishes = {},
  };
}

offer sample_offer() {
  return offer{.id = offer_id{"O-1"},
               .commune = commune_code::parse("75056"),  // Paris: zone 1
               .rooms = 2,
               .surface_m2 = 45,
               .rent = money::euros(500),
               .charges = money::euros(50),
               .financing = financing::plus,
               .reserved_for = std::nullopt,
               .publication_start = date(2026, 3, 8),  // closes 2026-03-15
               .publication_days = 7,
               .shortlist_size = 3};
}
}  // namespace

TEST_CASE("an applicant's facts come from the request, for the offer's year and zone") {
  const applicant a = sample_applicant();
  const offer o = sample_offer();
  const candidate_facts f = facts_of(a, o);
  CHECK(f.initial_filing == date(2023, 4, 1));
  CHECK(f.birth_date == date(1998, 7, 1));
  CHECK(f.job_start == date(2025, 9, 1));
  CHECK(f.peec == peec_status::contributing);
  CHECK(f.size == company_size::eti);
  CHECK(f.mobility_km == 120);
  CHECK(f.mobility_minutes == 90);
  CHECK(f.single_parent);
  CHECK(f.household_disability);  // the disabled child
  CHECK_FALSE(f.dalo);
  CHECK_FALSE(f.homeless_hosted_or_threatened);
  REQUIRE(f.effort);
  CHECK(f.effort->net_cost == money::euros(600));
  CHECK(f.effort->resources == money::euros(1500));
  CHECK(f.reference_income == money::euros(15000));
  // One adult with a dependant (and a disabled member): category 3, PLUS 2026 zone 1.
  CHECK(f.plus_ceiling == money::euros(52740));
  CHECK(f.applicant_refusals.data() == a.history.applicant_refusals.data());
  CHECK(f.commission_refusals.size() == 2);
}

TEST_CASE("hosted, homeless and threatened applicants have a housing situation, not an effort") {
  applicant a = sample_applicant();
  a.housing.status = housing_status::hosted;
  auto f = facts_of(a, sample_offer());
  CHECK(f.homeless_hosted_or_threatened);
  CHECK_FALSE(f.effort);
  a.housing.status = housing_status::homeless_or_shelter;
  CHECK(facts_of(a, sample_offer()).homeless_hosted_or_threatened);
  a.housing.status = housing_status::social_tenant;
  a.situation.threatened_with_eviction = true;
  f = facts_of(a, sample_offer());
  CHECK(f.homeless_hosted_or_threatened);
  CHECK(f.effort);
  a.monthly_resources = money{};
  CHECK_FALSE(facts_of(a, sample_offer()).effort);
}

TEST_CASE("an applicant without a reference person cannot be scored") {
  applicant a = sample_applicant();
  a.household.members[0].role = member_role::partner;
  CHECK_THROWS_AS(facts_of(a, sample_offer()), invalid_argument);
}

TEST_CASE("an applicant is scored on an offer with the default grid") {
  const applicant a = sample_applicant();
  const offer o = sample_offer();
  const compiled_grid g(default_grid());
  const std::vector<date> filings = {a.initial_filing, date(2024, 1, 1), date(2025, 1, 1)};
  const auto shares = attribution_shares::from(
      std::vector<attribution_record>{{date(2025, 6, 1), company_size::ge},
                                      {date(2025, 7, 1), company_size::pme}},
      o.closing_date(), *g.als_window_months(), default_targets({100, 100, 100}));
  const scoring_context ctx{o.closing_date(), seniority_field::from(filings), shares};
  const score_card card = score(g, a, o, ctx);
  // +20 seniority, -40 one refusal, +80 two commission refusals, +15 ALS (ETI 0 % vs 33 %),
  // +10 PEEC, +15 mobility, +10 age 27, +5 new hire, +10 single parent, +10 effort 40 %,
  // +10 income 28 % of the ceiling, +10 disability.
  CHECK(card.total == points{155});
  CHECK(card.lines.size() == 12);
}

// --- Explanations -----------------------------------------------------------------------------

TEST_CASE("an explanation lists the score and each line with its facts, in French") {
  const compiled_grid g(default_grid());
  auto f = someone();
  f.initial_filing = date(2019, 3, 4);
  f.size = company_size::pme;
  const std::vector<date> refusal = {date(2025, 9, 1)};
  f.applicant_refusals = refusal;
  std::vector<date> filings = {f.initial_filing};
  for (int i = 0; i < 37; ++i) filings.push_back(date(2021, 6, 12) + boost::gregorian::days(i));
  scoring_context ctx{reference, seniority_field::from(filings), {}};
  ctx.als.attributions_in_window = {1, 3, 4};
  ctx.als.target = {bp(3000), bp(3000), bp(4000)};
  const auto card = score(g, f, ctx);
  CHECK(explain(g, card) ==
        "Score : -5 points\n"
        "  +20  Ancienneté de la demande supérieure à celle des autres candidats (déposée le "
        "2019-03-04 ; médiane des autres : 2021-06-30, 37 autres candidats)\n"
        "  -40  Refus d'un logement attribué par la commission (1 refus depuis le 2025-03-15)\n"
        "  +15  Équilibrage ALS par taille d'entreprise (PME : 12,50 % des attributions sur 12 "
        "mois, cible 30 %, écart toléré 5 points)\n");
}

TEST_CASE("an explanation can be given in English") {
  const compiled_grid g(default_grid());
  auto f = someone();
  f.effort = current_effort{money::cents(82450), money::euros(2000)};
  f.reference_income = money::euros(18000);
  f.plus_ceiling = money::euros(31000);
  f.birth_date = date(1999, 5, 1);
  f.job_start = date(2025, 9, 1);
  f.mobility_km = 85;
  const auto card = score(g, f, alone(f));
  CHECK(explain(g, card, language::en) ==
        "Score: 50 points\n"
        "  +15  Professional geographic mobility (85 km)\n"
        "  +10  Under 30 (26 years old)\n"
        "   +5  New hire (within 12 months) (hired on 2025-09-01)\n"
        "  +10  Current effort ratio above 33% (effort ratio 41.22%: €824.50 of €2,000 monthly "
        "resources)\n"
        "  +10  Resources at most 60% of the PLUS ceiling (reference income €18,000, 58.06% of "
        "the PLUS ceiling €31,000)\n");
}

TEST_CASE("an explanation says which lines a group dropped or capped, and the total cap") {
  const auto g = grid_of({make("disability", criteria::disability{}, "priorité"),
                          make("dalo", criteria::dalo{}, "priorité"),
                          make("commission", criteria::commission_refusals{}, "historique")},
                         {{"historique", points{50}}}, points{60});
  auto f = someone();
  f.household_disability = true;
  f.dalo = true;
  const std::vector<date> two = {date(2025, 6, 1), date(2026, 1, 1)};
  f.commission_refusals = two;
  const auto card = score(g, f, alone(f));
  CHECK(explain(g, card) ==
        "Score : 60 points (plafond de la grille atteint ; 80 points sans plafond)\n"
        "  (+10)  Critère disability — non retenu : seul le meilleur critère du groupe "
        "« priorité » compte\n"
        "  +30  Critère dalo\n"
        "  +50  Critère commission (2 refus depuis le 2025-03-15) — plafonné pour le groupe "
        "« historique » (+80 sans plafond)\n");
  CHECK(explain(g, card, language::en) ==
        "Score: 60 points (grid cap reached; 80 points before the cap)\n"
        "  (+10)  Criterion disability — not counted: only the best criterion of group "
        "“priorité” counts\n"
        "  +30  Criterion dalo\n"
        "  +50  Criterion commission (2 refusals since 2025-03-15) — capped for group "
        "“historique” (+80 before the cap)\n");
}

TEST_CASE("a zero score reads as 0 point in French and 0 points in English") {
  const compiled_grid g(default_grid());
  const auto f = someone();
  const auto card = score(g, f, alone(f));
  CHECK(explain(g, card) == "Score : 0 point\n");
  CHECK(explain(g, card, language::en) == "Score: 0 points\n");
}
