// SPDX-License-Identifier: MIT
#include "io/json_write.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <cotation/error.hpp>

#include "io/io_text.hpp"

namespace cotation::detail {

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

}  // namespace cotation::detail
