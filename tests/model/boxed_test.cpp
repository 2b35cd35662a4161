// SPDX-License-Identifier: MIT
#include <cotation/boxed.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using cotation::boxed;

namespace {
struct card {
  int total = 0;
  std::vector<int> lines;
  friend bool operator==(const card&, const card&) = default;
};
}  // namespace

TEST_CASE("a box is empty until given a value, like std::optional") {
  boxed<std::string> b;
  CHECK_FALSE(b);
  CHECK_FALSE(b.has_value());
  CHECK(b == std::nullopt);
  CHECK_THROWS_AS(b.value(), std::bad_optional_access);
  b = std::string("T3 à Nanterre");
  REQUIRE(b);
  CHECK(*b == "T3 à Nanterre");
  CHECK(b->size() == 14);
  CHECK(b.value() == "T3 à Nanterre");
  b = std::nullopt;
  CHECK_FALSE(b);
  const boxed<std::string> from_optional(std::optional<std::string>("x"));
  CHECK(*from_optional == "x");
  CHECK_FALSE(boxed<std::string>(std::optional<std::string>()));
}

TEST_CASE("a copied box holds a copy of the value, a moved-from box is empty") {
  boxed<card> a(card{40, {20, 20}});
  boxed<card> copy = a;
  copy->lines.push_back(-40);
  CHECK(a->lines == std::vector<int>{20, 20});
  CHECK(copy->lines == std::vector<int>{20, 20, -40});
  CHECK_FALSE(copy == a);
  boxed<card> assigned;
  assigned = a;
  CHECK(assigned == a);
  CHECK(&*assigned != &*a);
  boxed<card> moved = std::move(a);
  CHECK(moved->total == 40);
  CHECK_FALSE(a);  // NOLINT(bugprone-use-after-move): the documented state
  boxed<card> empty;
  boxed<card> empty_copy = empty;
  CHECK_FALSE(empty_copy);
  CHECK(empty_copy == empty);
}

TEST_CASE("emplace builds an aggregate in the box, replacing its value") {
  boxed<card> b(card{1, {}});
  card& c = b.emplace(20, std::vector<int>{20});
  CHECK(&c == &*b);
  CHECK(*b == card{20, {20}});
  b.reset();
  CHECK_FALSE(b);
}

TEST_CASE("a box is one pointer wide whatever it holds") {
  CHECK(sizeof(boxed<std::array<char, 416>>) == sizeof(void*));
}
