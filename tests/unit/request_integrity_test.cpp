// A request is judged as a whole: caps hold however a till splits its
// entries, vouchers keep their caps, and a member in debt hears the right
// refusal. Every figure worked out by hand.
#include "helpers.hpp"
#include "loyalty/dsl/unicode.hpp"

using namespace loyalty;
using namespace loyalty::test;

namespace {

const char* shop = R"(
policy "Shop" {
  currency VND
  earn 5%
  reward TEN { discount 10% on order
    cost 200 points }
  reward PAY { resale 1 point = 100
    max 300_000 per order }
  reward HALF { resale 1 point = 100
    max 50% of order }
  reward STEP { resale 1 point = 100
    step 100 points }
  reward V50 { voucher 50_000
    cost 500 points
    max 50_000 per order }
  reward VP { voucher 20_000
    cost 100 points
    max 30% of order }
  reward RICH { voucher 10_000
    cost 10 points
    minimum 1000 points }
  reward MUG { discount 50% on product "MUG"
    cost 10 points }
  reward G { gift "X"
    cost 1 point }
}
)";

Result<Decision> order_of(const Policy& p, const std::string& member, std::int64_t price, const std::string& redeem) {
  return run(p, request(member, R"({"sku": "A", "qty": 1, "price": )" + std::to_string(price) + "}", "2026-03-09T10:00:00+07:00",
                        redeem));
}

}  // namespace

TEST_CASE("caps hold across split entries") {
  auto p = policy(shop);
  const std::string rich = R"({"id": "M", "points": 100000, "vouchers": {"V50": 3}})";
  struct Case {
    const char* name;
    std::int64_t price;
    const char* redeem;
    const char* code;  // nullptr: accepted
    std::int64_t off;  // money off when accepted
  };
  const Case cases[] = {
      {"a discount once", 100000, R"([{"reward": "TEN"}])", nullptr, 10000},
      {"a discount in three entries", 100000, R"([{"reward": "TEN"}, {"reward": "TEN"}, {"reward": "TEN"}])", "cap-exceeded", 0},
      {"a discount with qty 2", 100000, R"([{"reward": "TEN", "qty": 2}])", "cap-exceeded", 0},
      // max 300,000 per order: 3,000 points once is 300,000; three times is 900,000
      {"resale at its cap", 1000000, R"([{"reward": "PAY", "points": 3000}])", nullptr, 300000},
      {"resale cap split three ways", 1000000,
       R"([{"reward": "PAY", "points": 1000}, {"reward": "PAY", "points": 1000}, {"reward": "PAY", "points": 1000}, {"reward": "PAY", "points": 100}])",
       "cap-exceeded", 0},
      // max 50% of 100,000 = 50,000: 300 + 300 points = 60,000
      {"resale share split", 100000, R"([{"reward": "HALF", "points": 300}, {"reward": "HALF", "points": 300}])", "cap-exceeded",
       0},
      {"resale share whole", 100000, R"([{"reward": "HALF", "points": 500}])", nullptr, 50000},
      // step 100: 50 + 50 is one step of 100; 150 + 100 = 250 is not
      {"steps judged on the total", 100000, R"([{"reward": "STEP", "points": 50}, {"reward": "STEP", "points": 50}])", nullptr,
       10000},
      {"a total off the step", 100000, R"([{"reward": "STEP", "points": 150}, {"reward": "STEP", "points": 100}])", "step", 0},
      // what is left to pay: 600 + 500 points = 110,000 > 100,000
      {"more than the order", 100000, R"([{"reward": "PAY", "points": 600}, {"reward": "PAY", "points": 500}])", "cap-exceeded",
       0},
      // V50: max 50,000 per order, so one voucher a order however it is asked
      {"one voucher", 100000, R"([{"reward": "V50"}])", nullptr, 50000},
      {"two vouchers in two entries", 100000, R"([{"reward": "V50"}, {"reward": "V50"}])", "cap-exceeded", 0},
      {"two vouchers in one entry", 100000, R"([{"reward": "V50", "qty": 2}])", "cap-exceeded", 0},
      {"a bought and a held voucher", 100000, R"([{"reward": "V50"}, {"voucher": "V50"}])", "cap-exceeded", 0},
      {"two held vouchers", 100000, R"([{"voucher": "V50"}, {"voucher": "V50"}])", "cap-exceeded", 0},
      {"vouchers to the wallet are not used here", 100000, R"([{"reward": "V50", "qty": 2, "to": "wallet"}, {"voucher": "V50"}])",
       nullptr, 50000},
      // VP: max 30% of 100,000 = 30,000: one 20,000 voucher fits, two do not
      {"a voucher within its share", 100000, R"([{"reward": "VP"}])", nullptr, 20000},
      {"vouchers over their share", 100000, R"([{"reward": "VP"}, {"reward": "VP"}])", "cap-exceeded", 0},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto d = order_of(*p, rich, c.price, c.redeem);
    if (c.code) {
      REQUIRE_FALSE(d);
      CHECK(name(d.refusal().code) == c.code);
    } else {
      REQUIRE(d);
      CHECK(d->paid == c.price - c.off);
    }
  }
}

TEST_CASE("a product discount takes its share of the product, trimmed only by what is left") {
  auto p = policy(shop);
  // MUG 12,000 + A 10,000 - a returned R 15,000 = 7,000; 50% of the MUG line is 6,000, which fits.
  auto d = run(*p, request(R"({"id": "M", "points": 100})",
                           R"({"sku": "MUG", "qty": 1, "price": 12000}, {"sku": "A", "qty": 1, "price": 10000}, )"
                           R"({"sku": "R", "qty": -1, "price": 15000})",
                           "2026-03-09T10:00:00+07:00", R"([{"reward": "MUG"}])"));
  REQUIRE(d);
  CHECK(d->discounts[0].amount == 6000);
  CHECK(d->paid == 1000);
  // net lines 8,727 + 7,273 - 15,000 = 1,000; 5% = 50
  CHECK(d->earned == 50);
  CHECK(d->member.points == 100 - 10 + 50);
}

TEST_CASE("a member in debt, minimums and held vouchers") {
  auto p = policy(shop);
  SECTION("no minimum: a balance in debt is too small, not below a minimum") {
    auto d = order_of(*p, R"({"id": "M", "points": -50})", 100000, R"([{"reward": "G"}])");
    REQUIRE_FALSE(d);
    CHECK(name(d.refusal().code) == "insufficient-points");
  }
  SECTION("a minimum balance") {
    auto d = order_of(*p, R"({"id": "M", "points": 500})", 100000, R"([{"reward": "RICH"}])");
    REQUIRE_FALSE(d);
    CHECK(name(d.refusal().code) == "minimum-balance");
  }
  SECTION("held vouchers were paid for: a member in debt may use them") {
    auto d = order_of(*p, R"({"id": "M", "points": -50, "vouchers": {"V50": 1}})", 100000, R"([{"voucher": "V50"}])");
    REQUIRE(d);
    CHECK(d->paid == 50000);
    CHECK(d->spent == 0);
    CHECK(d->member.points == -50 + 2500);  // 5% of 50,000
    CHECK(d->member.vouchers.count("V50") == 0);
  }
}

TEST_CASE("a redemption's fields must fit its reward's kind") {
  auto p = policy(shop);
  struct Case {
    const char* redeem;
    const char* path;
  };
  const Case cases[] = {
      {R"([{"reward": "TEN", "to": "wallet"}])", "$.redeem[0]"},    // only vouchers go to the wallet
      {R"([{"voucher": "V50", "to": "wallet"}])", "$.redeem[0]"},   // a held voucher is already there
      {R"([{"reward": "G", "points": 5}])", "$.redeem[0].points"},  // points are for a resale
      {R"([{"reward": "TEN"}, {"reward": "PAY", "points": 100, "qty": 2}])", "$.redeem[1].qty"},  // a resale takes points
  };
  for (const auto& c : cases) {
    INFO(c.redeem);
    auto refusal = refusal_of(*p, request(R"({"id": "M", "points": 100000, "vouchers": {"V50": 1}})",
                                          R"({"sku": "A", "qty": 1, "price": 100000})", "2026-03-09T10:00:00+07:00", c.redeem));
    REQUIRE(refusal);
    CHECK(name(refusal->code) == "bad-input");
    CHECK(channel(refusal->code) == Channel::bad_input);
    CHECK(refusal->path == c.path);
  }
  // The library refuses the same when a caller builds the redemption itself.
  const Redemption resale_with_qty{Redemption::Kind::reward, "PAY", Points{100}, 2, false};
  Member m;
  m.id = "M";
  m.points = 1000;
  Order o;
  o.id = "O";
  o.lines.push_back({"A", "", 1, Money{100000}});
  auto d = evaluate(*p, m, o, std::span<const Redemption>(&resale_with_qty, 1));
  REQUIRE_FALSE(d);
  CHECK(name(d.refusal().code) == "bad-input");
}

TEST_CASE("strict requests: an unknown field is refused with its path and a suggestion") {
  auto p = policy(shop);
  struct Case {
    const char* json;
    const char* path;
    const char* message;
  };
  const Case cases[] = {
      {R"({"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-09T10:00:00+07:00", "lines": []}, "reedem": []})",
       "$.reedem", "unknown field `reedem`; did you mean `redeem`?"},
      {R"({"member": {"id": "M", "point": 5}, "order": {"id": "O", "at": "2026-03-09T10:00:00+07:00", "lines": []}})",
       "$.member.point", "unknown field `point`; did you mean `points`?"},
      {R"({"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-09T10:00:00+07:00", "store_id": "HN", "lines": []}})",
       "$.order.store_id", "unknown field `store_id`"},
      {R"({"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-09T10:00:00+07:00", "lines": [{"sku": "A", "qty": 1, "price": 5, "prise": 5}]}})",
       "$.order.lines[0].prise", "unknown field `prise`; did you mean `price`?"},
      {R"({"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-09T10:00:00+07:00", "lines": []}, "redeem": [{"reward": "TEN", "quantity": 1}]})",
       "$.redeem[0].quantity", "unknown field `quantity`"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    const Refusal r = bad_request(*p, c.json);
    CHECK(r.path == c.path);
    CHECK(r.message == c.message);
  }
}

TEST_CASE("an unknown member tier is a business refusal; a member without `joined` stays without") {
  auto p = policy(shop);
  auto refusal = refusal_of(*p, request(R"({"id": "M", "tier": "NOPE"})", R"({"sku": "A", "qty": 1, "price": 100})"));
  REQUIRE(refusal);
  CHECK(name(refusal->code) == "unknown-tier");
  CHECK(channel(refusal->code) == Channel::refused);
  CHECK(refusal->path == "$.member.tier");

  auto r = parse_request(*p, request(R"({"id": "M"})", R"({"sku": "A", "qty": 1, "price": 100})"));
  REQUIRE(r);
  auto d = evaluate(*p, r->member, r->order, r->redeem);
  REQUIRE(d);
  CHECK_FALSE(d->member.joined);
  CHECK_THAT(decision_json(*p, r->order, *d), !Catch::Contains("joined"));
}

TEST_CASE("a rule applies at most once per line, whatever its target list") {
  auto compiled = compile(dsl::Source("t.loy", R"(policy "t" { currency VND
    rule bread on category "Food", "Food/Bakery", "Food/Bakery/Bread" { earn 2 points per unit }
    rule c on product "C", "C" { earn 1 point per unit } })"));
  REQUIRE(compiled.policy);
  // 3 x 2 points once, not three times; 4 x 1 point once, not twice.
  auto d =
      run(*compiled.policy, request(R"({"id": "M"})", R"({"sku": "B", "category": "Food/Bakery/Bread", "qty": 3, "price": 100}, )"
                                                      R"({"sku": "C", "qty": 4, "price": 100})"));
  REQUIRE(d);
  CHECK(d->earned == 6 + 4);
  // The checker warns about each redundant value.
  CHECK(messages(compiled.diagnostics) ==
        std::vector<std::string>{"redundant-target: `Food/Bakery` is already covered by `Food`",
                                 "redundant-target: `Food/Bakery/Bread` is already covered by `Food`",
                                 "redundant-target: `C` is listed twice"});
}

TEST_CASE("timestamps and dates are read strictly") {
  auto p = policy(shop);
  auto at = [&](const std::string& ts) {
    return parse_request(
        *p, R"({"member": {"id": "M", "joined": "2025-01-01"}, "order": {"id": "O", "at": ")" + ts + R"(", "lines": []}})");
  };
  for (const char* bad : {"2026-03-09T-1:00:00+07:00", "+026-03-09T10:00:00+07:00", "2026-+3-09T10:00:00+07:00",
                          "2026-03-09T10:00:00+-1:00", "2026-03-09T 1:00:00+07:00", "2026-03-09T10:00:00.+07:00",
                          "2026-03-09T10:00:00+07:00 ", "2026-02-30T10:00:00Z", "2026-03-09T24:00:00Z"}) {
    INFO(bad);
    auto r = at(bad);
    REQUIRE_FALSE(r);
    CHECK(r.refusal().path == "$.order.at");
  }
  for (const char* good : {"2026-03-09T10:00:00+07:00", "2026-03-09 10:00:00Z", "2026-03-09T10:00:00.125-03:30"}) {
    INFO(good);
    CHECK(at(good));
  }
  // 2026-03-09T01:00:00+07:00 is Monday 9 March at 01:00 local, 18:00 UTC on Sunday the 8th.
  auto monday = at("2026-03-09T01:00:00+07:00");
  REQUIRE(monday);
  CHECK(monday->order.at.utc_seconds == 1772992800);
  auto joined = parse_request(
      *p, R"({"member": {"id": "M", "joined": " 2025-01-01"}, "order": {"id": "O", "at": "2026-03-09T10:00:00Z", "lines": []}})");
  REQUIRE_FALSE(joined);
  CHECK(joined.refusal().path == "$.member.joined");
}

TEST_CASE("a number over 18 digits is a limit, said as one") {
  auto p = policy(shop);
  auto r = parse_request(*p, request(R"({"id": "M"})", R"({"sku": "A", "qty": 1, "price": "123456789012345678901"})"));
  REQUIRE_FALSE(r);
  CHECK(r.refusal().path == "$.order.lines[0].price");
  CHECK_THAT(r.refusal().message, Catch::Contains("over the limit") && Catch::Contains("18 digits"));
}

TEST_CASE("ASCII is told apart at any length and any position of the first other byte") {
  CHECK(dsl::is_ascii(""));
  CHECK(dsl::is_ascii("plain text of more than eight bytes, \x7f included"));
  for (std::size_t size : {1u, 7u, 8u, 9u, 16u, 23u}) {
    for (std::size_t at = 0; at < size; ++at) {
      std::string text(size, 'a');
      text[at] = '\x80';
      CAPTURE(size, at);
      CHECK_FALSE(dsl::is_ascii(text));
    }
  }
}

TEST_CASE("names are compared in NFC on both sides") {
  // "Bạc" and "Đồ uống" in NFC (precomposed) and in NFD (a base letter and combining marks).
  const std::string bac_nfc =
                        "B\xE1\xBA\xA1"
                        "c",
                    bac_nfd =
                        "Ba\xCC\xA3"
                        "c";
  const std::string drinks_nfc = "\xC4\x90\xE1\xBB\x93 u\xE1\xBB\x91ng",
                    drinks_nfd = "\xC4\x90o\xCC\x82\xCC\x80 uo\xCC\x82\xCC\x81ng";
  CHECK(dsl::nfc(bac_nfd) == bac_nfc);
  CHECK(dsl::nfc(drinks_nfd) == drinks_nfc);
  auto policy_in = [](const std::string& tier, const std::string& category) {
    return policy("policy \"t\" { currency VND\n tier " + tier + " default {}\n rule r on category \"" + category +
                  "\" { earn 5 points per unit\n when tier in [" + tier + "] } }");
  };
  for (const auto& [policy_form, request_form] : {std::pair{0, 1}, std::pair{1, 0}}) {
    const std::string tiers[] = {bac_nfc, bac_nfd}, categories[] = {drinks_nfc, drinks_nfd};
    auto p = policy_in(tiers[policy_form], categories[policy_form]);
    auto d =
        run(*p, request(R"({"id": "M", "tier": ")" + tiers[request_form] + R"("})",
                        R"({"sku": "TRA", "category": ")" + categories[request_form] + R"(/Trà", "qty": 2, "price": 1000})"));
    REQUIRE(d);
    CHECK(d->earned == 10);
    CHECK(d->tier_after == bac_nfc);
  }
}

TEST_CASE("a rule's amount condition reads what the rule earns on") {
  // One line of 10,000 with a 2,000 order discount: net 8,000, gross 10,000.
  auto net = policy(R"(policy "t" { currency VND
    rule big on every line { earn 1 point per unit
      when amount >= 9_000 } })");
  auto gross = policy(R"(policy "t" { currency VND
    earn on subtotal
    rule big on every line { earn 1 point per unit
      when amount >= 9_000 } })");
  const std::string req = request(R"({"id": "M"})", R"({"sku": "A", "qty": 1, "price": 10000})", "2026-03-09T10:00:00+07:00",
                                  "[]", R"(, "discount": 2000)");
  auto on_net = run(*net, req);
  auto on_gross = run(*gross, req);
  REQUIRE(on_net);
  REQUIRE(on_gross);
  CHECK(on_net->earned == 0);    // 8,000 < 9,000
  CHECK(on_gross->earned == 1);  // 10,000 >= 9,000
}

TEST_CASE("a named time zone reads weekdays in local time, summer time included") {
  auto zone = [](const std::string& tz) {
    return policy("policy \"t\" { currency EUR\n timezone " + tz +
                  "\n rule sunday on every line { earn 1 point per unit\n when weekday in [sun] } }");
  };
  auto paris = zone("Europe/Paris");
  auto fixed = zone("+01:00");
  auto earned = [&](const Policy& p, const std::string& at) {
    auto d = run(p, request(R"({"id": "M"})", R"({"sku": "A", "qty": 1, "price": "1.00"})", at));
    REQUIRE(d);
    return d->earned;
  };
  // 2026-07-04 22:30 UTC is Sunday 00:30 in Paris (UTC+2 in summer), Saturday 23:30 at +01:00.
  CHECK(earned(*paris, "2026-07-04T22:30:00Z") == 1);
  CHECK(earned(*fixed, "2026-07-04T22:30:00Z") == 0);
  // 2026-01-03 23:30 UTC is Sunday 00:30 in Paris in winter (UTC+1), and at +01:00 too.
  CHECK(earned(*paris, "2026-01-03T23:30:00Z") == 1);
  CHECK(earned(*fixed, "2026-01-03T23:30:00Z") == 1);
  // The same instant written at +09:00: the order's own offset does not matter once the policy has a zone.
  CHECK(earned(*paris, "2026-07-05T07:30:00+09:00") == 1);
}

TEST_CASE("an unknown time zone is a compile error at its name") {
  const dsl::Source source("t.loy", "policy \"t\" {\n  currency VND\n  timezone Mars/Olympus\n}\n");
  auto compiled = compile(source);
  CHECK_FALSE(compiled.policy);
  REQUIRE(compiled.diagnostics.size() == 1);
  CHECK(name(compiled.diagnostics[0].code) == "unknown-timezone");
  CHECK(source.locate(compiled.diagnostics[0].span.begin).line == 3);
  CHECK(source.locate(compiled.diagnostics[0].span.begin).column == 12);
}
