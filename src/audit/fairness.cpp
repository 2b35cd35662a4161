// SPDX-License-Identifier: MIT
// Fairness monitoring: what each group of requests received, from a data set's
// rankings or a simulation document.
#include <cotation/fairness.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "request_groups.hpp"

namespace cotation {

namespace {

/// Income per household member, compared exactly (cents × the other's persons).
struct per_member {
  std::int64_t cents = 0;
  int persons = 1;
  friend bool operator<(const per_member& a, const per_member& b) noexcept {
    return a.cents * b.persons < b.cents * a.persons;
  }
  friend bool operator<=(const per_member& a, const per_member& b) noexcept { return !(b < a); }
};

/// The nearest-rank quartile boundaries of `sorted` (in ascending order): the k-th is the
/// value at position ⌈k·n/4⌉ − 1.
std::array<per_member, 3> quartile_bounds(const std::vector<per_member>& sorted) {
  std::array<per_member, 3> b{};
  if (sorted.empty()) return b;
  const std::size_t n = sorted.size();
  for (std::size_t k = 1; k <= 3; ++k)
    b[k - 1] = sorted[std::max<std::size_t>((k * n + 3) / 4, 1) - 1];
  return b;
}

/// `Q1` … `Q4`: the first quartile whose boundary `v` does not exceed.
std::string quartile_of(const per_member& v, const std::array<per_member, 3>& bounds) {
  for (std::size_t k = 0; k < bounds.size(); ++k) {
    if (v <= bounds[k]) return fmt::format("Q{}", k + 1);
  }
  return "Q4";
}

/// PME, ETI, GE in that order; the other labels in text order, but `<25` before the other age
/// bands.
bool label_before(fairness_dimension d, const std::string& a, const std::string& b) {
  if (d == fairness_dimension::company_size) {
    const auto at = [](const std::string& label) {
      std::size_t k = 0;
      while (k < company_size_count && to_string(static_cast<company_size>(k)) != label) ++k;
      return k;
    };
    return at(a) < at(b);
  }
  const bool la = a.starts_with('<');
  const bool lb = b.starts_with('<');
  if (la != lb) return la;
  return a < b;
}

/// The groups of every dimension while they are counted; the three company sizes always.
struct tally {
  std::array<std::map<std::string, fairness_group>, fairness_dimension_count> groups;

  tally() {
    for (std::size_t s = 0; s < company_size_count; ++s) {
      group(fairness_dimension::company_size, std::string(to_string(static_cast<company_size>(s))));
    }
  }

  /// Calls `add_to` on the groups of `k` and on the income quartile `quartile` when given.
  template <typename Add>
  void add(const audit::group_keys& k, const std::string* quartile, Add&& add_to) {
    add_to(group(fairness_dimension::company_size, k.company));
    add_to(group(fairness_dimension::household_size, k.household));
    add_to(group(fairness_dimension::age_band, k.age));
    if (quartile != nullptr) add_to(group(fairness_dimension::income_quartile, *quartile));
    for (const std::string& p : k.priority) add_to(group(fairness_dimension::priority, p));
    add_to(group(fairness_dimension::department, k.department));
  }

  fairness_group& group(fairness_dimension d, const std::string& label) {
    fairness_group& g = groups[static_cast<std::size_t>(d)][label];
    g.label = label;
    return g;
  }

  std::vector<fairness_breakdown> breakdowns() const {
    std::vector<fairness_breakdown> out;
    for (std::size_t d = 0; d < fairness_dimension_count; ++d) {
      if (groups[d].empty()) continue;
      fairness_breakdown b{static_cast<fairness_dimension>(d), {}};
      for (const auto& [label, g] : groups[d]) b.groups.push_back(g);
      std::sort(b.groups.begin(), b.groups.end(),
                [&b](const fairness_group& x, const fairness_group& y) {
                  return label_before(b.dimension, x.label, y.label);
                });
      out.push_back(std::move(b));
    }
    return out;
  }
};

std::int64_t distance(basis_points a, basis_points b) {
  return a.value < b.value ? b.value - a.value : a.value - b.value;
}

}  // namespace

std::string_view to_string(fairness_dimension d) noexcept {
  switch (d) {
    case fairness_dimension::company_size:
      return "company_size";
    case fairness_dimension::household_size:
      return "household_size";
    case fairness_dimension::age_band:
      return "age_band";
    case fairness_dimension::income_quartile:
      return "income_quartile";
    case fairness_dimension::priority:
      return "priority";
    case fairness_dimension::department:
      return "department";
  }
  return "?";
}

std::optional<basis_points> share_of(std::size_t part, std::size_t whole) noexcept {
  if (whole == 0) return std::nullopt;
  const auto p = static_cast<std::int64_t>(part);
  const auto w = static_cast<std::int64_t>(whole);
  return basis_points{(p * 20000 + w) / (2 * w)};
}

std::optional<basis_points> als_period::share(company_size s) const noexcept {
  std::size_t all = 0;
  for (const std::size_t n : leases) all += n;
  return share_of(leases[static_cast<std::size_t>(s)], all);
}

std::size_t fairness_report::flagged() const noexcept {
  std::size_t n = 0;
  for (const fairness_breakdown& b : breakdowns) {
    for (const fairness_group& g : b.groups) n += g.flagged ? 1U : 0U;
  }
  return n;
}

fairness_report fairness_of_rankings(std::span<const offer_ranking> rankings,
                                     const applicant_pool& pool, date as_of,
                                     std::span<const attribution_record> attributions,
                                     const als_targets_at& targets, basis_points margin) {
  fairness_report out;
  out.to = as_of;
  out.from = add_months(as_of, -12);
  out.margin = margin;
  out.offers = rankings.size();

  // The requests that may apply: filed, valid at the date, dossier complete and validated. Each is
  // decoded once; its income quartile is counted once every income is known.
  tally t;
  const int year = as_of.year();
  const auto income_of = [&](const applicant& a) -> std::optional<per_member> {
    const auto r = reference_income_for(a, year);
    if (!r) return std::nullopt;
    return per_member{r->amount.in_cents(), a.household.persons()};
  };
  std::vector<per_member> incomes;
  std::size_t unknown_income = 0;
  std::optional<applicant> a;  // one request's storage, reused
  for (pool_index i = 0; i < pool.index_end(); ++i) {
    if (!pool.contains(i)) continue;
    if (a) {
      pool.get(i, *a);
    } else {
      a = pool.get(i);
    }
    // A request filed after the date is not there yet (`state_at` does not look at the filing).
    if (as_of < a->initial_filing || !is_valid(state_at(*a, as_of)) || !a->dossier.complete()) {
      continue;
    }
    ++out.requests;
    t.add(audit::keys_of(*a, as_of), nullptr, [](fairness_group& g) { ++g.requests; });
    if (const auto v = income_of(*a)) {
      incomes.push_back(*v);
    } else {
      ++unknown_income;
    }
  }
  std::sort(incomes.begin(), incomes.end());
  const std::array<per_member, 3> bounds = quartile_bounds(incomes);
  for (const per_member& v : incomes) {
    ++t.group(fairness_dimension::income_quartile, quartile_of(v, bounds)).requests;
  }
  if (unknown_income > 0) {
    t.group(fairness_dimension::income_quartile, "unknown").requests += unknown_income;
  }

  // The candidacies: a request's groups at the date, as for the requests that may apply.
  struct groups_of_request {
    audit::group_keys keys;
    std::string quartile;
  };
  std::unordered_map<pool_index, groups_of_request> seen;
  for (const offer_ranking& r : rankings) {
    for (const ranked_candidate& c : r.candidates) {
      auto it = seen.find(c.request);
      if (it == seen.end()) {
        const applicant candidate = pool.get(c.request);
        const auto v = income_of(candidate);
        it = seen.emplace(c.request, groups_of_request{audit::keys_of(candidate, as_of),
                                                       v ? quartile_of(*v, bounds) : "unknown"})
                 .first;
      }
      const bool shortlisted = c.rank <= r.shortlist_size;
      t.add(it->second.keys, &it->second.quartile, [&](fairness_group& g) {
        ++g.candidacies;
        g.shortlist_places += shortlisted ? 1U : 0U;
      });
      ++out.candidacies;
      out.shortlist_places += shortlisted ? 1U : 0U;
    }
  }

  // Attributions of the 12 months up to the date (SPEC 4's window): by company
  // size, and month by month against the targets.
  for (int m = 0; m < 12; ++m) {
    als_period p;
    p.from = add_months(out.from, m);
    p.to = add_months(out.from, m + 1) - boost::gregorian::days(1);
    if (m == 11) p.to = as_of;
    p.targets = targets(p.to);
    out.als.push_back(p);
  }
  for (const attribution_record& r : attributions) {
    if (r.on < out.from || as_of < r.on) continue;
    ++t.group(fairness_dimension::company_size, std::string(to_string(r.size))).leases;
    ++out.leases;
    for (als_period& p : out.als) {
      if (p.from <= r.on && r.on <= p.to) ++p.leases[static_cast<std::size_t>(r.size)];
    }
  }

  out.breakdowns = t.breakdowns();
  for (fairness_breakdown& b : out.breakdowns) {
    b.leases_known = b.dimension == fairness_dimension::company_size;
    for (fairness_group& g : b.groups) {
      const auto candidates = share_of(g.candidacies, out.candidacies);
      const auto places = share_of(g.shortlist_places, out.shortlist_places);
      g.flagged = candidates && places && distance(*candidates, *places) > margin.value;
    }
  }
  return out;
}

fairness_report fairness_of_simulation(const simulation_result& s, basis_points margin) {
  fairness_report out;
  out.margin = margin;
  out.candidates_known = false;
  out.from = s.weeks.empty() ? s.start : s.weeks.front().first_day;
  out.to = s.weeks.empty() ? s.start : s.weeks.back().last_day;
  for (const week_figures& w : s.weeks) {
    out.offers += w.offers_closed;
    out.candidacies += w.candidates;
    out.shortlist_places += w.shortlisted;
    als_period p;
    p.from = w.first_day;
    p.to = w.last_day;
    p.leases = w.leases_by_size;
    p.targets = w.targets;
    out.als.push_back(p);
  }
  out.leases = s.leases.size();
  tally t;
  std::map<std::pair<fairness_dimension, std::string>, std::vector<lease_record>> leases;
  for (const lease_record& l : s.leases) {
    const std::string size(to_string(l.size));
    const std::string department(l.request.department().code());
    ++t.group(fairness_dimension::company_size, size).leases;
    ++t.group(fairness_dimension::department, department).leases;
    leases[{fairness_dimension::company_size, size}].push_back(l);
    leases[{fairness_dimension::department, department}].push_back(l);
  }
  for (const auto& [group, ls] : leases) {
    t.group(group.first, group.second).median_wait_days = waiting_times(ls).median_days;
  }
  out.breakdowns = t.breakdowns();
  for (fairness_breakdown& b : out.breakdowns) b.leases_known = true;
  return out;
}

}  // namespace cotation
