// Exact decimal arithmetic. Products that may not fit 64 bits go through
// Boost.Multiprecision's checked 128-bit integer; results are range-checked
// back into 64 bits, so an overflow is reported, never wrapped.
#include "loyalty/dsl/decimal.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <array>
#include <cstdlib>
#include <limits>

namespace loyalty {

namespace mp = boost::multiprecision;
using Wide = mp::checked_int128_t;

namespace {
constexpr std::array<std::int64_t, 19> powers = [] {
  std::array<std::int64_t, 19> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

std::optional<std::int64_t> narrow(const Wide& w) {
  if (w > std::numeric_limits<std::int64_t>::max() || w < lowest_units) return {};
  return static_cast<std::int64_t>(w);
}

}  // namespace

std::int64_t pow10(int n) { return powers.at(static_cast<std::size_t>(n)); }

std::optional<Decimal> parse_decimal(std::string_view text) {
  Decimal d;
  bool negative = false;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  bool digits = false, point = false, last_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      auto m = checked_mul(d.units, 10);
      if (!m) return {};
      auto a = checked_add(*m, c - '0');
      if (!a) return {};
      d.units = *a;
      if (point && ++d.scale > max_scale) return {};
      digits = last_digit = true;
    } else if (c == '_' && last_digit && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
      last_digit = false;
    } else if (c == '.' && !point && last_digit && i + 1 < text.size()) {
      point = true;
      last_digit = false;
    } else {
      return {};
    }
  }
  if (!digits) return {};
  if (negative) d.units = -d.units;
  return d;
}

std::string format_units(std::int64_t units, int scale) {
  const bool negative = units < 0;
  // Work on the magnitude as unsigned so INT64_MIN is fine.
  unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(units) : static_cast<unsigned long long>(units);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale))
      digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::string to_string(const Decimal& d) { return format_units(d.units, d.scale); }

std::optional<std::int64_t> rescale_exact(const Decimal& d, int scale) {
  if (scale >= d.scale) return checked_mul(d.units, pow10(scale - d.scale));
  const std::int64_t f = pow10(d.scale - scale);
  if (d.units % f != 0) return {};
  return d.units / f;
}

int significant_scale(const Decimal& d) {
  int s = d.scale;
  std::int64_t u = d.units;
  while (s > 0 && u % 10 == 0) {
    u /= 10;
    --s;
  }
  return s;
}

int compare(const Decimal& a, const Decimal& b) {
  const int s = std::max(a.scale, b.scale);
  const Wide x = Wide(a.units) * Wide(pow10(s - a.scale));
  const Wide y = Wide(b.units) * Wide(pow10(s - b.scale));
  return x < y ? -1 : (x > y ? 1 : 0);
}

std::optional<std::int64_t> mul_div_wide(std::int64_t a, std::int64_t b, std::int64_t c, Rounding mode) {
  if (c <= 0) return {};
  const bool negative = (a < 0) != (b < 0) && a != 0 && b != 0;
  try {
    Wide n = Wide(a) * Wide(b);
    if (n < 0) n = -n;
    Wide q = round_div<Wide>(n, Wide(c), mode);
    if (negative) q = -q;
    return narrow(q);
  } catch (const std::exception&) {
    return {};
  }
}

std::optional<QuotientRemainder> mul_divmod_wide(std::int64_t a, std::int64_t b, std::int64_t c) {
  if (a < 0 || b < 0 || c <= 0) return {};
  try {
    const Wide n = Wide(a) * Wide(b);
    auto q = narrow(n / Wide(c));
    if (!q) return {};
    return QuotientRemainder{*q, static_cast<std::int64_t>(n % Wide(c))};
  } catch (const std::exception&) {
    return {};
  }
}

const char* to_string(Rounding mode) {
  switch (mode) {
    case Rounding::floor:
      return "floor";
    case Rounding::half_up:
      return "half_up";
    case Rounding::half_even:
      return "half_even";
    case Rounding::ceil:
      return "ceil";
  }
  return "floor";
}

}  // namespace loyalty
