// What `check` and `lint` share: every readable file is compiled (so a
// policy they pass is one `eval` accepts), `more` may add diagnostics of its
// own, and the whole run is reported in one format (text, JSON, SARIF,
// GitHub annotations) that stays valid even when a file cannot be read.
// Exit 0 clean or warnings only (unless `werror`), 1 errors, 2 a file
// that cannot be read.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::cli {

using MoreDiagnostics = std::function<void(const dsl::Source& source, dsl::Diagnostics& diagnostics)>;

Exit diagnose(const std::vector<std::string>& files, const std::string& format, bool werror, const MoreDiagnostics& more = {});

}  // namespace loyalty::cli
