// Member state: what the engine reads before an order and returns after it.
// Money and points are exact amounts at the policy's scales (amount.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/amount.hpp"

namespace loyalty {

struct Date {
  int year = 1970, month = 1, day = 1;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Points earned on one day, for expiry: they leave the balance when the
// policy's `points expire after` period has passed since `earned`.
struct Lot {
  Date earned;  // the local date of the order that earned them
  Points points;
  friend bool operator==(const Lot&, const Lot&) = default;
};

// A birthday: month and day (the year does not matter to a loyalty program).
struct MonthDay {
  int month = 1, day = 1;
  friend bool operator==(const MonthDay&, const MonthDay&) = default;
};

// What a rule with `cap N points per member per PERIOD` has given the member
// in the current period (docs/semantics.md, caps over time).
struct CapUse {
  Date since;  // the first day of the period the count is for
  Points points;
  friend bool operator==(const CapUse&, const CapUse&) = default;
};

struct Member {
  std::string id;
  std::string tier;                              // tier id; empty means the default tier
  Money spend;                                   // accumulated spend that tiers qualify on
  Money cycle_spend;                             // spend since the current review cycle began
  Points points;                                 // redeemable balance
  std::int64_t orders = 0;                       // orders posted
  Money total_spent;                             // lifetime spend; returns reduce it, reviews never do
  std::optional<Date> joined;                    // registration date, when known
  std::map<std::string, std::int64_t> vouchers;  // reward id -> vouchers held
  // Time (docs/time.md): the first day of the current review cycle, and the
  // dated lots of the balance, oldest first. Points not in a lot (a balance
  // imported without dates) are spent first and never expire.
  std::optional<Date> cycle_start;
  std::vector<Lot> lots;
  std::optional<MonthDay> birthday;    // for `birthday` and `birthday month` conditions
  std::map<std::string, CapUse> caps;  // rule id -> points given in the current period

  friend bool operator==(const Member&, const Member&) = default;
};

}  // namespace loyalty
