// SPDX-License-Identifier: MIT
// A service that links cotation: checks one applicant against one offer.
#include <cotation/cotation.hpp>

#include <fmt/format.h>

int main() {
  using namespace cotation;
  using boost::gregorian::date;
  applicant a{
      .number = request_number::parse("0590423808575GDPUB"),
      .initial_filing = date(2023, 4, 12),
      .last_renewal = date(2026, 1, 15),
      .household = {.members = {{.birth_date = date(1994, 5, 2)}}},
      .incomes = {{2024, money::euros(21000)}},
      .monthly_resources = money::euros(1900),
      .employment = {.employer = {"SIREN-552100554"}},
      .dossier = {.required = {{document_kind::identity, true}}, .employer_validated = true},
  };
  offer o{.id = {"LIL-001"},
          .commune = commune_code::parse("59350"),
          .rooms = 1,
          .rent = money::euros(390),
          .charges = money::euros(60),
          .publication_start = date(2026, 3, 2)};
  const auto result = check_eligibility(a, o, o.closing_date());
  fmt::print("{} on {}: {}\n", a.number, o.id, result.eligible() ? "eligible" : "not eligible");
  for (const auto& f : result.failures) fmt::print("  {}\n", f);
  return result.eligible() ? 0 : 1;
}
