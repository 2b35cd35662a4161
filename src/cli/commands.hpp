// SPDX-License-Identifier: MIT
// The subcommands of `cotation`. Each `add_*` declares its options on a CLI11 subcommand and
// returns what to run when that subcommand is chosen.
#pragma once

#include <functional>
#include <string>

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

/// Options several subcommands share.
namespace options {
/// The data set document, a positional argument (required unless `required` is false).
void data(CLI::App& app, std::string& path, bool required = true);
/// `--grid FILE`.
void grid(CLI::App& app, std::string& path);
/// `--date YYYY-MM-DD`, with `what` saying what it overrides.
void date(CLI::App& app, std::string& text, const std::string& what);
/// `--format table|json`.
void format(CLI::App& app, std::string& value);
/// `--lang fr|en`, defaulting to `fallback`.
void lang(CLI::App& app, std::string& value, const std::string& fallback);
}  // namespace options

}  // namespace cotation::cli
