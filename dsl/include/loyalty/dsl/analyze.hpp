// Analysis: parse, then check. The front half of the pipeline, shared by
// `check`, the compiler and the tests.
#pragma once

#include <optional>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"

namespace loyalty::dsl {

struct Analysis {
  std::optional<Policy> policy;  // present when a `policy` header was read (maybe partial)
  Diagnostics diagnostics;       // syntax and semantic, sorted by position

  // A policy that can be compiled: read whole, and no errors.
  bool ok() const { return policy && !has_errors(diagnostics); }
};

// Parses the source and checks whatever was read, even after syntax errors,
// so one run reports every mistake it can.
Analysis analyze(const Source& source);

}  // namespace loyalty::dsl
