// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/request_number.hpp>

namespace cotation {

namespace {
bool allowed(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

std::string show(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02X}", static_cast<unsigned>(u));
}
}  // namespace

std::optional<request_number_problem> request_number::check(std::string_view text) {
  for (std::size_t i = 0; i < text.size() && i < length; ++i) {
    if (!allowed(text[i])) {
      return request_number_problem{
          i, fmt::format("{} is not allowed (only digits 0-9 and capital letters A-Z)",
                         show(text[i]))};
    }
  }
  if (text.size() != length) {
    return request_number_problem{
        std::min(text.size(), length),
        fmt::format("a request number has {} characters, this one has {}", length, text.size())};
  }
  if (!department::try_parse(text.substr(0, 3))) {
    return request_number_problem{
        0, fmt::format("department code \"{}\" does not exist (expected 001-095, 02A, 02B, "
                       "971-974 or 976)",
                       text.substr(0, 3))};
  }
  const char m1 = text[3];
  const char m2 = text[4];
  if (m1 < '0' || m1 > '1') {
    return request_number_problem{3, fmt::format("filing month \"{}{}\" must be 01-12", m1, m2)};
  }
  const bool month_ok =
      (m1 == '0' && m2 >= '1' && m2 <= '9') || (m1 == '1' && m2 >= '0' && m2 <= '2');
  if (!month_ok) {
    return request_number_problem{4, fmt::format("filing month \"{}{}\" must be 01-12", m1, m2)};
  }
  for (std::size_t i = 5; i < 7; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return request_number_problem{
          i, fmt::format("filing year \"{}\" must be two digits", text.substr(5, 2))};
    }
  }
  return std::nullopt;
}

request_number request_number::parse(std::string_view text) {
  if (auto p = check(text)) throw invalid_request_number(text, p->position, p->reason);
  std::array<char, length> c{};
  for (std::size_t i = 0; i < length; ++i) c[i] = text[i];
  return request_number(c);
}

department request_number::department() const noexcept {
  return *department::try_parse({chars_.data(), 3});  // checked at parse time
}

int request_number::month() const noexcept { return (chars_[3] - '0') * 10 + (chars_[4] - '0'); }

}  // namespace cotation
