// The journal: a decision and a catch-up as field-by-field changes.
#include "loyalty/journal.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "calendar.hpp"
#include "loyalty/explain.hpp"
#include "rule_graph.hpp"

namespace loyalty {

namespace {

// Appends entries that share a member, a time and an order.
struct Writer {
  const Policy& p;
  std::vector<JournalEntry>& out;
  std::string member, at, order;

  void add(JournalEntry::Kind kind, std::string field, std::string old_value, std::string new_value, std::string reason) {
    out.push_back({member, at, kind, std::move(field), std::move(old_value), std::move(new_value), std::move(reason), order});
  }
  void money(JournalEntry::Kind kind, const char* field, Money before, Money after, const std::string& reason) {
    if (before != after) add(kind, field, money_text(p, before), money_text(p, after), reason);
  }
  void points(JournalEntry::Kind kind, Points before, Points after, const std::string& reason) {
    if (before != after) add(kind, "points", points_text(p, before), points_text(p, after), reason);
  }
};

void time_entries(std::span<const TimeEvent> events, Writer& w) {
  const std::string order = w.order;
  w.order.clear();  // a catch-up is not the order's doing
  for (const TimeEvent& e : events) {
    w.at = to_string(e.date);
    if (e.kind == TimeEvent::Kind::review) {
      const std::string reason = "review of " + e.tier_before;
      if (e.tier_before != e.tier_after) w.add(JournalEntry::Kind::review, "tier", e.tier_before, e.tier_after, reason);
      w.money(JournalEntry::Kind::review, "spend", e.spend_before, e.spend_after, reason);
      w.money(JournalEntry::Kind::review, "cycle_spend", e.cycle_spend, Money{}, reason);
    } else {
      const Points before{e.balance_after.units + e.points.units};
      w.points(JournalEntry::Kind::expire, before, e.balance_after, "earned " + to_string(e.earned));
    }
  }
  w.order = order;
}

}  // namespace

std::string to_string(const Date& d) {
  std::string text(10, '0');
  if (!date_digits(d, text.data())) return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
  return text;
}

std::string to_string(const MonthDay& d) { return fmt::format("{:02}-{:02}", d.month, d.day); }

static std::string to_string(const CapUse& c, int points_scale) {
  return fmt::format("{} since {}", format_units(c.points.units, points_scale), to_string(c.since));
}

std::string to_string(const Timestamp& t) {
  const std::int64_t local = t.utc_seconds + t.offset_minutes * 60LL;
  const std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const std::int64_t second = local - day * 86400;
  const int offset = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  return fmt::format("{}T{:02}:{:02}:{:02}{}{:02}:{:02}", to_string(date_of(static_cast<std::int32_t>(day))), second / 3600,
                     second / 60 % 60, second % 60, t.offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
}

const char* name(JournalEntry::Kind kind) {
  switch (kind) {
    case JournalEntry::Kind::join:
      return "join";
    case JournalEntry::Kind::earn:
      return "earn";
    case JournalEntry::Kind::spend:
      return "spend";
    case JournalEntry::Kind::expire:
      return "expire";
    case JournalEntry::Kind::review:
      return "review";
    case JournalEntry::Kind::tier:
      return "tier";
    case JournalEntry::Kind::voucher:
      return "voucher";
    case JournalEntry::Kind::order:
      return "order";
    case JournalEntry::Kind::recompute:
      return "recompute";
    case JournalEntry::Kind::cap:
      return "cap";
    case JournalEntry::Kind::rejected:
      break;
  }
  return "rejected";
}

void journal_time(const Policy& p, const Member& before, std::span<const TimeEvent> events, std::vector<JournalEntry>& out) {
  Writer w{p, out, before.id, "", ""};
  time_entries(events, w);
}

void journal_decision(const Policy& p, const Member& before, const Order& order, std::span<const Redemption> redemptions,
                      const Decision& d, std::vector<JournalEntry>& out) {
  Writer w{p, out, before.id, to_string(order.at), order.id};
  if (!before.joined && d.member.joined) w.add(JournalEntry::Kind::join, "joined", "", to_string(*d.member.joined), "first seen");
  time_entries(d.caught_up, w);
  w.at = to_string(order.at);

  // Points as they moved: the balance after the catch-up, spending, earning, the stop at zero.
  Points balance = before.points;
  for (const TimeEvent& e : d.caught_up)
    if (e.kind == TimeEvent::Kind::expiry) balance = e.balance_after;
  bool traced_spending = false;
  for (const TraceEntry& t : d.trace) {
    if (t.kind != TraceEntry::Kind::redemption || t.points == Points{}) continue;
    const Points next{balance.units + t.points.units};
    w.points(JournalEntry::Kind::spend, balance, next, p.rewards[t.subject].id);
    balance = next;
    traced_spending = true;
  }
  if (!traced_spending && d.spent != Points{}) {
    std::string reason;
    for (const Redemption& r : redemptions) reason += (reason.empty() ? "" : ",") + r.reward;
    const Points next{balance.units - d.spent.units};
    w.points(JournalEntry::Kind::spend, balance, next, reason);
    balance = next;
  }
  // What each rule, the base earn and each order earn brought, in the order they first earned.
  std::vector<std::pair<std::string, Points>> sources;
  auto credit = [&](std::string reason, Points points) {
    for (auto& [r, sum] : sources) {
      if (r == reason) {
        sum = Points{sum.units + points.units};
        return;
      }
    }
    sources.emplace_back(std::move(reason), points);
  };
  Points traced;
  for (const TraceEntry& t : d.trace) {
    if (t.skip != TraceEntry::Skip::none) continue;
    switch (t.kind) {
      case TraceEntry::Kind::rule:
      case TraceEntry::Kind::cap:
        credit(p.rules[t.subject].id, t.points);
        break;
      case TraceEntry::Kind::base:
        credit("base", t.points);
        break;
      case TraceEntry::Kind::order_earn:
        credit(p.order_earns[t.subject].text, t.points);
        break;
      case TraceEntry::Kind::reversal: {
        const ReturnOf& sale = *order.lines[static_cast<std::size_t>(t.line)].returns;
        credit(fmt::format("return of {} line {}", sale.order, sale.line), t.points);
        break;
      }
      default:
        continue;
    }
    traced = Points{traced.units + t.points.units};
  }
  if (traced != d.earned) {  // no trace: one entry for the order
    sources.clear();
    credit("order", d.earned);
  }
  for (const auto& [reason, points] : sources) {
    const Points next{balance.units + points.units};
    w.points(JournalEntry::Kind::earn, balance, next, reason);
    balance = next;
  }
  w.points(JournalEntry::Kind::earn, balance, d.member.points, "returns stop at zero");

  // The order's money and count.
  Member caught = before;  // spend and cycle_spend as the catch-up left them
  for (const TimeEvent& e : d.caught_up) {
    if (e.kind != TimeEvent::Kind::review) continue;
    caught.spend = e.spend_after;
    caught.cycle_spend = Money{};
    caught.tier = e.tier_after;
  }
  w.money(JournalEntry::Kind::order, "spend", caught.spend, d.member.spend, order.id);
  w.money(JournalEntry::Kind::order, "cycle_spend", caught.cycle_spend, d.member.cycle_spend, order.id);
  w.money(JournalEntry::Kind::order, "total_spent", before.total_spent, d.member.total_spent, order.id);
  w.add(JournalEntry::Kind::order, "orders", std::to_string(before.orders), std::to_string(d.member.orders), order.id);

  // The wallet, voucher by voucher.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> wallet;
  for (const auto& [id, n] : before.vouchers) wallet[id].first = n;
  for (const auto& [id, n] : d.member.vouchers) wallet[id].second = n;
  for (const auto& [id, counts] : wallet) {
    if (counts.first != counts.second)
      w.add(JournalEntry::Kind::voucher, "vouchers." + id, std::to_string(counts.first), std::to_string(counts.second), id);
  }

  // Caps per member over time, rule by rule.
  for (const auto& [id, use] : d.member.caps) {
    const auto it = before.caps.find(id);
    if (it != before.caps.end() && it->second == use) continue;
    w.add(JournalEntry::Kind::cap, "caps." + id, it == before.caps.end() ? "" : to_string(it->second, p.points_scale),
          to_string(use, p.points_scale), id);
  }

  const std::string tier_start = tier_id(p, caught), tier_end = tier_id(p, d.member);
  if (tier_start != tier_end) {
    const auto* index = p.tier_index.find(tier_start);
    w.add(JournalEntry::Kind::tier, "tier", tier_start, tier_end, index && p.tiers[*index].retired ? "retired tier" : "spend");
  }
}

std::string journal_json(const JournalEntry& e) {
  using ojson = nlohmann::ordered_json;
  ojson j = {{"member", e.member}, {"at", e.at},         {"kind", name(e.kind)}, {"field", e.field},
             {"old", e.old_value}, {"new", e.new_value}, {"reason", e.reason}};
  if (!e.order.empty()) j["order"] = e.order;
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

bool apply_journal(const Policy& p, Member& m, std::span<const JournalEntry> entries) {
  auto amount = [](const std::string& text, int scale) -> std::optional<std::int64_t> {
    const auto d = parse_decimal(text);
    return d ? rescale_exact(*d, scale) : std::nullopt;
  };
  for (const JournalEntry& e : entries) {
    if (e.kind == JournalEntry::Kind::rejected) continue;
    const std::string& f = e.field;
    if (f == "points") {
      if (amount(e.old_value, p.points_scale) != m.points.units) return false;
      m.points = Points{*amount(e.new_value, p.points_scale)};
    } else if (f == "spend" || f == "cycle_spend" || f == "total_spent") {
      Money& field = f == "spend" ? m.spend : f == "cycle_spend" ? m.cycle_spend : m.total_spent;
      if (amount(e.old_value, p.money_scale) != field.units) return false;
      field = Money{*amount(e.new_value, p.money_scale)};
    } else if (f == "orders") {
      if (e.old_value != std::to_string(m.orders)) return false;
      m.orders = std::stoll(e.new_value);
    } else if (f == "tier") {
      if (e.old_value != tier_id(p, m)) return false;
      m.tier = e.new_value;
    } else if (f == "joined") {
      if (m.joined && e.old_value != to_string(*m.joined)) return false;
      const int y = std::stoi(e.new_value.substr(0, 4)), mo = std::stoi(e.new_value.substr(5, 2)),
                da = std::stoi(e.new_value.substr(8, 2));
      m.joined = Date{y, mo, da};
    } else if (f == "birthday") {
      if (e.new_value.size() != 5) return false;
      m.birthday = MonthDay{std::stoi(e.new_value.substr(0, 2)), std::stoi(e.new_value.substr(3, 2))};
    } else if (f.rfind("caps.", 0) == 0) {
      const std::string id = f.substr(5);
      const auto it = m.caps.find(id);
      if ((it == m.caps.end() ? std::string() : to_string(it->second, p.points_scale)) != e.old_value) return false;
      const auto since = e.new_value.find(" since ");
      if (since == std::string::npos || e.new_value.size() != since + 17) return false;
      const auto points = amount(e.new_value.substr(0, since), p.points_scale);
      const std::string day = e.new_value.substr(since + 7);
      if (!points) return false;
      m.caps[id] = {Date{std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2)), std::stoi(day.substr(8, 2))}, Points{*points}};
    } else if (f.rfind("vouchers.", 0) == 0) {
      const std::string id = f.substr(9);
      auto it = m.vouchers.find(id);
      if (std::to_string(it == m.vouchers.end() ? 0 : it->second) != e.old_value) return false;
      const std::int64_t n = std::stoll(e.new_value);
      if (n == 0) {
        m.vouchers.erase(id);
      } else {
        m.vouchers[id] = n;
      }
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace loyalty
