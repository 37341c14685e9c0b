// Checking: every semantic error and warning of a parsed policy, each with
// a stable code (codes.def), reported all at once.
#include "loyalty/dsl/check.hpp"
#include "loyalty/dsl/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <variant>

namespace loyalty::dsl {

std::optional<int> currency_decimals(std::string_view code) {
  static const std::map<std::string_view, int> known = {
      {"AUD", 2}, {"BHD", 3}, {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2}, {"IDR", 2},
      {"INR", 2}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KHR", 2}, {"KRW", 0}, {"KWD", 3}, {"LAK", 2}, {"MYR", 2}, {"NZD", 2},
      {"OMR", 3}, {"PHP", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TWD", 2}, {"USD", 2}, {"VND", 0},
  };
  auto it = known.find(code);
  if (it == known.end()) return {};
  return it->second;
}

int money_scale(const Policy& p) {
  if (p.decimals.set) return std::clamp(p.decimals.value, 0, 6);
  if (p.currency.set) return currency_decimals(p.currency.value.text).value_or(0);
  return 0;
}

int points_scale(const Policy& p) { return p.points_decimals.set ? std::clamp(p.points_decimals.value, 0, 6) : 0; }

namespace {

class Checker {
 public:
  Checker(const Policy& p, const Unread& unread, Diagnostics& out)
      : p_(p), unread_(unread), out_(out), money_(money_scale(p)), points_(points_scale(p)) {
    for (std::size_t i = 0; i < p.tiers.size(); ++i) tier_index_.emplace(p.tiers[i].id.text, i);
  }

  void run() {
    settings();
    tiers();
    for (const auto& e : p_.base_earns) earn(e, Scope::base);
    if (p_.base_earns.size() > 1) several_base(p_.base_earns, "the program");
    for (const auto& e : p_.order_earns) earn(e, Scope::order);
    for (const auto& x : p_.exclusions)
      for (const auto& v : target_values(x.target)) unpadded(v);
    for (const auto& m : p_.multipliers) {
      positive(m.factor, "a multiplier");
      for (const auto& r : m.rules) rule(r);
      if (m.when) when(*m.when);
    }
    rules();
    reviews();
    if (p_.expiry) period(p_.expiry->after, p_.expiry->unit, "an expiry period");
    rewards();
  }

 private:
  enum class Scope { base, order, rule };

  const Policy& p_;
  const Unread& unread_;
  Diagnostics& out_;
  int money_, points_;
  std::map<std::string, std::size_t> tier_index_;

  void report(Code code, Span span, std::string message, std::string help = {}) {
    out_.push_back(make_diagnostic(code, span, std::move(message), std::move(help)));
  }

  static std::string decimals(int n) { return n == 1 ? "1 decimal" : fmt::format("{} decimals", n); }

  // Whether a syntax error fell inside this span: then the item is partial,
  // and "missing" checks on it would only repeat the syntax error.
  bool damaged(Span span) const {
    return std::any_of(unread_.at.begin(), unread_.at.end(),
                       [&](std::uint32_t at) { return at >= span.begin && at <= span.end; });
  }

  void positive(const Number& n, const char* what) {
    if (n.value.units <= 0)
      report(Code::not_positive, n.span, fmt::format("{} must be above zero, found {}", what, to_string(n.value)));
  }

  // Precision is judged on the digits written, not on the value: `20.000`
  // in VND is three decimals (most likely 20,000 written the Vietnamese
  // way), never silently 20.
  void money(const Number& n) {
    // Without a known currency the scale is unknown: that is one error, not one per amount.
    const bool scale_known = p_.decimals.set || (p_.currency.set && currency_decimals(p_.currency.value.text));
    if (!scale_known || n.value.scale <= money_) return;
    const std::string written = to_string(n.value);
    std::string help = "money amounts are written in the currency's minor unit at most";
    if (money_ == 0 && n.value.scale == 3) {
      std::string grouped = written;
      grouped[grouped.find('.')] = '_';
      help = fmt::format("for {} thousand write {}: `_` groups digits, `.` starts decimals", written.substr(0, written.find('.')),
                         grouped);
    }
    report(Code::money_precision, n.span,
           fmt::format("{} has {} but {} has {}", written, decimals(n.value.scale),
                       p_.currency.set ? p_.currency.value.text : std::string("the currency"), decimals(money_)),
           std::move(help));
  }

  void points(const Number& n) {
    if (n.value.scale > points_) {
      report(Code::points_precision, n.span,
             fmt::format("{} points has {} but points have {}", to_string(n.value), decimals(n.value.scale), decimals(points_)),
             "set `points decimals N` to allow fractions of a point");
    }
  }

  void percent(const Number& n, const char* what) {
    positive(n, what);
    if (compare(n.value, Decimal{100, 0}) > 0) {
      report(Code::percent_over_100, n.span, fmt::format("{} of {}% is above 100%", what, to_string(n.value)));
    }
  }

  const Tier* tier(const Name& name) {
    auto it = tier_index_.find(name.text);
    if (it != tier_index_.end()) return &p_.tiers[it->second];
    // A tier whose declaration a syntax error skipped is not unknown: that error says enough.
    if (!unread_.skipped("tier", name.text)) {
      std::vector<std::string> ids;
      for (const Tier& t : p_.tiers) ids.push_back(t.id.text);
      const auto near = nearest(name.text, ids);
      report(Code::unknown_tier, name.span, fmt::format("no tier is called `{}`", name.text),
             near ? fmt::format("did you mean `{}`?", *near) : "");
    }
    return nullptr;
  }

  void settings() {
    if (!p_.currency.set) {
      if (!unread_.skipped("currency"))
        report(Code::missing_currency, p_.name.span, "the policy has no currency", "add a line such as `currency VND`");
    } else if (!currency_decimals(p_.currency.value.text) && !p_.decimals.set) {
      report(Code::unknown_currency, p_.currency.value.span,
             fmt::format("the engine does not know the currency `{}`", p_.currency.value.text),
             "add `decimals N` to say how many decimals its money has");
    }
    if (p_.decimals.set && p_.decimals.value > 6)
      report(Code::scale_too_large, p_.decimals.span, "`decimals` must be a whole number from 0 to 6");
    if (p_.points_decimals.set && p_.points_decimals.value > 6) {
      report(Code::scale_too_large, p_.points_decimals.span, "`points decimals` must be a whole number from 0 to 6");
    }
  }

  void several_base(const std::vector<Earn>& earns, const std::string& where) {
    for (std::size_t i = 1; i < earns.size(); ++i) {
      report(Code::several_base_earns, earns[i].span, fmt::format("{} already has a base earn", where),
             "a base earn is one rate; use rules for extra points");
    }
  }

  void earn(const Earn& e, Scope scope) {
    positive(earn_value(e), "an earn rate");
    std::visit(overloaded{[&](const PointsPerMoney& r) { per(r.per); }, [&](const PointsPerFullMoney& r) { per(r.per); },
                          [&](const PointsPerOrder& r) { points(r.points); },  // order earns are exact
                          [](const auto&) {}},
               e.rate);
    const bool base_form = std::holds_alternative<Percent>(e.rate) || std::holds_alternative<PointsPerMoney>(e.rate);
    if (scope == Scope::base && !base_form) {
      report(Code::misplaced_earn, e.span, "a base earn is a rate on money: `earn 5%` or `earn 1 point per 10_000`",
             "put per-unit points in a rule: `rule r on every line { earn 1 point per unit }`");
    }
    if (e.when) {
      if (scope != Scope::order) {
        report(Code::misplaced_condition, e.when->span, "only an order earn takes a `when` on the same line",
               scope == Scope::rule ? "put the condition on its own `when` line in the rule" : "");
      }
      when(*e.when);
    }
  }

  void per(const Number& n) {
    positive(n, "the amount an earn is per");
    money(n);
  }

  void when(const When& w) {
    for (const auto& c : w.conditions) {
      auto not_empty = [&](const auto& list) {
        if (list.empty()) report(Code::empty_list, c.span, "an empty list never matches");
      };
      std::visit(overloaded{[&](const TierIn& t) {
                              for (const auto& n : t.tiers) {
                                // A policy without tiers has one, `default` (docs/semantics.md).
                                if (p_.tiers.empty() && n.text == "default") continue;
                                tier(n);
                              }
                              not_empty(t.tiers);
                            },
                            [&](const StoreIn& t) {
                              not_empty(t.stores);
                              for (const auto& n : t.stores) unpadded(n);
                            },
                            [&](const ChannelIn& t) {
                              not_empty(t.channels);
                              for (const auto& n : t.channels) unpadded(n);
                            },
                            [&](const WeekdayIn& t) { not_empty(t.days); },
                            [&](const DateRange& r) {
                              if (std::tie(r.from.year, r.from.month, r.from.day) > std::tie(r.to.year, r.to.month, r.to.day))
                                report(Code::empty_date_range, c.span, "the range starts after it ends");
                            },
                            [&](const AmountIs& a) { money(a.value); }, [](const QtyIs&) {},
                            [&](const TimeRange& r) {
                              if (r.from_minute == r.to_minute || (r.from_minute == 0 && r.to_minute == 24 * 60) ||
                                  (r.from_minute == 24 * 60 && r.to_minute == 0))
                                report(Code::empty_time_range, c.span,
                                       r.from_minute == r.to_minute ? "the range ends when it starts: it holds at no time"
                                                                    : "the range is the whole day: leave the condition out");
                            },
                            [&](const MemberOrders& m) {
                              if (m.value.value.units < 0 || significant_scale(m.value.value) > 0)
                                report(Code::not_positive, m.value.span, "a number of orders is a whole number, zero or more");
                            },
                            [&](const MemberSpend& m) { money(m.value); }, [&](const TotalAmount& t) { money(t.value); },
                            [](const auto&) {}},
                 c.test);
    }
  }

  template <typename Item>
  void duplicates(const std::vector<Item>& items, const char* what) {
    std::map<std::string, Span> seen;
    for (const auto& item : items) {
      auto [it, fresh] = seen.emplace(item.id.text, item.id.span);
      if (!fresh) report(Code::duplicate_id, item.id.span, fmt::format("{} `{}` is declared twice", what, item.id.text));
    }
  }

  void rule(const Name& name) {
    if (std::any_of(p_.rules.begin(), p_.rules.end(), [&](const Rule& r) { return r.id.text == name.text; })) return;
    if (unread_.skipped("rule", name.text)) return;
    std::vector<std::string> ids;
    for (const Rule& r : p_.rules) ids.push_back(r.id.text);
    const auto near = nearest(name.text, ids);
    report(Code::unknown_rule, name.span, fmt::format("no rule is called `{}`", name.text),
           near ? fmt::format("did you mean `{}`?", *near) : "");
  }

  // Whether `exclude` takes every line of this target value out of earning:
  // the product itself, or the category or one of its ancestors.
  bool excluded(bool product, const std::string& value) const {
    for (const auto& x : p_.exclusions) {
      const bool products = std::holds_alternative<Products>(x.target.lines);
      for (const auto& v : target_values(x.target)) {
        if (products != product) continue;
        if (v.text == value || (!product && value.size() > v.text.size() && value.compare(0, v.text.size(), v.text) == 0 &&
                                value[v.text.size()] == '/'))
          return true;
      }
    }
    return false;
  }

  void tiers() {
    duplicates(p_.tiers, "tier");
    // Tier conditions compile to a 64-bit mask: the limit is checked here, once.
    if (p_.tiers.size() > max_tiers) {
      report(Code::limit_exceeded, p_.tiers[max_tiers].id.span, fmt::format("a policy may have at most {} tiers", max_tiers));
    }
    const Tier* default_tier = nullptr;
    for (const auto& t : p_.tiers) {
      if (t.is_default) {
        if (default_tier) {
          report(Code::several_default_tiers, t.default_span,
                 fmt::format("`{}` is marked default but `{}` already is", t.id.text, default_tier->id.text));
        } else {
          default_tier = &t;
        }
        if (t.retired) report(Code::retired_default, t.retired_span, "the default tier cannot be retired; new members enter it");
        if (t.qualify)
          report(Code::default_qualify, t.qualify->span, "the default tier has no qualification; new members enter it");
      } else if (!t.qualify && !t.retired && !damaged(t.span)) {
        report(Code::missing_qualify, t.id.span, fmt::format("tier `{}` has no `qualify when spend ...`", t.id.text));
      }
      if (t.qualify) money(t.qualify->threshold);
      for (const auto& e : t.earns) earn(e, Scope::base);
      several_base(t.earns, fmt::format("tier `{}`", t.id.text));
    }
    if (!default_tier && !p_.tiers.empty() && !unread_.skipped("tier")) {
      report(Code::no_default_tier, p_.name.span, "no tier is marked default",
             "mark the tier new members enter: `tier T \"Name\" default { ... }`");
    }
    // Thresholds rise in tier order: `>= X` is a lower bar than `> X`. A tier
    // whose id repeats an earlier one is already an error and is left out.
    const Tier* previous = nullptr;
    std::set<std::string> ids;
    for (const auto& t : p_.tiers) {
      if (!ids.insert(t.id.text).second || !t.qualify || t.retired) continue;
      if (previous) {
        const int c = compare(t.qualify->threshold.value, previous->qualify->threshold.value);
        const bool higher = c > 0 || (c == 0 && t.qualify->op == Compare::gt && previous->qualify->op == Compare::ge);
        if (!higher) {
          report(Code::thresholds_not_increasing, t.qualify->threshold.span,
                 fmt::format("tier `{}` qualifies at {} but the tier before it, `{}`, already needs {}", t.id.text,
                             to_string(t.qualify->threshold.value), previous->id.text,
                             to_string(previous->qualify->threshold.value)),
                 "list tiers lowest first");
        }
      }
      previous = &t;
    }
  }

  // A count over its limit, reported once at the first item past it.
  template <typename Item, typename SpanOf>
  void at_most(const std::vector<Item>& items, std::size_t limit, const char* what, SpanOf span_of) {
    if (items.size() > limit)
      report(Code::limit_exceeded, span_of(items[limit]), fmt::format("a policy may have at most {} {}", limit, what));
  }

  void rules() {
    at_most(p_.rules, max_rules, "rules", [](const Rule& r) { return r.id.span; });
    at_most(p_.rewards, max_rewards, "rewards", [](const Reward& r) { return r.id.span; });
    at_most(p_.multipliers, max_multipliers, "multipliers", [](const Multiplier& m) { return m.span; });
    duplicates(p_.rules, "rule");
    for (const auto& r : p_.rules) {
      if (r.earns.empty() && !damaged(r.span))
        report(Code::rule_without_earn, r.id.span, fmt::format("rule `{}` earns nothing", r.id.text));
      for (const auto& e : r.earns) earn(e, Scope::rule);
      for (const auto& w : r.whens) when(w);
      if (r.cap) {
        positive(*r.cap, "a cap");
        points(*r.cap);
      }
      if (r.member_cap) {
        positive(r.member_cap->points, "a cap");
        points(r.member_cap->points);
      }
      const auto& values = target_values(r.target);
      const bool product = std::holds_alternative<Products>(r.target.lines);
      if (!values.empty() &&
          std::all_of(values.begin(), values.end(), [&](const Name& v) { return excluded(product, v.text); })) {
        report(Code::excluded_rule, r.target.span,
               fmt::format("rule `{}` targets only excluded lines: it never earns", r.id.text),
               "remove the rule, or narrow the `exclude`");
      }
      redundant_targets(r);
      for (const auto& v : target_values(r.target)) unpadded(v);
    }
    // Within one target, exclusive rules are tried first, then file order; an
    // unconditional exclusive rule ends every line it matches. Index those
    // rules by target once, so the check stays linear in the number of rules.
    std::map<std::pair<int, std::string>, std::vector<std::size_t>> enders;  // (kind, value) -> rule indices, in file order
    for (std::size_t j = 0; j < p_.rules.size(); ++j) {
      const Rule& e = p_.rules[j];
      if (!e.exclusive || !e.whens.empty() || e.earns.empty()) continue;
      const int kind = static_cast<int>(e.target.lines.index());
      if (std::holds_alternative<EveryLine>(e.target.lines)) enders[{kind, ""}].push_back(j);
      for (const auto& v : target_values(e.target)) enders[{kind, v.text}].push_back(j);
    }
    for (std::size_t i = 0; i < p_.rules.size(); ++i) {
      const Rule& r = p_.rules[i];
      const int kind = static_cast<int>(r.target.lines.index());
      // The first rule that ends lines of this value before r is tried, if any.
      auto ender = [&](const std::string& value) -> const Rule* {
        auto it = enders.find({kind, value});
        if (it == enders.end()) return nullptr;
        for (std::size_t j : it->second) {
          if (j == i) continue;
          if (!r.exclusive || j < i) return &p_.rules[j];
          break;  // later exclusive rules come after r
        }
        return nullptr;
      };
      const Rule* by = nullptr;
      if (std::holds_alternative<EveryLine>(r.target.lines)) {
        by = ender("");
      } else {
        for (const auto& v : target_values(r.target)) {
          by = ender(v.text);
          if (!by) break;
        }
      }
      if (by) {
        report(Code::shadowed_rule, r.id.span,
               fmt::format("rule `{}` can never apply: exclusive rule `{}` on the same target ends every line first", r.id.text,
                           by->id.text),
               "give one of them a `when`, or merge them");
      }
    }
  }

  // Names are compared exactly; spaces at either end never match a till's text.
  void unpadded(const Name& n) {
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    if (!n.text.empty() && (blank(n.text.front()) || blank(n.text.back()))) {
      report(Code::padded_string, n.span, fmt::format("\"{}\" has spaces at its start or end", n.text),
             "names are compared exactly, spaces included; remove them");
    }
  }

  // A target listed twice, or a category below another listed one: the rule
  // applies once per line anyway, so the extra value only misleads.
  void redundant_targets(const Rule& r) {
    const bool categories = std::holds_alternative<Categories>(r.target.lines);
    const auto& values = target_values(r.target);
    auto covers = [&](const std::string& outer, const std::string& inner) {
      if (outer == inner) return true;
      return categories && inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
             inner[outer.size()] == '/';
    };
    for (std::size_t i = 0; i < values.size(); ++i) {
      for (std::size_t j = 0; j < values.size(); ++j) {
        if (i == j || !covers(values[j].text, values[i].text)) continue;
        if (values[i].text == values[j].text && j > i) continue;  // report the later of two equal values
        report(Code::redundant_target, values[i].span,
               values[i].text == values[j].text ? fmt::format("`{}` is listed twice", values[i].text)
                                                : fmt::format("`{}` is already covered by `{}`", values[i].text, values[j].text),
               "a rule applies at most once per line; remove the extra value");
        break;
      }
    }
  }

  void demotion(const ReviewLine& line, const Tier* reviewed, const Name& to) {
    const Tier* target = tier(to);
    if (!reviewed || !target) return;
    if (tier_index_[target->id.text] >= tier_index_[reviewed->id.text]) {
      report(Code::demote_not_lower, to.span,
             fmt::format("`{}` is not lower than `{}`; a review can only demote", to.text, line.tier.text),
             "tiers are listed lowest first");
    } else if (target->retired) {
      report(Code::retired_target, to.span, fmt::format("`{}` is retired", to.text));
    }
  }

  void spend_amount(const Number& amount) {
    money(amount);
    if (amount.value.units < 0) report(Code::not_positive, amount.span, "a spend amount cannot be negative");
  }

  // A period is a whole number of days, months or years, at most a century.
  void period(const Number& n, PeriodUnit unit, const char* what) {
    positive(n, what);
    if (n.value.units <= 0) return;
    const auto whole = rescale_exact(n.value, 0);
    const std::int64_t limit = unit == PeriodUnit::days ? 36'525 : unit == PeriodUnit::months ? 1'200 : 100;
    if (!whole) {
      report(Code::bad_period, n.span, fmt::format("{} is a whole number of {}", what, to_string(unit)));
    } else if (*whole > limit) {
      report(Code::bad_period, n.span, fmt::format("{} is at most {} {} (a century)", what, limit, to_string(unit)));
    }
  }

  void reviews() {
    for (std::size_t i = 1; i < p_.reviews.size(); ++i) {
      report(Code::several_reviews, p_.reviews[i].span, "a policy has one review; put every tier's line in the first",
             "a member has one review cycle, and its end runs the line for the member's tier");
    }
    for (const auto& r : p_.reviews) {
      period(r.every, r.unit, "a review period");
      std::set<std::string> seen;
      for (const auto& line : r.lines) {
        if (!seen.insert(line.tier.text).second) {
          report(Code::review_duplicate_tier, line.tier.span,
                 fmt::format("this review already has a line for `{}`", line.tier.text));
        }
        const Tier* reviewed = tier(line.tier);
        if (line.condition) money(line.condition->threshold);
        int tier_actions = 0, spend_actions = 0;
        for (const auto& a : line.actions) {
          std::visit(overloaded{[&](const KeepTier&) { ++tier_actions; },
                                [&](const DemoteTo& d) {
                                  ++tier_actions;
                                  demotion(line, reviewed, d.tier);
                                },
                                [&](const KeepSpend&) { ++spend_actions; },
                                [&](const ReduceSpendBy& r) {
                                  ++spend_actions;
                                  spend_amount(r.amount);
                                },
                                [&](const ResetSpendTo& r) {
                                  ++spend_actions;
                                  spend_amount(r.amount);
                                }},
                     a.action);
        }
        if (tier_actions > 1 || spend_actions > 1) {
          report(Code::conflicting_actions, line.span,
                 tier_actions > 1 ? "the line says twice what happens to the tier" : "the line says twice what happens to spend");
        }
      }
    }
  }

  void rewards() {
    duplicates(p_.rewards, "reward");
    for (const auto& r : p_.rewards) {
      if (damaged(r.span)) continue;
      if (std::holds_alternative<std::monostate>(r.kind)) {
        report(Code::reward_kind, r.id.span, fmt::format("reward `{}` has no kind", r.id.text),
               "add one of `resale 1 point = 100`, `discount 10% on order`, `gift \"SKU\"`, `voucher 50_000`");
        continue;
      }
      if (r.kinds_written > 1)
        report(Code::reward_kind, r.id.span,
               fmt::format("reward `{}` has {} kinds; a reward is one thing", r.id.text, r.kinds_written));
      // Options are written in any order, so they are matched with the kind here.
      auto option = [&](const std::optional<Number>& n, const char* what, bool fits) {
        if (n && !fits) report(Code::reward_option, n->span, fmt::format("`{}` does not apply to this kind of reward", what));
      };
      const bool resale = std::holds_alternative<Resale>(r.kind);
      const bool money_off = !std::holds_alternative<Gift>(r.kind);
      option(r.cost, "cost", !resale);
      option(r.step, "step", resale);
      option(r.max_percent, "max % of order", money_off);
      option(r.max_amount, "max", money_off);
      if (!resale && !r.cost)
        report(Code::reward_option, r.id.span, fmt::format("reward `{}` has no `cost N points`", r.id.text));
      if (r.cost) {
        positive(*r.cost, "a cost");
        points(*r.cost);
      }
      if (r.minimum) {
        positive(*r.minimum, "a minimum balance");
        points(*r.minimum);
      }
      if (r.step) {
        positive(*r.step, "a step");
        points(*r.step);
      }
      if (r.max_percent) percent(*r.max_percent, "a cap");
      if (r.max_amount) {
        positive(*r.max_amount, "a cap");
        money(*r.max_amount);
      }
      std::visit(overloaded{[&](const Resale& k) {
                              positive(k.points, "the points of a resale rate");
                              points(k.points);
                              positive(k.money, "the money of a resale rate");
                              money(k.money);
                            },
                            [&](const Discount& k) {
                              if (const auto* on = std::get_if<OnProduct>(&k.on)) unpadded(on->sku);
                              if (const auto* on = std::get_if<OnCategory>(&k.on)) unpadded(on->path);
                              if (k.percent) {
                                percent(k.value, "a discount");
                              } else {
                                positive(k.value, "a discount");
                                money(k.value);
                              }
                            },
                            [&](const Gift& k) {
                              if (k.choices.empty()) unpadded(k.sku);
                              for (const auto& c : k.choices) unpadded(c);
                              positive(k.qty, "a gift quantity");
                              if (k.qty.value.scale > 0 && significant_scale(k.qty.value) > 0) {
                                report(Code::not_positive, k.qty.span, "a gift quantity is a whole number");
                              }
                            },
                            [&](const Voucher& k) {
                              if (k.percent) {
                                percent(k.value, "a voucher");
                              } else {
                                positive(k.value, "a voucher's value");
                                money(k.value);
                              }
                            },
                            [](std::monostate) {}},
                 r.kind);
      for (const auto& w : r.whens) when(w);
    }
  }
};

}  // namespace

void check(const Policy& policy, const Unread& unread, Diagnostics& out) {
  Checker(policy, unread, out).run();
  sort_diagnostics(out);
}

}  // namespace loyalty::dsl
