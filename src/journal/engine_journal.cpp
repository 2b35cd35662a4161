// SPDX-License-Identifier: MIT
// The engine on disk: opening a journal (snapshot + tail), the binary snapshot, the options'
// fingerprint. The format of the snapshot is in docs/format.md ("binary snapshot").
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/journal.hpp>
#include <istream>
#include <ostream>

#include "journal/binary_codec.hpp"

namespace cotation {

namespace {

// --- the snapshot's layout ---------------------------------------------------------------------
//
// header (48 bytes): magic "COTSNAP\n" (8), format version (8), sequence (8), fingerprint hash
// (8), reserved 0 (8), checksum of the 40 bytes before (8); then blocks: tag (1), payload length
// (8), payload checksum (8), payload. The last block is `end`, whose payload is the number of
// blocks before it. All integers little-endian.

constexpr std::string_view magic = "COTSNAP\n";
constexpr std::size_t header_size = 48;
constexpr std::size_t block_header_size = 17;

enum class block : std::uint8_t {
  state = 1,           ///< Clock, counts.
  requests = 2,        ///< A run of requests, in filing order.
  request_offers = 3,  ///< For a run of requests: the offers each positioned on.
  offers = 4,          ///< A run of offer records, in publication order.
  statistics = 5,      ///< The attribution records.
  end = 255,
};

/// Requests (or offers) per block: a block is built in memory, then written.
constexpr std::size_t per_block = 32768;

std::string fixed(std::uint64_t v) {
  std::string s;
  detail::byte_writer(s).fixed64(v);
  return s;
}

class block_writer {
 public:
  explicit block_writer(std::ostream& out) : out_(out) {}
  std::string& payload() { return payload_; }
  void emit(block tag) {
    const char t = static_cast<char>(tag);
    out_.write(&t, 1);
    const std::string head = fixed(payload_.size()) + fixed(detail::checksum64(payload_));
    out_.write(head.data(), static_cast<std::streamsize>(head.size()));
    out_.write(payload_.data(), static_cast<std::streamsize>(payload_.size()));
    payload_.clear();
    ++count_;
  }
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

 private:
  std::ostream& out_;
  std::string payload_;
  std::uint64_t count_ = 0;
};

class block_reader {
 public:
  block_reader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {
    in_.seekg(0, std::ios::end);
    const auto end = in_.tellg();
    in_.seekg(0, std::ios::beg);
    if (end < 0 || !in_) throw journal_error(name_, "cannot be read");
    size_ = static_cast<std::uint64_t>(end);
  }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[noreturn]] void fail(std::uint64_t at, std::string why) const {
    throw journal_error(name_, std::nullopt, at, std::move(why));
  }
  std::string_view read(std::size_t n, std::string_view what) {
    if (n > size_ - offset_) {
      fail(offset_,
           fmt::format("truncated: {} needs {} bytes, {} are left", what, n, size_ - offset_));
    }
    buffer_.resize(n);
    in_.read(buffer_.data(), static_cast<std::streamsize>(n));
    if (!in_) fail(offset_, "cannot be read");
    offset_ += n;
    return buffer_;
  }
  [[nodiscard]] std::uint64_t offset() const noexcept { return offset_; }

  /// The next block: its tag, and its payload in `payload()`, its checksum verified.
  block next(std::uint64_t& payload_offset) {
    const std::uint64_t at = offset_;
    const std::string head(read(block_header_size, "a block header"));
    detail::byte_reader h(std::string_view(head).substr(1), at + 1);
    const std::uint64_t length = h.fixed64();
    const std::uint64_t sum = h.fixed64();
    const auto tag = static_cast<std::uint8_t>(head[0]);
    payload_offset = offset_;
    if (length > size_ - offset_) {
      fail(at,
           fmt::format("truncated: the block says {} bytes, {} are left", length, size_ - offset_));
    }
    payload_ = std::string(read(static_cast<std::size_t>(length), "a block"));
    if (detail::checksum64(payload_) != sum) {
      fail(at, "corrupt: a block's checksum does not match its bytes");
    }
    if (tag < 1 || (tag > 5 && tag != 255)) fail(at, fmt::format("unknown block type {}", tag));
    return static_cast<block>(tag);
  }
  [[nodiscard]] const std::string& payload() const noexcept { return payload_; }
  [[nodiscard]] bool at_end() const noexcept { return offset_ == size_; }

 private:
  std::istream& in_;
  std::string name_;
  std::uint64_t size_ = 0;
  std::uint64_t offset_ = 0;
  std::string buffer_;
  std::string payload_;
};

std::string ceilings_text(const ceiling_table& t) {
  std::string out;
  for (const int year : t.years()) {
    for (const financing f : {financing::plai, financing::plus, financing::pls, financing::pli}) {
      for (const income_zone z : {income_zone::zone_1, income_zone::zone_2, income_zone::zone_3}) {
        for (int category = 1; category <= 6; ++category) {
          for (int extra = 0; extra <= (category == 6 ? 1 : 0); ++extra) {
            const ceiling_lookup l = t.lookup(f, year, z, household_category{category, extra});
            const money* m = std::get_if<money>(&l);
            out += m != nullptr ? fmt::format("{},", m->in_cents()) : std::string("-,");
          }
        }
      }
    }
    out += ';';
  }
  return out;
}

std::string_view yes_no(bool b) { return b ? "true" : "false"; }

void check_fingerprint(const event_store& store, const std::string& expected) {
  const auto recorded = store.metadata("engine_options");
  if (recorded && *recorded != expected) {
    throw journal_error(store.name(),
                        fmt::format("written with other engine options or another grid: the "
                                    "journal has\n{}\nthese are\n{}",
                                    *recorded, expected));
  }
}

}  // namespace

std::string allocation_engine::fingerprint(const engine_options& o) {
  std::string targets = "default";
  if (o.als_targets) {
    targets = fmt::format("{},{},{}", (*o.als_targets)[0].value, (*o.als_targets)[1].value,
                          (*o.als_targets)[2].value);
  }
  const std::string ceilings = o.ceilings != nullptr ? ceilings_text(*o.ceilings) : "";
  return fmt::format(
      "grid {} content {:016x}\n"
      "ceilings {:016x}\n"
      "eligibility max_effort_ratio={} rooms_below={} rooms_above={} check_effort_ratio={} "
      "check_wishes={}\n"
      "als_targets={} shortlist_size={} answer_delay_days={} condition_delay_days={} "
      "max_positionings={} exclude_awaiting_answer={}\n"
      "binary format {}",
      o.grid.id, detail::checksum64(to_json(o.grid)), detail::checksum64(ceilings),
      o.eligibility.max_effort_ratio.value, o.eligibility.rooms_below, o.eligibility.rooms_above,
      yes_no(o.eligibility.check_effort_ratio), yes_no(o.eligibility.check_wishes), targets,
      o.shortlist_size ? std::to_string(*o.shortlist_size) : std::string("default"),
      o.answer_delay_days, o.condition_delay_days,
      o.max_positionings ? std::to_string(*o.max_positionings) : std::string("none"),
      yes_no(o.exclude_awaiting_answer), detail::binary_format_version);
}

std::uint64_t allocation_engine::sequence() const noexcept {
  return store_.get() != nullptr ? store_.get()->last_sequence() : 0;
}

void allocation_engine::flush() {
  if (event_store* s = store_.get()) s->flush();
}

void allocation_engine::save_snapshot() {
  event_store* s = store_.get();
  if (s == nullptr) throw invalid_argument("store", "an in-memory engine has no journal");
  const std::uint64_t seq = s->last_sequence();
  s->put_snapshot(seq, [&](std::ostream& out) { write_binary_snapshot(out, seq); });
}

void allocation_engine::write_binary_snapshot(std::ostream& out, std::uint64_t sequence) const {
  std::string head(magic);
  head += fixed(detail::binary_format_version);
  head += fixed(sequence);
  head += fixed(detail::checksum64(fingerprint(options_)));
  head += fixed(0);
  head += fixed(detail::checksum64(head));
  out.write(head.data(), static_cast<std::streamsize>(head.size()));

  block_writer blocks(out);
  {
    detail::byte_writer w(blocks.payload());
    w.varint(clock_ ? clock_->day_number() : 0);
    w.varint(requests_.size());
    w.varint(offers_.size());
    blocks.emit(block::state);
  }
  for (std::size_t first = 0; first < requests_.size(); first += per_block) {
    const std::size_t last = std::min(requests_.size(), first + per_block);
    detail::byte_writer w(blocks.payload());
    for (std::size_t i = first; i < last; ++i) detail::encode(w, requests_[i]);
    blocks.emit(block::requests);
    for (std::size_t i = first; i < last; ++i) {
      w.varint(request_offers_[i].size());
      for (const std::uint32_t k : request_offers_[i]) w.varint(k);
    }
    blocks.emit(block::request_offers);
  }
  for (std::size_t first = 0; first < offers_.size(); first += per_block / 8) {
    const std::size_t last = std::min(offers_.size(), first + per_block / 8);
    detail::byte_writer w(blocks.payload());
    for (std::size_t i = first; i < last; ++i) detail::encode(w, offers_[i]);
    blocks.emit(block::offers);
  }
  {
    detail::byte_writer w(blocks.payload());
    w.varint(statistics_.size());
    for (const attribution_record& r : statistics_.records()) detail::encode(w, r);
    blocks.emit(block::statistics);
  }
  detail::byte_writer(blocks.payload()).fixed64(blocks.count());
  blocks.emit(block::end);
}

allocation_engine allocation_engine::read_binary_snapshot(std::istream& in, engine_options options,
                                                          std::string_view source,
                                                          std::uint64_t* sequence_out) {
  allocation_engine e(std::move(options));
  block_reader blocks(in, std::string(source));
  const std::string head(blocks.read(header_size, "the header"));
  if (std::string_view(head).substr(0, magic.size()) != magic) {
    blocks.fail(0, "not a cotation binary snapshot (no magic number)");
  }
  detail::byte_reader h(std::string_view(head).substr(magic.size()), magic.size());
  const std::uint64_t version = h.fixed64();
  const std::uint64_t seq = h.fixed64();
  const std::uint64_t hash = h.fixed64();
  (void)h.fixed64();
  const std::uint64_t head_sum = h.fixed64();
  // The version first: another version's header may be laid out otherwise.
  if (version != detail::binary_format_version) {
    blocks.fail(8, fmt::format("format version {} is {} this build reads ({})", version,
                               version > detail::binary_format_version ? "newer than the one"
                                                                       : "not the one",
                               detail::binary_format_version));
  }
  if (detail::checksum64(std::string_view(head).substr(0, header_size - 8)) != head_sum) {
    blocks.fail(0, "corrupt: the header's checksum does not match its bytes");
  }
  if (hash != detail::checksum64(fingerprint(e.options_))) {
    blocks.fail(24, "made with other engine options or another grid");
  }

  std::uint64_t requests = 0;
  std::uint64_t offers = 0;
  std::uint64_t seen = 0;
  std::size_t next_offers_of = 0;
  bool have_state = false;
  bool have_statistics = false;
  const auto decode_all = [&](std::uint64_t at, auto&& f) {
    detail::byte_reader r(blocks.payload(), at);
    try {
      while (!r.at_end()) f(r);
    } catch (const detail::binary_fault& fault) {
      blocks.fail(fault.offset, fault.what());
    }
  };
  for (;;) {
    std::uint64_t at = 0;
    const std::uint64_t block_at = blocks.offset();
    const block tag = blocks.next(at);
    if (tag != block::state && !have_state)
      blocks.fail(block_at, "the first block is not the state");
    if (tag == block::end) {
      detail::byte_reader r(blocks.payload(), at);
      if (blocks.payload().size() != 8 || r.fixed64() != seen) {
        blocks.fail(block_at, "corrupt: the end block does not count the blocks before it");
      }
      break;
    }
    ++seen;
    switch (tag) {
      case block::state:
        if (have_state) blocks.fail(block_at, "a second state block");
        have_state = true;
        decode_all(at, [&](detail::byte_reader& r) {
          const std::uint64_t day = r.varint();
          if (day != 0) {
            static const date epoch(1970, 1, 1);
            e.clock_ = epoch + boost::gregorian::days(static_cast<long>(day) -
                                                      static_cast<long>(epoch.day_number()));
          }
          requests = r.varint();
          offers = r.varint();
          if (requests > UINT32_MAX || offers > UINT32_MAX) r.fail("too many records");
        });
        e.requests_.reserve(static_cast<std::size_t>(requests));
        e.request_offers_.reserve(static_cast<std::size_t>(requests));
        e.offers_.reserve(static_cast<std::size_t>(offers));
        break;
      case block::requests:
        decode_all(at, [&](detail::byte_reader& r) {
          if (e.requests_.size() >= requests) r.fail("more requests than the state says");
          applicant a = detail::decode_applicant(r);
          const auto index = static_cast<std::uint32_t>(e.requests_.size());
          if (!e.request_index_.emplace(a.number, index).second) {
            r.fail(fmt::format("request {} appears twice", a.number));
          }
          e.requests_.push_back(std::move(a));
        });
        break;
      case block::request_offers:
        decode_all(at, [&](detail::byte_reader& r) {
          if (next_offers_of >= e.requests_.size()) r.fail("offers of a request not read yet");
          std::vector<std::uint32_t> list(static_cast<std::size_t>(r.length()));
          for (std::uint32_t& k : list) {
            const std::uint64_t v = r.varint();
            if (v >= offers) r.fail("an offer index out of range");
            k = static_cast<std::uint32_t>(v);
          }
          e.request_offers_.push_back(std::move(list));
          ++next_offers_of;
        });
        break;
      case block::offers:
        decode_all(at, [&](detail::byte_reader& r) {
          if (e.offers_.size() >= offers) r.fail("more offers than the state says");
          offer_record o = detail::decode_offer_record(r);
          const auto index = static_cast<std::uint32_t>(e.offers_.size());
          if (!e.offer_index_.emplace(o.offer.id, index).second) {
            r.fail(fmt::format("offer \"{}\" appears twice", o.offer.id));
          }
          e.offers_.push_back(std::move(o));
        });
        break;
      case block::statistics: {
        if (have_statistics) blocks.fail(block_at, "a second statistics block");
        have_statistics = true;
        std::vector<attribution_record> records;
        decode_all(at, [&](detail::byte_reader& r) {
          records.resize(static_cast<std::size_t>(r.length()));
          for (attribution_record& a : records) a = detail::decode_attribution_record(r);
        });
        e.statistics_ = attribution_statistics(std::move(records));
        break;
      }
      case block::end:
        break;
    }
  }
  if (!blocks.at_end()) blocks.fail(blocks.offset(), "bytes after the end block");
  if (e.requests_.size() != requests || e.request_offers_.size() != requests ||
      e.offers_.size() != offers || !have_statistics) {
    blocks.fail(blocks.offset(), "incomplete: blocks are missing");
  }
  if (sequence_out != nullptr) *sequence_out = seq;
  return e;
}

allocation_engine allocation_engine::open(const std::filesystem::path& path, engine_options options,
                                          journal_options journal) {
  return open(open_sqlite_store(path, journal), std::move(options));
}

allocation_engine allocation_engine::open(std::unique_ptr<event_store> store,
                                          engine_options options) {
  const std::string print = fingerprint(options);
  check_fingerprint(*store, print);
  std::optional<allocation_engine> restored;
  std::uint64_t from = 1;
  if (const auto snap = store->newest_snapshot()) {
    store->get_snapshot(*snap, [&](std::istream& in, const std::string& name) {
      std::uint64_t seq = 0;
      restored = read_binary_snapshot(in, options, name, &seq);
      if (seq != *snap) {
        throw journal_error(
            name, std::nullopt, 16,
            fmt::format("the snapshot is of event {}, the journal says {}", seq, *snap));
      }
    });
    if (*snap > store->last_sequence()) {
      throw journal_error(store->name(),
                          fmt::format("the snapshot of event {} is ahead of the journal's last "
                                      "event ({})",
                                      *snap, store->last_sequence()));
    }
    from = *snap + 1;
  } else {
    restored.emplace(std::move(options));
  }
  allocation_engine& e = *restored;
  store->read(from, [&](std::uint64_t seq, event&& ev) {
    const outcome o = e.apply(ev);
    if (!o.applied()) {
      throw journal_error(
          store->name(), seq, std::nullopt,
          fmt::format("the engine refuses {} ({}): {}", describe(ev), *o.refused, o.reason));
    }
  });
  if (!store->metadata("engine_options")) store->set_metadata("engine_options", print);
  e.log_.clear();
  e.store_.p = std::move(store);
  return std::move(e);
}

}  // namespace cotation
