// SPDX-License-Identifier: MIT
// `cotation`: scores and ranks applicants for social housing. See `cotation --help`.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  cotation::cli::environment env;
  const char* term = std::getenv("TERM");
  env.progress = isatty(STDERR_FILENO) == 1 && (term == nullptr || std::string(term) != "dumb");
  const int code = cotation::cli::run(args, std::cout, std::cerr, env);
  std::cout.flush();
  return std::cout ? code : cotation::cli::internal_failure;
}
