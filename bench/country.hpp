// SPDX-License-Identifier: MIT
// The national fixture shared by the benchmarks: 2.7 million requests and a day of 1 200 offers
// with about 100 positioned requests each, generated once per run (seeded, so every benchmark
// reads the same country).
#pragma once

#include <cotation/generator.hpp>
#include <cotation/ranking.hpp>

#include <memory>
#include <vector>

namespace cotation::bench {

/// The day the offers are published.
inline const date country_day(2026, 3, 2);

struct country {
  std::vector<applicant> applicants;
  std::unique_ptr<applicant_pool> pool;
  std::vector<offer> offers;
  std::vector<std::vector<request_number>> positioned;
  std::vector<offer_positionings> batch;

  country() {
    auto generated = generate_population_and_offers(
        {.seed = 2026, .requests = 2'700'000, .reference = country_day}, 1200, 1);
    applicants = std::move(generated.applicants);
    offers = std::move(generated.offers);
    pool = std::make_unique<applicant_pool>(applicants);
    for (std::size_t k = 0; k < offers.size(); ++k) {
      positioned.push_back(generate_positionings(*pool, offers[k], 100, 100 + k));
    }
    for (std::size_t k = 0; k < offers.size(); ++k) batch.push_back({&offers[k], positioned[k]});
  }

  /// The one country of the run, built on first use.
  static country& get() {
    static country c;
    return c;
  }
};

}  // namespace cotation::bench
