// Error recovery for the grammar: recover<R> matches R; when R raises a
// syntax error, the error is recorded in the parse state, the input is put
// back at the statement's start and the whole statement is skipped (to the
// end of its line, or past its balanced `{ ... }` block). The enclosing
// block then goes on with the next statement, so one run reports several
// errors.
#pragma once

#include <cstddef>

#include <tao/pegtl.hpp>

namespace loyalty::dsl::grammar {

// Bytes from `p` to the end of the statement that starts there.
inline std::size_t statement_length(const char* begin, const char* end) {
  const char* p = begin;
  int depth = 0;
  while (p < end) {
    const char c = *p;
    if (c == '"') {  // a string: skip to its closing quote or the line's end
      ++p;
      while (p < end && *p != '"' && *p != '\n') p += (*p == '\\' && p + 1 < end && p[1] != '\n') ? 2 : 1;
      if (p < end && *p == '"') ++p;
      continue;
    }
    if (c == '#') {
      while (p < end && *p != '\n') ++p;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (c == '}') {
      if (depth == 0) break;  // closes the enclosing block: not ours
      --depth;
    }
    ++p;
    if (depth == 0 && (c == '\n' || c == ';')) break;
  }
  return static_cast<std::size_t>(p - begin);
}

template <typename Rule>
struct recover {
  using rule_t = recover;
  using subs_t = tao::pegtl::type_list<Rule>;

  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename State>
  static bool match(ParseInput& in, State& state) {
    const auto start = in.iterator();
    try {
      const bool matched = Control<Rule>::template match<A, M, Action, Control>(in, state);
      state.end_statement();
      return matched;
    } catch (const tao::pegtl::parse_error& e) {
      state.syntax_error(e);
      in.iterator() = start;
      const std::size_t n = statement_length(in.current(), in.end());
      state.skipped(std::string_view(in.current(), n));
      in.bump(n);
      return n > 0;
    }
  }
};

}  // namespace loyalty::dsl::grammar
