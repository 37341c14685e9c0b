// Lint (`loyalty lint`): style rules, and breaking changes against a
// baseline version of the same policy (docs/diagnostics.md). Runs on
// analyzed policies; `check`'s diagnostics come first and are not repeated.
#pragma once

#include <optional>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"

namespace loyalty::dsl {

struct LintOptions {
  const Policy* baseline = nullptr;  // the policy as it was (the main branch's file)
  std::optional<Date> today;         // for windows that have already ended
};

Diagnostics lint(const Policy& policy, const LintOptions& options);

}  // namespace loyalty::dsl
