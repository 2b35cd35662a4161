// SPDX-License-Identifier: MIT
#include "io/csv_records.hpp"

#include <cotation/error.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <istream>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "io/io_text.hpp"

namespace cotation::detail {

namespace {

/// Bytes read from a stream at a time; a record longer than half of it grows the buffer.
constexpr std::size_t chunk_size = std::size_t{1} << 20;

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

bool all_empty(const std::vector<std::string_view>& cells) noexcept {
  for (const std::string_view c : cells) {
    if (!c.empty()) return false;
  }
  return true;
}

/// Where `scan_line` stopped.
struct line_scan {
  std::size_t end = std::string_view::npos;  ///< the line's '\n' in the text; npos: none yet
  bool quote = false;                        ///< a quote came first: the cells are incomplete
};

/// Splits the line that starts at `from` in `text` at each `separator` into `cells`, trimmed,
/// up to its '\n' (a '\r' before it left out) or the end of `text`, in one pass over its
/// bytes; stops at the first quote (the caller then reads the line with the quoted reader,
/// which sets the cells anew). Sixteen bytes at a time where SSE2 is there (every x86-64): a
/// `memchr` for the line's end, another for a quote and one per cell, forty cells a line, were
/// a tenth of a national load's parsing.
line_scan scan_line(std::string_view text, std::size_t from, char separator,
                    std::vector<std::string_view>& cells) {
  const char* const p = text.data();
  const std::size_t n = text.size();
  std::size_t start = from;
  const auto cell_to = [&](std::size_t end) {
    cells.push_back(trim(std::string_view(p + start, end - start)));
    start = end + 1;
  };
  // The line ends at `nl`: its last cell, then where it stopped.
  const auto line_at = [&](std::size_t nl) {
    cell_to(nl > start && p[nl - 1] == '\r' ? nl - 1 : nl);
    return line_scan{nl, false};
  };
  std::size_t k = from;
#if defined(__SSE2__)
  const __m128i sep = _mm_set1_epi8(separator);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i newline = _mm_set1_epi8('\n');
  for (; k + 16 <= n; k += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    auto seps = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, sep)));
    const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote)));
    const auto ends = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)));
    const unsigned stops = quotes | ends;
    if (stops != 0) seps &= (stops & (0U - stops)) - 1;  // the separators before the first stop
    while (seps != 0) {
      cell_to(k + static_cast<std::size_t>(std::countr_zero(seps)));
      seps &= seps - 1;
    }
    if (stops != 0) {
      const auto at = static_cast<std::size_t>(std::countr_zero(stops));
      if ((quotes >> at & 1U) != 0) return line_scan{std::string_view::npos, true};
      return line_at(k + at);
    }
  }
#endif
  for (; k < n; ++k) {
    if (p[k] == '"') return line_scan{std::string_view::npos, true};
    if (p[k] == '\n') return line_at(k);
    if (p[k] == separator) cell_to(k);
  }
  cell_to(n);
  return line_scan{};
}

}  // namespace

csv_records::csv_records(std::string_view text, std::string_view source)
    : source_(source), data_(text) {
  start();
}

csv_records::csv_records(std::istream& in, std::string_view source)
    : in_(&in), source_(source), eof_(false) {
  buffer_.reserve(chunk_size);
  start();
}

void csv_records::start() {
  // The header line decides the separator: read until it is whole.
  while (data_.find('\n') == std::string_view::npos && fill()) {
  }
  if (data_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
  std::string_view header = data_.substr(pos_);
  header = header.substr(0, header.find('\n'));
  const bool comma = header.find(',') != std::string_view::npos;
  const bool semicolon = header.find(';') != std::string_view::npos;
  if (comma && semicolon) {
    throw csv_error(source_, 1, "", "the header mixes ',' and ';' as separators");
  }
  separator_ = semicolon ? ';' : ',';
}

bool csv_records::fill() {
  if (in_ == nullptr || eof_) return false;
  const std::size_t kept = data_.size() - pos_;
  if (pos_ != 0 && kept != 0) std::memmove(buffer_.data(), buffer_.data() + pos_, kept);
  const std::size_t capacity = std::max(chunk_size, 2 * kept);
  buffer_.resize(capacity);
  in_->read(buffer_.data() + kept, static_cast<std::streamsize>(capacity - kept));
  const auto got = static_cast<std::size_t>(in_->gcount());
  if (in_->bad()) throw csv_error(source_, 0, "", "cannot be read");
  if (got < capacity - kept) eof_ = true;
  buffer_.resize(kept + got);
  data_ = buffer_;
  pos_ = 0;
  return got != 0 || !eof_;
}

bool csv_records::next(csv_record& out) {
  while (true) {
    if (pos_ == data_.size() && !fill()) return false;
    // Most lines have no quote: split them in place.
    const outcome o = parse_fast(out);
    if (o == outcome::record) return true;
    // At the end of the input a record always completes (or throws): `fill` then says so.
    if (o == outcome::need_more) fill();
  }
}

csv_records::outcome csv_records::parse_fast(csv_record& out) {
  out.line = line_;
  out.cells.clear();
  const line_scan scan = scan_line(data_, pos_, separator_, out.cells);
  if (scan.quote) return parse_quoted(out);
  if (scan.end == std::string_view::npos) {
    // The line runs to the end of what was read: it is whole only at the end of the input.
    if (!eof_) return outcome::need_more;
    pos_ = data_.size();
  } else {
    pos_ = scan.end + 1;
    ++line_;
  }
  return all_empty(out.cells) ? outcome::blank : outcome::record;
}

csv_records::outcome csv_records::parse_quoted(csv_record& out) {
  // Cells are gathered in `storage` as (offset, size) pairs, turned into views at the end.
  std::string& s = out.storage;
  s.clear();
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t cell_start = 0;
  bool quoted = false;  // the current cell was quoted: keep its spaces
  std::size_t line = line_;
  const std::string_view d = data_;
  const auto end_cell = [&] {
    std::string_view cell(s.data() + cell_start, s.size() - cell_start);
    if (!quoted) {
      const std::string_view t = trim(cell);
      spans.emplace_back(cell_start + static_cast<std::size_t>(t.data() - cell.data()), t.size());
    } else {
      spans.emplace_back(cell_start, cell.size());
    }
    cell_start = s.size();
    quoted = false;
  };
  const auto cell_is_blank = [&] {
    for (std::size_t k = cell_start; k < s.size(); ++k) {
      if (!is_blank(s[k])) return false;
    }
    return true;
  };
  std::size_t i = pos_;
  bool ended = false;
  while (!ended) {
    if (i >= d.size()) {
      if (!eof_) return outcome::need_more;
      break;
    }
    const char c = d[i];
    if (c == '"' && !quoted && cell_is_blank()) {
      // A quoted cell: up to the closing quote; "" is a quote.
      const std::size_t opened_on = line;
      s.resize(cell_start);
      quoted = true;
      ++i;
      while (true) {
        if (i >= d.size()) {
          if (!eof_) return outcome::need_more;
          throw csv_error(source_, opened_on, "", "a quoted cell is not closed");
        }
        if (d[i] == '"') {
          if (i + 1 >= d.size() && !eof_) return outcome::need_more;
          if (i + 1 < d.size() && d[i + 1] == '"') {
            s += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (d[i] == '\n') ++line;
        s += d[i++];
      }
      // Only spaces may follow the closing quote before the separator or the end of line.
      while (i < d.size() && is_blank(d[i])) ++i;
      if (i >= d.size() && !eof_) return outcome::need_more;
      if (i < d.size() && d[i] != separator_ && d[i] != '\n' && d[i] != '\r') {
        throw csv_error(source_, line, "",
                        fmt::format("unexpected '{}' after a quoted cell", d[i]));
      }
      continue;
    }
    if (c == separator_) {
      end_cell();
    } else if (c == '\n') {
      ++line;
      ended = true;
    } else if (c == '\r' && i + 1 >= d.size() && !eof_) {
      return outcome::need_more;
    } else if (c == '\r' && i + 1 < d.size() && d[i + 1] == '\n') {
      // CRLF: the '\n' ends the record.
    } else if (quoted) {
      throw csv_error(source_, line, "", fmt::format("unexpected '{}' after a quoted cell", c));
    } else {
      s += c;
    }
    ++i;
  }
  end_cell();
  out.line = line_;
  out.cells.clear();
  for (const auto& [offset, size] : spans) out.cells.emplace_back(s.data() + offset, size);
  pos_ = i;
  line_ = line;
  return all_empty(out.cells) ? outcome::blank : outcome::record;
}

void csv_header::check_width(const csv_record& r, std::string_view source) const {
  if (r.cells.size() != width) {
    throw csv_error(
        source, r.line, "",
        fmt::format("expected {} cells (one per header column), found {}", width, r.cells.size()));
  }
}

csv_header read_header(csv_records& records, std::span<const csv_column> columns) {
  const std::string& source = records.source();
  csv_record header;
  if (!records.next(header) || header.line != 1) {
    throw csv_error(source, 1, "", "the first line must be the header");
  }
  csv_header h;
  h.index.resize(columns.size());
  h.width = header.cells.size();
  std::vector<std::string_view> known;
  for (const csv_column& c : columns) known.push_back(c.name);
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const std::string_view name = header.cells[i];
    if (name.empty()) throw csv_error(source, 1, "", fmt::format("column {} has no name", i + 1));
    const auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) {
      const auto suggestion = closest(name, known);
      throw csv_error(source, 1, std::string(name),
                      suggestion ? fmt::format("unknown column (did you mean \"{}\"?)", *suggestion)
                                 : std::string("unknown column (see docs/format.md)"));
    }
    auto& slot = h.index[static_cast<std::size_t>(it - known.begin())];
    if (slot) throw csv_error(source, 1, std::string(name), "the column appears twice");
    slot = i;
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].required && !h.index[c]) {
      throw csv_error(source, 1, std::string(columns[c].name), "required column is missing");
    }
  }
  return h;
}

}  // namespace cotation::detail
