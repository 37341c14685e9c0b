// Rendering diagnostics once, at the edge: text (with source line and
// caret), JSON, or SARIF 2.1.0.
#pragma once

#include <string>
#include <vector>

#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

struct FileDiagnostics {
  const Source* source;
  Diagnostics diagnostics;
};

std::string render_text(const Source& source, const Diagnostics& diagnostics, bool colour);
std::string render_json(const std::vector<FileDiagnostics>& files);
std::string render_sarif(const std::vector<FileDiagnostics>& files);
// GitHub Actions workflow commands: `::error file=F,line=L,col=C,...,title=CODE::MESSAGE`.
std::string render_github(const std::vector<FileDiagnostics>& files);

}  // namespace loyalty::dsl
