// SPDX-License-Identifier: MIT
// The data set document (`<cotation/json.hpp>`): requests, offers, positionings and attribution
// statistics, read strictly with the big arrays streamed, written member by member.
#include <cotation/error.hpp>
#include <cotation/files.hpp>
#include <cotation/json.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "io/json_parse.hpp"
#include "io/model_json.hpp"
#include "ranking/pool_loader.hpp"

namespace cotation {

namespace detail {
/// How many times a data set was parsed again with `parse_tree` after the fast parser stopped
/// (a faulty document, or one it leaves to `parse_tree`). The tests' window on which parser
/// read a document: no header exposes it, the tests declare it.
std::size_t json_fast_parse_fallbacks() noexcept;
/// `read_data_set` with `parse_tree` alone: the reference the tests compare the fast parser
/// with.
data_set read_data_set_reference(std::string_view json_text, std::string_view source_name);
}  // namespace detail

namespace {

using namespace detail;

std::atomic<std::size_t> fast_parse_fallbacks{0};

/// From this size on, a document is parsed on a second thread (`fast_parse_tree`'s `beside`).
constexpr std::size_t parse_beside_bytes = std::size_t{1} << 20;

// A share in percent with at most two decimals (`45`, `12.5`, `33.33`), read exactly from the
// number's text into basis points, within 0-100 %.
basis_points read_percent(const reader& r, const jvalue& v) {
  r.expect(v, jvalue::kind::number);
  const std::string& t = v.text;
  std::int64_t units = 0;
  std::size_t i = 0;
  std::size_t digits = 0;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    if (++digits > 3) break;
    units = units * 10 + (t[i] - '0');
  }
  std::int64_t hundredths = 0;
  std::size_t decimals = 0;
  bool ok = digits >= 1 && digits <= 3;
  if (ok && i < t.size() && t[i] == '.') {
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      ++decimals;
      hundredths = hundredths * 10 + (t[i] - '0');
    }
    ok = decimals >= 1 && decimals <= 2;
    if (decimals == 1) hundredths *= 10;
  }
  ok = ok && i == t.size();
  const basis_points bp{units * 100 + hundredths};
  if (!ok || bp.value > 10000) {
    r.fail(fmt::format("{} is not a percentage from 0 to 100 with at most two decimals", t));
  }
  return bp;
}

// Positioning lists name offers and requests of the document, each offer in one list and each
// request at most once per list.
// A positioned request must be possible at the offer's closing date (`validate_at`).
template <typename Store>
std::vector<positioning_list> read_positionings(reader& r, const jvalue& v,
                                                const std::map<offer_id, std::size_t>& offers,
                                                const Store& requests, const data_set& d) {
  std::map<offer_id, std::size_t> listed;
  std::size_t index = 0;
  return read_array(r, v, [&](const jvalue& x) {
    object_fields p(r, x, {"offer", "requests"});
    positioning_list list;
    list.offer = p.required("offer", [&](const jvalue& y) {
      offer_id id{read_string(r, y)};
      if (!offers.contains(id)) {
        r.fail(fmt::format("offer \"{}\" is not among the offers of the document", id));
      }
      if (const auto [it, fresh] = listed.emplace(id, index); !fresh) {
        r.fail(fmt::format("offer \"{}\" already has its positionings at /positionings/{}", id,
                           it->second));
      }
      return id;
    });
    ++index;
    list.requests = p.required("requests", [&](const jvalue& y) {
      std::unordered_map<request_number, std::size_t> seen;
      std::size_t k = 0;
      return read_array(r, y, [&](const jvalue& z) {
        const request_number n = read_request_number(r, z);
        const std::optional<std::size_t> found = requests.find(n);
        if (!found) {
          r.fail(fmt::format("request number {} is not among the applicants of the document", n));
        }
        if (const auto [it, fresh] = seen.emplace(n, k); !fresh) {
          r.fail(fmt::format("request number {} is already positioned on this offer, at index {}",
                             n, it->second));
        }
        const std::size_t who = *found;
        const offer& of = d.offers[offers.at(list.offer)];
        try {
          validate_at(requests.at(who), of.closing_date());
        } catch (const invalid_argument& e) {
          std::string field;  // household.members[0].birth_date -> household/members/0/birth_date
          for (const char c : e.where()) {
            if (c != ']') field += (c == '.' || c == '[') ? '/' : c;
          }
          r.fail(
              fmt::format("request {} cannot be positioned on offer \"{}\" (closing {}): "
                          "/applicants/{}/{}: {}",
                          n, of.id, of.closing_date(), who, field, e.reason()));
        }
        ++k;
        return n;
      });
    });
    return list;
  });
}

/// Applicants read while the document was parsed (`streamed_array`) into a list, with the
/// index of each request number. A store of requests has the same four members as this one:
/// `add`, `size`, `find` and `at`.
struct listed_applicants {
  std::vector<applicant> applicants;
  std::unordered_map<request_number, std::size_t> numbers;

  /// Reads item `index` of `/applicants` and checks that its number is new.
  void add(reader& r, const jvalue& item, std::size_t index) {
    auto in_array = r.enter("applicants");
    auto at = r.enter(index);
    applicant a = read_applicant(r, item);
    if (const auto [it, fresh] = numbers.emplace(a.number, index); !fresh) {
      auto s = r.enter("number");
      r.fail(
          fmt::format("request number {} is already used by /applicants/{}", a.number, it->second));
    }
    applicants.push_back(std::move(a));
  }
  [[nodiscard]] std::size_t size() const noexcept { return applicants.size(); }
  [[nodiscard]] std::optional<std::size_t> find(const request_number& n) const {
    if (const auto it = numbers.find(n); it != numbers.end()) return it->second;
    return std::nullopt;
  }
  [[nodiscard]] const applicant& at(std::size_t i) const { return applicants[i]; }
};

/// Applicants read while the document was parsed straight into a pool, at indexes 0, 1, ...
/// in document order: no list of applicants, no map of their numbers (the pool's index finds
/// them).
struct pooled_applicants {
  applicant_pool pool;

  void add(reader& r, const jvalue& item, std::size_t index) {
    auto in_array = r.enter("applicants");
    auto at = r.enter(index);
    const applicant a = read_applicant(r, item);
    try {
      // `read_applicant` validated it. One probe of the number index: the pool refuses a number
      // it holds, and is then unchanged.
      detail::pool_loader::add_validated(pool, a);
    } catch (const invalid_argument& e) {
      if (const std::optional<pool_index> other = pool.find(a.number)) {
        auto s = r.enter("number");
        r.fail(
            fmt::format("request number {} is already used by /applicants/{}", a.number, *other));
      }
      // What the pool itself refuses besides (a household of more than 255 persons), at the
      // field it names under `applicant`.
      r.fail_model(e.where().substr(std::string_view("applicant.").size()), e.reason());
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return pool.size(); }
  [[nodiscard]] std::optional<std::size_t> find(const request_number& n) const {
    return pool.find(n);
  }
  [[nodiscard]] applicant at(std::size_t i) const { return pool.get(static_cast<pool_index>(i)); }
};

/// The document's members into a data set, its requests into `read` (a store of requests:
/// `listed_applicants` or `pooled_applicants`), where the streamed ones are already.
template <typename Store>
data_set read_document(reader& r, const jvalue& root, Store& read) {
  object_fields o(
      r, root, {"format", "applicants", "offers", "positionings", "attributions", "als_targets"});
  o.required("format", [&](const jvalue& x) {
    const std::string f = read_string(r, x);
    if (f != data_set_format) {
      r.fail(fmt::format("unsupported format \"{}\" (expected \"{}\")", f, data_set_format));
    }
    return 0;
  });
  data_set d;
  o.required("applicants", [&](const jvalue& x) {
    r.expect(x, jvalue::kind::array);
    // Items not streamed while parsing (none when the array was streamed) are read now.
    for (const jvalue& item : x.items) read.add(r, item, read.size());
    return 0;
  });
  std::map<offer_id, std::size_t> offers;
  d.offers = o.required("offers", [&](const jvalue& x) {
    std::size_t index = 0;
    return read_array(r, x, [&](const jvalue& y) {
      offer of = read_offer(r, y);
      if (const auto [it, fresh] = offers.emplace(of.id, index); !fresh) {
        auto s = r.enter("id");
        r.fail(fmt::format("offer id \"{}\" is already used by /offers/{}", of.id, it->second));
      }
      ++index;
      return of;
    });
  });
  d.positionings =
      o.defaulted("positionings", std::vector<positioning_list>{},
                  [&](const jvalue& x) { return read_positionings(r, x, offers, read, d); });
  d.attributions =
      o.defaulted("attributions", std::vector<attribution_record>{}, [&](const jvalue& x) {
        return read_array(r, x, [&](const jvalue& y) { return read_attribution_record(r, y); });
      });
  d.als_targets = o.optional("als_targets", [&](const jvalue& x) {
    object_fields t(r, x, {"pme", "eti", "ge"});
    std::array<basis_points, company_size_count> targets{};
    const auto as_percent = [&](const jvalue& z) { return read_percent(r, z); };
    targets[index_of(company_size::pme)] = t.required("pme", as_percent);
    targets[index_of(company_size::eti)] = t.required("eti", as_percent);
    targets[index_of(company_size::ge)] = t.required("ge", as_percent);
    const std::int64_t sum = targets[0].value + targets[1].value + targets[2].value;
    if (sum > 10000) {
      r.fail(fmt::format("the targets sum to {} %, more than 100 %",
                         detail::format_euros(money::cents(sum))));
    }
    return targets;
  });
  return d;
}

// Writes a data set document member by member and the big arrays item by item, flushing to the
// stream as it goes, so that a country-sized document never exists whole in memory. The bytes
// are those of `print_document` on the whole document tree.
class document_stream {
 public:
  document_stream(std::ostream& out, const write_progress& progress, std::size_t total)
      : out_(out), progress_(progress), total_(total) {}

  std::string& text() noexcept { return buffer_; }

  // `,\n  "key": <value>` for a member after the first.
  void member(std::string_view key, const jvalue& value) {
    start_member(key);
    print_value(value, buffer_, 2);
  }

  template <typename T, typename F>
  void array(std::string_view key, const std::vector<T>& items, F&& to_value) {
    start_member(key);
    if (items.empty()) {
      buffer_ += "[]";
      return;
    }
    buffer_ += "[\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
      print_array_item(to_value(items[i], i), buffer_, 2, i + 1 == items.size());
      item_done();
    }
    buffer_ += "  ]";
  }

  void finish() {
    flush();
    if (progress_) progress_(done_, total_);
  }

 private:
  void start_member(std::string_view key) {
    buffer_ += ",\n  ";
    print_string(key, buffer_);
    buffer_ += ": ";
  }

  void item_done() {
    ++done_;
    if (buffer_.size() >= flush_bytes) flush();
    if (progress_ && done_ % 4096 == 0) progress_(done_, total_);
  }

  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  static constexpr std::size_t flush_bytes = 1 << 20;
  std::ostream& out_;
  const write_progress& progress_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::string buffer_;
};

template <typename T, typename F>
T read_one(std::string_view json_text, std::string_view source_name, F&& read) {
  const jvalue root = parse_tree(json_text, source_name);
  reader r(source_name);
  return read(r, root);
}

/// Reads a data set with `parse` (a parser given the streamed array, returning the tree or
/// nothing where it stops), its applicants into a store of requests made by `make_store` as
/// they are parsed (see `streamed_array`). Returns the document and the store, or nothing when
/// `parse` stopped.
template <typename MakeStore, typename Parse>
auto read_parsed(std::string_view source_name, MakeStore&& make_store, Parse&& parse)
    -> std::optional<std::pair<data_set, decltype(make_store())>> {
  reader r(source_name);
  auto read = make_store();
  const streamed_array streamed{
      "applicants", [&](const jvalue& item, std::size_t index) { read.add(r, item, index); }};
  const std::optional<jvalue> root = parse(&streamed);
  if (!root) return std::nullopt;
  data_set d = read_document(r, *root, read);
  return std::pair(std::move(d), std::move(read));
}

/// `read_parsed` with the fast parser (`fast_parse_tree`) over the text `open_text` gives;
/// where it stops, again from the start with a fresh store and `parse_tree` (`parse`), which
/// names the fault and its place.
template <typename MakeStore, typename OpenText, typename Parse>
auto read_data_set_with(std::string_view source_name, std::size_t text_bytes,
                        MakeStore&& make_store, OpenText&& open_text, Parse&& parse) {
  // A large document is parsed on a second thread while this one reads the items into the
  // store; a small one (a request's body) does not start a thread.
  const bool beside = text_bytes >= parse_beside_bytes;
  if (auto read = read_parsed(source_name, make_store, [&](const streamed_array* streamed) {
        return fast_parse_tree(open_text(), streamed, beside);
      })) {
    return std::move(*read);
  }
  fast_parse_fallbacks.fetch_add(1, std::memory_order_relaxed);
  return std::move(*read_parsed(source_name, make_store, [&](const streamed_array* streamed) {
    return std::optional<jvalue>(parse(streamed));
  }));
}

/// The text of `text` a piece at a time.
text_source text_of(std::string_view text) {
  return [text, at = std::size_t{0}](char* out, std::size_t n) mutable {
    const std::size_t k = std::min(n, text.size() - at);
    std::copy_n(text.data() + at, k, out);
    at += k;
    return k;
  };
}

/// `read_data_set_with` on a text.
template <typename MakeStore>
auto read_text_with(std::string_view json_text, std::string_view source_name,
                    MakeStore&& make_store) {
  return read_data_set_with(
      source_name, json_text.size(), make_store, [&] { return text_of(json_text); },
      [&](const streamed_array* streamed) { return parse_tree(json_text, source_name, streamed); });
}

/// `read_data_set_with` on a file, read as it is parsed: the text is never held whole, and
/// read again only to place a syntax error.
template <typename MakeStore>
auto read_file_with(const std::filesystem::path& path, MakeStore&& make_store) {
  if (auto why = unreadable_reason(path)) throw document_error(path.string(), "", std::move(*why));
  const std::string source = path.string();
  std::ifstream in;
  const auto open = [&] {
    in = std::ifstream(path, std::ios::binary);
    if (!in) throw document_error(source, "", "cannot be opened");
  };
  const locator locate = [&path](std::size_t offset) {
    std::ifstream again(path, std::ios::binary);
    std::string head(offset, '\0');
    again.read(head.data(), static_cast<std::streamsize>(offset));
    head.resize(static_cast<std::size_t>(again.gcount()));
    return position_in(head, offset);
  };
  std::error_code size_error;
  const auto bytes = std::filesystem::file_size(path, size_error);
  auto read = read_data_set_with(
      source, size_error ? 0 : static_cast<std::size_t>(bytes), make_store,
      [&]() -> text_source {
        open();
        return [&in](char* out, std::size_t n) {
          in.read(out, static_cast<std::streamsize>(n));
          return static_cast<std::size_t>(in.gcount());
        };
      },
      [&](const streamed_array* streamed) {
        open();
        return parse_tree(in, source, locate, streamed);
      });
  if (in.bad()) throw document_error(source, "", "cannot be read");
  return read;
}

}  // namespace

std::size_t detail::json_fast_parse_fallbacks() noexcept { return fast_parse_fallbacks.load(); }

data_set detail::read_data_set_reference(std::string_view json_text, std::string_view source_name) {
  auto [d, read] = *read_parsed(
      source_name, [] { return listed_applicants{}; },
      [&](const streamed_array* streamed) {
        return std::optional<jvalue>(parse_tree(json_text, source_name, streamed));
      });
  d.applicants = std::move(read.applicants);
  return std::move(d);
}

data_set read_data_set(std::string_view json_text, std::string_view source_name) {
  auto [d, read] = read_text_with(json_text, source_name, [] { return listed_applicants{}; });
  d.applicants = std::move(read.applicants);
  return std::move(d);
}

data_set read_data_set_file(const std::filesystem::path& path) {
  auto [d, read] = read_file_with(path, [] { return listed_applicants{}; });
  d.applicants = std::move(read.applicants);
  return std::move(d);
}

pooled_data_set read_pooled_data_set(std::string_view json_text, std::string_view source_name,
                                     const eligibility_policy& prepared_for) {
  auto [rest, read] = read_text_with(
      json_text, source_name, [&] { return pooled_applicants{applicant_pool(prepared_for)}; });
  return pooled_data_set{std::move(read.pool), std::move(rest)};
}

pooled_data_set read_pooled_data_set_file(const std::filesystem::path& path,
                                          const eligibility_policy& prepared_for) {
  auto [rest, read] =
      read_file_with(path, [&] { return pooled_applicants{applicant_pool(prepared_for)}; });
  return pooled_data_set{std::move(read.pool), std::move(rest)};
}

applicant applicant_from_json(std::string_view json_text, std::string_view source_name) {
  return read_one<applicant>(json_text, source_name, read_applicant);
}

offer offer_from_json(std::string_view json_text, std::string_view source_name) {
  return read_one<offer>(json_text, source_name, read_offer);
}

std::string to_json(const data_set& d) {
  std::ostringstream out;
  write_data_set(d, out);
  return std::move(out).str();
}

std::string to_json(const applicant& a) { return print_document(write_applicant(a)); }

std::string to_json(const offer& o) { return print_document(write_offer(o)); }

void write_data_set(const data_set& d, std::ostream& out, const write_progress& progress) {
  document_stream doc(
      out, progress,
      d.applicants.size() + d.offers.size() + d.positionings.size() + d.attributions.size());
  doc.text() += "{\n  \"format\": ";
  print_string(data_set_format, doc.text());

  std::unordered_map<request_number, std::size_t> numbers;
  numbers.reserve(d.applicants.size());
  doc.array("applicants", d.applicants, [&](const applicant& a, std::size_t i) {
    if (const auto [it, fresh] = numbers.emplace(a.number, i); !fresh) {
      throw invalid_argument(
          fmt::format("applicants[{}].number", i),
          fmt::format("request number {} is already used by applicants[{}]", a.number, it->second));
    }
    return write_applicant(a);
  });
  std::map<offer_id, std::size_t> ids;
  doc.array("offers", d.offers, [&](const offer& of, std::size_t i) {
    if (const auto [it, fresh] = ids.emplace(of.id, i); !fresh) {
      throw invalid_argument(
          fmt::format("offers[{}].id", i),
          fmt::format("offer id \"{}\" is already used by offers[{}]", of.id, it->second));
    }
    return write_offer(of);
  });
  if (!d.positionings.empty()) {
    std::map<offer_id, std::size_t> listed;
    doc.array("positionings", d.positionings, [&](const positioning_list& p, std::size_t i) {
      if (!ids.contains(p.offer)) {
        throw invalid_argument(fmt::format("positionings[{}].offer", i),
                               fmt::format("offer \"{}\" is not among the offers", p.offer));
      }
      if (const auto [it, fresh] = listed.emplace(p.offer, i); !fresh) {
        throw invalid_argument(fmt::format("positionings[{}].offer", i),
                               fmt::format("offer \"{}\" already has its positionings at "
                                           "positionings[{}]",
                                           p.offer, it->second));
      }
      std::unordered_map<request_number, std::size_t> seen;
      jvalue requests = j_array(p.requests, [&](const request_number& n, std::size_t k) {
        const auto where = [&] { return fmt::format("positionings[{}].requests[{}]", i, k); };
        if (!numbers.contains(n)) {
          throw invalid_argument(where(),
                                 fmt::format("request number {} is not among the applicants", n));
        }
        if (const auto [it, fresh] = seen.emplace(n, k); !fresh) {
          throw invalid_argument(where(), fmt::format("request number {} is already positioned "
                                                      "on this offer, at index {}",
                                                      n, it->second));
        }
        return j_string(n.str());
      });
      return object_builder{}
          .add("offer", j_string(p.offer.value))
          .add("requests", std::move(requests))
          .v;
    });
  }
  if (!d.attributions.empty()) {
    doc.array("attributions", d.attributions, [](const attribution_record& a, std::size_t i) {
      return write_attribution_record(a, fmt::format("attributions[{}].on", i));
    });
  }
  if (d.als_targets) {
    const auto& t = *d.als_targets;
    std::int64_t sum = 0;
    object_builder tb;
    for (const company_size s : {company_size::pme, company_size::eti, company_size::ge}) {
      const basis_points bp = t[index_of(s)];
      const std::string name(detail::name_of(s));
      if (bp.value < 0 || bp.value > 10000) {
        throw invalid_argument(
            fmt::format("als_targets.{}", name),
            fmt::format("{} basis points is not a share from 0 to 100 %", bp.value));
      }
      sum += bp.value;
      tb.add(name, j_number(detail::format_euros(money::cents(bp.value))));
    }
    if (sum > 10000) {
      throw invalid_argument("als_targets", fmt::format("the targets sum to {} %, more than 100 %",
                                                        detail::format_euros(money::cents(sum))));
    }
    doc.member("als_targets", tb.v);
  }
  doc.text() += "\n}\n";
  doc.finish();
}

void write_data_set_file(const data_set& d, const std::filesystem::path& path,
                         const write_progress& progress) {
  // A failed write never leaves a partial document; a finished one survives a power cut.
  write_file_durably(path, [&](std::ostream& out) { write_data_set(d, out, progress); });
}

}  // namespace cotation
