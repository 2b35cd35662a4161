// SPDX-License-Identifier: MIT
// Option checks shared by the generator and the simulation: a refused option throws
// `cotation::invalid_argument` naming it.
#pragma once

#include <cotation/error.hpp>
#include <cotation/money.hpp>

namespace cotation::detail {

inline void require(bool ok, const char* where, const char* why) {
  if (!ok) throw invalid_argument(where, why);
}

inline void require_share(basis_points bp, const char* where) {
  require(bp.value >= 0 && bp.value <= 10000, where, "must be a share in [0, 10 000] basis points");
}

}  // namespace cotation::detail
