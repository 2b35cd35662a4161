// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/offer.hpp>

namespace cotation {

std::string_view to_string(financing f) noexcept {
  switch (f) {
    case financing::plai:
      return "PLAI";
    case financing::plus:
      return "PLUS";
    case financing::pls:
      return "PLS";
    case financing::pli:
      return "PLI";
  }
  return "?";
}

void validate(const offer& o) {
  // Field paths are relative to the offer, like validate(applicant)'s; callers add the place.
  const auto where = [](const char* field) { return std::string(field); };
  if (o.id.value.empty()) throw invalid_argument("id", "must not be empty");
  if (o.rooms < 1 || o.rooms > 6) {
    throw invalid_argument(where("rooms"), fmt::format("{} is not a typology (T1..T6)", o.rooms));
  }
  if (o.surface_m2 < 0) throw invalid_argument(where("surface_m2"), "must not be negative");
  if (o.rent < money{}) throw invalid_argument(where("rent"), "must not be negative");
  if (o.charges < money{}) throw invalid_argument(where("charges"), "must not be negative");
  if (o.publication_start.is_special())
    throw invalid_argument(where("publication_start"), "is not a date");
  if (o.publication_days < 1) {
    throw invalid_argument(where("publication_days"), "the window must last at least one day");
  }
  if (o.shortlist_size < 1) {
    throw invalid_argument(where("shortlist_size"), "at least one candidate must be shortlisted");
  }
}

}  // namespace cotation
