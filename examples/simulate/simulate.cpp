// What if: score a history of orders under a policy, or under two and
// compare them, through the bulk API (loyalty/bulk.hpp) on every core.
//
//   simulate POLICY.loy [NEW.loy] EVENTS.jsonl [--threads N]
//
// EVENTS.jsonl is the replay's event stream (docs/library.md): `join` makes
// a member (in the policy's default tier), `order` scores an order for one;
// clocks and redemptions are left out (a simulation asks what orders earn).
// Prints, per policy: orders scored and refused, points earned, and members
// per tier at the end; with two policies, the difference in points.
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "loyalty/bulk.hpp"
#include "loyalty/json.hpp"
#include "loyalty/replay.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

loyalty::PolicyPtr compile(const std::string& path) {
  auto compiled = loyalty::compile(loyalty::dsl::Source(path, read(path)));
  if (!compiled.policy) throw std::runtime_error(path + " does not compile (run `loyalty check` on it)");
  return compiled.policy;
}

// The orders of an event stream, as read under one policy.
struct History {
  std::vector<std::string> members;  // ids, in the order they joined
  std::vector<loyalty::Event> orders;
  std::vector<std::uint32_t> member_of;  // per order, an index into members
};

History read_history(const loyalty::Policy& policy, const std::string& path) {
  History h;
  std::map<std::string, std::uint32_t, std::less<>> index;
  loyalty::EventReader reader(policy);
  std::istringstream in(read(path));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    loyalty::Event e;
    if (auto refused = reader.read(line, e))
      throw std::runtime_error(fmt::format("{}:{}: {}: {}", path, number, refused->path, refused->message));
    if (e.type == loyalty::Event::Type::join) {
      if (index.emplace(e.member, static_cast<std::uint32_t>(h.members.size())).second) h.members.push_back(e.member);
    } else if (e.type == loyalty::Event::Type::order) {
      const auto it = index.find(e.member);
      if (it == index.end()) throw std::runtime_error(fmt::format("{}:{}: no member `{}` has joined", path, number, e.member));
      h.member_of.push_back(it->second);
      h.orders.push_back(std::move(e));
    }
  }
  return h;
}

struct Outcome {
  std::int64_t scored = 0, refused = 0;
  loyalty::Points earned;
  std::map<std::string, int> tiers;
};

Outcome simulate(const loyalty::PolicyPtr& policy, const History& h, unsigned threads) {
  loyalty::Catalogue catalogue(policy);
  std::vector<loyalty::BulkLine> lines;
  std::vector<loyalty::BulkOrder> orders;
  for (std::size_t k = 0; k < h.orders.size(); ++k) {
    const loyalty::Order& o = h.orders[k].order;
    orders.push_back({.member = h.member_of[k],
                      .at = o.at,
                      .first_line = static_cast<std::uint32_t>(lines.size()),
                      .line_count = static_cast<std::uint32_t>(o.lines.size()),
                      .discount = o.discount,
                      .id = o.id,
                      .store = o.store,
                      .channel = o.channel});
    for (const loyalty::Line& l : o.lines) lines.push_back({catalogue.add(l.sku, l.category), l.qty, l.price});
  }
  std::vector<loyalty::Member> members(h.members.size());
  for (std::size_t i = 0; i < members.size(); ++i) members[i].id = h.members[i];
  std::vector<loyalty::OrderFigures> figures(orders.size());
  if (auto refused = loyalty::evaluate_bulk(catalogue, orders, lines, members, figures, {.threads = threads}))
    throw std::runtime_error(refused->message);
  Outcome out;
  for (const loyalty::OrderFigures& f : figures) {
    if (f.refused) {
      ++out.refused;
      continue;
    }
    ++out.scored;
    out.earned = loyalty::Points{out.earned.units + f.earned.units};
  }
  for (const loyalty::Member& m : members) ++out.tiers[loyalty::tier_id(*policy, m)];
  return out;
}

void print(const loyalty::Policy& policy, const Outcome& o) {
  fmt::print("{}: {} orders scored, {} refused, {} points earned\n", loyalty::policy_name(policy), o.scored, o.refused,
             loyalty::to_string(policy, o.earned));
  for (const auto& [tier, count] : o.tiers) fmt::print("  {} {}\n", tier, count);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  unsigned threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.size() != 2 && paths.size() != 3) {
    std::cerr << "usage: simulate POLICY.loy [NEW.loy] EVENTS.jsonl [--threads N]\n";
    return 2;
  }
  try {
    const std::string events = paths.back();
    paths.pop_back();
    std::vector<Outcome> outcomes;
    std::vector<loyalty::PolicyPtr> policies;
    for (const std::string& path : paths) {
      policies.push_back(compile(path));
      const History history = read_history(*policies.back(), events);
      outcomes.push_back(simulate(policies.back(), history, threads));
      print(*policies.back(), outcomes.back());
    }
    if (outcomes.size() == 2) {
      if (loyalty::points_scale(*policies[0]) != loyalty::points_scale(*policies[1])) {
        fmt::print("difference: the two policies count points at different scales\n");
      } else {
        fmt::print("difference: {} points\n",
                   loyalty::to_string(*policies[1], loyalty::Points{outcomes[1].earned.units - outcomes[0].earned.units}));
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "simulate: " << e.what() << "\n";
    return 2;
  }
}
