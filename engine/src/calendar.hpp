// Calendar arithmetic for reviews and expiry (docs/time.md): days are
// numbered from 1970-01-01 in the policy's local time; a period of months
// keeps its anchor's day of the month, clamped to the month's length, and
// every cycle is counted from the anchor (never from the previous clamped
// date, so a cycle anchored on the 31st does not drift to the 28th).
#pragma once

#include <cstdint>

#include "rule_graph.hpp"

namespace loyalty {

std::int32_t day_number(Date date);
Date date_of(std::int32_t day);

// The local date of `at`: in the policy's zone, else its fixed offset, else
// the offset the timestamp was written with.
std::int32_t local_day(const Policy& policy, const Timestamp& at);
// The same local time as seconds since 1970-01-01T00:00 local.
std::int64_t local_seconds(const Policy& policy, const Timestamp& at);

// The day `k` periods after `anchor` (k may be negative).
std::int32_t periods_after(Date anchor, Period period, std::int64_t k);

// The cycle that contains `day`, for cycles of `period` counted from
// `anchor` in both directions: cycle k is [periods_after(k), periods_after(k + 1)).
std::int64_t cycle_index(Date anchor, Period period, std::int32_t day);

}  // namespace loyalty
