// The decision for one order: points earned and spent, money taken off,
// the member's new state, and a trace explaining every point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/member.hpp"

namespace loyalty {

struct Discount {
  std::string reward;
  std::int64_t amount = 0;  // minor units
};

struct Gift {
  std::string reward;
  std::string sku;
  std::int64_t qty = 0;
};

struct VoucherIssue {
  std::string reward;
  std::int64_t qty = 0;
};

// One step of the explanation. `line` is the 0-based order line, or -1 for
// the whole order.
struct TraceEntry {
  enum class Kind {
    rule,        // a rule matched a line and earned points
    skipped,     // a rule was not applied to a line, and why
    cap,         // a rule's points on the order were capped
    base,        // the base earn on the lines no exclusive rule took
    multiplier,  // a multiplier applied to the base earn
    order_earn,  // a per-order earn
    redemption,  // a reward redeemed or a voucher used
    tier,        // a tier change, or why nothing was earned
    balance,     // the balance was stopped at zero
  };
  Kind kind = Kind::rule;
  int line = -1;
  std::string rule;         // rule, reward or tier id
  std::int64_t points = 0;  // points units (signed)
  std::int64_t amount = 0;  // the money the points were computed on, minor units
  std::string note;         // what happened, in words
};

struct Decision {
  std::int64_t earned = 0;  // points, signed: a return takes points back
  std::int64_t spent = 0;   // points spent on redemptions
  std::int64_t paid = 0;    // the order's net total, minor units
  std::string tier_before;
  std::string tier_after;
  Member member;  // the state after the order
  std::vector<Discount> discounts;
  std::vector<Gift> gifts;
  std::vector<VoucherIssue> vouchers;
  std::int64_t points_not_taken_back = 0;  // with `returns stop at zero`: what the balance could not cover
  std::vector<TraceEntry> trace;
};

}  // namespace loyalty
