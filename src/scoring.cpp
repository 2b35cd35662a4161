// SPDX-License-Identifier: MIT
// Where every criterion's points are decided: `evaluator` below, one function per kind.
#include <cotation/error.hpp>
#include <cotation/scoring.hpp>

#include <algorithm>
#include <limits>

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
    f.effort = current_effort{
        std::max(money{}, a.housing.rent_and_charges - a.housing.housing_benefit),
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

seniority_field seniority_field::from(std::span<const date> filings) {
  seniority_field s;
  s.sorted_.assign(filings.begin(), filings.end());
  std::sort(s.sorted_.begin(), s.sorted_.end());
  for (const date d : s.sorted_) s.day_sum_ += static_cast<std::int64_t>(d.day_number());
  return s;
}

std::optional<scoring_facts::seniority> seniority_field::compare(
    date own, seniority_mode mode) const noexcept {
  const std::size_t n = sorted_.size();
  const auto lb = static_cast<std::size_t>(
      std::lower_bound(sorted_.begin(), sorted_.end(), own) - sorted_.begin());
  const bool present = lb < n && sorted_[lb] == own;
  const std::size_t m = present ? n - 1 : n;  // the others
  if (m == 0) return std::nullopt;
  const auto ub = static_cast<std::size_t>(
      std::upper_bound(sorted_.begin() + static_cast<std::ptrdiff_t>(lb), sorted_.end(), own) -
      sorted_.begin());
  // The k-th other (0-based, ascending): the sorted dates without one occurrence of `own`.
  const auto other = [&](std::size_t k) { return !present || k < lb ? sorted_[k] : sorted_[k + 1]; };

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

// What one criterion gives a candidate. `facts` is left alone and `value` 0 when the
// criterion does not apply; `shown` marks a 0-point line kept for its comparative facts.
struct outcome {
  points value;
  line_facts facts;
  bool shown = false;
};

struct evaluator {
  const candidate_facts& c;
  const scoring_context& ctx;

  outcome operator()(const criteria::seniority& p) const {
    const auto f = ctx.seniority.compare(c.initial_filing, p.mode);
    if (!f) return {};  // a lone candidate
    return {f->older() ? p.value : points{}, *f, true};
  }

  outcome events(std::span<const date> dates, points per_event, int months) const {
    std::int64_t count = 0;
    for (const date d : dates) count += in_window(d, ctx.reference, months) ? 1 : 0;
    if (count == 0 || per_event.value == 0) return {};
    return {clamp_points(count * per_event.value),
            scoring_facts::events{static_cast<std::int32_t>(
                                      std::min<std::int64_t>(count, std::numeric_limits<std::int32_t>::max())),
                                  add_months(ctx.reference, -months)}};
  }
  outcome operator()(const criteria::applicant_refusals& p) const {
    return events(c.applicant_refusals, p.per_refusal, p.window_months);
  }
  outcome operator()(const criteria::commission_refusals& p) const {
    return events(c.commission_refusals, p.per_refusal, p.window_months);
  }

  outcome operator()(const criteria::als_balancing& p) const {
    const attribution_shares& s = ctx.als;
    const std::int64_t all = s.total();
    if (all <= 0) return {};  // no attribution in the window: nobody
    const std::size_t k = index_of(c.size);
    const std::int64_t mine = s.attributions_in_window[k];
    const basis_points target = s.target[k];
    // share < target − tolerance, exactly: mine / all × 10 000 < target − tolerance.
    const bool below = mine * 10000 < (target.value - p.tolerance.value) * all;
    return {below ? p.value : points{},
            scoring_facts::als{c.size, basis_points{mine * 10000 / all}, target, p.tolerance,
                               p.window_months},
            true};
  }

  outcome operator()(const criteria::employer_peec& p) const {
    switch (c.peec) {
      case peec_status::contributing: return {p.contributing, scoring_facts::peec{c.peec}};
      case peec_status::compensated: return {p.compensated, scoring_facts::peec{c.peec}};
      case peec_status::none: break;
    }
    return {};
  }

  outcome operator()(const criteria::professional_mobility& p) const {
    const bool far = c.mobility_km && *c.mobility_km > p.km_above;
    const bool long_travel = c.mobility_minutes && *c.mobility_minutes >= p.minutes_at_least;
    if (!far && !long_travel) return {};
    return {p.value, scoring_facts::mobility{c.mobility_km, c.mobility_minutes}};
  }

  outcome operator()(const criteria::age_band& p) const {
    const int years = completed_years(c.birth_date, ctx.reference);
    if (years < p.min_age || years > p.max_age) return {};
    return {p.value, scoring_facts::age{years}};
  }

  outcome operator()(const criteria::new_hire& p) const {
    if (!c.job_start || !in_window(*c.job_start, ctx.reference, p.window_months)) return {};
    return {p.value, scoring_facts::job{*c.job_start}};
  }

  outcome operator()(const criteria::effort_ratio& p) const {
    if (!c.effort || c.effort->resources <= money{}) return {};
    const current_effort& e = *c.effort;
    // net_cost / resources > above, exactly.
    if (e.net_cost.in_cents() * 10000 <= p.above.value * e.resources.in_cents()) return {};
    return {p.value, scoring_facts::effort{e.net_cost, e.resources, e.ratio()}};
  }

  outcome operator()(const criteria::low_resources& p) const {
    if (!c.reference_income || !c.plus_ceiling || *c.plus_ceiling <= money{}) return {};
    const money income = *c.reference_income;
    const money ceiling = *c.plus_ceiling;
    // income <= at_most × ceiling, exactly.
    if (income.in_cents() * 10000 > p.at_most.value * ceiling.in_cents()) return {};
    return {p.value, scoring_facts::resources{income, ceiling, ratio(income, ceiling)}};
  }

  static outcome flag(bool set, points value) {
    return set ? outcome{value, scoring_facts::none{}} : outcome{};
  }
  outcome operator()(const criteria::single_parent& p) const { return flag(c.single_parent, p.value); }
  outcome operator()(const criteria::housing_situation& p) const {
    return flag(c.homeless_hosted_or_threatened, p.value);
  }
  outcome operator()(const criteria::dalo& p) const { return flag(c.dalo, p.value); }
  outcome operator()(const criteria::domestic_violence& p) const {
    return flag(c.domestic_violence, p.value);
  }
  outcome operator()(const criteria::disability& p) const {
    return flag(c.household_disability, p.value);
  }
  outcome operator()(const criteria::key_worker& p) const { return flag(c.key_worker, p.value); }
};

}  // namespace

void score_into(const compiled_grid& g, const candidate_facts& c, const scoring_context& ctx,
                score_card& out) {
  const auto criteria = g.compiled();
  out.lines.clear();
  out.lines.reserve(criteria.size());
  const evaluator eval{c, ctx};
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    outcome o = std::visit(eval, criteria[i].parameters);
    if (o.value.value == 0 && !o.shown) continue;
    out.lines.push_back(score_line{static_cast<std::uint16_t>(i), o.value, o.value,
                                   o.value.value != 0, o.facts});
  }

  // Within a group only the best line counts (the first one on a tie); its cap applies to it.
  const std::size_t n = out.lines.size();
  for (std::size_t i = 0; i < n; ++i) {
    score_line& line = out.lines[i];
    const detail::compiled_criterion& cc = criteria[line.criterion];
    if (cc.group < 0 || line.value.value == 0) continue;
    bool best = true;
    for (std::size_t j = 0; j < n && best; ++j) {
      const score_line& other = out.lines[j];
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
  for (const score_line& line : out.lines) {
    (line.contribution.value > 0 ? bonuses : penalties) += line.contribution.value;
  }
  out.before_total_cap = clamp_points(bonuses + penalties);
  const auto& cap = g.source().total_cap;
  if (cap && bonuses > cap->value) bonuses = cap->value;
  out.total = clamp_points(bonuses + penalties);
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
