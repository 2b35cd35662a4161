#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang (address and undefined-behaviour sanitizers) and runs
# each for a short time from its seed corpus; fails on a crash, a leak or a sanitizer report.
# Usage: bash tests/fuzz/run.sh [seconds per fuzzer, default 20] [target...]
#   (targets: json request_number csv grid events snapshot aid_parameters ceilings simulation;
#    default: all of them, one per core at a time: COTATION_FUZZ_JOBS to change;
#    COTATION_FUZZ_RUNS=N also stops each target after N executions, for the long runs;
#    COTATION_FUZZ_MAX_LEN=BYTES bounds the inputs, default 65536)
# Installs the missing Debian packages first (clang and its libFuzzer runtime).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(json request_number csv grid events snapshot aid_parameters ceilings simulation)
fi
bash cmake/install-deps.sh fuzz
build=build/fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ \
  "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" \
  -DCOTATION_BUILD_FUZZERS=ON -DCOTATION_BUILD_TESTS=OFF -DCOTATION_BUILD_EXAMPLES=OFF \
  -DCOTATION_BUILD_CLI=OFF -DCOTATION_INSTALL=OFF >/dev/null
cmake --build "$build" --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
  --target "${targets[@]/#/cotation_fuzz_}"
# One fuzzer per core at a time (each is single-threaded): the same time per target, a fraction
# of the wall time. Each run's output goes to its own log, printed when it fails.
jobs="${COTATION_FUZZ_JOBS:-$(nproc)}"
runs="${COTATION_FUZZ_RUNS:-}"
max_len="${COTATION_FUZZ_MAX_LEN:-65536}"
run_one() {
  local target="$1"
  # New inputs go to a scratch directory; the committed seed corpus stays as it is.
  local work="$build/corpus-$target"
  mkdir -p "$work"
  echo "fuzzing $target for ${seconds}s" >&2
  if UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/cotation_fuzz_$target" -max_total_time="$seconds" ${runs:+-runs="$runs"} \
    -print_final_stats=1 \
    -max_len="$max_len" -artifact_prefix="$build/crash-$target-" "$work" "tests/fuzz/corpus/$target" \
    >"$build/fuzz-$target.log" 2>&1; then
    echo "fuzzed $target: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' \
      "$build/fuzz-$target.log" | grep -o '[0-9]*$') executions, no finding" >&2
  else
    echo "FUZZER $target FAILED; its log ($build/fuzz-$target.log):" >&2
    cat "$build/fuzz-$target.log" >&2
    return 1
  fi
}
failed=0
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
