// The fast paths of the event and request readers: simdjson's DOM parser
// over a reused buffer, filling a reused Event or Request. They take only
// what they can read exactly as parse_event and parse_request would (ASCII
// text without \u escapes, known fields once each, no nulls, no redemptions
// or returns) and hand everything else to those, so results and error
// messages are the same either way.
#include <simdjson.h>

#include <algorithm>

#include "loyalty/dsl/unicode.hpp"
#include "loyalty/json.hpp"
#include "rule_graph.hpp"

namespace loyalty {

namespace {

using namespace simdjson;

// Text of a string value; fails on anything else.
bool text(dom::element v, std::string& out) {
  std::string_view s;
  if (v.get_string().get(s) || s.size() > max_text_bytes) return false;
  out.assign(s.data(), s.size());
  return true;
}

// A decimal at `scale`: a string as parse_event reads it, or an integer.
bool units(dom::element v, int scale, std::int64_t& out) {
  switch (v.type()) {
    case dom::element_type::STRING: {
      std::string_view s;
      if (v.get_string().get(s)) return false;
      const auto d = parse_decimal(s);
      const auto u = d ? rescale_exact(*d, scale) : std::nullopt;
      if (!u) return false;
      out = *u;
      return true;
    }
    case dom::element_type::INT64: {
      std::int64_t i = 0;
      if (v.get_int64().get(i)) return false;
      const auto u = rescale_exact(Decimal{i, 0}, scale);
      if (!u) return false;
      out = *u;
      return true;
    }
    default:
      return false;  // fractions (kept exact by parse_event), huge numbers, other types
  }
}

bool timestamp(dom::element v, Timestamp& out) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  auto t = parse_timestamp(s);
  if (!t) return false;
  out = t.value();
  return true;
}

bool line_from(const Policy& p, dom::object o, Line& l) {
  bool sku = false, qty = false, price = false, category = false;
  l.category.clear();
  l.returns.reset();
  l.key = {};  // as parse_request leaves it: unresolved
  for (auto [key, v] : o) {
    if (key == "sku" && !sku) {
      if (!(sku = text(v, l.sku))) return false;
    } else if (key == "category" && !category) {
      if (!(category = text(v, l.category))) return false;
    } else if (key == "qty" && !qty) {
      if (!(qty = units(v, 0, l.qty))) return false;
    } else if (key == "price" && !price) {
      std::int64_t u = 0;
      if (!(price = units(v, p.money_scale, u) && u >= 0)) return false;
      l.price = Money{u};
    } else {
      return false;
    }
  }
  return sku && qty && price;
}

bool order_from(const Policy& p, dom::object o, Order& order) {
  bool id = false, at = false, lines = false, store = false, channel = false, discount = false;
  order.store.clear();
  order.channel.clear();
  order.discount = Money{};
  for (auto [key, v] : o) {
    if (key == "id" && !id) {
      if (!(id = text(v, order.id))) return false;
    } else if (key == "at" && !at) {
      if (!(at = timestamp(v, order.at))) return false;
    } else if (key == "store" && !store) {
      if (!(store = text(v, order.store))) return false;
    } else if (key == "channel" && !channel) {
      if (!(channel = text(v, order.channel))) return false;
    } else if (key == "discount" && !discount) {
      std::int64_t u = 0;
      if (!(discount = units(v, p.money_scale, u))) return false;
      order.discount = Money{u};
    } else if (key == "lines" && !lines) {
      dom::array a;
      if (v.get_array().get(a) || a.size() > max_order_lines) return false;
      std::size_t n = 0;
      for (dom::element item : a) {
        dom::object lo;
        if (item.get_object().get(lo)) return false;
        if (order.lines.size() <= n) order.lines.emplace_back();
        if (!line_from(p, lo, order.lines[n])) return false;
        ++n;
      }
      order.lines.resize(n);
      lines = true;
    } else {
      return false;
    }
  }
  return id && at && lines;
}

// The member fields a request's fast path reads; lots, caps, a birthday or
// vouchers held go to parse_request.
bool date_field(dom::element v, std::optional<Date>& out) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  out = parse_date(s);
  return out.has_value();
}

bool member_from(const Policy& p, dom::object o, Member& m) {
  bool id = false, tier = false, spend = false, cycle = false, points = false, orders = false, total = false, joined = false,
       start = false, vouchers = false;
  m = Member{};
  for (auto [key, v] : o) {
    std::int64_t u = 0;
    if (key == "id" && !id) {
      if (!(id = text(v, m.id))) return false;
    } else if (key == "tier" && !tier) {
      if (!(tier = text(v, m.tier))) return false;
    } else if (key == "spend" && !spend) {
      if (!(spend = units(v, p.money_scale, u))) return false;
      m.spend = Money{u};
    } else if (key == "cycle_spend" && !cycle) {
      if (!(cycle = units(v, p.money_scale, u))) return false;
      m.cycle_spend = Money{u};
    } else if (key == "points" && !points) {
      if (!(points = units(v, p.points_scale, u))) return false;
      m.points = Points{u};
    } else if (key == "total_spent" && !total) {
      if (!(total = units(v, p.money_scale, u))) return false;
      m.total_spent = Money{u};
    } else if (key == "orders" && !orders) {
      if (!(orders = units(v, 0, m.orders))) return false;
    } else if (key == "joined" && !joined) {
      if (!(joined = date_field(v, m.joined))) return false;
    } else if (key == "cycle_start" && !start) {
      if (!(start = date_field(v, m.cycle_start))) return false;
    } else if (key == "vouchers" && !vouchers) {
      dom::object held;
      if (v.get_object().get(held) || held.size() != 0) return false;
      vouchers = true;
    } else {
      return false;
    }
  }
  return id;
}

// Pads `text` for simdjson into `buffer` and parses it; false where it is
// not ASCII, or has a \u escape, which may spell a character beyond ASCII
// ("e\u0301"): NFC and UTF-8 checks are the slow path's.
bool parse_ascii(dom::parser& parser, std::string& buffer, std::string_view text, std::size_t readable_after, dom::object& out) {
  if (text.size() > max_json_bytes || !dsl::is_ascii(text) || text.find("\\u") != std::string_view::npos) return false;
  const char* json = text.data();
  if (readable_after < SIMDJSON_PADDING) {
    buffer.assign(text.data(), text.size());
    buffer.resize(text.size() + SIMDJSON_PADDING, ' ');
    json = buffer.data();
  }
  dom::element doc;
  if (parser.parse(json, text.size(), false).get(doc)) return false;
  return !doc.get_object().get(out);
}

}  // namespace

struct RequestReader::Impl {
  dom::parser parser;
  std::string buffer;

  bool fast(const Policy& p, std::string_view text, Request& request) {
    dom::object o;
    if (!parse_ascii(parser, buffer, text, 0, o)) return false;
    bool member = false, order = false, redeem = false;
    for (auto [key, v] : o) {
      dom::object inner;
      if (key == "member" && !member) {
        if (v.get_object().get(inner) || !member_from(p, inner, request.member)) return false;
        member = true;
      } else if (key == "order" && !order) {
        if (v.get_object().get(inner) || !order_from(p, inner, request.order)) return false;
        order = true;
      } else if (key == "redeem" && !redeem) {
        dom::array a;
        if (v.get_array().get(a) || a.size() != 0) return false;  // redemptions: parse_request
        redeem = true;
      } else {
        return false;
      }
    }
    request.redeem.clear();
    return member && order;
  }
};

RequestReader::RequestReader() : impl_(std::make_unique<Impl>()) {}
RequestReader::~RequestReader() = default;

std::optional<Refusal> RequestReader::read(const Policy& policy, std::string_view json, Request& out) {
  if (impl_->fast(policy, json, out)) return std::nullopt;
  auto slow = parse_request(policy, json);
  if (!slow) return slow.refusal();
  out = std::move(slow).value();
  return std::nullopt;
}

struct EventReader::Impl {
  explicit Impl(const Policy& p) : policy(p) {}
  const Policy& policy;
  dom::parser parser;  // simdjson picks the fastest kernel this CPU has at run time
  std::string buffer;  // the line, padded as simdjson needs

  bool fast(std::string_view line, Event& e, std::size_t readable_after) {
    dom::object o;
    if (!parse_ascii(parser, buffer, line, readable_after, o)) return false;
    bool member = false, at = false, order = false, redeem = false, typed = false;
    for (auto [key, v] : o) {
      if (key == "type" && !typed) {
        std::string_view type;
        if (v.get_string().get(type)) return false;
        if (type == "join") {
          e.type = Event::Type::join;
        } else if (type == "order") {
          e.type = Event::Type::order;
        } else if (type == "clock") {
          e.type = Event::Type::clock;
        } else {
          return false;
        }
        typed = true;
      } else if (key == "member" && !member) {
        if (!(member = text(v, e.member))) return false;
      } else if (key == "at" && !at) {
        if (!(at = timestamp(v, e.at))) return false;
      } else if (key == "order" && !order) {
        dom::object oo;
        if (v.get_object().get(oo) || !order_from(policy, oo, e.order)) return false;
        order = true;
      } else if (key == "redeem" && !redeem) {
        dom::array a;
        if (v.get_array().get(a) || a.size() != 0) return false;  // redemptions: parse_event
        redeem = true;
      } else {
        return false;
      }
    }
    if (!typed) return false;
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
};

EventReader::EventReader(const Policy& policy) : impl_(std::make_unique<Impl>(policy)) {}
EventReader::~EventReader() = default;

static_assert(SIMDJSON_PADDING <= EventReader::padding);

std::optional<Refusal> EventReader::read(std::string_view line, Event& out, std::size_t readable_after) {
  if (impl_->fast(line, out, readable_after)) return std::nullopt;
  auto slow = parse_event(impl_->policy, line);
  if (!slow) return slow.refusal();
  out = std::move(slow).value();
  return std::nullopt;
}

}  // namespace loyalty
