// Scenario YAML (`loyalty test`), against the supermarket policy, which uses
// the most of the language: any file is run or refused, never a crash. The
// policy is compiled once (policy_fuzz fuzzes compiling); each input is a
// scenario file run as `loyalty test --coverage` runs it.
#include "cli_fuzz.hpp"
#include "policy_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const loyalty::PolicyPtr policy =
      loyalty::cli::load_policy(std::string(LOYALTY_SOURCE_DIR) + "/policies/supermarket.loy");
  loyalty::cli::TestOptions options;
  options.policy = "supermarket.loy";
  options.files = {loyalty::fuzz::input_file(data, size)};
  options.coverage = true;
  loyalty::cli::run_tests(policy, options);
  return 0;
}
