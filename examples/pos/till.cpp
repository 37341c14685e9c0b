// A till for one day: compiles the policy once, keeps each member's state,
// evaluates every order of the day as it is rung up and prints a receipt
// with its points lines. Uses only the installed library's public headers.
//
//   pos POLICY.loy DAY.jsonl
// Each line of DAY.jsonl is a request, {"member": {"id": "M1"}, "order": {...}, "redeem": [...]},
// whose member names who buys: the till supplies that member's state (new members
// start in the default tier).
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <loyalty/dsl/render.hpp>
#include <loyalty/json.hpp>
#include <loyalty/loyalty.hpp>

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string money(const loyalty::Policy& p, loyalty::Money v) { return loyalty::to_string(p, v); }
std::string points(const loyalty::Policy& p, loyalty::Points v) { return loyalty::to_string(p, v); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pos POLICY.loy DAY.jsonl\n";
    return 2;
  }
  const loyalty::dsl::Source source(argv[1], read(argv[1]));
  auto compiled = loyalty::compile(source);
  if (!compiled.policy) {
    std::cerr << loyalty::dsl::render_text(source, compiled.diagnostics, false);
    return 2;
  }
  const loyalty::Policy& policy = *compiled.policy;
  std::map<std::string, loyalty::Member> members;

  std::ifstream day(argv[2]);
  std::string line;
  int refused = 0;
  while (std::getline(day, line)) {
    if (line.empty()) continue;
    auto parsed = loyalty::parse_request(policy, line);
    if (!parsed) {
      std::cerr << "bad order: " << parsed.refusal().path << ": " << parsed.refusal().message << "\n";
      return 2;
    }
    // The day file names members by id; the till holds their current state.
    const auto& r = parsed.value();
    const std::string& id = r.member.id;
    auto [it, fresh] = members.try_emplace(id);
    if (fresh) it->second.id = id;
    auto decision = loyalty::evaluate(policy, it->second, r.order, r.redeem);
    std::cout << "---------------- receipt " << r.order.id << " ----------------\n";
    for (const auto& l : r.order.lines) {
      std::cout << "  " << l.qty << " x " << l.sku << " @ " << money(policy, l.price) << "\n";
    }
    if (!decision) {
      std::cout << "  REDEMPTION REFUSED: " << decision.refusal().message << "\n";
      ++refused;
      continue;
    }
    const loyalty::Decision& d = decision.value();
    for (const auto& x : d.discounts) std::cout << "  reward " << x.reward << ": -" << money(policy, x.amount) << "\n";
    for (const auto& g : d.gifts) std::cout << "  gift " << g.qty << " x " << g.sku << "\n";
    std::cout << "  PAID " << money(policy, d.paid) << "\n";
    std::cout << "  member " << id << ": +" << points(policy, d.earned) << " points";
    if (d.spent != loyalty::Points{}) std::cout << ", -" << points(policy, d.spent) << " redeemed";
    std::cout << ", balance " << points(policy, d.member.points) << ", tier " << d.tier_after << "\n";
    it->second = d.member;
  }
  std::cout << "================ end of day ================\n";
  for (const auto& [id, m] : members) {
    std::cout << id << ": " << m.orders << " orders, spent " << money(policy, m.total_spent) << ", " << points(policy, m.points)
              << " points, tier " << (m.tier.empty() ? "(default)" : m.tier) << "\n";
  }
  return refused ? 1 : 0;
}
