// Replay: events in time order against members carried along.
#include "loyalty/replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "advance.hpp"
#include "calendar.hpp"
#include "settle.hpp"

namespace loyalty {

namespace {

bool reverses_line(const Line& l) { return l.qty < 0 && l.returns && l.returns->points && l.returns->qty > 0; }

}  // namespace

Replay::Replay(PolicyPtr policy, bool journal) : policy_(std::move(policy)), journaling_(journal) {}

bool Replay::add_member(Member member) {
  std::string id = member.id;
  const std::int32_t due = next_due_day(*policy_, member);
  auto [slot, fresh] = members_.try_emplace(std::move(id));
  if (!fresh) return false;
  slot->second.member = std::move(member);
  slot->second.next_due = due;
  return true;
}

Replay::Result Replay::rejected(const std::string& member, const std::string& at, const std::string& order, std::string why) {
  ++totals_.rejected;
  if (journaling_) journal_.push_back({member, at, JournalEntry::Kind::rejected, "", "", "", why, order});
  return {Outcome::rejected, std::move(why)};
}

void Replay::count(const std::vector<TimeEvent>& events) {
  for (const TimeEvent& e : events) {
    if (e.kind == TimeEvent::Kind::review) {
      ++totals_.reviews;
    } else {
      ++totals_.expiries;
      totals_.expired = Points{totals_.expired.units + e.points.units};
    }
  }
}

void Replay::catch_up(Slot& slot, const Timestamp& at) {
  const Policy& p = *policy_;
  if (slot.next_due > local_day(p, at)) return;
  events_.clear();
  Member before;
  if (journaling_) before = slot.member;
  // The member's tier was checked when it entered the replay; advance() cannot refuse it now.
  if (advance(p, slot.member, at, &events_)) return;
  count(events_);
  if (journaling_) {
    if (!before.joined && slot.member.joined) {
      const std::string day = to_string(*slot.member.joined);
      journal_.push_back({slot.member.id, day, JournalEntry::Kind::join, "joined", "", day, "first seen", ""});
    }
    journal_time(p, before, events_, journal_);
  }
  slot.next_due = next_due_day(p, slot.member);
}

Replay::Result Replay::apply(const Event& e) {
  const Policy& p = *policy_;
  ++totals_.events;
  const Timestamp& at = e.type == Event::Type::order ? e.order.at : e.at;
  if (at.utc_seconds < last_at_) {
    return {Outcome::stop, "the event is earlier than the one before it; events must be in time order"};
  }
  last_at_ = at.utc_seconds;

  switch (e.type) {
    case Event::Type::clock:
      ++totals_.clocks;
      advance_all(at);
      return {};

    case Event::Type::join: {
      if (members_.contains(e.member)) return rejected(e.member, to_string(at), "", fmt::format("`{}` has already joined", e.member));
      ++totals_.joins;
      Member m;
      m.id = e.member;
      m.joined = date_of(local_day(p, at));
      if (auto refused = advance(p, m, at)) return rejected(e.member, to_string(at), "", refused->message);
      if (journaling_) {
        const std::string day = to_string(*m.joined);
        journal_.push_back({m.id, day, JournalEntry::Kind::join, "joined", "", day, "join", ""});
      }
      add_member(std::move(m));
      return {};
    }

    case Event::Type::order:
      break;
  }

  auto found = members_.find(e.member);
  if (found == members_.end()) {
    return rejected(e.member, to_string(at), e.order.id, fmt::format("no member `{}` has joined", e.member));
  }
  Slot& slot = found->second;
  auto sale = [&](const std::string& id) -> Sale* {
    for (Sale& s : slot.recent)
      if (!s.id.empty() && s.id == id) return &s;
    return nullptr;
  };
  if (sale(e.order.id)) {
    return rejected(e.member, to_string(at), e.order.id, fmt::format("order `{}` was already posted", e.order.id));
  }

  // A returned line that names one of the member's recent orders takes back
  // what is left of that sale's line.
  const Order* order = &e.order;
  bool looked_up = false;
  for (const Line& l : e.order.lines) looked_up = looked_up || (l.qty < 0 && l.returns && !l.returns->points);
  if (looked_up) {
    order_ = e.order;
    for (Line& l : order_.lines) {
      if (l.qty >= 0 || !l.returns || l.returns->points) continue;
      const Sale* s = sale(l.returns->order);
      if (!s || l.returns->line >= s->lines.size()) continue;
      l.returns->qty = s->lines[l.returns->line].first;
      l.returns->points = s->lines[l.returns->line].second;
      if (l.returns->qty <= 0) l.returns->points.reset();  // nothing left to return
    }
    order = &order_;
  }

  const EvalOptions options{.trace = journaling_};
  if (auto refused = evaluate_into(p, slot.member, *order, e.redeem, options, decision_)) {
    return rejected(e.member, to_string(at), e.order.id, fmt::format("{}: {}", name(refused->code), refused->message));
  }
  ++totals_.orders;
  count(decision_.caught_up);
  if (decision_.earned > Points{}) {
    totals_.issued = Points{totals_.issued.units + decision_.earned.units};
  } else {
    totals_.taken_back = Points{totals_.taken_back.units - decision_.earned.units};
  }
  totals_.redeemed = Points{totals_.redeemed.units + decision_.spent.units};
  if (journaling_) journal_decision(p, slot.member, *order, e.redeem, decision_, journal_);
  std::swap(slot.member, decision_.member);
  // What each return took back leaves its sale; this order is remembered.
  for (std::size_t i = 0; i < order->lines.size(); ++i) {
    const Line& l = order->lines[i];
    if (!reverses_line(l)) continue;
    if (Sale* s = sale(l.returns->order); s && l.returns->line < s->lines.size()) {
      auto& [qty, points] = s->lines[l.returns->line];
      qty += l.qty;
      points = Points{points.units + decision_.line_points[i].units};
    }
  }
  Sale& remembered = slot.recent[slot.next_recent];
  remembered.id = e.order.id;
  remembered.lines.clear();
  for (std::size_t i = 0; i < order->lines.size(); ++i) remembered.lines.emplace_back(order->lines[i].qty, decision_.line_points[i]);
  slot.next_recent = static_cast<std::uint8_t>((slot.next_recent + 1) % remembered_orders);
  slot.next_due = next_due_day(p, slot.member);
  return {};
}

void Replay::advance_all(const Timestamp& at) {
  // By id, so that the journal's order does not depend on the hash table.
  std::vector<std::pair<const std::string*, Slot*>> due;
  const std::int32_t today = local_day(*policy_, at);
  for (auto& [id, slot] : members_)
    if (slot.next_due <= today) due.emplace_back(&id, &slot);
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
  for (auto& [id, slot] : due) catch_up(*slot, at);
}

std::vector<const Member*> Replay::members() const {
  std::vector<const Member*> out;
  out.reserve(members_.size());
  for (const auto& [id, slot] : members_) out.push_back(&slot.member);
  std::sort(out.begin(), out.end(), [](const Member* a, const Member* b) { return a->id < b->id; });
  return out;
}

}  // namespace loyalty
