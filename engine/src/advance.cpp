// Time (spec section 5, docs/time.md): before anything happens to a member
// at time t, every review and expiry that fell due at or before t is
// applied, oldest first; a review and an expiry due the same day run review
// first. Both happen at 00:00 of their day in the policy's local time.
#include <algorithm>

#include <fmt/format.h>

#include "advance.hpp"
#include "calendar.hpp"
#include "lots.hpp"
#include "loyalty/dsl/decimal.hpp"
#include "settle.hpp"

namespace loyalty {

namespace {

constexpr std::int32_t never = never_due;

// The end of a cycle: the line for the member's tier, then cycle_spend
// restarts. Spend is reduced never below zero; a reset sets it.
void review(const Policy& p, Member& m, std::uint32_t tier, std::int32_t day, std::vector<TimeEvent>* events) {
  const std::optional<CompiledReviewLine>& line = p.review->by_tier[tier];
  const Money spend_before = m.spend, cycle_spend = m.cycle_spend;
  bool ran = false;
  if (line) {
    const Money measured = line->on_cycle_spend ? m.cycle_spend : m.spend;
    ran = !line->has_condition || compare(measured.units, line->op, line->threshold.units);
  }
  if (ran) {
    if (line->demote_to) m.tier = p.tiers[*line->demote_to].id;
    switch (line->spend_action) {
      case CompiledReviewLine::SpendAction::keep:
        break;
      case CompiledReviewLine::SpendAction::reduce:  // never below zero
        m.spend = Money{std::max<std::int64_t>(0, checked_sub(m.spend.units, line->spend_amount.units).value_or(0))};
        break;
      case CompiledReviewLine::SpendAction::reset:
        m.spend = line->spend_amount;
        break;
    }
  }
  m.cycle_spend = {};
  m.cycle_start = date_of(day);
  if (events) {
    TimeEvent e{.kind = TimeEvent::Kind::review, .date = date_of(day), .actions_ran = ran};
    e.tier_before = p.tiers[tier].id;
    e.tier_after = tier_id(p, m);
    e.spend_before = spend_before;
    e.spend_after = m.spend;
    e.cycle_spend = cycle_spend;
    events->push_back(std::move(e));
  }
}

std::int32_t expiry_day(const Policy& p, const Lot& lot) { return periods_after(lot.earned, *p.expiry, 1); }

// The review after the cycle that began on `cycle_start`; anchored on the
// join date, the first review is one period after joining.
std::int32_t review_day(const CompiledReview& r, Date anchor, Date cycle_start) {
  std::int64_t k = cycle_index(anchor, r.every, day_number(cycle_start));
  if (!r.from) k = std::max<std::int64_t>(k, 0);
  return periods_after(anchor, r.every, k + 1);
}

}  // namespace

DueDays next_due_days(const Policy& p, const Member& m) {
  DueDays due;
  if (p.review) {
    if (!m.cycle_start || (!p.review->from && !m.joined)) return {.next = 0};
    due.review = review_day(*p.review, p.review->from ? *p.review->from : *m.joined, *m.cycle_start);
  }
  due.next = due.review;
  if (p.expiry && !m.lots.empty()) due.next = std::min(due.next, expiry_day(p, m.lots.front()));
  return due;
}

std::optional<Refusal> advance(const Policy& p, Member& m, const Timestamp& at, std::vector<TimeEvent>* events) {
  // A caller's lots, as advance_to expects them; not for a tier it refuses, which leaves the member as it was.
  if (p.expiry && tier_of(p, m)) normalize(m.lots, m.points);
  DueDays due;
  return advance_to(p, m, at, events, nullptr, due);
}

std::optional<Refusal> advance_to(const Policy& p, Member& m, const Timestamp& at, std::vector<TimeEvent>* events,
                                  const DueDays* known, DueDays& due) {
  due = {};
  const bool without_dates = !p.expiry && !m.lots.empty();  // without expiry, no point has a date: the lots go
  if (!p.review && !p.expiry) {
    if (without_dates) m.lots.clear();
    return std::nullopt;
  }
  // The tier is checked before anything changes: a refusal leaves the member as it was.
  const auto tier = tier_of(p, m);
  if (!tier) return Refusal{RefusalCode::unknown_tier, fmt::format("the policy has no tier `{}`", m.tier), "$.member.tier"};
  if (without_dates) m.lots.clear();
  const std::int32_t today = local_day(p, at);

  // Without a cycle start, the member's cycles are counted from the day they
  // joined (every review since is due); without a join date either, from
  // today, which becomes their join date when reviews count from it.
  Date anchor;
  if (p.review) {
    if (!m.cycle_start) {
      if (!m.joined && !p.review->from) m.joined = date_of(today);
      const std::int32_t first = m.joined ? day_number(*m.joined) : today;
      const Date a = p.review->from ? *p.review->from : *m.joined;
      m.cycle_start = date_of(p.review->from ? periods_after(a, p.review->every, cycle_index(a, p.review->every, first)) : first);
    }
    if (!p.review->from && !m.joined) m.joined = m.cycle_start;
    anchor = p.review->from ? *p.review->from : *m.joined;
  }

  std::uint32_t current = *tier;
  // The next review moves only when one runs (it starts the next cycle); expiries leave it.
  std::int32_t next_review = never;
  if (p.review) next_review = known && known->review != never ? known->review : review_day(*p.review, anchor, *m.cycle_start);
  for (;;) {
    const std::int32_t next_expiry = p.expiry && !m.lots.empty() ? expiry_day(p, m.lots.front()) : never;
    const std::int32_t soonest = std::min(next_review, next_expiry);
    if (soonest > today) {
      due = {.next = soonest, .review = next_review};  // what next_due_days() would work out again
      break;
    }
    if (next_review <= next_expiry) {
      review(p, m, current, next_review, events);
      current = *tier_of(p, m);
      next_review = review_day(*p.review, anchor, *m.cycle_start);
    } else {
      const Lot lot = m.lots.front();
      m.lots.erase(m.lots.begin());
      m.points = Points{m.points.units - lot.points.units};  // lots never exceed the balance
      if (events) {
        events->push_back({.kind = TimeEvent::Kind::expiry,
                           .date = date_of(next_expiry),
                           .earned = lot.earned,
                           .points = lot.points,
                           .balance_after = m.points});
      }
    }
  }
  return std::nullopt;
}

}  // namespace loyalty
