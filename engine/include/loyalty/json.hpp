// The JSON contract of `loyalty eval` and the C ABI (spec section 10).
// Money and points are decimal strings in output; input takes strings or
// numbers, read as text (never through floating point).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/loyalty.hpp"
#include "loyalty/replay.hpp"

namespace loyalty {

struct Request {
  Member member;
  Order order;
  std::vector<Redemption> redeem;
};

// Limits on what is read (docs/robustness.md); each is refused with its path.
inline constexpr std::size_t max_json_bytes = 8 << 20;  // 8 MiB: a request, a member, an event line
inline constexpr int max_json_depth = 32;
inline constexpr std::size_t max_order_lines = 10'000;
inline constexpr std::size_t max_redemptions = 100;   // entries in one request's "redeem"
inline constexpr std::size_t max_text_bytes = 1'000;  // an id, SKU, category, store or channel

// Refusal code "bad-input" with the JSON path of the problem.
Result<Request> parse_request(const Policy& policy, std::string_view json);

// Reads requests as parse_request does, fast (one pass over the text into
// `out`, whose buffers are reused from call to call, no document built) for
// what it can read exactly: ASCII text without escapes, whole numbers or
// decimal strings, a member without lots, caps, birthday or vouchers held,
// an order without returns, no redemptions; every other request goes to
// parse_request, so the results and refusals are the same either way. It
// keeps nothing between calls: threads may share one (the C ABI keeps a
// `Request` per calling thread).
class RequestReader {
 public:
  std::optional<Refusal> read(const Policy& policy, std::string_view json, Request& out) const;

 private:
  static bool fast(const Policy& policy, std::string_view json, Request& out);
};

// A date as the JSON contract writes it, "2026-03-01" (a day that exists).
std::optional<Date> parse_date(std::string_view text);

// A timestamp as the JSON contract writes it: "2026-03-01T10:00:00+07:00".
Result<Timestamp> parse_timestamp(std::string_view text);

// One member state (a line of `--members`, or of replay's output).
Result<Member> parse_member(const Policy& policy, std::string_view json);

// One replay event: {"type": "join", "member", "at"}, {"type": "order",
// "member", "order", "redeem"} or {"type": "clock", "at"}.
Result<Event> parse_event(const Policy& policy, std::string_view json);

// Reads replay events fast (one pass over the line, no document built),
// reusing `out`'s buffers: no allocation per event once they have grown.
// The same events and the same refusals as parse_event, which reads every
// line this reader does not take on its fast path (non-ASCII text or an
// escape, redemptions, returns, a field it does not expect, a fraction, a
// malformed line).
class EventReader {
 public:
  explicit EventReader(const Policy& policy) : policy_(policy) {}
  std::optional<Refusal> read(std::string_view line, Event& out) const;

 private:
  bool fast(std::string_view line, Event& out) const;
  const Policy& policy_;
};

// The decision of `order` (its trace notes name the order's lines), ending
// with a newline: indented by two spaces, or on one line (JSON lines) with
// `one_line`.
std::string decision_json(const Policy& policy, const Order& order, const Decision& decision, bool one_line = false);
std::string member_json(const Policy& policy, const Member& member);
std::string refusal_json(const Refusal& refusal, bool one_line = false);

}  // namespace loyalty
