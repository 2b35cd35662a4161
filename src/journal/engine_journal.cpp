// SPDX-License-Identifier: MIT
// The engine on disk: opening a journal (snapshot + tail), the binary snapshot, the options'
// fingerprint. The format of the snapshot is in docs/format.md ("binary snapshot").
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cotation/engine.hpp>
#include <cotation/error.hpp>
#include <cotation/journal.hpp>
#include <cstring>
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
  state = 1,       ///< Clock, counts.
  requests = 2,    ///< A piece of the request pool's bytes (`applicant_pool::save`), in order.
  offers = 4,      ///< A run of offer records, in publication order.
  statistics = 5,  ///< The attribution records.
  end = 255,
};

/// The snapshot's own layout version (the events' encoding is `detail::binary_format_version`,
/// recorded in the fingerprint). 2: the requests are the pool's bytes; the offers each request
/// positioned on are derived from the offers, not written. 3: the pool's records in their
/// shorter form (dates from 2020, amounts in whole euros and cents, typologies and documents
/// in one number each). 4: the records' housing and mobility after their incomes. 5: the
/// records without a length or padding, their offsets in bytes. 6: the history's three counts
/// in one byte. 7: consecutive income years written once. 8: the housing status and the
/// mobility's kind in one number. 9: the records without the fields their heads hold (the
/// filing, removal, reference person's birth, job start, resources, expected benefit), which
/// follow the records in a block of their own. 10: the records' tails start with what ranking
/// reads, in its order (incomes, housing and mobility, employer, history, wishes), the rest
/// after; the heads keep no marks into them.
constexpr std::uint64_t snapshot_version = 10;

/// Offers per block: a block is built in memory, then written.
constexpr std::size_t offers_per_block = 4096;
/// Largest piece of the pool's bytes in one block: what is read into memory at once.
constexpr std::size_t pool_bytes_per_block = std::size_t{1} << 20;

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
    emit(tag, payload_);
    payload_.clear();
  }
  /// A block of `bytes`, written from where they are (no copy).
  void emit(block tag, std::string_view bytes) {
    const char t = static_cast<char>(tag);
    out_.write(&t, 1);
    const std::string head = fixed(bytes.size()) + fixed(detail::checksum64(bytes));
    out_.write(head.data(), static_cast<std::streamsize>(head.size()));
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
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
    (void)read(static_cast<std::size_t>(length), "a block");
    payload_.swap(buffer_);
    if (detail::checksum64(payload_) != sum) {
      fail(at, "corrupt: a block's checksum does not match its bytes");
    }
    if (tag != 1 && tag != 2 && tag != 4 && tag != 5 && tag != 255) {
      fail(at, fmt::format("unknown block type {}", tag));
    }
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

std::uint64_t allocation_engine::flush() {
  event_store* s = store_.get();
  return s != nullptr ? s->flush() : 0;
}

void allocation_engine::save_snapshot() {
  event_store* s = store_.get();
  if (s == nullptr) throw invalid_argument("store", "an in-memory engine has no journal");
  const std::uint64_t seq = s->last_sequence();
  s->put_snapshot(seq, [&](std::ostream& out) { write_binary_snapshot(out, seq); });
}

void allocation_engine::write_binary_snapshot(std::ostream& out, std::uint64_t sequence) const {
  std::string head(magic);
  head += fixed(snapshot_version);
  head += fixed(sequence);
  head += fixed(detail::checksum64(fingerprint(options_)));
  head += fixed(0);
  head += fixed(detail::checksum64(head));
  out.write(head.data(), static_cast<std::streamsize>(head.size()));

  block_writer blocks(out);
  {
    detail::byte_writer w(blocks.payload());
    w.varint(clock_ ? clock_->day_number() : 0);
    w.varint(pool_.size());
    w.varint(offers_.size());
    blocks.emit(block::state);
  }
  // The pool's own bytes, cut in pieces of at most a mebibyte, each written where it lies.
  pool_.save([&](std::span<const std::byte> bytes) {
    const std::string_view all(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    for (std::size_t from = 0; from < all.size(); from += pool_bytes_per_block) {
      blocks.emit(block::requests, all.substr(from, pool_bytes_per_block));
    }
  });
  for (std::size_t first = 0; first < offers_.size(); first += offers_per_block) {
    const std::size_t last = std::min(offers_.size(), first + offers_per_block);
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
  if (version != snapshot_version) {
    blocks.fail(8, fmt::format("format version {} is {} this build reads ({})", version,
                               version > snapshot_version ? "newer than the one" : "not the one",
                               snapshot_version));
  }
  if (detail::checksum64(std::string_view(head).substr(0, header_size - 8)) != head_sum) {
    blocks.fail(0, "corrupt: the header's checksum does not match its bytes");
  }
  if (hash != detail::checksum64(fingerprint(options))) {
    blocks.fail(24, "made with other engine options or another grid");
  }

  std::optional<date> clock;
  std::uint64_t requests = 0;
  std::uint64_t offers = 0;
  std::uint64_t seen = 0;
  bool have_state = false;
  bool have_statistics = false;
  std::optional<applicant_pool> pool;
  derived_requests known;  // the rows, derived while the pool loads
  std::vector<offer_record> records;
  std::optional<attribution_statistics> statistics;
  const auto decode_all = [&](std::uint64_t at, auto&& f) {
    detail::byte_reader r(blocks.payload(), at);
    try {
      while (!r.at_end()) f(r);
    } catch (const detail::binary_fault& fault) {
      blocks.fail(fault.offset, fault.what());
    }
  };
  std::uint64_t at = 0;
  std::uint64_t block_at = 0;
  const auto next = [&] {
    block_at = blocks.offset();
    const block tag = blocks.next(at);
    if (tag != block::end) ++seen;
    return tag;
  };
  block tag = next();
  if (tag != block::state) blocks.fail(block_at, "the first block is not the state");
  for (;;) {
    if (tag == block::end) {
      detail::byte_reader r(blocks.payload(), at);
      if (blocks.payload().size() != 8 || r.fixed64() != seen) {
        blocks.fail(block_at, "corrupt: the end block does not count the blocks before it");
      }
      break;
    }
    switch (tag) {
      case block::state:
        if (have_state) blocks.fail(block_at, "a second state block");
        have_state = true;
        decode_all(at, [&](detail::byte_reader& r) {
          const std::uint64_t day = r.varint();
          if (day != 0) {
            static const date epoch(1970, 1, 1);
            clock = epoch + boost::gregorian::days(static_cast<long>(day) -
                                                   static_cast<long>(epoch.day_number()));
          }
          requests = r.varint();
          offers = r.varint();
          if (requests > UINT32_MAX || offers > UINT32_MAX) r.fail("too many records");
        });
        records.reserve(static_cast<std::size_t>(offers));
        break;
      case block::requests: {
        // The pool reads its bytes from this block and the ones after it, which must all be
        // requests blocks; the last one must end where the pool does.
        if (pool) blocks.fail(block_at, "a second run of requests blocks");
        std::size_t used = 0;
        std::uint64_t piece_at = at;
        // Room for the rows the state announces, up to a national pool's (a damaged count must
        // not reserve gigabytes; beyond it the rows grow as they are read).
        known.rows.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(requests, 1U << 22)));
        const byte_source feed = [&](std::span<std::byte> out) {
          std::size_t filled = 0;
          while (filled < out.size()) {
            if (used == blocks.payload().size()) {
              if (next() != block::requests) {
                blocks.fail(block_at, "incomplete: the requests end before the pool does");
              }
              used = 0;
              piece_at = at;
            }
            const std::size_t n = std::min(out.size() - filled, blocks.payload().size() - used);
            std::memcpy(out.data() + filled, blocks.payload().data() + used, n);
            used += n;
            filled += n;
          }
        };
        try {
          pool.emplace(
              applicant_pool::load(feed, options.eligibility,
                                   [&](pool_index i, const applicant& a) { known.add(i, a); }));
        } catch (const journal_error&) {
          throw;  // the blocks' own fault, with its offset
        } catch (const data_error& err) {
          blocks.fail(piece_at + used, fmt::format("the request pool: {}", err.what()));
        } catch (const invalid_argument& err) {
          blocks.fail(piece_at + used, fmt::format("the request pool: {}", err.what()));
        }
        if (used != blocks.payload().size()) {
          blocks.fail(piece_at + used, "bytes after the request pool's");
        }
        if (pool->size() != requests) {
          blocks.fail(block_at, fmt::format("the state says {} requests, the pool holds {}",
                                            requests, pool->size()));
        }
        break;
      }
      case block::offers:
        decode_all(at, [&](detail::byte_reader& r) {
          if (records.size() >= offers) r.fail("more offers than the state says");
          records.push_back(detail::decode_offer_record(r));
        });
        break;
      case block::statistics: {
        if (have_statistics) blocks.fail(block_at, "a second statistics block");
        have_statistics = true;
        std::vector<attribution_record> list;
        decode_all(at, [&](detail::byte_reader& r) {
          list.resize(static_cast<std::size_t>(r.length()));
          for (attribution_record& a : list) a = detail::decode_attribution_record(r);
        });
        statistics = attribution_statistics(std::move(list));
        break;
      }
      case block::end:
        break;
    }
    tag = next();
  }
  if (!blocks.at_end()) blocks.fail(blocks.offset(), "bytes after the end block");
  if ((!pool && requests != 0) || records.size() != offers || !have_statistics) {
    blocks.fail(blocks.offset(), "incomplete: blocks are missing");
  }
  if (!pool) pool.emplace(options.eligibility);
  if (sequence_out != nullptr) *sequence_out = seq;
  // How the parts fit together (an offer given twice, a request named that is not in the pool)
  // is checked while the rest is derived from them.
  try {
    return assemble(std::move(options), clock, std::move(*pool), std::move(records),
                    std::move(*statistics), std::move(known));
  } catch (const invalid_argument& err) {
    blocks.fail(blocks.offset(), fmt::format("inconsistent: {}", err.what()));
  }
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
  e.store_.p = std::move(store);
  return std::move(e);
}

}  // namespace cotation
