#include "loyalty/dsl/suggest.hpp"

#include <algorithm>
#include <vector>

namespace loyalty::dsl {

namespace {

#define LOYALTY_KW(name, text) text,
constexpr std::string_view keywords[] = {
#include "keywords.def"
};
#undef LOYALTY_KW

template <typename Range>
std::optional<std::string> best(std::string_view word, const Range& candidates) {
  std::optional<std::string> found;
  std::size_t best_distance = std::min<std::size_t>(3, word.size());  // a near miss only
  for (std::string_view c : candidates) {
    if (c == word) return std::nullopt;
    // The distance is at least the difference in length: most candidates end here.
    const std::size_t apart = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (apart >= best_distance) continue;
    const std::size_t d = edit_distance_below(word, c, best_distance);
    if (d < best_distance) {
      best_distance = d;
      found = std::string(c);
    }
  }
  return found;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  return edit_distance_below(a, b, std::max(a.size(), b.size()) + 1);
}

std::size_t edit_distance_below(std::string_view a, std::string_view b, std::size_t bound) {
  // One row of the Levenshtein table; on the stack for words of keyword size, which is
  // every call from a parse that suggests a keyword for each error it recovers from.
  constexpr std::size_t inline_size = 48;
  std::size_t inline_row[inline_size];
  std::vector<std::size_t> heap_row;
  std::size_t* row = inline_row;
  if (b.size() + 1 > inline_size) {
    heap_row.resize(b.size() + 1);
    row = heap_row.data();
  }
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min(std::min(row[j], row[j - 1]) + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
      diagonal = up;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min >= bound) return bound;  // the table's values never fall along a path
  }
  return std::min(row[b.size()], bound);
}

std::optional<std::string> nearest(std::string_view word, std::span<const std::string_view> candidates) {
  return best(word, candidates);
}
std::optional<std::string> nearest(std::string_view word, std::span<const std::string> candidates) {
  return best(word, candidates);
}
std::optional<std::string> nearest_keyword(std::string_view word) { return best(word, keywords); }

}  // namespace loyalty::dsl
