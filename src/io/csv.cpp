// SPDX-License-Identifier: MIT
#include <cotation/csv.hpp>
#include <cotation/error.hpp>
#include <cotation/files.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <unordered_map>

#include <boost/container/small_vector.hpp>

#include "detail/handover.hpp"
#include "io/csv_records.hpp"
#include "io/io_text.hpp"
#include "ranking/pool_loader.hpp"
#include "ranking/pool_record.hpp"

namespace cotation {

namespace {

// The columns, in documented order; `col` indexes this table.
enum class col : std::uint8_t {
  number,
  initial_filing,
  last_renewal,
  removed_on,
  members,
  income_n2_year,
  income_n2,
  income_n1_year,
  income_n1,
  monthly_resources,
  expected_housing_benefit,
  contract,
  job_start,
  net_monthly_salary,
  gross_monthly_salary,
  employer,
  peec,
  company_size,
  sector,
  headcount,
  mobility_kind,
  mobility_date,
  mobility_distance_km,
  mobility_travel_minutes,
  housing_status,
  housing_rent_and_charges,
  housing_benefit,
  dalo,
  disability,
  domestic_violence,
  threatened_with_eviction,
  non_decent_or_overcrowded,
  key_worker,
  single_parent,
  applicant_refusals,
  commission_refusals,
  attributions,
  dossier_complete,
  documents,
  employer_validated,
  wish_communes,
  wish_departments,
  wish_typologies,
  wish_max_rent,
  count_
};

constexpr std::size_t column_count = static_cast<std::size_t>(col::count_);

constexpr std::array<csv_column, column_count> columns = {{
    {"number", true},
    {"initial_filing", true},
    {"last_renewal", false},
    {"removed_on", false},
    {"members", true},
    {"income_n2_year", true},
    {"income_n2", true},
    {"income_n1_year", false},
    {"income_n1", false},
    {"monthly_resources", true},
    {"expected_housing_benefit", false},
    {"contract", true},
    {"job_start", false},
    {"net_monthly_salary", false},
    {"gross_monthly_salary", false},
    {"employer", true},
    {"peec", true},
    {"company_size", true},
    {"sector", false},
    {"headcount", false},
    {"mobility_kind", false},
    {"mobility_date", false},
    {"mobility_distance_km", false},
    {"mobility_travel_minutes", false},
    {"housing_status", true},
    {"housing_rent_and_charges", false},
    {"housing_benefit", false},
    {"dalo", false},
    {"disability", false},
    {"domestic_violence", false},
    {"threatened_with_eviction", false},
    {"non_decent_or_overcrowded", false},
    {"key_worker", false},
    {"single_parent", false},
    {"applicant_refusals", false},
    {"commission_refusals", false},
    {"attributions", false},
    // The dossier: either dossier_complete, or documents and employer_validated (checked apart).
    {"dossier_complete", false},
    {"documents", false},
    {"employer_validated", false},
    {"wish_communes", false},
    {"wish_departments", false},
    {"wish_typologies", false},
    {"wish_max_rent", false},
}};

std::string_view name_of(col c) { return columns[static_cast<std::size_t>(c)].name; }

using detail::trim;

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

/// True when `s` is `lowercase_name` in any case (ASCII), without a copy.
bool equals_in_any_case(std::string_view s, std::string_view lowercase_name) {
  return std::equal(s.begin(), s.end(), lowercase_name.begin(), lowercase_name.end(),
                    [](char c, char name) { return lower_ascii(c) == name; });
}

/// The items of a cell: a few, held inline (no allocation per cell).
using cell_items = boost::container::small_vector<std::string_view, 8>;

cell_items split(std::string_view s, char sep) {
  cell_items parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    parts.push_back(trim(s.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Cells.

/// `YYYY-MM-DD` or `DD/MM/YYYY`; nothing, with the reason in `problem`, when not a real date.
std::optional<date> parse_cell_date(std::string_view t, std::string& problem) {
  const bool french = t.size() == 10 && t[2] == '/' && t[5] == '/';
  std::array<char, 10> rewritten{};
  std::string_view iso = t;
  if (french) {
    // DD/MM/YYYY as YYYY-MM-DD.
    const std::array<std::size_t, 10> from = {6, 7, 8, 9, 2, 3, 4, 5, 0, 1};
    for (std::size_t k = 0; k < 10; ++k) rewritten[k] = k == 4 || k == 7 ? '-' : t[from[k]];
    iso = std::string_view(rewritten.data(), rewritten.size());
  }
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    problem = fmt::format("\"{}\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)", t);
    return std::nullopt;
  }
  try {
    return parse_iso_date(iso, "");
  } catch (const invalid_argument& e) {
    problem = french ? fmt::format("\"{}\" is not a valid date", t) : e.reason();
    return std::nullopt;
  }
}

class row_reader {
 public:
  row_reader(std::string_view source, const detail::csv_record& r,
             const std::array<std::optional<std::size_t>, column_count>& index)
      : source_(source), record_(r), index_(index) {}

  [[noreturn]] void fail(col c, std::string reason) const {
    throw csv_error(source_, record_.line, std::string(name_of(c)), std::move(reason));
  }
  [[noreturn]] void fail_row(std::string reason) const {
    throw csv_error(source_, record_.line, "", std::move(reason));
  }

  /// The cell's text, or nothing when the column is absent or the cell empty.
  [[nodiscard]] std::optional<std::string_view> cell(col c) const {
    const auto& i = index_[static_cast<std::size_t>(c)];
    if (!i) return std::nullopt;
    const std::string_view text = record_.cells[*i];
    if (text.empty()) return std::nullopt;
    return text;
  }

  [[nodiscard]] bool has_column(col c) const {
    return index_[static_cast<std::size_t>(c)].has_value();
  }

  [[nodiscard]] std::string_view required(col c) const {
    const auto v = cell(c);
    if (!v) fail(c, "a value is required");
    return *v;
  }

  [[nodiscard]] date parse_date(col c, std::string_view t) const {
    std::string problem;
    const auto d = parse_cell_date(t, problem);
    if (!d) fail(c, problem);
    return *d;
  }

  [[nodiscard]] std::optional<date> date_cell(col c) const {
    const auto t = cell(c);
    if (!t) return std::nullopt;
    return parse_date(c, *t);
  }

  [[nodiscard]] money parse_money(col c, std::string_view t) const {
    const auto parsed = detail::parse_euros(t, ".,");
    switch (parsed.outcome) {
      case detail::amount_parse::status::ok:
        return parsed.value;
      case detail::amount_parse::status::negative:
        fail(c, fmt::format("must not be negative (got -{})", detail::format_euros(parsed.value)));
      case detail::amount_parse::status::malformed:
        break;
    }
    fail(c, fmt::format("\"{}\" is not an amount ({})", t, parsed.problem));
  }

  [[nodiscard]] std::optional<money> money_cell(col c) const {
    const auto t = cell(c);
    if (!t) return std::nullopt;
    return parse_money(c, *t);
  }

  /// A non-negative whole number.
  [[nodiscard]] int parse_count(col c, std::string_view t) const {
    int v = 0;
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (!t.empty() && t[0] == '-') fail(c, fmt::format("must not be negative (got {})", t));
    if (ec == std::errc::result_out_of_range) fail(c, fmt::format("{} is out of range", t));
    if (ec != std::errc{} || p != t.data() + t.size()) {
      fail(c, fmt::format("\"{}\" is not a whole number", t));
    }
    return v;
  }

  [[nodiscard]] std::optional<int> count_cell(col c) const {
    const auto t = cell(c);
    if (!t) return std::nullopt;
    return parse_count(c, *t);
  }

  [[nodiscard]] std::optional<bool> bool_cell(col c) const {
    const auto t = cell(c);
    if (!t) return std::nullopt;
    const auto is = [&](std::string_view word) { return equals_in_any_case(*t, word); };
    if (is("1") || is("true") || is("yes") || is("oui")) return true;
    if (is("0") || is("false") || is("no") || is("non")) return false;
    fail(c, fmt::format("\"{}\" is not a boolean (true/false, yes/no, oui/non, 1/0)", *t));
  }

  template <typename E>
  [[nodiscard]] E parse_enum(col c, std::string_view t) const {
    // The names are lower case: a cell written so (the usual case) needs no copy.
    if (const auto e = detail::enum_from_name<E>(t)) return *e;
    if (const auto e = detail::enum_from_name<E>(lower(t))) return *e;
    fail(c, detail::unknown_enum_message<E>(t));
  }

  template <typename E>
  [[nodiscard]] std::optional<E> enum_cell(col c) const {
    const auto t = cell(c);
    if (!t) return std::nullopt;
    return parse_enum<E>(c, *t);
  }

  /// The `|`-separated items of a cell (none when empty); an empty item is refused.
  [[nodiscard]] cell_items list_cell(col c) const {
    const auto t = cell(c);
    if (!t) return {};
    auto items = split(*t, '|');
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].empty()) fail(c, fmt::format("item {} of \"{}\" is empty", i + 1, *t));
    }
    return items;
  }

 private:
  std::string_view source_;
  const detail::csv_record& record_;
  const std::array<std::optional<std::size_t>, column_count>& index_;
};

/// The household, into `h` (empty).
void read_members(const row_reader& r, household& h) {
  const auto items = r.list_cell(col::members);
  if (items.empty()) r.fail(col::members, "a value is required");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto parts = split(items[i], ':');
    const auto where = [&] { return fmt::format("member {} \"{}\": ", i + 1, items[i]); };
    if (parts.size() < 2) {
      r.fail(col::members, where() + "expected role:birth_date[:disabled][:alternating_custody]");
    }
    member m;
    auto role = detail::enum_from_name<member_role>(parts[0]);
    if (!role) role = detail::enum_from_name<member_role>(lower(parts[0]));
    if (!role) r.fail(col::members, where() + detail::unknown_enum_message<member_role>(parts[0]));
    m.role = *role;
    std::string problem;
    const auto birth = parse_cell_date(parts[1], problem);
    if (!birth) r.fail(col::members, where() + problem);
    m.birth_date = *birth;
    for (std::size_t k = 2; k < parts.size(); ++k) {
      const std::string flag = lower(parts[k]);
      if (flag == "disabled") {
        m.disabled = true;
      } else if (flag == "alternating_custody") {
        m.alternating_custody = true;
      } else {
        r.fail(col::members, where() + fmt::format("unknown flag \"{}\" (allowed: disabled, "
                                                   "alternating_custody)",
                                                   parts[k]));
      }
    }
    h.members.push_back(m);
  }
}

/// The dossier, into `d` (empty).
void read_dossier(const row_reader& r, dossier& d) {
  if (r.has_column(col::dossier_complete)) {
    // The flag does not say which document is missing: an incomplete dossier is recorded as one
    // pending document of kind `other`.
    const auto complete = r.bool_cell(col::dossier_complete);
    if (!complete) r.fail(col::dossier_complete, "a value is required");
    d.required.push_back(document{document_kind::other, *complete});
    d.employer_validated = true;
    return;
  }
  for (const std::string_view item : r.list_cell(col::documents)) {
    const auto parts = split(item, ':');
    if (parts.size() > 2) {
      r.fail(col::documents, fmt::format("\"{}\" is not kind[:validated|:pending]", item));
    }
    document doc;
    doc.kind = r.parse_enum<document_kind>(col::documents, parts[0]);
    doc.validated = true;
    if (parts.size() == 2) {
      if (equals_in_any_case(parts[1], "pending")) {
        doc.validated = false;
      } else if (!equals_in_any_case(parts[1], "validated")) {
        r.fail(col::documents,
               fmt::format("\"{}\": status \"{}\" is not validated or pending", item, parts[1]));
      }
    }
    d.required.push_back(doc);
  }
  const auto employer = r.bool_cell(col::employer_validated);
  if (!employer) r.fail(col::employer_validated, "a value is required");
  d.employer_validated = *employer;
}

/// An income column pair: both cells, or neither.
std::optional<annual_income> read_income(const row_reader& r, col year_col, col amount_col) {
  const auto year = r.count_cell(year_col);
  const auto amount = r.money_cell(amount_col);
  if (!year && !amount) return std::nullopt;
  if (!year)
    r.fail(year_col, fmt::format("a year is required when {} is given", name_of(amount_col)));
  if (!amount)
    r.fail(amount_col, fmt::format("an amount is required when {} is given", name_of(year_col)));
  if (*year < 1900 || *year > 2200)
    r.fail(year_col, fmt::format("{} is not a tax year (1900-2200)", *year));
  return annual_income{*year, *amount};
}

/// `a` back to a blank applicant, its lists emptied but keeping their room, so that reading
/// row after row into the same value allocates little.
void clear_keeping_room(applicant& a) {
  const auto emptied = [](auto& v) {
    auto kept = std::move(v);
    kept.clear();
    return kept;
  };
  auto members = emptied(a.household.members);
  auto incomes = emptied(a.incomes);
  auto employer = emptied(a.employment.employer.value);
  auto applicant_refusals = emptied(a.history.applicant_refusals);
  auto commission_refusals = emptied(a.history.commission_refusals);
  auto attributions = emptied(a.history.attributions);
  auto documents = emptied(a.dossier.required);
  auto communes = emptied(a.wishes.communes);
  auto departments = emptied(a.wishes.departments);
  auto typologies = emptied(a.wishes.typologies);
  a = applicant{.number = a.number};
  a.household.members = std::move(members);
  a.incomes = std::move(incomes);
  a.employment.employer.value = std::move(employer);
  a.history.applicant_refusals = std::move(applicant_refusals);
  a.history.commission_refusals = std::move(commission_refusals);
  a.history.attributions = std::move(attributions);
  a.dossier.required = std::move(documents);
  a.wishes.communes = std::move(communes);
  a.wishes.departments = std::move(departments);
  a.wishes.typologies = std::move(typologies);
}

// The column holding a field named by validate(), for its errors.
std::optional<col> column_of(std::string_view field, const std::vector<col>& income_year_cols,
                             const std::vector<col>& income_amount_cols) {
  static const std::map<std::string_view, col> direct = {
      {"initial_filing", col::initial_filing},
      {"last_renewal", col::last_renewal},
      {"removed_on", col::removed_on},
      {"monthly_resources", col::monthly_resources},
      {"expected_housing_benefit", col::expected_housing_benefit},
      {"employment.net_monthly_salary", col::net_monthly_salary},
      {"employment.gross_monthly_salary", col::gross_monthly_salary},
      {"employment.headcount", col::headcount},
      {"mobility.distance_km", col::mobility_distance_km},
      {"mobility.travel_minutes", col::mobility_travel_minutes},
      {"housing.rent_and_charges", col::housing_rent_and_charges},
      {"housing.housing_benefit", col::housing_benefit},
      {"wishes.max_rent", col::wish_max_rent},
  };
  if (const auto it = direct.find(field); it != direct.end()) return it->second;
  if (field.starts_with("household.")) return col::members;
  if (field.starts_with("wishes.typologies")) return col::wish_typologies;
  if (field.starts_with("incomes[")) {
    std::size_t k = 0;
    const auto [p, ec] = std::from_chars(field.data() + 8, field.data() + field.size(), k);
    if (ec == std::errc{} && k < income_year_cols.size()) {
      return field.ends_with(".year") ? income_year_cols[k] : income_amount_cols[k];
    }
  }
  return std::nullopt;
}

/// The applicant of a row, into `a` (whose room is reused; every field is overwritten).
void read_row(const row_reader& r, applicant& a) {
  const std::string_view number_text = r.required(col::number);
  if (const auto problem = request_number::check(number_text)) {
    r.fail(col::number, fmt::format("\"{}\" is not a request number: at character {}: {}",
                                    number_text, problem->position + 1, problem->reason));
  }
  clear_keeping_room(a);
  a.number = request_number::parse(number_text);
  a.initial_filing = r.parse_date(col::initial_filing, r.required(col::initial_filing));
  a.last_renewal = r.date_cell(col::last_renewal);
  a.removed_on = r.date_cell(col::removed_on);
  read_members(r, a.household);

  std::vector<col> year_cols;
  std::vector<col> amount_cols;
  const auto n2 = read_income(r, col::income_n2_year, col::income_n2);
  const auto n1 = read_income(r, col::income_n1_year, col::income_n1);
  if (n2) {
    a.incomes.push_back(*n2);
    year_cols.push_back(col::income_n2_year);
    amount_cols.push_back(col::income_n2);
  }
  if (n1) {
    if (n2 && n1->year != n2->year + 1) {
      r.fail(col::income_n1_year,
             fmt::format("{} must be the year after income_n2_year {}", n1->year, n2->year));
    }
    a.incomes.push_back(*n1);
    year_cols.push_back(col::income_n1_year);
    amount_cols.push_back(col::income_n1);
  }
  a.monthly_resources = r.parse_money(col::monthly_resources, r.required(col::monthly_resources));
  a.expected_housing_benefit = r.money_cell(col::expected_housing_benefit).value_or(money{});

  employment& e = a.employment;
  e.contract = r.parse_enum<contract_type>(col::contract, r.required(col::contract));
  e.job_start = r.date_cell(col::job_start).value_or(date{});
  e.net_monthly_salary = r.money_cell(col::net_monthly_salary).value_or(money{});
  e.gross_monthly_salary = r.money_cell(col::gross_monthly_salary).value_or(money{});
  e.employer.value.assign(r.cell(col::employer).value_or(""));
  e.peec = r.parse_enum<peec_status>(col::peec, r.required(col::peec));
  e.size = r.parse_enum<company_size>(col::company_size, r.required(col::company_size));
  e.sector = r.enum_cell<employer_sector>(col::sector).value_or(e.sector);
  e.headcount = r.count_cell(col::headcount).value_or(0);

  constexpr std::array mobility_cols = {col::mobility_kind, col::mobility_date,
                                        col::mobility_distance_km, col::mobility_travel_minutes};
  const auto given = std::count_if(mobility_cols.begin(), mobility_cols.end(),
                                   [&](col c) { return r.cell(c).has_value(); });
  if (given == static_cast<std::ptrdiff_t>(mobility_cols.size())) {
    a.mobility = mobility{
        *r.enum_cell<mobility_kind>(col::mobility_kind), *r.date_cell(col::mobility_date),
        *r.count_cell(col::mobility_distance_km), *r.count_cell(col::mobility_travel_minutes)};
  } else if (given != 0) {
    for (const col c : mobility_cols) {
      if (!r.cell(c)) r.fail(c, "the four mobility columns are given together or not at all");
    }
  }

  a.housing.status =
      r.parse_enum<housing_status>(col::housing_status, r.required(col::housing_status));
  a.housing.rent_and_charges = r.money_cell(col::housing_rent_and_charges).value_or(money{});
  a.housing.housing_benefit = r.money_cell(col::housing_benefit).value_or(money{});

  situation& s = a.situation;
  s.dalo = r.bool_cell(col::dalo).value_or(false);
  s.disability = r.bool_cell(col::disability).value_or(false);
  s.domestic_violence = r.bool_cell(col::domestic_violence).value_or(false);
  s.threatened_with_eviction = r.bool_cell(col::threatened_with_eviction).value_or(false);
  s.non_decent_or_overcrowded = r.bool_cell(col::non_decent_or_overcrowded).value_or(false);
  s.key_worker = r.bool_cell(col::key_worker).value_or(false);
  s.single_parent = r.bool_cell(col::single_parent).value_or(false);

  const auto dates = [&](col c, std::vector<date>& out) {
    for (const std::string_view item : r.list_cell(c)) out.push_back(r.parse_date(c, item));
  };
  dates(col::applicant_refusals, a.history.applicant_refusals);
  dates(col::commission_refusals, a.history.commission_refusals);
  dates(col::attributions, a.history.attributions);

  read_dossier(r, a.dossier);

  for (const std::string_view item : r.list_cell(col::wish_communes)) {
    const auto c = commune_code::try_parse(item);
    if (!c) {
      r.fail(col::wish_communes,
             fmt::format("\"{}\" is not an INSEE commune code (five characters, existing "
                         "department)",
                         item));
    }
    a.wishes.communes.push_back(*c);
  }
  for (const std::string_view item : r.list_cell(col::wish_departments)) {
    const auto d = department::try_parse(item);
    if (!d) {
      r.fail(col::wish_departments,
             fmt::format("\"{}\" is not a department (expected 001-095, 02A, 02B, 971-974 or "
                         "976)",
                         item));
    }
    a.wishes.departments.push_back(*d);
  }
  for (std::string_view item : r.list_cell(col::wish_typologies)) {
    const std::string_view number =
        item.starts_with('T') || item.starts_with('t') ? item.substr(1) : item;
    const int t = r.parse_count(col::wish_typologies, number);
    if (t < 1 || t > 6)
      r.fail(col::wish_typologies, fmt::format("\"{}\" is not a typology (T1..T6)", item));
    a.wishes.typologies.push_back(t);
  }
  a.wishes.max_rent = r.money_cell(col::wish_max_rent);

  try {
    validate(a);
  } catch (const invalid_argument& err) {
    if (const auto c = column_of(err.where(), year_cols, amount_cols)) r.fail(*c, err.reason());
    r.fail_row(fmt::format("{}: {}", err.where(), err.reason()));
  }
}

}  // namespace

std::span<const csv_column> csv_columns() noexcept { return columns; }

namespace {

/// Reads the applicants of `records` (positioned at the header), handing each to `sink`.
void read_applicant_records(detail::csv_records& records, const applicant_sink& sink) {
  const detail::csv_header header = detail::read_header(records, columns);
  std::array<std::optional<std::size_t>, column_count> index;
  std::copy(header.index.begin(), header.index.end(), index.begin());
  const std::string_view source_name = records.source();
  const auto has = [&](col c) { return index[static_cast<std::size_t>(c)].has_value(); };
  const bool flag_form = has(col::dossier_complete);
  const bool list_form = has(col::documents) || has(col::employer_validated);
  if (flag_form && list_form) {
    throw csv_error(source_name, 1, "dossier_complete",
                    "give either dossier_complete, or documents and employer_validated, not both");
  }
  if (!flag_form) {
    for (const col c : {col::documents, col::employer_validated}) {
      if (!has(c)) {
        throw csv_error(source_name, 1, std::string(name_of(c)),
                        "required column is missing (or give dossier_complete instead)");
      }
    }
  }
  detail::csv_record rec;
  // One applicant read into, row after row: a sink that moves it away leaves it empty, one
  // that swaps it with a spent one gives its room back.
  applicant a = detail::blank_applicant();
  while (records.next(rec)) {
    header.check_width(rec, source_name);
    const row_reader r(source_name, rec, index);
    read_row(r, a);
    sink(std::move(a), rec.line);
  }
}

/// The error for a request number on `line` that is already on `first_line`.
csv_error number_given_twice(std::string_view source, std::size_t line, const request_number& n,
                             std::size_t first_line) {
  return csv_error(source, line, std::string(name_of(col::number)),
                   fmt::format("request number {} is already on line {}", n, first_line));
}

/// `read_applicant_records` into a vector, request numbers checked for uniqueness.
std::vector<applicant> read_all(detail::csv_records& records) {
  std::vector<applicant> pool;
  std::unordered_map<request_number, std::size_t> lines;
  read_applicant_records(records, [&](applicant&& a, std::size_t line) {
    if (const auto [it, fresh] = lines.emplace(a.number, line); !fresh) {
      throw number_given_twice(records.source(), line, a.number, it->second);
    }
    pool.push_back(std::move(a));
  });
  return pool;
}

}  // namespace

std::vector<applicant> read_applicants_csv(std::string_view csv_text,
                                           std::string_view source_name) {
  detail::csv_records records(csv_text, source_name);
  return read_all(records);
}

void read_applicants_csv(std::istream& in, std::string_view source_name,
                         const applicant_sink& sink) {
  detail::csv_records records(in, source_name);
  read_applicant_records(records, sink);
}

namespace {

/// Applicants read, a batch at a time, with the line each starts on.
struct applicant_batch {
  static constexpr std::size_t size = 1024;
  /// The first `count` are the batch's; the others, spent, lend their room to the next rows.
  std::vector<applicant> applicants;
  std::size_t count = 0;
  std::vector<std::size_t> lines;
  void clear() noexcept {
    count = 0;
    lines.clear();
  }
};

/// `read_pool_csv`, with room made first for `expected` requests.
applicant_pool read_pool(std::istream& in, std::string_view source_name,
                         const eligibility_policy& prepared_for, std::size_t expected) {
  detail::csv_records records(in, source_name);
  applicant_pool pool(prepared_for);
  pool.reserve(expected);
  // The line of each request, for a number given twice.
  std::vector<std::size_t> line_of;
  std::vector<request_number> numbers;
  std::vector<std::optional<pool_index>> found;
  // Parsed on a second thread, a batch at a time; a fault is handed over after the lines read
  // before it, so that the adding thread sees the faults in line order.
  const auto parse = [&](detail::batch_writer<applicant_batch>& out) {
    read_applicant_records(records, [&](applicant&& a, std::size_t line) {
      applicant_batch& batch = out.current();
      if (batch.count < batch.applicants.size()) {
        std::swap(batch.applicants[batch.count], a);  // `a` takes the spent one's room
      } else {
        batch.applicants.push_back(std::move(a));
      }
      ++batch.count;
      batch.lines.push_back(line);
      if (batch.count == applicant_batch::size) out.hand_over();
    });
  };
  const auto add = [&](const applicant_batch& batch) {
    // The batch's numbers looked up together first: their slots of the number index come
    // into cache together (each a miss of its own in a national pool), then `add` finds
    // them there.
    numbers.clear();
    for (std::size_t k = 0; k < batch.count; ++k) numbers.push_back(batch.applicants[k].number);
    found.resize(numbers.size());
    pool.find_all(numbers, found);
    for (std::size_t k = 0; k < batch.count; ++k) {
      const applicant& a = batch.applicants[k];
      const std::size_t line = batch.lines[k];
      try {
        // Validated by `read_row` already.
        detail::pool_loader::add_validated(pool, a);
      } catch (const invalid_argument& e) {
        if (const auto other = pool.find(a.number)) {
          throw number_given_twice(source_name, line, a.number, line_of[*other]);
        }
        // What the pool itself refuses besides (a household of more than 255 persons);
        // `add` names the field under `applicant`.
        throw csv_error(source_name, line, "",
                        fmt::format("{}: {}", e.where().substr(10), e.reason()));
      }
      line_of.push_back(line);
    }
  };
  detail::parse_beside<applicant_batch>(parse, add);
  return pool;
}
}  // namespace

applicant_pool read_pool_csv(std::istream& in, std::string_view source_name,
                             const eligibility_policy& prepared_for) {
  return read_pool(in, source_name, prepared_for, 0);
}

applicant_pool read_pool_csv_file(const std::filesystem::path& path,
                                  const eligibility_policy& prepared_for) {
  if (auto why = unreadable_reason(path)) throw csv_error(path.string(), 0, "", std::move(*why));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw csv_error(path.string(), 0, "", "cannot be opened");
  // Room for the requests the file may hold, at 300 bytes a line (a line with a household, two
  // incomes, an employer and wishes takes 400 or more): the number index is not rebuilt and
  // the columns not copied as they grow. Room reserved and not used costs address space only,
  // the number index's excepted (about 16 bytes a request more).
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  return read_pool(in, path.string(), prepared_for, ec ? 0 : static_cast<std::size_t>(bytes / 300));
}

namespace {

/// Appends a cell, quoted when it holds the separator, a quote, a line break or outer spaces.
void put_cell(std::string& out, std::string_view text) {
  const bool quote = text.find_first_of(",;\"\n\r") != std::string_view::npos ||
                     (!text.empty() && (detail::trim(text).size() != text.size()));
  if (!quote) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

/// Appends the `|`-separated items, each written by `item`.
template <typename Range, typename F>
void put_list(std::string& out, const Range& items, F&& item) {
  bool first = true;
  for (const auto& x : items) {
    if (!first) out += '|';
    first = false;
    item(x);
  }
}

void put_date(std::string& out, date d) {
  if (!d.is_not_a_date()) out += to_iso(d);
}

void write_row(std::string& out, const applicant& a, std::size_t k) {
  const auto where = [&](std::string_view field) {
    return fmt::format("applicants[{}].{}", k, field);
  };
  const auto money_text = [](money m) { return detail::format_euros(m); };
  const auto flag = [](bool b) { return b ? std::string_view("true") : std::string_view("false"); };
  if (a.incomes.size() > 2 ||
      (a.incomes.size() == 2 && a.incomes[1].year != a.incomes[0].year + 1)) {
    throw invalid_argument(where("incomes"),
                           "CSV holds two incomes, N-2 then N-1 (the year after)");
  }
  std::array<std::string, column_count> cells;
  const auto cell = [&](col c) -> std::string& { return cells[static_cast<std::size_t>(c)]; };
  cell(col::number) = a.number.str();
  cell(col::initial_filing) = to_iso(a.initial_filing);
  if (a.last_renewal) cell(col::last_renewal) = to_iso(*a.last_renewal);
  if (a.removed_on) cell(col::removed_on) = to_iso(*a.removed_on);
  put_list(cell(col::members), a.household.members, [&](const member& m) {
    std::string& t = cell(col::members);
    t += detail::name_of(m.role);
    t += ':';
    t += to_iso(m.birth_date);
    if (m.disabled) t += ":disabled";
    if (m.alternating_custody) t += ":alternating_custody";
  });
  if (!a.incomes.empty()) {
    cell(col::income_n2_year) = fmt::format("{}", a.incomes[0].year);
    cell(col::income_n2) = money_text(a.incomes[0].amount);
  }
  if (a.incomes.size() == 2) {
    cell(col::income_n1_year) = fmt::format("{}", a.incomes[1].year);
    cell(col::income_n1) = money_text(a.incomes[1].amount);
  }
  cell(col::monthly_resources) = money_text(a.monthly_resources);
  cell(col::expected_housing_benefit) = money_text(a.expected_housing_benefit);
  const employment& e = a.employment;
  cell(col::contract) = detail::name_of(e.contract);
  put_date(cell(col::job_start), e.job_start);
  cell(col::net_monthly_salary) = money_text(e.net_monthly_salary);
  cell(col::gross_monthly_salary) = money_text(e.gross_monthly_salary);
  cell(col::employer) = e.employer.value;
  cell(col::peec) = detail::name_of(e.peec);
  cell(col::company_size) = detail::name_of(e.size);
  cell(col::sector) = detail::name_of(e.sector);
  cell(col::headcount) = fmt::format("{}", e.headcount);
  if (a.mobility) {
    cell(col::mobility_kind) = detail::name_of(a.mobility->kind);
    cell(col::mobility_date) = to_iso(a.mobility->event_date);
    cell(col::mobility_distance_km) = fmt::format("{}", a.mobility->distance_km);
    cell(col::mobility_travel_minutes) = fmt::format("{}", a.mobility->travel_minutes);
  }
  cell(col::housing_status) = detail::name_of(a.housing.status);
  cell(col::housing_rent_and_charges) = money_text(a.housing.rent_and_charges);
  cell(col::housing_benefit) = money_text(a.housing.housing_benefit);
  const situation& s = a.situation;
  cell(col::dalo) = flag(s.dalo);
  cell(col::disability) = flag(s.disability);
  cell(col::domestic_violence) = flag(s.domestic_violence);
  cell(col::threatened_with_eviction) = flag(s.threatened_with_eviction);
  cell(col::non_decent_or_overcrowded) = flag(s.non_decent_or_overcrowded);
  cell(col::key_worker) = flag(s.key_worker);
  cell(col::single_parent) = flag(s.single_parent);
  const auto dates = [&](col c, const std::vector<date>& ds) {
    put_list(cell(c), ds, [&](date d) { cell(c) += to_iso(d); });
  };
  dates(col::applicant_refusals, a.history.applicant_refusals);
  dates(col::commission_refusals, a.history.commission_refusals);
  dates(col::attributions, a.history.attributions);
  put_list(cell(col::documents), a.dossier.required, [&](const document& d) {
    cell(col::documents) +=
        fmt::format("{}:{}", detail::name_of(d.kind), d.validated ? "validated" : "pending");
  });
  cell(col::employer_validated) = flag(a.dossier.employer_validated);
  put_list(cell(col::wish_communes), a.wishes.communes,
           [&](const commune_code& c) { cell(col::wish_communes) += c.code(); });
  put_list(cell(col::wish_departments), a.wishes.departments,
           [&](const department& d) { cell(col::wish_departments) += d.code(); });
  put_list(cell(col::wish_typologies), a.wishes.typologies,
           [&](int t) { cell(col::wish_typologies) += fmt::format("T{}", t); });
  if (a.wishes.max_rent) cell(col::wish_max_rent) = money_text(*a.wishes.max_rent);
  for (std::size_t c = 0; c < column_count; ++c) {
    if (static_cast<col>(c) == col::dossier_complete) continue;
    if (c != 0) out += ',';
    put_cell(out, cells[c]);
  }
  out += '\n';
}

}  // namespace

void write_applicants_csv(std::span<const applicant> applicants, std::ostream& out) {
  std::string text;
  for (std::size_t c = 0; c < column_count; ++c) {
    if (static_cast<col>(c) == col::dossier_complete) continue;
    if (c != 0) text += ',';
    text += columns[c].name;
  }
  text += '\n';
  for (std::size_t k = 0; k < applicants.size(); ++k) {
    try {
      validate(applicants[k]);
    } catch (const invalid_argument& e) {
      throw invalid_argument(fmt::format("applicants[{}].{}", k, e.where()), e.reason());
    }
    write_row(text, applicants[k], k);
    if (text.size() >= (std::size_t{1} << 20)) {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::vector<applicant> read_applicants_csv_file(const std::filesystem::path& path) {
  if (auto why = unreadable_reason(path)) throw csv_error(path.string(), 0, "", std::move(*why));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw csv_error(path.string(), 0, "", "cannot be opened");
  detail::csv_records records(in, path.string());
  return read_all(records);
}

}  // namespace cotation
