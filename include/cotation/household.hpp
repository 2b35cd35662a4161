// SPDX-License-Identifier: MIT
/// \file
/// The household and its category for income ceilings (arrêté du 29 juillet 1987, SPEC 3.1).
#pragma once

#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include <cotation/calendar.hpp>

namespace cotation {

/// A member's place in the household.
enum class member_role : std::uint8_t {
  reference_person,  ///< The applicant.
  partner,           ///< Spouse, PACS or cohabiting partner.
  dependant,         ///< Personne à charge (children, dependent relatives).
};

/// One person of the household.
struct member {
  date birth_date;
  member_role role = member_role::reference_person;
  bool disabled =
      false;  ///< Holder of a disability card (carte mobilité inclusion « invalidité »).
  /// A child in alternating custody; counts as a person and as a dependant of the household.
  bool alternating_custody = false;
  friend bool operator==(const member&, const member&) = default;
};

/// The people who will live in the dwelling. The reference person is one of the members.
struct household {
  std::vector<member> members;

  /// Number of persons (alternating-custody children included).
  [[nodiscard]] int persons() const noexcept { return static_cast<int>(members.size()); }
  /// Number of dependants.
  [[nodiscard]] int dependants() const noexcept;
  /// At least one member is disabled.
  [[nodiscard]] bool has_disabled_member() const noexcept;
  /// A couple (reference person and partner, no one else) whose ages in completed years at `at`
  /// sum to at most 55.
  [[nodiscard]] bool is_young_household(date at) const noexcept;

  friend bool operator==(const household&, const household&) = default;
};

/// The household category used to read an income-ceiling table: a column 1-6 and a number of
/// additional persons beyond category 6 (each adds the table's per-person amount).
struct household_category {
  int category = 1;            ///< 1..6
  int additional_persons = 0;  ///< > 0 only when category is 6
  friend bool operator==(const household_category&, const household_category&) = default;
};

/// Category of `h` at reference date `at` (SPEC 3.1).
///
/// Rule, applied to the number of persons `p`: the household's rank is `p`, plus one when a
/// member is disabled, or when a single adult lives with dependants, or for a young household
/// (a couple whose ages sum to <= 55, without dependant); these bumps do not add up. The
/// category is `min(rank, 6)` and every rank beyond 6 is one additional person. Thus 7 persons
/// are category 6 + 1, and 6 persons with a disabled member category 6 + 1.
/// An empty household is treated as one person.
[[nodiscard]] household_category category_of(const household& h, date at) noexcept;

}  // namespace cotation

template <>
struct fmt::formatter<cotation::household_category> : fmt::formatter<std::string_view> {
  auto format(const cotation::household_category& c, format_context& ctx) const {
    if (c.additional_persons == 0) return fmt::format_to(ctx.out(), "category {}", c.category);
    return fmt::format_to(ctx.out(), "category {} + {} person(s)", c.category,
                          c.additional_persons);
  }
};
