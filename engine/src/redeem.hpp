// Redemption (spec section 6), the phase before earning: every requested
// reward and voucher is validated together and priced before anything
// changes; any refusal refuses the whole request.
#pragma once

#include <span>
#include <vector>

#include "earn.hpp"
#include "loyalty/result.hpp"
#include "settle.hpp"

namespace loyalty {

struct Redeemed {
  Points spent;
  Money discount;  // money off the order
  std::vector<Discount> discounts;
  std::vector<Gift> gifts;
  std::vector<VoucherIssue> issued;
  std::vector<WalletChange> wallet;
};

// `total` is the order's total before any redemption (after its own
// discount). Trace entries go to `trace` when it is not null.
Result<Redeemed> redeem(const Policy& policy, const Member& member, const Order& order, const OrderContext& ctx,
                        std::span<const Redemption> requests, Money total, Trace* trace);

}  // namespace loyalty
