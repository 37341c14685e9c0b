// The checker: each semantic error and warning, with its code and line.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "loyalty/dsl/analyze.hpp"

using namespace loyalty::dsl;

namespace {

Diagnostics check_text(const std::string& text, const Source*& keep) {
  static std::vector<std::unique_ptr<Source>> sources;
  sources.push_back(std::make_unique<Source>("t.loy", text));
  keep = sources.back().get();
  return analyze(*keep).diagnostics;
}

}  // namespace

TEST_CASE("each semantic mistake has its code and line") {
  struct Case {
    const char* body;  // inside `policy "p" { currency VND ... }`, starting on line 3
    const char* code;
    std::uint32_t line;
  };
  const Case cases[] = {
      {"tier A default {}\ntier A { qualify when spend > 1 }", "duplicate-id", 4},
      {"tier A {}\ntier B { qualify when spend > 1 }", "no-default-tier", 1},
      {"tier A default {}\ntier B default {}", "several-default-tiers", 4},
      {"tier A default retired {}", "retired-default", 3},
      {"tier A default { qualify when spend > 5 }", "default-qualify", 3},
      {"tier A default {}\ntier B {}", "missing-qualify", 4},
      {"tier A default {}\ntier B { qualify when spend > 9 }\ntier C { qualify when spend > 5 }", "thresholds-not-increasing", 5},
      {"tier A default {}\nrule r on every line { earn 1%\nwhen tier in [Z] }", "unknown-tier", 5},
      // without tiers there is one, `default`, and no other
      {"rule r on every line { earn 1%\nwhen tier in [default, Z] }", "unknown-tier", 4},
      {"tier A default {}\ntier B { qualify when spend > 9 }\nreview every 1 year {\nA: demote to B\n}", "demote-not-lower", 6},
      {"tier A default {}\ntier B { qualify when spend > 9 }\nreview every 1 year {\nB: demote to Q\n}", "unknown-tier", 6},
      {"tier A default {}\nreview every 1 year {\nA: keep spend\nA: reset spend to 0\n}", "review-duplicate-tier", 6},
      {"tier A default {}\nreview every 1 year {\nA: keep spend, reset spend to 0\n}", "conflicting-actions", 5},
      {"reward V { voucher 50_000.5\ncost 1 point }", "money-precision", 3},
      {"reward V { voucher 5\ncost 1.5 points }", "points-precision", 4},
      {"earn 0%", "not-positive", 3},
      {"reward V { voucher 0\ncost 1 point }", "not-positive", 3},
      {"reward V { discount 150% on order\ncost 1 point }", "percent-over-100", 3},
      {"rule a on product \"X\" exclusive { earn 1 point per unit }\nrule b on product \"X\" { earn 2 points per unit }",
       "shadowed-rule", 4},
      {"earn 5%\nearn 1 point per 1_000", "several-base-earns", 4},
      {"earn 5 points per unit", "misplaced-earn", 3},
      {"rule r on every line { earn 1% when qty > 1 }", "misplaced-condition", 3},
      {"rule r on every line { cap 5 points }", "rule-without-earn", 3},
      {"rule r on every line { earn 1%\nwhen date from 2026-12-31 to 2026-12-01 }", "empty-date-range", 4},
      {"reward R { cost 5 points }", "reward-kind", 3},
      {"reward R { voucher 5\nvoucher 6\ncost 1 point }", "reward-kind", 3},
      {"reward R { voucher 5 }", "reward-option", 3},
      {"reward R { gift \"A\"\ncost 1 point\nstep 5 points }", "reward-option", 5},
      {"rule r on every line { earn 1%\nwhen date from 2026-02-30 to 2026-03-01 }", "bad-date", 4},
      {"rounding floor\nrounding ceil", "duplicate-setting", 4},
      {"earn 99999999999999999999%", "bad-number", 3},
      {"tier A default {}\ntier R retired { qualify when spend > 5 }\ntier B { qualify when spend > 9 }\nreview every 1 year "
       "{\nB: demote to R\n}",
       "retired-target", 7},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const Source* source = nullptr;
    auto diags = check_text(std::string("policy \"p\" {\ncurrency VND\n") + c.body + "\n}\n", source);
    bool found = false;
    for (const auto& d : diags) {
      if (name(d.code) == c.code && source->locate(d.span.begin).line == c.line) found = true;
      UNSCOPED_INFO(name(d.code) << " at line " << source->locate(d.span.begin).line << ": " << d.message);
    }
    CHECK(found);
  }
}

TEST_CASE("a policy without tiers may name its one tier, `default`, in a condition") {
  const Source* source = nullptr;
  const auto diags =
      check_text("policy \"p\" {\ncurrency VND\nrule r on every line { earn 1%\nwhen tier in [default] }\n}\n", source);
  CHECK(diags.empty());
}

TEST_CASE("currencies: known, unknown, and decimals") {
  const Source* s = nullptr;
  auto unknown = check_text("policy \"p\" { currency XBT }", s);
  REQUIRE(unknown.size() == 1);
  CHECK(name(unknown[0].code) == "unknown-currency");
  CHECK(check_text("policy \"p\" { currency XBT decimals 8 }", s).size() == 1);  // 8 > 6: scale-too-large
  CHECK(check_text("policy \"p\" { currency XBT decimals 4 }", s).empty());
  CHECK(check_text("policy \"p\" { currency EUR\n earn 1 point per 0.50 }", s).empty());
  auto precise = check_text("policy \"p\" { currency EUR\n earn 1 point per 0.505 }", s);
  REQUIRE(precise.size() == 1);
  CHECK(name(precise[0].code) == "money-precision");
  CHECK(name(check_text("policy \"p\" { }", s)[0].code) == "missing-currency");
  // an unknown currency is one error, not one more per amount written with decimals
  auto once = check_text("policy \"p\" { currency XYZ\n earn 1 point per 0.50\n reward V { voucher 12.50\n cost 1 point } }", s);
  REQUIRE(once.size() == 1);
  CHECK(name(once[0].code) == "unknown-currency");
  auto missing = check_text("policy \"p\" {\n earn 1 point per 0.50 }", s);
  REQUIRE(missing.size() == 1);
  CHECK(name(missing[0].code) == "missing-currency");
}

TEST_CASE("a policy with five different mistakes gets five diagnostics at the right places") {
  const Source* s = nullptr;
  auto diags = check_text(R"(policy "Five" {
  currency VND
  tier S "Bạc" default {
    earn 5%
  }
  tier G "Vàng" {
    qualify when spend > 5_000_000.5
  }
  tier S "Again" {
    qualify when spend > 9_000_000
  }
  review every 0 months {
    G when cycle_spend < 1: demote to P
  }
  reward V { discount 120% on order
    cost 10 points }
}
)",
                          s);
  std::vector<std::pair<std::string, Location>> got;
  for (const auto& d : diags) got.emplace_back(name(d.code), s->locate(d.span.begin));
  REQUIRE(got.size() == 5);
  CHECK(got[0].first == "money-precision");
  CHECK((got[0].second.line == 7 && got[0].second.column == 26));
  CHECK(got[1].first == "duplicate-id");
  CHECK((got[1].second.line == 9 && got[1].second.column == 8));
  CHECK(got[2].first == "not-positive");  // review every 0 months
  CHECK((got[2].second.line == 12 && got[2].second.column == 16));
  CHECK(got[3].first == "unknown-tier");
  CHECK((got[3].second.line == 13 && got[3].second.column == 39));
  CHECK(got[4].first == "percent-over-100");
  CHECK((got[4].second.line == 15 && got[4].second.column == 23));
}

TEST_CASE("every diagnostic code is documented in docs/diagnostics.md, with an example") {
  std::ifstream in(std::string(LOYALTY_SOURCE_DIR) + "/docs/diagnostics.md");
  std::string line;
  std::map<std::string, std::string> example;  // code -> the table row's last column
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto end = line.find('`', 3);
    const auto last = line.rfind(" | ", line.size() - 3);
    if (end == std::string::npos || last == std::string::npos) continue;
    example[line.substr(3, end - 3)] = line.substr(last + 3, line.size() - last - 5);
  }
  for (const auto& c : all_codes()) {
    INFO(c.name);
    REQUIRE(example.count(c.name));
    CHECK(example[c.name].size() > 3);
  }
}
