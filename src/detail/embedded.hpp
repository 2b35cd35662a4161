// SPDX-License-Identifier: MIT
// Data files compiled into the library by cmake/embed.cmake.
#pragma once

#include <cstddef>
#include <string_view>

namespace cotation::detail {

struct embedded_file {
  std::string_view name;  ///< Base name of the source file (e.g. "2025.txt").
  std::string_view text;
};

extern const embedded_file embedded_ceiling_files[];
extern const std::size_t embedded_ceiling_files_count;

extern const embedded_file embedded_aid_files[];
extern const std::size_t embedded_aid_files_count;

}  // namespace cotation::detail
