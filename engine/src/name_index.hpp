// A flat, open-addressing index from a name (SKU, category path, tier or
// reward id) to a value. Built once at compile time; lookups hash eight bytes
// at a time, probe a contiguous array and never allocate.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace loyalty {

// The last 0 to 7 bytes of a key as one word, in at most two loads
// (overlapping when they meet), or its first, middle and last byte: with
// the count, every byte. SKUs and tier ids are mostly shorter than a word.
inline std::uint64_t short_word(const char* p, std::size_t n) {
  if (n >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    return first | static_cast<std::uint64_t>(last) << 32;
  }
  if (n == 0) return 0;
  return static_cast<unsigned char>(p[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
         static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
}

// A fast non-cryptographic hash for short keys (SKUs, category paths).
inline std::uint64_t key_hash(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  h = (h ^ short_word(p, n)) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

template <typename Value>
class NameIndex {
 public:
  void build(const std::vector<std::pair<std::string, Value>>& entries) {
    std::size_t capacity = 8;
    while (capacity < entries.size() * 2) capacity *= 2;
    assert(entries.size() < capacity);  // a free slot always ends a probe
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    keys_.clear();
    for (const auto& [key, value] : entries) {
      const std::uint64_t h = key_hash(key);
      std::size_t i = h & mask_;
      while (slots_[i].used) i = (i + 1) & mask_;
      slots_[i] = {h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), value, true};
      keys_ += key;
    }
    empty_ = entries.empty();
    // A few short keys (tiers, a handful of rewards) are compared in place: no hash, no probe.
    small_ = entries.size() <= max_small &&
             std::all_of(entries.begin(), entries.end(), [](const auto& e) { return e.first.size() <= 16; });
    small_keys_.clear();
    small_values_.clear();
    if (small_) {
      for (const auto& [key, value] : entries) {
        small_keys_.push_back(pack(key));
        small_values_.push_back(value);
      }
    }
  }

  bool empty() const { return empty_; }

  const Value* find(std::string_view key, std::uint64_t hash) const {
    if (small_) return find_small(key);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == hash && s.key_len == key.size() && same_key(keys_.data() + s.key_begin, key)) return &s.value;
    }
  }
  const Value* find(std::string_view key) const {
    if (small_) return find_small(key);
    return empty_ ? nullptr : find(key, key_hash(key));
  }

  // Every entry, sorted by name (for dumps).
  std::vector<std::pair<std::string_view, Value>> entries() const {
    std::vector<std::pair<std::string_view, Value>> out;
    for (const Slot& s : slots_) {
      if (s.used) out.emplace_back(std::string_view(keys_).substr(s.key_begin, s.key_len), s.value);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

 private:
  // Equal lengths already checked; keys of up to 16 bytes compare as two
  // words (overlapping when shorter) without a library call.
  static bool same_key(const char* stored, std::string_view key) {
    const std::size_t n = key.size();
    const char* k = key.data();
    if (n > 16) return std::memcmp(stored, k, n) == 0;
    if (n >= 8) return same_bytes<8>(stored, k) && same_bytes<8>(stored + n - 8, k + n - 8);
    if (n >= 4) return same_bytes<4>(stored, k) && same_bytes<4>(stored + n - 4, k + n - 4);
    for (std::size_t i = 0; i < n; ++i) {
      if (stored[i] != k[i]) return false;
    }
    return true;
  }
  template <std::size_t N>
  static bool same_bytes(const char* a, const char* b) {
    using Word = std::conditional_t<N == 8, std::uint64_t, std::uint32_t>;
    Word x, y;
    std::memcpy(&x, a, N);
    std::memcpy(&y, b, N);
    return x == y;
  }

  // A key of up to 16 bytes as two words and its length: the first and last
  // eight bytes (overlapping when they meet), or short_word of a shorter
  // key; together with the length, every byte.
  struct Packed {
    std::uint64_t head = 0, tail = 0;
    std::uint64_t size = 0;
  };
  static Packed pack(std::string_view key) {
    const std::size_t n = key.size();
    const char* k = key.data();
    Packed out{.size = n};
    if (n >= 8) {
      std::memcpy(&out.head, k, 8);
      std::memcpy(&out.tail, k + n - 8, 8);
    } else {
      out.head = short_word(k, n);
    }
    return out;
  }
  const Value* find_small(std::string_view key) const {
    if (key.size() > 16) return nullptr;
    const Packed k = pack(key);
    // Without a branch per key: which key matches is the input's to choose.
    std::size_t found = small_keys_.size();
    for (std::size_t i = 0; i < small_keys_.size(); ++i) {
      const Packed& s = small_keys_[i];
      found = ((s.head ^ k.head) | (s.tail ^ k.tail) | (s.size ^ k.size)) == 0 ? i : found;
    }
    return found < small_keys_.size() ? &small_values_[found] : nullptr;
  }
  static constexpr std::size_t max_small = 8;

  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key_begin = 0, key_len = 0;
    Value value{};
    bool used = false;
  };
  std::vector<Slot> slots_{Slot{}};
  std::string keys_;
  std::size_t mask_ = 0;
  bool empty_ = true;
  bool small_ = false;
  std::vector<Packed> small_keys_;
  std::vector<Value> small_values_;
};

}  // namespace loyalty
