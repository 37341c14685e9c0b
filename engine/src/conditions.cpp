// Conditions: pre-resolved predicates (tier masks, weekday masks, day
// ranges, thresholds) tested against an order and, for rules, a line.
#include "eval_context.hpp"

namespace loyalty {

namespace {

bool contains(const std::vector<std::string>& names, std::string_view value) {
  for (const auto& n : names) {
    if (n == value) return true;
  }
  return false;
}

bool holds(const CompiledCondition& c, const OrderContext& ctx, const LineFacts* line) {
  using K = CompiledCondition::Kind;
  switch (c.kind) {
    case K::tier_in:
      return (c.tier_mask >> ctx.tier) & 1u;
    case K::store_in:
      return contains(c.names, ctx.store);
    case K::channel_in:
      return contains(c.names, ctx.channel);
    case K::weekday_in:
      return (c.weekday_mask & ctx.weekday_bit) != 0;
    case K::date_range:
      return ctx.day >= c.from_day && ctx.day <= c.to_day;
    case K::qty: {
      // The threshold keeps its written scale (qty >= 1.5): compare qty * 10^scale with it.
      const std::int64_t qty = line ? line->qty : ctx.qty;
      const auto scaled = checked_mul(qty, pow10(c.scale));
      return scaled && compare(*scaled, c.op, c.value);
    }
    case K::amount:
      return compare((line ? line->amount : ctx.amount).units, c.op, c.value);
  }
  return false;
}

}  // namespace

bool conditions_hold(const Policy& policy, Range range, const OrderContext& ctx, const LineFacts* line, std::uint32_t* failed) {
  for (std::uint32_t i = range.begin; i < range.begin + range.count; ++i) {
    if (!holds(policy.conditions[i], ctx, line)) {
      if (failed) *failed = i;
      return false;
    }
  }
  return true;
}

}  // namespace loyalty
