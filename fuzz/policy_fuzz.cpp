// Policy text: parse, check, format, re-parse, compile. A policy that
// formats must format to text that parses to the same AST and formats to
// itself; nothing may crash, whatever the text.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "loyalty/dsl/analyze.hpp"
#include "loyalty/dsl/format.hpp"
#include "loyalty/dsl/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const dsl::Source source("fuzz.loy", text);
  const auto parsed = dsl::parse(source);
  (void)dsl::analyze(source);
  const auto formatted = dsl::format(source);
  if (formatted.text && parsed.policy) {
    const dsl::Source again("fuzz.loy", *formatted.text);
    const auto reparsed = dsl::parse(again);
    if (!reparsed.policy || dsl::dump(*reparsed.policy) != dsl::dump(*parsed.policy))
      fuzz::finding("the formatted policy does not parse to the same AST");
    const auto twice = dsl::format(again);
    if (!twice.text || *twice.text != *formatted.text) fuzz::finding("formatting the formatted policy changes it");
  }
  (void)compile(source);
  return 0;
}
