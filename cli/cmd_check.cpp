// `loyalty check FILE... [--format text|json|sarif] [--werror]`: parse,
// check and compile; exit 0 when clean or warnings only, 1 on any error, 2
// when a file cannot be read. Compiling too means a policy that `check`
// passes is one that `eval` accepts (a rate too precise to compute is an
// error here as well).
#include <memory>

#include "commands.hpp"
#include "diagnose.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::vector<std::string> files;
  std::string format = "text";
  bool werror = false;
};

Exit run(const Options& opt) { return diagnose(opt.files, opt.format, opt.werror); }

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
