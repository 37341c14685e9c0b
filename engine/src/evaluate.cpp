// Evaluation (spec sections 3-6): one order against a compiled policy, as
// named phases run in order:
//
//   catch_up      reviews and expiry due by the order's time (advance.cpp)
//   start_tier    the member's tier at the start of the order sets the rates
//   local_time    weekday and date, when a condition reads them
//   amounts       gross per line, totals, the order's own discount
//   redeem        redemptions validated and priced together (redeem.cpp)
//   net_amounts   all discounts spread over the lines (largest remainder)
//   earn_lines, earn_base, earn_order                         (earn.cpp)
//   settle_member, tier_after_order                         (settle.cpp)
//
// Without a trace, an order whose sums cannot overflow (bounds.hpp) takes
// amounts and earn_lines in one unchecked pass (earn_bounded_order).
//
// Pure: no I/O, no locks; with the trace off, no allocation per line.
#include <algorithm>
#include <cassert>

#include <fmt/format.h>

#include "advance.hpp"
#include "calendar.hpp"
#include "earn.hpp"
#include "loyalty/journal.hpp"
#include "loyalty/loyalty.hpp"
#include "redeem.hpp"
#include "settle.hpp"

namespace loyalty {

namespace {

// Gross amounts and totals; the order's own discount lies between zero and
// the sum of the positive lines.
std::optional<Refusal> amounts(const Policy& p, const Order& order, OrderContext& ctx, OrderAmounts& a) {
  Checked checked;
  for (std::uint32_t i = 0; i < order.lines.size(); ++i) {
    const Line& l = order.lines[i];
    if (l.price < Money{})
      return Refusal{RefusalCode::bad_input, "a unit price cannot be negative", fmt::format("$.order.lines[{}].price", i)};
    const Site where{Site::Kind::line, i};
    const Money g = checked.times(l.price, l.qty, where);
    a.total = checked.add(a.total, g, where);
    ctx.qty = checked.add(ctx.qty, l.qty, where);
    if (g > Money{}) a.positive = checked.add(a.positive, g, where);
    if (l.returns) {
      if (l.qty >= 0) {
        return Refusal{RefusalCode::bad_input, "only a returned line (negative qty) names the sale it reverses",
                       fmt::format("$.order.lines[{}].returns", i)};
      }
      if (l.returns->qty > 0 && -l.qty > l.returns->qty) {
        return Refusal{RefusalCode::bad_input,
                       fmt::format("the line returns {} units, but its sale sold {}", -l.qty, l.returns->qty),
                       fmt::format("$.order.lines[{}].qty", i)};
      }
      if (reverses_sale(l)) {
        a.reversed = checked.add(a.reversed, g, where);
        a.reversed_qty = checked.add(a.reversed_qty, l.qty, where);
      }
    }
    if (checked.overflowed()) return overflow_refusal(p, checked);
    a.gross.push_back(g);
  }
  if (order.discount < Money{} || order.discount > a.positive) {
    return Refusal{RefusalCode::bad_input, "the order's discount must be between zero and the order's total", "$.order.discount"};
  }
  a.before_redemptions = checked.sub(a.total, order.discount, {Site::Kind::order});
  // Conditions on the order read what it sells: a return that names its sale is not part of it.
  ctx.amount = checked.sub(a.before_redemptions, a.reversed, {Site::Kind::order});
  ctx.qty = checked.sub(ctx.qty, a.reversed_qty, {Site::Kind::order});
  if (checked.overflowed()) return overflow_refusal(p, checked);
  return std::nullopt;
}

}  // namespace

// Spreads `discount` over the lines with a positive gross amount, pro rata
// by largest remainder (the earlier line first on a tie).
void net_amounts(Money discount, OrderAmounts& a) {
  if (discount == Money{} || a.positive == Money{}) return;
  LineVector<std::int64_t> weights, shares(a.gross.size());
  for (const Money g : a.gross) weights.push_back(std::max<std::int64_t>(g.units, 0));
  // discount <= positive, so every share fits and share_out cannot fail.
  share_out(discount.units, {weights.data(), weights.size()}, {shares.data(), shares.size()});
  a.net.assign(a.gross.begin(), a.gross.end());
  for (std::size_t i = 0; i < a.net.size(); ++i) a.net[i] = Money{a.net[i].units - shares[i]};
}

void local_time(const Policy& p, const Timestamp& at, const Member& member, OrderContext& ctx) {
  const std::int64_t seconds = local_seconds(p, at);
  ctx.day = static_cast<std::int32_t>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400);
  ctx.minute = static_cast<std::int32_t>((seconds - std::int64_t{ctx.day} * 86400) / 60);
  const int monday_based = static_cast<int>(((ctx.day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  ctx.weekday_bit = static_cast<std::uint8_t>(1u << monday_based);
  if (member.birthday) {
    // A 29 February birthday falls on 28 February in other years.
    const Date today = date_of(ctx.day);
    const bool leap = (today.year % 4 == 0 && today.year % 100 != 0) || today.year % 400 == 0;
    const MonthDay b = member.birthday->month == 2 && member.birthday->day == 29 && !leap ? MonthDay{2, 28} : *member.birthday;
    ctx.birthday_month = today.month == b.month;
    ctx.birthday = ctx.birthday_month && today.day == b.day;
  }
}

namespace {

// `in_place`: the member to settle instead of a copy in `d.member`, for a
// caller without catch-up or journal (evaluate_in_place); `member` is that one.
std::optional<Refusal> evaluate_phases(const Policy& p, const Member& member, const Order& order,
                                       std::span<const Redemption> redemptions, const EvalOptions& options, Decision& d,
                                       bool catch_up, Member* in_place = nullptr) {
  Trace* trace = options.trace ? &d.trace : nullptr;
  d.trace.clear();
  d.discounts.clear();
  d.gifts.clear();
  d.vouchers.clear();
  d.caught_up.clear();
  d.line_points.assign(order.lines.size(), Points{});

  // catch_up: the member as of the order's time; from here on `settled` is
  // the member, settled in place. Nothing changes it before the last
  // refusal (settle_member's), so that a refusal leaves an in-place member as it was.
  if (!in_place) d.member = member;
  Member& settled = in_place ? *in_place : d.member;
  if (catch_up)
    if (auto refused = advance(p, settled, order.at, &d.caught_up)) return refused;
  const Member& m = settled;

  // start_tier
  OrderContext ctx;
  const auto start = tier_of(p, m);
  if (!start) {
    return Refusal{RefusalCode::unknown_tier, fmt::format("the policy has no tier `{}`", member.tier), "$.member.tier"};
  }
  ctx.tier = *start;
  const CompiledTier& tier = p.tiers[ctx.tier];
  ctx.store = order.store;
  ctx.channel = order.channel;
  ctx.member = &m;
  if (p.needs_local_time || p.expiry) local_time(p, order.at, m, ctx);

  // An order whose sums cannot overflow and whose lines take bounded chain
  // plans has its amounts and its lines' points worked out in one pass with
  // plain arithmetic (earn_bounded_order); any other order, or one that pass
  // gives up on, takes amounts and earn_lines with every operation checked.
  OrderAmounts a;
  LineEarnings lines;
  bool bounded = false;
  if (!trace && redemptions.empty() && !tier.retired) {
    bounded = earn_bounded_order(p, order, ctx, a, lines);
    if (!bounded) a = OrderAmounts{};
  }
  if (!bounded)
    if (auto refused = amounts(p, order, ctx, a)) return refused;
  if (p.reads_totals) {
    Checked checked;
    order_totals(p, order, a, ctx, checked);  // for rewards' conditions
    if (checked.overflowed()) return overflow_refusal(p, checked);
  }

  // redeem: built only when something is redeemed
  std::optional<Redeemed> redeemed;
  if (!redemptions.empty()) {
    auto r = redeem(p, m, order, ctx, redemptions, a.before_redemptions, trace);
    if (!r) return r.refusal();
    redeemed = std::move(r).value();
  }
  const Money redeemed_discount = redeemed ? redeemed->discount : Money{};
  // Redemptions take at most what is left of the total, so `discount` is at
  // most the sum of the positive lines and each line's share fits.
  const Money discount{order.discount.units + redeemed_discount.units};
  assert(discount <= a.positive);
  net_amounts(discount, a);
  {
    Checked checked;
    a.paid = checked.sub(a.total, discount, {Site::Kind::order});
    ctx.amount = checked.sub(a.paid, a.reversed, {Site::Kind::order});
    order_facts(p, order, a, ctx, checked);
    if (checked.overflowed()) return overflow_refusal(p, checked);
  }

  // earn_lines, earn_base, earn_order: a retired tier earns nothing.
  Points earned;
  if (tier.retired) {
    if (trace)
      trace->push_back(
          {.kind = TraceEntry::Kind::tier, .event = TraceEntry::Event::retired_tier, .subject = ctx.tier, .detail = ctx.tier});
  } else {
    Checked checked;
    if (!bounded) earn_lines(p, order, ctx, a, checked, trace, lines);
    const Points base = checked.overflowed() ? Points{} : earn_base(p, ctx, lines.base_amount, checked, trace);
    const Points bonus = checked.overflowed() ? Points{} : earn_order(p, ctx, a.paid, checked, trace);
    earned = checked.add(checked.add(lines.points, base, {Site::Kind::order}), bonus, {Site::Kind::order});
    if (checked.overflowed()) return overflow_refusal(p, checked);
    attribute_lines(lines, base, d.line_points);
  }

  // settle_member
  const Points spent = redeemed ? redeemed->spent : Points{};
  static constexpr std::span<const WalletChange> no_change;
  LineVector<DatedTakeBack> reversals;
  if (p.expiry && !tier.retired) {
    for (std::size_t i = 0; i < order.lines.size(); ++i) {
      const Line& l = order.lines[i];
      if (reverses_sale(l) && l.returns->at) reversals.push_back({local_day(p, *l.returns->at), Points{-d.line_points[i].units}});
    }
  }
  const Settlement settlement{earned,
                              spent,
                              a.paid,
                              ctx.day,
                              redeemed ? std::span<const WalletChange>(redeemed->wallet) : no_change,
                              {reversals.data(), reversals.size()}};
  if (auto refused = settle_member(p, settled, settlement, d.points_not_taken_back, trace)) return refused;
  // Caps per member over time: the counts earn_lines worked out.
  for (const auto& [index, count] : lines.member_caps) {
    const CompiledRule& rule = p.rules[index];
    settled.caps[rule.id] = {date_of(cap_period_start(rule.member_cap->period, ctx.day)), count};
  }

  // tier_after_order
  const std::uint32_t after = tier_after_order(p, ctx.tier, settled.spend);
  if (settled.tier != p.tiers[after].id) settled.tier = p.tiers[after].id;
  if (after != ctx.tier && trace) {
    trace->push_back({.kind = TraceEntry::Kind::tier,
                      .event = TraceEntry::Event::tier_moved,
                      .subject = after,
                      .detail = ctx.tier,
                      .amount = settled.spend});
  }

  d.earned = earned;
  d.spent = spent;
  d.paid = a.paid;
  if (d.tier_before != tier.id) d.tier_before = tier.id;  // assigned only on change: no allocation per order
  if (d.tier_after != settled.tier) d.tier_after = settled.tier;
  if (redeemed) {
    d.discounts = std::move(redeemed->discounts);
    d.gifts = std::move(redeemed->gifts);
    d.vouchers = std::move(redeemed->issued);
  }
  d.journal.clear();
  if (options.journal) journal_decision(p, member, order, redemptions, d, d.journal);
  return std::nullopt;
}

}  // namespace

std::optional<Refusal> evaluate_into(const Policy& p, const Member& member, const Order& order,
                                     std::span<const Redemption> redemptions, const EvalOptions& options, Decision& d) {
  return evaluate_phases(p, member, order, redemptions, options, d, true);
}

std::optional<Refusal> evaluate_nothing_due(const Policy& p, const Member& member, const Order& order,
                                            std::span<const Redemption> redemptions, const EvalOptions& options, Decision& d) {
  return evaluate_phases(p, member, order, redemptions, options, d, false);
}

std::optional<Refusal> evaluate_in_place(const Policy& p, Member& member, const Order& order, std::span<const Redemption> redemptions,
                                         const EvalOptions& options, Decision& d) {
  EvalOptions without_journal = options;  // the journal compares the member before and after, and there is one
  without_journal.journal = false;
  return evaluate_phases(p, member, order, redemptions, without_journal, d, false, &member);
}

Result<Decision> evaluate(const Policy& policy, const Member& member, const Order& order, std::span<const Redemption> redemptions,
                          const EvalOptions& options) {
  Decision d;
  if (auto refusal = evaluate_into(policy, member, order, redemptions, options, d)) return std::move(*refusal);
  return d;
}

}  // namespace loyalty
