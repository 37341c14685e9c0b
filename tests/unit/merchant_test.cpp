// What merchants write (docs/language.md): exclusions, multipliers on all or
// on rules, time of day, birthdays, first orders, member conditions, caps
// per member over time, totals over a rule's lines, once-per-order earns in
// rules, category discounts, percentage vouchers and a gift chosen among
// several. Every figure is worked by hand in the comment beside it.
#include "helpers.hpp"
#include "loyalty/dsl/check.hpp"
#include "loyalty/dsl/format.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/journal.hpp"
#include "loyalty/replay.hpp"

namespace loyalty::test {
namespace {

Points earned(const Policy& p, const std::string& req) {
  auto d = run(p, req);
  if (!d) FAIL(d.refusal().path << ": " << d.refusal().message);
  return d.value().earned;
}

std::string line(const std::string& sku, const std::string& category, int qty, const std::string& price) {
  return R"({"sku": ")" + sku + R"(", "category": ")" + category + R"(", "qty": )" + std::to_string(qty) + R"(, "price": ")" +
         price + R"("})";
}

bool trace_has(const Decision& d, TraceEntry::Kind kind) {
  return std::any_of(d.trace.begin(), d.trace.end(), [&](const TraceEntry& t) { return t.kind == kind; });
}

// ---------------------------------------------------------------- the forms of the issue, as written

// The rewards of the issue, as written (also the rewards tests' policy).
const std::string issue_rewards = R"(  reward BAKERY10 "10% off bakery" {
    discount 10% on category "Food/Bakery"
    max 50_000
    cost 100 points
  }
  reward CODE10 "10% code" {
    voucher 10%
    max 100_000
    cost 150 points
  }
  reward TREAT "A drink or a cake" {
    gift one of "LATTE", "CAKE"
    cost 120 points
  }
)";

const std::string forms = R"(policy "Forms" {
  currency VND
  exclude category "Đồ uống/Có cồn", "Thuốc lá"
  exclude product "GIFTCARD-100"

  multiply all by 2 when weekday in [sat, sun]
  multiply rule bakery by 3 when date from 2026-12-20 to 2026-12-24

  rule bakery "Bakery" on category "Food/Bakery" {
    earn 1 point per unit
  }
  rule happy "Happy hour" on category "Drinks" {
    earn 2 points per unit
    when time from 14:00 to 17:00
  }
  earn 50 points per order when birthday
  earn 20 points per order when first order
  rule fresh "Fresh" on category "Food/Fresh" {
    earn 2 points per 10_000
    cap 100 points per member per month
  }
  rule bulk "Five or more drinks" on category "Drinks" {
    earn 10 points per order
    when total qty >= 5
  }
)" + issue_rewards + R"(  earn 1 point per 10_000
  rule members "Loyal" {
    earn 1 point per unit
    when member orders >= 5 and member spend >= 1_000_000 and birthday month
  }
}
)";

TEST_CASE("every form merchants asked for parses as written, checks clean, formats to itself and compiles") {
  dsl::Source source("forms.loy", forms);
  auto parsed = dsl::parse(source);
  REQUIRE(parsed.policy);
  CHECK(messages(parsed.diagnostics).empty());
  dsl::Diagnostics checked;
  dsl::check(*parsed.policy, parsed.unread, checked);
  CHECK(messages(checked).empty());
  const std::string dump = dsl::dump(*parsed.policy);
  for (const char* expected : {"exclude category [\"Đồ uống/Có cồn\", \"Thuốc lá\"]", "exclude product [\"GIFTCARD-100\"]",
                               "multiply all by 2", "multiply rule [\"bakery\"] by 3", "time from 14:00 to 17:00", "birthday\n",
                               "first order", "cap 100 per member per month", "total qty >= 5", "earn 10 per order",
                               "discount 10% on category Food/Bakery", "voucher 10%", "gift one of [\"LATTE\", \"CAKE\"] qty 1",
                               "member orders >= 5", "member spend >= 1000000", "birthday month"}) {
    CHECK_THAT(dump, Catch::Contains(expected));
  }
  auto formatted = dsl::format(source);
  REQUIRE(formatted.text);
  CHECK(*formatted.text == forms);
  policy(forms);
}

TEST_CASE("the checker: unknown multiplied rules, rules that only target excluded lines, empty time ranges") {
  auto codes = [](const std::string& body) {
    auto parsed = dsl::parse(dsl::Source("t.loy", "policy \"p\" {\n  currency VND\n" + body + "}\n"));
    dsl::Diagnostics all = parsed.diagnostics;
    if (parsed.policy) dsl::check(*parsed.policy, parsed.unread, all);
    std::vector<std::string> out;
    for (const auto& d : all) out.push_back(std::string(name(d.code)));
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(codes("rule bakery on every line { earn 1 point per unit }\nmultiply rule bakry by 3\n") == V{"unknown-rule"});
  CHECK(codes("exclude category \"Tobacco\"\nrule t on category \"Tobacco/Cigars\", \"Tobacco/Pipes\" { earn 1% }\n") ==
        V{"excluded-rule"});
  CHECK(codes("exclude product \"GIFT\"\nrule g on product \"GIFT\" { earn 1% }\n") == V{"excluded-rule"});
  // A rule on a parent of the excluded category still earns on its other lines.
  CHECK(codes("exclude category \"Drinks/Alcohol\"\nrule d on category \"Drinks\" { earn 1% }\n").empty());
  CHECK(codes("earn 1 point per order when time from 14:00 to 14:00\n") == V{"empty-time-range"});
  CHECK(codes("earn 1 point per order when time from 00:00 to 24:00\n") == V{"empty-time-range"});
  CHECK(codes("earn 1 point per order when time from 14:00 to 25:00\n") == V{"bad-time"});
  CHECK(codes("earn 1 point per order when time from 14:60 to 15:00\n") == V{"bad-time"});
  CHECK(codes("earn 1 point per order when member orders >= 1.5\n") == V{"not-positive"});
  CHECK(codes("reward V \"V\" {\n voucher 120%\n cost 1 point\n}\n") == V{"percent-over-100"});
  CHECK(codes("rule r on every line {\n earn 1 point per unit\n cap 0 points per member per week\n}\n") == V{"not-positive"});
  CHECK(codes("rule r on every line {\n earn 1 point per unit\n cap 5 points per member per fortnight\n}\n") ==
        V{"syntax-error"});
}

TEST_CASE("for every new construct, a return that names its sale takes back exactly what that line earned") {
  auto p = policy(forms);
  // A Sunday in the bakery promotion, at 15:00 (happy hour), on the member's birthday, in December.
  const std::vector<std::string> lines = {
      line("BREAD", "Food/Bakery", 2, "30000"),        // bakery x2 x3, base x2
      line("LATTE", "Drinks", 3, "40000"),             // happy hour x2, the bulk bonus once, base x2
      line("BEER", "Đồ uống/Có cồn/Bia", 6, "20000"),  // excluded
      line("TEA", "Drinks", 2, "25000"),               // happy hour x2, base x2
      line("SALAD", "Food/Fresh", 1, "500000"),        // fresh x2, capped per member, base x2
  };
  std::string all;
  for (const auto& l : lines) all += (all.empty() ? "" : ", ") + l;
  const std::string member = R"({"id": "M", "birthday": "12-20", "orders": 7, "spend": "2000000", "points": "5000"})";
  auto sale = run(*p, request(member, all, "2026-12-20T15:00:00+07:00"));
  REQUIRE(sale);
  const std::vector<Points>& earned_by_line = sale.value().line_points;
  // By hand, with `members` (1 per unit x2: 7 orders, 2,000,000 spent, the birthday month) on every line but the beer:
  // bread 12 + 4 + base 12; latte 12 + 20 + 6 + base 24; beer 0; tea 8 + 4 + base 10; salad 100 (capped) + 2 + base 100.
  CHECK(earned_by_line == std::vector<Points>{Points{28}, Points{62}, Points{0}, Points{22}, Points{202}});
  // The order: those 314 and the birthday's 50.
  CHECK(sale.value().earned == Points{364});
  const std::string after = member_json(*p, sale.value().member);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO("line " << i);
    std::string returned = lines[i];
    const auto qty_at = returned.find("\"qty\": ") + 7;
    returned.insert(qty_at, "-");
    returned.insert(returned.size() - 1, R"(, "returns": {"order": "O1", "line": )" + std::to_string(i) + R"(, "qty": )" +
                                             returned.substr(qty_at + 1, returned.find(',', qty_at) - qty_at - 1) +
                                             R"(, "points": ")" + std::to_string(earned_by_line[i].units) + "\"}");
    // An ordinary Wednesday morning in January: none of the sale day's conditions hold.
    auto back = run(*p, request(after, returned, "2027-01-06T09:00:00+07:00"));
    REQUIRE(back);
    CHECK(back.value().earned == Points{-earned_by_line[i].units});
  }
}

// ---------------------------------------------------------------- exclusions

const char* const excluding = R"(policy "Supermarket" {
  currency VND
  earn 1 point per 1_000
  exclude category "Alcohol"
  exclude product "GIFT"
  rule units "Every unit" on every line {
    earn 1 point per unit
  }
  earn 5 points per order when amount >= 100_000
}
)";

TEST_CASE("an excluded line earns nothing, from rules or the base, and still counts in paid, spend and order conditions") {
  auto p = policy(excluding);
  struct Case {
    std::string line;
    std::int64_t points;
  };
  const std::vector<Case> cases = {
      {line("BEER", "Alcohol/Beer", 2, "30000"), 0},  // below an excluded category
      {line("WINE", "Alcohol", 1, "90000"), 0},       // the category itself
      {line("GIFT", "Cards", 1, "90000"), 0},         // an excluded product
      {line("MILK", "Dairy", 2, "20000"), 42},        // 40 base + 2 units
      {line("ALC", "Alcoholic", 1, "10000"), 11},     // "Alcoholic" is not below "Alcohol"
  };
  for (const auto& c : cases) {
    INFO(c.line);
    CHECK(earned(*p, request(R"({"id": "M"})", c.line)) == Points{c.points});
  }
  // 60,000 of beer and 40,000 of milk: 100,000 paid, so the order earn holds; only the milk earns.
  auto r = parse_request(
      *p, request(R"({"id": "M"})", line("BEER", "Alcohol/Beer", 2, "30000") + ", " + line("MILK", "Dairy", 2, "20000")));
  REQUIRE(r);
  auto d = evaluate(*p, r.value().member, r.value().order, {});
  REQUIRE(d);
  CHECK(d.value().earned == Points{40 + 2 + 5});
  CHECK(d.value().paid == Money{100'000});
  CHECK(d.value().member.spend == Money{100'000});
  CHECK(d.value().line_points == std::vector<Points>{Points{0}, Points{42}});
  CHECK(trace_has(d.value(), TraceEntry::Kind::excluded));
  CHECK_THAT(explain(*p, r.value().member, r.value().order, d.value()),
             Catch::Contains("2 x BEER earns nothing (exclude category \"Alcohol\")"));
}

// ---------------------------------------------------------------- multipliers

const char* const promotions = R"(policy "Promotions" {
  currency VND
  earn 1 point per 1_000
  earn 10 points per order
  rule bakery "Bakery" on category "Bakery" {
    earn 1 point per unit
  }
  rule drinks "Drinks" on category "Drinks" {
    earn 2 points per unit
  }
  multiply all by 2 when weekday in [sat, sun]
  multiply rule bakery by 3 when date from 2026-12-20 to 2026-12-24
  multiply base by 1.5 when store in ["HN01"]
}
)";

TEST_CASE("multipliers on all, on named rules and on the base: factors multiply; order earns are never multiplied") {
  auto p = policy(promotions);
  const std::string lines = line("BREAD", "Bakery", 2, "10000") + ", " + line("LATTE", "Drinks", 1, "30000");
  struct Case {
    const char* at;
    const char* extra;
    std::int64_t points;
  };
  const std::vector<Case> cases = {
      {"2026-12-16T10:00:00+07:00", "", 2 + 2 + 50 + 10},                        // Wednesday: nothing multiplied
      {"2026-12-19T10:00:00+07:00", "", 4 + 4 + 100 + 10},                       // Saturday: all x2
      {"2026-12-20T10:00:00+07:00", "", 12 + 4 + 100 + 10},                      // Sunday in the range: bakery x2 x3
      {"2026-12-22T10:00:00+07:00", "", 6 + 2 + 50 + 10},                        // Tuesday in the range: bakery x3
      {"2026-12-20T10:00:00+07:00", R"(, "store": "HN01")", 12 + 4 + 150 + 10},  // and the base x2 x1.5
  };
  for (const auto& c : cases) {
    INFO(c.at << c.extra);
    CHECK(earned(*p, request(R"({"id": "M"})", lines, c.at, "[]", c.extra)) == Points{c.points});
  }
  auto r = parse_request(*p, request(R"({"id": "M"})", lines, "2026-12-20T10:00:00+07:00"));
  REQUIRE(r);
  auto d = evaluate(*p, r.value().member, r.value().order, {});
  REQUIRE(d);
  // Base 100 shared 40 / 60 by amount; the bread's 12 and the latte's 4.
  CHECK(d.value().line_points == std::vector<Points>{Points{52}, Points{64}});
  std::string notes;
  for (std::size_t i = 0; i < d.value().trace.size(); ++i) notes += describe(*p, r.value().order, d.value().trace, i) + "\n";
  // The sale of the bread on that Sunday, half of it returned (naming the sale) on a Wednesday: 52 / 2 back.
  const std::string named =
      R"({"sku": "BREAD", "category": "Bakery", "qty": -1, "price": "10000", "returns": {"order": "O1", "line": 0, "qty": 2, "points": "52"}})";
  CHECK(earned(*p, request(R"({"id": "M", "points": "126"})", named, "2026-12-23T10:00:00+07:00")) == Points{-26});
  CHECK_THAT(notes, Catch::Contains("rule `bakery` multiplied x3 (date from 2026-12-20 to 2026-12-24 holds)"));
  CHECK_THAT(notes, Catch::Contains("base earn multiplied x2 (weekday in [sat, sun] holds)"));
}

TEST_CASE("a multiplier scales the rate before rounding, and a rule's cap bounds its multiplied points") {
  auto p = policy(R"(policy "p" {
  currency VND
  rule r on every line {
    earn 1 point per 3_000
    cap 10 points
  }
  multiply rule r by 1.5
}
)");
  CHECK(earned(*p, request(R"({"id": "M"})", line("A", "X", 1, "5000"))) == Points{2});    // 5,000 / 3,000 x 1.5 = 2.5
  CHECK(earned(*p, request(R"({"id": "M"})", line("A", "X", 1, "30000"))) == Points{10});  // 15, capped at 10
}

// ---------------------------------------------------------------- time of day

TEST_CASE("time from HH:MM to HH:MM: local time, from included, to not, crossing midnight when it ends first") {
  auto p = policy(R"(policy "p" {
  currency VND
  timezone +07:00
  rule happy on category "Drinks" {
    earn 2 points per unit
    when time from 14:00 to 17:00
  }
  rule night on every line {
    earn 1 point per unit
    when time from 22:00 to 2:00
  }
}
)");
  const std::string drink = line("TEA", "Drinks", 1, "10000");
  struct Case {
    const char* at;
    std::int64_t points;
  };
  const std::vector<Case> cases = {
      {"2026-03-09T13:59:59+07:00", 0}, {"2026-03-09T14:00:00+07:00", 2},
      {"2026-03-09T16:59:00+07:00", 2}, {"2026-03-09T17:00:00+07:00", 0},
      {"2026-03-09T21:59:00+07:00", 0}, {"2026-03-09T22:00:00+07:00", 1},
      {"2026-03-10T01:59:00+07:00", 1}, {"2026-03-10T02:00:00+07:00", 0},
      {"2026-03-09T08:30:00Z", 2},  // 15:30 in the policy's time zone
  };
  for (const auto& c : cases) {
    INFO(c.at);
    CHECK(earned(*p, request(R"({"id": "M"})", drink, c.at)) == Points{c.points});
  }
}

// ---------------------------------------------------------------- birthdays, first orders, member conditions

TEST_CASE("birthday and birthday month: the order's local date against the member's birthday") {
  auto p = policy(R"(policy "p" {
  currency VND
  timezone +07:00
  earn 50 points per order when birthday
  earn 5 points per order when birthday month
}
)");
  const std::string bought = line("A", "X", 1, "10000");
  struct Case {
    const char* member;
    const char* at;
    std::int64_t points;
  };
  const std::vector<Case> cases = {
      {R"({"id": "M", "birthday": "03-09"})", "2026-03-09T10:00:00+07:00", 55},
      {R"({"id": "M", "birthday": "03-09"})", "2026-03-10T10:00:00+07:00", 5},
      {R"({"id": "M", "birthday": "03-09"})", "2026-04-09T10:00:00+07:00", 0},
      {R"({"id": "M", "birthday": "03-09"})", "2026-03-08T18:00:00Z", 55},  // 01:00 on the 9th, local
      {R"({"id": "M", "birthday": "1990-03-09"})", "2026-03-09T10:00:00+07:00", 55},
      {R"({"id": "M", "birthday": {"month": 3, "day": 9}})", "2026-03-09T10:00:00+07:00", 55},
      {R"({"id": "M", "birthday": "02-29"})", "2027-02-28T10:00:00+07:00", 55},  // not a leap year
      {R"({"id": "M", "birthday": "02-29"})", "2028-02-28T10:00:00+07:00", 5},
      {R"({"id": "M", "birthday": "02-29"})", "2028-02-29T10:00:00+07:00", 55},
      {R"({"id": "M"})", "2026-03-09T10:00:00+07:00", 0},
  };
  for (const auto& c : cases) {
    INFO(c.member << " " << c.at);
    CHECK(earned(*p, request(c.member, bought, c.at)) == Points{c.points});
  }
  for (const char* wrong : {R"("13-01")", R"("02-30")", R"("3-9")", R"("1990-02-30")", R"("12/24")", R"({"month": 2, "day": 30})",
                            R"({"month": 13, "day": 1})", "1224"}) {
    INFO(wrong);
    CHECK(bad_request(*p, request(std::string(R"({"id": "M", "birthday": )") + wrong + "}", bought)).path == "$.member.birthday");
  }
  // The birthday round-trips through the member's JSON.
  auto d = run(*p, request(R"({"id": "M", "birthday": "1990-03-09"})", bought));
  REQUIRE(d);
  CHECK_THAT(member_json(*p, d.value().member), Catch::Contains(R"("birthday":"03-09")"));
  CHECK(parse_member(*p, member_json(*p, d.value().member)).value() == d.value().member);
}

TEST_CASE("first order, member orders and member spend read the member before this order") {
  auto p = policy(R"(policy "p" {
  currency VND
  earn 20 points per order when first order
  earn 7 points per order when member orders >= 4
  earn 3 points per order when member spend >= 1_000_000
  rule welcome on every line {
    earn 1 point per unit
    when first order
  }
}
)");
  const std::string bought = line("A", "X", 2, "10000");
  struct Case {
    const char* member;
    std::int64_t points;
  };
  const std::vector<Case> cases = {
      {R"({"id": "M"})", 20 + 2},
      {R"({"id": "M", "orders": 3})", 0},
      {R"({"id": "M", "orders": 4})", 7},
      {R"({"id": "M", "orders": 4, "spend": "1000000"})", 10},
      {R"({"id": "M", "orders": 1, "spend": "999999"})", 0},
  };
  for (const auto& c : cases) {
    INFO(c.member);
    CHECK(earned(*p, request(c.member, bought)) == Points{c.points});
  }
  // One by one: the second order is no longer the first.
  auto first = run(*p, request(R"({"id": "M"})", bought));
  REQUIRE(first);
  CHECK(earned(*p, request(member_json(*p, first.value().member), bought)) == Points{0});
}

// ---------------------------------------------------------------- caps per member over time

const char* const fresh = R"(policy "p" {
  currency VND
  timezone +07:00
  rule fresh on category "Fresh" {
    earn 2 points per 10_000
    cap 100 points per member per month
  }
  rule weekly on category "Weekly" {
    earn 1 point per unit
    cap 3 points
    cap 5 points per member per week
  }
}
)";

TEST_CASE("a cap per member per month counts in the member state and restarts with the calendar month") {
  auto p = policy(fresh);
  Member m;
  m.id = "M";
  auto order = [&](const char* at, const std::string& lines) {
    auto r = parse_request(*p, request(R"({"id": "M"})", lines, at));
    REQUIRE(r);
    auto d = evaluate(*p, m, r.value().order, {});
    REQUIRE(d);
    m = d.value().member;
    return d.value().earned.units;
  };
  const std::string three_hundred = line("FISH", "Fresh", 1, "300000");  // 60 points uncapped
  CHECK(order("2026-03-05T10:00:00+07:00", three_hundred) == 60);
  CHECK(m.caps.at("fresh") == CapUse{Date{2026, 3, 1}, Points{60}});
  CHECK(order("2026-03-20T10:00:00+07:00", three_hundred) == 40);  // 40 left of 100
  CHECK(order("2026-03-31T23:59:00+07:00", three_hundred) == 0);
  CHECK(m.caps.at("fresh") == CapUse{Date{2026, 3, 1}, Points{100}});
  CHECK(order("2026-03-31T17:30:00Z", three_hundred) == 60);  // 00:30 on 1 April, local
  CHECK(m.caps.at("fresh") == CapUse{Date{2026, 4, 1}, Points{60}});
  CHECK(m.points == Points{160});
}

TEST_CASE("a cap per order applies first, then the cap per member per week (weeks start on Monday)") {
  auto p = policy(fresh);
  Member m;
  m.id = "M";
  auto order = [&](const char* at, int qty) {
    auto r = parse_request(*p, request(R"({"id": "M"})", line("EGG", "Weekly", qty, "1000"), at));
    REQUIRE(r);
    auto d = evaluate(*p, m, r.value().order, {});
    REQUIRE(d);
    m = d.value().member;
    return d.value().earned.units;
  };
  CHECK(order("2026-03-09T10:00:00+07:00", 4) == 3);  // Monday: 4 capped at 3 on the order
  CHECK(order("2026-03-15T10:00:00+07:00", 4) == 2);  // Sunday, same week: 5 - 3 left
  CHECK(order("2026-03-15T11:00:00+07:00", 4) == 0);
  CHECK(order("2026-03-16T10:00:00+07:00", 1) == 1);  // next Monday
  CHECK(m.caps.at("weekly") == CapUse{Date{2026, 3, 16}, Points{1}});
}

TEST_CASE("returns take points back but free no room under a cap per member; a named return takes back what its sale earned") {
  auto p = policy(fresh);
  auto sale = run(*p, request(R"({"id": "M", "points": "100", "caps": {"fresh": {"since": "2026-03-01", "points": "80"}}})",
                              line("FISH", "Fresh", 2, "150000"), "2026-03-10T10:00:00+07:00"));
  REQUIRE(sale);
  CHECK(sale.value().earned == Points{20});  // 60 earned, 20 left under the cap
  CHECK(sale.value().line_points == std::vector<Points>{Points{20}});
  const std::string member = member_json(*p, sale.value().member);
  const std::string named =
      R"({"sku": "FISH", "category": "Fresh", "qty": -1, "price": "150000", "returns": {"order": "O1", "line": 0, "qty": 2, "points": "20"}})";
  auto back = run(*p, request(member, named, "2026-03-12T10:00:00+07:00"));
  REQUIRE(back);
  CHECK(back.value().earned == Points{-10});
  CHECK(back.value().member.caps.at("fresh").points == Points{100});
  // The cap is full for March: a new sale earns nothing more.
  auto again =
      run(*p, request(member_json(*p, back.value().member), line("FISH", "Fresh", 1, "150000"), "2026-03-13T10:00:00+07:00"));
  REQUIRE(again);
  CHECK(again.value().earned == Points{0});
}

TEST_CASE("caps per member: the member JSON round-trips them, the journal records them, and bad counts are refused") {
  auto p = policy(fresh);
  auto r = parse_request(*p, request(R"({"id": "M"})", line("FISH", "Fresh", 1, "100000"), "2026-03-10T10:00:00+07:00"));
  REQUIRE(r);
  EvalOptions options;
  options.journal = true;
  auto d = evaluate(*p, r.value().member, r.value().order, {}, options);
  REQUIRE(d);
  CHECK_THAT(member_json(*p, d.value().member), Catch::Contains(R"("caps":{"fresh":{"since":"2026-03-01","points":"20"}})"));
  CHECK(parse_member(*p, member_json(*p, d.value().member)).value() == d.value().member);
  bool journaled = false;
  for (const auto& e : d.value().journal)
    journaled = journaled || (e.field == "caps.fresh" && e.old_value.empty() && e.new_value == "20 since 2026-03-01");
  CHECK(journaled);
  Member rebuilt = r.value().member;
  REQUIRE(apply_journal(*p, rebuilt, d.value().journal));
  CHECK(rebuilt.caps == d.value().member.caps);

  auto refused = [&](const std::string& caps) {
    return bad_request(*p, request(R"({"id": "M", "caps": )" + caps + "}", line("FISH", "Fresh", 1, "1"))).path;
  };
  CHECK(refused(R"({"fresh": {"since": "2026-03-01", "points": "-1"}})") == "$.member.caps.fresh.points");
  CHECK(refused(R"({"fresh": {"since": "2026-02-30", "points": "1"}})") == "$.member.caps.fresh.since");
  CHECK(refused(R"({"fresh": {"since": "2026-03-01"}})") == "$.member.caps.fresh.points");
  CHECK(refused(R"({"fresh": 5})") == "$.member.caps.fresh");
}

TEST_CASE("replay and one-by-one evaluation agree on caps per member, birthdays and first orders") {
  auto p = policy(R"(policy "p" {
  currency VND
  timezone +07:00
  earn 1 point per 10_000
  earn 20 points per order when first order
  earn 50 points per order when birthday
  rule fresh on category "Fresh" {
    earn 2 points per 10_000
    cap 100 points per member per month
  }
}
)");
  const std::vector<std::string> events = {
      R"({"type": "join", "member": "M", "at": "2026-03-01T09:00:00+07:00", "birthday": "03-20"})",
      R"({"type": "order", "member": "M", "order": {"id": "O1", "at": "2026-03-05T10:00:00+07:00", "lines": [{"sku": "FISH", "category": "Fresh", "qty": 1, "price": "300000"}]}})",
      R"({"type": "order", "member": "M", "order": {"id": "O2", "at": "2026-03-20T10:00:00+07:00", "lines": [{"sku": "FISH", "category": "Fresh", "qty": 1, "price": "300000"}]}})",
      R"({"type": "order", "member": "M", "order": {"id": "O3", "at": "2026-04-02T10:00:00+07:00", "lines": [{"sku": "FISH", "category": "Fresh", "qty": 1, "price": "300000"}]}})",
  };
  Replay replay(p, true);
  for (const auto& e : events) {
    auto parsed = parse_event(*p, e);
    REQUIRE(parsed);
    REQUIRE(replay.apply(parsed.value()).outcome == Replay::Outcome::applied);
  }
  // By hand: O1 30 + 60 + 20 (first order) = 110; O2 30 + 40 (cap) + 50 (birthday) = 120; O3 30 + 60 = 90.
  Member m;
  m.id = "M";
  m.joined = Date{2026, 3, 1};
  m.birthday = MonthDay{3, 20};
  std::int64_t sum = 0;
  for (std::size_t i = 1; i < events.size(); ++i) {
    auto e = parse_event(*p, events[i]);
    auto d = evaluate(*p, m, e.value().order, {});
    REQUIRE(d);
    sum += d.value().earned.units;
    m = d.value().member;
  }
  CHECK(sum == 110 + 120 + 90);
  CHECK(*replay.member("M") == m);
  // The journal rebuilds the member from nothing, birthday and caps included.
  Member rebuilt;
  rebuilt.id = "M";
  REQUIRE(apply_journal(*p, rebuilt, replay.journal()));
  CHECK(rebuilt.birthday == m.birthday);
  CHECK(rebuilt.caps == m.caps);
  CHECK(rebuilt.points == m.points);
}

// ---------------------------------------------------------------- totals and once-per-order earns in rules

const char* const bulk = R"(policy "p" {
  currency VND
  exclude product "WATER"
  rule bulk "Five or more drinks" on category "Drinks" {
    earn 10 points per order
    when total qty >= 5
  }
  rule big "Food over 200,000" on category "Food" {
    earn 1 point per unit
    when total amount >= 200_000
  }
  rule bag "Bag bonus" on product "BAG" {
    earn 3 points per order
  }
}
)";

TEST_CASE("total qty and total amount sum the lines a rule targets; a per-order earn in a rule counts once") {
  auto p = policy(bulk);
  struct Case {
    std::string lines;
    std::int64_t points;
  };
  const std::vector<Case> cases = {
      {line("TEA", "Drinks", 3, "10000") + ", " + line("COLA", "Drinks/Soda", 2, "10000"), 10},  // 5 drinks: once
      {line("TEA", "Drinks", 3, "10000") + ", " + line("COLA", "Drinks/Soda", 1, "10000"), 0},   // 4 drinks
      {line("TEA", "Drinks", 3, "10000") + ", " + line("WATER", "Drinks", 2, "5000"), 0},        // water is excluded
      {line("RICE", "Food", 1, "150000") + ", " + line("MEAT", "Food/Meat", 2, "30000"), 3},     // 210,000 of food: 1 + 2
      {line("RICE", "Food", 1, "150000") + ", " + line("MEAT", "Food/Meat", 1, "30000"), 0},     // 180,000
      {line("BAG", "Misc", 1, "1000") + ", " + line("BAG", "Misc", 4, "1000"), 3},               // two lines, one order
      {line("BAG", "Misc", -2, "1000"), -3},  // an order that only returns bags takes the bonus back once
      {line("BAG", "Misc", 1, "1000") + ", " + line("BAG", "Misc", -1, "1000"), 3},
  };
  for (const auto& c : cases) {
    INFO(c.lines);
    CHECK(earned(*p, request(R"({"id": "M"})", c.lines)) == Points{c.points});
  }
  // The bonus sits on the first line that bought; returning that line (naming the sale) takes it back.
  auto sale = run(*p, request(R"({"id": "M"})", line("TEA", "Drinks", 3, "10000") + ", " + line("COLA", "Drinks", 2, "10000")));
  REQUIRE(sale);
  CHECK(sale.value().line_points == std::vector<Points>{Points{10}, Points{0}});
  const std::string named =
      R"({"sku": "TEA", "category": "Drinks", "qty": -1, "price": "10000", "returns": {"order": "O1", "line": 0, "qty": 3, "points": "10"}})";
  CHECK(earned(*p, request(R"({"id": "M", "points": "10"})", named)) == Points{-4});  // 10 / 3, rounded up
  // A returned line that names its sale is not one of the rule's lines: 4 drinks bought.
  CHECK(earned(*p, request(R"({"id": "M", "points": "10"})", named + ", " + line("TEA", "Drinks", 4, "10000"))) == Points{-4});
}

TEST_CASE("total qty and total amount outside a rule: the order's lines; in a reward, before redemption") {
  auto p = policy(R"(policy "p" {
  currency VND
  exclude category "Alcohol"
  earn 10 points per order when total qty >= 5
  earn 3 points per order when total amount >= 100_000
  reward BULK "Bulk gift" {
    gift "BAG"
    cost 1 point
    when total qty >= 5
  }
}
)");
  // 3 + 2 units; 100,000 in all. The beer counts in neither total.
  const std::string five =
      line("A", "X", 3, "20000") + ", " + line("B", "Y", 2, "20000") + ", " + line("BEER", "Alcohol", 4, "1000");
  CHECK(earned(*p, request(R"({"id": "M"})", five)) == Points{13});
  CHECK(earned(*p, request(R"({"id": "M"})", line("A", "X", 4, "20000"))) == Points{0});
  auto gift = run(*p, request(R"({"id": "M", "points": "5"})", five, "2026-03-09T10:00:00+07:00", R"([{"reward": "BULK"}])"));
  REQUIRE(gift);
  CHECK(gift.value().gifts.size() == 1);
  auto refused = refusal_of(*p, request(R"({"id": "M", "points": "5"})", line("A", "X", 4, "20000"), "2026-03-09T10:00:00+07:00",
                                        R"([{"reward": "BULK"}])"));
  REQUIRE(refused);
  CHECK(name(refused->code) == "condition-not-met");
}

// ---------------------------------------------------------------- rewards

const std::string rewards = R"(policy "p" {
  currency VND
)" + issue_rewards + R"(  reward V50 "50,000 voucher" {
    voucher 50_000
    cost 100 points
  }
}
)";

TEST_CASE("a discount on a category takes its share of every bought line at or below it, up to its max") {
  auto p = policy(rewards);
  const std::string redeem = R"([{"reward": "BAKERY10"}])";
  auto paid = [&](const std::string& lines) {
    auto d = run(*p, request(R"({"id": "M", "points": "1000"})", lines, "2026-03-09T10:00:00+07:00", redeem));
    REQUIRE(d);
    CHECK(d.value().spent == Points{100});
    return d.value().paid.units;
  };
  // 300,000 of bakery (the category and below it), 100,000 of drinks, 50,000 of "Food/Bakeryx": 30,000 off.
  CHECK(paid(line("BREAD", "Food/Bakery/Bread", 2, "100000") + ", " + line("CAKE", "Food/Bakery", 1, "100000") + ", " +
             line("TEA", "Drinks", 1, "100000") + ", " + line("X", "Food/Bakeryx", 1, "50000")) == 450'000 - 30'000);
  CHECK(paid(line("CAKE", "Food/Bakery", 6, "100000")) == 600'000 - 50'000);  // 60,000, at most 50,000
  auto none = refusal_of(
      *p, request(R"({"id": "M", "points": "1000"})", line("TEA", "Drinks", 1, "100000"), "2026-03-09T10:00:00+07:00", redeem));
  REQUIRE(none);
  CHECK(name(none->code) == "not-applicable");
}

TEST_CASE("a percentage voucher: its share of the order it is used on, half up, at most its max, one per order") {
  auto p = policy(rewards);
  auto now = run(*p, request(R"({"id": "M", "points": "1000"})", line("A", "X", 1, "400005"), "2026-03-09T10:00:00+07:00",
                             R"([{"reward": "CODE10"}])"));
  REQUIRE(now);
  CHECK(now.value().paid == Money{400'005 - 40'001});  // 40,000.5 rounds half up
  CHECK(now.value().spent == Points{150});
  auto big = run(*p, request(R"({"id": "M", "points": "1000"})", line("A", "X", 1, "2000000"), "2026-03-09T10:00:00+07:00",
                             R"([{"reward": "CODE10"}])"));
  REQUIRE(big);
  CHECK(big.value().paid == Money{1'900'000});
  // Two to the wallet, then one used on a later order of 500,000.
  auto kept = run(*p, request(R"({"id": "M", "points": "1000"})", line("A", "X", 1, "10000"), "2026-03-09T10:00:00+07:00",
                              R"([{"reward": "CODE10", "qty": 2, "to": "wallet"}])"));
  REQUIRE(kept);
  CHECK(kept.value().member.vouchers.at("CODE10") == 2);
  CHECK(kept.value().member.points == Points{700});
  const std::string holder = member_json(*p, kept.value().member);
  auto used = run(*p, request(holder, line("A", "X", 1, "500000"), "2026-03-10T10:00:00+07:00", R"([{"voucher": "CODE10"}])"));
  REQUIRE(used);
  CHECK(used.value().paid == Money{450'000});
  CHECK(used.value().member.vouchers.at("CODE10") == 1);
  auto twice = refusal_of(
      *p, request(holder, line("A", "X", 1, "500000"), "2026-03-10T10:00:00+07:00", R"([{"voucher": "CODE10", "qty": 2}])"));
  REQUIRE(twice);
  CHECK(name(twice->code) == "cap-exceeded");
}

TEST_CASE("gift one of: the request names the SKU; naming none, another or a SKU for a reward that is no gift is refused") {
  auto p = policy(rewards);
  auto ask = [&](const std::string& redeem) {
    return request(R"({"id": "M", "points": "500"})", line("A", "X", 1, "10000"), "2026-03-09T10:00:00+07:00", redeem);
  };
  auto cake = run(*p, ask(R"([{"reward": "TREAT", "sku": "CAKE"}])"));
  REQUIRE(cake);
  REQUIRE(cake.value().gifts.size() == 1);
  CHECK(cake.value().gifts[0].sku == "CAKE");
  CHECK(cake.value().gifts[0].qty == 1);
  CHECK(cake.value().spent == Points{120});
  auto both = run(*p, ask(R"([{"reward": "TREAT", "sku": "CAKE"}, {"reward": "TREAT", "sku": "LATTE"}])"));
  REQUIRE(both);
  CHECK(both.value().gifts.size() == 2);
  CHECK(both.value().spent == Points{240});
  struct Case {
    const char* redeem;
    const char* code;
    const char* path;
  };
  const std::vector<Case> cases = {
      {R"([{"reward": "TREAT", "sku": "TEA"}])", "not-a-choice", "$.redeem[0].sku"},
      {R"([{"reward": "TREAT"}])", "not-a-choice", "$.redeem[0].sku"},
      {R"([{"reward": "V50", "sku": "CAKE"}])", "bad-input", "$.redeem[0].sku"},
  };
  for (const auto& c : cases) {
    INFO(c.redeem);
    auto refused = refusal_of(*p, ask(c.redeem));
    REQUIRE(refused);
    CHECK(name(refused->code) == c.code);
    CHECK(refused->path == c.path);
  }
}

}  // namespace
}  // namespace loyalty::test
