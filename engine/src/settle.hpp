// Member settlement and tier placement: the two steps that turn what an
// order earned, spent and paid into the member's next state. Kept apart
// from the order phases so that replay, recompute and reviews place and
// settle members the same way evaluate does.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "earn.hpp"
#include "loyalty/result.hpp"

namespace loyalty {

// A change in the count of one voucher in the member's wallet.
struct WalletChange {
  std::uint32_t reward = 0;
  std::int64_t delta = 0;  // + issued to the wallet, - used
};

// Points a return takes back from the lot of the day its sale was made.
struct DatedTakeBack {
  std::int32_t day = 0;
  Points points;
};

// What an order did, for settling the member.
struct Settlement {
  Points earned;  // signed
  Points spent;
  Money paid;            // signed: a return reduces spend
  std::int32_t day = 0;  // the order's local date, for the lot its points make
  std::span<const WalletChange> wallet;
  std::span<const DatedTakeBack> reversals;  // part of `earned` (negative there)
};

// The member after an order, in place: points += earned - spent (stopped at
// zero if the policy says so, reporting what could not be taken back), the
// lots to match, spend, cycle_spend and total_spent += paid, orders + 1, the
// wallet changed. A refusal (an overflow) leaves `member` as it was.
std::optional<Refusal> settle_member(const Policy& policy, Member& member, const Settlement& s, Points& not_taken_back,
                                     Trace* trace);

// The highest active tier whose qualification `spend` meets, else the
// default. Inline, with tier_after_order: run once an order.
inline std::uint32_t qualifying_tier(const Policy& p, Money spend) {
  std::uint32_t best = p.default_tier;
  for (const TierThreshold& t : p.thresholds) best = spend >= t.least ? t.tier : best;  // a select, not a branch
  return best;
}

// The tier after an order: up (never down) to the qualifying tier; a member
// in a retired tier is placed by spend, even downwards.
inline std::uint32_t tier_after_order(const Policy& p, std::uint32_t at_start, Money spend) {
  const std::uint32_t best = qualifying_tier(p, spend);
  if (p.tiers[at_start].retired) return best;
  return best > at_start && best != p.default_tier ? best : at_start;
}

// The tier a member's state names: its index, the default for an empty
// tier, nothing for a tier the policy does not have.
std::optional<std::uint32_t> tier_of(const Policy& policy, const Member& member);

}  // namespace loyalty
