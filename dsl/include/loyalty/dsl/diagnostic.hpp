// Diagnostics are data: a stable code, a severity, a span and a message,
// collected by every stage and rendered once (render.hpp).
#pragma once

#include <string>
#include <vector>

#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

enum class Severity { error, warning };

struct Diagnostic {
  std::string code;  // stable, kebab-case; every code is listed in docs/diagnostics.md
  Severity severity = Severity::error;
  Span span;
  std::string message;  // one line, lowercase start
  std::string help;     // optional hint
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);
// Sorts by position, then drops exact repeats at the same place.
void sort_diagnostics(Diagnostics& diagnostics);

// Every code the tools can emit, with its default severity and a summary.
struct CodeInfo {
  const char* code;
  Severity severity;
  const char* summary;
};
const std::vector<CodeInfo>& all_codes();

}  // namespace loyalty::dsl
