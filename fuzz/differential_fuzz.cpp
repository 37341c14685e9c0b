// Differential: one request read by parse_request and by the fast
// RequestReader (the same request or the same refusal), then evaluated with
// the trace on and off, with the journal on and off, with the lines' SKUs
// and categories resolved to keys (and to another policy's keys, which must
// be ignored), and through the bulk API, against every shipped policy and one
// the bulk plans take: the figures and the member must be identical every way.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "evaluation_checks.hpp"
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
    fuzz::check_evaluation(p, parsed.value(), p == planned_policy());
  }
  return 0;
}
