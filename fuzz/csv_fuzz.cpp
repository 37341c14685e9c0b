// Recompute CSV (`loyalty recompute`), with the tiers' rates and with a
// common rate: any file is recomputed or refused, never a crash.
#include "cli_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string policy = std::string(LOYALTY_SOURCE_DIR) + "/policies/misa_lomas.loy";
  loyalty::fuzz::run_command({"recompute", policy, "INPUT", "--tiers", "--points", "--out", "OUTPUT"}, data, size);
  loyalty::fuzz::run_command({"recompute", policy, "INPUT", "--rate", "1 point per 10_000", "--out", "OUTPUT"}, data, size);
  return 0;
}
