// A dump of the compiled rule graph: tiers, rates as exact fractions, and
// the chain of rules each product and category walks, in order.
#include <fmt/format.h>

#include <algorithm>

#include "rule_graph.hpp"

namespace loyalty {

namespace {

std::string fraction(const CompiledEarn& e) {
  switch (e.kind) {
    case CompiledEarn::Kind::per_unit:
      return fmt::format("qty * {}/{}", e.rate.num, e.rate.den);
    case CompiledEarn::Kind::per_full_money:
      return fmt::format("floor(amount / {}) * {}/{}", e.full.units, e.rate.num, e.rate.den);
    case CompiledEarn::Kind::per_order:
      return fmt::format("{}", e.rate.num);
    case CompiledEarn::Kind::percent:
    case CompiledEarn::Kind::per_money:
      break;
  }
  return fmt::format("amount * {}/{}", e.rate.num, e.rate.den);
}

const char* kind_name(RewardKind kind) {
  switch (kind) {
    case RewardKind::resale:
      return "resale";
    case RewardKind::discount:
      return "discount";
    case RewardKind::gift:
      return "gift";
    case RewardKind::voucher:
      break;
  }
  return "voucher";
}

std::string chain_text(const Policy& p, Range r) {
  std::string s;
  for (std::uint32_t k = r.begin; k < r.begin + r.count; ++k) {
    const CompiledRule& rule = p.rules[p.chain_rules[k]];
    s += (s.empty() ? "" : " -> ") + rule.id + (rule.exclusive ? "!" : "");
  }
  return s;
}

}  // namespace

std::string dump_graph(const Policy& p) {
  std::string out = fmt::format("policy \"{}\": money scale {}, points scale {}, rounding {}\n", p.name, p.money_scale,
                                p.points_scale, to_string(p.rounding));
  if (p.base) out += fmt::format("base: {} (points units per minor unit: {})\n", p.base->text, fraction(*p.base));
  for (std::size_t i = 0; i < p.tiers.size(); ++i) {
    const auto& t = p.tiers[i];
    out += fmt::format("tier {} {}{}{}", i, t.id, t.is_default ? " default" : "", t.retired ? " retired" : "");
    if (t.has_qualify) out += fmt::format(" qualify spend {} {}", t.qualify_strict ? ">" : ">=", t.threshold.units);
    if (t.base) out += fmt::format(" base {} = {}", t.base->text, fraction(*t.base));
    out += "\n";
  }
  for (const auto& e : p.order_earns) {
    std::string when;
    for (std::uint32_t c = e.conditions.begin; c < e.conditions.begin + e.conditions.count; ++c)
      when += (when.empty() ? " when " : " and ") + p.conditions[c].text;
    out += fmt::format("order earn: {}{}\n", e.text, when);
  }
  for (const auto& text : p.exclusion_texts) out += text + " (earns nothing)\n";
  for (std::uint32_t i = 0; i < p.multipliers.size(); ++i) {
    const auto& m = p.multipliers[i];
    std::string rules;
    for (const auto& r : p.rules) {
      for (std::uint32_t k = r.multipliers.begin; k < r.multipliers.begin + r.multipliers.count; ++k)
        if (p.rule_multipliers[k] == i) rules += (rules.empty() ? "" : ", ") + r.id;
    }
    out +=
        fmt::format("multiplier: {}{}{} {}{}\n", m.on_base ? "base" : "", m.on_base && !rules.empty() ? " and " : "",
                    rules.empty() ? "" : "rules " + rules, m.text, m.condition_text.empty() ? "" : " when " + m.condition_text);
  }
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    out += fmt::format("rule {} {}{}:", i, r.id, r.exclusive ? " exclusive" : "");
    for (std::uint32_t e = r.earns.begin; e < r.earns.begin + r.earns.count; ++e) out += " [" + fraction(p.earns[e]) + "]";
    for (std::uint32_t c = r.conditions.begin; c < r.conditions.begin + r.conditions.count; ++c)
      out += " when " + p.conditions[c].text;
    if (r.cap) out += fmt::format(" cap {}", r.cap->units);
    if (r.member_cap) {
      static constexpr const char* periods[] = {"day", "week", "month", "year"};
      out +=
          fmt::format(" cap {} per member per {}", r.member_cap->points.units, periods[static_cast<int>(r.member_cap->period)]);
    }
    if (r.per_order) out += " (once per order)";
    out += "\n";
  }
  for (const auto& [sku, chain] : p.product_chains.entries())
    out += fmt::format("product \"{}\": {}\n", sku, chain_text(p, chain));
  for (const auto& [path, chain] : p.category_chains.entries())
    out += fmt::format("category \"{}\": {}\n", path, chain_text(p, chain));
  if (p.every_line_chain.count) out += fmt::format("every line: {}\n", chain_text(p, p.every_line_chain));
  for (const auto& r : p.rewards) {
    out += fmt::format("reward {} {} cost {}", r.id, kind_name(r.kind), r.cost.units);
    if (r.discount_on == DiscountTarget::category && r.kind == RewardKind::discount)
      out += fmt::format(" on category \"{}\"", r.sku);
    if (r.kind == RewardKind::voucher && r.discount_share)
      out += fmt::format(" {}/{} of the order", r.discount_share->num, r.discount_share->den);
    for (const auto& c : r.choices) out += fmt::format("{}\"{}\"", &c == &r.choices.front() ? " one of " : ", ", c);
    out += "\n";
  }
  return out;
}

std::string dump_graph_dot(const Policy& p) {
  std::string out = "digraph policy {\n  rankdir=LR;\n  node [shape=box];\n";
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    out += fmt::format("  r{} [label=\"{}{}\"{}];\n", i, p.rules[i].id, p.rules[i].exclusive ? " (exclusive)" : "",
                       p.rules[i].exclusive ? ", style=bold" : "");
  }
  auto edges = [&](const std::string& node, const std::string& label, Range r) {
    out += fmt::format("  {} [shape=ellipse, label=\"{}\"];\n", node, label);
    std::string prev = node;
    for (std::uint32_t k = r.begin; k < r.begin + r.count; ++k) {
      const std::string next = fmt::format("r{}", p.chain_rules[k]);
      out += fmt::format("  {} -> {} [label=\"{}\"];\n", prev, next, k - r.begin + 1);
      prev = next;
    }
  };
  int n = 0;
  for (const auto& [sku, chain] : p.product_chains.entries())
    edges(fmt::format("p{}", n++), "product " + std::string(sku), chain);
  for (const auto& [path, chain] : p.category_chains.entries())
    edges(fmt::format("c{}", n++), "category " + std::string(path), chain);
  if (p.every_line_chain.count) edges("every", "every line", p.every_line_chain);
  out += "}\n";
  return out;
}

}  // namespace loyalty
