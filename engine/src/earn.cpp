// Earning: rules per line, the base earn, order earns. Each earn of a rule
// is rounded per line on its own, the base once per order, order earns are
// exact; a return (negative qty or amount) earns the negative of the same
// sale, rounded on the magnitude.
#include "earn.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <string_view>
#include <utility>

#include "bounds.hpp"
#include "calendar.hpp"

namespace loyalty {

namespace {

// The base earn's rate for this order: the tier's or the program's.
const std::optional<CompiledEarn>& base_rate(const Policy& p, const OrderContext& ctx) {
  const CompiledTier& tier = p.tiers[ctx.tier];
  return tier.base ? tier.base : p.base;
}

}  // namespace

// Shares `total` out pro rata to `weights` (all of one sign as `total`, or
// zero), each share rounded toward zero and the units left over given one
// each to the largest remainders, the earlier first on a tie: the shares
// sum to `total` exactly. All zero when the weights do not allow it.
void share_out(std::int64_t total, std::span<const std::int64_t> weights, std::span<std::int64_t> shares) {
  const bool negative = total < 0;
  const std::int64_t t = negative ? -total : total;
  std::int64_t sum = 0;
  bool usable = true;
  for (const std::int64_t w : weights) {
    const std::int64_t m = negative ? -w : w;
    usable &= (m >= 0) & !__builtin_add_overflow(sum, m, &sum);
  }
  std::fill(shares.begin(), shares.end(), 0);
  if (!usable || sum == 0 || t == 0) return;
  LineVector<std::int64_t> remainders(weights.size(), boost::container::default_init);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const auto q = mul_divmod(t, negative ? -weights[i] : weights[i], sum);
    if (!q) {
      std::fill(shares.begin(), shares.end(), 0);
      return;
    }
    shares[i] = q->quotient;
    given += q->quotient;
    remainders[i] = q->remainder;
  }
  // Only the units left over need placing: fewer than the lines, and often
  // none. A few are placed by finding the largest remainder each time (the
  // earliest on a tie); more by sorting.
  const auto left =
      static_cast<std::size_t>(std::clamp<std::int64_t>(t - given, 0, static_cast<std::int64_t>(remainders.size())));
  if (left <= 4) {
    for (std::size_t k = 0; k < left; ++k) {
      std::size_t best = 0;
      for (std::size_t i = 1; i < remainders.size(); ++i) best = remainders[i] > remainders[best] ? i : best;
      ++shares[best];
      remainders[best] = -1;  // remainders are never negative
    }
  } else {
    LineVector<std::size_t> order(remainders.size(), boost::container::default_init);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(left), order.end(), [&](std::size_t a, std::size_t b) {
      return remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b;
    });
    for (std::size_t k = 0; k < left; ++k) ++shares[order[k]];
  }
  if (negative)
    for (std::int64_t& s : shares) s = -s;
}

namespace {

// The chains of a product and of a category; a count of 0 is none.
[[gnu::noinline]] std::pair<Range, Range> item_chains(const Policy& p, std::string_view sku, std::string_view category) {
  static constexpr Range none{};
  std::pair<Range, Range> out;
  if (!p.product_chains.empty()) {
    const Range* chain = p.product_chains.find(sku);
    out.first = *(chain ? chain : &none);
  }
  const Range* chain = p.category_chains.nearest(category);
  out.second = *(chain ? chain : &none);
  return out;
}

// The chains of rules a line is tried against, in order: its product's, its
// category's (else its nearest ancestor's with rules, whose chain already
// includes every ancestor's rules), every line's.
struct Chains {
  std::array<Range, 3> ranges{};
  std::size_t count = 0;
};

// Inline for a resolved line, which looks nothing up; the lookups of a line
// by its strings stay a call of their own.
inline Chains chains_of(const Policy& p, const Line& line) {
  Chains out;
  const auto [product, category] = line.key.policy == p.serial
                                       ? std::pair<Range, Range>{{line.key.product_begin, line.key.product_count},
                                                                 {line.key.category_begin, line.key.category_count}}
                                       : item_chains(p, line.sku, line.category);
  if (product.count) out.ranges[out.count++] = product;
  if (category.count) out.ranges[out.count++] = category;
  if (p.every_line_chain.count) out.ranges[out.count++] = p.every_line_chain;
  return out;
}

// A line's points on a chain taken at once (ChainPlan): its whole per-unit
// rates times the units, then its other earns; negative for a return.
// `Arithmetic`: OverflowFlag, or bounds::Arithmetic within the bounds.
template <typename Arithmetic>
Points plan_points(const Policy& p, const ChainPlan& plan, Money amount, std::int64_t qty, Arithmetic& arithmetic) {
  const bool negative = qty < 0 || amount < Money{};
  const std::int64_t v = arithmetic.mul(qty < 0 ? -qty : qty, plan.per_unit, {});
  std::int64_t points = negative ? -v : v;
  for (std::uint32_t e = plan.earns.begin; e < plan.earns.begin + plan.earns.count; ++e) {
    const CompiledEarn& earn = p.earns[p.chain_plan_earns[e]];
    points = arithmetic.add(points, earn_points(earn, earn.rate, amount, qty, p.rounding, arithmetic, {}).units, {});
  }
  return Points{points};
}

// a x b, reduced so that a few factors stay small.
Fraction times(Fraction a, Fraction b, Checked& checked, const Site& where) {
  Fraction f{checked.mul(a.num, b.num, where), checked.mul(a.den, b.den, where)};
  if (checked.overflowed() || f.den == 0) return {0, 1};
  const std::int64_t g = std::gcd(f.num, f.den);
  return g > 1 ? Fraction{f.num / g, f.den / g} : f;
}

// The product of the factors of the rule's multipliers that hold on this
// order, each recorded in the trace on the line.
Fraction rule_factor(const Policy& p, const OrderContext& ctx, std::uint32_t index, int line, Checked& checked, const Site& where,
                     Trace* trace) {
  const CompiledRule& rule = p.rules[index];
  Fraction factor{1, 1};
  for (std::uint32_t k = rule.multipliers.begin; k < rule.multipliers.begin + rule.multipliers.count; ++k) {
    const std::uint32_t m = p.rule_multipliers[k];
    if (!ctx.multiplier_holds[m]) continue;
    factor = times(factor, p.multipliers[m].factor, checked, where);
    if (trace) trace->push_back({.kind = TraceEntry::Kind::multiplier, .line = line, .subject = m, .detail = index});
  }
  return factor;
}

// |v|, the most negative value taken as the most positive (a sum of quantities can reach it).
std::int64_t magnitude_of(std::int64_t v) {
  return v >= 0 ? v : v == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max() : -v;
}

}  // namespace

std::optional<std::uint32_t> item_exclusion(const Policy& p, std::string_view sku, std::string_view category) {
  if (!p.excluded_products.empty()) {
    if (const std::uint32_t* x = p.excluded_products.find(sku)) return *x;
  }
  if (const std::uint32_t* x = p.excluded_categories.nearest(category)) return *x;
  return std::nullopt;
}

LineKey resolve(const Policy& p, std::string_view sku, std::string_view category) {
  LineKey key;
  key.policy = p.serial;
  const auto [product, chain] = item_chains(p, sku, category);
  key.product_begin = product.begin;
  key.product_count = product.count;
  key.category_begin = chain.begin;
  key.category_count = chain.count;
  if (const auto x = item_exclusion(p, sku, category)) key.exclusion = *x + 1;
  return key;
}

void order_totals(const Policy& p, const Order& order, const OrderAmounts& amounts, OrderContext& ctx, Checked& checked) {
  if (p.reads_totals) {
    const LineVector<Money>& net = p.earn_on_subtotal ? amounts.gross : amounts.net_or_gross();
    std::int64_t qty = 0, amount = 0;
    for (std::uint32_t i = 0; i < order.lines.size(); ++i) {
      const Line& line = order.lines[i];
      if (reverses_sale(line) || exclusion_of(p, line)) continue;
      qty = checked.add(qty, line.qty, {Site::Kind::line, i});
      amount = checked.add(amount, net[i].units, {Site::Kind::line, i});
    }
    ctx.total_qty = magnitude_of(qty);
    ctx.total_amount = Money{magnitude_of(amount)};
  }
}

void multipliers_that_hold(const Policy& p, OrderContext& ctx) {
  ctx.multiplier_holds.assign(p.multipliers.size(), 0);
  for (std::uint32_t i = 0; i < p.multipliers.size(); ++i)
    ctx.multiplier_holds[i] = conditions_hold(p, p.multipliers[i].conditions, ctx, nullptr, nullptr) ? 1 : 0;
}

void order_facts(const Policy& p, const Order& order, const OrderAmounts& amounts, OrderContext& ctx, Checked& checked) {
  order_totals(p, order, amounts, ctx, checked);
  multipliers_that_hold(p, ctx);
}

std::int32_t cap_period_start(CapPeriod period, std::int32_t day) {
  const Date d = date_of(day);
  switch (period) {
    case CapPeriod::day:
      return day;
    case CapPeriod::week:  // weeks start on Monday; 1970-01-01 was a Thursday
      return day - static_cast<std::int32_t>(((day + 3) % 7 + 7) % 7);
    case CapPeriod::month:
      return day_number({d.year, d.month, 1});
    case CapPeriod::year:
      break;
  }
  return day_number({d.year, 1, 1});
}

namespace {

// earn_lines, compiled twice: with the trace and without it, where every
// `if (trace)` folds away and the loop over the lines carries none of it.
// Without the trace, `plans` (when given) lets a line take a chain with a
// plan (ChainPlan) at once instead of rule by rule; its sums note an
// overflow there, and the caller then walks the rules again to find where.
template <bool Traced>
void earn_lines_of(const Policy& p, const Order& order, const OrderContext& ctx, const OrderAmounts& amounts, Checked& checked,
                   Trace* trace, OverflowFlag* plans, LineEarnings& out) {
  if constexpr (!Traced) trace = nullptr;
  if constexpr (Traced) plans = nullptr;
  // A capped rule's points on one line, shared out again once the cap is known.
  struct CappedPart {
    std::uint32_t rule, line;
    Points points;
  };
  boost::container::small_vector<CappedPart, 8> capped;
  out.points = Points{};
  out.base_amount = Money{};
  out.member_caps.clear();
  out.per_line.assign(order.lines.size(), Points{});
  out.base_by_line.assign(order.lines.size(), Money{});
  const LineVector<Money>& net = amounts.net_or_gross();
  auto amount_of = [&](std::uint32_t i) { return p.earn_on_subtotal ? amounts.gross[i] : net[i]; };

  // A rule's points on one line: to its cap, or straight to the line.
  auto credit = [&](std::uint32_t index, std::uint32_t i, Points points) {
    const CompiledRule& rule = p.rules[index];
    const Site where{Site::Kind::rule, index, i};
    if (rule.cap || rule.member_cap) {
      capped.push_back({index, i, points});
    } else {
      out.points = checked.add(out.points, points, where);
      out.per_line[i] = checked.add(out.per_line[i], points, where);
    }
  };

  // `total qty` and `total amount` of a rule: over the lines its target
  // matches, leaving out excluded lines and returns that name their sale.
  LineVector<std::int64_t> total_qty, total_amount;
  if (p.reads_totals) {
    total_qty.assign(p.rules.size(), 0);
    total_amount.assign(p.rules.size(), 0);
    for (std::uint32_t i = 0; i < order.lines.size(); ++i) {
      const Line& line = order.lines[i];
      if (reverses_sale(line) || exclusion_of(p, line)) continue;
      const Chains chains = chains_of(p, line);
      for (std::size_t c = 0; c < chains.count; ++c) {
        for (std::uint32_t k = chains.ranges[c].begin; k < chains.ranges[c].begin + chains.ranges[c].count; ++k) {
          const std::uint32_t index = p.chain_rules[k];
          if (!p.rules[index].reads_totals) continue;
          total_qty[index] = checked.add(total_qty[index], line.qty, {Site::Kind::line, i});
          total_amount[index] = checked.add(total_amount[index], amount_of(i).units, {Site::Kind::line, i});
        }
      }
    }
    if (checked.overflowed()) return;
  }
  // Per-order earns of rules: the first line each rule applied to that was
  // bought, else the first that was returned (-1: none).
  LineVector<std::int32_t> first_bought, first_returned;

  for (std::uint32_t i = 0; i < order.lines.size(); ++i) {
    const Line& line = order.lines[i];
    const Money amount = amount_of(i);
    LineFacts facts{line.qty < 0 ? -line.qty : line.qty, magnitude(amount), 0, {}};
    const int at = static_cast<int>(i);
    if (line.qty < 0) {
      if (reverses_sale(line)) {
        // Exactly what the sale's line earned, for its share of the units,
        // rounded up: the member never keeps a point the return should take.
        const ReturnOf& r = *line.returns;
        const Site where{Site::Kind::line, i};
        const Points back{checked.mul_div(r.points->units, -line.qty, r.qty, Rounding::ceil, where)};
        out.points = checked.sub(out.points, back, where);
        out.per_line[i] = Points{-back.units};
        if (trace)
          trace->push_back({.kind = TraceEntry::Kind::reversal,
                            .line = at,
                            .points = Points{-back.units},
                            .amount = amount,
                            .count = -line.qty});
        continue;
      }
      if (trace)
        trace->push_back({.kind = TraceEntry::Kind::reversal,
                          .skip = line.returns ? TraceEntry::Skip::sale_unknown : TraceEntry::Skip::no_reference,
                          .line = at,
                          .amount = amount,
                          .count = -line.qty});
    }
    if (const auto exclusion = exclusion_of(p, line)) {
      if (trace) trace->push_back({.kind = TraceEntry::Kind::excluded, .line = at, .subject = *exclusion, .amount = amount});
      continue;  // no rule, no base
    }
    std::optional<std::uint32_t> taken_by;  // the exclusive rule that ended the line

    // The rules in order, chain after chain. Once an exclusive rule has
    // taken the line, the rest are only traced as taken over.
    const Chains chains = chains_of(p, line);
    for (std::size_t c = 0; c < chains.count && !checked.overflowed() && !(taken_by && !trace); ++c) {
      const Range chain = chains.ranges[c];
      if (plans && p.chain_plans[chain.begin].count == chain.count) {
        const ChainPlan& plan = p.chain_plans[chain.begin];
        const Points points = plan_points(p, plan, amount, line.qty, *plans);
        out.points = plans->add(out.points, points, {});
        out.per_line[i] = plans->add(out.per_line[i], points, {});
        if (plan.ends) taken_by = plan.ender;
        continue;
      }
      for (std::uint32_t k = chain.begin; k < chain.begin + chain.count; ++k) {
        const std::uint32_t index = p.chain_rules[k];
        const CompiledRule& rule = p.rules[index];
        if (taken_by) {
          if (!trace) break;
          trace->push_back({.kind = TraceEntry::Kind::rule,
                            .skip = TraceEntry::Skip::taken_over,
                            .line = at,
                            .subject = index,
                            .detail = *taken_by,
                            .amount = amount});
          continue;
        }
        if (rule.reads_totals) {
          facts.total_qty = magnitude_of(total_qty[index]);
          facts.total_amount = Money{magnitude_of(total_amount[index])};
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
        // Multipliers are traced where an earn uses them: here for per-line earns, below for a per-order one.
        const Fraction factor = rule.multipliers.count
                                    ? rule_factor(p, ctx, index, at, checked, where, rule.per_line ? trace : nullptr)
                                    : Fraction{1, 1};
        Points points;
        for (std::uint32_t e = rule.earns.begin; e < rule.earns.begin + rule.earns.count; ++e) {
          const CompiledEarn& earn = p.earns[e];
          if (earn.kind == CompiledEarn::Kind::per_order) continue;  // once per order, below
          const Fraction rate = factor.num == factor.den ? earn.rate : times(earn.rate, factor, checked, where);
          if (checked.overflowed()) break;
          const Points v = earn_points(earn, rate, amount, line.qty, p.rounding, checked, where);
          points = checked.add(points, v, where);
          if (trace)
            trace->push_back(
                {.kind = TraceEntry::Kind::rule, .line = at, .subject = index, .detail = e, .points = v, .amount = amount});
        }
        if (checked.overflowed()) break;
        if (rule.per_order && line.qty != 0) {
          if (first_bought.empty()) {
            first_bought.assign(p.rules.size(), -1);
            first_returned.assign(p.rules.size(), -1);
          }
          std::int32_t& first = line.qty > 0 ? first_bought[index] : first_returned[index];
          if (first < 0) first = at;
        }
        credit(index, i, points);
        if (rule.exclusive) taken_by = index;
      }
    }
    if (checked.overflowed()) return;
    if (!taken_by) {
      out.base_amount = checked.add(out.base_amount, amount, {Site::Kind::line, i});
      out.base_by_line[i] = amount;
    }
  }

  // A rule's `N points per order` earns once, on the first line it applied
  // to that was bought; an order that only returns its target takes it back.
  for (std::uint32_t index = 0; index < first_bought.size(); ++index) {
    const bool bought = first_bought[index] >= 0;
    const std::int32_t at = bought ? first_bought[index] : first_returned[index];
    if (at < 0) continue;
    const auto i = static_cast<std::uint32_t>(at);
    const CompiledRule& rule = p.rules[index];
    const Site where{Site::Kind::rule, index, i};
    const Fraction factor = rule_factor(p, ctx, index, at, checked, where, rule.per_line ? nullptr : trace);
    Points points;
    for (std::uint32_t e = rule.earns.begin; e < rule.earns.begin + rule.earns.count; ++e) {
      const CompiledEarn& earn = p.earns[e];
      if (earn.kind != CompiledEarn::Kind::per_order) continue;
      const Fraction rate = times(earn.rate, factor, checked, where);
      if (checked.overflowed()) return;
      const Points v = earn_points(earn, rate, {}, bought ? 1 : -1, p.rounding, checked, where);
      points = checked.add(points, v, where);
      if (trace)
        trace->push_back(
            {.kind = TraceEntry::Kind::rule, .line = at, .subject = index, .detail = e, .points = v, .amount = amount_of(i)});
    }
    credit(index, i, points);
  }

  // A cap bounds the rule's points on the order, both ways; a cap per member
  // bounds what it gives over the period. The capped points are shared out
  // over the rule's lines again.
  std::stable_sort(capped.begin(), capped.end(), [](const CappedPart& a, const CappedPart& b) { return a.rule < b.rule; });
  for (std::size_t first = 0; first < capped.size();) {
    std::size_t end = first;
    const std::uint32_t index = capped[first].rule;
    const CompiledRule& rule = p.rules[index];
    Points before;
    for (; end < capped.size() && capped[end].rule == index; ++end)
      before = checked.add(before, capped[end].points, {Site::Kind::rule, index});
    Points points = before;
    if (rule.cap) {
      points = std::clamp(before, Points{-rule.cap->units}, *rule.cap);
      if (points != before && trace) {
        // The trace's difference only: on an extreme total it is not worth a refusal.
        const Points taken = checked_sub(points.units, before.units).value_or(0);
        trace->push_back({.kind = TraceEntry::Kind::cap, .subject = index, .points = taken, .before_cap = before});
      }
    }
    if (rule.member_cap) {
      const Points used = cap_used(rule, *ctx.member, ctx.day);
      const Points room{std::max<std::int64_t>(rule.member_cap->points.units - used.units, 0)};
      if (points > room) {
        if (trace)
          trace->push_back({.kind = TraceEntry::Kind::cap,
                            .event = TraceEntry::Event::member_cap,
                            .subject = index,
                            .points = Points{room.units - points.units},
                            .count = used.units,
                            .before_cap = points});
        points = room;
      }
      // The member's new count; returns free no room, so only what was given counts.
      if (points > Points{}) out.member_caps.push_back({index, Points{used.units + points.units}});
    }
    out.points = checked.add(out.points, points, {Site::Kind::rule, index});
    LineVector<std::int64_t> weights, shares;
    for (std::size_t k = first; k < end; ++k) weights.push_back(capped[k].points.units);
    shares.resize(weights.size());
    share_out(points.units, {weights.data(), weights.size()}, {shares.data(), shares.size()});
    for (std::size_t k = first; k < end; ++k) {
      Points& line = out.per_line[capped[k].line];
      line = checked.add(line, Points{shares[k - first]}, {Site::Kind::rule, index});
    }
    first = end;
  }
}

// Without the trace: the chains' plans first. The plans' sums are of one
// sign per line, so where they do not overflow neither do the rule walk's
// (and any overflow the walk notes is the one it would find first); where
// they do, the rules are walked one by one again, so that the refusal names
// the rule and line the walk finds first.
void earn_lines_with_plans(const Policy& p, const Order& order, const OrderContext& ctx, const OrderAmounts& amounts,
                           Checked& checked, LineEarnings& out) {
  Checked walk = checked;
  OverflowFlag plans;
  earn_lines_of<false>(p, order, ctx, amounts, walk, nullptr, &plans, out);
  if (plans.overflowed())
    earn_lines_of<false>(p, order, ctx, amounts, checked, nullptr, nullptr, out);
  else
    checked = walk;
}

}  // namespace

void earn_lines(const Policy& p, const Order& order, const OrderContext& ctx, const OrderAmounts& amounts, Checked& checked,
                Trace* trace, LineEarnings& out) {
  if (trace)
    earn_lines_of<true>(p, order, ctx, amounts, checked, trace, nullptr, out);
  else
    earn_lines_with_plans(p, order, ctx, amounts, checked, out);
}

bool earn_bounded_order(const Policy& p, const Order& order, OrderContext& ctx, OrderAmounts& a, LineEarnings& out) {
  const std::size_t n = order.lines.size();
  if (p.reads_totals || order.discount != Money{} || n > bounds::lines) return false;
  // A line no exclusion or exclusive rule takes ends on the every-line chain: where that has no bounded
  // plan, this pass would give up on nearly every order, after the lookups the checked path makes again.
  if (p.every_line_chain.count && !p.chain_plans[p.every_line_chain.begin].bounded) return false;
  bounds::Arithmetic arithmetic;
  std::int64_t total = 0, positive = 0, qty = 0, points = 0, base_amount = 0;
  for (const Line& line : order.lines) {
    if (line.returns || !bounds::line_within(line.price, line.qty)) return false;
    const Money amount{line.price.units * line.qty};  // the price is not negative: the amount has the quantity's sign
    total += amount.units;
    positive += std::max<std::int64_t>(amount.units, 0);
    qty += line.qty;
    a.gross.push_back(amount);
    std::int64_t line_points = 0;
    bool taken = exclusion_of(p, line).has_value();  // no rule, no base
    const Chains chains = taken ? Chains{} : chains_of(p, line);
    for (std::size_t c = 0; c < chains.count && !taken; ++c) {
      const Range chain = chains.ranges[c];
      const ChainPlan& plan = p.chain_plans[chain.begin];
      if (plan.count != chain.count || !plan.bounded) return false;
      line_points += plan_points(p, plan, amount, line.qty, arithmetic).units;
      taken = plan.ends;
    }
    points += line_points;
    out.per_line.push_back(Points{line_points});
    const Money base = taken ? Money{} : amount;
    base_amount += base.units;
    out.base_by_line.push_back(base);
  }
  if (arithmetic.overflowed()) return false;
  a.total = a.before_redemptions = Money{total};
  a.positive = Money{positive};
  ctx.amount = Money{total};
  ctx.qty = qty;
  out.points = Points{points};
  out.base_amount = Money{base_amount};
  return true;
}

Points cap_used(const CompiledRule& rule, const Member& member, std::int32_t day) {
  const auto it = member.caps.find(rule.id);
  if (it == member.caps.end() || !rule.member_cap) return {};
  return day_number(it->second.since) == cap_period_start(rule.member_cap->period, day) ? it->second.points : Points{};
}

void attribute_lines(const LineEarnings& lines, Points base, std::vector<Points>& out) {
  const std::size_t n = lines.per_line.size();
  out.resize(n);
  std::copy_n(lines.per_line.data(), n, out.data());
  if (base <= Points{}) return;  // nothing to share (a negative base is not shared either)
  LineVector<std::int64_t> weights(n, boost::container::default_init), shares(n, boost::container::default_init);
  for (std::size_t i = 0; i < n; ++i) weights[i] = std::max<std::int64_t>(lines.base_by_line[i].units, 0);
  share_out(base.units, {weights.data(), n}, {shares.data(), n});
  for (std::size_t i = 0; i < n; ++i) out[i] = Points{checked_add(out[i].units, shares[i]).value_or(out[i].units)};
}

Points earn_base(const Policy& p, const OrderContext& ctx, Money base_amount, Checked& checked, Trace* trace) {
  const std::optional<CompiledEarn>& rate = base_rate(p, ctx);
  if (!rate || base_amount == Money{}) return {};
  Fraction scaled = rate->rate;
  std::int64_t applied = 0;
  for (std::uint32_t i = 0; i < p.multipliers.size(); ++i) {
    const CompiledMultiplier& m = p.multipliers[i];
    if (!m.on_base || !ctx.multiplier_holds[i]) continue;
    scaled = times(scaled, m.factor, checked, {Site::Kind::multiplier, i});
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
