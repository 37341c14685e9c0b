#include "diagnose.hpp"

#include <iostream>
#include <memory>

#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty::cli {

Exit diagnose(const std::vector<std::string>& files, const std::string& format, bool werror, const MoreDiagnostics& more) {
  std::vector<std::unique_ptr<dsl::Source>> sources;
  std::vector<dsl::FileDiagnostics> all;
  bool errors = false, unreadable = false;
  for (const auto& path : files) {
    auto text = read_file(path, dsl::max_policy_bytes);
    if (!text) {
      unreadable = true;  // said on stderr by read_file
      continue;
    }
    sources.push_back(std::make_unique<dsl::Source>(path, std::move(*text)));
    dsl::Diagnostics diagnostics = compile(*sources.back()).diagnostics;
    if (more && !dsl::has_errors(diagnostics)) more(*sources.back(), diagnostics);
    for (const auto& d : diagnostics)
      if (d.severity == dsl::Severity::error || werror) errors = true;
    all.push_back({sources.back().get(), std::move(diagnostics)});
  }
  if (format == "json") {
    std::cout << dsl::render_json(all);
  } else if (format == "sarif") {
    std::cout << dsl::render_sarif(all);
  } else if (format == "github") {
    std::cout << dsl::render_github(all);
  } else {
    for (const auto& f : all) std::cerr << dsl::render_text(*f.source, f.diagnostics, stderr_is_tty());
  }
  if (unreadable) return Exit::bad_input;
  return errors ? Exit::failed : Exit::ok;
}

}  // namespace loyalty::cli
