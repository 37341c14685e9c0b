// The parser's explicit state (PEGTL's json_build pattern): the AST under
// construction, and the typed parts of the statement being read. Value
// rules write a part, the statement's rule takes the parts it needs and
// adds the finished node to the policy; a statement that fails has its
// parts reset (recover.hpp), so nothing of it leaks into the next one.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <tao/pegtl.hpp>

#include "loyalty/dsl/ast.hpp"
#include "loyalty/dsl/diagnostic.hpp"
#include "loyalty/dsl/parse.hpp"
#include "loyalty/dsl/suggest.hpp"

namespace loyalty::dsl {

// A syntax error with a code of its own (bad numbers and dates).
struct coded_error : tao::pegtl::parse_error {
  coded_error(Code code, const std::string& message, const tao::pegtl::position& p)
      : tao::pegtl::parse_error(message, p), code(code) {}
  Code code;
};

struct too_many_errors {};

// The parts a statement is built from, written by its value rules.
struct StatementParts {
  // lists and clauses
  std::vector<Name> names;            // tier, store, channel lists; rule targets
  std::vector<Weekday> weekdays;      // weekday lists
  std::vector<Condition> conditions;  // of the `when` being read
  std::optional<When> when;           // the last complete `when`
  std::vector<ReviewAction> actions;  // of the review line being read
  std::optional<Name> title;          // the display name after an id

  // single values
  Compare op = Compare::ge;
  Number value;              // the statement's number: a rate, threshold, cap, cost, ...
  std::optional<int> scale;  // decimals
  Date first, last;          // date from FIRST to LAST
  int first_minute = 0, last_minute = 0;  // time from FIRST to LAST
  bool whole_month = false;               // birthday month
  bool on_orders = false;                 // member orders (else spend), total qty (else amount)
  bool per_member = false;                // cap N points per member per PERIOD
  CapPeriod cap_period = CapPeriod::month;
  PeriodUnit unit = PeriodUnit::months;
  Rounding rounding = Rounding::floor;
  NegativeBalance balance = NegativeBalance::allow_debt;
  int offset_minutes = 0;
  std::optional<Name> zone;  // timezone ZONE
  std::string offset_text;   // as written, when out of range
  Name code;                 // currency

  // the node being read
  Number earn_points;
  std::optional<EarnRate> earn_rate;
  std::optional<bool> earn_on_subtotal;  // `earn on subtotal|net`
  Multiplier multiplier;
  Tier tier;
  Rule rule;
  Review review;
  ReviewLine review_line;
  bool review_on_cycle_spend = true;
  std::variant<KeepTier, DemoteTo, KeepSpend, ReduceSpendBy, ResetSpendTo> action;
  Reward reward;
  Resale resale;
  Discount discount;
  Gift gift;
  Voucher voucher;
  Name policy_name;

  // The lists and clauses are taken by their statement: empty between statements.
  bool settled() const { return names.empty() && weekdays.empty() && conditions.empty() && !when && actions.empty() && !title; }
};

struct ParseState {
  explicit ParseState(const char* text) : base(text) {}

  const char* base;
  std::optional<Policy> policy;
  Diagnostics diagnostics;
  Unread unread;
  std::uint32_t open_brace = 0;  // the `{` of the block being read
  StatementParts parts;

  // recover<> calls this after each statement it read whole.
  void end_statement() { assert(parts.settled()); }

  void syntax_error(const tao::pegtl::parse_error& e) {
    const auto* coded = dynamic_cast<const coded_error*>(&e);
    const auto& pos = e.positions().front();
    const auto at = static_cast<std::uint32_t>(pos.byte);
    const std::string message(e.message());
    std::string help;
    // "..., found `defualt`": a near miss of a keyword is most likely a typo of it.
    if (const auto q = message.rfind(", found `"); q != std::string::npos && message.back() == '`') {
      const std::string word = message.substr(q + 9, message.size() - q - 10);
      if (auto kw = nearest_keyword(word)) help = "did you mean `" + *kw + "`?";
    }
    add(coded ? coded->code : Code::syntax_error, {at, at}, message, help);
    unread.at.push_back(at);
    parts = StatementParts{};
  }

  // A statement recovery skipped: its first two words, for the checker.
  void skipped(std::string_view text) {
    auto word = [&](std::size_t from) {
      while (from < text.size() && (text[from] == ' ' || text[from] == '\t')) ++from;
      std::size_t to = from;
      while (to < text.size() && text[to] != ' ' && text[to] != '\t' && text[to] != '\n' && text[to] != '{' && text[to] != '"')
        ++to;
      return std::pair{from, to};
    };
    const auto [a, b] = word(0);
    const auto [c, d] = word(b);
    unread.statements.push_back(std::string(text.substr(a, b - a)) + " " + std::string(text.substr(c, d - c)));
  }

  void add(Code code, Span span, std::string message, std::string help = {}) {
    if (diagnostics.size() >= max_diagnostics) {
      diagnostics.push_back(make_diagnostic(Code::too_many_errors, span, "too many errors; stopping here"));
      throw too_many_errors{};
    }
    diagnostics.push_back(make_diagnostic(code, span, std::move(message), std::move(help)));
  }
};

// Moves a part out, leaving it empty.
template <typename T>
T take(T& part) {
  T out = std::move(part);
  part = T{};
  return out;
}

}  // namespace loyalty::dsl
