// SPDX-License-Identifier: MIT
// The JSON form of a grid, read from the library's JSON tree (io/json_parse.hpp) and written in its
// canonical layout (io/json_write.hpp), with the grid's own faults (`grid_error`).
#include <cotation/error.hpp>
#include <cotation/grid.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/json_parse.hpp"
#include "io/json_write.hpp"
#include "rules/grid_fields.hpp"

namespace cotation {

namespace {

using detail::jvalue;

bool is_integer(const jvalue& v) {
  return v.k == jvalue::kind::number && v.text.find_first_of(".eE") == std::string::npos;
}

std::string describe(const jvalue& v) {
  if (v.k != jvalue::kind::number) return std::string(detail::kind_name(v.k));
  return fmt::format("{} {}", is_integer(v) ? "the integer" : "the number", v.text);
}

// The pointer of the first repeated key, in document order (the order a parser meets them).
std::optional<std::string> first_duplicate_key(const jvalue& v, const std::string& at) {
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    std::string child = at;
    if (v.k == jvalue::kind::object) {
      const std::string& key = v.keys[i];
      detail::append_token(child, key);
      if (std::find(v.keys.begin(), v.keys.begin() + static_cast<std::ptrdiff_t>(i), key) !=
          v.keys.begin() + static_cast<std::ptrdiff_t>(i)) {
        return child;
      }
    } else {
      detail::append_token(child, fmt::format("{}", i));
    }
    if (auto d = first_duplicate_key(v.items[i], child)) return d;
  }
  return std::nullopt;
}

std::vector<std::string_view> field_names(criterion_parameters p) {
  std::vector<std::string_view> names;
  std::visit(
      [&](auto& params) {
        detail::for_each_field(
            params, [&](std::string_view name, auto&, auto...) { names.push_back(name); });
      },
      p);
  return names;
}

class reader {
 public:
  explicit reader(std::string_view source) : source_(source) {}

  grid read(const jvalue& root) const {
    if (root.k != jvalue::kind::object)
      fail("", fmt::format("expected an object (the grid), found {}", describe(root)));
    known(root, "", {"id", "effective", "criteria", "group_caps", "total_cap"});
    grid g;
    g.id = string(require(root, "id", ""), "/id");
    const std::string effective = string(require(root, "effective", ""), "/effective");
    try {
      g.effective = parse_iso_date(effective, "/effective");
    } catch (const invalid_argument& e) {
      fail("/effective", e.reason());
    }
    const jvalue& criteria = require(root, "criteria", "");
    if (criteria.k != jvalue::kind::array) {
      fail("/criteria", fmt::format("expected an array, found {}", describe(criteria)));
    }
    g.criteria.reserve(criteria.items.size());
    for (std::size_t i = 0; i < criteria.items.size(); ++i) {
      g.criteria.push_back(read_criterion(criteria.items[i], fmt::format("/criteria/{}", i)));
    }
    if (const jvalue* caps = find(root, "group_caps")) {
      if (caps->k != jvalue::kind::object) {
        fail("/group_caps", fmt::format("expected an object, found {}", describe(*caps)));
      }
      for (std::size_t i = 0; i < caps->keys.size(); ++i) {
        const std::string& name = caps->keys[i];
        const std::string at = "/group_caps/" + detail::pointer_token(name);
        g.group_caps.emplace(name,
                             points{narrow(integer(caps->items[i], at, detail::points_range))});
      }
    }
    if (const jvalue* cap = find(root, "total_cap")) {
      g.total_cap = points{narrow(integer(*cap, "/total_cap", detail::points_range))};
    }
    try {
      validate(g);
    } catch (const grid_error& e) {
      fail(e.where(), e.reason());  // the same fault, named after the document
    }
    return g;
  }

 private:
  criterion read_criterion(const jvalue& o, const std::string& at) const {
    if (o.k != jvalue::kind::object)
      fail(at, fmt::format("expected an object (a criterion), found {}", describe(o)));
    const std::string kind = string(require(o, "kind", at), at + "/kind");
    const auto* k = std::find(detail::kind_names.begin(), detail::kind_names.end(), kind);
    if (k == detail::kind_names.end()) {
      fail(at + "/kind", fmt::format("unknown criterion kind \"{}\"", kind));
    }
    criterion c;
    c.parameters =
        detail::default_parameters(static_cast<std::size_t>(k - detail::kind_names.begin()));
    std::vector<std::string_view> allowed = {"id", "kind", "label_fr", "label_en", "group"};
    for (const std::string_view n : field_names(c.parameters)) allowed.push_back(n);
    known(o, at, allowed);
    c.id = string(require(o, "id", at), at + "/id");
    c.label_fr = string(require(o, "label_fr", at), at + "/label_fr");
    c.label_en = string(require(o, "label_en", at), at + "/label_en");
    std::visit(
        [&](auto& params) {
          detail::for_each_field(params, field_reader{*this, o, at});
        },
        c.parameters);
    if (const jvalue* group = find(o, "group")) c.group = string(*group, at + "/group");
    return c;
  }

  struct field_reader {
    const reader& r;
    const jvalue& o;
    const std::string& at;
    void operator()(std::string_view name, seniority_mode& m) const {
      const std::string ptr = fmt::format("{}/{}", at, name);
      const std::string s = r.string(r.require(o, name, at), ptr);
      const auto* it = std::find(detail::mode_names.begin(), detail::mode_names.end(), s);
      if (it == detail::mode_names.end()) {
        r.fail(ptr, fmt::format("unknown seniority mode \"{}\" (expected older_than_median, "
                                "older_than_mean or oldest_only)",
                                s));
      }
      m = static_cast<seniority_mode>(it - detail::mode_names.begin());
    }
    void operator()(std::string_view name, points& p, detail::int_range range) const {
      p.value = narrow(read(name, range));
    }
    void operator()(std::string_view name, int& i, detail::int_range range) const {
      i = narrow(read(name, range));
    }
    void operator()(std::string_view name, basis_points& bp, detail::int_range range) const {
      bp.value = read(name, range);
    }
    std::int64_t read(std::string_view name, detail::int_range range) const {
      return r.integer(r.require(o, name, at), fmt::format("{}/{}", at, name), range);
    }
  };

  // Values have been range-checked against ranges that fit in 32 bits.
  static std::int32_t narrow(std::int64_t v) noexcept { return static_cast<std::int32_t>(v); }

  [[noreturn]] void fail(std::string pointer, std::string reason) const {
    throw grid_error(source_, std::move(pointer), std::move(reason));
  }

  static const jvalue* find(const jvalue& o, std::string_view key) {
    const auto it = std::find(o.keys.begin(), o.keys.end(), key);
    return it == o.keys.end() ? nullptr : &o.items[static_cast<std::size_t>(it - o.keys.begin())];
  }

  const jvalue& require(const jvalue& o, std::string_view key, const std::string& at) const {
    const jvalue* v = find(o, key);
    if (v == nullptr) fail(fmt::format("{}/{}", at, key), "missing field");
    return *v;
  }

  void known(const jvalue& o, const std::string& at,
             const std::vector<std::string_view>& allowed) const {
    for (const std::string& key : o.keys) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        fail(fmt::format("{}/{}", at, detail::pointer_token(key)),
             fmt::format("unknown field (expected one of: {})", fmt::join(allowed, ", ")));
      }
    }
  }

  std::string string(const jvalue& v, const std::string& at) const {
    if (v.k != jvalue::kind::string) {
      fail(at, fmt::format("expected a string, found {}", describe(v)));
    }
    return v.text;
  }

  std::int64_t integer(const jvalue& v, const std::string& at, detail::int_range range) const {
    if (!is_integer(v)) fail(at, fmt::format("expected an integer, found {}", describe(v)));
    std::int64_t n = 0;
    const char* b = v.text.data();
    const char* e = b + v.text.size();
    const auto [p, ec] = std::from_chars(b, e, n);
    if (ec != std::errc{} || p != e || n < range.min || n > range.max) {
      fail(at, fmt::format("must be between {} and {} (got {})", range.min, range.max, v.text));
    }
    return n;
  }

  std::string source_;
};

struct field_writer {
  detail::object_builder& o;
  void operator()(std::string_view name, seniority_mode& m) const {
    o.add(name, detail::j_string(to_string(m)));
  }
  void operator()(std::string_view name, points& p, detail::int_range) const {
    o.add(name, detail::j_int(p.value));
  }
  void operator()(std::string_view name, int& i, detail::int_range) const {
    o.add(name, detail::j_int(i));
  }
  void operator()(std::string_view name, basis_points& bp, detail::int_range) const {
    o.add(name, detail::j_number(fmt::format("{}", bp.value)));
  }
};

}  // namespace

grid grid_from_json(std::string_view text, std::string_view source) {
  jvalue root;
  try {
    root = detail::parse_tree(text, source);
  } catch (const document_error& e) {
    throw grid_error(std::string(source), "", fmt::format("malformed JSON: {}", e.reason()));
  }
  if (auto at = first_duplicate_key(root, ""))
    throw grid_error(std::string(source), *at, "duplicate key");
  return reader(source).read(root);
}

std::string to_json(const grid& g) {
  using namespace detail;
  // Strings are written as they are: a label that is not UTF-8 would make a document no reader
  // accepts.
  const auto text = [&](const std::string& s, std::string_view field) {
    if (!valid_utf8(s)) {
      throw grid_error(g.id.empty() || !valid_utf8(g.id) ? "grid" : g.id, std::string(field),
                       "cannot be written as JSON: not valid UTF-8");
    }
    return j_string(s);
  };
  object_builder root;
  root.add("id", text(g.id, "/id"));
  root.add("effective", j_string(to_iso(g.effective)));
  root.add("criteria", j_array(g.criteria, [&](const criterion& c, std::size_t i) {
             const std::string at = fmt::format("/criteria/{}", i);
             object_builder o;
             o.add("id", text(c.id, at + "/id"));
             o.add("kind", j_string(to_string(c.kind())));
             o.add("label_fr", text(c.label_fr, at + "/label_fr"));
             o.add("label_en", text(c.label_en, at + "/label_en"));
             criterion_parameters p = c.parameters;
             std::visit([&](auto& params) { for_each_field(params, field_writer{o}); }, p);
             if (c.group) o.add("group", text(*c.group, at + "/group"));
             return std::move(o.v);
           }));
  if (!g.group_caps.empty()) {
    object_builder caps;
    for (const auto& [name, cap] : g.group_caps) {
      caps.add(name, j_int(cap.value));
      (void)text(name, "/group_caps/" + pointer_token(name));
    }
    root.add("group_caps", std::move(caps.v));
  }
  if (g.total_cap) root.add("total_cap", j_int(g.total_cap->value));
  return print_document(root.v);
}

}  // namespace cotation
