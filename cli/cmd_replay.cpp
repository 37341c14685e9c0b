// `loyalty replay POLICY EVENTS.jsonl [--members M.jsonl] [--out S.jsonl]
// [--journal J.jsonl] [--at T]`: events in time order against members
// carried along (spec section 7, docs/time.md). The stream is read a line at
// a time; memory grows with members, not with events.
//
// Exit 0: every event applied; 1: some were rejected and skipped (an order
// for an unknown member, a second join, a duplicate order id, a refused
// redemption: each journaled, and the stream goes on); 2: the run stopped on
// bad input (a malformed line, an event out of time order, a bad member
// file) and wrote nothing.
#include <array>
#include <filesystem>
#include <iostream>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "commands.hpp"
#include "json_lines.hpp"
#include "loyalty/json.hpp"
#include "loyalty/replay.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::string policy, events, members, out, journal, at;
  std::size_t max_members = Replay::default_max_members;
};

constexpr int shown_rejections = 10;

void summary(const Policy& policy, const Replay& replay, const std::vector<const Member*>& members) {
  const ReplayTotals& t = replay.totals();
  std::map<std::string, std::int64_t> tiers;
  for (const Member* m : members) ++tiers[tier_id(policy, *m)];  // an empty tier is the default
  std::cerr << fmt::format("{} members, {} events: {} joins, {} orders, {} clocks, {} rejected\n", members.size(), t.events,
                           t.joins, t.orders, t.clocks, t.rejected);
  std::cerr << fmt::format("points issued {}, taken back {}, redeemed {}, expired {}; {} reviews\n", to_string(policy, t.issued),
                           to_string(policy, t.taken_back), to_string(policy, t.redeemed), to_string(policy, t.expired),
                           t.reviews);
  std::string line = "tiers:";
  for (const auto& [tier, n] : tiers) line += fmt::format(" {} {}", tier, n);
  std::cerr << line << "\n";
}

Exit run(const Options& opt) {
  auto policy = load_policy(opt.policy);
  if (!policy) return Exit::bad_input;
  const bool journaling = !opt.journal.empty();
  Replay replay(policy, journaling);
  replay.set_max_members(opt.max_members);

  if (!opt.members.empty()) {
    const bool read = each_line(opt.members, nullptr, [&](std::string_view text, std::int64_t number) {
      auto member = parse_member(*policy, text);
      if (!member) {
        std::cerr << fmt::format("{}:{}: {}: {}\n", opt.members, number, member.refusal().path, member.refusal().message);
        return false;
      }
      const std::string id = member.value().id;
      switch (replay.add_member(std::move(member).value())) {
        case Replay::Added::added:
          return true;
        case Replay::Added::already_there:
          std::cerr << fmt::format("{}:{}: $.id: member `{}` is listed twice\n", opt.members, number, id);
          return false;
        case Replay::Added::over_limit:
          std::cerr << fmt::format("{}:{}: $.id: a replay holds at most {} members (the limit; --max-members changes it)\n",
                                   opt.members, number, replay.max_members());
          return false;
      }
      return false;
    });
    if (!read) return Exit::bad_input;
  }
  std::optional<Timestamp> final_time;
  if (!opt.at.empty()) {
    auto t = parse_timestamp(opt.at);
    if (!t) {
      std::cerr << "--at: " << t.refusal().message << "\n";
      return Exit::bad_input;
    }
    final_time = t.value();
  }

  OutputFile journal(opt.journal);
  if (journaling && !journal.ok()) return Exit::bad_input;
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(opt.events, ec);
  Progress progress("events", ec ? 0 : size);
  std::int64_t rejected = 0;
  auto flush_journal = [&] {
    for (const JournalEntry& e : replay.journal()) journal.stream() << journal_json(e) << '\n';
    replay.journal().clear();
  };
  // Each event is read before the one ahead of it is applied, so that the
  // replay fetches its member from memory meanwhile (Replay::prefetch).
  EventReader reader(*policy);
  std::array<Event, 2> events;      // reused: their buffers grow once
  std::size_t waiting = 0;          // events[waiting] is read and waits to be applied
  std::int64_t waiting_line = 0;    // its line number; 0: none waits
  auto apply_waiting = [&] {
    const std::int64_t number = std::exchange(waiting_line, 0);
    if (!number) return true;
    const Replay::Result r = replay.apply(events[waiting]);
    if (r.outcome == Replay::Outcome::stop) {
      std::cerr << fmt::format("{}:{}: {}: {}\n", opt.events, number, r.path, r.message);
      return false;
    }
    if (r.outcome == Replay::Outcome::rejected && ++rejected <= shown_rejections) {
      std::cerr << fmt::format("{}:{}: rejected: {}\n", opt.events, number, r.message);
    }
    if (journaling && replay.journal().size() >= 4096) flush_journal();
    return true;
  };
  bool read = each_line(opt.events, &progress, [&](std::string_view text, std::int64_t number) {
    const std::size_t next = 1 - waiting;
    if (auto bad = reader.read(text, events[next])) {
      if (!apply_waiting()) return false;  // the events before a bad line are applied first
      std::cerr << fmt::format("{}:{}: {}: {}\n", opt.events, number, bad->path, bad->message);
      return false;
    }
    replay.prefetch(events[next]);
    if (!apply_waiting()) return false;
    waiting = next;
    waiting_line = number;
    return true;
  });
  read = read && apply_waiting();
  progress.finish();
  if (!read) return Exit::bad_input;
  if (final_time) replay.advance_all(*final_time);
  if (journaling) flush_journal();
  if (rejected > shown_rejections)
    std::cerr << fmt::format("... and {} more rejected (see the journal)\n", rejected - shown_rejections);

  OutputFile out(opt.out);
  if (!out.ok()) return Exit::bad_input;
  const std::vector<const Member*> members = replay.members();  // sorted by id
  for (const Member* m : members) out.stream() << member_json(*policy, *m) << '\n';
  if (!out.commit() || (journaling && !journal.commit())) return Exit::bad_input;
  summary(*policy, replay, members);
  return rejected ? Exit::failed : Exit::ok;
}

}  // namespace

void add_replay(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("replay", "Replay a stream of join, order and clock events into member states and a journal");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_option("events", opt->events, "events, one JSON object a line, in time order")->required();
  cmd->add_option("--members", opt->members, "starting member states, one JSON object a line");
  cmd->add_option("--out", opt->out, "final member states, one a line, sorted by id (default: stdout)");
  cmd->add_option("--journal", opt->journal, "the journal of every change, one JSON object a line");
  cmd->add_option("--at", opt->at, "at the end, run every member's reviews and expiry up to this time");
  cmd->add_option("--max-members", opt->max_members, "the most members the replay holds (about 3 KB each)")
      ->check(CLI::Range(std::size_t{1}, Replay::hard_max_members));
  cmd->footer(
      "Example: loyalty replay policies/ipos_membership.loy examples/events/ipos_membership.jsonl --journal journal.jsonl");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
