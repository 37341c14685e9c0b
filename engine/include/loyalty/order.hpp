// An order as the till sends it, and the redemptions the customer asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/amount.hpp"

namespace loyalty {

struct Timestamp {
  std::int64_t utc_seconds = 0;  // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 0;        // the offset it was written with
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// The sale a returned line reverses (docs/semantics.md, returns): that
// order's line, with what it sold and earned, from the sale's decision
// (`lines`). Without the figures (a replay looks them up), the return is
// evaluated by today's rules.
struct ReturnOf {
  std::string order;
  std::uint32_t line = 0;
  std::int64_t qty = 0;          // units the sale line sold; 0: unknown
  std::optional<Points> points;  // points the sale line earned; none: unknown
  std::optional<Timestamp> at;   // when the sale was made: its points are taken from that day's lot first

  friend bool operator==(const ReturnOf&, const ReturnOf&) = default;
};

// A catalogue item resolved against one compiled policy (loyalty::resolve):
// a line that carries it is evaluated without looking its SKU or category
// up. A key resolved against another policy, or none, is ignored: then the
// line's strings are looked up, with the same result.
struct LineKey {
  std::uint64_t policy = 0;  // the policy's serial; 0: none
  std::uint32_t product_begin = 0, product_count = 0;
  std::uint32_t category_begin = 0, category_count = 0;
  std::uint32_t exclusion = 0;  // 1 + the index of the exclusion it falls under; 0: none

  friend bool operator==(const LineKey&, const LineKey&) = default;
};

// Text (SKUs, categories, ids, stores, channels) is compared byte for byte
// with the policy's names, which are in NFC. The JSON, CSV and YAML readers
// bring what they read to NFC; a caller that builds an Order itself passes
// NFC text (dsl::nfc in loyalty/dsl/unicode.hpp brings text to it).
struct Line {
  std::string sku;
  std::string category;             // a path such as "Food/Bakery"; it matches rules on "Food" too
  std::int64_t qty = 0;             // negative for a returned item
  Money price;                      // unit price
  std::optional<ReturnOf> returns;  // a returned line may name its sale
  LineKey key;                      // the SKU and category resolved (optional: speed only)

  friend bool operator==(const Line&, const Line&) = default;
};

struct Order {
  std::string id;
  Timestamp at;
  std::string store;
  std::string channel;
  std::vector<Line> lines;
  Money discount;  // order-level discount

  friend bool operator==(const Order&, const Order&) = default;
};

struct Redemption {
  enum class Kind { reward, voucher };
  Kind kind = Kind::reward;
  std::string reward;      // reward id (for a held voucher: the voucher's reward id)
  Points points;           // resale: points to spend
  std::int64_t qty = 1;    // vouchers, gifts, discounts: how many
  bool to_wallet = false;  // vouchers: issue to the wallet instead of applying now
  std::string sku;         // a gift `one of` several: the SKU chosen
};

}  // namespace loyalty
