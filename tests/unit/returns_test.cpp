// Returns that name their sale (docs/semantics.md): they take back exactly
// what the sale's line earned, for their share of its units, rounded up,
// whatever the day, tier or promotion of the return. Figures worked by hand.
#include <fmt/format.h>

#include "helpers.hpp"
#include "loyalty/replay.hpp"

namespace loyalty::test {
namespace {

const char* const promo = R"(policy "Promo" {
  currency VND
  earn 1 point per 1_000
  multiply base by 3 when date from 2026-12-20 to 2026-12-24
  rule coffee "Coffee" on category "Drinks" {
    earn 2 points per unit
  }
  earn 10 points per order when amount >= 200_000
}
)";

const std::string sale_lines =
    R"({"sku": "LATTE", "category": "Drinks", "qty": 3, "price": "50000"}, {"sku": "CAKE", "category": "Food", "qty": 1, "price": "100000"})";

TEST_CASE("a sale lists what each line earned: its rules and its share of the base, multipliers included") {
  auto p = policy(promo);
  auto d = run(*p, request(R"({"id": "M"})", sale_lines, "2026-12-22T10:00:00+07:00"));
  REQUIRE(d);
  // Base 250 x 3 = 750, shared 450 / 300; the rule's 6 on the latte; 10 for the order.
  CHECK(d.value().earned == Points{766});
  CHECK(d.value().line_points == std::vector<Points>{Points{456}, Points{300}});
}

TEST_CASE("a return on an ordinary day of a sale on a x3 day takes back what the sale earned, not today's rate") {
  auto p = policy(promo);
  const std::string member = R"({"id": "M", "points": "766"})";
  const std::string referenced =
      R"({"sku": "LATTE", "category": "Drinks", "qty": -1, "price": "50000", "returns": {"order": "O1", "line": 0, "qty": 3, "points": "456"}})";
  auto back = run(*p, request(member, referenced, "2026-12-28T10:00:00+07:00"));
  REQUIRE(back);
  CHECK(back.value().earned == Points{-152});  // 456 / 3
  CHECK(back.value().member.points == Points{614});

  // Without a reference, today's rules: 50 at the ordinary rate and 2 for the rule; the member keeps 100 of the bonus.
  auto today = run(
      *p, request(member, R"({"sku": "LATTE", "category": "Drinks", "qty": -1, "price": "50000"})", "2026-12-28T10:00:00+07:00"));
  REQUIRE(today);
  CHECK(today.value().earned == Points{-52});
  bool said = false;
  for (const auto& t : today.value().trace)
    said = said || (t.kind == TraceEntry::Kind::reversal && t.skip == TraceEntry::Skip::no_reference);
  CHECK(said);
}

TEST_CASE("a partial return takes back its share of the units, rounded up") {
  auto p = policy(promo);
  auto two = run(
      *p,
      request(
          R"({"id": "M"})",
          R"({"sku": "LATTE", "qty": -2, "price": "50000", "returns": {"order": "O1", "line": 0, "qty": 3, "points": "456"}})"));
  REQUIRE(two);
  CHECK(two.value().earned == Points{-304});
  auto third = run(
      *p,
      request(
          R"({"id": "M"})",
          R"({"sku": "LATTE", "qty": -1, "price": "50000", "returns": {"order": "O1", "line": 0, "qty": 3, "points": "10"}})"));
  REQUIRE(third);
  CHECK(third.value().earned == Points{-4});  // 3.33... rounded up
}

TEST_CASE("order conditions read the sale, not a return that names its sale") {
  auto p = policy(promo);
  const std::string mixed_referenced =
      R"({"sku": "BEANS", "category": "Food", "qty": 1, "price": "250000"}, {"sku": "CAKE", "category": "Food", "qty": -1, "price": "100000", "returns": {"order": "O1", "line": 1, "qty": 1, "points": "300"}})";
  auto d = run(*p, request(R"({"id": "M", "points": "1000"})", mixed_referenced, "2026-12-28T10:00:00+07:00"));
  REQUIRE(d);
  // 250 base on the sale, 10 for an order of 250,000, 300 taken back.
  CHECK(d.value().earned == Points{250 + 10 - 300});
  CHECK(d.value().paid == Money{150'000});
  const std::string mixed_plain =
      R"({"sku": "BEANS", "category": "Food", "qty": 1, "price": "250000"}, {"sku": "CAKE", "category": "Food", "qty": -1, "price": "100000"})";
  auto plain = run(*p, request(R"({"id": "M", "points": "1000"})", mixed_plain, "2026-12-28T10:00:00+07:00"));
  REQUIRE(plain);
  CHECK(plain.value().earned == Points{150});  // base on the net 150,000; the order reads 150,000: no bonus
}

TEST_CASE("a return that names its sale is checked: more units than sold, a sale line, figures half given") {
  auto p = policy(promo);
  auto too_many = refusal_of(
      *p,
      request(
          R"({"id": "M"})",
          R"({"sku": "LATTE", "qty": -4, "price": "50000", "returns": {"order": "O1", "line": 0, "qty": 3, "points": "456"}})"));
  REQUIRE(too_many);
  CHECK(too_many->path == "$.order.lines[0].qty");
  auto positive = refusal_of(
      *p, request(R"({"id": "M"})", R"({"sku": "LATTE", "qty": 1, "price": "50000", "returns": {"order": "O1", "line": 0}})"));
  REQUIRE(positive);
  CHECK(positive->path == "$.order.lines[0].returns");
  CHECK(bad_request(*p, request(R"({"id": "M"})",
                                R"({"sku": "L", "qty": -1, "price": "5", "returns": {"order": "O1", "line": 0, "points": "4"}})"))
            .path == "$.order.lines[0].returns.qty");
}

// A function that applies an event, given as JSON, to the replay; each must be applied.
auto applying(const Policy& p, Replay& replay) {
  return [&p, &replay](const std::string& json) {
    auto e = parse_event(p, json);
    REQUIRE(e);
    REQUIRE(replay.apply(e.value()).outcome == Replay::Outcome::applied);
  };
}

TEST_CASE("in a replay, a return finds its sale in the member's history; two partial returns take back exactly the sale") {
  auto p = policy(promo);
  Replay replay(p, false);
  const auto apply = applying(*p, replay);
  apply(R"({"type": "join", "member": "M", "at": "2026-12-01T10:00:00+07:00"})");
  apply(R"({"type": "order", "member": "M", "order": {"id": "S1", "at": "2026-12-22T10:00:00+07:00", "lines": [)" + sale_lines +
        "]}}");
  CHECK(replay.members().front()->points == Points{766});
  apply(
      R"({"type": "order", "member": "M", "order": {"id": "R1", "at": "2026-12-28T10:00:00+07:00", "lines": [{"sku": "LATTE", "category": "Drinks", "qty": -1, "price": "50000", "returns": {"order": "S1", "line": 0}}]}})");
  CHECK(replay.members().front()->points == Points{766 - 152});
  apply(
      R"({"type": "order", "member": "M", "order": {"id": "R2", "at": "2026-12-29T10:00:00+07:00", "lines": [{"sku": "LATTE", "category": "Drinks", "qty": -2, "price": "50000", "returns": {"order": "S1", "line": 0}}]}})");
  CHECK(replay.members().front()->points == Points{766 - 456});  // the order's own 10 stays: a return never reverses a bonus
}

TEST_CASE("in a replay, returns find the lines of a long sale past its first eight") {
  auto p = policy(R"(policy "P" {
  currency VND
  earn 1 point per 1_000
}
)");
  Replay replay(p, false);
  const auto apply = applying(*p, replay);
  // Ten lines: line k costs (k + 1) x 10,000 and earns (k + 1) x 10 of the 550 points,
  // line 9 as two units of 50,000.
  std::string lines;
  for (int k = 0; k < 9; ++k)
    lines += fmt::format(R"({{"sku": "L{}", "qty": 1, "price": "{}"}},)", k, (k + 1) * 10'000);
  lines += R"({"sku": "L9", "qty": 2, "price": "50000"})";
  apply(R"({"type": "join", "member": "M", "at": "2026-12-01T10:00:00+07:00"})");
  apply(R"({"type": "order", "member": "M", "order": {"id": "S1", "at": "2026-12-02T10:00:00+07:00", "lines": [)" + lines + "]}}");
  CHECK(replay.members().front()->points == Points{550});
  const auto give_back = [&](const char* id, int line) {
    apply(fmt::format(
        R"({{"type": "order", "member": "M", "order": {{"id": "{}", "at": "2026-12-03T10:00:00+07:00", "lines": [{{"sku": "L{}", "qty": -1, "price": "1", "returns": {{"order": "S1", "line": {}}}}}]}}}})",
        id, line, line));
  };
  give_back("R1", 9);  // one of its two units: 100 / 2
  CHECK(replay.members().front()->points == Points{500});
  give_back("R2", 8);
  CHECK(replay.members().front()->points == Points{410});
  give_back("R3", 9);  // the other unit: what is left of the line
  CHECK(replay.members().front()->points == Points{360});
}

}  // namespace
}  // namespace loyalty::test

namespace loyalty::test {
namespace {

TEST_CASE("with expiry, a return that names its sale takes back from the lot of the sale's day") {
  auto p = policy(R"(policy "P" {
  currency VND
  earn 1 point per 1_000
  points expire after 12 months
}
)");
  Replay replay(p, false);
  const auto apply = applying(*p, replay);
  apply(R"({"type": "join", "member": "M", "at": "2026-01-01T10:00:00+07:00"})");
  apply(
      R"({"type": "order", "member": "M", "order": {"id": "S1", "at": "2026-01-10T10:00:00+07:00", "lines": [{"sku": "A", "qty": 2, "price": "100000"}]}})");
  apply(
      R"({"type": "order", "member": "M", "order": {"id": "S2", "at": "2026-02-10T10:00:00+07:00", "lines": [{"sku": "B", "qty": 1, "price": "50000"}]}})");
  // Returning one A of S1 takes its 100 points from the lot of 2026-01-10, not from the newer lot.
  apply(
      R"({"type": "order", "member": "M", "order": {"id": "R1", "at": "2026-02-11T10:00:00+07:00", "lines": [{"sku": "A", "qty": -1, "price": "100000", "returns": {"order": "S1", "line": 0}}]}})");
  const Member& m = *replay.members().front();
  CHECK(m.points == Points{150});
  REQUIRE(m.lots.size() == 2);
  CHECK(m.lots[0].points == Points{100});  // 2026-01-10: 200 - 100
  CHECK(m.lots[1].points == Points{50});   // 2026-02-10: untouched

  // A return without a reference takes from the newest lot.
  apply(
      R"({"type": "order", "member": "M", "order": {"id": "R2", "at": "2026-02-12T10:00:00+07:00", "lines": [{"sku": "A", "qty": -1, "price": "30000"}]}})");
  CHECK(m.lots[0].points == Points{100});
  CHECK(m.lots[1].points == Points{20});
}

}  // namespace
}  // namespace loyalty::test
