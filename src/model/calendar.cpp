// SPDX-License-Identifier: MIT
#include <cotation/calendar.hpp>
#include <cotation/error.hpp>

#include <charconv>

namespace cotation {

int completed_years(date birth, date at) noexcept {
  // One calendar conversion per date: year(), month() and day() each convert again.
  const auto b = birth.year_month_day();
  const auto a = at.year_month_day();
  int years = a.year - b.year;
  const int bm = b.month;
  const int am = a.month;
  const bool before_birthday =
      am < bm || (am == bm && a.day < b.day &&
                  // born 29 Feb: in a common year the birthday is 28 Feb
                  !(bm == 2 && b.day == 29 && a.day == 28 &&
                    !boost::gregorian::gregorian_calendar::is_leap_year(a.year)));
  if (before_birthday) --years;
  return years;
}

date add_months(date d, int n) {
  const auto ymd = d.year_month_day();
  const int total = ymd.year * 12 + (ymd.month - 1) + n;
  const int y = total / 12;
  const int m = total % 12 + 1;
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(y), static_cast<unsigned short>(m));
  const int day = std::min<int>(ymd.day, last);
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(day));
}

bool within_months(date event, date reference, int months) {
  return event <= reference && event >= add_months(reference, -months);
}

std::string to_iso(date d) {
  if (d.is_special()) return "not-a-date";
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<int>(d.month()),
                     static_cast<int>(d.day()));
}

date parse_iso_date(std::string_view text, std::string_view where) {
  const auto fail = [&](std::string_view why) -> date {
    throw invalid_argument(std::string(where), fmt::format("\"{}\" {}", text, why));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return fail("is not a date of the form YYYY-MM-DD");
  }
  const auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    const char* b = text.data() + pos;
    const auto [p, ec] = std::from_chars(b, b + len, v);
    if (ec != std::errc{} || p != b + len) return -1;
    return v;
  };
  const int y = num(0, 4);
  const int m = num(5, 2);
  const int d = num(8, 2);
  if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1) {
    return fail("is not a date of the form YYYY-MM-DD with a valid year, month and day");
  }
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(y), static_cast<unsigned short>(m));
  if (d > last) return fail("does not exist (day out of range for the month)");
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}

}  // namespace cotation
