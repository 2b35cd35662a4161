// SPDX-License-Identifier: MIT
// The applicant's pages of the example service: server-rendered HTML in French, readable on a
// phone (one column, no script, no external resource). They show the applicant's own request
// and the offers' counts only.
#pragma once

#include <cotation/request_number.hpp>
#include <string>

namespace cotation::service {

class platform;

/// "Mon tableau de bord": the request's state and each positioning with the counts, the rank,
/// the score and the score card line by line, with what decided each line.
[[nodiscard]] std::string dashboard_page(const platform& p, const request_number& n);
/// "Offres ouvertes": each open offer, its counts and whether the applicant may position.
[[nodiscard]] std::string offers_page(const platform& p, const request_number& n);
/// The page for a missing or unknown token.
[[nodiscard]] std::string login_failed_page();

}  // namespace cotation::service
