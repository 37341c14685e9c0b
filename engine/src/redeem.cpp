// Redemption (spec section 6): resale (pay with points), discounts, gifts and
// vouchers, priced against the order's total before any redemption. Resale
// caps refuse (the member chose the points); a discount's `max` trims it.
#include "redeem.hpp"

#include <fmt/format.h>

namespace loyalty {

namespace {

Refusal refuse(std::string code, std::string message, std::size_t index) {
  return {std::move(code), std::move(message), fmt::format("$.redeem[{}]", index)};
}

std::string money_text(const Policy& p, std::int64_t v) { return format_units(v, p.money_scale); }
std::string points_text(const Policy& p, std::int64_t v) { return format_units(v, p.points_scale); }

// P% of an amount, rounded to the minor unit.
std::optional<std::int64_t> percent_of(std::int64_t amount, const Decimal& percent, Rounding mode) {
  return mul_div(amount, percent.units, 100 * pow10(percent.scale), mode);
}

// The base a discount reward applies to.
std::optional<std::int64_t> discount_base(const CompiledReward& r, const Order& order, std::int64_t total) {
  switch (r.discount_on) {
    case dsl::Reward::DiscountOn::order:
      return total;
    case dsl::Reward::DiscountOn::product: {
      std::int64_t sum = 0;
      bool found = false;
      for (const auto& l : order.lines) {
        if (l.sku == r.sku && l.qty > 0) {
          found = true;
          // Each line's amount was checked; a discount never exceeds the order's total anyway.
          if (__builtin_add_overflow(sum, l.qty * l.price, &sum) || sum > total) sum = total;
        }
      }
      if (!found) return {};
      return sum;
    }
    case dsl::Reward::DiscountOn::cheapest_line: {
      // The bought line with the lowest unit price (the first on a tie), all its units.
      const Line* cheapest = nullptr;
      for (const auto& l : order.lines) {
        if (l.qty > 0 && (!cheapest || l.price < cheapest->price)) cheapest = &l;
      }
      if (!cheapest) return {};
      return cheapest->qty * cheapest->price;
    }
  }
  return {};
}

}  // namespace

Result<Redeemed> redeem(const Policy& p, const Member& member, const Order& order, const OrderContext& ctx,
                        std::span<const Redemption> requests, std::int64_t total, bool trace) {
  Redeemed out;
  const std::int64_t room_total = std::max<std::int64_t>(total, 0);
  auto note = [&](const std::string& id, std::int64_t points, std::int64_t amount, std::string text) {
    if (trace) out.trace.push_back({TraceEntry::Kind::redemption, -1, id, -points, amount, std::move(text)});
  };
  auto add_discount = [&](const std::string& id, std::int64_t amount) {
    const std::int64_t room = room_total - out.discount;
    const std::int64_t taken = std::min(amount, room);
    out.discount += taken;
    out.discounts.push_back({id, taken});
    return taken;
  };
  auto overflow = [&](std::size_t i) { return refuse("overflow", "the redemption's amount is too large to compute", i); };
  auto spend = [&](std::int64_t points) { return !__builtin_add_overflow(out.spent, points, &out.spent); };

  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Redemption& q = requests[i];
    const std::uint32_t* index = p.reward_index.find(q.reward);
    if (!index) return refuse("unknown-reward", fmt::format("the policy has no reward `{}`", q.reward), i);
    const CompiledReward& r = p.rewards[*index];
    if (q.qty < 1) return refuse("bad-input", "a redemption's qty must be at least 1", i);

    if (q.kind == Redemption::Kind::voucher) {  // a voucher already in the wallet
      if (r.kind != dsl::Reward::Kind::voucher) return refuse("not-a-voucher", fmt::format("`{}` is not a voucher", r.id), i);
      std::int64_t used = 0;
      for (const auto& [id, delta] : out.wallet) {
        if (id == r.id && delta < 0) used -= delta;
      }
      auto held_it = member.vouchers.find(r.id);
      const std::int64_t held = held_it == member.vouchers.end() ? 0 : held_it->second;
      if (held - used < q.qty) {
        return refuse("voucher-not-held", fmt::format("the member holds {} `{}` voucher(s), {} asked", held - used, r.id, q.qty),
                      i);
      }
      auto value = checked_mul(r.amount, q.qty);
      if (!value) return overflow(i);
      out.wallet.emplace_back(r.id, -q.qty);
      const std::int64_t taken = add_discount(r.id, *value);
      note(r.id, 0, taken, fmt::format("{} held voucher(s) used: {} off", q.qty, money_text(p, taken)));
      continue;
    }

    const CompiledCondition* failed = nullptr;
    if (!conditions_hold(p, r.conditions, ctx, nullptr, &failed)) {
      return refuse("condition-not-met", fmt::format("reward `{}` needs {}", r.id, failed->text), i);
    }
    if (member.points < r.minimum) {
      return refuse("minimum-balance",
                    fmt::format("reward `{}` needs a balance of {} points; the member has {}", r.id, points_text(p, r.minimum),
                                points_text(p, member.points)),
                    i);
    }
    switch (r.kind) {
      case dsl::Reward::Kind::resale: {
        if (q.points <= 0) return refuse("bad-input", "a resale needs the number of points to spend, above zero", i);
        if (r.step > 0 && q.points % r.step != 0) {
          return refuse("step", fmt::format("points for `{}` go in steps of {}", r.id, points_text(p, r.step)), i);
        }
        auto money = mul_div(q.points, r.resale_money, r.resale_points, Rounding::floor);
        if (!money) return overflow(i);
        if (r.max_percent) {
          auto cap = percent_of(room_total, *r.max_percent, Rounding::floor);
          if (!cap) return overflow(i);
          if (*money > *cap) {
            return refuse(
                "cap-exceeded",
                fmt::format("`{}` may pay at most {}% of the order ({}); {} points are worth {}", r.id, to_string(*r.max_percent),
                            money_text(p, *cap), points_text(p, q.points), money_text(p, *money)),
                i);
          }
        }
        if (r.max_amount && *money > *r.max_amount) {
          return refuse("cap-exceeded",
                        fmt::format("`{}` may pay at most {} per order; {} points are worth {}", r.id,
                                    money_text(p, *r.max_amount), points_text(p, q.points), money_text(p, *money)),
                        i);
        }
        if (*money > room_total - out.discount) {
          return refuse("cap-exceeded",
                        fmt::format("{} points are worth {}, more than is left to pay ({})", points_text(p, q.points),
                                    money_text(p, *money), money_text(p, room_total - out.discount)),
                        i);
        }
        if (!spend(q.points)) return overflow(i);
        add_discount(r.id, *money);
        note(r.id, q.points, *money, fmt::format("{} points paid {}", points_text(p, q.points), money_text(p, *money)));
        continue;
      }
      case dsl::Reward::Kind::discount: {
        if (q.qty != 1) return refuse("bad-input", fmt::format("discount `{}` is redeemed once per order", r.id), i);
        auto base = discount_base(r, order, room_total);
        if (!base) {
          return refuse("not-applicable",
                        r.discount_on == dsl::Reward::DiscountOn::product
                            ? fmt::format("`{}` needs product \"{}\" in the order", r.id, r.sku)
                            : fmt::format("`{}` needs a line to discount", r.id),
                        i);
        }
        std::int64_t amount = r.amount;
        if (r.discount_is_percent) {
          auto a = percent_of(*base, r.discount_percent, Rounding::half_up);
          if (!a) return overflow(i);
          amount = *a;
        }
        amount = std::min(amount, *base);
        if (r.max_amount) amount = std::min(amount, *r.max_amount);
        if (r.max_percent) {
          auto cap = percent_of(room_total, *r.max_percent, Rounding::floor);
          if (cap) amount = std::min(amount, *cap);
        }
        if (!spend(r.cost)) return overflow(i);
        const std::int64_t taken = add_discount(r.id, amount);
        note(r.id, r.cost, taken, fmt::format("{} points for {} off", points_text(p, r.cost), money_text(p, taken)));
        continue;
      }
      case dsl::Reward::Kind::gift: {
        auto cost = checked_mul(r.cost, q.qty);
        auto qty = checked_mul(r.gift_qty, q.qty);
        if (!cost || !qty) return overflow(i);
        if (!spend(*cost)) return overflow(i);
        out.gifts.push_back({r.id, r.sku, *qty});
        note(r.id, *cost, 0,
             fmt::format("{} points for {} x {} (a gift line earns nothing)", points_text(p, *cost), *qty, r.sku));
        continue;
      }
      case dsl::Reward::Kind::voucher: {
        auto cost = checked_mul(r.cost, q.qty);
        auto value = checked_mul(r.amount, q.qty);
        if (!cost || !value) return overflow(i);
        if (!spend(*cost)) return overflow(i);
        if (q.to_wallet) {
          out.issued.push_back({r.id, q.qty});
          out.wallet.emplace_back(r.id, q.qty);
          note(r.id, *cost, 0, fmt::format("{} points for {} voucher(s) to the wallet", points_text(p, *cost), q.qty));
        } else {
          const std::int64_t taken = add_discount(r.id, *value);
          note(r.id, *cost, taken,
               fmt::format("{} points for {} voucher(s): {} off", points_text(p, *cost), q.qty, money_text(p, taken)));
        }
        continue;
      }
      case dsl::Reward::Kind::none:
        return refuse("unknown-reward", "the reward has no kind", i);
    }
  }
  if (out.spent > member.points) {
    return Refusal{"insufficient-points",
                   fmt::format("the redemptions cost {} points; the member has {}", points_text(p, out.spent),
                               points_text(p, member.points)),
                   "$.redeem"};
  }
  return out;
}

}  // namespace loyalty
