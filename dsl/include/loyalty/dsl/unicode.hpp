// Unicode text as the engine compares it: ids, SKUs, categories, tier and
// reward names are compared in NFC, on the policy's side and the request's,
// so "Bạc" typed on a system that sends NFD (macOS, some POS) matches "Bạc"
// written in NFC. Comparison is otherwise exact: case and spaces count.
#pragma once

#include <string>
#include <string_view>

namespace loyalty::dsl {

// Whether every byte of `text` is below 0x80 (ASCII text is already NFC).
bool is_ascii(std::string_view text);

// The text in Unicode Normalization Form C; text that is not valid UTF-8 is
// returned as it is (the grammar and the JSON reader report it).
std::string nfc(std::string_view text);

}  // namespace loyalty::dsl
