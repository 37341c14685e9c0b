// `loyalty test POLICY SCENARIOS.yaml... [--coverage] [--min-coverage P]
// [--format text|junit]`: scenario tests (docs/testing.md). Each scenario
// starts a member (a state, or a `join`), runs timed steps (orders with
// redemptions and returns, `clock` moves that run reviews and expiry)
// through a Replay, and checks what each step's `expect` says. Exit 0 only
// when every scenario passes (and coverage reaches --min-coverage); 1 when
// one fails; 2 on a malformed file, with its line and column.
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "loyalty/coverage.hpp"
#include "loyalty/dsl/decimal.hpp"
#include "loyalty/dsl/source.hpp"
#include "loyalty/dsl/unicode.hpp"
#include "loyalty/explain.hpp"
#include "loyalty/json.hpp"
#include "loyalty/replay.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

// A malformed scenario file: where, and what.
struct BadScenario {
  YAML::Mark mark;
  std::string message;
};

[[noreturn]] void bad(const YAML::Node& at, std::string message) { throw BadScenario{at.Mark(), std::move(message)}; }

void only_keys(const YAML::Node& map, std::initializer_list<std::string_view> known, const char* what) {
  if (!map.IsMap()) bad(map, fmt::format("expected a map ({})", what));
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      bad(kv.first, fmt::format("unknown key `{}` in {}; expected one of: {}", key, what, list));
    }
  }
}

// A scalar's text; text that is not UTF-8 is an error at its place in the file.
std::string utf8_text(const YAML::Node& n) {
  std::string text = n.as<std::string>();
  if (const auto at = dsl::invalid_utf8(text)) bad(n, fmt::format("the text is not valid UTF-8 (its byte {})", *at + 1));
  return text;
}

// JSON text for the engine; text of the file that is not UTF-8 (an id, a
// time) is an error at `at`, never an exception.
std::string json_text(const nlohmann::json& j, const YAML::Node& at) {
  try {
    return j.dump();
  } catch (const nlohmann::json::type_error&) {
    bad(at, "the text is not valid UTF-8");
  }
}

// JSON for a message: what is not UTF-8 shows as U+FFFD.
std::string shown(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// YAML as the JSON the engine reads: scalars become strings (amounts are
// read exactly from their text), null stays null.
nlohmann::json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& kv : n) o[utf8_text(kv.first)] = to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& v : n) a.push_back(to_json(v));
      return a;
    }
    case YAML::NodeType::Scalar:
      return utf8_text(n);
    default:
      return nullptr;
  }
}

std::string where(const std::string& file, const YAML::Mark& m) {
  return fmt::format("{}:{}:{}", file, m.line + 1, m.column + 1);
}

// One failed expectation.
struct Failure {
  std::string where, what;
};

struct Outcome {
  std::string name, file;
  std::vector<Failure> failures;
  std::string trace;  // the explanation of the step that differed first
};

class Runner {
 public:
  Runner(PolicyPtr policy, Coverage* coverage) : policy_(std::move(policy)), coverage_(coverage) {}

  Outcome run(const std::string& file, const YAML::Node& s) {
    only_keys(s, {"name", "member", "members", "join", "steps"}, "a scenario");
    Outcome out{s["name"] ? s["name"].as<std::string>() : "(unnamed)", file, {}, ""};
    Replay replay(policy_, true, true);
    std::string first = "M";  // the member a step is for unless it names one
    auto start = [&](const YAML::Node& state) {
      auto m = parse_member(*policy_, json_text(to_json(state), state));
      if (!m) bad(state, fmt::format("{}: {}", m.refusal().path, m.refusal().message));
      const std::string id = m.value().id;
      if (replay.add_member(std::move(m).value()) != Replay::Added::added)
        bad(state, fmt::format("member `{}` is listed twice", id));
      return id;
    };
    if (s["member"]) first = start(s["member"]);
    if (s["members"]) {
      if (s["member"] || !s["members"].IsSequence() || s["members"].size() == 0)
        bad(s["members"], "`members` is a list of starting states, instead of `member`");
      bool at_first = true;
      for (const auto& state : s["members"]) {
        const std::string id = start(state);
        if (at_first) first = id;
        at_first = false;
      }
    }
    if (s["join"]) {
      if (s["member"] || s["members"]) bad(s["join"], "give either starting states (`member`, `members`) or `join` (a time)");
      event(replay, s["join"], nlohmann::json{{"type", "join"}, {"member", first}, {"at", s["join"].as<std::string>()}});
    }
    if (!s["member"] && !s["members"] && !s["join"])
      bad(s, "a scenario starts with `member` (a state), `members` or `join` (a time)");
    const YAML::Node steps = s["steps"];
    if (!steps || !steps.IsSequence()) bad(s, "a scenario has `steps`, a list");
    int number = 0;
    for (const auto& step : steps) {
      ++number;
      replay.journal().clear();  // `expect: journal` reads this step's entries
      only_keys(step, {"member", "order", "redeem", "clock", "expect"}, "a step");
      // In NFC, as the member's state and the events read it.
      const std::string id = step["member"] ? dsl::nfc(step["member"].as<std::string>()) : first;
      if (!replay.member(id)) bad(step["member"] ? step["member"] : step, fmt::format("no member `{}` in this scenario", id));
      Replay::Result result;
      bool is_order = false;
      if (step["order"]) {
        if (step["clock"]) bad(step, "a step is an `order` or a `clock`, not both");
        nlohmann::json e{{"type", "order"}, {"member", id}, {"order", to_json(step["order"])}};
        if (step["redeem"]) e["redeem"] = to_json(step["redeem"]);
        result = event(replay, step["order"], e);
        is_order = true;
      } else if (step["clock"]) {
        if (step["redeem"]) bad(step["redeem"], "`redeem` belongs to an `order` step");
        result = event(replay, step["clock"], nlohmann::json{{"type", "clock"}, {"at", step["clock"].as<std::string>()}});
      } else if (!step["expect"]) {
        bad(step, "a step has an `order`, a `clock` or an `expect`");
      }
      if (coverage_) {
        if (is_order && result.outcome == Replay::Outcome::applied) coverage_->record(replay.last_decision());
        if (!is_order) coverage_->record(replay.last_time_events());
      }
      if (step["expect"]) {
        const std::size_t before = out.failures.size();
        check(file, step["expect"], replay, id, is_order, result, out.failures);
        if (out.failures.size() > before && out.trace.empty()) {
          out.trace = fmt::format("step {} ({}):\n", number, is_order ? "order" : "clock");
          if (is_order && result.outcome == Replay::Outcome::applied) {
            Order order;  // the explanation names lines by the order's own fields
            auto parsed = parse_event(
                *policy_,
                json_text(nlohmann::json{{"type", "order"}, {"member", id}, {"order", to_json(step["order"])}}, step["order"]));
            if (parsed) order = parsed.value().order;
            Member member;
            member.id = id;
            out.trace += explain(*policy_, member, order, replay.last_decision());
          } else if (!result.message.empty()) {
            out.trace += "  refused: " + result.message + "\n";
          }
        }
      }
    }
    return out;
  }

 private:
  PolicyPtr policy_;
  Coverage* coverage_;

  Replay::Result event(Replay& replay, const YAML::Node& at, const nlohmann::json& e) {
    auto parsed = parse_event(*policy_, json_text(e, at));
    if (!parsed) bad(at, fmt::format("{}: {}", parsed.refusal().path, parsed.refusal().message));
    Replay::Result r = replay.apply(parsed.value());
    if (r.outcome == Replay::Outcome::stop) bad(at, r.message);
    return r;
  }

  // A name an expectation gives (a tier, rule, reward or SKU), in NFC as the policy's names are.
  static std::string nfc_of(const YAML::Node& n) { return dsl::nfc(n.as<std::string>()); }

  // An exact amount at `scale` from an expectation's text.
  std::int64_t amount(const YAML::Node& n, int scale) {
    const std::string text = n.as<std::string>();
    const auto d = parse_decimal(text);
    const auto u = d ? rescale_exact(*d, scale) : std::nullopt;
    if (!u) bad(n, fmt::format("`{}` is not an amount with at most {} decimals", text, scale));
    return *u;
  }

  void check(const std::string& file, const YAML::Node& expect, Replay& replay, const std::string& id, bool is_order,
             const Replay::Result& result, std::vector<Failure>& failures) {
    only_keys(expect,
              {"earned", "spent", "paid", "rules", "discounts", "gifts", "refused", "points", "tier", "spend", "cycle_spend",
               "total_spent", "orders", "vouchers", "lots", "caps", "journal"},
              "`expect`");
    const Policy& p = *policy_;
    const Member& m = *replay.member(id);
    const Decision& d = replay.last_decision();
    const bool applied = result.outcome == Replay::Outcome::applied;
    auto fail = [&](const YAML::Node& at, std::string what) { failures.push_back({where(file, at.Mark()), std::move(what)}); };
    auto points = [&](const char* key, Points actual) {
      if (const YAML::Node e = expect[key]) {
        const Points want{amount(e, points_scale(p))};
        if (want != actual) fail(e, fmt::format("{}: expected {}, got {}", key, to_string(p, want), to_string(p, actual)));
      }
    };
    auto money = [&](const char* key, Money actual) {
      if (const YAML::Node e = expect[key]) {
        const Money want{amount(e, money_scale(p))};
        if (want != actual) fail(e, fmt::format("{}: expected {}, got {}", key, to_string(p, want), to_string(p, actual)));
      }
    };
    if (const YAML::Node e = expect["refused"]) {
      const std::string want = e.as<std::string>();
      const std::string got = result.code ? std::string(name(*result.code)) : applied ? "nothing (applied)" : result.message;
      if (!result.code || want != name(*result.code)) fail(e, fmt::format("refused: expected `{}`, got {}", want, got));
    } else if (is_order && !applied) {
      fail(expect, fmt::format("the order was refused: {}", result.message));
      return;
    }
    if (is_order && applied) {
      points("earned", d.earned);
      points("spent", d.spent);
      money("paid", d.paid);
      if (const YAML::Node rules = expect["rules"]) {
        if (!rules.IsMap()) bad(rules, "`rules` maps a rule id (or `base`) to the points it earned");
        std::map<std::string, Points> earned;
        for (const TraceEntry& t : d.trace) {
          if (t.skip != TraceEntry::Skip::none) continue;
          if (t.kind == TraceEntry::Kind::rule || t.kind == TraceEntry::Kind::cap) {
            Points& sum = earned[trace_subject(p, t)];
            sum = Points{sum.units + t.points.units};
          } else if (t.kind == TraceEntry::Kind::base) {
            Points& sum = earned["base"];
            sum = Points{sum.units + t.points.units};
          }
        }
        for (const auto& kv : rules) {
          const std::string rule = nfc_of(kv.first);
          const Points want{amount(kv.second, points_scale(p))};
          const Points got = earned.count(rule) ? earned[rule] : Points{};
          if (want != got)
            fail(kv.second, fmt::format("rules.{}: expected {}, got {}", rule, to_string(p, want), to_string(p, got)));
        }
      }
      if (const YAML::Node e = expect["discounts"]) {
        if (!e.IsMap()) bad(e, "`discounts` maps a reward id to the money it took off");
        std::map<std::string, std::string> want, got;
        for (const auto& kv : e) want[nfc_of(kv.first)] = to_string(p, Money{amount(kv.second, money_scale(p))});
        for (const auto& x : d.discounts) got[x.reward] = to_string(p, x.amount);
        if (want != got)
          fail(e, fmt::format("discounts: expected {}, got {}", shown(nlohmann::json(want)), shown(nlohmann::json(got))));
      }
      if (const YAML::Node e = expect["gifts"]) {
        if (!e.IsMap()) bad(e, "`gifts` maps a SKU to the quantity given");
        std::map<std::string, std::int64_t> want, got;
        for (const auto& kv : e) want[nfc_of(kv.first)] = amount(kv.second, 0);
        for (const auto& g : d.gifts) got[g.sku] += g.qty;
        if (want != got)
          fail(e, fmt::format("gifts: expected {}, got {}", shown(nlohmann::json(want)), shown(nlohmann::json(got))));
      }
    } else {
      for (const char* key : {"earned", "spent", "paid", "rules", "discounts", "gifts"})
        if (expect[key]) bad(expect[key], fmt::format("`{}` is checked after an order that was applied", key));
    }
    points("points", m.points);
    money("spend", m.spend);
    money("cycle_spend", m.cycle_spend);
    money("total_spent", m.total_spent);
    if (const YAML::Node e = expect["tier"]) {
      const std::string& got = tier_id(p, m);
      if (nfc_of(e) != got) fail(e, fmt::format("tier: expected {}, got {}", e.as<std::string>(), got));
    }
    if (const YAML::Node e = expect["orders"]) {
      if (e.as<std::string>() != std::to_string(m.orders))
        fail(e, fmt::format("orders: expected {}, got {}", e.as<std::string>(), m.orders));
    }
    if (const YAML::Node e = expect["vouchers"]) {
      if (!e.IsMap()) bad(e, "`vouchers` maps a reward id to the count held");
      std::map<std::string, std::int64_t> want;
      for (const auto& kv : e) want[nfc_of(kv.first)] = amount(kv.second, 0);
      std::erase_if(want, [](const auto& kv) { return kv.second == 0; });
      std::map<std::string, std::int64_t> got(m.vouchers.begin(), m.vouchers.end());
      if (want != got)
        fail(e, fmt::format("vouchers: expected {}, got {}", shown(nlohmann::json(want)), shown(nlohmann::json(got))));
    }
    if (const YAML::Node e = expect["caps"]) {
      if (!e.IsMap()) bad(e, "`caps` maps a rule capped per member to the points it has given in the current period");
      for (const auto& kv : e) {
        const std::string rule = nfc_of(kv.first);
        const Points want{amount(kv.second, points_scale(p))};
        const auto it = m.caps.find(rule);
        const Points got = it == m.caps.end() ? Points{} : it->second.points;
        if (want != got)
          fail(kv.second, fmt::format("caps.{}: expected {}, got {}", rule, to_string(p, want), to_string(p, got)));
      }
    }
    if (const YAML::Node e = expect["lots"]) {
      if (!e.IsSequence()) bad(e, "`lots` lists {earned: DATE, points: N}, oldest first");
      std::string want, got;
      for (const auto& l : e) {
        only_keys(l, {"earned", "points"}, "a lot");
        want += fmt::format("{} {}; ", l["earned"].as<std::string>(), to_string(p, Points{amount(l["points"], points_scale(p))}));
      }
      for (const Lot& l : m.lots) got += fmt::format("{} {}; ", to_string(l.earned), to_string(p, l.points));
      if (want != got) fail(e, fmt::format("lots: expected [{}], got [{}]", want, got));
    }
    if (const YAML::Node e = expect["journal"]) {
      if (!e.IsSequence()) bad(e, "`journal` lists entries ({kind, field, old, new, reason}) the step must have written");
      const std::vector<JournalEntry>& entries = replay.journal();
      for (const auto& want : e) {
        only_keys(want, {"kind", "field", "old", "new", "reason"}, "a journal entry");
        const bool found = std::any_of(entries.begin(), entries.end(), [&](const JournalEntry& j) {
          auto same = [&](const char* key, const std::string& value) {
            return !want[key] || want[key].as<std::string>() == value;
          };
          return j.member == id && same("kind", name(j.kind)) && same("field", j.field) && same("old", j.old_value) &&
                 same("new", j.new_value) && same("reason", j.reason);
        });
        if (!found) fail(want, fmt::format("journal: no entry {}", shown(to_json(want))));
      }
    }
  }
};

std::string xml_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

Exit run_tests(const PolicyPtr& policy, const TestOptions& opt) {
  std::optional<Coverage> coverage;
  if (opt.coverage || opt.min_coverage >= 0) coverage.emplace(*policy);
  Runner runner(policy, coverage ? &*coverage : nullptr);
  std::vector<Outcome> outcomes;
  for (const std::string& file : opt.files) {
    auto text = read_file(file, dsl::max_policy_bytes);
    if (!text) return Exit::bad_input;
    try {
      const YAML::Node doc = YAML::Load(*text);
      only_keys(doc, {"scenarios"}, "a scenario file");
      const YAML::Node list = doc["scenarios"];
      if (!list || !list.IsSequence()) bad(doc, "a scenario file has `scenarios`, a list");
      for (const auto& s : list) outcomes.push_back(runner.run(file, s));
    } catch (const BadScenario& e) {
      std::cerr << fmt::format("{}: error: {}\n", where(file, e.mark), e.message);
      return Exit::bad_input;
    } catch (const YAML::Exception& e) {
      std::cerr << fmt::format("{}: error: {}\n", where(file, e.mark), e.msg);
      return Exit::bad_input;
    }
  }
  int passed = 0, failed = 0;
  for (const auto& o : outcomes) (o.failures.empty() ? passed : failed)++;
  if (opt.format == "junit") {
    std::cout << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    std::cout << fmt::format("<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escape(opt.policy), outcomes.size(),
                             failed);
    for (const auto& o : outcomes) {
      std::cout << fmt::format("  <testcase classname=\"{}\" name=\"{}\"", xml_escape(o.file), xml_escape(o.name));
      if (o.failures.empty()) {
        std::cout << "/>\n";
        continue;
      }
      std::string body;
      for (const auto& f : o.failures) body += f.where + ": " + f.what + "\n";
      std::cout << fmt::format(">\n    <failure message=\"{}\">{}{}</failure>\n  </testcase>\n",
                               xml_escape(o.failures.front().what), xml_escape(body), xml_escape(o.trace));
    }
    std::cout << "</testsuite>\n";
  } else {
    for (const auto& o : outcomes) {
      std::cout << (o.failures.empty() ? "PASS  " : "FAIL  ") << o.name << "\n";
      for (const auto& f : o.failures) std::cout << "  " << f.where << ": " << f.what << "\n";
      if (!o.failures.empty() && !o.trace.empty()) {
        std::string indented;
        for (std::size_t i = 0, j; i < o.trace.size(); i = j + 1) {
          j = o.trace.find('\n', i);
          if (j == std::string::npos) j = o.trace.size();
          indented += "    " + o.trace.substr(i, j - i) + "\n";
        }
        std::cout << indented;
      }
    }
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  }
  bool enough = true;
  if (coverage) {
    std::ostream& out = opt.format == "junit" ? std::cerr : std::cout;
    const int percent = coverage->percent();
    out << fmt::format("coverage: {}%\n", percent);
    for (const auto& item : coverage->items())
      if (!item.covered)
        out << fmt::format("  not covered: {}{}\n", item.what, item.source.empty() ? "" : " (" + item.source + ")");
    if (opt.min_coverage >= 0 && percent < opt.min_coverage) {
      out << fmt::format("coverage {}% is below the minimum {}%\n", percent, opt.min_coverage);
      enough = false;
    }
  }
  return failed == 0 && enough ? Exit::ok : Exit::failed;
}

void add_test(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<TestOptions>();
  auto* cmd = app.add_subcommand("test", "Run scenario tests (YAML) against a policy");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_option("scenarios", opt->files, "scenario files (.yaml)")->required();
  cmd->add_flag("--coverage", opt->coverage, "list what no scenario exercised");
  cmd->add_option("--min-coverage", opt->min_coverage, "fail below this percentage of coverage")->check(CLI::Range(0, 100));
  cmd->add_option("--format", opt->format, "text or junit")->check(CLI::IsMember({"text", "junit"}));
  cmd->footer("Example: loyalty test policies/ipos_membership.loy policies/ipos_membership.test.yaml --coverage");
  cmd->callback([opt, &exit] {
    const auto policy = load_policy(opt->policy);
    exit = policy ? run_tests(policy, *opt) : Exit::bad_input;
  });
}

}  // namespace loyalty::cli
