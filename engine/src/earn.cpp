// Earning: rules per line, the base earn, order earns. Each earn of a rule
// is rounded per line on its own, the base once per order, order earns are
// exact; a return (negative qty or amount) earns the negative of the same
// sale, rounded on the magnitude.
#include "earn.hpp"

#include <algorithm>

namespace loyalty {

namespace {

// The base earn's rate for this order: the tier's or the program's.
const std::optional<CompiledEarn>& base_rate(const Policy& p, const OrderContext& ctx) {
  const CompiledTier& tier = p.tiers[ctx.tier];
  return tier.base ? tier.base : p.base;
}

// Points for one earn on one line (or the base amount).
Points earn_points(const CompiledEarn& e, Fraction rate, Money amount, std::int64_t qty, Rounding mode, Checked& checked,
                   const Site& where) {
  const bool negative = qty < 0 || amount < Money{};
  const std::int64_t x = earn_measure(e, magnitude(amount), qty < 0 ? -qty : qty);
  // Whole-number rates (points per unit, per full amount) need no division.
  const std::int64_t r = rate.den == 1 ? checked.mul(x, rate.num, where) : checked.mul_div(x, rate.num, rate.den, mode, where);
  return negative ? -r : r;
}

}  // namespace

std::int64_t earn_measure(const CompiledEarn& e, Money amount, std::int64_t qty) {
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

LineEarnings earn_lines(const Policy& p, const Order& order, const OrderContext& ctx, const OrderAmounts& amounts,
                        Checked& checked, Trace* trace) {
  struct Capped {
    std::uint32_t rule;
    Points points;
  };
  boost::container::small_vector<Capped, 8> capped;
  LineEarnings out;
  const LineVector<Money>& net = amounts.net_or_gross();

  for (std::uint32_t i = 0; i < order.lines.size(); ++i) {
    const Line& line = order.lines[i];
    const Money amount = p.earn_on_subtotal ? amounts.gross[i] : net[i];
    const LineFacts facts{line.qty < 0 ? -line.qty : line.qty, magnitude(amount)};
    const int at = static_cast<int>(i);
    std::optional<std::uint32_t> taken_by;  // the exclusive rule that ended the line

    auto walk = [&](Range chain) {
      for (std::uint32_t k = chain.begin; k < chain.begin + chain.count; ++k) {
        const std::uint32_t index = p.chain_rules[k];
        const CompiledRule& rule = p.rules[index];
        if (taken_by) {
          if (trace)
            trace->push_back({.kind = TraceEntry::Kind::rule,
                              .skip = TraceEntry::Skip::taken_over,
                              .line = at,
                              .subject = index,
                              .detail = *taken_by,
                              .amount = amount});
          continue;
        }
        std::uint32_t failed = 0;
        if (rule.conditions.count && !conditions_hold(p, rule.conditions, ctx, &facts, &failed)) {
          if (trace)
            trace->push_back({.kind = TraceEntry::Kind::rule,
                              .skip = TraceEntry::Skip::condition_not_met,
                              .line = at,
                              .subject = index,
                              .detail = failed,
                              .amount = amount});
          continue;
        }
        const Site where{Site::Kind::rule, index, i};
        Points points;
        for (std::uint32_t e = rule.earns.begin; e < rule.earns.begin + rule.earns.count; ++e) {
          const CompiledEarn& earn = p.earns[e];
          const Points v = earn_points(earn, earn.rate, amount, line.qty, p.rounding, checked, where);
          points = checked.add(points, v, where);
          if (trace)
            trace->push_back(
                {.kind = TraceEntry::Kind::rule, .line = at, .subject = index, .detail = e, .points = v, .amount = amount});
        }
        if (rule.cap) {
          auto it = std::find_if(capped.begin(), capped.end(), [&](const Capped& c) { return c.rule == index; });
          if (it == capped.end()) {
            capped.push_back({index, points});
          } else {
            it->points = checked.add(it->points, points, where);
          }
        } else {
          out.points = checked.add(out.points, points, where);
        }
        if (rule.exclusive) taken_by = index;
      }
    };
    if (!p.product_chains.empty()) {
      if (const Range* chain = p.product_chains.find(line.sku)) walk(*chain);
    }
    if (!p.category_chains.empty() && !line.category.empty()) {
      // The line's own category, else its nearest ancestor with rules (whose
      // chain already includes every ancestor's rules).
      std::string_view path = line.category;
      const Range* chain = p.category_chains.find(path);
      while (!chain) {
        const auto slash = path.rfind('/');
        if (slash == std::string_view::npos) break;
        path = path.substr(0, slash);
        chain = p.category_chains.find(path);
      }
      if (chain) walk(*chain);
    }
    if (p.every_line_chain.count) walk(p.every_line_chain);
    if (!taken_by) out.base_amount = checked.add(out.base_amount, amount, {Site::Kind::line, i});
  }

  // A cap bounds the rule's points on the order, both ways.
  for (const Capped& c : capped) {
    const CompiledRule& rule = p.rules[c.rule];
    const Points cap = *rule.cap;
    const Points points = std::clamp(c.points, Points{-cap.units}, cap);
    if (points != c.points && trace) {
      // The trace's difference only: on an extreme total it is not worth a refusal.
      const Points taken = checked_sub(points.units, c.points.units).value_or(0);
      trace->push_back({.kind = TraceEntry::Kind::cap, .subject = c.rule, .points = taken, .before_cap = c.points});
    }
    out.points = checked.add(out.points, points, {Site::Kind::rule, c.rule});
  }
  return out;
}

Points earn_base(const Policy& p, const OrderContext& ctx, Money base_amount, Checked& checked, Trace* trace) {
  const std::optional<CompiledEarn>& rate = base_rate(p, ctx);
  if (!rate || base_amount == Money{}) return {};
  Fraction scaled = rate->rate;
  std::int64_t applied = 0;
  for (std::uint32_t i = 0; i < p.multipliers.size(); ++i) {
    const CompiledMultiplier& m = p.multipliers[i];
    if (!conditions_hold(p, m.conditions, ctx, nullptr, nullptr)) continue;
    const Site where{Site::Kind::multiplier, i};
    scaled = {checked.mul(scaled.num, m.factor.num, where), checked.mul(scaled.den, m.factor.den, where)};
    ++applied;
    if (trace) trace->push_back({.kind = TraceEntry::Kind::multiplier, .subject = i, .amount = base_amount});
  }
  if (checked.overflowed()) return {};
  const Points points =
      earn_points(*rate, scaled, base_amount, base_amount < Money{} ? -1 : 1, p.rounding, checked, {Site::Kind::base, ctx.tier});
  if (trace) {
    // `count`: the multiplier entries just before this one.
    trace->push_back(
        {.kind = TraceEntry::Kind::base, .subject = ctx.tier, .points = points, .amount = base_amount, .count = applied});
  }
  return points;
}

Points earn_order(const Policy& p, const OrderContext& ctx, Money paid, Checked& checked, Trace* trace) {
  Points out;
  for (std::uint32_t i = 0; i < p.order_earns.size(); ++i) {
    const CompiledOrderEarn& e = p.order_earns[i];
    if (paid <= Money{}) {
      if (trace)
        trace->push_back(
            {.kind = TraceEntry::Kind::order_earn, .skip = TraceEntry::Skip::nothing_paid, .subject = i, .amount = paid});
      continue;
    }
    std::uint32_t failed = 0;
    if (!conditions_hold(p, e.conditions, ctx, nullptr, &failed)) {
      if (trace)
        trace->push_back({.kind = TraceEntry::Kind::order_earn,
                          .skip = TraceEntry::Skip::condition_not_met,
                          .subject = i,
                          .detail = failed,
                          .amount = paid});
      continue;
    }
    out = checked.add(out, e.points, {Site::Kind::order_earn, i});
    if (trace) trace->push_back({.kind = TraceEntry::Kind::order_earn, .subject = i, .points = e.points, .amount = paid});
  }
  return out;
}

}  // namespace loyalty
