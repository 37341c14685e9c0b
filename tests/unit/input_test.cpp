// No silent input (docs/robustness.md): a JSON key given twice is refused
// with its path; a number in exponent form is read exactly when it is an
// exact decimal and refused precisely when it is not; every refusal of a
// number says exactly what is wrong.
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "json_writer.hpp"
#include "loyalty/dsl/check.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/replay.hpp"

namespace loyalty::test {
namespace {

const char* const shop = R"(policy "Shop" {
  currency VND
  earn 1 point per 1_000
}
)";
const char* const euro = R"(policy "Euro" {
  currency EUR
  earn 1 point per 1
}
)";

std::string order_with(const std::string& line, const std::string& member = R"({"id": "M"})") {
  return R"({"member": )" + member + R"(, "order": {"id": "O1", "at": "2026-03-09T10:00:00+07:00", "lines": [)" + line + "]}}";
}

TEST_CASE("a JSON key given twice is refused with its path, wherever it is") {
  auto p = policy(shop);
  struct Case {
    std::string request;
    const char* path;
  };
  const std::vector<Case> cases = {
      {order_with(R"({"sku": "A", "qty": 1, "price": 1000})", R"({"id": "M", "id": "N"})"), "$.member.id"},
      {order_with(R"({"sku": "A", "qty": 1, "qty": 2, "price": 1000})"), "$.order.lines[0].qty"},
      {order_with(R"({"sku": "A", "qty": 1, "price": 1000}, {"sku": "B", "sku": "C", "qty": 1, "price": 1})"),
       "$.order.lines[1].sku"},
      {R"({"member": {"id": "M"}, "member": {"id": "N"}, "order": {"id": "O", "at": "2026-03-09T10:00:00Z", "lines": []}})",
       "$.member"},
  };
  for (const auto& c : cases) {
    INFO(c.request);
    const Refusal r = bad_request(*p, c.request);
    CHECK(r.path == c.path);
    CHECK_THAT(r.message, Catch::Contains("is given twice"));
  }
  // Replay's event lines too, by either reader.
  auto e = parse_event(*p, R"({"type": "join", "member": "A", "member": "B", "at": "2026-01-01T09:00:00Z"})");
  REQUIRE_FALSE(e);
  CHECK(e.refusal().path == "$.member");
}

TEST_CASE("a number in exponent form is read exactly when it is an exact decimal at the scale") {
  auto p = policy(euro);
  struct Case {
    const char* price;
    std::int64_t cents;
  };
  const std::vector<Case> cases = {
      {"1e2", 10000}, {"1E2", 10000}, {"1.25e2", 12500}, {"125e-2", 125}, {"2.5E-1", 25}, {"-0e0", 0}, {"1.5e+1", 1500},
  };
  for (const auto& c : cases) {
    INFO(c.price);
    auto r = parse_request(*p, order_with(std::string(R"({"sku": "A", "qty": 1, "price": )") + c.price + "}"));
    REQUIRE(r);
    CHECK(r.value().order.lines[0].price == Money{c.cents});
  }
  auto count = parse_request(*p, order_with(R"({"sku": "A", "qty": 1e1, "price": 1})"));
  REQUIRE(count);
  CHECK(count.value().order.lines[0].qty == 10);
}

TEST_CASE("a number that cannot be read exactly is refused with what is wrong with it") {
  auto vnd = policy(shop);
  auto eur = policy(euro);
  struct Case {
    const Policy* policy;
    const char* line;
    const char* message;
  };
  const std::vector<Case> cases = {
      {vnd.get(), R"({"sku": "A", "qty": 1, "price": "12.5"})", "`12.5` is not a whole number for money"},
      {vnd.get(), R"({"sku": "A", "qty": 1, "price": 2.5e-1})", "`2.5e-1` is not a whole number for money"},
      {eur.get(), R"({"sku": "A", "qty": 1, "price": "1.234"})", "`1.234` has 3 decimals; at most 2 for money"},
      {eur.get(), R"({"sku": "A", "qty": 1, "price": 1.5e-3})", "`1.5e-3` has 4 decimals; at most 2 for money"},
      {eur.get(), R"({"sku": "A", "qty": 1, "price": "92233720368547758.08"})", "is over the limit"},
      {eur.get(), R"({"sku": "A", "qty": 1, "price": 1e17})", "`1e17` is too large for money: at most 92233720368547758.07"},
      {eur.get(), R"({"sku": "A", "qty": 1, "price": 1e400})", "`1e400` is out of range"},
      {eur.get(), R"({"sku": "A", "qty": 1.5, "price": 1})", "`1.5` is not a whole number for a count"},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    const Refusal r = bad_request(*c.policy, order_with(c.line));
    CHECK_THAT(r.message, Catch::Contains(c.message));
    CHECK_THAT(r.path, Catch::StartsWith("$.order.lines[0]."));
  }
}

TEST_CASE("an id that is not UTF-8 is refused with its path and byte") {
  auto p = policy(shop);
  const Refusal r = bad_request(*p, order_with("{\"sku\": \"A\xff\", \"qty\": 1, \"price\": 1000}"));
  CHECK(r.path == "$.order.lines[0].sku");
  CHECK_THAT(r.message, Catch::Contains("not valid UTF-8 (byte"));
  const Refusal member = bad_request(*p, order_with(R"({"sku": "A", "qty": 1, "price": 1000})", "{\"id\": \"M\xc3\"}"));
  CHECK(member.path == "$.member.id");
}

TEST_CASE("the limits of a request: lines, redemptions, text, depth and size, each refused with its path") {
  auto p = policy(shop);
  std::string lines;
  for (std::size_t i = 0; i <= max_order_lines; ++i)
    lines += std::string(i ? ", " : "") + R"({"sku": "A", "qty": 1, "price": 1})";
  const Refusal many = bad_request(*p, order_with(lines));
  CHECK(many.path == "$.order.lines");
  CHECK_THAT(many.message, Catch::Contains("at most 10000 lines"));

  std::string redeem;
  for (std::size_t i = 0; i <= max_redemptions; ++i) redeem += std::string(i ? ", " : "") + R"({"reward": "X"})";
  const Refusal asks =
      bad_request(*p, R"({"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-09T10:00:00Z", "lines": []}, "redeem": [)" +
                          redeem + "]}");
  CHECK(asks.path == "$.redeem");
  CHECK_THAT(asks.message, Catch::Contains("at most 100 redemptions"));

  const Refusal long_sku =
      bad_request(*p, order_with(R"({"sku": ")" + std::string(max_text_bytes + 1, 'x') + R"(", "qty": 1, "price": 1})"));
  CHECK(long_sku.path == "$.order.lines[0].sku");
  CHECK_THAT(long_sku.message, Catch::Contains("longer than the limit of 1000 bytes"));
  // At the limit is fine.
  CHECK(parse_request(*p, order_with(R"({"sku": ")" + std::string(max_text_bytes, 'x') + R"(", "qty": 1, "price": 1})")));

  std::string deep = R"({"member": {"id": "M"}, "order": )";
  for (int i = 0; i < max_json_depth; ++i) deep += "[";
  const Refusal nested = bad_request(*p, deep);
  CHECK_THAT(nested.message, Catch::Contains("nested deeper than 32 levels"));

  const Refusal huge = bad_request(*p, std::string(max_json_bytes + 1, ' '));
  CHECK_THAT(huge.message, Catch::Contains("over 8388608 bytes"));
}

TEST_CASE("the limits of a policy: rules, rewards and multipliers, each a limit-exceeded error at the first too many") {
  auto first_code = [](const std::string& item, std::size_t count) {
    std::string text = "policy \"p\" {\n  currency VND\n";
    for (std::size_t i = 0; i < count; ++i) {
      std::string one = item;
      one.replace(one.find('#'), 1, std::to_string(i));
      text += one;
    }
    text += "}\n";
    REQUIRE(text.size() <= dsl::max_policy_bytes);
    auto compiled = compile(dsl::Source("t.loy", text));
    return compiled.diagnostics.empty() ? std::string("none") : std::string(name(compiled.diagnostics.front().code));
  };
  CHECK(first_code("rule r# {\n earn 1%\n}\n", dsl::max_rules) == "none");
  CHECK(first_code("rule r# {\n earn 1%\n}\n", dsl::max_rules + 1) == "limit-exceeded");
  CHECK(first_code("reward w# {\n gift \"G\"\n cost 1 point\n}\n", dsl::max_rewards + 1) == "limit-exceeded");
  CHECK(first_code("multiply base by 2 when store in [\"#\"]\n", dsl::max_multipliers + 1) == "limit-exceeded");
}

}  // namespace
}  // namespace loyalty::test

namespace loyalty::test {
namespace {

TEST_CASE("the fast request reader reads every request as parse_request does, or refuses it the same way") {
  auto p = policy(R"(policy "Shop" {
  currency EUR
  points decimals 2
  earn 1 point per 1
  reward C "Coffee" {
    gift "CF"
    cost 5 points
  }
}
)");
  const std::string at = R"("at": "2026-03-09T10:00:00+07:00")";
  const std::string line = R"({"sku": "A", "category": "Food/Bakery", "qty": 2, "price": "1.25"})";
  const std::vector<std::string> requests = {
      // read on the fast path
      R"({"member": {"id": "M", "points": "10.5", "spend": 12, "tier": "default", "orders": 3, "joined": "2025-01-31",
          "cycle_start": "2026-01-31", "cycle_spend": "0", "total_spent": "40.10", "vouchers": {}},
          "order": {"id": "O", )" +
          at + R"(, "store": "S1", "channel": "pos", "discount": "0.50", "lines": [)" + line + "]}}",
      R"({"redeem": [], "order": {"lines": [], "id": "O", )" + at + R"(}, "member": {"id": "M"}})",
      // handed to parse_request
      R"({"member": {"id": "Mỹ"}, "order": {"id": "O", )" + at + R"(, "lines": [)" + line + "]}}",
      // an escape spelling a decomposed letter (e, then U+0301): NFC, as parse_request reads it
      R"({"member": {"id": "M"}, "order": {"id": "O", )" + at + R"(, "lines": [{"sku": "Cafe\u0301", "qty": 1, "price": 1}]}})",
      R"({"member": {"id": "M", "points": "5", "lots": [{"earned": "2026-03-01", "points": "5"}]}, "order": {"id": "O", )" + at +
          R"(, "lines": []}, "redeem": [{"reward": "C"}]})",
      R"({"member": {"id": "M", "vouchers": {"C": 1}}, "order": {"id": "O", )" + at + R"(, "lines": [], "discount": 1e1}})",
      R"({"member": {"id": "M", "birthday": "03-09"}, "order": {"id": "O", )" + at + R"(, "lines": [{"sku": "A", "qty": -1,
          "price": 2, "returns": {"order": "S", "line": 0}}]}})",
      // refused, the same way
      R"({"member": {"id": "M", "id": "N"}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M"}, "order": {"id": "O", )" + at + R"(, "lines": [{"sku": "A", "qty": 1.5, "price": 1}]}})",
      R"({"member": {"id": "M", "joined": "2026-02-30"}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M", "pionts": 1}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"points": 1}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M"}, "order": {"id": "O", )" + at + R"(, "lines": []}, "redeem": null})",
      R"({"member": {"id": "M"}, "order": {"id": "O", "at": "yesterday", "lines": []}})",
      R"({"member": {"id": "M"}})",
      R"([1, 2])",
      R"({"member": )",
      // what the fast path leaves to parse_request, read or refused the same way
      R"({"member": {"id": "M", "vouchers": {"C": 1}}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M", "points": -0}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M", "points": 007}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M", "orders": 1234567890123456789}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M", "spend": 99999999999999999}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M\u004e"}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M", "tier": null}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M",}, "order": {"id": "O", )" + at + R"(, "lines": []}})",
      R"({"member": {"id": "M"}, "order": {"id": "O", )" + at + R"(, "lines": []}} {})",
      "{\"member\":{\"id\":\"M\"},\n\"order\":{\"id\":\"O\",\r\n" + at + ",\t\"lines\":[" + line + "]}}\n",
  };
  RequestReader reader;
  Request fast;  // one request for all: what a reused one keeps must not leak into the next
  for (const std::string& text : requests) {
    INFO(text);
    const auto slow = parse_request(*p, text);
    const auto refused = reader.read(*p, text, fast);
    REQUIRE(static_cast<bool>(slow) == !refused);
    if (!slow) {
      CHECK(refused->path == slow.refusal().path);
      CHECK(refused->message == slow.refusal().message);
      continue;
    }
    CHECK(fast.member == slow.value().member);
    CHECK(fast.order == slow.value().order);
    CHECK(fast.redeem.size() == slow.value().redeem.size());
  }
  // The first request's figures, worked by hand: points at 2 decimals, money in cents.
  Request first;
  REQUIRE_FALSE(reader.read(*p, requests[0], first));
  CHECK(first.member.points == Points{1050});
  CHECK(first.member.spend == Money{1200});
  CHECK(first.member.total_spent == Money{4010});
  CHECK(first.member.orders == 3);
  CHECK(first.order.discount == Money{50});
  CHECK(first.order.lines[0].price == Money{125});
  CHECK(first.order.lines[0].category == "Food/Bakery");
  Request escaped;
  REQUIRE_FALSE(reader.read(*p, requests[3], escaped));
  CHECK(escaped.order.lines[0].sku == "Caf\xC3\xA9");  // U+00E9, composed
}

TEST_CASE("strings are written as nlohmann writes them, whatever byte needs escaping and wherever it is") {
  // Each byte that cannot go out as it is, at every position of strings long
  // enough to take the eight-bytes-at-a-time check and its tail.
  const std::vector<std::string> specials = {"\"", "\\", "\n", "\t", "\x01", "\x1f", "\xc3\xa9", "\xff", "\x7f", " "};
  for (const std::string& special : specials)
    for (std::size_t length = 0; length <= 20; ++length)
      for (std::size_t at = 0; at <= length; ++at) {
        const std::string s = std::string(at, 'a') + special + std::string(length - at, 'b');
        JsonWriter w(false);
        w.value(s);
        const std::string expected = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        REQUIRE(w.take() == expected);
      }
}

TEST_CASE("objects and arrays are written as nlohmann dumps them, indented and on one line") {
  const nlohmann::json doc = {{"id", "M1"},
                              {"empty", nlohmann::json::object()},
                              {"none", nlohmann::json::array()},
                              {"lots", {{{"earned", "2026-01-05"}, {"points", 12}}, {{"earned", "2026-02-05"}, {"points", -3}}}},
                              {"ok", true}};
  for (const bool indented : {true, false}) {
    JsonWriter w(indented);
    w.begin_object();
    w.field("empty", "");
    w.end_object();
    (void)w.take();  // a writer starts afresh after take()
    w.begin_object();
    w.key("empty");
    w.begin_object();
    w.end_object();
    w.field("id", "M1");
    w.key("lots");
    w.begin_array();
    w.begin_object();
    w.field("earned", "2026-01-05");
    w.field("points", 12);
    w.end_object();
    w.begin_object();
    w.field("earned", "2026-02-05");
    w.field("points", -3);
    w.end_object();
    w.end_array();
    w.key("none");
    w.begin_array();
    w.end_array();
    w.field("ok", true);
    w.end_object();
    REQUIRE(w.take() == doc.dump(indented ? 2 : -1) + "\n");
  }
}

}  // namespace
}  // namespace loyalty::test
