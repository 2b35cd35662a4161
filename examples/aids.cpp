// SPDX-License-Identifier: MIT
// The four Action Logement aids (Visale, Loca-Pass, Mobili-Jeune, Mobili-Pass) for three
// applicants of the bundled data set, each moving into one of its offers: what a service shows
// next to an attribution. Every result is a grant with its amounts, or every failed condition
// with the numbers that decided it; the rules are read on the day the aids are asked for.
//
//   cotation_aids_example [data_set.json]    (default: the bundled examples/data/small.json)
#include <fmt/format.h>

#include <algorithm>
#include <cotation/cotation.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#ifndef COTATION_EXAMPLES_DATA
#define COTATION_EXAMPLES_DATA "examples/data"
#endif

namespace {

using namespace cotation;

// What the applicant model does not say and the aids need: the dwelling's housing benefit and
// deposit, the move-in date, the day the aids are asked for, the ABC zone (Mobili-Pass).
struct move {
  std::string_view request;
  std::string_view offer;
  int housing_benefit_euros;
  date move_in;
  date asked_on;
  abc_zone zone;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : COTATION_EXAMPLES_DATA "/small.json";
  const move moves[] = {
      // A 20-year-old apprentice takes a T1 in Lyon and asks two days after moving in.
      {"069102502290HLYO07", "LYO-2026-0007", 150, date(2026, 4, 20), date(2026, 4, 22),
       abc_zone::a},
      // A 32-year-old on a trial period since October 2025: a new job, under 6 months old.
      {"075112507710PPAR19", "PAR-2026-0014", 0, date(2026, 3, 23), date(2026, 3, 25),
       abc_zone::a_bis},
      // A 63-year-old on a CDI since 2001 who asks three months after moving in.
      {"075042503318MPAR15", "PAR-2026-0014", 0, date(2026, 3, 23), date(2026, 6, 24),
       abc_zone::a_bis},
  };
  try {
    const data_set data = read_data_set_file(path);
    for (const move& m : moves) {
      const auto a = std::find_if(data.applicants.begin(), data.applicants.end(),
                                  [&](const applicant& x) { return x.number.str() == m.request; });
      const auto o = std::find_if(data.offers.begin(), data.offers.end(),
                                  [&](const offer& x) { return x.id.value == m.offer; });
      if (a == data.applicants.end() || o == data.offers.end()) {
        fmt::print(stderr, "error: {}: no request {} or no offer {}\n", path, m.request, m.offer);
        return 2;
      }
      aid_request r;
      r.request_date = m.asked_on;
      r.dwelling.rent_and_charges = o->total_rent();
      r.dwelling.housing_benefit = money::euros(m.housing_benefit_euros);
      r.dwelling.location = o->commune;  // its department decides Visale's rent cap
      r.dwelling.abc_zone = m.zone;
      r.dwelling.deposit = o->rent;  // one month of rent without charges (unfurnished)
      r.dwelling.move_in = m.move_in;

      // Throws `invalid_argument` for an inconsistent request; otherwise every outcome,
      // eligible or not, is a value.
      const aids_result result = compute_aids(*a, r);
      fmt::print("== {} ({}, born {}) moving into {} ({} rent + charges) on {}, asks on {}\n",
                 a->number, a->employment.contract, a->household.members.front().birth_date, o->id,
                 o->total_rent(), m.move_in, m.asked_on);
      fmt::print("{}\n", result);
      // The Loca-Pass schedule, instalment by instalment, as a repayment plan to print or store.
      if (const loca_pass_grant* g = result.loca_pass.grant()) {
        const std::vector<instalment> plan = g->repayment.instalments();
        fmt::print("   first instalments:");
        for (std::size_t k = 0; k < std::min<std::size_t>(3, plan.size()); ++k) {
          fmt::print(" {} {};", plan[k].month, plan[k].amount);
        }
        fmt::print(" ... total {}\n", g->repayment.total());
      }
      fmt::print("\n");
    }
  } catch (const error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
