// The bounds within which an order's sums cannot overflow, so that a fast
// path may add them with plain integer arithmetic and check nothing per
// operation: at most 64 lines, each of fewer than 2^20 units (either sign)
// at a price below 2^36, so a line's amount is below 2^56 and the order's
// sums below 2^62. A line's points stay below 2^56 where what its rules can
// earn on such a line was bounded when they were compiled (ChainPlan::bounded,
// the bulk catalogue's items). Used by evaluate_into's bounded orders
// (earn.cpp) and the bulk plan path (bulk.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "loyalty/dsl/decimal.hpp"
#include "checked.hpp"

namespace loyalty::bounds {

constexpr std::uint32_t lines = 64;
constexpr std::int64_t units = std::int64_t{1} << 20;
constexpr std::int64_t price = std::int64_t{1} << 36;
constexpr std::int64_t amount = std::int64_t{1} << 56;

inline bool line_within(Money unit_price, std::int64_t qty) {
  return static_cast<std::uint64_t>(unit_price.units) < static_cast<std::uint64_t>(price) &&
         static_cast<std::uint64_t>(qty) + (units - 1) < static_cast<std::uint64_t>(2 * units - 1);
}

// The most one earn gives on a line within the bounds (its largest measure
// times its rate, rounded up); nothing where that does not fit.
inline std::optional<std::int64_t> most_of(const CompiledEarn& earn) {
  if (earn.kind == CompiledEarn::Kind::per_full_money && earn.full.units <= 0) return std::nullopt;
  const std::int64_t measure = earn.kind == CompiledEarn::Kind::per_unit         ? units
                               : earn.kind == CompiledEarn::Kind::per_full_money ? amount / earn.full.units
                               : earn.kind == CompiledEarn::Kind::per_order      ? 1
                                                                                 : amount;
  return mul_div(measure, earn.rate.num < 0 ? -earn.rate.num : earn.rate.num, earn.rate.den, Rounding::ceil);
}

// The most a run of earns gives on a line within the bounds: whole
// points-per-unit rates summing to `per_unit`, and the earns `earns[i]` for
// each i in `indices`; nothing where that does not fit. A chain plan's
// earns (compile.cpp) and a bulk item's steps (bulk.cpp) are such runs.
inline std::optional<std::int64_t> most_points(std::int64_t per_unit, std::span<const std::uint32_t> indices,
                                               const std::vector<CompiledEarn>& earns) {
  std::optional<std::int64_t> most = checked_mul(per_unit < 0 ? -per_unit : per_unit, units);
  for (std::size_t k = 0; most && k < indices.size(); ++k) {
    const auto points = most_of(earns[indices[k]]);
    most = points ? checked_add(*most, *points) : std::nullopt;
  }
  return most;
}

// Arithmetic on figures known to fit (the order's bounds were checked once):
// products are plain; only mul_div, whose quotient a rate could still make
// too large, notes an overflow.
class Arithmetic {
 public:
  bool overflowed() const { return overflowed_; }
  std::int64_t add(std::int64_t a, std::int64_t b, const Site&) { return a + b; }
  std::int64_t mul(std::int64_t a, std::int64_t b, const Site&) { return a * b; }
  std::int64_t mul_div(std::int64_t a, std::int64_t b, std::int64_t c, Rounding mode, const Site&) {
    const auto r = loyalty::mul_div(a, b, c, mode);
    overflowed_ |= !r.has_value();
    return r.value_or(0);
  }

 private:
  bool overflowed_ = false;
};

}  // namespace loyalty::bounds
