// Coverage: which parts of the compiled policy scenarios exercised.
#include "loyalty/coverage.hpp"

#include <fmt/format.h>

#include "rule_graph.hpp"

namespace loyalty {

namespace {
constexpr std::size_t none = static_cast<std::size_t>(-1);
}

Coverage::Coverage(const Policy& p) : policy_(p) {
  auto add = [&](std::string what, SourceLine source) {
    items_.push_back({std::move(what), source.line ? where(p, source) : "", false});
    return items_.size() - 1;
  };
  rules_ = items_.size();
  for (const auto& r : p.rules) add("rule " + r.id, r.source);
  order_earns_ = items_.size();
  for (const auto& e : p.order_earns) add("order earn: " + e.text, e.source);
  multipliers_ = items_.size();
  for (const auto& m : p.multipliers) add("multiplier " + m.text, m.source);
  tier_up_item_.assign(p.tiers.size(), none);
  retired_item_.assign(p.tiers.size(), none);
  review_item_.assign(p.tiers.size(), none);
  for (std::size_t t = 0; t < p.tiers.size(); ++t) {
    const CompiledTier& tier = p.tiers[t];
    if (!tier.retired && tier.has_qualify) tier_up_item_[t] = add("tier up to " + tier.id, tier.source);
    if (tier.retired) retired_item_[t] = add("retired tier " + tier.id + ": re-tiered after an order", tier.source);
    if (p.review && p.review->by_tier[t]) {
      const CompiledReviewLine& line = *p.review->by_tier[t];
      review_item_[t] = add("review: " + line.text, line.source);
    }
  }
  rewards_ = items_.size();
  for (const auto& r : p.rewards) add("reward " + r.id, r.source);
  exclusions_ = items_.size();
  for (std::size_t i = 0; i < p.exclusion_texts.size(); ++i) add(p.exclusion_texts[i], p.exclusion_sources[i]);
}

void Coverage::record(const Decision& d) {
  for (const TraceEntry& t : d.trace) {
    if (t.skip != TraceEntry::Skip::none) continue;
    switch (t.kind) {
      case TraceEntry::Kind::rule:
        cover(rules_ + t.subject);
        break;
      case TraceEntry::Kind::order_earn:
        cover(order_earns_ + t.subject);
        break;
      case TraceEntry::Kind::multiplier:
        cover(multipliers_ + t.subject);
        break;
      case TraceEntry::Kind::redemption:
        cover(rewards_ + t.subject);
        break;
      case TraceEntry::Kind::excluded:
        cover(exclusions_ + t.subject);
        break;
      case TraceEntry::Kind::tier:
        if (t.event == TraceEntry::Event::tier_moved && tier_up_item_[t.subject] != none && t.subject > t.detail)
          cover(tier_up_item_[t.subject]);
        if (t.event == TraceEntry::Event::retired_tier && retired_item_[t.subject] != none) cover(retired_item_[t.subject]);
        break;
      default:
        break;
    }
  }
  record(d.caught_up);
}

void Coverage::record(const std::vector<TimeEvent>& events) {
  for (const TimeEvent& e : events) {
    if (e.kind != TimeEvent::Kind::review || !e.actions_ran) continue;
    if (const std::uint32_t* t = policy_.tier_index.find(e.tier_before); t && review_item_[*t] != none) cover(review_item_[*t]);
  }
}

int Coverage::percent() const {
  if (items_.empty()) return 100;
  std::size_t covered = 0;
  for (const auto& i : items_) covered += i.covered;
  return static_cast<int>(covered * 100 / items_.size());
}

}  // namespace loyalty
