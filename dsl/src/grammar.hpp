// The policy grammar (PEGTL 3.2.7): rules only. Actions are in
// parse_actions.hpp, error messages in grammar_errors.hpp. Every rule that
// appears under must<> has a message in that table, so a syntax error always
// says what was expected in the merchant's terms.
//
// Statements end at the end of the line (or `;`, or a closing `}`); blocks
// are `{ ... }`; `#` starts a comment. Nothing nests beyond a block inside
// the policy, so the grammar needs no depth limit.
#pragma once

// Rules and messages are laid out as tables, by hand.
// clang-format off

#include <tao/pegtl.hpp>

#include "recover.hpp"

namespace loyalty::dsl::grammar {

using namespace tao::pegtl;

// Tags: an action pushes a token for every rule derived from one of these.
struct tag_number {};
struct tag_percent {};
struct tag_ident {};
struct tag_string {};
struct tag_date {};
struct tag_word {};
struct tag_list {};

// ---------------------------------------------------------------- lexical

struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct sp : star<one<' ', '\t'>> {};
struct gap : star<sor<space, comment>> {};  // between statements
struct end_of_statement : seq<sp, opt<comment>, sor<eolf, one<';'>, at<one<'}'>>>> {};

struct id_first : sor<ranges<'a', 'z', 'A', 'Z', '_'>, utf8::range<0x80, 0x10FFFF>> {};
struct id_other : sor<ranges<'a', 'z', 'A', 'Z', '0', '9', '_'>, utf8::range<0x80, 0x10FFFF>> {};
struct identifier : seq<id_first, star<id_other>> {};

template <typename S>
struct kw : seq<S, not_at<id_other>> {};
#define LOYALTY_KW(name, text) \
  struct kw_##name : kw<TAO_PEGTL_STRING(text)> {}
LOYALTY_KW(after, "after");
LOYALTY_KW(allow, "allow");
LOYALTY_KW(amount, "amount");
LOYALTY_KW(and_, "and");
LOYALTY_KW(at, "at");
LOYALTY_KW(balance, "balance");
LOYALTY_KW(base, "base");
LOYALTY_KW(by, "by");
LOYALTY_KW(cap, "cap");
LOYALTY_KW(category, "category");
LOYALTY_KW(ceil, "ceil");
LOYALTY_KW(channel, "channel");
LOYALTY_KW(cheapest, "cheapest");
LOYALTY_KW(cost, "cost");
LOYALTY_KW(currency, "currency");
LOYALTY_KW(cycle_spend, "cycle_spend");
LOYALTY_KW(date, "date");
LOYALTY_KW(day, "day");
LOYALTY_KW(days, "days");
LOYALTY_KW(debt, "debt");
LOYALTY_KW(decimals, "decimals");
LOYALTY_KW(default_, "default");
LOYALTY_KW(demote, "demote");
LOYALTY_KW(discount, "discount");
LOYALTY_KW(earn, "earn");
LOYALTY_KW(every, "every");
LOYALTY_KW(exclusive, "exclusive");
LOYALTY_KW(expire, "expire");
LOYALTY_KW(floor, "floor");
LOYALTY_KW(from, "from");
LOYALTY_KW(full, "full");
LOYALTY_KW(gift, "gift");
LOYALTY_KW(half_even, "half_even");
LOYALTY_KW(half_up, "half_up");
LOYALTY_KW(in, "in");
LOYALTY_KW(joined, "joined");
LOYALTY_KW(keep, "keep");
LOYALTY_KW(line, "line");
LOYALTY_KW(lines, "lines");
LOYALTY_KW(all, "all");
LOYALTY_KW(max, "max");
LOYALTY_KW(minimum, "minimum");
LOYALTY_KW(month, "month");
LOYALTY_KW(months, "months");
LOYALTY_KW(multiply, "multiply");
LOYALTY_KW(net, "net");
LOYALTY_KW(of, "of");
LOYALTY_KW(on, "on");
LOYALTY_KW(order, "order");
LOYALTY_KW(point, "point");
LOYALTY_KW(points, "points");
LOYALTY_KW(per, "per");
LOYALTY_KW(policy, "policy");
LOYALTY_KW(product, "product");
LOYALTY_KW(qty, "qty");
LOYALTY_KW(qualify, "qualify");
LOYALTY_KW(reduce, "reduce");
LOYALTY_KW(resale, "resale");
LOYALTY_KW(reset, "reset");
LOYALTY_KW(retired, "retired");
LOYALTY_KW(returns, "returns");
LOYALTY_KW(review, "review");
LOYALTY_KW(reward, "reward");
LOYALTY_KW(rounding, "rounding");
LOYALTY_KW(rule, "rule");
LOYALTY_KW(spend, "spend");
LOYALTY_KW(step, "step");
LOYALTY_KW(stop, "stop");
LOYALTY_KW(store, "store");
LOYALTY_KW(subtotal, "subtotal");
LOYALTY_KW(tier, "tier");
LOYALTY_KW(timezone, "timezone");
LOYALTY_KW(to, "to");
LOYALTY_KW(unit, "unit");
LOYALTY_KW(voucher, "voucher");
LOYALTY_KW(weekday, "weekday");
LOYALTY_KW(when, "when");
LOYALTY_KW(year, "year");
LOYALTY_KW(years, "years");
LOYALTY_KW(zero, "zero");
#undef LOYALTY_KW

struct digits : seq<digit, star<sor<digit, seq<one<'_'>, digit>>>> {};
struct number_text : seq<opt<one<'-'>>, digits, opt<one<'.'>, digits>, not_at<id_other>> {};
struct percent_text : seq<opt<one<'-'>>, digits, opt<one<'.'>, digits>, one<'%'>> {};
struct date_text : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<id_other>> {};

struct escape : seq<one<'\\'>, one<'"', '\\'>> {};
struct string_char : sor<escape, utf8::not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, must<string_close>> {};

struct points_word : sor<kw_points, kw_point> {};
struct list_open : one<'['>, tag_list {};
struct list_close : one<']'> {};
struct list_sep : seq<gap, one<','>, gap> {};

template <typename Item>
struct list : seq<list_open, gap, opt<Item, star<list_sep, must<Item>>>, gap, must<list_close>> {};

// ---------------------------------------------------------------- conditions

struct tier_ref : identifier, tag_ident {};
struct name_ref : sor<string_lit, identifier>, tag_string {};
struct weekday_name : sor<TAO_PEGTL_KEYWORD("mon"), TAO_PEGTL_KEYWORD("tue"), TAO_PEGTL_KEYWORD("wed"),
                          TAO_PEGTL_KEYWORD("thu"), TAO_PEGTL_KEYWORD("fri"), TAO_PEGTL_KEYWORD("sat"),
                          TAO_PEGTL_KEYWORD("sun")>,
                      tag_word {};
struct compare_op : sor<string<'>', '='>, string<'<', '='>, one<'>'>, one<'<'>, one<'='>>, tag_word {};
struct qualify_op : sor<string<'>', '='>, one<'>'>>, tag_word {};
struct review_op : sor<string<'<', '='>, one<'<'>>, tag_word {};

struct in_kw : kw_in {};
struct tier_list : list<tier_ref> {};
struct name_list : list<name_ref> {};
struct weekday_list : list<weekday_name> {};
struct date_value : date_text, tag_date {};
struct range_to : kw_to {};
struct range_from : kw_from {};
struct condition_value : number_text, tag_number {};

struct cond_tier : seq<kw_tier, sp, must<in_kw>, sp, must<tier_list>> {};
struct cond_store : seq<kw_store, sp, must<in_kw>, sp, must<name_list>> {};
struct cond_channel : seq<kw_channel, sp, must<in_kw>, sp, must<name_list>> {};
struct cond_weekday : seq<kw_weekday, sp, must<in_kw>, sp, must<weekday_list>> {};
struct cond_date : seq<kw_date, sp, must<range_from>, sp, must<date_value>, sp, must<range_to>, sp, must<date_value>> {};
struct cond_qty : seq<kw_qty, sp, must<compare_op>, sp, must<condition_value>> {};
struct cond_amount : seq<kw_amount, sp, must<compare_op>, sp, must<condition_value>> {};
struct condition : sor<cond_tier, cond_store, cond_channel, cond_weekday, cond_date, cond_qty, cond_amount> {};
struct when_clause : seq<kw_when, sp, must<condition>, star<sp, kw_and_, sp, must<condition>>> {};

// ---------------------------------------------------------------- earns

struct earn_percent : percent_text, tag_percent {};
struct earn_points : number_text, tag_number {};
struct per_money : number_text, tag_number {};
struct per_full : kw_full, tag_word {};
struct per_unit : kw_unit, tag_word {};
struct per_order : kw_order, tag_word {};
struct per_target : sor<seq<per_full, sp, must<per_money>>, per_unit, per_order, per_money> {};
struct earn_per : kw_per {};
struct earn_points_word : points_word {};
struct earn_by_points : seq<earn_points, sp, must<earn_points_word>, sp, must<earn_per>, sp, must<per_target>> {};
struct earn_basis : sor<kw_subtotal, kw_net>, tag_word {};
struct earn_on : seq<kw_on, sp, must<earn_basis>> {};
struct earn_rate : sor<earn_on, earn_percent, earn_by_points> {};
struct earn_stmt : seq<kw_earn, sp, must<earn_rate>, opt<sp, when_clause>, must<end_of_statement>> {};

// ---------------------------------------------------------------- settings

struct currency_code : identifier, tag_ident {};
struct scale_value : number_text, tag_number {};
struct currency_stmt : seq<kw_currency, sp, must<currency_code>, opt<sp, kw_decimals, sp, must<scale_value>>, must<end_of_statement>> {};
struct decimals_stmt : seq<kw_decimals, sp, must<scale_value>, must<end_of_statement>> {};
struct period_count : number_text, tag_number {};
struct period_unit : sor<kw_days, kw_day, kw_months, kw_month, kw_years, kw_year>, tag_word {};
struct expire_after : kw_after {};
struct points_decimals : seq<kw_decimals, sp, must<scale_value>> {};
struct points_expire : seq<kw_expire, sp, must<expire_after>, sp, must<period_count>, sp, must<period_unit>> {};
struct points_setting : sor<points_decimals, points_expire> {};
struct points_stmt : seq<kw_points, sp, must<points_setting>, must<end_of_statement>> {};
struct rounding_mode : sor<kw_floor, kw_half_up, kw_half_even, kw_ceil>, tag_word {};
struct rounding_stmt : seq<kw_rounding, sp, must<rounding_mode>, must<end_of_statement>> {};
struct utc_offset : seq<one<'+', '-'>, rep<2, digit>, one<':'>, rep<2, digit>>, tag_word {};
struct timezone_stmt : seq<kw_timezone, sp, must<utc_offset>, must<end_of_statement>> {};
struct balance_choice : sor<seq<kw_allow, sp, kw_debt>, seq<kw_stop, sp, kw_at, sp, kw_zero>>, tag_word {};
struct returns_stmt : seq<kw_returns, sp, must<balance_choice>, must<end_of_statement>> {};
struct multiply_base : kw_base {};
struct multiply_by : kw_by {};
struct factor : number_text, tag_number {};
struct multiply_stmt : seq<kw_multiply, sp, must<multiply_base>, sp, must<multiply_by>, sp, must<factor>, opt<sp, when_clause>, must<end_of_statement>> {};

// ---------------------------------------------------------------- tiers

struct tier_id : identifier, tag_ident {};
struct title : string_lit, tag_string {};
struct tier_flag : sor<kw_default_, kw_retired>, tag_word {};
struct tier_open : one<'{'> {};
struct block_close : one<'}'> {};
struct tier_head : seq<kw_tier, sp, must<tier_id>, sp, opt<title, sp>, star<tier_flag, sp>, must<tier_open>> {};
struct threshold : number_text, tag_number {};
struct qualify_when : kw_when {};
struct qualify_spend : kw_spend {};
struct qualify_stmt : seq<kw_qualify, sp, must<qualify_when>, sp, must<qualify_spend>, sp, must<qualify_op>, sp, must<threshold>, must<end_of_statement>> {};
struct retired_stmt : seq<kw_retired, must<end_of_statement>> {};
struct tier_stmt : sor<qualify_stmt, earn_stmt, retired_stmt> {};

template <typename Statement>
struct block_body : seq<star<gap, not_at<one<'}'>>, not_at<eof>, recover<must<Statement>>>, gap> {};
struct tier_item : seq<tier_head, block_body<tier_stmt>, must<block_close>, must<end_of_statement>> {};

// ---------------------------------------------------------------- rules

struct rule_id : identifier, tag_ident {};
struct target_value : string_lit, tag_string {};
struct every_line_word : kw_line {};
struct all_lines_word : sor<kw_lines, kw_line> {};
struct target_every : sor<seq<kw_every, sp, must<every_line_word>>, seq<kw_all, opt<sp, all_lines_word>>>, tag_word {};
struct target_product : kw_product, tag_word {};
struct target_category : kw_category, tag_word {};
struct target_values : seq<must<target_value>, star<sp, one<','>, sp, must<target_value>>> {};
struct rule_target : sor<target_every, seq<target_product, sp, target_values>, seq<target_category, sp, target_values>> {};
struct exclusive_flag : kw_exclusive, tag_word {};
struct rule_open : one<'{'> {};
// Without `on`, a rule applies to every line.
struct rule_head : seq<kw_rule, sp, must<rule_id>, sp, opt<title, sp>, opt<kw_on, sp, must<rule_target>, sp>,
                       opt<exclusive_flag, sp>, must<rule_open>> {};
struct cap_points : number_text, tag_number {};
struct cap_word : points_word {};
struct cap_stmt : seq<kw_cap, sp, must<cap_points>, sp, must<cap_word>, must<end_of_statement>> {};
struct when_stmt : seq<when_clause, must<end_of_statement>> {};
struct rule_stmt : sor<earn_stmt, when_stmt, cap_stmt> {};
struct rule_item : seq<rule_head, block_body<rule_stmt>, must<block_close>, must<end_of_statement>> {};

// ---------------------------------------------------------------- reviews

struct review_every : kw_every {};
struct joined_word : kw_joined, tag_word {};
struct anchor : sor<joined_word, date_value> {};
struct review_open : one<'{'> {};
struct review_head : seq<kw_review, sp, must<review_every>, sp, must<period_count>, sp, must<period_unit>, sp,
                         opt<kw_from, sp, must<anchor>, sp>, must<review_open>> {};
struct review_field : sor<kw_cycle_spend, kw_spend>, tag_word {};
struct review_threshold : number_text, tag_number {};
struct review_condition : seq<kw_when, sp, must<review_field>, sp, must<review_op>, sp, must<review_threshold>> {};
struct review_colon : one<':'> {};
struct demote_target : identifier, tag_ident {};
struct demote_to : kw_to {};
struct spend_by : kw_by {};
struct spend_to : kw_to {};
struct action_amount : number_text, tag_number {};
struct keep_what : sor<kw_tier, kw_spend>, tag_word {};
struct spend_word : kw_spend {};
struct act_keep : seq<kw_keep, sp, must<keep_what>> {};
struct act_demote : seq<kw_demote, sp, must<demote_to>, sp, must<demote_target>> {};
struct act_reduce : seq<kw_reduce, sp, must<spend_word>, sp, must<spend_by>, sp, must<action_amount>> {};
struct act_reset : seq<kw_reset, sp, must<spend_word>, sp, must<spend_to>, sp, must<action_amount>> {};
struct review_action : sor<act_keep, act_demote, act_reduce, act_reset> {};
struct review_line : seq<tier_ref, sp, opt<review_condition, sp>, must<review_colon>, sp, must<review_action>,
                         star<sp, one<','>, sp, must<review_action>>, must<end_of_statement>> {};
struct review_item : seq<review_head, block_body<review_line>, must<block_close>, must<end_of_statement>> {};

// ---------------------------------------------------------------- rewards

struct reward_id : identifier, tag_ident {};
struct reward_open : one<'{'> {};
struct reward_head : seq<kw_reward, sp, must<reward_id>, sp, opt<title, sp>, must<reward_open>> {};
struct money_value : number_text, tag_number {};
struct points_value : number_text, tag_number {};
struct sku_value : string_lit, tag_string {};
struct resale_points_word : points_word {};
struct resale_equals : one<'='> {};
struct resale_stmt : seq<kw_resale, sp, must<points_value>, sp, must<resale_points_word>, sp, must<resale_equals>, sp,
                         must<money_value>, must<end_of_statement>> {};
struct discount_value : sor<earn_percent, money_value> {};
struct on_order : kw_order, tag_word {};
struct on_product : kw_product, tag_word {};
struct cheapest_line_word : kw_line {};
struct on_cheapest : seq<kw_cheapest, sp, must<cheapest_line_word>>, tag_word {};
struct discount_target : sor<on_order, seq<on_product, sp, must<sku_value>>, on_cheapest> {};
struct discount_on : seq<kw_on, sp, must<discount_target>> {};
struct discount_stmt : seq<kw_discount, sp, must<discount_value>, opt<sp, discount_on>, must<end_of_statement>> {};
struct gift_qty : seq<kw_qty, sp, must<points_value>> {};
struct gift_count : number_text, tag_number {};
struct gift_stmt : seq<kw_gift, sp, opt<gift_count, sp>, must<sku_value>, opt<sp, gift_qty>, must<end_of_statement>> {};
struct voucher_stmt : seq<kw_voucher, sp, must<money_value>, must<end_of_statement>> {};
struct cost_word : points_word {};
struct cost_stmt : seq<kw_cost, sp, must<points_value>, sp, must<cost_word>, must<end_of_statement>> {};
struct minimum_stmt : seq<kw_minimum, sp, opt<kw_balance, sp>, must<points_value>, sp, must<cost_word>, must<end_of_statement>> {};
struct step_stmt : seq<kw_step, sp, must<points_value>, sp, must<cost_word>, must<end_of_statement>> {};
struct max_of_order : seq<kw_of, sp, kw_order> {};
struct max_per_order : seq<kw_per, sp, kw_order> {};
struct max_percent : seq<earn_percent, sp, must<max_of_order>> {};
struct max_amount : seq<money_value, opt<sp, max_per_order>> {};
struct max_value : sor<max_percent, max_amount> {};
struct max_stmt : seq<kw_max, sp, must<max_value>, must<end_of_statement>> {};
struct reward_stmt : sor<resale_stmt, discount_stmt, gift_stmt, voucher_stmt, cost_stmt, minimum_stmt, step_stmt,
                         max_stmt, when_stmt> {};
struct reward_item : seq<reward_head, block_body<reward_stmt>, must<block_close>, must<end_of_statement>> {};

// ---------------------------------------------------------------- the policy

struct policy_item : sor<currency_stmt, decimals_stmt, points_stmt, rounding_stmt, timezone_stmt, returns_stmt,
                         earn_stmt, multiply_stmt, tier_item, rule_item, review_item, reward_item> {};
struct policy_name : string_lit, tag_string {};
struct policy_open : one<'{'> {};
struct policy_keyword : kw_policy {};
struct policy_head : seq<must<policy_keyword>, sp, must<policy_name>, sp, must<policy_open>> {};
struct policy_close : one<'}'> {};
struct trailing : eof {};
struct policy_file : seq<opt<utf8::bom>, gap, policy_head, block_body<policy_item>, must<policy_close>, gap,
                         must<trailing>> {};

}  // namespace loyalty::dsl::grammar
