// Diagnostics are data: a stable code, a severity, a span and a message,
// collected by every stage and rendered once (render.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

enum class Severity { error, warning };

// Every diagnostic code, generated from codes.def.
enum class Code : std::uint8_t {
#define DIAG(ident, text, severity, summary) ident,
#include "loyalty/dsl/codes.def"
#undef DIAG
};

std::string_view name(Code code);  // stable and kebab-case: "syntax-error"
Severity default_severity(Code code);

struct Diagnostic {
  Code code = Code::syntax_error;
  Severity severity = Severity::error;
  Span span;
  std::string message;  // one line, lowercase start
  std::string help;     // optional hint
};

using Diagnostics = std::vector<Diagnostic>;

// A diagnostic at the code's default severity.
Diagnostic make_diagnostic(Code code, Span span, std::string message, std::string help = {});

bool has_errors(const Diagnostics& diagnostics);
// Sorts by position, then drops exact repeats at the same place.
void sort_diagnostics(Diagnostics& diagnostics);

// Every code the tools can emit, with its default severity and a summary.
struct CodeInfo {
  Code code;
  const char* name;
  Severity severity;
  const char* summary;
};
std::span<const CodeInfo> all_codes();

}  // namespace loyalty::dsl
