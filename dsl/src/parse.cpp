// Parsing: runs the PEGTL grammar over a source with the AST-building
// actions; syntax errors become diagnostics, never exceptions to the caller.
#include "loyalty/dsl/parse.hpp"

#include <cassert>
#include <cstdio>

#include "grammar.hpp"
#include "grammar_errors.hpp"
#include "parse_actions.hpp"
#include "parse_state.hpp"

namespace loyalty::dsl {

namespace pegtl = tao::pegtl;

bool Unread::skipped(std::string_view keyword, std::string_view name) const {
  for (const auto& s : statements) {
    const auto space = s.find(' ');
    if (std::string_view(s).substr(0, space) != keyword) continue;
    if (name.empty() || std::string_view(s).substr(space + 1) == name) return true;
  }
  return false;
}

ParseResult parse(const Source& source) {
  ParseResult result;
  const std::string& text = source.text();
  if (text.size() > max_policy_bytes) {
    result.diagnostics.push_back({Code::limit_exceeded,
                                  Severity::error,
                                  {0, 0},
                                  "the file is " + std::to_string(text.size()) + " bytes; a policy may be at most " +
                                      std::to_string(max_policy_bytes) + " bytes",
                                  ""});
    return result;
  }
  // The grammar reads UTF-8: say where it is not, rather than what the grammar expected there.
  if (const auto bad = invalid_utf8(text)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[*bad]));
    const Location at = source.locate(*bad);
    result.diagnostics.push_back(
        make_diagnostic(Code::syntax_error, {*bad, *bad},
                        "invalid UTF-8 at " + std::to_string(at.line) + ":" + std::to_string(at.column) + " (byte " + byte + ")",
                        "save the file as UTF-8"));
    return result;
  }
  ParseState state(text.data());
  pegtl::memory_input<> in(text.data(), text.data() + text.size(), source.name());
  try {
    try {
      pegtl::parse<grammar::policy_file, actions::action, grammar::control>(in, state);
      assert(state.parts.settled());  // every part read was taken by its statement
    } catch (const pegtl::parse_error& e) {
      state.syntax_error(e);  // may itself be the error too many
    }
  } catch (const too_many_errors&) {
    // the diagnostic saying so is already recorded
  }
  result.policy = std::move(state.policy);
  result.diagnostics = std::move(state.diagnostics);
  result.unread = std::move(state.unread);
  sort_diagnostics(result.diagnostics);
  return result;
}

}  // namespace loyalty::dsl
