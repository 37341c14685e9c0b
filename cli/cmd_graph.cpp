// `loyalty graph POLICY [--dot]`: the compiled rule graph, as text or DOT.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

void add_graph(CLI::App& app, int& exit_code) {
  struct Options {
    std::string policy;
    bool dot = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("graph", "Print the compiled rule graph");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_flag("--dot", opt->dot, "Graphviz DOT instead of text");
  cmd->callback([opt, &exit_code] {
    auto policy = load_policy(opt->policy);
    if (!policy) {
      exit_code = failed;
      return;
    }
    std::cout << (opt->dot ? dump_graph_dot(*policy) : dump_graph(*policy));
    exit_code = ok;
  });
}

}  // namespace loyalty::cli
