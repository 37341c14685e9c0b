// Coverage of a policy by scenarios (`loyalty test --coverage`): every rule,
// order earn, multiplier, tier transition, review action and reward, and
// whether some decision or catch-up exercised it.
#pragma once

#include <string>
#include <vector>

#include "loyalty/decision.hpp"

namespace loyalty {

struct Policy;

struct CoverageItem {
  std::string what;    // "rule bakery", "tier up to TVV", "review of TVV: demote to FOODBOOK, reset spend to 5000000"
  std::string source;  // where it is written: "cafe.loy:12"
  bool covered = false;
};

class Coverage {
 public:
  explicit Coverage(const Policy& policy);
  void record(const Decision& decision);              // an order's trace (EvalOptions::trace) and catch-up
  void record(const std::vector<TimeEvent>& events);  // reviews a clock applied
  const std::vector<CoverageItem>& items() const { return items_; }
  int percent() const;  // covered items, rounded down; 100 for a policy with none

 private:
  const Policy& policy_;
  std::vector<CoverageItem> items_;
  std::size_t rules_ = 0, order_earns_ = 0, multipliers_ = 0, tiers_up_ = 0, retired_ = 0, reviews_ = 0, rewards_ = 0,
              exclusions_ = 0;
  std::vector<std::size_t> tier_up_item_, retired_item_, review_item_;  // by tier index; npos when none
  void cover(std::size_t item) { items_[item].covered = true; }
};

}  // namespace loyalty
