// A span-free dump of the AST, one node a line. Equal dumps mean the same
// policy: the formatter proves itself with it, and parser tests read it.
// Also the names of AST values as the language writes them.
#include <fmt/format.h>

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

std::string to_string(const Condition& c) {
  auto list = [](const std::vector<Name>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n.text;
    return "[" + s + "]";
  };
  switch (c.kind) {
    case Condition::Kind::tier_in:
      return "tier in " + list(c.names);
    case Condition::Kind::store_in:
      return "store in " + list(c.names);
    case Condition::Kind::channel_in:
      return "channel in " + list(c.names);
    case Condition::Kind::weekday_in: {
      std::string s;
      for (auto d : c.weekdays) s += std::string(s.empty() ? "" : ", ") + to_string(d);
      return "weekday in [" + s + "]";
    }
    case Condition::Kind::date_range:
      return fmt::format("date from {:04}-{:02}-{:02} to {:04}-{:02}-{:02}", c.from.year, c.from.month, c.from.day, c.to.year,
                         c.to.month, c.to.day);
    case Condition::Kind::qty:
      return fmt::format("qty {} {}", to_string(c.op), loyalty::to_string(c.value.value));
    case Condition::Kind::amount:
      return fmt::format("amount {} {}", to_string(c.op), loyalty::to_string(c.value.value));
  }
  return {};
}

namespace {

std::string date(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

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
    for (const auto& c : w.conditions) {
      switch (c.kind) {
        case Condition::Kind::tier_in:
          line(depth + 1, "tier in " + names(c.names));
          break;
        case Condition::Kind::store_in:
          line(depth + 1, "store in " + names(c.names));
          break;
        case Condition::Kind::channel_in:
          line(depth + 1, "channel in " + names(c.names));
          break;
        case Condition::Kind::weekday_in: {
          std::string days;
          for (auto d : c.weekdays) days += std::string(days.empty() ? "" : ", ") + to_string(d);
          line(depth + 1, "weekday in [" + days + "]");
          break;
        }
        case Condition::Kind::date_range:
          line(depth + 1, "date " + date(c.from) + " .. " + date(c.to));
          break;
        case Condition::Kind::qty:
          line(depth + 1, fmt::format("qty {} {}", to_string(c.op), loyalty::to_string(c.value.value)));
          break;
        case Condition::Kind::amount:
          line(depth + 1, fmt::format("amount {} {}", to_string(c.op), loyalty::to_string(c.value.value)));
          break;
      }
    }
  }

  void earn(int depth, const Earn& e) {
    const std::string v = loyalty::to_string(e.value.value);
    switch (e.kind) {
      case Earn::Kind::percent:
        line(depth, "earn " + v + "%");
        break;
      case Earn::Kind::per_money:
        line(depth, "earn " + v + " per " + loyalty::to_string(e.per.value));
        break;
      case Earn::Kind::per_full_money:
        line(depth, "earn " + v + " per full " + loyalty::to_string(e.per.value));
        break;
      case Earn::Kind::per_unit:
        line(depth, "earn " + v + " per unit");
        break;
      case Earn::Kind::per_order:
        line(depth, "earn " + v + " per order");
        break;
    }
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
    setting("timezone", p.timezone_minutes, [](int v) { return std::to_string(v); });
    setting("earn on subtotal", p.earn_on_subtotal, [](bool v) { return std::string(v ? "yes" : "no"); });
    setting("returns", p.negative_balance,
            [](NegativeBalance v) { return std::string(v == NegativeBalance::allow_debt ? "allow debt" : "stop at zero"); });
    if (p.expiry) line(1, "expire after " + loyalty::to_string(p.expiry->after.value) + " " + to_string(p.expiry->unit));
    for (const auto& e : p.base_earns) earn(1, e);
    for (const auto& e : p.order_earns) earn(1, e);
    for (const auto& m : p.multipliers) {
      line(1, "multiply base by " + loyalty::to_string(m.factor.value));
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
      static constexpr const char* kinds[] = {"product", "category", "every line"};
      line(1, fmt::format("rule {} \"{}\" on {} {}{}", r.id.text, r.title ? r.title->text : "",
                          kinds[static_cast<int>(r.target.kind)], names(r.target.values), r.exclusive ? " exclusive" : ""));
      for (const auto& e : r.earns) earn(2, e);
      for (const auto& w : r.whens) when(2, w);
      if (r.cap) line(2, "cap " + loyalty::to_string(r.cap->value));
    }
    for (const auto& r : p.reviews) {
      line(1, fmt::format("review every {} {} from {}", loyalty::to_string(r.every.value), to_string(r.unit),
                          r.from_joined ? "joined" : date(r.from)));
      for (const auto& l : r.lines) {
        std::string head = l.tier.text;
        if (l.has_condition) {
          head += fmt::format(" when {} {} {}", l.on_cycle_spend ? "cycle_spend" : "spend", to_string(l.op),
                              loyalty::to_string(l.threshold.value));
        }
        line(2, head);
        for (const auto& a : l.actions) {
          switch (a.kind) {
            case ReviewAction::Kind::keep_tier:
              line(3, "keep tier");
              break;
            case ReviewAction::Kind::keep_spend:
              line(3, "keep spend");
              break;
            case ReviewAction::Kind::demote:
              line(3, "demote to " + a.tier.text);
              break;
            case ReviewAction::Kind::reduce_spend:
              line(3, "reduce spend by " + loyalty::to_string(a.amount.value));
              break;
            case ReviewAction::Kind::reset_spend:
              line(3, "reset spend to " + loyalty::to_string(a.amount.value));
              break;
          }
        }
      }
    }
    for (const auto& r : p.rewards) reward(r);
  }

  void reward(const Reward& r) {
    line(1, fmt::format("reward {} \"{}\"", r.id.text, r.title ? r.title->text : ""));
    switch (r.kind) {
      case Reward::Kind::none:
        break;
      case Reward::Kind::resale:
        line(2, "resale " + loyalty::to_string(r.resale_points.value) + " = " + loyalty::to_string(r.resale_money.value));
        break;
      case Reward::Kind::discount: {
        static constexpr const char* on[] = {"order", "product", "cheapest line"};
        line(2, fmt::format("discount {}{} on {} {}", loyalty::to_string(r.discount_value.value),
                            r.discount_is_percent ? "%" : "", on[static_cast<int>(r.discount_on)], r.discount_sku.text));
        break;
      }
      case Reward::Kind::gift:
        line(2, fmt::format("gift \"{}\" qty {}", r.gift_sku.text, loyalty::to_string(r.gift_qty.value)));
        break;
      case Reward::Kind::voucher:
        line(2, "voucher " + loyalty::to_string(r.voucher_value.value));
        break;
    }
    if (r.kind_count > 1) line(2, fmt::format("kinds {}", r.kind_count));
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
