// SPDX-License-Identifier: MIT
#include <cotation/aid_parameters.hpp>
#include <cotation/error.hpp>
#include <cotation/files.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <utility>
#include <variant>

#include "detail/data_lines.hpp"
#include "detail/embedded.hpp"

namespace cotation {

namespace {

/// `digits[.d]` or `digits[.dd]` scaled by 100 (euros to cents, percent to basis points).
/// No sign, no thousands separator; at most 12 integer digits.
std::optional<std::int64_t> parse_hundredths(std::string_view w) {
  const std::size_t dot = w.find('.');
  const std::string_view whole = w.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view{} : w.substr(dot + 1);
  const auto all_digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 12 || !all_digits(whole)) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2 || !all_digits(frac))) {
    return std::nullopt;
  }
  std::int64_t v = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), v);
  std::int64_t f = 0;
  if (!frac.empty()) {
    std::from_chars(frac.data(), frac.data() + frac.size(), f);
    if (frac.size() == 1) f *= 10;
  }
  return v * 100 + f;
}

/// A value of type T from one word, or a sentence saying what was expected.
template <typename T>
std::variant<T, std::string> parse_value(std::string_view w) {
  if constexpr (std::is_same_v<T, money>) {
    if (const auto c = parse_hundredths(w)) return money::cents(*c);
    return fmt::format("'{}' is not an amount in euros (digits, at most two decimals: 1766.92)", w);
  } else if constexpr (std::is_same_v<T, basis_points>) {
    if (w.size() >= 2 && w.back() == '%') {
      if (const auto bp = parse_hundredths(w.substr(0, w.size() - 1))) return basis_points{*bp};
    }
    return fmt::format("'{}' is not a percentage (digits, at most two decimals, then %: 80%)", w);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (w == "yes") return true;
    if (w == "no") return false;
    return fmt::format("'{}' is not 'yes' or 'no'", w);
  } else {
    static_assert(std::is_same_v<T, int>);
    int v = 0;
    const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec != std::errc{} || p != w.data() + w.size() || v < 0 || w.front() == '+') {
      return fmt::format("'{}' is not a whole number (0 or more)", w);
    }
    return v;
  }
}

/// Parameter name -> line of its first period in one text.
using named_lines = std::map<std::string, std::size_t, std::less<>>;

/// Parses `text` into `into`: each parameter named by the text gets exactly the text's periods.
named_lines load_into(aid_parameters& into, std::string_view text, std::string_view name) {
  named_lines seen;
  detail::for_each_data_line(
      text, [&](std::size_t line_no, const std::vector<std::string_view>& words) {
        const auto fail = [&](const std::string& why) {
          throw data_error(fmt::format("{}:{}", name, line_no), why);
        };
        if (words.size() != 4) {
          fail(fmt::format("expected 4 fields (name from to value), found {}", words.size()));
        }
        const auto bound = [&](std::string_view w, const char* which) -> std::optional<date> {
          if (w == "-") return std::nullopt;
          try {
            return parse_iso_date(w, which);
          } catch (const invalid_argument& e) {
            fail(fmt::format("'{}' date: {} (or '-' for an open bound)", which, e.reason()));
          }
          return std::nullopt;  // not reached
        };
        const std::optional<date> from = bound(words[1], "from");
        const std::optional<date> to = bound(words[2], "to");
        if (from && to && *from >= *to) {
          fail(fmt::format("the period ends on {} (exclusive) but starts on {}", *to, *from));
        }
        bool known = false;
        for_each_parameter(into, [&]<typename T>(std::string_view param, dated<T>& slot) {
          if (param != words[0]) return;
          known = true;
          auto value = parse_value<T>(words[3]);
          if (const auto* why = std::get_if<std::string>(&value)) {
            fail(fmt::format("{}: {}", param, *why));
          }
          if constexpr (std::is_same_v<T, int>) {
            // Divides the advance: zero instalments would mean no repayment at all.
            if (param == "loca_pass.max_instalments" && std::get<int>(value) < 1) {
              fail(fmt::format("{}: at least one instalment is needed", param));
            }
          }
          if (seen.emplace(std::string(param), line_no).second) slot.clear();
          const typename dated<T>::period p{from, to, std::get<T>(value)};
          if (const auto* other = slot.overlapping(p)) {
            fail(fmt::format("{}: the period {} overlaps {}", param, dated<T>::describe(p),
                             dated<T>::describe(*other)));
          }
          slot.add(p);
        });
        if (!known) fail(fmt::format("unknown parameter '{}'", words[0]));
      });
  return seen;
}

/// Loads several texts in order into `into`; a parameter named by two texts is an error.
void load_all(aid_parameters& into, const std::vector<std::pair<std::string, std::string>>& texts) {
  std::map<std::string, std::string, std::less<>> owner;  // parameter -> "file:line"
  for (const auto& [name, text] : texts) {
    for (const auto& [param, line] : load_into(into, text, name)) {
      const std::string here = fmt::format("{}:{}", name, line);
      if (const auto it = owner.find(param); it != owner.end()) {
        throw data_error(here,
                         fmt::format("parameter '{}' is already given by {}", param, it->second));
      }
      owner.emplace(param, here);
    }
  }
}

}  // namespace

const aid_parameters& aid_parameters::embedded() {
  static const aid_parameters parameters = [] {
    std::vector<std::pair<std::string, std::string>> texts;
    for (std::size_t i = 0; i < detail::embedded_aid_files_count; ++i) {
      const auto& f = detail::embedded_aid_files[i];
      texts.emplace_back(fmt::format("embedded:{}", f.name), std::string(f.text));
    }
    aid_parameters p;
    load_all(p, texts);
    return p;
  }();
  return parameters;
}

void aid_parameters::load(std::string_view text, std::string_view name) {
  aid_parameters scratch = *this;  // all or nothing
  load_into(scratch, text, name);
  *this = std::move(scratch);
}

void aid_parameters::load_file(const std::filesystem::path& path) {
  load(read_file(path), path.string());
}

void aid_parameters::load_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") {
      files.push_back(entry.path());
    }
  }
  if (ec) throw data_error(dir.string(), fmt::format("cannot be listed: {}", ec.message()));
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& f : files) texts.emplace_back(f.string(), read_file(f));
  aid_parameters scratch = *this;
  load_all(scratch, texts);
  *this = std::move(scratch);
}

}  // namespace cotation
