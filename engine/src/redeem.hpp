// Redemption: every requested reward and voucher is validated together and
// priced before anything changes; any refusal refuses the whole request.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "eval_context.hpp"
#include "loyalty/decision.hpp"
#include "loyalty/order.hpp"
#include "loyalty/result.hpp"

namespace loyalty {

struct Redeemed {
  std::int64_t spent = 0;     // points
  std::int64_t discount = 0;  // money off the order, minor units
  std::vector<Discount> discounts;
  std::vector<Gift> gifts;
  std::vector<VoucherIssue> issued;
  std::vector<std::pair<std::string, std::int64_t>> wallet;  // voucher id -> change in count
  std::vector<TraceEntry> trace;
};

// `total` is the order's total before any redemption (after its own discount).
Result<Redeemed> redeem(const Policy& policy, const Member& member, const Order& order, const OrderContext& ctx,
                        std::span<const Redemption> requests, std::int64_t total, bool trace);

}  // namespace loyalty
