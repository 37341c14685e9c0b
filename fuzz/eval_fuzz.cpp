// An `eval` request against every shipped policy, through the C ABI and the
// C++ API: both must agree on whether it is refused; a decision's member
// must round-trip through its JSON; nothing may crash.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "loyalty/json.hpp"
#include "loyalty/loyalty.h"

namespace {

// Compiled once and kept for the whole run (never freed, so never a leak at exit).
const std::vector<loyalty_policy*>& c_policies() {
  static const auto* policies = new std::vector<loyalty_policy*>([] {
    std::vector<loyalty_policy*> out;
    for (const char* dir : {"/policies", "/examples/programs"}) {
      for (const auto& entry : std::filesystem::directory_iterator(std::string(LOYALTY_SOURCE_DIR) + dir)) {
        if (entry.path().extension() != ".loy") continue;
        const std::string text = loyalty::fuzz::read_text(entry.path());
        loyalty_policy* policy = nullptr;
        char* diagnostics = nullptr;
        loyalty_compile(entry.path().c_str(), text.data(), text.size(), &policy, &diagnostics);
        loyalty_free(diagnostics);
        if (policy) out.push_back(policy);
      }
    }
    return out;
  }());
  return *policies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string request(reinterpret_cast<const char*>(data), size);
  for (const loyalty_policy* policy : c_policies()) {
    char* out = nullptr;
    loyalty_evaluate_with(policy, request.data(), request.size(), LOYALTY_JOURNAL, &out);
    loyalty_free(out);
  }
  for (const PolicyPtr& p : fuzz::shipped_policies()) {
    auto parsed = parse_request(*p, request);
    if (!parsed) continue;
    const Member before = parsed.value().member;
    EvalOptions options;
    options.journal = true;
    auto d = evaluate(*p, parsed.value().member, parsed.value().order, parsed.value().redeem, options);
    if (!(parsed.value().member == before)) fuzz::finding("evaluate changed the member it was given");
    if (!d) continue;
    const std::string json = member_json(*p, d.value().member);
    auto back = parse_member(*p, json);
    if (!back || !(back.value() == d.value().member)) fuzz::finding("a decision's member does not round-trip: " + json);
    (void)decision_json(*p, parsed.value().order, d.value());
  }
  return 0;
}
