// Parsing: policy text -> typed AST, with syntax diagnostics. The parser
// recovers at statement boundaries, so one run reports several errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

inline constexpr std::size_t max_policy_bytes = 1 << 20;  // 1 MiB
inline constexpr std::size_t max_diagnostics = 100;

// What syntax errors kept the parser from reading, so that the checker
// neither repeats them nor concludes anything from what is missing.
struct Unread {
  std::vector<std::uint32_t> at;  // where the syntax errors were
  // The first two words of each statement skipped ("tier GOLD", "currency VND").
  std::vector<std::string> statements;

  // Whether a skipped statement starts with `keyword` (and `name`, when given).
  bool skipped(std::string_view keyword, std::string_view name = {}) const;
};

struct ParseResult {
  std::optional<Policy> policy;  // present when a `policy` header was read (maybe partial)
  Diagnostics diagnostics;
  Unread unread;
};

ParseResult parse(const Source& source);

}  // namespace loyalty::dsl
