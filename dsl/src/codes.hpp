// Diagnostic codes as named constants, generated from codes.def.
#pragma once

namespace loyalty::dsl::codes {
#define DIAG(ident, text, severity, summary) inline constexpr const char* ident = text;
#include "codes.def"
#undef DIAG
}  // namespace loyalty::dsl::codes
