// Differential: one request read by parse_request and by the fast
// RequestReader (the same request or the same refusal), then evaluated with
// the trace on and off, with the journal on and off, with the lines' SKUs
// and categories resolved to keys (and to another policy's keys, which must
// be ignored), and through the bulk API, against every shipped policy and one
// the bulk plans take: the figures and the member must be identical every way.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "loyalty/bulk.hpp"
#include "loyalty/json.hpp"

namespace {

using namespace loyalty;

// A policy whose items all take the bulk plans (no reviews, expiry,
// multipliers, totals or local time), naming what the example requests sell.
const PolicyPtr& planned_policy() {
  static const PolicyPtr policy = compile(dsl::Source("planned.loy", R"(policy "planned" {
  currency VND
  rounding half_up
  earn 10 points per order when amount >= 200_000
  earn 1 point per 10_000
  tier member default {
  }
  tier gold {
    qualify when spend >= 2_000_000
    earn 3%
  }
  exclude product "GIFTCARD"
  rule latte on product "LATTE", "CF01" exclusive {
    earn 2 points per unit
    earn 1%
  }
  rule coffee on category "Drinks/Coffee" {
    earn 1 point per unit
    earn 3 points per unit
  }
  rule drinks on category "Drinks" exclusive {
    earn 1 point per full 20_000
    when qty >= 2
  }
  rule food on category "Food" {
    earn 0.5 points per unit
    when tier in [gold]
  }
  rule any on every line {
    earn 1 point per unit
    when amount >= 100_000
  }
})"))
                                      .policy;
  if (!policy) fuzz::finding("the planned policy does not compile");
  return policy;
}

// The request through evaluate_bulk (one member, one order) against `d`,
// evaluate's decision or refusal.
void compare_bulk(const PolicyPtr& p, const Request& r, const Result<Decision>& d) {
  if (!r.redeem.empty()) return;  // bulk orders redeem nothing
  Catalogue catalogue(p);
  std::vector<BulkLine> lines;
  for (const Line& l : r.order.lines) {
    if (l.returns) return;  // nor name the sale a return reverses
    lines.push_back({catalogue.add(l.sku, l.category), l.qty, l.price});
  }
  if (!catalogue.planned(0) && p == planned_policy() && !lines.empty())
    fuzz::finding("an item of the planned policy is not planned");
  const BulkOrder order{.member = 0,
                        .at = r.order.at,
                        .line_count = static_cast<std::uint32_t>(lines.size()),
                        .discount = r.order.discount,
                        .id = r.order.id,
                        .store = r.order.store,
                        .channel = r.order.channel};
  std::vector<Member> members{r.member};
  OrderFigures f;
  if (evaluate_bulk(catalogue, {&order, 1}, lines, members, {&f, 1})) fuzz::finding("evaluate_bulk refused the call");
  if (!d) {
    if (f.refused != d.refusal().code || !(members[0] == r.member))
      fuzz::finding("bulk refuses differently, or changed the member");
    return;
  }
  if (f.refused || f.earned != d->earned || f.paid != d->paid || tier_id(*p, f.tier_after) != d->member.tier ||
      tier_id(*p, f.tier_before) != d->tier_before || !(members[0] == d->member))
    fuzz::finding("bulk scoring changed the figures");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string request(reinterpret_cast<const char*>(data), size);
  static RequestReader reader;
  static Request fast;  // reused, as the C ABI reuses its own
  static const std::vector<PolicyPtr> policies = [] {
    auto all = fuzz::shipped_policies();
    all.push_back(planned_policy());
    return all;
  }();
  for (const PolicyPtr& p : policies) {
    auto parsed = parse_request(*p, request);
    const auto refused = reader.read(*p, request, fast);
    if (static_cast<bool>(parsed) == static_cast<bool>(refused)) fuzz::finding("the request readers disagree on refusing it");
    if (!parsed) {
      if (refused && (parsed.refusal().path != refused->path || parsed.refusal().message != refused->message))
        fuzz::finding("the request readers refuse it differently");
      continue;
    }
    if (refused || !(parsed.value().member == fast.member) ||
        member_json(*p, parsed.value().member) != member_json(*p, fast.member) || !(parsed.value().order == fast.order) ||
        parsed.value().redeem.size() != fast.redeem.size())
      fuzz::finding("the request readers read it differently");
    const auto& r = parsed.value();
    EvalOptions traced, bare, journaled;
    bare.trace = false;
    journaled.trace = false;
    journaled.journal = true;
    auto a = evaluate(*p, r.member, r.order, r.redeem, traced);
    auto b = evaluate(*p, r.member, r.order, r.redeem, bare);
    auto c = evaluate(*p, r.member, r.order, r.redeem, journaled);
    Order keyed = r.order, foreign = r.order;
    const Policy& other = *fuzz::shipped_policies().front();
    for (Line& l : keyed.lines) l.key = resolve(*p, l.sku, l.category);
    for (Line& l : foreign.lines) l.key = resolve(other, l.sku, l.category);
    auto k = evaluate(*p, r.member, keyed, r.redeem, traced);
    auto f = evaluate(*p, r.member, &other == p.get() ? r.order : foreign, r.redeem, traced);
    if (static_cast<bool>(a) != static_cast<bool>(b) || static_cast<bool>(a) != static_cast<bool>(c))
      fuzz::finding("the trace or the journal changed whether the order is refused");
    if (static_cast<bool>(a) != static_cast<bool>(k) || static_cast<bool>(a) != static_cast<bool>(f))
      fuzz::finding("resolved keys changed whether the order is refused");
    if (!a) {
      if (a.refusal().code != b.refusal().code || a.refusal().path != b.refusal().path)
        fuzz::finding("the trace changed the refusal");
      compare_bulk(p, r, b);
      continue;
    }
    for (const Decision* d : {&b.value(), &c.value(), &k.value(), &f.value()}) {
      const Decision& t = a.value();
      if (d->earned != t.earned || d->spent != t.spent || d->paid != t.paid || !(d->member == t.member) ||
          d->line_points != t.line_points || d->tier_after != t.tier_after)
        fuzz::finding("the trace, the journal or resolved keys changed the figures");
    }
    compare_bulk(p, r, b);
    Member rebuilt = r.member;
    if (!apply_journal(*p, rebuilt, c.value().journal)) fuzz::finding("the journal does not apply to the member");
  }
  return 0;
}
