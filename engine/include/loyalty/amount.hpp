// Money and points: exact amounts as distinct types, so a sum of money can
// never be stored as points. Each counts units of the policy's scale (money
// in the currency's minor unit, points at `points decimals`); the scale is
// the compiled policy's, known wherever an amount is read or printed.
// Arithmetic on amounts is checked and lives in one place (engine/src/checked.hpp).
#pragma once

#include <compare>
#include <cstdint>

namespace loyalty {

template <typename Unit>
struct Amount {
  std::int64_t units = 0;

  constexpr Amount() = default;
  // A count of units (from JSON, a literal or a checked computation); money
  // and points never convert into each other.
  constexpr Amount(std::int64_t u) : units(u) {}

  friend constexpr bool operator==(const Amount&, const Amount&) = default;
  friend constexpr auto operator<=>(const Amount&, const Amount&) = default;
};

// The size of an amount: a returned line's amount without its sign.
template <typename Unit>
constexpr Amount<Unit> magnitude(Amount<Unit> a) {
  return a.units < 0 ? Amount<Unit>{-a.units} : a;
}

struct MoneyUnit {};
struct PointsUnit {};
using Money = Amount<MoneyUnit>;    // minor units of the policy's currency
using Points = Amount<PointsUnit>;  // units of the policy's point scale

}  // namespace loyalty
