// Redemption (spec section 6): values worked out by hand; every refusal
// leaves the member exactly as it was.
#include "helpers.hpp"

using namespace loyalty;
using namespace loyalty::test;

namespace {

const char* shop = R"(
policy "Shop" {
  currency VND
  earn 5%
  reward V50 "Voucher 50.000đ" {
    voucher 50_000
    cost 500 points
  }
  reward PAY "Pay with points" {
    resale 1 point = 100
    max 50% of order
    max 40_000 per order
    step 100 points
    minimum balance 200 points
  }
  reward GIFT "Free coffee" {
    gift "ESPRESSO"
    cost 100 points
  }
  reward TEN "10% off" {
    discount 10% on order
    cost 200 points
    minimum 250 points
  }
  reward CHEAP "Cheapest free" {
    discount 100% on cheapest line
    cost 300 points
  }
  reward WEEKEND "Weekend voucher" {
    voucher 10_000
    cost 50 points
    when weekday in [sat, sun]
  }
}
)";

const char* one_line = R"({"sku": "A", "qty": 1, "price": 100000})";

}  // namespace

TEST_CASE("resale pays with points, then points are earned on what is paid") {
  auto p = policy(shop);
  auto d = run(*p, request(R"({"id": "M", "points": 1000})", one_line, "2026-03-09T10:00:00+07:00",
                           R"([{"reward": "PAY", "points": 300}])"));
  REQUIRE(d);
  CHECK(d->spent == 300);
  REQUIRE(d->discounts.size() == 1);
  CHECK(d->discounts[0].amount == 30000);  // 300 points x 100
  CHECK(d->paid == 70000);
  CHECK(d->earned == 3500);  // 5% of 70,000
  CHECK(d->member.points == 1000 - 300 + 3500);
}

TEST_CASE("vouchers: applied now, issued to the wallet, used later") {
  auto p = policy(shop);
  SECTION("applied to this order (iPOS)") {
    auto d = run(
        *p, request(R"({"id": "M", "points": 1200})", one_line, "2026-03-09T10:00:00+07:00", R"([{"reward": "V50", "qty": 2}])"));
    REQUIRE(d);
    CHECK(d->spent == 1000);
    CHECK(d->paid == 0);  // 2 x 50,000 off 100,000
    CHECK(d->earned == 0);
    CHECK(d->member.points == 200);
  }
  SECTION("to the wallet (Haravan discount codes)") {
    auto d = run(*p, request(R"({"id": "M", "points": 1200})", one_line, "2026-03-09T10:00:00+07:00",
                             R"([{"reward": "V50", "qty": 2, "to": "wallet"}])"));
    REQUIRE(d);
    CHECK(d->paid == 100000);
    CHECK(d->earned == 5000);
    REQUIRE(d->vouchers.size() == 1);
    CHECK(d->vouchers[0].qty == 2);
    CHECK(d->member.vouchers.at("V50") == 2);
    CHECK(d->member.points == 1200 - 1000 + 5000);
  }
  SECTION("a held voucher used on a later order") {
    auto d = run(*p, request(R"({"id": "M", "vouchers": {"V50": 2}})", one_line, "2026-03-09T10:00:00+07:00",
                             R"([{"voucher": "V50", "qty": 1}])"));
    REQUIRE(d);
    CHECK(d->spent == 0);
    CHECK(d->paid == 50000);
    CHECK(d->member.vouchers.at("V50") == 1);
  }
  SECTION("a voucher worth more than the order stops at the order's total") {
    auto d = run(*p, request(R"({"id": "M", "vouchers": {"V50": 1}})", R"({"sku": "A", "qty": 1, "price": 30000})",
                             "2026-03-09T10:00:00+07:00", R"([{"voucher": "V50"}])"));
    REQUIRE(d);
    CHECK(d->discounts[0].amount == 30000);
    CHECK(d->paid == 0);
  }
}

TEST_CASE("discounts and gifts") {
  auto p = policy(shop);
  SECTION("10% of 45,555 is 4,555.5, rounded half up to 4,556") {
    auto d = run(*p, request(R"({"id": "M", "points": 300})", R"({"sku": "A", "qty": 1, "price": 45555})",
                             "2026-03-09T10:00:00+07:00", R"([{"reward": "TEN"}])"));
    REQUIRE(d);
    CHECK(d->discounts[0].amount == 4556);
    CHECK(d->paid == 40999);
    CHECK(d->earned == 2049);  // 5% of 40,999 = 2,049.95
  }
  SECTION("the cheapest line: the lowest unit price, all its units") {
    auto d = run(*p, request(R"({"id": "M", "points": 300})",
                             R"({"sku": "A", "qty": 2, "price": 7000}, {"sku": "B", "qty": 1, "price": 9000})",
                             "2026-03-09T10:00:00+07:00", R"([{"reward": "CHEAP"}])"));
    REQUIRE(d);
    CHECK(d->discounts[0].amount == 14000);  // 100% of 2 x 7,000
    CHECK(d->paid == 9000);
  }
  SECTION("a gift line that earns nothing") {
    auto d = run(*p, request(R"({"id": "M", "points": 100})", one_line, "2026-03-09T10:00:00+07:00", R"([{"reward": "GIFT"}])"));
    REQUIRE(d);
    REQUIRE(d->gifts.size() == 1);
    CHECK(d->gifts[0].sku == "ESPRESSO");
    CHECK(d->gifts[0].qty == 1);
    CHECK(d->paid == 100000);
    CHECK(d->earned == 5000);
    CHECK(d->member.points == 5000);
  }
}

TEST_CASE("refused redemptions change nothing") {
  auto p = policy(shop);
  struct Case {
    const char* name;
    const char* member;
    const char* redeem;
    const char* code;
  };
  const Case cases[] = {
      // 500 x 100 = 50,000 > 50% of 100,000? no, equal; but above max 40,000 per order
      {"max per order", R"({"id": "M", "points": 1000})", R"([{"reward": "PAY", "points": 500}])", "cap-exceeded"},
      // 150 is not a multiple of the step 100
      {"step", R"({"id": "M", "points": 1000})", R"([{"reward": "PAY", "points": 150}])", "step"},
      // balance 150 is below the minimum balance of 200
      {"minimum balance", R"({"id": "M", "points": 150})", R"([{"reward": "PAY", "points": 100}])", "minimum-balance"},
      {"insufficient points", R"({"id": "M", "points": 400})", R"([{"reward": "V50"}])", "insufficient-points"},
      // together: 500 + 300 > 700 even though each alone fits
      {"validated together", R"({"id": "M", "points": 700})", R"([{"reward": "V50"}, {"reward": "PAY", "points": 300}])",
       "insufficient-points"},
      {"unknown reward", R"({"id": "M", "points": 1000})", R"([{"reward": "NOPE"}])", "unknown-reward"},
      {"voucher not held", R"({"id": "M", "points": 1000})", R"([{"voucher": "V50"}])", "voucher-not-held"},
      {"condition not met", R"({"id": "M", "points": 1000})", R"([{"reward": "WEEKEND"}])", "condition-not-met"},
      {"minimum for a discount", R"({"id": "M", "points": 240})", R"([{"reward": "TEN"}])", "minimum-balance"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto d = run(*p, request(c.member, one_line, "2026-03-09T10:00:00+07:00", c.redeem));
    REQUIRE_FALSE(d);
    CHECK(name(d.refusal().code) == c.code);
  }
}

TEST_CASE("points earned on an order cannot be spent on the same order") {
  auto p = policy(shop);
  // the order would earn 25,000 points, but the balance before it is 0
  auto d = run(*p, request(R"({"id": "M", "points": 0})", R"({"sku": "A", "qty": 5, "price": 100000})",
                           "2026-03-09T10:00:00+07:00", R"([{"reward": "V50"}])"));
  REQUIRE_FALSE(d);
  CHECK(name(d.refusal().code) == "insufficient-points");
}

TEST_CASE("resale up to half the order (seed 003 limit)") {
  auto p = policy(R"(policy "t" { currency VND
    reward PAY { resale 1 point = 100
      max 50% of order } })");
  auto ok = run(*p, request(R"({"id": "M", "points": 1000})", one_line, "2026-03-09T10:00:00+07:00",
                            R"([{"reward": "PAY", "points": 500}])"));
  REQUIRE(ok);
  CHECK(ok->paid == 50000);
  auto over = run(*p, request(R"({"id": "M", "points": 1000})", one_line, "2026-03-09T10:00:00+07:00",
                              R"([{"reward": "PAY", "points": 501}])"));
  REQUIRE_FALSE(over);
  CHECK(name(over.refusal().code) == "cap-exceeded");
}

TEST_CASE("a discount's max trims it rather than refusing") {
  auto p = policy(R"(policy "t" { currency VND
    reward TEN { discount 10% on order
      cost 10 points
      max 3_000 } })");
  // 10% of 100,000 is 10,000, trimmed to 3,000
  auto d = run(*p, request(R"({"id": "M", "points": 10})", R"({"sku": "A", "qty": 1, "price": 100000})",
                           "2026-03-09T10:00:00+07:00", R"([{"reward": "TEN"}])"));
  REQUIRE(d);
  CHECK(d->discounts[0].amount == 3000);
  CHECK(d->paid == 97000);
}

TEST_CASE("a product discount needs the product") {
  auto p = policy(R"(policy "t" { currency VND
    reward MUG { discount 50% on product "MUG"
      cost 10 points } })");
  auto ok = run(*p, request(R"({"id": "M", "points": 10})",
                            R"({"sku": "MUG", "qty": 2, "price": 30000}, {"sku": "A", "qty": 1, "price": 5000})",
                            "2026-03-09T10:00:00+07:00", R"([{"reward": "MUG"}])"));
  REQUIRE(ok);
  CHECK(ok->discounts[0].amount == 30000);  // 50% of the MUG lines' 60,000
  auto missing = run(*p, request(R"({"id": "M", "points": 10})", R"({"sku": "A", "qty": 1, "price": 5000})",
                                 "2026-03-09T10:00:00+07:00", R"([{"reward": "MUG"}])"));
  REQUIRE_FALSE(missing);
  CHECK(name(missing.refusal().code) == "not-applicable");
}
