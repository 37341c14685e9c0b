// What evaluation stages share about the order being evaluated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rule_graph.hpp"

namespace loyalty {

struct OrderContext {
  std::uint32_t tier = 0;        // index of the member's tier at the start of the order
  std::uint8_t weekday_bit = 0;  // 1 << (0 = Monday .. 6 = Sunday), in the policy's time zone
  std::int32_t day = 0;          // local date, days since 1970-01-01
  std::string_view store;
  std::string_view channel;
  std::int64_t amount = 0;  // order-level `amount`: the order's net total
  std::int64_t qty = 0;     // order-level `qty`: units bought
};

// Per-line facts a condition may read.
struct LineFacts {
  std::int64_t qty = 0;     // magnitude
  std::int64_t amount = 0;  // magnitude, minor units
};

// Whether every condition in `range` holds; if not, `failed` names the first
// that does not (for the trace).
bool conditions_hold(const Policy& policy, Range range, const OrderContext& ctx, const LineFacts* line,
                     const CompiledCondition** failed);

}  // namespace loyalty
