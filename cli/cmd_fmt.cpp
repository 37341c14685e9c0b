// `loyalty fmt FILE... [--check]`: rewrite files in canonical layout, or
// with --check only report which would change (exit 1 if any would).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "loyalty/dsl/format.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::vector<std::string> files;
  bool check = false;
};

Exit run(const Options& opt) {
  Exit exit = Exit::ok;
  for (const auto& path : opt.files) {
    auto text = read_file(path, dsl::max_policy_bytes);
    if (!text) {
      exit = Exit::bad_input;
      continue;
    }
    const dsl::Source source(path, *text);
    auto result = dsl::format(source);
    if (!result.text) {
      std::cerr << dsl::render_text(source, result.diagnostics, stderr_is_tty());
      if (exit == Exit::ok) exit = Exit::failed;
      continue;
    }
    if (path == "-" && !opt.check) {  // standard input: the formatted text goes to standard output
      std::cout << *result.text;
      continue;
    }
    if (*result.text == *text) continue;
    if (opt.check) {
      std::cout << path << ": not formatted\n";
      if (exit == Exit::ok) exit = Exit::failed;
    } else if (!write_file(path, *result.text)) {
      exit = Exit::bad_input;
    } else {
      std::cout << path << ": formatted\n";
    }
  }
  return exit;
}

}  // namespace

void add_fmt(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("fmt", "Lay policies out canonically, comments kept");
  cmd->add_option("files", opt->files, "policy files (.loy)")->required();
  cmd->add_flag("--check", opt->check, "change nothing; exit 1 if a file is not formatted");
  cmd->footer("Example: loyalty fmt --check policies/*.loy");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
