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

// A date's text, YYYY-MM-DD, written into `out` (10 bytes) digit by digit:
// member states and journals write many. False, with nothing written, for a
// year beyond 0 to 9999 or a month or day beyond two digits.
inline bool date_digits(const Date& d, char* out) {
  if (d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 99 || d.day < 0 || d.day > 99) return false;
  const auto put = [](char* to, int value, int width) {
    for (int k = width - 1; k >= 0; --k, value /= 10) to[k] = static_cast<char>('0' + value % 10);
  };
  put(out, d.year, 4);
  out[4] = '-';
  put(out + 5, d.month, 2);
  out[7] = '-';
  put(out + 8, d.day, 2);
  return true;
}

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
