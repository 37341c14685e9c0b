// `loyalty serve POLICY [--trace] [--journal]`: a long-running evaluator for
// a till or a script that should not pay a process start per order. Reads
// requests from standard input, one JSON object a line, and writes one line
// for each: the decision, or {"error": ...} for a refused or malformed
// request (the run goes on). Each answer is flushed as it is written. Blank
// lines are skipped; a line over the request size limit is answered with an
// error. Exit 0 at the end of the input.
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "loyalty/json.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::string policy;
  bool trace = false;
  bool journal = false;
};

Exit run(const Options& opt) {
  auto policy = load_policy(opt.policy);
  if (!policy) return Exit::bad_input;
  std::ios::sync_with_stdio(false);
  const EvalOptions options{.trace = opt.trace, .journal = opt.journal};
  Decision decision;     // reused: evaluate_into keeps its buffers between orders
  RequestReader reader;  // reused: simdjson's buffers
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line.size() > max_json_bytes) {
      std::cout << refusal_json({RefusalCode::bad_input, fmt::format("the line is longer than {} bytes", max_json_bytes), "$"},
                                true);
    } else if (auto request = reader.read(*policy, line); !request) {
      std::cout << refusal_json(request.refusal(), true);
    } else {
      const Request& r = request.value();
      if (auto refused = evaluate_into(*policy, r.member, r.order, r.redeem, options, decision)) {
        std::cout << refusal_json(*refused, true);
      } else {
        std::cout << decision_json(*policy, r.order, decision, true);
      }
    }
    std::cout.flush();
  }
  return Exit::ok;
}

}  // namespace

void add_serve(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("serve", "Evaluate requests read from standard input, one JSON object a line, until its end");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_flag("--trace", opt->trace, "include each decision's trace (off by default: faster)");
  cmd->add_flag("--journal", opt->journal, "include each decision's journal");
  cmd->footer("Example: cat requests.jsonl | loyalty serve policies/ipos_membership.loy > decisions.jsonl");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
