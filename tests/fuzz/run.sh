#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang (address and undefined-behaviour sanitizers) and runs
# each for a short time from its seed corpus; fails on a crash, a leak or a sanitizer report.
# Usage: bash tests/fuzz/run.sh [seconds per fuzzer, default 20] [target...]
#   (targets: json request_number csv grid events snapshot aid_parameters ceilings simulation;
#    default: all of them, one after the other)
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
for target in "${targets[@]}"; do
  # New inputs go to a scratch directory; the committed seed corpus stays as it is.
  work="$build/corpus-$target"
  mkdir -p "$work"
  echo "fuzzing $target for ${seconds}s" >&2
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/cotation_fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
    -max_len=65536 -artifact_prefix="$build/crash-$target-" "$work" "tests/fuzz/corpus/$target"
done
