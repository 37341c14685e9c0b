// When a member's next review or expiry falls due (advance.cpp), for callers
// that hold many members and advance only those with something due.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>

#include "rule_graph.hpp"

namespace loyalty {

inline constexpr std::int32_t never_due = std::numeric_limits<std::int32_t>::max();

// A member's next due days (local days): `next`, of its next review or
// expiry (0 when it has no cycle start yet: its first day seen is due), and
// `review`, of its next review alone (never_due without reviews or a cycle start).
struct DueDays {
  std::int32_t next = never_due;
  std::int32_t review = never_due;
};
DueDays next_due_days(const Policy& policy, const Member& member);

// advance() for a member whose lots are as the engine writes them (advance()
// first brings a caller's lots to that, normalize(); a replay keeps its
// members so), which also gives the member's due days after it, as
// next_due_days() would give them (found on the way, not worked out again).
// `known`, when given, is next_due_days() of the member as it is (a replay
// keeps it): its review day is then taken, not worked out again.
std::optional<Refusal> advance_to(const Policy& policy, Member& member, const Timestamp& at, std::vector<TimeEvent>* events,
                                  const DueDays* known, DueDays& due);

// evaluate_into without the catch-up, for a caller that knows it would change
// nothing: the order's local day is before next_due_days().next, the member's lots
// are as the engine writes them, and there are none without expiry (Replay,
// which keeps each member's next due day, skips the date arithmetic so).
std::optional<Refusal> evaluate_nothing_due(const Policy& policy, const Member& member, const Order& order,
                                            std::span<const Redemption> redemptions, const EvalOptions& options,
                                            Decision& out);

// evaluate_nothing_due settling `member` itself, where evaluate_nothing_due
// settles a copy in `out.member` (left as it was here), and writing no
// journal: for a caller that holds the member and wants its next state, not
// two. A refusal leaves `member` as it was.
std::optional<Refusal> evaluate_in_place(const Policy& policy, Member& member, const Order& order,
                                         std::span<const Redemption> redemptions, const EvalOptions& options, Decision& out);

}  // namespace loyalty
