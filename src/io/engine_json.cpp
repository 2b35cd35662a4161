// SPDX-License-Identifier: MIT
// The engine's snapshot document and the state digest computed over it.
#include <algorithm>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <limits>
#include <set>

#include "cycle/cycle_names.hpp"
#include "detail/random.hpp"
#include "io/json_tree.hpp"
#include "ranking/pool_record.hpp"

namespace cotation {

namespace {

using namespace detail;

constexpr std::string_view snapshot_format = "cotation-engine/1";

// ---------------------------------------------------------------------------------------------
// Writing.

jvalue j_count(std::size_t n) { return j_number(fmt::format("{}", n)); }
jvalue j_number_of(const request_number& n) { return j_string(n.str()); }
jvalue j_points(points p) { return j_number(fmt::format("{}", p.value)); }
jvalue j_bp(basis_points b) { return j_number(fmt::format("{}", b.value)); }
/// Comparative facts may in principle hold a date that is not one: written as null.
jvalue j_fact_date(date d) { return d.is_special() ? jvalue{} : j_string(to_iso(d)); }

jvalue j_numbers(const std::vector<request_number>& v) {
  return j_array(v, [](const request_number& n, std::size_t) { return j_number_of(n); });
}

jvalue write_facts(const line_facts& f) {
  object_builder b;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        namespace sf = scoring_facts;
        if constexpr (std::is_same_v<T, sf::none>) {
          b.add("kind", j_string("none"));
        } else if constexpr (std::is_same_v<T, sf::seniority>) {
          b.add("kind", j_string("seniority"));
          b.add("own", j_fact_date(x.own));
          b.add("compared_to", j_fact_date(x.compared_to));
          b.add("others", j_int(x.others));
          b.add("others_later", j_int(x.others_later));
          b.add("mode", j_enum(x.mode));
        } else if constexpr (std::is_same_v<T, sf::events>) {
          b.add("kind", j_string("events"));
          b.add("count", j_int(x.count));
          b.add("since", j_fact_date(x.since));
        } else if constexpr (std::is_same_v<T, sf::als>) {
          b.add("kind", j_string("als"));
          b.add("category", j_enum(x.category));
          b.add("share", j_bp(x.share));
          b.add("target", j_bp(x.target));
        } else if constexpr (std::is_same_v<T, sf::peec>) {
          b.add("kind", j_string("peec"));
          b.add("status", j_enum(x.status));
        } else if constexpr (std::is_same_v<T, sf::mobility>) {
          b.add("kind", j_string("mobility"));
          if (x.km) b.add("km", j_int(*x.km));
          if (x.minutes) b.add("minutes", j_int(*x.minutes));
        } else if constexpr (std::is_same_v<T, sf::age>) {
          b.add("kind", j_string("age"));
          b.add("years", j_int(x.years));
        } else if constexpr (std::is_same_v<T, sf::job>) {
          b.add("kind", j_string("job"));
          b.add("start", j_fact_date(x.start));
        } else if constexpr (std::is_same_v<T, sf::effort>) {
          b.add("kind", j_string("effort"));
          b.add("net_cost", j_money(x.net_cost));
          b.add("resources", j_money(x.resources));
        } else if constexpr (std::is_same_v<T, sf::resources>) {
          b.add("kind", j_string("resources"));
          b.add("income", j_money(x.income));
          b.add("ceiling", j_money(x.ceiling));
        } else {
          static_assert(std::is_same_v<T, sf::no_plus_ceiling>);
          b.add("kind", j_string("no_plus_ceiling"));
          b.add("income", j_money(x.income));
        }
      },
      f);
  return std::move(b.v);
}

jvalue write_card(const score_card& c) {
  object_builder b;
  b.add("total", j_points(c.total));
  b.add("before_total_cap", j_points(c.before_total_cap));
  b.add("lines", j_array(c.lines, [](const score_line& l, std::size_t) {
          object_builder lb;
          lb.add("criterion", j_int(l.criterion));
          lb.add("value", j_points(l.value));
          lb.add("contribution", j_points(l.contribution));
          lb.add("counted", j_bool(l.counted));
          lb.add("facts", write_facts(l.facts));
          return std::move(lb.v);
        }));
  return std::move(b.v);
}

jvalue write_closing(const offer_closing& c) {
  object_builder b;
  b.add("on", j_date(c.on, "closing.on"));
  b.add("eligible_count", j_count(c.eligible_count));
  b.add("candidate_count", j_count(c.candidate_count));
  b.add("ranking", j_array(c.ranking, [](const ranked_entry& r, std::size_t) {
          object_builder rb;
          rb.add("request", j_number_of(r.request));
          rb.add("rank", j_count(r.rank));
          rb.add("score", j_points(r.score));
          rb.add("card", write_card(r.card));
          return std::move(rb.v);
        }));
  b.add("ineligible", j_array(c.ineligible, [](const ineligible_entry& i, std::size_t) {
          object_builder ib;
          ib.add("request", j_number_of(i.request));
          ib.add("reasons",
                 j_array(i.reasons, [](ineligibility r, std::size_t) { return j_enum(r); }));
          return std::move(ib.v);
        }));
  b.add("shortlist", j_numbers(c.shortlist));
  b.add("passed_over", j_numbers(c.passed_over));
  return std::move(b.v);
}

void add_date(object_builder& b, std::string_view key, const std::optional<date>& d) {
  if (d) b.add(key, j_date(*d, key));
}

jvalue write_record(const offer_record& r) {
  object_builder b;
  b.add("offer", write_offer(r.offer));
  b.add("state", j_enum(r.state));
  b.add("published_on", j_date(r.published_on, "published_on"));
  b.add("positionings", j_array(r.positionings, [](const positioning& p, std::size_t) {
          object_builder pb;
          pb.add("request", j_number_of(p.request));
          pb.add("on", j_date(p.on, "positionings.on"));
          if (p.withdrawn_on) {
            pb.add("withdrawn_on", j_date(*p.withdrawn_on, "withdrawn_on"));
            pb.add("cause", j_enum(p.cause));
          }
          return std::move(pb.v);
        }));
  if (r.closing) b.add("closing", write_closing(*r.closing));
  add_date(b, "decided_on", r.decided_on);
  if (r.decided_on) {
    b.add("decisions", j_array(r.decisions, [](const candidate_decision& d, std::size_t) {
            object_builder db;
            db.add("request", j_number_of(d.request));
            db.add("decision", j_enum(d.decision));
            if (d.priority != 0) db.add("priority", j_int(d.priority));
            return std::move(db.v);
          }));
    b.add("attributions", j_array(r.attributions, [](const attribution& a, std::size_t) {
            object_builder ab;
            ab.add("request", j_number_of(a.request));
            ab.add("priority", j_int(a.priority));
            if (a.conditional) ab.add("conditional", j_bool(true));
            add_date(ab, "condition_deadline", a.condition_deadline);
            add_date(ab, "condition_lifted", a.condition_lifted);
            ab.add("status", j_enum(a.status));
            add_date(ab, "offered_on", a.offered_on);
            add_date(ab, "answer_deadline", a.answer_deadline);
            add_date(ab, "ended_on", a.ended_on);
            return std::move(ab.v);
          }));
  }
  add_date(b, "ended_on", r.ended_on);
  if (r.state == offer_state::held) b.add("held_because", j_string(r.held_because));
  return std::move(b.v);
}

// ---------------------------------------------------------------------------------------------
// Reading.

std::size_t read_count(const reader& r, const jvalue& v) {
  return static_cast<std::size_t>(read_int(r, v, 0));
}
points read_points(const reader& r, const jvalue& v) { return points{read_int(r, v)}; }
basis_points read_bp(const reader& r, const jvalue& v) {
  return basis_points{read_int(r, v, 0, 10000)};
}
date read_fact_date(const reader& r, const jvalue& v) {
  if (v.k == jvalue::kind::null) return date{};
  return read_date(r, v);
}

template <typename F>
auto read_list(reader& r, const jvalue& v, F&& item) {
  return read_array(r, v, std::forward<F>(item));
}

line_facts read_facts(reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::object);
  const auto key = std::find(v.keys.begin(), v.keys.end(), "kind");
  std::string kind;
  if (key != v.keys.end()) {
    auto s = r.enter("kind");
    kind = read_string(r, v.items[static_cast<std::size_t>(key - v.keys.begin())]);
  }
  const auto as_int = [&](const jvalue& x) { return read_int(r, x); };
  const auto as_date = [&](const jvalue& x) { return read_fact_date(r, x); };
  const auto as_money = [&](const jvalue& x) { return read_money(r, x); };
  const auto as_bp = [&](const jvalue& x) { return read_bp(r, x); };
  const auto no_kind = [](const jvalue&) { return 0; };
  namespace sf = scoring_facts;
  if (kind == "none") {
    object_fields o(r, v, {"kind"});
    return sf::none{};
  }
  if (kind == "seniority") {
    object_fields o(r, v, {"kind", "own", "compared_to", "others", "others_later", "mode"});
    o.required("kind", no_kind);
    sf::seniority s;
    s.own = o.required("own", as_date);
    s.compared_to = o.required("compared_to", as_date);
    s.others = o.required("others", as_int);
    s.others_later = o.required("others_later", as_int);
    s.mode = o.required("mode", [&](const jvalue& x) { return read_enum<seniority_mode>(r, x); });
    return s;
  }
  if (kind == "events") {
    object_fields o(r, v, {"kind", "count", "since"});
    return sf::events{o.required("count", as_int), o.required("since", as_date)};
  }
  if (kind == "als") {
    object_fields o(r, v, {"kind", "category", "share", "target"});
    sf::als a;
    a.category =
        o.required("category", [&](const jvalue& x) { return read_enum<company_size>(r, x); });
    a.share = o.required("share", as_bp);
    a.target = o.required("target", as_bp);
    return a;
  }
  if (kind == "peec") {
    object_fields o(r, v, {"kind", "status"});
    return sf::peec{
        o.required("status", [&](const jvalue& x) { return read_enum<peec_status>(r, x); })};
  }
  if (kind == "mobility") {
    object_fields o(r, v, {"kind", "km", "minutes"});
    sf::mobility m;
    m.km = o.optional("km", as_int);
    m.minutes = o.optional("minutes", as_int);
    return m;
  }
  if (kind == "age") {
    object_fields o(r, v, {"kind", "years"});
    return sf::age{o.required("years", as_int)};
  }
  if (kind == "job") {
    object_fields o(r, v, {"kind", "start"});
    return sf::job{o.required("start", as_date)};
  }
  if (kind == "effort") {
    object_fields o(r, v, {"kind", "net_cost", "resources"});
    return sf::effort{o.required("net_cost", as_money), o.required("resources", as_money)};
  }
  if (kind == "resources") {
    object_fields o(r, v, {"kind", "income", "ceiling"});
    return sf::resources{o.required("income", as_money), o.required("ceiling", as_money)};
  }
  if (kind == "no_plus_ceiling") {
    object_fields o(r, v, {"kind", "income"});
    return sf::no_plus_ceiling{o.required("income", as_money)};
  }
  auto s = r.enter("kind");
  r.fail(fmt::format("unknown facts kind \"{}\"", kind));
}

score_card read_card(reader& r, const jvalue& v, std::size_t criteria) {
  object_fields o(r, v, {"total", "before_total_cap", "lines"});
  score_card c;
  c.total = o.required("total", [&](const jvalue& x) { return read_points(r, x); });
  c.before_total_cap =
      o.required("before_total_cap", [&](const jvalue& x) { return read_points(r, x); });
  const auto lines = o.required("lines", [&](const jvalue& x) {
    return read_list(r, x, [&](const jvalue& y) {
      object_fields l(r, y, {"criterion", "value", "contribution", "counted", "facts"});
      score_line line;
      line.criterion = static_cast<std::uint16_t>(l.required("criterion", [&](const jvalue& z) {
        return read_int(r, z, 0, static_cast<int>(criteria) - 1);
      }));
      line.value = l.required("value", [&](const jvalue& z) { return read_points(r, z); });
      line.contribution =
          l.required("contribution", [&](const jvalue& z) { return read_points(r, z); });
      line.counted = l.required("counted", [&](const jvalue& z) { return read_bool(r, z); });
      line.facts = l.required("facts", [&](const jvalue& z) { return read_facts(r, z); });
      return line;
    });
  });
  c.lines.assign(lines.begin(), lines.end());
  return c;
}

std::vector<request_number> read_numbers(reader& r, const jvalue& v) {
  return read_list(r, v, [&](const jvalue& x) { return read_request_number(r, x); });
}

offer_closing read_closing(reader& r, const jvalue& v, std::size_t criteria) {
  object_fields o(r, v,
                  {"on", "eligible_count", "candidate_count", "ranking", "ineligible", "shortlist",
                   "passed_over"});
  const auto number = [&](const jvalue& x) { return read_request_number(r, x); };
  offer_closing c;
  c.on = o.required("on", [&](const jvalue& x) { return read_date(r, x); });
  c.eligible_count =
      o.required("eligible_count", [&](const jvalue& x) { return read_count(r, x); });
  c.candidate_count =
      o.required("candidate_count", [&](const jvalue& x) { return read_count(r, x); });
  c.ranking = o.required("ranking", [&](const jvalue& x) {
    return read_list(r, x, [&](const jvalue& y) {
      object_fields e(r, y, {"request", "rank", "score", "card"});
      ranked_entry entry{e.required("request", number), 0, {}, {}};
      entry.rank = e.required("rank", [&](const jvalue& z) { return read_count(r, z); });
      entry.score = e.required("score", [&](const jvalue& z) { return read_points(r, z); });
      entry.card = e.required("card", [&](const jvalue& z) { return read_card(r, z, criteria); });
      return entry;
    });
  });
  c.ineligible = o.required("ineligible", [&](const jvalue& x) {
    return read_list(r, x, [&](const jvalue& y) {
      object_fields e(r, y, {"request", "reasons"});
      ineligible_entry entry{e.required("request", number), {}};
      entry.reasons = e.required("reasons", [&](const jvalue& z) {
        return read_list(r, z, [&](const jvalue& w) { return read_enum<ineligibility>(r, w); });
      });
      return entry;
    });
  });
  c.shortlist = o.required("shortlist", [&](const jvalue& x) { return read_numbers(r, x); });
  c.passed_over = o.required("passed_over", [&](const jvalue& x) { return read_numbers(r, x); });
  return c;
}

offer_record read_record(reader& r, const jvalue& v, std::size_t criteria) {
  object_fields o(r, v,
                  {"offer", "state", "published_on", "positionings", "closing", "decided_on",
                   "decisions", "attributions", "ended_on", "held_because"});
  const auto as_date = [&](const jvalue& x) { return read_date(r, x); };
  const auto number = [&](const jvalue& x) { return read_request_number(r, x); };
  offer_record rec{.offer = o.required("offer", [&](const jvalue& x) { return read_offer(r, x); })};
  rec.state = o.required("state", [&](const jvalue& x) { return read_enum<offer_state>(r, x); });
  rec.published_on = o.required("published_on", as_date);
  rec.positionings = o.required("positionings", [&](const jvalue& x) {
    return read_list(r, x, [&](const jvalue& y) {
      object_fields p(r, y, {"request", "on", "withdrawn_on", "cause"});
      positioning pos{p.required("request", number), p.required("on", as_date), std::nullopt,
                      withdrawal::by_applicant};
      pos.withdrawn_on = p.optional("withdrawn_on", as_date);
      pos.cause = p.defaulted("cause", withdrawal::by_applicant,
                              [&](const jvalue& z) { return read_enum<withdrawal>(r, z); });
      return pos;
    });
  });
  rec.closing =
      o.optional("closing", [&](const jvalue& x) { return read_closing(r, x, criteria); });
  rec.decided_on = o.optional("decided_on", as_date);
  rec.decisions = o.defaulted("decisions", std::vector<candidate_decision>{}, [&](const jvalue& x) {
    return read_list(r, x, [&](const jvalue& y) {
      object_fields d(r, y, {"request", "decision", "priority"});
      candidate_decision cd{
          d.required("request", number),
          d.required("decision", [&](const jvalue& z) { return read_enum<decision_kind>(r, z); }),
          0};
      cd.priority = d.defaulted("priority", 0, [&](const jvalue& z) { return read_int(r, z, 0); });
      return cd;
    });
  });
  rec.attributions = o.defaulted("attributions", std::vector<attribution>{}, [&](const jvalue& x) {
    return read_list(r, x, [&](const jvalue& y) {
      object_fields a(r, y,
                      {"request", "priority", "conditional", "condition_deadline",
                       "condition_lifted", "status", "offered_on", "answer_deadline", "ended_on"});
      attribution at{.request = a.required("request", number)};
      at.priority = a.required("priority", [&](const jvalue& z) { return read_int(r, z, 1); });
      at.conditional =
          a.defaulted("conditional", false, [&](const jvalue& z) { return read_bool(r, z); });
      at.condition_deadline = a.optional("condition_deadline", as_date);
      at.condition_lifted = a.optional("condition_lifted", as_date);
      at.status = a.required("status",
                             [&](const jvalue& z) { return read_enum<attribution_status>(r, z); });
      at.offered_on = a.optional("offered_on", as_date);
      at.answer_deadline = a.optional("answer_deadline", as_date);
      at.ended_on = a.optional("ended_on", as_date);
      // What the engine reads without checking: deadlines of the pending steps.
      if (at.conditional && !at.condition_deadline) {
        auto s = r.enter("condition_deadline");
        r.fail("required for a conditional attribution");
      }
      if (at.status == attribution_status::awaiting_answer && !at.answer_deadline) {
        auto s = r.enter("answer_deadline");
        r.fail("required while awaiting an answer");
      }
      return at;
    });
  });
  rec.ended_on = o.optional("ended_on", as_date);
  if (rec.state == offer_state::held) {
    rec.held_because = o.required("held_because", [&](const jvalue& x) { return read_string(r, x); });
  }
  if (rec.state != offer_state::published && rec.state != offer_state::held && !rec.closing) {
    r.fail(fmt::format("an offer {} must have its closing", rec.state));
  }
  return rec;
}


}  // namespace

std::string allocation_engine::snapshot() const {
  object_builder b;
  b.add("format", j_string(snapshot_format));
  b.add("grid", j_string(grid_->source().id));
  if (clock_) b.add("clock", j_date(*clock_, "clock"));
  // Requests by number, whatever their pool indexes.
  std::vector<std::pair<request_number, pool_index>> order;
  order.reserve(pool_.size());
  for (pool_index i = 0; i < pool_.index_end(); ++i) {
    if (pool_.contains(i)) order.emplace_back(pool_.number(i), i);
  }
  std::sort(order.begin(), order.end());
  jvalue requests;
  requests.k = jvalue::kind::array;
  applicant a = detail::blank_applicant();
  for (const auto& [number, i] : order) {
    pool_.get(i, a);
    requests.items.push_back(write_applicant(a));
  }
  b.add("requests", std::move(requests));
  jvalue offers;
  offers.k = jvalue::kind::array;
  for (const auto& [id, i] : offer_index_) offers.items.push_back(write_record(offers_[i]));
  b.add("offers", std::move(offers));
  jvalue stats;
  stats.k = jvalue::kind::array;
  for (const attribution_record& r : statistics_.records()) {
    stats.items.push_back(write_attribution_record(r, "statistics.on"));
  }
  b.add("statistics", std::move(stats));
  return print_document(b.v);
}

allocation_engine allocation_engine::from_snapshot(std::string_view json, engine_options options,
                                                   std::string_view source) {
  const std::string grid_id = options.grid.id;
  const jvalue root = parse_tree(json, source);
  reader r(source);
  object_fields o(r, root, {"format", "grid", "clock", "requests", "offers", "statistics"});
  o.required("format", [&](const jvalue& x) {
    const std::string f = read_string(r, x);
    if (f != snapshot_format) {
      r.fail(fmt::format("unsupported format \"{}\" (expected \"{}\")", f, snapshot_format));
    }
    return 0;
  });
  o.required("grid", [&](const jvalue& x) {
    const std::string g = read_string(r, x);
    if (g != grid_id) r.fail(fmt::format("made with grid \"{}\", loaded with grid \"{}\"", g, grid_id));
    return 0;
  });
  const std::optional<date> clock =
      o.optional("clock", [&](const jvalue& x) { return read_date(r, x); });
  const std::size_t criteria = options.grid.criteria.size();
  applicant_pool pool(options.eligibility);
  o.required("requests", [&](const jvalue& x) {
    r.expect(x, jvalue::kind::array);
    pool.reserve(x.items.size());
    for (std::size_t i = 0; i < x.items.size(); ++i) {
      auto s = r.enter(i);
      const applicant a = read_applicant(r, x.items[i]);
      if (pool.find(a.number)) {
        auto t = r.enter("number");
        r.fail(fmt::format("request number {} is given twice", a.number));
      }
      try {
        (void)pool.add(a);
      } catch (const invalid_argument& err) {
        r.fail(err.what());  // what the pool cannot hold
      }
    }
    return 0;
  });
  std::vector<offer_record> records;
  o.required("offers", [&](const jvalue& x) {
    r.expect(x, jvalue::kind::array);
    for (std::size_t i = 0; i < x.items.size(); ++i) {
      auto s = r.enter(i);
      records.push_back(read_record(r, x.items[i], criteria));
    }
    return 0;
  });
  std::vector<attribution_record> stats = o.required("statistics", [&](const jvalue& x) {
    return read_array(r, x, [&](const jvalue& y) { return read_attribution_record(r, y); });
  });
  // How the parts fit together (ids given twice, requests named that are not among the
  // requests, ...) is checked by `from_parts`; its `offers[k].<part>` is this document's
  // `/offers/k/<part>` (the offers are read in the document's order).
  try {
    return from_parts(std::move(options), clock, std::move(pool), std::move(records),
                      attribution_statistics(std::move(stats)));
  } catch (const invalid_argument& err) {
    std::string where = err.where();
    for (char& c : where) {
      if (c == '[' || c == '.') c = '/';
    }
    where.erase(std::remove(where.begin(), where.end(), ']'), where.end());
    throw document_error(std::string(source), "/" + where, err.reason());
  }
}

}  // namespace cotation
