// Exact decimals: parsing, printing, the four rounding modes on magnitudes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include "eval_context.hpp"
#include "json_writer.hpp"
#include "loyalty/dsl/decimal.hpp"

using namespace loyalty;

TEST_CASE("decimal literals parse exactly") {
  struct Case {
    const char* text;
    std::int64_t units;
    int scale;
  };
  const Case cases[] = {
      {"0", 0, 0}, {"5_000_000", 5000000, 0}, {"0.005", 5, 3}, {"12.50", 1250, 2}, {"-3.1", -31, 1}, {"1_000.25", 100025, 2},
  };
  for (const auto& c : cases) {
    auto d = parse_decimal(c.text);
    INFO(c.text);
    REQUIRE(d);
    CHECK(d->units == c.units);
    CHECK(d->scale == c.scale);
  }
  for (const char* bad : {"", "1__0", "_1", "1_", "1.", ".5", "1e5", "abc", "99999999999999999999", "1.0000000000000000001"}) {
    INFO(bad);
    CHECK_FALSE(parse_decimal(bad));
  }
}

TEST_CASE("decimals print at their scale") {
  CHECK(format_units(123450, 2) == "1234.50");
  CHECK(format_units(-5, 2) == "-0.05");
  CHECK(format_units(7, 0) == "7");
  CHECK(format_units(0, 3) == "0.000");
  CHECK(format_units(INT64_MIN, 0) == "-9223372036854775808");
}

TEST_CASE("the JSON writer puts amounts and dates in place, as format_units and to_string write them") {
  // Each amount and date as a value of its own: the writer's text is the quoted text of format_units / to_string.
  auto written = [](auto value) {
    JsonWriter w(false);
    w.value(value);
    std::string text = w.take();
    return text.substr(0, text.size() - 1);  // take() ends the text with a newline
  };
  CHECK(written(JsonWriter::Units{123450, 2}) == "\"1234.50\"");
  CHECK(written(JsonWriter::Units{-5, 2}) == "\"-0.05\"");
  for (const std::int64_t units : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{9}, std::int64_t{10},
                                   std::int64_t{-99}, std::int64_t{123456789}, std::int64_t{-100000}, INT64_MAX, INT64_MIN}) {
    for (int scale = -1; scale <= max_scale + 1; ++scale) {
      INFO(units << " at scale " << scale);
      CHECK(written(JsonWriter::Units{units, scale}) == "\"" + format_units(units, scale) + "\"");
    }
  }
  CHECK(written(Date{2026, 3, 1}) == "\"2026-03-01\"");
  for (const Date d : {Date{0, 1, 1}, Date{9999, 12, 31}, Date{10000, 1, 1}, Date{-1, 6, 15}, Date{2026, 100, 1}, Date{33, 4, 7}}) {
    INFO(d.year << "-" << d.month << "-" << d.day);
    CHECK(written(d) == "\"" + to_string(d) + "\"");
  }
}

TEST_CASE("rounding modes apply to the magnitude") {
  struct Case {
    std::int64_t a, b, c;
    Rounding mode;
    std::int64_t expected;
  };
  // 25/10 = 2.5, 35/10 = 3.5, 26/10 = 2.6, 24/10 = 2.4
  const Case cases[] = {
      {25, 1, 10, Rounding::floor, 2},         {25, 1, 10, Rounding::ceil, 3},        {25, 1, 10, Rounding::half_up, 3},
      {25, 1, 10, Rounding::half_even, 2},     {35, 1, 10, Rounding::half_even, 4},   {24, 1, 10, Rounding::half_up, 2},
      {26, 1, 10, Rounding::half_even, 3},     {-25, 1, 10, Rounding::floor, -2},     {-25, 1, 10, Rounding::ceil, -3},
      {-25, 1, 10, Rounding::half_up, -3},     {-35, 1, 10, Rounding::half_even, -4}, {20, 1, 10, Rounding::ceil, 2},
      {100000, 5, 100, Rounding::floor, 5000},  // 5% of 100,000
      {100000, 5, 100000, Rounding::floor, 5},  // 0.005% of 100,000
  };
  for (const auto& c : cases) {
    INFO(c.a << " * " << c.b << " / " << c.c << " mode " << to_string(c.mode));
    CHECK(mul_div(c.a, c.b, c.c, c.mode) == c.expected);
  }
}

TEST_CASE("wide products are exact and overflow is reported") {
  CHECK(mul_div(4'000'000'000'000LL, 3'000'000LL, 1'000'000LL, Rounding::floor) == 12'000'000'000'000LL);
  CHECK_FALSE(mul_div(INT64_MAX, 2, 1, Rounding::floor));
  CHECK_FALSE(checked_add(INT64_MAX, 1));
  CHECK_FALSE(checked_mul(INT64_MAX / 2 + 1, 2));
}

TEST_CASE("the range is symmetric: -2^63 is an overflow, so every figure can be negated") {
  constexpr std::int64_t half = std::int64_t{1} << 62;
  CHECK(checked_add(-half, -(half - 1)) == -INT64_MAX);
  CHECK_FALSE(checked_add(-half, -half));
  CHECK_FALSE(checked_sub(-half, half));
  CHECK_FALSE(checked_mul(-half, 2));
  CHECK(checked_mul(-half, 1) == -half);
  CHECK_FALSE(mul_div(-half, 2, 1, Rounding::floor));
}

TEST_CASE("rescaling is exact or refused") {
  CHECK(rescale_exact({125, 1}, 2) == 1250);
  CHECK(rescale_exact({1250, 2}, 1) == 125);
  CHECK_FALSE(rescale_exact({1255, 2}, 1));
  CHECK(significant_scale({1500, 3}) == 1);
  CHECK(compare({5, 1}, {50, 2}) == 0);
  CHECK(compare({5, 0}, {4999, 3}) > 0);
}

TEST_CASE("quotient and remainder of a product, small and wide") {
  struct Case {
    std::int64_t a, b, c, quotient, remainder;
  };
  // Worked out apart from the code; the last two need more than 64 bits for the product.
  const Case cases[] = {{0, 5, 3, 0, 0},
                        {7, 5, 3, 11, 2},
                        {2'147'483'647, 2'147'483'647, 1'000'000'007, 4'611'685'981, 850'618'742},
                        {4'000'000'000, 4'000'000'000, 7, 2'285'714'285'714'285'714, 2},
                        {9'000'000'000'000'000'000, 3, 9, 3'000'000'000'000'000'000, 0}};
  for (const auto& c : cases) {
    INFO(c.a << " x " << c.b << " / " << c.c);
    const auto r = mul_divmod(c.a, c.b, c.c);
    REQUIRE(r);
    CHECK(r->quotient == c.quotient);
    CHECK(r->remainder == c.remainder);
  }
  CHECK_FALSE(mul_divmod(9'000'000'000'000'000'000, 3, 1));  // the quotient does not fit
  CHECK_FALSE(mul_divmod(-1, 3, 1));
  CHECK_FALSE(mul_divmod(1, 3, 0));
}

TEST_CASE("sharing out by largest remainder: exact sums, the earlier line first on a tie") {
  struct Case {
    std::int64_t total;
    std::vector<std::int64_t> weights, shares;
  };
  // Worked by hand: 10 over 1:1:1 is 3.33 each, the one unit left goes to the
  // first; 100 over 3 and 7 is exact; 7 over 5:5:1 is 3.18, 3.18, 0.64: one
  // unit left, to the largest remainder (0.64).
  const std::vector<Case> cases{{10, {1, 1, 1}, {4, 3, 3}},
                                {100, {3, 7}, {30, 70}},
                                {7, {5, 5, 1}, {3, 3, 1}},
                                {2, {1, 1, 1, 1}, {1, 1, 0, 0}},
                                {-10, {-1, -1, -1}, {-4, -3, -3}},
                                {5, {0, 0}, {0, 0}},
                                {5, {2, -1}, {0, 0}},
                                {3, {4'000'000'000, 4'000'000'000, 4'000'000'001}, {1, 1, 1}}};
  for (const auto& c : cases) {
    INFO(c.total);
    std::vector<std::int64_t> shares(c.weights.size(), 99);
    share_out(c.total, c.weights, shares);
    CHECK(shares == c.shares);
  }
}

TEST_CASE("sharing out agrees with a plain model: floor shares, the units left to the largest remainders, earlier first") {
  // The model: each share floor(t * w / sum), then the lines sorted by
  // remainder (largest first, the earlier line on a tie), one unit each
  // until the total is reached. Few lines and many (the two ways of placing
  // the units left), ties on purpose (weights from a small range).
  std::mt19937_64 rng(11);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t n = 1 + rng() % (round % 3 == 0 ? 60 : 12);
    std::vector<std::int64_t> weights(n);
    // Weights and totals below 2^31 (each product fits 64 bits) and weights
    // beyond it (a wide product and division each), near the edges of both.
    const std::uint64_t weight_range = round % 7 == 0 ? std::uint64_t{1} << 33 : round % 7 == 1 ? std::uint64_t{1} << 31 : round % 2 ? 5 : 1'000'000;
    const std::uint64_t total_range = round % 4 == 1 ? std::uint64_t{1} << 31 : 100'000;
    for (auto& w : weights) w = static_cast<std::int64_t>(weight_range - 1 - rng() % std::min<std::uint64_t>(weight_range, 1'000));
    if (round % 3 == 2)
      for (auto& w : weights) w = static_cast<std::int64_t>(rng() % weight_range);
    const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
    const std::int64_t total = static_cast<std::int64_t>(total_range - 1 - rng() % 100'000) * (round % 5 == 0 ? -1 : 1);
    std::vector<std::int64_t> expected(n, 0);
    if (sum > 0 && total != 0) {
      const std::int64_t t = total < 0 ? -total : total;
      std::vector<std::pair<std::int64_t, std::size_t>> rest;
      std::int64_t given = 0;
      __extension__ using Wide = __int128;  // the model's products need up to 97 bits
      for (std::size_t i = 0; i < n; ++i) {
        expected[i] = static_cast<std::int64_t>(Wide{t} * weights[i] / sum);
        given += expected[i];
        rest.push_back({static_cast<std::int64_t>(Wide{t} * weights[i] % sum), i});
      }
      std::sort(rest.begin(), rest.end(),
                [](auto a, auto b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      for (std::int64_t k = 0; k < t - given; ++k) ++expected[rest[static_cast<std::size_t>(k)].second];
      if (total < 0)
        for (auto& e : expected) e = -e;
      for (auto& w : weights) w = total < 0 ? -w : w;  // weights share the total's sign
    }
    std::vector<std::int64_t> shares(n, 99);
    share_out(total, weights, shares);
    INFO("round " << round << ", " << n << " lines, total " << total);
    CHECK(shares == expected);
  }
}
