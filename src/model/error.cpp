// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>

#include <fmt/format.h>

namespace cotation {

namespace {
std::string compose(const std::string& where, const std::string& reason) {
  return where.empty() ? reason : fmt::format("{}: {}", where, reason);
}

// The rejected input is quoted with its non-printable bytes escaped: a NUL would cut `what()`
// short, and raw control or invalid UTF-8 bytes would end up in logs.
std::string quoted(std::string_view input) {
  std::string out = "\"";
  for (const char c : input) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      out += fmt::format("\\x{:02X}", static_cast<unsigned>(u));
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}
}  // namespace

error::error(std::string where, std::string reason)
    : std::runtime_error(compose(where, reason)),
      where_(std::move(where)),
      reason_(std::move(reason)) {}

error::error(std::string where, std::string reason, const std::string& what)
    : std::runtime_error(what), where_(std::move(where)), reason_(std::move(reason)) {}

grid_error::grid_error(std::string source, std::string pointer, std::string reason)
    : error(pointer, reason,
            pointer.empty() ? fmt::format("{}: {}", source, reason)
                            : fmt::format("{} at {}: {}", source, pointer, reason)),
      source_(std::move(source)) {}

invalid_request_number::invalid_request_number(std::string_view input, std::size_t position,
                                               std::string reason)
    : error(fmt::format("request number {} at character {}", quoted(input), position + 1),
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
    : data_error(
          line == 0 ? std::string(source) : fmt::format("{}:{}", source, line),
          column.empty() ? std::move(reason) : fmt::format("column \"{}\": {}", column, reason)),
      line_(line),
      column_(std::move(column)) {}

log_error::log_error(std::string_view source, std::size_t line, std::string pointer,
                     std::string reason, std::size_t applied)
    : data_error(fmt::format("{}:{}", source, line), reason,
                 pointer.empty() ? fmt::format("{}:{}: {}", source, line, reason)
                                 : fmt::format("{}:{} at {}: {}", source, line, pointer, reason)),
      line_(line),
      pointer_(std::move(pointer)),
      applied_(applied) {}

}  // namespace cotation
