// SPDX-License-Identifier: MIT
// The plain implementation of SPEC 3-5, written from the SPEC (and the grid's documented
// semantics in grid.hpp), for `cotation verify`. It must stay readable in one sitting: plain
// loops over `applicant` and `offer` values, one function per rule, no cache but a per-offer
// memo of the ceiling table and the applicants grouped by wished department for the counts.
// It includes nothing of src/rules or src/ranking: only public model types, the grid as data,
// the ceiling tables as data, and the calendar (completed years, month arithmetic).
#include <cotation/verification.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include "detail/parallel.hpp"

#include <cotation/calendar.hpp>
#include <cotation/error.hpp>

namespace cotation {

struct reference_ranker::state {
  std::span<const applicant> applicants;
  const grid& g;
  std::vector<attribution_record> attributions;
  std::optional<std::array<basis_points, company_size_count>> targets;
  eligibility_policy policy;
  const ceiling_table& ceilings;
  std::unordered_map<request_number, std::size_t> by_number;
  /// The applicants by what they wish: the area (a wished department's code, directly or
  /// through a commune; "" when they wish no area) and the typology (1-6; 0 when they wish
  /// none). Only those of (the offer's department or "", the offer's typology or 0) can pass
  /// the wishes of an offer, and each of them is in exactly one of these four lists. With the
  /// wishes not checked, everybody is in ("", 0).
  std::map<std::pair<std::string, int>, std::vector<std::size_t>> by_wish;
  /// The default targets of each reference date already counted.
  mutable std::mutex targets_lock;
  mutable std::map<date, std::array<basis_points, company_size_count>> default_targets;
};

namespace {

// ---- SPEC 3.1: the household category ----

int persons_of(const household& h) { return std::max(1, static_cast<int>(h.members.size())); }

household_category category(const household& h, date at) {
  const int persons = persons_of(h);
  int dependants = 0;
  bool disabled = false;
  bool partner = false;
  for (const member& m : h.members) {
    if (m.role == member_role::dependant || m.alternating_custody) ++dependants;
    if (m.disabled) disabled = true;
    if (m.role == member_role::partner) partner = true;
  }
  const bool single_with_dependants = dependants > 0 && persons - dependants == 1;
  bool young_couple = false;
  if (h.members.size() == 2 && dependants == 0 && partner) {
    young_couple = completed_years(h.members[0].birth_date, at) +
                       completed_years(h.members[1].birth_date, at) <=
                   55;
  }
  // Each of these moves the household one category up; they do not add up.
  const int rank = persons + (disabled || single_with_dependants || young_couple ? 1 : 0);
  return household_category{std::min(rank, 6), std::max(0, rank - 6)};
}

// ---- SPEC 1: the reference income of year N ----

std::optional<money> income_of_year(const applicant& a, int year) {
  std::optional<money> n2;
  std::optional<money> n1;
  for (const annual_income& i : a.incomes) {
    if (i.year == year - 2) n2 = i.amount;
    if (i.year == year - 1) n1 = i.amount;
  }
  if (!n2) return std::nullopt;
  // N-1 replaces N-2 when at least 10 % lower: N-1 <= 0.9 × N-2.
  if (n1 && n1->in_cents() * 10 <= n2->in_cents() * 9) return n1;
  return n2;
}

/// The ceiling of the offer for a category, looked up once per category.
class ceilings_of_offer {
 public:
  ceilings_of_offer(const ceiling_table& t, financing f, int year, income_zone zone)
      : table_(t), financing_(f), year_(year), zone_(zone) {}
  std::optional<money> get(financing f, household_category c) {
    const auto key = std::make_tuple(f, c.category, c.additional_persons);
    auto it = memo_.find(key);
    if (it == memo_.end()) {
      const ceiling_lookup l = table_.lookup(f, year_, zone_, c);
      std::optional<money> m;
      if (const money* p = std::get_if<money>(&l)) m = *p;
      it = memo_.emplace(key, m).first;
    }
    return it->second;
  }
  std::optional<money> of_offer(household_category c) { return get(financing_, c); }

 private:
  const ceiling_table& table_;
  financing financing_;
  int year_;
  income_zone zone_;
  std::map<std::tuple<financing, int, int>, std::optional<money>> memo_;
};

// ---- SPEC 3: the eligibility gate, every condition in order ----

/// SPEC 3.3, size: the offer's rooms within [persons − below, persons + above], at least 1; T6
/// is six rooms or more, so the lower bound is at most 6.
bool size_fits(const applicant& a, const offer& o, const eligibility_policy& policy) {
  const int persons = persons_of(a.household);
  const int min_rooms = std::min(6, std::max(1, persons - policy.rooms_below));
  const int max_rooms = persons + policy.rooms_above;
  return o.rooms >= min_rooms && o.rooms <= max_rooms;
}

/// True when `a` passes every condition. The failed conditions go to `reasons`, all of them;
/// without `reasons` the gate stops at the first.
bool gate(const applicant& a, const offer& o, date at, const eligibility_policy& policy,
          ceilings_of_offer& ceilings, std::vector<ineligibility>* reasons) {
  bool eligible = true;
  // Records a failure; true when the gate may stop there.
  const auto fail = [&](ineligibility r) {
    eligible = false;
    if (reasons != nullptr) reasons->push_back(r);
    return reasons == nullptr;
  };

  // 1. Active request: not removed, not past one year from the filing or last renewal.
  const date valid_until = add_months(a.last_renewal.value_or(a.initial_filing), 12);
  if ((a.removed_on && *a.removed_on <= at) || at >= valid_until) {
    if (fail(ineligibility::request_not_active)) return false;
  }
  // 1. Complete dossier: at least one required document, all validated, and the employer's
  // validation.
  bool complete = !a.dossier.required.empty() && a.dossier.employer_validated;
  for (const document& d : a.dossier.required) complete = complete && d.validated;
  if (!complete && fail(ineligibility::dossier_incomplete)) return false;

  // 2. Income ceiling of the offer's year, financing, zone and the household's category.
  const std::optional<money> income = income_of_year(a, o.ceiling_year());
  if (!income) {
    if (fail(ineligibility::no_reference_income)) return false;
  } else {
    const std::optional<money> ceiling = ceilings.of_offer(category(a.household, at));
    if (!ceiling) {
      if (fail(ineligibility::no_ceiling_data)) return false;
    } else if (*income > *ceiling && fail(ineligibility::over_income_ceiling)) {
      return false;
    }
  }

  // 3. Size.
  if (!size_fits(a, o, policy) && fail(ineligibility::size_mismatch)) return false;

  // 4. Effort ratio: (rent + charges − expected benefit) / resources <= maximum, exactly.
  if (policy.check_effort_ratio) {
    const money net = std::max(money{}, o.rent + o.charges - a.expected_housing_benefit);
    const bool within = a.monthly_resources > money{}
                            ? net.in_cents() * 10000 <=
                                  policy.max_effort_ratio.value * a.monthly_resources.in_cents()
                            : net <= money{};
    if (!within && fail(ineligibility::effort_ratio_too_high)) return false;
  }

  // 5. Wishes: area (a wished commune, or the offer's department), typology, budget.
  if (policy.check_wishes) {
    const wishes& w = a.wishes;
    if (!w.communes.empty() || !w.departments.empty()) {
      bool wished = false;
      for (const commune_code& c : w.communes) wished = wished || o.commune.covered_by(c);
      for (const department& d : w.departments) wished = wished || d == o.department();
      if (!wished && fail(ineligibility::wishes_area)) return false;
    }
    if (!w.typologies.empty() &&
        std::find(w.typologies.begin(), w.typologies.end(), o.rooms) == w.typologies.end() &&
        fail(ineligibility::wishes_typology)) {
      return false;
    }
    if (w.max_rent && o.rent + o.charges > *w.max_rent && fail(ineligibility::wishes_budget)) {
      return false;
    }
  }
  // 5. Reservation: only the named employer's staff.
  if (o.reserved_for && *o.reserved_for != a.employment.employer) {
    fail(ineligibility::reserved_for_other_employer);
  }
  return eligible;
}

// ---- SPEC 4: the grid ----

/// A dated event counts when reference − months <= event <= reference.
bool within(date event, date reference, int months) {
  return event <= reference && event >= add_months(reference, -months);
}

/// The points one criterion earns for candidate `a` (0 when it does not apply).
struct criterion_scorer {
  const applicant& a;
  const offer& o;
  date reference;
  std::span<const date> others;  ///< The other candidates' filing dates.
  const std::array<std::int64_t, company_size_count>& als_counts;
  const std::array<basis_points, company_size_count>& als_targets;
  std::optional<money> income;
  std::optional<money> plus_ceiling;

  std::int32_t operator()(const criteria::seniority& p) const {
    if (others.empty()) return 0;  // a lone candidate gets nothing
    const auto own = static_cast<std::int64_t>(a.initial_filing.day_number());
    std::int64_t later = 0;
    std::int64_t sum = 0;
    bool oldest = true;
    for (const date d : others) {
      if (d > a.initial_filing) ++later;
      if (d <= a.initial_filing) oldest = false;
      sum += static_cast<std::int64_t>(d.day_number());
    }
    const auto m = static_cast<std::int64_t>(others.size());
    bool older = false;
    switch (p.mode) {
      case seniority_mode::older_than_median:
        older = 2 * later > m;  // more than half of the others filed strictly later
        break;
      case seniority_mode::older_than_mean:
        older = own * m < sum;  // strictly earlier than the mean of the others
        break;
      case seniority_mode::oldest_only:
        older = oldest;
        break;
    }
    return older ? p.value.value : 0;
  }
  std::int32_t count_in_window(const std::vector<date>& events, int months) const {
    std::int32_t n = 0;
    for (const date d : events) n += within(d, reference, months) ? 1 : 0;
    return n;
  }
  std::int32_t operator()(const criteria::applicant_refusals& p) const {
    return count_in_window(a.history.applicant_refusals, p.window_months) * p.per_refusal.value;
  }
  std::int32_t operator()(const criteria::commission_refusals& p) const {
    return count_in_window(a.history.commission_refusals, p.window_months) * p.per_refusal.value;
  }
  std::int32_t operator()(const criteria::als_balancing& p) const {
    const std::int64_t all = als_counts[0] + als_counts[1] + als_counts[2];
    if (all == 0) return 0;  // no attribution in the window: nobody
    const auto k = static_cast<std::size_t>(a.employment.size);
    // share < target − tolerance, i.e. more than the tolerance below the target.
    const bool below = als_counts[k] * 10000 < (als_targets[k].value - p.tolerance.value) * all;
    return below ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::employer_peec& p) const {
    if (a.employment.peec == peec_status::contributing) return p.contributing.value;
    if (a.employment.peec == peec_status::compensated) return p.compensated.value;
    return 0;
  }
  std::int32_t operator()(const criteria::professional_mobility& p) const {
    if (!a.mobility) return 0;
    const bool far = a.mobility->distance_km > p.km_above;
    const bool long_travel = a.mobility->travel_minutes >= p.minutes_at_least;
    return far || long_travel ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::age_band& p) const {
    for (const member& m : a.household.members) {
      if (m.role != member_role::reference_person) continue;
      const int years = completed_years(m.birth_date, reference);
      return years >= p.min_age && years <= p.max_age ? p.value.value : 0;
    }
    return 0;
  }
  std::int32_t operator()(const criteria::new_hire& p) const {
    if (a.employment.job_start.is_special()) return 0;
    return within(a.employment.job_start, reference, p.window_months) ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::single_parent& p) const {
    return a.situation.single_parent ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::effort_ratio& p) const {
    const housing_status s = a.housing.status;
    if (s != housing_status::social_tenant && s != housing_status::private_tenant) return 0;
    if (a.monthly_resources <= money{}) return 0;
    const money net = std::max(money{}, a.housing.rent_and_charges - a.housing.housing_benefit);
    const bool above = net.in_cents() * 10000 > p.above.value * a.monthly_resources.in_cents();
    return above ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::low_resources& p) const {
    if (!income || !plus_ceiling || *plus_ceiling <= money{}) return 0;
    const bool low = income->in_cents() * 10000 <= p.at_most.value * plus_ceiling->in_cents();
    return low ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::housing_situation& p) const {
    const housing_status s = a.housing.status;
    const bool applies = s == housing_status::hosted || s == housing_status::homeless_or_shelter ||
                         a.situation.threatened_with_eviction;
    return applies ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::dalo& p) const {
    return a.situation.dalo ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::domestic_violence& p) const {
    return a.situation.domestic_violence ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::disability& p) const {
    bool disabled = a.situation.disability;
    for (const member& m : a.household.members) disabled = disabled || m.disabled;
    return disabled ? p.value.value : 0;
  }
  std::int32_t operator()(const criteria::key_worker& p) const {
    return a.situation.key_worker ? p.value.value : 0;
  }
};

/// The score: every criterion on its own, then within a group only the best non-zero one (the
/// first on a tie) with the group's cap on a positive value, then the total cap on the sum of
/// the positive contributions, the penalties added in full (grid.hpp, "How a grid adds up").
points total_score(const grid& g, const criterion_scorer& scorer) {
  std::vector<std::int32_t> earned;
  for (const criterion& c : g.criteria) earned.push_back(std::visit(scorer, c.parameters));
  std::int64_t bonuses = 0;
  std::int64_t penalties = 0;
  for (std::size_t i = 0; i < g.criteria.size(); ++i) {
    std::int64_t contribution = earned[i];
    if (contribution == 0) continue;
    if (const auto& group = g.criteria[i].group) {
      bool best = true;
      for (std::size_t j = 0; j < g.criteria.size(); ++j) {
        if (j == i || earned[j] == 0 || g.criteria[j].group != group) continue;
        if (earned[j] > earned[i] || (earned[j] == earned[i] && j < i)) best = false;
      }
      if (!best) continue;
      if (const auto cap = g.group_caps.find(*group);
          cap != g.group_caps.end() && contribution > cap->second.value) {
        contribution = cap->second.value;
      }
    }
    (contribution > 0 ? bonuses : penalties) += contribution;
  }
  if (g.total_cap && bonuses > g.total_cap->value) bonuses = g.total_cap->value;
  return points{static_cast<std::int32_t>(bonuses + penalties)};
}

}  // namespace

reference_ranker::reference_ranker(
    std::span<const applicant> applicants, const grid& g,
    std::span<const attribution_record> attributions,
    std::optional<std::array<basis_points, company_size_count>> als_targets,
    eligibility_policy policy, const ceiling_table& ceilings)
    : state_(new state{applicants,
                       g,
                       {attributions.begin(), attributions.end()},
                       als_targets,
                       policy,
                       ceilings,
                       {},
                       {},
                       {},
                       {}}) {
  state& s = *state_;
  s.by_number.reserve(applicants.size());
  for (std::size_t i = 0; i < applicants.size(); ++i) {
    const applicant& a = applicants[i];
    s.by_number.emplace(a.number, i);
    const wishes& w = a.wishes;
    // Owned strings: a commune's department is a temporary whose code cannot be viewed.
    std::vector<std::string> codes;
    std::vector<int> rooms;
    if (policy.check_wishes) {
      for (const commune_code& c : w.communes) codes.emplace_back(c.department().code());
      for (const department& d : w.departments) codes.emplace_back(d.code());
      rooms = w.typologies;
    }
    if (codes.empty()) codes.emplace_back();  // no area wished
    if (rooms.empty()) rooms.push_back(0);    // no typology wished
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::sort(rooms.begin(), rooms.end());
    rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
    for (const std::string& code : codes) {
      for (const int r : rooms) s.by_wish[{code, r}].push_back(i);
    }
  }
}

reference_ranker::~reference_ranker() = default;
reference_ranker::reference_ranker(reference_ranker&&) noexcept = default;
reference_ranker& reference_ranker::operator=(reference_ranker&&) noexcept = default;

std::vector<ineligibility> reference_ranker::failures(const applicant& a, const offer& o,
                                                      date at) const {
  ceilings_of_offer ceilings(state_->ceilings, o.financing, o.ceiling_year(), o.zone());
  std::vector<ineligibility> reasons;
  gate(a, o, at, state_->policy, ceilings, &reasons);
  return reasons;
}

bool reference_ranker::eligible(const applicant& a, const offer& o, date at) const {
  ceilings_of_offer ceilings(state_->ceilings, o.financing, o.ceiling_year(), o.zone());
  return gate(a, o, at, state_->policy, ceilings, nullptr);
}

namespace {

using wish_lists = std::map<std::pair<std::string, int>, std::vector<std::size_t>>;

/// The lists of applicants an offer reads: (its department or "", its typology or 0).
std::vector<const std::vector<std::size_t>*> lists_of(const wish_lists& by_wish, const offer& o) {
  std::vector<const std::vector<std::size_t>*> out;
  for (const std::string& area : {std::string(), std::string(o.department().code())}) {
    for (const int rooms : {0, o.rooms}) {
      if (const auto it = by_wish.find({area, rooms}); it != by_wish.end()) {
        out.push_back(&it->second);
      }
    }
  }
  return out;
}

}  // namespace

reference_ranking reference_ranker::rank(const offer& o, std::span<const request_number> positioned,
                                         date reference, std::optional<int> shortlist_size) const {
  // The eligible count over the whole pool, as for a batch of one.
  const std::size_t eligible =
      count_eligible(std::span(&o, 1), std::span(&reference, 1), 1).front();
  return rank(o, positioned, reference, shortlist_size, eligible);
}

std::vector<std::size_t> reference_ranker::count_eligible(std::span<const offer> offers,
                                                          std::span<const date> at,
                                                          unsigned threads) const {
  if (offers.size() != at.size()) {
    throw invalid_argument("at", fmt::format("{} dates for {} offers", at.size(), offers.size()));
  }
  // Only the applicants who wish the offer's department (or no area) and its typology (or
  // none) can pass the wishes: which offers read each list, and the lists cut in pieces of
  // 4 096 applicants.
  const state& s = *state_;
  std::map<const std::vector<std::size_t>*, std::vector<std::size_t>> readers;
  for (std::size_t k = 0; k < offers.size(); ++k) {
    for (const std::vector<std::size_t>* list : lists_of(s.by_wish, offers[k])) {
      readers[list].push_back(k);
    }
  }
  struct piece {
    const std::vector<std::size_t>* list;
    const std::vector<std::size_t>* offers;
    std::size_t from;
    std::size_t to;
  };
  std::vector<piece> pieces;
  for (const auto& [list, readers_of_list] : readers) {
    for (std::size_t from = 0; from < list->size(); from += 4096) {
      pieces.push_back(piece{list, &readers_of_list, from, std::min(list->size(), from + 4096)});
    }
  }
  threads = detail::thread_count(threads, pieces.size());
  std::vector<std::vector<std::size_t>> counts(threads, std::vector<std::size_t>(offers.size()));
  std::atomic<std::size_t> next{0};
  const auto worker = [&](unsigned t) {
    std::vector<ceilings_of_offer> ceilings;  // each thread its own (they remember lookups)
    ceilings.reserve(offers.size());
    for (const offer& o : offers) {
      ceilings.emplace_back(s.ceilings, o.financing, o.ceiling_year(), o.zone());
    }
    for (std::size_t p = next++; p < pieces.size(); p = next++) {
      const piece& w = pieces[p];
      for (std::size_t i = w.from; i < w.to; ++i) {
        const applicant& a = s.applicants[(*w.list)[i]];
        for (const std::size_t k : *w.offers) {
          // The size first: a condition of the gate, cheap to check, that many applicants of
          // a department fail; the gate checks it again.
          if (size_fits(a, offers[k], s.policy) &&
              gate(a, offers[k], at[k], s.policy, ceilings[k], nullptr)) {
            ++counts[t][k];
          }
        }
      }
    }
  };
  detail::run_parallel(threads, worker);
  std::vector<std::size_t> out(offers.size());
  for (const std::vector<std::size_t>& c : counts) {
    for (std::size_t k = 0; k < out.size(); ++k) out[k] += c[k];
  }
  return out;
}

reference_ranking reference_ranker::rank(const offer& o, std::span<const request_number> positioned,
                                         date reference, std::optional<int> shortlist_size,
                                         std::size_t eligible_count) const {
  const state& s = *state_;
  reference_ranking out;
  out.offer = o.id;
  ceilings_of_offer ceilings(s.ceilings, o.financing, o.ceiling_year(), o.zone());

  // The positioned applicants, each once.
  std::vector<const applicant*> applied;
  for (std::size_t k = 0; k < positioned.size(); ++k) {
    const auto it = s.by_number.find(positioned[k]);
    if (it == s.by_number.end()) {
      throw invalid_argument(fmt::format("positioned[{}]", k),
                             fmt::format("request {} is not in the pool", positioned[k]));
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (positioned[j] == positioned[k]) {
        throw invalid_argument(fmt::format("positioned[{}]", k),
                               fmt::format("request {} is positioned twice", positioned[k]));
      }
    }
    applied.push_back(&s.applicants[it->second]);
  }

  out.eligible_count = eligible_count;

  // The gate for each positioned applicant.
  std::vector<const applicant*> candidates;
  for (const applicant* a : applied) {
    std::vector<ineligibility> failed;
    if (gate(*a, o, reference, s.policy, ceilings, &failed)) {
      candidates.push_back(a);
    } else {
      out.ineligible.push_back(reference_ineligible{a->number, std::move(failed)});
    }
  }
  std::sort(out.ineligible.begin(), out.ineligible.end(),
            [](const auto& x, const auto& y) { return x.number < y.number; });

  // The ALS counts over the grid's window (the first ALS criterion's; 12 months without one)
  // and the targets.
  int als_window = 12;
  for (const criterion& c : s.g.criteria) {
    if (const auto* p = std::get_if<criteria::als_balancing>(&c.parameters)) {
      als_window = p->window_months;
      break;
    }
  }
  std::array<std::int64_t, company_size_count> als_counts{};
  for (const attribution_record& r : s.attributions) {
    if (within(r.on, reference, als_window)) ++als_counts[static_cast<std::size_t>(r.size)];
  }
  std::array<basis_points, company_size_count> targets{};
  if (s.targets) {
    targets = *s.targets;
  } else if (const std::lock_guard lock(s.targets_lock); s.default_targets.contains(reference)) {
    targets = s.default_targets.at(reference);
  } else {
    // Each company size's share of the valid requests (active or expiring) at the reference.
    std::array<std::int64_t, company_size_count> valid{};
    for (const applicant& a : s.applicants) {
      const date valid_until = add_months(a.last_renewal.value_or(a.initial_filing), 12);
      const bool removed = a.removed_on && *a.removed_on <= reference;
      if (!removed && reference < valid_until) ++valid[static_cast<std::size_t>(a.employment.size)];
    }
    const std::int64_t all = valid[0] + valid[1] + valid[2];
    for (std::size_t k = 0; k < company_size_count && all > 0; ++k) {
      targets[k] = basis_points{valid[k] * 10000 / all};
    }
    s.default_targets[reference] = targets;
  }

  // Score each candidate against the others.
  struct scored {
    const applicant* a;
    points score;
    money income;
    int persons;
  };
  std::vector<scored> ranked;
  for (const applicant* a : candidates) {
    std::vector<date> others;
    for (const applicant* b : candidates) {
      if (b != a) others.push_back(b->initial_filing);
    }
    const std::optional<money> income = income_of_year(*a, o.ceiling_year());
    const criterion_scorer scorer{
        *a,         o,
        reference,  others,
        als_counts, targets,
        income,     ceilings.get(financing::plus, category(a->household, reference))};
    ranked.push_back(
        scored{a, total_score(s.g, scorer), income.value_or(money{}), persons_of(a->household)});
  }

  // SPEC 5: score ↓, filing ↑, income per member ↑ (exact: cross-multiplied), number ↑.
  std::sort(ranked.begin(), ranked.end(), [](const scored& x, const scored& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.a->initial_filing != y.a->initial_filing) {
      return x.a->initial_filing < y.a->initial_filing;
    }
    const std::int64_t lhs = x.income.in_cents() * y.persons;
    const std::int64_t rhs = y.income.in_cents() * x.persons;
    if (lhs != rhs) return lhs < rhs;
    return x.a->number < y.a->number;
  });
  for (const scored& c : ranked)
    out.candidates.push_back(reference_candidate{c.a->number, c.score});
  const int wanted = shortlist_size.value_or(o.shortlist_size);
  out.shortlist_size =
      std::min(out.candidates.size(), static_cast<std::size_t>(std::max(0, wanted)));
  return out;
}

}  // namespace cotation
