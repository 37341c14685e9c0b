// `loyalty graph POLICY [--dot]`: the compiled rule graph, as text or DOT.
// Exit 0, or 2 when the policy cannot be read or compiled (as `eval`).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::string policy;
  bool dot = false;
};

Exit run(const Options& opt) {
  auto policy = load_policy(opt.policy);
  if (!policy) return Exit::bad_input;
  std::cout << (opt.dot ? dump_graph_dot(*policy) : dump_graph(*policy));
  return Exit::ok;
}

}  // namespace

void add_graph(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("graph", "Print the compiled rule graph");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_flag("--dot", opt->dot, "Graphviz DOT instead of text");
  cmd->footer("Example: loyalty graph --dot policies/odoo_cafe.loy | dot -Tsvg > graph.svg");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
