// Redemption: resale (pay with points), discounts, gifts and vouchers,
// priced against the order's total before any redemption. Resale caps
// refuse (the member chose the points); a discount's `max` trims it.
#include "redeem.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace loyalty {

namespace {

Refusal refuse(RefusalCode code, std::string message, std::size_t index) {
  return {code, std::move(message), fmt::format("$.redeem[{}]", index)};
}

// The base a discount reward applies to; nothing when the order has no line for it.
std::optional<Money> discount_base(const CompiledReward& r, const Order& order, Money total, Checked& checked, const Site& where) {
  switch (r.discount_on) {
    case DiscountTarget::order:
      return total;
    case DiscountTarget::product: {
      Money sum;
      bool found = false;
      for (const auto& l : order.lines) {
        if (l.sku == r.sku && l.qty > 0) {
          found = true;
          sum = checked.add(sum, checked.times(l.price, l.qty, where), where);
        }
      }
      if (!found) return {};
      return std::min(sum, total);  // a discount never exceeds the order's total anyway
    }
    case DiscountTarget::cheapest_line: {
      // The bought line with the lowest unit price (the first on a tie), all its units.
      const Line* cheapest = nullptr;
      for (const auto& l : order.lines) {
        if (l.qty > 0 && (!cheapest || l.price < cheapest->price)) cheapest = &l;
      }
      if (!cheapest) return {};
      return checked.times(cheapest->price, cheapest->qty, where);
    }
  }
  return {};
}

}  // namespace

Result<Redeemed> redeem(const Policy& p, const Member& member, const Order& order, const OrderContext& ctx,
                        std::span<const Redemption> requests, Money total, Trace* trace) {
  Redeemed out;
  const Money room_total = std::max(total, Money{});
  Checked checked;
  auto note = [&](TraceEntry::Event event, std::uint32_t reward, Points points, Money amount, std::int64_t count) {
    if (!trace) return;
    trace->push_back({.kind = TraceEntry::Kind::redemption,
                      .event = event,
                      .subject = reward,
                      .points = Points{-points.units},
                      .amount = amount,
                      .count = count});
  };
  // Money off is trimmed to what is left of the order's total.
  auto add_discount = [&](std::uint32_t reward, Money amount) {
    const Money taken = std::min(amount, Money{room_total.units - out.discount.units});
    out.discount = Money{out.discount.units + taken.units};
    out.discounts.push_back({p.rewards[reward].id, taken});
    return taken;
  };

  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Redemption& q = requests[i];
    const Site where{Site::Kind::reward, static_cast<std::uint32_t>(i)};
    const std::uint32_t* index = p.reward_index.find(q.reward);
    if (!index) return refuse(RefusalCode::unknown_reward, fmt::format("the policy has no reward `{}`", q.reward), i);
    const CompiledReward& r = p.rewards[*index];
    if (q.qty < 1) return refuse(RefusalCode::bad_input, "a redemption's qty must be at least 1", i);

    if (q.kind == Redemption::Kind::voucher) {  // a voucher already in the wallet
      if (r.kind != RewardKind::voucher) return refuse(RefusalCode::not_a_voucher, fmt::format("`{}` is not a voucher", r.id), i);
      std::int64_t used = 0;
      for (const WalletChange& w : out.wallet) {
        if (w.reward == *index && w.delta < 0) used -= w.delta;
      }
      auto held_it = member.vouchers.find(r.id);
      const std::int64_t held = held_it == member.vouchers.end() ? 0 : held_it->second;
      if (held - used < q.qty) {
        return refuse(RefusalCode::voucher_not_held,
                      fmt::format("the member holds {} `{}` voucher(s), {} asked", held - used, r.id, q.qty), i);
      }
      const Money value = checked.times(r.amount, q.qty, where);
      if (checked.overflowed()) return overflow_refusal(p, checked);
      out.wallet.push_back({*index, -q.qty});
      const Money taken = add_discount(*index, value);
      note(TraceEntry::Event::voucher_used, *index, {}, taken, q.qty);
      continue;
    }

    std::uint32_t failed = 0;
    if (!conditions_hold(p, r.conditions, ctx, nullptr, &failed)) {
      return refuse(RefusalCode::condition_not_met, fmt::format("reward `{}` needs {}", r.id, p.conditions[failed].text), i);
    }
    if (member.points < r.minimum) {
      return refuse(RefusalCode::minimum_balance,
                    fmt::format("reward `{}` needs a balance of {} points; the member has {}", r.id, points_text(p, r.minimum),
                                points_text(p, member.points)),
                    i);
    }
    switch (r.kind) {
      case RewardKind::resale: {
        if (q.points <= Points{}) return refuse(RefusalCode::bad_input, "a resale needs the number of points to spend, above zero", i);
        if (r.step > Points{} && q.points.units % r.step.units != 0) {
          return refuse(RefusalCode::step, fmt::format("points for `{}` go in steps of {}", r.id, points_text(p, r.step)), i);
        }
        const Money money = checked.mul_div(q.points.units, r.resale_money.units, r.resale_points.units, Rounding::floor, where);
        const Money cap = r.max_share ? checked.share(room_total, *r.max_share, Rounding::floor, where) : Money{};
        if (checked.overflowed()) return overflow_refusal(p, checked);
        if (r.max_share && money > cap) {
          return refuse(RefusalCode::cap_exceeded,
                        fmt::format("`{}` may pay at most {}% of the order ({}); {} points are worth {}", r.id, r.percent_text,
                                    money_text(p, cap), points_text(p, q.points), money_text(p, money)),
                        i);
        }
        if (r.max_amount && money > *r.max_amount) {
          return refuse(RefusalCode::cap_exceeded,
                        fmt::format("`{}` may pay at most {} per order; {} points are worth {}", r.id,
                                    money_text(p, *r.max_amount), points_text(p, q.points), money_text(p, money)),
                        i);
        }
        const Money left{room_total.units - out.discount.units};
        if (money > left) {
          return refuse(RefusalCode::cap_exceeded,
                        fmt::format("{} points are worth {}, more than is left to pay ({})", points_text(p, q.points),
                                    money_text(p, money), money_text(p, left)),
                        i);
        }
        out.spent = checked.add(out.spent, q.points, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        add_discount(*index, money);
        note(TraceEntry::Event::reward_redeemed, *index, q.points, money, 1);
        continue;
      }
      case RewardKind::discount: {
        if (q.qty != 1) return refuse(RefusalCode::bad_input, fmt::format("discount `{}` is redeemed once per order", r.id), i);
        auto base = discount_base(r, order, room_total, checked, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        if (!base) {
          return refuse(RefusalCode::not_applicable,
                        r.discount_on == DiscountTarget::product ? fmt::format("`{}` needs product \"{}\" in the order", r.id, r.sku)
                                                                 : fmt::format("`{}` needs a line to discount", r.id),
                        i);
        }
        Money amount = r.discount_share ? checked.share(*base, *r.discount_share, Rounding::half_up, where) : r.amount;
        amount = std::min(amount, *base);
        if (r.max_amount) amount = std::min(amount, *r.max_amount);
        if (r.max_share) amount = std::min(amount, checked.share(room_total, *r.max_share, Rounding::floor, where));
        out.spent = checked.add(out.spent, r.cost, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        const Money taken = add_discount(*index, amount);
        note(TraceEntry::Event::reward_redeemed, *index, r.cost, taken, 1);
        continue;
      }
      case RewardKind::gift: {
        const Points cost = checked.times(r.cost, q.qty, where);
        const std::int64_t qty = checked.mul(r.gift_qty, q.qty, where);
        out.spent = checked.add(out.spent, cost, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        out.gifts.push_back({r.id, r.sku, qty});
        note(TraceEntry::Event::reward_redeemed, *index, cost, {}, qty);
        continue;
      }
      case RewardKind::voucher: {
        const Points cost = checked.times(r.cost, q.qty, where);
        const Money value = checked.times(r.amount, q.qty, where);
        out.spent = checked.add(out.spent, cost, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        if (q.to_wallet) {
          out.issued.push_back({r.id, q.qty});
          out.wallet.push_back({*index, q.qty});
          note(TraceEntry::Event::voucher_to_wallet, *index, cost, {}, q.qty);
        } else {
          const Money taken = add_discount(*index, value);
          note(TraceEntry::Event::reward_redeemed, *index, cost, taken, q.qty);
        }
        continue;
      }
    }
  }
  if (out.spent > member.points) {
    return Refusal{RefusalCode::insufficient_points,
                   fmt::format("the redemptions cost {} points; the member has {}", points_text(p, out.spent),
                               points_text(p, member.points)),
                   "$.redeem"};
  }
  return out;
}

}  // namespace loyalty
