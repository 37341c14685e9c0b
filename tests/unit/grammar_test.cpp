// PEGTL's own grammar analysis: no rule can loop without consuming input.
#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar.hpp"

// recover<R> (the statement-level error recovery) consumes as R does.
template <typename Name, typename Rule>
struct tao::pegtl::analyze_traits<Name, loyalty::dsl::grammar::recover<Rule>> : tao::pegtl::analyze_seq_traits<Rule> {};

TEST_CASE("the grammar has no rule that can loop without consuming input") {
  CHECK(tao::pegtl::analyze<loyalty::dsl::grammar::policy_file>(-1) == 0);
}
