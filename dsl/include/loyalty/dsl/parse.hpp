// Parsing: policy text -> typed AST, with syntax diagnostics. The parser
// recovers at statement boundaries, so one run reports several errors.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

inline constexpr std::size_t max_policy_bytes = 1 << 20;  // 1 MiB
inline constexpr std::size_t max_diagnostics = 100;

struct ParseResult {
  std::optional<Policy> policy;  // present when a `policy` header was read (maybe partial)
  Diagnostics diagnostics;
  // Where syntax errors were: the statements around them were skipped, so
  // the policy is partial and checks that need the whole of a block are not run on it.
  std::vector<std::uint32_t> syntax_errors;
};

ParseResult parse(const Source& source);

}  // namespace loyalty::dsl
