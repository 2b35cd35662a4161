// SPDX-License-Identifier: MIT
// The `cotation` command-line tool as a function, so that tests run it in-process.
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace cotation::cli {

/// What the tool may know about where it runs.
struct environment {
  /// Show progress bars on `err` (only when it is a terminal; never in tests).
  bool progress = false;
};

/// Exit codes of the tool.
enum exit_code : int {
  success = 0,
  internal_failure = 1,  ///< A bug or an unexpected system error.
  bad_input = 2,         ///< A bad command line, document, grid, offer id or request number.
  findings_reported = 3,  ///< A check found differences (`verify`) or flagged groups.
};

/// Runs `cotation <args...>` (`args` excludes the program name): writes the result to `out` and
/// errors to `err`, returns the exit code.
[[nodiscard]] int run(std::span<const std::string> args, std::ostream& out, std::ostream& err,
                      const environment& env = {});

}  // namespace cotation::cli
