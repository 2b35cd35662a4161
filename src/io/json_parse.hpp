// SPDX-License-Identifier: MIT
// The parse core: JSON text to the tree (io/json_value.hpp), with the line, column and JSON
// pointer of a syntax error, and the root object's big array handed over item by item. The
// per-type mappings only see the tree: a faster parser replaces json_parse.cpp alone.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
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

/// The line and column of a byte offset in `text`.
text_position position_in(std::string_view text, std::size_t offset);

}  // namespace cotation::detail
