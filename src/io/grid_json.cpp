// SPDX-License-Identifier: MIT
// The JSON form of a grid. nlohmann::json stays in this file: no public header names it.
#include <cotation/error.hpp>
#include <cotation/grid.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/grid_fields.hpp"

namespace cotation {

namespace {

// Keeps the fields in document order, so the first unknown field reported is the first one
// written, and the output has a fixed, readable field order.
using json = nlohmann::ordered_json;

std::string describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return fmt::format("the integer {}", v.dump());
    case json::value_t::number_float:
      return fmt::format("the number {}", v.dump());
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return "an unexpected value";
}

// Tracks where the parser is, to report a duplicate key with its JSON pointer (nlohmann keeps
// the last of two equal keys silently).
class duplicate_key_detector {
 public:
  explicit duplicate_key_detector(std::string source) : source_(std::move(source)) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        frames_.emplace_back().array = false;
        break;
      case json::parse_event_t::array_start:
        frames_.emplace_back().array = true;
        break;
      case json::parse_event_t::key: {
        frame& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second) {
          throw grid_error(source_, pointer(), "duplicate key");
        }
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        next_element();
        break;
      case json::parse_event_t::value:
        next_element();
        break;
    }
    return true;
  }

 private:
  struct frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
    std::set<std::string> keys;
  };
  void next_element() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }
  std::string pointer() const {
    std::string p;
    for (const frame& f : frames_) {
      p += '/';
      p += f.array ? std::to_string(f.index) : detail::pointer_token(f.key);
    }
    return p;
  }

  std::string source_;
  std::vector<frame> frames_;
};

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

  grid read(const json& root) const {
    if (!root.is_object())
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
    const json& criteria = require(root, "criteria", "");
    if (!criteria.is_array()) {
      fail("/criteria", fmt::format("expected an array, found {}", describe(criteria)));
    }
    g.criteria.reserve(criteria.size());
    for (std::size_t i = 0; i < criteria.size(); ++i) {
      g.criteria.push_back(read_criterion(criteria[i], fmt::format("/criteria/{}", i)));
    }
    if (const auto caps = root.find("group_caps"); caps != root.end()) {
      if (!caps->is_object()) {
        fail("/group_caps", fmt::format("expected an object, found {}", describe(*caps)));
      }
      for (const auto& [name, value] : caps->items()) {
        const std::string at = "/group_caps/" + detail::pointer_token(name);
        g.group_caps.emplace(name, points{narrow(integer(value, at, detail::points_range))});
      }
    }
    if (const auto cap = root.find("total_cap"); cap != root.end()) {
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
  criterion read_criterion(const json& o, const std::string& at) const {
    if (!o.is_object())
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
    if (const auto group = o.find("group"); group != o.end()) {
      c.group = string(*group, at + "/group");
    }
    return c;
  }

  struct field_reader {
    const reader& r;
    const json& o;
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

  const json& require(const json& o, std::string_view key, const std::string& at) const {
    const auto it = o.find(key);
    if (it == o.end()) fail(fmt::format("{}/{}", at, key), "missing field");
    return *it;
  }

  void known(const json& o, const std::string& at,
             const std::vector<std::string_view>& allowed) const {
    for (const auto& [key, value] : o.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        fail(fmt::format("{}/{}", at, detail::pointer_token(key)),
             fmt::format("unknown field (expected one of: {})", fmt::join(allowed, ", ")));
      }
    }
  }

  std::string string(const json& v, const std::string& at) const {
    if (!v.is_string()) fail(at, fmt::format("expected a string, found {}", describe(v)));
    return v.get<std::string>();
  }

  std::int64_t integer(const json& v, const std::string& at, detail::int_range range) const {
    if (!v.is_number_integer()) fail(at, fmt::format("expected an integer, found {}", describe(v)));
    const auto out_of_range = [&](const std::string& shown) {
      fail(at, fmt::format("must be between {} and {} (got {})", range.min, range.max, shown));
    };
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(range.max)) out_of_range(v.dump());
      return static_cast<std::int64_t>(u);
    }
    const auto i = v.get<std::int64_t>();
    if (i < range.min || i > range.max) out_of_range(v.dump());
    return i;
  }

  std::string source_;
};

struct field_writer {
  json& o;
  void operator()(std::string_view name, seniority_mode& m) const {
    o[std::string(name)] = std::string(to_string(m));
  }
  void operator()(std::string_view name, points& p, detail::int_range) const {
    o[std::string(name)] = p.value;
  }
  void operator()(std::string_view name, int& i, detail::int_range) const {
    o[std::string(name)] = i;
  }
  void operator()(std::string_view name, basis_points& bp, detail::int_range) const {
    o[std::string(name)] = bp.value;
  }
};

}  // namespace

grid grid_from_json(std::string_view text, std::string_view source) {
  json root;
  try {
    root = json::parse(text.begin(), text.end(), duplicate_key_detector(std::string(source)));
  } catch (const json::parse_error& e) {
    std::string_view what = e.what();
    if (const auto close = what.find("] "); close != std::string_view::npos) {
      what.remove_prefix(close + 2);  // drop "[json.exception.parse_error.101] "
    }
    throw grid_error(std::string(source), "", fmt::format("malformed JSON: {}", what));
  }
  return reader(source).read(root);
}

std::string to_json(const grid& g) {
  json root = json::object();
  root["id"] = g.id;
  root["effective"] = to_iso(g.effective);
  json list = json::array();
  for (const criterion& c : g.criteria) {
    json o = json::object();
    o["id"] = c.id;
    o["kind"] = std::string(to_string(c.kind()));
    o["label_fr"] = c.label_fr;
    o["label_en"] = c.label_en;
    criterion_parameters p = c.parameters;
    std::visit([&](auto& params) { detail::for_each_field(params, field_writer{o}); }, p);
    if (c.group) o["group"] = *c.group;
    list.push_back(std::move(o));
  }
  root["criteria"] = std::move(list);
  if (!g.group_caps.empty()) {
    json caps = json::object();
    for (const auto& [name, cap] : g.group_caps) caps[name] = cap.value;
    root["group_caps"] = std::move(caps);
  }
  if (g.total_cap) root["total_cap"] = g.total_cap->value;
  try {
    return root.dump(2) + "\n";
  } catch (const json::type_error& e) {
    throw grid_error(g.id.empty() ? "grid" : g.id, "",
                     fmt::format("cannot be written as JSON: {}", e.what()));
  }
}

}  // namespace cotation
