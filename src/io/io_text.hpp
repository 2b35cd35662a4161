// SPDX-License-Identifier: MIT
// Text conventions shared by the JSON and CSV readers and writers: the model's enumerator names,
// exact amounts of euros, and "did you mean" suggestions for field and column names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include <cotation/applicant.hpp>
#include <cotation/money.hpp>
#include <cotation/offer.hpp>

#include "detail/enum_names.hpp"

namespace cotation::detail {

COTATION_ENUM_NAMES(contract_type, {"cdi", contract_type::cdi}, {"cdd", contract_type::cdd},
                    {"interim", contract_type::interim},
                    {"apprenticeship", contract_type::apprenticeship},
                    {"professionalisation", contract_type::professionalisation},
                    {"trial_period", contract_type::trial_period})
COTATION_ENUM_NAMES(peec_status, {"none", peec_status::none},
                    {"contributing", peec_status::contributing},
                    {"compensated", peec_status::compensated})
COTATION_ENUM_NAMES(company_size, {"pme", company_size::pme}, {"eti", company_size::eti},
                    {"ge", company_size::ge})
COTATION_ENUM_NAMES(employer_sector,
                    {"private_non_agricultural", employer_sector::private_non_agricultural},
                    {"agricultural", employer_sector::agricultural},
                    {"public_sector", employer_sector::public_sector})
COTATION_ENUM_NAMES(mobility_kind, {"new_job", mobility_kind::new_job},
                    {"transfer", mobility_kind::transfer},
                    {"company_relocation", mobility_kind::company_relocation})
COTATION_ENUM_NAMES(housing_status, {"social_tenant", housing_status::social_tenant},
                    {"private_tenant", housing_status::private_tenant},
                    {"hosted", housing_status::hosted},
                    {"homeless_or_shelter", housing_status::homeless_or_shelter},
                    {"owner", housing_status::owner})
COTATION_ENUM_NAMES(document_kind, {"identity", document_kind::identity},
                    {"tax_notice", document_kind::tax_notice},
                    {"payslips", document_kind::payslips},
                    {"employment_contract", document_kind::employment_contract},
                    {"housing_situation", document_kind::housing_situation},
                    {"residence_permit", document_kind::residence_permit},
                    {"other", document_kind::other})
COTATION_ENUM_NAMES(member_role, {"reference_person", member_role::reference_person},
                    {"partner", member_role::partner}, {"dependant", member_role::dependant})
COTATION_ENUM_NAMES(financing, {"plai", financing::plai}, {"plus", financing::plus},
                    {"pls", financing::pls}, {"pli", financing::pli})

#undef COTATION_NAMES

/// Outcome of reading an amount of euros.
struct amount_parse {
  enum class status : std::uint8_t { ok, negative, malformed };
  status outcome = status::malformed;
  money value;          ///< The amount when `ok`, its absolute value when `negative`.
  std::string problem;  ///< Why the text is not an amount, when `malformed`.
};

/// Reads a decimal amount of euros with at most two decimals (`1234`, `1234.5`, `1234.50`),
/// digit by digit, so it is exact. `decimal_marks` lists the accepted decimal separators.
/// A leading `-` gives `negative` (for a non-zero amount). No exponent, no grouping, no sign `+`,
/// at most 12 digits of euros.
[[nodiscard]] amount_parse parse_euros(std::string_view text, std::string_view decimal_marks);

/// `1234` for whole euros, `1234.50` otherwise, `-0.50` below zero.
[[nodiscard]] std::string format_euros(money m);

/// The candidate closest to `name` by edit distance, when at most two edits away.
[[nodiscard]] std::optional<std::string_view> closest(std::string_view name,
                                                      std::span<const std::string_view> candidates);

}  // namespace cotation::detail
