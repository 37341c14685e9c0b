// Rendering diagnostics: text with the source line and a caret (columns in
// characters, so Vietnamese text lines up), JSON, and SARIF 2.1.0.
#include "loyalty/dsl/render.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace loyalty::dsl {

namespace {

const char* severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

nlohmann::ordered_json location(const Source& source, const Diagnostic& d) {
  const Location begin = source.locate(d.span.begin);
  const Location end = source.locate(std::max(d.span.end, d.span.begin));
  return {{"line", begin.line}, {"column", begin.column}, {"end_line", end.line}, {"end_column", end.column}};
}

std::string dump_json(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// A long source line is cut around the caret, so that a megabyte on one
// line prints as a screenful under each diagnostic, not a megabyte.
constexpr std::uint32_t context_chars = 60;

struct Shown {
  std::string_view text;  // the part of the line shown
  std::uint32_t column;   // the caret's column within it, 1-based
  bool cut_before, cut_after;
};

Shown window(std::string_view line, std::uint32_t column) {
  // The byte offset of the character at 1-based `target` (the end if past it).
  auto offset_of = [&](std::uint32_t target) {
    std::uint32_t col = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80 && ++col == target) return i;
    }
    return line.size();
  };
  if (count_code_points(line) <= 2 * context_chars + 20) return {line, column, false, false};
  const std::uint32_t first = column > context_chars ? column - context_chars : 1;
  const std::size_t begin = first > 1 ? offset_of(first) : 0;
  const std::size_t end = offset_of(column + context_chars);
  return {line.substr(begin, end - begin), column - first + 1, begin > 0, end < line.size()};
}

}  // namespace

std::string render_text(const Source& source, const Diagnostics& diagnostics, bool colour) {
  std::string out;
  const char* bold = colour ? "\x1b[1m" : "";
  const char* reset = colour ? "\x1b[0m" : "";
  for (const auto& d : diagnostics) {
    const Location at = source.locate(d.span.begin);
    const char* hue = !colour ? "" : d.severity == Severity::error ? "\x1b[1;31m" : "\x1b[1;33m";
    out += fmt::format("{}{}:{}:{}:{} {}{}:{} {}{} [{}]\n", bold, source.name(), at.line, at.column, reset, hue,
                       severity_name(d.severity), reset, bold, d.message, name(d.code));
    out += reset;
    const Shown shown = window(source.line_text(at.line), at.column);
    const std::string_view line = shown.text;
    const char* before = shown.cut_before ? "..." : "";
    out += fmt::format("  {}{}{}\n", before, line, shown.cut_after ? "..." : "");
    // The caret line copies the tabs of the source line so it lines up.
    std::string pad = before;
    std::uint32_t col = 1;
    for (std::size_t i = 0; i < line.size() && col < shown.column; ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
      pad += line[i] == '\t' ? '\t' : ' ';
      ++col;
    }
    const Location end = source.locate(d.span.end);
    std::uint32_t width = 1;
    if (end.line == at.line && end.column > at.column) width = std::min(end.column - at.column, context_chars);
    out += fmt::format("  {}{}^{}{}\n", pad, hue, std::string(width - 1, '~'), reset);
    if (!d.help.empty()) out += fmt::format("  = help: {}\n", d.help);
  }
  return out;
}

std::string render_json(const std::vector<FileDiagnostics>& files) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& f : files) {
    for (const auto& d : f.diagnostics) {
      nlohmann::ordered_json j = {
          {"file", f.source->name()}, {"severity", severity_name(d.severity)}, {"code", name(d.code)}, {"message", d.message}};
      j.update(location(*f.source, d));
      if (!d.help.empty()) j["help"] = d.help;
      list.push_back(std::move(j));
    }
  }
  return dump_json({{"diagnostics", list}});
}

std::string render_sarif(const std::vector<FileDiagnostics>& files) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const auto& c : all_codes()) {
    rules.push_back({{"id", c.name},
                     {"shortDescription", {{"text", c.summary}}},
                     {"defaultConfiguration", {{"level", severity_name(c.severity)}}}});
  }
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& f : files) {
    for (const auto& d : f.diagnostics) {
      const auto loc = location(*f.source, d);
      results.push_back({{"ruleId", name(d.code)},
                         {"level", severity_name(d.severity)},
                         {"message", {{"text", d.help.empty() ? d.message : d.message + " (" + d.help + ")"}}},
                         {"locations",
                          {{{"physicalLocation",
                             {{"artifactLocation", {{"uri", f.source->name()}}},
                              {"region",
                               {{"startLine", loc["line"]},
                                {"startColumn", loc["column"]},
                                {"endLine", loc["end_line"]},
                                {"endColumn", loc["end_column"]}}}}}}}}});
    }
  }
  nlohmann::ordered_json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool", {{"driver", {{"name", "loyalty"}, {"informationUri", "docs/diagnostics.md"}, {"rules", rules}}}}},
         {"results", results}}}}};
  return dump_json(sarif);
}

namespace {

// Workflow command escaping: the message, and property values too.
std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (const char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string render_github(const std::vector<FileDiagnostics>& files) {
  std::string out;
  for (const auto& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      const Location begin = f.source->locate(d.span.begin), end = f.source->locate(d.span.end);
      out += fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}{}\n",
                         d.severity == Severity::error ? "error" : "warning", github_escape(f.source->name(), true), begin.line,
                         begin.column, end.line, end.column, github_escape(name(d.code), true), github_escape(d.message, false),
                         d.help.empty() ? "" : github_escape("\nhelp: " + d.help, false));
    }
  }
  return out;
}

}  // namespace loyalty::dsl
