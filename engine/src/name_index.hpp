// A flat index from a name (SKU, category path, tier or reward id) to a
// value. Built once at compile time; lookups never allocate. Keys of up to
// 16 bytes, which SKUs, category paths and ids mostly are, are kept packed
// in their slots and found without a branch on what is found; longer keys
// go to an open-addressing table hashed eight bytes at a time.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace loyalty {

// The 0 to 8 bytes at p as one word, zero above them, in at most two loads
// (overlapping where they meet), or from its first, middle and last byte:
// with the count, every byte. SKUs and tier ids are mostly shorter than a word.
inline std::uint64_t padded_word(const char* p, std::size_t n) {
  if (n >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    return first | static_cast<std::uint64_t>(last) << (8 * (n - 4));
  }
  if (n == 0) return 0;
  return static_cast<unsigned char>(p[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << (8 * (n / 2)) |
         static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1));
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
  h = (h ^ padded_word(p, n)) * 0xc4ceb9fe1a85ec53ull;
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
    // A few short keys (tiers, a handful of rewards) are placed in a small
    // table by a multiplier under which no two share a slot: a lookup packs
    // the key, multiplies once and compares one slot, with no hash loop and
    // no probe. Where no multiplier of those tried places them all apart,
    // the hashed table above serves.
    small_ = false;
    if (entries.size() <= max_small &&
        std::all_of(entries.begin(), entries.end(), [](const auto& e) { return e.first.size() <= 16; })) {
      std::vector<Packed> packed;
      for (const auto& entry : entries) packed.push_back(pack(entry.first));
      for (std::uint64_t t = 1; t <= 256 && !small_; ++t) {
        small_multiplier_ = mix(t * 0x9E3779B97F4A7C15ull) | 1;
        small_slots_.fill(0);
        small_ = true;
        for (std::size_t i = 0; i < packed.size() && small_; ++i) {
          std::uint8_t& slot = small_slots_[small_slot(packed[i])];
          small_ = slot == 0;
          slot = static_cast<std::uint8_t>(i + 1);
        }
      }
      // Entry 0 matches no key (no key is longer than 16 bytes): the empty slots point at it.
      small_keys_.assign(1, Packed{.size = ~std::uint64_t{0}});
      small_values_.assign(1, Value{});
      for (std::size_t i = 0; i < entries.size(); ++i) {
        small_keys_.push_back(packed[i]);
        small_values_.push_back(entries[i].second);
      }
    }
    build_packed(entries);
  }

  bool empty() const { return empty_; }
  // Whether the keys are kept packed in their slots (all of 16 bytes or less, more than a few).
  bool packed() const { return packed_; }

  const Value* find(std::string_view key) const {
    if (packed_) return key.size() <= 16 ? find_packed(pack(key)) : nullptr;
    if (small_) return find_small(key);
    return find_hashed(key);
  }

  // The entry of a path ("Food/Bakery/Bread") or else of its nearest
  // ancestor ("Food/Bakery", then "Food"); null if none.
  const Value* nearest(std::string_view path) const {
    if (empty_ || path.empty()) return nullptr;
    if (!packed_ || path.size() > 16 || std::endian::native != std::endian::little) return nearest_by_levels(path);
    // Every level is looked up, the root first, and the deepest found is
    // kept: whether a leaf has an entry of its own is as good as random, and
    // a branch on it dearer than the lookup it would save. The levels are
    // the whole path's packed words cut short at each '/'.
    const Packed whole = pack(path);
    const Value* found = nullptr;
    const auto levels_in = [&](std::uint64_t word, std::uint64_t first_byte) {
      for (std::uint64_t marks = slash_marks(word); marks; marks &= marks - 1) {
        const Value* level = find_packed(prefix(whole, first_byte + static_cast<std::uint64_t>(std::countr_zero(marks)) / 8));
        found = level ? level : found;
      }
    };
    levels_in(whole.head, 0);
    levels_in(whole.tail, 8);
    const Value* leaf = find_packed(whole);
    return leaf ? leaf : found;
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
  // The hashed table's lookup, kept out of line so that the packed and
  // small ones inline where they are called.
  [[gnu::noinline]] const Value* find_hashed(std::string_view key) const {
    if (empty_) return nullptr;
    const std::uint64_t hash = key_hash(key);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == hash && s.key_len == key.size() && same_key(keys_.data() + s.key_begin, key)) return &s.value;
    }
  }
  const Value* nearest_by_levels(std::string_view path) const {
    while (true) {
      if (const Value* found = find(path)) return found;
      const auto slash = path.rfind('/');
      if (slash == std::string_view::npos) return nullptr;
      path = path.substr(0, slash);
    }
  }

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

  // A key of up to 16 bytes as two words and its length: bytes 0 to 7 and
  // 8 to 15, zero where the key has none; with the length, every byte. A
  // prefix of the key is its words cut short (first_bytes).
  struct Packed {
    std::uint64_t head = 0, tail = 0;
    std::uint64_t size = 0;
  };
  static Packed pack(std::string_view key) {
    const std::size_t n = key.size();
    const char* k = key.data();
    Packed out{.size = n};
    if (n > 8) {
      std::memcpy(&out.head, k, 8);
      out.tail = padded_word(k + 8, n - 8);
    } else {
      out.head = padded_word(k, n);
    }
    return out;
  }
  // The first n (0 to 7) bytes of a packed word.
  static std::uint64_t first_bytes(std::uint64_t word, std::uint64_t n) { return word & ((std::uint64_t{1} << (8 * n)) - 1); }
  // The first n (0 to 15) bytes of a packed key, packed.
  static Packed prefix(const Packed& key, std::uint64_t n) {
    if (n < 8) return {.head = first_bytes(key.head, n), .tail = 0, .size = n};
    return {.head = key.head, .tail = first_bytes(key.tail, n - 8), .size = n};
  }
  // 0x80 in exactly the bytes of a packed word that are '/' (padding is 0, never '/').
  static std::uint64_t slash_marks(std::uint64_t word) {
    constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu;
    const std::uint64_t x = word ^ ('/' * 0x0101010101010101u);
    return ~(((x & low7) + low7) | x | low7);
  }
  // A word of the packed key that differs for different keys of one set
  // (in practice: build() checks that the slots do), and its slot.
  static std::uint64_t mix(std::uint64_t x) {
    x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ull;
    return x ^ (x >> 29);
  }
  std::size_t small_slot(const Packed& k) const {
    return static_cast<std::size_t>(((k.head ^ mix(k.tail) ^ k.size) * small_multiplier_) >> (64 - small_bits));
  }
  const Value* find_small(std::string_view key) const {
    if (key.size() > 16) return nullptr;
    const Packed k = pack(key);
    const std::size_t i = small_slots_[small_slot(k)];
    const Packed& s = small_keys_[i];
    return ((s.head ^ k.head) | (s.tail ^ k.tail) | (s.size ^ k.size)) == 0 ? &small_values_[i] : nullptr;
  }
  // Keys of up to 16 bytes, any number of them: each sits in one of two
  // slots its packed words pick (cuckoo hashing), so a lookup compares two
  // slots and selects the match without branching on which one, or whether
  // any, matched: whether a SKU has rules is as good as random, and a
  // mispredicted branch on it costs more than the rest of the lookup. Where
  // the keys cannot be placed (a longer key, or no placement found in a few
  // sizes of table), the hashed table serves.
  struct PackedSlot {
    Packed key{.size = ~std::uint64_t{0}};  // empty: matches no key
    Value value{};
  };
  static std::uint64_t packed_hash(const Packed& k) {
    return mix(k.head ^ (k.tail * 0x9E3779B97F4A7C15ull) ^ (k.size << 56));
  }
  std::size_t first_slot(std::uint64_t h) const { return static_cast<std::size_t>(h) & packed_mask_; }
  std::size_t second_slot(std::uint64_t h) const { return static_cast<std::size_t>(h >> 32) & packed_mask_; }
  static bool same_packed(const Packed& a, const Packed& b) {
    return ((a.head ^ b.head) | (a.tail ^ b.tail) | (a.size ^ b.size)) == 0;
  }

  void build_packed(const std::vector<std::pair<std::string, Value>>& entries) {
    packed_ = false;
    packed_slots_.clear();
    if (small_ || entries.empty() ||
        !std::all_of(entries.begin(), entries.end(), [](const auto& e) { return e.first.size() <= 16; }))
      return;
    std::size_t capacity = 16;
    while (capacity < entries.size() * 2) capacity *= 2;
    for (int size = 0; size < 4 && !packed_; ++size, capacity *= 2) {
      packed_slots_.assign(capacity, PackedSlot{});
      packed_mask_ = capacity - 1;
      packed_ = std::all_of(entries.begin(), entries.end(), [this](const auto& e) { return place(e.first, e.second); });
    }
    if (!packed_) packed_slots_.clear();
  }
  // Puts a key in one of its two slots, moving the keys in the way to their
  // other slots; false if that does not settle, or the key is there already
  // (a second entry for a key: the hashed table keeps the first, as before).
  bool place(std::string_view name, const Value& value) {
    PackedSlot item{pack(name), value};
    const std::uint64_t h = packed_hash(item.key);
    if (same_packed(packed_slots_[first_slot(h)].key, item.key) || same_packed(packed_slots_[second_slot(h)].key, item.key))
      return false;
    std::size_t at = first_slot(h);
    for (int moves = 0; moves < 100; ++moves) {
      std::swap(item, packed_slots_[at]);
      if (item.key.size == ~std::uint64_t{0}) return true;
      const std::uint64_t moved = packed_hash(item.key);
      at = at == first_slot(moved) ? second_slot(moved) : first_slot(moved);
    }
    return false;
  }
  const Value* find_packed(const Packed& k) const {
    const std::uint64_t h = packed_hash(k);
    const PackedSlot& a = packed_slots_[first_slot(h)];
    const PackedSlot& b = packed_slots_[second_slot(h)];
    const Value* found = same_packed(b.key, k) ? &b.value : nullptr;
    return same_packed(a.key, k) ? &a.value : found;
  }

  static constexpr std::size_t max_small = 8;
  static constexpr unsigned small_bits = 4;  // 16 slots for at most 8 keys: a multiplier that places them apart is soon found

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
  std::uint64_t small_multiplier_ = 0;
  std::array<std::uint8_t, std::size_t{1} << small_bits> small_slots_{};  // where in small_keys_ (0: the entry matching nothing)
  std::vector<Packed> small_keys_;
  std::vector<Value> small_values_;
  bool packed_ = false;
  std::size_t packed_mask_ = 0;
  std::vector<PackedSlot> packed_slots_;
};

}  // namespace loyalty
