// SPDX-License-Identifier: MIT
// What the subcommands share: the loaded data set and what is built from it, option parsing,
// ranking with the document's statistics, and small text helpers.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <cotation/data_set.hpp>
#include <cotation/geography.hpp>
#include <cotation/grid.hpp>
#include <cotation/json.hpp>
#include <cotation/pool.hpp>
#include <cotation/ranking.hpp>
#include <cotation/statistics.hpp>

#include "cli.hpp"

namespace cotation::cli {

/// A fault of the command line that the library does not see: an unknown offer id or request
/// number, a malformed option value, an output file that cannot be written. Exit code 2.
class input_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A check that ran to its end and found something (`verify` found differences, `fairness`
/// flagged a group): the report is written, then the tool exits with code 3 and this message.
class findings : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a subcommand writes to and knows about its surroundings.
struct context {
  std::ostream& out;
  std::ostream& err;
  const environment& env;
};

enum class output_format : unsigned char { table, json };

/// Where a command's data comes from: the data set document, and files that replace or add to
/// parts of it.
struct data_inputs {
  std::string data;          ///< The data set document.
  std::string requests;      ///< `--requests FILE` (CSV pool): replaces the document's applicants.
  std::string positionings;  ///< `--positionings FILE` (CSV): replaces the document's lists.
  std::vector<std::string> ceilings;  ///< `--ceilings FILE...`: rows over the built-in tables.
};

/// The built-in ceiling tables with the rows of each file over them (a file's row replaces the
/// built-in row of the same financing, year and zone). Throws `cotation::data_error` naming
/// `file:line` and the reason.
[[nodiscard]] ceiling_table load_ceilings(std::span<const std::string> paths);

/// A data set document and what the commands build from it once: the applicant pool, the
/// attribution statistics, indexes of the offers and positionings, the ceiling tables.
class workspace {
 public:
  /// Reads the document, then the positionings and ceiling files; throws
  /// `cotation::document_error`, `cotation::csv_error` or `cotation::data_error`.
  explicit workspace(const data_inputs& inputs);

  /// The document as read, but its requests: its `applicants` are empty (the requests were read
  /// straight into the pool, the document's or those of `--requests`): read them through
  /// `pool()`.
  [[nodiscard]] const data_set& data() const noexcept { return data_; }
  /// The path, as given: the name used in messages.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const applicant_pool& pool() const noexcept { return pool_; }
  [[nodiscard]] const attribution_statistics& statistics() const noexcept { return statistics_; }
  /// The income ceilings eligibility is checked with (`--ceilings`).
  [[nodiscard]] const ceiling_table& ceilings() const noexcept { return ceilings_; }

  /// The offer with that id; throws `input_error` naming a few of the known ids.
  [[nodiscard]] const offer& find_offer(std::string_view id) const;
  /// The offers named (in the order given), or every offer in document order when `ids` is
  /// empty.
  [[nodiscard]] std::vector<const offer*> select_offers(std::span<const std::string> ids) const;
  /// The applicant with that request number (decoded from the pool); throws `input_error` for
  /// a malformed number or one that is not in the pool.
  [[nodiscard]] applicant find_applicant(std::string_view number) const;
  /// The requests positioned on `o` (empty when the document has no list for it).
  [[nodiscard]] std::span<const request_number> positioned(const offer& o) const;

  /// The ALS targets at `at`: the document's, or each company size's share of the active
  /// requests at `at`.
  [[nodiscard]] std::array<basis_points, company_size_count> als_targets(date at) const;

 private:
  workspace(const data_inputs& inputs, pooled_data_set&& read);

  std::string source_;
  data_set data_;
  applicant_pool pool_;
  attribution_statistics statistics_;
  ceiling_table ceilings_;
  std::map<std::string, std::size_t, std::less<>> offers_;
  std::unordered_map<std::string, std::size_t> positionings_;
  mutable std::map<date, std::array<basis_points, company_size_count>> targets_;
};

/// The whole file at `path`; throws `input_error` ("`path`: `what` cannot be opened").
[[nodiscard]] std::string read_file(const std::string& path, std::string_view what);

/// The default grid when `path` is empty, else the grid file. Throws `cotation::grid_error`, or
/// `input_error` when the file cannot be read.
[[nodiscard]] compiled_grid load_grid(const std::string& path);

/// Parses an option's `YYYY-MM-DD` value; throws `input_error` naming the option.
[[nodiscard]] date parse_date(std::string_view text, std::string_view option);
/// Parses an option's department code (`092`, `2A`); nothing for an empty text. Throws
/// `input_error` naming the option.
[[nodiscard]] std::optional<department> parse_department(std::string_view text,
                                                         std::string_view option);
/// Parses an option's amount of euros (`1234`, `1234.50`, `1234,50`); throws `input_error`.
[[nodiscard]] money parse_money(std::string_view text, std::string_view option);

/// `fr` or `en` (the values the options accept).
[[nodiscard]] language parse_language(std::string_view text);
/// `table` or `json`.
[[nodiscard]] output_format parse_format(std::string_view text);

/// The reference date of an offer: the option's date when given, else the closing date.
[[nodiscard]] date reference_date(const offer& o, const std::optional<date>& overridden);

/// Ranks `o` with the document's statistics and targets at `reference`.
[[nodiscard]] offer_ranking rank(const workspace& w, const compiled_grid& g, const offer& o,
                                 date reference, std::span<const request_number> positioned);

/// `59350 (zone 3) · T3 · 64 m² · PLUS · 583,60 € charges included`.
[[nodiscard]] std::string offer_summary(const offer& o, language lang);

/// Opens `path` for writing (`-` is `out`) and calls `write` with the stream; the file is
/// replaced only when everything was written, durably (`cotation::write_file_durably`). Throws
/// `cotation::data_error` when it cannot be written.
void write_output(const std::string& path, std::ostream& out,
                  const std::function<void(std::ostream&)>& write);

/// Throws `input_error` when `path` (not `-`) cannot be created for writing: checked before a
/// long computation whose result goes there.
void check_writable(const std::string& path);

}  // namespace cotation::cli
