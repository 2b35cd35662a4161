// SPDX-License-Identifier: MIT
#include <cotation/money.hpp>

#include <catch2/catch.hpp>

using cotation::money;

TEST_CASE("money is exact integer cents") {
  CHECK(money::euros(26044).in_cents() == 2604400);
  CHECK(money::euros(1) + money::cents(1) == money::cents(101));
  CHECK(money::euros(10) - money::euros(12) == -money::euros(2));
  CHECK(money::euros(3) * 4 == money::euros(12));
}

TEST_CASE("PLS scaling rounds half away from zero to the cent and half up to the euro") {
  CHECK(cotation::scale(money::euros(26044), 130, 100) == money::cents(3385720));
  CHECK(cotation::round_to_euro(money::cents(3385720)) == money::euros(33857));
  CHECK(cotation::round_to_euro(money::cents(150)) == money::euros(2));
  CHECK(cotation::round_to_euro(money::cents(149)) == money::euros(1));
  CHECK(cotation::scale(money::cents(-5), 1, 10) == money::cents(-1));
}

TEST_CASE("money prints the French way") {
  CHECK(fmt::format("{}", money::euros(26044)) == "26 044 €");
  CHECK(fmt::format("{}", money::cents(51235)) == "512,35 €");
  CHECK(fmt::format("{}", money::cents(-1250)) == "-12,50 €");
  CHECK(fmt::format("{}", money::euros(1234567)) == "1 234 567 €");
  CHECK(fmt::format("{}", money{}) == "0 €");
}

TEST_CASE("ratios are basis points rounded down and print as percentages") {
  CHECK(cotation::ratio(money::euros(1), money::euros(3)).value == 3333);
  CHECK(fmt::format("{}", cotation::basis_points{3300}) == "33 %");
  CHECK(fmt::format("{}", cotation::basis_points{3333}) == "33,33 %");
}
