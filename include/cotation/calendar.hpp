// SPDX-License-Identifier: MIT
/// \file
/// Calendar helpers on `boost::gregorian::date`: completed years, month arithmetic, windows.
///
/// Dates are calendar days with no time zone; nothing here reads the system clock or `TZ`.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace cotation {

using date = boost::gregorian::date;

/// Age in completed years at `at` (a person born on 29 February has a birthday on 28 February
/// in common years). Negative when `at` is before `birth`.
[[nodiscard]] int completed_years(date birth, date at) noexcept;

/// `completed_years(birth, at) >= years`, mostly from the number of days between the two dates
/// alone (a person is `years` old between 365 × years + years / 4 − 4 and 365 × years +
/// years / 4 + 1 days after the birth): the calendar is worked out only within those few days
/// of a birthday. What ranking asks of every candidate for an age band.
[[nodiscard]] bool completed_years_at_least(date birth, date at, int years) noexcept;

/// `d` plus `n` calendar months (may be negative); the day is clamped to the month's end
/// (31 January + 1 month = 28 or 29 February). A month past the calendar's end (9999-12-31)
/// gives +infinity, one before its start (1400-01-01) -infinity; a special date (not a date,
/// ±infinity) is given back as it is. So a request filed in 9999 never expires, and a date
/// of any request has an expiry.
[[nodiscard]] date add_months(date d, int n);

/// True when `event` lies in the window of `months` months ending at `reference`:
/// `reference - months <= event <= reference` (SPEC 4, dated events).
[[nodiscard]] bool within_months(date event, date reference, int months);

/// ISO 8601 `YYYY-MM-DD`.
[[nodiscard]] std::string to_iso(date d);

/// Parses ISO 8601 `YYYY-MM-DD`; throws `cotation::invalid_argument` naming `where` for a
/// malformed or impossible date (2025-02-30).
[[nodiscard]] date parse_iso_date(std::string_view text, std::string_view where);

}  // namespace cotation

template <>
struct fmt::formatter<boost::gregorian::date> : fmt::formatter<std::string_view> {
  auto format(const boost::gregorian::date& d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(cotation::to_iso(d), ctx);
  }
};
