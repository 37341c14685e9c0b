// Time (spec section 5, docs/time.md): reviews at the end of each cycle,
// every missed cycle in order, month arithmetic, expiry by dated lots. The
// figures are worked by hand from seed 002 and the policies below.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "helpers.hpp"

namespace loyalty::test {
namespace {

// The spec's iPOS policy (seed 002), with a diamond tier that keeps its tier
// and loses spend.
const char* const ipos = R"(policy "Thành viên" {
  currency VND
  tier FOODBOOK "Bạc" default {
    earn 5%
  }
  tier TVV "Vàng" {
    qualify when spend > 5_000_000
    earn 1%
  }
  tier TVKC "Kim cương" {
    qualify when spend > 20_000_000
    earn 0.005%
  }
  review every 12 months from joined {
    FOODBOOK when cycle_spend < 2_000_000: reset spend to 0
    TVV when cycle_spend < 7_000_000: demote to FOODBOOK, reset spend to 5_000_000
    TVKC when cycle_spend < 10_000_000: keep tier, reduce spend by 3_000_000
  }
}
)";

Member member_of(const Policy& p, const std::string& json) {
  auto r = parse_request(p, R"({"member": )" + json + R"(, "order": {"id": "X", "at": "2026-01-01T00:00:00Z", "lines": []}})");
  if (!r) FAIL(r.refusal().path << ": " << r.refusal().message);
  return r.value().member;
}

// One order of one line, for a member carried along.
Decision order(const Policy& p, const Member& m, const std::string& at, std::int64_t qty, const std::string& price,
               const std::string& redeem = "[]") {
  const std::string json = R"({"member": )" + member_json(p, m) + R"(, "order": {"id": "O", "at": ")" + at +
                           R"(", "lines": [{"sku": "A", "qty": )" + std::to_string(qty) + R"(, "price": ")" + price +
                           R"("}]}, "redeem": )" + redeem + "}";
  auto r = parse_request(p, json);
  if (!r) FAIL(r.refusal().path << ": " << r.refusal().message);
  auto d = evaluate(p, r.value().member, r.value().order, r.value().redeem);
  if (!d) FAIL(d.refusal().message);
  return d.value();
}

Timestamp at(const std::string& text) {
  auto r = parse_request(*policy(ipos), R"({"member": {"id": "X"}, "order": {"id": "X", "at": ")" + text + R"(", "lines": []}})");
  REQUIRE(r);
  return r.value().order.at;
}

std::string date(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

TEST_CASE("seed 002: a default-tier member under 2,000,000 in a cycle has spend reset to 0; points untouched") {
  auto p = policy(ipos);
  const Member m = member_of(*p, R"({"id": "M1", "spend": "1500000", "cycle_spend": "1500000", "points": "75000",
                                     "joined": "2025-03-01", "cycle_start": "2025-03-01"})");
  const Decision d = order(*p, m, "2026-03-05T10:00:00+07:00", 1, "100000");
  REQUIRE(d.caught_up.size() == 1);
  CHECK(date(d.caught_up[0].date) == "2026-03-01");
  CHECK(d.caught_up[0].actions_ran);
  CHECK(d.caught_up[0].spend_after == Money{0});
  CHECK(d.earned == Points{5'000});  // 5% of 100,000, after the review
  CHECK(d.member.points == Points{80'000});
  CHECK(d.member.spend == Money{100'000});
  CHECK(d.member.cycle_spend == Money{100'000});
  CHECK(d.member.total_spent == Money{100'000});
  CHECK(date(*d.member.cycle_start) == "2026-03-01");
}

TEST_CASE("a decision with a catch-up, a journal and lots is written exactly as a JSON library renders it") {
  auto p = policy(R"(policy "Lots" {
  currency VND
  earn 1 point per 1_000
  points expire after 1 months
  tier BASE "Base" default {}
  review every 1 months from joined {
    BASE when cycle_spend < 1: reset spend to 0
  }
  reward COFFEE "Cà phê \"sữa\"" {
    gift "CF"
    cost 5 points
  }
}
)");
  const Member m = member_of(*p, R"({"id": "Mỹ\t1", "spend": "5000", "cycle_spend": "0", "points": "12",
                                     "joined": "2026-01-01", "cycle_start": "2026-01-01",
                                     "lots": [{"earned": "2026-01-05", "points": "3"}, {"earned": "2026-03-01", "points": "9"}], "vouchers": {"COFFEE": 2}})");
  auto r = parse_request(*p, R"({"member": )" + member_json(*p, m) +
                                 R"(, "order": {"id": "O", "at": "2026-03-10T10:00:00+07:00", "lines": [
                                   {"sku": "A", "qty": 2, "price": "5000"}]}, "redeem": [{"reward": "COFFEE", "qty": 1}]})");
  REQUIRE(r);
  auto d = evaluate(*p, r.value().member, r.value().order, r.value().redeem, {.trace = true, .journal = true});
  if (!d) FAIL(d.refusal().message);
  CHECK(d->caught_up.size() == 3);  // reviews on 1 February and 1 March, the January lot's expiry
  REQUIRE_FALSE(d->journal.empty());
  for (const bool one_line : {false, true}) {
    const std::string written = decision_json(*p, r.value().order, d.value(), one_line);
    const auto parsed = nlohmann::ordered_json::parse(written);
    CHECK(written == parsed.dump(one_line ? -1 : 2) + "\n");
    CHECK(parsed["member"]["id"] == "Mỹ\t1");
    CHECK(parsed["caught_up"].size() == d->caught_up.size());
  }
  const std::string member = member_json(*p, d->member);
  CHECK(member == nlohmann::ordered_json::parse(member).dump());
}

TEST_CASE("text that is not UTF-8 is written with U+FFFD in its place, as the JSON library writes it") {
  auto p = policy(ipos);
  Member m;
  m.id =
      "M\xff"
      "1";  // only the C++ API lets such an id through: JSON input refuses it
  const std::string written = member_json(*p, m);
  CHECK(nlohmann::ordered_json::parse(written)["id"] ==
        "M\xEF\xBF\xBD"
        "1");
  CHECK(written == nlohmann::ordered_json::parse(written).dump());
}

TEST_CASE("seed 002: a gold member under 7,000,000 is demoted with spend reset to 5,000,000 and must spend back above it") {
  auto p = policy(ipos);
  Member m = member_of(*p, R"({"id": "M2", "tier": "TVV", "spend": "8000000", "cycle_spend": "6000000", "points": "1234",
                               "joined": "2025-03-01", "cycle_start": "2025-03-01"})");
  std::vector<TimeEvent> events;
  REQUIRE_FALSE(advance(*p, m, at("2026-03-01T00:00:00+07:00"), &events));
  REQUIRE(events.size() == 1);
  CHECK(events[0].tier_before == "TVV");
  CHECK(events[0].tier_after == "FOODBOOK");
  CHECK(events[0].cycle_spend == Money{6'000'000});
  CHECK(m.tier == "FOODBOOK");
  CHECK(m.spend == Money{5'000'000});
  CHECK(m.cycle_spend == Money{0});
  CHECK(m.points == Points{1'234});

  // 5,000,000 is not above 5,000,000: an order of 0 spend would not re-qualify; 100,000 does,
  // and is earned at the default tier's 5%.
  const Decision d = order(*p, m, "2026-03-02T10:00:00+07:00", 1, "100000");
  CHECK(d.caught_up.empty());
  CHECK(d.tier_before == "FOODBOOK");
  CHECK(d.earned == Points{5'000});
  CHECK(d.tier_after == "TVV");
  CHECK(d.member.spend == Money{5'100'000});
}

TEST_CASE("a review due exactly at the order's time runs before it; one a second later does not") {
  auto p = policy(ipos);
  Member m =
      member_of(*p, R"({"id": "M", "spend": "100", "cycle_spend": "100", "joined": "2025-03-01", "cycle_start": "2025-03-01"})");
  Member before = m;
  REQUIRE_FALSE(advance(*p, before, at("2026-02-28T23:59:59+07:00")));
  CHECK(before.spend == Money{100});
  Member utc = m;
  REQUIRE_FALSE(advance(*p, utc, at("2026-02-28T17:00:00Z")));  // without a policy time zone, the timestamp's own offset
  CHECK(utc.spend == Money{100});
  REQUIRE_FALSE(advance(*p, m, at("2026-03-01T00:00:00+07:00")));
  CHECK(m.spend == Money{0});
}

TEST_CASE("a member idle for three cycles gets three reviews, in order") {
  auto p = policy(ipos);
  const Member m = member_of(*p, R"({"id": "M3", "tier": "TVV", "spend": "8000000", "cycle_spend": "9000000", "points": "10",
                                     "joined": "2023-03-01", "cycle_start": "2023-03-01"})");
  const Decision d = order(*p, m, "2026-03-10T10:00:00+07:00", 1, "100000");
  REQUIRE(d.caught_up.size() == 3);
  // 2024: 9,000,000 in the cycle is enough; 2025: an empty cycle demotes; 2026: the default tier's empty cycle resets.
  CHECK(date(d.caught_up[0].date) == "2024-03-01");
  CHECK_FALSE(d.caught_up[0].actions_ran);
  CHECK(d.caught_up[0].tier_after == "TVV");
  CHECK(date(d.caught_up[1].date) == "2025-03-01");
  CHECK(d.caught_up[1].tier_after == "FOODBOOK");
  CHECK(d.caught_up[1].spend_after == Money{5'000'000});
  CHECK(date(d.caught_up[2].date) == "2026-03-01");
  CHECK(d.caught_up[2].tier_before == "FOODBOOK");
  CHECK(d.caught_up[2].spend_after == Money{0});
  CHECK(d.tier_before == "FOODBOOK");
  CHECK(d.earned == Points{5'000});
  CHECK(d.member.points == Points{5'010});
  CHECK(d.member.spend == Money{100'000});
}

TEST_CASE("keep tier, reduce spend never goes below zero") {
  auto p = policy(ipos);
  Member m = member_of(*p, R"({"id": "M", "tier": "TVKC", "spend": "21000000", "cycle_spend": "0", "joined": "2025-01-15",
                               "cycle_start": "2025-01-15"})");
  REQUIRE_FALSE(advance(*p, m, at("2027-01-15T08:00:00+07:00")));
  CHECK(m.tier == "TVKC");
  CHECK(m.spend == Money{15'000'000});  // two reviews, 3,000,000 each
  m.spend = Money{1'000'000};
  REQUIRE_FALSE(advance(*p, m, at("2028-01-15T08:00:00+07:00")));
  CHECK(m.spend == Money{0});
}

TEST_CASE("a catch-up refused for a tier the policy does not have leaves the member as it was, lots and all") {
  auto p = policy(ipos);  // reviews, no expiry: the lots of a member it catches up are dropped, but not before the tier is checked
  Member m = member_of(*p, R"({"id": "R", "tier": "GONE", "points": "12", "joined": "2025-01-15", "cycle_start": "2025-01-15",
                               "lots": [{"earned": "2026-01-05", "points": "12"}]})");
  const Member before = m;
  const auto refused = advance(*p, m, at("2027-01-15T08:00:00+07:00"));
  REQUIRE(refused);
  CHECK(refused->code == RefusalCode::unknown_tier);
  CHECK(m == before);
  CHECK(m.lots.size() == 1);
}

TEST_CASE("cycles anchored on the 31st and on 29 February keep their day where the month has it") {
  auto monthly = policy(R"(policy "P" {
  currency VND
  tier basic "Basic" default {
  }
  review every 1 months from joined {
    basic: reset spend to 0
  }
})");
  Member m = member_of(*monthly, R"({"id": "M", "joined": "2026-01-31", "cycle_start": "2026-01-31"})");
  std::vector<TimeEvent> events;
  REQUIRE_FALSE(advance(*monthly, m, at("2026-05-31T00:00:00Z"), &events));
  std::vector<std::string> dates;
  for (const auto& e : events) dates.push_back(date(e.date));
  CHECK(dates == std::vector<std::string>{"2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"});

  auto yearly = policy(R"(policy "P" {
  currency VND
  tier basic "Basic" default {
  }
  review every 1 years from joined {
    basic: reset spend to 0
  }
})");
  Member leap = member_of(*yearly, R"({"id": "L", "joined": "2024-02-29", "cycle_start": "2024-02-29"})");
  events.clear();
  REQUIRE_FALSE(advance(*yearly, leap, at("2028-03-01T00:00:00Z"), &events));
  dates.clear();
  for (const auto& e : events) dates.push_back(date(e.date));
  CHECK(dates == std::vector<std::string>{"2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"});
  CHECK(date(*leap.cycle_start) == "2028-02-29");
}

TEST_CASE("a member state without a cycle start counts its cycles from the join date") {
  auto p = policy(ipos);
  // Joined 2024-03-01, cycle_spend 1,500,000 in the first cycle: the reviews of 2025-03-01 (reset to 0)
  // and 2026-03-01 (an empty cycle, reset again) are due before an order of 2026-03-05.
  const Member m = member_of(*p, R"({"id": "M", "spend": "1500000", "cycle_spend": "1500000", "joined": "2024-03-01"})");
  const Decision d = order(*p, m, "2026-03-05T10:00:00+07:00", 1, "100000");
  REQUIRE(d.caught_up.size() == 2);
  CHECK(date(d.caught_up[0].date) == "2025-03-01");
  CHECK(d.caught_up[0].cycle_spend == Money{1'500'000});
  CHECK(d.caught_up[0].spend_after == Money{0});
  CHECK(date(d.caught_up[1].date) == "2026-03-01");
  CHECK(d.member.spend == Money{100'000});
  CHECK(date(*d.member.cycle_start) == "2026-03-01");

  // Without a join date, reviews from joined take the first day the member is seen: nothing is due.
  const Decision first = order(*p, member_of(*p, R"({"id": "N"})"), "2026-04-02T10:00:00+07:00", 1, "100");
  CHECK(first.caught_up.empty());
  CHECK(date(*first.member.joined) == "2026-04-02");
  CHECK(date(*first.member.cycle_start) == "2026-04-02");
}

TEST_CASE("a calendar anchor counts cycles both ways: a member who joined before it is reviewed on its days") {
  auto p = policy(R"(policy "P" {
  currency VND
  timezone +07:00
  tier basic "Basic" default {
  }
  review every 1 years from 2026-01-01 {
    basic when cycle_spend < 1_000: reset spend to 0
  }
})");
  // Joined 2024-06-10: the cycle that contains it began 2024-01-01; reviews on 2025-01-01 and 2026-01-01.
  const Member m = member_of(*p, R"({"id": "M", "spend": "5000", "cycle_spend": "5000", "joined": "2024-06-10"})");
  const Decision d = order(*p, m, "2025-12-31T18:00:00Z", 1, "100");  // 2026-01-01 01:00 in the policy's zone
  REQUIRE(d.caught_up.size() == 2);
  CHECK_FALSE(d.caught_up[0].actions_ran);  // 5,000 spent in the first cycle
  CHECK(d.caught_up[1].actions_ran);        // nothing in the second
  CHECK(date(*d.member.cycle_start) == "2026-01-01");
  CHECK(d.member.spend == Money{100});
}

TEST_CASE("reset sets spend, even above what it was; reduce stops at zero") {
  auto p = policy(R"(policy "P" {
  currency VND
  tier basic "Basic" default {
  }
  tier gold "Gold" {
    qualify when spend > 5_000_000
  }
  review every 1 years from joined {
    gold when cycle_spend < 7_000_000: demote to basic, reset spend to 5_000_000
    basic: reduce spend by 3_000_000
  }
})");
  Member m =
      member_of(*p, R"({"id": "M", "tier": "gold", "spend": "4000000", "joined": "2025-01-01", "cycle_start": "2025-01-01"})");
  REQUIRE_FALSE(advance(*p, m, at("2026-01-01T12:00:00+07:00")));
  CHECK(m.tier == "basic");
  CHECK(m.spend == Money{5'000'000});
  REQUIRE_FALSE(advance(*p, m, at("2028-01-01T12:00:00+07:00")));
  CHECK(m.spend == Money{0});  // 5,000,000 - 3,000,000, then 0 rather than -1,000,000
}

const char* const expiring = R"(policy "Expiring" {
  currency VND
  earn 1 point per 1_000
  points expire after 12 months
  reward PAY "Pay" {
    resale 1 point = 100
  }
}
)";

TEST_CASE("expiry: lots by day, spending from the oldest, a return from the newest, expiry at the start of the day") {
  auto p = policy(expiring);
  Member m = member_of(*p, R"({"id": "E"})");
  auto lots = [&](const Member& x) {
    std::vector<std::string> out;
    for (const Lot& l : x.lots) out.push_back(date(l.earned) + ":" + std::to_string(l.points.units));
    return out;
  };
  m = order(*p, m, "2026-01-10T10:00:00+07:00", 1, "100000").member;
  m = order(*p, m, "2026-06-01T10:00:00+07:00", 1, "50000").member;
  CHECK(lots(m) == std::vector<std::string>{"2026-01-10:100", "2026-06-01:50"});
  // 60 points pay 6,000; 14,000 paid earns 14.
  m = order(*p, m, "2026-07-01T10:00:00+07:00", 1, "20000", R"([{"reward": "PAY", "points": 60}])").member;
  CHECK(m.points == Points{104});
  CHECK(lots(m) == std::vector<std::string>{"2026-01-10:40", "2026-06-01:50", "2026-07-01:14"});
  m = order(*p, m, "2026-08-01T10:00:00+07:00", -1, "30000").member;
  CHECK(m.points == Points{74});
  CHECK(lots(m) == std::vector<std::string>{"2026-01-10:40", "2026-06-01:34"});

  const Decision d = order(*p, m, "2027-01-10T09:00:00+07:00", 1, "10000");
  REQUIRE(d.caught_up.size() == 1);
  CHECK(d.caught_up[0].kind == TimeEvent::Kind::expiry);
  CHECK(date(d.caught_up[0].earned) == "2026-01-10");
  CHECK(d.caught_up[0].points == Points{40});
  CHECK(d.member.points == Points{44});
  CHECK(lots(d.member) == std::vector<std::string>{"2026-06-01:34", "2027-01-10:10"});

  m = d.member;
  REQUIRE_FALSE(advance(*p, m, at("2027-05-31T23:59:59+07:00")));
  CHECK(m.points == Points{44});
  REQUIRE_FALSE(advance(*p, m, at("2027-06-01T00:00:00+07:00")));
  CHECK(m.points == Points{10});
}

TEST_CASE("expiry: undated points are spent first and never expire; debt is paid before a new lot") {
  auto p = policy(expiring);
  Member m = member_of(*p, R"({"id": "E", "points": "100", "lots": [{"earned": "2026-01-01", "points": "30"}]})");
  // 70 undated points: spending 80 takes them and 10 of the lot.
  m = order(*p, m, "2026-02-01T10:00:00+07:00", 1, "10000", R"([{"reward": "PAY", "points": 80}])").member;
  CHECK(m.points == Points{22});  // 20 left + 2 earned on 2,000 paid
  REQUIRE(m.lots.size() == 2);
  CHECK(m.lots[0].points == Points{20});
  REQUIRE_FALSE(advance(*p, m, at("2027-06-01T00:00:00Z")));
  CHECK(m.points == Points{0});

  Member debt = member_of(*p, R"({"id": "D", "points": "-30"})");
  debt = order(*p, debt, "2026-02-01T10:00:00+07:00", 1, "50000").member;
  CHECK(debt.points == Points{20});
  REQUIRE(debt.lots.size() == 1);
  CHECK(debt.lots[0].points == Points{20});
}

TEST_CASE("the member's time fields survive a JSON round trip, and bad lots are refused with their path") {
  auto p = policy(expiring);
  const Member m =
      member_of(*p, R"({"id": "E", "tier": "default", "points": "50", "joined": "2026-01-01", "cycle_start": "2026-01-01",
                                     "lots": [{"earned": "2026-01-05", "points": "20"}, {"earned": "2026-02-05", "points": "30"}]})");
  CHECK(member_of(*p, member_json(*p, m)) == m);
  auto path = [&](const std::string& member) {
    return bad_request(*p, R"({"member": )" + member + R"(, "order": {"id": "X", "at": "2026-01-01T00:00:00Z", "lines": []}})")
        .path;
  };
  CHECK(path(R"({"id": "E", "points": "10", "lots": [{"earned": "2026-01-05", "points": "20"}]})") == "$.member.lots");
  CHECK(
      path(
          R"({"id": "E", "points": "90", "lots": [{"earned": "2026-02-05", "points": "20"}, {"earned": "2026-01-05", "points": "20"}]})") ==
      "$.member.lots[1].earned");
  CHECK(path(R"({"id": "E", "points": "90", "lots": [{"earned": "2026-02-05", "points": "0"}]})") == "$.member.lots[0].points");
  CHECK(path(R"({"id": "E", "cycle_start": "2026-02-30"})") == "$.member.cycle_start");
}

TEST_CASE("review and expiry periods are whole numbers, and a policy has one review") {
  auto diags = [](const std::string& text) { return messages(compile(dsl::Source("t.loy", text)).diagnostics); };
  const auto half = diags("policy \"P\" {\n  currency VND\n  points expire after 1.5 months\n}\n");
  REQUIRE(half.size() == 1);
  CHECK(half[0].rfind("bad-period", 0) == 0);
  const auto two = diags(
      "policy \"P\" {\n  currency VND\n  tier b \"B\" default {\n  }\n  review every 1 years {\n    b: keep spend\n  }\n"
      "  review every 2 years {\n    b: keep spend\n  }\n}\n");
  REQUIRE(two.size() == 1);
  CHECK(two[0].rfind("several-reviews", 0) == 0);
}

TEST_CASE("dates are written as YYYY-MM-DD, zero-padded, whatever the year") {
  const std::pair<Date, const char*> table[] = {
      {{2026, 12, 31}, "2026-12-31"}, {{2024, 2, 29}, "2024-02-29"},  {{5, 1, 2}, "0005-01-02"},
      {{9999, 9, 9}, "9999-09-09"},   {{10000, 1, 1}, "10000-01-01"}, {{-1, 1, 1}, "-001-01-01"},
  };
  for (const auto& [date, text] : table) {
    CAPTURE(text);
    CHECK(to_string(date) == text);
  }
}

}  // namespace
}  // namespace loyalty::test
