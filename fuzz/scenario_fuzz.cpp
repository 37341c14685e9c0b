// Scenario YAML (`loyalty test`), against the supermarket policy, which uses
// the most of the language: any file is run or refused, never a crash.
#include "cli_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loyalty::fuzz::run_command({"test", std::string(LOYALTY_SOURCE_DIR) + "/policies/supermarket.loy", "INPUT"}, data, size);
  return 0;
}
