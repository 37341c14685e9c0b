// Recompute: tiers and points from historical totals (seed 004).
#include "loyalty/recompute.hpp"

#include <fmt/format.h>

#include "checked.hpp"
#include "earn.hpp"
#include "settle.hpp"

namespace loyalty {

namespace {

// points = round(total x rate), as the policy rounds.
Points points_on(const Policy& p, const CompiledEarn& e, Money total, Checked& checked) {
  const std::int64_t x = earn_measure(e, total, 0);
  const Site where{Site::Kind::member};
  return e.rate.den == 1 ? Points{checked.mul(x, e.rate.num, where)}
                         : Points{checked.mul_div(x, e.rate.num, e.rate.den, p.rounding, where)};
}

}  // namespace

Result<Recomputer> Recomputer::make(PolicyPtr policy, const RecomputeOptions& options) {
  PolicyPtr rate;
  if (!options.rate.empty()) {
    if (options.rate.find_first_of("{}\n#") != std::string::npos)
      return Refusal{RefusalCode::bad_input, "a rate is one line such as `1 point per 20_000` or `2%`", "--rate"};
    const Policy& p = *policy;
    const std::string text =
        fmt::format("policy \"rate\" {{\n  currency RATE\n  decimals {}\n  points decimals {}\n  rounding {}\n  earn {}\n}}\n",
                    p.money_scale, p.points_scale, to_string(p.rounding), options.rate);
    auto compiled = compile(dsl::Source("--rate", text));
    if (!compiled.policy || !compiled.policy->base) {
      std::string why = "not a rate of the language";
      for (const auto& d : compiled.diagnostics) {
        if (d.severity == dsl::Severity::error) {
          why = d.message;
          break;
        }
      }
      return Refusal{RefusalCode::bad_input,
                     fmt::format("`{}`: {}; write it as in a policy, such as `1 point per 20_000` or `2%`", options.rate, why),
                     "--rate"};
    }
    rate = compiled.policy;
  }
  return Recomputer(std::move(policy), options, std::move(rate));
}

std::optional<Refusal> Recomputer::apply(Member& m, Money total, Points redeemed, std::vector<JournalEntry>* journal) const {
  const Policy& p = *policy_;
  Member next = m;
  next.spend = total;
  next.total_spent = total;
  std::optional<std::uint32_t> tier = tier_of(p, m);
  if (!tier) return Refusal{RefusalCode::unknown_tier, fmt::format("the policy has no tier `{}`", m.tier), "$.tier"};
  if (options_.tiers) {
    tier = qualifying_tier(p, total);
    next.tier = p.tiers[*tier].id;
  }
  std::string rate_text;
  if (options_.points) {
    Checked checked;
    const CompiledEarn* rate = nullptr;
    if (rate_) {
      rate = &*rate_->base;
    } else {
      const CompiledTier& t = p.tiers[*tier];
      rate = t.base ? &*t.base : p.base ? &*p.base : nullptr;
    }
    const Points earned = rate ? points_on(p, *rate, total, checked) : Points{};
    next.points = checked.sub(earned, redeemed, {Site::Kind::member});
    if (checked.overflowed()) {
      return Refusal{RefusalCode::overflow, fmt::format("member `{}`: the recomputed points do not fit 64 bits", m.id),
                     "$.total_spent"};
    }
    next.lots.clear();  // recomputed points have no date
    rate_text = rate ? rate->text : "no earn rate";
  }
  if (journal) {
    auto add = [&](const char* field, std::string old_value, std::string new_value, std::string reason) {
      if (old_value != new_value)
        journal->push_back(
            {m.id, "", JournalEntry::Kind::recompute, field, std::move(old_value), std::move(new_value), std::move(reason), ""});
    };
    add("spend", to_string(p, m.spend), to_string(p, next.spend), "imported total_spent");
    add("total_spent", to_string(p, m.total_spent), to_string(p, next.total_spent), "imported total_spent");
    add("tier", tier_id(p, m), tier_id(p, next), "qualification on total_spent");
    add("points", to_string(p, m.points), to_string(p, next.points),
        fmt::format("{} of {}, less {} redeemed", rate_text, to_string(p, total), to_string(p, redeemed)));
  }
  m = std::move(next);
  return std::nullopt;
}

}  // namespace loyalty
