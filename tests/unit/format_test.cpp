// The formatter proves itself over every shipped policy and example: its
// output is a fixed point and parses to the same AST.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "loyalty/dsl/format.hpp"
#include "loyalty/dsl/parse.hpp"

using namespace loyalty::dsl;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> policy_files() {
  std::vector<fs::path> files;
  const fs::path root = LOYALTY_SOURCE_DIR;
  for (const char* dir : {"policies", "examples", "tests/golden/spec", "tests/golden/fmt", "bench", "docs"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (e.path().extension() == ".loy") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("formatting is idempotent and keeps the AST, for every policy file") {
  const auto files = policy_files();
  REQUIRE(files.size() >= 6);
  for (const auto& f : files) {
    INFO(f.string());
    const Source source(f.string(), read(f));
    auto first = format(source);
    REQUIRE(first.text);
    auto second = format(Source(f.string(), *first.text));
    REQUIRE(second.text);
    CHECK(*second.text == *first.text);
    auto a = parse(source), b = parse(Source("formatted", *first.text));
    REQUIRE(a.policy);
    REQUIRE(b.policy);
    CHECK(dump(*a.policy) == dump(*b.policy));
  }
}

TEST_CASE("shipped policies are already formatted") {
  for (const auto& f : policy_files()) {
    if (f.string().find("/policies/") == std::string::npos) continue;
    INFO(f.string());
    const std::string text = read(f);
    auto r = format(Source(f.string(), text));
    REQUIRE(r.text);
    CHECK(*r.text == text);
  }
}

TEST_CASE("layout rules") {
  auto r = format(Source("t.loy",
                         "# head\npolicy   \"p\"{currency VND # money\n\n\n earn 5% ; rounding floor\n  rule r on every line "
                         "{earn 1 point per unit\nwhen tier in [ A ,B ]}}"));
  REQUIRE(r.text);
  CHECK(*r.text ==
        "# head\n"
        "policy \"p\" {\n"
        "  currency VND # money\n"
        "\n"
        "  earn 5%\n"
        "  rounding floor\n"
        "  rule r on every line {\n"
        "    earn 1 point per unit\n"
        "    when tier in [A, B]\n"
        "  }\n"
        "}\n");
}

TEST_CASE("a file with syntax errors is not formatted") {
  auto r = format(Source("t.loy", "policy \"p\" { earn }"));
  CHECK_FALSE(r.text);
  CHECK(!r.diagnostics.empty());
}
