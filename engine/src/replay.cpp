// Replay: events in time order against members carried along.
#include "loyalty/replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "advance.hpp"
#include "calendar.hpp"
#include "eval_context.hpp"
#include "lots.hpp"
#include "settle.hpp"

namespace loyalty {

namespace {

// An order id's hash for Slot::recent_hash: never 0, which marks no order.
std::uint32_t order_hash(std::string_view id) { return static_cast<std::uint32_t>(std::hash<std::string_view>{}(id)) | 1u; }

// An entry of the member index: the id's hash in the high half, the slot + 1
// in the low half (0: empty). A probe compares the hash first, so it reads
// a slot (a cache miss: members lie scattered) only for the member it is after.
constexpr std::uint64_t slot_bits = 0xffff'ffff;
std::uint64_t id_hash(std::string_view id) { return std::hash<std::string_view>{}(id); }
std::uint64_t hash_bits(std::uint64_t hash) { return hash & ~slot_bits; }
std::size_t slot_of(std::uint64_t entry) { return static_cast<std::size_t>(entry & slot_bits) - 1; }

// Asks for every cache line of the n bytes at p.
void prefetch_bytes(const void* p, std::size_t n) {
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  for (std::uintptr_t line = begin & ~std::uintptr_t{63}; line < begin + n; line += 64)
    __builtin_prefetch(reinterpret_cast<const void*>(line));
}

// Puts `entry` in the first free place of `index` from its id's hash on.
void place(std::vector<std::uint64_t>& index, std::uint64_t hash, std::uint64_t entry) {
  const std::size_t mask = index.size() - 1;
  std::size_t i = hash & mask;
  while (index[i] != 0) i = (i + 1) & mask;
  index[i] = entry;
}

// A chunk of slots' memory: 2 MiB aligned to 2 MiB. On Linux it is mapped
// for itself and marked for a huge page, except the first chunk, so that a
// small replay (a test, a fuzzer's input) touches a few small pages, not 2 MiB.
// Mapped, not taken from malloc: once a process has freed a large block,
// malloc serves the next from its heap, in pages already touched small, and
// a second replay in the process got no huge pages (4% slower).
void* allocate_chunk(std::size_t bytes, bool huge) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Twice the size, then what lies outside the aligned middle is given back.
  void* mapped = mmap(nullptr, 2 * bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto begin = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (begin + bytes - 1) & ~(std::uintptr_t{bytes} - 1);
  if (aligned > begin) munmap(mapped, aligned - begin);
  if (const std::uintptr_t tail = begin + 2 * bytes - (aligned + bytes)) munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  if (huge) madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // a hint: without it, small pages
  return reinterpret_cast<void*>(aligned);
#else
  (void)huge;
  return ::operator new(bytes, std::align_val_t{bytes});
#endif
}

void free_chunk(void* chunk, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  munmap(chunk, bytes);
#else
  ::operator delete(chunk, std::align_val_t{bytes});
#endif
}

}  // namespace

Replay::Slots::~Slots() {
  for (std::size_t i = 0; i < size_; ++i) (*this)[i].~Slot();
  for (Slot* chunk : chunks_) free_chunk(chunk, chunk_bytes);
}

Replay::Slot& Replay::Slots::emplace_back() {
  if (size_ == chunks_.size() * per_chunk) {
    chunks_.reserve(chunks_.size() + 1);  // before the chunk, which would leak if this threw
    chunks_.push_back(static_cast<Slot*>(allocate_chunk(chunk_bytes, !chunks_.empty())));
  }
  Slot* slot = new (&chunks_.back()[size_ % per_chunk]) Slot();
  ++size_;
  return *slot;
}

Replay::Replay(PolicyPtr policy, bool journal, bool trace) : policy_(std::move(policy)), journaling_(journal), tracing_(trace) {}

template <typename Match>
Replay::Slot* Replay::probe(std::string_view id, Match&& match) {
  if (index_.empty()) return nullptr;
  const std::uint64_t h = id_hash(id);
  const std::size_t mask = index_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint64_t entry = index_[i];
    if (entry == 0) return nullptr;
    if (hash_bits(entry) != hash_bits(h)) continue;
    Slot& slot = slots_[slot_of(entry)];
    if (match(slot)) return &slot;
  }
}

Replay::Slot* Replay::find(std::string_view id) {
  return probe(id, [id](const Slot& slot) { return slot.member.id == id; });
}

Replay::Slot* Replay::insert(const std::string& id) {
  if ((slots_.size() + 1) * 2 > index_.size()) {  // at most half full
    std::vector<std::uint64_t> bigger(std::max<std::size_t>(64, index_.size() * 2), 0);
    for (const std::uint64_t entry : index_)
      if (entry != 0) place(bigger, id_hash(slots_[slot_of(entry)].member.id), entry);
    index_.swap(bigger);
  }
  Slot& slot = slots_.emplace_back();
  slot.member.id = id;
  const std::uint64_t h = id_hash(id);
  place(index_, h, hash_bits(h) | slots_.size());  // the slot + 1
  return &slot;
}

// Asks for the member and the slot's bookkeeping up to its recent orders:
// what every order and catch-up reads.
void Replay::fetch_member(const Slot& slot) {
  prefetch_bytes(&slot, static_cast<std::size_t>(reinterpret_cast<const char*>(&slot.recent) - reinterpret_cast<const char*>(&slot)));
}

void Replay::prefetch(const Event& upcoming) {
  ahead_ = nullptr;
  if (upcoming.type != Event::Type::order) return;
  // The index alone (no member read): the first entry with the id's hash is,
  // all but surely, the member; a wrong guess costs a fetch, nothing else.
  ahead_ = probe(upcoming.member, [](const Slot&) { return true; });
  if (ahead_) fetch_member(*ahead_);
}

// The member prefetch() named has arrived while apply() applied the event
// before it: what the member points to is asked for now (its lots, and the
// remembered order its next order replaces), not one after another by the next apply().
void Replay::fetch_ahead() {
  next_ = std::exchange(ahead_, nullptr);  // the member of the event apply() takes next
  const Slot* next = next_;
  if (!next) return;
  if (!next->member.lots.empty()) {
    __builtin_prefetch(next->member.lots.data());
    __builtin_prefetch(&next->member.lots.back());
  }
  prefetch_bytes(&next->recent[next->next_recent], sizeof(Sale));  // the remembered order its order replaces, with its first lines
}

const Member* Replay::member(std::string_view id) const {
  const Slot* slot = const_cast<Replay*>(this)->find(id);  // find() changes nothing
  return slot ? &slot->member : nullptr;
}

Replay::Added Replay::add_member(Member member) {
  if (find(member.id)) return Added::already_there;
  if (slots_.size() >= max_members_) return Added::over_limit;
  Slot* slot = insert(member.id);
  normalize(member.lots, member.points);
  slot->member = std::move(member);
  slot->next_due = never_due;
  schedule(*slot);
  return Added::added;
}

void Replay::schedule(Slot& slot, const DueDays* due) {
  // The due days depend on these alone (next_due_days): most orders change none of them.
  const Member& m = slot.member;
  const std::optional<Date> first_lot = m.lots.empty() ? std::nullopt : std::optional<Date>(m.lots.front().earned);
  if (!due && slot.review_current() && slot.due_from.first_lot == first_lot) return;
  slot.due_known = true;
  slot.due_from = {m.cycle_start, m.joined, first_lot};
  const DueDays days = due ? *due : next_due_days(*policy_, slot.member);
  slot.next_review = days.review;
  const std::int32_t next = days.next;
  if (next == slot.next_due) return;
  slot.next_due = next;
  if (next == never_due) return;
  auto [day, added] = due_.try_emplace(next);
  if (added && !spare_lists_.empty()) {
    day->second = std::move(spare_lists_.back());
    spare_lists_.pop_back();
  }
  day->second.push_back(&slot);
}

Replay::Result Replay::rejected(const std::string& member, const std::string& at, const std::string& order, std::string why) {
  ++totals_.rejected;
  if (journaling_) journal_.push_back({member, at, JournalEntry::Kind::rejected, "", "", "", why, order});
  return {Outcome::rejected, std::move(why)};
}

void Replay::count(std::span<const TimeEvent> events) {
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
  std::optional<Member> before;
  if (journaling_) before = slot.member;
  // The member's tier was checked when it entered the replay, and its lots
  // then (add_member), which the engine keeps so: advance_to cannot refuse it now.
  const DueDays known{.next = slot.next_due, .review = slot.next_review};
  DueDays due;
  const std::size_t first = step_events_.size();  // this member's follow the step's others
  if (advance_to(p, slot.member, at, &step_events_, slot.review_current() ? &known : nullptr, due)) return;
  const std::span<const TimeEvent> events(step_events_.begin() + static_cast<std::ptrdiff_t>(first), step_events_.end());
  count(events);
  if (journaling_) {
    if (!before->joined && slot.member.joined) {
      const std::string day = to_string(*slot.member.joined);
      journal_.push_back({slot.member.id, day, JournalEntry::Kind::join, "joined", "", day, "first seen", ""});
    }
    journal_time(p, *before, events, journal_);
  }
  schedule(slot, &due);
}

Replay::Result Replay::apply(const Event& e) {
  Result r = apply_event(e);
  fetch_ahead();
  return r;
}

Replay::Result Replay::apply_event(const Event& e) {
  const Policy& p = *policy_;
  ++totals_.events;
  step_events_.clear();
  Slot* const guessed = std::exchange(next_, nullptr);
  const Timestamp& at = e.type == Event::Type::order ? e.order.at : e.at;
  if (at.utc_seconds < last_at_) {
    return {Outcome::stop, "the event is earlier than the one before it; events must be in time order", {}, "$.at"};
  }
  last_at_ = at.utc_seconds;

  switch (e.type) {
    case Event::Type::clock:
      ++totals_.clocks;
      advance_all(at);
      return {};

    case Event::Type::join: {
      if (find(e.member)) return rejected(e.member, to_string(at), "", fmt::format("`{}` has already joined", e.member));
      if (slots_.size() >= max_members_) {
        return {Outcome::stop,
                fmt::format("`{}` would be member {}: a replay holds at most {} members (the limit)", e.member, slots_.size() + 1,
                            max_members_),
                {},
                "$.member"};
      }
      ++totals_.joins;
      Member m;
      m.id = e.member;
      m.joined = date_of(local_day(p, at));
      m.birthday = e.birthday;
      if (auto refused = advance(p, m, at)) return rejected(e.member, to_string(at), "", refused->message);
      if (journaling_) {
        const std::string day = to_string(*m.joined);
        journal_.push_back({m.id, day, JournalEntry::Kind::join, "joined", "", day, "join", ""});
        if (m.birthday)
          journal_.push_back({m.id, day, JournalEntry::Kind::join, "birthday", "", to_string(*m.birthday), "join", ""});
      }
      add_member(std::move(m));
      return {};
    }

    case Event::Type::order:
      break;
  }

  // The member prefetch() found for this event, when it is (else looked up again).
  Slot* found = guessed && guessed->member.id == e.member ? guessed : find(e.member);
  if (!found) return rejected(e.member, to_string(at), e.order.id, fmt::format("no member `{}` has joined", e.member));
  Slot& slot = *found;
  // One of the member's recent orders by its id and the id's order_hash.
  auto sale = [&](const std::string& id, std::uint32_t hash) -> Sale* {
    if (id.empty()) return nullptr;  // an order without an id is never a duplicate, nor named by a return
    for (std::size_t k = 0; k < remembered_orders; ++k)
      if (slot.recent_hash[k] == hash && slot.recent[k].id == id) return &slot.recent[k];
    return nullptr;
  };
  const std::uint32_t order_id_hash = order_hash(e.order.id);  // for the duplicate check, then to remember the order
  if (sale(e.order.id, order_id_hash)) {
    return rejected(e.member, to_string(at), e.order.id, fmt::format("order `{}` was already posted", e.order.id));
  }

  // A returned line that names one of the member's recent orders takes back
  // what is left of that sale's line.
  const Order* order = &e.order;
  // Figures the event gives are kept; the history fills in the others.
  auto missing = [](const Line& l) { return l.qty < 0 && l.returns && (!l.returns->points || !l.returns->at); };
  if (std::any_of(e.order.lines.begin(), e.order.lines.end(), missing)) {
    order_ = e.order;
    for (Line& l : order_.lines) {
      if (!missing(l)) continue;
      Sale* s = sale(l.returns->order, order_hash(l.returns->order));
      if (!s || l.returns->line >= s->line_count) continue;
      if (!l.returns->at) l.returns->at = s->at;
      if (l.returns->points) continue;
      l.returns->qty = s->line(l.returns->line).first;
      l.returns->points = s->line(l.returns->line).second;
      if (l.returns->qty <= 0) l.returns->points.reset();  // nothing left to return
    }
    order = &order_;
  }

  const EvalOptions options{.trace = journaling_ || tracing_, .journal = journaling_};
  // Nothing falls due before the member's next due day (kept by schedule()):
  // then the catch-up would change nothing, and its date arithmetic is skipped.
  const bool nothing_due = slot.next_due > local_day(p, at) && (p.expiry || slot.member.lots.empty());
  // Without a trace or journal, which read the member before and after, the
  // member is settled where it is rather than in a copy.
  const bool in_place = nothing_due && !options.trace && !options.journal;
  std::optional<Refusal> refused;
  if (in_place) {
    refused = evaluate_in_place(p, slot.member, *order, e.redeem, options, decision_);
  } else {
    refused = (nothing_due ? evaluate_nothing_due : evaluate_into)(p, slot.member, *order, e.redeem, options, decision_);
  }
  if (refused) {
    Result r = rejected(e.member, to_string(at), e.order.id, fmt::format("{}: {}", name(refused->code), refused->message));
    r.code = refused->code;
    return r;
  }
  ++totals_.orders;
  count(decision_.caught_up);
  step_events_ = decision_.caught_up;
  if (decision_.earned > Points{}) {
    totals_.issued = Points{totals_.issued.units + decision_.earned.units};
  } else {
    totals_.taken_back = Points{totals_.taken_back.units - decision_.earned.units};
  }
  totals_.redeemed = Points{totals_.redeemed.units + decision_.spent.units};
  if (journaling_) journal_.insert(journal_.end(), decision_.journal.begin(), decision_.journal.end());
  if (!in_place) std::swap(slot.member, decision_.member);
  // What each return took back leaves its sale; this order is remembered.
  for (std::size_t i = 0; i < order->lines.size(); ++i) {
    const Line& l = order->lines[i];
    if (!reverses_sale(l)) continue;
    if (Sale* s = sale(l.returns->order, order_hash(l.returns->order)); s && l.returns->line < s->line_count) {
      auto& [qty, points] = s->line(l.returns->line);
      qty += l.qty;
      points = Points{points.units + decision_.line_points[i].units};
    }
  }
  Sale& remembered = slot.recent[slot.next_recent];
  slot.recent_hash[slot.next_recent] = order_id_hash;
  remembered.id = e.order.id;
  remembered.at = e.order.at;
  remembered.line_count = order->lines.size();
  remembered.far.resize(order->lines.size() - std::min(order->lines.size(), Sale::near_lines));
  for (std::size_t i = 0; i < order->lines.size(); ++i) remembered.line(i) = {order->lines[i].qty, decision_.line_points[i]};
  slot.next_recent = static_cast<std::uint8_t>((slot.next_recent + 1) % remembered_orders);
  schedule(slot);
  return {};
}

void Replay::advance_all(const Timestamp& at) {
  // The members with something due. With the journal, by id, so that its
  // order does not depend on the hash table; without it the order changes
  // nothing (each member's catch-up is its own, the totals are sums).
  const std::int32_t today = local_day(*policy_, at);
  due_now_.clear();
  while (!due_.empty() && due_.begin()->first <= today) {
    auto day = due_.extract(due_.begin());
    // Stale entries too: they are told apart below, where the members are fetched ahead.
    for (Slot* slot : day.mapped()) due_now_.emplace_back(day.key(), slot);
    day.mapped().clear();
    spare_lists_.push_back(std::move(day.mapped()));
  }
  if (journaling_) {
    std::sort(due_now_.begin(), due_now_.end(),
              [](const auto& a, const auto& b) { return a.second->member.id < b.second->member.id; });
  }
  // Members lie scattered in memory: each is asked for a few catch-ups
  // ahead, and what it points to (its lots) a few after that.
  constexpr std::size_t member_ahead = 8, lots_ahead = 4;
  for (std::size_t k = 0; k < due_now_.size(); ++k) {
    if (k + member_ahead < due_now_.size()) fetch_member(*due_now_[k + member_ahead].second);
    if (k + lots_ahead < due_now_.size()) {
      const std::vector<Lot>& lots = due_now_[k + lots_ahead].second->member.lots;
      if (!lots.empty()) __builtin_prefetch(lots.data());
    }
    const auto [day, slot] = due_now_[k];
    // An entry whose day is no longer its slot's is stale; a slot queued
    // twice for one day is caught up once (after that its next due day is later).
    if (slot->next_due != day) continue;
    catch_up(*slot, at);  // schedules it again, for a later day
  }
}

std::vector<const Member*> Replay::members() const {
  std::vector<const Member*> out;
  out.reserve(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) out.push_back(&slots_[i].member);
  std::sort(out.begin(), out.end(), [](const Member* a, const Member* b) { return a->id < b->id; });
  return out;
}

}  // namespace loyalty
