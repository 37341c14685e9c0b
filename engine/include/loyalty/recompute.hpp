// Recompute (spec section 7, seed 004 MISA Lomas): tiers and points from
// each member's historical total spend, with every change journaled.
//
//   spend, total_spent := the imported total
//   --tiers:  tier := the highest active tier the total qualifies for (up or down)
//   --points: points := the total at the rate of the member's (new) tier, or
//             at one common rate, rounded once as the policy rounds,
//             less the points already redeemed
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/journal.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty {

struct RecomputeOptions {
  bool tiers = true;
  bool points = true;
  std::string rate;  // one common rate as the language writes it ("1 point per 20_000", "2%"); empty: the tier's
};

class Recomputer {
 public:
  // Refuses (bad-input) a rate that is not a money rate of the language.
  static Result<Recomputer> make(PolicyPtr policy, const RecomputeOptions& options);

  // One member, in place; journal entries (kind `recompute`) to `journal`
  // when it is not null. Refused only on an overflow; then nothing changed.
  std::optional<Refusal> apply(Member& member, Money total_spent, Points redeemed, std::vector<JournalEntry>* journal) const;

 private:
  Recomputer(PolicyPtr policy, RecomputeOptions options, PolicyPtr rate)
      : policy_(std::move(policy)), options_(std::move(options)), rate_(std::move(rate)) {}
  PolicyPtr policy_;
  RecomputeOptions options_;
  PolicyPtr rate_;  // the common rate, compiled as a one-line policy at the same scales
};

}  // namespace loyalty
