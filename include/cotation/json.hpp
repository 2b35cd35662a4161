// SPDX-License-Identifier: MIT
/// \file
/// JSON documents for the model: an applicant, an offer, and the data set document
/// `{"format": "cotation/1", "applicants": [...], "offers": [...], "positionings": [...],
/// "attributions": [...], "als_targets": {...}}` (the last three optional). The format is
/// described field by field in `docs/format.md` and by
/// `docs/schema/cotation-data-set.schema.json`.
///
/// Conventions: field names are the C++ member names; enumerators are written as their C++
/// names (`"cdi"`, `"contributing"`, `"pme"`, `"plus"`); dates are `"YYYY-MM-DD"`; money is a
/// JSON number of **euros** with at most two decimals (`1234`, `1234.5`, `1234.50`), read
/// exactly from the number's text (never through a `double`) and written as an integer when
/// whole, with two decimals otherwise.
///
/// Reading is strict and all-or-nothing: unknown fields, duplicate keys, wrong types, unknown
/// enumerators, negative amounts, impossible dates, invalid request numbers, duplicate request
/// numbers or offer ids, positionings naming an unknown offer or request (or one twice), and ALS
/// targets out of range throw `cotation::document_error`, whose `where()` is the JSON
/// pointer of the offending value. Each item is then checked with `validate()`, whose errors
/// are re-thrown as `document_error` at the corresponding pointer. A failed read returns
/// nothing.
///
/// Writing is deterministic: fields in a fixed order (the order of the C++ members), two-space
/// indentation, arrays of scalars and of flat objects on one line per item, optional fields
/// omitted when absent or equal to their default. Reading a written document gives an equal
/// model, and writing it again gives the same text.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include <cotation/applicant.hpp>
#include <cotation/data_set.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>

namespace cotation {

/// The value of the data set document's `"format"` field.
inline constexpr std::string_view data_set_format = "cotation/1";

/// Reads a data set document. `source_name` names the document in error messages (a path,
/// `"request body"`). Throws `cotation::document_error`.
///
/// Each applicant is read into the model as soon as its object is parsed, and its text tree
/// dropped, so that a country-sized document (2.7 million requests, gigabytes of JSON) needs
/// about the memory of the model. Errors therefore come in document order: a faulty applicant
/// is reported before a syntax error further on.
[[nodiscard]] data_set read_data_set(std::string_view json_text, std::string_view source_name);

/// Reads a data set document from a file, parsing it as it is read (the text is never held
/// whole); the path is the source name. Throws `cotation::document_error` (with an empty
/// pointer when the file cannot be read).
[[nodiscard]] data_set read_data_set_file(const std::filesystem::path& path);

/// A data set document whose requests were read straight into a pool.
struct pooled_data_set {
  /// The document's requests, at indexes 0, 1, ... in document order.
  applicant_pool requests;
  /// The rest of the document; its `applicants` are empty.
  data_set rest;
};

/// `read_data_set`, the requests added to a pool prepared for `prepared_for` as they are
/// parsed: no list of applicants is ever built (about 600 bytes a request beside the pool's
/// 200), so that a national document loads within the pool's memory and a little more. The
/// same checks and errors as `read_data_set`; a failed read returns no pool.
[[nodiscard]] pooled_data_set read_pooled_data_set(std::string_view json_text,
                                                   std::string_view source_name,
                                                   const eligibility_policy& prepared_for = {});

/// `read_pooled_data_set` on a file, parsed as it is read, like `read_data_set_file`.
[[nodiscard]] pooled_data_set read_pooled_data_set_file(
    const std::filesystem::path& path, const eligibility_policy& prepared_for = {});

/// Reads one applicant object (the items of the data set's `"applicants"` array).
[[nodiscard]] applicant applicant_from_json(std::string_view json_text,
                                            std::string_view source_name = "applicant");

/// Reads one offer object (the items of the data set's `"offers"` array).
[[nodiscard]] offer offer_from_json(std::string_view json_text,
                                    std::string_view source_name = "offer");

/// Writes the data set document, ending with a newline. Throws `cotation::invalid_argument`
/// when an item fails `validate()`, a history or attribution date is not a date, a request
/// number or offer id is used twice, a positioning list names an unknown offer or request (or
/// one twice), or an ALS target is out of range: the document written is always readable.
[[nodiscard]] std::string to_json(const data_set& d);
/// Writes one applicant object, ending with a newline; throws as `to_json(const data_set&)`.
[[nodiscard]] std::string to_json(const applicant& a);
/// Writes one offer object, ending with a newline; throws as `to_json(const data_set&)`.
[[nodiscard]] std::string to_json(const offer& o);

/// Progress of a long write: items written so far and items in all (applicants, offers,
/// positioning lists and attributions).
using write_progress = std::function<void(std::size_t done, std::size_t total)>;

/// Writes `to_json(d)` to `out` item by item, without ever holding the whole text (a data set of
/// 2.7 million requests is a few gigabytes of JSON). `progress`, when set, is called every 4 096
/// items and once at the end. Throws like `to_json`; the stream then holds a partial document.
void write_data_set(const data_set& d, std::ostream& out, const write_progress& progress = {});

/// Writes the document to a file (replacing it) with `write_data_set`. The text goes to
/// `<path>.partial` first, renamed to `path` once complete, so that a failed write leaves no
/// partial document. Throws like `to_json`, or `cotation::data_error` when the file cannot be
/// written.
void write_data_set_file(const data_set& d, const std::filesystem::path& path,
                         const write_progress& progress = {});

}  // namespace cotation
