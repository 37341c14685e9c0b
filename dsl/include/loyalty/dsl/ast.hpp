// The typed AST of a policy: what the parser builds, the checker reads and
// the compiler lowers into a rule graph. Every node carries its source span;
// literals are already converted (decimals, dates, weekdays).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/dsl/decimal.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

struct Name {
  std::string text;
  Span span;
};

struct Number {
  Decimal value;
  Span span;
};

struct Date {
  int year = 1970, month = 1, day = 1;
  Span span;
};

enum class Compare { gt, ge, lt, le, eq };
const char* to_string(Compare op);

enum class Weekday { mon, tue, wed, thu, fri, sat, sun };
const char* to_string(Weekday day);  // "mon" .. "sun"

struct Condition {
  enum class Kind { tier_in, store_in, channel_in, weekday_in, date_range, qty, amount };
  Kind kind = Kind::tier_in;
  std::vector<Name> names;        // tier_in, store_in, channel_in
  std::vector<Weekday> weekdays;  // weekday_in
  Date from, to;                  // date_range, inclusive
  Compare op = Compare::ge;       // qty, amount
  Number value;                   // qty, amount
  Span span;
};

// `when A and B`: one clause, all conditions must hold.
struct When {
  std::vector<Condition> conditions;
  Span span;
};

// One `earn` statement.
struct Earn {
  enum class Kind {
    percent,         // earn 5%                    (value = 5)
    per_money,       // earn 1 point per 10_000    (value = 1, per = 10000)
    per_full_money,  // earn 2 points per full 1_000: value * floor(amount / per)
    per_unit,        // earn 5 points per unit
    per_order,       // earn 10 points per order
  };
  Kind kind = Kind::percent;
  Number value;
  Number per;
  std::optional<When> when;  // order earns only
  Span span;
};

struct Multiplier {
  Number factor;
  std::optional<When> when;
  Span span;
};

struct Qualify {
  Compare op = Compare::ge;  // gt or ge
  Number threshold;
  Span span;
};

struct Tier {
  Name id;
  std::optional<Name> title;
  bool is_default = false;
  bool retired = false;
  Span default_span, retired_span;
  std::optional<Qualify> qualify;
  std::vector<Earn> earns;  // the tier's base earn, overriding the program's
  Span span;
};

struct Target {
  enum class Kind { product, category, every_line };
  Kind kind = Kind::every_line;
  std::vector<Name> values;  // SKUs or category paths
  Span span;
};

struct Rule {
  Name id;
  std::optional<Name> title;
  Target target;
  bool exclusive = false;
  std::vector<Earn> earns;
  std::vector<When> whens;
  std::optional<Number> cap;  // points
  Span cap_span;
  Span span;
};

struct ReviewAction {
  enum class Kind { keep_tier, demote, keep_spend, reduce_spend, reset_spend };
  Kind kind = Kind::keep_tier;
  Name tier;      // demote
  Number amount;  // reduce_spend, reset_spend
  Span span;
};

struct ReviewLine {
  Name tier;
  bool has_condition = false;
  bool on_cycle_spend = true;  // `cycle_spend < X`, else `spend < X`
  Compare op = Compare::lt;
  Number threshold;
  std::vector<ReviewAction> actions;
  Span span;
};

enum class PeriodUnit { days, months, years };

struct Review {
  Number every;
  PeriodUnit unit = PeriodUnit::months;
  bool from_joined = true;
  Date from;  // when !from_joined
  std::vector<ReviewLine> lines;
  Span span;
};

struct Expiry {
  Number after;
  PeriodUnit unit = PeriodUnit::months;
  Span span;
};

struct Reward {
  enum class Kind { none, resale, discount, gift, voucher };
  enum class DiscountOn { order, product, cheapest_line };
  Name id;
  std::optional<Name> title;
  Kind kind = Kind::none;
  Span kind_span;
  int kind_count = 0;  // more than one kind statement is an error

  // resale: `resale N point(s) = M`
  Number resale_points, resale_money;
  // discount: `discount 10% on order` / `discount 50_000 on product "SKU"`
  bool discount_is_percent = false;
  Number discount_value;
  DiscountOn discount_on = DiscountOn::order;
  Name discount_sku;
  // gift: `gift "SKU" [qty N]`
  Name gift_sku;
  Number gift_qty{{1, 0}, {}};
  // voucher: `voucher 50_000`
  Number voucher_value;

  std::optional<Number> cost;         // points
  std::optional<Number> minimum;      // points balance needed
  std::optional<Number> max_percent;  // of the order's total before redemptions
  std::optional<Number> max_amount;   // money per order
  std::optional<Number> step;         // points
  std::vector<When> whens;
  Span span;
};

enum class NegativeBalance { allow_debt, stop_at_zero };

// A top-level setting, kept with its span so duplicates can be reported.
template <typename T>
struct Setting {
  T value{};
  Span span;
  bool set = false;
};

struct Policy {
  Name name;
  Setting<Name> currency;
  Setting<int> decimals;
  Setting<int> points_decimals;
  Setting<Rounding> rounding;
  Setting<int> timezone_minutes;  // offset east of UTC
  Setting<bool> earn_on_subtotal;
  Setting<NegativeBalance> negative_balance;

  std::vector<Earn> base_earns;
  std::vector<Earn> order_earns;
  std::vector<Multiplier> multipliers;
  std::vector<Tier> tiers;
  std::vector<Rule> rules;
  std::vector<Review> reviews;
  std::optional<Expiry> expiry;
  std::vector<Reward> rewards;
  Span span;

  // Where syntax errors were: the AST is partial, and checks that need the whole are skipped.
  std::vector<std::uint32_t> syntax_error_offsets;
};

const char* to_string(PeriodUnit unit);  // "days", "months", "years"
// A condition as written in the language ("weekday in [sat, sun]"), for traces and dumps.
std::string to_string(const Condition& condition);

// A span-free rendering of the AST, one node a line: two ASTs are the same
// policy exactly when their dumps are equal (used to prove the formatter).
std::string dump(const Policy& policy);

}  // namespace loyalty::dsl
