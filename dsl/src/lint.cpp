// Lint: style rules and breaking changes. A breaking change that corrupts
// what members have stored (a tier or voucher they hold by id, the currency
// or point scale their amounts are written in, the default tier) is an
// error; one customers would notice (a higher threshold, a lower rate, a
// dearer reward, a renamed rule) is a warning.
#include "loyalty/dsl/lint.hpp"

#include <fmt/format.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <map>
#include <set>

#include "loyalty/dsl/check.hpp"
#include "loyalty/dsl/decimal.hpp"

namespace loyalty::dsl {

namespace {

std::string title_of(const std::optional<Name>& n) { return n ? n->text : ""; }

// An earn's rate as a comparable fraction (points per unit of what it counts), or nothing
// when two rates are of different kinds.
struct Rate {
  int kind = 0;
  Decimal points, per{1, 0};
};
Rate rate_of(const Earn& e) {
  return std::visit(overloaded{[](const Percent& r) {
                                 return Rate{0, r.percent.value, {1, 0}};
                               },
                               [](const PointsPerMoney& r) {
                                 return Rate{1, r.points.value, r.per.value};
                               },
                               [](const PointsPerFullMoney& r) {
                                 return Rate{2, r.points.value, r.per.value};
                               },
                               [](const PointsPerUnit& r) {
                                 return Rate{3, r.points.value, {1, 0}};
                               },
                               [](const PointsPerOrder& r) {
                                 return Rate{4, r.points.value, {1, 0}};
                               }},
                    e.rate);
}
// Whether `now` earns less than `was` (same kind only): points / per compared
// by cross-multiplying, exactly, in 256 bits at a common scale.
bool lower(const Rate& now, const Rate& was) {
  if (now.kind != was.kind) return false;
  using boost::multiprecision::int256_t;
  auto scaled = [](const Decimal& a, const Decimal& b) {  // a x b, as units at scale 36
    int256_t v = int256_t(a.units) * int256_t(b.units);
    for (int s = a.scale + b.scale; s < 36; ++s) v *= 10;
    return v;
  };
  return scaled(now.points, was.per) < scaled(was.points, now.per);
}

class Linter {
 public:
  Linter(const Policy& p, const LintOptions& o) : p_(p), o_(o) {}

  Diagnostics run() {
    style();
    if (o_.baseline) breaking(*o_.baseline);
    return std::move(out_);
  }

 private:
  const Policy& p_;
  const LintOptions& o_;
  Diagnostics out_;

  void report(Code code, Span span, std::string message, std::string help = {}) {
    out_.push_back(make_diagnostic(code, span, std::move(message), std::move(help)));
  }

  void ended(const std::vector<When>& whens) {
    if (!o_.today) return;
    for (const When& w : whens) {
      for (const Condition& c : w.conditions) {
        if (const auto* d = std::get_if<DateRange>(&c.test)) {
          const Date& to = d->to;
          if (std::tie(to.year, to.month, to.day) < std::tie(o_.today->year, o_.today->month, o_.today->day)) {
            report(Code::ended_window, c.span,
                   fmt::format("this window ended on {:04}-{:02}-{:02}; the condition can no longer hold", to.year, to.month,
                               to.day),
                   "remove what it guards, or move the window");
          }
        }
      }
    }
  }

  void style() {
    if (!p_.rounding.set) {
      report(Code::undeclared_rounding, p_.name.span, "the policy does not say how points are rounded (the default is floor)",
             "write `rounding floor` (or half_up, half_even, ceil) so the choice is visible");
    }
    for (const Reward& r : p_.rewards) {
      if (std::holds_alternative<Resale>(r.kind) && !r.max_percent && !r.max_amount) {
        report(Code::uncapped_resale, r.id.span, fmt::format("resale `{}` has no cap: points can pay a whole order", r.id.text),
               "add `max 50% of order` or `max 200_000 per order`");
      }
      ended(r.whens);
    }
    // Cumulative product rules on the same SKU add up; one of them is usually meant to be exclusive.
    std::map<std::string, const Rule*> by_sku;
    for (const Rule& rule : p_.rules) {
      for (const auto& w : rule.whens) ended({w});
      const auto* products = std::get_if<Products>(&rule.target.lines);
      if (!products || rule.exclusive) continue;
      for (const Name& sku : products->skus) {
        auto [it, fresh] = by_sku.emplace(sku.text, &rule);
        if (!fresh && !it->second->exclusive) {
          report(Code::overlapping_rules, sku.span,
                 fmt::format("`{}` is also a target of rule `{}`: both earn on it", sku.text, it->second->id.text),
                 "mark one `exclusive` if only one should apply");
        }
      }
    }
    unreachable_tiers();
    for (const Earn& e : p_.order_earns)
      if (e.when) ended({*e.when});
    for (const Multiplier& m : p_.multipliers)
      if (m.when) ended({*m.when});
  }

  // A tier whose least qualifying spend also qualifies a higher tier: members
  // always land in the higher one (`> 5_000_000` and `>= 5_000_001` in VND).
  void unreachable_tiers() {
    struct Least {
      const Tier* tier;
      std::int64_t spend;  // in minor units
    };
    std::vector<Least> active;
    for (const Tier& t : p_.tiers) {
      if (t.retired || !t.qualify) continue;
      const auto x = rescale_exact(t.qualify->threshold.value, money_scale(p_));
      if (!x) continue;
      active.push_back({&t, *x + (t.qualify->op == Compare::gt ? 1 : 0)});
    }
    for (std::size_t i = 0; i < active.size(); ++i) {
      for (std::size_t j = i + 1; j < active.size(); ++j) {
        if (active[j].spend <= active[i].spend) {
          report(Code::unreachable_tier, active[i].tier->id.span,
                 fmt::format("no spend reaches `{}`: whatever qualifies for it qualifies for `{}`, which is higher",
                             active[i].tier->id.text, active[j].tier->id.text),
                 "raise the higher tier's threshold, or write `>` and `>=` consistently");
          break;
        }
      }
    }
  }

  template <typename Item>
  static const Item* by_id(const std::vector<Item>& items, const std::string& id) {
    for (const Item& i : items)
      if (i.id.text == id) return &i;
    return nullptr;
  }
  // A new item with the same title as a removed one: a rename.
  template <typename Item>
  const Item* renamed(const std::vector<Item>& now, const std::vector<Item>& was, const Item& gone) {
    const std::string title = title_of(gone.title);
    if (title.empty()) return nullptr;
    for (const Item& i : now)
      if (title_of(i.title) == title && !by_id(was, i.id.text)) return &i;
    return nullptr;
  }

  void breaking(const Policy& was) {
    if (was.currency.set && p_.currency.set && was.currency.value.text != p_.currency.value.text) {
      report(Code::currency_changed, p_.currency.span,
             fmt::format("the currency changed from {} to {}: stored spend is in {}", was.currency.value.text,
                         p_.currency.value.text, was.currency.value.text));
    } else if (money_scale(was) != money_scale(p_)) {
      report(Code::currency_changed, p_.currency.span,
             fmt::format("money now has {} decimals, {} before: stored amounts would be misread", money_scale(p_),
                         money_scale(was)));
    }
    if (points_scale(was) != points_scale(p_)) {
      report(Code::point_scale_changed, p_.points_decimals.set ? p_.points_decimals.span : p_.name.span,
             fmt::format("points now have {} decimals, {} before: stored balances would be misread", points_scale(p_),
                         points_scale(was)));
    }
    std::string default_was, default_now;
    for (const Tier& t : was.tiers)
      if (t.is_default) default_was = t.id.text;
    for (const Tier& t : p_.tiers)
      if (t.is_default) default_now = t.id.text;
    if (default_was != default_now && !default_was.empty() && !default_now.empty()) {
      const Tier* t = by_id(p_.tiers, default_now);
      report(Code::default_tier_changed, t ? t->default_span : p_.name.span,
             fmt::format("the default tier changed from `{}` to `{}`", default_was, default_now),
             "new members and stored members without a tier would land elsewhere");
    }
    for (const Tier& old : was.tiers) {
      const Tier* now = by_id(p_.tiers, old.id.text);
      if (!now) {
        if (const Tier* r = renamed(p_.tiers, was.tiers, old)) {
          report(Code::id_renamed, r->id.span,
                 fmt::format("tier `{}` was `{}`: members store their tier by id", r->id.text, old.id.text),
                 fmt::format("keep the id `{}`; change only the title", old.id.text));
        } else {
          report(Code::tier_removed, p_.name.span, fmt::format("tier `{}` was removed: members in it would be lost", old.id.text),
                 fmt::format("keep it and mark it `retired`: `tier {} retired {{ ... }}`", old.id.text));
        }
        continue;
      }
      if (old.qualify && now->qualify && compare(now->qualify->threshold.value, old.qualify->threshold.value) > 0) {
        report(Code::threshold_raised, now->qualify->threshold.span,
               fmt::format("tier `{}` now needs {} of spend, {} before", now->id.text, to_string(now->qualify->threshold.value),
                           to_string(old.qualify->threshold.value)));
      }
      if (!old.earns.empty() && !now->earns.empty() && lower(rate_of(now->earns.front()), rate_of(old.earns.front()))) {
        report(Code::rate_lowered, now->earns.front().span, fmt::format("tier `{}` earns less than before", now->id.text));
      }
    }
    if (!was.base_earns.empty() && !p_.base_earns.empty() &&
        lower(rate_of(p_.base_earns.front()), rate_of(was.base_earns.front()))) {
      report(Code::rate_lowered, p_.base_earns.front().span, "the base earn is lower than before");
    }
    for (const Rule& old : was.rules) {
      const Rule* now = by_id(p_.rules, old.id.text);
      if (!now) {
        if (const Rule* r = renamed(p_.rules, was.rules, old)) {
          report(Code::id_renamed, r->id.span, fmt::format("rule `{}` was `{}`", r->id.text, old.id.text),
                 "scenarios, traces and journals name rules by id");
          out_.back().severity = Severity::warning;  // no member stores a rule's id
        }
        continue;
      }
      for (std::size_t i = 0; i < old.earns.size() && i < now->earns.size(); ++i) {
        if (lower(rate_of(now->earns[i]), rate_of(old.earns[i])))
          report(Code::rate_lowered, now->earns[i].span, fmt::format("rule `{}` earns less than before", now->id.text));
      }
    }
    // A value excluded now that was not before: its lines stop earning.
    auto excluded = [](const Policy& policy, bool products, const std::string& value) {
      for (const Exclusion& x : policy.exclusions) {
        if (std::holds_alternative<Products>(x.target.lines) != products) continue;
        for (const Name& v : target_values(x.target))
          if (v.text == value) return true;
      }
      return false;
    };
    for (const Exclusion& x : p_.exclusions) {
      const bool products = std::holds_alternative<Products>(x.target.lines);
      for (const Name& v : target_values(x.target)) {
        if (!excluded(was, products, v.text)) {
          report(Code::exclusion_added, v.span,
                 fmt::format("{} \"{}\" is newly excluded: its lines stop earning points", products ? "product" : "category",
                             v.text));
        }
      }
    }
    for (const Reward& old : was.rewards) {
      const Reward* now = by_id(p_.rewards, old.id.text);
      if (!now) {
        if (const Reward* r = renamed(p_.rewards, was.rewards, old)) {
          report(Code::id_renamed, r->id.span,
                 fmt::format("reward `{}` was `{}`: members hold vouchers by reward id", r->id.text, old.id.text),
                 fmt::format("keep the id `{}`; change only the title", old.id.text));
        } else if (std::holds_alternative<Voucher>(old.kind)) {
          report(Code::reward_removed, p_.name.span,
                 fmt::format("voucher reward `{}` was removed: vouchers members hold could no longer be used", old.id.text));
        }
        continue;
      }
      if (old.cost && now->cost && compare(now->cost->value, old.cost->value) > 0) {
        report(Code::reward_dearer, now->cost->span,
               fmt::format("reward `{}` now costs {} points, {} before", now->id.text, to_string(now->cost->value),
                           to_string(old.cost->value)));
      }
    }
  }
};

}  // namespace

Diagnostics lint(const Policy& policy, const LintOptions& options) { return Linter(policy, options).run(); }

}  // namespace loyalty::dsl
