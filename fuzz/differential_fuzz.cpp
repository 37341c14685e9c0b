// Differential: one request read by parse_request and by the fast
// RequestReader (the same request or the same refusal), then evaluated with
// the trace on and off, with the journal on and off, and with the lines'
// SKUs and categories resolved to keys (and to another policy's keys, which
// must be ignored), against every shipped policy: the figures and the
// member must be identical every way.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "loyalty/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string request(reinterpret_cast<const char*>(data), size);
  static RequestReader reader;
  static Request fast;  // reused, as the C ABI reuses its own
  for (const PolicyPtr& p : fuzz::shipped_policies()) {
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
      continue;
    }
    for (const Decision* d : {&b.value(), &c.value(), &k.value(), &f.value()}) {
      const Decision& t = a.value();
      if (d->earned != t.earned || d->spent != t.spent || d->paid != t.paid || !(d->member == t.member) ||
          d->line_points != t.line_points || d->tier_after != t.tier_after)
        fuzz::finding("the trace, the journal or resolved keys changed the figures");
    }
    Member rebuilt = r.member;
    if (!apply_journal(*p, rebuilt, c.value().journal)) fuzz::finding("the journal does not apply to the member");
  }
  return 0;
}
