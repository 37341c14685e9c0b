// The JSON contract of `loyalty eval` and the C ABI (spec section 10).
// Money and points are decimal strings in output; input takes strings or
// numbers, read as text (never through floating point).
#pragma once

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

inline constexpr std::size_t max_json_bytes = 8 << 20;  // 8 MiB
inline constexpr int max_json_depth = 32;

// Refusal code "bad-input" with the JSON path of the problem.
Result<Request> parse_request(const Policy& policy, std::string_view json);

// A timestamp as the JSON contract writes it: "2026-03-01T10:00:00+07:00".
Result<Timestamp> parse_timestamp(std::string_view text);

// One member state (a line of `--members`, or of replay's output).
Result<Member> parse_member(const Policy& policy, std::string_view json);

// One replay event: {"type": "join", "member", "at"}, {"type": "order",
// "member", "order", "redeem"} or {"type": "clock", "at"}.
Result<Event> parse_event(const Policy& policy, std::string_view json);

// The decision of `order` (its trace notes name the order's lines).
std::string decision_json(const Policy& policy, const Order& order, const Decision& decision);
std::string member_json(const Policy& policy, const Member& member);
std::string refusal_json(const Refusal& refusal);

}  // namespace loyalty
