// Diagnostics: the table of codes, ordering and de-duplication.
#include "loyalty/dsl/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace loyalty::dsl {

namespace {
constexpr std::array codes = {
#define DIAG(ident, text, severity, summary) CodeInfo{Code::ident, text, Severity::severity, summary},
#include "loyalty/dsl/codes.def"
#undef DIAG
};
}  // namespace

std::span<const CodeInfo> all_codes() { return codes; }
std::string_view name(Code code) { return codes[static_cast<std::size_t>(code)].name; }
Severity default_severity(Code code) { return codes[static_cast<std::size_t>(code)].severity; }

Diagnostic make_diagnostic(Code code, Span span, std::string message, std::string help) {
  return {code, default_severity(code), span, std::move(message), std::move(help)};
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

void sort_diagnostics(Diagnostics& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  // Exact repeats go, and so does a second syntax error at the same place
  // (an unclosed block and the policy around it both end at the file's end).
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.begin == b.span.begin && a.code == Code::syntax_error && b.code == Code::syntax_error) return true;
    return std::tie(a.span.begin, a.code, a.message) == std::tie(b.span.begin, b.code, b.message);
  };
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(), same), diagnostics.end());
}

}  // namespace loyalty::dsl
