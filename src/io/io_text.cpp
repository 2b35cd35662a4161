// SPDX-License-Identifier: MIT
#include "io/io_text.hpp"

#include <algorithm>
#include <vector>

namespace cotation::detail {

amount_parse parse_euros(std::string_view text, std::string_view decimal_marks) {
  amount_parse r;
  const auto malformed = [&](std::string why) {
    r.outcome = amount_parse::status::malformed;
    r.problem = std::move(why);
    return r;
  };
  std::size_t i = 0;
  const bool minus = !text.empty() && text[0] == '-';
  if (minus) ++i;
  constexpr std::size_t max_euro_digits = 12;
  std::int64_t euros = 0;
  std::size_t euro_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (++euro_digits > max_euro_digits) return malformed("more than 12 digits of euros");
    euros = euros * 10 + (text[i] - '0');
  }
  if (euro_digits == 0) return malformed("expected digits of euros");
  std::int64_t cents = 0;
  if (i < text.size() && decimal_marks.find(text[i]) != std::string_view::npos) {
    ++i;
    std::size_t decimals = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (++decimals > 2) return malformed("more than two decimals (amounts are euros and cents)");
      cents = cents * 10 + (text[i] - '0');
    }
    if (decimals == 0) return malformed("expected digits after the decimal mark");
    if (decimals == 1) cents *= 10;
  }
  if (i < text.size()) {
    if (text[i] == 'e' || text[i] == 'E') {
      return malformed("an exponent is not allowed (write plain euros, e.g. 1234.50)");
    }
    return malformed(fmt::format("unexpected character '{}'", text[i]));
  }
  r.value = money::cents(euros * 100 + cents);
  r.outcome =
      minus && r.value != money{} ? amount_parse::status::negative : amount_parse::status::ok;
  return r;
}

std::string format_euros(money m) {
  const std::int64_t c = m.in_cents();
  // The magnitude in unsigned arithmetic: -0.50 is "-0.50", not "0.-50", and INT64_MIN cents
  // does not overflow.
  const std::uint64_t a = c < 0 ? 0 - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
  const std::string_view sign = c < 0 ? "-" : "";
  if (a % 100 == 0) return fmt::format("{}{}", sign, a / 100);
  return fmt::format("{}{}.{:02}", sign, a / 100, a % 100);
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::optional<std::string_view> closest(std::string_view name,
                                        std::span<const std::string_view> candidates) {
  if (name.size() > 64) return std::nullopt;  // not a typo of a field name
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (const std::string_view c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace cotation::detail
