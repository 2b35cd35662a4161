// SPDX-License-Identifier: MIT
#include <cotation/calendar.hpp>
#include <cotation/error.hpp>

#include <charconv>
#include <cstdint>

namespace cotation {

namespace {

struct civil_day {
  int year;
  int month;
  int day;
};

/// The calendar day of `d`, without `year_month_day`'s range-checked year, month and day (a
/// valid date needs none): H. Hinnant's `civil_from_days`, in unsigned arithmetic from 1 March
/// of year 0 (boost's dates start in 1400). Ranking asks the age of every candidate; boost's
/// conversion was 3 % of a department day.
civil_day civil_of(date d) noexcept {
  // Julian day 1 721 120 is 1 March of year 0 (proleptic Gregorian).
  const std::uint32_t z = d.day_number() - 1721120U;
  const std::uint32_t era = z / 146097;
  const std::uint32_t doe = z - era * 146097;                                       // [0, 146096]
  const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::uint32_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto year = static_cast<int>(yoe + era * 400) + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

int completed_years(date birth, date at) noexcept {
  const civil_day b = civil_of(birth);
  const civil_day a = civil_of(at);
  int years = a.year - b.year;
  const bool before_birthday =
      a.month < b.month ||
      (a.month == b.month && a.day < b.day &&
       // born 29 Feb: in a common year the birthday is 28 Feb
       !(b.month == 2 && b.day == 29 && a.day == 28 &&
         !boost::gregorian::gregorian_calendar::is_leap_year(static_cast<unsigned short>(a.year))));
  if (before_birthday) --years;
  return years;
}

bool completed_years_at_least(date birth, date at, int years) noexcept {
  // The birthday of `years` (k) falls 365k + L days after the birth, L the 29 Februaries in
  // between: one per year divisible by 4 among k consecutive years (floor(k/4) or ceil(k/4)),
  // less the century years that are common (at most 3 in any 400 years), and a day less for a
  // birth on 29 February whose birthday is 28 February in a common year. So L lies within
  // [k/4 - 4, k/4 + 1].
  if (years >= 0 && years <= 400) {
    const std::int64_t days =
        static_cast<std::int64_t>(at.day_number()) - static_cast<std::int64_t>(birth.day_number());
    const std::int64_t least = 365 * std::int64_t{years} + years / 4;
    if (days >= least + 1) return true;
    if (days < least - 4) return false;
  }
  return completed_years(birth, at) >= years;
}

date add_months(date d, int n) {
  if (d.is_special()) return d;
  const auto ymd = d.year_month_day();
  const std::int64_t total = std::int64_t{ymd.year} * 12 + (ymd.month - 1) + n;
  // Past either end of the calendar (1400-01-01 to 9999-12-31): the infinite date that way.
  if (total >= std::int64_t{10000} * 12) return date(boost::gregorian::pos_infin);
  if (total < std::int64_t{1400} * 12) return date(boost::gregorian::neg_infin);
  const auto y = static_cast<int>(total / 12);
  const auto m = static_cast<int>(total % 12 + 1);
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
