// SPDX-License-Identifier: MIT
// Loads a data set (requests and offers) and prints, for every offer, who is eligible and,
// for everyone else, every condition they fail and the numbers that decided it.
//
//   cotation_eligibility_example [data_set.json]    (default: the bundled examples/data/small.json)
#include <cotation/cotation.hpp>

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#ifndef COTATION_EXAMPLES_DATA
#define COTATION_EXAMPLES_DATA "examples/data"
#endif

int main(int argc, char** argv) {
  using namespace cotation;
  const std::string path = argc > 1 ? argv[1] : COTATION_EXAMPLES_DATA "/small.json";
  try {
    const data_set data = read_data_set_file(path);
    const applicant_pool pool(data.applicants);
    fmt::print("{} requests, {} offers ({})\n", data.applicants.size(), data.offers.size(), path);
    for (const offer& o : data.offers) {
      const date at = o.closing_date();
      fmt::print("\n== Offer {}: T{} in {} ({}, {}), {} rent + charges, {}; closes {}\n", o.id,
                 o.rooms, o.commune, o.department(), o.zone(), o.total_rent(), o.financing, at);
      fmt::print("   {} eligible request(s) in the pool\n", pool.count_eligible(o, at));
      for (const applicant& a : data.applicants) {
        const eligibility_result r = check_eligibility(a, o, at);
        if (r.eligible()) {
          fmt::print("   [eligible]     {} ({}, {} person(s))\n", a.number,
                     category_of(a.household, at), a.household.persons());
          continue;
        }
        fmt::print("   [not eligible] {}\n", a.number);
        for (const eligibility_failure& f : r.failures) fmt::print("                  - {}\n", f);
      }
    }
  } catch (const error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
