// SPDX-License-Identifier: MIT
// The model's objects in JSON: applicants, offers and attribution records, as the items of a
// data set document, of an engine snapshot and of the events' lines.
#pragma once

#include <string_view>

#include <cotation/applicant.hpp>
#include <cotation/offer.hpp>
#include <cotation/statistics.hpp>

#include "io/json_read.hpp"
#include "io/json_write.hpp"

namespace cotation::detail {

/// Reads an applicant object and validates it (`validate`), faults at their pointers.
applicant read_applicant(reader& r, const jvalue& v);
/// Reads an offer object and validates it.
offer read_offer(reader& r, const jvalue& v);
/// Reads an attribution record `{"on": "2025-01-02", "size": "pme"}`.
attribution_record read_attribution_record(reader& r, const jvalue& v);
/// Writes an attribution record; throws `invalid_argument` naming `field` for a date that is
/// not one.
jvalue write_attribution_record(const attribution_record& a, std::string_view field);
/// Writes an applicant object; throws `invalid_argument` when it fails `validate`.
jvalue write_applicant(const applicant& a);
/// Writes an offer object; throws `invalid_argument` when it fails `validate`.
jvalue write_offer(const offer& of);

}  // namespace cotation::detail
