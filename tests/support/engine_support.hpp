// SPDX-License-Identifier: MIT
// Shared by the engine, events and dashboard tests: numbered requests and offers built on the
// sample applicant and offer (eligible to one another), and a check that an outcome applied.
#pragma once

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cotation/engine.hpp>
#include <string>

#include "builders.hpp"

namespace cotation::test {

/// The sample applicant with its own number and filing date, renewed on `renewed` when filed
/// before (so valid until 2026-01-15 by default).
inline applicant request_filed(int k, date filed, std::optional<date> renewed = ymd(2025, 1, 15)) {
  applicant a = sample_applicant();
  a.number = number(k);
  a.initial_filing = filed;
  if (renewed && *renewed > filed) a.last_renewal = renewed;
  return a;
}

/// The sample offer (T3 Paris, PLUS, 900 € a month) with its own id and window start.
inline offer offer_from(std::string id, date start) {
  offer o = sample_offer();
  o.id = offer_id{std::move(id)};
  o.publication_start = start;
  return o;
}

/// Requires that the operation applied, printing its refusal otherwise.
inline void ok(const outcome& o) {
  INFO(fmt::format("{}", o));
  REQUIRE(o.applied());
}

}  // namespace cotation::test
