// SPDX-License-Identifier: MIT
#include "common.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include <cotation/csv.hpp>
#include <cotation/error.hpp>
#include <cotation/files.hpp>
#include <cotation/json.hpp>

namespace cotation::cli {

namespace {

/// The document, its requests read straight into a pool (`read_pooled_data_set_file`: never
/// held as a list); with `--requests`, the document must hold none, and the pool is the CSV
/// file's (`read_pool_csv_file`). Either way a national file takes the pool's memory.
pooled_data_set read_inputs(const data_inputs& inputs) {
  pooled_data_set d = read_pooled_data_set_file(inputs.data);
  if (!inputs.requests.empty()) {
    if (d.requests.size() != 0) {
      throw input_error(fmt::format(
          "--requests {}: {} already has {} requests (give the requests in one place only)",
          inputs.requests, inputs.data, d.requests.size()));
    }
    d.requests = read_pool_csv_file(inputs.requests);
  }
  return d;
}

}  // namespace

ceiling_table load_ceilings(std::span<const std::string> paths) {
  ceiling_table t = ceiling_table::embedded();
  for (const std::string& path : paths) t.load_file(path);
  return t;
}

workspace::workspace(const data_inputs& inputs) : workspace(inputs, read_inputs(inputs)) {}

workspace::workspace(const data_inputs& inputs, pooled_data_set&& read)
    : source_(inputs.data),
      data_(std::move(read.rest)),
      pool_(std::move(read.requests)),
      statistics_(data_.attributions),
      ceilings_(load_ceilings(inputs.ceilings)) {
  pool_.prepare_ceilings(ceilings_);  // nothing to do without `--ceilings`
  for (std::size_t i = 0; i < data_.offers.size(); ++i)
    offers_.emplace(data_.offers[i].id.value, i);
  if (!inputs.positionings.empty()) {
    data_.positionings = read_positionings_csv_file(
        inputs.positionings,
        {.offer = [&](std::string_view id) { return offers_.find(id) != offers_.end(); },
         .request = [&](const request_number& n) { return pool_.find(n).has_value(); },
         .positionable = [&](std::string_view id,
                             const request_number& n) -> std::optional<std::string> {
           // As in the document (data_set_json.cpp): possible at the offer's closing date.
           const offer& of = data_.offers[offers_.find(id)->second];
           try {
             validate_at(pool_.get(*pool_.find(n)), of.closing_date());
           } catch (const invalid_argument& e) {
             return fmt::format(
                 "request {} cannot be positioned on offer \"{}\" (closing {}): {}: {}", n, of.id,
                 of.closing_date(), e.where(), e.reason());
           }
           return std::nullopt;
         }});
  }
  for (std::size_t i = 0; i < data_.positionings.size(); ++i) {
    positionings_.emplace(data_.positionings[i].offer.value, i);
  }
}

const offer& workspace::find_offer(std::string_view id) const {
  if (const auto it = offers_.find(id); it != offers_.end()) return data_.offers[it->second];
  std::string known;
  constexpr std::size_t shown = 5;
  for (std::size_t i = 0; i < data_.offers.size() && i < shown; ++i) {
    known += fmt::format("{}{}", i == 0 ? "" : ", ", data_.offers[i].id);
  }
  if (data_.offers.size() > shown) known += ", …";
  throw input_error(
      data_.offers.empty()
          ? fmt::format("no offer \"{}\" in {}: it has no offer", id, source_)
          : fmt::format("no offer \"{}\" in {} (its offers: {})", id, source_, known));
}

std::vector<const offer*> workspace::select_offers(std::span<const std::string> ids) const {
  std::vector<const offer*> out;
  if (ids.empty()) {
    for (const offer& o : data_.offers) out.push_back(&o);
  } else {
    for (const std::string& id : ids) out.push_back(&find_offer(id));
  }
  return out;
}

applicant workspace::find_applicant(std::string_view number) const {
  if (const auto problem = request_number::check(number)) {
    throw input_error(fmt::format("\"{}\" is not a request number: at character {}: {}", number,
                                  problem->position + 1, problem->reason));
  }
  const auto i = pool_.find(request_number::parse(number));
  if (!i) throw input_error(fmt::format("no request {} in {}", number, source_));
  return pool_.get(*i);
}

std::span<const request_number> workspace::positioned(const offer& o) const {
  if (const auto it = positionings_.find(o.id.value); it != positionings_.end()) {
    return data_.positionings[it->second].requests;
  }
  return {};
}

std::array<basis_points, company_size_count> workspace::als_targets(date at) const {
  if (data_.als_targets) return *data_.als_targets;
  auto it = targets_.find(at);
  if (it == targets_.end()) {
    it = targets_.emplace(at, default_targets(pool_.active_requests_by_size(at))).first;
  }
  return it->second;
}

std::string read_file(const std::string& path, std::string_view what) {
  try {
    return cotation::read_file(path);
  } catch (const data_error& e) {
    throw input_error(fmt::format("{}: {} {}", path, what, e.reason()));
  }
}

compiled_grid load_grid(const std::string& path) {
  if (path.empty()) return compiled_grid(default_grid());
  return compiled_grid(grid_from_json(read_file(path, "the grid file"), path));
}

date parse_date(std::string_view text, std::string_view option) {
  try {
    return parse_iso_date(text, option);
  } catch (const error& e) {
    throw input_error(fmt::format("{}: {}", option, e.reason()));
  }
}

std::optional<department> parse_department(std::string_view text, std::string_view option) {
  if (text.empty()) return std::nullopt;
  const auto d = department::try_parse(text);
  if (!d) throw input_error(fmt::format("{}: \"{}\" is not a department", option, text));
  return d;
}

money parse_money(std::string_view text, std::string_view option) {
  std::int64_t euros = 0;
  std::int64_t cents = 0;
  std::size_t i = 0;
  std::size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 12; ++i, ++digits) {
    euros = euros * 10 + (text[i] - '0');
  }
  bool ok = digits > 0;
  if (ok && i < text.size() && (text[i] == '.' || text[i] == ',')) {
    std::size_t decimals = 0;
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9' && decimals < 2;
         ++i, ++decimals) {
      cents = cents * 10 + (text[i] - '0');
    }
    ok = decimals > 0;
    if (decimals == 1) cents *= 10;
  }
  if (!ok || i != text.size()) {
    throw input_error(
        fmt::format("{}: \"{}\" is not an amount of euros (write 1234 or 1234.50, not negative)",
                    option, text));
  }
  return money::cents(euros * 100 + cents);
}

language parse_language(std::string_view text) {
  return text == "en" ? language::en : language::fr;
}

output_format parse_format(std::string_view text) {
  return text == "json" ? output_format::json : output_format::table;
}

date reference_date(const offer& o, const std::optional<date>& overridden) {
  return overridden ? *overridden : o.closing_date();
}

offer_ranking rank(const workspace& w, const compiled_grid& g, const offer& o, date reference,
                   std::span<const request_number> positioned) {
  const ranking_rules rules{.grid = g,
                            .statistics = w.statistics(),
                            .als_targets = w.als_targets(reference),
                            .eligibility = {},
                            .ceilings = w.ceilings(),
                            .shortlist_size = {},
                            .score_cards = true};
  return rank_offer(o, w.pool(), positioned, rules, reference);
}

std::string offer_summary(const offer& o, language lang) {
  const bool fr = lang == language::fr;
  return fmt::format("{} ({} {}) · T{} · {} m² · {} · {} {}", o.commune, fr ? "zone" : "zone",
                     number(o.zone()), o.rooms, o.surface_m2, o.financing, o.total_rent(),
                     fr ? "charges comprises" : "charges included");
}

void check_writable(const std::string& path) {
  if (path.empty() || path == "-") return;
  // A device or a named pipe is written in place (`write_file_durably`): nothing to try here
  // (opening a pipe would wait for its reader). A folder is refused.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status)) {
      throw input_error(fmt::format("{}: cannot be written: it is a folder", path));
    }
    return;
  }
  std::filesystem::path partial = path;
  partial += ".partial";
  const bool ok = static_cast<bool>(std::ofstream(partial, std::ios::binary | std::ios::trunc));
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
  if (!ok) throw input_error(fmt::format("{}: cannot be opened for writing", path));
}

void write_output(const std::string& path, std::ostream& out,
                  const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(out);
    return;
  }
  write_file_durably(path, write);
}

}  // namespace cotation::cli
