// Golden files: one folder per kind, cases added without touching C++.
//   golden/check/NAME.loy   -> NAME.expected  (`loyalty check` text, no colour),
//                              NAME.json and NAME.sarif (`--format json|sarif`)
//   golden/fmt/NAME.loy     -> NAME.formatted
//   policies/NAME.loy       -> golden/graph/NAME.txt  (`loyalty graph`)
//   golden/eval/NAME.json   -> NAME.decision.json and NAME.explain.txt; the request's
//                              policy is policies/PREFIX.loy for a file named PREFIX--CASE.json
// Run with LOYALTY_BLESS=1 to rewrite the expected files, then review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "loyalty/dsl/analyze.hpp"
#include "loyalty/dsl/format.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/render.hpp"
#include "loyalty/explain.hpp"
#include "loyalty/json.hpp"

namespace fs = std::filesystem;
using namespace loyalty;

namespace {

const fs::path root = LOYALTY_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool blessing() {
  const char* b = std::getenv("LOYALTY_BLESS");
  return b && std::string(b) == "1";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines that differ, between the common head and tail, as `-expected`
// and `+actual` lines with the line number where they start.
std::string diff(const std::string& expected, const std::string& actual) {
  const auto a = lines_of(expected), b = lines_of(actual);
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail + head < a.size() && tail + head < b.size() && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  std::string out = "@@ line " + std::to_string(head + 1) + " @@\n";
  for (std::size_t i = head; i + tail < a.size(); ++i) out += "-" + a[i] + "\n";
  for (std::size_t i = head; i + tail < b.size(); ++i) out += "+" + b[i] + "\n";
  return out;
}

void compare(const fs::path& expected_file, const std::string& actual) {
  INFO(expected_file.string());
  if (blessing()) {
    std::ofstream(expected_file, std::ios::binary) << actual;
    return;
  }
  REQUIRE(fs::exists(expected_file));
  const std::string expected = read(expected_file);
  if (expected != actual) FAIL_CHECK("golden mismatch (LOYALTY_BLESS=1 rewrites it):\n" << diff(expected, actual));
}

std::vector<fs::path> cases(const fs::path& dir, const char* ext) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Paths in golden output are relative to the repository, so they match anywhere.
std::string repo_path(const fs::path& p) { return fs::relative(p, root).generic_string(); }

}  // namespace

TEST_CASE("golden diagnostics") {
  auto files = cases(root / "tests/golden/check", ".loy");
  REQUIRE(!files.empty());
  for (const auto& f : files) {
    const dsl::Source source(repo_path(f), read(f));
    const dsl::Diagnostics d = dsl::analyze(source).diagnostics;
    compare(fs::path(f).replace_extension(".expected"), dsl::render_text(source, d, false));
    const std::vector<dsl::FileDiagnostics> files{{&source, d}};
    compare(fs::path(f).replace_extension(".json"), dsl::render_json(files));
    compare(fs::path(f).replace_extension(".sarif"), dsl::render_sarif(files));
  }
}

TEST_CASE("golden formatting") {
  auto files = cases(root / "tests/golden/fmt", ".loy");
  REQUIRE(!files.empty());
  for (const auto& f : files) {
    auto r = dsl::format(dsl::Source(repo_path(f), read(f)));
    REQUIRE(r.text);
    compare(fs::path(f).replace_extension(".formatted"), *r.text);
  }
}

TEST_CASE("golden eval decisions for every example request") {
  auto files = cases(root / "examples/requests", ".json");
  REQUIRE(!files.empty());
  for (const auto& f : files) {
    INFO(f.string());
    const std::string stem = f.stem().string();
    const std::string prefix = stem.substr(0, stem.find("--"));
    const fs::path policy_file = root / "policies" / (prefix + ".loy");
    auto compiled = compile(dsl::Source(repo_path(policy_file), read(policy_file)));
    REQUIRE(compiled.policy);
    auto request = parse_request(*compiled.policy, read(f));
    const fs::path out = root / "tests/golden/eval" / stem;
    if (!request) {
      compare(fs::path(out).concat(".decision.json"), refusal_json(request.refusal()));
      continue;
    }
    const auto& r = request.value();
    auto decision =
        evaluate(*compiled.policy, r.member, r.order, r.redeem, {.trace = true, .journal = true});  // as `loyalty eval`
    if (!decision) {
      compare(fs::path(out).concat(".decision.json"), refusal_json(decision.refusal()));
      continue;
    }
    compare(fs::path(out).concat(".decision.json"), decision_json(*compiled.policy, r.order, decision.value()));
    compare(fs::path(out).concat(".explain.txt"), explain(*compiled.policy, r.member, r.order, decision.value()));
  }
}

TEST_CASE("golden rule graphs of the shipped policies") {
  auto files = cases(root / "policies", ".loy");
  REQUIRE(files.size() >= 4);
  for (const auto& f : files) {
    auto compiled = compile(dsl::Source(repo_path(f), read(f)));
    REQUIRE(compiled.policy);
    compare(root / "tests/golden/graph" / (f.stem().string() + ".txt"), dump_graph(*compiled.policy));
  }
}
