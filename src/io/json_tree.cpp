// SPDX-License-Identifier: MIT
#include "io/json_tree.hpp"

#include <algorithm>
#include <charconv>
#include <istream>
#include <nlohmann/json.hpp>

namespace cotation::detail {

std::string_view kind_name(jvalue::kind k) {
  switch (k) {
    case jvalue::kind::null:
      return "null";
    case jvalue::kind::boolean:
      return "a boolean";
    case jvalue::kind::number:
      return "a number";
    case jvalue::kind::string:
      return "a string";
    case jvalue::kind::array:
      return "an array";
    case jvalue::kind::object:
      return "an object";
  }
  return "?";
}

// RFC 6901: '~' is written "~0" and '/' "~1".
void append_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

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

class tree_builder {
 public:
  using json = nlohmann::json;

  explicit tree_builder(locator locate, const streamed_array* streamed = nullptr)
      : locate_(std::move(locate)), streamed_(streamed) {}

  bool null() { return add(jvalue{}); }
  bool boolean(bool b) {
    jvalue v;
    v.k = jvalue::kind::boolean;
    v.flag = b;
    return add(std::move(v));
  }
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
  bool string(json::string_t& s) {
    jvalue v;
    v.k = jvalue::kind::string;
    v.text = std::move(s);
    return add(std::move(v));
  }
  bool binary(json::binary_t& /*unused*/) { return fail_here("binary values are not JSON"); }
  bool start_object(std::size_t /*unused*/) { return open(jvalue::kind::object); }
  bool key(json::string_t& k) {
    stack_.back()->keys.push_back(std::move(k));
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*unused*/) { return open(jvalue::kind::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 9: <why>";
    // keep <why>, the position is ours.
    std::string_view why = ex.what();
    if (const auto col = why.find(", column "); col != std::string_view::npos) {
      if (const auto colon = why.find(": ", col); colon != std::string_view::npos) {
        why = why.substr(colon + 2);
      }
    } else if (const auto close_bracket = why.find("] "); close_bracket != std::string_view::npos) {
      why = why.substr(close_bracket + 2);
    }
    const text_position at = locate_(position == 0 ? 0 : position - 1);
    error_pointer_ = current_pointer();
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
    return std::move(root_);
  }

 private:
  bool number(std::string token) {
    jvalue v;
    v.k = jvalue::kind::number;
    v.text = std::move(token);
    return add(std::move(v));
  }

  jvalue* place(jvalue v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    jvalue& parent = *stack_.back();
    parent.items.push_back(std::move(v));
    return &parent.items.back();
  }

  bool add(jvalue v) {
    place(std::move(v));
    hand_over_item();
    return true;
  }

  bool open(jvalue::kind k) {
    if (stack_.size() >= max_depth) {
      return fail_here(fmt::format("nesting deeper than {} levels", max_depth));
    }
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

  bool close() {
    if (stack_.back() == streaming_) {
      streaming_ = nullptr;
      streamed_done_ = true;
    }
    stack_.pop_back();
    hand_over_item();
    return true;
  }

  // When the value just completed is an item of the streamed array: hand it to the sink and drop
  // it, counting it so that pointers keep their indices.
  void hand_over_item() {
    if (streaming_ == nullptr || stack_.empty() || stack_.back() != streaming_) return;
    streamed_->sink(streaming_->items.back(), streamed_count_);
    streaming_->items.pop_back();
    ++streamed_count_;
  }

  bool fail_here(std::string reason) {
    error_pointer_ = current_pointer();
    error_reason_ = std::move(reason);
    return false;
  }

  // The pointer of the value being parsed: each open container's current child.
  std::string current_pointer() const {
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

  locator locate_;
  const streamed_array* streamed_;
  jvalue root_;
  std::vector<jvalue*> stack_;
  jvalue* streaming_ = nullptr;  // the streamed array while it is open
  bool streamed_done_ = false;
  std::size_t streamed_count_ = 0;
  std::string error_pointer_;
  std::string error_reason_;
  std::optional<text_position> error_position_;
};

}  // namespace

jvalue parse_tree(std::string_view text, std::string_view source, const streamed_array* streamed) {
  return tree_builder([text](std::size_t offset) { return position_of(text, offset); }, streamed)
      .parse(source, text.data(), text.data() + text.size());
}

jvalue parse_tree(std::istream& in, std::string_view source, const locator& locate,
                  const streamed_array* streamed) {
  return tree_builder(locate, streamed).parse(source, in);
}

text_position position_in(std::string_view text, std::size_t offset) {
  return position_of(text, offset);
}

std::string read_string(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  return v.text;
}

bool read_bool(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::boolean);
  return v.flag;
}

int read_int(const reader& r, const jvalue& v, int min, int max) {
  r.expect(v, jvalue::kind::number);
  std::int64_t n = 0;
  const char* b = v.text.data();
  const char* e = b + v.text.size();
  const auto [p, ec] = std::from_chars(b, e, n);
  if (v.text.find_first_of(".eE") != std::string::npos) {
    r.fail(fmt::format("expected an integer, got {}", v.text));
  }
  if (ec != std::errc{} || p != e || n < min || n > max) {
    r.fail(fmt::format("{} is out of range ({} to {})", v.text, min, max));
  }
  return static_cast<int>(n);
}

money read_money(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::number);
  const auto parsed = detail::parse_euros(v.text, ".");
  switch (parsed.outcome) {
    case detail::amount_parse::status::ok:
      return parsed.value;
    case detail::amount_parse::status::negative:
      r.fail(
          fmt::format("must not be negative (got -{} euros)", detail::format_euros(parsed.value)));
    case detail::amount_parse::status::malformed:
      break;
  }
  r.fail(fmt::format("{} is not an amount of euros: {}", v.text, parsed.problem));
}

date read_date(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  try {
    return parse_iso_date(v.text, "");
  } catch (const invalid_argument& e) {
    r.fail(e.reason());
  }
}

request_number read_request_number(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto problem = request_number::check(v.text)) {
    r.fail(fmt::format("\"{}\" is not a request number: at character {}: {}", v.text,
                       problem->position + 1, problem->reason));
  }
  return request_number::parse(v.text);
}

department read_department(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto d = department::try_parse(v.text)) return *d;
  r.fail(fmt::format("\"{}\" is not a department (expected 001-095, 02A, 02B, 971-974 or 976)",
                     v.text));
}

commune_code read_commune(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::string);
  if (const auto c = commune_code::try_parse(v.text)) return *c;
  r.fail(fmt::format("\"{}\" is not an INSEE commune code (five characters, existing department)",
                     v.text));
}

jvalue j_string(std::string_view s) {
  jvalue v;
  v.k = jvalue::kind::string;
  v.text = s;
  return v;
}

jvalue j_number(std::string text) {
  jvalue v;
  v.k = jvalue::kind::number;
  v.text = std::move(text);
  return v;
}

jvalue j_int(int n) { return j_number(fmt::format("{}", n)); }
jvalue j_money(money m) { return j_number(detail::format_euros(m)); }
jvalue j_bool(bool b) {
  jvalue v;
  v.k = jvalue::kind::boolean;
  v.flag = b;
  return v;
}

jvalue j_date(date d, std::string_view field) {
  if (d.is_special()) throw invalid_argument(std::string(field), "is not a date");
  return j_string(to_iso(d));
}

void print_string(std::string_view s, std::string& out) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

namespace {

bool is_scalar(const jvalue& v) {
  return v.k != jvalue::kind::array && v.k != jvalue::kind::object;
}

bool is_flat_object(const jvalue& v) {
  return v.k == jvalue::kind::object && std::all_of(v.items.begin(), v.items.end(), is_scalar);
}

// Layout: objects one field per line; arrays of scalars on one line; arrays of objects one item
// per line, a flat object (scalars only) written on that line when the line, comma included,
// fits in `max_line` bytes.
constexpr std::size_t max_line = 100;

void print(const jvalue& v, std::string& out, std::size_t indent, bool one_line) {
  switch (v.k) {
    case jvalue::kind::null:
      out += "null";
      return;
    case jvalue::kind::boolean:
      out += v.flag ? "true" : "false";
      return;
    case jvalue::kind::number:
      out += v.text;
      return;
    case jvalue::kind::string:
      print_string(v.text, out);
      return;
    case jvalue::kind::array: {
      if (v.items.empty()) {
        out += "[]";
        return;
      }
      if (std::all_of(v.items.begin(), v.items.end(), is_scalar)) {
        out += '[';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (i != 0) out += ", ";
          print(v.items[i], out, indent, true);
        }
        out += ']';
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        print_array_item(v.items[i], out, indent, i + 1 == v.items.size());
      }
      out.append(indent, ' ');
      out += ']';
      return;
    }
    case jvalue::kind::object: {
      if (v.items.empty()) {
        out += "{}";
        return;
      }
      if (one_line) {
        out += '{';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (i != 0) out += ", ";
          print_string(v.keys[i], out);
          out += ": ";
          print(v.items[i], out, indent, true);
        }
        out += '}';
        return;
      }
      out += "{\n";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        out.append(indent + 2, ' ');
        print_string(v.keys[i], out);
        out += ": ";
        print(v.items[i], out, indent + 2, false);
        out += i + 1 < v.items.size() ? ",\n" : "\n";
      }
      out.append(indent, ' ');
      out += '}';
      return;
    }
  }
}

}  // namespace

void print_array_item(const jvalue& item, std::string& out, std::size_t indent, bool last) {
  out.append(indent + 2, ' ');
  std::string line;
  if (is_flat_object(item)) print(item, line, indent + 2, true);
  if (!line.empty() && indent + 2 + line.size() + 1 <= max_line) {
    out += line;
  } else {
    print(item, out, indent + 2, false);
  }
  out += last ? "\n" : ",\n";
}

void print_value(const jvalue& v, std::string& out, std::size_t indent) {
  print(v, out, indent, false);
}

std::string print_document(const jvalue& v) {
  std::string out;
  print(v, out, 0, false);
  out += '\n';
  return out;
}

namespace {
void print_compact(const jvalue& v, std::string& out) {
  switch (v.k) {
    case jvalue::kind::array:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i != 0) out += ", ";
        print_compact(v.items[i], out);
      }
      out += ']';
      return;
    case jvalue::kind::object:
      out += '{';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i != 0) out += ", ";
        print_string(v.keys[i], out);
        out += ": ";
        print_compact(v.items[i], out);
      }
      out += '}';
      return;
    default:
      print(v, out, 0, true);
      return;
  }
}
}  // namespace

std::string print_line(const jvalue& v) {
  std::string out;
  print_compact(v, out);
  return out;
}

attribution_record read_attribution_record(reader& r, const jvalue& v) {
  object_fields a(r, v, {"on", "size"});
  attribution_record rec;
  rec.on = a.required("on", [&](const jvalue& z) { return read_date(r, z); });
  rec.size = a.required("size", [&](const jvalue& z) { return read_enum<company_size>(r, z); });
  return rec;
}

jvalue write_attribution_record(const attribution_record& a, std::string_view field) {
  return object_builder{}.add("on", j_date(a.on, field)).add("size", j_enum(a.size)).v;
}

}  // namespace cotation::detail
