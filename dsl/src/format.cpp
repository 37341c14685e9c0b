// Formatting: a policy that parses is re-laid out token by token (so every
// comment stays where it was), then proven: the output must parse to the
// same AST and formatting it again must change nothing.
//
// Layout: one statement a line, two spaces per block level, `{` ending its
// header line and `}` on a line of its own, single spaces between tokens
// (none before `,` `:` `]`, none after `[`), `{}` for an empty block, lists
// joined onto one line, at
// most one blank line in a row and none just inside a block, `;` turned into
// line breaks, one newline at the end.
#include "loyalty/dsl/format.hpp"

#include <string_view>
#include <vector>

#include "loyalty/dsl/parse.hpp"

namespace loyalty::dsl {

namespace {

struct Tok {
  enum class Kind { word, string, comment, punct, newline };
  Kind kind;
  std::string_view text;
};

bool is_punct(char c) { return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ';' || c == ':'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::vector<Tok> lex(std::string_view s) {
  std::vector<Tok> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      out.push_back({Tok::Kind::newline, s.substr(i, 1)});
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
      ++i;
    } else if (c == '#') {
      std::size_t j = s.find('\n', i);
      if (j == std::string_view::npos) j = s.size();
      std::string_view text = s.substr(i, j - i);
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
      out.push_back({Tok::Kind::comment, text});
      i = j;
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '"' && s[j] != '\n') j += (s[j] == '\\' && j + 1 < s.size()) ? 2 : 1;
      j = std::min(j + 1, s.size());
      out.push_back({Tok::Kind::string, s.substr(i, j - i)});
      i = j;
    } else if (is_punct(c) && !(c == ':' && i > 0 && is_digit(s[i - 1]) && i + 1 < s.size() && is_digit(s[i + 1]))) {
      out.push_back({Tok::Kind::punct, s.substr(i, 1)});
      ++i;
    } else {
      std::size_t j = i;
      while (j < s.size()) {
        const char d = s[j];
        if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '"' || d == '#' || d == '\v' || d == '\f') break;
        if (is_punct(d) && !(d == ':' && j > i && is_digit(s[j - 1]) && j + 1 < s.size() && is_digit(s[j + 1]))) break;
        ++j;
      }
      out.push_back({Tok::Kind::word, s.substr(i, j - i)});
      i = j;
    }
  }
  return out;
}

class Layout {
 public:
  std::string run(const std::vector<Tok>& tokens) {
    for (const Tok& t : tokens) {
      // A block opener keeps a comment on its line; anything else starts the block's first line.
      if (opened_ && t.kind == Tok::Kind::punct && t.text == "}") {  // an empty block stays `{}`
        line_ += '}';
        opened_ = false;
        continue;
      }
      if (opened_ && t.kind != Tok::Kind::comment && t.kind != Tok::Kind::newline) end_line();
      switch (t.kind) {
        case Tok::Kind::newline:
          if (brackets_ > 0 && !after_comment_) break;  // lists are joined onto one line
          if (line_.empty() && !after_comment_) {
            pending_blank_ = true;
          }
          end_line();
          break;
        case Tok::Kind::comment:
          if (!line_.empty()) line_ += ' ';
          line_ += t.text;
          after_comment_ = true;
          break;
        case Tok::Kind::punct:
          punct(t.text[0]);
          break;
        default:
          word(t.text);
          break;
      }
    }
    end_line();
    return std::move(out_);
  }

 private:
  std::string out_;
  std::string line_;
  int depth_ = 0;
  int brackets_ = 0;
  bool pending_blank_ = false;
  bool after_comment_ = false;
  bool no_space_next_ = false;
  bool last_opened_ = true;  // the last line written opened a block (or nothing was written)
  bool opened_ = false;      // the current line ends with `{`

  void word(std::string_view text) {
    if (!line_.empty() && !no_space_next_) line_ += ' ';
    line_ += text;
    no_space_next_ = false;
  }

  void punct(char c) {
    switch (c) {
      case '{':
        word("{");
        opened_ = true;
        break;
      case '}':
        end_line();
        pending_blank_ = false;
        if (depth_ > 0) --depth_;
        line_ = "}";
        break;
      case '[':
        word("[");
        ++brackets_;
        no_space_next_ = true;
        break;
      case ']':
        if (brackets_ > 0) --brackets_;
        line_ += ']';
        no_space_next_ = false;
        break;
      case ';':
        end_line();
        break;
      default:  // , :
        line_ += c;
        no_space_next_ = false;
        break;
    }
  }

  void end_line() {
    after_comment_ = false;
    no_space_next_ = false;
    if (line_.empty()) return;
    const bool closes = line_[0] == '}';
    if (pending_blank_ && !last_opened_ && !closes && !out_.empty()) out_ += '\n';
    pending_blank_ = false;
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    out_ += line_;
    out_ += '\n';
    last_opened_ = false;
    line_.clear();
    if (opened_) {
      ++depth_;
      opened_ = false;
      last_opened_ = true;
      pending_blank_ = false;
    }
  }
};

// A byte-order mark stays at the very start, outside the layout.
std::string lay_out(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.starts_with(bom)) return std::string(bom) + Layout().run(lex(text.substr(bom.size())));
  return Layout().run(lex(text));
}

}  // namespace

FormatResult format(const Source& source) {
  FormatResult result;
  ParseResult parsed = parse(source);
  result.diagnostics = parsed.diagnostics;
  if (has_errors(parsed.diagnostics) || !parsed.policy) return result;

  std::string text = lay_out(source.text());
  const Source again(source.name(), text);
  ParseResult reparsed = parse(again);
  const bool same_ast = !has_errors(reparsed.diagnostics) && reparsed.policy && dump(*reparsed.policy) == dump(*parsed.policy);
  if (!same_ast || lay_out(text) != text) {
    result.diagnostics.push_back({Code::format_unproven,
                                  Severity::error,
                                  {0, 0},
                                  same_ast ? "formatting this file twice gives different text; it is left unchanged"
                                           : "the formatted text would not be the same policy; it is left unchanged",
                                  "please report this file"});
    return result;
  }
  result.text = std::move(text);
  return result;
}

}  // namespace loyalty::dsl
