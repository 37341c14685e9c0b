// Reading JSON-lines files (events, member states) a block at a time, with
// the line limit of every JSON input: memory stays bounded whatever a line
// holds.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "loyalty/json.hpp"

namespace loyalty::cli {

// Reads a JSON-lines file a block at a time, calling `line(text, number)`
// for each non-blank line (without its end of line). False when the file
// cannot be read, a line is too long, or `line` says stop.
template <typename F>
bool each_line(const std::string& path, Progress* progress, F line) {
  std::ifstream file;
  std::istream* input = open_input(path, file);
  if (!input) return false;
  std::istream& in = *input;
  constexpr std::size_t block = 1 << 20;
  std::string buffer;
  std::size_t begin = 0, end = 0;  // the unread bytes
  std::int64_t number = 0;
  std::uintmax_t done = 0;
  for (bool eof = false; !eof || begin < end;) {
    const char* nl = static_cast<const char*>(std::memchr(buffer.data() + begin, '\n', end - begin));
    if (!nl && !eof) {
      // Move what is left to the front and read another block after it.
      if (end - begin > max_json_bytes) {
        std::cerr << fmt::format("{}:{}: the line is longer than {} bytes\n", path, number + 1, max_json_bytes);
        return false;
      }
      // The buffer only grows (resizing it for each block zeroed a megabyte each time).
      std::memmove(buffer.data(), buffer.data() + begin, end - begin);
      end -= begin;
      begin = 0;
      if (buffer.size() < end + block) buffer.resize(end + block);
      in.read(buffer.data() + end, block);
      if (in.bad()) {
        std::cerr << path << ": cannot read the file\n";
        return false;
      }
      const auto n = static_cast<std::size_t>(in.gcount());
      eof = n < block;
      end += n;
      done += n;
      continue;
    }
    const std::size_t stop = nl ? static_cast<std::size_t>(nl - buffer.data()) : end;
    std::string_view text(buffer.data() + begin, stop - begin);
    begin = nl ? stop + 1 : end;
    ++number;
    if (text.size() > max_json_bytes) {
      std::cerr << fmt::format("{}:{}: the line is longer than {} bytes\n", path, number, max_json_bytes);
      return false;
    }
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (!line(text, number)) return false;
    if (progress && (number & 0x3ff) == 0) progress->update(number, done);
  }
  return true;
}

}  // namespace loyalty::cli
