// `loyalty check FILE... [--format text|json|sarif] [--werror]`: parse,
// check and compile; exit 0 when clean or warnings only, 1 on any error, 2
// when a file cannot be read. Compiling too means a policy that `check`
// passes is one that `eval` accepts (a rate too precise to compute is an
// error here as well).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::vector<std::string> files;
  std::string format = "text";
  bool werror = false;
};

// Every readable file is checked and reported, even when another cannot be
// read; the output (text, JSON or SARIF) covers them all and stays valid.
Exit run(const Options& opt) {
  std::vector<std::unique_ptr<dsl::Source>> sources;
  std::vector<dsl::FileDiagnostics> all;
  bool errors = false, unreadable = false;
  for (const auto& path : opt.files) {
    auto text = read_file(path, dsl::max_policy_bytes);
    if (!text) {
      unreadable = true;  // said on stderr by read_file
      continue;
    }
    sources.push_back(std::make_unique<dsl::Source>(path, std::move(*text)));
    dsl::Diagnostics diagnostics = compile(*sources.back()).diagnostics;
    for (const auto& d : diagnostics) {
      if (d.severity == dsl::Severity::error || opt.werror) errors = true;
    }
    all.push_back({sources.back().get(), std::move(diagnostics)});
  }
  if (opt.format == "json") {
    std::cout << dsl::render_json(all);
  } else if (opt.format == "sarif") {
    std::cout << dsl::render_sarif(all);
  } else {
    for (const auto& f : all) std::cerr << dsl::render_text(*f.source, f.diagnostics, stderr_is_tty());
  }
  if (unreadable) return Exit::bad_input;
  return errors ? Exit::failed : Exit::ok;
}

}  // namespace

void add_check(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("check", "Parse and check policies; print diagnostics");
  cmd->add_option("files", opt->files, "policy files (.loy)")->required();
  cmd->add_option("--format", opt->format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_flag("--werror", opt->werror, "treat warnings as errors");
  cmd->footer("Example: loyalty check policies/*.loy --format sarif > check.sarif");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
