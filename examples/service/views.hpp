// SPDX-License-Identifier: MIT
// The JSON answers of the example service. An applicant's views carry their own request and
// the offers' counts only: never another applicant's request number, name, income or address.
#pragma once

#include <cotation/dashboard.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform.hpp"

namespace cotation::service {

/// Request `n`'s dashboard: state, expiry, and each positioning with the counts, the rank, the
/// score card (one line per criterion, with its sentence) and where the attribution is;
/// nothing for an unknown request. Called under the platform's reading lock
/// (`platform::read_for_unawaited`: one read, which waits for the events that may change it
/// only, not for every write applied so far).
[[nodiscard]] std::optional<std::string> dashboard_json(const allocation_engine& e,
                                                        const request_number& n);
/// The open offers with their counts and whether the viewer may position.
[[nodiscard]] std::string open_offers_json(const std::vector<open_offer_view>& offers,
                                           const platform& p);
/// `{"digest", "clock", "sequence"}` for operators.
[[nodiscard]] std::string digest_json(const platform& p);
/// An offer with its state, positionings and frozen ranking, for operators; nothing for an
/// unknown offer.
[[nodiscard]] std::optional<std::string> operator_offer_json(const platform& p,
                                                             const offer_id& o);

}  // namespace cotation::service
