// SPDX-License-Identifier: MIT
// The parse core: JSON text to the tree (io/json_value.hpp), with the line, column and JSON
// pointer of a syntax error, and the root object's big array handed over item by item. The
// per-type mappings only see the tree: a faster parser replaces json_parse.cpp alone.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include <cotation/error.hpp>

#include "io/json_value.hpp"

namespace cotation::detail {

/// An array of the root object whose items are handed over one by one while the document is
/// parsed, then dropped: a large document (2.7 million applicants) is never held whole as a tree.
/// Only the first occurrence of `key` streams; the array is left empty in the tree.
struct streamed_array {
  std::string key;
  /// Receives each complete item with its index; may throw (the parse stops).
  std::function<void(const jvalue& item, std::size_t index)> sink;
};

/// Parses a JSON text into the tree; throws `document_error` naming `source`, with the pointer
/// and the line and column of a syntax error.
jvalue parse_tree(std::string_view text, std::string_view source,
                  const streamed_array* streamed = nullptr);

/// Finds the line and column of a byte offset, for syntax errors.
using locator = std::function<text_position(std::size_t offset)>;

/// Parses a JSON text read from `in` as it comes; `locate` places a syntax error.
jvalue parse_tree(std::istream& in, std::string_view source, const locator& locate,
                  const streamed_array* streamed = nullptr);

/// Bytes of a JSON text read a piece at a time: copies up to `n` bytes into `out` and returns
/// how many, 0 at the end.
using text_source = std::function<std::size_t(char* out, std::size_t n)>;

/// `parse_tree`'s tree (the streamed array's items handed over alike, in order) parsed with
/// simdjson: the root object a member at a time, each value (and each streamed item) cut out of
/// a window over the text and parsed whole. Returns nothing where `parse_tree` is needed: a
/// syntax error anywhere, a root that is not an object, nesting near the limit. The caller then
/// parses the text again with `parse_tree`, which gives the fault and its place, after
/// dropping the items already handed over. What a sink throws goes through. `beside`: the text
/// is parsed on a second thread while this one calls the sink (for a large document: a thread
/// is started per call).
std::optional<jvalue> fast_parse_tree(const text_source& text, const streamed_array* streamed,
                                      bool beside = false);

/// The line and column of a byte offset in `text`.
text_position position_in(std::string_view text, std::size_t offset);

}  // namespace cotation::detail
