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
  for (const auto& e : p.order_earns) out += fmt::format("order earn: {} ({} conditions)\n", e.text, e.conditions.count);
  for (const auto& m : p.multipliers) out += fmt::format("multiplier: base {} ({} conditions)\n", m.text, m.conditions.count);
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    out += fmt::format("rule {} {}{}:", i, r.id, r.exclusive ? " exclusive" : "");
    for (std::uint32_t e = r.earns.begin; e < r.earns.begin + r.earns.count; ++e) out += " [" + fraction(p.earns[e]) + "]";
    for (std::uint32_t c = r.conditions.begin; c < r.conditions.begin + r.conditions.count; ++c)
      out += " when " + p.conditions[c].text;
    if (r.cap) out += fmt::format(" cap {}", r.cap->units);
    out += "\n";
  }
  for (const auto& [sku, chain] : p.product_chains.entries())
    out += fmt::format("product \"{}\": {}\n", sku, chain_text(p, chain));
  for (const auto& [path, chain] : p.category_chains.entries())
    out += fmt::format("category \"{}\": {}\n", path, chain_text(p, chain));
  if (p.every_line_chain.count) out += fmt::format("every line: {}\n", chain_text(p, p.every_line_chain));
  for (const auto& r : p.rewards) {
    out += fmt::format("reward {} {} cost {}\n", r.id, kind_name(r.kind), r.cost.units);
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
