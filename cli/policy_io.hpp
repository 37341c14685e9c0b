// Loading a policy for the commands that evaluate: compile and print
// diagnostics on failure.
#pragma once

#include <iostream>

#include "commands.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"
#include "loyalty/loyalty.hpp"

namespace loyalty::cli {

inline PolicyPtr load_policy(const std::string& path) {
  auto text = read_file(path, dsl::max_policy_bytes);
  if (!text) return nullptr;
  const dsl::Source source(path, std::move(*text));
  auto compiled = compile(source);
  if (!compiled.policy || dsl::has_errors(compiled.diagnostics)) {
    std::cerr << dsl::render_text(source, compiled.diagnostics, stderr_is_tty());
    return nullptr;
  }
  return compiled.policy;
}

}  // namespace loyalty::cli
