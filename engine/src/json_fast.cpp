// The fast paths of the event and request readers: one pass over the text,
// straight into a reused Event or Request, no document built. They take only
// what they can read exactly as parse_event and parse_request would (ASCII
// strings without escapes, whole numbers, known fields once each, no nulls,
// no redemptions or returns) and hand everything else to those, so results
// and error messages are the same either way: a fast path that gives up has
// changed nothing the slow path keeps.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "loyalty/json.hpp"
#include "plain_text.hpp"
#include "rule_graph.hpp"

namespace loyalty {

namespace {

// A pull reader over the JSON the fast paths take: objects, arrays, strings
// of printable ASCII without escapes, and integers. Anything else (an
// escape, a fraction, true, false, null, a byte beyond ASCII, malformed
// JSON) makes it fail, and the caller falls back to the strict reader.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

  // The next character after any white space (0 at the end), not consumed.
  char peek() {
    skip_space();
    return at_ < end_ ? *at_ : '\0';
  }
  // Only white space is left.
  bool done() {
    skip_space();
    return at_ == end_;
  }

  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const std::size_t n = plain_prefix(std::string_view(at_, static_cast<std::size_t>(end_ - at_)));
    if (n == static_cast<std::size_t>(end_ - at_) || at_[n] != '"') return false;
    out = std::string_view(at_, n);
    at_ += n + 1;
    return true;
  }

  // A JSON integer of up to 18 digits (so it fits 64 bits without a check
  // per digit); not -0, which a JSON parser may read as a floating-point number.
  bool integer(std::int64_t& out) {
    skip_space();
    const bool negative = at_ < end_ && *at_ == '-';
    if (negative) ++at_;
    const char* digits = at_;
    std::uint64_t v = 0;  // unsigned: more digits than fit wrap around harmlessly, and are refused below
    for (; at_ < end_ && *at_ >= '0' && *at_ <= '9'; ++at_) v = v * 10 + static_cast<unsigned>(*at_ - '0');
    const auto count = at_ - digits;
    if (count == 0 || count > 18 || (count > 1 && *digits == '0') || (negative && v == 0)) return false;
    if (at_ < end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return true;
  }

  // {"key": value, ...}: `field(key)` reads each value, or says stop.
  template <typename Field>
  bool object(Field&& field) {
    if (!take('{')) return false;
    if (take('}')) return true;
    for (;;) {
      std::string_view key;
      if (!string(key) || !take(':') || !field(key)) return false;
      const char after = next();
      if (after != ',') return after == '}';
    }
  }

  // The text `expected` (a literal) where the reader stands, taken; false,
  // with nothing taken, if the text there is any other.
  template <std::size_t N>
  bool literal(const char (&expected)[N]) {
    constexpr std::size_t n = N - 1;
    if (static_cast<std::size_t>(end_ - at_) < n || std::memcmp(at_, expected, n) != 0) return false;
    at_ += n;
    return true;
  }

  // [value, ...]: `item()` reads each value, or says stop.
  template <typename Item>
  bool array(Item&& item) {
    if (!take('[')) return false;
    if (take(']')) return true;
    for (;;) {
      if (!item()) return false;
      const char after = next();
      if (after != ',') return after == ']';
    }
  }

 private:
  void skip_space() {  // one comparison where there is none, as between most tokens
    while (at_ < end_ && static_cast<unsigned char>(*at_) <= ' ') {
      if (*at_ != ' ' && *at_ != '\n' && *at_ != '\t' && *at_ != '\r') return;
      ++at_;
    }
  }
  // The next character after any white space, consumed (0 at the end): a
  // value's separator or closing bracket, one read instead of two tries.
  char next() {
    if (at_ < end_ && static_cast<unsigned char>(*at_) > ' ') return *at_++;  // compact JSON has no white space
    skip_space();
    return at_ < end_ ? *at_++ : '\0';
  }
  // The next character when it is `c` (never '\0'), looked for before any
  // white space is skipped: compact JSON has none.
  bool take(char c) {
    if ((at_ < end_ && *at_ == c) || peek() == c) {
      ++at_;
      return true;
    }
    return false;
  }

  const char* at_;
  const char* end_;
};

// Whether a field's name is `name`: a loop the compiler unrolls, where a
// comparison through memcmp stays a call.
template <std::size_t N>
bool is(std::string_view key, const char (&name)[N]) {
  if (key.size() != N - 1) return false;
  for (std::size_t i = 0; i + 1 < N; ++i)
    if (key[i] != name[i]) return false;
  return true;
}

// Text of a string value; fails on anything else.
bool text(Scanner& s, std::string& out) {
  std::string_view v;
  if (!s.string(v) || v.size() > max_text_bytes) return false;
  out.assign(v.data(), v.size());
  return true;
}

constexpr auto powers_of_ten = [] {
  std::array<std::int64_t, max_scale + 1> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// A decimal at `scale`: a string as parse_event reads it, or an integer.
bool units(Scanner& s, int scale, std::int64_t& out) {
  std::optional<Decimal> d;
  if (s.peek() == '"') {
    std::string_view v;
    if (!s.string(v)) return false;
    d = parse_decimal(v);
  } else {
    std::int64_t i = 0;
    if (!s.integer(i)) return false;  // fractions (kept exact by parse_event), huge numbers, other types
    if (scale >= 0 && scale <= max_scale) {  // rescale_exact's product, without the call
      const auto u = checked_mul(i, powers_of_ten[static_cast<std::size_t>(scale)]);
      out = u.value_or(0);
      return u.has_value();
    }
    d = Decimal{i, 0};
  }
  if (!d) return false;
  const auto u = rescale_exact(*d, scale);
  if (!u) return false;
  out = *u;
  return true;
}

// The usual form of a timestamp, 2026-03-01T10:00:00+07:00, read as
// parse_timestamp reads it, field by field; any other form (Z, a fraction,
// a space for the T) or a field out of range is parse_timestamp's.
std::optional<Timestamp> usual_timestamp(std::string_view v) {
  if (v.size() != 25) return std::nullopt;
  const char* c = v.data();
  if (c[4] != '-' || c[7] != '-' || c[10] != 'T' || c[13] != ':' || c[16] != ':' || (c[19] != '+' && c[19] != '-') ||
      c[22] != ':')
    return std::nullopt;
  const auto two = [c](int i) {  // two digits, or -1
    const unsigned a = static_cast<unsigned>(c[i] - '0'), b = static_cast<unsigned>(c[i + 1] - '0');
    return a < 10 && b < 10 ? static_cast<int>(a * 10 + b) : -1;
  };
  const int century = two(0), year_in = two(2), mo = two(5), d = two(8), hh = two(11), mm = two(14), ss = two(17),
            oh = two(20), om = two(23);
  if (century < 0 || year_in < 0 || mo < 0 || d < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || oh < 0 ||
      oh > 14 || om < 0 || om > 59)
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{year{century * 100 + year_in}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  const int offset = (oh * 60 + om) * (c[19] == '-' ? -1 : 1);
  const std::int64_t local =
      static_cast<std::int64_t>(sys_days{date}.time_since_epoch().count()) * 86400 + hh * 3600 + mm * 60 + ss;
  return Timestamp{local - offset * 60LL, offset};
}

bool timestamp(Scanner& s, Timestamp& out) {
  std::string_view v;
  if (!s.string(v)) return false;
  if (const auto usual = usual_timestamp(v)) {
    out = *usual;
    return true;
  }
  auto t = parse_timestamp(v);
  if (!t) return false;
  out = t.value();
  return true;
}

// An array or object that must be empty: anything in it is the slow path's.
bool empty_array(Scanner& s) {
  return s.array([] { return false; });
}
bool empty_object(Scanner& s) {
  return s.object([](std::string_view) { return false; });
}

// A line's price: a decimal at the policy's scale, not negative.
bool price_from(const Policy& p, Scanner& s, Money& price) {
  std::int64_t u = 0;
  const bool read = units(s, p.money_scale, u) && u >= 0;
  price = Money{u};
  return read;
}

// A line in the form the replay's writers (and most tills) write it:
// {"sku":"…","category":"…","qty":N,"price":N}, compact, in that order. Its
// keys are compared where they stand rather than read and looked up.
bool usual_line(const Policy& p, Scanner& s, Line& l) {
  return s.literal("{\"sku\":") && text(s, l.sku) && s.literal(",\"category\":") && text(s, l.category) &&
         s.literal(",\"qty\":") && units(s, 0, l.qty) && s.literal(",\"price\":") && price_from(p, s, l.price) &&
         s.literal("}");
}

bool line_from(const Policy& p, Scanner& s, Line& l) {
  l.returns.reset();
  l.key = {};  // as parse_request leaves it: unresolved
  const Scanner start = s;
  if (usual_line(p, s, l)) return true;
  s = start;  // any other form: field by field, from the line's start
  bool sku = false, qty = false, price = false, category = false;
  l.category.clear();
  const bool read = s.object([&](std::string_view key) {
    if (is(key, "sku") && !sku) return sku = text(s, l.sku);
    if (is(key, "category") && !category) return category = text(s, l.category);
    if (is(key, "qty") && !qty) return qty = units(s, 0, l.qty);
    if (is(key, "price") && !price) return price = price_from(p, s, l.price);
    return false;
  });
  return read && sku && qty && price;
}

// An order's lines, an array of line objects.
bool lines_from(const Policy& p, Scanner& s, std::vector<Line>& lines) {
  std::size_t n = 0;
  const bool read = s.array([&] {
    if (n == max_order_lines) return false;
    // A line more than the order before had: copied from a blank one,
    // where building it in place zeroes all its 200 bytes first (with
    // `rep stos`, slow to start for so few).
    static const Line blank{};
    if (lines.size() <= n) lines.push_back(blank);
    return line_from(p, s, lines[n++]);
  });
  lines.resize(n);
  return read;
}

// An order in the usual compact form, {"id":"…","at":"…","lines":[…]}, in that order.
bool usual_order(const Policy& p, Scanner& s, Order& order) {
  if (!(s.literal("{\"id\":") && text(s, order.id) && s.literal(",\"at\":") && timestamp(s, order.at) &&
        s.literal(",\"lines\":") && lines_from(p, s, order.lines) && s.literal("}")))
    return false;
  order.store.clear();
  order.channel.clear();
  order.discount = Money{};
  return true;
}

bool order_from(const Policy& p, Scanner& s, Order& order) {
  const Scanner start = s;
  if (usual_order(p, s, order)) return true;
  s = start;  // any other form: field by field, from the order's start
  bool id = false, at = false, lines = false, store = false, channel = false, discount = false;
  order.store.clear();
  order.channel.clear();
  order.discount = Money{};
  const bool read = s.object([&](std::string_view key) {
    if (is(key, "id") && !id) return id = text(s, order.id);
    if (is(key, "at") && !at) return at = timestamp(s, order.at);
    if (is(key, "store") && !store) return store = text(s, order.store);
    if (is(key, "channel") && !channel) return channel = text(s, order.channel);
    if (is(key, "discount") && !discount) {
      std::int64_t u = 0;
      discount = units(s, p.money_scale, u);
      order.discount = Money{u};
      return discount;
    }
    if (is(key, "lines") && !lines) return lines = lines_from(p, s, order.lines);
    return false;
  });
  return read && id && at && lines;
}

// The member fields a request's fast path reads; lots, caps, a birthday or
// vouchers held go to parse_request.
bool date_field(Scanner& s, std::optional<Date>& out) {
  std::string_view v;
  if (!s.string(v)) return false;
  out = parse_date(v);
  return out.has_value();
}

bool member_from(const Policy& p, Scanner& s, Member& m) {
  bool id = false, tier = false, spend = false, cycle = false, points = false, orders = false, total = false, joined = false,
       start = false, vouchers = false;
  m = Member{};
  const bool read = s.object([&](std::string_view key) {
    std::int64_t u = 0;
    if (is(key, "id") && !id) return id = text(s, m.id);
    if (is(key, "tier") && !tier) return tier = text(s, m.tier);
    if (is(key, "spend") && !spend) {
      spend = units(s, p.money_scale, u);
      m.spend = Money{u};
      return spend;
    }
    if (is(key, "cycle_spend") && !cycle) {
      cycle = units(s, p.money_scale, u);
      m.cycle_spend = Money{u};
      return cycle;
    }
    if (is(key, "points") && !points) {
      points = units(s, p.points_scale, u);
      m.points = Points{u};
      return points;
    }
    if (is(key, "total_spent") && !total) {
      total = units(s, p.money_scale, u);
      m.total_spent = Money{u};
      return total;
    }
    if (is(key, "orders") && !orders) return orders = units(s, 0, m.orders);
    if (is(key, "joined") && !joined) return joined = date_field(s, m.joined);
    if (is(key, "cycle_start") && !start) return start = date_field(s, m.cycle_start);
    if (is(key, "vouchers") && !vouchers) return vouchers = empty_object(s);
    return false;
  });
  return read && id;
}

}  // namespace

std::optional<Refusal> RequestReader::read(const Policy& policy, std::string_view json, Request& out) const {
  if (fast(policy, json, out)) return std::nullopt;
  auto slow = parse_request(policy, json);
  if (!slow) return slow.refusal();
  out = std::move(slow).value();
  return std::nullopt;
}

bool RequestReader::fast(const Policy& p, std::string_view text, Request& request) {
  if (text.size() > max_json_bytes) return false;
  Scanner s(text);
  bool member = false, order = false, redeem = false;
  const bool read = s.object([&](std::string_view key) {
    if (is(key, "member") && !member) return member = member_from(p, s, request.member);
    if (is(key, "order") && !order) return order = order_from(p, s, request.order);
    if (is(key, "redeem") && !redeem) return redeem = empty_array(s);  // redemptions: parse_request
    return false;
  });
  request.redeem.clear();
  return read && s.done() && member && order;
}

std::optional<Refusal> EventReader::read(std::string_view line, Event& out) const {
  if (fast(line, out)) return std::nullopt;
  auto slow = parse_event(policy_, line);
  if (!slow) return slow.refusal();
  out = std::move(slow).value();
  return std::nullopt;
}

// An order event in the usual compact form, {"type":"order","member":"…","order":{…}}, in that order.
bool usual_order_event(const Policy& p, Scanner& s, Event& e) {
  if (!(s.literal("{\"type\":\"order\",\"member\":") && text(s, e.member) && s.literal(",\"order\":") &&
        usual_order(p, s, e.order) && s.literal("}") && s.done()))
    return false;
  e.type = Event::Type::order;
  e.at = e.order.at;
  e.redeem.clear();
  e.birthday.reset();
  return true;
}

bool EventReader::fast(std::string_view line, Event& e) const {
  if (line.size() > max_json_bytes) return false;
  if (Scanner usual(line); usual_order_event(policy_, usual, e)) return true;
  Scanner s(line);  // any other form, or another event: field by field
  bool member = false, at = false, order = false, redeem = false, typed = false;
  const bool read = s.object([&](std::string_view key) {
    if (is(key, "type") && !typed) {
      std::string_view type;
      if (!s.string(type)) return false;
      if (is(type, "join")) {
        e.type = Event::Type::join;
      } else if (is(type, "order")) {
        e.type = Event::Type::order;
      } else if (is(type, "clock")) {
        e.type = Event::Type::clock;
      } else {
        return false;
      }
      return typed = true;
    }
    if (is(key, "member") && !member) return member = text(s, e.member);
    if (is(key, "at") && !at) return at = timestamp(s, e.at);
    if (is(key, "order") && !order) return order = order_from(policy_, s, e.order);
    if (is(key, "redeem") && !redeem) return redeem = empty_array(s);  // redemptions: parse_event
    return false;
  });
  if (!read || !s.done() || !typed) return false;
  e.redeem.clear();
  e.birthday.reset();  // a join with a birthday is read by parse_event
  switch (e.type) {
    case Event::Type::join:
      return member && at && !order && !redeem;
    case Event::Type::clock:
      return at && !member && !order && !redeem;
    case Event::Type::order:
      if (!(member && order && !at)) return false;
      e.at = e.order.at;
      return true;
  }
  return false;
}

}  // namespace loyalty
