// The overflow refusal: where the first overflow happened, in the policy's
// and the request's terms.
#include "checked.hpp"

#include <fmt/format.h>

namespace loyalty {

std::string where(const Policy& policy, SourceLine source) { return fmt::format("{}:{}", policy.source_name, source.line); }

Refusal overflow_refusal(const Policy& p, const Checked& checked) {
  const Site& s = checked.site();
  switch (s.kind) {
    case Site::Kind::line:
      return {RefusalCode::overflow, fmt::format("the amounts of line {} are too large", s.index),
              fmt::format("$.order.lines[{}]", s.index)};
    case Site::Kind::rule: {
      const CompiledRule& rule = p.rules[s.index];
      return {RefusalCode::overflow,
              fmt::format("points overflow in rule `{}` ({}) on line {}", rule.id, where(p, rule.source), s.line),
              fmt::format("$.order.lines[{}]", s.line)};
    }
    case Site::Kind::base:
      return {RefusalCode::overflow, fmt::format("points overflow in the base earn of tier `{}`", p.tiers[s.index].id),
              "$.order"};
    case Site::Kind::multiplier:
      return {RefusalCode::overflow,
              fmt::format("points overflow in multiplier {} ({})", p.multipliers[s.index].text,
                          where(p, p.multipliers[s.index].source)),
              "$.order"};
    case Site::Kind::order_earn:
      return {RefusalCode::overflow,
              fmt::format("points overflow in order earn `{}` ({})", p.order_earns[s.index].text,
                          where(p, p.order_earns[s.index].source)),
              "$.order"};
    case Site::Kind::reward:
      return {RefusalCode::overflow, "the redemption's amount is too large to compute", fmt::format("$.redeem[{}]", s.index)};
    case Site::Kind::member:
      return {RefusalCode::overflow, "the member's points, spend, orders or vouchers are too large", "$.member"};
    case Site::Kind::order:
      break;
  }
  return {RefusalCode::overflow, "the order's amounts are too large", "$.order"};
}

}  // namespace loyalty
