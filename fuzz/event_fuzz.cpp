// Replay event lines: the fast reader and parse_event must agree on every
// line (the same event, or the same refusal), and a replay of the lines
// must neither crash nor hang.
#include <cstdint>
#include <string>
#include <string_view>

#include "common.hpp"
#include "loyalty/json.hpp"
#include "loyalty/replay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const PolicyPtr& p : fuzz::shipped_policies()) {
    Replay replay(p, true);
    Member start;
    start.id = "A";
    replay.add_member(start);
    EventReader reader(*p);
    Event fast;
    std::size_t at = 0;
    for (int n = 0; n < 64 && at < text.size(); ++n) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      const std::string line(text.substr(at, end - at));
      at = end + 1;
      const auto slow = parse_event(*p, line);
      const auto refused = reader.read(line, fast);
      if (static_cast<bool>(slow) == static_cast<bool>(refused)) fuzz::finding("the two event readers disagree: " + line);
      if (refused) {
        if (refused->path != slow.refusal().path || refused->message != slow.refusal().message)
          fuzz::finding("the two event readers refuse differently: " + line);
        continue;
      }
      const Event& e = slow.value();
      const bool same = fast.type == e.type && fast.at == e.at && (e.type == Event::Type::clock || fast.member == e.member) &&
                        (e.type != Event::Type::join || fast.birthday == e.birthday) &&
                        (e.type != Event::Type::order || fast.order == e.order);
      if (!same) fuzz::finding("the two event readers read different events: " + line);
      if (replay.apply(slow.value()).outcome == Replay::Outcome::stop) break;
    }
  }
  return 0;
}
