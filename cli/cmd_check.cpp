// `loyalty check FILE... [--format text|json|sarif] [--werror]`: parse and
// check; exit 0 when clean or warnings only, 1 on any error.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "loyalty/dsl/check.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"

namespace loyalty::cli {

void add_check(CLI::App& app, int& exit_code) {
  struct Options {
    std::vector<std::string> files;
    std::string format = "text";
    bool werror = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("check", "Parse and check policies; print diagnostics");
  cmd->add_option("files", opt->files, "policy files (.loy)")->required();
  cmd->add_option("--format", opt->format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_flag("--werror", opt->werror, "treat warnings as errors");
  cmd->callback([opt, &exit_code] {
    std::vector<std::unique_ptr<dsl::Source>> sources;
    std::vector<dsl::FileDiagnostics> all;
    bool errors = false;
    for (const auto& path : opt->files) {
      auto text = read_file(path);
      if (!text) {
        exit_code = bad_input;
        return;
      }
      sources.push_back(std::make_unique<dsl::Source>(path, std::move(*text)));
      auto parsed = dsl::parse(*sources.back());
      dsl::Diagnostics diagnostics = std::move(parsed.diagnostics);
      if (parsed.policy) dsl::check(*parsed.policy, diagnostics);
      for (const auto& d : diagnostics) {
        if (d.severity == dsl::Severity::error || opt->werror) errors = true;
      }
      all.push_back({sources.back().get(), std::move(diagnostics)});
    }
    if (opt->format == "json") {
      std::cout << dsl::render_json(all);
    } else if (opt->format == "sarif") {
      std::cout << dsl::render_sarif(all);
    } else {
      for (const auto& f : all) std::cerr << dsl::render_text(*f.source, f.diagnostics, stderr_is_tty());
    }
    exit_code = errors ? failed : ok;
  });
}

}  // namespace loyalty::cli
