// The decision in words: every point explained, for cashiers and merchants.
// The trace is data (decision.hpp); these functions write its sentences.
#pragma once

#include <span>
#include <string>

#include "loyalty/decision.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty {

// Entry `at` of a decision's trace as a sentence ("5% on 2 x CF01 (100000)").
// It takes the whole trace: a base entry reads the multipliers just before it.
std::string describe(const Policy& policy, const Order& order, std::span<const TraceEntry> trace, std::size_t at);

// The id an entry is about (a rule, tier or reward), or empty.
std::string trace_subject(const Policy& policy, const TraceEntry& entry);

// Where the rule, earn, tier, multiplier or reward an entry is about was
// written ("cafe.loy:12"), or empty.
std::string trace_source(const Policy& policy, const TraceEntry& entry);

// The entry's kind as the JSON contract names it ("rule", "skipped", ...).
const char* trace_kind(const TraceEntry& entry);

// The whole decision, line by line, then the order, then the totals.
std::string explain(const Policy& policy, const Member& before, const Order& order, const Decision& decision);

}  // namespace loyalty
