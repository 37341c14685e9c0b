// The grammar: PEGTL's own analysis (no rule can loop without consuming
// input), and its keywords against the EBNF in docs/language.md.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "grammar.hpp"

// recover<R> (the statement-level error recovery) consumes as R does.
template <typename Name, typename Rule>
struct tao::pegtl::analyze_traits<Name, loyalty::dsl::grammar::recover<Rule>> : tao::pegtl::analyze_seq_traits<Rule> {};

TEST_CASE("the grammar has no rule that can loop without consuming input") {
  CHECK(tao::pegtl::analyze<loyalty::dsl::grammar::policy_file>(-1) == 0);
}

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every match of `pattern`'s first group in `text`.
std::set<std::string> matches(const std::string& text, const std::regex& pattern) {
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

}  // namespace

TEST_CASE("the EBNF in docs/language.md has the grammar's keywords, and no others") {
  const std::string root = LOYALTY_SOURCE_DIR;
  const std::string grammar = read(root + "/dsl/src/grammar.hpp") + read(root + "/dsl/src/keywords.def");
  std::set<std::string> keywords = matches(grammar, std::regex(R"re(LOYALTY_KW\(\w+, "(\w+)"\))re"));
  keywords.erase("text");  // the macro's own definition
  for (const auto& day : matches(grammar, std::regex(R"re(TAO_PEGTL_KEYWORD\("(\w+)"\))re"))) keywords.insert(day);
  REQUIRE(keywords.size() > 70);

  const std::string doc = read(root + "/docs/language.md");
  const auto section = doc.find("## Grammar\n");
  REQUIRE(section != std::string::npos);
  const auto open = doc.find("```\n", section);
  const auto close = doc.find("```\n", open + 4);
  REQUIRE(close != std::string::npos);
  const std::string ebnf = doc.substr(open, close - open);
  const std::set<std::string> terminals = matches(ebnf, std::regex(R"('([a-z_]+)')"));

  for (const auto& k : keywords) {
    INFO("grammar keyword missing from the EBNF: " << k);
    CHECK(terminals.count(k) == 1);
  }
  for (const auto& t : terminals) {
    INFO("EBNF keyword the grammar does not have: " << t);
    CHECK(keywords.count(t) == 1);
  }
}
