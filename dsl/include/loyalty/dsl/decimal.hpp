// Exact scaled decimals: the one number type of money, points and rates.
// A value is `units / 10^scale`, held in a checked 64-bit integer; wider
// intermediate products use Boost.Multiprecision's checked 128-bit integer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty {

enum class Rounding { floor, half_up, half_even, ceil };

struct Decimal {
  std::int64_t units = 0;
  int scale = 0;  // number of decimals, 0..18

  friend bool operator==(const Decimal&, const Decimal&) = default;
};

inline constexpr int max_scale = 18;

// Parses `123`, `5_000_000`, `0.005`, `-12.50` (underscores allowed between
// digits). Nothing on overflow or malformed text.
std::optional<Decimal> parse_decimal(std::string_view text);

// "1234.50" for units 123450 at scale 2; "-5" for -5 at scale 0.
std::string format_units(std::int64_t units, int scale);
std::string to_string(const Decimal& d);

// 10^n for n in 0..18.
std::int64_t pow10(int n);

// The value at another scale, exact only: nothing if digits would be lost
// or the result overflows.
std::optional<std::int64_t> rescale_exact(const Decimal& d, int scale);

// Decimals actually needed: 1.50 needs 1, 2.00 needs 0.
int significant_scale(const Decimal& d);

// Compares two decimals of any scales.
int compare(const Decimal& a, const Decimal& b);

// round(a * b / c) with c > 0, rounding the magnitude (so -x rounds like x,
// then takes its sign back). Nothing on overflow of the 64-bit result.
std::optional<std::int64_t> mul_div(std::int64_t a, std::int64_t b, std::int64_t c, Rounding mode);

// Checked 64-bit helpers: nothing on overflow.
std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);

const char* to_string(Rounding mode);

}  // namespace loyalty
