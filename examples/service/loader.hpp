// SPDX-License-Identifier: MIT
// Loading a data set document into a fresh platform: the requests are filed, then each offer
// is published on its publication start (in date order) with its positionings on that day, and
// the attributions are recorded — all through the platform's events, so that they are
// journalled like any other, in group commit (`platform::bulk_load`): a load is one bulk step
// that either finishes (then a snapshot is written and synchronous commit resumes) or leaves the
// folder marked unfinished.
#pragma once

#include <cotation/data_set.hpp>
#include <cstddef>
#include <string_view>

namespace cotation::service {

class platform;

struct load_summary {
  std::size_t requests = 0;
  std::size_t skipped = 0;  ///< Expired or removed on the load date: not filed.
  std::size_t offers = 0;
  std::size_t positionings = 0;
};

/// Loads `d` (named `source` in messages and in the folder's load mark) into the fresh platform
/// `p` with `platform::bulk_load`. Requests no longer valid on the load date are skipped
/// (counted). Throws `cotation::error` when the platform is not fresh, and
/// `cotation::invalid_argument` naming the first other item the engine refuses (and why); what
/// was applied before it stays in the journal, and the folder is refused at the next start.
load_summary load_data_set(platform& p, const data_set& d, std::string_view source);

}  // namespace cotation::service
