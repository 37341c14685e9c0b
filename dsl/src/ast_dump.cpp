// A span-free dump of the AST, one node a line. Equal dumps mean the same
// policy: the formatter proves itself with it, and parser tests read it.
// Also the names of AST values as the language writes them.
#include <fmt/format.h>

#include <cctype>

#include "loyalty/dsl/ast.hpp"

namespace loyalty::dsl {

const char* to_string(Compare op) {
  switch (op) {
    case Compare::gt:
      return ">";
    case Compare::ge:
      return ">=";
    case Compare::lt:
      return "<";
    case Compare::le:
      return "<=";
    case Compare::eq:
      return "=";
  }
  return "=";
}

const char* to_string(Weekday day) {
  static constexpr const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return names[static_cast<int>(day)];
}

const char* to_string(PeriodUnit unit) {
  return unit == PeriodUnit::days ? "days" : unit == PeriodUnit::years ? "years" : "months";
}

const char* to_string(CapPeriod period) {
  static constexpr const char* names[] = {"day", "week", "month", "year"};
  return names[static_cast<int>(period)];
}

const Number& earn_value(const Earn& earn) {
  return std::visit(overloaded{[](const Percent& r) -> const Number& { return r.percent; },
                               [](const auto& r) -> const Number& { return r.points; }},
                    earn.rate);
}

const std::vector<Name>& target_values(const Target& target) {
  static const std::vector<Name> none;
  if (const auto* products = std::get_if<Products>(&target.lines)) return products->skus;
  if (const auto* categories = std::get_if<Categories>(&target.lines)) return categories->paths;
  return none;
}

namespace {

// A name as the language writes it: bare when it is an identifier, else quoted.
std::string written(const Name& n) {
  auto plain = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  bool bare = !n.text.empty() && !std::isdigit(static_cast<unsigned char>(n.text[0]));
  for (unsigned char c : n.text) bare = bare && plain(c);
  if (bare) return n.text;
  std::string out = "\"";
  for (char c : n.text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string list(const std::vector<Name>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + written(n);
  return "[" + s + "]";
}

std::string date(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }
std::string clock(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

template <typename Test>
std::string comparison(const char* field, const Test& t) {
  return fmt::format("{} {} {}", field, to_string(t.op), loyalty::to_string(t.value.value));
}

}  // namespace

std::string to_string(const Condition& c) {
  return std::visit(
      overloaded{[](const TierIn& t) { return "tier in " + list(t.tiers); },
                 [](const StoreIn& t) { return "store in " + list(t.stores); },
                 [](const ChannelIn& t) { return "channel in " + list(t.channels); },
                 [](const WeekdayIn& t) {
                   std::string s;
                   for (auto d : t.days) s += std::string(s.empty() ? "" : ", ") + to_string(d);
                   return "weekday in [" + s + "]";
                 },
                 [](const DateRange& r) { return "date from " + date(r.from) + " to " + date(r.to); },
                 [](const QtyIs& q) { return comparison("qty", q); }, [](const AmountIs& a) { return comparison("amount", a); },
                 [](const TimeRange& r) { return "time from " + clock(r.from_minute) + " to " + clock(r.to_minute); },
                 [](const Birthday& b) { return std::string(b.whole_month ? "birthday month" : "birthday"); },
                 [](const FirstOrder&) { return std::string("first order"); },
                 [](const MemberOrders& m) { return comparison("member orders", m); },
                 [](const MemberSpend& m) { return comparison("member spend", m); },
                 [](const TotalQty& t) { return comparison("total qty", t); },
                 [](const TotalAmount& t) { return comparison("total amount", t); }},
      c.test);
}

namespace {

std::string names(const std::vector<Name>& list) {
  std::string out;
  for (const auto& n : list) out += (out.empty() ? "" : ", ") + fmt::format("\"{}\"", n.text);
  return "[" + out + "]";
}

class Dumper {
 public:
  std::string out;

  void line(int depth, const std::string& text) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  void when(int depth, const When& w) {
    line(depth, "when");
    for (const auto& c : w.conditions) line(depth + 1, to_string(c));
  }

  void earn(int depth, const Earn& e) {
    auto v = [](const Number& n) { return loyalty::to_string(n.value); };
    line(depth,
         std::visit(overloaded{[&](const Percent& r) { return "earn " + v(r.percent) + "%"; },
                               [&](const PointsPerMoney& r) { return "earn " + v(r.points) + " per " + v(r.per); },
                               [&](const PointsPerFullMoney& r) { return "earn " + v(r.points) + " per full " + v(r.per); },
                               [&](const PointsPerUnit& r) { return "earn " + v(r.points) + " per unit"; },
                               [&](const PointsPerOrder& r) { return "earn " + v(r.points) + " per order"; }},
                    e.rate));
    if (e.when) when(depth + 1, *e.when);
  }

  template <typename T, typename F>
  void setting(const char* name, const Setting<T>& s, F show) {
    if (s.set) line(1, std::string(name) + " " + show(s.value));
  }

  void policy(const Policy& p) {
    line(0, "policy \"" + p.name.text + "\"");
    setting("currency", p.currency, [](const Name& n) { return n.text; });
    setting("decimals", p.decimals, [](int v) { return std::to_string(v); });
    setting("points decimals", p.points_decimals, [](int v) { return std::to_string(v); });
    setting("rounding", p.rounding, [](Rounding r) { return std::string(loyalty::to_string(r)); });
    setting("timezone", p.timezone, [](const TimeZone& z) { return z.zone.empty() ? std::to_string(z.offset_minutes) : z.zone; });
    setting("earn on subtotal", p.earn_on_subtotal, [](bool v) { return std::string(v ? "yes" : "no"); });
    setting("returns", p.negative_balance,
            [](NegativeBalance v) { return std::string(v == NegativeBalance::allow_debt ? "allow debt" : "stop at zero"); });
    if (p.expiry) line(1, "expire after " + loyalty::to_string(p.expiry->after.value) + " " + to_string(p.expiry->unit));
    for (const auto& x : p.exclusions) {
      line(1, fmt::format("exclude {} {}", std::holds_alternative<Products>(x.target.lines) ? "product" : "category",
                          names(target_values(x.target))));
    }
    for (const auto& e : p.base_earns) earn(1, e);
    for (const auto& e : p.order_earns) earn(1, e);
    for (const auto& m : p.multipliers) {
      const std::string scope = m.scope == Multiplier::Scope::base  ? "base"
                                : m.scope == Multiplier::Scope::all ? "all"
                                                                    : "rule " + names(m.rules);
      line(1, "multiply " + scope + " by " + loyalty::to_string(m.factor.value));
      if (m.when) when(2, *m.when);
    }
    for (const auto& t : p.tiers) {
      line(1, fmt::format("tier {} \"{}\"{}{}", t.id.text, t.title ? t.title->text : "", t.is_default ? " default" : "",
                          t.retired ? " retired" : ""));
      if (t.qualify)
        line(2, fmt::format("qualify spend {} {}", to_string(t.qualify->op), loyalty::to_string(t.qualify->threshold.value)));
      for (const auto& e : t.earns) earn(2, e);
    }
    for (const auto& r : p.rules) {
      static constexpr const char* kinds[] = {"every line", "product", "category"};  // in Target's variant order
      line(1, fmt::format("rule {} \"{}\" on {} {}{}", r.id.text, r.title ? r.title->text : "", kinds[r.target.lines.index()],
                          names(target_values(r.target)), r.exclusive ? " exclusive" : ""));
      for (const auto& e : r.earns) earn(2, e);
      for (const auto& w : r.whens) when(2, w);
      if (r.cap) line(2, "cap " + loyalty::to_string(r.cap->value));
      if (r.member_cap)
        line(2, fmt::format("cap {} per member per {}", loyalty::to_string(r.member_cap->points.value),
                            to_string(r.member_cap->period)));
    }
    for (const auto& r : p.reviews) review(r);
    for (const auto& r : p.rewards) reward(r);
  }

  void review(const Review& r) {
    line(1, fmt::format("review every {} {} from {}", loyalty::to_string(r.every.value), to_string(r.unit),
                        r.from ? date(*r.from) : "joined"));
    for (const auto& l : r.lines) {
      std::string head = l.tier.text;
      if (l.condition) {
        head += fmt::format(" when {} {} {}", l.condition->on_cycle_spend ? "cycle_spend" : "spend", to_string(l.condition->op),
                            loyalty::to_string(l.condition->threshold.value));
      }
      line(2, head);
      for (const auto& a : l.actions) {
        line(3,
             std::visit(overloaded{[](const KeepTier&) { return std::string("keep tier"); },
                                   [](const KeepSpend&) { return std::string("keep spend"); },
                                   [](const DemoteTo& d) { return "demote to " + d.tier.text; },
                                   [](const ReduceSpendBy& r) { return "reduce spend by " + loyalty::to_string(r.amount.value); },
                                   [](const ResetSpendTo& r) { return "reset spend to " + loyalty::to_string(r.amount.value); }},
                        a.action));
      }
    }
  }

  void reward(const Reward& r) {
    line(1, fmt::format("reward {} \"{}\"", r.id.text, r.title ? r.title->text : ""));
    std::visit(
        overloaded{[](std::monostate) {},
                   [&](const Resale& k) {
                     line(2, "resale " + loyalty::to_string(k.points.value) + " = " + loyalty::to_string(k.money.value));
                   },
                   [&](const Discount& k) {
                     const std::string on =
                         std::visit(overloaded{[](const OnOrder&) { return std::string("order "); },
                                               [](const OnProduct& p) { return "product " + p.sku.text; },
                                               [](const OnCheapestLine&) { return std::string("cheapest line "); },
                                               [](const OnCategory& c) { return "category " + c.path.text; }},
                                    k.on);
                     line(2, fmt::format("discount {}{} on {}", loyalty::to_string(k.value.value), k.percent ? "%" : "", on));
                   },
                   [&](const Gift& k) {
                     const std::string what = k.choices.empty() ? "\"" + k.sku.text + "\"" : "one of " + names(k.choices);
                     line(2, fmt::format("gift {} qty {}", what, loyalty::to_string(k.qty.value)));
                   },
                   [&](const Voucher& k) { line(2, "voucher " + loyalty::to_string(k.value.value) + (k.percent ? "%" : "")); }},
        r.kind);
    if (r.kinds_written > 1) line(2, fmt::format("kinds {}", r.kinds_written));
    auto opt = [&](const char* name, const std::optional<Number>& n) {
      if (n) line(2, std::string(name) + " " + loyalty::to_string(n->value));
    };
    opt("cost", r.cost);
    opt("minimum", r.minimum);
    opt("max%", r.max_percent);
    opt("max", r.max_amount);
    opt("step", r.step);
    for (const auto& w : r.whens) when(2, w);
  }
};

}  // namespace

std::string dump(const Policy& policy) {
  Dumper d;
  d.policy(policy);
  return std::move(d.out);
}

}  // namespace loyalty::dsl
