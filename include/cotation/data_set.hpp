// SPDX-License-Identifier: MIT
/// \file
/// A data set: an applicant pool and the offers published to it, as read from one document.
#pragma once

#include <vector>

#include <cotation/applicant.hpp>
#include <cotation/offer.hpp>

namespace cotation {

/// The applicants (requests) and offers of one document, in document order.
///
/// A data set read by the library holds valid items (`validate()` passes for each) with
/// distinct request numbers and distinct offer ids.
struct data_set {
  std::vector<applicant> applicants;
  std::vector<offer> offers;
  friend bool operator==(const data_set&, const data_set&) = default;
};

}  // namespace cotation
