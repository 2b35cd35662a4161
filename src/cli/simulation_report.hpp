// SPDX-License-Identifier: MIT
// The simulation report: one self-contained HTML page (inline CSS and SVG, no script, no
// external resource, well-formed XML) of a simulation's weeks, written by
// `cotation report --simulation FILE` and `cotation simulate --report FILE`.
#pragma once

#include <ostream>

#include <cotation/grid.hpp>
#include <cotation/simulation.hpp>

namespace cotation::cli {

/// Writes the page: a summary with the totals, the leases signed each week stacked by company
/// size, each size's cumulative share of the leases against its ALS target, the distribution of
/// the leases' waiting times, and the weekly figures. A simulation without a lease (or without
/// a week) says so where a chart would be.
void write_simulation_report(std::ostream& out, const simulation_result& r, language lang);

}  // namespace cotation::cli
