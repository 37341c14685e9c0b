// The decision for one order: points earned and spent, money taken off,
// the member's new state, and a trace explaining every point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/amount.hpp"
#include "loyalty/member.hpp"

namespace loyalty {

struct Discount {
  std::string reward;
  Money amount;
};

struct Gift {
  std::string reward;
  std::string sku;
  std::int64_t qty = 0;
};

struct VoucherIssue {
  std::string reward;
  std::int64_t qty = 0;
};

// One step of the explanation, as data: what applied (or was skipped, and
// why), indices into the compiled policy, and the numbers. explain.hpp
// turns an entry into words; the JSON decision carries both.
struct TraceEntry {
  enum class Kind : std::uint8_t {
    rule,        // a rule on a line: `subject` rule, `detail` its earn
    cap,         // a rule's points were capped: `subject` rule, `before_cap` what it earned; with event
                 // `member_cap`, by its cap per member over time (`count`: what it had given in the period)
    base,        // the base earn on the lines no exclusive rule took: `subject` tier
    multiplier,  // a multiplier that held: `subject` multiplier; on a line, for rule `detail`, else for the base earn
    order_earn,  // a per-order earn: `subject` order earn
    redemption,  // a reward redeemed or a held voucher used: `subject` reward, `count` how many
    tier,        // the member's tier: `subject` the tier now, `detail` the tier before
    balance,     // the balance was stopped at zero
    reversal,    // a returned line: `count` units of its sale taken back (or why today's rules apply instead)
    excluded,    // a line that earns nothing: `subject` the exclusion that lists it
  };
  // Why an entry did not apply (`none`: it applied).
  enum class Skip : std::uint8_t {
    none,
    taken_over,         // a rule on a line: exclusive rule `detail` already ended the line
    condition_not_met,  // a rule or order earn: condition `detail` does not hold
    nothing_paid,       // an order earn on an order with nothing paid
    no_reference,       // a returned line that names no sale: today's rules reverse it
    sale_unknown,       // a returned line whose sale's figures are unknown: today's rules reverse it
  };
  // What a redemption or tier entry records.
  enum class Event : std::uint8_t {
    none,
    reward_redeemed,    // points spent on a reward (resale, discount, gift, voucher applied now)
    voucher_to_wallet,  // vouchers bought into the wallet
    voucher_used,       // held vouchers used on this order
    retired_tier,       // the member's tier is retired: the order earns nothing
    tier_moved,         // spend moved the member to another tier
    member_cap,         // a cap per member over time trimmed a rule's points
  };

  Kind kind = Kind::rule;
  Skip skip = Skip::none;
  Event event = Event::none;
  int line = -1;              // the 0-based order line, or -1 for the whole order
  std::uint32_t subject = 0;  // index of the rule, tier, multiplier, order earn or reward (by kind)
  std::uint32_t detail = 0;   // the earn, failed condition, exclusive rule or earlier tier (by kind)
  Points points;              // signed: a return takes points back
  Money amount;               // the money the points were computed on, or taken off
  std::int64_t count = 0;     // redemption: vouchers or gift units
  Points before_cap;          // cap: the rule's points before the cap
};

// What bringing a member up to a time did (docs/time.md): a review at the
// end of a cycle, or a lot of points that expired.
struct TimeEvent {
  enum class Kind : std::uint8_t { review, expiry };
  Kind kind = Kind::review;
  Date date;  // the day it fell due; it happens at 00:00 local time
  // A review: whether the line for the member's tier ran its actions, and what changed.
  bool actions_ran = false;
  std::string tier_before, tier_after;
  Money spend_before, spend_after;
  Money cycle_spend;  // the cycle's spend, now restarted at zero
  // An expiry: the lot's date and its points, which left the balance.
  Date earned;
  Points points;
  Points balance_after;
};

// One change to a member, for the journal (journal.hpp, docs/time.md).
struct JournalEntry {
  enum class Kind : std::uint8_t {
    join,       // a member joined (field `joined`)
    earn,       // points earned (or taken back by a return): reason = rule id, `base`, or the order earn
    spend,      // points spent on a reward: reason = reward id
    expire,     // a lot of points expired: reason = the day they were earned
    review,     // a review line ran (tier, spend) or a cycle ended (cycle_spend): reason = the tier reviewed
    tier,       // an order moved the member to another tier: reason = `spend` or `retired tier`
    voucher,    // vouchers issued to or used from the wallet (field `vouchers.ID`): reason = reward id
    order,      // an order's spend, cycle_spend, total_spent and count
    recompute,  // `loyalty recompute` set a field: reason = what it recomputed from
    cap,        // a rule capped per member counted points (field `caps.RULE`, "N since DATE"): reason = rule id
    rejected,   // an event that was refused and skipped (nothing changed): reason = the refusal's message
  };
  std::string member;
  std::string at;  // the event's time, or the day a review or expiry fell due
  Kind kind = Kind::order;
  std::string field;  // points, spend, cycle_spend, total_spent, orders, tier, joined, vouchers.ID, caps.RULE
  std::string old_value, new_value;
  std::string reason;
  std::string order;  // the order's id, when an order made the change
};

struct Decision {
  Points earned;  // signed: a return takes points back
  Points spent;   // points spent on redemptions
  Money paid;     // the order's net total
  std::string tier_before;
  std::string tier_after;
  Member member;  // the state after the order
  std::vector<Discount> discounts;
  std::vector<Gift> gifts;
  std::vector<VoucherIssue> vouchers;
  Points points_not_taken_back;      // with `returns stop at zero`: what the balance could not cover
  std::vector<TimeEvent> caught_up;  // reviews and expiry that fell due before the order, in order (always reported)
  // What each order line earned (rules and its share of the base earn;
  // negative for a return), for a later return that names this sale.
  std::vector<Points> line_points;
  std::vector<JournalEntry> journal;  // with EvalOptions::journal: every change this decision makes
  std::vector<TraceEntry> trace;
};

}  // namespace loyalty
