// Source files and spans: byte offsets into a policy's text, mapped to
// 1-based lines and character (not byte) columns for diagnostics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::dsl {

// A half-open byte range [begin, end) in one source text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Location {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in Unicode code points
};

class Source {
 public:
  // A lone CR ends a line, as LF and CRLF do (it is read as LF).
  Source(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  Location locate(std::uint32_t offset) const;
  // The text of a 1-based line, without its line break.
  std::string_view line_text(std::uint32_t line) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// Number of code points in a UTF-8 byte range (invalid bytes count as one).
std::uint32_t count_code_points(std::string_view bytes);

// The offset of the first byte that is not valid UTF-8, or nothing.
std::optional<std::uint32_t> invalid_utf8(std::string_view bytes);

}  // namespace loyalty::dsl
