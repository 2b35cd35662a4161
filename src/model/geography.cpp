// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/geography.hpp>

#include <algorithm>

namespace cotation {

namespace {

// Dense index layout: 0..18 -> 001..019, 19 -> 02A, 20 -> 02B, 21..95 -> 021..095,
// 96..100 -> 971, 972, 973, 974, 976.
constexpr std::array<int, 5> overseas = {971, 972, 973, 974, 976};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::optional<std::uint16_t> index_of(std::array<char, 3> c) noexcept {
  if (c[0] == '0' && c[1] == '2' && (c[2] == 'A' || c[2] == 'B')) {
    return static_cast<std::uint16_t>(c[2] == 'A' ? 19 : 20);
  }
  if (!is_digit(c[0]) || !is_digit(c[1]) || !is_digit(c[2])) return std::nullopt;
  const int n = (c[0] - '0') * 100 + (c[1] - '0') * 10 + (c[2] - '0');
  if (n >= 1 && n <= 19) return static_cast<std::uint16_t>(n - 1);
  if (n >= 21 && n <= 95) return static_cast<std::uint16_t>(n);
  const auto* it = std::find(overseas.begin(), overseas.end(), n);
  if (it != overseas.end()) return static_cast<std::uint16_t>(96 + (it - overseas.begin()));
  return std::nullopt;
}

constexpr std::array<char, 3> code_of(std::uint16_t i) noexcept {
  if (i == 19) return {'0', '2', 'A'};
  if (i == 20) return {'0', '2', 'B'};
  const int n = i < 19 ? i + 1 : (i <= 95 ? i : overseas[static_cast<std::size_t>(i - 96)]);
  return {static_cast<char>('0' + n / 100), static_cast<char>('0' + n / 10 % 10),
          static_cast<char>('0' + n % 10)};
}

constexpr std::array<int, 29> zone1_neighbours = {
    92012, 92024, 92040, 92044, 92046, 92049, 92051, 92062, 92064, 92073,
    92075, 93001, 93006, 93045, 93048, 93055, 93061, 93066, 93070, 94018,
    94033, 94037, 94041, 94042, 94043, 94052, 94067, 94069, 94080};

}  // namespace

std::optional<department> department::try_parse(std::string_view code) noexcept {
  std::array<char, 3> c{};
  if (code.size() == 3) {
    c = {code[0], code[1], code[2]};
  } else if (code.size() == 2) {
    c = {'0', code[0], code[1]};
  } else {
    return std::nullopt;
  }
  const auto i = index_of(c);
  if (!i) return std::nullopt;
  return department(c, *i);
}

department department::parse(std::string_view code) {
  if (auto d = try_parse(code)) return *d;
  throw invalid_argument(fmt::format("department \"{}\"", code),
                         "no such department (expected 001-095, 02A, 02B, 971-974 or 976)");
}

namespace {
/// Every department's code by dense index, worked out once (a request's wished departments
/// are rebuilt from their indexes each time it is read).
constexpr auto department_codes = [] {
  std::array<std::array<char, 3>, department::count> codes{};
  for (std::uint16_t i = 0; i < department::count; ++i) codes[i] = code_of(i);
  return codes;
}();
}  // namespace

department department::from_index(std::uint16_t i) noexcept {
  return department(department_codes[i], i);
}

bool department::in_ile_de_france() const noexcept {
  static constexpr std::array<std::uint16_t, 8> idf = {75, 77, 78, 91, 92, 93, 94, 95};
  return std::find(idf.begin(), idf.end(), index_) != idf.end();
}

namespace {
income_zone zone_from(std::array<char, 5> code, department d) noexcept {
  if (!d.in_ile_de_france()) return income_zone::zone_3;
  int n = 0;
  for (const char ch : code) n = n * 10 + (ch - '0');  // Île-de-France codes are all digits.
  if (n == 75056 || (n >= 75101 && n <= 75120)) return income_zone::zone_1;
  if (std::binary_search(zone1_neighbours.begin(), zone1_neighbours.end(), n)) {
    return income_zone::zone_1;
  }
  return income_zone::zone_2;
}
}  // namespace

std::optional<commune_code> commune_code::try_parse(std::string_view code) noexcept {
  if (code.size() != 5) return std::nullopt;
  for (std::size_t i = 0; i < 5; ++i) {
    const bool corsica_letter = i == 1 && code[0] == '2' && (code[1] == 'A' || code[1] == 'B');
    if (!is_digit(code[i]) && !corsica_letter) return std::nullopt;
  }
  const bool overseas_code = code[0] == '9' && code[1] == '7';
  const auto d = overseas_code ? department::try_parse(code.substr(0, 3))
                               : department::try_parse(code.substr(0, 2));
  if (!d) return std::nullopt;
  const std::array<char, 5> c{code[0], code[1], code[2], code[3], code[4]};
  return commune_code(c, d->index(), zone_from(c, *d));
}

commune_code commune_code::parse(std::string_view code) {
  if (auto c = try_parse(code)) return *c;
  throw invalid_argument(fmt::format("commune \"{}\"", code),
                         "not an INSEE commune code (five characters, existing department)");
}

commune_code commune_code::municipality() const noexcept {
  if (!is_digit(code_[1])) return *this;  // Corsica: no arrondissement
  int n = 0;
  for (const char ch : code_) n = n * 10 + (ch - '0');
  if (n >= 75101 && n <= 75120) return *try_parse("75056");
  if (n >= 69381 && n <= 69389) return *try_parse("69123");
  if (n >= 13201 && n <= 13216) return *try_parse("13055");
  return *this;
}

income_zone zone_of(const commune_code& commune) noexcept { return commune.zone(); }

}  // namespace cotation
