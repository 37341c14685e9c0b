// The evaluator's hot helpers, beside the figures that exercise them:
// the name index (hashing and comparing keys a word at a time, overlapping
// loads for short keys) and the plan path's overflow flag (the same results
// as the checked operations, and the same verdict on what overflows), and
// the fast readers' test for plain text (sixteen, eight, then one byte at a time).
#include <algorithm>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "helpers.hpp"
#include "name_index.hpp"
#include "plain_text.hpp"

using namespace loyalty;

namespace {

// A key of n bytes; `variant` changes its last byte.
std::string key_of(int n, bool variant) {
  std::string key;
  for (int i = 0; i < n; ++i) key += static_cast<char>('a' + (i * 7 + n) % 26);
  if (variant && n > 0) key.back() = static_cast<char>(key.back() == 'z' ? 'y' : 'z');
  return key;
}

// Every entry is found with its value; the same key with one byte changed,
// or one byte longer, is not; one byte shorter only where that is an entry.
void check_finds(const NameIndex<int>& index, const std::vector<std::pair<std::string, int>>& entries) {
  for (const auto& [key, value] : entries) {
    INFO("key '" << key << "'");
    const int* found = index.find(key);
    REQUIRE(found);
    CHECK(*found == value);
    for (std::size_t i = 0; i < key.size(); ++i) {
      std::string off = key;
      off[i] = '#';
      CHECK_FALSE(index.find(off));
    }
    CHECK_FALSE(index.find(key + "#"));
    if (!key.empty()) {
      const std::string shorter = key.substr(0, key.size() - 1);
      const int* prefix = index.find(shorter);
      bool listed = false;
      for (const auto& entry : entries) listed = listed || (entry.first == shorter && prefix && *prefix == entry.second);
      CHECK((!prefix || listed));
    }
  }
}

// A seeded stream of draws (a 64-bit LCG's high bits): the same keys every run.
struct Draws {
  std::uint64_t seed;
  std::uint64_t operator()() {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return seed >> 33;
  }
};

// `count` distinct keys of 0 to 16 bytes over a two-letter alphabet, so
// that keys share most of their bytes (and their packed words); values in order.
std::vector<std::pair<std::string, int>> distinct_keys(Draws& next, std::size_t count) {
  std::vector<std::pair<std::string, int>> entries;
  while (entries.size() < count) {
    std::string key(next() % 17, 'a');
    for (char& c : key) c = next() % 2 ? 'a' : 'b';
    if (std::none_of(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; }))
      entries.push_back({key, static_cast<int>(entries.size())});
  }
  return entries;
}

}  // namespace

TEST_CASE("the name index finds every key of every length, and no key one byte off") {
  // Keys of 0 to 40 bytes, each length twice (the second differs in its last byte).
  std::vector<std::pair<std::string, int>> entries;
  for (int n = 0; n <= 40; ++n) {
    entries.push_back({key_of(n, false), n * 2});
    if (n > 0) entries.push_back({key_of(n, true), n * 2 + 1});
  }
  NameIndex<int> index;
  index.build(entries);
  check_finds(index, entries);
  // Bytes above 0x7f hash and compare as well.
  NameIndex<int> utf8;
  utf8.build({{"c\xC3\xA0 ph\xC3\xAA", 1}, {"tr\xC3\xA0", 2}});
  CHECK(*utf8.find("tr\xC3\xA0") == 2);
  CHECK_FALSE(utf8.find("tr\xC3\xA1"));
}

TEST_CASE("a small name index (tiers, a few rewards) compares its keys in place, and finds what the large one finds") {
  // Up to eight keys of up to 16 bytes are kept as packed words, one to a slot;
  // lengths 0 to 18 around each way of packing (bytes, two halves, two words).
  for (int n = 0; n <= 17; ++n) {
    INFO("lengths around " << n);
    std::vector<std::pair<std::string, int>> entries;
    for (const int length : {n - 1, n, n + 1}) {
      if (length < 0) continue;
      entries.push_back({key_of(length, false), length * 2});
      if (length > 0) entries.push_back({key_of(length, true), length * 2 + 1});
    }
    NameIndex<int> index;
    index.build(entries);
    check_finds(index, entries);
  }
  NameIndex<int> tiers;
  tiers.build({{"bronze", 0}, {"silver", 1}, {"gold", 2}, {"diamond", 3}});
  CHECK(*tiers.find("gold") == 2);
  CHECK(*tiers.find("diamond") == 3);
  CHECK_FALSE(tiers.find("golden"));
  CHECK_FALSE(tiers.find(""));
  CHECK_FALSE(tiers.find("a tier name longer than sixteen bytes"));
  NameIndex<int> none;
  none.build({});
  CHECK_FALSE(none.find("gold"));
  CHECK_FALSE(none.find(""));
}

TEST_CASE("small name indices of keys alike but for a byte or two find each key and nothing else") {
  // Sets of one to eight keys of 0 to 16 bytes over a two-letter alphabet,
  // so that keys share most of their bytes (and their packed words).
  Draws next{12345};
  for (int set = 0; set < 2000; ++set) {
    const std::size_t count = 1 + next() % 8;
    const auto entries = distinct_keys(next, count);
    NameIndex<int> index;
    index.build(entries);
    INFO("set " << set);
    check_finds(index, entries);
  }
}

TEST_CASE("packed name indices (many keys of 16 bytes or less) find each key and nothing else") {
  // Sets of 9 to 400 keys of 0 to 16 bytes over a two-letter alphabet: more
  // than the small table takes, each key in one of two slots.
  Draws next{777};
  for (int set = 0; set < 300; ++set) {
    const std::size_t count = 9 + next() % (set < 250 ? 60 : 400);
    const auto entries = distinct_keys(next, count);
    NameIndex<int> index;
    index.build(entries);
    INFO("set " << set << " of " << count << " keys");
    CHECK(index.packed());
    check_finds(index, entries);
  }
  // One key longer than 16 bytes: the hashed table, which finds the same.
  std::vector<std::pair<std::string, int>> entries;
  for (int i = 0; i < 20; ++i) entries.push_back({"P" + std::to_string(10000 + i), i});
  entries.push_back({"a key of seventeen", 20});
  NameIndex<int> hashed;
  hashed.build(entries);
  CHECK_FALSE(hashed.packed());
  check_finds(hashed, entries);
}

TEST_CASE("a category path finds its own entry, else its nearest ancestor's, in packed and hashed indices alike") {
  // Every path over 'a', 'b' and '/' of up to 18 bytes drawn at random, so
  // that a '/' falls at every position, twice in a row, first and last;
  // the answer is the longest of the path and its prefixes before a '/'
  // that is an entry.
  Draws next{4242};
  auto random_path = [&](std::size_t longest) {
    std::string path(next() % (longest + 1), 'a');
    for (char& c : path) c = "ab/"[next() % 3];
    return path;
  };
  for (int set = 0; set < 200; ++set) {
    std::vector<std::pair<std::string, int>> entries;
    const bool hashed = set % 4 == 3;  // one key over 16 bytes
    const std::size_t count = 9 + next() % 40;
    while (entries.size() < count) {
      std::string key = hashed && entries.empty() ? std::string("a/b/a/b/a/b/a/b/ab") : random_path(16);
      if (std::none_of(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; }))
        entries.push_back({key, static_cast<int>(entries.size())});
    }
    NameIndex<int> index;
    index.build(entries);
    REQUIRE(index.packed() == !hashed);
    for (int probe = 0; probe < 200; ++probe) {
      // Half the paths extend an entry, so that ancestors are found.
      std::string path = random_path(18);
      if (probe % 2) path = entries[next() % entries.size()].first + "/" + random_path(4);
      const int* expected = nullptr;
      for (std::size_t end = path.size() + 1; end-- > 0 && !expected;) {
        if (end < path.size() && path[end] != '/') continue;
        for (const auto& [key, value] : entries)
          if (key == std::string_view(path).substr(0, end)) expected = &value;
      }
      if (path.empty()) expected = nullptr;  // an empty path names no category
      INFO("set " << set << ", path '" << path << "'");
      const int* found = index.nearest(path);
      REQUIRE(static_cast<bool>(found) == static_cast<bool>(expected));
      if (found) CHECK(*found == *expected);
    }
  }
  NameIndex<int> categories;
  std::vector<std::pair<std::string, int>> tree;
  for (int i = 0; i < 20; ++i) tree.push_back({"C" + std::to_string(10 + i), i});
  tree.push_back({"C12/C12-0", 100});
  categories.build(tree);
  CHECK(*categories.nearest("C12/C12-0") == 100);
  CHECK(*categories.nearest("C12/C12-4") == 2);
  CHECK(*categories.nearest("C12/C12-0/Fresh") == 100);
  CHECK_FALSE(categories.nearest("C40/C12-0"));
  CHECK_FALSE(categories.nearest(""));
}

TEST_CASE("the overflow flag computes what Checked computes, and overflows where it does") {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const Site here{};
  struct Case {
    std::int64_t a, b;
  };
  for (const Case c :
       {Case{2, 3}, Case{-7, 5}, Case{max, 1}, Case{max, -1}, Case{-max, -1}, Case{-max, 0}, Case{1 << 30, 1 << 30},
        Case{3'037'000'500, 3'037'000'500}, Case{-3'037'000'499, 3'037'000'499}, Case{max / 2, 3}}) {
    INFO(c.a << ", " << c.b);
    for (int op = 0; op < 3; ++op) {
      Checked checked;
      OverflowFlag flag;
      const std::int64_t want = op == 0   ? checked.add(c.a, c.b, here)
                                : op == 1 ? checked.sub(c.a, c.b, here)
                                          : checked.mul(c.a, c.b, here);
      const std::int64_t got = op == 0 ? flag.add(c.a, c.b, here) : op == 1 ? flag.sub(c.a, c.b, here) : flag.mul(c.a, c.b, here);
      CHECK(flag.overflowed() == checked.overflowed());
      if (!checked.overflowed()) CHECK(got == want);
    }
  }
  // -2^63 counts as an overflow (it cannot be negated), as in checked_add.
  OverflowFlag flag;
  flag.sub(-max, 1, here);
  CHECK(flag.overflowed());
  // Once set, it stays set.
  flag.add(1, 1, here);
  CHECK(flag.overflowed());
  OverflowFlag share;
  CHECK(share.mul_div(1'000'001, 3, 100, Rounding::floor, here) == 30'000);
  CHECK(share.mul_div(-1'000'001, 3, 100, Rounding::floor, here) == -30'000);
  CHECK_FALSE(share.overflowed());
  share.mul_div(max, max, 1, Rounding::floor, here);
  CHECK(share.overflowed());
}

TEST_CASE("plain_prefix stops at the first byte that is not plain, whichever block it falls in; all_plain agrees") {
  // Plain: printable ASCII but the quote and the backslash (0x20 to 0x7F).
  for (const char c : {' ', '!', '0', 'z', '~', '\x7f'}) CHECK(plain_byte(c));
  const char stops[] = {'\0', '\x01', '\x1f', '"', '\\', '\x80', '\xc3', '\xff'};
  for (std::size_t length = 0; length <= 40; ++length) {
    std::string text(length, 'a');
    for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<char>(' ' + (i * 13) % 95);  // every plain byte but 0x7F
    for (char& c : text)
      if (c == '"' || c == '\\') c = '#';
    INFO("length " << length);
    CHECK(plain_prefix(text) == length);
    CHECK(all_plain(text));
    for (std::size_t at = 0; at < length; ++at) {
      for (const char stop : stops) {
        std::string marked = text;
        marked[at] = stop;
        if (at + 1 < length) marked[length - 1] = '"';  // a later mark does not hide an earlier one
        INFO("byte " << static_cast<int>(static_cast<unsigned char>(stop)) << " at " << at);
        CHECK(plain_prefix(marked) == at);
        CHECK_FALSE(all_plain(marked));
        marked.back() = 'a';  // the one mark alone, wherever it is (the last byte's too)
        marked[at] = stop;
        CHECK_FALSE(all_plain(marked));
      }
    }
  }
}
