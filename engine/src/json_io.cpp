// JSON in and out. Input is read with a SAX handler that keeps every number
// written with a fraction or an exponent as its source text, so "12.50" and
// 12.50 are read the same exact way, and a number is still not a string;
// depth and size are limited.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>

#include "json_writer.hpp"
#include "loyalty/dsl/suggest.hpp"
#include "loyalty/dsl/unicode.hpp"
#include "loyalty/explain.hpp"
#include "loyalty/journal.hpp"
#include "loyalty/json.hpp"
#include "rule_graph.hpp"

namespace loyalty {

namespace {

using json = nlohmann::json;

// Builds a json value. A number with a fraction or exponent is kept as its
// exact source text, in a binary value: only number_text reads it, so it can
// never pass for a string.
class ExactBuilder : public nlohmann::json_sax<json> {
 public:
  json root;
  std::string error;

  bool null() override { return put(nullptr); }
  bool boolean(bool v) override { return put(v); }
  bool number_integer(number_integer_t v) override { return put(v); }
  bool number_unsigned(number_unsigned_t v) override { return put(v); }
  bool number_float(number_float_t, const string_t& text) override {
    return put(json::binary(json::binary_t::container_type(text.begin(), text.end())));
  }
  bool string(string_t& v) override { return put(v); }
  bool binary(binary_t&) override { return put(nullptr); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    key_ = k;
    if (stack_.back()->contains(k)) {
      error_path = child_path();
      error = fmt::format("the key `{}` is given twice", k);
      return false;
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) override {
    if (e.id == 406) {  // a number beyond a double's range, such as 1e400: said like any number out of range
      error_path = child_path();
      error = fmt::format("`{}` is out of range: an exponent gives at most 18 digits", token);
      return false;
    }
    if (std::string_view(e.what()).find("UTF-8") != std::string_view::npos) {
      // A string that is not UTF-8: where it is, by path and byte.
      error_path = child_path();
      error = fmt::format("the text is not valid UTF-8 (byte {})", position);
      return false;
    }
    error = fmt::format("malformed JSON at byte {}: {}", position, e.what());
    return false;
  }

  std::string error_path = "$";

 private:
  std::vector<json*> stack_;
  std::vector<std::string> paths_;  // the path of each open container
  std::string key_;

  // The path of the value about to be added to the open container.
  std::string child_path() const {
    if (stack_.empty()) return "$";
    if (stack_.back()->is_object()) return paths_.back() + "." + key_;
    return fmt::format("{}[{}]", paths_.back(), stack_.back()->size());
  }

  bool put(json v) {
    if (stack_.empty()) {
      root = std::move(v);
    } else if (stack_.back()->is_object()) {
      (*stack_.back())[key_] = std::move(v);
    } else {
      stack_.back()->push_back(std::move(v));
    }
    return true;
  }
  bool open(json v) {
    if (static_cast<int>(stack_.size()) >= max_json_depth) {
      error = fmt::format("the JSON is nested deeper than {} levels", max_json_depth);
      return false;
    }
    paths_.push_back(child_path());
    json* slot;
    if (stack_.empty()) {
      root = std::move(v);
      slot = &root;
    } else if (stack_.back()->is_object()) {
      slot = &((*stack_.back())[key_] = std::move(v));
    } else {
      stack_.back()->push_back(std::move(v));
      slot = &stack_.back()->back();
    }
    stack_.push_back(slot);
    return true;
  }
  bool close() {
    stack_.pop_back();
    paths_.pop_back();
    return true;
  }
};

struct BadInput {
  std::string path, message;
};

[[noreturn]] void bad(const std::string& path, const std::string& message) { throw BadInput{path, message}; }

json read_json(std::string_view text) {
  if (text.size() > max_json_bytes) bad("$", fmt::format("the input is over {} bytes", max_json_bytes));
  ExactBuilder builder;
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, true);
  if (!ok) bad(builder.error_path, builder.error.empty() ? "malformed JSON" : builder.error);
  return std::move(builder.root);
}

const json* field(const json& obj, const std::string& path, const char* name, bool required) {
  if (!obj.is_object()) bad(path, "expected an object");
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) {
    if (required) bad(path + "." + name, "is required");
    return nullptr;
  }
  return &*it;
}

// Every field of `obj` must be one of `known`: a till's typo is refused, not ignored.
void only_fields(const json& obj, const std::string& path, std::initializer_list<std::string_view> known) {
  if (!obj.is_object()) bad(path, "expected an object");
  for (const auto& [key, value] : obj.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const auto best = dsl::nearest(key, std::span<const std::string_view>(known.begin(), known.size()));
    std::string message = fmt::format("unknown field `{}`", key);
    if (best) message += fmt::format("; did you mean `{}`?", *best);
    bad(path + "." + key, message);
  }
}

// A string of the request, in NFC so that it matches the policy's names.
std::string text_of(const json& v, const std::string& path) {
  if (!v.is_string()) bad(path, "expected a string");
  if (v.get_ref<const std::string&>().size() > max_text_bytes)
    bad(path, fmt::format("the text is longer than the limit of {} bytes", max_text_bytes));
  return dsl::nfc(v.get_ref<const std::string&>());
}

std::string number_text(const json& v, const std::string& path) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  if (v.is_binary()) return std::string(v.get_binary().begin(), v.get_binary().end());
  bad(path, "expected a number or a decimal string");
}

// A JSON number in exponent form (1e5, 1.25E+2, 5e-1) as plain decimal
// text, exactly; nothing when it is not one or has more digits than any
// amount can (the caller then says why).
std::optional<std::string> without_exponent(const std::string& text) {
  const auto e = text.find_first_of("eE");
  if (e == std::string::npos) return std::nullopt;
  std::string mantissa = text.substr(0, e);
  const std::string_view power = std::string_view(text).substr(e + 1);
  int exponent = 0;
  std::size_t i = power.size() > 0 && (power[0] == '+' || power[0] == '-') ? 1 : 0;
  if (i == power.size()) return std::nullopt;
  for (; i < power.size(); ++i) {
    if (power[i] < '0' || power[i] > '9' || exponent > 100) return std::nullopt;
    exponent = exponent * 10 + (power[i] - '0');
  }
  if (power[0] == '-') exponent = -exponent;
  const bool negative = !mantissa.empty() && mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  const auto point = mantissa.find('.');
  int decimals = 0;
  if (point != std::string::npos) {
    decimals = static_cast<int>(mantissa.size() - point - 1);
    mantissa.erase(point, 1);
  }
  // digits x 10^(exponent - decimals)
  int shift = exponent - decimals;
  if (shift > 40 || shift < -40) return std::nullopt;
  if (shift >= 0) {
    mantissa.append(static_cast<std::size_t>(shift), '0');
  } else {
    const auto places = static_cast<std::size_t>(-shift);
    if (mantissa.size() <= places) mantissa.insert(0, places - mantissa.size() + 1, '0');
    mantissa.insert(mantissa.size() - places, ".");
  }
  return (negative ? "-" : "") + mantissa;
}

// A decimal at a fixed scale (money or points); more decimals is an error.
std::int64_t scaled(const json& v, const std::string& path, int scale, const char* what) {
  const std::string written = number_text(v, path);
  std::string text = written;
  if (v.is_binary()) {
    if (auto plain = without_exponent(written)) {
      text = *plain;
    } else if (written.find_first_of("eE") != std::string::npos) {
      bad(path, fmt::format("`{}` is out of range: an exponent gives at most 18 digits", written));
    }
  }
  auto d = parse_decimal(text);
  if (!d) {
    // Digits that do not fit are a limit, not a typo.
    const bool digits_only = !text.empty() && text.find_first_not_of("0123456789.-+_") == std::string::npos &&
                             text.find_first_of("0123456789") != std::string::npos;
    if (digits_only && text.size() > 18)
      bad(path, fmt::format("`{}` is over the limit: numbers are exact to 18 digits (at most {} units at their scale)", written,
                            std::numeric_limits<std::int64_t>::max()));
    bad(path, fmt::format("`{}` is not a decimal number", written));
  }
  auto units = rescale_exact(*d, scale);
  if (!units) {
    const std::string for_what = what[0] ? std::string(" for ") + what : "";
    const int needed = significant_scale(*d);
    if (needed > scale) {
      bad(path, scale == 0 ? fmt::format("`{}` is not a whole number{}", written, for_what)
                           : fmt::format("`{}` has {} decimals; at most {}{}", written, needed, scale, for_what));
    }
    bad(path, fmt::format("`{}` is too large{}: at most {}", written, for_what,
                          format_units(std::numeric_limits<std::int64_t>::max(), scale)));
  }
  return *units;
}

std::int64_t whole(const json& v, const std::string& path) { return scaled(v, path, 0, "a count"); }

std::int64_t opt_scaled(const json& obj, const std::string& path, const char* name, int scale, const char* what) {
  const json* f = field(obj, path, name, false);
  return f ? scaled(*f, path + "." + name, scale, what) : 0;
}

// `n` digits at `at`, nothing else (no sign, no blank).
std::optional<int> digits_at(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// YYYY-MM-DD at the start of `s`, a date that exists.
std::optional<Date> date_prefix(std::string_view s) {
  const auto y = digits_at(s, 0, 4), m = digits_at(s, 5, 2), d = digits_at(s, 8, 2);
  if (!y || !m || !d || s[4] != '-' || s[7] != '-') return std::nullopt;
  using namespace std::chrono;
  if (!year_month_day{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}}.ok()) return std::nullopt;
  return Date{*y, *m, *d};
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) { return text.size() == 10 ? date_prefix(text) : std::nullopt; }

namespace {

Date parse_date(const std::string& s, const std::string& path) {
  auto d = loyalty::parse_date(std::string_view(s));
  if (!d) bad(path, fmt::format("`{}` is not a date (YYYY-MM-DD)", s));
  return *d;
}

// A birthday: MM-DD, or a whole date YYYY-MM-DD whose year is dropped.
// A month and day that some year has (29 February is a birthday, celebrated on the 28th in other years).
bool month_day_exists(std::int64_t month, std::int64_t day) {
  using namespace std::chrono;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         year_month_day{year{2000}, std::chrono::month{static_cast<unsigned>(month)},
                        std::chrono::day{static_cast<unsigned>(day)}}
             .ok();
}

MonthDay parse_birthday(const std::string& s, const std::string& path) {
  const std::string_view text = s.size() == 10 ? std::string_view(s).substr(5) : std::string_view(s);
  const auto month = text.size() == 5 && text[2] == '-' ? digits_at(text, 0, 2) : std::nullopt;
  const auto day = month ? digits_at(text, 3, 2) : std::nullopt;
  if (!day || (s.size() == 10 && !date_prefix(s)) || !month_day_exists(*month, *day))
    bad(path, fmt::format("`{}` is not a birthday (MM-DD, or YYYY-MM-DD)", s));
  return {static_cast<int>(*month), static_cast<int>(*day)};
}

// "12-24", "1990-12-24" or {"month": 12, "day": 24}.
MonthDay birthday_of(const json& v, const std::string& path) {
  if (!v.is_object()) return parse_birthday(text_of(v, path), path);
  only_fields(v, path, {"month", "day"});
  const std::int64_t month = whole(*field(v, path, "month", true), path + ".month");
  const std::int64_t day = whole(*field(v, path, "day", true), path + ".day");
  if (!month_day_exists(month, day)) bad(path, fmt::format("month {} has no day {}", month, day));
  return {static_cast<int>(month), static_cast<int>(day)};
}

// 2026-03-01T10:00:00+07:00 (or Z); seconds may carry a fraction. Read
// strictly: digits where digits belong, nothing else.
Timestamp parse_timestamp(std::string_view s, const std::string& path) {
  auto fail = [&] { bad(path, fmt::format("`{}` is not a timestamp such as 2026-03-01T10:00:00+07:00", s)); };
  const auto date = date_prefix(s);
  if (!date || s.size() < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') fail();
  const auto hh = digits_at(s, 11, 2), mm = digits_at(s, 14, 2), ss = digits_at(s, 17, 2);
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60) fail();
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const std::size_t first = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == first) fail();
  }
  int offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    const auto oh = digits_at(s, i + 1, 2), om = digits_at(s, i + 4, 2);
    if (!oh || !om || *oh > 14 || *om > 59) bad(path, fmt::format("`{}` has a bad UTC offset", s));
    offset = (*oh * 60 + *om) * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    bad(path, fmt::format("`{}` needs an offset from UTC (such as +07:00 or Z)", s));
  }
  if (i != s.size()) fail();
  using namespace std::chrono;
  const auto days =
      sys_days{year{date->year} / month{static_cast<unsigned>(date->month)} / day{static_cast<unsigned>(date->day)}};
  const std::int64_t local = static_cast<std::int64_t>(days.time_since_epoch().count()) * 86400 + *hh * 3600 + *mm * 60 + *ss;
  return {local - offset * 60LL, offset};
}

Member member_from(const Policy& p, const json& j, const std::string& path) {
  only_fields(j, path,
              {"id", "tier", "spend", "cycle_spend", "points", "orders", "total_spent", "joined", "vouchers", "cycle_start",
               "lots", "birthday", "caps"});
  Member m;
  m.id = text_of(*field(j, path, "id", true), path + ".id");
  // An unknown tier is the evaluator's refusal (`unknown-tier`), not malformed input.
  if (const json* t = field(j, path, "tier", false)) m.tier = text_of(*t, path + ".tier");
  const int ms = p.money_scale;
  m.spend = opt_scaled(j, path, "spend", ms, "money");
  m.cycle_spend = opt_scaled(j, path, "cycle_spend", ms, "money");
  m.points = opt_scaled(j, path, "points", p.points_scale, "points");
  m.total_spent = opt_scaled(j, path, "total_spent", ms, "money");
  if (const json* o = field(j, path, "orders", false)) m.orders = whole(*o, path + ".orders");
  if (const json* d = field(j, path, "joined", false)) m.joined = parse_date(text_of(*d, path + ".joined"), path + ".joined");
  if (const json* v = field(j, path, "vouchers", false)) {
    if (!v->is_object()) bad(path + ".vouchers", "expected an object of reward id: count");
    for (const auto& [key, count] : v->items()) {
      const std::string id = dsl::nfc(key);
      const std::string vp = path + ".vouchers." + key;
      if (!p.reward_index.find(id)) bad(vp, fmt::format("the policy has no reward `{}`", id));
      const std::int64_t n = whole(count, vp);
      if (n < 0) bad(vp, "a voucher count cannot be negative");
      if (n > 0 && !m.vouchers.emplace(id, n).second) bad(vp, fmt::format("`{}` is listed twice", id));
    }
  }
  if (const json* d = field(j, path, "cycle_start", false))
    m.cycle_start = parse_date(text_of(*d, path + ".cycle_start"), path + ".cycle_start");
  if (const json* lots = field(j, path, "lots", false)) {
    if (!lots->is_array()) bad(path + ".lots", "expected an array of {\"earned\": DATE, \"points\": N}");
    for (std::size_t i = 0; i < lots->size(); ++i) {
      const std::string lp = fmt::format("{}.lots[{}]", path, i);
      const json& l = (*lots)[i];
      if (!l.is_object()) bad(lp, "expected {\"earned\": DATE, \"points\": N}");
      only_fields(l, lp, {"earned", "points"});
      Lot lot;
      lot.earned = parse_date(text_of(*field(l, lp, "earned", true), lp + ".earned"), lp + ".earned");
      lot.points = scaled(*field(l, lp, "points", true), lp + ".points", p.points_scale, "points");
      if (lot.points <= Points{}) bad(lp + ".points", "a lot holds more than zero points");
      if (!m.lots.empty() && !(m.lots.back().earned < lot.earned))
        bad(lp + ".earned", "lots are listed oldest first, one per day");
      m.lots.push_back(lot);
    }
    std::int64_t held = 0;
    for (const Lot& l : m.lots) {
      const auto sum = checked_add(held, l.points.units);
      if (!sum || *sum > m.points.units) bad(path + ".lots", "the lots hold more points than the balance");
      held = *sum;
    }
  }
  if (const json* b = field(j, path, "birthday", false)) m.birthday = birthday_of(*b, path + ".birthday");
  if (const json* caps = field(j, path, "caps", false)) {
    if (!caps->is_object()) bad(path + ".caps", "expected an object of rule id: {\"since\": DATE, \"points\": N}");
    for (const auto& [key, use] : caps->items()) {
      const std::string id = dsl::nfc(key);
      const std::string cp = path + ".caps." + key;
      if (!use.is_object()) bad(cp, "expected {\"since\": DATE, \"points\": N}");
      only_fields(use, cp, {"since", "points"});
      CapUse c;
      c.since = parse_date(text_of(*field(use, cp, "since", true), cp + ".since"), cp + ".since");
      c.points = scaled(*field(use, cp, "points", true), cp + ".points", p.points_scale, "points");
      if (c.points < Points{}) bad(cp + ".points", "points counted under a cap cannot be negative");
      if (!m.caps.emplace(id, c).second) bad(cp, fmt::format("`{}` is listed twice", id));
    }
  }
  return m;
}

Order order_from(const Policy& p, const json& j, const std::string& path) {
  only_fields(j, path, {"id", "at", "store", "channel", "lines", "discount"});
  Order o;
  o.id = text_of(*field(j, path, "id", true), path + ".id");
  o.at = parse_timestamp(text_of(*field(j, path, "at", true), path + ".at"), path + ".at");
  if (const json* s = field(j, path, "store", false)) o.store = text_of(*s, path + ".store");
  if (const json* c = field(j, path, "channel", false)) o.channel = text_of(*c, path + ".channel");
  o.discount = opt_scaled(j, path, "discount", p.money_scale, "money");
  const json& lines = *field(j, path, "lines", true);
  if (!lines.is_array()) bad(path + ".lines", "expected an array of lines");
  if (lines.size() > max_order_lines)
    bad(path + ".lines",
        fmt::format("an order has at most {} lines (the limit); this one has {}", max_order_lines, lines.size()));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string lp = fmt::format("{}.lines[{}]", path, i);
    const json& l = lines[i];
    only_fields(l, lp, {"sku", "category", "qty", "price", "returns"});
    Line line;
    line.sku = text_of(*field(l, lp, "sku", true), lp + ".sku");
    if (const json* c = field(l, lp, "category", false)) line.category = text_of(*c, lp + ".category");
    line.qty = whole(*field(l, lp, "qty", true), lp + ".qty");
    line.price = scaled(*field(l, lp, "price", true), lp + ".price", p.money_scale, "money");
    if (line.price < Money{}) bad(lp + ".price", "a unit price cannot be negative");
    if (const json* r = field(l, lp, "returns", false)) {
      const std::string rp = lp + ".returns";
      if (!r->is_object()) bad(rp, "expected {\"order\", \"line\", \"qty\", \"points\"}: the sale this line reverses");
      only_fields(*r, rp, {"order", "line", "qty", "points", "at"});
      ReturnOf of;
      of.order = text_of(*field(*r, rp, "order", true), rp + ".order");
      const std::int64_t at = whole(*field(*r, rp, "line", true), rp + ".line");
      if (at < 0 || at > 1'000'000) bad(rp + ".line", "expected the sale's 0-based line number");
      of.line = static_cast<std::uint32_t>(at);
      if (const json* q = field(*r, rp, "qty", false)) {
        of.qty = whole(*q, rp + ".qty");
        if (of.qty <= 0) bad(rp + ".qty", "the units the sale's line sold: above zero");
      }
      if (const json* pts = field(*r, rp, "points", false)) {
        of.points = scaled(*pts, rp + ".points", p.points_scale, "points");
        if (*of.points < Points{}) bad(rp + ".points", "the points the sale's line earned: zero or more");
      }
      if (of.points && !of.qty) bad(rp + ".qty", "give the units the sale's line sold with the points it earned");
      if (const json* t = field(*r, rp, "at", false)) of.at = parse_timestamp(text_of(*t, rp + ".at"), rp + ".at");
      line.returns = std::move(of);
    }
    o.lines.push_back(std::move(line));
  }
  return o;
}

std::vector<Redemption> redeem_from(const Policy& p, const json& j, const std::string& path) {
  if (!j.is_array()) bad(path, "expected an array of redemptions");
  if (j.size() > max_redemptions)
    bad(path, fmt::format("a request has at most {} redemptions (the limit); this one has {}", max_redemptions, j.size()));
  std::vector<Redemption> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string rp = fmt::format("{}[{}]", path, i);
    const json& r = j[i];
    only_fields(r, rp, {"reward", "voucher", "points", "qty", "to", "sku"});
    Redemption q;
    const json* reward = field(r, rp, "reward", false);
    const json* voucher = field(r, rp, "voucher", false);
    if ((reward != nullptr) == (voucher != nullptr)) bad(rp, "give either \"reward\" or \"voucher\"");
    q.kind = reward ? Redemption::Kind::reward : Redemption::Kind::voucher;
    q.reward = text_of(reward ? *reward : *voucher, rp + (reward ? ".reward" : ".voucher"));
    // Fields that do not fit the reward's kind, with their own paths.
    const std::uint32_t* index = p.reward_index.find(q.reward);
    const bool resale = index && p.rewards[*index].kind == RewardKind::resale;
    if (index && !resale && field(r, rp, "points", false))
      bad(rp + ".points", fmt::format("`points` is for a resale; `{}` is not one", q.reward));
    if (resale && field(r, rp, "qty", false))
      bad(rp + ".qty", fmt::format("a resale takes `points`, not `qty`; `{}` is a resale", q.reward));
    q.points = opt_scaled(r, rp, "points", p.points_scale, "points");
    if (const json* n = field(r, rp, "qty", false)) q.qty = whole(*n, rp + ".qty");
    if (const json* to = field(r, rp, "to", false)) {
      const std::string where = text_of(*to, rp + ".to");
      if (where != "wallet" && where != "order") bad(rp + ".to", "expected \"wallet\" or \"order\"");
      q.to_wallet = where == "wallet";
    }
    if (const json* sku = field(r, rp, "sku", false)) q.sku = text_of(*sku, rp + ".sku");
    out.push_back(std::move(q));
  }
  return out;
}

template <typename T, typename F>
Result<T> guarded(std::string_view text, F build) {
  try {
    return build(read_json(text));
  } catch (const BadInput& e) {
    return Refusal{RefusalCode::bad_input, e.message, e.path};
  } catch (const std::exception& e) {
    return Refusal{RefusalCode::bad_input, e.what(), "$"};
  }
}

}  // namespace

Result<Request> parse_request(const Policy& p, std::string_view text) {
  return guarded<Request>(text, [&](const json& j) {
    if (!j.is_object()) bad("$", "expected an object with \"member\" and \"order\"");
    only_fields(j, "$", {"member", "order", "redeem"});
    Request r;
    r.member = member_from(p, *field(j, "$", "member", true), "$.member");
    r.order = order_from(p, *field(j, "$", "order", true), "$.order");
    if (const json* redeem = field(j, "$", "redeem", false)) r.redeem = redeem_from(p, *redeem, "$.redeem");
    return r;
  });
}

Result<Timestamp> parse_timestamp(std::string_view text) {
  try {
    return parse_timestamp(text, std::string("$"));
  } catch (const BadInput& e) {
    return Refusal{RefusalCode::bad_input, e.message, e.path};
  }
}

Result<Member> parse_member(const Policy& p, std::string_view text) {
  return guarded<Member>(text, [&](const json& j) {
    if (!j.is_object()) bad("$", "expected a member object");
    return member_from(p, j, "$");
  });
}

Result<Event> parse_event(const Policy& p, std::string_view text) {
  return guarded<Event>(text, [&](const json& j) {
    if (!j.is_object()) bad("$", "expected an event object with a \"type\"");
    const std::string type = text_of(*field(j, "$", "type", true), "$.type");
    Event e;
    if (type == "join") {
      only_fields(j, "$", {"type", "member", "at", "birthday"});
      e.type = Event::Type::join;
      e.member = text_of(*field(j, "$", "member", true), "$.member");
      e.at = parse_timestamp(text_of(*field(j, "$", "at", true), "$.at"), "$.at");
      if (const json* b = field(j, "$", "birthday", false)) e.birthday = birthday_of(*b, "$.birthday");
    } else if (type == "clock") {
      only_fields(j, "$", {"type", "at"});
      e.type = Event::Type::clock;
      e.at = parse_timestamp(text_of(*field(j, "$", "at", true), "$.at"), "$.at");
    } else if (type == "order") {
      only_fields(j, "$", {"type", "member", "order", "redeem"});
      e.type = Event::Type::order;
      e.member = text_of(*field(j, "$", "member", true), "$.member");
      e.order = order_from(p, *field(j, "$", "order", true), "$.order");
      e.at = e.order.at;
      if (const json* redeem = field(j, "$", "redeem", false)) e.redeem = redeem_from(p, *redeem, "$.redeem");
    } else {
      bad("$.type", fmt::format("expected \"join\", \"order\" or \"clock\", found \"{}\"", type));
    }
    return e;
  });
}

namespace {

// Amounts as the writer puts them, in place: the text of money_text and points_text.
JsonWriter::Units money_units(const Policy& p, Money m) { return {m.units, p.money_scale}; }
JsonWriter::Units points_units(const Policy& p, Points v) { return {v.units, p.points_scale}; }

// A member state, as replay writes it and a request reads it.
void write_member(JsonWriter& w, const Policy& p, const Member& m) {
  w.begin_object();
  w.field("id", m.id);
  w.field("tier", tier_id(p, m));
  w.field("spend", money_units(p, m.spend));
  w.field("cycle_spend", money_units(p, m.cycle_spend));
  w.field("points", points_units(p, m.points));
  w.field("orders", m.orders);
  w.field("total_spent", money_units(p, m.total_spent));
  if (m.joined) w.field("joined", *m.joined);
  w.key("vouchers");
  w.begin_object();
  for (const auto& [id, n] : m.vouchers) w.field(id, n);
  w.end_object();
  if (m.cycle_start) w.field("cycle_start", *m.cycle_start);
  if (p.expiry || !m.lots.empty()) {
    w.key("lots");
    w.begin_array();
    for (const Lot& l : m.lots) {
      w.begin_object();
      w.field("earned", l.earned);
      w.field("points", points_units(p, l.points));
      w.end_object();
    }
    w.end_array();
  }
  if (m.birthday) w.field("birthday", fmt::format("{:02}-{:02}", m.birthday->month, m.birthday->day));
  if (!m.caps.empty()) {
    w.key("caps");
    w.begin_object();
    for (const auto& [id, use] : m.caps) {
      w.key(id);
      w.begin_object();
      w.field("since", use.since);
      w.field("points", points_units(p, use.points));
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
}

// What the catch-up before an order did.
void write_time_events(JsonWriter& w, const Policy& p, const std::vector<TimeEvent>& events) {
  w.begin_array();
  for (const TimeEvent& e : events) {
    w.begin_object();
    if (e.kind == TimeEvent::Kind::review) {
      w.field("type", "review");
      w.field("date", e.date);
      w.field("actions_ran", e.actions_ran);
      w.field("tier_before", e.tier_before);
      w.field("tier_after", e.tier_after);
      w.field("spend_before", money_units(p, e.spend_before));
      w.field("spend_after", money_units(p, e.spend_after));
      w.field("cycle_spend", money_units(p, e.cycle_spend));
    } else {
      w.field("type", "expiry");
      w.field("date", e.date);
      w.field("earned", e.earned);
      w.field("points", points_units(p, e.points));
      w.field("balance_after", points_units(p, e.balance_after));
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string member_json(const Policy& p, const Member& m) {
  JsonWriter w(false);
  write_member(w, p, m);
  std::string out = w.take();
  out.pop_back();  // one line, without its end
  return out;
}

std::string decision_json(const Policy& p, const Order& order, const Decision& d, bool one_line) {
  JsonWriter w(!one_line);
  w.begin_object();
  w.field("earned", points_units(p, d.earned));
  w.field("spent", points_units(p, d.spent));
  w.field("paid", money_units(p, d.paid));
  w.field("tier_before", d.tier_before);
  w.field("tier_after", d.tier_after);
  w.key("member");
  write_member(w, p, d.member);
  w.key("discounts");
  w.begin_array();
  for (const auto& x : d.discounts) {
    w.begin_object();
    w.field("reward", x.reward);
    w.field("amount", money_units(p, x.amount));
    w.end_object();
  }
  w.end_array();
  w.key("gifts");
  w.begin_array();
  for (const auto& g : d.gifts) {
    w.begin_object();
    w.field("reward", g.reward);
    w.field("sku", g.sku);
    w.field("qty", g.qty);
    w.end_object();
  }
  w.end_array();
  w.key("vouchers");
  w.begin_array();
  for (const auto& v : d.vouchers) {
    w.begin_object();
    w.field("reward", v.reward);
    w.field("qty", v.qty);
    w.end_object();
  }
  w.end_array();
  w.key("trace");
  w.begin_array();
  for (std::size_t i = 0; i < d.trace.size(); ++i) {
    const TraceEntry& t = d.trace[i];
    w.begin_object();
    w.field("kind", trace_kind(t));
    if (t.line >= 0) w.field("line", static_cast<std::int64_t>(t.line));
    if (std::string subject = trace_subject(p, t); !subject.empty()) w.field("rule", subject);
    w.field("points", points_units(p, t.points));
    if (t.amount != Money{}) w.field("amount", money_units(p, t.amount));
    w.field("note", describe(p, order, d.trace, i));
    w.end_object();
  }
  w.end_array();
  if (d.points_not_taken_back != Points{}) w.field("points_not_taken_back", points_units(p, d.points_not_taken_back));
  if (!d.caught_up.empty()) {
    w.key("caught_up");
    write_time_events(w, p, d.caught_up);
  }
  w.key("lines");
  w.begin_array();
  for (std::size_t i = 0; i < d.line_points.size() && i < order.lines.size(); ++i) {
    w.begin_object();
    w.field("line", static_cast<std::uint64_t>(i));
    w.field("qty", order.lines[i].qty);
    w.field("points", points_units(p, d.line_points[i]));
    w.end_object();
  }
  w.end_array();
  if (!d.journal.empty()) {
    w.key("journal");
    w.begin_array();
    for (const JournalEntry& e : d.journal) {
      w.begin_object();
      w.field("member", e.member);
      w.field("at", e.at);
      w.field("kind", name(e.kind));
      w.field("field", e.field);
      w.field("old", e.old_value);
      w.field("new", e.new_value);
      w.field("reason", e.reason);
      if (!e.order.empty()) w.field("order", e.order);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return w.take();
}

std::string refusal_json(const Refusal& r, bool one_line) {
  JsonWriter w(!one_line);
  w.begin_object();
  w.key("error");
  w.begin_object();
  w.field("code", name(r.code));
  w.field("message", r.message);
  if (!r.path.empty()) w.field("path", r.path);
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace loyalty
