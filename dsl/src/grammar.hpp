// The policy grammar (PEGTL 3.2.7): rules only, each with its production
// or a line of prose. Actions are in parse_actions.hpp (one per rule that
// carries a value or closes a node), error messages in grammar_errors.hpp.
// Every rule that appears under must<> has a message in that table, so a
// syntax error always says what was expected in the merchant's terms.
// docs/language.md holds the same grammar as EBNF; a test keeps their
// keywords in step.
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
  struct kw_##name : kw<TAO_PEGTL_STRING(text)> {};
#include "keywords.def"
#undef LOYALTY_KW

// digits with `_` between them: 5_000_000
struct digits : seq<digit, star<sor<digit, seq<one<'_'>, digit>>>> {};
// A second decimal point (2.000.000, thousands written with dots) is an error with its fix.
struct one_point : not_at<one<'.'>, digit> {};
// -12.50, 5_000_000
struct number_text : seq<opt<one<'-'>>, digits, opt<one<'.'>, digits>, not_at<id_other>, must<one_point>> {};
// 5%, 0.005%
struct percent_text : seq<opt<one<'-'>>, digits, opt<one<'.'>, digits>, one<'%'>> {};
// 14:00, 9:30, 24:00
struct time_text : seq<digit, opt<digit>, one<':'>, rep<2, digit>, not_at<id_other>> {};
// 2026-12-31
struct date_text : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<id_other>> {};

// "text" with \" and \\ escapes, on one line
struct escape : seq<one<'\\'>, one<'"', '\\'>> {};
struct string_char : sor<escape, utf8::not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, must<string_close>> {};

struct points_word : sor<kw_points, kw_point> {};
struct list_open : one<'['> {};
struct list_close : one<']'> {};
struct list_sep : seq<gap, one<','>, gap> {};

// [ Item (, Item)* ]
template <typename Item>
struct list : seq<list_open, gap, opt<Item, star<list_sep, must<Item>>>, gap, must<list_close>> {};

// Comparisons, one rule each: `>=` `>` `<=` `<` `=`
struct op_ge : string<'>', '='> {};
struct op_gt : one<'>'> {};
struct op_le : string<'<', '='> {};
struct op_lt : one<'<'> {};
struct op_eq : one<'='> {};

// ---------------------------------------------------------------- conditions

struct tier_ref : identifier {};               // a tier in a list: GOLD
struct name_ref : sor<string_lit, identifier> {};  // a store or channel: "HN01" or pos
struct day_mon : TAO_PEGTL_KEYWORD("mon") {};
struct day_tue : TAO_PEGTL_KEYWORD("tue") {};
struct day_wed : TAO_PEGTL_KEYWORD("wed") {};
struct day_thu : TAO_PEGTL_KEYWORD("thu") {};
struct day_fri : TAO_PEGTL_KEYWORD("fri") {};
struct day_sat : TAO_PEGTL_KEYWORD("sat") {};
struct day_sun : TAO_PEGTL_KEYWORD("sun") {};
// mon | tue | wed | thu | fri | sat | sun
struct weekday_name : sor<day_mon, day_tue, day_wed, day_thu, day_fri, day_sat, day_sun> {};
struct compare_op : sor<op_ge, op_le, op_gt, op_lt, op_eq> {};

struct in_kw : kw_in {};
struct tier_list : list<tier_ref> {};
struct name_list : list<name_ref> {};
struct weekday_list : list<weekday_name> {};
struct date_value : date_text {};    // a date where one is expected
struct range_from : kw_from {};
struct range_to : kw_to {};
struct date_first : date_value {};   // date from FIRST ...
struct date_last : date_value {};    // ... to LAST
struct condition_value : number_text {};
struct time_first : time_text {};    // time from FIRST ...
struct time_last : time_text {};     // ... to LAST
struct birthday_month : kw_month {};
struct first_order_word : kw_order {};
struct member_orders : kw_orders {};
struct member_spend : kw_spend {};
struct member_field : sor<member_orders, member_spend> {};
struct total_qty : kw_qty {};
struct total_amount : kw_amount {};
struct total_field : sor<total_qty, total_amount> {};

// tier in [T, ...] | store in [S, ...] | channel in [C, ...] | weekday in [D, ...]
// | date from DATE to DATE | time from HH:MM to HH:MM | qty OP N | amount OP M
// | birthday [month] | first order | member (orders | spend) OP N | total (qty | amount) OP N
struct cond_tier : seq<kw_tier, sp, must<in_kw>, sp, must<tier_list>> {};
struct cond_store : seq<kw_store, sp, must<in_kw>, sp, must<name_list>> {};
struct cond_channel : seq<kw_channel, sp, must<in_kw>, sp, must<name_list>> {};
struct cond_weekday : seq<kw_weekday, sp, must<in_kw>, sp, must<weekday_list>> {};
struct cond_date : seq<kw_date, sp, must<range_from>, sp, must<date_first>, sp, must<range_to>, sp, must<date_last>> {};
struct cond_qty : seq<kw_qty, sp, must<compare_op>, sp, must<condition_value>> {};
struct cond_amount : seq<kw_amount, sp, must<compare_op>, sp, must<condition_value>> {};
struct cond_time : seq<kw_time, sp, must<range_from>, sp, must<time_first>, sp, must<range_to>, sp, must<time_last>> {};
struct cond_birthday : seq<kw_birthday, opt<sp, birthday_month>> {};
struct cond_first_order : seq<kw_first, sp, must<first_order_word>> {};
struct cond_member : seq<kw_member, sp, must<member_field>, sp, must<compare_op>, sp, must<condition_value>> {};
struct cond_total : seq<kw_total, sp, must<total_field>, sp, must<compare_op>, sp, must<condition_value>> {};
struct condition : sor<cond_tier, cond_store, cond_channel, cond_weekday, cond_date, cond_qty, cond_amount, cond_time,
                       cond_birthday, cond_first_order, cond_member, cond_total> {};
// when CONDITION (and CONDITION)*
struct when_clause : seq<kw_when, sp, must<condition>, star<sp, kw_and_, sp, must<condition>>> {};

// ---------------------------------------------------------------- earns

struct earn_percent : percent_text {};  // earn 5%
struct earn_points : number_text {};    // earn N points ...
struct per_money : number_text {};      // ... per AMOUNT
struct per_full_money : number_text {}; // ... per full AMOUNT
struct per_unit : kw_unit {};
struct per_order : kw_order {};
struct per_target : sor<seq<kw_full, sp, must<per_full_money>>, per_unit, per_order, per_money> {};
struct earn_per : kw_per {};
struct earn_points_word : points_word {};
struct earn_by_points : seq<earn_points, sp, must<earn_points_word>, sp, must<earn_per>, sp, must<per_target>> {};
struct basis_subtotal : kw_subtotal {};
struct basis_net : kw_net {};
struct earn_basis : sor<basis_subtotal, basis_net> {};
struct earn_on : seq<kw_on, sp, must<earn_basis>> {};
struct earn_rate : sor<earn_on, earn_percent, earn_by_points> {};
// earn (P% | N points per (unit | order | full M | M) | on (subtotal | net)) [when]
struct earn_stmt : seq<kw_earn, sp, must<earn_rate>, opt<sp, when_clause>, must<end_of_statement>> {};
// The same statement in each place it may stand: each has its own action.
struct policy_earn : earn_stmt {};
struct tier_earn : earn_stmt {};
struct rule_earn : earn_stmt {};

// ---------------------------------------------------------------- settings

struct currency_code : identifier {};
struct scale_value : number_text {};
struct currency_decimals : scale_value {};
// currency CODE [decimals N]
struct currency_stmt : seq<kw_currency, sp, must<currency_code>, opt<sp, kw_decimals, sp, must<currency_decimals>>, must<end_of_statement>> {};
// decimals N
struct decimals_stmt : seq<kw_decimals, sp, must<scale_value>, must<end_of_statement>> {};
struct period_count : number_text {};
struct unit_days : sor<kw_days, kw_day> {};
struct unit_months : sor<kw_months, kw_month> {};
struct unit_years : sor<kw_years, kw_year> {};
struct period_unit : sor<unit_days, unit_months, unit_years> {};
struct expire_after : kw_after {};
struct points_scale : number_text {};
// points decimals N | points expire after N UNIT
struct points_decimals : seq<kw_decimals, sp, must<points_scale>> {};
struct points_expire : seq<kw_expire, sp, must<expire_after>, sp, must<period_count>, sp, must<period_unit>> {};
struct points_setting : sor<points_decimals, points_expire> {};
struct points_stmt : seq<kw_points, sp, must<points_setting>, must<end_of_statement>> {};
// rounding (floor | half_up | half_even | ceil)
struct round_floor : kw_floor {};
struct round_half_up : kw_half_up {};
struct round_half_even : kw_half_even {};
struct round_ceil : kw_ceil {};
struct rounding_mode : sor<round_floor, round_half_up, round_half_even, round_ceil> {};
struct rounding_stmt : seq<kw_rounding, sp, must<rounding_mode>, must<end_of_statement>> {};
// timezone (+HH:MM | ZONE), ZONE an IANA name such as Asia/Ho_Chi_Minh
struct utc_offset : seq<one<'+', '-'>, rep<2, digit>, one<':'>, rep<2, digit>> {};
struct zone_name : seq<alpha, star<sor<alnum, one<'/', '_', '-', '+'>>>> {};
struct timezone_value : sor<utc_offset, zone_name> {};
struct timezone_stmt : seq<kw_timezone, sp, must<timezone_value>, must<end_of_statement>> {};
// returns (allow debt | stop at zero)
struct allow_debt : seq<kw_allow, sp, kw_debt> {};
struct stop_at_zero : seq<kw_stop, sp, kw_at, sp, kw_zero> {};
struct balance_choice : sor<allow_debt, stop_at_zero> {};
struct returns_stmt : seq<kw_returns, sp, must<balance_choice>, must<end_of_statement>> {};
// multiply (base | all | rule ID (, ID)*) by N [when]
struct multiply_base : kw_base {};
struct multiply_all : kw_all {};
struct multiplied_rule : identifier {};
struct multiply_rules : seq<kw_rule, sp, must<multiplied_rule>, star<sp, one<','>, sp, must<multiplied_rule>>> {};
struct multiply_scope : sor<multiply_base, multiply_all, multiply_rules> {};
struct multiply_by : kw_by {};
struct factor : number_text {};
struct multiply_stmt : seq<kw_multiply, sp, must<multiply_scope>, sp, must<multiply_by>, sp, must<factor>, opt<sp, when_clause>, must<end_of_statement>> {};

// ---------------------------------------------------------------- tiers

struct tier_id : identifier {};
struct title : string_lit {};  // the display name after an id
struct tier_default : kw_default_ {};
struct tier_retired : kw_retired {};
struct tier_flag : sor<tier_default, tier_retired> {};
struct tier_open : one<'{'> {};
struct block_close : one<'}'> {};
// tier ID [TITLE] (default | retired)* {
struct tier_head : seq<kw_tier, sp, must<tier_id>, sp, opt<title, sp>, star<tier_flag, sp>, must<tier_open>> {};
struct threshold : number_text {};
struct qualify_when : kw_when {};
struct qualify_spend : kw_spend {};
struct qualify_op : sor<op_ge, op_gt> {};
// qualify when spend (> | >=) AMOUNT
struct qualify_stmt : seq<kw_qualify, sp, must<qualify_when>, sp, must<qualify_spend>, sp, must<qualify_op>, sp, must<threshold>, must<end_of_statement>> {};
// retired (as a statement in the block)
struct retired_stmt : seq<kw_retired, must<end_of_statement>> {};
struct tier_stmt : sor<qualify_stmt, tier_earn, retired_stmt> {};

// Statements until the closing `}`; a statement with a syntax error is
// reported and skipped (recover.hpp), and the block goes on.
template <typename Statement>
struct block_body : seq<star<gap, not_at<one<'}'>>, not_at<eof>, recover<must<Statement>>>, gap> {};

// A line that can only start a policy item. Inside a tier, rule, review or
// reward block it means the block's `}` is missing: the block ends there
// (unclosed_block says so) and the item is read as what it is.
struct item_start : sor<seq<sor<kw_tier, kw_rule, kw_reward>, sp, identifier>, seq<kw_review, sp, kw_every>, kw_currency,
                        kw_decimals, seq<kw_points, sp, sor<kw_decimals, kw_expire>>, kw_rounding, kw_timezone, kw_returns,
                        kw_multiply, kw_exclude> {};
template <typename Statement>
struct inner_body : seq<star<gap, not_at<one<'}'>>, not_at<eof>, not_at<item_start>, recover<must<Statement>>>, gap> {};
struct unclosed_block : at<item_start> {};
// } | (before a policy item: the `}` is missing)
struct block_end : sor<seq<block_close, must<end_of_statement>>, unclosed_block> {};
struct tier_item : seq<tier_head, inner_body<tier_stmt>, must<block_end>> {};

// ---------------------------------------------------------------- rules

struct rule_id : identifier {};
struct target_value : string_lit {};  // a quoted SKU or category path
struct every_line_word : kw_line {};
struct all_lines_word : sor<kw_lines, kw_line> {};
struct target_every : sor<seq<kw_every, sp, must<every_line_word>>, seq<kw_all, opt<sp, all_lines_word>>> {};
struct target_values : seq<must<target_value>, star<sp, one<','>, sp, must<target_value>>> {};
struct target_products : seq<kw_product, sp, target_values> {};
struct target_categories : seq<kw_category, sp, target_values> {};
// exclude (product "SKU" (, "SKU")* | category "Path" (, "Path")*)
struct exclude_products : seq<kw_product, sp, target_values> {};
struct exclude_categories : seq<kw_category, sp, target_values> {};
struct exclude_target : sor<exclude_products, exclude_categories> {};
struct exclude_stmt : seq<kw_exclude, sp, must<exclude_target>, must<end_of_statement>> {};
// every line | all [lines] | product "SKU" (, "SKU")* | category "Path" (, "Path")*
struct rule_target : sor<target_every, target_products, target_categories> {};
struct exclusive_flag : kw_exclusive {};
struct rule_open : one<'{'> {};
// rule ID [TITLE] [on TARGET] [exclusive] {   (without `on`, every line)
struct rule_head : seq<kw_rule, sp, must<rule_id>, sp, opt<title, sp>, opt<kw_on, sp, must<rule_target>, sp>,
                       opt<exclusive_flag, sp>, must<rule_open>> {};
struct cap_points : number_text {};
struct cap_word : points_word {};
struct cap_member : kw_member {};
struct cap_per : kw_per {};
struct cap_day : kw_day {};
struct cap_week : kw_week {};
struct cap_month : kw_month {};
struct cap_year : kw_year {};
struct cap_period : sor<cap_day, cap_week, cap_month, cap_year> {};
// per member per (day | week | month | year)
struct per_member : seq<kw_per, sp, must<cap_member>, sp, must<cap_per>, sp, must<cap_period>> {};
// cap N points [per member per PERIOD]
struct cap_stmt : seq<kw_cap, sp, must<cap_points>, sp, must<cap_word>, opt<sp, per_member>, must<end_of_statement>> {};
// when ... on a line of its own, in a rule or a reward
struct when_stmt : seq<when_clause, must<end_of_statement>> {};
struct rule_when : when_stmt {};
struct rule_stmt : sor<rule_earn, rule_when, cap_stmt> {};
struct rule_item : seq<rule_head, inner_body<rule_stmt>, must<block_end>> {};

// ---------------------------------------------------------------- reviews

struct review_every : kw_every {};
struct from_joined : kw_joined {};
struct from_date : date_value {};
struct anchor : sor<from_joined, from_date> {};
struct review_open : one<'{'> {};
struct review_count : period_count {};
// review every N UNIT [from (joined | DATE)] {
struct review_head : seq<kw_review, sp, must<review_every>, sp, must<review_count>, sp, must<period_unit>, sp,
                         opt<kw_from, sp, must<anchor>, sp>, must<review_open>> {};
struct field_cycle_spend : kw_cycle_spend {};
struct field_spend : kw_spend {};
struct review_field : sor<field_cycle_spend, field_spend> {};
struct review_op : sor<op_le, op_lt> {};
struct review_threshold : number_text {};
// when (cycle_spend | spend) (< | <=) AMOUNT
struct review_condition : seq<kw_when, sp, must<review_field>, sp, must<review_op>, sp, must<review_threshold>> {};
struct review_colon : one<':'> {};
struct demote_target : identifier {};
struct demote_to : kw_to {};
struct spend_by : kw_by {};
struct spend_to : kw_to {};
struct reduce_amount : number_text {};
struct reset_amount : number_text {};
struct keep_tier : kw_tier {};
struct keep_spend : kw_spend {};
struct keep_what : sor<keep_tier, keep_spend> {};
struct spend_word : kw_spend {};
// keep (tier | spend) | demote to TIER | reduce spend by AMOUNT | reset spend to AMOUNT
struct act_keep : seq<kw_keep, sp, must<keep_what>> {};
struct act_demote : seq<kw_demote, sp, must<demote_to>, sp, must<demote_target>> {};
struct act_reduce : seq<kw_reduce, sp, must<spend_word>, sp, must<spend_by>, sp, must<reduce_amount>> {};
struct act_reset : seq<kw_reset, sp, must<spend_word>, sp, must<spend_to>, sp, must<reset_amount>> {};
struct review_action : sor<act_keep, act_demote, act_reduce, act_reset> {};
struct reviewed_tier : identifier {};
// TIER [when ...] : ACTION (, ACTION)*
struct review_line : seq<reviewed_tier, sp, opt<review_condition, sp>, must<review_colon>, sp, must<review_action>,
                         star<sp, one<','>, sp, must<review_action>>, must<end_of_statement>> {};
struct review_item : seq<review_head, inner_body<review_line>, must<block_end>> {};

// ---------------------------------------------------------------- rewards

struct reward_id : identifier {};
struct reward_open : one<'{'> {};
// reward ID [TITLE] {
struct reward_head : seq<kw_reward, sp, must<reward_id>, sp, opt<title, sp>, must<reward_open>> {};
struct money_value : number_text {};   // an amount of money where one is expected
struct points_value : number_text {};  // a number of points where one is expected
struct sku_value : string_lit {};      // a quoted SKU where one is expected
struct resale_points : points_value {};
struct resale_money : money_value {};
struct resale_points_word : points_word {};
struct resale_equals : one<'='> {};
// resale N point(s) = M
struct resale_stmt : seq<kw_resale, sp, must<resale_points>, sp, must<resale_points_word>, sp, must<resale_equals>, sp,
                         must<resale_money>, must<end_of_statement>> {};
struct discount_percent : percent_text {};
struct discount_amount : money_value {};
struct discount_value : sor<discount_percent, discount_amount> {};
struct on_order : kw_order {};
struct on_product : kw_product {};
struct discount_sku : sku_value {};
struct cheapest_line_word : kw_line {};
struct on_cheapest : seq<kw_cheapest, sp, must<cheapest_line_word>> {};
struct on_category : kw_category {};
struct discount_category : string_lit {};
struct discount_target : sor<on_order, seq<on_product, sp, must<discount_sku>>, on_cheapest,
                             seq<on_category, sp, must<discount_category>>> {};
struct discount_on : seq<kw_on, sp, must<discount_target>> {};
// discount (P% | M) [on (order | product "SKU" | cheapest line | category "Path")]
struct discount_stmt : seq<kw_discount, sp, must<discount_value>, opt<sp, discount_on>, must<end_of_statement>> {};
struct gift_qty_value : points_value {};
struct gift_qty : seq<kw_qty, sp, must<gift_qty_value>> {};
struct gift_count : number_text {};
struct gift_sku : sku_value {};
struct gift_choice : sku_value {};
struct one_of_word : kw_of {};
// one of "SKU" (, "SKU")*
struct gift_one_of : seq<kw_one, sp, must<one_of_word>, sp, must<gift_choice>, star<sp, one<','>, sp, must<gift_choice>>> {};
// gift ([N] "SKU" | one of "SKU", ...) [qty N]
struct gift_stmt : seq<kw_gift, sp, sor<gift_one_of, seq<opt<gift_count, sp>, must<gift_sku>>>, opt<sp, gift_qty>, must<end_of_statement>> {};
struct voucher_percent : percent_text {};
struct voucher_amount : money_value {};
struct voucher_value : sor<voucher_percent, voucher_amount> {};
// voucher (M | P%)
struct voucher_stmt : seq<kw_voucher, sp, must<voucher_value>, must<end_of_statement>> {};
struct cost_word : points_word {};
struct cost_value : points_value {};
struct minimum_value : points_value {};
struct step_value : points_value {};
// cost N points | minimum [balance] N points | step N points
struct cost_stmt : seq<kw_cost, sp, must<cost_value>, sp, must<cost_word>, must<end_of_statement>> {};
struct minimum_stmt : seq<kw_minimum, sp, opt<kw_balance, sp>, must<minimum_value>, sp, must<cost_word>, must<end_of_statement>> {};
struct step_stmt : seq<kw_step, sp, must<step_value>, sp, must<cost_word>, must<end_of_statement>> {};
struct max_of_order : seq<kw_of, sp, kw_order> {};
struct max_per_order : seq<kw_per, sp, kw_order> {};
struct max_percent_value : percent_text {};
struct max_amount_value : money_value {};
struct max_percent : seq<max_percent_value, sp, must<max_of_order>> {};
struct max_amount : seq<max_amount_value, opt<sp, max_per_order>> {};
struct max_value : sor<max_percent, max_amount> {};
// max P% of order | max M [per order]
struct max_stmt : seq<kw_max, sp, must<max_value>, must<end_of_statement>> {};
struct reward_when : when_stmt {};
struct reward_stmt : sor<resale_stmt, discount_stmt, gift_stmt, voucher_stmt, cost_stmt, minimum_stmt, step_stmt,
                         max_stmt, reward_when> {};
struct reward_item : seq<reward_head, inner_body<reward_stmt>, must<block_end>> {};

// ---------------------------------------------------------------- the policy

struct policy_item : sor<currency_stmt, decimals_stmt, points_stmt, rounding_stmt, timezone_stmt, returns_stmt,
                         exclude_stmt, policy_earn, multiply_stmt, tier_item, rule_item, review_item, reward_item> {};
struct policy_name : string_lit {};
struct policy_open : one<'{'> {};
struct policy_keyword : kw_policy {};
// policy "NAME" {
struct policy_head : seq<must<policy_keyword>, sp, must<policy_name>, sp, must<policy_open>> {};
struct policy_close : one<'}'> {};
struct trailing : eof {};
// [BOM] policy "NAME" { ITEM* }
struct policy_file : seq<opt<utf8::bom>, gap, policy_head, block_body<policy_item>, must<policy_close>, gap,
                         must<trailing>> {};

}  // namespace loyalty::dsl::grammar
