// The parser's explicit state: the AST under construction, the token stack
// that value rules push and statement actions consume, and the diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tao/pegtl.hpp>


#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/parse.hpp"

namespace loyalty::dsl {

struct Token {
  enum class Kind { number, percent, ident, string, date, word, list };
  Kind kind = Kind::word;
  std::string text;
  Decimal number;
  Date date;
  Span span;
};

enum class Block { policy, tier, rule, review, reward };

// A syntax error with a code of its own (bad numbers and dates).
struct coded_error : tao::pegtl::parse_error {
  coded_error(Code code, const std::string& message, const tao::pegtl::position& p)
      : tao::pegtl::parse_error(message, p), code(code) {}
  Code code;
};

struct too_many_errors {};

struct ParseState {
  explicit ParseState(const char* text) : base(text) {}

  const char* base;
  std::optional<Policy> policy;
  Diagnostics diagnostics;
  std::vector<Token> tokens;
  std::vector<std::size_t> marks;
  std::vector<Condition> conditions;  // conditions of the `when` being read
  std::optional<When> when;           // the last complete `when` clause
  std::vector<ReviewAction> actions;  // actions of the review line being read
  Block block = Block::policy;

  void begin_statement() { marks.push_back(tokens.size()); }
  void end_statement() {
    tokens.resize(marks.back());
    marks.pop_back();
    conditions.clear();
    when.reset();
    actions.clear();
  }

  void syntax_error(const tao::pegtl::parse_error& e) {
    const auto* coded = dynamic_cast<const coded_error*>(&e);
    const auto& pos = e.positions().front();
    add(coded ? coded->code : Code::syntax_error, {static_cast<std::uint32_t>(pos.byte), static_cast<std::uint32_t>(pos.byte)},
        std::string(e.message()));
    if (policy) policy->syntax_error_offsets.push_back(static_cast<std::uint32_t>(pos.byte));
    if (!marks.empty()) {
      tokens.resize(marks.back());
      marks.pop_back();
      if (marks.empty()) block = Block::policy;  // a top-level item failed as a whole
    }
    conditions.clear();
    when.reset();
    actions.clear();
  }

  void add(Code code, Span span, std::string message) {
    if (diagnostics.size() >= max_diagnostics) {
      diagnostics.push_back(make_diagnostic(Code::too_many_errors, span, "too many errors; stopping here"));
      throw too_many_errors{};
    }
    diagnostics.push_back(make_diagnostic(code, span, std::move(message)));
  }

  // Tokens of the current statement.
  std::vector<Token> take() {
    std::vector<Token> out(tokens.begin() + static_cast<std::ptrdiff_t>(marks.back()), tokens.end());
    tokens.resize(marks.back());
    return out;
  }
};

}  // namespace loyalty::dsl
