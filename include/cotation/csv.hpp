// SPDX-License-Identifier: MIT
/// \file
/// CSV import of a request pool, the form a landlord or a reservation desk exports: one line
/// per applicant, columns found by their header name. The columns and cell formats are
/// described in `docs/format.md` ("CSV request pools").
///
/// Summary: the first line is the header; the separator is `,` or `;` (whichever the header
/// uses); cells may be quoted RFC 4180 style (`"a ""quoted"" cell"`, line breaks allowed);
/// spaces around unquoted cells are ignored; a UTF-8 byte-order mark is skipped; empty lines
/// are skipped. An unknown, unnamed or repeated header is refused, and so is a missing required
/// column. Amounts are euros with at most two decimals, `.` or `,` as the decimal mark; dates
/// are `YYYY-MM-DD` or `DD/MM/YYYY`; lists inside a cell are separated by `|`; enumerators are
/// the JSON names (case is ignored); booleans are `true/false`, `yes/no`, `oui/non` or `1/0`.
///
/// Reading is all-or-nothing: the first fault throws `cotation::csv_error` naming the line and
/// the column (`pool.csv:12: column "income_n2": "12a00" is not an amount (...)`) and nothing is
/// returned. Each applicant is checked with `validate()`, and request numbers must be unique.
#pragma once

#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include <cotation/applicant.hpp>

namespace cotation {

/// One column of the CSV format.
struct csv_column {
  std::string_view name;
  bool required = false;  ///< The header must contain it (its cells may still be optional).
};

/// Every column the CSV format knows, in the documented order.
[[nodiscard]] std::span<const csv_column> csv_columns() noexcept;

/// Reads a request pool. `source_name` names the file in error messages. Throws
/// `cotation::csv_error`; returns the applicants in line order.
[[nodiscard]] std::vector<applicant> read_applicants_csv(std::string_view csv_text,
                                                         std::string_view source_name);

/// Reads a request pool from a file; the path is the source name. Throws `cotation::csv_error`
/// (line 0) when the file cannot be read.
[[nodiscard]] std::vector<applicant> read_applicants_csv_file(const std::filesystem::path& path);

}  // namespace cotation
