// The evaluator's two hot helpers, beside the figures that exercise them:
// the name index (hashing and comparing keys a word at a time, overlapping
// loads for short keys) and the plan path's overflow flag (the same results
// as the checked operations, and the same verdict on what overflows).
#include <limits>
#include <string>
#include <vector>

#include "checked.hpp"
#include "helpers.hpp"
#include "name_index.hpp"

using namespace loyalty;

TEST_CASE("the name index finds every key of every length, and no key one byte off") {
  // Keys of 0 to 40 bytes, each length twice (the second differs in its last byte).
  std::vector<std::pair<std::string, int>> entries;
  for (int n = 0; n <= 40; ++n) {
    std::string key;
    for (int i = 0; i < n; ++i) key += static_cast<char>('a' + (i * 7 + n) % 26);
    entries.push_back({key, n * 2});
    if (n > 0) {
      key.back() = static_cast<char>(key.back() == 'z' ? 'y' : 'z');
      entries.push_back({key, n * 2 + 1});
    }
  }
  NameIndex<int> index;
  index.build(entries);
  for (const auto& [key, value] : entries) {
    INFO("key '" << key << "'");
    const int* found = index.find(key);
    REQUIRE(found);
    CHECK(*found == value);
    // The same length, one byte changed at each position: never found.
    for (std::size_t i = 0; i < key.size(); ++i) {
      std::string off = key;
      off[i] = '#';
      CHECK_FALSE(index.find(off));
    }
    // One byte longer or shorter: never found, unless that key is an entry itself.
    CHECK_FALSE(index.find(key + "#"));
    if (!key.empty()) {
      const std::string shorter = key.substr(0, key.size() - 1);
      const int* prefix = index.find(shorter);
      CHECK((!prefix || *prefix == static_cast<int>(shorter.size()) * 2));
    }
  }
  // Bytes above 0x7f hash and compare as well.
  NameIndex<int> utf8;
  utf8.build({{"c\xC3\xA0 ph\xC3\xAA", 1}, {"tr\xC3\xA0", 2}});
  CHECK(*utf8.find("tr\xC3\xA0") == 2);
  CHECK_FALSE(utf8.find("tr\xC3\xA1"));
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
