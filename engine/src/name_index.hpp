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
#include <vector>

namespace loyalty {

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
  std::uint64_t tail = 0;
  for (std::size_t i = 0; i < n; ++i) tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
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
  }

  bool empty() const { return empty_; }

  const Value* find(std::string_view key, std::uint64_t hash) const {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == hash && s.key_len == key.size() && same_key(keys_.data() + s.key_begin, key)) return &s.value;
    }
  }
  const Value* find(std::string_view key) const { return empty_ ? nullptr : find(key, key_hash(key)); }

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
  // Equal lengths already checked; short keys compare without a library call.
  static bool same_key(const char* stored, std::string_view key) {
    if (key.size() > 16) return std::memcmp(stored, key.data(), key.size()) == 0;
    for (std::size_t i = 0; i < key.size(); ++i) {
      if (stored[i] != key[i]) return false;
    }
    return true;
  }

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
};

}  // namespace loyalty
