// SPDX-License-Identifier: MIT
// The JSON-lines encoding of the allocation cycle's events (`to_json_line`,
// `event_from_json_line`, declared with the events in <cotation/events.hpp>): the cycle itself
// knows no document format.
#include <algorithm>
#include <cotation/error.hpp>
#include <cotation/events.hpp>

#include "cycle/cycle_names.hpp"
#include "io/json_tree.hpp"

namespace cotation {

namespace {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// Writing.

jvalue j_number_of(const request_number& n) { return j_string(n.str()); }

jvalue j_decision(const candidate_decision& d) {
  object_builder b;
  b.add("request", j_number_of(d.request));
  b.add("decision", j_enum(d.decision));
  if (d.priority != 0) b.add("priority", j_int(d.priority));
  return std::move(b.v);
}

jvalue write_event(const event& e) {
  object_builder b;
  b.add("event", j_string(name_of(e)));
  b.add("on", j_date(date_of(e), "on"));
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, events::file_request> ||
                      std::is_same_v<T, events::update_request>) {
          b.add("request", write_applicant(x.request));
        } else if constexpr (std::is_same_v<T, events::renew_request> ||
                             std::is_same_v<T, events::remove_request>) {
          b.add("request", j_number_of(x.request));
        } else if constexpr (std::is_same_v<T, events::publish_offer>) {
          b.add("offer", write_offer(x.offer));
        } else if constexpr (std::is_same_v<T, events::position> ||
                             std::is_same_v<T, events::withdraw>) {
          b.add("request", j_number_of(x.request));
          b.add("offer", j_string(x.offer.value));
        } else if constexpr (std::is_same_v<T, events::commission>) {
          b.add("offer", j_string(x.offer.value));
          b.add("decisions", j_array(x.decisions, [](const candidate_decision& d, std::size_t) {
                  return j_decision(d);
                }));
        } else if constexpr (std::is_same_v<T, events::lift_condition> ||
                             std::is_same_v<T, events::sign_lease>) {
          b.add("offer", j_string(x.offer.value));
          b.add("request", j_number_of(x.request));
        } else if constexpr (std::is_same_v<T, events::answer>) {
          b.add("offer", j_string(x.offer.value));
          b.add("request", j_number_of(x.request));
          b.add("answer", j_enum(x.response));
        } else if constexpr (std::is_same_v<T, events::record_attributions>) {
          b.add("attributions",
                j_array(x.attributions, [](const attribution_record& a, std::size_t) {
                  return write_attribution_record(a, "attributions.on");
                }));
        } else {
          static_assert(std::is_same_v<T, events::advance>);
        }
      },
      e);
  return std::move(b.v);
}

// ---------------------------------------------------------------------------------------------
// Reading.

offer_id read_offer_id(const reader& r, const jvalue& v) {
  std::string s = read_string(r, v);
  if (s.empty()) r.fail("an offer id must not be empty");
  return offer_id{std::move(s)};
}

candidate_decision read_decision(reader& r, const jvalue& v) {
  object_fields o(r, v, {"request", "decision", "priority"});
  candidate_decision d{
      o.required("request", [&](const jvalue& x) { return read_request_number(r, x); }),
      o.required("decision", [&](const jvalue& x) { return read_enum<decision_kind>(r, x); }), 0};
  d.priority = o.defaulted("priority", 0, [&](const jvalue& x) { return read_int(r, x, 0, 1000); });
  return d;
}

template <typename T>
event read_fields(reader& r, const jvalue& v, std::initializer_list<std::string_view> fields) {
  object_fields o(r, v, fields);
  o.required("event", [](const jvalue&) { return 0; });  // checked by the caller
  const date on = o.required("on", [&](const jvalue& x) { return read_date(r, x); });
  const auto number = [&](const jvalue& x) { return read_request_number(r, x); };
  const auto id = [&](const jvalue& x) { return read_offer_id(r, x); };
  if constexpr (std::is_same_v<T, events::file_request> ||
                std::is_same_v<T, events::update_request>) {
    return T{on, o.required("request", [&](const jvalue& x) { return read_applicant(r, x); })};
  } else if constexpr (std::is_same_v<T, events::renew_request> ||
                       std::is_same_v<T, events::remove_request>) {
    return T{on, o.required("request", number)};
  } else if constexpr (std::is_same_v<T, events::publish_offer>) {
    return T{on, o.required("offer", [&](const jvalue& x) { return read_offer(r, x); })};
  } else if constexpr (std::is_same_v<T, events::position> || std::is_same_v<T, events::withdraw>) {
    request_number n = o.required("request", number);
    return T{on, n, o.required("offer", id)};
  } else if constexpr (std::is_same_v<T, events::commission>) {
    offer_id of = o.required("offer", id);
    return T{on, std::move(of), o.required("decisions", [&](const jvalue& x) {
               return read_array(r, x, [&](const jvalue& y) { return read_decision(r, y); });
             })};
  } else if constexpr (std::is_same_v<T, events::lift_condition> ||
                       std::is_same_v<T, events::sign_lease>) {
    offer_id of = o.required("offer", id);
    return T{on, std::move(of), o.required("request", number)};
  } else if constexpr (std::is_same_v<T, events::answer>) {
    offer_id of = o.required("offer", id);
    request_number n = o.required("request", number);
    return T{on, std::move(of), n,
             o.required("answer", [&](const jvalue& x) { return read_enum<answer_kind>(r, x); })};
  } else if constexpr (std::is_same_v<T, events::record_attributions>) {
    return T{on, o.required("attributions", [&](const jvalue& x) {
               return read_array(r, x,
                                 [&](const jvalue& y) { return read_attribution_record(r, y); });
             })};
  } else {
    static_assert(std::is_same_v<T, events::advance>);
    return T{on};
  }
}

event read_event(reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::object);
  const auto key = std::find(v.keys.begin(), v.keys.end(), "event");
  if (key == v.keys.end()) {
    auto s = r.enter("event");
    r.fail("required field is missing");
  }
  const jvalue& name_value = v.items[static_cast<std::size_t>(key - v.keys.begin())];
  std::string name;
  {
    auto s = r.enter("event");
    name = read_string(r, name_value);
  }
  if (name == "file_request")
    return read_fields<events::file_request>(r, v, {"event", "on", "request"});
  if (name == "update_request")
    return read_fields<events::update_request>(r, v, {"event", "on", "request"});
  if (name == "renew_request")
    return read_fields<events::renew_request>(r, v, {"event", "on", "request"});
  if (name == "remove_request")
    return read_fields<events::remove_request>(r, v, {"event", "on", "request"});
  if (name == "publish_offer")
    return read_fields<events::publish_offer>(r, v, {"event", "on", "offer"});
  if (name == "position")
    return read_fields<events::position>(r, v, {"event", "on", "request", "offer"});
  if (name == "withdraw")
    return read_fields<events::withdraw>(r, v, {"event", "on", "request", "offer"});
  if (name == "commission")
    return read_fields<events::commission>(r, v, {"event", "on", "offer", "decisions"});
  if (name == "lift_condition")
    return read_fields<events::lift_condition>(r, v, {"event", "on", "offer", "request"});
  if (name == "answer")
    return read_fields<events::answer>(r, v, {"event", "on", "offer", "request", "answer"});
  if (name == "sign_lease")
    return read_fields<events::sign_lease>(r, v, {"event", "on", "offer", "request"});
  if (name == "advance") return read_fields<events::advance>(r, v, {"event", "on"});
  if (name == "record_attributions")
    return read_fields<events::record_attributions>(r, v, {"event", "on", "attributions"});
  auto s = r.enter("event");
  std::string allowed;
  for (const auto n : event_names) allowed += fmt::format("{}{}", allowed.empty() ? "" : ", ", n);
  r.fail(fmt::format("unknown event \"{}\" (allowed: {})", name, allowed));
}

}  // namespace

std::string to_json_line(const event& e) { return print_line(write_event(e)); }

event event_from_json_line(std::string_view line, std::string_view source) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const jvalue root = parse_tree(line, source);
  reader r(source);
  return read_event(r, root);
}

}  // namespace cotation
