// Member settlement and tier placement (spec sections 3 and 5).
#include "settle.hpp"

#include <algorithm>

#include "calendar.hpp"
#include "lots.hpp"

namespace loyalty {

std::optional<Refusal> settle_member(const Policy& p, Member& m, const Settlement& s, Points& not_taken_back, Trace* trace) {
  // Every sum is checked before anything changes, so that a refusal leaves the member as it was.
  Checked checked;
  const Site where{Site::Kind::member};
  Points balance = checked.add(checked.sub(m.points, s.spent, where), s.earned, where);
  const Money spend = checked.add(m.spend, s.paid, where), cycle_spend = checked.add(m.cycle_spend, s.paid, where),
              total_spent = checked.add(m.total_spent, s.paid, where);
  const std::int64_t orders = checked.add(m.orders, 1, where);
  for (std::size_t i = 0; i < s.wallet.size(); ++i) {  // each voucher's count after the changes up to this one
    const std::string& reward = p.rewards[s.wallet[i].reward].id;
    const auto held = m.vouchers.find(reward);
    std::int64_t count = held == m.vouchers.end() ? 0 : held->second;
    for (std::size_t j = 0; j <= i; ++j)
      if (s.wallet[j].reward == s.wallet[i].reward) count = checked.add(count, s.wallet[j].delta, where);
  }
  if (checked.overflowed()) return overflow_refusal(p, checked);
  m.spend = spend;
  m.cycle_spend = cycle_spend;
  m.total_spent = total_spent;
  m.orders = orders;
  for (const WalletChange& change : s.wallet) {
    auto [held, fresh] = m.vouchers.try_emplace(p.rewards[change.reward].id, 0);
    held->second += change.delta;  // checked above
    if (held->second == 0) m.vouchers.erase(held);
  }

  not_taken_back = {};
  if (balance < Points{} && p.negative_balance == NegativeBalance::stop_at_zero && s.earned < Points{}) {
    not_taken_back = Points{-balance.units};
    if (trace) trace->push_back({.kind = TraceEntry::Kind::balance, .points = balance});
    balance = {};
  }
  m.points = balance;

  // Lots: a return that names its sale takes back from the lot of the sale's
  // day, any other return from the newest lots; what was spent leaves the
  // oldest lots (after any undated points); what was earned beyond paying a
  // debt is a new lot.
  if (p.expiry) {
    Points earned = s.earned;  // less the named returns, which are settled here
    for (const DatedTakeBack& r : s.reversals) {
      take_from_day(m.lots, date_of(r.day), r.points);
      earned = Points{earned.units + r.points.units};
    }
    if (earned < Points{}) take_newest(m.lots, Points{-earned.units});
    const Points fresh = earned > Points{} ? std::min(earned, std::max(balance, Points{})) : Points{};
    // The lots never hold more than the balance (normalize, and each change
    // here): only a spend or a take-back can leave them above what is kept,
    // and an order without either skips the walk over every lot.
    if (s.spent > Points{} || earned < Points{} || !s.reversals.empty()) trim_oldest(m.lots, Points{balance.units - fresh.units});
    add_lot(m.lots, date_of(s.day), fresh);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> tier_of(const Policy& p, const Member& member) {
  if (member.tier.empty()) return p.default_tier;
  const std::uint32_t* index = p.tier_index.find(member.tier);
  if (!index) return std::nullopt;
  return *index;
}

}  // namespace loyalty
