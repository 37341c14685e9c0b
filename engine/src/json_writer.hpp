// Writes JSON straight into one string, in exactly the bytes nlohmann's
// dump() gives (indented by two spaces, or compact on one line), without
// building a document: decisions and member states are written once per
// order, and a document costs more than the evaluation.
#pragma once

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/dsl/source.hpp"

namespace loyalty {

class JsonWriter {
 public:
  explicit JsonWriter(bool indented) : indented_(indented) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // A member's key; its value follows.
  void key(std::string_view k) {
    next();
    string(k);
    out_ += indented_ ? ": " : ":";
    after_key_ = true;
  }

  void value(std::string_view s) {
    next();
    string(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(std::int64_t n) {
    next();
    integer(n);
  }
  void value(std::uint64_t n) {
    next();
    integer(n);
  }
  void value(int n) { value(static_cast<std::int64_t>(n)); }
  void value(bool b) {
    next();
    out_ += b ? "true" : "false";
  }

  template <typename T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  std::string take() {
    out_ += '\n';
    return std::move(out_);
  }

 private:
  void open(char bracket) {
    next();
    out_ += bracket;
    empty_.push_back(true);
  }
  void close(char bracket) {
    const bool was_empty = empty_.back();
    empty_.pop_back();
    if (indented_ && !was_empty) newline();
    out_ += bracket;
  }
  // Before a value or a key: the separator and the indentation, unless the
  // value follows its key.
  void next() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (empty_.empty()) return;  // the top-level value
    if (!empty_.back()) out_ += ',';
    empty_.back() = false;
    if (indented_) newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(2 * empty_.size(), ' ');
  }
  template <typename Integer>
  void integer(Integer n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out_.append(digits, end);
  }
  // Whether `s` goes out as it is: ASCII, nothing to escape (ids, tiers, dates, amounts).
  static bool plain(std::string_view s) {
    for (const char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
  }
  void string(std::string_view s) {
    if (plain(s)) {
      out_ += '"';
      out_ += s;
      out_ += '"';
      return;
    }
    if (dsl::invalid_utf8(s)) {  // rare: nlohmann replaces what is broken with U+FFFD, its own way
      out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    out_ += '"';
    for (const char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        switch (c) {  // as nlohmann writes them
          case '\b':
            out_ += "\\b";
            break;
          case '\t':
            out_ += "\\t";
            break;
          case '\n':
            out_ += "\\n";
            break;
          case '\f':
            out_ += "\\f";
            break;
          case '\r':
            out_ += "\\r";
            break;
          default:
            fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<unsigned>(c));
        }
      } else {
        out_ += c;
      }
    }
    out_ += '"';
  }

  bool indented_;
  bool after_key_ = false;
  std::vector<bool> empty_;  // one per open container: nothing in it yet
  std::string out_;
};

}  // namespace loyalty
