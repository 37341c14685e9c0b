// The table of refusal codes, from refusals.def.
#include <array>

#include "loyalty/result.hpp"

namespace loyalty {

namespace {
struct RefusalInfo {
  const char* name;
  Channel channel;
  const char* summary;
};
constexpr std::array refusals = {
#define REFUSAL(ident, text, channel, summary) RefusalInfo{text, Channel::channel, summary},
#include "loyalty/refusals.def"
#undef REFUSAL
};
}  // namespace

std::string_view name(RefusalCode code) { return refusals[static_cast<std::size_t>(code)].name; }
Channel channel(RefusalCode code) { return refusals[static_cast<std::size_t>(code)].channel; }
std::string_view summary(RefusalCode code) { return refusals[static_cast<std::size_t>(code)].summary; }

}  // namespace loyalty
