// SPDX-License-Identifier: MIT
// The reference income rule (N-2, or N-1 when at least 10 % lower) over a list of declared
// incomes, wherever they are stored (an `applicant` or the pool's columns).
#pragma once

#include <cotation/applicant.hpp>

#include <optional>
#include <span>

namespace cotation::detail {

/// The reference income of `incomes` for ceiling year `year` (N-2, or N-1 when >= 10 % lower).
[[nodiscard]] std::optional<reference_income> reference_income_of(
    std::span<const annual_income> incomes, int year) noexcept;

}  // namespace cotation::detail
