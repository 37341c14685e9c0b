// JSON string text that needs no escaping and no Unicode work: printable
// ASCII other than the quote and the backslash. The JSON writer copies such
// text as it is; the fast readers take strings made only of it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loyalty {

inline bool plain_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
}

// Eight bytes at a time: a mark in each byte >= 0x80, < 0x20, a quote or a
// backslash. Bytes before the first such byte are never marked (nothing
// borrows across them), so the lowest mark is exactly the first byte that
// is not plain, and the word has no mark exactly when all of it is plain.
inline std::uint64_t plain_marks(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  const auto zero_bytes = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  return (w & highs) | ((w - 0x20 * ones) & highs) | zero_bytes(w ^ ('"' * ones)) | zero_bytes(w ^ ('\\' * ones));
}

// How many bytes `s` starts with that are plain: sixteen at a time where
// SSE2 is there (every x86-64), then eight at a time, then one.
inline std::size_t plain_prefix(std::string_view s) {
  std::size_t i = 0;
#if defined(__SSE2__)
  // As signed bytes, those below 0x20 are the control characters and every byte >= 0x80.
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i marks =
        _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(marks))) return i + static_cast<std::size_t>(std::countr_zero(mask));
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (const std::uint64_t marks = plain_marks(w)) return i + static_cast<std::size_t>(std::countr_zero(marks)) / 8;
    }
  }
  while (i < s.size() && plain_byte(s[i])) ++i;
  return i;
}

// Whether every byte of `s` is plain (plain_prefix(s) == s.size()): for
// the short texts a JSON writer mostly writes (keys, ids, amounts, dates),
// a test of one or two words loaded whole, overlapping where they meet.
inline bool all_plain(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    if (n >= 8 && n <= 16) {
      std::uint64_t head, tail;
      std::memcpy(&head, p, 8);
      std::memcpy(&tail, p + n - 8, 8);
      return (plain_marks(head) | plain_marks(tail)) == 0;
    }
    if (n >= 4 && n < 8) {
      std::uint32_t head, tail;
      std::memcpy(&head, p, 4);
      std::memcpy(&tail, p + n - 4, 4);
      return plain_marks(head | static_cast<std::uint64_t>(tail) << 32) == 0;
    }
    if (n < 4) {
      if (n == 0) return true;
      // The first, middle and last bytes are every byte; the other five are a plain 'a'.
      const std::uint64_t w = ('a' * ones) << 24 | static_cast<unsigned char>(p[0]) |
                              static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
                              static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
      return plain_marks(w) == 0;
    }
  }
  return plain_prefix(s) == n;
}

}  // namespace loyalty
