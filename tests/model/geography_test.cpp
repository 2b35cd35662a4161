// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/geography.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

using cotation::commune_code;
using cotation::department;
using cotation::income_zone;

namespace {
income_zone zone(std::string_view code) { return cotation::zone_of(commune_code::parse(code)); }
}  // namespace

TEST_CASE("departments parse from their three- or two-character code") {
  CHECK(department::parse("059").code() == "059");
  CHECK(department::parse("59").code() == "059");
  CHECK(department::parse("075") == department::parse("75"));
  CHECK(department::parse("02A").code() == "02A");
  CHECK(department::parse("2B").code() == "02B");
  CHECK(department::parse("974").code() == "974");
  CHECK(department::parse("976").code() == "976");
  CHECK(department::parse("001").code() == "001");
  CHECK(department::parse("095").code() == "095");
}

TEST_CASE("departments that do not exist are rejected") {
  for (const char* code : {"000", "020", "20", "096", "099", "100", "970", "975", "977", "02C",
                           "2C", "0A1", "59 ", "", "5", "0590", "974 "}) {
    INFO(code);
    CHECK_FALSE(department::try_parse(code));
    try {
      (void)department::parse(code);
      FAIL("no exception");
    } catch (const cotation::invalid_argument& e) {
      CHECK(e.where() == fmt::format("department \"{}\"", code));
      CHECK_THAT(e.reason(), Catch::Contains("no such department"));
    }
  }
}

TEST_CASE("the 101 departments have dense distinct indices that round-trip through their codes") {
  std::set<std::string> codes;
  for (std::uint16_t i = 0; i < department::count; ++i) {
    const department d = department::from_index(i);
    CHECK(d.index() == i);
    const auto again = department::try_parse(d.code());
    REQUIRE(again);
    CHECK(again->index() == i);
    codes.emplace(d.code());
  }
  CHECK(codes.size() == 101);
  CHECK(codes.count("02A") == 1);
  CHECK(codes.count("02B") == 1);
  CHECK(codes.count("020") == 0);
  CHECK(codes.count("976") == 1);
  CHECK(codes.count("975") == 0);
}

TEST_CASE("departments are ordered by their index") {
  CHECK(department::parse("019") < department::parse("02A"));
  CHECK(department::parse("02A") < department::parse("02B"));
  CHECK(department::parse("02B") < department::parse("021"));
  CHECK(department::parse("095") < department::parse("971"));
}

TEST_CASE("Île-de-France is departments 75, 77, 78, 91, 92, 93, 94 and 95") {
  for (const char* code : {"75", "77", "78", "91", "92", "93", "94", "95"}) {
    INFO(code);
    CHECK(department::parse(code).in_ile_de_france());
  }
  for (const char* code : {"76", "60", "90", "59", "02A", "974", "001"}) {
    INFO(code);
    CHECK_FALSE(department::parse(code).in_ile_de_france());
  }
}

TEST_CASE("commune codes are five characters with an existing department") {
  CHECK(commune_code::parse("75056").department().code() == "075");
  CHECK(commune_code::parse("2A004").department().code() == "02A");
  CHECK(commune_code::parse("2B033").department().code() == "02B");
  CHECK(commune_code::parse("97411").department().code() == "974");
  CHECK(commune_code::parse("97611").department().code() == "976");
  CHECK(commune_code::parse("01001").department().code() == "001");
  CHECK(commune_code::parse("59350").code() == "59350");
  for (const char* code : {"7505", "750560", "20004", "97511", "98714", "00001", "2C004", "A5056",
                           "7505A", "2a004", "75 56", "", "96001"}) {
    INFO(code);
    CHECK_FALSE(commune_code::try_parse(code));
    try {
      (void)commune_code::parse(code);
      FAIL("no exception");
    } catch (const cotation::invalid_argument& e) {
      CHECK(e.where() == fmt::format("commune \"{}\"", code));
      CHECK_THAT(e.reason(), Catch::Contains("INSEE"));
    }
  }
}

TEST_CASE("Paris and its twenty arrondissements are zone 1") {
  CHECK(zone("75056") == income_zone::zone_1);
  for (int code = 75101; code <= 75120; ++code) {
    INFO(code);
    CHECK(zone(std::to_string(code)) == income_zone::zone_1);
  }
}

TEST_CASE("each of the 29 communes bordering Paris is zone 1") {
  struct neighbour {
    const char* code;
    const char* name;
  };
  // SPEC 3.2, written out here rather than read back from the library.
  const neighbour neighbours[] = {
      {"92012", "Boulogne-Billancourt"},
      {"92024", "Clichy"},
      {"92040", "Issy-les-Moulineaux"},
      {"92044", "Levallois-Perret"},
      {"92046", "Malakoff"},
      {"92049", "Montrouge"},
      {"92051", "Neuilly-sur-Seine"},
      {"92062", "Puteaux"},
      {"92064", "Saint-Cloud"},
      {"92073", "Suresnes"},
      {"92075", "Vanves"},
      {"93001", "Aubervilliers"},
      {"93006", "Bagnolet"},
      {"93045", "Les Lilas"},
      {"93048", "Montreuil"},
      {"93055", "Pantin"},
      {"93061", "Le Pré-Saint-Gervais"},
      {"93066", "Saint-Denis"},
      {"93070", "Saint-Ouen-sur-Seine"},
      {"94018", "Charenton-le-Pont"},
      {"94033", "Fontenay-sous-Bois"},
      {"94037", "Gentilly"},
      {"94041", "Ivry-sur-Seine"},
      {"94042", "Joinville-le-Pont"},
      {"94043", "Le Kremlin-Bicêtre"},
      {"94052", "Nogent-sur-Marne"},
      {"94067", "Saint-Mandé"},
      {"94069", "Saint-Maurice"},
      {"94080", "Vincennes"},
  };
  STATIC_REQUIRE(std::size(neighbours) == 29);
  for (const auto& n : neighbours) {
    INFO(n.code << " " << n.name);
    CHECK(zone(n.code) == income_zone::zone_1);
  }
}

TEST_CASE("no other commune code of Hauts-de-Seine, Seine-Saint-Denis or Val-de-Marne is zone 1") {
  int zone_1 = 0;
  int zone_2 = 0;
  for (int code = 92001; code <= 94999; ++code) {
    const auto c = commune_code::try_parse(std::to_string(code));
    REQUIRE(c);
    (cotation::zone_of(*c) == income_zone::zone_1 ? zone_1 : zone_2) += 1;
  }
  CHECK(zone_1 == 29);
  CHECK(zone_2 == 94999 - 92001 + 1 - 29);
}

TEST_CASE("the rest of Île-de-France is zone 2") {
  for (const char* code : {"92050" /* Nanterre */, "77288" /* Melun */, "95585" /* Sarcelles */,
                           "78646" /* Versailles */, "91228" /* Évry */, "93008" /* Bobigny */,
                           "94028" /* Créteil */, "92048" /* Meudon, not bordering Paris */,
                           "94081" /* Vitry-sur-Seine */, "92002" /* Antony */}) {
    INFO(code);
    CHECK(zone(code) == income_zone::zone_2);
  }
}

TEST_CASE("communes outside Île-de-France are zone 3") {
  for (const char* code :
       {"59350" /* Lille */, "2A004" /* Ajaccio */, "2B033" /* Bastia */,
        "97411" /* Saint-Denis, La Réunion */, "97611" /* Mamoudzou */, "69123" /* Lyon */,
        "60057" /* Beauvais, Oise borders IdF */, "13055" /* Marseille */}) {
    INFO(code);
    CHECK(zone(code) == income_zone::zone_3);
  }
}

TEST_CASE("zones number 1 to 3 and print as words") {
  CHECK(cotation::number(income_zone::zone_1) == 1);
  CHECK(cotation::number(income_zone::zone_3) == 3);
  CHECK(fmt::format("{}", income_zone::zone_2) == "zone 2");
  CHECK(fmt::format("{}", department::parse("2A")) == "02A");
  CHECK(fmt::format("{}", commune_code::parse("92012")) == "92012");
  CHECK(fmt::format("{} in {}", commune_code::parse("97411"), department::parse("974")) ==
        "97411 in 974");
}
