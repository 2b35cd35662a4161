// SPDX-License-Identifier: MIT
// The parse core over nlohmann::json's SAX interface (nlohmann stays in this file). Two parts:
// `tree_assembler` builds the tree from parse events, whatever parser emits them, and knows the
// JSON pointer of the value being parsed; `nlohmann_events` turns nlohmann's callbacks and syntax
// errors into those events and into a `document_error`.
#include "io/json_parse.hpp"

#include <algorithm>
#include <istream>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cotation::detail {

namespace {

text_position position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column =
      line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return text_position{line, column, offset};
}

constexpr std::size_t max_depth = 64;

jvalue scalar(jvalue::kind k, std::string text = {}, bool flag = false) {
  jvalue v;
  v.k = k;
  v.text = std::move(text);
  v.flag = flag;
  return v;
}

// The tree under construction: values, keys, and containers opened and closed in document order.
// The root object's streamed array (if any) hands each item over as it completes and drops it,
// counting it so that pointers keep their indices.
class tree_assembler {
 public:
  explicit tree_assembler(const streamed_array* streamed) : streamed_(streamed) {}

  void value(jvalue v) {
    place(std::move(v));
    hand_over_item();
  }

  void key(std::string k) { stack_.back()->keys.push_back(std::move(k)); }

  /// Opens an array or an object; false, and nothing opened, beyond `max_depth` levels.
  bool open(jvalue::kind k) {
    if (stack_.size() >= max_depth) return false;
    jvalue v;
    v.k = k;
    // The root object's streamed array, at the first occurrence of its key.
    const bool streamed =
        k == jvalue::kind::array && streamed_ != nullptr && streaming_ == nullptr &&
        !streamed_done_ && stack_.size() == 1 && stack_[0]->k == jvalue::kind::object &&
        stack_[0]->keys.size() == stack_[0]->items.size() + 1 &&
        stack_[0]->keys.back() == streamed_->key &&
        std::count(stack_[0]->keys.begin(), stack_[0]->keys.end(), streamed_->key) == 1;
    // Ancestors are not modified while a child is open, so the pointers stay valid.
    stack_.push_back(place(std::move(v)));
    if (streamed) streaming_ = stack_.back();
    return true;
  }

  void close() {
    if (stack_.back() == streaming_) {
      streaming_ = nullptr;
      streamed_done_ = true;
    }
    stack_.pop_back();
    hand_over_item();
  }

  // The pointer of the value being parsed: each open container's current child.
  [[nodiscard]] std::string pointer() const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const jvalue& c = *stack_[i];
      const bool innermost = i + 1 == stack_.size();
      if (c.k == jvalue::kind::array) {
        std::size_t index = innermost ? c.items.size() : c.items.size() - 1;
        if (&c == streaming_) index += streamed_count_;
        append_token(p, fmt::format("{}", index));
      } else if (!c.keys.empty() && (!innermost || c.keys.size() > c.items.size())) {
        append_token(p, c.keys.back());
      }
    }
    return p;
  }

  jvalue take_root() { return std::move(root_); }

 private:
  jvalue* place(jvalue v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    jvalue& parent = *stack_.back();
    parent.items.push_back(std::move(v));
    return &parent.items.back();
  }

  // When the value just completed is an item of the streamed array: hand it to the sink.
  void hand_over_item() {
    if (streaming_ == nullptr || stack_.empty() || stack_.back() != streaming_) return;
    streamed_->sink(streaming_->items.back(), streamed_count_);
    streaming_->items.pop_back();
    ++streamed_count_;
  }

  const streamed_array* streamed_;
  jvalue root_;
  std::vector<jvalue*> stack_;
  jvalue* streaming_ = nullptr;  // the streamed array while it is open
  bool streamed_done_ = false;
  std::size_t streamed_count_ = 0;
};

// nlohmann's SAX callbacks, forwarded to the assembler. A syntax error is kept with its position
// and the pointer where it happened; `parse` throws it as a
// `document_error`.
class nlohmann_events {
 public:
  using json = nlohmann::json;

  nlohmann_events(locator locate, const streamed_array* streamed)
      : locate_(std::move(locate)), tree_(streamed) {}

  bool null() { return value(jvalue{}); }
  bool boolean(bool b) { return value(scalar(jvalue::kind::boolean, {}, b)); }
  bool number_integer(json::number_integer_t n) { return number(fmt::format("{}", n)); }
  bool number_unsigned(json::number_unsigned_t n) { return number(fmt::format("{}", n)); }
  bool number_float(json::number_float_t /*value*/, const json::string_t& token) {
    // The lexer writes the locale's decimal point into the token: normalise it to '.'.
    std::string t = token;
    for (char& c : t) {
      if ((c < '0' || c > '9') && c != '-' && c != '+' && c != 'e' && c != 'E') c = '.';
    }
    return number(std::move(t));
  }
  bool string(json::string_t& s) { return value(scalar(jvalue::kind::string, std::move(s))); }
  bool binary(json::binary_t& /*unused*/) { return fail_here("binary values are not JSON"); }
  bool start_object(std::size_t /*unused*/) { return open(jvalue::kind::object); }
  bool key(json::string_t& k) {
    tree_.key(std::move(k));
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*unused*/) { return open(jvalue::kind::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 9: <why>"; keep
    // <why>, the position is ours.
    std::string_view why = ex.what();
    if (const auto col = why.find(", column "); col != std::string_view::npos) {
      if (const auto colon = why.find(": ", col); colon != std::string_view::npos) {
        why = why.substr(colon + 2);
      }
    } else if (const auto close_bracket = why.find("] "); close_bracket != std::string_view::npos) {
      why = why.substr(close_bracket + 2);
    }
    const text_position at = locate_(position == 0 ? 0 : position - 1);
    error_pointer_ = tree_.pointer();
    error_reason_ = fmt::format("invalid JSON at line {}, column {} (byte {}): {}", at.line,
                                at.column, at.offset, why);
    error_position_ = at;
    return false;
  }

  /// Parses `input` (what nlohmann's `sax_parse` reads: a pair of pointers, a stream); throws
  /// `document_error` on any syntax error, or what a streamed item's sink throws.
  template <typename... Input>
  jvalue parse(std::string_view source, Input&&... input) {
    const bool ok = nlohmann::json::sax_parse(std::forward<Input>(input)..., this);
    if (!ok || !error_reason_.empty()) {
      throw document_error(std::string(source), error_pointer_,
                           error_reason_.empty() ? std::string("invalid JSON") : error_reason_,
                           error_position_);
    }
    return tree_.take_root();
  }

 private:
  bool value(jvalue v) {
    tree_.value(std::move(v));
    return true;
  }
  bool number(std::string token) { return value(scalar(jvalue::kind::number, std::move(token))); }
  bool open(jvalue::kind k) {
    if (tree_.open(k)) return true;
    return fail_here(fmt::format("nesting deeper than {} levels", max_depth));
  }
  bool close() {
    tree_.close();
    return true;
  }
  bool fail_here(std::string reason) {
    error_pointer_ = tree_.pointer();
    error_reason_ = std::move(reason);
    return false;
  }

  locator locate_;
  tree_assembler tree_;
  std::string error_pointer_;
  std::string error_reason_;
  std::optional<text_position> error_position_;
};

}  // namespace

jvalue parse_tree(std::string_view text, std::string_view source, const streamed_array* streamed) {
  return nlohmann_events([text](std::size_t offset) { return position_of(text, offset); }, streamed)
      .parse(source, text.data(), text.data() + text.size());
}

jvalue parse_tree(std::istream& in, std::string_view source, const locator& locate,
                  const streamed_array* streamed) {
  return nlohmann_events(locate, streamed).parse(source, in);
}

text_position position_in(std::string_view text, std::size_t offset) {
  return position_of(text, offset);
}

}  // namespace cotation::detail
