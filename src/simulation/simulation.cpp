// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cotation/calendar.hpp>
#include <cotation/error.hpp>
#include <cotation/generator.hpp>
#include <cotation/simulation.hpp>
#include <cotation/statistics.hpp>
#include <string_view>
#include <utility>

#include "detail/random.hpp"
#include "detail/require.hpp"

namespace cotation {

namespace {

using boost::gregorian::days;

// --- Draws: pure functions of the seed and of what they are about ----------------------------

using detail::fnv1a;

/// One splitmix64 step from `z`: a well-spread function of it.
constexpr std::uint64_t mix(std::uint64_t z) noexcept { return detail::splitmix64(z); }

/// What a draw is about: each kind of choice has its own tag, so that two choices about the same
/// things are independent.
enum class tag : std::uint64_t {
  offers = 1,
  positionings,
  positioning_day,
  decision,
  condition,
  condition_day,
  answer,
  answer_day,
  lease_day,
  renewal,
  renewal_day,
  abandonment,
};

class draws {
 public:
  explicit draws(std::uint64_t seed) : seed_(mix(seed)) {}

  [[nodiscard]] std::uint64_t operator()(tag t, std::uint64_t a, std::uint64_t b = 0,
                                         std::uint64_t c = 0) const noexcept {
    return mix(mix(mix(seed_ ^ static_cast<std::uint64_t>(t)) ^ a) ^ (b + mix(c)));
  }
  /// True with probability `share`.
  [[nodiscard]] bool chance(basis_points share, tag t, std::uint64_t a, std::uint64_t b = 0,
                            std::uint64_t c = 0) const noexcept {
    return static_cast<std::int64_t>((*this)(t, a, b, c) % 10000U) < share.value;
  }
  /// Uniform in [0, n), n >= 1.
  [[nodiscard]] int below(int n, tag t, std::uint64_t a, std::uint64_t b = 0,
                          std::uint64_t c = 0) const noexcept {
    return static_cast<int>((*this)(t, a, b, c) % static_cast<std::uint64_t>(n));
  }

 private:
  std::uint64_t seed_;
};

std::uint64_t key(const request_number& n) { return fnv1a(n.str()); }
std::uint64_t key(const offer_id& o) { return fnv1a(o.value); }
std::uint64_t key(date d) { return static_cast<std::uint64_t>(d.day_number()); }

// --- Options --------------------------------------------------------------------------------

using detail::require;
using detail::require_share;

void validate(const simulation_options& o, const allocation_engine& engine) {
  detail::require_drawable_date(o.start, "start");
  require(o.weeks >= 1, "weeks", "must be at least 1");
  const simulation_behaviour& b = o.behaviour;
  require(b.commission_delay_days >= 0, "behaviour.commission_delay_days", "must not be negative");
  require(b.lease_delay_days >= 1, "behaviour.lease_delay_days", "must be at least 1");
  require_share(b.ineligible_share, "behaviour.ineligible_share");
  require_share(b.inadmissible, "behaviour.inadmissible");
  require_share(b.commission_refusal, "behaviour.commission_refusal");
  require_share(b.conditional, "behaviour.conditional");
  require(b.inadmissible.value + b.commission_refusal.value + b.conditional.value <= 10000,
          "behaviour", "inadmissible + commission_refusal + conditional must not exceed 10 000");
  require_share(b.condition_met, "behaviour.condition_met");
  require_share(b.applicant_refusal, "behaviour.applicant_refusal");
  require_share(b.no_answer, "behaviour.no_answer");
  require(b.applicant_refusal.value + b.no_answer.value <= 10000, "behaviour",
          "applicant_refusal + no_answer must not exceed 10 000");
  require_share(b.renewal, "behaviour.renewal");
  require_share(b.monthly_abandonment, "behaviour.monthly_abandonment");
  require(!engine.clock() && engine.pool().size() == 0 && engine.offers().empty(), "engine",
          "must be fresh: no event applied yet");
  for (const attribution_record& a : o.prior_attributions) {
    require(!a.on.is_special() && a.on <= o.start, "prior_attributions",
            "must be dated on or before the start");
  }
}

/// 1 200 offers a working day for the country's 2 705 000 requests (SPEC 8), at least 5 a week.
std::size_t scaled_offers_per_week(std::size_t valid_requests) {
  const std::uint64_t n = static_cast<std::uint64_t>(valid_requests) * 1200U * 5U / 2'705'000U;
  return std::max<std::size_t>(5, static_cast<std::size_t>(n));
}

bool working_day(date d) {
  const auto w = d.day_of_week().as_number();  // 0 Sunday … 6 Saturday
  return w >= 1 && w <= 5;
}

/// Share of `share` over 30 days, per day: true with probability share / 30.
bool daily_chance(const draws& draw, basis_points monthly, tag t, std::uint64_t a,
                  std::uint64_t b) {
  return static_cast<std::int64_t>(draw(t, a, b) % 300'000U) < monthly.value;
}

// --- The run --------------------------------------------------------------------------------

struct planned_positioning {
  request_number request;
  offer_id offer;
};

class simulation_run {
 public:
  simulation_run(allocation_engine& engine, const simulation_options& options,
                 std::size_t population_size)
      : e_(engine), o_(options), b_(options.behaviour), draw_(options.seed) {
    result_.seed = options.seed;
    result_.start = options.start;
    result_.population = population_size;
    planned_.resize(static_cast<std::size_t>(options.weeks) * 7U);
  }

  void file(std::span<const applicant> population) {
    if (!o_.prior_attributions.empty()) {
      (void)e_.record_attributions(o_.start, o_.prior_attributions);
    }
    for (const applicant& a : population) {
      if (!is_valid(state_at(a, o_.start))) continue;
      if (e_.file_request(o_.start, a).applied()) ++result_.filed;
    }
    offers_per_week_ =
        o_.offers_per_week != 0 ? o_.offers_per_week : scaled_offers_per_week(result_.filed);
  }

  void run(const simulation_progress& progress) {
    const int days_in_all = o_.weeks * 7;
    for (int d = 0; d < days_in_all; ++d) {
      const date today = o_.start + days(d);
      if (d % 7 == 0) start_week(today);
      (void)e_.advance_to(today);
      requests_live(today);
      commissions(today);
      attributions(today);
      if (working_day(today)) publish(today, d);
      position(today, d);
      if (d % 7 == 6) end_week(today);
      if (progress) progress(d + 1, days_in_all);
    }
    std::sort(result_.leases.begin(), result_.leases.end(),
              [](const lease_record& a, const lease_record& b) {
                return std::tie(a.on, a.offer) < std::tie(b.on, b.offer);
              });
  }

  simulation_result take() { return std::move(result_); }

 private:
  week_figures& week() { return result_.weeks.back(); }

  void start_week(date today) {
    week_figures w;
    w.week = static_cast<int>(result_.weeks.size()) + 1;
    w.first_day = today;
    w.last_day = today + days(6);
    result_.weeks.push_back(w);
  }

  /// Renewals in the month before the anniversary, abandonments, counted before they apply.
  void requests_live(date today) {
    std::vector<request_number> renew;
    std::vector<request_number> abandon;
    const applicant_pool& pool = e_.pool();
    for (pool_index i = 0; i < pool.index_end(); ++i) {
      // Valid today: not removed, not expired (the pool's columns, no request decoded).
      if (!pool.contains(i) || e_.removed(i) || today >= e_.expiry(i)) continue;
      const request_number& number = pool.number(i);
      const std::uint64_t k = key(number);
      const date expiry = e_.expiry(i);
      const date renewal_day = expiry - days(1 + draw_.below(28, tag::renewal_day, k, key(expiry)));
      if (today == renewal_day && draw_.chance(b_.renewal, tag::renewal, k, key(expiry))) {
        renew.push_back(number);
        continue;
      }
      if (daily_chance(draw_, b_.monthly_abandonment, tag::abandonment, k, key(today))) {
        abandon.push_back(number);
      }
    }
    for (const request_number& n : renew) week().renewals += e_.renew_request(today, n) ? 1U : 0U;
    for (const request_number& n : abandon) {
      week().abandonments += e_.remove_request(today, n) ? 1U : 0U;
    }
  }

  /// The commissions of the offers that closed `commission_delay_days` ago: one decision per
  /// standing shortlisted candidate, drawn; attributions in rank order.
  void commissions(date today) {
    std::vector<std::pair<offer_id, std::vector<candidate_decision>>> sittings;
    for (const offer_record& r : e_.offers()) {
      if (r.state != offer_state::closed) continue;
      if (r.closing->on + days(b_.commission_delay_days) > today) continue;
      std::vector<candidate_decision> decisions;
      int priority = 0;
      for (const request_number& n : r.closing->shortlist) {
        if (!r.find_positioning(n)->active()) continue;
        const auto u =
            static_cast<std::int64_t>(draw_(tag::decision, key(r.offer.id), key(n)) % 10000U);
        decision_kind kind = decision_kind::attribution;
        if (u < b_.inadmissible.value) {
          kind = decision_kind::inadmissible;
        } else if (u < b_.inadmissible.value + b_.commission_refusal.value) {
          kind = decision_kind::non_attribution;
        } else if (u < b_.inadmissible.value + b_.commission_refusal.value + b_.conditional.value) {
          kind = decision_kind::conditional_attribution;
        }
        const bool attributed =
            kind == decision_kind::attribution || kind == decision_kind::conditional_attribution;
        decisions.push_back({n, kind, attributed ? ++priority : 0});
      }
      sittings.emplace_back(r.offer.id, std::move(decisions));
    }
    for (auto& [id, decisions] : sittings) {
      if (!e_.commission(today, id, decisions)) continue;
      ++week().commissions;
      for (const candidate_decision& d : decisions) {
        ++week().decisions[static_cast<std::size_t>(d.decision)];
      }
    }
  }

  /// The day an attribution's holder answers (offered + [0, answer delay]).
  date answer_day(const offer_id& o, const attribution& a) const {
    return *a.offered_on + days(draw_.below(e_.options().answer_delay_days + 1, tag::answer_day,
                                            key(o), key(a.request)));
  }

  /// Conditions lifted, answers given, leases signed on the decided offers.
  void attributions(date today) {
    enum class step : std::uint8_t { lift, accept, refuse, sign };
    struct action {
      offer_id offer;
      request_number request;
      step what;
    };
    std::vector<action> actions;
    for (const offer_record& r : e_.offers()) {
      if (r.state != offer_state::decided) continue;
      const std::uint64_t ko = key(r.offer.id);
      for (const attribution& a : r.attributions) {
        const std::uint64_t kr = key(a.request);
        const bool pending_condition = a.conditional && !a.condition_lifted &&
                                       (a.status == attribution_status::waiting ||
                                        a.status == attribution_status::awaiting_condition);
        if (pending_condition && draw_.chance(b_.condition_met, tag::condition, ko, kr)) {
          const int span = e_.options().condition_delay_days;
          if (today == *r.decided_on + days(1 + draw_.below(span, tag::condition_day, ko, kr))) {
            actions.push_back({r.offer.id, a.request, step::lift});
          }
        }
        if (a.status == attribution_status::awaiting_answer && answer_day(r.offer.id, a) <= today) {
          const auto u = static_cast<std::int64_t>(draw_(tag::answer, ko, kr) % 10000U);
          if (u < b_.applicant_refusal.value) {
            actions.push_back({r.offer.id, a.request, step::refuse});
          } else if (u >= b_.applicant_refusal.value + b_.no_answer.value) {
            actions.push_back({r.offer.id, a.request, step::accept});
          }  // else silent: the engine counts a refusal after the deadline
        }
        if (a.status == attribution_status::accepted &&
            answer_day(r.offer.id, a) +
                    days(1 + draw_.below(b_.lease_delay_days, tag::lease_day, ko, kr)) <=
                today) {
          actions.push_back({r.offer.id, a.request, step::sign});
        }
      }
    }
    for (const action& x : actions) {
      switch (x.what) {
        case step::lift:
          (void)e_.lift_condition(today, x.offer, x.request);
          break;
        case step::accept:
          if (e_.answer(today, x.offer, x.request, answer_kind::accept)) {
            ++week().accepted;
          } else if (e_.answer(today, x.offer, x.request, answer_kind::refuse)) {
            ++week().refused;  // accepted another dwelling already: declines this one
          }
          break;
        case step::refuse:
          week().refused += e_.answer(today, x.offer, x.request, answer_kind::refuse) ? 1U : 0U;
          break;
        case step::sign:
          if (e_.sign_lease(today, x.offer, x.request)) record_lease(today, x.offer, x.request);
          break;
      }
    }
  }

  void record_lease(date today, const offer_id& o, const request_number& n) {
    const applicant a = *e_.find_request(n);
    const offer_record& r = *e_.find_offer(o);
    lease_record l{.on = today, .request = n, .offer = o, .size = a.employment.size};
    l.waiting_days = static_cast<int>((today - a.initial_filing).days());
    for (const ranked_entry& c : r.closing->ranking) {
      if (c.request == n) l.rank = c.rank;
    }
    ++week().leases;
    ++week().leases_by_size[static_cast<std::size_t>(l.size)];
    result_.leases.push_back(std::move(l));
  }

  /// The day's share of the week's offers, published, and who will position on them and when.
  void publish(date today, int day_index) {
    const auto weekday = static_cast<std::size_t>(today.day_of_week().as_number() - 1);  // 0..4
    const std::size_t n = offers_per_week_ * (weekday + 1) / 5 - offers_per_week_ * weekday / 5;
    if (n == 0) return;
    offer_options oo;
    oo.seed = draw_(tag::offers, key(today));
    oo.offers = n;
    oo.publication_start = today;
    oo.only_department = o_.only_department;
    std::vector<offer> drawn = generate_offers(oo);
    std::vector<const offer*> published;
    for (offer& of : drawn) {
      const ceiling_lookup c = e_.options().ceilings->lookup(
          of.financing, of.ceiling_year(), of.zone(), household_category{.category = 1});
      if (std::holds_alternative<no_ceiling>(c)) {
        of.financing = financing::plus;  // see the file comment
        ++week().offers_refinanced;
      }
      if (e_.publish_offer(today, of)) {
        ++week().offers_published;
        published.push_back(&of);
      }
    }
    const applicant_pool& pool = e_.pool();
    for (const offer* of : published) {
      const std::uint64_t ko = key(of->id);
      const std::vector<request_number> interested = generate_positionings(
          pool, *of, b_.positionings_per_offer, draw_(tag::positionings, ko), b_.ineligible_share);
      for (const request_number& r : interested) {
        const auto on = static_cast<std::size_t>(
            day_index + draw_.below(of->publication_days, tag::positioning_day, ko, key(r)));
        if (on < planned_.size()) planned_[on].push_back({r, of->id});
      }
    }
  }

  void position(date today, int day_index) {
    std::vector<planned_positioning>& plan = planned_[static_cast<std::size_t>(day_index)];
    for (const planned_positioning& p : plan) {
      if (e_.position(today, p.request, p.offer)) {
        ++week().positionings;
      } else {
        ++week().positionings_refused;
      }
    }
    plan = {};
  }

  /// What the week's days did to offers and requests, read from the engine.
  void end_week(date last) {
    week_figures& w = week();
    for (const offer_record& r : e_.offers()) {
      if (r.closing && r.closing->on >= w.first_day && r.closing->on <= last) {
        ++w.offers_closed;
        w.candidates += r.closing->candidate_count;
        w.shortlisted += r.closing->shortlist.size();
      }
      if (r.state == offer_state::unattributed && r.ended_on && *r.ended_on >= w.first_day &&
          *r.ended_on <= last) {
        ++w.unattributed;
      }
      for (const attribution& a : r.attributions) {
        if (!a.ended_on || *a.ended_on < w.first_day || *a.ended_on > last) continue;
        if (a.status == attribution_status::no_answer) ++w.unanswered;
        if (a.status == attribution_status::condition_lapsed) ++w.conditions_lapsed;
      }
    }
    std::array<std::int64_t, company_size_count> by_size{};
    const date before = w.first_day - days(1);
    const applicant_pool& pool = e_.pool();
    for (pool_index i = 0; i < pool.index_end(); ++i) {
      // Every removal is dated on or before `last`: a removed request is neither valid nor
      // expired on `last`.
      if (!pool.contains(i) || e_.removed(i)) continue;
      const date expiry = e_.expiry(i);
      if (last < expiry) {
        ++w.valid_requests;
        ++by_size[static_cast<std::size_t>(pool.company(i))];
      } else if (before < expiry) {
        ++w.expiries;
      }
    }
    w.targets = default_targets(by_size);
    const int months = e_.grid().als_window_months().value_or(12);
    const auto in_window = e_.statistics().shares(last, months, w.targets).attributions_in_window;
    for (std::size_t k = 0; k < company_size_count; ++k) {
      w.window_attributions[k] = static_cast<std::size_t>(in_window[k]);
    }
  }

  allocation_engine& e_;
  const simulation_options& o_;
  const simulation_behaviour& b_;
  draws draw_;
  std::size_t offers_per_week_ = 0;
  std::vector<std::vector<planned_positioning>> planned_;  ///< By day of the simulation.
  simulation_result result_;
};

}  // namespace

namespace {

std::array<basis_points, company_size_count> shares_of(
    const std::array<std::size_t, company_size_count>& counts) noexcept {
  std::array<basis_points, company_size_count> shares{};
  const std::size_t all = counts[0] + counts[1] + counts[2];
  if (all == 0) return shares;
  for (std::size_t k = 0; k < company_size_count; ++k) {
    shares[k] = basis_points{static_cast<std::int64_t>(counts[k] * 10000 / all)};
  }
  return shares;
}

}  // namespace

std::array<basis_points, company_size_count> week_figures::lease_shares() const noexcept {
  return shares_of(leases_by_size);
}

std::array<basis_points, company_size_count> week_figures::window_shares() const noexcept {
  return shares_of(window_attributions);
}

week_figures simulation_result::totals() const {
  week_figures t;
  if (weeks.empty()) return t;
  t.week = static_cast<int>(weeks.size());
  t.first_day = weeks.front().first_day;
  t.last_day = weeks.back().last_day;
  for (const week_figures& w : weeks) {
    t.offers_published += w.offers_published;
    t.offers_refinanced += w.offers_refinanced;
    t.positionings += w.positionings;
    t.positionings_refused += w.positionings_refused;
    t.offers_closed += w.offers_closed;
    t.candidates += w.candidates;
    t.shortlisted += w.shortlisted;
    t.commissions += w.commissions;
    for (std::size_t k = 0; k < t.decisions.size(); ++k) t.decisions[k] += w.decisions[k];
    t.accepted += w.accepted;
    t.refused += w.refused;
    t.unanswered += w.unanswered;
    t.conditions_lapsed += w.conditions_lapsed;
    t.leases += w.leases;
    for (std::size_t k = 0; k < company_size_count; ++k) t.leases_by_size[k] += w.leases_by_size[k];
    t.unattributed += w.unattributed;
    t.renewals += w.renewals;
    t.abandonments += w.abandonments;
    t.expiries += w.expiries;
  }
  t.valid_requests = weeks.back().valid_requests;
  t.targets = weeks.back().targets;
  t.window_attributions = weeks.back().window_attributions;
  return t;
}

waiting_time_summary waiting_times(std::span<const lease_record> leases) {
  waiting_time_summary s;
  s.leases = leases.size();
  if (leases.empty()) return s;
  std::vector<int> waits;
  waits.reserve(leases.size());
  for (const lease_record& l : leases) {
    waits.push_back(l.waiting_days);
    const int years = completed_years(l.on - days(l.waiting_days), l.on);
    const std::size_t band = years < 1    ? 0
                             : years < 2  ? 1
                             : years < 3  ? 2
                             : years < 5  ? 3
                             : years < 10 ? 4
                                          : 5;
    ++s.by_years[band];
  }
  std::sort(waits.begin(), waits.end());
  // Nearest rank: the smallest value with at least p % of the values at or below it.
  const auto quantile = [&](std::size_t percent) {
    const std::size_t rank = (percent * waits.size() + 99) / 100;
    return waits[std::max<std::size_t>(rank, 1) - 1];
  };
  s.p10_days = quantile(10);
  s.median_days = quantile(50);
  s.p90_days = quantile(90);
  return s;
}

simulation_result simulate(allocation_engine& engine, std::span<const applicant> population,
                           const simulation_options& options, const simulation_progress& progress) {
  validate(options, engine);
  simulation_run run(engine, options, population.size());
  run.file(population);
  run.run(progress);
  return run.take();
}

std::string describe(const simulation_result& r) {
  constexpr std::string_view layout =
      "{:>4}  {:<10} {:>9} {:>10} {:>7} {:>10} {:>8} {:>8} {:>7} {:>9} {:>6} {:>12} {:>12} "
      "{:>8}\n";
  std::string out = fmt::format("{} requests given, {} valid and filed on {}; seed {}\n",
                                r.population, r.filed, r.start, r.seed);
  out += fmt::format(fmt::runtime(layout), "week", "from", "published", "positioned", "closed",
                     "attributed", "rejected", "accepted", "refused", "no answer", "leases",
                     "unattributed", "PME/ETI/GE", "valid");
  const auto row = [&](std::string_view label, const week_figures& w) {
    out += fmt::format(
        fmt::runtime(layout), label, w.first_day, w.offers_published, w.positionings,
        w.offers_closed, w.decisions[0] + w.decisions[1], w.decisions[2] + w.decisions[3],
        w.accepted, w.refused, w.unanswered, w.leases, w.unattributed,
        fmt::format("{}/{}/{}", w.leases_by_size[0], w.leases_by_size[1], w.leases_by_size[2]),
        w.valid_requests);
  };
  for (const week_figures& w : r.weeks) row(fmt::format("{}", w.week), w);
  if (!r.weeks.empty()) row("all", r.totals());
  out +=
      "published: offers; positioned: positionings accepted; closed: offers ranked;\n"
      "attributed, rejected: commission decisions (attributions, conditional ones included;\n"
      "  non-attributions and inadmissible requests); accepted, refused, no answer: the\n"
      "  applicants' answers; leases by company size; valid: requests at the end of the week\n";
  return out;
}

}  // namespace cotation
