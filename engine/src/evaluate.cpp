// Evaluation (spec sections 3-6): one order against a compiled policy.
// Order of work: gross amounts -> redemptions -> discounts spread over the
// lines (largest remainder) -> rules per line -> base earn -> order earns ->
// the member's new state and tier. Pure: no I/O, no locks, no allocation
// per line unless a trace is asked for.
#include <fmt/format.h>
#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <limits>

#include "eval_context.hpp"
#include "redeem.hpp"

namespace loyalty {

namespace {

template <typename T>
using LineVector = boost::container::small_vector<T, 16>;

struct Overflow {
  std::string where;
};

std::int64_t add(std::int64_t a, std::int64_t b, const char* where) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) throw Overflow{where};
  return r;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// What an earn counts, as a magnitude: money, whole steps of money, units,
// or the order itself.
std::int64_t earn_measure(const CompiledEarn& e, std::int64_t amount, std::int64_t qty) {
  switch (e.kind) {
    case CompiledEarn::Kind::per_full_money:
      return amount / e.full;
    case CompiledEarn::Kind::per_unit:
      return qty;
    case CompiledEarn::Kind::per_order:
      return 1;
    default:
      return amount;
  }
}

// Points for one earn on one line (or the base amount): the magnitude is
// rounded, then the sign of the line (negative for a return) is applied.
// False on overflow. (A bool and an out-parameter, not std::optional: GCC
// returns an optional through the stack and stalls on it in this hot loop.)
bool earn_points(const CompiledEarn& e, std::int64_t amount, std::int64_t qty, Rounding mode, std::int64_t& out) {
  const bool negative = qty < 0 || amount < 0;
  const std::int64_t x = earn_measure(e, amount < 0 ? -amount : amount, qty < 0 ? -qty : qty);
  std::int64_t r;
  if (e.den == 1) {  // whole-number rates (points per unit, per full amount) need no division
    if (__builtin_mul_overflow(x, e.num, &r)) return false;
  } else {
    auto v = mul_div(x, e.num, e.den, mode);
    if (!v) return false;
    r = *v;
  }
  out = negative ? -r : r;
  return true;
}

// The exact value of measure * num / den at the point scale plus four
// decimals, for the trace ("5.625 before rounding"); "..." when it does not
// stop there, negative for a return. Empty when rounding changed nothing.
std::string unrounded(std::int64_t measure, bool negative, const CompiledEarn& e, int points_scale, std::int64_t rounded) {
  auto wide_num = checked_mul(e.num, 10000);
  if (!wide_num) return "?";
  auto floor_value = mul_div(measure, *wide_num, e.den, Rounding::floor);
  auto ceil_value = mul_div(measure, *wide_num, e.den, Rounding::ceil);
  if (!floor_value || !ceil_value) return "?";
  const std::int64_t magnitude = rounded < 0 ? -rounded : rounded;
  if (*floor_value == *ceil_value && checked_mul(magnitude, 10000) == *floor_value) return "";
  std::string text = format_units(negative ? -*floor_value : *floor_value, points_scale + 4);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return *floor_value == *ceil_value ? text : text + "...";
}

// Spreads `discount` over the lines with a positive gross amount, pro rata,
// the last minor units going to the largest remainders (earlier line first).
// False on overflow.
bool spread(std::int64_t discount, const LineVector<std::int64_t>& gross, LineVector<std::int64_t>& net) {
  net.assign(gross.begin(), gross.end());
  if (discount == 0) return true;
  std::int64_t positive = 0;
  for (auto g : gross) {
    if (g > 0 && __builtin_add_overflow(positive, g, &positive)) return false;
  }
  if (positive == 0) return true;
  LineVector<std::int64_t> remainder(gross.size(), -1);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < gross.size(); ++i) {
    if (gross[i] <= 0) continue;
    const auto share = mul_divmod(discount, gross[i], positive);
    if (!share) return false;
    remainder[i] = share->remainder;
    net[i] -= share->quotient;
    given += share->quotient;
  }
  for (std::int64_t left = discount - given; left > 0; --left) {
    std::size_t best = gross.size();
    for (std::size_t i = 0; i < gross.size(); ++i) {
      if (remainder[i] >= 0 && (best == gross.size() || remainder[i] > remainder[best])) best = i;
    }
    if (best == gross.size()) break;
    net[best] -= 1;
    remainder[best] = -1;
  }
  return true;
}

void local_time(const Policy& p, const Timestamp& at, OrderContext& ctx) {
  const int offset = p.has_timezone ? p.timezone_minutes : at.offset_minutes;
  ctx.day = static_cast<std::int32_t>(floor_div(at.utc_seconds + offset * 60LL, 86400));
  const int monday_based = static_cast<int>(((ctx.day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  ctx.weekday_bit = static_cast<std::uint8_t>(1u << monday_based);
}

// The highest active tier the spend qualifies for, or the default.
std::uint32_t best_tier(const Policy& p, std::int64_t spend) {
  std::uint32_t best = p.default_tier;
  for (std::uint32_t i = 0; i < p.tiers.size(); ++i) {
    const CompiledTier& t = p.tiers[i];
    if (!t.retired && t.has_qualify && (t.qualify_strict ? spend > t.threshold : spend >= t.threshold)) best = i;
  }
  return best;
}

class Evaluator {
 public:
  Evaluator(const Policy& p, const EvalOptions& o) : p_(p), tracing_(o.trace) {}

  std::optional<Refusal> run(const Member& member, const Order& order, std::span<const Redemption> redemptions, Decision& d) {
    d.earned = d.spent = d.paid = d.points_not_taken_back = 0;
    d.discounts.clear();
    d.gifts.clear();
    d.vouchers.clear();
    d.trace.clear();
    // The member's tier at the start of the order sets the rates.
    OrderContext ctx;
    if (member.tier.empty()) {
      ctx.tier = p_.default_tier;
    } else {
      const std::uint32_t* index = p_.tier_index.find(member.tier);
      if (!index) return Refusal{"unknown-tier", fmt::format("the policy has no tier `{}`", member.tier), "$.member.tier"};
      ctx.tier = *index;
    }
    const CompiledTier& tier = p_.tiers[ctx.tier];
    if (d.tier_before != tier.id) d.tier_before = tier.id;
    ctx.store = order.store;
    ctx.channel = order.channel;
    if (p_.needs_local_time) local_time(p_, order.at, ctx);

    // Gross amounts.
    LineVector<std::int64_t> gross;
    std::int64_t total = 0, positive = 0;
    for (std::size_t i = 0; i < order.lines.size(); ++i) {
      const Line& l = order.lines[i];
      if (l.price < 0) return Refusal{"bad-input", "a unit price cannot be negative", fmt::format("$.order.lines[{}].price", i)};
      std::int64_t g;
      if (__builtin_mul_overflow(l.qty, l.price, &g) || __builtin_add_overflow(total, g, &total) ||
          __builtin_add_overflow(ctx.qty, l.qty, &ctx.qty) || (g > 0 && __builtin_add_overflow(positive, g, &positive))) {
        return Refusal{"overflow", "the line's amount is too large", fmt::format("$.order.lines[{}]", i)};
      }
      gross.push_back(g);
    }
    if (order.discount < 0 || order.discount > positive) {
      return Refusal{"bad-input", "the order's discount must be between zero and the order's total", "$.order.discount"};
    }
    std::int64_t before_redemptions;
    if (__builtin_sub_overflow(total, order.discount, &before_redemptions)) {
      return Refusal{"overflow", "the order's amounts are too large", "$.order"};
    }
    ctx.amount = before_redemptions;

    // Redemptions come first and reduce what is paid.
    std::optional<Result<Redeemed>> redeemed;  // built only when something is redeemed
    std::int64_t redeemed_discount = 0, redeemed_points = 0;
    if (!redemptions.empty()) {
      redeemed.emplace(redeem(p_, member, order, ctx, redemptions, before_redemptions, tracing_));
      if (!*redeemed) return redeemed->refusal();
      redeemed_discount = redeemed->value().discount;
      redeemed_points = redeemed->value().spent;
    }

    LineVector<std::int64_t> net;
    if (order.discount + redeemed_discount != 0 && !spread(order.discount + redeemed_discount, gross, net)) {
      return Refusal{"overflow", "the order's amounts are too large to spread its discounts", "$.order"};
    }
    const LineVector<std::int64_t>& net_amounts = net.empty() ? gross : net;
    d.paid = total - order.discount - redeemed_discount;
    ctx.amount = d.paid;

    try {
      if (tier.retired) {
        if (tracing_)
          trace({TraceEntry::Kind::tier, -1, tier.id, 0, 0,
                 fmt::format("tier `{}` is retired: this order earns nothing, then the member is placed by spend", tier.id)});
      } else {
        d.earned = earn(order, ctx, tier, gross, net_amounts, d.paid);
      }
    } catch (const Overflow& o) {
      return Refusal{"overflow", "points overflow in " + o.where, "$.order"};
    }

    // The member's new state.
    Member& m = d.member;
    m = member;
    std::int64_t balance;
    if (__builtin_sub_overflow(m.points, redeemed_points, &balance) || __builtin_add_overflow(balance, d.earned, &balance) ||
        m.orders == std::numeric_limits<std::int64_t>::max()) {
      return Refusal{"overflow", "the member's points or orders are too large", "$.member"};
    }
    if (balance < 0 && p_.negative_balance == dsl::NegativeBalance::stop_at_zero && d.earned < 0) {
      d.points_not_taken_back = -balance;
      if (tracing_)
        trace({TraceEntry::Kind::balance, -1, "", balance, 0,
               fmt::format("the balance stops at zero: {} points could not be taken back",
                           format_units(-balance, p_.points_scale))});
      balance = 0;
    }
    m.points = balance;
    auto grow = [&](std::int64_t& field) {
      auto v = checked_add(field, d.paid);
      if (v) field = *v;
      return v.has_value();
    };
    if (!grow(m.spend) || !grow(m.cycle_spend) || !grow(m.total_spent)) {
      return Refusal{"overflow", "the member's spend is too large", "$.member.spend"};
    }
    m.orders += 1;
    d.spent = redeemed_points;
    if (redeemed) {
      Redeemed& r = redeemed->value();
      for (const auto& [id, delta] : r.wallet) {
        auto& held = m.vouchers[id];
        held += delta;
        if (held == 0) m.vouchers.erase(id);
      }
      d.discounts = std::move(r.discounts);
      d.gifts = std::move(r.gifts);
      d.vouchers = std::move(r.issued);
    }

    // Tiers move up after the order (a retired tier is left by spend, even downwards).
    const std::uint32_t best = best_tier(p_, m.spend);
    std::uint32_t after = ctx.tier;
    if (tier.retired) {
      after = best;
    } else if (best > ctx.tier && best != p_.default_tier) {
      after = best;
    }
    if (m.tier != p_.tiers[after].id) m.tier = p_.tiers[after].id;
    if (d.tier_after != m.tier) d.tier_after = m.tier;
    if (after != ctx.tier) {
      if (tracing_)
        trace(
            {TraceEntry::Kind::tier, -1, m.tier, 0, m.spend,
             fmt::format("spend {} moves the member from `{}` to `{}`", format_units(m.spend, p_.money_scale), tier.id, m.tier)});
    }
    if (tracing_) {
      if (redeemed) d.trace = std::move(redeemed->value().trace);
      d.trace.insert(d.trace.end(), std::make_move_iterator(trace_.begin()), std::make_move_iterator(trace_.end()));
    }
    return std::nullopt;
  }

 private:
  const Policy& p_;
  bool tracing_;
  std::vector<TraceEntry> trace_;

  // Callers test tracing_ first, so no message is formatted when tracing is off.
  void trace(TraceEntry e) { trace_.push_back(std::move(e)); }

  std::string pts(std::int64_t v) const { return format_units(v, p_.points_scale); }
  std::string money(std::int64_t v) const { return format_units(v, p_.money_scale); }

  // Points earned by the order's lines, base and order earns.
  std::int64_t earn(const Order& order, const OrderContext& ctx, const CompiledTier& tier, const LineVector<std::int64_t>& gross,
                    const LineVector<std::int64_t>& net, std::int64_t paid) {
    struct Capped {
      std::uint32_t rule;
      std::int64_t points;
    };
    boost::container::small_vector<Capped, 8> capped;
    std::int64_t rule_points = 0;
    std::int64_t base_amount = 0;

    for (std::size_t i = 0; i < order.lines.size(); ++i) {
      const Line& line = order.lines[i];
      const std::int64_t amount = p_.earn_on_subtotal ? gross[i] : net[i];
      const LineFacts facts{line.qty < 0 ? -line.qty : line.qty, amount < 0 ? -amount : amount};
      const CompiledRule* taken_by = nullptr;

      auto walk = [&](Range chain) {
        for (std::uint32_t k = chain.begin; k < chain.begin + chain.count; ++k) {
          const std::uint32_t index = p_.chain_rules[k];
          const CompiledRule& rule = p_.rules[index];
          if (taken_by) {
            if (tracing_)
              trace({TraceEntry::Kind::skipped, static_cast<int>(i), rule.id, 0, amount,
                     fmt::format("taken over by exclusive rule `{}`", taken_by->id)});
            continue;
          }
          const CompiledCondition* failed = nullptr;
          if (rule.conditions.count && !conditions_hold(p_, rule.conditions, ctx, &facts, &failed)) {
            if (tracing_)
              trace({TraceEntry::Kind::skipped, static_cast<int>(i), rule.id, 0, amount,
                     fmt::format("condition not met: {}", failed->text)});
            continue;
          }
          std::int64_t points = 0;
          for (std::uint32_t e = rule.earns.begin; e < rule.earns.begin + rule.earns.count; ++e) {
            const CompiledEarn& earn = p_.earns[e];
            std::int64_t v;
            if (!earn_points(earn, amount, line.qty, p_.rounding, v))
              throw Overflow{fmt::format("rule `{}` on line {}", rule.id, i)};
            points = add(points, v, "a rule's points");
            if (tracing_) {
              const std::string exact =
                  unrounded(earn_measure(earn, facts.amount, facts.qty), line.qty < 0 || amount < 0, earn, p_.points_scale, v);
              trace({TraceEntry::Kind::rule, static_cast<int>(i), rule.id, v, amount,
                     fmt::format("{} on {} x {} ({}){}{}", earn.text, line.qty, line.sku, money(amount),
                                 exact.empty() ? "" : ": " + exact + " before rounding",
                                 rule.exclusive ? "; exclusive: the line earns no base" : "")});
            }
          }
          if (rule.cap) {
            auto it = std::find_if(capped.begin(), capped.end(), [&](const Capped& c) { return c.rule == index; });
            if (it == capped.end()) {
              capped.push_back({index, points});
            } else {
              it->points = add(it->points, points, "a rule's points");
            }
          } else {
            rule_points = add(rule_points, points, "the rules' points");
          }
          if (rule.exclusive) taken_by = &rule;
        }
      };
      if (!p_.product_chains.empty()) {
        if (const Range* chain = p_.product_chains.find(line.sku)) walk(*chain);
      }
      if (!p_.category_chains.empty() && !line.category.empty()) {
        // The line's own category, else its nearest ancestor with rules (whose
        // chain already includes every ancestor's rules).
        std::string_view path = line.category;
        const Range* chain = p_.category_chains.find(path);
        while (!chain) {
          const auto slash = path.rfind('/');
          if (slash == std::string_view::npos) break;
          path = path.substr(0, slash);
          chain = p_.category_chains.find(path);
        }
        if (chain) walk(*chain);
      }
      if (p_.every_line_chain.count) walk(p_.every_line_chain);
      if (!taken_by) base_amount = add(base_amount, amount, "the base amount");
    }

    for (const Capped& c : capped) {
      const CompiledRule& rule = p_.rules[c.rule];
      std::int64_t points = std::clamp(c.points, -*rule.cap, *rule.cap);
      if (points != c.points) {
        if (tracing_) {
          trace({TraceEntry::Kind::cap, -1, rule.id, points - c.points, 0,
                 fmt::format("rule `{}` earned {} on the order, capped at {}", rule.id, pts(c.points), pts(*rule.cap))});
        }
      }
      rule_points = add(rule_points, points, "the rules' points");
    }

    std::int64_t base_points = 0;
    const std::optional<CompiledEarn>& rate = tier.base ? tier.base : p_.base;
    if (rate && base_amount != 0) {
      std::int64_t num = rate->num, den = rate->den;
      std::string factors;  // for the trace
      for (const auto& m : p_.multipliers) {
        if (!conditions_hold(p_, m.conditions, ctx, nullptr, nullptr)) continue;
        auto n = checked_mul(num, m.num);
        auto dd = checked_mul(den, m.den);
        if (!n || !dd) throw Overflow{"a multiplier"};
        num = *n;
        den = *dd;
        if (tracing_) {
          factors += " " + m.text;
          trace({TraceEntry::Kind::multiplier, -1, "", 0, base_amount, fmt::format("base earn multiplied {}", m.text)});
        }
      }
      CompiledEarn scaled = *rate;
      scaled.num = num;
      scaled.den = den;
      if (!earn_points(scaled, base_amount, base_amount < 0 ? -1 : 1, p_.rounding, base_points)) throw Overflow{"the base earn"};
      if (tracing_) {
        const std::string exact =
            unrounded(base_amount < 0 ? -base_amount : base_amount, base_amount < 0, scaled, p_.points_scale, base_points);
        trace({TraceEntry::Kind::base, -1, tier.id, base_points, base_amount,
               fmt::format("base {}{} of {} ({} tier `{}`){}", rate->text, factors, money(base_amount),
                           tier.base ? "rate of" : "program rate,", tier.id,
                           exact.empty() ? "" : fmt::format(": {} before rounding {}", exact, to_string(p_.rounding)))});
      }
    }

    std::int64_t order_points = 0;
    for (const auto& e : p_.order_earns) {
      if (paid <= 0) {
        if (tracing_)
          trace({TraceEntry::Kind::skipped, -1, "", 0, paid,
                 fmt::format("{}: only an order with something paid earns it", e.text)});
        continue;
      }
      const CompiledCondition* failed = nullptr;
      if (!conditions_hold(p_, e.conditions, ctx, nullptr, &failed)) {
        if (tracing_)
          trace({TraceEntry::Kind::skipped, -1, "", 0, paid, fmt::format("{}: condition not met: {}", e.text, failed->text)});
        continue;
      }
      order_points = add(order_points, e.points, "the order earns");
      if (tracing_) trace({TraceEntry::Kind::order_earn, -1, "", e.points, paid, e.text});
    }
    return add(add(rule_points, base_points, "the order's points"), order_points, "the order's points");
  }
};

}  // namespace

std::optional<Refusal> evaluate_into(const Policy& policy, const Member& member, const Order& order,
                                     std::span<const Redemption> redemptions, const EvalOptions& options, Decision& out) {
  return Evaluator(policy, options).run(member, order, redemptions, out);
}

Result<Decision> evaluate(const Policy& policy, const Member& member, const Order& order, std::span<const Redemption> redemptions,
                          const EvalOptions& options) {
  Decision d;
  if (auto refusal = evaluate_into(policy, member, order, redemptions, options, d)) return std::move(*refusal);
  return d;
}

}  // namespace loyalty
