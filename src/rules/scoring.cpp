// SPDX-License-Identifier: MIT
// Where every criterion's points are decided: `evaluator` below, one function per kind.
#include <cotation/error.hpp>
#include <cotation/scoring.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <new>
#include <tuple>
#include <utility>

#include "detail/radix_sort.hpp"

namespace cotation {

candidate_facts facts_of(const applicant& a) {
  candidate_facts f;
  f.initial_filing = a.initial_filing;
  const auto& members = a.household.members;
  const auto ref = std::find_if(members.begin(), members.end(), [](const member& m) {
    return m.role == member_role::reference_person;
  });
  if (ref == members.end()) throw invalid_argument("household.members", "has no reference person");
  f.birth_date = ref->birth_date;
  if (!a.employment.job_start.is_special()) f.job_start = a.employment.job_start;
  f.peec = a.employment.peec;
  f.size = a.employment.size;
  if (a.mobility) {
    f.mobility_km = a.mobility->distance_km;
    f.mobility_minutes = a.mobility->travel_minutes;
  }
  f.single_parent = a.situation.single_parent;
  f.household_disability = a.household.has_disabled_member() || a.situation.disability;
  f.key_worker = a.situation.key_worker;
  f.dalo = a.situation.dalo;
  f.domestic_violence = a.situation.domestic_violence;
  const housing_status status = a.housing.status;
  f.homeless_hosted_or_threatened = status == housing_status::hosted ||
                                    status == housing_status::homeless_or_shelter ||
                                    a.situation.threatened_with_eviction;
  const bool tenant =
      status == housing_status::social_tenant || status == housing_status::private_tenant;
  if (tenant && a.monthly_resources > money{}) {
    f.effort =
        current_effort{std::max(money{}, a.housing.rent_and_charges - a.housing.housing_benefit),
                       a.monthly_resources};
  }
  f.applicant_refusals = a.history.applicant_refusals;
  f.commission_refusals = a.history.commission_refusals;
  return f;
}

candidate_facts facts_of(const applicant& a, const offer& o, const ceiling_table& ceilings) {
  candidate_facts f = facts_of(a);
  const int year = o.ceiling_year();
  if (const auto income = reference_income_for(a, year)) f.reference_income = income->amount;
  const ceiling_lookup ceiling =
      ceilings.lookup(financing::plus, year, o.zone(), category_of(a.household, o.closing_date()));
  if (const auto* amount = std::get_if<money>(&ceiling)) f.plus_ceiling = *amount;
  return f;
}

namespace {
// Index of the first date not before `own`: a branchless binary search (the comparisons of
// random filing dates are unpredictable, a conditional move is not).
std::size_t lower_bound(const date* first, std::size_t n, date own) noexcept {
  if (n == 0) return 0;
  const date* base = first;
  while (n > 1) {
    const std::size_t half = n / 2;
    base = base[half] < own ? base + half : base;
    n -= half;
  }
  return static_cast<std::size_t>(base - first) + (*base < own ? 1 : 0);
}
}  // namespace

seniority_field seniority_field::from(std::span<const date> filings) {
  seniority_field s;
  if (filings.empty()) return s;
  const auto [lo, hi] = std::minmax_element(filings.begin(), filings.end());
  const std::uint32_t min_day = lo->day_number();
  const std::size_t range = static_cast<std::size_t>(hi->day_number() - min_day) + 1;
  if (range <= 4 * filings.size() + 64) {
    // Dense (the usual case for a large offer): a counting sort, whose prefix sums are also
    // each day's rank.
    s.min_day_ = min_day;
    s.starts_.assign(range + 1, 0);
    for (const date d : filings) ++s.starts_[d.day_number() - min_day + 1];
    for (std::size_t k = 1; k <= range; ++k) s.starts_[k] += s.starts_[k - 1];
    s.sorted_.resize(filings.size());
    for (std::size_t k = 0; k < range; ++k) {
      const date day(static_cast<date::date_int_type>(min_day + k));
      std::fill(s.sorted_.begin() + s.starts_[k], s.sorted_.begin() + s.starts_[k + 1], day);
    }
  } else {
    // Sparse (filing dates over years, a few tens of candidates): a radix sort on the day
    // numbers' spread; `std::sort` mispredicted half of its comparisons of random dates.
    thread_local std::vector<date> buffer;
    s.sorted_.assign(filings.begin(), filings.end());
    detail::radix_sort(s.sorted_, buffer, [](date d) { return std::uint64_t{d.day_number()}; });
  }
  for (const date d : s.sorted_) s.day_sum_ += static_cast<std::int64_t>(d.day_number());
  return s;
}

std::optional<scoring_facts::seniority> seniority_field::compare(
    date own, seniority_mode mode) const noexcept {
  const std::size_t n = sorted_.size();
  std::size_t lb = 0;  // dates before `own`
  std::size_t ub = 0;  // dates not after `own`
  if (!starts_.empty()) {
    const std::int64_t k = static_cast<std::int64_t>(own.day_number()) - min_day_;
    const auto range = static_cast<std::int64_t>(starts_.size()) - 1;
    if (k >= range) {
      lb = ub = n;
    } else if (k >= 0) {
      lb = starts_[static_cast<std::size_t>(k)];
      ub = starts_[static_cast<std::size_t>(k) + 1];
    }
  } else {
    const date* const first = sorted_.data();
    lb = lower_bound(first, n, own);
    // Dates shared by several candidates are few: scan a little, then search.
    ub = lb;
    while (ub < n && ub - lb < 8 && sorted_[ub] == own) ++ub;
    if (ub < n && sorted_[ub] == own) {
      ub = static_cast<std::size_t>(std::upper_bound(first + ub, first + n, own) - first);
    }
  }
  const bool present = ub > lb;
  const std::size_t m = present ? n - 1 : n;  // the others
  if (m == 0) return std::nullopt;
  // The k-th other (0-based, ascending): the sorted dates without one occurrence of `own`.
  const auto other = [&](std::size_t k) {
    return !present || k < lb ? sorted_[k] : sorted_[k + 1];
  };

  scoring_facts::seniority f;
  f.own = own;
  f.others = static_cast<std::int32_t>(m);
  f.others_later = static_cast<std::int32_t>(n - ub);
  f.mode = mode;
  switch (mode) {
    case seniority_mode::older_than_median:
      // More than half of the m others strictly later <=> own < the ((m-1)/2)-th other.
      f.compared_to = other((m - 1) / 2);
      break;
    case seniority_mode::older_than_mean: {
      // own < sum/m <=> own < ceil(sum/m) for a whole day number `own`.
      const std::int64_t sum =
          day_sum_ - (present ? static_cast<std::int64_t>(own.day_number()) : 0);
      const auto count = static_cast<std::int64_t>(m);
      f.compared_to = date(static_cast<date::date_int_type>((sum + count - 1) / count));
      break;
    }
    case seniority_mode::oldest_only:
      f.compared_to = other(0);
      break;
  }
  return f;
}

bool seniority_field::older(date own, seniority_mode mode) const noexcept {
  const std::size_t n = sorted_.size();
  if (n == 0) return false;
  const std::vector<date>& s = sorted_;
  switch (mode) {
    case seniority_mode::older_than_median:
      // The others' median is s[(n - 1) / 2] when `own` is not among the dates (n others);
      // when it is, the (m - 1) / 2-th of the m = n - 1 others: s[j] or s[j + 1] with
      // j = (n - 2) / 2, as `own` sorts after s[j] or not. Worked case by case, the answers
      // differ only where `own` equals one of the two middle dates, that is where it is among
      // the dates: with an odd n, older <=> own < s[(n - 1) / 2]; with an even n, older <=>
      // own < s[j], or own == s[j] and s[j] < s[j + 1].
      if (n % 2 == 1) return own < s[(n - 1) / 2];
      {
        const std::size_t j = (n - 2) / 2;
        return own < s[j] || (own == s[j] && s[j] < s[j + 1]);
      }
    case seniority_mode::oldest_only:
      // Before every date: not among them, older. On the first: among them, older when the
      // second is later. After it: not older.
      return own < s[0] || (own == s[0] && n > 1 && s[0] < s[1]);
    case seniority_mode::older_than_mean:
      break;
  }
  const auto f = compare(own, mode);
  return f && f->older();
}

namespace {

// True when reference − months <= event <= reference. A window of `months` months spans
// between 28 × months and 31 × months days, so most events are decided without building the
// window's first day.
bool in_window(date event, date reference, int months) {
  if (event > reference) return false;
  const std::int64_t span = (reference - event).days();
  if (span <= 28 * static_cast<std::int64_t>(months)) return true;
  if (span > 31 * static_cast<std::int64_t>(months)) return false;
  return event >= add_months(reference, -months);
}

points clamp_points(std::int64_t v) noexcept {
  constexpr std::int64_t lo = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int32_t>::max();
  return points{static_cast<std::int32_t>(std::clamp(v, lo, hi))};
}

// Evaluates the criteria in order and writes a line for each one that applies, in place.
// One function per kind: this is where every criterion's points are decided.
class evaluator {
 public:
  /// With `facts` false, a line may leave out its facts where they cost more than its points
  /// (`score_points`: the total only).
  evaluator(const candidate_facts& c, const scoring_context& ctx, score_line* lines,
            bool facts = true) noexcept
      : c_(c), ctx_(ctx), lines_(lines), facts_(facts) {}

  [[nodiscard]] std::size_t lines() const noexcept { return n_; }

  void evaluate(std::size_t i, const criterion_parameters& p) {
    current_ = static_cast<std::uint16_t>(i);
    // A switch rather than std::visit: the cases inline into one loop, no indirect calls.
    switch (static_cast<criterion_kind>(p.index())) {
      case criterion_kind::seniority:
        return on(*std::get_if<criteria::seniority>(&p));
      case criterion_kind::applicant_refusals:
        return on(*std::get_if<criteria::applicant_refusals>(&p));
      case criterion_kind::commission_refusals:
        return on(*std::get_if<criteria::commission_refusals>(&p));
      case criterion_kind::als_balancing:
        return on(*std::get_if<criteria::als_balancing>(&p));
      case criterion_kind::employer_peec:
        return on(*std::get_if<criteria::employer_peec>(&p));
      case criterion_kind::professional_mobility:
        return on(*std::get_if<criteria::professional_mobility>(&p));
      case criterion_kind::age_band:
        return on(*std::get_if<criteria::age_band>(&p));
      case criterion_kind::new_hire:
        return on(*std::get_if<criteria::new_hire>(&p));
      case criterion_kind::single_parent:
        return flag(c_.single_parent, std::get_if<criteria::single_parent>(&p)->value);
      case criterion_kind::effort_ratio:
        return on(*std::get_if<criteria::effort_ratio>(&p));
      case criterion_kind::low_resources:
        return on(*std::get_if<criteria::low_resources>(&p));
      case criterion_kind::housing_situation:
        return flag(c_.homeless_hosted_or_threatened,
                    std::get_if<criteria::housing_situation>(&p)->value);
      case criterion_kind::dalo:
        return flag(c_.dalo, std::get_if<criteria::dalo>(&p)->value);
      case criterion_kind::domestic_violence:
        return flag(c_.domestic_violence, std::get_if<criteria::domestic_violence>(&p)->value);
      case criterion_kind::disability:
        return flag(c_.household_disability, std::get_if<criteria::disability>(&p)->value);
      case criterion_kind::key_worker:
        return flag(c_.key_worker, std::get_if<criteria::key_worker>(&p)->value);
    }
  }

 private:
  // A line with points; a 0-point line only when `shown` (a comparative fact). The facts are
  // one alternative of `line_facts`, constructed in the line as that alternative (copying a
  // `line_facts` dispatched on its kind a second time), and left out without `facts_`.
  template <typename Facts>
  void emit(points value, Facts&& facts, bool shown = false) {
    if (value.value == 0 && !shown) return;
    auto* const line = lines_ + n_;
    if (facts_) {
      ::new (static_cast<void*>(line)) score_line{current_, value, value, value.value != 0,
                                                  line_facts(std::forward<Facts>(facts))};
    } else {
      ::new (static_cast<void*>(line))
          score_line{current_, value, value, value.value != 0, scoring_facts::none{}};
    }
    ++n_;
  }

  void flag(bool set, points value) {
    if (set) emit(value, scoring_facts::none{});
  }

  void on(const criteria::seniority& p) {
    if (!facts_) {
      // Whether older in constant time, where the facts take a search (a line of 0 points
      // changes no total: none is written).
      if (ctx_.seniority.older(c_.initial_filing, p.mode)) emit(p.value, scoring_facts::none{});
      return;
    }
    const auto f = ctx_.seniority.compare(c_.initial_filing, p.mode);
    if (f) emit(f->older() ? p.value : points{}, *f, true);  // nothing for a lone candidate
  }

  void events(std::span<const date> dates, points per_event, int months) {
    std::int64_t count = 0;
    for (const date d : dates) count += in_window(d, ctx_.reference, months) ? 1 : 0;
    if (count == 0) return;
    // The window's first day is a fact only (`in_window` decides without it, mostly).
    emit(clamp_points(count * per_event.value),
         scoring_facts::events{static_cast<std::int32_t>(std::min<std::int64_t>(
                                   count, std::numeric_limits<std::int32_t>::max())),
                               facts_ ? add_months(ctx_.reference, -months) : date()});
  }
  void on(const criteria::applicant_refusals& p) {
    events(c_.applicant_refusals, p.per_refusal, p.window_months);
  }
  void on(const criteria::commission_refusals& p) {
    events(c_.commission_refusals, p.per_refusal, p.window_months);
  }

  void on(const criteria::als_balancing& p) {
    const attribution_shares& s = ctx_.als;
    const std::int64_t all = s.total();
    if (all <= 0) return;  // no attribution in the window: nobody
    const std::size_t k = index_of(c_.size);
    const std::int64_t mine = s.attributions_in_window[k];
    const basis_points target = s.target[k];
    // share < target − tolerance, exactly: mine / all × 10 000 < target − tolerance.
    const bool below = mine * 10000 < (target.value - p.tolerance.value) * all;
    emit(below ? p.value : points{},
         scoring_facts::als{c_.size, basis_points{mine * 10000 / all}, target}, true);
  }

  void on(const criteria::employer_peec& p) {
    switch (c_.peec) {
      case peec_status::contributing:
        return emit(p.contributing, scoring_facts::peec{c_.peec});
      case peec_status::compensated:
        return emit(p.compensated, scoring_facts::peec{c_.peec});
      case peec_status::none:
        return;
    }
  }

  void on(const criteria::professional_mobility& p) {
    const bool far = c_.mobility_km && *c_.mobility_km > p.km_above;
    const bool long_travel = c_.mobility_minutes && *c_.mobility_minutes >= p.minutes_at_least;
    if (far || long_travel) {
      emit(p.value, scoring_facts::mobility{c_.mobility_km, c_.mobility_minutes});
    }
  }

  void on(const criteria::age_band& p) {
    if (!facts_) {
      // Within the band without the age itself: a few compares of day counts, mostly.
      const date birth = c_.birth_date;
      const bool within = completed_years_at_least(birth, ctx_.reference, p.min_age) &&
                          (p.max_age == std::numeric_limits<int>::max() ||
                           !completed_years_at_least(birth, ctx_.reference, p.max_age + 1));
      if (within) emit(p.value, scoring_facts::none{});
      return;
    }
    const int years = completed_years(c_.birth_date, ctx_.reference);
    if (years >= p.min_age && years <= p.max_age) emit(p.value, scoring_facts::age{years});
  }

  void on(const criteria::new_hire& p) {
    if (c_.job_start && in_window(*c_.job_start, ctx_.reference, p.window_months)) {
      emit(p.value, scoring_facts::job{*c_.job_start});
    }
  }

  void on(const criteria::effort_ratio& p) {
    if (!c_.effort || c_.effort->resources <= money{}) return;
    const current_effort& e = *c_.effort;
    // net_cost / resources > above, exactly.
    if (e.net_cost.in_cents() * 10000 > p.above.value * e.resources.in_cents()) {
      emit(p.value, scoring_facts::effort{e.net_cost, e.resources});
    }
  }

  void on(const criteria::low_resources& p) {
    if (!c_.reference_income) return;
    const money income = *c_.reference_income;
    if (!c_.plus_ceiling || *c_.plus_ceiling <= money{}) {
      emit(points{}, scoring_facts::no_plus_ceiling{income}, true);
      return;
    }
    const money ceiling = *c_.plus_ceiling;
    // income <= at_most × ceiling, exactly.
    if (income.in_cents() * 10000 <= p.at_most.value * ceiling.in_cents()) {
      emit(p.value, scoring_facts::resources{income, ceiling});
    }
  }

  const candidate_facts& c_;
  const scoring_context& ctx_;
  score_line* lines_;
  bool facts_ = true;
  std::size_t n_ = 0;
  std::uint16_t current_ = 0;
};

}  // namespace

namespace {

/// Applies group-best, the group caps and the total cap to `n` evaluated lines (setting each
/// line's contribution): returns the total and the sum before the total cap.
std::pair<points, points> settle(const compiled_grid& g, score_line* lines, std::size_t n) {
  const auto criteria = g.compiled();
  // Within a group only the best line counts (the first one on a tie); its cap applies to it.
  for (std::size_t i = 0; i < n; ++i) {
    score_line& line = lines[i];
    const detail::compiled_criterion& cc = criteria[line.criterion];
    if (cc.group < 0 || line.value.value == 0) continue;
    bool best = true;
    for (std::size_t j = 0; j < n && best; ++j) {
      const score_line& other = lines[j];
      if (j == i || other.value.value == 0 || criteria[other.criterion].group != cc.group) continue;
      best = !(other.value > line.value || (other.value == line.value && j < i));
    }
    if (!best) {
      line.contribution = points{};
    } else if (cc.group_cap && line.value > *cc.group_cap) {
      line.contribution = *cc.group_cap;
    }
    line.counted = line.contribution.value != 0;
  }

  // The total cap bounds the bonuses; penalties count in full.
  std::int64_t bonuses = 0;
  std::int64_t penalties = 0;
  for (std::size_t i = 0; i < n; ++i) {
    (lines[i].contribution.value > 0 ? bonuses : penalties) += lines[i].contribution.value;
  }
  const points before_cap = clamp_points(bonuses + penalties);
  const auto& cap = g.source().total_cap;
  if (cap && bonuses > cap->value) bonuses = cap->value;
  return {clamp_points(bonuses + penalties), before_cap};
}

/// Lines evaluated on the stack: a grid of at most this many criteria never allocates.
constexpr std::size_t buffered_lines = 32;

}  // namespace

void score_into(const compiled_grid& g, const candidate_facts& c, const scoring_context& ctx,
                score_card& out) {
  const auto criteria = g.compiled();
  // Lines are gathered on the stack first, so the card receives only the lines it keeps (a
  // few, out of a dozen criteria: usually within its inline room, no allocation). A grid
  // longer than the buffer writes into the card.
  alignas(score_line) std::byte raw[buffered_lines * sizeof(score_line)];
  const bool on_stack = criteria.size() <= buffered_lines;
  if (!on_stack) out.lines.resize(criteria.size());
  score_line* const lines = on_stack ? reinterpret_cast<score_line*>(raw) : out.lines.data();
  evaluator eval(c, ctx, lines);
  for (std::size_t i = 0; i < criteria.size(); ++i) eval.evaluate(i, criteria[i].parameters);
  const std::size_t n = eval.lines();
  std::tie(out.total, out.before_total_cap) = settle(g, lines, n);
  if (on_stack) {
    out.lines.assign(lines, lines + n);  // score_line is trivially destructible
  } else {
    out.lines.resize(n);
  }
}

points score_points(const compiled_grid& g, const candidate_facts& c, const scoring_context& ctx) {
  const auto criteria = g.compiled();
  if (criteria.size() > buffered_lines) return score(g, c, ctx).total;
  alignas(score_line) std::byte raw[buffered_lines * sizeof(score_line)];
  auto* const lines = reinterpret_cast<score_line*>(raw);
  evaluator eval(c, ctx, lines, false);
  for (std::size_t i = 0; i < criteria.size(); ++i) eval.evaluate(i, criteria[i].parameters);
  return settle(g, lines, eval.lines()).first;
}

score_card score(const compiled_grid& g, const candidate_facts& c, const scoring_context& ctx) {
  score_card card;
  score_into(g, c, ctx, card);
  return card;
}

score_card score(const compiled_grid& g, const applicant& a, const offer& o,
                 const scoring_context& ctx, const ceiling_table& ceilings) {
  return score(g, facts_of(a, o, ceilings), ctx);
}

}  // namespace cotation
