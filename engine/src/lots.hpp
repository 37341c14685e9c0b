// Dated lots of points, for expiry (docs/time.md). The lots, oldest first,
// hold at most the balance; what the balance holds beyond them (points
// imported without a date) is spent first and never expires.
#pragma once

#include <vector>

#include "loyalty/member.hpp"

namespace loyalty {

// Takes points from the oldest lots until they hold at most `keep`.
void trim_oldest(std::vector<Lot>& lots, Points keep);

// Makes lots a caller passed in valid: positive, oldest first, one per day,
// holding at most the balance (the oldest give way first).
void normalize(std::vector<Lot>& lots, Points balance);

// Takes `points` back from the newest lots (a return's points most likely
// came from a recent sale).
void take_newest(std::vector<Lot>& lots, Points points);

// Takes up to `points` from the lot of `day`, if there is one.
void take_from_day(std::vector<Lot>& lots, Date day, Points points);

// Adds points earned on `day`, merged with a lot of the same day.
void add_lot(std::vector<Lot>& lots, Date day, Points points);

}  // namespace loyalty
