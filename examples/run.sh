#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job, the demo: builds the `cotation` tool (release preset), generates a
# department-size population (Hauts-de-Seine: 116 000 requests and a year of attributions), runs
# eight weeks of the allocation cycle over it (offers published on working days, positionings,
# closings and rankings, commissions with refusals, answers, leases, renewals, abandonments),
# prints the weekly summary and writes the HTML report. Installs missing Debian packages first.
#
#   bash examples/run.sh [more `cotation simulate` options, e.g. --weeks 12 --seed 7]
#
# Outputs in build/demo/ (or $COTATION_DEMO_DIR): simulation.json (the simulation document) and
# report.html (self-contained: open it in any browser, no network needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
cmake --preset release >/dev/null
cmake --build --preset release --target cotation_cli
cotation=build/release/src/cli/cotation
out="${COTATION_DEMO_DIR:-build/demo}"
mkdir -p "$out"
echo "Simulating eight weeks of Hauts-de-Seine (116 000 requests)..."
"$cotation" simulate --department 092 --requests 116000 --weeks 8 --seed 1 \
  --document "$out/simulation.json" "$@"
"$cotation" report --simulation "$out/simulation.json" -o "$out/report.html"
echo
echo "Simulation document: $out/simulation.json"
echo "HTML report:         $out/report.html"
