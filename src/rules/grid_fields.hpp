// SPDX-License-Identifier: MIT
// The parameters of each criterion kind as named fields with their allowed ranges: one table
// shared by the JSON reader, the JSON writer and the validation, so the three cannot disagree.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include <cotation/grid.hpp>

namespace cotation::detail {

/// Inclusive range of an integer field.
struct int_range {
  std::int64_t min;
  std::int64_t max;
};

inline constexpr int_range points_range{-100'000, 100'000};
inline constexpr int_range window_range{1, 120};
inline constexpr int_range bp_range{0, 10'000};
inline constexpr int_range distance_range{0, 100'000};
inline constexpr int_range age_range{0, 150};
inline constexpr std::size_t max_criteria = 1000;

// `f` is called once per field, in JSON order, as
//   f(name, seniority_mode&)       a mode
//   f(name, points&, range)        points
//   f(name, int&, range)           an integer (months, km, minutes, years)
//   f(name, basis_points&, range)  basis points
template <typename F>
void for_each_field(criteria::seniority& c, F&& f) {
  f(std::string_view("mode"), c.mode);
  f(std::string_view("points"), c.value, points_range);
}
template <typename F>
void for_each_field(criteria::applicant_refusals& c, F&& f) {
  f(std::string_view("points_per_refusal"), c.per_refusal, points_range);
  f(std::string_view("window_months"), c.window_months, window_range);
}
template <typename F>
void for_each_field(criteria::commission_refusals& c, F&& f) {
  f(std::string_view("points_per_refusal"), c.per_refusal, points_range);
  f(std::string_view("window_months"), c.window_months, window_range);
}
template <typename F>
void for_each_field(criteria::als_balancing& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
  f(std::string_view("tolerance_bp"), c.tolerance, bp_range);
  f(std::string_view("window_months"), c.window_months, window_range);
}
template <typename F>
void for_each_field(criteria::employer_peec& c, F&& f) {
  f(std::string_view("points_contributing"), c.contributing, points_range);
  f(std::string_view("points_compensated"), c.compensated, points_range);
}
template <typename F>
void for_each_field(criteria::professional_mobility& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
  f(std::string_view("km_above"), c.km_above, distance_range);
  f(std::string_view("minutes_at_least"), c.minutes_at_least, distance_range);
}
template <typename F>
void for_each_field(criteria::age_band& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
  f(std::string_view("min_age"), c.min_age, age_range);
  f(std::string_view("max_age"), c.max_age, age_range);
}
template <typename F>
void for_each_field(criteria::new_hire& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
  f(std::string_view("window_months"), c.window_months, window_range);
}
template <typename F>
void for_each_field(criteria::effort_ratio& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
  f(std::string_view("above_bp"), c.above, bp_range);
}
template <typename F>
void for_each_field(criteria::low_resources& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
  f(std::string_view("at_most_bp"), c.at_most, bp_range);
}
// The flag criteria: points only.
template <typename F>
void for_each_field(criteria::single_parent& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
}
template <typename F>
void for_each_field(criteria::housing_situation& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
}
template <typename F>
void for_each_field(criteria::dalo& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
}
template <typename F>
void for_each_field(criteria::domestic_violence& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
}
template <typename F>
void for_each_field(criteria::disability& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
}
template <typename F>
void for_each_field(criteria::key_worker& c, F&& f) {
  f(std::string_view("points"), c.value, points_range);
}

/// The kind names, in `criterion_kind` order.
inline constexpr std::array<std::string_view, std::variant_size_v<criterion_parameters>>
    kind_names = {"seniority",     "applicant_refusals", "commission_refusals",
                  "als_balancing", "employer_peec",      "professional_mobility",
                  "age_band",      "new_hire",           "single_parent",
                  "effort_ratio",  "low_resources",      "housing_situation",
                  "dalo",          "domestic_violence",  "disability",
                  "key_worker"};

inline constexpr std::array<std::string_view, 3> mode_names = {"older_than_median",
                                                               "older_than_mean", "oldest_only"};

/// Default-constructed parameters of kind number `i` (`i` < number of kinds).
criterion_parameters default_parameters(std::size_t i);

/// JSON pointer escaping of one reference token (`~` → `~0`, `/` → `~1`).
std::string pointer_token(std::string_view s);

/// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s) noexcept;

}  // namespace cotation::detail
