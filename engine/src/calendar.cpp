// Calendar arithmetic (docs/time.md).
#include "calendar.hpp"

#include <chrono>

namespace loyalty {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Months since year 0, January = 0.
std::int64_t month_index(Date d) { return std::int64_t{d.year} * 12 + (d.month - 1); }

std::int32_t add_months(Date anchor, std::int64_t months) {
  using namespace std::chrono;
  const std::int64_t m = month_index(anchor) + months;
  const year_month ym{year{static_cast<int>(floor_div(m, 12))}, month{static_cast<unsigned>(m - floor_div(m, 12) * 12 + 1)}};
  const unsigned month_length = static_cast<unsigned>((ym / std::chrono::last).day());
  const unsigned d = std::min(static_cast<unsigned>(anchor.day), month_length);
  return sys_days{ym / day{d}}.time_since_epoch().count();
}

}  // namespace

std::int32_t day_number(Date d) {
  using namespace std::chrono;
  return sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} / day{static_cast<unsigned>(d.day)}}
      .time_since_epoch()
      .count();
}

Date date_of(std::int32_t day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::int64_t local_seconds(const Policy& p, const Timestamp& at) {
  std::int64_t offset_seconds = at.offset_minutes * 60LL;
  if (p.zone) {
    offset_seconds = p.zone->get_info(date::sys_seconds{std::chrono::seconds{at.utc_seconds}}).offset.count();
  } else if (p.has_offset) {
    offset_seconds = p.offset_minutes * 60LL;
  }
  return at.utc_seconds + offset_seconds;
}

std::int32_t local_day(const Policy& p, const Timestamp& at) {
  return static_cast<std::int32_t>(floor_div(local_seconds(p, at), 86400));
}

std::int32_t periods_after(Date anchor, Period period, std::int64_t k) {
  if (period.unit == Period::Unit::days) return static_cast<std::int32_t>(day_number(anchor) + k * period.count);
  return add_months(anchor, k * period.count);
}

std::int64_t cycle_index(Date anchor, Period period, std::int32_t day) {
  // An estimate from the distance in days or months, then corrected.
  std::int64_t k = period.unit == Period::Unit::days ? floor_div(day - day_number(anchor), period.count)
                                                     : floor_div(month_index(date_of(day)) - month_index(anchor), period.count);
  while (periods_after(anchor, period, k) > day) --k;
  while (periods_after(anchor, period, k + 1) <= day) ++k;
  return k;
}

}  // namespace loyalty
