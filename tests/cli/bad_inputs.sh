#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every subcommand of the real `cotation` process with bad inputs (a folder, a named pipe,
# a device or an unreadable file where a document is expected; negative, zero, huge and
# malformed numbers; impossible dates; malformed request numbers) and fails on an exit code other
# than 2, on "internal error" or an empty message, or when a run takes more than 20 seconds.
# Usage: bash tests/cli/bad_inputs.sh COTATION_EXECUTABLE SOURCE_DIR
set -uo pipefail
exe="$1"
src="$2"
small="$src/examples/data/small.json"
sim="$src/tests/cli/data/simulation_small.json"
grid="$src/data/grids/alin-default-2026.json"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkfifo "$scratch/fifo"
printf '{}' >"$scratch/unreadable.json"
chmod 000 "$scratch/unreadable.json"
folder="$src/examples/data"
request=0591124009317RBX03
offer=LIL-2026-0001
failures=0
runs=0

# expect_2 ARGS...: the run exits 2 with a message and no "internal error", within 20 s.
expect_2() {
  runs=$((runs + 1))
  local err code
  err="$(timeout 20 "$exe" "$@" 2>&1 >/dev/null)"
  code=$?
  if [[ $code -eq 124 ]]; then
    echo "TIME-OUT (20 s): cotation $*" >&2
  elif [[ $code -ne 2 ]]; then
    echo "EXIT $code (expected 2): cotation $*"$'\n'"$err" >&2
  elif [[ "$err" == *"internal error"* || "$err" != "cotation: "* ]]; then
    echo "BAD MESSAGE: cotation $*"$'\n'"$err" >&2
  else
    return 0
  fi
  failures=$((failures + 1))
}

# Documents that are not regular readable files, wherever a document is read.
for doc in "$folder" "$scratch/fifo" /dev/null "$scratch/unreadable.json"; do
  # root reads a mode-000 file: that case is then an empty document, still a clear error.
  expect_2 rank "$doc"
  expect_2 explain "$doc" --offer "$offer" --request "$request"
  expect_2 eligible "$doc"
  expect_2 aids "$doc" --request "$request" --offer "$offer" --date 2026-03-01 --rent 500
  expect_2 report "$doc" --offer "$offer"
  expect_2 report --simulation "$doc"
  expect_2 rank "$small" --grid "$doc"
  expect_2 simulate --data "$doc" --weeks 1
  expect_2 simulate --grid "$doc" --requests 100 --weeks 1
  expect_2 chances "$doc" --request "$request" --date 2026-03-01
  expect_2 thresholds "$doc" --date 2026-03-01
  expect_2 verify "$doc"
  expect_2 rank "$small" --requests "$doc"
  expect_2 rank "$small" --positionings "$doc"
  expect_2 rank "$small" --ceilings "$doc"
  expect_2 journal verify "$doc"
  expect_2 journal export "$doc"
  expect_2 journal import "$doc" -o "$scratch/imported.sqlite"
  expect_2 impact "$doc" --grid "$grid"
  expect_2 impact "$small" --grid "$doc"
  expect_2 impact "$small" --grid "$grid" --current "$doc"
  expect_2 impact "$small" --grid "$grid" --requests "$doc"
  expect_2 fairness "$doc"
  expect_2 fairness --simulation "$doc"
  expect_2 fairness "$small" --grid "$doc"
  expect_2 fairness "$small" --positionings "$doc"
done

# Whole-number options: negative, zero where it means nothing, beyond the limit, beyond 64 bits,
# not a decimal number. Each option is given once (CLI11 refuses a repeated one, which would pass
# for the wrong reason); the others keep small values so that a wrong acceptance ends quickly.
for value in -5 -0 99999999999 18446744073709551616 abc 1e3 0x10 "" " 5"; do
  for option in --requests --offers --candidates --attributions --days --seed; do
    [[ "$option" == --seed && "$value" == 99999999999 ]] && continue  # a valid 64-bit seed
    args=(--requests 10 --offers 1)
    [[ "$option" == --requests ]] && args=(--offers 1)
    [[ "$option" == --offers ]] && args=(--requests 10)
    expect_2 generate "${args[@]}" "$option" "$value" -o "$scratch/g.json"
  done
  for option in --requests --weeks --offers-per-week --candidates --attributions --seed; do
    [[ "$option" == --seed && "$value" == 99999999999 ]] && continue
    args=(--requests 100 --weeks 1)
    [[ "$option" == --requests ]] && args=(--weeks 1)
    [[ "$option" == --weeks ]] && args=(--requests 100)
    expect_2 simulate "${args[@]}" "$option" "$value"
  done
done
for value in -5 257 18446744073709551616 abc ""; do
  expect_2 verify "$small" --threads "$value"
  expect_2 impact "$small" --grid "$grid" --threads "$value"
done
for value in -5 100001 18446744073709551616 abc "" " 5"; do
  expect_2 impact "$small" --grid "$grid" --most "$value"
done
# --margin: percentage points from 0 to 100 with at most two decimals.
for value in -5 100.01 101 99999999999999999999 abc "" " 5" 5. .5 1e1 2.555 5,5 0x10; do
  expect_2 fairness "$small" --margin "$value"
done
expect_2 generate --requests 0
expect_2 generate --days 0
expect_2 generate --days 367
expect_2 generate --offers 1000000 --candidates 100000
expect_2 simulate --requests 0 --weeks 1
expect_2 simulate --weeks 0 --requests 100
expect_2 simulate --weeks 521 --requests 100
expect_2 simulate --candidates 0 --requests 100 --weeks 1
for option in --rent --housing-benefit --deposit --mobility-costs; do
  for value in -5 99999999999999 abc 1e3; do
    rent=(--rent 500)
    [[ "$option" == --rent ]] && rent=()
    expect_2 aids "$small" --request "$request" --offer "$offer" --date 2026-03-01 "${rent[@]}" \
      "$option" "$value"
  done
done

# Request numbers that do not follow SPEC 1, on every command that takes one.
for number in 059 0591324009317RBX03 0591124009317rbx03 "$request "; do
  expect_2 explain "$small" --offer "$offer" --request "$number"
  expect_2 eligible "$small" --request "$number"
  expect_2 aids "$small" --request "$number" --offer "$offer" --date 2026-03-01 --rent 500
  expect_2 chances "$small" --request "$number" --date 2026-03-01
done

# Dates that do not exist or cannot be.
expect_2 rank "$small" --date 2026-02-30
expect_2 rank "$small" --date 99999-01-01
expect_2 generate --date 1400-01-01 --requests 10
expect_2 simulate --start 2026-13-01 --requests 100
expect_2 chances "$small" --request "$request" --date 2026-02-30
expect_2 chances "$small" --request "$request" --date 2026-03-01 --since 2026-03-02
expect_2 thresholds "$small" --date 2026-00-10
expect_2 impact "$small" --grid "$grid" --offers closed --date 2026-02-30
expect_2 impact "$small" --grid "$grid" --offers open
expect_2 fairness "$small" --date 2026-02-30
expect_2 fairness "$small" --date 99999-01-01
for f in "$src"/tests/cli/data/impossible_*.json; do
  [[ -e "$f" ]] || continue
  expect_2 rank "$f"
  expect_2 eligible "$f"
done

# Inputs that exclude each other, or none.
expect_2 fairness
expect_2 fairness "$small" --simulation "$sim"
expect_2 fairness --simulation "$sim" --grid "$grid"
expect_2 fairness --simulation "$small"

# Output files that cannot be written.
mkdir "$scratch/a-folder"
expect_2 generate --requests 10 -o "$scratch/a-folder"
expect_2 generate --requests 10 -o "$scratch/no-such-folder/g.json"
expect_2 report "$small" --offer "$offer" -o "$scratch/no-such-folder/r.html"
expect_2 impact "$small" --grid "$grid" -o "$scratch/no-such-folder/i.html"
expect_2 impact "$small" --grid "$grid" -o "$scratch/a-folder"
expect_2 fairness "$small" -o "$scratch/no-such-folder/f.html"
expect_2 fairness "$small" -o "$scratch/a-folder"
expect_2 fairness --simulation "$sim" -o "$scratch/a-folder"
expect_2 simulate --requests 100 --weeks 1 --document "$scratch/none/d.json"
expect_2 explain "$small" --offer "$offer" --request "$request" --legal -o "$scratch/none/l.html"

if [[ $failures -ne 0 ]]; then
  echo "$failures of $runs bad inputs were not refused cleanly" >&2
  exit 1
fi
echo "$runs bad inputs refused with exit code 2 and a message"
