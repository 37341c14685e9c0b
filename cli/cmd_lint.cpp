// `loyalty lint FILE... [--baseline OLD.loy] [--today DATE]
// [--format text|json|sarif|github] [--werror]`: check, then style rules and
// breaking changes against the baseline (docs/diagnostics.md, docs/ci.md).
// Exit 0 clean or warnings only (unless --werror), 1 errors, 2 a file that
// cannot be read.
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "diagnose.hpp"
#include "loyalty/dsl/analyze.hpp"
#include "loyalty/dsl/lint.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::vector<std::string> files;
  std::string baseline, today, format = "text";
  bool werror = false;
};

Exit run(const Options& opt) {
  std::optional<dsl::Analysis> baseline;
  std::unique_ptr<dsl::Source> baseline_source;
  if (!opt.baseline.empty()) {
    auto text = read_file(opt.baseline, dsl::max_policy_bytes);
    if (!text) return Exit::bad_input;
    baseline_source = std::make_unique<dsl::Source>(opt.baseline, std::move(*text));
    baseline = dsl::analyze(*baseline_source);
    if (!baseline->ok()) {
      std::cerr << opt.baseline << ": the baseline has errors; fix it or compare with another version\n";
      std::cerr << dsl::render_text(*baseline_source, baseline->diagnostics, stderr_is_tty());
      return Exit::bad_input;
    }
  }
  dsl::LintOptions options;
  if (baseline) options.baseline = &*baseline->policy;
  if (!opt.today.empty()) {
    int y = 0, m = 0, d = 0;
    char dash1 = 0, dash2 = 0;
    std::istringstream in(opt.today);
    if (!(in >> y >> dash1 >> m >> dash2 >> d) || dash1 != '-' || dash2 != '-' || !in.eof() || m < 1 || m > 12 || d < 1 ||
        d > 31) {
      std::cerr << "--today: expected a date such as 2026-11-23\n";
      return Exit::bad_input;
    }
    options.today = dsl::Date{y, m, d, {}};
  }

  return diagnose(opt.files, opt.format, opt.werror, [&](const dsl::Source& source, dsl::Diagnostics& diagnostics) {
    const dsl::Analysis analysis = dsl::analyze(source);
    if (!analysis.policy) return;
    dsl::Diagnostics more = dsl::lint(*analysis.policy, options);
    diagnostics.insert(diagnostics.end(), more.begin(), more.end());
  });
}

}  // namespace

void add_lint(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("lint", "Check policies, then style rules and breaking changes against a baseline");
  cmd->add_option("files", opt->files, "policy files (.loy)")->required();
  cmd->add_option("--baseline", opt->baseline, "the policy as it was (such as the main branch's file)");
  cmd->add_option("--today", opt->today, "the date for windows that have already ended (YYYY-MM-DD)");
  cmd->add_option("--format", opt->format, "text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  cmd->add_flag("--werror", opt->werror, "treat warnings as errors");
  cmd->footer("Example: loyalty lint policies/ipos_membership.loy --baseline main/ipos_membership.loy --format github");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
