// Formatting: canonical layout of a policy that parses, comments kept.
#pragma once

#include <optional>
#include <string>

#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

struct FormatResult {
  std::optional<std::string> text;  // absent when the source has syntax errors
  Diagnostics diagnostics;
};

// Lays the policy out canonically and proves the result: it must parse to
// the same AST as the input, and formatting it again must change nothing.
FormatResult format(const Source& source);

}  // namespace loyalty::dsl
