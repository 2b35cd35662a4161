// SPDX-License-Identifier: MIT
#include "simulation/generator_world.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "detail/random.hpp"

namespace cotation::detail {

namespace {

// Pending social-housing requests by department, in thousands, by dense department index
// (001..019, 02A, 02B, 021..095, 971, 972, 973, 974, 976). Our assumption, shaped so that the
// total is the country's ~2.7 million (SPEC 8), Hauts-de-Seine has its ~116 000 (SPEC 8) and
// Île-de-France holds ~27 % (736 of 2 705): Paris, Seine-Saint-Denis, Hauts-de-Seine and
// Val-de-Marne heavy, then Nord, Bouches-du-Rhône, Rhône, Gironde, Haute-Garonne,
// Alpes-Maritimes, Hérault, and at least 2 000 requests everywhere.
// clang-format off
constexpr std::array<std::uint32_t, department::count> demand_thousands = {
    17, 13,  8,  5,  4, 66,  7,  7,  4, 11, 12,  5, 125, 18,  3,  9, 18,  7,  5,  // 01-19
    7,  7,                                                                          // 2A 2B
    16, 12,  3,  9, 16, 15, 17, 13, 20, 33, 69,  4,  73, 59, 37,  5, 21, 42,  5,  // 21-39
    11,  8, 21,  4, 53, 22,  3,  9,  2, 21, 11, 20,   4,  5, 24,  4, 17, 32,  5,  // 40-58
    139, 29, 7, 53, 21, 21,  7, 21, 42, 22, 106, 4,  13, 15, 15, 33, 230, 42, 40, // 59-77
    40,  7, 16,  9,  7, 53, 26, 11, 12, 12,  8,  9,   5, 50, 116, 115, 95, 50,    // 78-95
    16, 15, 12, 53,  5};                                                            // 971-976

// Some neighbouring departments (two-character codes), used for "two neighbouring departments"
// wishes. Not the full adjacency: enough bordering departments to pick a plausible second one.
struct neighbour_row {
  std::string_view department;
  std::string_view neighbours;
};
constexpr neighbour_row neighbour_rows[] = {
    {"01", "69 74 38 71 39 73"}, {"02", "59 80 60 77 51 08"}, {"03", "63 71 58 18 23 42"},
    {"04", "05 06 83 84 26"},    {"05", "04 38 26 73"},       {"06", "83 04"},
    {"07", "26 30 43 42 48 84"}, {"08", "02 51 55"},          {"09", "31 11 66"},
    {"10", "51 52 21 89 77"},    {"11", "34 66 09 31 81"},    {"12", "81 82 46 15 48 30 34"},
    {"13", "84 83 30"},          {"14", "50 61 27"},          {"15", "63 43 12 46 19 48"},
    {"16", "17 79 86 87 24"},    {"17", "16 79 85 33 24"},    {"18", "45 41 36 23 03 58"},
    {"19", "87 23 63 15 46 24"}, {"2A", "2B"},                {"2B", "2A"},
    {"21", "71 89 10 52 70 39 58"}, {"22", "29 56 35"},       {"23", "87 19 63 03 36"},
    {"24", "33 47 46 19 87 16 17"}, {"25", "39 70 90"},       {"26", "07 38 05 04 84"},
    {"27", "76 14 61 28 78 95 60"}, {"28", "78 91 45 41 72 61 27"}, {"29", "22 56"},
    {"30", "13 84 07 48 12 34"}, {"31", "09 11 81 82 32 65"}, {"32", "31 82 47 40 64 65"},
    {"33", "17 24 47 40"},       {"34", "30 12 81 11"},       {"35", "22 56 44 49 53 50"},
    {"36", "18 41 37 86 87 23"}, {"37", "41 36 86 49 72"},    {"38", "69 01 73 05 26 07 42"},
    {"39", "25 70 21 71 01"},    {"40", "33 47 32 64"},       {"41", "45 18 36 37 72 28"},
    {"42", "69 43 63 03 71 07 38"}, {"43", "42 63 15 48 07"}, {"44", "35 49 85 56"},
    {"45", "41 28 91 77 89 58 18"}, {"46", "12 82 47 24 19 15"}, {"47", "33 24 46 82 32 40"},
    {"48", "12 15 43 07 30"},    {"49", "44 35 53 72 37 86 79 85"}, {"50", "14 61 35 53"},
    {"51", "02 08 55 52 10 77"}, {"52", "51 10 21 70 88 55"}, {"53", "35 50 61 72 49"},
    {"54", "57 55 88 67"},       {"55", "54 51 52 88 08"},    {"56", "29 22 35 44"},
    {"57", "54 67 88"},          {"58", "89 21 71 03 18 45"}, {"59", "62 02 80"},
    {"60", "80 02 95 77 27 76"}, {"61", "14 50 53 72 28 27"}, {"62", "59 80"},
    {"63", "03 42 43 15 19 23"}, {"64", "40 32 65"},          {"65", "64 32 31"},
    {"66", "11 09"},             {"67", "68 57 54 88"},       {"68", "67 88 90 70"},
    {"69", "01 38 42 71"},       {"70", "25 39 21 52 88 90 68"}, {"71", "21 39 01 69 42 03 58"},
    {"72", "61 53 49 37 41 28"}, {"73", "74 01 38 05"},       {"74", "73 01"},
    {"75", "92 93 94"},          {"76", "27 60 80"},          {"77", "93 94 91 95 60 02 51 10"},
    {"78", "92 95 91 28 27"},    {"79", "85 49 86 16 17"},    {"80", "62 59 02 60 76"},
    {"81", "31 82 12 34 11"},    {"82", "31 81 12 46 47 32"}, {"83", "13 84 04 06"},
    {"84", "13 30 07 26 04 83"}, {"85", "44 49 79 17"},       {"86", "37 36 87 16 79 49"},
    {"87", "86 36 23 19 24 16"}, {"88", "54 57 67 68 90 70 52 55"}, {"89", "10 21 58 45 77"},
    {"90", "25 70 68"},          {"91", "92 94 77 78 45 28"}, {"92", "75 78 95 93 91 94"},
    {"93", "75 92 94 95 77"},    {"94", "75 92 93 77 91"},    {"95", "92 93 78 77 60 27"},
};

// Paris: the twenty arrondissements (75101-75120), weighted by population in thousands.
constexpr std::array<std::uint32_t, 20> paris_weights = {16,  21,  33,  28,  57,  40,  50,
                                                         35,  59,  83,  142, 140, 177, 134,
                                                         227, 162, 166, 190, 182, 192};

// The inner-ring departments' real communes: the zone-1 neighbours of Paris (SPEC 3.2) and the
// others (zone 2), so that all three zones occur.
constexpr std::array<int, 36> hauts_de_seine = {
    92002, 92004, 92007, 92009, 92012, 92014, 92019, 92020, 92022, 92023, 92024, 92025,
    92026, 92032, 92033, 92035, 92036, 92040, 92044, 92046, 92047, 92048, 92049, 92050,
    92051, 92060, 92062, 92063, 92064, 92071, 92072, 92073, 92075, 92076, 92077, 92078};
constexpr std::array<int, 40> seine_saint_denis = {
    93001, 93005, 93006, 93007, 93008, 93010, 93013, 93014, 93015, 93027,
    93029, 93030, 93031, 93032, 93033, 93039, 93045, 93046, 93047, 93048,
    93049, 93050, 93051, 93053, 93055, 93057, 93059, 93061, 93062, 93063,
    93064, 93066, 93070, 93071, 93072, 93073, 93074, 93077, 93078, 93079};
constexpr std::array<int, 47> val_de_marne = {
    94001, 94002, 94003, 94004, 94011, 94015, 94016, 94017, 94018, 94019, 94021, 94022,
    94028, 94033, 94034, 94037, 94038, 94041, 94042, 94043, 94044, 94046, 94047, 94048,
    94052, 94053, 94054, 94055, 94056, 94058, 94059, 94060, 94065, 94067, 94068, 94069,
    94070, 94071, 94073, 94074, 94075, 94076, 94077, 94078, 94079, 94080, 94081};

// The chief town's real INSEE code for the larger departments (and the overseas ones); other
// departments get an INSEE-shaped code.
constexpr std::string_view chief_towns[] = {
    "01053", "06088", "13055", "14118", "21231", "25056", "29019", "30189", "31555", "33063",
    "34172", "35238", "37261", "38185", "42218", "44109", "45234", "49007", "51454", "54395",
    "57463", "59350", "62041", "63113", "64445", "66136", "67482", "68224", "69123", "72181",
    "76540", "78646", "80021", "83137", "84007", "86194", "87085", "95127", "2A004", "2B033",
    "97120", "97209", "97302", "97411", "97611"};
// clang-format on

commune_code commune_of(int number) { return commune_code::parse(std::to_string(number)); }

commune_table inner_ring(std::span<const int> codes) {
  commune_table t;
  std::uint32_t total = 0;
  for (const int c : codes) {
    t.codes.push_back(commune_of(c));
    t.cumulative.push_back(++total);
  }
  return t;
}

// Up to 24 communes (12 overseas), the chief town weighing 8, the next three 3, the others 1.
commune_table ordinary(department d) {
  const std::string_view dc = d.code();
  const bool overseas = dc[0] == '9';
  // Metropolitan communes are the two-character department ("59", "2A") and three digits;
  // overseas ones the three-character department ("974") and two digits.
  const std::string prefix = overseas ? std::string(dc) : std::string(dc.substr(1));
  int max_suffix = 299;
  if (overseas) {
    static constexpr std::array<std::pair<std::string_view, int>, 5> sizes = {
        {{"971", 34}, {"972", 34}, {"973", 22}, {"974", 24}, {"976", 17}}};
    for (const auto& [code, n] : sizes) {
      if (code == dc) max_suffix = n;
    }
  } else if (dc == "090") {
    max_suffix = 100;
  }
  const std::size_t wanted = overseas ? 12 : 24;
  std::vector<commune_code> codes;
  for (const std::string_view c : chief_towns) {
    if (c.substr(0, prefix.size()) == prefix) {
      codes.push_back(commune_code::parse(c));
    }
  }
  rng r(mix_seed(0x636F6D6D756E6573ULL, d.index(), 0));  // "communes"
  while (codes.size() < wanted) {
    const int suffix = static_cast<int>(r.between(1, max_suffix));
    const std::string text =
        overseas ? fmt::format("{}{:02}", prefix, suffix) : fmt::format("{}{:03}", prefix, suffix);
    const commune_code c = commune_code::parse(text);
    if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
  }
  commune_table t;
  std::uint32_t total = 0;
  for (std::size_t k = 0; k < codes.size(); ++k) {
    total += k == 0 ? 8 : (k < 4 ? 3 : 1);
    t.cumulative.push_back(total);
  }
  t.codes = std::move(codes);
  return t;
}

world build() {
  world w;
  w.demand = demand_thousands;
  std::uint32_t total = 0;
  for (std::size_t i = 0; i < department::count; ++i) {
    total += w.demand[i];
    w.demand_cumulative[i] = total;
  }
  for (const neighbour_row& row : neighbour_rows) {
    const department d = department::parse(row.department);
    std::string_view rest = row.neighbours;
    std::uint32_t sum = 0;
    while (!rest.empty()) {
      const department n = department::parse(rest.substr(0, 2));
      w.neighbours[d.index()].push_back(n);
      sum += w.demand[n.index()];
      w.neighbours_cumulative[d.index()].push_back(sum);
      rest.remove_prefix(std::min<std::size_t>(3, rest.size()));
    }
  }
  for (std::uint16_t i = 0; i < department::count; ++i) {
    const department d = department::from_index(i);
    const std::string_view code = d.code();
    commune_table& t = w.communes[i];
    if (code == "075") {
      std::uint32_t sum = 0;
      for (int k = 0; k < 20; ++k) {
        t.codes.push_back(commune_of(75101 + k));
        sum += paris_weights[static_cast<std::size_t>(k)];
        t.cumulative.push_back(sum);
      }
    } else if (code == "092") {
      t = inner_ring(hauts_de_seine);
    } else if (code == "093") {
      t = inner_ring(seine_saint_denis);
    } else if (code == "094") {
      t = inner_ring(val_de_marne);
    } else {
      t = ordinary(d);
    }
  }
  return w;
}

// Luhn check digit of an eight-digit SIREN body.
int luhn_digit(std::int64_t body) {
  int sum = 0;
  bool twice = true;  // the digit left of the check digit is doubled
  for (; body > 0; body /= 10) {
    int digit = static_cast<int>(body % 10);
    if (twice) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

}  // namespace

const world& world::get() {
  static const world w = build();
  return w;
}

std::vector<employer_entry> employer_directory(std::size_t count) {
  std::vector<employer_entry> out;
  out.reserve(count);
  rng r(0x656D706C6F796572ULL);  // "employer"
  // Eight-digit SIREN bodies strictly increasing in [10 000 000, 99 000 000).
  const std::int64_t stride =
      std::max<std::int64_t>(1, 89'000'000 / static_cast<std::int64_t>(count));
  for (std::size_t j = 0; j < count; ++j) {
    employer_entry e;
    const std::int64_t body =
        10'000'000 + static_cast<std::int64_t>(j) * stride + r.between(0, stride - 1);
    e.id.value = fmt::format("{}{}", body, luhn_digit(body));
    // Company mix of the directory: 70 % PME, 20 % ETI, 10 % GE (the first three companies
    // cover the three sizes so that every size exists in a small directory).
    const std::size_t kind = j < 3 ? j : pick_weighted(r, std::array<std::uint32_t, 3>{70, 20, 10});
    e.size = static_cast<company_size>(kind);
    // PEEC status by size so that applicants (45 % PME, 25 % ETI, 30 % GE) come out about 60 %
    // contributing, 10 % compensated, 30 % neither.
    static constexpr std::array<std::array<std::uint32_t, 3>, 3> peec_by_size = {{
        {53, 37, 10},  // PME: none, contributing, compensated
        {15, 75, 10},  // ETI
        {10, 80, 10},  // GE
    }};
    e.peec = static_cast<peec_status>(pick_weighted(r, peec_by_size[kind]));
    if (e.peec == peec_status::none) {
      const std::size_t s = pick_weighted(r, std::array<std::uint32_t, 3>{70, 10, 20});
      e.sector = s == 0 ? employer_sector::private_non_agricultural
                        : (s == 1 ? employer_sector::agricultural : employer_sector::public_sector);
    }
    switch (e.size) {
      case company_size::pme:
        // PEEC is due from 50 employees: contributing PME have 50-249, the others 1-249.
        e.headcount = static_cast<std::int32_t>(
            e.peec == peec_status::contributing ? r.between(50, 249) : r.between(1, 249));
        break;
      case company_size::eti:
        e.headcount = static_cast<std::int32_t>(r.between(250, 4999));
        break;
      case company_size::ge:
        e.headcount = static_cast<std::int32_t>(r.between(5000, 120000));
        break;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cotation::detail
