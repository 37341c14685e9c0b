// Bulk scoring (loyalty/bulk.hpp). Two paths give the same figures:
//
//   plan      for a policy without reviews, expiry or totals, and items whose
//             rules have no caps, multipliers or per-order earns: the
//             phases of evaluate.cpp over the catalogue's
//             flattened plans, the member settled in place, nothing copied.
//             An order without a discount whose lines are within bounds
//             (quantities, prices, line count, each item's points per line)
//             and whose items' rules have no conditions takes it in one pass over its lines with plain arithmetic,
//             since nothing it sums can overflow; any other order takes it
//             with every operation checked;
//   general   anything else (and any order the plan path cannot finish: an
//             overflow, a bad price or discount, an unknown tier): the order
//             rebuilt in a reused `Order` and handed to evaluate_into, so
//             every refusal is the general path's own.
//
// Members are shared out between threads by a stable hash of their id; each
// thread evaluates its members' orders in the order given (evaluate_shared).
#include "loyalty/bulk.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <exception>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "bounds.hpp"
#include "earn.hpp"
#include "name_index.hpp"
#include "settle.hpp"

namespace loyalty {

struct Catalogue::Plans {
  // A run of a line's rules: the conditions that gate it (none: always), the
  // whole points-per-unit rates folded, the other earns in order.
  struct Step {
    Range conditions;
    bool exclusive = false;  // applying ends the line: no later rule, no base earn
    std::int64_t per_unit = 0;
    std::uint32_t earn_begin = 0, earn_count = 0;  // into `earns`
  };
  // What the plan path reads of an item, kept small: a catalogue of millions
  // of items should stay in cache as far as it can.
  struct Item {
    std::uint32_t step_begin = 0;
    std::uint16_t step_count = 0;
    bool planned = false;   // every rule on the item's chains fits a plan
    bool excluded = false;  // an exclusion lists it: it earns nothing
    // Planned, without conditions, and a line within the bounds below earns
    // under 2^56 points: the steps folded into one (fold_steps), which the
    // bounded path reads instead.
    bool bounded = false;
    std::int64_t base_mask = 0;                    // 0 where an exclusive rule or an exclusion takes the line, else ~0
    std::int64_t per_unit = 0;                     // every step's whole rates per unit, summed
    std::uint32_t earn_begin = 0, earn_count = 0;  // every step's other earns, in order (into `folded_earns`)
  };
  // What earn_points reads of an earn, for the folded items: each item's
  // earns together, and at least one (an earn of nothing where it has none),
  // so that the loop over them takes the same turns line after line.
  struct FoldedEarn {
    CompiledEarn::Kind kind = CompiledEarn::Kind::per_full_money;
    Fraction rate{0, 1};
    Money full{1};
  };
  std::vector<FoldedEarn> folded_earns;
  bool planned = false;  // the policy allows the plan path at all
  std::vector<Item> items;
  std::vector<LineKey> keys;  // per item, for the general path (the key decides over the strings)
  std::vector<Step> steps;
  std::vector<std::uint32_t> earns;  // indices into Policy::earns
  // Items with the same chains and exclusion are evaluated alike: one index.
  std::map<std::array<std::uint32_t, 5>, std::uint32_t> index;
};

namespace {

// Reviews and expiry need the member brought up to the order's time, and
// totals a pass over the order's lines per rule: the general path's work.
bool policy_fits_plans(const Policy& p) { return !p.review && !p.expiry && !p.reads_totals; }

bool rule_fits_plans(const Policy& p, const CompiledRule& rule) {
  if (rule.cap || rule.member_cap || rule.per_order || rule.reads_totals || rule.multipliers.count) return false;
  for (std::uint32_t e = rule.earns.begin; e < rule.earns.begin + rule.earns.count; ++e) {
    const Fraction rate = p.earns[e].rate;
    if (rate.num < 0 || rate.den <= 0) return false;  // folding relies on points of one sign per line
  }
  return true;
}

// Flattens the item's chains (as the rule walk tries them: product,
// category, every line) into steps. False when a rule does not fit.
bool plan_item(const Policy& p, Catalogue::Plans& plans, const LineKey& key, Catalogue::Plans::Item& item) {
  const std::array<Range, 3> chains{Range{key.product_begin, key.product_count}, Range{key.category_begin, key.category_count},
                                    p.every_line_chain};
  item.step_begin = static_cast<std::uint32_t>(plans.steps.size());
  if (key.exclusion) return true;  // an excluded line earns nothing: no steps
  for (const Range chain : chains) {
    for (std::uint32_t k = chain.begin; k < chain.begin + chain.count; ++k) {
      const CompiledRule& rule = p.rules[p.chain_rules[k]];
      if (!rule_fits_plans(p, rule)) return false;
      // A rule without conditions joins the step before when that one has none and does not end the line.
      const bool joins = !rule.conditions.count && plans.steps.size() > item.step_begin && !plans.steps.back().conditions.count &&
                         !plans.steps.back().exclusive;
      if (!joins)
        plans.steps.push_back({.conditions = rule.conditions, .earn_begin = static_cast<std::uint32_t>(plans.earns.size())});
      Catalogue::Plans::Step& step = plans.steps.back();
      for (std::uint32_t e = rule.earns.begin; e < rule.earns.begin + rule.earns.count; ++e) {
        const CompiledEarn& earn = p.earns[e];
        if (earn.kind == CompiledEarn::Kind::per_unit && earn.rate.den == 1) {
          const auto sum = checked_add(step.per_unit, earn.rate.num);
          if (!sum) return false;
          step.per_unit = *sum;
        } else {
          plans.earns.push_back(e);
          ++step.earn_count;
        }
      }
      step.exclusive = rule.exclusive;
      if (rule.exclusive && !rule.conditions.count) break;  // always applies: nothing after it is ever tried
    }
    if (!plans.steps.empty() && plans.steps.size() > item.step_begin && plans.steps.back().exclusive &&
        !plans.steps.back().conditions.count)
      break;
  }
  const std::size_t count = plans.steps.size() - item.step_begin;
  if (count > std::numeric_limits<std::uint16_t>::max()) return false;
  item.step_count = static_cast<std::uint16_t>(count);
  return true;
}

// Whether every line of the item within the bounds (bounds.hpp) earns under
// 2^56 points: the largest measure of each earn times its rate, summed over the steps.
bool item_is_bounded(const Policy& p, const Catalogue::Plans& plans, const Catalogue::Plans::Item& item) {
  std::int64_t most = 0;
  for (std::uint32_t k = item.step_begin; k < item.step_begin + item.step_count; ++k) {
    const Catalogue::Plans::Step& step = plans.steps[k];
    const auto sum = bounds::most_points(step.per_unit, std::span(plans.earns).subspan(step.earn_begin, step.earn_count), p.earns);
    const auto total = sum ? checked_add(most, *sum) : std::nullopt;
    if (!total || *total >= bounds::amount) return false;
    most = *total;
  }
  return true;
}

// An item whose steps have no conditions as one step: every step applies,
// the last ends the line if it is exclusive (plan_item stops there), the
// whole rates per unit add up, and the steps' other earns are copied together
// into `folded_earns`. An excluded item has no steps. False where a step has
// conditions.
bool fold_steps(const Policy& p, Catalogue::Plans& plans, Catalogue::Plans::Item& item) {
  Catalogue::Plans::Item folded = item;
  bool takes = item.excluded;
  for (std::uint32_t k = item.step_begin; k < item.step_begin + item.step_count; ++k) {
    const Catalogue::Plans::Step& step = plans.steps[k];
    if (step.conditions.count) return false;
    folded.per_unit += step.per_unit;  // together below 2^36 in magnitude (item_is_bounded)
    takes = step.exclusive;
  }
  folded.earn_begin = static_cast<std::uint32_t>(plans.folded_earns.size());
  for (std::uint32_t k = item.step_begin; k < item.step_begin + item.step_count; ++k) {
    const Catalogue::Plans::Step& step = plans.steps[k];
    for (std::uint32_t e = step.earn_begin; e < step.earn_begin + step.earn_count; ++e) {
      const CompiledEarn& earn = p.earns[plans.earns[e]];
      plans.folded_earns.push_back({earn.kind, earn.rate, earn.full});
    }
  }
  if (plans.folded_earns.size() == folded.earn_begin) plans.folded_earns.emplace_back();  // earns nothing
  folded.earn_count = static_cast<std::uint32_t>(plans.folded_earns.size() - folded.earn_begin);
  folded.base_mask = takes ? 0 : ~std::int64_t{0};  // a mask, not a branch, per line
  item = folded;
  return true;
}

// One thread's reused buffers for the general path.
struct Scratch {
  Order order;
  Decision decision;
};

std::uint32_t tier_index_of(const Policy& p, const std::string& id) {
  const std::uint32_t* index = p.tier_index.find(id);
  return index ? *index : p.default_tier;
}

void refuse(OrderFigures& f, RefusalCode code) { f = OrderFigures{.refused = code}; }

void general(const Policy& p, const Catalogue::Plans& plans, const BulkOrder& o, std::span<const BulkLine> lines, Member& m,
             OrderFigures& f, Scratch& s) {
  for (const BulkLine& l : lines) {
    if (l.item >= plans.items.size()) {
      refuse(f, RefusalCode::bad_input);
      return;
    }
  }
  Order& order = s.order;
  order.id.assign(o.id);
  order.at = o.at;
  order.store.assign(o.store);
  order.channel.assign(o.channel);
  order.discount = o.discount;
  order.lines.resize(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Line& l = order.lines[i];
    l.sku.clear();  // the key decides
    l.category.clear();
    l.qty = lines[i].qty;
    l.price = lines[i].price;
    l.returns.reset();
    l.key = plans.keys[lines[i].item];
  }
  if (const auto refused = evaluate_into(p, m, order, {}, EvalOptions{.trace = false}, s.decision)) {
    refuse(f, refused->code);
    return;
  }
  const Decision& d = s.decision;
  f = OrderFigures{.earned = d.earned,
                   .spent = d.spent,
                   .paid = d.paid,
                   .tier_before = tier_index_of(p, d.tier_before),
                   .tier_after = tier_index_of(p, d.member.tier)};
  std::swap(m, s.decision.member);  // the old state's buffers serve the next copy
}

// The plan path: evaluate.cpp's phases for what a planned policy can hold
// (the same order of phases, without catch-up, redemptions or totals).
// False, with nothing changed, where the general path must decide.
// `known_tier` is 1 + the index of the tier the member's state names, once
// the member's tier text is that tier's id (0: not known yet): the tier as an
// index, looked up by name once per member, not once per order.

// The member's tier at the start of the order: nothing for a tier the policy does not have.
std::optional<std::uint32_t> tier_at_start(const Policy& p, const Member& m, std::uint32_t known_tier) {
  if (known_tier) return known_tier - 1;
  return tier_of(p, m);
}

// settle_member's sums for an order that spends nothing and adds no lot, in
// place; false, with the member unchanged, on an overflow.
bool settle_in_place(const Policy& p, Member& m, Points earned, Money paid) {
  OverflowFlag checked;
  const Site where{Site::Kind::member};
  Points balance = checked.add(checked.sub(m.points, Points{}, where), earned, where);  // as settle_member, which spends first
  const Money spend = checked.add(m.spend, paid, where), cycle_spend = checked.add(m.cycle_spend, paid, where),
              total_spent = checked.add(m.total_spent, paid, where);
  const std::int64_t orders = checked.add(m.orders, 1, where);
  if (checked.overflowed()) return false;
  if (balance < Points{} && p.negative_balance == NegativeBalance::stop_at_zero && earned < Points{}) balance = {};
  m.points = balance;
  m.spend = spend;
  m.cycle_spend = cycle_spend;
  m.total_spent = total_spent;
  m.orders = orders;
  return true;
}

// After settling: the tier the order's spend reaches, and the figures.
void place_member(const Policy& p, Member& m, std::uint32_t before, Points earned, Money paid, OrderFigures& f,
                  std::uint32_t& known_tier) {
  // Without expiry no point has a date (advance); the plan path never adds a
  // lot, so a member's lots need clearing at most once.
  if (!known_tier && !m.lots.empty()) m.lots.clear();
  const std::uint32_t after = tier_after_order(p, before, m.spend);
  if (after != before || !known_tier) {
    // A tier the member's state names was found by that name: no need to write it again.
    if (after != before || m.tier.empty()) m.tier = p.tiers[after].id;
    known_tier = after + 1;
  }
  f = OrderFigures{.earned = earned, .paid = paid, .tier_before = before, .tier_after = after};
}

// The order's context as evaluate builds it before the lines: false for a
// tier the policy does not have.
bool start_order(const Policy& p, const BulkOrder& o, const Member& m, std::uint32_t known_tier, OrderContext& ctx) {
  const auto start = tier_at_start(p, m, known_tier);
  if (!start) return false;
  ctx.tier = *start;
  ctx.store = o.store;
  ctx.channel = o.channel;
  ctx.member = &m;
  if (p.needs_local_time) local_time(p, o.at, m, ctx);  // rule conditions may read the day
  return true;
}

// What the order earns over its rules' points: earn_base and earn_order as
// evaluate runs them (the base inline where no multiplier can scale it), the
// multipliers that hold worked out first. Nothing on an overflow.
std::optional<Points> order_points(const Policy& p, OrderContext& ctx, Points rules, Money base_amount, Money paid) {
  if (!p.multipliers.empty()) multipliers_that_hold(p, ctx);
  OverflowFlag checked;
  Points base;
  if (p.multipliers.empty()) {
    const CompiledTier& tier = p.tiers[ctx.tier];
    const std::optional<CompiledEarn>& rate = tier.base ? tier.base : p.base;
    if (rate && base_amount != Money{})
      base = earn_points(*rate, rate->rate, base_amount, base_amount < Money{} ? -1 : 1, p.rounding, checked, {});
  } else {
    Checked scaled;
    base = earn_base(p, ctx, base_amount, scaled, nullptr);
    if (scaled.overflowed()) return std::nullopt;
  }
  Points bonus;
  if (paid > Money{}) {
    for (const CompiledOrderEarn& e : p.order_earns)
      if (conditions_hold(p, e.conditions, ctx, nullptr, nullptr)) bonus = checked.add(bonus, e.points, {});
  }
  const Points earned = checked.add(checked.add(rules, base, {}), bonus, {});
  if (checked.overflowed()) return std::nullopt;
  return earned;
}

// An order without a discount whose lines are all within the bounds and
// whose items are folded, in one pass over its lines: with nothing to share
// out, each line's amount is its gross and earns as it is summed.
bool planned_bounded(const Policy& p, const Catalogue::Plans& plans, const BulkOrder& o, std::span<const BulkLine> lines,
                     Member& m, OrderFigures& f, std::uint32_t& known_tier) {
  if (!plans.planned || o.discount != Money{} || lines.size() > bounds::lines) return false;
  OrderContext ctx;
  if (!start_order(p, o, m, known_tier, ctx)) return false;
  const bool earns = !p.tiers[ctx.tier].retired;
  bounds::Arithmetic arithmetic;
  std::int64_t total = 0, qty = 0, rules = 0, base_amount = 0;
  for (const BulkLine& l : lines) {
    if (l.item >= plans.items.size()) return false;
    const Catalogue::Plans::Item& item = plans.items[l.item];
    if (!item.bounded || !bounds::line_within(l.price, l.qty)) return false;
    const std::int64_t amount = l.price.units * l.qty;  // the price is not negative: the amount has the quantity's sign
    total += amount;
    qty += l.qty;
    if (!earns) continue;
    rules += item.per_unit * l.qty;
    for (std::uint32_t e = item.earn_begin; e < item.earn_begin + item.earn_count; ++e) {
      const Catalogue::Plans::FoldedEarn& earn = plans.folded_earns[e];
      rules += earn_points(earn, earn.rate, Money{amount}, l.qty, p.rounding, arithmetic, {}).units;
    }
    base_amount += amount & item.base_mask;
  }
  if (arithmetic.overflowed()) return false;
  const Money paid{total};
  ctx.qty = qty;
  ctx.amount = paid;
  Points earned;
  if (earns) {
    const auto points = order_points(p, ctx, Points{rules}, Money{base_amount}, paid);
    if (!points) return false;
    earned = *points;
  }
  if (!settle_in_place(p, m, earned, paid)) return false;
  place_member(p, m, ctx.tier, earned, paid, f, known_tier);
  return true;
}

// Any other order, every operation checked.
bool planned_checked(const Policy& p, const Catalogue::Plans& plans, const BulkOrder& o, std::span<const BulkLine> lines,
                     Member& m, OrderFigures& f, std::uint32_t& known_tier) {
  if (!plans.planned) return false;  // an order without lines too: catch-up may still change the member
  OrderContext ctx;
  if (!start_order(p, o, m, known_tier, ctx)) return false;

  // amounts; an overflow anywhere hands the order to the general path, which names it
  OverflowFlag checked;
  OrderAmounts a;
  for (std::uint32_t i = 0; i < lines.size(); ++i) {
    const BulkLine& l = lines[i];
    if (l.item >= plans.items.size() || !plans.items[l.item].planned || l.price < Money{}) return false;
    const Site where{Site::Kind::line, i};
    const Money g = checked.times(l.price, l.qty, where);
    a.total = checked.add(a.total, g, where);
    ctx.qty = checked.add(ctx.qty, l.qty, where);
    if (g > Money{}) a.positive = checked.add(a.positive, g, where);
    a.gross.push_back(g);
  }
  if (checked.overflowed() || o.discount < Money{} || o.discount > a.positive) return false;

  net_amounts(o.discount, a);
  a.paid = checked.sub(a.total, o.discount, {Site::Kind::order});
  ctx.amount = a.paid;

  // earn_lines (over the plans), then what the order earns over them
  Points earned;
  const CompiledTier& tier = p.tiers[ctx.tier];
  if (!tier.retired) {
    const LineVector<Money>& net = a.net_or_gross();
    Points rules;
    Money base_amount;
    for (std::uint32_t i = 0; i < lines.size(); ++i) {
      const BulkLine& l = lines[i];
      const Catalogue::Plans::Item& item = plans.items[l.item];
      if (item.excluded) continue;
      const Money amount = p.earn_on_subtotal ? a.gross[i] : net[i];
      const std::int64_t units = l.qty < 0 ? -l.qty : l.qty;
      const bool negative = l.qty < 0 || amount < Money{};
      const LineFacts facts{units, magnitude(amount), 0, {}};
      bool taken = false;
      for (std::uint32_t k = item.step_begin; k < item.step_begin + item.step_count; ++k) {
        const Catalogue::Plans::Step& step = plans.steps[k];
        if (step.conditions.count && !conditions_hold(p, step.conditions, ctx, &facts, nullptr)) continue;
        const Site where{Site::Kind::line, i};
        if (step.per_unit) {
          const std::int64_t v = checked.mul(units, step.per_unit, where);
          rules = checked.add(rules, Points{negative ? -v : v}, where);
        }
        for (std::uint32_t e = step.earn_begin; e < step.earn_begin + step.earn_count; ++e) {
          const CompiledEarn& earn = p.earns[plans.earns[e]];
          rules = checked.add(rules, earn_points(earn, earn.rate, amount, l.qty, p.rounding, checked, where), where);
        }
        if (step.exclusive) {
          taken = true;
          break;
        }
      }
      if (!taken) base_amount = checked.add(base_amount, amount, {Site::Kind::line, i});
    }
    if (checked.overflowed()) return false;
    const auto points = order_points(p, ctx, rules, base_amount, a.paid);
    if (!points) return false;
    earned = *points;
  }
  if (!settle_in_place(p, m, earned, a.paid)) return false;
  place_member(p, m, ctx.tier, earned, a.paid, f, known_tier);
  return true;
}

bool planned(const Policy& p, const Catalogue::Plans& plans, const BulkOrder& o, std::span<const BulkLine> lines, Member& m,
             OrderFigures& f, std::uint32_t& known_tier) {
  return planned_bounded(p, plans, o, lines, m, f, known_tier) || planned_checked(p, plans, o, lines, m, f, known_tier);
}

// An order that names a member and lines the arrays have.
bool in_range(const BulkOrder& o, std::size_t members, std::size_t lines) {
  return o.member < members && o.first_line <= lines && o.line_count <= lines - o.first_line;
}

// key_hash is made for tables that probe on; shares need every bit mixed
// (ids alike but for their last digits would otherwise share out unevenly):
// MurmurHash3's finalizer.
std::uint64_t spread(std::uint64_t h) {
  h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdull;
  h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

// The orders of one slice of the call whose members are in one share,
// copied with their lines in the order given, so that the share's thread
// reads them in sequence rather than scattered over the caller's arrays.
struct Gathered {
  std::vector<std::uint32_t> index;  // each order's place in the call
  std::vector<BulkOrder> orders;     // first_line counts in `lines`
  std::vector<BulkLine> lines;
};

// Several threads over one call. Members are shared out by a stable hash of
// their id and thread t evaluates the orders of share t in the order given.
// No two threads write to one cache line while they evaluate: each keeps its
// members' known tiers and its figures apart, indexed densely, and at the
// end each copies the figures of one slice of the orders into `out`.
template <class EvaluateOne>
void evaluate_shared(std::span<const BulkOrder> orders, std::span<const BulkLine> lines, std::span<Member> members,
                     std::span<OrderFigures> out, unsigned threads, EvaluateOne& one) {
  const auto part = [threads](std::size_t size, unsigned t) {  // the t-th of `threads` parts of [0, size)
    const std::size_t step = (size + threads - 1) / threads, begin = std::min(size, t * step);
    return std::pair{begin, std::min(size, begin + step)};
  };
  // share[i]: member i's share; local[i]: its index among that share's members.
  std::vector<std::uint32_t> share(members.size()), local(members.size());
  // counts[b][s]: how many members of block b (part b of the members) are in share s.
  std::vector<std::vector<std::uint32_t>> counts(threads);
  // gathered[t][s]: the orders of slice t (part t of the orders) whose member is in share s.
  std::vector<std::vector<Gathered>> gathered(threads, std::vector<Gathered>(threads));
  std::vector<std::vector<OrderFigures>> figures(threads);  // share t's, in the order its thread evaluated them
  std::vector<std::exception_ptr> failures(threads);
  std::atomic<bool> failed{false};
  std::barrier sync(static_cast<std::ptrdiff_t>(threads));
  // Every thread arrives at every barrier, also after a failure, so none waits forever.
  auto step = [&](unsigned t, auto&& work) {
    if (!failed.load()) {
      try {
        work();
      } catch (...) {
        failures[t] = std::current_exception();
        failed = true;
      }
    }
    sync.arrive_and_wait();
  };
  auto work = [&](unsigned t) {
    const auto block = part(members.size(), t);  // not a structured binding: the lambdas below capture it
    const std::size_t first_member = block.first, end_member = block.second;
    step(t, [&] {
      std::vector<std::uint32_t> count(threads);
      for (std::size_t i = first_member; i < end_member; ++i) {
        const auto s = static_cast<std::uint32_t>(spread(key_hash(members[i].id)) % threads);
        share[i] = s;
        local[i] = count[s]++;
      }
      counts[t] = std::move(count);
    });
    step(t, [&] {
      std::vector<std::uint32_t> before(threads);  // members of each share in the blocks before this one
      for (unsigned b = 0; b < t; ++b)
        for (unsigned s = 0; s < threads; ++s) before[s] += counts[b][s];
      for (std::size_t i = first_member; i < end_member; ++i) local[i] += before[share[i]];
      const auto [first_order, end_order] = part(orders.size(), t);
      std::vector<std::pair<std::size_t, std::size_t>> sizes(threads);  // each share's orders and lines, to copy without growing
      for (std::size_t k = first_order; k < end_order; ++k) {
        const BulkOrder& o = orders[k];
        if (!in_range(o, members.size(), lines.size())) continue;
        auto& [order_count, line_count] = sizes[share[o.member]];
        ++order_count;
        line_count += o.line_count;
      }
      for (unsigned s = 0; s < threads; ++s) {
        gathered[t][s].index.reserve(sizes[s].first);
        gathered[t][s].orders.reserve(sizes[s].first);
        gathered[t][s].lines.reserve(sizes[s].second);
      }
      for (std::size_t k = first_order; k < end_order; ++k) {
        const BulkOrder& o = orders[k];
        if (!in_range(o, members.size(), lines.size())) {  // refused here: it changes no member
          refuse(out[k], RefusalCode::bad_input);
          continue;
        }
        Gathered& g = gathered[t][share[o.member]];
        g.index.push_back(static_cast<std::uint32_t>(k));
        g.orders.push_back(o);
        g.orders.back().first_line = static_cast<std::uint32_t>(g.lines.size());
        g.lines.insert(g.lines.end(), lines.begin() + o.first_line, lines.begin() + o.first_line + o.line_count);
      }
    });
    step(t, [&] {
      std::size_t mine = 0, evaluated = 0;
      for (unsigned b = 0; b < threads; ++b) mine += counts[b][t];
      for (unsigned from = 0; from < threads; ++from) evaluated += gathered[from][t].orders.size();
      std::vector<std::uint32_t> known_tiers(mine);
      std::vector<OrderFigures>& f = figures[t];
      f.resize(evaluated);
      Scratch scratch;
      std::size_t next = 0;
      for (unsigned from = 0; from < threads; ++from) {
        const Gathered& g = gathered[from][t];
        for (std::size_t j = 0; j < g.orders.size(); ++j) {
          if (j + 4 < g.orders.size()) {  // members lie scattered: ask for one a few orders ahead
            const std::uint32_t ahead = g.orders[j + 4].member;
            __builtin_prefetch(&members[ahead].total_spent);
            __builtin_prefetch(&local[ahead]);
          }
          const BulkOrder& o = g.orders[j];
          one(o, std::span(g.lines).subspan(o.first_line, o.line_count), scratch, f[next++], known_tiers[local[o.member]]);
        }
      }
    });
    step(t, [&] {
      for (unsigned s = 0; s < threads; ++s) {
        std::size_t next = 0;  // where slice t's orders start among share s's figures
        for (unsigned from = 0; from < t; ++from) next += gathered[from][s].orders.size();
        for (const std::uint32_t k : gathered[t][s].index) out[k] = figures[s][next++];
      }
    });
  };

  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) {
    try {
      workers.emplace_back(work, t);
    } catch (...) {  // a thread that cannot start: the others skip their work, and its failure is thrown
      failures[t] = std::current_exception();
      failed = true;
      for (unsigned missing = t; missing < threads; ++missing) sync.arrive_and_drop();
      break;
    }
  }
  work(0);
  for (std::thread& w : workers) w.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

Catalogue::Catalogue(PolicyPtr policy) : policy_(std::move(policy)), plans_(std::make_unique<Plans>()) {
  if (!policy_) throw std::invalid_argument("loyalty::Catalogue needs a compiled policy");
  plans_->planned = policy_fits_plans(*policy_);
}
Catalogue::~Catalogue() = default;
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;

std::uint32_t Catalogue::add(std::string_view sku, std::string_view category) {
  const LineKey key = resolve(*policy_, sku, category);
  const std::array<std::uint32_t, 5> chains{key.product_begin, key.product_count, key.category_begin, key.category_count,
                                            key.exclusion};
  const auto [at, fresh] = plans_->index.try_emplace(chains, static_cast<std::uint32_t>(plans_->items.size()));
  if (!fresh) return at->second;
  const std::size_t steps = plans_->steps.size(), earns = plans_->earns.size();
  Plans::Item item{.excluded = key.exclusion != 0};
  item.planned = plans_->planned && plan_item(*policy_, *plans_, key, item);
  item.bounded = item.planned && item_is_bounded(*policy_, *plans_, item) && fold_steps(*policy_, *plans_, item);
  if (!item.planned) {  // no steps kept for an item the general path evaluates
    plans_->steps.resize(steps);
    plans_->earns.resize(earns);
    item.step_begin = item.step_count = 0;
  }
  plans_->items.push_back(item);
  plans_->keys.push_back(key);
  return at->second;
}

std::size_t Catalogue::size() const { return plans_->items.size(); }
bool Catalogue::planned(std::uint32_t item) const { return item < plans_->items.size() && plans_->items[item].planned; }
const Policy& Catalogue::policy() const { return *policy_; }

std::optional<Refusal> evaluate_bulk(const Catalogue& catalogue, std::span<const BulkOrder> orders,
                                     std::span<const BulkLine> lines, std::span<Member> members, std::span<OrderFigures> out,
                                     const BulkOptions& options) {
  if (out.size() < orders.size()) return Refusal{RefusalCode::bad_input, "fewer figures than orders to write them to", "out"};
  if (orders.size() > std::numeric_limits<std::uint32_t>::max())
    return Refusal{RefusalCode::bad_input, "more than 4,294,967,295 orders in one call; split them", "orders"};
  const Policy& p = catalogue.policy();
  const Catalogue::Plans& plans = catalogue.plans();

  // Evaluates one order (its lines in range) into `f`; `known_tier` (see
  // `planned`) is what the thread that owns its member knows of that member's tier.
  auto one = [&](const BulkOrder& o, std::span<const BulkLine> mine, Scratch& scratch, OrderFigures& f,
                 std::uint32_t& known_tier) {
    Member& m = members[o.member];  // the plan paths check each item, the general path first
    if (!planned(p, plans, o, mine, m, f, known_tier)) {
      general(p, plans, o, mine, m, f, scratch);
      if (known_tier) known_tier = 0;  // the general path may have moved the member
    }
  };

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  if (threads > members.size()) threads = static_cast<unsigned>(std::max<std::size_t>(members.size(), 1));
  if (threads == 1) {
    Scratch scratch;
    std::vector<std::uint32_t> known_tiers(members.size());
    for (std::size_t k = 0; k < orders.size(); ++k) {
      const BulkOrder& o = orders[k];
      if (in_range(o, members.size(), lines.size()))
        one(o, lines.subspan(o.first_line, o.line_count), scratch, out[k], known_tiers[o.member]);
      else
        refuse(out[k], RefusalCode::bad_input);
    }
    return std::nullopt;
  }
  evaluate_shared(orders, lines, members, out, threads, one);
  return std::nullopt;
}

std::size_t tier_count(const Policy& policy) { return policy.tiers.size(); }
const std::string& tier_id(const Policy& policy, std::uint32_t index) { return policy.tiers.at(index).id; }

}  // namespace loyalty
