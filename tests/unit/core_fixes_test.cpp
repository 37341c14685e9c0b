// The fixes that came with the core's shape: a percentage too precise to
// compute is a compile error (never a signed overflow at the till), every
// refusal code comes out on its registered channel, JSON strings are
// strings, and an overflow names the rule and where it is written.
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "loyalty/dsl/analyze.hpp"

using namespace loyalty;
using namespace loyalty::test;

TEST_CASE("a percentage too precise to compute is a limit error at compile, with its line") {
  const char* text = R"(policy "t" { currency VND
    reward TEN {
      discount 10.00000000000000001% on order
      cost 10 points } })";
  // 10.00000000000000001% = 1000000000000000001 / (100 * 10^17): the denominator is 10^19 > 2^63.
  const dsl::Source source("t.loy", text);
  auto compiled = compile(source);
  CHECK_FALSE(compiled.policy);
  REQUIRE(compiled.diagnostics.size() == 1);
  CHECK(name(compiled.diagnostics[0].code) == "limit-exceeded");
  CHECK(source.locate(compiled.diagnostics[0].span.begin).line == 3);

  // The same in `max P% of order`; 16 decimals still fit (10^18).
  auto cap = compile(dsl::Source("t.loy", R"(policy "t" { currency VND
    reward PAY { resale 1 point = 100
      max 50.00000000000000001% of order } })"));
  CHECK_FALSE(cap.policy);
  auto fits = compile(dsl::Source("t.loy", R"(policy "t" { currency VND
    reward PAY { resale 1 point = 100
      max 50.0000000000000001% of order } })"));
  CHECK(fits.policy);
}

TEST_CASE("a precise percentage discount is exact and rounds half up") {
  auto p = policy(R"(policy "t" { currency VND
    reward D { discount 12.5% on order
      cost 1 point } })");
  // 12.5% of 1,004 = 125.5 -> 126 (half up)
  auto d = run(*p, request(R"({"id": "M", "points": 1})", R"({"sku": "A", "qty": 1, "price": 1004})", "2026-03-09T10:00:00+07:00",
                           R"([{"reward": "D"}])"));
  REQUIRE(d);
  CHECK(d->discounts[0].amount == 126);
  CHECK(d->paid == 878);
}

TEST_CASE("every refusal code has its channel; malformed requests are bad input") {
  CHECK(channel(RefusalCode::bad_input) == Channel::bad_input);
  for (auto code : {RefusalCode::unknown_reward, RefusalCode::insufficient_points, RefusalCode::minimum_balance,
                    RefusalCode::cap_exceeded, RefusalCode::step, RefusalCode::condition_not_met, RefusalCode::voucher_not_held,
                    RefusalCode::not_a_voucher, RefusalCode::not_applicable, RefusalCode::overflow, RefusalCode::unknown_tier}) {
    INFO(name(code));
    CHECK(channel(code) == Channel::refused);
  }
  auto p = policy(R"(policy "t" { currency VND
    earn 5%
    reward V { voucher 10_000
      cost 10 points } })");
  // An order discount larger than the order's total, and a redemption of qty 0.
  auto too_big = run(*p, request(R"({"id": "M"})", R"({"sku": "A", "qty": 1, "price": 1000})", "2026-03-09T10:00:00+07:00", "[]",
                                 R"(, "discount": 2000)"));
  REQUIRE_FALSE(too_big);
  CHECK(name(too_big.refusal().code) == "bad-input");
  CHECK(channel(too_big.refusal().code) == Channel::bad_input);
  CHECK(too_big.refusal().path == "$.order.discount");
  auto zero = run(*p, request(R"({"id": "M", "points": 100})", R"({"sku": "A", "qty": 1, "price": 1000})",
                              "2026-03-09T10:00:00+07:00", R"([{"reward": "V", "qty": 0}])"));
  REQUIRE_FALSE(zero);
  CHECK(channel(zero.refusal().code) == Channel::bad_input);
  CHECK(zero.refusal().path == "$.redeem[0]");
}

TEST_CASE("every refusal code is documented in docs/semantics.md") {
  std::ifstream in(std::string(LOYALTY_SOURCE_DIR) + "/docs/semantics.md");
  std::stringstream doc;
  doc << in.rdbuf();
  for (auto code = RefusalCode::bad_input; code <= RefusalCode::overflow;
       code = static_cast<RefusalCode>(static_cast<int>(code) + 1)) {
    INFO(name(code));
    CHECK_THAT(doc.str(), Catch::Contains("| `" + std::string(name(code)) + "` |"));
  }
}

TEST_CASE("JSON strings are strings: a number is not an id, a SKU or a tier") {
  auto p = policy(R"(policy "t" { currency VND
    earn 5% })");
  struct Case {
    const char* json;
    const char* path;
  };
  const Case cases[] = {
      {R"({"member": {"id": 1.5}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": []}})", "$.member.id"},
      {R"({"member": {"id": 15}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": []}})", "$.member.id"},
      {R"({"member": {"id": "M"}, "order": {"id": 2.0, "at": "2026-03-01T10:00:00+07:00", "lines": []}})", "$.order.id"},
      {R"({"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": [{"sku": 1e3, "qty": 1, "price": 1}]}})",
       "$.order.lines[0].sku"},
      {R"({"member": {"id": "M", "tier": 0.5}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": []}})",
       "$.member.tier"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    const Refusal r = bad_request(*p, c.json);
    CHECK(r.path == c.path);
    CHECK(r.message == "expected a string");
  }
  // Numbers with a fraction are still read exactly where a number belongs.
  auto ok = parse_request(*p, R"({"member": {"id": "M", "points": 0}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00",
                                  "lines": [{"sku": "A", "qty": 1, "price": 10.0}]}})");
  REQUIRE(ok);
  CHECK(ok->order.lines[0].price == 10);
}

TEST_CASE("an overflow names the rule and the line of the policy it is written on") {
  auto compiled = compile(dsl::Source("cafe.loy", R"(policy "t" { currency VND

    rule big on every line { earn 1_000_000_000 points per unit } })"));
  REQUIRE(compiled.policy);
  auto d = run(*compiled.policy, request(R"({"id": "M"})", R"({"sku": "A", "qty": 1000000000000, "price": 1})"));
  REQUIRE_FALSE(d);
  CHECK(name(d.refusal().code) == "overflow");
  CHECK_THAT(d.refusal().message, Catch::Contains("rule `big` (cafe.loy:3)"));
  CHECK(d.refusal().path == "$.order.lines[0]");
}

TEST_CASE("analyze reports syntax and semantic mistakes of one file together") {
  auto a = dsl::analyze(dsl::Source("t.loy", R"(policy "t" { currency VND
    earn
    tier G { qualify when spend > 1 }
  })"));
  REQUIRE(a.policy);
  CHECK_FALSE(a.ok());
  // The broken `earn` does not hide that no tier is the default: only a
  // skipped `tier` statement could have been it.
  std::vector<std::string> codes;
  for (const auto& d : a.diagnostics) codes.emplace_back(name(d.code));
  CHECK(codes == std::vector<std::string>{"no-default-tier", "syntax-error"});
}

TEST_CASE("a syntax error no longer switches off unknown-name checks elsewhere") {
  auto a = dsl::analyze(dsl::Source("t.loy", R"(policy "t" {
  currency VND
  tier A default {}
  tier B "Broken" defualt { qualify when spend > 1 }
  rule r on every line { earn 1 point per unit
    when tier in [B, C] }
})"));
  // B's declaration was skipped by its syntax error, so `B` is not unknown; `C` is.
  REQUIRE(a.diagnostics.size() == 2);
  CHECK(name(a.diagnostics[0].code) == "syntax-error");
  CHECK(name(a.diagnostics[1].code) == "unknown-tier");
  CHECK(a.diagnostics[1].message == "no tier is called `C`");
}

TEST_CASE("trace entries point back to the policy's lines") {
  auto compiled = compile(dsl::Source("cafe.loy", R"(policy "t" {
  currency EUR
  earn 1 point per 1
  earn 10 points per order
  rule beans on product "B" exclusive {
    earn 5 points per unit
  }
  rule late on product "B" {
    earn 1 point per unit
  }
})"));
  REQUIRE(compiled.policy);
  const Policy& p = *compiled.policy;
  auto r = parse_request(
      p, request(R"({"id": "M"})", R"({"sku": "B", "qty": 1, "price": "2.00"}, {"sku": "C", "qty": 1, "price": "3.00"})"));
  REQUIRE(r);
  auto d = evaluate(p, r->member, r->order, r->redeem);
  REQUIRE(d);
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < d->trace.size(); ++i)
    seen.push_back(std::string(trace_kind(d->trace[i])) + " " + trace_subject(p, d->trace[i]) + " " +
                   trace_source(p, d->trace[i]));
  // beans applies (its earn on line 6), late is skipped (the rule on line 8),
  // the base earn is line 3 (tier `default` is implicit), the order earn line 4.
  CHECK(seen == std::vector<std::string>{"rule beans cafe.loy:6", "skipped late cafe.loy:8", "base default cafe.loy:3",
                                         "order_earn  cafe.loy:4"});
}

TEST_CASE("at most 64 tiers, said by check itself") {
  std::string text = "policy \"t\" { currency VND\n  tier T0 default {}\n";
  for (int i = 1; i <= 64; ++i)
    text += "  tier T" + std::to_string(i) + " { qualify when spend >= " + std::to_string(i * 1000) + " }\n";
  text += "}\n";
  const dsl::Source source("t.loy", text);
  auto a = dsl::analyze(source);
  REQUIRE(a.diagnostics.size() == 1);
  CHECK(name(a.diagnostics[0].code) == "limit-exceeded");
  CHECK(source.locate(a.diagnostics[0].span.begin).line == 66);  // T64, the 65th tier
  CHECK_FALSE(compile(source).policy);
}

TEST_CASE("money precision is judged on the digits written; dotted thousands get a hint") {
  struct Case {
    const char* body;
    const char* help;  // nullptr: no diagnostic
  };
  const Case cases[] = {
      {"currency VND\nreward V { voucher 20.000\ncost 1 point }",
       "for 20 thousand write 20_000: `_` groups digits, `.` starts decimals"},
      {"currency VND\nreward V { voucher 50_000.00\ncost 1 point }",
       "money amounts are written in the currency's minor unit at most"},
      {"currency EUR\nreward V { voucher 5.000\ncost 1 point }",
       "money amounts are written in the currency's minor unit at most"},
      {"currency EUR\nreward V { voucher 5.00\ncost 1 point }", nullptr},
      {"currency VND\nreward V { voucher 20_000\ncost 1 point }", nullptr},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    auto a = dsl::analyze(dsl::Source("t.loy", std::string("policy \"t\" {\n") + c.body + "\n}\n"));
    if (!c.help) {
      CHECK(a.diagnostics.empty());
      continue;
    }
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(name(a.diagnostics[0].code) == "money-precision");
    CHECK(a.diagnostics[0].help == c.help);
  }
  auto points = dsl::analyze(dsl::Source("t.loy", "policy \"t\" { currency VND\nreward V { voucher 5\ncost 100.0 points } }"));
  REQUIRE(points.diagnostics.size() == 1);
  CHECK(name(points.diagnostics[0].code) == "points-precision");
}

TEST_CASE("a name with spaces at either end is a warning") {
  auto a = dsl::analyze(dsl::Source("t.loy", R"(policy "t" { currency VND
    rule r on category "Food ", "Drinks" { earn 1 point per unit
      when store in [" HN01", HCM] }
    reward G { gift "CAKE "
      cost 1 point } })"));
  CHECK(messages(a.diagnostics) == std::vector<std::string>{"padded-string: \"Food \" has spaces at its start or end",
                                                            "padded-string: \" HN01\" has spaces at its start or end",
                                                            "padded-string: \"CAKE \" has spaces at its start or end"});
}

TEST_CASE("thousands written with dots are refused with the way to write them") {
  auto a = dsl::analyze(dsl::Source("t.loy", "policy \"t\" { currency VND\nreward V { voucher 2.000.000\ncost 1 point } }"));
  REQUIRE(a.diagnostics.size() == 1);
  CHECK(name(a.diagnostics[0].code) == "syntax-error");
  CHECK_THAT(a.diagnostics[0].message, Catch::Contains("write 2_000_000"));
}
