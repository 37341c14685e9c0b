// Test helpers: compile a policy from text, evaluate a JSON request.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "loyalty/explain.hpp"
#include "loyalty/json.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty::test {

// The policy of the tests at the bounds of unchecked sums (bounds.hpp), for
// evaluate_into and the bulk path alike: an order earn, a base rate, an
// exclusion, a per-unit rule, an exclusive category rule, and a rule that
// could earn too much on a line within the bounds (so it never takes the
// unchecked sums).
inline constexpr const char* bounds_policy = R"(policy "b" {
  currency VND
  earn 10 points per order when amount >= 500_000
  earn 1%
  exclude product "CARD"
  rule coffee on product "LATTE" {
    earn 2 points per unit
  }
  rule bakery on category "Food/Bakery" exclusive {
    earn 1 point per full 10_000
  }
  rule huge on product "GOLD" {
    earn 1_000_000 points per unit
    earn 5_000 points per 1
  }
})";

inline PolicyPtr policy(const std::string& text) {
  auto compiled = compile(dsl::Source("test.loy", text));
  for (const auto& d : compiled.diagnostics) UNSCOPED_INFO(name(d.code) << ": " << d.message);
  REQUIRE(compiled.policy);
  return compiled.policy;
}

inline Result<Decision> run(const Policy& p, const std::string& request) {
  auto r = parse_request(p, request);
  if (!r) FAIL(r.refusal().path << ": " << r.refusal().message);
  return evaluate(p, r.value().member, r.value().order, r.value().redeem);
}

// Diagnostics as "code: message" lines, for comparing with what a test expects.
inline std::vector<std::string> messages(const dsl::Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(std::string(name(d.code)) + ": " + d.message);
  return out;
}

// The refusal of a request that must be refused as malformed while it is read.
inline Refusal bad_request(const Policy& p, const std::string& json) {
  auto r = parse_request(p, json);
  REQUIRE_FALSE(r);
  CHECK(name(r.refusal().code) == "bad-input");
  return r.refusal();
}

// The refusal of a request, whether reading it or evaluating it refused it.
inline std::optional<Refusal> refusal_of(const Policy& p, const std::string& request) {
  auto r = parse_request(p, request);
  if (!r) return r.refusal();
  auto d = evaluate(p, r.value().member, r.value().order, r.value().redeem);
  if (!d) return d.refusal();
  return std::nullopt;
}

// A request for one member and some lines, at a given time.
inline std::string request(const std::string& member, const std::string& lines,
                           const std::string& at = "2026-03-09T10:00:00+07:00", const std::string& redeem = "[]",
                           const std::string& extra = "") {
  return "{\"member\": " + member + ", \"order\": {\"id\": \"O1\", \"at\": \"" + at + "\"" + extra + ", \"lines\": [" + lines +
         "]}, \"redeem\": " + redeem + "}";
}

}  // namespace loyalty::test
