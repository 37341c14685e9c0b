// The parser: every construct, syntax errors with positions, recovery, and
// hostile input that must get diagnostics rather than a crash.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"
#include "loyalty/dsl/suggest.hpp"

using namespace loyalty::dsl;

namespace {

ParseResult parse_text(const std::string& text) { return parse(Source("t.loy", text)); }

std::string ast_of(const std::string& body) {
  auto r = parse_text("policy \"p\" {\n" + body + "\n}\n");
  for (const auto& d : r.diagnostics) UNSCOPED_INFO(d.message);
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.policy);
  return dump(*r.policy);
}

}  // namespace

TEST_CASE("every construct parses to its AST") {
  struct Case {
    const char* source;
    const char* expected;  // a line of the dump
  };
  const Case cases[] = {
      {"currency VND", "  currency VND\n"},
      {"currency XBT decimals 8", "  decimals 8\n"},
      {"points decimals 2", "  points decimals 2\n"},
      {"rounding half_even", "  rounding half_even\n"},
      {"timezone +07:00", "  timezone 420\n"},
      {"timezone -03:30", "  timezone -210\n"},
      {"timezone Asia/Ho_Chi_Minh", "  timezone Asia/Ho_Chi_Minh\n"},
      {"earn on subtotal", "  earn on subtotal yes\n"},
      {"returns stop at zero", "  returns stop at zero\n"},
      {"points expire after 12 months", "  expire after 12 months\n"},
      {"earn 5%", "  earn 5%\n"},
      {"earn 0.005%", "  earn 0.005%\n"},
      {"earn 1 point per 10_000", "  earn 1 per 10000\n"},
      {"earn 2 points per full 1_000", "  earn 2 per full 1000\n"},
      {"earn 10 points per order when amount >= 500_000", "      amount >= 500000\n"},
      {"multiply base by 1.5 when weekday in [sat, sun]", "      weekday in [sat, sun]\n"},
      {"tier G \"Gold\" retired { qualify when spend >= 1_000 }", "  tier G \"Gold\" retired\n    qualify spend >= 1000\n"},
      {"tier S default {\n earn 5%\n}", "  tier S \"\" default\n    earn 5%\n"},
      {"rule r \"R\" on product \"A\", \"B\" exclusive {\n earn 5 points per unit\n cap 10 points\n}",
       "  rule r \"R\" on product [\"A\", \"B\"] exclusive\n    earn 5 per unit\n    cap 10\n"},
      {"rule r on category \"Food/Bakery\" { earn 1 point per unit\n when qty >= 2 and store in [\"HN01\", HCM] }",
       "      store in [HN01, HCM]\n"},
      {"rule r on every line { earn 1%\n when date from 2026-12-01 to 2026-12-31 }",
       "      date from 2026-12-01 to 2026-12-31\n"},
      {"rule r on every line { earn 1%\n when channel in [online] and tier in [G] }", "      channel in [online]\n"},
      {"review every 1 year from 2026-01-01 {\n G when spend <= 9: keep tier, reduce spend by 5\n}",
       "  review every 1 years from 2026-01-01\n    G when spend <= 9\n      keep tier\n      reduce spend by 5\n"},
      {"review every 6 months {\n G: keep spend\n}", "  review every 6 months from joined\n    G\n      keep spend\n"},
      {"reward R { resale 3 points = 100\n max 50% of order\n max 200_000 per order\n step 100 points\n minimum balance 1000 "
       "points }",
       "    resale 3 = 100\n    minimum 1000\n    max% 50\n    max 200000\n    step 100\n"},
      {"reward R { discount 50_000 on product \"SKU\"\n cost 10 points\n max 20_000 }", "    discount 50000 on product SKU\n"},
      {"reward R { discount 10% on cheapest line\n cost 1 point }", "    discount 10% on cheapest line \n"},
      {"reward R { gift \"ESPRESSO\" qty 2\n cost 100 points }", "    gift \"ESPRESSO\" qty 2\n"},
      {"reward R \"Phiếu\" { voucher 50_000; cost 500 points; when tier in [G] }",
       "  reward R \"Phiếu\"\n    voucher 50000\n    cost 500\n"},
      {"tier Bạc \"Thành viên bạc\" default {}", "  tier Bạc \"Thành viên bạc\" default\n"},
      {"rule r \"All\" { earn 1 point per unit }", "  rule r \"All\" on every line []\n"},
      {"rule r on all lines exclusive { earn 1% }", "  rule r \"\" on every line [] exclusive\n"},
      {"reward R { gift 2 \"ESPRESSO\"\n cost 100 points }", "    gift \"ESPRESSO\" qty 2\n"},
  };
  for (const auto& c : cases) {
    INFO(c.source);
    CHECK_THAT(ast_of(c.source), Catch::Contains(c.expected));
  }
}

TEST_CASE("syntax errors say what was expected, where") {
  struct Case {
    const char* body;
    std::uint32_t line, column;
    const char* message;
  };
  const Case cases[] = {
      {"review every 12 months {\n  A when cycle_spend < 1: demote to\n}", 3, 36, "expected a tier id after `demote to`"},
      {"rounding sideways", 2, 10, "expected a rounding mode"},
      {"tier B \"Vàng\" defualt {\n}", 2, 15, "expected `default`, `retired` or `{` after the tier's name, found `defualt`"},
      {"earn 5 points", 2, 14, "expected `per` after `points`"},
      {"rule r on product { earn 1% }", 2, 19, "expected a quoted SKU or category path"},
      {"reward R {\n  voucher fifty\n}", 3, 11, "expected an amount of money"},
      {"tier A {\n  qualify spend > 5\n}", 3, 11, "expected `when` after `qualify`"},
      {"earn 5% extra", 2, 9, "expected the end of the statement, found `extra`"},
      {"frobnicate 3", 2, 1, "expected a policy statement"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const Source source("t.loy", std::string("policy \"p\" {\n") + c.body + "\n}\n");
    auto r = parse(source);
    REQUIRE(!r.diagnostics.empty());
    const auto& d = r.diagnostics.front();
    CHECK(name(d.code) == "syntax-error");
    CHECK_THAT(d.message, Catch::Contains(c.message));
    const auto at = source.locate(d.span.begin);
    CHECK(at.line == c.line);
    CHECK(at.column == c.column);
  }
}

TEST_CASE("columns count characters, not bytes") {
  const Source source("t.loy", "policy \"p\" {\n  tier Bạc \"Thành viên\" defualt {}\n}\n");
  auto r = parse(source);
  REQUIRE(r.diagnostics.size() == 1);
  // `defualt` starts at character 25 of its line although it is byte 29
  CHECK(source.locate(r.diagnostics[0].span.begin).column == 25);
}

TEST_CASE("recovery reports several errors in one run") {
  auto r = parse_text(R"(policy "p" {
  currency VND
  rounding sideways
  tier A default {
    earnn 5%
    earn 5%
  }
  rule r on product "A" { earn 1 point per unit
    cap lots points }
  reward X { voucher 1 }
  earn 5 points per flurb
}
)");
  REQUIRE(r.policy);
  std::vector<std::uint32_t> lines;
  const Source s("t.loy", "");
  for (const auto& d : r.diagnostics) lines.push_back(d.span.begin);
  CHECK(r.diagnostics.size() == 4);
  // the statements around the bad ones are still in the AST
  REQUIRE(r.policy->tiers.size() == 1);
  CHECK(r.policy->tiers[0].earns.size() == 1);
  CHECK(r.policy->rules.size() == 1);
  CHECK(r.policy->rewards.size() == 1);
}

TEST_CASE("hostile input gets diagnostics, not a crash") {
  SECTION("random bytes") {
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
      std::string text(static_cast<std::size_t>(rng() % 400), '\0');
      for (auto& c : text) c = static_cast<char>(rng());
      if (i % 2) text = "policy \"p\" {\n" + text + "\n}";
      auto r = parse_text(text);
      CHECK(!r.diagnostics.empty());
    }
  }
  SECTION("a file over 1 MiB") {
    auto r = parse_text(std::string((1 << 20) + 1, '#'));
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(name(r.diagnostics[0].code) == "limit-exceeded");
  }
  SECTION("1 MiB of statements") {
    std::string text = "policy \"p\" {\n";
    while (text.size() < (1 << 20) - 64) text += "  earn 5 per\n";
    text += "}\n";
    auto r = parse_text(text);
    CHECK(!r.diagnostics.empty());
    CHECK(r.diagnostics.size() <= max_diagnostics + 1);
  }
  SECTION("10,000 nested brackets and braces") {
    auto a = parse_text("policy \"p\" {\n rule r on every line { earn 1%\n when tier in " + std::string(10000, '[') +
                        std::string(10000, ']') + " }\n}");
    CHECK(!a.diagnostics.empty());
    auto b = parse_text("policy \"p\" " + std::string(10000, '{') + std::string(10000, '}'));
    CHECK(!b.diagnostics.empty());
  }
}

TEST_CASE("both examples of the specification parse as written") {
  for (const char* name : {"ipos_membership.loy", "odoo_cafe.loy"}) {
    INFO(name);
    std::ifstream in(std::string(LOYALTY_SOURCE_DIR) + "/tests/golden/spec/" + name);
    std::stringstream text;
    text << in.rdbuf();
    auto r = parse_text(text.str());
    CHECK(r.diagnostics.empty());
    CHECK(r.policy);
  }
}

TEST_CASE("the error that reaches the limit is reported, not thrown") {
  // 100 broken statements, then an unclosed policy: the last error is the one over the limit.
  std::string text = "policy \"p\" {\n";
  for (int i = 0; i < 100; ++i) text += "  earn 5 per\n";
  auto r = parse_text(text);
  REQUIRE(!r.diagnostics.empty());
  CHECK(name(r.diagnostics.back().code) == "too-many-errors");
}

TEST_CASE("bytes a policy should not hold are named, not echoed or misread") {
  SECTION("invalid UTF-8 is said as such, with its line and column") {
    auto r = parse_text("policy \"p\" {\n  currency VND\n  rule r \"Caf\xE9\" { earn 1% }\n}\n");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message == "invalid UTF-8 at 3:14 (byte 0xE9)");
  }
  SECTION("a NUL byte is named") {
    auto r = parse_text(std::string("policy \"p\" {\n  currency VND\n  \0\n}\n", 34));
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK_THAT(r.diagnostics[0].message, Catch::Contains("found the control character U+0000"));
    CHECK(r.diagnostics[0].message.find('\0') == std::string::npos);
  }
  SECTION("lines ending with a lone CR are lines") {
    auto r = parse_text("policy \"p\" {\r  currency VND\r  rounding sideways\r}\r");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(Source("t.loy", "policy \"p\" {\r  currency VND\r  rounding sideways\r}\r").locate(r.diagnostics[0].span.begin).line ==
          3);
  }
}

TEST_CASE("a diagnostic on a very long line shows the part around the caret") {
  // One syntax error, then 320 kB more on the same line.
  std::string text = "policy \"p\" { currency VND; rounding sideways; # " + std::string(320000, 'x') + "\n}\n";
  const Source source("t.loy", text);
  auto r = parse(source);
  REQUIRE(r.diagnostics.size() == 1);
  const std::string out = render_text(source, r.diagnostics, false);
  CHECK(out.size() < 400);
  CHECK_THAT(out, Catch::Contains("rounding sideways; # xxx") && Catch::Contains("xxx..."));
}

TEST_CASE("edit distances whole and bounded") {
  struct Case {
    std::string_view a, b;
    std::size_t distance;
  };
  // Worked by hand: substitutions, insertions, deletions; empty words; a word longer
  // than the on-stack row.
  const std::string long_a(60, 'a'), long_b = std::string(58, 'a') + "bc";
  const Case cases[] = {
      {"", "", 0},        {"tier", "tier", 0}, {"teir", "tier", 2}, {"tire", "tier", 2},      {"earns", "earn", 1},
      {"ean", "earn", 1}, {"xyz", "earn", 4},  {"", "spend", 5},    {"kitten", "sitting", 3}, {long_a, long_b, 2}};
  for (const auto& c : cases) {
    INFO(c.a << " / " << c.b);
    CHECK(edit_distance(c.a, c.b) == c.distance);
    CHECK(edit_distance(c.b, c.a) == c.distance);
    for (std::size_t bound = 0; bound <= c.distance + 1; ++bound)
      CHECK(edit_distance_below(c.a, c.b, bound) == std::min(c.distance, bound));
  }
  // A suggestion is a near miss only.
  CHECK(nearest_keyword("tiers") == std::optional<std::string>("tier"));
  CHECK(nearest_keyword("zzzzzzzz") == std::nullopt);
}
