// Bulk scoring: many orders for many members at once, for simulation over a
// history, replays and recomputes run by a program rather than a till.
//
//   loyalty::Catalogue catalogue(policy);
//   const auto latte = catalogue.add("LATTE", "Drinks/Coffee");   // once per item
//   std::vector<loyalty::BulkLine> lines{{latte, 2, loyalty::Money{45'000}}};
//   std::vector<loyalty::BulkOrder> orders{{.member = 0, .at = t, .line_count = 1}};
//   loyalty::evaluate_bulk(catalogue, orders, lines, members, figures);
//
// Lines name catalogue items by index, members are a flat array changed in
// place, and each order gives back its figures only (no decision, no trace,
// no JSON): the same figures and member states as `evaluate` called order by
// order, on one thread or many (docs/library.md, bulk scoring).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/loyalty.hpp"

namespace loyalty {

// The items of a catalogue resolved against one compiled policy, each with
// its plan: the rules its line is tried against, flattened into a straight
// sequence of earn steps (the whole-number rates of consecutive rules
// without conditions folded into one, nothing after an exclusive rule that
// always applies).
class Catalogue {
 public:
  explicit Catalogue(PolicyPtr policy);  // throws std::invalid_argument for a null policy
  ~Catalogue();
  Catalogue(Catalogue&&) noexcept;
  Catalogue& operator=(Catalogue&&) noexcept;

  // The item's index for BulkLine::item. Items the policy treats alike (the
  // same rules, the same exclusion) share one index: a catalogue of a million
  // SKUs keeps as many plans as the policy tells apart, and they stay in cache.
  std::uint32_t add(std::string_view sku, std::string_view category);
  std::size_t size() const;  // indices given so far
  const Policy& policy() const;
  // Whether an item's lines are evaluated from its plan. Not when the policy
  // has reviews, expiry or `total qty`/`total amount` conditions, nor when
  // a rule on the item has a cap, a multiplier or a per-order earn: orders
  // with such items take the general evaluator (the same figures, slower).
  bool planned(std::uint32_t item) const;

  struct Plans;  // the items and their plans (internal)
  const Plans& plans() const { return *plans_; }

 private:
  PolicyPtr policy_;
  std::unique_ptr<Plans> plans_;
};

// One order line: a catalogue item, how many (negative: returned) and the unit price.
struct BulkLine {
  std::uint32_t item = 0;
  std::int64_t qty = 0;
  Money price;
};

// One order: its member (an index into the members), its time, its lines
// (`line_count` lines from `first_line`), the order's own discount. Text
// fields are views the caller keeps alive for the call.
struct BulkOrder {
  std::uint32_t member = 0;
  Timestamp at;
  std::uint32_t first_line = 0, line_count = 0;
  Money discount;
  std::string_view id, store, channel;
};

// What one order did. A refused order changed nothing: `refused` says why.
struct OrderFigures {
  Points earned;  // signed: a return takes points back
  Points spent;   // always zero: bulk orders redeem nothing
  Money paid;
  std::uint32_t tier_before = 0, tier_after = 0;  // tier indices (tier_id)
  std::optional<RefusalCode> refused;
};

struct BulkOptions {
  unsigned threads = 1;  // 0: every core
};

// Evaluates `orders` against their members, which change in place, and
// writes each order's figures to `out` (as many as orders). Each member's
// orders are evaluated in the order given. With several threads, members
// are shared out by a stable hash of their id, each share in order on one
// thread, so the figures and members are the same whatever the count.
// Refused (bad_input) without evaluating anything when `out` is smaller
// than `orders`, or `orders` holds more than 2^32 - 1 orders. Per order: a
// member index or line range outside the arrays, or an item not in the
// catalogue, refuses that order as bad_input.
std::optional<Refusal> evaluate_bulk(const Catalogue& catalogue, std::span<const BulkOrder> orders,
                                     std::span<const BulkLine> lines, std::span<Member> members, std::span<OrderFigures> out,
                                     const BulkOptions& options = {});

// Tiers by index, as OrderFigures gives them.
std::size_t tier_count(const Policy& policy);
const std::string& tier_id(const Policy& policy, std::uint32_t index);

}  // namespace loyalty
