// What a syntax error says, for each rule that can raise one: the one table
// of syntax messages, in the merchant's terms. The control below appends
// what was found instead ("..., found `defualt`").
#pragma once

// Rules and messages are laid out as tables, by hand.
// clang-format off

#include <cstdio>

#include "grammar.hpp"

namespace loyalty::dsl::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define LOYALTY_ERROR(rule, text) \
  template <>                     \
  inline constexpr const char* error_message<rule> = text

// lexical and lists
LOYALTY_ERROR(string_close, "expected `\"` to close the string");
LOYALTY_ERROR(list_close, "expected `,` or `]` in the list");
LOYALTY_ERROR(end_of_statement, "expected the end of the statement");
LOYALTY_ERROR(block_close, "expected `}` to close the block");
LOYALTY_ERROR(block_end, "expected `}` to close the block");

LOYALTY_ERROR(one_point, "a number has one decimal point at most; thousands are grouped with `_`: write 2_000_000, not 2.000.000");

// conditions
LOYALTY_ERROR(condition, "expected a condition: `tier in [...]`, `store in [...]`, `channel in [...]`, `weekday in [...]`, `date from ... to ...`, `time from ... to ...`, `qty >= N`, `amount >= N`, `total qty >= N`, `birthday`, `first order` or `member orders >= N`");
LOYALTY_ERROR(in_kw, "expected `in` and a list in brackets");
LOYALTY_ERROR(tier_list, "expected a list of tier ids in brackets, such as `[GOLD, SILVER]`");
LOYALTY_ERROR(name_list, "expected a list in brackets, such as `[\"HN01\", \"HN02\"]`");
LOYALTY_ERROR(weekday_list, "expected a list of weekdays in brackets, such as `[sat, sun]`");
LOYALTY_ERROR(tier_ref, "expected a tier id");
LOYALTY_ERROR(name_ref, "expected a name or a quoted string");
LOYALTY_ERROR(weekday_name, "expected a weekday: mon, tue, wed, thu, fri, sat or sun");
LOYALTY_ERROR(range_from, "expected `from` and the start of the range");
LOYALTY_ERROR(range_to, "expected `to` and the last date of the range");
LOYALTY_ERROR(date_first, "expected a date written YYYY-MM-DD");
LOYALTY_ERROR(date_last, "expected a date written YYYY-MM-DD");
LOYALTY_ERROR(time_first, "expected a time of day written HH:MM, such as 14:00");
LOYALTY_ERROR(time_last, "expected a time of day written HH:MM, such as 17:00");
LOYALTY_ERROR(first_order_word, "expected `order` after `first`");
LOYALTY_ERROR(member_field, "expected `orders` or `spend` after `member`");
LOYALTY_ERROR(total_field, "expected `qty` or `amount` after `total`");
LOYALTY_ERROR(compare_op, "expected a comparison: `>=`, `>`, `<=`, `<` or `=`");
LOYALTY_ERROR(condition_value, "expected a number to compare with");

// earns and settings
LOYALTY_ERROR(earn_rate, "expected a rate after `earn`: `5%`, `1 point per 10_000`, `5 points per unit`, `10 points per order` or `on subtotal`");
LOYALTY_ERROR(earn_points_word, "expected `points` after the number");
LOYALTY_ERROR(earn_per, "expected `per` after `points`");
LOYALTY_ERROR(per_target, "expected `unit`, `order`, `full AMOUNT` or an amount of money after `per`");
LOYALTY_ERROR(per_full_money, "expected an amount of money after `per full`");
LOYALTY_ERROR(earn_basis, "expected `subtotal` or `net` after `earn on`");
LOYALTY_ERROR(currency_code, "expected a currency code after `currency`, such as VND or EUR");
LOYALTY_ERROR(scale_value, "expected a number of decimals");
LOYALTY_ERROR(currency_decimals, "expected a number of decimals");
LOYALTY_ERROR(points_scale, "expected a number of decimals");
LOYALTY_ERROR(points_setting, "expected `decimals N` or `expire after N months` after `points`");
LOYALTY_ERROR(expire_after, "expected `after` in `points expire after N months`");
LOYALTY_ERROR(period_count, "expected a number of days, months or years");
LOYALTY_ERROR(review_count, "expected a number of days, months or years");
LOYALTY_ERROR(period_unit, "expected `days`, `months` or `years`");
LOYALTY_ERROR(rounding_mode, "expected a rounding mode: floor, half_up, half_even or ceil");
LOYALTY_ERROR(timezone_value, "expected an offset from UTC such as +07:00, or a time zone such as Asia/Ho_Chi_Minh");
LOYALTY_ERROR(balance_choice, "expected `allow debt` or `stop at zero` after `returns`");
LOYALTY_ERROR(multiply_scope, "expected `base`, `all` or `rule ID` after `multiply`");
LOYALTY_ERROR(multiplied_rule, "expected a rule id");
LOYALTY_ERROR(multiply_by, "expected `by` and a factor");
LOYALTY_ERROR(factor, "expected a factor after `by`, such as 2 or 1.5");
LOYALTY_ERROR(exclude_target, "expected `product \"SKU\"` or `category \"Path\"` after `exclude`");

// tiers
LOYALTY_ERROR(tier_id, "expected a tier id after `tier`");
LOYALTY_ERROR(tier_open, "expected `default`, `retired` or `{` after the tier's name");
LOYALTY_ERROR(tier_stmt, "expected a tier statement (`qualify when spend > ...`, `earn ...`, `retired`) or `}`");
LOYALTY_ERROR(qualify_when, "expected `when` after `qualify`");
LOYALTY_ERROR(qualify_spend, "expected `spend` in `qualify when spend > AMOUNT`");
LOYALTY_ERROR(qualify_op, "expected `>` or `>=` after `qualify when spend`");
LOYALTY_ERROR(threshold, "expected an amount of spend to qualify on");

// rules
LOYALTY_ERROR(rule_id, "expected a rule id after `rule`");
LOYALTY_ERROR(rule_target, "expected `product \"SKU\"`, `category \"Path\"`, `every line` or `all lines` after `on`");
LOYALTY_ERROR(every_line_word, "expected `line` after `every`");
LOYALTY_ERROR(target_value, "expected a quoted SKU or category path");
LOYALTY_ERROR(rule_open, "expected `on TARGET`, `exclusive` or `{` after the rule's name or target");
LOYALTY_ERROR(rule_stmt, "expected a rule statement (`earn ...`, `when ...`, `cap N points`) or `}`");
LOYALTY_ERROR(cap_points, "expected a number of points after `cap`");
LOYALTY_ERROR(cap_word, "expected `points` after the cap");
LOYALTY_ERROR(cap_member, "expected `member` in `per member per month`");
LOYALTY_ERROR(cap_per, "expected `per` in `per member per month`");
LOYALTY_ERROR(cap_period, "expected `day`, `week`, `month` or `year` after `per member per`");

// reviews
LOYALTY_ERROR(review_every, "expected `every` after `review`");
LOYALTY_ERROR(anchor, "expected `joined` or a date (YYYY-MM-DD) after `from`");
LOYALTY_ERROR(review_open, "expected `from` or `{` after the review period");
LOYALTY_ERROR(review_line, "expected a review line such as `GOLD when cycle_spend < 7_000_000: demote to SILVER`, or `}`");
LOYALTY_ERROR(review_field, "expected `cycle_spend` or `spend` after `when`");
LOYALTY_ERROR(review_op, "expected `<` or `<=` in a review condition");
LOYALTY_ERROR(review_threshold, "expected an amount of spend in the review condition");
LOYALTY_ERROR(review_colon, "expected `when ...` or `:` after the tier id");
LOYALTY_ERROR(review_action, "expected a review action: `keep tier`, `demote to TIER`, `keep spend`, `reduce spend by AMOUNT` or `reset spend to AMOUNT`");
LOYALTY_ERROR(keep_what, "expected `tier` or `spend` after `keep`");
LOYALTY_ERROR(demote_to, "expected `to` after `demote`");
LOYALTY_ERROR(demote_target, "expected a tier id after `demote to`");
LOYALTY_ERROR(spend_word, "expected `spend` after the action");
LOYALTY_ERROR(spend_by, "expected `by` after `reduce spend`");
LOYALTY_ERROR(spend_to, "expected `to` after `reset spend`");
LOYALTY_ERROR(reduce_amount, "expected an amount of spend");
LOYALTY_ERROR(reset_amount, "expected an amount of spend");

// rewards
LOYALTY_ERROR(reward_id, "expected a reward id after `reward`");
LOYALTY_ERROR(reward_open, "expected `{` after the reward's name");
LOYALTY_ERROR(reward_stmt, "expected a reward statement (`resale`, `discount`, `gift`, `voucher`, `cost`, `minimum`, `max`, `step`, `when`) or `}`");
LOYALTY_ERROR(resale_points, "expected a number of points");
LOYALTY_ERROR(gift_qty_value, "expected a number of points");
LOYALTY_ERROR(cost_value, "expected a number of points");
LOYALTY_ERROR(minimum_value, "expected a number of points");
LOYALTY_ERROR(step_value, "expected a number of points");
LOYALTY_ERROR(resale_money, "expected an amount of money");
LOYALTY_ERROR(voucher_value, "expected an amount of money or a percentage");
LOYALTY_ERROR(resale_points_word, "expected `point` or `points` in `resale 1 point = 100`");
LOYALTY_ERROR(resale_equals, "expected `=` in `resale 1 point = 100`");
LOYALTY_ERROR(discount_value, "expected a percentage or an amount after `discount`");
LOYALTY_ERROR(discount_target, "expected `order`, `product \"SKU\"`, `category \"Path\"` or `cheapest line` after `on`");
LOYALTY_ERROR(discount_category, "expected a quoted category path");
LOYALTY_ERROR(one_of_word, "expected `of` in `gift one of \"SKU\", ...`");
LOYALTY_ERROR(gift_choice, "expected a quoted SKU");
LOYALTY_ERROR(cheapest_line_word, "expected `line` after `cheapest`");
LOYALTY_ERROR(discount_sku, "expected a quoted SKU");
LOYALTY_ERROR(gift_sku, "expected a quoted SKU");
LOYALTY_ERROR(cost_word, "expected `points` after the number");
LOYALTY_ERROR(max_value, "expected `P% of order` or an amount after `max`");
LOYALTY_ERROR(max_of_order, "expected `of order` after the percentage");

// the policy
LOYALTY_ERROR(policy_keyword, "expected `policy \"Name\" {` at the start of the file");
LOYALTY_ERROR(policy_name, "expected the policy's name in quotes after `policy`");
LOYALTY_ERROR(policy_open, "expected `{` after the policy's name");
LOYALTY_ERROR(policy_item, "expected a policy statement (`currency`, `rounding`, `earn`, `tier`, `rule`, `review`, `reward`, ...) or `}`");
LOYALTY_ERROR(policy_close, "expected `}` to close the policy");
LOYALTY_ERROR(trailing, "expected nothing after the policy's closing `}`");

#undef LOYALTY_ERROR

// The text found at an error position, for "..., found `X`".
inline std::string found_at(const char* p, const char* end) {
  if (p >= end) return "the end of the file";
  if (*p == '\n' || *p == '\r') return "the end of the line";
  const char* q = p;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); };
  if (static_cast<unsigned char>(*p) < 0x20 || *p == 0x7F) {  // a control character (NUL...) is named, not echoed
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(*p)));
    return std::string("the control character ") + code;
  }
  if (word(*q)) {
    while (q < end && word(*q) && q - p < 40) ++q;
  } else {
    ++q;
    while (q < end && (*q & 0xC0) == 0x80) ++q;  // the rest of one UTF-8 character
  }
  return "`" + std::string(p, q) + "`";
}

template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&...) {
    static_assert(error_message<Rule> != nullptr, "every rule under must<> needs a message in grammar_errors.hpp");
    throw tao::pegtl::parse_error(std::string(error_message<Rule>) + ", found " + found_at(in.current(), in.end()), in);
  }
};

}  // namespace loyalty::dsl::grammar
