// Compiling: a checked AST becomes an immutable rule graph. Rates and
// reward percentages become exact fractions at the policy's scales (a rate
// too precise to compute is a `limit-exceeded` error here, never an overflow
// at the till), conditions become masks and day numbers, targets become
// hashed chains of rule indices (a category's chain already includes every
// ancestor's rules), and every node keeps the line it was written on.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cctype>
#include <chrono>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <variant>

#include "loyalty/dsl/analyze.hpp"
#include "loyalty/dsl/check.hpp"
#include "bounds.hpp"
#include "rule_graph.hpp"

namespace loyalty {

namespace {

using dsl::Diagnostics;

// Compile-time maps by name; the graph keeps flat NameIndex copies.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

std::int32_t day_number(const dsl::Date& d) {
  using namespace std::chrono;
  return sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} / day{static_cast<unsigned>(d.day)}}
      .time_since_epoch()
      .count();
}

class Compiler {
 public:
  Compiler(const dsl::Source& source, const dsl::Policy& ast, Diagnostics& out) : source_(source), ast_(ast), out_(out) {}

  std::shared_ptr<Policy> run() {
    static std::atomic<std::uint64_t> serials{0};
    auto p = std::make_shared<Policy>();
    p_ = p.get();
    p->serial = ++serials;
    p->name = ast_.name.text;
    p->source_name = source_.name();
    p->money_scale = dsl::money_scale(ast_);
    p->points_scale = dsl::points_scale(ast_);
    p->rounding = ast_.rounding.set ? ast_.rounding.value : Rounding::floor;
    timezone();
    p->earn_on_subtotal = ast_.earn_on_subtotal.set && ast_.earn_on_subtotal.value;
    p->negative_balance = ast_.negative_balance.set && ast_.negative_balance.value == dsl::NegativeBalance::stop_at_zero
                              ? NegativeBalance::stop_at_zero
                              : NegativeBalance::allow_debt;
    tiers();
    if (!ast_.base_earns.empty()) p->base = earn(ast_.base_earns.front());
    for (const auto& e : ast_.order_earns) {
      CompiledOrderEarn o;
      o.points = exact_points(dsl::earn_value(e));
      if (e.when) o.conditions = conditions({*e.when});
      o.text = describe(e);
      o.source = line_of(e.span);
      p->order_earns.push_back(std::move(o));
    }
    exclusions();
    for (const auto& m : ast_.multipliers) {
      CompiledMultiplier c;
      c.on_base = m.scope != dsl::Multiplier::Scope::rules;
      c.factor = reduced({m.factor.value.units, pow10(m.factor.value.scale)});
      if (m.when) c.conditions = conditions({*m.when});
      c.text = "x" + to_string(m.factor.value);
      if (m.when) c.condition_text = when_text(*m.when);
      c.source = line_of(m.span);
      p->multipliers.push_back(std::move(c));
    }
    rules();
    chain_plans();
    rewards();
    review();
    if (ast_.expiry) p->expiry = period(ast_.expiry->after, ast_.expiry->unit);
    using K = CompiledCondition::Kind;
    for (const auto& c : p->conditions) {
      if (c.kind == K::weekday_in || c.kind == K::date_range || c.kind == K::time_range || c.kind == K::birthday ||
          c.kind == K::birthday_month)
        p->needs_local_time = true;
      if (c.kind == K::total_qty || c.kind == K::total_amount) p->reads_totals = true;
    }
    for (const auto& r : p->rules) {
      if (r.member_cap) p->needs_local_time = true;
    }
    if (failed_) return nullptr;
    assert(well_formed(*p));
    return p;
  }

  // The graph's invariants, which evaluation relies on without checking.
  static bool well_formed(const Policy& p) {
    auto within = [](Range r, std::size_t size) { return std::size_t{r.begin} + r.count <= size; };
    bool ok = !p.tiers.empty() && p.default_tier < p.tiers.size() && p.tiers.size() <= dsl::max_tiers;
    for (const auto& r : p.rules)
      ok = ok && within(r.earns, p.earns.size()) && within(r.conditions, p.conditions.size()) &&
           within(r.multipliers, p.rule_multipliers.size());
    for (std::uint32_t m : p.rule_multipliers) ok = ok && m < p.multipliers.size();
    for (const auto& r : p.rewards) ok = ok && within(r.conditions, p.conditions.size()) && r.resale_points >= Points{};
    for (const auto& e : p.earns) ok = ok && e.rate.den > 0 && (e.kind != CompiledEarn::Kind::per_full_money || e.full > Money{});
    for (std::uint32_t rule : p.chain_rules) ok = ok && rule < p.rules.size();
    return ok && within(p.every_line_chain, p.chain_rules.size());
  }

 private:
  const dsl::Source& source_;
  const dsl::Policy& ast_;
  Diagnostics& out_;
  Policy* p_ = nullptr;
  bool failed_ = false;

  void limit(dsl::Span span, std::string message) {
    out_.push_back(dsl::make_diagnostic(dsl::Code::limit_exceeded, span, std::move(message)));
    failed_ = true;
  }

  void timezone() {
    const auto& tz = ast_.timezone;
    if (!tz.set) return;
    if (tz.value.zone.empty()) {
      p_->has_offset = true;
      p_->offset_minutes = tz.value.offset_minutes;
      return;
    }
    try {
      p_->zone = date::locate_zone(tz.value.zone);  // the system's tz database, loaded once
    } catch (const std::exception&) {
      out_.push_back(dsl::make_diagnostic(
          dsl::Code::unknown_timezone, tz.value.zone_span, fmt::format("the time zone database has no zone `{}`", tz.value.zone),
          "use an IANA name such as Asia/Ho_Chi_Minh or Europe/Paris, or an offset such as +07:00"));
      failed_ = true;
    }
  }

  SourceLine line_of(dsl::Span span) const { return {source_.locate(span.begin).line}; }

  static Fraction reduced(Fraction f) {
    if (f.den > 0) {
      const std::int64_t g = std::gcd(f.num, f.den);
      if (g > 1) f = {f.num / g, f.den / g};
    }
    return f;
  }

  // P% as a fraction of the amount it is taken on: P / 100.
  std::optional<Fraction> percent(const dsl::Number& n) {
    auto den = checked_mul(100, pow10(n.value.scale));
    if (!den) {
      limit(n.span, "this percentage is too precise to compute exactly");
      return std::nullopt;
    }
    return reduced({n.value.units, *den});
  }

  std::int64_t mul(std::int64_t a, std::int64_t b, dsl::Span span) {
    auto r = checked_mul(a, b);
    if (!r) {
      limit(span, "this number is too large or too precise to compute exactly");
      return 1;
    }
    return *r;
  }

  Money money(const dsl::Number& n) {
    auto v = rescale_exact(n.value, p_->money_scale);
    if (!v) limit(n.span, "this amount does not fit the currency's scale");
    return v.value_or(0);
  }

  Points exact_points(const dsl::Number& n) {
    auto v = rescale_exact(n.value, p_->points_scale);
    if (!v) limit(n.span, "this amount of points does not fit the points scale");
    return v.value_or(0);
  }

  // An earn as written, for the trace ("5%", "2 points per unit").
  static std::string describe(const dsl::Earn& e) {
    const Decimal value = dsl::earn_value(e).value;
    const std::string v = to_string(value);
    const char* pts = value == Decimal{1, 0} ? "point" : "points";
    return std::visit(
        dsl::overloaded{
            [&](const dsl::Percent&) { return v + "%"; },
            [&](const dsl::PointsPerMoney& r) { return fmt::format("{} {} per {}", v, pts, to_string(r.per.value)); },
            [&](const dsl::PointsPerFullMoney& r) { return fmt::format("{} {} per full {}", v, pts, to_string(r.per.value)); },
            [&](const dsl::PointsPerUnit&) { return fmt::format("{} {} per unit", v, pts); },
            [&](const dsl::PointsPerOrder&) { return fmt::format("{} {} per order", v, pts); }},
        e.rate);
  }

  // An earn's rate as an exact fraction of money (minor units) or units,
  // giving points at the point scale.
  CompiledEarn earn(const dsl::Earn& e) {
    const int m = p_->money_scale, p = p_->points_scale;
    const Decimal v = dsl::earn_value(e).value;
    CompiledEarn c;
    c.text = describe(e);
    c.source = line_of(e.span);
    Fraction& f = c.rate;
    std::visit(dsl::overloaded{[&](const dsl::Percent&) {
                                 c.kind = CompiledEarn::Kind::percent;
                                 f.num = mul(v.units, pow10(p), e.span);
                                 f.den = mul(100, pow10(std::min(v.scale + m, 18)), e.span);
                                 if (v.scale + m > 18) limit(e.span, "this rate is too precise to compute exactly");
                               },
                               [&](const dsl::PointsPerMoney& r) {
                                 const Decimal per = r.per.value;
                                 c.kind = CompiledEarn::Kind::per_money;
                                 if (per.scale + p > 18 || m + v.scale > 18)
                                   limit(e.span, "this rate is too precise to compute exactly");
                                 f.num = mul(v.units, pow10(std::min(per.scale + p, 18)), e.span);
                                 f.den = mul(per.units, pow10(std::min(m + v.scale, 18)), e.span);
                               },
                               [&](const dsl::PointsPerFullMoney& r) {
                                 c.kind = CompiledEarn::Kind::per_full_money;
                                 c.full = money(r.per);
                                 f.num = mul(v.units, pow10(p), e.span);
                                 f.den = pow10(v.scale);
                               },
                               [&](const dsl::PointsPerUnit&) {
                                 c.kind = CompiledEarn::Kind::per_unit;
                                 f.num = mul(v.units, pow10(p), e.span);
                                 f.den = pow10(v.scale);
                               },
                               [&](const dsl::PointsPerOrder& r) {
                                 c.kind = CompiledEarn::Kind::per_order;
                                 f.num = exact_points(r.points).units;
                               }},
               e.rate);
    f = reduced(f);
    return c;
  }

  Range conditions(const std::vector<dsl::When>& whens) {
    Range r{static_cast<std::uint32_t>(p_->conditions.size()), 0};
    for (const auto& w : whens) {
      for (const auto& c : w.conditions) {
        CompiledCondition k;
        k.source = line_of(c.span);
        // A comparison with a quantity (kept at its written scale) or with money.
        auto quantity = [&](CompiledCondition::Kind kind, const auto& test) {
          k.kind = kind;
          k.op = compare_of(test.op);
          k.value = test.value.value.units;
          k.scale = test.value.value.scale;
        };
        auto money_compared = [&](CompiledCondition::Kind kind, const auto& test) {
          k.kind = kind;
          k.op = compare_of(test.op);
          k.value = money(test.value).units;
        };
        std::visit(dsl::overloaded{[&](const dsl::TierIn& t) {
                                     k.kind = CompiledCondition::Kind::tier_in;
                                     for (const auto& n : t.tiers) {
                                       if (const std::uint32_t* tier = p_->tier_index.find(n.text))
                                         k.tier_mask |= std::uint64_t{1} << *tier;
                                       k.names.push_back(n.text);
                                     }
                                   },
                                   [&](const dsl::StoreIn& t) {
                                     k.kind = CompiledCondition::Kind::store_in;
                                     for (const auto& n : t.stores) k.names.push_back(n.text);
                                   },
                                   [&](const dsl::ChannelIn& t) {
                                     k.kind = CompiledCondition::Kind::channel_in;
                                     for (const auto& n : t.channels) k.names.push_back(n.text);
                                   },
                                   [&](const dsl::WeekdayIn& t) {
                                     k.kind = CompiledCondition::Kind::weekday_in;
                                     for (auto d : t.days) k.weekday_mask |= static_cast<std::uint8_t>(1u << static_cast<int>(d));
                                   },
                                   [&](const dsl::DateRange& r) {
                                     k.kind = CompiledCondition::Kind::date_range;
                                     k.from_day = day_number(r.from);
                                     k.to_day = day_number(r.to);
                                   },
                                   [&](const dsl::QtyIs& q) { quantity(CompiledCondition::Kind::qty, q); },
                                   [&](const dsl::AmountIs& a) { money_compared(CompiledCondition::Kind::amount, a); },
                                   [&](const dsl::TimeRange& r) {
                                     k.kind = CompiledCondition::Kind::time_range;
                                     k.from_day = r.from_minute;
                                     k.to_day = r.to_minute;
                                   },
                                   [&](const dsl::Birthday& b) {
                                     k.kind = b.whole_month ? CompiledCondition::Kind::birthday_month
                                                            : CompiledCondition::Kind::birthday;
                                   },
                                   [&](const dsl::FirstOrder&) { k.kind = CompiledCondition::Kind::first_order; },
                                   [&](const dsl::MemberOrders& m) {
                                     k.kind = CompiledCondition::Kind::member_orders;
                                     k.op = compare_of(m.op);
                                     k.value = m.value.value.units / pow10(m.value.value.scale);  // a whole number (checked)
                                   },
                                   [&](const dsl::MemberSpend& m) { money_compared(CompiledCondition::Kind::member_spend, m); },
                                   [&](const dsl::TotalQty& q) { quantity(CompiledCondition::Kind::total_qty, q); },
                                   [&](const dsl::TotalAmount& a) { money_compared(CompiledCondition::Kind::total_amount, a); }},
                   c.test);
        k.text = dsl::to_string(c);
        p_->conditions.push_back(std::move(k));
        ++r.count;
      }
    }
    return r;
  }

  void tiers() {
    if (ast_.tiers.empty()) {
      CompiledTier t;
      t.id = "default";
      t.is_default = true;
      p_->tiers.push_back(std::move(t));
    }
    for (const auto& t : ast_.tiers) {
      CompiledTier c;
      c.id = t.id.text;
      c.title = t.title ? t.title->text : "";
      c.is_default = t.is_default;
      c.retired = t.retired;
      c.source = line_of(t.span);
      if (t.qualify) {
        c.has_qualify = true;
        c.qualify_strict = t.qualify->op == dsl::Compare::gt;
        c.threshold = money(t.qualify->threshold);
      }
      if (!t.earns.empty()) c.base = earn(t.earns.front());
      p_->tiers.push_back(std::move(c));
    }
    std::vector<std::pair<std::string, std::uint32_t>> ids;
    for (std::uint32_t i = 0; i < p_->tiers.size(); ++i) {
      ids.emplace_back(p_->tiers[i].id, i);
      if (p_->tiers[i].is_default) p_->default_tier = i;
      const CompiledTier& t = p_->tiers[i];
      // `> T` for the largest T qualifies no spend: no entry.
      const bool reachable = !t.qualify_strict || t.threshold.units < std::numeric_limits<std::int64_t>::max();
      if (!t.retired && t.has_qualify && reachable)
        p_->thresholds.push_back({Money{t.threshold.units + (t.qualify_strict ? 1 : 0)}, i});
    }
    p_->tier_index.build(ids);
  }

  void rules() {
    StringMap<std::vector<std::uint32_t>> products, categories;
    std::vector<std::uint32_t> every;
    for (const auto& r : ast_.rules) {
      CompiledRule c;
      c.id = r.id.text;
      c.title = r.title ? r.title->text : "";
      c.exclusive = r.exclusive;
      c.source = line_of(r.span);
      c.earns.begin = static_cast<std::uint32_t>(p_->earns.size());
      for (const auto& e : r.earns) p_->earns.push_back(earn(e));
      c.earns.count = static_cast<std::uint32_t>(r.earns.size());
      c.conditions = conditions(r.whens);
      if (r.cap) c.cap = exact_points(*r.cap);
      if (r.member_cap)
        c.member_cap = MemberCapRule{exact_points(r.member_cap->points), static_cast<CapPeriod>(r.member_cap->period)};
      for (const auto& e : r.earns) {
        const bool per_order = std::holds_alternative<dsl::PointsPerOrder>(e.rate);
        c.per_order = c.per_order || per_order;
        c.per_line = c.per_line || !per_order;
      }
      for (std::uint32_t k = c.conditions.begin; k < c.conditions.begin + c.conditions.count; ++k) {
        const auto kind = p_->conditions[k].kind;
        c.reads_totals =
            c.reads_totals || kind == CompiledCondition::Kind::total_qty || kind == CompiledCondition::Kind::total_amount;
      }
      // `multiply all` and `multiply rule` naming this rule, in file order.
      c.multipliers.begin = static_cast<std::uint32_t>(p_->rule_multipliers.size());
      for (std::uint32_t m = 0; m < ast_.multipliers.size(); ++m) {
        const auto& written = ast_.multipliers[m];
        const bool names_it =
            std::any_of(written.rules.begin(), written.rules.end(), [&](const dsl::Name& n) { return n.text == r.id.text; });
        if (written.scope == dsl::Multiplier::Scope::all || names_it) p_->rule_multipliers.push_back(m);
      }
      c.multipliers.count = static_cast<std::uint32_t>(p_->rule_multipliers.size()) - c.multipliers.begin;
      const auto index = static_cast<std::uint32_t>(p_->rules.size());
      p_->rules.push_back(std::move(c));
      std::visit(dsl::overloaded{[&](const dsl::Products& t) {
                                   for (const auto& v : t.skus) products[v.text].push_back(index);
                                 },
                                 [&](const dsl::Categories& t) {
                                   for (const auto& v : t.paths) categories[v.text].push_back(index);
                                 },
                                 [&](const dsl::EveryLine&) { every.push_back(index); }},
                 r.target.lines);
    }
    std::vector<std::pair<std::string, Range>> product_chains, category_chains;
    for (auto& [sku, list] : products) product_chains.emplace_back(sku, chain(list, {}));
    for (auto& [path, list] : categories) {
      // Own rules, then each ancestor's that has rules, going up.
      std::vector<std::uint32_t> inherited;
      std::string_view up = path;
      while (true) {
        const auto slash = up.rfind('/');
        if (slash == std::string_view::npos) break;
        up = up.substr(0, slash);
        auto it = categories.find(up);
        if (it != categories.end()) {
          auto sorted = exclusive_first(it->second);
          inherited.insert(inherited.end(), sorted.begin(), sorted.end());
        }
      }
      category_chains.emplace_back(path, chain(list, inherited));
    }
    p_->every_line_chain = chain(every, {});
    p_->product_chains.build(product_chains);
    p_->category_chains.build(category_chains);
  }

  // The chains whose rules a line without a trace can take at once
  // (ChainPlan): their whole per-unit rates summed, the other earns listed,
  // up to the first exclusive rule, which ends the line.
  void chain_plans() {
    p_->chain_plans.assign(p_->chain_rules.size(), ChainPlan{});
    auto plan = [&](Range chain) {
      if (!chain.count) return;
      ChainPlan out{.count = chain.count, .earns = {static_cast<std::uint32_t>(p_->chain_plan_earns.size()), 0}};
      for (std::uint32_t k = chain.begin; k < chain.begin + chain.count && !out.ends; ++k) {
        const std::uint32_t index = p_->chain_rules[k];
        const CompiledRule& rule = p_->rules[index];
        bool fits = !rule.conditions.count && !rule.cap && !rule.member_cap && !rule.per_order && !rule.reads_totals &&
                    !rule.multipliers.count;
        for (std::uint32_t e = rule.earns.begin; fits && e < rule.earns.begin + rule.earns.count; ++e) {
          const CompiledEarn& earn = p_->earns[e];
          fits = earn.rate.num >= 0;  // the points of a line keep one sign
          if (fits && earn.kind == CompiledEarn::Kind::per_unit && earn.rate.den == 1) {
            const auto sum = checked_add(out.per_unit, earn.rate.num);
            fits = sum.has_value();
            out.per_unit = sum.value_or(0);
          } else if (fits) {
            p_->chain_plan_earns.push_back(e);
          }
        }
        if (!fits) {
          p_->chain_plan_earns.resize(out.earns.begin);
          return;
        }
        if (rule.exclusive) {
          out.ends = true;
          out.ender = index;
        }
      }
      out.earns.count = static_cast<std::uint32_t>(p_->chain_plan_earns.size()) - out.earns.begin;
      const auto most = bounds::most_points(
          out.per_unit, std::span(p_->chain_plan_earns).subspan(out.earns.begin, out.earns.count), p_->earns);
      out.bounded = most && *most < (std::int64_t{1} << 54);
      p_->chain_plans[chain.begin] = out;
    };
    for (const auto& [name, chain] : p_->product_chains.entries()) plan(chain);
    for (const auto& [name, chain] : p_->category_chains.entries()) plan(chain);
    plan(p_->every_line_chain);
  }

  void exclusions() {
    std::vector<std::pair<std::string, std::uint32_t>> products, categories;
    for (const auto& x : ast_.exclusions) {
      const auto index = static_cast<std::uint32_t>(p_->exclusion_texts.size());
      const bool product = std::holds_alternative<dsl::Products>(x.target.lines);
      std::string text = product ? "exclude product " : "exclude category ";
      for (const auto& v : dsl::target_values(x.target)) {
        (product ? products : categories).emplace_back(v.text, index);
        text += (text.back() == ' ' ? "\"" : ", \"") + v.text + "\"";
      }
      p_->exclusion_texts.push_back(std::move(text));
      p_->exclusion_sources.push_back(line_of(x.span));
    }
    // A value listed twice keeps its first exclusion.
    auto first_only = [](std::vector<std::pair<std::string, std::uint32_t>>& list) {
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      list.erase(std::unique(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                 list.end());
    };
    first_only(products);
    first_only(categories);
    p_->excluded_products.build(products);
    p_->excluded_categories.build(categories);
  }

  static std::string when_text(const dsl::When& w) {
    std::string out;
    for (const auto& c : w.conditions) out += (out.empty() ? "" : " and ") + dsl::to_string(c);
    return out;
  }

  std::vector<std::uint32_t> exclusive_first(std::vector<std::uint32_t> list) const {
    std::stable_partition(list.begin(), list.end(), [&](std::uint32_t i) { return p_->rules[i].exclusive; });
    return list;
  }

  // A chain of rules for one target: its own (exclusive first), then the
  // inherited ones. A rule is in a chain once, at its first place, however
  // many of its targets match (`on category "Food", "Food/Bakery"`).
  Range chain(const std::vector<std::uint32_t>& own, const std::vector<std::uint32_t>& then) {
    Range r{static_cast<std::uint32_t>(p_->chain_rules.size()), 0};
    auto add = [&](std::uint32_t rule) {
      const auto begin = p_->chain_rules.begin() + r.begin;
      if (std::find(begin, p_->chain_rules.end(), rule) == p_->chain_rules.end()) p_->chain_rules.push_back(rule);
    };
    for (auto i : exclusive_first(own)) add(i);
    for (auto i : then) add(i);
    r.count = static_cast<std::uint32_t>(p_->chain_rules.size()) - r.begin;
    return r;
  }

  void rewards() {
    std::vector<std::pair<std::string, std::uint32_t>> ids;
    for (const auto& r : ast_.rewards) {
      CompiledReward c;
      c.id = r.id.text;
      c.title = r.title ? r.title->text : "";
      c.source = line_of(r.span);
      if (r.cost) c.cost = exact_points(*r.cost);
      if (r.minimum) c.minimum = exact_points(*r.minimum);
      if (r.step) c.step = exact_points(*r.step);
      if (r.max_percent) {
        c.max_share = percent(*r.max_percent);
        c.percent_text = to_string(r.max_percent->value);
      }
      if (r.max_amount) c.max_amount = money(*r.max_amount);
      std::visit(dsl::overloaded{[&](const dsl::Resale& k) {
                                   c.kind = RewardKind::resale;
                                   c.resale_points = exact_points(k.points);
                                   c.resale_money = money(k.money);
                                 },
                                 [&](const dsl::Discount& k) {
                                   c.kind = RewardKind::discount;
                                   std::visit(dsl::overloaded{[&](const dsl::OnOrder&) { c.discount_on = DiscountTarget::order; },
                                                              [&](const dsl::OnProduct& on) {
                                                                c.discount_on = DiscountTarget::product;
                                                                c.sku = on.sku.text;
                                                              },
                                                              [&](const dsl::OnCheapestLine&) {
                                                                c.discount_on = DiscountTarget::cheapest_line;
                                                              },
                                                              [&](const dsl::OnCategory& on) {
                                                                c.discount_on = DiscountTarget::category;
                                                                c.sku = on.path.text;
                                                              }},
                                              k.on);
                                   if (k.percent) {
                                     c.discount_share = percent(k.value);
                                   } else {
                                     c.amount = money(k.value);
                                   }
                                 },
                                 [&](const dsl::Gift& k) {
                                   c.kind = RewardKind::gift;
                                   c.sku = k.sku.text;
                                   for (const auto& choice : k.choices) c.choices.push_back(choice.text);
                                   c.gift_qty = k.qty.value.units / pow10(k.qty.value.scale);
                                 },
                                 [&](const dsl::Voucher& k) {
                                   c.kind = RewardKind::voucher;
                                   if (k.percent) {
                                     c.discount_share = percent(k.value);
                                   } else {
                                     c.amount = money(k.value);
                                   }
                                 },
                                 [](std::monostate) { assert(false && "the checker refuses a reward without a kind"); }},
                 r.kind);
      c.conditions = conditions(r.whens);
      ids.emplace_back(c.id, static_cast<std::uint32_t>(p_->rewards.size()));
      p_->rewards.push_back(std::move(c));
    }
    p_->reward_index.build(ids);
  }

  // The checker has made the count a whole number of at most a century.
  static Period period(const dsl::Number& n, dsl::PeriodUnit unit) {
    const std::int64_t count = rescale_exact(n.value, 0).value_or(1);
    switch (unit) {
      case dsl::PeriodUnit::days:
        return {Period::Unit::days, count};
      case dsl::PeriodUnit::months:
        return {Period::Unit::months, count};
      case dsl::PeriodUnit::years:
        break;
    }
    return {Period::Unit::months, count * 12};
  }

  void review() {
    if (ast_.reviews.empty()) return;
    const dsl::Review& r = ast_.reviews.front();
    CompiledReview c;
    c.every = period(r.every, r.unit);
    if (r.from) c.from = Date{r.from->year, r.from->month, r.from->day};
    c.source = line_of(r.span);
    c.by_tier.resize(p_->tiers.size());
    for (const auto& line : r.lines) {
      const std::uint32_t* tier = p_->tier_index.find(line.tier.text);
      if (!tier) continue;  // the checker has reported it
      CompiledReviewLine l;
      if (line.condition) {
        l.has_condition = true;
        l.on_cycle_spend = line.condition->on_cycle_spend;
        l.op = compare_of(line.condition->op);
        l.threshold = money(line.condition->threshold);
      }
      for (const auto& a : line.actions) {
        std::visit(dsl::overloaded{[&](const dsl::KeepTier&) {},
                                   [&](const dsl::DemoteTo& d) {
                                     if (const std::uint32_t* to = p_->tier_index.find(d.tier.text)) l.demote_to = *to;
                                   },
                                   [&](const dsl::KeepSpend&) {},
                                   [&](const dsl::ReduceSpendBy& x) {
                                     l.spend_action = CompiledReviewLine::SpendAction::reduce;
                                     l.spend_amount = money(x.amount);
                                   },
                                   [&](const dsl::ResetSpendTo& x) {
                                     l.spend_action = CompiledReviewLine::SpendAction::reset;
                                     l.spend_amount = money(x.amount);
                                   }},
                   a.action);
      }
      l.text = std::string(source_.text().substr(line.span.begin, line.span.end - line.span.begin));
      while (!l.text.empty() && std::isspace(static_cast<unsigned char>(l.text.back()))) l.text.pop_back();
      l.source = line_of(line.span);
      c.by_tier[*tier] = std::move(l);
    }
    p_->review = std::move(c);
  }

  static Compare compare_of(dsl::Compare op) {
    switch (op) {
      case dsl::Compare::gt:
        return Compare::gt;
      case dsl::Compare::ge:
        return Compare::ge;
      case dsl::Compare::lt:
        return Compare::lt;
      case dsl::Compare::le:
        return Compare::le;
      case dsl::Compare::eq:
        break;
    }
    return Compare::eq;
  }
};

}  // namespace

CompileResult compile(const dsl::Source& source) {
  dsl::Analysis analysis = dsl::analyze(source);
  const bool compilable = analysis.ok();
  CompileResult result{nullptr, std::move(analysis.diagnostics)};
  if (!compilable) return result;
  result.policy = Compiler(source, *analysis.policy, result.diagnostics).run();
  dsl::sort_diagnostics(result.diagnostics);
  return result;
}

int money_scale(const Policy& policy) { return policy.money_scale; }
int points_scale(const Policy& policy) { return policy.points_scale; }
const std::string& policy_name(const Policy& policy) { return policy.name; }
const std::string& default_tier(const Policy& policy) { return policy.tiers[policy.default_tier].id; }
const std::string& tier_id(const Policy& policy, const Member& member) {
  return member.tier.empty() ? default_tier(policy) : member.tier;
}
std::string to_string(const Policy& policy, Money money) { return money_text(policy, money); }
std::string to_string(const Policy& policy, Points points) { return points_text(policy, points); }

}  // namespace loyalty
