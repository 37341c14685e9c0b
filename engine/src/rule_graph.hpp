// The compiled rule graph: flat tables indexed by small integers, built once
// by compile.cpp and read (never written) by every evaluation. Each node
// keeps its id and source line so a trace points back to the policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/decimal.hpp"
#include "loyalty/loyalty.hpp"
#include "name_index.hpp"

namespace loyalty {

// points = round(x * num / den), x being money (minor units) or a quantity.
struct CompiledEarn {
  enum class Kind { percent, per_money, per_full_money, per_unit, per_order };
  Kind kind = Kind::percent;
  std::int64_t num = 0;
  std::int64_t den = 1;
  std::int64_t full = 0;  // per_full_money: the step, in minor units
  std::string text;       // as written, for the trace ("5%", "2 points per unit")
};

struct CompiledCondition {
  enum class Kind { tier_in, store_in, channel_in, weekday_in, date_range, qty, amount };
  Kind kind = Kind::tier_in;
  std::uint64_t tier_mask = 0;
  std::uint8_t weekday_mask = 0;          // bit 0 = Monday
  std::int32_t from_day = 0, to_day = 0;  // days since epoch, inclusive
  dsl::Compare op = dsl::Compare::ge;
  std::int64_t value = 0;  // qty: units at `scale` decimals; amount: minor units
  int scale = 0;
  std::vector<std::string> names;
  std::string text;  // as written, for the trace
};

struct Range {
  std::uint32_t begin = 0, count = 0;
};

struct CompiledRule {
  std::string id;
  std::string title;
  bool exclusive = false;
  Range earns;                      // into Policy::earns
  Range conditions;                 // into Policy::conditions
  std::optional<std::int64_t> cap;  // points units
};

struct CompiledTier {
  std::string id;
  std::string title;
  bool is_default = false;
  bool retired = false;
  bool has_qualify = false;
  bool qualify_strict = false;       // `>` rather than `>=`
  std::int64_t threshold = 0;        // minor units
  std::optional<CompiledEarn> base;  // overrides the program's base earn
};

struct CompiledOrderEarn {
  std::int64_t points = 0;  // points units
  Range conditions;
  std::string text;
};

struct CompiledMultiplier {
  std::int64_t num = 1, den = 1;  // the factor as a fraction
  Range conditions;
  std::string text;
};

struct CompiledReward {
  std::string id;
  std::string title;
  dsl::Reward::Kind kind = dsl::Reward::Kind::voucher;
  std::int64_t cost = 0;           // points units per item
  std::int64_t minimum = 0;        // points balance needed
  std::int64_t resale_points = 0;  // resale: `points` units ...
  std::int64_t resale_money = 0;   // ... are worth this many minor units
  std::int64_t step = 0;           // resale: points in multiples of this (0: any)
  std::optional<Decimal> max_percent;
  std::optional<std::int64_t> max_amount;  // minor units
  bool discount_is_percent = false;
  Decimal discount_percent;
  std::int64_t amount = 0;  // fixed discount or voucher value, minor units
  dsl::Reward::DiscountOn discount_on = dsl::Reward::DiscountOn::order;
  std::string sku;  // discount on product, or gift
  std::int64_t gift_qty = 1;
  Range conditions;
};

struct Policy {
  std::string name;
  int money_scale = 0;
  int points_scale = 0;
  Rounding rounding = Rounding::floor;
  bool has_timezone = false;
  int timezone_minutes = 0;
  bool earn_on_subtotal = false;
  bool needs_local_time = false;  // some condition reads the weekday or the date
  dsl::NegativeBalance negative_balance = dsl::NegativeBalance::allow_debt;

  std::vector<CompiledTier> tiers;  // lowest first; never empty
  std::uint32_t default_tier = 0;
  std::optional<CompiledEarn> base;  // the program's base earn
  std::vector<CompiledOrderEarn> order_earns;
  std::vector<CompiledMultiplier> multipliers;

  std::vector<CompiledRule> rules;
  std::vector<CompiledEarn> earns;
  std::vector<CompiledCondition> conditions;
  // Rule chains: indices into `rules`, exclusive rules first, then file order.
  std::vector<std::uint32_t> chain_rules;
  NameIndex<Range> product_chains;
  // A category's chain holds its own rules, then its parents' up to the root.
  NameIndex<Range> category_chains;
  Range every_line_chain;

  std::vector<CompiledReward> rewards;
  NameIndex<std::uint32_t> reward_index;
  NameIndex<std::uint32_t> tier_index;
};

}  // namespace loyalty
