// Replay (spec section 7): replaying a stream equals evaluating its orders
// one by one with the member carried along; the journal, applied field by
// field to the starting states, gives the final states; a year of events
// for members worked by hand.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>

#include "helpers.hpp"
#include "loyalty/journal.hpp"
#include "loyalty/replay.hpp"

namespace loyalty::test {
namespace {

const char* const policy_text = R"(policy "P" {
  currency VND
  tier FOODBOOK "Bạc" default {
    earn 5%
  }
  tier TVV "Vàng" {
    qualify when spend > 5_000_000
    earn 1%
  }
  review every 3 months from joined {
    FOODBOOK when cycle_spend < 2_000_000: reset spend to 0
    TVV when cycle_spend < 7_000_000: demote to FOODBOOK, reset spend to 5_000_000
  }
  points expire after 6 months
  earn 10 points per order when amount >= 1_000_000
  reward PAY "Pay" {
    resale 1 point = 1
    max 50% of order
  }
  reward V50 "Voucher" {
    voucher 50_000
    cost 40_000 points
  }
}
)";

std::string stamp(std::int64_t day, int minute) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:00+07:00", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), 8 + minute / 60 % 12, minute % 60);
}

// A random stream: joins, orders (some returns, some redemptions, some refused), monthly clocks.
std::vector<std::string> random_stream(std::uint32_t seed, int members, int orders) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); };
  std::vector<std::string> lines;
  const std::int64_t first = 20'454;  // 2026-01-01
  for (int m = 0; m < members; ++m)
    lines.push_back(fmt::format(R"({{"type": "join", "member": "M{}", "at": "{}"}})", m, stamp(first, m)));
  std::int64_t day = first + 1;
  int minute = 0;
  for (int i = 0; i < orders; ++i) {
    if (pick(4) == 0) {
      ++day;
      minute = 0;
      if (pick(6) == 0) lines.push_back(fmt::format(R"({{"type": "clock", "at": "{}"}})", stamp(day, 0)));
    }
    ++minute;
    const int member = pick(members + 1);  // the last is never joined: rejected
    const int qty = pick(8) == 0 ? -1 : 1 + pick(3);
    const std::string redeem = pick(5) == 0   ? R"([{"reward": "PAY", "points": "20000"}])"
                               : pick(9) == 0 ? R"([{"reward": "V50", "qty": 1, "to": "wallet"}])"
                                              : "[]";
    lines.push_back(fmt::format(
        R"({{"type": "order", "member": "M{}", "order": {{"id": "O{}", "at": "{}", "lines": [{{"sku": "A", "qty": {}, "price": "{}"}}]}}, "redeem": {}}})",
        member, i, stamp(day, minute), qty, 100'000 * (1 + pick(20)), redeem));
  }
  return lines;
}

TEST_CASE("replaying a stream equals evaluating its orders one by one, and the journal sums back to the states") {
  auto p = policy(policy_text);
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    const auto stream = random_stream(seed, 6, 400);
    Replay replay(p, true);
    Replay quiet(p, false);                 // without the journal: members caught up in another order, the same states
    Replay ahead(p, false);                 // told each next event ahead of time (prefetch): the same again
    Replay misled(p, false);                // told another event than the next (a hint is only a hint): the same again
    std::map<std::string, Member> by_hand;  // evaluate() one order at a time
    std::optional<Timestamp> last_clock;
    std::int64_t rejected = 0;
    std::vector<Event> events;
    for (const std::string& line : stream) {
      auto e = parse_event(*p, line);
      REQUIRE(e);
      events.push_back(std::move(e).value());
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Event& event = events[i];
      const auto r = replay.apply(event);
      REQUIRE(r.outcome != Replay::Outcome::stop);
      CHECK(quiet.apply(event).outcome == r.outcome);
      if (i + 1 < events.size()) ahead.prefetch(events[i + 1]);
      CHECK(ahead.apply(event).outcome == r.outcome);
      misled.prefetch(events[(i * 7 + 3) % events.size()]);
      CHECK(misled.apply(event).outcome == r.outcome);
      if (r.outcome == Replay::Outcome::rejected) ++rejected;
      switch (event.type) {
        case Event::Type::join: {
          Member m;
          m.id = event.member;
          m.joined = Date{2026, 1, 1};
          REQUIRE_FALSE(advance(*p, m, event.at));
          by_hand.emplace(m.id, m);
          break;
        }
        case Event::Type::clock:
          last_clock = event.at;
          break;
        case Event::Type::order: {
          auto it = by_hand.find(event.member);
          if (it == by_hand.end()) {
            CHECK(r.outcome == Replay::Outcome::rejected);
            break;
          }
          auto d = evaluate(*p, it->second, event.order, event.redeem);
          CHECK(static_cast<bool>(d) == (r.outcome == Replay::Outcome::applied));
          if (d) it->second = d.value().member;
          break;
        }
      }
    }
    CHECK(rejected > 0);
    // The clocks ran reviews that one-by-one evaluation leaves for the next order.
    if (last_clock)
      for (auto& [id, m] : by_hand) REQUIRE_FALSE(advance(*p, m, *last_clock));
    const auto members = replay.members();
    REQUIRE(members.size() == by_hand.size());
    const auto quiet_members = quiet.members();
    REQUIRE(quiet_members.size() == members.size());
    const auto ahead_members = ahead.members();
    REQUIRE(ahead_members.size() == members.size());
    const auto misled_members = misled.members();
    REQUIRE(misled_members.size() == members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      CHECK(*quiet_members[i] == *members[i]);
      CHECK(*ahead_members[i] == *members[i]);
      CHECK(*misled_members[i] == *members[i]);
    }
    CHECK(quiet.totals().reviews == replay.totals().reviews);
    CHECK(quiet.totals().expired == replay.totals().expired);
    CHECK(quiet.totals().issued == replay.totals().issued);
    std::map<std::string, std::vector<JournalEntry>> journal;
    for (const JournalEntry& j : replay.journal()) journal[j.member].push_back(j);
    for (const Member* m : members) {
      CHECK(*m == by_hand.at(m->id));
      Member rebuilt;
      rebuilt.id = m->id;
      REQUIRE(apply_journal(*p, rebuilt, journal[m->id]));
      CHECK(rebuilt.points == m->points);
      CHECK(rebuilt.spend == m->spend);
      CHECK(rebuilt.cycle_spend == m->cycle_spend);
      CHECK(rebuilt.total_spent == m->total_spent);
      CHECK(rebuilt.orders == m->orders);
      CHECK((rebuilt.tier.empty() ? "FOODBOOK" : rebuilt.tier) == m->tier);
      CHECK(rebuilt.vouchers == m->vouchers);
      CHECK(rebuilt.joined == m->joined);
    }
  }
}

Event event(const Policy& p, const std::string& json) {
  auto e = parse_event(p, json);
  if (!e) FAIL(e.refusal().path << ": " << e.refusal().message);
  return e.value();
}

TEST_CASE(
    "replay rejects and skips a second join, an unknown member, a duplicate order and a refused redemption; stops on time "
    "order") {
  auto p = policy(policy_text);
  Replay replay(p, true);
  auto apply = [&](const std::string& json) { return replay.apply(event(*p, json)).outcome; };
  using O = Replay::Outcome;
  CHECK(apply(R"({"type": "join", "member": "A", "at": "2026-01-01T09:00:00+07:00"})") == O::applied);
  CHECK(apply(R"({"type": "join", "member": "A", "at": "2026-01-01T09:00:00+07:00"})") == O::rejected);
  const std::string order =
      R"({"type": "order", "member": "A", "order": {"id": "O1", "at": "2026-01-02T09:00:00+07:00", "lines": [{"sku": "X", "qty": 1, "price": "100000"}]}})";
  CHECK(apply(order) == O::applied);
  CHECK(apply(order) == O::rejected);
  CHECK(apply(R"({"type": "order", "member": "B", "order": {"id": "O2", "at": "2026-01-02T09:00:00+07:00", "lines": []}})") ==
        O::rejected);
  CHECK(
      apply(
          R"({"type": "order", "member": "A", "order": {"id": "O3", "at": "2026-01-02T10:00:00+07:00", "lines": [{"sku": "X", "qty": 1, "price": "100000"}]}, "redeem": [{"reward": "V50", "qty": 1}]})") ==
      O::rejected);
  CHECK(apply(R"({"type": "clock", "at": "2026-01-01T00:00:00+07:00"})") == O::stop);
  CHECK(replay.totals().rejected == 4);
  const Member& a = *replay.members().front();
  CHECK(a.points == Points{5'000});  // only O1: 5% of 100,000
  CHECK(a.orders == 1);
  std::int64_t rejected_entries = 0;
  for (const auto& j : replay.journal()) rejected_entries += j.kind == JournalEntry::Kind::rejected;
  CHECK(rejected_entries == 4);
}

TEST_CASE("a year of events worked by hand: upgrade, a voucher, a review that demotes, an expiry") {
  auto p = policy(policy_text);
  Replay replay(p, false);
  const char* const lines[] = {
      R"({"type": "join", "member": "A", "at": "2026-01-10T09:00:00+07:00"})",
      // 3,000,000 at 5% = 150,000 points, +10 for an order of at least 1,000,000.
      R"({"type": "order", "member": "A", "order": {"id": "O1", "at": "2026-01-20T09:00:00+07:00", "lines": [{"sku": "X", "qty": 3, "price": "1000000"}]}})",
      // 3,000,000 more: spend 6,000,000 > 5,000,000, TVV after the order; still 5% on it: 150,010.
      R"({"type": "order", "member": "A", "order": {"id": "O2", "at": "2026-02-20T09:00:00+07:00", "lines": [{"sku": "X", "qty": 3, "price": "1000000"}]}, "redeem": [{"reward": "V50", "qty": 1, "to": "wallet"}]})",
      // 2026-04-10: the first quarter's review; cycle_spend 6,000,000 < 7,000,000: demoted, spend 5,000,000.
      R"({"type": "clock", "at": "2026-04-10T00:00:00+07:00"})",
      // 2026-07-20: O1's lot (150,010 earned 2026-01-20) expires; O2's lot (150,010 less the 40,000 spent... from the oldest)
      R"({"type": "clock", "at": "2026-07-20T00:00:00+07:00"})",
  };
  for (const char* line : lines) REQUIRE(replay.apply(event(*p, line)).outcome == Replay::Outcome::applied);
  const Member& a = *replay.members().front();
  CHECK(a.tier == "FOODBOOK");
  // Reviews on 2026-04-10 (demote, spend 5,000,000) and 2026-07-10 (FOODBOOK, empty cycle: spend reset to 0).
  CHECK(a.spend == Money{0});
  CHECK(a.total_spent == Money{6'000'000});
  CHECK(a.vouchers.at("V50") == 1);
  // Lots: 2026-01-20: 150,010, 2026-02-20: 150,010; the voucher's 40,000 came from the oldest, leaving 110,010,
  // which expired on 2026-07-20; 150,010 remain.
  CHECK(a.points == Points{150'010});
  CHECK(replay.totals().reviews == 2);
  CHECK(replay.totals().expiries == 1);
  CHECK(replay.totals().expired == Points{110'010});
}

TEST_CASE("a starting member's dated lots under a policy without expiry leave at the first order, as evaluate leaves them") {
  // Nothing ever falls due under this policy, but the catch-up still drops
  // the dates of a balance imported with lots: the replay must not skip it.
  auto p = policy(R"(policy "plain" {
  currency VND
  tier member default {
    earn 1%
  }
}
)");
  Member m;
  m.id = "A";
  m.points = Points{300};
  m.lots = {{Date{2026, 1, 5}, Points{100}}, {Date{2026, 2, 5}, Points{200}}};
  Replay replay(p, false);
  REQUIRE(replay.add_member(m) == Replay::Added::added);
  const Event order = event(*p, R"({"type": "order", "member": "A", "order": {"id": "O1", "at": "2026-03-01T09:00:00+07:00",
      "lines": [{"sku": "X", "qty": 1, "price": "100000"}]}})");
  REQUIRE(replay.apply(order).outcome == Replay::Outcome::applied);
  const auto d = evaluate(*p, m, order.order);
  REQUIRE(d);
  const Member& after = *replay.members().front();
  CHECK(after == d.value().member);
  CHECK(after.lots.empty());
  CHECK(after.points == Points{1'300});  // 300 + 1% of 100,000
}

TEST_CASE("an order refused for an overflow leaves the replay's member as it was, with or without the journal") {
  // Without trace and journal the replay settles its member in place: every
  // sum is checked before the member changes.
  auto p = policy(policy_text);
  Member m;
  m.id = "A";
  m.tier = "TVV";
  m.spend = Money{std::numeric_limits<std::int64_t>::max() - 50'000};  // the order's 100,000 overflows it
  m.cycle_spend = Money{1'000'000};
  m.total_spent = Money{2'000'000};
  m.points = Points{7'000};
  m.orders = 3;
  m.joined = Date{2026, 1, 1};
  m.cycle_start = Date{2026, 1, 1};
  m.lots = {{Date{2026, 1, 5}, Points{7'000}}};
  const Event order = event(*p, R"({"type": "order", "member": "A", "order": {"id": "O1", "at": "2026-01-10T09:00:00+07:00",
      "lines": [{"sku": "X", "qty": 1, "price": "100000"}]}})");
  for (const bool journal : {false, true}) {
    INFO("journal " << journal);
    Replay replay(p, journal);
    REQUIRE(replay.add_member(m) == Replay::Added::added);
    const Replay::Result r = replay.apply(order);
    CHECK(r.outcome == Replay::Outcome::rejected);
    CHECK(r.code == RefusalCode::overflow);
    REQUIRE(replay.member("A"));
    CHECK(*replay.member("A") == m);
    // The next order that fits is applied to the member as it was.
    Member fits = m;
    fits.spend = Money{1'000'000};
    Replay again(p, journal);
    REQUIRE(again.add_member(fits) == Replay::Added::added);
    REQUIRE(again.apply(order).outcome == Replay::Outcome::applied);
    const Member& after = *again.member("A");
    CHECK(after.spend == Money{1'100'000});
    CHECK(after.cycle_spend == Money{1'100'000});
    CHECK(after.total_spent == Money{2'100'000});
    CHECK(after.points == Points{8'000});  // 7,000 + 1% of 100,000
    CHECK(after.orders == 4);
    CHECK(after.lots == std::vector<Lot>{{Date{2026, 1, 5}, Points{7'000}}, {Date{2026, 1, 10}, Points{1'000}}});
  }
}

}  // namespace
}  // namespace loyalty::test

namespace loyalty::test {
namespace {

// The fast reader takes a line only when it reads it exactly as parse_event does.
TEST_CASE("a replay holds at most its limit of members: a join past it stops the run, naming the limit") {
  auto p = policy(policy_text);
  Replay replay(p, false);
  replay.set_max_members(2);
  REQUIRE(replay.max_members() == 2);
  Member a;
  a.id = "A";
  CHECK(replay.add_member(a) == Replay::Added::added);
  CHECK(replay.add_member(a) == Replay::Added::already_there);
  auto join = [&](const char* id) {
    auto e = parse_event(*p, fmt::format(R"({{"type": "join", "member": "{}", "at": "2026-01-01T08:00:00+07:00"}})", id));
    REQUIRE(e);
    return replay.apply(e.value());
  };
  CHECK(join("B").outcome == Replay::Outcome::applied);
  CHECK(join("A").outcome == Replay::Outcome::rejected);  // already there: rejected, not stopped
  const Replay::Result third = join("C");
  CHECK(third.outcome == Replay::Outcome::stop);
  CHECK(third.path == "$.member");
  CHECK(third.message == "`C` would be member 3: a replay holds at most 2 members (the limit)");
  Member c;
  c.id = "C";
  CHECK(replay.add_member(c) == Replay::Added::over_limit);
  CHECK(replay.members().size() == 2);
  CHECK(replay.totals().joins == 1);
  // The limit is never set past what the index can number.
  replay.set_max_members(std::size_t{1} << 40);
  CHECK(replay.max_members() == Replay::hard_max_members);
}

TEST_CASE("a replay finds each of many members by id as its index grows, and no id it does not hold") {
  auto p = policy(policy_text);
  Replay replay(p, false);
  constexpr int count = 5'000;  // the index doubles from 64 slots to 16,384
  for (int i = 0; i < count; ++i) {
    Member m;
    m.id = fmt::format("M{}", i);
    m.points = Points{i};
    REQUIRE(replay.add_member(m) == Replay::Added::added);
  }
  for (int i = 0; i < count; ++i) {
    const Member* m = replay.member(fmt::format("M{}", i));
    REQUIRE(m);
    CHECK(m->points == Points{i});
    Member again;
    again.id = fmt::format("M{}", i);
    CHECK(replay.add_member(again) == Replay::Added::already_there);
  }
  for (const char* absent : {"", "M", "M5000", "M-1", "m1", "M01", "M1 "}) CHECK_FALSE(replay.member(absent));
  CHECK(replay.members().size() == count);
  // The members lie in chunks of about a thousand; a moved replay keeps them where they were.
  Replay moved(std::move(replay));
  for (const int i : {0, 1031, 1032, 1033, 2063, 2064, 4999}) {
    const Member* m = moved.member(fmt::format("M{}", i));
    REQUIRE(m);
    CHECK(m->points == Points{i});
  }
  CHECK(moved.members().size() == count);
}

TEST_CASE("the fast event reader gives the same events and the same refusals as parse_event") {
  auto p = policy(policy_text);
  auto with_lines = [](const std::string& lines) {
    return R"({"type":"order","member":"A","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[)" + lines + "]}}";
  };
  std::vector<std::string> lines = {
      R"({"type":"join","member":"A","at":"2026-01-01T09:00:00+07:00"})",
      R"({"type":"join","member":"B","at":"2026-01-01T09:00:00+07:00","birthday":"12-24"})",
      R"({"type":"join","member":"C","at":"2026-01-01T09:00:00+07:00"})",  // no birthday left over from B
      R"({"type":"clock","at":"2026-01-01T00:00:00Z"})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","category":"C/D","qty":2,"price":"100000"}]}})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","store":"S","channel":"web","discount":5,"lines":[{"sku":"X","qty":"2","price":100000}]},"redeem":[]})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":2,"price":1.5}]}})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":2.0,"price":1}]}})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":2,"price":-1}]}})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":99999999999999999999,"price":1}]}})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":1,"qty":2,"price":1}]}})",
      R"({"type":"order","member":"A","order":{"id":"O1","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":1,"price":1,"colour":"red"}]}})",
      R"({"type":"order","member":"A","order":{"id":null,"at":"2026-01-02T09:00:00+07:00","lines":[]}})",
      R"({"type":"order","member":"A","order":{"id":1,"at":"2026-01-02T09:00:00+07:00","lines":[]}})",
      R"({"type":"order","member":"A","at":"2026-01-02T09:00:00+07:00","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[]}})",
      R"({"type":"order","member":"Ä","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[]}})",
      R"({"type":"order","member":"A","order":{"id":"O","at":"2026-01-02 09:00:00","lines":[]}})",
      R"({"type":"order","member":"A","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[]},"redeem":[{"reward":"PAY","points":"10"}]})",
      R"({"type":"join","member":"A","at":"2026-01-01T09:00:00+07:00"} trailing)",
      R"({"type":"join","member":"A"})",
      R"({"type":"refund","at":"2026-01-01T09:00:00+07:00"})",
      R"([1, 2])",
      R"({"type":"join","member":"A\u0041","at":"2026-01-01T09:00:00+07:00"})",
      R"({"type":"join","member":"Ae\u0301","at":"2026-01-01T09:00:00+07:00"})",  // NFC, as parse_event reads it
      R"({"type":"order","member":"A","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"e\u0301","qty":1,"price":1}]}})",
      // white space anywhere JSON allows it, and none
      " \t{ \"type\" :\r\n\"order\" , \"member\":\"A\",\"order\":{ \"id\":\"O\",\"at\":\"2026-01-02T09:00:00+07:00\", "
      "\"lines\" : [ { \"sku\" : \"X\" , \"qty\" : 2 , \"price\" : \"100000\" } , {\"sku\":\"Y\",\"qty\":-1,\"price\":0} ] } , "
      "\"redeem\" : [ ] } \n",
      with_lines(R"({"sku":"X","qty":02,"price":1})"),
      with_lines(R"({"sku":"X","qty":-0,"price":1})"),
      with_lines(R"({"sku":"X","qty":0,"price":1})"),
      with_lines(R"({"sku":"X","qty":1e2,"price":1})"),
      with_lines(R"({"sku":"X","qty":1,"price":1E2})"),
      with_lines(R"({"sku":"X","qty":1,"price":999999999999999999})"),
      with_lines(R"({"sku":"X","qty":1,"price":9223372036854775807})"),
      with_lines(R"({"sku":"X","qty":true,"price":1})"),
      with_lines(R"({"sku":"X","qty":1,"price":1},)"),
      with_lines(R"({"sku":"X","qty":1,"price":1,})"),
      R"({"type":"order","member":"A","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[{"sku":"X","qty":1,"price":1}]})",
      with_lines(R"({"sku""X","qty":1,"price":1})"),
      with_lines(R"({"skus":"X","qty":1,"price":1})"),
      with_lines(R"({"s\u006bu":"X","qty":1,"price":1})"),
      R"({"type":"order","member":"A","order":{"id":"O\"1","at":"2026-01-02T09:00:00+07:00","lines":[]}})",
      R"({"type":"order","member":"A","order":{"id":"O\n1","at":"2026-01-02T09:00:00+07:00","lines":[]}})",
      "{\"type\":\"order\",\"member\":\"A\tB\",\"order\":{\"id\":\"O\",\"at\":\"2026-01-02T09:00:00+07:00\",\"lines\":[]}}",
      with_lines(R"({})"),
      R"({"type":"order","member":"A","order":{"id":"O","at":"2026-01-02T09:00:00+07:00","lines":[]},"redeem":[1]})",
      R"({"type":"clock","at":"2026-01-01T00:00:00Z"}{})",
      R"({"type":"clock","at":"2026-01-01T00:00:00Z")",
      R"({"type":"clock","at":"2026-01-01T00:00:00Z)",
      R"({})",
      R"()",
  };
  // Timestamps at the edges of the usual form, which the fast reader reads itself.
  for (const char* at : {"2024-02-29T23:59:60+14:00", "2025-02-29T09:00:00+07:00", "2026-04-31T09:00:00+07:00",
                         "2026-12-31T24:00:00+07:00", "2026-12-31T23:60:00+07:00", "2026-12-31T23:59:61+07:00",
                         "2026-13-01T09:00:00+07:00", "2026-00-01T09:00:00+07:00", "2026-01-00T09:00:00+07:00",
                         "0000-01-01T00:00:00-00:00", "9999-12-31T23:59:59-14:59", "2026-01-01T09:00:00+15:00",
                         "2026-01-01T09:00:00+07:60", "2026-01-01T09:00:00*07:00", "2026-01-01T09:00:00+07-00",
                         "2026-01-01t09:00:00+07:00", "2026-01-01T09:0a:00+07:00", "2026-01-01T09:00:00.5+07:00",
                         "1970-01-01T00:00:00+00:01"})
    lines.push_back(fmt::format(R"({{"type":"clock","at":"{}"}})", at));
  // Whole numbers of every length, which the fast reader takes eight digits at a
  // time where eight bytes are left (the last price of a line has four after it).
  for (const char* digits : {"7", "42", "907", "1234", "98765", "100000", "1234567", "12345678", "123456789", "9876543210",
                             "123456781234567", "999999999999999999", "1000000000000000000", "12345678901234567890",
                             "012345678", "1234567.5", "12345678.5", "12345678e1", "123456789E1", "1234567-8"}) {
    lines.push_back(with_lines(fmt::format(R"({{"sku":"X","qty":{0},"price":{0}}})", digits)));
    lines.push_back(with_lines(fmt::format(R"({{"sku":"X","qty":-{0},"price":1}})", digits)));
  }
  EventReader reader(*p);
  Event fast;
  for (const std::string& line : lines) {
    INFO(line);
    const auto slow = parse_event(*p, line);
    const auto refused = reader.read(line, fast);
    REQUIRE(static_cast<bool>(slow) == !refused);
    if (refused) {
      CHECK(refused->path == slow.refusal().path);
      CHECK(refused->message == slow.refusal().message);
      continue;
    }
    const Event& e = slow.value();
    CHECK(fast.type == e.type);
    CHECK(fast.at.utc_seconds == e.at.utc_seconds);
    CHECK(fast.at.offset_minutes == e.at.offset_minutes);
    if (e.type == Event::Type::clock) continue;
    CHECK(fast.member == e.member);
    CHECK(fast.birthday == e.birthday);
    if (e.type != Event::Type::order) continue;
    CHECK(fast.order.id == e.order.id);
    CHECK(fast.order.store == e.order.store);
    CHECK(fast.order.channel == e.order.channel);
    CHECK(fast.order.discount == e.order.discount);
    REQUIRE(fast.order.lines.size() == e.order.lines.size());
    for (std::size_t i = 0; i < e.order.lines.size(); ++i) {
      CHECK(fast.order.lines[i].sku == e.order.lines[i].sku);
      CHECK(fast.order.lines[i].category == e.order.lines[i].category);
      CHECK(fast.order.lines[i].qty == e.order.lines[i].qty);
      CHECK(fast.order.lines[i].price == e.order.lines[i].price);
    }
    CHECK(fast.redeem.size() == e.redeem.size());
  }
}

}  // namespace
}  // namespace loyalty::test

namespace loyalty::test {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST_CASE("every example decision's journal, applied to the request's member, gives the decision's member") {
  const std::filesystem::path root = LOYALTY_SOURCE_DIR;
  int checked = 0;
  for (const auto& f : std::filesystem::directory_iterator(root / "examples/requests")) {
    const std::string stem = f.path().stem().string();
    INFO(stem);
    const auto policy_file = root / "policies" / (stem.substr(0, stem.find("--")) + ".loy");
    auto p = compile(dsl::Source(policy_file.string(), slurp(policy_file))).policy;
    REQUIRE(p);
    auto r = parse_request(*p, slurp(f.path()));
    REQUIRE(r);
    auto d = evaluate(*p, r.value().member, r.value().order, r.value().redeem, {.trace = true, .journal = true});
    if (!d) continue;
    Member rebuilt = r.value().member;
    REQUIRE(apply_journal(*p, rebuilt, d.value().journal));
    const Member& after = d.value().member;
    CHECK(rebuilt.points == after.points);
    CHECK(rebuilt.spend == after.spend);
    CHECK(rebuilt.cycle_spend == after.cycle_spend);
    CHECK(rebuilt.total_spent == after.total_spent);
    CHECK(rebuilt.orders == after.orders);
    CHECK((rebuilt.tier.empty() ? default_tier(*p) : rebuilt.tier) == after.tier);
    CHECK(rebuilt.vouchers == after.vouchers);
    ++checked;
  }
  CHECK(checked >= 10);
}

}  // namespace
}  // namespace loyalty::test
