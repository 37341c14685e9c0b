// The properties every evaluation has, whatever the policy and the request
// (differential_fuzz: random requests against fixed policies; policy_fuzz:
// fixed requests against random policies): the trace, the journal and
// resolved keys (the policy's own, or another policy's, which are ignored)
// change no figure; the bulk API gives evaluate's figures; the journal,
// applied to the member, gives the decision's member.
#pragma once

#include <string>
#include <vector>

#include "common.hpp"
#include "loyalty/bulk.hpp"
#include "loyalty/journal.hpp"
#include "loyalty/json.hpp"

namespace loyalty::fuzz {

// The request through evaluate_bulk (one member, one order) against `d`,
// evaluate's decision or refusal. `must_plan`: the policy is one the bulk
// plans take whole, so its items must be planned.
inline void compare_bulk(const PolicyPtr& p, const Request& r, const Result<Decision>& d, bool must_plan) {
  if (!r.redeem.empty()) return;  // bulk orders redeem nothing
  Catalogue catalogue(p);
  std::vector<BulkLine> lines;
  for (const Line& l : r.order.lines) {
    if (l.returns) return;  // nor name the sale a return reverses
    lines.push_back({catalogue.add(l.sku, l.category), l.qty, l.price});
  }
  if (must_plan && !lines.empty() && !catalogue.planned(0)) finding("an item of the planned policy is not planned");
  const BulkOrder order{.member = 0,
                        .at = r.order.at,
                        .line_count = static_cast<std::uint32_t>(lines.size()),
                        .discount = r.order.discount,
                        .id = r.order.id,
                        .store = r.order.store,
                        .channel = r.order.channel};
  std::vector<Member> members{r.member};
  OrderFigures f;
  if (evaluate_bulk(catalogue, {&order, 1}, lines, members, {&f, 1})) finding("evaluate_bulk refused the call");
  if (!d) {
    if (f.refused != d.refusal().code || !(members[0] == r.member)) finding("bulk refuses differently, or changed the member");
    return;
  }
  if (f.refused || f.earned != d->earned || f.paid != d->paid || tier_id(*p, f.tier_after) != d->member.tier ||
      tier_id(*p, f.tier_before) != d->tier_before || !(members[0] == d->member))
    finding("bulk scoring changed the figures");
}

// Evaluates `r` every way and checks that every way agrees.
inline void check_evaluation(const PolicyPtr& p, const Request& r, bool must_plan) {
  EvalOptions traced, bare, journaled;
  bare.trace = false;
  journaled.trace = false;
  journaled.journal = true;
  auto a = evaluate(*p, r.member, r.order, r.redeem, traced);
  auto b = evaluate(*p, r.member, r.order, r.redeem, bare);
  auto c = evaluate(*p, r.member, r.order, r.redeem, journaled);
  Order keyed = r.order, foreign = r.order;
  const Policy& other = *shipped_policies().front();
  for (Line& l : keyed.lines) l.key = resolve(*p, l.sku, l.category);
  for (Line& l : foreign.lines) l.key = resolve(other, l.sku, l.category);
  auto k = evaluate(*p, r.member, keyed, r.redeem, traced);
  auto f = evaluate(*p, r.member, &other == p.get() ? r.order : foreign, r.redeem, traced);
  if (static_cast<bool>(a) != static_cast<bool>(b) || static_cast<bool>(a) != static_cast<bool>(c))
    finding("the trace or the journal changed whether the order is refused");
  if (static_cast<bool>(a) != static_cast<bool>(k) || static_cast<bool>(a) != static_cast<bool>(f))
    finding("resolved keys changed whether the order is refused");
  if (!a) {
    if (a.refusal().code != b.refusal().code || a.refusal().path != b.refusal().path) finding("the trace changed the refusal");
    compare_bulk(p, r, b, must_plan);
    return;
  }
  for (const Decision* d : {&b.value(), &c.value(), &k.value(), &f.value()}) {
    const Decision& t = a.value();
    if (d->earned != t.earned || d->spent != t.spent || d->paid != t.paid || !(d->member == t.member) ||
        d->line_points != t.line_points || d->tier_after != t.tier_after)
      finding("the trace, the journal or resolved keys changed the figures");
  }
  compare_bulk(p, r, b, must_plan);
  Member rebuilt = r.member;
  if (!apply_journal(*p, rebuilt, c.value().journal)) finding("the journal does not apply to the member");
  // cycle_start and lots are not journaled: they follow from the entries (docs/time.md).
  // Compared as JSON, which writes an empty tier as the default tier's id.
  Member after = c.value().member;
  rebuilt.cycle_start = after.cycle_start = std::nullopt;
  rebuilt.lots.clear();
  after.lots.clear();
  if (member_json(*p, rebuilt) != member_json(*p, after))
    finding("the journal, applied to the member, does not give the decision's member: " + member_json(*p, rebuilt) + " vs " +
            member_json(*p, after));
}

}  // namespace loyalty::fuzz
