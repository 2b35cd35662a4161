// SPDX-License-Identifier: MIT
// The fast parse (`fast_parse_tree`): the root object read a member at a time from a window over
// the text, each member's value (and each item of the streamed array) cut out by a scan that
// only follows strings and brackets, then parsed and checked by simdjson's On-Demand parser into
// the tree. simdjson stays in this file. It gives the tree `parse_tree` gives, or nothing: then
// the caller parses the text again with `parse_tree`, which finds the fault and its place.
#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "detail/handover.hpp"
#include "io/json_parse.hpp"

namespace cotation::detail {

namespace {

namespace od = simdjson::ondemand;

constexpr std::size_t max_depth = 64;  // as `parse_tree`'s (json_parse.cpp)

bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// Where a scan for the end of a string, an array or an object is: in a string or not, how
/// many brackets are open, and the first byte that is not an escape's (the byte after a
/// backslash in a string is taken whatever it is).
struct structure {
  int depth = 0;
  bool in_string = false;
  std::size_t plain_from = 0;

  /// Takes the structural byte `c` at `at`; true when it ends the value.
  bool take(char c, std::size_t at) noexcept {
    if (at < plain_from) return false;
    if (in_string) {
      if (c == '\\') {
        plain_from = at + 2;
      } else if (c == '"') {
        in_string = false;
        return depth == 0;
      }
      return false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      return --depth == 0;
    }
    return false;
  }

  static bool structural(char c) noexcept {
    return c == '"' || c == '\\' || c == '{' || c == '}' || c == '[' || c == ']';
  }

  /// Scans `text[at, size)` for the value's end; true with `at` just past it, false with `at`
  /// at `size`. Sixteen bytes at a time where SSE2 is (most bytes of a document are none of
  /// the six that matter), the rest byte by byte.
  bool scan(const char* text, std::size_t size, std::size_t& at) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i open_brace = _mm_set1_epi8('{');
    const __m128i close_brace = _mm_set1_epi8('}');
    const __m128i open_bracket = _mm_set1_epi8('[');
    const __m128i close_bracket = _mm_set1_epi8(']');
    for (; at + 16 <= size; at += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + at));
      const __m128i hits = _mm_or_si128(
          _mm_or_si128(
              _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
              _mm_or_si128(_mm_cmpeq_epi8(bytes, open_brace), _mm_cmpeq_epi8(bytes, close_brace))),
          _mm_or_si128(_mm_cmpeq_epi8(bytes, open_bracket), _mm_cmpeq_epi8(bytes, close_bracket)));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
      while (mask != 0) {
        const std::size_t k = at + static_cast<std::size_t>(std::countr_zero(mask));
        mask &= mask - 1;
        if (take(text[k], k)) {
          at = k + 1;
          return true;
        }
      }
    }
#endif
    for (; at < size; ++at) {
      if (structural(text[at]) && take(text[at], at)) {
        ++at;
        return true;
      }
    }
    return false;
  }
};

/// A window over the text, refilled from the source a chunk at a time; what is before the
/// cursor is dropped when room is needed.
class text_window {
 public:
  explicit text_window(const text_source& source) : source_(source) {}

  /// The byte at the cursor after any spaces, -1 at the end of the text.
  int next() {
    for (;;) {
      while (pos_ < buf_.size() && is_space(buf_[pos_])) ++pos_;
      if (pos_ < buf_.size()) return static_cast<unsigned char>(buf_[pos_]);
      if (!fill()) return -1;
    }
  }

  /// Moves past the byte `next` gave.
  void skip() noexcept { ++pos_; }

  /// The value at the cursor (after spaces), cut at its end: a string to its closing quote, an
  /// array or an object to its closing bracket (following strings and their escapes), anything
  /// else to the next space, comma or bracket. The cursor moves past it. Nothing when the text
  /// ends first. The view lasts until the next call.
  std::optional<std::string_view> value() {
    if (next() < 0) return std::nullopt;
    const char first = buf_[pos_];
    std::size_t rel = 1;  // scanned so far, from the cursor
    structure s;
    s.depth = (first == '{' || first == '[') ? 1 : 0;
    s.in_string = first == '"';
    const bool scalar = s.depth == 0 && !s.in_string;
    for (;;) {
      const char* const start = buf_.data() + pos_;
      const std::size_t size = buf_.size() - pos_;
      bool done = false;
      if (scalar) {
        while (rel < size && !is_space(start[rel]) && start[rel] != ',' && start[rel] != '}' &&
               start[rel] != ']') {
          ++rel;
        }
        done = rel < size;
      } else {
        done = s.scan(start, size, rel);
      }
      if (done || (!fill() && scalar && rel > 0)) {
        const std::string_view v(buf_.data() + pos_, rel);
        pos_ += rel;
        return v;
      }
      if (pos_ + rel >= buf_.size()) return std::nullopt;  // the text ended inside the value
    }
  }

 private:
  /// Reads more of the text after what the window holds, first dropping what is before the
  /// cursor when that is most of it; false at the end of the text.
  bool fill() {
    if (pos_ > 0 && pos_ * 2 >= buf_.size()) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    const std::size_t had = buf_.size();
    const std::size_t room = std::max(chunk, had / 2);
    buf_.resize(had + room);
    const std::size_t got = source_(buf_.data() + had, room);
    buf_.resize(had + got);
    return got > 0;
  }

  static constexpr std::size_t chunk = std::size_t{1} << 20;
  const text_source& source_;
  std::string buf_;
  std::size_t pos_ = 0;
};

/// A number's text as `parse_tree` keeps it, into `out`: an integer that fits 64 bits written
/// back from its value (`-0` is `0`), any other number as written.
void number_text(std::string_view raw, std::string& out) {
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  if (raw.find_first_of(".eE") == std::string_view::npos) {
    const char* const end = raw.data() + raw.size();
    std::array<char, 24> digits{};
    if (!raw.empty() && raw.front() == '-') {
      std::int64_t x = 0;
      if (const auto r = std::from_chars(raw.data(), end, x); r.ec == std::errc() && r.ptr == end) {
        const auto w = std::to_chars(digits.data(), digits.data() + digits.size(), x);
        out.assign(digits.data(), w.ptr);
        return;
      }
    } else {
      std::uint64_t x = 0;
      if (const auto r = std::from_chars(raw.data(), end, x); r.ec == std::errc() && r.ptr == end) {
        const auto w = std::to_chars(digits.data(), digits.data() + digits.size(), x);
        out.assign(digits.data(), w.ptr);
        return;
      }
    }
  }
  out.assign(raw);
}

/// The text of the number at `v`, as written (and the spaces after it).
bool raw_token(od::value& v, std::string_view& raw) {
  raw = v.raw_json_token();
  return true;
}
bool raw_token(od::document& d, std::string_view& raw) {
  return d.raw_json_token().get(raw) == simdjson::SUCCESS;
}

/// A scalar node: no keys, no items.
void make_scalar(jvalue& out, jvalue::kind k) {
  out.k = k;
  out.keys.clear();
  out.items.clear();
}

/// Converts a value (of a document or inside one) into `out`, overwriting what it holds (its
/// storage reused: the items of a large array have much the same shape, and their strings and
/// lists are then allocated once); false at any fault, or when the value nests containers at
/// `depth` or deeper than `parse_tree` allows.
template <typename Value>
bool convert(Value& v, jvalue& out, std::size_t depth) {
  od::json_type type{};
  if (v.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case od::json_type::object: {
      if (depth >= max_depth) return false;
      od::object object;
      if (v.get_object().get(object) != simdjson::SUCCESS) return false;
      out.k = jvalue::kind::object;
      out.text.clear();
      std::size_t n = 0;
      for (auto member : object) {
        od::field field;
        std::string_view key;
        if (std::move(member).get(field) != simdjson::SUCCESS ||
            field.unescaped_key().get(key) != simdjson::SUCCESS) {
          return false;
        }
        if (n == out.items.size()) out.items.emplace_back();
        if (n == out.keys.size()) out.keys.emplace_back();
        out.keys[n].assign(key);
        od::value item = field.value();
        if (!convert(item, out.items[n], depth + 1)) return false;
        ++n;
      }
      out.keys.resize(n);
      out.items.resize(n);
      return true;
    }
    case od::json_type::array: {
      if (depth >= max_depth) return false;
      od::array array;
      if (v.get_array().get(array) != simdjson::SUCCESS) return false;
      out.k = jvalue::kind::array;
      out.text.clear();
      out.keys.clear();
      std::size_t n = 0;
      for (auto element : array) {
        od::value item;
        if (std::move(element).get(item) != simdjson::SUCCESS) return false;
        if (n == out.items.size()) out.items.emplace_back();
        if (!convert(item, out.items[n], depth + 1)) return false;
        ++n;
      }
      out.items.resize(n);
      return true;
    }
    case od::json_type::number: {
      std::string_view raw;
      if (!raw_token(v, raw)) return false;
      od::number n;
      if (v.get_number().get(n) != simdjson::SUCCESS) return false;  // checks the grammar
      make_scalar(out, jvalue::kind::number);
      number_text(raw, out.text);
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) return false;
      make_scalar(out, jvalue::kind::string);
      out.text.assign(s);
      return true;
    }
    case od::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b) != simdjson::SUCCESS) return false;
      make_scalar(out, jvalue::kind::boolean);
      out.flag = b;
      return true;
    }
    case od::json_type::null: {
      bool null = false;
      if (v.is_null().get(null) != simdjson::SUCCESS || !null) return false;
      make_scalar(out, jvalue::kind::null);
      return true;
    }
  }
  return false;
}

/// Parses one cut-out value whose containers open at `depth` (the root's members at 1, the
/// streamed array's items at 2), reusing the parser and its padded copy of the text.
class value_parser {
 public:
  bool parse(std::string_view text, std::size_t depth, jvalue& out) {
    copy_.assign(text);
    copy_.append(simdjson::SIMDJSON_PADDING, ' ');
    od::document doc;
    if (parser_.iterate(copy_.data(), text.size(), copy_.size()).get(doc) != simdjson::SUCCESS) {
      return false;
    }
    od::json_type type{};
    if (doc.type().get(type) != simdjson::SUCCESS) return false;
    bool ok = false;
    if (type == od::json_type::object || type == od::json_type::array) {
      od::value v;
      ok = doc.get_value().get(v) == simdjson::SUCCESS && convert(v, out, depth);
    } else {
      ok = convert(doc, out, depth);
    }
    // No trailing content to check: the value was cut at its end.
    return ok;
  }

 private:
  od::parser parser_;
  std::string copy_;
};

}  // namespace

namespace {

/// Parses the root object into `root`, the streamed array's items each into the node
/// `items.slot()` gives, handed over by `items.done()`; false where `parse_tree` is needed.
template <typename Items>
bool parse_root(const text_source& text, const streamed_array* streamed, jvalue& root,
                Items& items) {
  text_window in(text);
  value_parser values;
  root = jvalue{};
  root.k = jvalue::kind::object;
  if (in.next() != '{') return false;
  in.skip();
  if (in.next() == '}') {
    in.skip();
  } else {
    for (;;) {
      if (in.next() != '"') return false;
      const std::optional<std::string_view> key_text = in.value();
      jvalue key;
      if (!key_text || !values.parse(*key_text, 1, key) || key.k != jvalue::kind::string) {
        return false;
      }
      if (in.next() != ':') return false;
      in.skip();
      // The root object's streamed array, at the first occurrence of its key (as
      // `parse_tree`): its items handed over one by one, the array left empty in the tree.
      const bool streams =
          streamed != nullptr && key.text == streamed->key &&
          std::find(root.keys.begin(), root.keys.end(), key.text) == root.keys.end() &&
          in.next() == '[';
      root.keys.push_back(std::move(key.text));
      root.items.emplace_back();
      if (streams) {
        root.items.back().k = jvalue::kind::array;
        in.skip();
        if (in.next() == ']') {
          in.skip();
        } else {
          for (;;) {
            const std::optional<std::string_view> item_text = in.value();
            if (!item_text || !values.parse(*item_text, 2, items.slot())) return false;
            items.done();
            const int after = in.next();
            in.skip();
            if (after == ']') break;
            if (after != ',') return false;
          }
        }
      } else {
        const std::optional<std::string_view> value_text = in.value();
        if (!value_text || !values.parse(*value_text, 1, root.items.back())) return false;
      }
      const int after = in.next();
      in.skip();
      if (after == '}') break;
      if (after != ',') return false;
    }
  }
  return in.next() < 0;  // else more than one value
}

/// Items handed to the sink as they are parsed, one node reused.
class items_in_place {
 public:
  explicit items_in_place(const streamed_array* streamed) : streamed_(streamed) {}
  jvalue& slot() noexcept { return item_; }
  void done() { streamed_->sink(item_, index_++); }

 private:
  const streamed_array* streamed_;
  jvalue item_;
  std::size_t index_ = 0;
};

/// Items parsed on one thread, handed to the sink on another.
struct item_batch {
  static constexpr std::size_t size = 256;
  /// The first `count` are the batch's; the others lend their nodes to the next items.
  std::vector<jvalue> items;
  std::size_t count = 0;
  void clear() noexcept { count = 0; }
};

/// Items parsed into batches, handed over full (the parsing thread's side).
class items_in_batches {
 public:
  explicit items_in_batches(batch_writer<item_batch>& out) : out_(out) {}
  jvalue& slot() {
    item_batch& batch = out_.current();
    if (batch.count == batch.items.size()) batch.items.emplace_back();
    return batch.items[batch.count];
  }
  void done() {
    if (++out_.current().count == item_batch::size) out_.hand_over();
  }

 private:
  batch_writer<item_batch>& out_;
};

/// `parse_root` on a second thread, the sink called on this one as batches come: the parsing
/// and the readers of the items (their checks, the pool) run side by side.
bool parse_root_beside(const text_source& text, const streamed_array* streamed, jvalue& root) {
  bool ok = false;
  std::size_t index = 0;
  parse_beside<item_batch>(
      [&](batch_writer<item_batch>& out) {
        items_in_batches items(out);
        ok = parse_root(text, streamed, root, items);
      },
      [&](const item_batch& batch) {
        for (std::size_t k = 0; k < batch.count; ++k) streamed->sink(batch.items[k], index++);
      });
  return ok;
}

}  // namespace

std::optional<jvalue> fast_parse_tree(const text_source& text, const streamed_array* streamed,
                                      bool beside) {
  jvalue root;
  bool ok = false;
  if (beside && streamed != nullptr) {
    ok = parse_root_beside(text, streamed, root);
  } else {
    items_in_place items(streamed);
    ok = parse_root(text, streamed, root, items);
  }
  if (!ok) return std::nullopt;
  return root;
}

}  // namespace cotation::detail
