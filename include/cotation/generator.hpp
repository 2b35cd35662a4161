// SPDX-License-Identifier: MIT
/// \file
/// A seeded, realistic synthetic population of requests and stream of offers: the input of the
/// benchmarks (pools of 100 to 2.7 million requests, 1 200 offers a day), of the property tests,
/// of the `generate` command and of cycle simulations.
///
/// **Deterministic.** The same options give the same output on any machine, compiler, standard
/// library and time zone: the generator has its own PRNG (xoshiro256** seeded by splitmix64),
/// draws every distribution in integer arithmetic (no `std::*_distribution`, no floating point,
/// no libm), and never reads the clock. Request `i` is drawn from its own stream `(seed, i)`, so
/// a population of `n` requests is the prefix of any larger population with the same options.
///
/// **Realistic.** Every figure below is a default of the generator; "ours" marks our assumption
/// where no published figure was at hand. The tests check the starred ones on 20 000 requests.
///
/// - **Department**: weighted like the pending demand, 2 705 thousand requests in all (SPEC 8):
///   Île-de-France ~27 % *, Paris 230, Hauts-de-Seine 116 (SPEC 8), Seine-Saint-Denis 115,
///   Val-de-Marne 95; Nord 139, Bouches-du-Rhône 125, Rhône 106, Gironde 73, Haute-Garonne 69,
///   Alpes-Maritimes 66, Hérault 59...; at least 2 everywhere, 02A, 02B and overseas included
///   (ours).
/// - **Commune**: Paris, its arrondissements 75101-75120 weighted by population; 92, 93 and 94,
///   their real communes, the zone-1 neighbours of Paris among them (SPEC 3.2), so that zones 1,
///   2 and 3 all occur; elsewhere 24 INSEE-shaped codes (12 overseas), the chief town (its real
///   code for the larger departments) weighing 8, the next three 3, the others 1 (ours).
/// - **Request number**: department, MMYY of the filing date, a sequence unique per department
///   and filing month, a check character, a desk code (`GDPUB` for half, else `<dept>9nn`).
/// - **Household size**: 1: 38 % *, 2: 25 %, 3: 16 %, 4: 12 %, 5: 6 %, 6: 2 %, 7: 0.7 %,
///   8: 0.3 % * (6+) (ours).
/// - **Composition**: a single parent (one adult with dependants) for 50 % of 2-person, 40 % of
///   3-person, 25 % of 4-person and 15 % of larger households *, otherwise a couple with
///   children; children born before the filing, when the parent was 18 or more, at most 19 years
///   before the reference date; one child in alternating custody in 12 % of single-parent and 4 %
///   of couple families; a disabled reference person 3 %, another disabled member 2 % (ours).
/// - **Age of the reference person**: 18-24: 12 %, 25-29: 20 %, 30-39: 30 %, 40-49: 20 %,
///   50-59: 13 %, 60-67: 5 % (ours: AL'in applicants are employees); at least 21 with children;
///   18 or more at filing *.
/// - **Incomes**: revenus fiscaux de référence declared for N-2 and N-1 (N the reference year).
///   N-2 = the household's PLUS ceiling (its category at the reference date, its zone, the
///   reference year's table or the nearest published one) × a factor with quantiles 5 %: 0.25,
///   20 %: 0.48, 32 %: 0.60, 50 %: 0.76, 75 %: 1.00, 95 %: 1.45, so ~75 % are under the ceiling
///   (~77 % after the N-1 rule) *. N-1 is 11-50 % lower for 12 % of households *, otherwise
///   N-2 × [0.95, 1.10] (ours).
/// - **The household's zone**: the zone of its first wished commune, otherwise of its filing
///   department as a whole: Paris zone 1, the rest of Île-de-France zone 2, elsewhere zone 3.
/// - **Monthly resources**: N-1 income / 0.9 / 12, plus family benefits (148 € for 2 children,
///   338 € for 3, +190 € each more; +100 € per child for a single parent), at least 650 € +
///   250 € per other person and at least the salary (ours).
/// - **Salary**: the reference person's share of the earned resources (all of it alone, 55-70 %
///   in a couple), at least 700 € net; gross = net / 0.78 (ours).
/// - **Housing benefit**: an APL-like rule, min(rent, cap) − (40 € + 30 % of the resources above
///   600 € + 200 € per other person), cap 330 / 290 / 270 € in zones 1 / 2 / 3 plus 70 / 60 / 55 €
///   per other person, nothing under 10 € (ours). The expected benefit in the new dwelling is
///   the same rule on a typical social rent.
/// - **Seniority (filing date)**: within 1 year 35 %, 1-2 years 22 %, 2-3 years 14 %, 3-5 years
///   15 %, 5-10 years 14 % (ours).
/// - **Validity**: renewed within the last 11 months (or filed within the year); expired (not
///   renewed, expiry within the last 6 months) 4 % *; removed during the last year 3 % * (ours,
///   options).
/// - **Dossier**: identity, tax notice, payslips, contract, housing situation (+ residence permit
///   8 %); complete and validated by the employer 85 % * (option); otherwise 1-2 documents not
///   validated or no employer validation.
/// - **Employer**: a directory of 4 000 companies (70 % PME, 20 % ETI, 10 % GE), the same for
///   every seed; applicants work in a PME 45 % *, an ETI 25 %, a GE 30 %; PEEC contributing
///   ~60 % *, compensated ~10 % * (by size: PME 37 / 10 %, ETI 75 / 10 %, GE 80 / 10 %) (ours).
/// - **Contract**: CDI 70 % *, CDD 12 %, trial period 6 %, interim 5 %, apprenticeship 4 %,
///   professionalisation 3 % (the last two under 30 only, otherwise CDD); job start: trial within
///   4 months, CDD and interim within 18 months, apprenticeship within 2 years, CDI tenure median
///   3 years, 20 % under a year (ours).
/// - **Mobility**: 10 % *: new job 60 %, transfer 30 %, company relocation 10 %, within the last
///   year; distance median ~100 km (45 % within 70 km), travel 10 min + 0.9 min/km (ours).
/// - **Current housing**: private tenant 38 %, social tenant 27 %, hosted 26 %, homeless or
///   shelter 4 %, owner 5 % (under 25: 35 / 8 / 50 / 5 / 2 %); private rents 24-30 / 15-20 /
///   9-13 €/m² by zone, social ones like the offers, charges 2 €/m² (ours).
/// - **Situation**: DALO 2 % *, domestic violence 1 %, key worker 8 % *, threatened with eviction
///   4 % of tenants, non-decent or overcrowded 8 % of private tenants and hosted (2 % of others);
///   single parent and disability follow the household * (ours).
/// - **History**: applicant refusals of an attributed dwelling 4 % (15 % of them two), each after
///   its attribution; commission refusals 3 %; within 2 years and never before the filing * (ours).
/// - **Wishes**: the filing department 88 %, plus a neighbouring one (weighted by demand) for 15 %
///   of those (overseas departments have none) *; communes of the filing department only 10 % *;
///   anywhere 2 % *. Typologies around the household size c (T1 alone): {c, c+1} 40 %,
///   {c−1, c} 20 %, {c−1, c, c+1} 15 %, {c} 17 %, any 8 %, plus c+2 for 3 %. A budget (rent +
///   charges) for 90 %: the typical rent of the largest wished typology in the household's zone
///   × 0.80-1.80 (median 1.10), rounded to 10 € (ours).
/// - **Offers**: departments like the requests (or one) and communes as above *; T1 10 %, T2 31 %,
///   T3 34 %, T4 18 %, T5 7 % *; surface T1 20-35, T2 40-52, T3 58-72, T4 72-88, T5 85-105 m²;
///   PLUS rent 12-14 / 9-11 / 6-8 €/m² by zone *, PLAI × 0.90, PLS × 1.25; charges 1.60-2.40 €/m²;
///   PLUS 60 % *, PLAI 25 % *, PLS 15 %; reserved for an ETI or GE employer 3 % *; 7-day window,
///   shortlist of 3 * (brief of the project; ours).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <cotation/applicant.hpp>
#include <cotation/calendar.hpp>
#include <cotation/geography.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/request_number.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// What population to draw.
struct population_options {
  std::uint64_t seed = 0;
  std::size_t requests = 0;
  /// The "today" of the population: filings, renewals and events lie before it, ages and incomes
  /// are relative to it. Required.
  date reference;
  /// Draw every request in this department (e.g. 092 with ~116 000 requests) instead of the
  /// national mix. Wishes may still name a neighbouring department.
  std::optional<department> only_department;
  /// Size of the employer directory (>= 1). Offers reserved for an employer use the same one.
  std::size_t employers = 4000;
  /// Share of dossiers complete and validated by the employer.
  basis_points complete_dossiers{8500};
  /// Share of requests expired (not renewed) at the reference date.
  basis_points expired{400};
  /// Share of requests removed (radiées) during the year before the reference date.
  basis_points removed{300};
};

/// Draws `options.requests` valid applicants (each passes `validate`), with unique request
/// numbers, in a deterministic order. Throws `cotation::invalid_argument` naming the option for
/// a reference that is not a date, no employer, shares outside [0, 10 000] (expired + removed
/// included), or more than 99 999 filings in one department and month (the number's sequence).
[[nodiscard]] std::vector<applicant> generate_applicants(const population_options& options);

/// What offers to draw.
struct offer_options {
  std::uint64_t seed = 0;
  std::size_t offers = 0;
  /// First publication day. Required.
  date publication_start;
  /// Offers are spread evenly over this many consecutive days, in publication order (1 200 offers
  /// over 1 day is one day of AL'in).
  int publication_days_spread = 1;
  /// Draw every offer in this department instead of the national mix.
  std::optional<department> only_department;
  /// Size of the employer directory reserved offers draw from; use the population's.
  std::size_t employers = 4000;
  /// Share of offers reserved for an employer's staff.
  basis_points reserved{300};
  int publication_days = 7;  ///< The window of every offer (SPEC 2).
  int shortlist_size = 3;    ///< Candidates presented to the commission (SPEC 2).
};

/// Draws `options.offers` valid offers (each passes `validate(offer)`) with unique ids
/// `YYYYMMDD-DDD-NNNNNN` (publication day, department, index), sorted by publication day. Throws
/// `cotation::invalid_argument` naming the option for a start that is not a date, a spread, window
/// or shortlist below 1, no employer, or a share outside [0, 10 000].
[[nodiscard]] std::vector<offer> generate_offers(const offer_options& options);

/// Picks up to `how_many` requests of `pool` plausibly interested in `o`: requests that wish the
/// offer's department (or anywhere) and whose household has `o.rooms` ± 2 persons, visited in a
/// seeded random order. About `ineligible_share` of them are not eligible for `o` at its closing
/// date (budget, income, effort, dossier...), the others are. Short of eligible requests, the
/// list is completed with ineligible ones, and when both run out (a small department) it is
/// shorter. An offer reserved for an employer is positioned by that employer's staff (the only
/// requests that can be eligible) plus the ineligible share of others, so it may get fewer
/// candidates. Removed requests never position. The numbers are distinct, in a seeded random
/// order; the same arguments give the same list, and the offer's id is mixed into the seed, so
/// one seed serves many offers. At most ~64 × `how_many` + 4 096 requests are examined.
[[nodiscard]] std::vector<request_number> generate_positionings(
    const applicant_pool& pool, const offer& o, std::size_t how_many, std::uint64_t seed,
    basis_points ineligible_share = basis_points{1500});

/// A population and the offers published from its reference date.
struct population_and_offers {
  std::vector<applicant> applicants;
  std::vector<offer> offers;
};

/// `generate_applicants(population)` and `offers_per_day` offers a day for `days` days from the
/// reference date, in the same department restriction and employer directory, drawn from a
/// stream of the population's seed.
[[nodiscard]] population_and_offers generate_population_and_offers(
    const population_options& population, std::size_t offers_per_day = 1200, int days = 1);

/// What attribution statistics to draw (the input of the ALS balancing criterion).
struct attribution_options {
  std::uint64_t seed = 0;
  std::size_t attributions = 0;
  /// The last day of the statistics: attributions are dated in the 365 days before it, the day
  /// itself excluded. Required.
  date reference;
  /// Share of the attributions by company size (PME, ETI, GE), in basis points summing to
  /// 10 000. Default (ours): PME 38 %, ETI 25 %, GE 37 %: against the population's PME 45 %,
  /// ETI 25 %, GE 30 % of requests, PME are under-represented by more than the ALS tolerance.
  std::array<basis_points, company_size_count> shares{basis_points{3800}, basis_points{2500},
                                                      basis_points{3700}};
};

/// Attributions in a year for `requests` pending requests: Action Logement attributes about
/// 70 000 dwellings a year for 2.7 million pending requests (rounded down).
[[nodiscard]] std::size_t yearly_attributions(std::size_t requests) noexcept;

/// Draws `options.attributions` dated attributions, sorted by date (a day's attributions in
/// draw order). Deterministic like the rest of the generator. Throws `cotation::invalid_argument`
/// naming the option for a reference that is not a date or shares that do not sum to 10 000.
[[nodiscard]] std::vector<attribution_record> generate_attributions(
    const attribution_options& options);

}  // namespace cotation
