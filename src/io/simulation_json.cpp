// SPDX-License-Identifier: MIT
// The simulation document (`cotation-simulation/1`): a simulation's weekly figures and leases,
// written by `cotation simulate --format json` and read back by `cotation report --simulation`.
#include <charconv>
#include <cotation/error.hpp>
#include <cotation/simulation.hpp>

#include "io/json_tree.hpp"

namespace cotation {

namespace {

using namespace detail;

using counter = std::size_t week_figures::*;

/// The plain counters of a week, in document order.
constexpr std::array<std::pair<std::string_view, counter>, 17> counters = {{
    {"offers_published", &week_figures::offers_published},
    {"offers_refinanced", &week_figures::offers_refinanced},
    {"positionings", &week_figures::positionings},
    {"positionings_refused", &week_figures::positionings_refused},
    {"offers_closed", &week_figures::offers_closed},
    {"candidates", &week_figures::candidates},
    {"shortlisted", &week_figures::shortlisted},
    {"commissions", &week_figures::commissions},
    {"accepted", &week_figures::accepted},
    {"refused", &week_figures::refused},
    {"unanswered", &week_figures::unanswered},
    {"conditions_lapsed", &week_figures::conditions_lapsed},
    {"leases", &week_figures::leases},
    {"unattributed", &week_figures::unattributed},
    {"renewals", &week_figures::renewals},
    {"abandonments", &week_figures::abandonments},
    {"expiries", &week_figures::expiries},
}};

constexpr std::array<std::string_view, 4> decision_keys = {"attribution", "conditional_attribution",
                                                           "non_attribution", "inadmissible"};
constexpr std::array<std::string_view, company_size_count> size_keys = {"pme", "eti", "ge"};

jvalue j_count(std::size_t n) { return j_number(fmt::format("{}", n)); }

template <std::size_t N, typename T, typename F>
jvalue j_keyed(const std::array<std::string_view, N>& keys, const std::array<T, N>& values,
               F&& to_value) {
  object_builder b;
  for (std::size_t k = 0; k < N; ++k) b.add(keys[k], to_value(values[k]));
  return std::move(b.v);
}

jvalue write_week(const week_figures& w) {
  object_builder b;
  b.add("week", j_int(w.week));
  b.add("first_day", j_date(w.first_day, "weeks.first_day"));
  b.add("last_day", j_date(w.last_day, "weeks.last_day"));
  for (const auto& [name, member] : counters) b.add(name, j_count(w.*member));
  b.add("decisions", j_keyed(decision_keys, w.decisions, j_count));
  b.add("leases_by_size", j_keyed(size_keys, w.leases_by_size, j_count));
  b.add("valid_requests", j_count(w.valid_requests));
  b.add("targets", j_keyed(size_keys, w.targets,
                           [](basis_points p) { return j_number(fmt::format("{}", p.value)); }));
  b.add("window_attributions", j_keyed(size_keys, w.window_attributions, j_count));
  return std::move(b.v);
}

jvalue write_lease(const lease_record& l) {
  return object_builder{}
      .add("on", j_date(l.on, "leases.on"))
      .add("request", j_string(l.request.str()))
      .add("offer", j_string(l.offer.value))
      .add("size", j_enum(l.size))
      .add("waiting_days", j_int(l.waiting_days))
      .add("rank", j_count(l.rank))
      .v;
}

std::size_t read_count(const reader& r, const jvalue& v) {
  return static_cast<std::size_t>(read_int(r, v, 0));
}

std::uint64_t read_seed(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::number);
  std::uint64_t n = 0;
  const char* b = v.text.data();
  const char* e = b + v.text.size();
  const auto [p, ec] = std::from_chars(b, e, n);
  if (ec != std::errc{} || p != e) {
    r.fail(fmt::format("{} is not an unsigned 64-bit integer", v.text));
  }
  return n;
}

template <std::size_t N, typename T, typename F>
std::array<T, N> read_keyed(reader& r, const jvalue& v, const std::array<std::string_view, N>& keys,
                            F&& read_value) {
  static_assert(N == 3 || N == 4);
  std::array<T, N> out{};
  object_fields o = N == 3 ? object_fields(r, v, {keys[0], keys[1], keys[2]})
                           : object_fields(r, v, {keys[0], keys[1], keys[2], keys[N - 1]});
  for (std::size_t k = 0; k < N; ++k) out[k] = o.required(keys[k], read_value);
  return out;
}

week_figures read_week(reader& r, const jvalue& v, const week_figures& expected) {
  std::initializer_list<std::string_view> fields = {"week",
                                                    "first_day",
                                                    "last_day",
                                                    "offers_published",
                                                    "offers_refinanced",
                                                    "positionings",
                                                    "positionings_refused",
                                                    "offers_closed",
                                                    "candidates",
                                                    "shortlisted",
                                                    "commissions",
                                                    "decisions",
                                                    "accepted",
                                                    "refused",
                                                    "unanswered",
                                                    "conditions_lapsed",
                                                    "leases",
                                                    "leases_by_size",
                                                    "unattributed",
                                                    "renewals",
                                                    "abandonments",
                                                    "expiries",
                                                    "valid_requests",
                                                    "targets",
                                                    "window_attributions"};
  object_fields o(r, v, fields);
  week_figures w;
  w.week = o.required("week", [&](const jvalue& x) {
    const int n = read_int(r, x, 1);
    if (n != expected.week) r.fail(fmt::format("expected week {}, got {}", expected.week, n));
    return n;
  });
  const auto day = [&](std::string_view key, date want) {
    return o.required(key, [&](const jvalue& x) {
      const date d = read_date(r, x);
      if (d != want) r.fail(fmt::format("expected {} for week {}, got {}", want, w.week, d));
      return d;
    });
  };
  w.first_day = day("first_day", expected.first_day);
  w.last_day = day("last_day", expected.last_day);
  const auto count = [&](const jvalue& x) { return read_count(r, x); };
  for (const auto& [name, member] : counters) w.*member = o.required(name, count);
  w.decisions = o.required("decisions", [&](const jvalue& x) {
    return read_keyed<4, std::size_t>(r, x, decision_keys, count);
  });
  w.leases_by_size = o.required("leases_by_size", [&](const jvalue& x) {
    return read_keyed<3, std::size_t>(r, x, size_keys, count);
  });
  w.valid_requests = o.required("valid_requests", count);
  w.targets = o.required("targets", [&](const jvalue& x) {
    return read_keyed<3, basis_points>(
        r, x, size_keys, [&](const jvalue& y) { return basis_points{read_int(r, y, 0, 10000)}; });
  });
  w.window_attributions = o.required("window_attributions", [&](const jvalue& x) {
    return read_keyed<3, std::size_t>(r, x, size_keys, count);
  });
  return w;
}

lease_record read_lease(reader& r, const jvalue& v) {
  object_fields o(r, v, {"on", "request", "offer", "size", "waiting_days", "rank"});
  const date on = o.required("on", [&](const jvalue& x) { return read_date(r, x); });
  lease_record l{
      .on = on,
      .request = o.required("request", [&](const jvalue& x) { return read_request_number(r, x); }),
      .offer = o.required("offer", [&](const jvalue& x) { return offer_id{read_string(r, x)}; })};
  l.size = o.required("size", [&](const jvalue& x) { return read_enum<company_size>(r, x); });
  l.waiting_days = o.required("waiting_days", [&](const jvalue& x) { return read_int(r, x, 0); });
  l.rank = o.required("rank", [&](const jvalue& x) { return read_count(r, x); });
  return l;
}

}  // namespace

std::string to_json(const simulation_result& r) {
  object_builder b;
  b.add("format", j_string(simulation_format));
  b.add("seed", j_number(fmt::format("{}", r.seed)));
  b.add("start", j_date(r.start, "start"));
  b.add("population", j_count(r.population));
  b.add("filed", j_count(r.filed));
  b.add("weeks",
        j_array(r.weeks, [](const week_figures& w, std::size_t) { return write_week(w); }));
  b.add("leases",
        j_array(r.leases, [](const lease_record& l, std::size_t) { return write_lease(l); }));
  return print_document(b.v);
}

simulation_result simulation_from_json(std::string_view json, std::string_view source) {
  const jvalue root = parse_tree(json, source);
  reader r(source);
  const auto check_format = [&](const jvalue& x) {
    const std::string f = read_string(r, x);
    if (f != simulation_format) {
      r.fail(fmt::format("unsupported format \"{}\" (expected \"{}\")", f, simulation_format));
    }
    return 0;
  };
  // Another kind of document (a data set) is named as such before its fields are.
  if (root.k == jvalue::kind::object) {
    for (std::size_t i = 0; i < root.keys.size(); ++i) {
      if (root.keys[i] != "format") continue;
      auto s = r.enter("format");
      check_format(root.items[i]);
    }
  }
  object_fields o(r, root, {"format", "seed", "start", "population", "filed", "weeks", "leases"});
  o.required("format", check_format);
  simulation_result s;
  s.seed = o.required("seed", [&](const jvalue& x) { return read_seed(r, x); });
  s.start = o.required("start", [&](const jvalue& x) { return read_date(r, x); });
  s.population = o.required("population", [&](const jvalue& x) { return read_count(r, x); });
  s.filed = o.required("filed", [&](const jvalue& x) {
    const std::size_t n = read_count(r, x);
    if (n > s.population) r.fail(fmt::format("{} filed out of {} given", n, s.population));
    return n;
  });
  s.weeks = o.required("weeks", [&](const jvalue& x) {
    r.expect(x, jvalue::kind::array);
    std::vector<week_figures> weeks;
    for (std::size_t i = 0; i < x.items.size(); ++i) {
      auto scope = r.enter(i);
      week_figures expected;
      expected.week = static_cast<int>(i) + 1;
      expected.first_day = s.start + boost::gregorian::days(7 * static_cast<int>(i));
      expected.last_day = expected.first_day + boost::gregorian::days(6);
      weeks.push_back(read_week(r, x.items[i], expected));
    }
    return weeks;
  });
  s.leases = o.required("leases", [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) { return read_lease(r, y); });
  });
  return s;
}

}  // namespace cotation
