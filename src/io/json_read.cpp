// SPDX-License-Identifier: MIT
#include "io/json_read.hpp"

#include <charconv>
#include <cstdint>

namespace cotation::detail {

std::string read_string(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  return v.text;
}

bool read_bool(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::boolean);
  return v.flag;
}

int read_int(const reader& r, const jvalue& v, int min, int max) {
  r.expect(v, jvalue::kind::number);
  std::int64_t n = 0;
  const char* b = v.text.data();
  const char* e = b + v.text.size();
  const auto [p, ec] = std::from_chars(b, e, n);
  if (v.text.find_first_of(".eE") != std::string::npos) {
    r.fail(fmt::format("expected an integer, got {}", v.text));
  }
  if (ec != std::errc{} || p != e || n < min || n > max) {
    r.fail(fmt::format("{} is out of range ({} to {})", v.text, min, max));
  }
  return static_cast<int>(n);
}

money read_money(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::number);
  const auto parsed = detail::parse_euros(v.text, ".");
  switch (parsed.outcome) {
    case detail::amount_parse::status::ok:
      return parsed.value;
    case detail::amount_parse::status::negative:
      r.fail(
          fmt::format("must not be negative (got -{} euros)", detail::format_euros(parsed.value)));
    case detail::amount_parse::status::malformed:
      break;
  }
  r.fail(fmt::format("{} is not an amount of euros: {}", v.text, parsed.problem));
}

date read_date(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  try {
    return parse_iso_date(v.text, "");
  } catch (const invalid_argument& e) {
    r.fail(e.reason());
  }
}

request_number read_request_number(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto problem = request_number::check(v.text)) {
    r.fail(fmt::format("\"{}\" is not a request number: at character {}: {}", v.text,
                       problem->position + 1, problem->reason));
  }
  return request_number::parse(v.text);
}

department read_department(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto d = department::try_parse(v.text)) return *d;
  r.fail(fmt::format("\"{}\" is not a department (expected 001-095, 02A, 02B, 971-974 or 976)",
                     v.text));
}

commune_code read_commune(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto c = commune_code::try_parse(v.text)) return *c;
  r.fail(fmt::format("\"{}\" is not an INSEE commune code (five characters, existing department)",
                     v.text));
}

}  // namespace cotation::detail
