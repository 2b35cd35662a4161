// SPDX-License-Identifier: MIT
// The loaders' access to the pool: adding a request that `validate` accepted already.
#pragma once

#include <cotation/pool.hpp>

namespace cotation::detail {

/// For a loader that validates each request itself before handing it over (the CSV loader
/// validates every row on its parsing thread): `add` without validating again, on the thread
/// that builds the pool. Everything else `add` checks (a number given twice, a household of
/// more than 255 persons) is still checked, and throws as `add` does.
struct pool_loader {
  static pool_index add_validated(applicant_pool& pool, const applicant& a) {
    return pool.add_request(a, false);
  }
};

}  // namespace cotation::detail
