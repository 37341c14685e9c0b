// The typed AST of a policy: what the parser builds, the checker reads and
// the compiler lowers into a rule graph. Every node carries its source span;
// literals are already converted (decimals, dates, weekdays). Alternatives
// are variants: a percentage earn has no `per` amount, a gift has no value,
// a demotion has a tier and nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
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

// ---------------------------------------------------------------- conditions

struct TierIn {  // tier in [GOLD, SILVER]
  std::vector<Name> tiers;
};
struct StoreIn {  // store in ["HN01"]
  std::vector<Name> stores;
};
struct ChannelIn {  // channel in [pos, online]
  std::vector<Name> channels;
};
struct WeekdayIn {  // weekday in [sat, sun]
  std::vector<Weekday> days;
};
struct DateRange {  // date from 2026-12-01 to 2026-12-31, both included
  Date from, to;
};
struct QtyIs {  // qty >= 2
  Compare op = Compare::ge;
  Number value;
};
struct AmountIs {  // amount >= 500_000
  Compare op = Compare::ge;
  Number value;
};
struct TimeRange {                     // time from 14:00 to 17:00, local time; from included, to not; may cross midnight
  int from_minute = 0, to_minute = 0;  // minutes after midnight; 24:00 is 1440
};
struct Birthday {  // birthday (the day), birthday month
  bool whole_month = false;
};
struct FirstOrder {};  // first order: the member has no order before this one
struct MemberOrders {  // member orders >= 5: orders posted before this one
  Compare op = Compare::ge;
  Number value;
};
struct MemberSpend {  // member spend >= 5_000_000: accumulated spend before this order
  Compare op = Compare::ge;
  Number value;
};
struct TotalQty {  // total qty >= 5: over the lines a rule (or the order) targets
  Compare op = Compare::ge;
  Number value;
};
struct TotalAmount {  // total amount >= 200_000: over the lines a rule (or the order) targets
  Compare op = Compare::ge;
  Number value;
};

struct Condition {
  std::variant<TierIn, StoreIn, ChannelIn, WeekdayIn, DateRange, QtyIs, AmountIs, TimeRange, Birthday, FirstOrder, MemberOrders,
               MemberSpend, TotalQty, TotalAmount>
      test;
  Span span;
};

// `when A and B`: one clause, all conditions must hold.
struct When {
  std::vector<Condition> conditions;
  Span span;
};

// ---------------------------------------------------------------- earns

struct Percent {  // earn 5%
  Number percent;
};
struct PointsPerMoney {  // earn 1 point per 10_000: amount x points / per
  Number points, per;
};
struct PointsPerFullMoney {  // earn 2 points per full 1_000: points x floor(amount / per)
  Number points, per;
};
struct PointsPerUnit {  // earn 5 points per unit
  Number points;
};
struct PointsPerOrder {  // earn 10 points per order
  Number points;
};
using EarnRate = std::variant<Percent, PointsPerMoney, PointsPerFullMoney, PointsPerUnit, PointsPerOrder>;

// One `earn` statement.
struct Earn {
  EarnRate rate;
  std::optional<When> when;  // as written; only an order earn may have one
  Span span;
};

// The number an earn is written with: the percentage or the points.
const Number& earn_value(const Earn& earn);

// `multiply base by 2`, `multiply all by 2` (base and rules), `multiply rule a, b by 3`.
struct Multiplier {
  enum class Scope { base, all, rules };
  Scope scope = Scope::base;
  std::vector<Name> rules;  // Scope::rules
  Number factor;
  std::optional<When> when;
  Span span;
};

// ---------------------------------------------------------------- tiers and rules

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

struct Products {  // on product "A", "B"
  std::vector<Name> skus;
};
struct Categories {  // on category "Food", "Drinks/Tea"
  std::vector<Name> paths;
};
struct EveryLine {};  // on every line, on all lines, or no `on`

struct Target {
  std::variant<EveryLine, Products, Categories> lines;
  Span span;
};

// The SKUs or category paths a target lists (none for every line).
const std::vector<Name>& target_values(const Target& target);

enum class CapPeriod { day, week, month, year };

// `cap 100 points per member per month`: the rule's points for one member
// over a calendar period, counted in the member's state.
struct MemberCap {
  Number points;
  CapPeriod period = CapPeriod::month;
  Span span;
};

struct Rule {
  Name id;
  std::optional<Name> title;
  Target target;
  bool exclusive = false;
  std::vector<Earn> earns;
  std::vector<When> whens;
  std::optional<Number> cap;  // points on one order
  Span cap_span;
  std::optional<MemberCap> member_cap;
  Span span;
};

// `exclude category "Thuốc lá"`, `exclude product "GIFTCARD-100"`: lines
// that earn nothing (no rule, no base) but still count in paid and spend.
struct Exclusion {
  Target target;  // products or categories
  Span span;
};

// ---------------------------------------------------------------- reviews

struct KeepTier {};
struct DemoteTo {
  Name tier;
};
struct KeepSpend {};
struct ReduceSpendBy {
  Number amount;
};
struct ResetSpendTo {
  Number amount;
};

struct ReviewAction {
  std::variant<KeepTier, DemoteTo, KeepSpend, ReduceSpendBy, ResetSpendTo> action;
  Span span;
};

// `when cycle_spend < X` or `when spend <= X`
struct ReviewCondition {
  bool on_cycle_spend = true;
  Compare op = Compare::lt;
  Number threshold;
};

struct ReviewLine {
  Name tier;
  std::optional<ReviewCondition> condition;  // none: the actions always run
  std::vector<ReviewAction> actions;
  Span span;
};

enum class PeriodUnit { days, months, years };

struct Review {
  Number every;
  PeriodUnit unit = PeriodUnit::months;
  std::optional<Date> from;  // none: from each member's join date
  std::vector<ReviewLine> lines;
  Span span;
};

struct Expiry {
  Number after;
  PeriodUnit unit = PeriodUnit::months;
  Span span;
};

// ---------------------------------------------------------------- rewards

struct Resale {  // resale 1 point = 100
  Number points, money;
};

struct OnOrder {};
struct OnProduct {
  Name sku;
};
struct OnCheapestLine {};
struct OnCategory {  // every line at or below the category
  Name path;
};

struct Discount {  // discount 10% on order, discount 50_000 on product "SKU", discount 10% on category "Food"
  bool percent = false;
  Number value;
  std::variant<OnOrder, OnProduct, OnCheapestLine, OnCategory> on;
};

struct Gift {                 // gift "SKU" qty 2, gift one of "LATTE", "CAKE"
  Name sku;                   // empty with choices
  std::vector<Name> choices;  // `one of`: the request names one
  Number qty{{1, 0}, {}};
};

struct Voucher {  // voucher 50_000, voucher 10%
  bool percent = false;
  Number value;
};

// What a reward gives; monostate when no kind statement was written (an error).
using RewardKind = std::variant<std::monostate, Resale, Discount, Gift, Voucher>;

struct Reward {
  Name id;
  std::optional<Name> title;
  RewardKind kind;
  Span kind_span;
  int kinds_written = 0;  // a second kind statement is an error

  // Options, in any order; the checker matches them with the kind.
  std::optional<Number> cost;         // points
  std::optional<Number> minimum;      // points balance needed
  std::optional<Number> max_percent;  // of the order's total before redemptions
  std::optional<Number> max_amount;   // money per order
  std::optional<Number> step;         // points
  std::vector<When> whens;
  Span span;
};

// ---------------------------------------------------------------- the policy

enum class NegativeBalance { allow_debt, stop_at_zero };

// `timezone +07:00` (a fixed offset) or `timezone Asia/Ho_Chi_Minh` (an IANA zone, with its summer time).
struct TimeZone {
  int offset_minutes = 0;  // east of UTC, for a fixed offset
  std::string zone;        // the zone's name; empty for a fixed offset
  Span zone_span;
};

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
  Setting<TimeZone> timezone;
  Setting<bool> earn_on_subtotal;
  Setting<NegativeBalance> negative_balance;

  std::vector<Exclusion> exclusions;
  std::vector<Earn> base_earns;
  std::vector<Earn> order_earns;
  std::vector<Multiplier> multipliers;
  std::vector<Tier> tiers;
  std::vector<Rule> rules;
  std::vector<Review> reviews;
  std::optional<Expiry> expiry;
  std::vector<Reward> rewards;
  Span span;
};

const char* to_string(PeriodUnit unit);   // "days", "months", "years"
const char* to_string(CapPeriod period);  // "day", "week", "month", "year"
// A condition as written in the language ("weekday in [sat, sun]"): the one
// printer of conditions, for traces, dumps and messages.
std::string to_string(const Condition& condition);

// A span-free rendering of the AST, one node a line: two ASTs are the same
// policy exactly when their dumps are equal (used to prove the formatter).
std::string dump(const Policy& policy);

// Helper for std::visit over the variants above.
template <typename... F>
struct overloaded : F... {
  using F::operator()...;
};
template <typename... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace loyalty::dsl
