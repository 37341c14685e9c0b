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

// The range of every figure is symmetric, -(2^63 - 1) to 2^63 - 1, so any
// figure can be negated (a return's size, a reversal): -2^63 counts as an
// overflow.
inline constexpr std::int64_t lowest_units = -0x7fff'ffff'ffff'ffff;

// The one set of checked operations on scaled integers: every sum, product
// and quotient of money or points goes through these; nothing on overflow.
// A wrap and the lowest value are tested together (`|`): one branch, not two.
inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  const bool wrapped = __builtin_add_overflow(a, b, &r);
  if (wrapped | (r < lowest_units)) return {};
  return r;
}
inline std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  const bool wrapped = __builtin_sub_overflow(a, b, &r);
  if (wrapped | (r < lowest_units)) return {};
  return r;
}
inline std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  const bool wrapped = __builtin_mul_overflow(a, b, &r);
  if (wrapped | (r < lowest_units)) return {};
  return r;
}

// The one rounding routine: round(n / d) of a non-negative n and a positive
// d, for 64-bit and (in decimal.cpp) checked 128-bit integers alike.
template <typename Int>
Int round_div(const Int& n, const Int& d, Rounding mode) {
  Int q = n / d;
  const Int r = n % d;
  if (r == 0) return q;
  switch (mode) {
    case Rounding::floor:
      break;
    case Rounding::ceil:
      q += 1;
      break;
    case Rounding::half_up:
      if (r >= d - r) q += 1;
      break;
    case Rounding::half_even:
      if (r > d - r || (r == d - r && q % 2 == 1)) q += 1;
      break;
  }
  return q;
}

// The general case of mul_div, through a checked 128-bit product.
std::optional<std::int64_t> mul_div_wide(std::int64_t a, std::int64_t b, std::int64_t c, Rounding mode);

// round(a * b / c) with c > 0, rounding the magnitude (so -x rounds like x,
// then takes its sign back). Nothing on overflow of the 64-bit result.
inline std::optional<std::int64_t> mul_div(std::int64_t a, std::int64_t b, std::int64_t c, Rounding mode) {
  constexpr std::int64_t small = std::int64_t{1} << 31;  // both below 2^31: the product fits 63 bits
  if (c > 0 && a > -small && a < small && b > -small && b < small) {
    const std::int64_t q = round_div<std::int64_t>((a < 0 ? -a : a) * (b < 0 ? -b : b), c, mode);
    return (a < 0) != (b < 0) ? -q : q;
  }
  return mul_div_wide(a, b, c, mode);
}

// floor(a * b / c) and its remainder, for non-negative a, b and positive c.
// Nothing if the quotient does not fit 64 bits.
struct QuotientRemainder {
  std::int64_t quotient, remainder;
};
std::optional<QuotientRemainder> mul_divmod_wide(std::int64_t a, std::int64_t b, std::int64_t c);
inline std::optional<QuotientRemainder> mul_divmod(std::int64_t a, std::int64_t b, std::int64_t c) {
  constexpr std::int64_t small = std::int64_t{1} << 31;  // both below 2^31: the product fits 63 bits
  if (a >= 0 && b >= 0 && c > 0 && a < small && b < small) {
    const std::int64_t n = a * b;
    return QuotientRemainder{n / c, n % c};
  }
  return mul_divmod_wide(a, b, c);
}

const char* to_string(Rounding mode);

}  // namespace loyalty
