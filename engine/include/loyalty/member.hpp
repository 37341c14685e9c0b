// Member state: what the engine reads before an order and returns after it.
// Money is in minor units of the policy's currency, points in units of the
// policy's point scale (see Policy::money_scale / points_scale).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace loyalty {

struct Date {
  int year = 1970, month = 1, day = 1;
  friend bool operator==(const Date&, const Date&) = default;
};

struct Member {
  std::string id;
  std::string tier;              // tier id; empty means the default tier
  std::int64_t spend = 0;        // accumulated spend that tiers qualify on
  std::int64_t cycle_spend = 0;  // spend since the current review cycle began
  std::int64_t points = 0;       // redeemable balance
  std::int64_t orders = 0;       // orders posted
  std::int64_t total_spent = 0;  // lifetime spend; returns reduce it, reviews never do
  Date joined;
  std::map<std::string, std::int64_t> vouchers;  // reward id -> vouchers held

  friend bool operator==(const Member&, const Member&) = default;
};

}  // namespace loyalty
