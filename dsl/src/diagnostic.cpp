// Diagnostics: ordering, de-duplication and the table of codes.
#include "loyalty/dsl/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace loyalty::dsl {

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

void sort_diagnostics(Diagnostics& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  // Exact repeats go, and so does a second syntax error at the same place
  // (an unclosed block and the policy around it both end at the file's end).
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.begin == b.span.begin && a.code == "syntax-error" && b.code == "syntax-error") return true;
    return std::tie(a.span.begin, a.code, a.message) == std::tie(b.span.begin, b.code, b.message);
  };
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(), same), diagnostics.end());
}

const std::vector<CodeInfo>& all_codes() {
  static const std::vector<CodeInfo> codes = {
#define DIAG(ident, text, severity, summary) {text, Severity::severity, summary},
#include "codes.def"
#undef DIAG
  };
  return codes;
}

}  // namespace loyalty::dsl
