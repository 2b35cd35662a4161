// SPDX-License-Identifier: MIT
/// \file
/// A published offer: a dwelling with its financing, rent and publication window (SPEC 2).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <cotation/calendar.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/geography.hpp>
#include <cotation/ids.hpp>
#include <cotation/money.hpp>

namespace cotation {

/// How the dwelling was financed; decides which income ceilings apply.
enum class financing : std::uint8_t {
  plai,  ///< Prêt locatif aidé d'intégration (lowest ceilings).
  plus,  ///< Prêt locatif à usage social.
  pls,   ///< Prêt locatif social (PLUS × 1.30).
  pli,   ///< Prêt locatif intermédiaire (no ceiling published in the bundled tables).
};

[[nodiscard]] std::string_view to_string(financing f) noexcept;

/// A dwelling published on the platform.
struct offer {
  offer_id id;
  commune_code commune;
  int rooms = 1;  ///< Typology: T1..T6 (6 means six rooms or more).
  int surface_m2 = 0;
  money rent;     ///< Monthly rent excluding charges.
  money charges;  ///< Monthly recoverable charges.
  cotation::financing financing = financing::plus;
  std::optional<employer_id> reserved_for;  ///< Reserved for this employer's staff.
  date publication_start;
  int publication_days = 7;  ///< The publication window.
  int shortlist_size = 3;    ///< Candidates presented to the commission.

  [[nodiscard]] cotation::department department() const noexcept { return commune.department(); }
  [[nodiscard]] income_zone zone() const noexcept { return zone_of(commune); }
  /// Rent plus charges.
  [[nodiscard]] money total_rent() const noexcept { return rent + charges; }
  /// The day the publication window closes (start + window); the reference date of scoring.
  [[nodiscard]] date closing_date() const {
    return publication_start + boost::gregorian::days(publication_days);
  }
  /// The year whose ceilings apply: the year of the closing date.
  [[nodiscard]] int ceiling_year() const { return closing_date().year(); }

  friend bool operator==(const offer&, const offer&) = default;
};

/// Checks an offer's invariants (rooms 1..6, non-negative money and surface, window >= 1 day,
/// shortlist >= 1). Throws `cotation::invalid_argument` whose `where()` is the field's path
/// relative to the offer (`rooms`), like `validate(applicant)`.
void validate(const offer& o);

}  // namespace cotation
