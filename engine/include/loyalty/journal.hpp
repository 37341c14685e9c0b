// The journal (spec section 7, docs/time.md): every change to a member as an
// entry: which field, its old and new value, why, and when. Replaying a
// member's entries in order from the starting state gives the final state:
// each entry's `old_value` is the field as the previous entry left it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "loyalty/decision.hpp"
#include "loyalty/order.hpp"

namespace loyalty {

struct Policy;

const char* name(JournalEntry::Kind kind);

// The entries of one evaluation (decision.caught_up, then the order), given
// the member as it was passed to evaluate(). The split of points between
// rules needs the decision's trace; without it, the points earned are one
// entry with reason `order`.
void journal_decision(const Policy& policy, const Member& before, const Order& order, std::span<const Redemption> redemptions,
                      const Decision& decision, std::vector<JournalEntry>& out);

// The entries of advance(): `events` as it filled them, from `before`.
void journal_time(const Policy& policy, const Member& before, std::span<const TimeEvent> events,
                  std::vector<JournalEntry>& out);

// One entry as a JSON object on one line.
std::string journal_json(const JournalEntry& entry);

// Applies entries to a member state, field by field (the journal's own
// check: entries from a start state give the final state). False if an
// entry's old value is not the field's current value.
bool apply_journal(const Policy& policy, Member& member, std::span<const JournalEntry> entries);

}  // namespace loyalty
