// SPDX-License-Identifier: MIT
// The subcommands of `cotation`. Each `add_*` declares its options on a CLI11 subcommand and
// returns what to run when that subcommand is chosen.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace cotation::cli {

/// A declared subcommand and its action (run after a successful parse).
struct command {
  CLI::App* app = nullptr;
  std::function<void(const context&)> run;
};

[[nodiscard]] command add_rank(CLI::App& parent);
[[nodiscard]] command add_explain(CLI::App& parent);
[[nodiscard]] command add_eligible(CLI::App& parent);
[[nodiscard]] command add_aids(CLI::App& parent);
[[nodiscard]] command add_generate(CLI::App& parent);
[[nodiscard]] command add_report(CLI::App& parent);
[[nodiscard]] command add_simulate(CLI::App& parent);
[[nodiscard]] command add_chances(CLI::App& parent);
[[nodiscard]] command add_thresholds(CLI::App& parent);
[[nodiscard]] command add_verify(CLI::App& parent);
[[nodiscard]] command add_journal(CLI::App& parent);
[[nodiscard]] command add_impact(CLI::App& parent);
[[nodiscard]] command add_fairness(CLI::App& parent);

/// Options several subcommands share.
namespace options {
/// The data set document, a positional argument (required unless `required` is false).
void data(CLI::App& app, std::string& path, bool required = true);
/// The data set document (as `data`), `--positionings FILE` and `--ceilings FILE...`.
void inputs(CLI::App& app, data_inputs& in, bool required = true);
/// `--ceilings FILE...` (repeatable).
void ceilings(CLI::App& app, std::vector<std::string>& paths);
/// `--grid FILE`.
void grid(CLI::App& app, std::string& path);
/// `--date YYYY-MM-DD`, with `what` saying what it overrides.
void date(CLI::App& app, std::string& text, const std::string& what);
/// `--format table|json`.
void format(CLI::App& app, std::string& value);
/// `--lang fr|en`, defaulting to `fallback`.
void lang(CLI::App& app, std::string& value, const std::string& fallback);

/// The values a whole-number option accepts, and why none above `max` is.
struct whole_range {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  /// Said after the limit: `"the most this tool can hold in memory"`.
  std::string_view why_max;
};
/// Checks `opt`'s text before CLI11 converts it: decimal digits only, within `range` (CLI11 2.1
/// would read `-5` into an unsigned as 2^64 - 5). The message names the option, the value and
/// the limit: `--requests: 99999999999 is more than 10 000 000, the most ...`. Returns `opt`.
CLI::Option* whole(CLI::Option* opt, const whole_range& range);
}  // namespace options

/// The ranges of the numeric options of `generate`, `simulate` and `verify`. The upper limits keep
/// a run within the memory of an ordinary machine (a generated request takes about 1 KB while it is
/// drawn and written) and say so; docs/reliability.md lists them.
namespace limits {
inline constexpr options::whole_range seed{0, UINT64_MAX, "the largest 64-bit seed"};
inline constexpr options::whole_range requests{
    1, 10'000'000, "the most this tool draws (France has about 2.7 million requests)"};
inline constexpr options::whole_range offers{
    0, 1'000'000, "the most this tool draws (AL'in publishes about 70 000 a year)"};
inline constexpr options::whole_range candidates{
    0, 100'000, "the most this tool positions on one offer (AL'in sees about 100)"};
inline constexpr options::whole_range attributions{
    0, 10'000'000, "the most this tool draws (France makes about 420 000 a year)"};
inline constexpr options::whole_range days{1, 366, "a year"};
inline constexpr options::whole_range weeks{1, 520, "ten years"};
inline constexpr options::whole_range offers_per_week{
    0, 100'000, "the most this tool publishes in a week (0: scaled to the population)"};
inline constexpr options::whole_range threads{
    0, 256, "more threads than any machine this tool runs on has cores (0: the machine's)"};
inline constexpr options::whole_range simulated_candidates{
    1, 100'000, "the most this tool positions on one offer (AL'in sees about 100)"};
/// The most positionings a generated data set holds (`--offers` times `--candidates`).
inline constexpr std::uint64_t max_positionings = 20'000'000;
/// Throws `input_error` when `offers` times `candidates` is more than `max_positionings`.
void check_positionings(std::uint64_t offers, std::uint64_t candidates);
}  // namespace limits

}  // namespace cotation::cli
