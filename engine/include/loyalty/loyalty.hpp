// The loyalty engine: compile a policy once, evaluate many orders.
//
//   auto compiled = loyalty::compile(source);          // policy or diagnostics
//   auto decision = loyalty::evaluate(*compiled.policy, member, order, redemptions);
//
// A compiled policy is immutable and safe to share between threads;
// evaluate() is pure (no I/O, no locks, no exceptions for refusals).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "loyalty/decision.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/source.hpp"
#include "loyalty/member.hpp"
#include "loyalty/order.hpp"
#include "loyalty/result.hpp"

namespace loyalty {

struct Policy;  // the compiled rule graph (opaque)
using PolicyPtr = std::shared_ptr<const Policy>;

struct CompileResult {
  PolicyPtr policy;  // null when there are errors
  dsl::Diagnostics diagnostics;
};

// Parses, checks and compiles a policy.
CompileResult compile(const dsl::Source& source);

// Money and point scales of a compiled policy (decimals after the point).
int money_scale(const Policy& policy);
int points_scale(const Policy& policy);
const std::string& policy_name(const Policy& policy);
const std::string& default_tier(const Policy& policy);  // the id new members enter
// The member's tier id as written in output: the default tier's for an empty tier.
const std::string& tier_id(const Policy& policy, const Member& member);

// An amount as the policy writes it: "1234.50", "-5".
std::string to_string(const Policy& policy, Money money);
std::string to_string(const Policy& policy, Points points);

// ISO 8601 text: "2026-03-01", "2026-03-01T10:00:00+07:00" (with the
// offset the timestamp was written with).
std::string to_string(const Date& date);
std::string to_string(const MonthDay& birthday);  // "12-24"
std::string to_string(const Timestamp& at);

// The key of a catalogue item under `policy`, for Line::key: resolve each
// item once, and lines that carry the key are evaluated without hashing
// their SKU or category. The key depends on the policy only through what it
// names: resolve again for another policy.
LineKey resolve(const Policy& policy, std::string_view sku, std::string_view category);

struct EvalOptions {
  bool trace = true;     // build the explanation (costs allocations; off for bulk scoring)
  bool journal = false;  // list the changes to the member (journal.hpp); with the trace, earnings per rule
};

// One decision. Refusals (insufficient points, unknown reward, voucher not
// held, overflow, ...) come back as a Refusal, and then nothing changed.
Result<Decision> evaluate(const Policy& policy, const Member& member, const Order& order,
                          std::span<const Redemption> redemptions = {}, const EvalOptions& options = {});

// The same, writing into `out` so a caller scoring many orders reuses its
// buffers (no allocation per order once they have grown). On a refusal the
// contents of `out` are unspecified: read only the refusal.
std::optional<Refusal> evaluate_into(const Policy& policy, const Member& member, const Order& order,
                                     std::span<const Redemption> redemptions, const EvalOptions& options, Decision& out);

// Brings a member up to `at`: every review and expiry that fell due at or
// before it, in order (docs/time.md); evaluate() does this first. A member
// without a cycle start has their cycles counted from the day they joined
// (every review since then is due); one without a join date either joins
// at `at` when reviews count from the join date.
// Events go to `events` when it is not null. Refused only for a tier the
// policy does not have; then `member` is unchanged.
std::optional<Refusal> advance(const Policy& policy, Member& member, const Timestamp& at,
                               std::vector<TimeEvent>* events = nullptr);

// Holds the policy in force; swapping in a new one is safe while other
// threads evaluate with the old one.
class PolicyHandle {
 public:
  explicit PolicyHandle(PolicyPtr policy) : current_(std::move(policy)) {}
  PolicyPtr get() const { return current_.load(std::memory_order_acquire); }
  void swap_in(PolicyPtr policy) { current_.store(std::move(policy), std::memory_order_release); }

 private:
  std::atomic<PolicyPtr> current_;
};

}  // namespace loyalty

namespace loyalty {

// The compiled rule graph in words (like a disassembler), or as Graphviz DOT.
std::string dump_graph(const Policy& policy);
std::string dump_graph_dot(const Policy& policy);

}  // namespace loyalty
