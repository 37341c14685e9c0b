#include "lots.hpp"

#include <algorithm>
#include <limits>

#include "loyalty/dsl/decimal.hpp"

namespace loyalty {

void trim_oldest(std::vector<Lot>& lots, Points keep) {
  const std::int64_t limit = std::max<std::int64_t>(keep.units, 0);
  std::int64_t held = 0;  // saturating: a caller's lots may sum beyond 64 bits
  for (const Lot& l : lots) held = checked_add(held, l.points.units).value_or(std::numeric_limits<std::int64_t>::max());
  std::size_t gone = 0;
  while (held > limit && gone < lots.size()) {
    Lot& oldest = lots[gone];
    const std::int64_t take = std::min(oldest.points.units, held - limit);
    oldest.points = Points{oldest.points.units - take};
    held -= take;
    if (oldest.points == Points{}) ++gone;
  }
  lots.erase(lots.begin(), lots.begin() + static_cast<std::ptrdiff_t>(gone));
}

void normalize(std::vector<Lot>& lots, Points balance) {
  // One pass to see whether anything needs doing (the lots the engine writes never do).
  bool valid = true;
  std::int64_t held = 0;
  for (std::size_t i = 0; i < lots.size() && valid; ++i) {
    const auto sum = checked_add(held, lots[i].points.units);
    valid = lots[i].points > Points{} && (i == 0 || lots[i - 1].earned < lots[i].earned) && sum && *sum <= balance.units;
    held = sum.value_or(0);
  }
  if (valid) return;
  std::vector<Lot> given;
  given.swap(lots);
  for (const Lot& l : given) add_lot(lots, l.earned, l.points);
  trim_oldest(lots, balance);
}

void take_newest(std::vector<Lot>& lots, Points points) {
  std::int64_t left = points.units;
  while (left > 0 && !lots.empty()) {
    Lot& newest = lots.back();
    const std::int64_t take = std::min(newest.points.units, left);
    newest.points = Points{newest.points.units - take};
    left -= take;
    if (newest.points == Points{}) lots.pop_back();
  }
}

void take_from_day(std::vector<Lot>& lots, Date day, Points points) {
  auto at = std::lower_bound(lots.begin(), lots.end(), day, [](const Lot& l, Date d) { return l.earned < d; });
  if (at == lots.end() || at->earned != day || points <= Points{}) return;
  at->points = Points{at->points.units - std::min(at->points.units, points.units)};
  if (at->points == Points{}) lots.erase(at);
}

void add_lot(std::vector<Lot>& lots, Date day, Points points) {
  if (points <= Points{}) return;
  // A member earns a lot a day with orders: room for a few from the first
  // on, not a reallocation at the second, the third and the fifth.
  constexpr std::size_t first_room = 8;
  if (lots.capacity() == 0) lots.reserve(first_room);
  auto at = std::lower_bound(lots.begin(), lots.end(), day, [](const Lot& l, Date d) { return l.earned < d; });
  if (at != lots.end() && at->earned == day) {
    at->points = Points{checked_add(at->points.units, points.units).value_or(std::numeric_limits<std::int64_t>::max())};
  } else {
    lots.insert(at, Lot{day, points});
  }
}

}  // namespace loyalty
