// `loyalty eval POLICY REQUEST.json [--format text|json]`: one decision.
// Exit 0 with a decision, 1 when refused (a business outcome), 2 on bad
// input: the refusal code's channel (refusals.def) decides which.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "loyalty/explain.hpp"
#include "loyalty/json.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::string policy, request, format = "json";
};

Exit refused(const Options& opt, const Refusal& refusal) {
  if (opt.format == "text") {
    std::cout << "Refused (" << name(refusal.code) << "): " << refusal.message << "\n";
  } else {
    std::cout << refusal_json(refusal);
  }
  if (channel(refusal.code) == Channel::bad_input) {
    std::cerr << opt.request << ": " << refusal.path << ": " << refusal.message << "\n";
    return Exit::bad_input;
  }
  return Exit::failed;
}

Exit run(const Options& opt) {
  auto policy = load_policy(opt.policy);
  if (!policy) return Exit::bad_input;
  auto text = read_file(opt.request, max_json_bytes);
  if (!text) return Exit::bad_input;
  auto request = parse_request(*policy, *text);
  if (!request) return refused(opt, request.refusal());
  const Request& r = request.value();
  auto decision = evaluate(*policy, r.member, r.order, r.redeem, EvalOptions{.trace = true, .journal = true});
  if (!decision) return refused(opt, decision.refusal());
  std::cout << (opt.format == "text" ? explain(*policy, r.member, r.order, decision.value())
                                     : decision_json(*policy, r.order, decision.value()));
  return Exit::ok;
}

}  // namespace

void add_eval(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("eval", "Evaluate one order request against a policy");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_option("request", opt->request, "request JSON: {\"member\", \"order\", \"redeem\"}")->required();
  cmd->add_option("--format", opt->format, "json or text")->check(CLI::IsMember({"text", "json"}));
  cmd->footer("Example: loyalty eval --format text policies/ipos_membership.loy examples/requests/ipos_membership--upgrade.json");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
