// Earning (spec section 4), in three phases run after redemption:
// earn_lines (the rules, per line, capped per order), earn_base (the tier's
// rate on what no exclusive rule took, times the multipliers that hold) and
// earn_order (per-order earns, only when something was paid).
#pragma once

#include <vector>

#include "eval_context.hpp"

namespace loyalty {

using Trace = std::vector<TraceEntry>;

struct LineEarnings {
  Points points;                   // the rules' points, caps applied, and what returns took back
  Money base_amount;               // the amounts of the lines no exclusive rule took
  LineVector<Points> per_line;     // each line's rule points (caps shared out) or reversal
  LineVector<Money> base_by_line;  // each line's part of base_amount
  // Rules capped per member over time that gave points: each one's new count for the period, for Member::caps.
  boost::container::small_vector<std::pair<std::uint32_t, Points>, 4> member_caps;
};

// The totals over the lines outside any rule (ctx.total_qty,
// ctx.total_amount): on the gross amounts before redemption (for rewards),
// on the net amounts after it.
void order_totals(const Policy& policy, const Order& order, const OrderAmounts& amounts, OrderContext& ctx, Checked& checked);

// Which multipliers hold on this order (ctx.multiplier_holds).
void multipliers_that_hold(const Policy& policy, OrderContext& ctx);

// The totals again, and which multipliers hold on this order (ctx.multiplier_holds).
void order_facts(const Policy& policy, const Order& order, const OrderAmounts& amounts, OrderContext& ctx, Checked& checked);

// The first day of the cap period that contains `day`.
std::int32_t cap_period_start(CapPeriod period, std::int32_t day);

// What a rule capped per member has given the member in the period of `day`.
Points cap_used(const CompiledRule& rule, const Member& member, std::int32_t day);

void earn_lines(const Policy& policy, const Order& order, const OrderContext& ctx, const OrderAmounts& amounts,
                Checked& checked, Trace* trace, LineEarnings& out);

// amounts (evaluate.cpp) and earn_lines in one pass with plain arithmetic,
// for an order whose sums cannot overflow (bounds.hpp) and whose lines' chains
// all have bounded plans: no discount, no line naming a sale, a policy
// without totals; the caller sees to no trace, no redemption, an earning tier.
// Fills `a` (gross, total, positive, before_redemptions), ctx.amount and
// ctx.qty, and `out`, all as the checked phases would; false where the order
// is not such, with `a` and `out` left to be worked out again.
bool earn_bounded_order(const Policy& policy, const Order& order, OrderContext& ctx, OrderAmounts& a, LineEarnings& out);
Points earn_base(const Policy& policy, const OrderContext& ctx, Money base_amount, Checked& checked, Trace* trace);
Points earn_order(const Policy& policy, const OrderContext& ctx, Money paid, Checked& checked, Trace* trace);

// Each line's points: its rules and reversal, plus its share of the base
// earn (pro rata to its base amount, largest remainder; only lines that
// bought share it). Written into `out`, one per line.
void attribute_lines(const LineEarnings& lines, Points base, std::vector<Points>& out);

// What an earn counts, as a magnitude: money, whole steps of money, units,
// or the order itself. Inline, with earn_points: run for every rule on
// every line.
// `Earn`: a CompiledEarn, or anything with its `kind` and `full`.
template <typename Earn>
std::int64_t earn_measure(const Earn& e, Money amount, std::int64_t qty) {
  switch (e.kind) {
    case CompiledEarn::Kind::per_full_money:
      return amount.units / e.full.units;
    case CompiledEarn::Kind::per_unit:
      return qty;
    case CompiledEarn::Kind::per_order:
      return 1;
    case CompiledEarn::Kind::percent:
    case CompiledEarn::Kind::per_money:
      break;
  }
  return amount.units;
}

// Points for one earn at `rate` on one line (or the base amount), rounded on
// the magnitude; negative for a return. `Arithmetic`: Checked, or the bulk
// plan path's OverflowFlag.
template <typename Earn, typename Arithmetic>
Points earn_points(const Earn& e, Fraction rate, Money amount, std::int64_t qty, Rounding mode, Arithmetic& checked,
                   const Site& where) {
  const bool negative = qty < 0 || amount < Money{};
  const std::int64_t x = earn_measure(e, magnitude(amount), qty < 0 ? -qty : qty);
  // Whole-number rates (points per unit, per full amount) need no division.
  const std::int64_t r = rate.den == 1 ? checked.mul(x, rate.num, where) : checked.mul_div(x, rate.num, rate.den, mode, where);
  return negative ? -r : r;
}

}  // namespace loyalty
