// SPDX-License-Identifier: MIT
// Positionings as CSV: `offer,request`, one line per positioning.
#include <cotation/csv.hpp>
#include <cotation/error.hpp>
#include <cotation/files.hpp>

#include <array>
#include <fstream>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "io/csv_records.hpp"

namespace cotation {

namespace {

constexpr std::size_t offer_column = 0;
constexpr std::size_t request_column = 1;
constexpr std::array<csv_column, 2> positioning_columns = {{{"offer", true}, {"request", true}}};

std::vector<positioning_list> read_positionings(detail::csv_records& records,
                                                const positioning_references& known) {
  const detail::csv_header header = detail::read_header(records, positioning_columns);
  const std::string& source = records.source();
  const std::size_t offer_cell = *header.index[offer_column];
  const std::size_t request_cell = *header.index[request_column];

  std::vector<positioning_list> lists;
  std::unordered_map<std::string, std::size_t> list_of;  // offer id -> index in `lists`
  // Per list, the line of each request: a second positioning names the first.
  std::vector<std::unordered_map<request_number, std::size_t>> lines;
  detail::csv_record rec;
  while (records.next(rec)) {
    header.check_width(rec, source);
    const auto fail = [&](std::size_t column, std::string reason) {
      throw csv_error(source, rec.line, std::string(positioning_columns[column].name),
                      std::move(reason));
    };
    const std::string_view offer = rec.cells[offer_cell];
    const std::string_view number = rec.cells[request_cell];
    if (offer.empty()) fail(offer_column, "a value is required");
    if (number.empty()) fail(request_column, "a value is required");
    if (const auto problem = request_number::check(number)) {
      fail(request_column, fmt::format("\"{}\" is not a request number: at character {}: {}",
                                       number, problem->position + 1, problem->reason));
    }
    const request_number n = request_number::parse(number);
    if (known.offer && !known.offer(offer)) {
      fail(offer_column, fmt::format("no offer \"{}\" in the data set", offer));
    }
    if (known.request && !known.request(n)) {
      fail(request_column, fmt::format("no request {} in the data set", n));
    }
    if (known.positionable) {
      if (auto why = known.positionable(offer, n)) fail(request_column, std::move(*why));
    }
    auto [it, fresh] = list_of.try_emplace(std::string(offer), lists.size());
    if (fresh) {
      lists.push_back(positioning_list{offer_id{std::string(offer)}, {}});
      lines.emplace_back();
    }
    const auto [at, first] = lines[it->second].emplace(n, rec.line);
    if (!first) {
      fail(request_column,
           fmt::format("request {} is already positioned on offer \"{}\" on line {}", n, offer,
                       at->second));
    }
    lists[it->second].requests.push_back(n);
  }
  return lists;
}

}  // namespace

std::vector<positioning_list> read_positionings_csv(std::string_view csv_text,
                                                    std::string_view source_name,
                                                    const positioning_references& known) {
  detail::csv_records records(csv_text, source_name);
  return read_positionings(records, known);
}

std::vector<positioning_list> read_positionings_csv_file(const std::filesystem::path& path,
                                                         const positioning_references& known) {
  if (auto why = unreadable_reason(path)) throw csv_error(path.string(), 0, "", std::move(*why));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw csv_error(path.string(), 0, "", "cannot be opened");
  detail::csv_records records(in, path.string());
  return read_positionings(records, known);
}

}  // namespace cotation
