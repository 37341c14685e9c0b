// Explanations: trace entries (data) turned into words. The evaluator
// records indices and numbers only; the sentences are written here, for
// the `note` of each JSON trace entry and for `eval --format text`.
#include "loyalty/explain.hpp"

#include <fmt/format.h>

#include <numeric>

#include "earn.hpp"
#include "rule_graph.hpp"

namespace loyalty {

namespace {

// The exact value of measure * num / den at the point scale plus four
// decimals ("5.625"), "..." when it does not stop there, negative for a
// return. Empty when rounding changed nothing.
std::string unrounded(std::int64_t measure, bool negative, Fraction rate, int points_scale, Points rounded) {
  auto wide_num = checked_mul(rate.num, 10000);
  if (!wide_num) return "?";
  auto floor_value = mul_div(measure, *wide_num, rate.den, Rounding::floor);
  auto ceil_value = mul_div(measure, *wide_num, rate.den, Rounding::ceil);
  if (!floor_value || !ceil_value) return "?";
  const std::int64_t magnitude = rounded.units < 0 ? -rounded.units : rounded.units;
  if (*floor_value == *ceil_value && checked_mul(magnitude, 10000) == *floor_value) return "";
  std::string text = format_units(negative ? -*floor_value : *floor_value, points_scale + 4);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return *floor_value == *ceil_value ? text : text + "...";
}

// The product of the multipliers the trace records for the rule on the line
// before entry `at` (rule multipliers are recorded once per line, before its earns).
Fraction rule_factor(const Policy& p, std::span<const TraceEntry> trace, std::size_t at, std::string& factors) {
  const TraceEntry& t = trace[at];
  Fraction f{1, 1};
  for (std::size_t i = 0; i < at; ++i) {
    const TraceEntry& m = trace[i];
    if (m.kind != TraceEntry::Kind::multiplier || m.line != t.line || m.detail != t.subject) continue;
    const Fraction factor = p.multipliers[m.subject].factor;
    f = {f.num * factor.num, f.den * factor.den};  // computed without overflow by earn_lines
    const std::int64_t g = std::gcd(f.num, f.den);
    if (g > 1) f = {f.num / g, f.den / g};
    factors += " " + p.multipliers[m.subject].text;
  }
  return f;
}

std::string rule_note(const Policy& p, const Order& order, std::span<const TraceEntry> trace, std::size_t at) {
  const TraceEntry& t = trace[at];
  const CompiledRule& rule = p.rules[t.subject];
  switch (t.skip) {
    case TraceEntry::Skip::taken_over:
      return fmt::format("taken over by exclusive rule `{}`", p.rules[t.detail].id);
    case TraceEntry::Skip::condition_not_met:
      return fmt::format("condition not met: {}", p.conditions[t.detail].text);
    case TraceEntry::Skip::nothing_paid:
    case TraceEntry::Skip::no_reference:
    case TraceEntry::Skip::sale_unknown:
    case TraceEntry::Skip::none:
      break;
  }
  const Line& line = order.lines[static_cast<std::size_t>(t.line)];
  const CompiledEarn& earn = p.earns[t.detail];
  const std::int64_t qty = line.qty < 0 ? -line.qty : line.qty;
  std::string factors;
  const Fraction factor = rule.multipliers.count ? rule_factor(p, trace, at, factors) : Fraction{1, 1};
  const Fraction rate{earn.rate.num * factor.num, earn.rate.den * factor.den};
  const bool per_order = earn.kind == CompiledEarn::Kind::per_order;
  const std::string exact =
      unrounded(earn_measure(earn, magnitude(t.amount), qty), line.qty < 0 || t.amount < Money{}, rate, p.points_scale, t.points);
  return fmt::format("{}{}{} {} x {} ({}){}{}", earn.text, factors, per_order ? ", once for the order, on" : " on", line.qty,
                     line.sku, money_text(p, t.amount), exact.empty() ? "" : ": " + exact + " before rounding",
                     rule.exclusive ? "; exclusive: the line earns no base" : "");
}

// The base entry: its rate times the multipliers recorded just before it.
std::string base_note(const Policy& p, std::span<const TraceEntry> trace, std::size_t at) {
  const TraceEntry& t = trace[at];
  const CompiledTier& tier = p.tiers[t.subject];
  const CompiledEarn& rate = tier.base ? *tier.base : *p.base;
  Fraction scaled = rate.rate;
  std::string factors;
  for (std::size_t i = at - static_cast<std::size_t>(t.count); i < at; ++i) {
    const CompiledMultiplier& m = p.multipliers[trace[i].subject];
    scaled = {scaled.num * m.factor.num, scaled.den * m.factor.den};  // computed without overflow by earn_base
    factors += " " + m.text;
  }
  const std::string exact = unrounded(magnitude(t.amount).units, t.amount < Money{}, scaled, p.points_scale, t.points);
  return fmt::format("base {}{} of {} ({} tier `{}`){}", rate.text, factors, money_text(p, t.amount),
                     tier.base ? "rate of" : "program rate,", tier.id,
                     exact.empty() ? "" : fmt::format(": {} before rounding {}", exact, to_string(p.rounding)));
}

std::string redemption_note(const Policy& p, const TraceEntry& t) {
  const CompiledReward& r = p.rewards[t.subject];
  const Points cost{-t.points.units};
  switch (t.event) {
    case TraceEntry::Event::voucher_used:
      return fmt::format("{} held voucher(s) used: {} off", t.count, money_text(p, t.amount));
    case TraceEntry::Event::voucher_to_wallet:
      return fmt::format("{} points for {} voucher(s) to the wallet", points_text(p, cost), t.count);
    default:
      break;
  }
  switch (r.kind) {
    case RewardKind::resale:
      return fmt::format("{} points paid {}", points_text(p, cost), money_text(p, t.amount));
    case RewardKind::discount:
      return fmt::format("{} points for {} off", points_text(p, cost), money_text(p, t.amount));
    case RewardKind::gift:
      return fmt::format("{} points for {} x {} (a gift line earns nothing)", points_text(p, cost), t.count,
                         r.choices.empty() ? r.sku : r.choices[t.detail]);
    case RewardKind::voucher:
      break;
  }
  return fmt::format("{} points for {} voucher(s): {} off", points_text(p, cost), t.count, money_text(p, t.amount));
}

std::string reversal_note(const Policy& p, const Order& order, const TraceEntry& t) {
  const Line& line = order.lines[static_cast<std::size_t>(t.line)];
  switch (t.skip) {
    case TraceEntry::Skip::no_reference:
      return fmt::format("a return that names no sale: {} x {} is reversed by today's rules, tier and conditions", line.qty,
                         line.sku);
    case TraceEntry::Skip::sale_unknown:
      return fmt::format("a return of order `{}` line {}, whose figures are unknown: reversed by today's rules",
                         line.returns->order, line.returns->line);
    default:
      break;
  }
  const ReturnOf& r = *line.returns;
  return fmt::format("returns {} of the {} units of order `{}` line {}, which earned {}: {} taken back (rounded up)", t.count,
                     r.qty, r.order, r.line, points_text(p, *r.points), points_text(p, Points{-t.points.units}));
}

}  // namespace

std::string describe(const Policy& p, const Order& order, std::span<const TraceEntry> trace, std::size_t at) {
  const TraceEntry& t = trace[at];
  switch (t.kind) {
    case TraceEntry::Kind::rule:
      return rule_note(p, order, trace, at);
    case TraceEntry::Kind::cap: {
      const CompiledRule& rule = p.rules[t.subject];
      if (t.event == TraceEntry::Event::member_cap) {
        static constexpr const char* periods[] = {"day", "week", "month", "year"};
        return fmt::format("rule `{}` earned {} on the order; capped at {} per member per {}, of which {} were already given",
                           rule.id, points_text(p, t.before_cap), points_text(p, rule.member_cap->points),
                           periods[static_cast<int>(rule.member_cap->period)], points_text(p, Points{t.count}));
      }
      return fmt::format("rule `{}` earned {} on the order, capped at {}", rule.id, points_text(p, t.before_cap),
                         points_text(p, *rule.cap));
    }
    case TraceEntry::Kind::base:
      return base_note(p, trace, at);
    case TraceEntry::Kind::multiplier: {
      const CompiledMultiplier& m = p.multipliers[t.subject];
      const std::string held = m.condition_text.empty() ? "" : fmt::format(" ({} holds)", m.condition_text);
      if (t.line >= 0) return fmt::format("rule `{}` multiplied {}{}", p.rules[t.detail].id, m.text, held);
      return fmt::format("base earn multiplied {}{}", m.text, held);
    }
    case TraceEntry::Kind::excluded: {
      const Line& line = order.lines[static_cast<std::size_t>(t.line)];
      return fmt::format("{} x {} earns nothing ({}); it still counts in paid and spend", line.qty, line.sku,
                         p.exclusion_texts[t.subject]);
    }
    case TraceEntry::Kind::order_earn: {
      const CompiledOrderEarn& e = p.order_earns[t.subject];
      if (t.skip == TraceEntry::Skip::nothing_paid) return fmt::format("{}: only an order with something paid earns it", e.text);
      if (t.skip == TraceEntry::Skip::condition_not_met)
        return fmt::format("{}: condition not met: {}", e.text, p.conditions[t.detail].text);
      return e.text;
    }
    case TraceEntry::Kind::redemption:
      return redemption_note(p, t);
    case TraceEntry::Kind::tier:
      if (t.event == TraceEntry::Event::retired_tier)
        return fmt::format("tier `{}` is retired: this order earns nothing, then the member is placed by spend",
                           p.tiers[t.subject].id);
      return fmt::format("spend {} moves the member from `{}` to `{}`", money_text(p, t.amount), p.tiers[t.detail].id,
                         p.tiers[t.subject].id);
    case TraceEntry::Kind::balance:
      return fmt::format("the balance stops at zero: {} points could not be taken back", points_text(p, Points{-t.points.units}));
    case TraceEntry::Kind::reversal:
      return reversal_note(p, order, t);
  }
  return "";
}

std::string trace_subject(const Policy& p, const TraceEntry& t) {
  switch (t.kind) {
    case TraceEntry::Kind::rule:
    case TraceEntry::Kind::cap:
      return p.rules[t.subject].id;
    case TraceEntry::Kind::base:
    case TraceEntry::Kind::tier:
      return p.tiers[t.subject].id;
    case TraceEntry::Kind::redemption:
      return p.rewards[t.subject].id;
    case TraceEntry::Kind::multiplier:
      return t.line >= 0 ? p.rules[t.detail].id : "";
    case TraceEntry::Kind::order_earn:
    case TraceEntry::Kind::balance:
    case TraceEntry::Kind::reversal:
    case TraceEntry::Kind::excluded:
      break;
  }
  return "";
}

std::string trace_source(const Policy& p, const TraceEntry& t) {
  switch (t.kind) {
    case TraceEntry::Kind::rule:
      // An applied rule names the earn that computed it; a skipped one, the rule.
      return where(p, t.skip == TraceEntry::Skip::none ? p.earns[t.detail].source : p.rules[t.subject].source);
    case TraceEntry::Kind::cap:
      return where(p, p.rules[t.subject].source);
    case TraceEntry::Kind::base: {
      const CompiledTier& tier = p.tiers[t.subject];
      return where(p, tier.base ? tier.base->source : p.base->source);
    }
    case TraceEntry::Kind::multiplier:
      return where(p, p.multipliers[t.subject].source);
    case TraceEntry::Kind::order_earn:
      return where(p, p.order_earns[t.subject].source);
    case TraceEntry::Kind::redemption:
      return where(p, p.rewards[t.subject].source);
    case TraceEntry::Kind::tier:
      return p.tiers[t.subject].source.line ? where(p, p.tiers[t.subject].source) : "";
    case TraceEntry::Kind::excluded:
      return where(p, p.exclusion_sources[t.subject]);
    case TraceEntry::Kind::balance:
    case TraceEntry::Kind::reversal:
      break;
  }
  return "";
}

const char* trace_kind(const TraceEntry& t) {
  if (t.kind == TraceEntry::Kind::reversal) return "reversal";  // its note says which way
  if (t.skip != TraceEntry::Skip::none) return "skipped";
  switch (t.kind) {
    case TraceEntry::Kind::rule:
      return "rule";
    case TraceEntry::Kind::cap:
      return "cap";
    case TraceEntry::Kind::base:
      return "base";
    case TraceEntry::Kind::multiplier:
      return "multiplier";
    case TraceEntry::Kind::order_earn:
      return "order_earn";
    case TraceEntry::Kind::redemption:
      return "redemption";
    case TraceEntry::Kind::tier:
      return "tier";
    case TraceEntry::Kind::balance:
      return "balance";
    case TraceEntry::Kind::reversal:
      return "reversal";
    case TraceEntry::Kind::excluded:
      return "excluded";
  }
  return "rule";
}

std::string explain(const Policy& p, const Member& before, const Order& order, const Decision& d) {
  auto pts = [&](Points v) { return points_text(p, v); };
  const std::span<const TraceEntry> trace = d.trace;
  // The entries of each line, in one pass.
  std::vector<std::vector<std::size_t>> by_line(order.lines.size());
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (trace[i].line >= 0 && static_cast<std::size_t>(trace[i].line) < by_line.size())
      by_line[static_cast<std::size_t>(trace[i].line)].push_back(i);
  }
  std::string out = fmt::format("Order {} for member {} (tier {})\n", order.id, before.id, d.tier_before);
  for (std::size_t i = 0; i < order.lines.size(); ++i) {
    const Line& l = order.lines[i];
    out += fmt::format("  line {}: {} x {} @ {} [{}]\n", i, l.qty, l.sku, money_text(p, l.price), l.category);
    for (std::size_t k : by_line[i]) {
      const TraceEntry& t = trace[k];
      if (t.kind == TraceEntry::Kind::excluded || t.kind == TraceEntry::Kind::multiplier) {
        out += fmt::format("    * {:>10}  {}\n", "", describe(p, order, trace, k));
      } else if (t.skip == TraceEntry::Skip::none) {
        out += fmt::format("    + {:>10}  rule {}: {}\n", pts(t.points), trace_subject(p, t), describe(p, order, trace, k));
      } else {
        out += fmt::format("    . {:>10}  rule {} skipped: {}\n", "", trace_subject(p, t), describe(p, order, trace, k));
      }
    }
  }
  for (std::size_t k = 0; k < trace.size(); ++k) {
    const TraceEntry& t = trace[k];
    if (t.line >= 0) continue;
    const std::string note = describe(p, order, trace, k);
    if (t.skip != TraceEntry::Skip::none) {
      out += fmt::format("  . {:>10}  {}\n", "", note);
      continue;
    }
    switch (t.kind) {
      case TraceEntry::Kind::redemption:
        out += fmt::format("  - {:>10}  reward {}: {}\n", pts(Points{-t.points.units}), trace_subject(p, t), note);
        break;
      case TraceEntry::Kind::tier:
      case TraceEntry::Kind::multiplier:
        out += fmt::format("  * {:>10}  {}\n", "", note);
        break;
      default:
        out += fmt::format("  + {:>10}  {}\n", pts(t.points), note);
        break;
    }
  }
  for (const auto& g : d.gifts) out += fmt::format("  gift: {} x {} (reward {})\n", g.qty, g.sku, g.reward);
  for (const auto& v : d.vouchers) out += fmt::format("  voucher to wallet: {} x {}\n", v.qty, v.reward);
  out += fmt::format("Paid {}. Earned {} points, spent {}. Balance {} points. Tier {} -> {}.\n", money_text(p, d.paid),
                     pts(d.earned), pts(d.spent), pts(d.member.points), d.tier_before, d.tier_after);
  return out;
}

}  // namespace loyalty
