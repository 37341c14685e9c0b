// The evaluator's one checked-arithmetic point. Every sum, product and
// quotient of money and points in evaluation goes through a `Checked`: an
// overflow never wraps and never throws; the first one is kept with the
// place it happened (a line, a rule, a reward, the member), later results
// are ignored (they read as zero), and the phase that computed it turns it
// into an `overflow` refusal naming that place (overflow_refusal).
#pragma once

#include <cstdint>
#include <type_traits>

#include "loyalty/dsl/decimal.hpp"
#include "loyalty/result.hpp"
#include "rule_graph.hpp"

namespace loyalty {

// Where a computation happened, for the refusal when it overflows.
struct Site {
  enum class Kind : std::uint8_t { order, line, rule, base, multiplier, order_earn, reward, member };
  Kind kind = Kind::order;
  std::uint32_t index = 0;  // the line, rule, multiplier, order earn or redemption
  std::uint32_t line = 0;   // rule: the order line it was computing
};

// `Checked` keeps the first overflow's site for the refusal; `OverflowFlag`
// only notes that one happened, with no branch per operation: for the bulk
// plan path, which hands such an order to the general path (whose Checked
// names the place).
template <bool KeepsSite>
class CheckedArithmetic {
 public:
  bool overflowed() const { return overflowed_; }
  const Site& site() const requires KeepsSite { return site_; }

  std::int64_t add(std::int64_t a, std::int64_t b, const Site& where) { return keep(checked_add(a, b), where); }
  std::int64_t sub(std::int64_t a, std::int64_t b, const Site& where) { return keep(checked_sub(a, b), where); }
  std::int64_t mul(std::int64_t a, std::int64_t b, const Site& where) { return keep(checked_mul(a, b), where); }
  // round(a * b / c), rounding the magnitude.
  std::int64_t mul_div(std::int64_t a, std::int64_t b, std::int64_t c, Rounding mode, const Site& where) {
    return keep(loyalty::mul_div(a, b, c, mode), where);
  }

  template <typename Unit>
  Amount<Unit> add(Amount<Unit> a, Amount<Unit> b, const Site& where) {
    return add(a.units, b.units, where);
  }
  template <typename Unit>
  Amount<Unit> sub(Amount<Unit> a, Amount<Unit> b, const Site& where) {
    return sub(a.units, b.units, where);
  }
  // An amount times a count (a unit price times a quantity, a cost times qty).
  template <typename Unit>
  Amount<Unit> times(Amount<Unit> a, std::int64_t n, const Site& where) {
    return mul(a.units, n, where);
  }
  // An amount times a fraction, rounded.
  template <typename Unit>
  Amount<Unit> share(Amount<Unit> a, Fraction f, Rounding mode, const Site& where) {
    return mul_div(a.units, f.num, f.den, mode, where);
  }

 private:
  struct NoSite {};
  bool overflowed_ = false;
  [[no_unique_address]] std::conditional_t<KeepsSite, Site, NoSite> site_;

  std::int64_t keep(std::optional<std::int64_t> v, const Site& where) {
    if constexpr (KeepsSite) {
      if (v) return *v;
      if (!overflowed_) {
        overflowed_ = true;
        site_ = where;
      }
    } else {
      overflowed_ |= !v.has_value();  // no branch per operation
    }
    return v.value_or(0);
  }
};

using Checked = CheckedArithmetic<true>;
using OverflowFlag = CheckedArithmetic<false>;

// The refusal for the first overflow `checked` saw: which rule (and where
// it is written), line, reward or field, with its JSON path.
Refusal overflow_refusal(const Policy& policy, const Checked& checked);

}  // namespace loyalty
