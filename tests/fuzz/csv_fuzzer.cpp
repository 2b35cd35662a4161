// SPDX-License-Identifier: MIT
// libFuzzer target: the CSV pool reader. Any input either throws `cotation::error` (a `csv_error`
// naming the line and column) or reads into applicants that each pass `validate`, with distinct
// request numbers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>
#include <vector>

#include <cotation/csv.hpp>
#include <cotation/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<cotation::applicant> pool;
  try {
    pool = cotation::read_applicants_csv(text, "fuzz");
  } catch (const cotation::error&) {
    return 0;  // refused, as documented
  }
  std::set<std::string_view> numbers;
  for (const cotation::applicant& a : pool) {
    try {
      cotation::validate(a);
    } catch (const cotation::error&) {
      std::abort();  // the reader let an invalid applicant through
    }
    if (!numbers.insert(a.number.str()).second) std::abort();
  }
  return 0;
}
