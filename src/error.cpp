// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>

#include <fmt/format.h>

namespace cotation {

namespace {
std::string compose(const std::string& where, const std::string& reason) {
  return where.empty() ? reason : fmt::format("{}: {}", where, reason);
}
}  // namespace

error::error(std::string where, std::string reason)
    : std::runtime_error(compose(where, reason)),
      where_(std::move(where)),
      reason_(std::move(reason)) {}

invalid_request_number::invalid_request_number(std::string_view input, std::size_t position,
                                               std::string reason)
    : error(fmt::format("request number \"{}\" at character {}", input, position + 1),
            std::move(reason)),
      position_(position) {}

document_error::document_error(std::string source, std::string pointer, std::string reason,
                               std::optional<text_position> position)
    : error(std::move(pointer), std::move(reason)),
      source_(std::move(source)),
      position_(position),
      message_(where().empty() ? fmt::format("{}: {}", source_, this->reason())
                               : fmt::format("{} at {}: {}", source_, where(), this->reason())) {}

csv_error::csv_error(std::string_view source, std::size_t line, std::string column,
                     std::string reason)
    : data_error(line == 0 ? std::string(source) : fmt::format("{}:{}", source, line),
                 column.empty() ? std::move(reason)
                                : fmt::format("column \"{}\": {}", column, reason)),
      line_(line),
      column_(std::move(column)) {}

}  // namespace cotation
