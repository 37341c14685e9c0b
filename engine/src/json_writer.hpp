// Writes JSON straight into one string, in exactly the bytes nlohmann's
// dump() gives (indented by two spaces, or compact on one line), without
// building a document: decisions and member states are written once per
// order, and a document costs more than the evaluation. Bytes go into a
// buffer grown by doubling and written with memcpy: appending piece by piece
// to a std::string checked its capacity for every character.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"
#include "loyalty/dsl/decimal.hpp"
#include "loyalty/dsl/source.hpp"
#include "loyalty/loyalty.hpp"
#include "plain_text.hpp"

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
    put(indented_ ? std::string_view(": ") : std::string_view(":"));
    after_key_ = true;
  }
  // A key written in the code ("earned", "lots"): plain ASCII, copied as it is, quotes and colon in one piece.
  template <std::size_t N>
  void key(const char (&k)[N]) {
    constexpr std::size_t n = N - 1;
    assert(all_plain(std::string_view(k, n)));
    next();
    char* at = room(n + (indented_ ? 4 : 3));
    at[0] = '"';
    std::memcpy(at + 1, k, n);
    at[n + 1] = '"';
    at[n + 2] = ':';
    if (indented_) at[n + 3] = ' ';
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

  // An amount as the contract writes it: a string of `units` at `scale`
  // digits after the point (format_units' text), written in place.
  struct Units {
    std::int64_t units = 0;
    int scale = 0;
  };
  void value(Units v) {
    next();
    if (v.scale < 0 || v.scale > max_scale) {
      string(format_units(v.units, v.scale));
      return;
    }
    char digits[24];
    const auto magnitude = v.units < 0 ? 0ULL - static_cast<unsigned long long>(v.units) : static_cast<unsigned long long>(v.units);
    const auto n = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
    const auto scale = static_cast<std::size_t>(v.scale);
    const std::size_t whole = n > scale ? n - scale : 0, zeros = n > scale ? 0 : scale - n;  // zeros after the point
    char* at = room(2 + (v.units < 0) + std::max<std::size_t>(whole, 1) + (scale ? 1 + scale : 0));
    *at++ = '"';
    if (v.units < 0) *at++ = '-';
    if (whole) {
      std::memcpy(at, digits, whole);
      at += whole;
    } else {
      *at++ = '0';
    }
    if (scale) {
      *at++ = '.';
      std::memset(at, '0', zeros);
      std::memcpy(at + zeros, digits + whole, n - whole);
      at += scale;
    }
    *at = '"';
  }
  // A date as YYYY-MM-DD (to_string's text), digits written in place.
  void value(const Date& d) {
    next();
    char text[10];
    if (!date_digits(d, text)) {
      string(to_string(d));
      return;
    }
    char* at = room(12);
    at[0] = '"';
    std::memcpy(at + 1, text, 10);
    at[11] = '"';
  }
  void value(bool b) {
    next();
    put(b ? std::string_view("true") : std::string_view("false"));
  }

  template <typename T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  template <std::size_t N, typename T>
  void field(const char (&k)[N], const T& v) {
    key(k);
    value(v);
  }

  std::string take() {
    put('\n');
    out_.resize(size_);
    std::string text = std::move(out_);
    out_.clear();  // the writer starts afresh
    size_ = 0;
    return text;
  }

 private:
  // `n` bytes at the end of the text, for the caller to fill.
  char* room(std::size_t n) {
    if (out_.size() - size_ < n) grow(n);
    char* at = out_.data() + size_;
    size_ += n;
    return at;
  }
  void grow(std::size_t n) { out_.resize(std::max(2 * out_.size(), size_ + n + 256)); }
  void put(char c) { *room(1) = c; }
  void put(std::string_view s) { std::memcpy(room(s.size()), s.data(), s.size()); }

  void open(char bracket) {
    next();
    put(bracket);
    empty_.push_back(1);
  }
  void close(char bracket) {
    const bool was_empty = empty_.back() != 0;
    empty_.pop_back();
    if (indented_ && !was_empty) newline();
    put(bracket);
  }
  // Before a value or a key: the separator and the indentation, unless the
  // value follows its key.
  void next() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (empty_.empty()) return;  // the top-level value
    if (!empty_.back()) put(',');
    empty_.back() = 0;
    if (indented_) newline();
  }
  void newline() {
    const std::size_t indent = 2 * empty_.size();
    char* at = room(1 + indent);
    at[0] = '\n';
    std::memset(at + 1, ' ', indent);
  }
  template <typename Integer>
  void integer(Integer n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    put(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }
  void string(std::string_view s) {
    if (all_plain(s)) {  // goes out as it is: ASCII, nothing to escape (ids, tiers, dates, amounts)
      char* at = room(s.size() + 2);
      at[0] = '"';
      std::memcpy(at + 1, s.data(), s.size());
      at[s.size() + 1] = '"';
      return;
    }
    if (dsl::invalid_utf8(s)) {  // rare: nlohmann replaces what is broken with U+FFFD, its own way
      put(nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
    }
    put('"');
    for (const char c : s) {
      if (c == '"' || c == '\\') {
        put('\\');
        put(c);
      } else if (static_cast<unsigned char>(c) < 0x20) {
        switch (c) {  // as nlohmann writes them
          case '\b':
            put("\\b");
            break;
          case '\t':
            put("\\t");
            break;
          case '\n':
            put("\\n");
            break;
          case '\f':
            put("\\f");
            break;
          case '\r':
            put("\\r");
            break;
          default:
            put(fmt::format("\\u{:04x}", static_cast<unsigned>(c)));
        }
      } else {
        put(c);
      }
    }
    put('"');
  }

  bool indented_;
  bool after_key_ = false;
  std::vector<std::uint8_t> empty_;  // one per open container: 1 while nothing is in it yet
  std::string out_;                  // the text is its first size_ bytes
  std::size_t size_ = 0;
};

}  // namespace loyalty
