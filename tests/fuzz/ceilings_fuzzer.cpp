// SPDX-License-Identifier: MIT
// libFuzzer target: the ceiling tables. Any input either throws `cotation::error` (a
// `data_error` naming `file:line`) or loads into a table that answers lookups for every
// financing, zone and household category without failing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <cotation/ceilings.hpp>
#include <cotation/error.hpp>
#include <cotation/household.hpp>
#include <cotation/offer.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cotation::ceiling_table table;
  try {
    table.load(text, "fuzz");
  } catch (const cotation::error&) {
    return 0;
  }
  // Every cell of every loaded year answers (a money amount or `no_ceiling`), PLS included, up
  // to 1 000 additional persons (the amounts are at most 10^9: no overflow).
  for (const int year : table.years()) {
    for (const auto f : {cotation::financing::plai, cotation::financing::plus,
                         cotation::financing::pls, cotation::financing::pli}) {
      for (const auto zone : {cotation::income_zone::zone_1, cotation::income_zone::zone_2,
                              cotation::income_zone::zone_3}) {
        for (int category = 1; category <= 6; ++category) {
          const int extra = category == 6 ? 1000 : 0;
          (void)table.lookup(f, year, zone, cotation::household_category{category, extra});
        }
      }
    }
  }
  // Reloaded over itself, the table is the same (each row replaced).
  cotation::ceiling_table again = table;
  again.load(text, "again");
  if (!(again == table)) std::abort();
  return 0;
}
