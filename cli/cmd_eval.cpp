// `loyalty eval POLICY REQUEST.json [--format text|json]`: one decision.
// Exit 0 with a decision, 1 when refused, 2 on bad input.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "loyalty/json.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

void add_eval(CLI::App& app, int& exit_code) {
  struct Options {
    std::string policy, request, format = "json";
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("eval", "Evaluate one order request against a policy");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_option("request", opt->request, "request JSON: {\"member\", \"order\", \"redeem\"}")->required();
  cmd->add_option("--format", opt->format, "json or text")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([opt, &exit_code] {
    auto policy = load_policy(opt->policy);
    if (!policy) {
      exit_code = bad_input;
      return;
    }
    auto text = read_file(opt->request);
    if (!text) {
      exit_code = bad_input;
      return;
    }
    auto request = parse_request(*policy, *text);
    if (!request) {
      std::cout << refusal_json(request.refusal());
      std::cerr << opt->request << ": " << request.refusal().path << ": " << request.refusal().message << "\n";
      exit_code = bad_input;
      return;
    }
    const Request& r = request.value();
    auto decision = evaluate(*policy, r.member, r.order, r.redeem);
    if (!decision) {
      if (opt->format == "text") {
        std::cout << "Refused (" << decision.refusal().code << "): " << decision.refusal().message << "\n";
      } else {
        std::cout << refusal_json(decision.refusal());
      }
      exit_code = failed;
      return;
    }
    std::cout << (opt->format == "text" ? explain(*policy, r, decision.value()) : decision_json(*policy, decision.value()));
    exit_code = ok;
  });
}

}  // namespace loyalty::cli
