// Policy text: parse, check, format, re-parse, compile. A policy that
// formats must format to text that parses to the same AST and formats to
// itself; lint against the policy itself as its baseline finds no breaking
// change; a policy that compiles evaluates the example requests the same
// every way (evaluation_checks.hpp); nothing may crash, whatever the text.
#include <algorithm>
#include <cstdint>
#include <string>

#include "common.hpp"
#include "evaluation_checks.hpp"
#include "loyalty/dsl/analyze.hpp"
#include "loyalty/dsl/format.hpp"
#include "loyalty/dsl/lint.hpp"
#include "loyalty/dsl/parse.hpp"

namespace {

// examples/requests/, read once: orders, returns and redemptions of every seed system.
const std::vector<std::string>& example_requests() {
  static const std::vector<std::string> requests = [] {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(LOYALTY_SOURCE_DIR) + "/examples/requests"))
      if (entry.path().extension() == ".json") out.push_back(loyalty::fuzz::read_text(entry.path()));
    std::sort(out.begin(), out.end());  // the same order on every run
    return out;
  }();
  return requests;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const dsl::Source source("fuzz.loy", text);
  const auto parsed = dsl::parse(source);
  const auto analysis = dsl::analyze(source);
  const auto formatted = dsl::format(source);
  if (formatted.text && parsed.policy) {
    const dsl::Source again("fuzz.loy", *formatted.text);
    const auto reparsed = dsl::parse(again);
    if (!reparsed.policy || dsl::dump(*reparsed.policy) != dsl::dump(*parsed.policy))
      fuzz::finding("the formatted policy does not parse to the same AST");
    const auto twice = dsl::format(again);
    if (!twice.text || *twice.text != *formatted.text) fuzz::finding("formatting the formatted policy changes it");
  }
  if (analysis.ok()) {
    const auto alone = dsl::lint(*analysis.policy, {});
    const auto against_itself = dsl::lint(*analysis.policy, {.baseline = &*analysis.policy});
    if (alone.size() != against_itself.size()) fuzz::finding("lint finds a breaking change between a policy and itself");
  }
  const auto compiled = compile(source);
  if (!compiled.policy) return 0;
  for (const std::string& request : example_requests()) {
    auto r = parse_request(*compiled.policy, request);
    if (r) fuzz::check_evaluation(compiled.policy, r.value(), false);
  }
  return 0;
}
