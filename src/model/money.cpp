// SPDX-License-Identifier: MIT
#include <cotation/money.hpp>

#include <cstdlib>

namespace cotation {

namespace {
std::string group_thousands(std::int64_t v) {
  std::string digits = fmt::format("{}", v);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0 && (n - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}
}  // namespace

std::string to_string(money m) {
  const std::int64_t c = m.in_cents();
  const std::uint64_t a =
      c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  const auto euros = static_cast<std::int64_t>(a / 100);
  const auto cents = static_cast<int>(a % 100);
  std::string s = c < 0 ? "-" : "";
  s += group_thousands(euros);
  if (cents != 0) s += fmt::format(",{:02}", cents);
  s += " €";
  return s;
}

std::string to_string(basis_points bp) {
  const std::int64_t v = bp.value;
  const std::int64_t a = std::llabs(v);
  std::string s = v < 0 ? "-" : "";
  s += fmt::format("{}", a / 100);
  if (a % 100 != 0) s += fmt::format(",{:02}", a % 100);
  s += " %";
  return s;
}

}  // namespace cotation
