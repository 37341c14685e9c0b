// JSON string text that needs no escaping and no Unicode work: printable
// ASCII other than the quote and the backslash. The JSON writer copies such
// text as it is; the fast readers take strings made only of it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace loyalty {

inline bool plain_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
}

// How many bytes `s` starts with that are plain, eight at a time.
inline std::size_t plain_prefix(std::string_view s) {
  std::size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    const auto zero_bytes = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      // A byte >= 0x80, < 0x20, a quote, a backslash. Bytes before the first
      // such byte are never marked (nothing borrows across them), so the
      // lowest mark is exactly the first byte that is not plain.
      const std::uint64_t marks =
          (w & highs) | ((w - 0x20 * ones) & highs) | zero_bytes(w ^ ('"' * ones)) | zero_bytes(w ^ ('\\' * ones));
      if (marks) return i + static_cast<std::size_t>(std::countr_zero(marks)) / 8;
    }
  }
  while (i < s.size() && plain_byte(s[i])) ++i;
  return i;
}

}  // namespace loyalty
