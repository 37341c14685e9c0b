// Parse actions: value rules push tokens; statement rules consume the
// tokens of their statement and build the typed AST directly.
#pragma once

#include <chrono>
#include <type_traits>


#include "grammar.hpp"
#include "parse_state.hpp"

namespace loyalty::dsl::actions {

namespace g = grammar;
using tao::pegtl::nothing;

template <typename Input>
Span span_of(const Input& in, const ParseState& st) {
  return {static_cast<std::uint32_t>(in.begin() - st.base), static_cast<std::uint32_t>(in.end() - st.base)};
}

inline std::string collapse_blanks(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

inline std::string unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"') return std::string(s);
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

inline bool valid_date(int y, int m, int d) {
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                     std::chrono::day{static_cast<unsigned>(d)}}
      .ok();
}

template <typename Rule, typename = void>
struct action : nothing<Rule> {};

// ---------------------------------------------------------------- tokens

template <typename Rule>
struct action<Rule, std::enable_if_t<std::is_base_of_v<g::tag_number, Rule> || std::is_base_of_v<g::tag_percent, Rule>>> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    std::string_view text(in.begin(), in.size());
    const bool percent = !text.empty() && text.back() == '%';
    if (percent) text.remove_suffix(1);
    auto value = parse_decimal(text);
    if (!value) {
      throw coded_error(Code::bad_number, "the number `" + std::string(text) + "` is too large or has more than 18 decimals",
                        in.position());
    }
    Token t;
    t.kind = percent ? Token::Kind::percent : Token::Kind::number;
    t.number = *value;
    t.text = std::string(text);
    t.span = span_of(in, st);
    st.tokens.push_back(std::move(t));
  }
};

template <typename Rule>
struct action<Rule, std::enable_if_t<std::is_base_of_v<g::tag_ident, Rule> || std::is_base_of_v<g::tag_string, Rule> ||
                                     std::is_base_of_v<g::tag_word, Rule> || std::is_base_of_v<g::tag_list, Rule>>> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Token t;
    if constexpr (std::is_base_of_v<g::tag_ident, Rule>) {
      t.kind = Token::Kind::ident;
      t.text = in.string();
    } else if constexpr (std::is_base_of_v<g::tag_string, Rule>) {
      t.kind = Token::Kind::string;
      t.text = unquote(in.string_view());
    } else if constexpr (std::is_base_of_v<g::tag_word, Rule>) {
      t.kind = Token::Kind::word;
      t.text = collapse_blanks(in.string_view());
    } else {
      t.kind = Token::Kind::list;
    }
    t.span = span_of(in, st);
    st.tokens.push_back(std::move(t));
  }
};

template <typename Rule>
struct action<Rule, std::enable_if_t<std::is_base_of_v<g::tag_date, Rule>>> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string s = in.string();
    Token t;
    t.kind = Token::Kind::date;
    t.date.year = std::stoi(s.substr(0, 4));
    t.date.month = std::stoi(s.substr(5, 2));
    t.date.day = std::stoi(s.substr(8, 2));
    t.span = t.date.span = span_of(in, st);
    if (!valid_date(t.date.year, t.date.month, t.date.day)) {
      throw coded_error(Code::bad_date, "`" + s + "` is not a date", in.position());
    }
    st.tokens.push_back(std::move(t));
  }
};

// ---------------------------------------------------------------- helpers

inline Number number_of(const Token& t) { return {t.number, t.span}; }
inline Name name_of(const Token& t) { return {t.text, t.span}; }

inline Compare compare_of(const std::string& op) {
  if (op == ">") return Compare::gt;
  if (op == ">=") return Compare::ge;
  if (op == "<") return Compare::lt;
  if (op == "<=") return Compare::le;
  return Compare::eq;
}

inline PeriodUnit unit_of(const std::string& w) {
  if (w.starts_with("day")) return PeriodUnit::days;
  if (w.starts_with("year")) return PeriodUnit::years;
  return PeriodUnit::months;
}

// Pops the tokens after the last list marker (and the marker).
inline std::vector<Token> pop_list(ParseState& st) {
  std::size_t i = st.tokens.size();
  while (i > 0 && st.tokens[i - 1].kind != Token::Kind::list) --i;
  std::vector<Token> items(st.tokens.begin() + static_cast<std::ptrdiff_t>(i), st.tokens.end());
  st.tokens.resize(i > 0 ? i - 1 : 0);
  return items;
}

inline Token pop(ParseState& st) {
  Token t = std::move(st.tokens.back());
  st.tokens.pop_back();
  return t;
}

template <typename T, typename Input>
void set_setting(ParseState& st, Setting<T>& setting, T value, const Input& in, const char* what) {
  const Span span = span_of(in, st);
  if (setting.set) {
    st.add(Code::duplicate_setting, span, std::string(what) + " is set twice; the first is on an earlier line");
    return;
  }
  setting = {std::move(value), span, true};
}

// ---------------------------------------------------------------- conditions

template <Condition::Kind K>
struct list_condition {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Condition c;
    c.kind = K;
    c.span = span_of(in, st);
    for (const Token& t : pop_list(st)) {
      if (K == Condition::Kind::weekday_in) {
        for (int d = 0; d < 7; ++d) {
          if (t.text == to_string(static_cast<Weekday>(d))) c.weekdays.push_back(static_cast<Weekday>(d));
        }
      } else {
        c.names.push_back(name_of(t));
      }
    }
    st.conditions.push_back(std::move(c));
  }
};
template <>
struct action<g::cond_tier> : list_condition<Condition::Kind::tier_in> {};
template <>
struct action<g::cond_store> : list_condition<Condition::Kind::store_in> {};
template <>
struct action<g::cond_channel> : list_condition<Condition::Kind::channel_in> {};
template <>
struct action<g::cond_weekday> : list_condition<Condition::Kind::weekday_in> {};

template <>
struct action<g::cond_date> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Condition c;
    c.kind = Condition::Kind::date_range;
    c.span = span_of(in, st);
    c.to = pop(st).date;
    c.from = pop(st).date;
    st.conditions.push_back(std::move(c));
  }
};

template <Condition::Kind K>
struct compare_condition {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Condition c;
    c.kind = K;
    c.span = span_of(in, st);
    c.value = number_of(pop(st));
    c.op = compare_of(pop(st).text);
    st.conditions.push_back(std::move(c));
  }
};
template <>
struct action<g::cond_qty> : compare_condition<Condition::Kind::qty> {};
template <>
struct action<g::cond_amount> : compare_condition<Condition::Kind::amount> {};

template <>
struct action<g::when_clause> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.when = When{std::move(st.conditions), span_of(in, st)};
    st.conditions.clear();
  }
};

// ---------------------------------------------------------------- earns and settings

template <>
struct action<g::earn_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    const Span span = span_of(in, st);
    Policy& p = *st.policy;
    if (tokens.size() == 1 && tokens[0].kind == Token::Kind::word) {  // earn on subtotal | net
      if (st.block != Block::policy) {
        st.add(Code::misplaced_earn, span, "`earn on " + tokens[0].text + "` is a program setting; write it at policy level");
        return;
      }
      set_setting(st, p.earn_on_subtotal, tokens[0].text == "subtotal", in, "`earn on`");
      return;
    }
    Earn e;
    e.span = span;
    e.value = number_of(tokens[0]);
    if (tokens[0].kind == Token::Kind::percent) {
      e.kind = Earn::Kind::percent;
    } else if (tokens[1].kind == Token::Kind::number) {
      e.kind = Earn::Kind::per_money;
      e.per = number_of(tokens[1]);
    } else if (tokens[1].text == "unit") {
      e.kind = Earn::Kind::per_unit;
    } else if (tokens[1].text == "order") {
      e.kind = Earn::Kind::per_order;
    } else {
      e.kind = Earn::Kind::per_full_money;
      e.per = number_of(tokens[2]);
    }
    e.when = std::move(st.when);
    st.when.reset();
    switch (st.block) {
      case Block::policy:
        (e.kind == Earn::Kind::per_order ? p.order_earns : p.base_earns).push_back(std::move(e));
        break;
      case Block::tier:
        p.tiers.back().earns.push_back(std::move(e));
        break;
      case Block::rule:
        p.rules.back().earns.push_back(std::move(e));
        break;
      default:
        break;
    }
  }
};

template <>
struct action<g::currency_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    set_setting(st, st.policy->currency, name_of(tokens[0]), in, "the currency");
    if (tokens.size() > 1) set_setting(st, st.policy->decimals, static_cast<int>(tokens[1].number.units), in, "`decimals`");
  }
};

inline int scale_of(const Token& t) {
  // Out-of-range scales are reported by the checker; keep a value that says so.
  if (t.number.scale != 0 || t.number.units < 0 || t.number.units > 99) return 99;
  return static_cast<int>(t.number.units);
}

template <>
struct action<g::decimals_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    set_setting(st, st.policy->decimals, scale_of(st.take()[0]), in, "`decimals`");
  }
};

template <>
struct action<g::points_decimals> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    set_setting(st, st.policy->points_decimals, scale_of(st.take()[0]), in, "`points decimals`");
  }
};

template <>
struct action<g::points_expire> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    if (st.policy->expiry) {
      st.add(Code::duplicate_setting, span_of(in, st), "`points expire` is set twice; the first is on an earlier line");
      return;
    }
    st.policy->expiry = Expiry{number_of(tokens[0]), unit_of(tokens[1].text), span_of(in, st)};
  }
};

template <>
struct action<g::rounding_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string w = st.take()[0].text;
    const Rounding mode = w == "half_up"     ? Rounding::half_up
                          : w == "half_even" ? Rounding::half_even
                          : w == "ceil"      ? Rounding::ceil
                                             : Rounding::floor;
    set_setting(st, st.policy->rounding, mode, in, "`rounding`");
  }
};

template <>
struct action<g::timezone_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const std::string w = st.take()[0].text;  // +HH:MM
    const int minutes = (std::stoi(w.substr(1, 2)) * 60 + std::stoi(w.substr(4, 2))) * (w[0] == '-' ? -1 : 1);
    if (minutes > 14 * 60 || minutes < -12 * 60) {
      st.add(Code::syntax_error, span_of(in, st), "a UTC offset runs from -12:00 to +14:00, found `" + w + "`");
      return;
    }
    set_setting(st, st.policy->timezone_minutes, minutes, in, "`timezone`");
  }
};

template <>
struct action<g::returns_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    const bool debt = st.take()[0].text == "allow debt";
    set_setting(st, st.policy->negative_balance, debt ? NegativeBalance::allow_debt : NegativeBalance::stop_at_zero, in,
                "`returns`");
  }
};

template <>
struct action<g::multiply_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    st.policy->multipliers.push_back({number_of(tokens[0]), std::move(st.when), span_of(in, st)});
    st.when.reset();
  }
};

// ---------------------------------------------------------------- tiers

template <>
struct action<g::tier_head> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Tier t;
    t.id = name_of(tokens[0]);
    t.span = span_of(in, st);
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      if (tokens[i].kind == Token::Kind::string) {
        t.title = name_of(tokens[i]);
      } else if (tokens[i].text == "default") {
        t.is_default = true;
        t.default_span = tokens[i].span;
      } else {
        t.retired = true;
        t.retired_span = tokens[i].span;
      }
    }
    st.policy->tiers.push_back(std::move(t));
    st.block = Block::tier;
  }
};

template <typename Get>
struct close_block {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Get::of(*st.policy).span.end = span_of(in, st).end;
    st.block = Block::policy;
  }
};
struct last_tier {
  static Tier& of(Policy& p) { return p.tiers.back(); }
};
struct last_rule {
  static Rule& of(Policy& p) { return p.rules.back(); }
};
struct last_review {
  static Review& of(Policy& p) { return p.reviews.back(); }
};
struct last_reward {
  static Reward& of(Policy& p) { return p.rewards.back(); }
};
template <>
struct action<g::tier_item> : close_block<last_tier> {};
template <>
struct action<g::rule_item> : close_block<last_rule> {};
template <>
struct action<g::review_item> : close_block<last_review> {};
template <>
struct action<g::reward_item> : close_block<last_reward> {};

template <>
struct action<g::qualify_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Tier& t = st.policy->tiers.back();
    if (t.qualify) {
      st.add(Code::duplicate_setting, span_of(in, st), "tier `" + t.id.text + "` has two qualify clauses");
      return;
    }
    t.qualify = Qualify{compare_of(tokens[0].text), number_of(tokens[1]), span_of(in, st)};
  }
};

template <>
struct action<g::retired_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    Tier& t = st.policy->tiers.back();
    t.retired = true;
    t.retired_span = span_of(in, st);
  }
};

// ---------------------------------------------------------------- rules

template <>
struct action<g::rule_head> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Rule r;
    r.id = name_of(tokens[0]);
    r.span = span_of(in, st);
    std::size_t i = 1;
    if (i < tokens.size() && tokens[i].kind == Token::Kind::string) r.title = name_of(tokens[i++]);
    r.target.kind = Target::Kind::every_line;  // without `on`
    r.target.span = r.id.span;
    if (i < tokens.size() && tokens[i].text != "exclusive") {
      const std::string kind = tokens[i].text;
      r.target.span = tokens[i].span;
      r.target.kind = kind == "product"    ? Target::Kind::product
                      : kind == "category" ? Target::Kind::category
                                           : Target::Kind::every_line;
      ++i;
    }
    for (; i < tokens.size(); ++i) {
      if (tokens[i].kind == Token::Kind::string) {
        r.target.values.push_back(name_of(tokens[i]));
        r.target.span.end = tokens[i].span.end;
      } else {
        r.exclusive = true;
      }
    }
    st.policy->rules.push_back(std::move(r));
    st.block = Block::rule;
  }
};

template <>
struct action<g::when_stmt> {
  template <typename Input>
  static void apply(const Input&, ParseState& st) {
    if (!st.when) return;
    if (st.block == Block::rule) st.policy->rules.back().whens.push_back(std::move(*st.when));
    if (st.block == Block::reward) st.policy->rewards.back().whens.push_back(std::move(*st.when));
    st.when.reset();
  }
};

template <>
struct action<g::cap_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Rule& r = st.policy->rules.back();
    if (r.cap) {
      st.add(Code::duplicate_setting, span_of(in, st), "rule `" + r.id.text + "` has two caps");
      return;
    }
    r.cap = number_of(tokens[0]);
    r.cap_span = span_of(in, st);
  }
};

// ---------------------------------------------------------------- reviews

template <>
struct action<g::review_head> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Review r;
    r.every = number_of(tokens[0]);
    r.unit = unit_of(tokens[1].text);
    if (tokens.size() > 2 && tokens[2].kind == Token::Kind::date) {
      r.from_joined = false;
      r.from = tokens[2].date;
    }
    r.span = span_of(in, st);
    st.policy->reviews.push_back(std::move(r));
    st.block = Block::review;
  }
};

template <ReviewAction::Kind K>
struct review_action_of {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    ReviewAction a;
    a.span = span_of(in, st);
    a.kind = K;
    if constexpr (K == ReviewAction::Kind::keep_tier) {
      if (pop(st).text == "spend") a.kind = ReviewAction::Kind::keep_spend;
    } else if constexpr (K == ReviewAction::Kind::demote) {
      a.tier = name_of(pop(st));
    } else {
      a.amount = number_of(pop(st));
    }
    st.actions.push_back(std::move(a));
  }
};
template <>
struct action<g::act_keep> : review_action_of<ReviewAction::Kind::keep_tier> {};
template <>
struct action<g::act_demote> : review_action_of<ReviewAction::Kind::demote> {};
template <>
struct action<g::act_reduce> : review_action_of<ReviewAction::Kind::reduce_spend> {};
template <>
struct action<g::act_reset> : review_action_of<ReviewAction::Kind::reset_spend> {};

template <>
struct action<g::review_line> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    ReviewLine line;
    line.tier = name_of(tokens[0]);
    if (tokens.size() >= 4) {
      line.has_condition = true;
      line.on_cycle_spend = tokens[1].text == "cycle_spend";
      line.op = compare_of(tokens[2].text);
      line.threshold = number_of(tokens[3]);
    }
    line.actions = std::move(st.actions);
    st.actions.clear();
    line.span = span_of(in, st);
    st.policy->reviews.back().lines.push_back(std::move(line));
  }
};

// ---------------------------------------------------------------- rewards

template <>
struct action<g::reward_head> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Reward r;
    r.id = name_of(tokens[0]);
    if (tokens.size() > 1) r.title = name_of(tokens[1]);
    r.span = span_of(in, st);
    st.policy->rewards.push_back(std::move(r));
    st.block = Block::reward;
  }
};

// Records a kind statement on the reward being read; returns the reward when
// this is its (first) kind, so the statement's values belong to it.
template <typename Input>
Reward* reward_of_kind(ParseState& st, Reward::Kind kind, const Input& in) {
  Reward& r = st.policy->rewards.back();
  if (r.kind_count++ == 0) {
    r.kind = kind;
    r.kind_span = span_of(in, st);
  }
  return r.kind == kind ? &r : nullptr;
}

template <>
struct action<g::resale_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    if (Reward* r = reward_of_kind(st, Reward::Kind::resale, in)) {
      r->resale_points = number_of(tokens[0]);
      r->resale_money = number_of(tokens[1]);
    }
  }
};

template <>
struct action<g::discount_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Reward* r = reward_of_kind(st, Reward::Kind::discount, in);
    if (!r) return;
    r->discount_is_percent = tokens[0].kind == Token::Kind::percent;
    r->discount_value = number_of(tokens[0]);
    if (tokens.size() > 1) {
      const std::string& on = tokens[1].text;
      r->discount_on = on == "product" ? Reward::DiscountOn::product
                       : on == "order" ? Reward::DiscountOn::order
                                       : Reward::DiscountOn::cheapest_line;
      if (tokens.size() > 2) r->discount_sku = name_of(tokens[2]);
    }
  }
};

template <>
struct action<g::gift_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    if (Reward* r = reward_of_kind(st, Reward::Kind::gift, in)) {
      // gift "SKU" [qty N]  or  gift N "SKU"
      for (const Token& t : tokens) {
        if (t.kind == Token::Kind::string) r->gift_sku = name_of(t);
        if (t.kind == Token::Kind::number) r->gift_qty = number_of(t);
      }
    }
  }
};

template <>
struct action<g::voucher_stmt> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    if (Reward* r = reward_of_kind(st, Reward::Kind::voucher, in)) r->voucher_value = number_of(tokens[0]);
  }
};

template <std::optional<Number> Reward::*Field>
struct reward_number {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto tokens = st.take();
    Reward& r = st.policy->rewards.back();
    if (r.*Field) {
      st.add(Code::duplicate_setting, span_of(in, st), "reward `" + r.id.text + "` sets this option twice");
      return;
    }
    r.*Field = Number{tokens[0].number, span_of(in, st)};
  }
};
template <>
struct action<g::cost_stmt> : reward_number<&Reward::cost> {};
template <>
struct action<g::minimum_stmt> : reward_number<&Reward::minimum> {};
template <>
struct action<g::step_stmt> : reward_number<&Reward::step> {};
template <>
struct action<g::max_percent> : reward_number<&Reward::max_percent> {};
template <>
struct action<g::max_amount> : reward_number<&Reward::max_amount> {};

// ---------------------------------------------------------------- the policy

template <>
struct action<g::policy_head> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    auto name = pop(st);
    st.policy.emplace();
    st.policy->name = name_of(name);
    st.policy->span = span_of(in, st);
  }
};

template <>
struct action<g::policy_close> {
  template <typename Input>
  static void apply(const Input& in, ParseState& st) {
    st.policy->span.end = span_of(in, st).end;
  }
};

}  // namespace loyalty::dsl::actions
