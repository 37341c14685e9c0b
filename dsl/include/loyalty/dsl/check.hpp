// Checking: the semantic errors and warnings of a parsed policy, all at once.
#pragma once

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"

namespace loyalty::dsl {

// Minor-unit decimals of a known currency (VND 0, EUR 2, ...), or nothing.
std::optional<int> currency_decimals(std::string_view code);

// The money scale in force: `decimals N`, else the currency's, else 0.
int money_scale(const Policy& policy);
int points_scale(const Policy& policy);

void check(const Policy& policy, Diagnostics& out);

}  // namespace loyalty::dsl
