// Lint: each style rule, and each breaking change against a baseline, from a
// pair of small policies (the baseline, then the change).
#include "loyalty/dsl/lint.hpp"
#include "helpers.hpp"
#include "loyalty/dsl/analyze.hpp"

namespace loyalty::test {
namespace {

const char* const base = R"(policy "P" {
  currency VND
  rounding floor
  earn 1 point per 10_000
  tier basic "Basic" default {
    earn 1%
  }
  tier gold "Gold" {
    qualify when spend > 5_000_000
    earn 2%
  }
  rule coffee "Coffee" on product "CF01" {
    earn 5 points per unit
  }
  reward V50 "Voucher" {
    voucher 50_000
    cost 500 points
  }
  reward PAY "Pay" {
    resale 1 point = 100
    max 50% of order
  }
}
)";

// Lint `changed` (a replacement of `from` by `to` in the base) against the base.
std::vector<std::string> lint_change(const std::string& from, const std::string& to, std::optional<dsl::Date> today = {}) {
  std::string changed = base;
  const auto at = changed.find(from);
  REQUIRE(at != std::string::npos);
  changed.replace(at, from.size(), to);
  const dsl::Source old_source("old.loy", base), new_source("new.loy", changed);
  const auto was = dsl::analyze(old_source), now = dsl::analyze(new_source);
  REQUIRE(was.ok());
  INFO(changed);
  for (const auto& d : now.diagnostics) UNSCOPED_INFO(name(d.code) << ": " << d.message);
  REQUIRE(now.ok());
  std::vector<std::string> out;
  for (const auto& d : dsl::lint(*now.policy, {.baseline = &*was.policy, .today = today}))
    out.push_back(std::string(d.severity == dsl::Severity::error ? "error " : "warning ") + std::string(name(d.code)));
  return out;
}

using Codes = std::vector<std::string>;

TEST_CASE("lint: a policy against itself reports nothing") { CHECK(lint_change("", "").empty()); }

TEST_CASE("lint: each breaking change against the baseline, error or warning") {
  struct Case {
    const char *from, *to;
    Codes codes;
  };
  const Case cases[] = {
      {"  tier gold \"Gold\" {\n    qualify when spend > 5_000_000\n    earn 2%\n  }\n", "", {"error tier-removed"}},
      {"tier gold \"Gold\"", "tier golden \"Gold\"", {"error id-renamed"}},
      {"reward V50 \"Voucher\"", "reward V50K \"Voucher\"", {"error id-renamed"}},
      {"rule coffee \"Coffee\"", "rule cafe \"Coffee\"", {"warning id-renamed"}},
      {"  reward V50 \"Voucher\" {\n    voucher 50_000\n    cost 500 points\n  }\n", "", {"error reward-removed"}},
      {"tier basic \"Basic\" default {\n    earn 1%\n  }\n  tier gold \"Gold\" {\n    qualify when spend > 5_000_000",
       "tier basic \"Basic\" {\n    qualify when spend > 1_000\n    earn 1%\n  }\n  tier gold \"Gold\" default {\n    earn 2%\n  "
       "}\n  tier "
       "plat \"Plat\" {\n    qualify when spend > 5_000_000",
       {"error default-tier-changed"}},
      {"currency VND", "currency USD", {"error currency-changed"}},
      {"rounding floor", "rounding floor\n  points decimals 2", {"error point-scale-changed"}},
      {"spend > 5_000_000", "spend > 6_000_000", {"warning threshold-raised"}},
      {"    earn 2%", "    earn 1.5%", {"warning rate-lowered"}},
      {"earn 1 point per 10_000", "earn 1 point per 20_000", {"warning rate-lowered"}},
      {"earn 5 points per unit", "earn 4 points per unit", {"warning rate-lowered"}},
      {"cost 500 points", "cost 600 points", {"warning reward-dearer"}},
      {"  rule coffee", "  exclude category \"Gift cards\", \"Tobacco\"\n  rule coffee",
       {"warning exclusion-added", "warning exclusion-added"}},
      // Not breaking: a lower threshold, a higher rate, a cheaper reward, a new tier, another kind of rate.
      {"spend > 5_000_000", "spend > 4_000_000", {}},
      {"    earn 2%", "    earn 3%", {}},
      {"cost 500 points", "cost 400 points", {}},
      {"earn 1 point per 10_000", "earn 0.01%", {}},
  };
  for (const Case& c : cases) {
    INFO(c.to);
    CHECK(lint_change(c.from, c.to) == c.codes);
  }
}

TEST_CASE("lint: style rules") {
  CHECK(lint_change("  rounding floor\n", "") == Codes{"warning undeclared-rounding"});
  CHECK(lint_change("    max 50% of order\n", "") == Codes{"warning uncapped-resale"});
  CHECK(lint_change(
            "rule coffee \"Coffee\" on product \"CF01\" {\n    earn 5 points per unit\n  }",
            "rule coffee \"Coffee\" on product \"CF01\" {\n    earn 5 points per unit\n  }\n  rule latte \"Latte\" on product "
            "\"CF01\", \"CF02\" {\n    earn 1 point per unit\n  }") == Codes{"warning overlapping-rules"});
  CHECK(lint_change(
            "rule coffee \"Coffee\" on product \"CF01\" {\n    earn 5 points per unit\n  }",
            "rule coffee \"Coffee\" on product \"CF01\" exclusive {\n    earn 5 points per unit\n  }\n  rule latte \"Latte\" on "
            "product \"CF01\" {\n    earn 1 point per unit\n  }")
            .empty());
  CHECK(lint_change("  rule coffee", "  tier plat \"Plat\" {\n    qualify when spend >= 5_000_001\n  }\n  rule coffee") ==
        Codes{"warning unreachable-tier"});
  const std::string window = "earn 5 points per unit\n    when date from 2026-12-01 to 2026-12-31";
  CHECK(lint_change("earn 5 points per unit", window, dsl::Date{2027, 1, 1, {}}) == Codes{"warning ended-window"});
  CHECK(lint_change("earn 5 points per unit", window, dsl::Date{2026, 12, 31, {}}).empty());
  CHECK(lint_change("earn 5 points per unit", window).empty());  // without --today, no judgement
}

}  // namespace
}  // namespace loyalty::test
