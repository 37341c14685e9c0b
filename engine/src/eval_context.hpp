// What the evaluation phases share about the order being evaluated: the
// facts conditions read, the per-line amounts, the checked arithmetic and
// the trace (null when off). Built by evaluate.cpp, one per call, on the
// stack: nothing here allocates until an order has more than 16 lines.
#pragma once

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "loyalty/decision.hpp"
#include "loyalty/order.hpp"
#include "rule_graph.hpp"

namespace loyalty {

template <typename T>
using LineVector = boost::container::small_vector<T, 16>;

struct OrderContext {
  std::uint32_t tier = 0;          // index of the member's tier at the start of the order
  std::uint8_t weekday_bit = 0;    // 1 << (0 = Monday .. 6 = Sunday), in the policy's time zone
  std::int32_t day = 0;            // local date, days since 1970-01-01
  std::int32_t minute = 0;         // local time of day, minutes after midnight
  bool birthday = false;           // the local date is the member's birthday
  bool birthday_month = false;     // ... in the member's birthday month
  const Member* member = nullptr;  // as of the order's time, before the order
  std::string_view store;
  std::string_view channel;
  Money amount;          // order-level `amount`: the order's net total
  std::int64_t qty = 0;  // order-level `qty`: units bought
  // `total qty` / `total amount` outside a rule: over the lines that are not
  // excluded and not returns naming their sale, as magnitudes of the sums.
  std::int64_t total_qty = 0;
  Money total_amount;
  LineVector<std::uint8_t> multiplier_holds;  // per multiplier: its conditions hold on this order
};

// Per-line facts a condition may read; a rule's totals over its lines.
struct LineFacts {
  std::int64_t qty = 0;  // magnitude
  Money amount;          // magnitude
  std::int64_t total_qty = 0;
  Money total_amount;
};

// The order's money, phase by phase.
struct OrderAmounts {
  LineVector<Money> gross;   // qty x price per line
  LineVector<Money> net;     // after the order's and the redemptions' discounts (empty: same as gross)
  Money total;               // sum of the gross amounts
  Money positive;            // sum of the positive gross amounts (what discounts spread over)
  Money before_redemptions;  // total less the order's own discount
  Money paid;                // the net total
  Money reversed;            // the (negative) amounts of returned lines that name their sale
  std::int64_t reversed_qty = 0;

  const LineVector<Money>& net_or_gross() const { return net.empty() ? gross : net; }
};

// Spreads `discount` over the lines with a positive gross amount into
// `a.net`, pro rata by largest remainder (evaluate.cpp).
void net_amounts(Money discount, OrderAmounts& a);

// The order's local date, time of day and weekday in the policy's time zone,
// and whether it is the member's birthday (evaluate.cpp).
void local_time(const Policy& policy, const Timestamp& at, const Member& member, OrderContext& ctx);

// Whether every condition in `range` holds; if not, `failed` is the index of
// the first that does not (for the trace).
// Shares `total` out pro rata to `weights` by largest remainder (earn.cpp):
// the shares sum to `total` exactly; all zero when the weights do not allow it.
void share_out(std::int64_t total, std::span<const std::int64_t> weights, std::span<std::int64_t> shares);

// A returned line that names its sale with the sale's figures: it takes back
// what that sale earned instead of being evaluated by today's rules.
inline bool reverses_sale(const Line& line) {
  return line.qty < 0 && line.returns && line.returns->points && line.returns->qty > 0;
}

// The exclusion of a SKU or of a category or its ancestors (earn.cpp): the
// lookups stay a call of their own, so that exclusion_of, inline where every
// line calls it, saves no registers for them where the policy excludes nothing.
[[gnu::noinline]] std::optional<std::uint32_t> item_exclusion(const Policy& policy, std::string_view sku,
                                                              std::string_view category);

// The exclusion that takes the line out of earning (its SKU, or its category
// or an ancestor, is excluded); none when the line earns.
inline std::optional<std::uint32_t> exclusion_of(const Policy& p, const Line& line) {
  if (line.key.policy == p.serial) {
    if (line.key.exclusion == 0) return std::nullopt;
    return line.key.exclusion - 1;
  }
  if (p.excluded_products.empty() && p.excluded_categories.empty()) return std::nullopt;  // most policies: no call
  return item_exclusion(p, line.sku, line.category);
}

bool conditions_hold(const Policy& policy, Range range, const OrderContext& ctx, const LineFacts* line, std::uint32_t* failed);

}  // namespace loyalty
