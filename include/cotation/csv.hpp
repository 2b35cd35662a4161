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
///
/// Positionings (who applied to which offer) also come as CSV: one line per positioning, with
/// the columns `offer` and `request` (`read_positionings_csv`, `docs/format.md`).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cotation/applicant.hpp>
#include <cotation/data_set.hpp>
#include <cotation/pool.hpp>

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

/// Reads a request pool from a file, in chunks (the text is never held whole); the path is the
/// source name. Throws `cotation::csv_error` (line 0) when the file cannot be read.
[[nodiscard]] std::vector<applicant> read_applicants_csv_file(const std::filesystem::path& path);

/// Receives each applicant read, with the line its record starts on.
using applicant_sink = std::function<void(applicant&& a, std::size_t line)>;

/// Reads a request pool from `in` in chunks, handing each valid applicant to `sink` as soon as
/// its line is read: neither the text nor the applicants are ever held whole, so a country's
/// file loads in the memory of what the sink keeps. Throws `cotation::csv_error` at the first
/// fault, after the lines before it were handed over; `sink` may throw too (the read stops).
/// Request numbers are not checked for uniqueness here: that is the sink's concern (it knows
/// what it kept), with the line to name.
void read_applicants_csv(std::istream& in, std::string_view source_name,
                         const applicant_sink& sink);

/// Reads a request pool from `in` straight into an `applicant_pool` prepared for `prepared_for`,
/// the requests at indexes 0, 1, ... in line order. The text is parsed on a second thread
/// while the calling thread adds the applicants already read to the pool, a batch at a time:
/// neither the text nor the applicants are ever held whole, so the peak is the pool and a few
/// batches. The pool keeps its growth room (about a quarter of its memory after a national
/// load): `applicant_pool::shrink_to_fit` gives it back, at the cost of a copy.
/// Throws `cotation::csv_error` at the first fault, as `read_applicants_csv` does, and for a
/// request number already on an earlier line (naming that line); then no pool is returned.
[[nodiscard]] applicant_pool read_pool_csv(std::istream& in, std::string_view source_name,
                                           const eligibility_policy& prepared_for = {});

/// `read_pool_csv` on a file; the path is the source name. Throws `cotation::csv_error`
/// (line 0) when the file cannot be read.
[[nodiscard]] applicant_pool read_pool_csv_file(const std::filesystem::path& path,
                                                const eligibility_policy& prepared_for = {});

/// Writes a request pool as CSV: a header of every column but `dossier_complete` (the dossier
/// as `documents` and `employer_validated`), `,` separators, `.` decimals, ISO dates, cells
/// quoted only when needed, one line per applicant. Reading it back gives equal applicants.
/// Throws `cotation::invalid_argument` (at `applicants[k].<field>`) for an applicant that fails
/// `validate()` or has incomes CSV cannot hold (more than two, or an N-1 that is not the year
/// after the N-2); the stream then holds the lines before it.
void write_applicants_csv(std::span<const applicant> applicants, std::ostream& out);

/// What the positionings read must refer to. An empty check admits everything.
struct positioning_references {
  /// Whether an offer with this id exists.
  std::function<bool(std::string_view offer)> offer;
  /// Whether a request with this number exists.
  std::function<bool(const request_number& request)> request;
  /// Why this request cannot be positioned on this offer (for instance filed after the offer
  /// closed: `validate_at`), or nothing when it can. Asked once the offer and the request are
  /// known to exist.
  std::function<std::optional<std::string>(std::string_view offer, const request_number& request)>
      positionable;
};

/// Reads positionings from CSV: a header naming the columns `offer` and `request` (in any
/// order, no other), then one line per positioning (the file's other conventions are the
/// request pool's: `,` or `;`, quoting, BOM, blank lines). The lists come in the order each
/// offer first appears, each list's requests in line order. Throws `cotation::csv_error` naming
/// the line and the column for an empty cell, an invalid request number, an offer or request
/// that `known` does not admit (or a request it says cannot be positioned on that offer), or a
/// request positioned twice on one offer (naming the first line). All or nothing.
[[nodiscard]] std::vector<positioning_list> read_positionings_csv(
    std::string_view csv_text, std::string_view source_name,
    const positioning_references& known = {});

/// `read_positionings_csv` on a file; the path is the source name. Throws `cotation::csv_error`
/// (line 0) when the file cannot be read.
[[nodiscard]] std::vector<positioning_list> read_positionings_csv_file(
    const std::filesystem::path& path, const positioning_references& known = {});

}  // namespace cotation
