// The compiled rule graph: flat tables indexed by small integers, built once
// by compile.cpp and read (never written) by every evaluation. Rates are
// exact fractions at the policy's scales; names are resolved to indices;
// every rule, earn, condition, tier and reward keeps the line it was written
// on, so a trace or a refusal can point back to the policy ("cafe.loy:12").
// The graph has its own enums: nothing here depends on the AST's layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "loyalty/dsl/decimal.hpp"
#include "loyalty/loyalty.hpp"
#include "name_index.hpp"

namespace loyalty {

// Where a compiled node was written: a 1-based line of Policy::source_name
// (0 for what the policy does not write, such as the implicit default tier).
struct SourceLine {
  std::uint32_t line = 0;
};

// A rate as an exact fraction: value * num / den.
struct Fraction {
  std::int64_t num = 0;
  std::int64_t den = 1;
};

enum class Compare : std::uint8_t { gt, ge, lt, le, eq };

inline bool compare(std::int64_t a, Compare op, std::int64_t b) {
  switch (op) {
    case Compare::gt:
      return a > b;
    case Compare::ge:
      return a >= b;
    case Compare::lt:
      return a < b;
    case Compare::le:
      return a <= b;
    case Compare::eq:
      break;
  }
  return a == b;
}

// points = round(x * num / den), x being money (minor units) or a quantity.
struct CompiledEarn {
  enum class Kind : std::uint8_t { percent, per_money, per_full_money, per_unit, per_order };
  Kind kind = Kind::percent;
  Fraction rate;
  Money full;        // per_full_money: the step
  std::string text;  // as written, for the trace ("5%", "2 points per unit")
  SourceLine source;
};

struct CompiledCondition {
  enum class Kind : std::uint8_t {
    tier_in,
    store_in,
    channel_in,
    weekday_in,
    date_range,
    time_range,
    qty,
    amount,
    birthday,
    birthday_month,
    first_order,
    member_orders,
    member_spend,
    total_qty,
    total_amount,
  };
  Kind kind = Kind::tier_in;
  std::uint64_t tier_mask = 0;
  std::uint8_t weekday_mask = 0;          // bit 0 = Monday
  std::int32_t from_day = 0, to_day = 0;  // days since epoch, inclusive; time_range: minutes of the day, [from, to)
  Compare op = Compare::ge;
  std::int64_t value = 0;  // qty: units at `scale` decimals; amount, spend: minor units; orders: a count
  int scale = 0;
  std::vector<std::string> names;
  std::string text;  // as written, for the trace
  SourceLine source;
};

struct Range {
  std::uint32_t begin = 0, count = 0;
};

enum class CapPeriod : std::uint8_t { day, week, month, year };

// `cap N points per member per PERIOD`: counted in Member::caps under the rule's id.
struct MemberCapRule {
  Points points;
  CapPeriod period = CapPeriod::month;
};

struct CompiledRule {
  std::string id;
  std::string title;
  bool exclusive = false;
  bool per_order = false;     // some earn is `N points per order`: once per order, not per line
  bool per_line = false;      // some earn is per line (per unit, per money, a percentage)
  bool reads_totals = false;  // some condition is `total qty` or `total amount`
  Range earns;                // into Policy::earns
  Range conditions;           // into Policy::conditions
  Range multipliers;          // into Policy::rule_multipliers: `multiply all` and `multiply rule` naming it
  std::optional<Points> cap;  // the rule's points on one order, both ways
  std::optional<MemberCapRule> member_cap;
  SourceLine source;
};

struct CompiledTier {
  std::string id;
  std::string title;
  bool is_default = false;
  bool retired = false;
  bool has_qualify = false;
  bool qualify_strict = false;  // `>` rather than `>=`
  Money threshold;
  std::optional<CompiledEarn> base;  // overrides the program's base earn
  SourceLine source;
};

// A chain of rules that a line evaluated without a trace takes at once (the
// rule walk's result, folded at compile time): no rule in it has
// conditions, caps, multipliers, per-order earns or totals.
struct ChainPlan {
  std::uint32_t count = 0;  // the length of the chain it stands for (0: none)
  std::uint32_t ender = 0;  // the exclusive rule that ends the line, when `ends`
  bool ends = false;
  std::int64_t per_unit = 0;  // the whole points-per-unit rates up to the end, summed
  Range earns;                // the other earns up to the end, in order: into Policy::chain_plan_earns
  // A line within the bounds (bounds.hpp) earns under 2^54 points on the
  // chain, so under 2^56 on its three chains: a bounded order may sum them unchecked.
  bool bounded = false;
};

// An active tier's qualification, apart from the tier so that placing a
// member after each order reads a few contiguous bytes (qualifying_tier):
// the least spend that qualifies (`> T` is `>= T + 1` in minor units).
struct TierThreshold {
  Money least;
  std::uint32_t tier = 0;
};

struct CompiledOrderEarn {
  Points points;
  Range conditions;
  std::string text;
  SourceLine source;
};

struct CompiledMultiplier {
  bool on_base = true;  // `multiply base` or `multiply all`
  Fraction factor;
  Range conditions;
  std::string text;            // "x2"
  std::string condition_text;  // "weekday in [sat, sun]"; empty without a `when`
  SourceLine source;
};

enum class RewardKind : std::uint8_t { resale, discount, gift, voucher };
enum class DiscountTarget : std::uint8_t { order, product, cheapest_line, category };

struct CompiledReward {
  std::string id;
  std::string title;
  RewardKind kind = RewardKind::voucher;
  Points cost;                        // per item
  Points minimum;                     // balance needed
  Points resale_points;               // resale: this many points ...
  Money resale_money;                 // ... are worth this much money
  Points step;                        // resale: points in multiples of this (0: any)
  std::optional<Fraction> max_share;  // `max P% of order`, as a fraction of the order's total
  std::optional<Money> max_amount;
  std::optional<Fraction> discount_share;  // a percentage discount or voucher, as a fraction of its base
  std::string percent_text;                // `max P%` as written, for messages
  Money amount;                            // a fixed discount, or a voucher's value
  DiscountTarget discount_on = DiscountTarget::order;
  std::string sku;                   // discount on product, or gift; discount on category: the path
  std::vector<std::string> choices;  // gift one of: the request names one
  std::int64_t gift_qty = 1;
  Range conditions;
  SourceLine source;
};

enum class NegativeBalance : std::uint8_t { allow_debt, stop_at_zero };

// A calendar period: N days, or N months (years are 12 months).
struct Period {
  enum class Unit : std::uint8_t { days, months };
  Unit unit = Unit::months;
  std::int64_t count = 1;
};

// One line of a review: for members in `tier`, when the condition holds
// (or always, without one), the actions run.
struct CompiledReviewLine {
  enum class SpendAction : std::uint8_t { keep, reduce, reset };
  bool has_condition = false;
  bool on_cycle_spend = true;  // else accumulated spend
  Compare op = Compare::lt;
  Money threshold;
  std::optional<std::uint32_t> demote_to;  // tier index; none: keep the tier
  SpendAction spend_action = SpendAction::keep;
  Money spend_amount;  // reduce by / reset to
  std::string text;    // as written, for the journal
  SourceLine source;
};

struct CompiledReview {
  Period every;
  std::optional<Date> from;                                // a calendar anchor; none: each member's join date
  std::vector<std::optional<CompiledReviewLine>> by_tier;  // indexed like Policy::tiers
  SourceLine source;
};

struct Policy {
  std::uint64_t serial = 0;  // one per compiled policy in this process: what a LineKey was resolved against
  std::string name;
  std::string source_name;  // the file it was compiled from
  int money_scale = 0;
  int points_scale = 0;
  Rounding rounding = Rounding::floor;
  // Local time for weekday and date conditions: the policy's IANA zone (with
  // its summer time), else its fixed offset, else each order's own offset.
  const date::time_zone* zone = nullptr;
  bool has_offset = false;
  int offset_minutes = 0;
  bool earn_on_subtotal = false;
  bool needs_local_time = false;  // some condition reads the weekday, the date, the time or a birthday
  bool reads_totals = false;      // some rule reads `total qty` or `total amount`
  NegativeBalance negative_balance = NegativeBalance::allow_debt;

  std::vector<CompiledTier> tiers;  // lowest first; never empty
  std::uint32_t default_tier = 0;
  std::vector<TierThreshold> thresholds;  // the tiers that are not retired and have a qualification, lowest first
  std::optional<CompiledEarn> base;  // the program's base earn
  std::vector<CompiledOrderEarn> order_earns;
  std::vector<CompiledMultiplier> multipliers;
  std::vector<std::uint32_t> rule_multipliers;  // multiplier indices, per rule (CompiledRule::multipliers)

  // `exclude`: a line whose SKU, or whose category or one of its ancestors,
  // is listed earns nothing. The value is the exclusion's index.
  NameIndex<std::uint32_t> excluded_products, excluded_categories;
  std::vector<std::string> exclusion_texts;  // as written, for the trace
  std::vector<SourceLine> exclusion_sources;

  std::vector<CompiledRule> rules;
  std::vector<CompiledEarn> earns;
  std::vector<CompiledCondition> conditions;
  // Rule chains: indices into `rules`, exclusive rules first, then file order.
  std::vector<std::uint32_t> chain_rules;
  NameIndex<Range> product_chains;
  // A category's chain holds its own rules, then its parents' up to the root.
  NameIndex<Range> category_chains;
  Range every_line_chain;
  // Per position in chain_rules, the plan of the chain that starts there (ChainPlan).
  std::vector<ChainPlan> chain_plans;
  std::vector<std::uint32_t> chain_plan_earns;  // indices into `earns`

  std::optional<CompiledReview> review;
  std::optional<Period> expiry;  // points expire this long after the day they were earned

  std::vector<CompiledReward> rewards;
  NameIndex<std::uint32_t> reward_index;
  NameIndex<std::uint32_t> tier_index;
};

// "cafe.loy:12", for refusals and dumps.
std::string where(const Policy& policy, SourceLine source);

inline std::string money_text(const Policy& p, Money m) { return format_units(m.units, p.money_scale); }
inline std::string points_text(const Policy& p, Points v) { return format_units(v.units, p.points_scale); }

}  // namespace loyalty
