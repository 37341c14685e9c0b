// Checking: the semantic errors and warnings of a parsed policy, all at once.
#pragma once

#include <cstdint>
#include <span>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/parse.hpp"

namespace loyalty::dsl {

// Limits on a policy (docs/robustness.md), each a `limit-exceeded` error;
// the file itself is at most max_policy_bytes (parse.hpp).
inline constexpr std::size_t max_tiers = 64;          // tier conditions compile to a 64-bit mask
inline constexpr std::size_t max_rules = 20'000;
inline constexpr std::size_t max_rewards = 5'000;
inline constexpr std::size_t max_multipliers = 1'000;

// Minor-unit decimals of a known currency (VND 0, EUR 2, ...), or nothing.
std::optional<int> currency_decimals(std::string_view code);

// The money scale in force: `decimals N`, else the currency's, else 0.
int money_scale(const Policy& policy);
int points_scale(const Policy& policy);

// Appends the policy's semantic diagnostics to `out`. `unread` is what the
// parse's syntax errors skipped (ParseResult): blocks cut short are not said
// to miss anything, and a tier whose declaration was skipped is not unknown.
void check(const Policy& policy, const Unread& unread, Diagnostics& out);

}  // namespace loyalty::dsl
