// What the fuzz targets share: the shipped policies, compiled once, and a
// check that stops the run (a finding) with a message.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "loyalty/loyalty.hpp"

namespace loyalty::fuzz {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every policy in policies/ and examples/programs/, compiled.
inline const std::vector<PolicyPtr>& shipped_policies() {
  static const std::vector<PolicyPtr> policies = [] {
    std::vector<PolicyPtr> out;
    for (const char* dir : {"/policies", "/examples/programs"}) {
      for (const auto& entry : std::filesystem::directory_iterator(std::string(LOYALTY_SOURCE_DIR) + dir)) {
        if (entry.path().extension() != ".loy") continue;
        auto compiled = compile(dsl::Source(entry.path().string(), read_text(entry.path())));
        if (!compiled.policy) {
          std::fprintf(stderr, "fuzz: %s does not compile\n", entry.path().c_str());
          std::abort();
        }
        out.push_back(compiled.policy);
      }
    }
    return out;
  }();
  return policies;
}

// A property that failed: said, then a crash for libFuzzer to keep the input.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

}  // namespace loyalty::fuzz
