// SPDX-License-Identifier: MIT
// Option checks shared by the generator and the simulation: a refused option throws
// `cotation::invalid_argument` naming it.
#pragma once

#include <cotation/error.hpp>
#include <cotation/calendar.hpp>
#include <cotation/money.hpp>

namespace cotation::detail {

inline void require(bool ok, const char* where, const char* why) {
  if (!ok) throw invalid_argument(where, why);
}

/// A date the generator and the simulation can draw around: births and filings reach about a
/// century before it, events a few years after, and Boost's dates end at 1400 and 9999.
inline void require_drawable_date(date d, const char* where) {
  require(!d.is_special(), where, "is not a date");
  require(d.year() >= 1900 && d.year() <= 9000, where,
          "must be between 1900 and 9000 (draws reach a century around it)");
}

inline void require_share(basis_points bp, const char* where) {
  require(bp.value >= 0 && bp.value <= 10000, where, "must be a share in [0, 10 000] basis points");
}

}  // namespace cotation::detail
