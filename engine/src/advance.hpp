// When a member's next review or expiry falls due (advance.cpp), for callers
// that hold many members and advance only those with something due.
#pragma once

#include <cstdint>
#include <limits>

#include "rule_graph.hpp"

namespace loyalty {

inline constexpr std::int32_t never_due = std::numeric_limits<std::int32_t>::max();

// The local day of the member's next review or expiry; the member's first
// day seen when it has no cycle start yet (0), never_due when nothing will fall due.
std::int32_t next_due_day(const Policy& policy, const Member& member);

}  // namespace loyalty
