// SPDX-License-Identifier: MIT
/// \file
/// A data set: an applicant pool, the offers published to it, who positioned on which offer, and
/// the attribution statistics the ALS balancing reads, as read from one document.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include <cotation/applicant.hpp>
#include <cotation/ids.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>
#include <cotation/request_number.hpp>
#include <cotation/statistics.hpp>

namespace cotation {

/// The requests positioned on one offer (SPEC 6), in the order they positioned. The order does
/// not change a ranking (SPEC 5); it is kept so that a document reads back the same.
struct positioning_list {
  offer_id offer;
  std::vector<request_number> requests;
  friend bool operator==(const positioning_list&, const positioning_list&) = default;
};

/// The applicants (requests), offers, positionings and attribution statistics of one document,
/// in document order.
///
/// A data set read by the library holds valid items (`validate()` passes for each) with
/// distinct request numbers and distinct offer ids; every positioning list names an offer of
/// the set (at most one list per offer) and requests of the set (each at most once per list);
/// attribution dates are real dates; the ALS targets, when given, are each within 0-100 % and
/// sum to at most 100 %.
struct data_set {
  std::vector<applicant> applicants;
  std::vector<offer> offers;
  /// Who positioned on which offer; an offer without a list has no candidate.
  std::vector<positioning_list> positionings;
  /// Dated attributions by company size (the input of `attribution_statistics`).
  std::vector<attribution_record> attributions;
  /// Target share of each company-size category (PME, ETI, GE) for the ALS balancing. When
  /// absent, the default applies: each category's share of the active requests at the
  /// reference date (`default_targets`).
  std::optional<std::array<basis_points, company_size_count>> als_targets;
  friend bool operator==(const data_set&, const data_set&) = default;
};

}  // namespace cotation
