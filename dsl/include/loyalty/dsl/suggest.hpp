// "Did you mean": the nearest known word to a misspelled one.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace loyalty::dsl {

std::size_t edit_distance(std::string_view a, std::string_view b);
// The edit distance when it is below `bound`, else `bound` (it stops as soon as it knows).
std::size_t edit_distance_below(std::string_view a, std::string_view b, std::size_t bound);

// The candidate nearest to `word`, when it is a near miss (at most two edits,
// and fewer than the word's length); none otherwise.
std::optional<std::string> nearest(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string> nearest(std::string_view word, std::span<const std::string> candidates);

// The language keyword nearest to `word`.
std::optional<std::string> nearest_keyword(std::string_view word);

}  // namespace loyalty::dsl
