// Many threads, one immutable policy, and a policy swapped in while they
// evaluate: every result must match the single-threaded one for the policy
// it was evaluated with.
#include <thread>

#include "helpers.hpp"

using namespace loyalty;
using namespace loyalty::test;

TEST_CASE("evaluation from two threads with a policy swap in between matches one thread") {
  auto first = policy(R"(policy "a" { currency VND
    earn 5%
    rule r on category "Food" { earn 2 points per unit } })");
  auto second = policy(R"(policy "b" { currency VND
    earn 1%
    rule r on category "Food" exclusive { earn 9 points per unit } })");

  std::vector<Order> orders;
  for (int i = 0; i < 200; ++i) {
    Order o;
    o.id = "O" + std::to_string(i);
    o.lines.push_back({"SKU" + std::to_string(i % 7), i % 2 ? "Food/Bakery" : "Drinks", 1 + i % 5, 1000 * (1 + i % 13)});
    orders.push_back(std::move(o));
  }
  Member member;
  member.id = "M";
  auto expected = [&](const Policy& p) {
    std::vector<std::int64_t> out;
    for (const auto& o : orders) out.push_back(evaluate(p, member, o, {}, {false})->earned.units);
    return out;
  };
  const auto with_first = expected(*first);
  const auto with_second = expected(*second);
  REQUIRE(with_first != with_second);

  PolicyHandle handle(first);
  std::atomic<int> mismatches{0};
  auto worker = [&] {
    for (int round = 0; round < 50; ++round) {
      for (std::size_t i = 0; i < orders.size(); ++i) {
        PolicyPtr p = handle.get();
        const auto earned = evaluate(*p, member, orders[i], {}, {false})->earned;
        const auto& want = p == first ? with_first : with_second;
        if (earned != want[i]) ++mismatches;
      }
    }
  };
  std::thread a(worker), b(worker);
  handle.swap_in(second);
  handle.swap_in(first);
  handle.swap_in(second);
  a.join();
  b.join();
  CHECK(mismatches == 0);
}
