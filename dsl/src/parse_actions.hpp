// Parse actions, in PEGTL's json_build pattern: one action per rule that
// carries a value or completes a node. Value rules write a typed part of
// the statement being read (parse_state.hpp); statement rules take their
// parts and add the finished node to the policy. Nothing is read back by
// position or text, and each place a statement may stand has its own rule
// (policy_earn, tier_earn, rule_earn), so no action asks where it is.
#pragma once

#include <algorithm>
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "grammar.hpp"
#include "loyalty/dsl/unicode.hpp"
#include "parse_state.hpp"

namespace loyalty::dsl::actions {

namespace g = grammar;
using tao::pegtl::nothing;

template <typename Input>
Span span_of(const Input& in, const ParseState& st) {
  return {static_cast<std::uint32_t>(in.begin() - st.base), static_cast<std::uint32_t>(in.end() - st.base)};
}

inline std::string unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"') return std::string(s);
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

// A name or string as the engine compares it: unquoted, in NFC.
template <typename Input>
Name name_at(const Input& in, const ParseState& st) {
  return {nfc(unquote(in.string_view())), span_of(in, st)};
}

// A number or percentage as written; too large or too precise is a coded syntax error.
template <typename Input>
Number number_at(const Input& in, const ParseState& st) {
  std::string_view text(in.begin(), in.size());
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  auto value = parse_decimal(text);
  if (!value) {
    throw coded_error(Code::bad_number, "the number `" + std::string(text) + "` is too large or has more than 18 decimals",
                      in.position());
  }
  return {*value, span_of(in, st)};
}

// HH:MM as minutes after midnight; 24:00 (the end of the day) is 1440.
template <typename Input>
int minute_at(const Input& in) {
  const std::string_view s = in.string_view();
  const auto colon = s.find(':');
  int hours = 0;
  for (std::size_t i = 0; i < colon; ++i) hours = hours * 10 + (s[i] - '0');
  const int minutes = (s[colon + 1] - '0') * 10 + (s[colon + 2] - '0');
  if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
    throw coded_error(Code::bad_time, "`" + std::string(s) + "` is not a time of day (00:00 to 24:00)", in.position());
  }
  return hours * 60 + minutes;
}

template <typename Input>
Date date_at(const Input& in, const ParseState& st) {
  const std::string_view s = in.string_view();
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  Date d{digits(0, 4), digits(5, 2), digits(8, 2), span_of(in, st)};
  using namespace std::chrono;
  if (!year_month_day{year{d.year}, month{static_cast<unsigned>(d.month)}, day{static_cast<unsigned>(d.day)}}.ok()) {
    throw coded_error(Code::bad_date, "`" + std::string(s) + "` is not a date", in.position());
  }
  return d;
}

// Decimals as written; an out-of-range value is kept as 99 for the checker to report.
inline int scale_of(const Number& n) {
  if (n.value.scale != 0 || n.value.units < 0 || n.value.units > 99) return 99;
  return static_cast<int>(n.value.units);
}

template <typename T, typename Input>
void set_setting(ParseState& st, Setting<T>& setting, T value, const Input& in, const char* what) {
  const Span span = span_of(in, st);
  if (setting.set) {
    st.add(Code::duplicate_setting, span, std::string(what) + " is set twice; the first is on an earlier line");
    return;
  }
  setting = {std::move(value), span, true};
}

template <typename Rule>
struct action : nothing<Rule> {};

// One rule's action: its body, with `p` (the statement's parts), `in` (the
// matched input) and `st` (the parse state) in scope, writes a part or
// builds a node.
#define LOYALTY_PART(rule, ...)                                           \
  template <>                                                             \
  struct action<g::rule> {                                                \
    template <typename Input>                                             \
    static void apply([[maybe_unused]] const Input& in, ParseState& st) { \
      [[maybe_unused]] StatementParts& p = st.parts;                      \
      __VA_ARGS__;                                                        \
    }                                                                     \
  }

// ---------------------------------------------------------------- values

LOYALTY_PART(tier_ref, p.names.push_back(name_at(in, st)));
LOYALTY_PART(name_ref, p.names.push_back(name_at(in, st)));
LOYALTY_PART(target_value, p.names.push_back(name_at(in, st)));
LOYALTY_PART(title, p.title = name_at(in, st));
LOYALTY_PART(day_mon, p.weekdays.push_back(Weekday::mon));
LOYALTY_PART(day_tue, p.weekdays.push_back(Weekday::tue));
LOYALTY_PART(day_wed, p.weekdays.push_back(Weekday::wed));
LOYALTY_PART(day_thu, p.weekdays.push_back(Weekday::thu));
LOYALTY_PART(day_fri, p.weekdays.push_back(Weekday::fri));
LOYALTY_PART(day_sat, p.weekdays.push_back(Weekday::sat));
LOYALTY_PART(day_sun, p.weekdays.push_back(Weekday::sun));
LOYALTY_PART(op_ge, p.op = Compare::ge);
LOYALTY_PART(op_gt, p.op = Compare::gt);
LOYALTY_PART(op_le, p.op = Compare::le);
LOYALTY_PART(op_lt, p.op = Compare::lt);
LOYALTY_PART(op_eq, p.op = Compare::eq);
LOYALTY_PART(date_first, p.first = date_at(in, st));
LOYALTY_PART(date_last, p.last = date_at(in, st));
LOYALTY_PART(condition_value, p.value = number_at(in, st));
LOYALTY_PART(time_first, p.first_minute = minute_at(in));
LOYALTY_PART(time_last, p.last_minute = minute_at(in));
LOYALTY_PART(birthday_month, p.whole_month = true);
LOYALTY_PART(member_orders, p.on_orders = true);
LOYALTY_PART(member_spend, p.on_orders = false);
LOYALTY_PART(total_qty, p.on_orders = true);
LOYALTY_PART(total_amount, p.on_orders = false);

// ---------------------------------------------------------------- conditions

template <typename Input>
void add_condition(ParseState& st, const Input& in, decltype(Condition::test) test) {
  st.parts.conditions.push_back({std::move(test), span_of(in, st)});
}

LOYALTY_PART(cond_tier, add_condition(st, in, TierIn{take(p.names)}));
LOYALTY_PART(cond_store, add_condition(st, in, StoreIn{take(p.names)}));
LOYALTY_PART(cond_channel, add_condition(st, in, ChannelIn{take(p.names)}));
LOYALTY_PART(cond_weekday, add_condition(st, in, WeekdayIn{take(p.weekdays)}));
LOYALTY_PART(cond_date, add_condition(st, in, DateRange{p.first, p.last}));
LOYALTY_PART(cond_qty, add_condition(st, in, QtyIs{p.op, p.value}));
LOYALTY_PART(cond_amount, add_condition(st, in, AmountIs{p.op, p.value}));
LOYALTY_PART(cond_time, add_condition(st, in, TimeRange{p.first_minute, p.last_minute}));
LOYALTY_PART(cond_birthday, add_condition(st, in, Birthday{std::exchange(p.whole_month, false)}));
LOYALTY_PART(cond_first_order, add_condition(st, in, FirstOrder{}));
LOYALTY_PART(cond_member, {
  if (p.on_orders) {
    add_condition(st, in, MemberOrders{p.op, p.value});
  } else {
    add_condition(st, in, MemberSpend{p.op, p.value});
  }
});
LOYALTY_PART(cond_total, {
  if (p.on_orders) {
    add_condition(st, in, TotalQty{p.op, p.value});
  } else {
    add_condition(st, in, TotalAmount{p.op, p.value});
  }
});
LOYALTY_PART(when_clause, p.when = When{take(p.conditions), span_of(in, st)});

// ---------------------------------------------------------------- earns

LOYALTY_PART(earn_percent, p.earn_rate = Percent{number_at(in, st)});
LOYALTY_PART(earn_points, p.earn_points = number_at(in, st));
LOYALTY_PART(per_unit, p.earn_rate = PointsPerUnit{p.earn_points});
LOYALTY_PART(per_order, p.earn_rate = PointsPerOrder{p.earn_points});
LOYALTY_PART(per_money, p.earn_rate = PointsPerMoney{p.earn_points, number_at(in, st)});
LOYALTY_PART(per_full_money, p.earn_rate = PointsPerFullMoney{p.earn_points, number_at(in, st)});
LOYALTY_PART(basis_subtotal, p.earn_on_subtotal = true);
LOYALTY_PART(basis_net, p.earn_on_subtotal = false);

// The earn just read; nothing for `earn on subtotal|net`.
template <typename Input>
std::optional<Earn> take_earn(ParseState& st, const Input& in) {
  StatementParts& p = st.parts;
  std::optional<When> when = take(p.when);
  if (!p.earn_rate) return std::nullopt;
  return Earn{*take(p.earn_rate), std::move(when), span_of(in, st)};
}

template <typename Input>
void misplaced_basis(ParseState& st, const Input& in) {
  const bool subtotal = *take(st.parts.earn_on_subtotal);
  st.add(Code::misplaced_earn, span_of(in, st),
         std::string("`earn on ") + (subtotal ? "subtotal" : "net") + "` is a program setting; write it at policy level");
}

template <>
struct action<g::policy_earn> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    std::optional<Earn> earn = take_earn(st, in);
    if (!earn) {
      set_setting(st, st.policy->earn_on_subtotal, *take(st.parts.earn_on_subtotal), in, "`earn on`");
      return;
    }
    const bool per_order = std::holds_alternative<PointsPerOrder>(earn->rate);
    (per_order ? st.policy->order_earns : st.policy->base_earns).push_back(std::move(*earn));
  }
};

template <>
struct action<g::tier_earn> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (std::optional<Earn> earn = take_earn(st, in)) {
      st.policy->tiers.back().earns.push_back(std::move(*earn));
    } else {
      misplaced_basis(st, in);
    }
  }
};

template <>
struct action<g::rule_earn> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    if (std::optional<Earn> earn = take_earn(st, in)) {
      st.policy->rules.back().earns.push_back(std::move(*earn));
    } else {
      misplaced_basis(st, in);
    }
  }
};

// ---------------------------------------------------------------- settings

LOYALTY_PART(currency_code, p.code = name_at(in, st));
LOYALTY_PART(currency_decimals, p.scale = scale_of(number_at(in, st)));
LOYALTY_PART(scale_value, p.scale = scale_of(number_at(in, st)));
LOYALTY_PART(points_scale, p.scale = scale_of(number_at(in, st)));
LOYALTY_PART(period_count, p.value = number_at(in, st));
LOYALTY_PART(unit_days, p.unit = PeriodUnit::days);
LOYALTY_PART(unit_months, p.unit = PeriodUnit::months);
LOYALTY_PART(unit_years, p.unit = PeriodUnit::years);
LOYALTY_PART(round_floor, p.rounding = Rounding::floor);
LOYALTY_PART(round_half_up, p.rounding = Rounding::half_up);
LOYALTY_PART(round_half_even, p.rounding = Rounding::half_even);
LOYALTY_PART(round_ceil, p.rounding = Rounding::ceil);
LOYALTY_PART(allow_debt, p.balance = NegativeBalance::allow_debt);
LOYALTY_PART(stop_at_zero, p.balance = NegativeBalance::stop_at_zero);
LOYALTY_PART(factor, p.multiplier.factor = number_at(in, st));
LOYALTY_PART(multiply_base, p.multiplier.scope = Multiplier::Scope::base);
LOYALTY_PART(multiply_all, p.multiplier.scope = Multiplier::Scope::all);
LOYALTY_PART(multiplied_rule, {
  p.multiplier.scope = Multiplier::Scope::rules;
  p.multiplier.rules.push_back(name_at(in, st));
});
LOYALTY_PART(exclude_products, st.policy->exclusions.push_back({{Products{take(p.names)}, span_of(in, st)}, {}}));
LOYALTY_PART(exclude_categories, st.policy->exclusions.push_back({{Categories{take(p.names)}, span_of(in, st)}, {}}));
LOYALTY_PART(exclude_stmt, st.policy->exclusions.back().span = span_of(in, st));

// +HH:MM, read from the rule's own text.
template <>
struct action<g::utc_offset> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string_view w = in.string_view();
    const int hours = (w[1] - '0') * 10 + (w[2] - '0'), minutes = (w[4] - '0') * 10 + (w[5] - '0');
    const int offset = (hours * 60 + minutes) * (w[0] == '-' ? -1 : 1);
    st.parts.offset_minutes = offset;
    if (offset > 14 * 60 || offset < -12 * 60) st.parts.offset_text = std::string(w);
  }
};

LOYALTY_PART(zone_name, p.zone = Name{in.string(), span_of(in, st)});
LOYALTY_PART(currency_stmt, {
  set_setting(st, st.policy->currency, take(p.code), in, "the currency");
  if (p.scale) set_setting(st, st.policy->decimals, *take(p.scale), in, "`decimals`");
});
LOYALTY_PART(decimals_stmt, set_setting(st, st.policy->decimals, *take(p.scale), in, "`decimals`"));
LOYALTY_PART(points_decimals, set_setting(st, st.policy->points_decimals, *take(p.scale), in, "`points decimals`"));
LOYALTY_PART(points_expire, {
  if (st.policy->expiry) {
    st.add(Code::duplicate_setting, span_of(in, st), "`points expire` is set twice; the first is on an earlier line");
    return;
  }
  st.policy->expiry = Expiry{p.value, p.unit, span_of(in, st)};
});
LOYALTY_PART(rounding_stmt, set_setting(st, st.policy->rounding, p.rounding, in, "`rounding`"));
LOYALTY_PART(timezone_stmt, {
  if (!p.offset_text.empty()) {
    st.add(Code::syntax_error, span_of(in, st), "a UTC offset runs from -12:00 to +14:00, found `" + take(p.offset_text) + "`");
    return;
  }
  TimeZone tz{p.offset_minutes, {}, {}};
  if (auto zone = take(p.zone)) tz = {0, zone->text, zone->span};
  set_setting(st, st.policy->timezone, std::move(tz), in, "`timezone`");
});
LOYALTY_PART(returns_stmt, set_setting(st, st.policy->negative_balance, p.balance, in, "`returns`"));
LOYALTY_PART(multiply_stmt, {
  Multiplier m = take(p.multiplier);
  m.when = take(p.when);
  m.span = span_of(in, st);
  st.policy->multipliers.push_back(std::move(m));
});

// ---------------------------------------------------------------- tiers

LOYALTY_PART(tier_id, p.tier.id = name_at(in, st));
LOYALTY_PART(tier_default, {
  p.tier.is_default = true;
  p.tier.default_span = span_of(in, st);
});
LOYALTY_PART(tier_retired, {
  p.tier.retired = true;
  p.tier.retired_span = span_of(in, st);
});
// The tier joins the policy at its head, so a block cut short by a syntax
// error still names its tier for the checker.
LOYALTY_PART(tier_head, {
  Tier t = take(p.tier);
  t.title = take(p.title);
  t.span = span_of(in, st);
  st.policy->tiers.push_back(std::move(t));
});
LOYALTY_PART(threshold, p.value = number_at(in, st));
LOYALTY_PART(qualify_stmt, {
  Tier& t = st.policy->tiers.back();
  if (t.qualify) {
    st.add(Code::duplicate_setting, span_of(in, st), "tier `" + t.id.text + "` has two qualify clauses");
    return;
  }
  t.qualify = Qualify{p.op, p.value, span_of(in, st)};
});
LOYALTY_PART(retired_stmt, {
  Tier& t = st.policy->tiers.back();
  t.retired = true;
  t.retired_span = span_of(in, st);
});

// Where the block being read opened, for a block left open.
template <typename Input>
void opened(const Input& in, ParseState& st) {
  st.open_brace = static_cast<std::uint32_t>(in.begin() - st.base);
}
LOYALTY_PART(tier_open, opened(in, st));
LOYALTY_PART(rule_open, opened(in, st));
LOYALTY_PART(review_open, opened(in, st));
LOYALTY_PART(reward_open, opened(in, st));

// A block whose `}` is missing before the next policy item: said once, at
// that item, naming where the block opened; the item is then read normally.
template <>
struct action<g::unclosed_block> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string_view before(st.base, st.open_brace);
    const auto line_start = before.rfind('\n') + 1;  // npos + 1 == 0 on the first line
    const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const auto column = count_code_points(before.substr(line_start)) + 1;
    const auto at = static_cast<std::uint32_t>(in.begin() - st.base);
    st.add(Code::syntax_error, {at, at}, fmt::format("`{{` opened at {}:{} is not closed", line, column),
           "add the block's `}` before this line");
  }
};

// A block's span runs to its closing `}`.
LOYALTY_PART(tier_item, st.policy->tiers.back().span.end = span_of(in, st).end);
LOYALTY_PART(rule_item, st.policy->rules.back().span.end = span_of(in, st).end);
LOYALTY_PART(review_item, st.policy->reviews.back().span.end = span_of(in, st).end);
LOYALTY_PART(reward_item, st.policy->rewards.back().span.end = span_of(in, st).end);

// ---------------------------------------------------------------- rules

LOYALTY_PART(rule_id, {
  p.rule.id = name_at(in, st);
  p.rule.target = {EveryLine{}, p.rule.id.span};  // without `on`
});
LOYALTY_PART(target_every, p.rule.target = {EveryLine{}, span_of(in, st)});
LOYALTY_PART(target_products, p.rule.target = {Products{take(p.names)}, span_of(in, st)});
LOYALTY_PART(target_categories, p.rule.target = {Categories{take(p.names)}, span_of(in, st)});
LOYALTY_PART(exclusive_flag, p.rule.exclusive = true);
LOYALTY_PART(rule_head, {
  Rule r = take(p.rule);
  r.title = take(p.title);
  r.span = span_of(in, st);
  st.policy->rules.push_back(std::move(r));
});
LOYALTY_PART(cap_points, p.value = number_at(in, st));
LOYALTY_PART(cap_day, p.cap_period = CapPeriod::day);
LOYALTY_PART(cap_week, p.cap_period = CapPeriod::week);
LOYALTY_PART(cap_month, p.cap_period = CapPeriod::month);
LOYALTY_PART(cap_year, p.cap_period = CapPeriod::year);
LOYALTY_PART(per_member, p.per_member = true);
LOYALTY_PART(cap_stmt, {
  Rule& r = st.policy->rules.back();
  if (std::exchange(p.per_member, false)) {
    if (r.member_cap) {
      st.add(Code::duplicate_setting, span_of(in, st), "rule `" + r.id.text + "` has two caps per member");
      return;
    }
    r.member_cap = MemberCap{p.value, p.cap_period, span_of(in, st)};
    return;
  }
  if (r.cap) {
    st.add(Code::duplicate_setting, span_of(in, st), "rule `" + r.id.text + "` has two caps");
    return;
  }
  r.cap = p.value;
  r.cap_span = span_of(in, st);
});
LOYALTY_PART(rule_when, st.policy->rules.back().whens.push_back(*take(p.when)));
LOYALTY_PART(reward_when, st.policy->rewards.back().whens.push_back(*take(p.when)));

// ---------------------------------------------------------------- reviews

LOYALTY_PART(review_count, p.review.every = number_at(in, st));
LOYALTY_PART(from_date, p.review.from = date_at(in, st));
LOYALTY_PART(review_head, {
  Review r = take(p.review);
  r.unit = p.unit;
  r.span = span_of(in, st);
  st.policy->reviews.push_back(std::move(r));
});
LOYALTY_PART(reviewed_tier, p.review_line.tier = name_at(in, st));
LOYALTY_PART(field_cycle_spend, p.review_on_cycle_spend = true);
LOYALTY_PART(field_spend, p.review_on_cycle_spend = false);
LOYALTY_PART(review_threshold, p.value = number_at(in, st));
LOYALTY_PART(review_condition, p.review_line.condition = ReviewCondition{p.review_on_cycle_spend, p.op, p.value});
LOYALTY_PART(keep_tier, p.action = KeepTier{});
LOYALTY_PART(keep_spend, p.action = KeepSpend{});
LOYALTY_PART(demote_target, p.action = DemoteTo{name_at(in, st)});
LOYALTY_PART(reduce_amount, p.action = ReduceSpendBy{number_at(in, st)});
LOYALTY_PART(reset_amount, p.action = ResetSpendTo{number_at(in, st)});
LOYALTY_PART(review_action, p.actions.push_back({p.action, span_of(in, st)}));
LOYALTY_PART(review_line, {
  ReviewLine line = take(p.review_line);
  line.actions = take(p.actions);
  line.span = span_of(in, st);
  st.policy->reviews.back().lines.push_back(std::move(line));
});

// ---------------------------------------------------------------- rewards

LOYALTY_PART(reward_id, p.reward.id = name_at(in, st));
LOYALTY_PART(reward_head, {
  Reward r = take(p.reward);
  r.title = take(p.title);
  r.span = span_of(in, st);
  st.policy->rewards.push_back(std::move(r));
});

// Records a kind statement on the reward being read: the first gives the
// reward its kind; a second is counted, for the checker to report.
template <typename Kind, typename Input>
void reward_kind(ParseState& st, Kind kind, const Input& in) {
  Reward& r = st.policy->rewards.back();
  if (r.kinds_written++ == 0) {
    r.kind = std::move(kind);
    r.kind_span = span_of(in, st);
  }
}

LOYALTY_PART(resale_points, p.resale.points = number_at(in, st));
LOYALTY_PART(resale_money, p.resale.money = number_at(in, st));
LOYALTY_PART(resale_stmt, reward_kind(st, take(p.resale), in));
LOYALTY_PART(discount_percent, {
  p.discount.percent = true;
  p.discount.value = number_at(in, st);
});
LOYALTY_PART(discount_amount, p.discount.value = number_at(in, st));
LOYALTY_PART(on_order, p.discount.on = OnOrder{});
LOYALTY_PART(discount_sku, p.discount.on = OnProduct{name_at(in, st)});
LOYALTY_PART(on_cheapest, p.discount.on = OnCheapestLine{});
LOYALTY_PART(discount_category, p.discount.on = OnCategory{name_at(in, st)});
LOYALTY_PART(gift_choice, p.gift.choices.push_back(name_at(in, st)));
LOYALTY_PART(discount_stmt, reward_kind(st, take(p.discount), in));
LOYALTY_PART(gift_count, p.gift.qty = number_at(in, st));
LOYALTY_PART(gift_qty_value, p.gift.qty = number_at(in, st));
LOYALTY_PART(gift_sku, p.gift.sku = name_at(in, st));
LOYALTY_PART(gift_stmt, reward_kind(st, take(p.gift), in));
LOYALTY_PART(voucher_percent, p.voucher = Voucher{true, number_at(in, st)});
LOYALTY_PART(voucher_amount, p.voucher = Voucher{false, number_at(in, st)});
LOYALTY_PART(voucher_stmt, reward_kind(st, take(p.voucher), in));

// An option (cost, minimum, ...): its number, spanning the whole option.
template <std::optional<Number> Reward::*Option, typename Input>
void reward_option(ParseState& st, const Input& in) {
  Reward& r = st.policy->rewards.back();
  if (r.*Option) {
    st.add(Code::duplicate_setting, span_of(in, st), "reward `" + r.id.text + "` sets this option twice");
    return;
  }
  r.*Option = Number{st.parts.value.value, span_of(in, st)};
}

LOYALTY_PART(cost_value, p.value = number_at(in, st));
LOYALTY_PART(minimum_value, p.value = number_at(in, st));
LOYALTY_PART(step_value, p.value = number_at(in, st));
LOYALTY_PART(max_percent_value, p.value = number_at(in, st));
LOYALTY_PART(max_amount_value, p.value = number_at(in, st));
LOYALTY_PART(cost_stmt, reward_option<&Reward::cost>(st, in));
LOYALTY_PART(minimum_stmt, reward_option<&Reward::minimum>(st, in));
LOYALTY_PART(step_stmt, reward_option<&Reward::step>(st, in));
LOYALTY_PART(max_percent, reward_option<&Reward::max_percent>(st, in));
LOYALTY_PART(max_amount, reward_option<&Reward::max_amount>(st, in));

// ---------------------------------------------------------------- the policy

LOYALTY_PART(policy_name, p.policy_name = name_at(in, st));
LOYALTY_PART(policy_head, {
  st.policy.emplace();
  st.policy->name = take(p.policy_name);
  st.policy->span = span_of(in, st);
});
LOYALTY_PART(policy_close, st.policy->span.end = span_of(in, st).end);

#undef LOYALTY_PART

}  // namespace loyalty::dsl::actions
