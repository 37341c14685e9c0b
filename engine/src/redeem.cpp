// Redemption: resale (pay with points), discounts, gifts and vouchers,
// priced against the order's total before any redemption. The request is
// judged as a whole: entries naming the same reward are added up first, so
// every cap (once per order, `max ... per order`, `max P% of order`, `step`,
// what is left to pay) holds however the till splits them. Resale and
// voucher caps refuse (the member chose the points or the vouchers); a
// discount's `max` trims it.
#include "redeem.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace loyalty {

namespace {

// A refusal of entry `entry` of the request, or of one of its fields.
Refusal refuse(RefusalCode code, std::string message, std::size_t entry, const char* field = "") {
  return {code, std::move(message), fmt::format("$.redeem[{}]{}", entry, field)};
}

// What the request asks of one reward, all its entries added up.
struct Ask {
  std::uint32_t reward = 0;
  std::string_view sku;        // a gift `one of`: the product chosen
  std::size_t entry = 0;       // the first entry naming it, for paths
  Points points;               // resale: points to spend
  std::int64_t now = 0;        // discount, gift, voucher: redemptions for this order
  std::int64_t to_wallet = 0;  // vouchers bought into the wallet
  std::int64_t held = 0;       // held vouchers used on this order
};

// The asks, in the order their rewards first appear; malformed entries refused.
Result<std::vector<Ask>> gather(const Policy& p, std::span<const Redemption> requests, Checked& checked) {
  std::vector<Ask> asks;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Redemption& q = requests[i];
    const std::uint32_t* index = p.reward_index.find(q.reward);
    if (!index) return refuse(RefusalCode::unknown_reward, fmt::format("the policy has no reward `{}`", q.reward), i);
    const CompiledReward& r = p.rewards[*index];
    if (q.qty < 1) return refuse(RefusalCode::bad_input, "a redemption's qty must be at least 1", i);
    const bool voucher = r.kind == RewardKind::voucher;
    if (q.kind == Redemption::Kind::voucher && !voucher)
      return refuse(RefusalCode::not_a_voucher, fmt::format("`{}` is not a voucher", r.id), i);
    if (q.to_wallet && (!voucher || q.kind == Redemption::Kind::voucher))
      return refuse(RefusalCode::bad_input,
                    fmt::format("only a voucher bought with points goes to the wallet; `{}` does not", r.id), i);
    if (r.kind == RewardKind::resale) {
      if (q.points <= Points{})
        return refuse(RefusalCode::bad_input, "a resale needs the number of points to spend, above zero", i, ".points");
      if (q.qty != 1)
        return refuse(RefusalCode::bad_input, fmt::format("a resale takes `points`, not `qty`; `{}` is a resale", r.id), i,
                      ".qty");
    } else if (q.points != Points{}) {
      return refuse(RefusalCode::bad_input, fmt::format("`points` is for a resale; `{}` is not one", r.id), i, ".points");
    }
    if (!r.choices.empty()) {
      if (q.sku.empty() || std::find(r.choices.begin(), r.choices.end(), q.sku) == r.choices.end()) {
        std::string offered;
        for (const auto& c : r.choices) offered += fmt::format("{}\"{}\"", offered.empty() ? "" : ", ", c);
        return refuse(RefusalCode::not_a_choice,
                      q.sku.empty() ? fmt::format("`{}` gives one of {}: name it with \"sku\"", r.id, offered)
                                    : fmt::format("`{}` gives one of {}, not \"{}\"", r.id, offered, q.sku),
                      i, ".sku");
      }
    } else if (!q.sku.empty() && !(r.kind == RewardKind::gift && q.sku == r.sku)) {
      return refuse(RefusalCode::bad_input,
                    r.kind == RewardKind::gift ? fmt::format("`{}` gives \"{}\", not \"{}\"", r.id, r.sku, q.sku)
                                               : fmt::format("`sku` chooses a gift; `{}` is not one", r.id),
                    i, ".sku");
    }

    auto it = std::find_if(asks.begin(), asks.end(), [&](const Ask& a) { return a.reward == *index && a.sku == q.sku; });
    if (it == asks.end()) it = asks.insert(asks.end(), Ask{*index, q.sku, i});
    const Site where{Site::Kind::reward, static_cast<std::uint32_t>(i)};
    if (q.kind == Redemption::Kind::voucher) {
      it->held = checked.add(it->held, q.qty, where);
    } else if (q.to_wallet) {
      it->to_wallet = checked.add(it->to_wallet, q.qty, where);
    } else if (r.kind == RewardKind::resale) {
      it->points = checked.add(it->points, q.points, where);
    } else {
      it->now = checked.add(it->now, q.qty, where);
    }
    if (checked.overflowed()) return overflow_refusal(p, checked);
  }
  return asks;
}

// The money a discount reward applies to; nothing when the order has no line for it.
std::optional<Money> discount_base(const CompiledReward& r, const Order& order, Money total, Checked& checked,
                                   const Site& where) {
  switch (r.discount_on) {
    case DiscountTarget::order:
      return total;
    case DiscountTarget::product: {
      // All the product's bought units; what is left of the order's total trims the discount later.
      Money sum;
      bool found = false;
      for (const auto& l : order.lines) {
        if (l.sku == r.sku && l.qty > 0) {
          found = true;
          sum = checked.add(sum, checked.times(l.price, l.qty, where), where);
        }
      }
      if (!found) return {};
      return sum;
    }
    case DiscountTarget::category: {
      // Every bought line at or below the category.
      Money sum;
      bool found = false;
      for (const auto& l : order.lines) {
        const bool below = l.category.size() > r.sku.size() && l.category.compare(0, r.sku.size(), r.sku) == 0 &&
                           l.category[r.sku.size()] == '/';
        if ((l.category == r.sku || below) && l.qty > 0) {
          found = true;
          sum = checked.add(sum, checked.times(l.price, l.qty, where), where);
        }
      }
      if (!found) return {};
      return sum;
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
  Checked checked;
  auto gathered = gather(p, requests, checked);
  if (!gathered) return gathered.refusal();

  Redeemed out;
  const Money room_total = std::max(total, Money{});
  auto note = [&](TraceEntry::Event event, std::uint32_t reward, Points points, Money amount, std::int64_t count,
                  std::uint32_t choice = 0) {
    if (!trace) return;
    trace->push_back({.kind = TraceEntry::Kind::redemption,
                      .event = event,
                      .subject = reward,
                      .detail = choice,
                      .points = Points{-points.units},
                      .amount = amount,
                      .count = count});
  };
  auto left_to_pay = [&] { return Money{room_total.units - out.discount.units}; };
  // Money off, trimmed to what is left of the order's total.
  auto add_discount = [&](std::uint32_t reward, Money amount) {
    const Money taken = std::min(amount, left_to_pay());
    out.discount = Money{out.discount.units + taken.units};
    out.discounts.push_back({p.rewards[reward].id, taken});
    return taken;
  };
  // A cap that refuses: `max M per order` and `max P% of order` on money the member chose.
  auto over_cap = [&](const CompiledReward& r, Money money, const std::string& what, std::size_t entry,
                      const Site& where) -> std::optional<Refusal> {
    if (r.max_share) {
      const Money cap = checked.share(room_total, *r.max_share, Rounding::floor, where);
      if (money > cap) {
        return refuse(RefusalCode::cap_exceeded,
                      fmt::format("`{}` may take at most {}% of the order ({}); {} are worth {}", r.id, r.percent_text,
                                  money_text(p, cap), what, money_text(p, money)),
                      entry);
      }
    }
    if (r.max_amount && money > *r.max_amount) {
      return refuse(RefusalCode::cap_exceeded,
                    fmt::format("`{}` may take at most {} per order; {} are worth {}", r.id, money_text(p, *r.max_amount), what,
                                money_text(p, money)),
                    entry);
    }
    return std::nullopt;
  };

  for (const Ask& ask : gathered.value()) {
    const CompiledReward& r = p.rewards[ask.reward];
    const Site where{Site::Kind::reward, static_cast<std::uint32_t>(ask.entry)};
    const bool buys = ask.points > Points{} || ask.now > 0 || ask.to_wallet > 0;  // held vouchers cost nothing

    if (ask.held > 0) {
      auto held_it = member.vouchers.find(r.id);
      const std::int64_t held = held_it == member.vouchers.end() ? 0 : held_it->second;
      if (held < ask.held) {
        return refuse(RefusalCode::voucher_not_held,
                      fmt::format("the member holds {} `{}` voucher(s), {} asked", held, r.id, ask.held), ask.entry);
      }
    }
    if (buys) {
      std::uint32_t failed = 0;
      if (!conditions_hold(p, r.conditions, ctx, nullptr, &failed)) {
        return refuse(RefusalCode::condition_not_met, fmt::format("reward `{}` needs {}", r.id, p.conditions[failed].text),
                      ask.entry);
      }
      if (r.minimum > Points{} && member.points < r.minimum) {
        return refuse(RefusalCode::minimum_balance,
                      fmt::format("reward `{}` needs a balance of {} points; the member has {}", r.id, points_text(p, r.minimum),
                                  points_text(p, member.points)),
                      ask.entry);
      }
    }

    switch (r.kind) {
      case RewardKind::resale: {
        if (r.step > Points{} && ask.points.units % r.step.units != 0) {
          return refuse(RefusalCode::step,
                        fmt::format("points for `{}` go in steps of {}; {} asked", r.id, points_text(p, r.step),
                                    points_text(p, ask.points)),
                        ask.entry);
        }
        const Money money =
            checked.mul_div(ask.points.units, r.resale_money.units, r.resale_points.units, Rounding::floor, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        if (auto refused = over_cap(r, money, points_text(p, ask.points) + " points", ask.entry, where)) return *refused;
        if (money > left_to_pay()) {
          return refuse(RefusalCode::cap_exceeded,
                        fmt::format("{} points are worth {}, more than is left to pay ({})", points_text(p, ask.points),
                                    money_text(p, money), money_text(p, left_to_pay())),
                        ask.entry);
        }
        out.spent = checked.add(out.spent, ask.points, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        add_discount(ask.reward, money);
        note(TraceEntry::Event::reward_redeemed, ask.reward, ask.points, money, 1);
        break;
      }
      case RewardKind::discount: {
        if (ask.now != 1) {
          return refuse(RefusalCode::cap_exceeded,
                        fmt::format("discount `{}` is redeemed once per order; {} asked", r.id, ask.now), ask.entry);
        }
        auto base = discount_base(r, order, room_total, checked, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        if (!base) {
          return refuse(
              RefusalCode::not_applicable,
              r.discount_on == DiscountTarget::product    ? fmt::format("`{}` needs product \"{}\" in the order", r.id, r.sku)
              : r.discount_on == DiscountTarget::category ? fmt::format("`{}` needs a line in category \"{}\"", r.id, r.sku)
                                                          : fmt::format("`{}` needs a line to discount", r.id),
              ask.entry);
        }
        Money amount = r.discount_share ? checked.share(*base, *r.discount_share, Rounding::half_up, where) : r.amount;
        amount = std::min(amount, *base);
        if (r.max_amount) amount = std::min(amount, *r.max_amount);
        if (r.max_share) amount = std::min(amount, checked.share(room_total, *r.max_share, Rounding::floor, where));
        out.spent = checked.add(out.spent, r.cost, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        const Money taken = add_discount(ask.reward, amount);
        note(TraceEntry::Event::reward_redeemed, ask.reward, r.cost, taken, 1);
        break;
      }
      case RewardKind::gift: {
        const Points cost = checked.times(r.cost, ask.now, where);
        const std::int64_t qty = checked.mul(r.gift_qty, ask.now, where);
        out.spent = checked.add(out.spent, cost, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        const auto choice =
            static_cast<std::uint32_t>(std::find(r.choices.begin(), r.choices.end(), ask.sku) - r.choices.begin());
        out.gifts.push_back({r.id, r.choices.empty() ? r.sku : r.choices[choice], qty});
        note(TraceEntry::Event::reward_redeemed, ask.reward, cost, {}, qty, choice);
        break;
      }
      case RewardKind::voucher: {
        // Bought now (to use or to keep) costs points; held ones were paid for.
        const std::int64_t used = checked.add(ask.now, ask.held, where);
        if (r.discount_share && used > 1) {
          return refuse(RefusalCode::cap_exceeded,
                        fmt::format("a percentage voucher is used once per order; {} `{}` asked", used, r.id), ask.entry);
        }
        // A voucher's value: its amount, or its percentage of the order's total
        // before redemptions (half up), trimmed to its `max`.
        Money each = r.amount;
        if (r.discount_share) {
          each = checked.share(room_total, *r.discount_share, Rounding::half_up, where);
          if (r.max_amount) each = std::min(each, *r.max_amount);
          if (r.max_share) each = std::min(each, checked.share(room_total, *r.max_share, Rounding::floor, where));
        }
        const Money value = checked.times(each, used, where);
        const Points cost_now = checked.times(r.cost, ask.now, where);
        const Points cost_kept = checked.times(r.cost, ask.to_wallet, where);
        out.spent = checked.add(checked.add(out.spent, cost_now, where), cost_kept, where);
        if (checked.overflowed()) return overflow_refusal(p, checked);
        if (used > 0 && !r.discount_share) {
          if (auto refused = over_cap(r, value, fmt::format("{} voucher(s)", used), ask.entry, where)) return *refused;
        }
        if (ask.held > 0) {
          out.wallet.push_back({ask.reward, -ask.held});
          const Money taken = add_discount(ask.reward, checked.times(each, ask.held, where));
          note(TraceEntry::Event::voucher_used, ask.reward, {}, taken, ask.held);
        }
        if (ask.now > 0) {
          const Money taken = add_discount(ask.reward, checked.times(each, ask.now, where));
          note(TraceEntry::Event::reward_redeemed, ask.reward, cost_now, taken, ask.now);
        }
        if (ask.to_wallet > 0) {
          out.issued.push_back({r.id, ask.to_wallet});
          out.wallet.push_back({ask.reward, ask.to_wallet});
          note(TraceEntry::Event::voucher_to_wallet, ask.reward, cost_kept, {}, ask.to_wallet);
        }
        break;
      }
    }
  }
  // Held vouchers cost nothing, so a member in debt may still use them.
  if (out.spent > Points{} && out.spent > member.points) {
    return Refusal{RefusalCode::insufficient_points,
                   fmt::format("the redemptions cost {} points; the member has {}", points_text(p, out.spent),
                               points_text(p, member.points)),
                   "$.redeem"};
  }
  return out;
}

}  // namespace loyalty
