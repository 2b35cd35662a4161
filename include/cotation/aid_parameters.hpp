// SPDX-License-Identifier: MIT
/// \file
/// Dated parameters of the Action Logement aids (SPEC 7): every value has an effective period,
/// so that a change of rules (Mobili-Pass suspended from 1 July 2023, Mobili-Jeune's salary
/// condition from 15 February 2024, a new SMIC) is a data change, not a code change.
///
/// The defaults are the files under `data/aids/`, compiled into the library and parsed by the
/// same loader as files on disk (`aid_parameters::embedded()`).
#pragma once

#include <algorithm>
#include <concepts>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <cotation/calendar.hpp>
#include <cotation/error.hpp>
#include <cotation/money.hpp>

namespace cotation {

/// A value that changes over time: a set of non-overlapping periods `[from, to)`, each with
/// its value. A date covered by no period has no value (a rule that does not apply then, or a
/// parameter not published for that date).
template <typename T>
class dated {
 public:
  /// One effective period. `from` is inclusive and `to` exclusive; an empty bound is open
  /// (since always, until further notice).
  struct period {
    std::optional<date> from;
    std::optional<date> to;
    T value{};

    /// `from <= d < to`, open bounds included.
    [[nodiscard]] bool contains(date d) const noexcept {
      return (!from || *from <= d) && (!to || d < *to);
    }
    friend bool operator==(const period&, const period&) = default;
  };

  dated() = default;
  /// A value in force at every date.
  explicit dated(T always) {
    periods_.push_back(period{std::nullopt, std::nullopt, std::move(always)});
  }
  /// Several periods; throws like `add`.
  dated(std::initializer_list<period> ps) {
    for (const period& p : ps) add(p);
  }

  /// Adds a period. Throws `cotation::invalid_argument` when `from >= to` or when it overlaps a
  /// period already there.
  void add(period p) {
    if (p.from && p.to && *p.from >= *p.to) {
      throw invalid_argument("period", fmt::format("starts on {} but ends on {} (the end is "
                                                   "exclusive and must be later)",
                                                   *p.from, *p.to));
    }
    if (const period* other = overlapping(p)) {
      throw invalid_argument("period",
                             fmt::format("{} overlaps {}", describe(p), describe(*other)));
    }
    const auto it = std::find_if(periods_.begin(), periods_.end(), [&](const period& q) {
      return q.from && (!p.from || *p.from < *q.from);
    });
    periods_.insert(it, std::move(p));
  }

  /// The period already present that shares at least one day with `p`, if any.
  [[nodiscard]] const period* overlapping(const period& p) const noexcept {
    for (const period& q : periods_) {
      const bool q_ends_after_p_starts = !q.to || !p.from || *p.from < *q.to;
      const bool p_ends_after_q_starts = !p.to || !q.from || *q.from < *p.to;
      if (q_ends_after_p_starts && p_ends_after_q_starts) return &q;
    }
    return nullptr;
  }

  /// The period in force at `d`, or null.
  [[nodiscard]] const period* period_at(date d) const noexcept {
    for (const period& p : periods_) {
      if (p.contains(d)) return &p;
    }
    return nullptr;
  }

  /// The value in force at `d`, or nothing.
  [[nodiscard]] std::optional<T> at(date d) const {
    if (const period* p = period_at(d)) return p->value;
    return std::nullopt;
  }

  /// The periods in chronological order.
  [[nodiscard]] const std::vector<period>& periods() const noexcept { return periods_; }
  /// Removes every period.
  void clear() noexcept { periods_.clear(); }

  friend bool operator==(const dated&, const dated&) = default;

  /// `[2024-01-01, 2024-11-01)`, `[since always, 2023-07-01)`.
  [[nodiscard]] static std::string describe(const period& p) {
    return fmt::format("[{}, {})", p.from ? to_iso(*p.from) : std::string("since always"),
                       p.to ? to_iso(*p.to) : std::string("until further notice"));
  }

 private:
  std::vector<period> periods_;  // sorted by `from`, an open start first
};

/// Visale, the free rent guarantee (SPEC 7).
struct visale_parameters {
  dated<int> min_age;                   ///< 18: youngest age, completed years.
  dated<int> max_age;                   ///< 30: oldest age of the age case, inclusive.
  dated<int> new_job_months;            ///< 6: window after taking a job (over the age).
  dated<money> max_net_salary;          ///< 1 500 €: net monthly salary case (over the age).
  dated<int> transfer_months;           ///< 6: window after a transfer (over the age).
  dated<int> job_promise_months;        ///< 3: a promised job starts within this window.
  dated<money> max_rent_ile_de_france;  ///< 1 500 €: rent + charges, monthly.
  dated<money> max_rent_elsewhere;      ///< 1 300 €.
  dated<money> max_rent_student_ile_de_france;  ///< 800 €.
  dated<money> max_rent_student_elsewhere;      ///< 600 €.
  dated<basis_points> max_rent_share;           ///< 50 %: rent + charges over monthly resources.
  dated<int> covered_months;                    ///< 36 unpaid months covered.
  friend bool operator==(const visale_parameters&, const visale_parameters&) = default;
};

/// Loca-Pass, the interest-free advance of the deposit (SPEC 7).
struct loca_pass_parameters {
  dated<int> young_age_limit;                ///< 30: people under this age are eligible.
  dated<int> application_months;             ///< 2: apply at most this long after moving in.
  dated<money> max_amount;                   ///< 1 200 €.
  dated<money> min_instalment;               ///< 20 € a month.
  dated<int> max_instalments;                ///< 25 monthly instalments at most.
  dated<int> first_instalment_after_months;  ///< 3: see `compute_loca_pass`.
  friend bool operator==(const loca_pass_parameters&, const loca_pass_parameters&) = default;
};

/// Mobili-Jeune, the rent aid for young people in work-study (SPEC 7).
struct mobili_jeune_parameters {
  dated<int> age_limit;  ///< 30: people under this age are eligible.
  /// 80 % from 15 February 2024: gross monthly salary at most this share of the gross SMIC.
  /// No period before: the condition did not exist.
  dated<basis_points> max_salary_share_of_smic;
  dated<money> min_monthly;               ///< 10 €.
  dated<money> max_monthly;               ///< 100 €.
  dated<money> max_monthly_agricultural;  ///< 300 € in the agricultural sector.
  dated<int> months;                      ///< 12: duration of the aid.
  friend bool operator==(const mobili_jeune_parameters&, const mobili_jeune_parameters&) = default;
};

/// Mobili-Pass, the subsidy for a professional move (SPEC 7).
struct mobili_pass_parameters {
  dated<bool> available;                ///< `no` from 1 July 2023 (suspended).
  dated<int> min_headcount;             ///< 10 staff.
  dated<int> distance_km_above;         ///< 70: strictly more kilometres qualify...
  dated<int> min_travel_minutes;        ///< ... or 75 minutes of travel or more.
  dated<int> renewal_months;            ///< 24: once per two years.
  dated<int> application_months;        ///< 6: apply at most this long after the event.
  dated<money> max_amount_tight_zones;  ///< 2 200 € in zones A bis, A and B1.
  dated<money> max_amount_other_zones;  ///< 1 900 € in zones B2 and C.
  friend bool operator==(const mobili_pass_parameters&, const mobili_pass_parameters&) = default;
};

/// Every parameter of the four aids, plus the gross monthly SMIC that Mobili-Jeune's salary
/// condition refers to.
///
/// Text format (one parameter period per line; `#` starts a comment; blank lines ignored):
/// ```
/// # name                    from        to          value
/// smic.gross_monthly        2024-01-01  2024-11-01  1747.20
/// mobili_pass.available     -           2023-07-01  yes
/// mobili_pass.available     2023-07-01  -           no
/// visale.max_rent_share     -           -           50%
/// ```
/// `from` is inclusive, `to` exclusive, `-` an open bound. Values are euros with at most two
/// decimals (money), whole numbers (ages, months, km, minutes, staff), percentages with at most
/// two decimals followed by `%`, or `yes`/`no`. Names are those of the members, prefixed by the
/// aid (`visale.max_rent_elsewhere`, `smic.gross_monthly`); see `data/aids/`.
struct aid_parameters {
  dated<money> smic_gross_monthly;  ///< Gross monthly SMIC (35 h a week).
  visale_parameters visale;
  loca_pass_parameters loca_pass;
  mobili_jeune_parameters mobili_jeune;
  mobili_pass_parameters mobili_pass;

  /// The parameters bundled with the library, parsed once from the embedded copies of
  /// `data/aids/*.txt` (as `load_directory` would).
  [[nodiscard]] static const aid_parameters& embedded();

  /// Reads parameter periods from `text`. The periods a text gives for a parameter are that
  /// parameter's whole history: they replace its previous periods; parameters the text does not
  /// name are kept. All or nothing: throws `cotation::data_error` with `name:line` and the
  /// reason for an unknown parameter, a malformed date or value, a period that ends before it
  /// starts, or two overlapping periods of one parameter, and then changes nothing. `name` is
  /// used in messages (a path, or `embedded:smic.txt`).
  void load(std::string_view text, std::string_view name);
  /// Reads a file from disk (same format); throws `cotation::data_error` when it cannot be read.
  void load_file(const std::filesystem::path& path);
  /// Reads every `*.txt` file of a directory, in name order, all or nothing. A parameter named
  /// by two files is an error (each parameter's history lives in one file).
  void load_directory(const std::filesystem::path& dir);

  friend bool operator==(const aid_parameters&, const aid_parameters&) = default;
};

/// Calls `f(name, dated<T>&)` for every parameter of `p`, with its name in the text format.
template <typename Parameters, typename F>
requires std::same_as<std::remove_const_t<Parameters>, aid_parameters>
void for_each_parameter(Parameters& p, F&& f) {
  f(std::string_view("smic.gross_monthly"), p.smic_gross_monthly);
  auto& v = p.visale;
  f(std::string_view("visale.min_age"), v.min_age);
  f(std::string_view("visale.max_age"), v.max_age);
  f(std::string_view("visale.new_job_months"), v.new_job_months);
  f(std::string_view("visale.max_net_salary"), v.max_net_salary);
  f(std::string_view("visale.transfer_months"), v.transfer_months);
  f(std::string_view("visale.job_promise_months"), v.job_promise_months);
  f(std::string_view("visale.max_rent_ile_de_france"), v.max_rent_ile_de_france);
  f(std::string_view("visale.max_rent_elsewhere"), v.max_rent_elsewhere);
  f(std::string_view("visale.max_rent_student_ile_de_france"), v.max_rent_student_ile_de_france);
  f(std::string_view("visale.max_rent_student_elsewhere"), v.max_rent_student_elsewhere);
  f(std::string_view("visale.max_rent_share"), v.max_rent_share);
  f(std::string_view("visale.covered_months"), v.covered_months);
  auto& l = p.loca_pass;
  f(std::string_view("loca_pass.young_age_limit"), l.young_age_limit);
  f(std::string_view("loca_pass.application_months"), l.application_months);
  f(std::string_view("loca_pass.max_amount"), l.max_amount);
  f(std::string_view("loca_pass.min_instalment"), l.min_instalment);
  f(std::string_view("loca_pass.max_instalments"), l.max_instalments);
  f(std::string_view("loca_pass.first_instalment_after_months"), l.first_instalment_after_months);
  auto& j = p.mobili_jeune;
  f(std::string_view("mobili_jeune.age_limit"), j.age_limit);
  f(std::string_view("mobili_jeune.max_salary_share_of_smic"), j.max_salary_share_of_smic);
  f(std::string_view("mobili_jeune.min_monthly"), j.min_monthly);
  f(std::string_view("mobili_jeune.max_monthly"), j.max_monthly);
  f(std::string_view("mobili_jeune.max_monthly_agricultural"), j.max_monthly_agricultural);
  f(std::string_view("mobili_jeune.months"), j.months);
  auto& m = p.mobili_pass;
  f(std::string_view("mobili_pass.available"), m.available);
  f(std::string_view("mobili_pass.min_headcount"), m.min_headcount);
  f(std::string_view("mobili_pass.distance_km_above"), m.distance_km_above);
  f(std::string_view("mobili_pass.min_travel_minutes"), m.min_travel_minutes);
  f(std::string_view("mobili_pass.renewal_months"), m.renewal_months);
  f(std::string_view("mobili_pass.application_months"), m.application_months);
  f(std::string_view("mobili_pass.max_amount_tight_zones"), m.max_amount_tight_zones);
  f(std::string_view("mobili_pass.max_amount_other_zones"), m.max_amount_other_zones);
}

}  // namespace cotation
