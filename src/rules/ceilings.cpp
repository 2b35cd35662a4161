// SPDX-License-Identifier: MIT
#include <cotation/ceilings.hpp>
#include <cotation/error.hpp>
#include <cotation/files.hpp>

#include <algorithm>
#include <charconv>
#include <set>
#include <vector>

#include "detail/data_lines.hpp"
#include "detail/embedded.hpp"

namespace cotation {

namespace {

/// Far above any ceiling, far below what would overflow `money` once multiplied.
constexpr std::int64_t max_amount_euros = 1'000'000'000;

std::optional<std::int64_t> parse_integer(std::string_view w) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
  if (ec != std::errc{} || p != w.data() + w.size()) return std::nullopt;
  return v;
}

}  // namespace

const ceiling_table& ceiling_table::embedded() {
  static const ceiling_table table = [] {
    ceiling_table t;
    for (std::size_t i = 0; i < detail::embedded_ceiling_files_count; ++i) {
      const auto& f = detail::embedded_ceiling_files[i];
      t.load(f.text, fmt::format("embedded:{}", f.name));
    }
    return t;
  }();
  return table;
}

void ceiling_table::load(std::string_view text, std::string_view name) {
  // Parse into a scratch map first: a file that fails changes nothing.
  std::map<std::tuple<cotation::financing, int, income_zone>, ceiling_row> parsed;
  std::optional<int> year;
  detail::for_each_data_line(
      text, [&](std::size_t line_no, const std::vector<std::string_view>& words) {
        const auto fail = [&](const std::string& why) {
          throw data_error(fmt::format("{}:{}", name, line_no), why);
        };
        if (words[0] == "year") {
          if (year) fail("a second 'year' line");
          if (words.size() != 2) fail("expected 'year YYYY'");
          const auto y = parse_integer(words[1]);
          if (!y || *y < 1990 || *y > 2100)
            fail(fmt::format("'{}' is not a year (1990-2100)", words[1]));
          year = static_cast<int>(*y);
          return;
        }
        if (!year) fail("the 'year YYYY' line must come before the rows");
        cotation::financing f{};
        if (words[0] == "PLUS") {
          f = financing::plus;
        } else if (words[0] == "PLAI") {
          f = financing::plai;
        } else if (words[0] == "PLI") {
          f = financing::pli;
        } else if (words[0] == "PLS") {
          fail("PLS is derived from PLUS (x 1.30) and must not be given");
        } else {
          fail(fmt::format("unknown financing '{}' (expected PLUS, PLAI or PLI)", words[0]));
        }
        if (words.size() != 9) {
          fail(fmt::format("expected 9 fields (financing zone c1..c6 per_person), found {}",
                           words.size()));
        }
        const auto z = parse_integer(words[1]);
        if (!z || *z < 1 || *z > 3) fail(fmt::format("zone '{}' is not 1, 2 or 3", words[1]));
        ceiling_row row;
        for (std::size_t k = 0; k < 7; ++k) {
          const std::string_view w = words[2 + k];
          if (w == "-") continue;
          const auto v = parse_integer(w);
          const std::string column = k < 6 ? fmt::format("c{}", k + 1) : std::string("per_person");
          if (!v) fail(fmt::format("{} amount '{}' is not a whole number of euros", column, w));
          if (*v < 0) fail(fmt::format("{} amount {} is negative", column, *v));
          // Far above any ceiling, and far below what would overflow the cents of `money` once
          // multiplied (additional persons, PLS).
          if (*v > max_amount_euros) {
            fail(fmt::format("{} amount {} is too large (at most {} euros)", column, *v,
                             max_amount_euros));
          }
          (k < 6 ? row.by_category[k] : row.per_additional_person) = money::euros(*v);
        }
        const auto key = std::make_tuple(f, *year, static_cast<income_zone>(*z));
        if (!parsed.emplace(key, row).second) {
          fail(fmt::format("{} zone {} is given twice", words[0], *z));
        }
      });
  if (!year) throw data_error(std::string(name), "missing the 'year YYYY' line");
  for (auto& [key, row] : parsed) rows_[key] = row;
}

void ceiling_table::load_file(const std::filesystem::path& path) {
  load(read_file(path), path.string());
}

void ceiling_table::load_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt")
      files.push_back(entry.path());
  }
  if (ec) throw data_error(dir.string(), fmt::format("cannot be listed: {}", ec.message()));
  std::sort(files.begin(), files.end());
  ceiling_table scratch = *this;  // all or nothing
  for (const auto& f : files) scratch.load_file(f);
  *this = std::move(scratch);
}

void ceiling_table::set(cotation::financing f, int year, income_zone zone, const ceiling_row& row) {
  if (f == financing::pls) {
    throw invalid_argument("financing", "PLS is derived from PLUS and cannot be set");
  }
  rows_[std::make_tuple(f, year, zone)] = row;
}

ceiling_lookup ceiling_table::lookup(cotation::financing f, int year, income_zone zone,
                                     household_category category) const {
  const no_ceiling none{f, year, zone, category};
  const cotation::financing stored = f == financing::pls ? financing::plus : f;
  const auto it = rows_.find(std::make_tuple(stored, year, zone));
  if (it == rows_.end()) return none;
  const ceiling_row& row = it->second;
  if (category.category < 1 || category.category > 6 || category.additional_persons < 0) {
    return none;
  }
  const auto& base = row.by_category[static_cast<std::size_t>(category.category - 1)];
  if (!base) return none;
  money amount = *base;
  if (category.additional_persons > 0) {
    if (!row.per_additional_person) return none;
    amount += *row.per_additional_person * category.additional_persons;
  }
  // One rounding, from the exact PLUS x 1.30 to the euro (cents x 130 / 10000 euros); rounding
  // to the cent first would turn 1,495 EUR into 1,50 EUR and then 2 EUR.
  if (f == financing::pls) amount = money::euros(scale(amount, 130, 10000).in_cents());
  return amount;
}

std::vector<int> ceiling_table::years() const {
  std::set<int> ys;
  for (const auto& [key, row] : rows_) ys.insert(std::get<1>(key));
  return {ys.begin(), ys.end()};
}

}  // namespace cotation
