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

// A quantity against a threshold that keeps its written scale (qty >= 1.5):
// qty * 10^scale compared with it.
bool scaled_compare(std::int64_t qty, const CompiledCondition& c) {
  const auto scaled = checked_mul(qty, pow10(c.scale));
  return scaled && compare(*scaled, c.op, c.value);
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
    case K::time_range:  // [from, to), crossing midnight when from > to
      return c.from_day < c.to_day ? ctx.minute >= c.from_day && ctx.minute < c.to_day
                                   : ctx.minute >= c.from_day || ctx.minute < c.to_day;
    case K::qty:
      return scaled_compare(line ? line->qty : ctx.qty, c);
    case K::amount:
      return compare((line ? line->amount : ctx.amount).units, c.op, c.value);
    case K::birthday:
      return ctx.birthday;
    case K::birthday_month:
      return ctx.birthday_month;
    case K::first_order:
      return ctx.member && ctx.member->orders == 0;
    case K::member_orders:
      return ctx.member && compare(ctx.member->orders, c.op, c.value);
    case K::member_spend:
      return ctx.member && compare(ctx.member->spend.units, c.op, c.value);
    case K::total_qty:
      return scaled_compare(line ? line->total_qty : ctx.total_qty, c);
    case K::total_amount:
      return compare((line ? line->total_amount : ctx.total_amount).units, c.op, c.value);
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
