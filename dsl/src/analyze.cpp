// Analysis: parse, then check whatever was read.
#include "loyalty/dsl/analyze.hpp"

#include "loyalty/dsl/check.hpp"
#include "loyalty/dsl/parse.hpp"

namespace loyalty::dsl {

Analysis analyze(const Source& source) {
  ParseResult parsed = parse(source);
  Analysis out{std::move(parsed.policy), std::move(parsed.diagnostics)};
  if (out.policy) check(*out.policy, parsed.unread, out.diagnostics);
  return out;
}

}  // namespace loyalty::dsl
