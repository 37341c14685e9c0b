// An order as the till sends it, and the redemptions the customer asks for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/amount.hpp"

namespace loyalty {

struct Timestamp {
  std::int64_t utc_seconds = 0;  // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 0;        // the offset it was written with
};

struct Line {
  std::string sku;
  std::string category;  // a path such as "Food/Bakery"; it matches rules on "Food" too
  std::int64_t qty = 0;  // negative for a returned item
  Money price;           // unit price
};

struct Order {
  std::string id;
  Timestamp at;
  std::string store;
  std::string channel;
  std::vector<Line> lines;
  Money discount;  // order-level discount
};

struct Redemption {
  enum class Kind { reward, voucher };
  Kind kind = Kind::reward;
  std::string reward;      // reward id (for a held voucher: the voucher's reward id)
  Points points;           // resale: points to spend
  std::int64_t qty = 1;    // vouchers, gifts, discounts: how many
  bool to_wallet = false;  // vouchers: issue to the wallet instead of applying now
};

}  // namespace loyalty
