// Replay (spec section 7, docs/time.md): a stream of events in time order
// (`join`, `order` with redemptions, `clock`) against a set of members, with
// the member carried from event to event exactly as evaluate() would carry
// it, producing the final states and the journal. The caller reads the
// stream; a Replay holds only the members (memory grows with members, not
// with events).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loyalty/journal.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty {

struct DueDays;

struct Event {
  enum class Type : std::uint8_t { join, order, clock };
  Type type = Type::order;
  std::string member;  // join, order
  Timestamp at;        // join, clock; an order's time is order.at
  Order order;
  std::vector<Redemption> redeem;
  std::optional<MonthDay> birthday;  // join: the member's birthday, when given
};

struct ReplayTotals {
  std::int64_t events = 0, joins = 0, orders = 0, clocks = 0, rejected = 0;
  std::int64_t reviews = 0, expiries = 0;
  Points issued;      // points earned by orders (returns' take-backs not subtracted)
  Points taken_back;  // points returns took back
  Points redeemed;    // points spent on rewards
  Points expired;
};

class Replay {
 public:
  enum class Outcome : std::uint8_t {
    applied,
    rejected,  // refused and skipped: the member is unchanged and the journal says why
    stop,      // the stream cannot go on (an event out of time order)
  };
  struct Result {
    Outcome outcome = Outcome::applied;
    std::string message;              // why, when not applied
    std::optional<RefusalCode> code;  // the engine's refusal, when it refused an order
    std::string path;                 // the event's field that stopped the run ($.at, $.member)
  };

  // `journal`: keep the journal; `trace`: keep each decision's trace (for
  // last_decision(), as scenario tests and coverage read it).
  Replay(PolicyPtr policy, bool journal, bool trace = false);

  // The most members a replay holds (a member takes about 3 KB): a join
  // past it stops the run, naming the limit, before memory runs out.
  // set_max_members() changes it, up to hard_max_members (the index's reach).
  static constexpr std::size_t default_max_members = 10'000'000;
  static constexpr std::size_t hard_max_members = 4'000'000'000;
  void set_max_members(std::size_t n) { max_members_ = std::min(n, hard_max_members); }
  std::size_t max_members() const { return max_members_; }

  // A starting member state: added, or not because the id is already
  // there or the replay holds max_members() already.
  enum class Added : std::uint8_t { added, already_there, over_limit };
  Added add_member(Member member);
  Result apply(const Event& event);
  // A hint from a caller that reads one event ahead: `upcoming` is the event
  // it applies after the next one. Members lie scattered in memory, and a
  // replay spends much of its time waiting for them; this asks for the
  // upcoming order's member now, so that it has arrived by its turn. It
  // changes nothing: the results are the same with or without it.
  void prefetch(const Event& upcoming);
  // Every member's reviews and expiry up to `at` (`--at`).
  void advance_all(const Timestamp& at);

  // Entries since the last call (empty unless journaling); the caller writes them out.
  std::vector<JournalEntry>& journal() { return journal_; }
  const ReplayTotals& totals() const { return totals_; }
  // What the last event did: the decision of an applied order, and every
  // review and expiry it (or a clock) applied. The decision's `member` is
  // kept with the trace or the journal; without them the replay settles its
  // member in place and the decision's is stale: member(id) has it.
  const Decision& last_decision() const { return decision_; }
  const std::vector<TimeEvent>& last_time_events() const { return step_events_; }
  const Member* member(std::string_view id) const;
  // The members, by id.
  std::vector<const Member*> members() const;

 private:
  // One of a member's recent orders: its id (for duplicates) and, per line,
  // what is left to return: units and points (for returns that name it).
  struct Sale {
    using Left = std::pair<std::int64_t, Points>;
    static constexpr std::size_t near_lines = 8;
    std::string id;
    Timestamp at;
    std::size_t line_count = 0;
    // The first lines inside the slot (a usual order: found with the member,
    // not through a pointer of its own, a cache miss more), the rest beyond.
    std::array<Left, near_lines> near{};
    std::vector<Left> far;
    Left& line(std::size_t i) { return i < near_lines ? near[i] : far[i - near_lines]; }
  };
  static constexpr std::size_t remembered_orders = 8;
  struct Slot {
    Member member;
    std::int32_t next_due = 0;     // the first day a review or expiry falls due
    std::int32_t next_review = 0;  // the day of the next review (its catch-up takes it, not works it out again)
    // What next_due and next_review were worked out from (schedule() skips the work when none changed).
    struct DueFrom {
      std::optional<Date> cycle_start, joined, first_lot;
    } due_from;
    bool due_known = false;
    // Whether next_review is still the member's: worked out since its cycle start and join date last changed.
    bool review_current() const {
      return due_known && due_from.cycle_start == member.cycle_start && due_from.joined == member.joined;
    }
    // The recent orders' id hashes (0: none), checked before their ids: a
    // duplicate check then reads one cache line, not eight strings.
    std::uint32_t recent_hash[remembered_orders] = {};
    std::uint8_t next_recent = 0;
    Sale recent[remembered_orders];
  };
  // Recompute next_due and next_review (or take `due`, found by the catch-up), and queue the slot when next_due moved.
  void schedule(Slot& slot, const DueDays* due = nullptr);
  Result rejected(const std::string& member, const std::string& at, const std::string& order, std::string why);
  void catch_up(Slot& slot, const Timestamp& at);
  Result apply_event(const Event& event);  // apply() less the prefetching
  void count(std::span<const TimeEvent> events);

  PolicyPtr policy_;
  bool journaling_ = false;
  bool tracing_ = false;
  // The members, in chunks of 2 MiB that never move (`due_` points at
  // them), each of which the kernel may back with one huge page: a replay
  // of many members then takes a page fault per 2 MiB, not per 4 KiB (the
  // faults were most of the fifth of `loyalty replay` spent in the kernel).
  class Slots {
   public:
    static constexpr std::size_t chunk_bytes = std::size_t{2} << 20;
    static constexpr std::size_t per_chunk = chunk_bytes / sizeof(Slot);
    static_assert(per_chunk > 0);
    Slots() = default;
    Slots(Slots&& other) noexcept : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {}
    Slots& operator=(Slots&& other) noexcept {
      std::swap(chunks_, other.chunks_);
      std::swap(size_, other.size_);
      return *this;
    }
    ~Slots();
    std::size_t size() const { return size_; }
    Slot& operator[](std::size_t i) { return chunks_[i / per_chunk][i % per_chunk]; }
    const Slot& operator[](std::size_t i) const { return chunks_[i / per_chunk][i % per_chunk]; }
    Slot& emplace_back();  // a new empty slot at the end

   private:
    std::vector<Slot*> chunks_;
    std::size_t size_ = 0;
  };
  // And an open-addressing index of them by id (each entry the id's hash and
  // the slot, replay.cpp; 0 is empty).
  Slots slots_;
  std::vector<std::uint64_t> index_;
  std::size_t max_members_ = default_max_members;
  Slot* find(std::string_view id);
  // The first slot from the id's place in the index whose entry has the id's hash and that `match` takes.
  template <typename Match>
  Slot* probe(std::string_view id, Match&& match);
  Slot* insert(const std::string& id);  // an id not there yet (add_member looks first)
  Slot* ahead_ = nullptr;  // prefetch()'s member, whose buffers fetch_ahead() asks for
  Slot* next_ = nullptr;   // then the member of the event apply() takes next, as prefetch() guessed it (the id is checked)
  void fetch_ahead();
  static void fetch_member(const Slot& slot);
  // Members by the day something next falls due, the soonest first (a
  // list per day: a catch-up queues its member without sorting it among all
  // the others); an entry whose day is no longer its slot's is stale and skipped.
  std::map<std::int32_t, std::vector<Slot*>> due_;
  std::vector<std::vector<Slot*>> spare_lists_;  // emptied days' lists, reused
  std::vector<std::pair<std::int32_t, Slot*>> due_now_;  // advance_all's, reused
  std::vector<JournalEntry> journal_;
  ReplayTotals totals_;
  std::int64_t last_at_ = INT64_MIN;
  Decision decision_;  // reused: no allocation per order once grown
  std::vector<TimeEvent> step_events_;
  Order order_;  // an order event with its returns' figures filled in from the history
};

}  // namespace loyalty
