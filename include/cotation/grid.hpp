// SPDX-License-Identifier: MIT
/// \file
/// The scoring grid as versioned data (SPEC 4): criteria with typed parameters and points,
/// groups where only the best criterion counts, caps, JSON in and out, and the compiled form
/// that scoring evaluates.
///
/// How a grid adds up (the same rules as `score()` in `<cotation/scoring.hpp>`):
/// 1. Every criterion is evaluated on its own and earns points (0 when it does not apply).
/// 2. Criteria are additive, except within a group: of the criteria of one group that earned
///    points (non-zero), only the one with the most points counts; on a tie, the first in grid
///    order. Criteria that earned 0 do not take part, so a group holding only a penalty keeps
///    that penalty. Put a penalty in no group when it must always count.
/// 3. A group cap bounds what a group adds when it is positive: min(best, cap). A cap is a
///    ceiling on bonuses, never a floor: a negative contribution is kept as it is.
/// 4. The total cap bounds the sum of the positive contributions; the negative contributions
///    (penalties) are then added in full: total = min(bonuses, cap) + penalties. Thus a
///    refusal costs its full points even to an applicant whose bonuses exceed the cap.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include <cotation/calendar.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/money.hpp>

namespace cotation {

/// Points of a criterion or of a score. Penalties are negative. Printed `+20`, `-40`, `0`.
struct points {
  std::int32_t value = 0;

  constexpr points& operator+=(points o) noexcept {
    value += o.value;
    return *this;
  }
  constexpr points& operator-=(points o) noexcept {
    value -= o.value;
    return *this;
  }
  [[nodiscard]] friend constexpr points operator+(points a, points b) noexcept { return a += b; }
  [[nodiscard]] friend constexpr points operator-(points a, points b) noexcept { return a -= b; }
  [[nodiscard]] friend constexpr points operator-(points a) noexcept { return points{-a.value}; }
  [[nodiscard]] friend constexpr points operator*(points a, std::int32_t k) noexcept {
    return points{a.value * k};
  }
  [[nodiscard]] friend constexpr points operator*(std::int32_t k, points a) noexcept {
    return points{a.value * k};
  }
  friend constexpr auto operator<=>(points, points) noexcept = default;
};

/// Language of labels and explanations.
enum class language : std::uint8_t { fr, en };

/// Every criterion the grid knows (one row of SPEC 4 each). The order is the order of the
/// alternatives of `criterion_parameters`.
enum class criterion_kind : std::uint8_t {
  seniority,              ///< The request is older than the other candidates'.
  applicant_refusals,     ///< Points per refusal by the applicant of an attributed dwelling.
  commission_refusals,    ///< Points per refusal of the dossier by a commission.
  als_balancing,          ///< The company-size category is under-represented in attributions.
  employer_peec,          ///< The employer contributes to the PEEC, or is compensated.
  professional_mobility,  ///< Long distance or long travel to a new workplace.
  age_band,               ///< Age of the reference person within a band (under 30).
  new_hire,               ///< The job started recently.
  single_parent,          ///< Single-parent family.
  effort_ratio,           ///< The current housing costs too much for the resources.
  low_resources,          ///< Reference income low against the offer's PLUS ceiling.
  housing_situation,      ///< Homeless or in a shelter, hosted, or threatened with eviction.
  dalo,                   ///< Recognised priority by the DALO mediation commission.
  domestic_violence,      ///< Victim of domestic violence.
  disability,             ///< A disabled person in the household.
  key_worker,             ///< Travailleur clé.
};

/// How seniority is compared with the other candidates of the offer (SPEC 4, exact meaning).
/// "The others" are the offer's other candidates; a lone candidate never earns the criterion.
enum class seniority_mode : std::uint8_t {
  /// More than half of the others filed strictly later. With an odd number of others this is
  /// "strictly earlier than their median"; with an even number, strictly earlier than the
  /// lower of the two middle dates.
  older_than_median,
  /// Filing date strictly earlier than the mean of the others' filing dates, compared exactly
  /// on whole day numbers (own × n < sum of the others).
  older_than_mean,
  /// Strictly earlier than every other candidate; when the oldest date is shared, nobody.
  oldest_only,
};

/// The typed parameters of each kind. Defaults are the values of SPEC 4. Dated events count
/// when they fall in the window `[reference − window_months, reference]`, both ends included,
/// where the reference date is the offer's closing date.
namespace criteria {

/// Comparative seniority (+20).
struct seniority {
  seniority_mode mode = seniority_mode::older_than_median;
  points value{20};
  friend bool operator==(const seniority&, const seniority&) = default;
};

/// Refusals by the applicant of a dwelling the commission attributed to them: `per_refusal`
/// for each refusal in the window (−40 × refusals over 12 months).
struct applicant_refusals {
  points per_refusal{-40};
  int window_months = 12;
  friend bool operator==(const applicant_refusals&, const applicant_refusals&) = default;
};

/// Refusals of the applicant's dossier by an allocation commission: `per_refusal` for each
/// refusal in the window (+40 × refusals over 12 months).
struct commission_refusals {
  points per_refusal{40};
  int window_months = 12;
  friend bool operator==(const commission_refusals&, const commission_refusals&) = default;
};

/// ALS balancing by company size (+15): granted when the applicant's category's share of the
/// attributions in the window is more than `tolerance` below its target share, compared
/// exactly (a share exactly `tolerance` below gets nothing). With no attribution in the window
/// nobody gets it. `window_months` is the window the attribution statistics must cover
/// (`compiled_grid::als_window_months()`).
struct als_balancing {
  points value{15};
  basis_points tolerance{500};
  int window_months = 12;
  friend bool operator==(const als_balancing&, const als_balancing&) = default;
};

/// Employee of a PEEC contributing company (+10) or of a compensated company (+5).
struct employer_peec {
  points contributing{10};
  points compensated{5};
  friend bool operator==(const employer_peec&, const employer_peec&) = default;
};

/// Professional geographic mobility (+15): distance strictly more than `km_above` km, or
/// travel time of at least `minutes_at_least` minutes, between the current home and the new
/// workplace.
struct professional_mobility {
  points value{15};
  int km_above = 70;
  int minutes_at_least = 75;
  friend bool operator==(const professional_mobility&, const professional_mobility&) = default;
};

/// Age of the reference person, in completed years at the reference date, within
/// `[min_age, max_age]` (both included): under 30 is `[0, 29]` (+10).
struct age_band {
  points value{10};
  int min_age = 0;
  int max_age = 29;
  friend bool operator==(const age_band&, const age_band&) = default;
};

/// New hire (+5): the job started in the window (`[reference − 12 months, reference]`).
struct new_hire {
  points value{5};
  int window_months = 12;
  friend bool operator==(const new_hire&, const new_hire&) = default;
};

/// Single-parent family (+10).
struct single_parent {
  points value{10};
  friend bool operator==(const single_parent&, const single_parent&) = default;
};

/// Current effort ratio strictly above `above` (+10 above 33 %): (current rent + charges −
/// housing benefit) / monthly resources, compared exactly. Only for tenants with resources.
struct effort_ratio {
  points value{10};
  basis_points above{3300};
  friend bool operator==(const effort_ratio&, const effort_ratio&) = default;
};

/// Low resources (+10): reference income at most `at_most` of the household's PLUS ceiling
/// for the offer's zone and year (60 %, about the PLAI level), compared exactly.
struct low_resources {
  points value{10};
  basis_points at_most{6000};
  friend bool operator==(const low_resources&, const low_resources&) = default;
};

/// Homeless or in a shelter, hosted, or threatened with eviction (+15).
struct housing_situation {
  points value{15};
  friend bool operator==(const housing_situation&, const housing_situation&) = default;
};

/// DALO-recognised (+30).
struct dalo {
  points value{30};
  friend bool operator==(const dalo&, const dalo&) = default;
};

/// Victim of domestic violence (+30).
struct domestic_violence {
  points value{30};
  friend bool operator==(const domestic_violence&, const domestic_violence&) = default;
};

/// A household member is disabled, or the situation flag says so (+10).
struct disability {
  points value{10};
  friend bool operator==(const disability&, const disability&) = default;
};

/// Key worker (+10).
struct key_worker {
  points value{10};
  friend bool operator==(const key_worker&, const key_worker&) = default;
};

}  // namespace criteria

/// The parameters of one criterion; the alternative is the criterion's kind (alternative `i`
/// is `criterion_kind` `i`), so kind and parameters cannot disagree.
using criterion_parameters =
    std::variant<criteria::seniority, criteria::applicant_refusals, criteria::commission_refusals,
                 criteria::als_balancing, criteria::employer_peec, criteria::professional_mobility,
                 criteria::age_band, criteria::new_hire, criteria::single_parent,
                 criteria::effort_ratio, criteria::low_resources, criteria::housing_situation,
                 criteria::dalo, criteria::domestic_violence, criteria::disability,
                 criteria::key_worker>;

/// One line of a grid.
struct criterion {
  std::string id;        ///< Unique in the grid; stable across versions (`"seniority"`).
  std::string label_fr;  ///< Shown to applicants, in French.
  std::string label_en;  ///< Shown to applicants, in English.
  criterion_parameters parameters;
  /// Criteria sharing a group: only the best one counts (see the file comment).
  std::optional<std::string> group;

  [[nodiscard]] criterion_kind kind() const noexcept {
    return static_cast<criterion_kind>(parameters.index());
  }
  [[nodiscard]] const std::string& label(language lang) const noexcept {
    return lang == language::fr ? label_fr : label_en;
  }
  friend bool operator==(const criterion&, const criterion&) = default;
};

/// A versioned scoring grid.
struct grid {
  std::string id;                            ///< Version identifier (`"alin-default-2026"`).
  date effective;                            ///< First day the grid applies.
  std::vector<criterion> criteria;           ///< Evaluated and explained in this order.
  std::map<std::string, points> group_caps;  ///< Cap of a group's positive contribution.
  std::optional<points> total_cap;           ///< Cap of the sum of positive contributions.
  friend bool operator==(const grid&, const grid&) = default;
};

/// The grid of SPEC 4 (id `"alin-default-2026"`, effective 2026-01-01): sixteen additive
/// criteria with their default points, no group and no cap.
[[nodiscard]] grid default_grid();

/// Checks a grid; throws `cotation::grid_error` whose `where()` is the JSON pointer of the
/// offending value (`/criteria/3/window_months`) and whose `source()` is the grid's id.
/// Rejected: empty grid id or criterion id, not-a-date `effective`, a duplicate criterion id,
/// an empty label or group name, a window outside 1-120 months, points outside ±100 000, a
/// basis-point parameter outside 0-10 000, a negative distance or time, ages outside 0-150 or
/// `min_age > max_age`, a negative cap, a cap on a group no criterion belongs to, more than
/// 1 000 criteria.
void validate(const grid& g);

/// Reads a grid from its JSON form (see `to_json`) and validates it (`validate`). Throws
/// `cotation::grid_error` whose `where()` is the JSON pointer of the fault (empty for the whole
/// document) and `source()` is `source`: malformed JSON, a duplicate key, an unknown or missing
/// field, a value of the wrong type, an unknown criterion kind or seniority mode, and every
/// semantic fault of `validate`. Every parameter of a criterion must be written out: a stored
/// grid means what it says even if the library's defaults change.
[[nodiscard]] grid grid_from_json(std::string_view text, std::string_view source = "grid");

/// The JSON form of a grid, indented by two spaces, UTF-8, fields in a fixed order:
/// ```json
/// {
///   "id": "alin-default-2026",
///   "effective": "2026-01-01",
///   "criteria": [
///     {"id": "seniority", "kind": "seniority", "label_fr": "…", "label_en": "…",
///      "mode": "older_than_median", "points": 20, "group": "…" (only when set)},
///     …
///   ],
///   "group_caps": {"name": 40} (only when not empty),
///   "total_cap": 100 (only when set)
/// }
/// ```
/// Saving a loaded grid gives the same text as saving the original (`grid_from_json` of the
/// result equals the grid). Throws `cotation::grid_error` when a label is not valid UTF-8.
[[nodiscard]] std::string to_json(const grid& g);

/// `"seniority"`, `"applicant_refusals"`, … (the JSON names).
[[nodiscard]] std::string_view to_string(criterion_kind k) noexcept;
/// `"older_than_median"`, `"older_than_mean"`, `"oldest_only"` (the JSON names).
[[nodiscard]] std::string_view to_string(seniority_mode m) noexcept;
/// `"fr"`, `"en"`.
[[nodiscard]] std::string_view to_string(language l) noexcept;

namespace detail {
/// One criterion as scoring evaluates it: parameters plus its group resolved to an index.
struct compiled_criterion {
  criterion_parameters parameters;
  std::int32_t group = -1;  ///< Index into the grid's groups; -1 when in no group.
  std::optional<points> group_cap;
};
}  // namespace detail

/// A validated grid in the form scoring evaluates: groups resolved to indices, caps attached,
/// no string work left. Build once per grid and share it (read-only, thread-safe).
class compiled_grid {
 public:
  /// Validates (`validate`) and compiles `g`; throws `cotation::grid_error`.
  explicit compiled_grid(cotation::grid g);

  /// The grid as given (ids, labels, groups).
  [[nodiscard]] const cotation::grid& source() const noexcept { return grid_; }
  /// Number of criteria.
  [[nodiscard]] std::size_t size() const noexcept { return grid_.criteria.size(); }
  /// Criterion `i` in grid order; `i < size()`.
  [[nodiscard]] const criterion& at(std::size_t i) const noexcept { return grid_.criteria[i]; }
  /// The window the attribution statistics must cover for the ALS criterion; nothing when the
  /// grid has no ALS criterion (the first one's, when there are several).
  [[nodiscard]] std::optional<int> als_window_months() const noexcept { return als_window_; }
  /// The criteria ready for evaluation, in grid order (used by `score`).
  [[nodiscard]] std::span<const detail::compiled_criterion> compiled() const noexcept {
    return compiled_;
  }
  /// Number of distinct groups.
  [[nodiscard]] std::size_t group_count() const noexcept { return group_names_.size(); }
  /// The name of group `g` (`g < group_count()`).
  [[nodiscard]] const std::string& group_name(std::size_t g) const noexcept {
    return group_names_[g];
  }

 private:
  cotation::grid grid_;
  std::vector<detail::compiled_criterion> compiled_;
  std::vector<std::string> group_names_;
  std::optional<int> als_window_;
};

}  // namespace cotation

template <>
struct fmt::formatter<cotation::points> : fmt::formatter<std::string_view> {
  auto format(cotation::points p, format_context& ctx) const {
    fmt::basic_memory_buffer<char, 16> buf;
    if (p.value > 0) {
      fmt::format_to(std::back_inserter(buf), "+{}", p.value);
    } else {
      fmt::format_to(std::back_inserter(buf), "{}", p.value);
    }
    return fmt::formatter<std::string_view>::format(std::string_view(buf.data(), buf.size()), ctx);
  }
};
