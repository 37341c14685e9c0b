#!/usr/bin/env python3
"""A reference model of what one order earns and costs, written from the
specification (POLICY.md sections 2 to 6, and docs/semantics.md and
docs/time.md where the specification leaves the choice to us), independently of the engine's code,
in exact fractions. It writes random policies and requests, has `loyalty
serve` evaluate them, and compares every decision with its own:

    reference_model.py --loyalty build/cli/loyalty [--seed 1] [--policies 100] [--orders 20]

What it models: money at 0, 2, 3 and 4 decimals (VND, EUR, BHD, a currency
with `decimals 4`), points at 0 to 3 decimals, the four rounding modes,
`earn on subtotal`, `returns stop at zero`, fixed and named time zones
(summer time included); the base earn per program and per tier, tier
qualification (`>`, `>=`) and retired tiers; rules on products, categories
(with their parents) and every line, cumulative and exclusive, each earn
form (`per unit`, `per M`, `per full M`, `P%`, `per order`), the conditions
`qty`, `amount`, `tier in`, `weekday in`, `date from .. to`, `time from ..
to`, `birthday`, `birthday month`, `total qty`, `total amount`, `store in`,
`channel in`, `first order`, `member orders`, `member spend`, caps per order
and per member over a period (with the member's `caps`); exclusions;
multipliers (`base`, `all`, `rule`); order earns; order discounts spread
over the lines; returns that name no sale, and returns that name it (what
the sale earned, for the units returned, from the lot of the sale's day);
redemptions: resale (minimum, step, caps), discounts on the order, a
product, a category or the cheapest line, gifts (one of several products
too), fixed and percentage vouchers with their caps, applied, bought for the
wallet or used from it, reward conditions, several entries for one reward
added up, and the refusal each gets; time: reviews every N days, months or
years from the join date or a calendar date (month-end and leap-day anchors,
every missed cycle, each condition and action), expiry of dated lots, and
how spending, earning and returns move the lots. It compares `earned`,
`paid`, `tier_after`, the member's `points`, wallet and capped rules' counts
(or the refusal code), and under reviews or expiry its `spend`,
`cycle_spend`, `cycle_start` and `lots`.

Exit 0 when every decision agrees; 1 with the policy and request of each
disagreement otherwise (at most a few)."""
import argparse
import calendar
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction as F
from zoneinfo import ZoneInfo

SKUS = [f"S{i}" for i in range(1, 8)]
CATEGORIES = ["A", "A/x", "A/y", "A/x/deep", "B", "B/x", "C"]
RULE_CATEGORIES = ["A", "A/x", "A/y", "A/x/deep", "B", "B/x"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
COMPARE = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
           "<": lambda a, b: a < b, "=": lambda a, b: a == b}


# ---------------------------------------------------------------- numbers

def round_whole(x, mode):
    """A non-negative fraction to a whole number, by the policy's rounding."""
    whole, rest = divmod(x.numerator, x.denominator)
    rest = F(rest, x.denominator)
    if rest == 0 or mode == "floor":
        return whole
    if mode == "ceil":
        return whole + 1
    if mode == "half_up":
        return whole + (rest >= F(1, 2))
    return whole + (rest > F(1, 2) or (rest == F(1, 2) and whole % 2 == 1))  # half_even


def round_points(value, point_scale, mode):
    """Points (a fraction) to point units, rounding the magnitude (POLICY.md section 4, returns)."""
    units = round_whole(abs(value) * 10**point_scale, mode)
    return -units if value < 0 else units


def units_of(text, scale):
    return int(Decimal(text) * 10**scale)


def json_money(units, scale):
    """Money as a request writes it: 5000, 12.5."""
    return str(units) if scale == 0 else str(Decimal(units) / 10**scale)


def money_text(units, scale):
    """Money as the language writes it: 5_000 in VND, 12.5 in EUR."""
    return f"{units:_}" if scale == 0 else json_money(units, scale)


def number_text(f):
    return format((Decimal(f.numerator) / Decimal(f.denominator)).normalize(), "f")


def local(p, at):
    """A timestamp's local time: in the policy's time zone, else in the offset it was written with."""
    written = datetime.datetime.fromisoformat(at)
    if p.zone is None:
        return written
    zone = datetime.datetime.strptime(p.zone, "%z").tzinfo if p.zone[0] in "+-" else ZoneInfo(p.zone)
    return written.astimezone(zone)


def after_periods(anchor, period, k):
    """The day k periods after `anchor`; a month keeps the anchor's day,
    clamped to the month's length, always counted from the anchor (docs/time.md)."""
    n, unit = period
    if unit == "days":
        return anchor + datetime.timedelta(days=k * n)
    months = anchor.year * 12 + anchor.month - 1 + k * n * (12 if unit == "years" else 1)
    year, month = divmod(months, 12)
    return datetime.date(year, month + 1, min(anchor.day, calendar.monthrange(year, month + 1)[1]))


def period_start(day, period):
    """The first day of the calendar period of a cap per member (weeks start on Monday)."""
    return {"day": day, "week": day - datetime.timedelta(days=day.weekday()), "month": day.replace(day=1),
            "year": day.replace(month=1, day=1)}[period]


def cycle_index(anchor, period, day):
    """The k with after_periods(k) <= day < after_periods(k + 1)."""
    k = 0
    while after_periods(anchor, period, k) > day:
        k -= 1
    while after_periods(anchor, period, k + 1) <= day:
        k += 1
    return k


# ---------------------------------------------------------------- policies

class Policy:
    """A random policy, as data; `text()` writes it in the language."""

    def __init__(self, r):
        self.currency, self.money_scale = r.choice([("VND", 0), ("VND", 0), ("EUR", 2), ("EUR", 2), ("BHD", 3),
                                                    ("XBT decimals 4", 4)])
        self.point_scale = r.choice([0, 0, 2, 1, 3])
        self.rounding = r.choice(["floor", "half_up", "half_even", "ceil", None])
        self.subtotal = r.random() < 0.2
        self.stop_at_zero = r.random() < 0.2
        self.zone = r.choice([None, None, None, "+09:00", "-05:00", "+05:30", "Europe/Paris", "America/New_York"])
        # A "round" amount of money: a thousand dong, or one unit of the other currencies.
        self.big = 1000 if self.money_scale == 0 else 10**self.money_scale

        self.base = self.random_base(r) if r.random() < 0.8 else None
        self.tiers = []  # (id, threshold or None for the default, operator, base earn or None)
        if r.random() < 0.7:
            threshold = 0
            for k in range(r.choice([2, 3])):
                earn = self.random_base(r) if r.random() < 0.6 else None
                if k == 0:
                    self.tiers.append((f"t{k}", None, None, earn))
                else:
                    threshold += r.choice([50, 100, 500]) * self.big * (1000 if self.money_scale == 0 else 1)
                    self.tiers.append((f"t{k}", threshold, r.choice([">", ">="]), earn))
        self.retired = r.choice([t[0] for t in self.tiers[1:]]) if len(self.tiers) >= 2 and r.random() < 0.25 else None
        self.order_earns = []  # (points, condition or None)
        for _ in range(r.choice([0, 0, 1, 2])):
            pick, condition = r.random(), None
            if pick < 0.4:
                condition = ("amount", r.choice([">=", ">"]), r.choice([100, 300, 500]) * self.big)
            elif pick < 0.6:
                condition = r.choice([("qty", ">=", r.choice([2, 5])), ("total qty", ">=", r.choice([2, 5])),
                                      ("first order",), ("member orders", ">=", 2), ("store", ["HN01"]),
                                      ("channel", ["online", "pos"])])
            self.order_earns.append((F(r.choice([5, 10, 20])), condition))
        self.exclusions = []
        if r.random() < 0.2:
            self.exclusions.append(r.choice([("product", [r.choice(SKUS)]), ("category", [r.choice(["B", "A/y", "C"])])]))
        self.rules = [self.random_rule(r, k) for k in range(r.choice([0, 1, 2, 3, 4, 5]))]
        self.multipliers = []  # (base | all | rule, rule ids, factor, weekdays)
        for _ in range(r.choice([0, 0, 1, 2])):
            what = r.choice(["base", "all", "rule"])
            if what == "rule" and not self.rules:
                what = "base"
            names = [r.choice(self.rules)["id"]] if what == "rule" else None
            self.multipliers.append((what, names, r.choice([F(2), F(3, 2), F(3)]), r.sample(WEEKDAYS, r.choice([2, 4, 6]))))
        self.rewards = [self.random_reward(r, k) for k in range(r.choice([0, 1, 2, 3]))]
        self.review = self.random_review(r) if self.tiers and r.random() < 0.35 else None
        self.expiry = r.choice([(6, "months"), (12, "months"), (30, "days"), (1, "years")]) if r.random() < 0.3 else None

    def random_review(self, r):
        """`review every N unit from joined|DATE`, with a line for some tiers."""
        review = {"every": r.choice([(1, "months"), (3, "months"), (12, "months"), (1, "years"), (28, "days"), (2, "months")]),
                  "from": r.choice([None, None, datetime.date(2025, 1, 31), datetime.date(2024, 2, 29),
                                    datetime.date(2025, 8, 15)]),
                  "lines": {}}
        lower_active = []
        for k, (id, threshold, op, earn) in enumerate(self.tiers):
            if r.random() < 0.75:
                condition = None if r.random() < 0.2 else (r.choice(["cycle_spend", "spend"]), r.choice(["<", "<="]),
                                                           r.choice([1, 10, 100]) * 1000 * self.big)
                demote = r.choice(lower_active) if lower_active and r.random() < 0.5 else None
                spend = r.choice([("keep", None), ("reduce", r.choice([50, 500]) * 1000 * self.big),
                                  ("reset", r.choice([0, 5, 60]) * 1000 * self.big)])
                review["lines"][id] = (condition, demote, spend)
            if id != self.retired:
                lower_active.append(id)
        return review

    def random_base(self, r):
        if r.random() < 0.5:
            return ("pct", r.choice([F(1), F(2), F(5), F(1, 2), F(5, 1000), F(3)]))
        per = r.choice([1, 10, 1000, 10000]) if self.money_scale == 0 else r.choice([1, 2, 10]) * self.big
        return ("per", F(r.choice([1, 2, 3])), per)

    def random_rule(self, r, k):
        pick = r.random()
        if pick < 0.4:
            target = ("product", r.sample(SKUS, r.choice([1, 2])))
        elif pick < 0.85:
            target = ("category", [r.choice(RULE_CATEGORIES)])
        else:
            target = ("every", None)
        earns = []
        for _ in range(r.choice([1, 1, 2])):
            pick = r.random()
            if pick < 0.3:
                earns.append(("unit", F(r.choice([1, 2, 5]))))
            elif pick < 0.55:
                per = r.choice([1000, 10000, 7000]) if self.money_scale == 0 else r.choice([1, 3, 10]) * self.big
                earns.append(("per", F(r.choice([1, 3])), per))
            elif pick < 0.8:
                earns.append(("full", F(r.choice([1, 2])), r.choice([1, 10]) * self.big))
            elif pick < 0.92:
                earns.append(("pct", r.choice([F(1), F(5), F(1, 2), F(10)])))
            else:
                earns.append(("order", F(r.choice([3, 10]))))
        conditions = []
        if r.random() < 0.35:
            pick = r.random()
            if pick < 0.3:
                conditions.append(("qty", r.choice([">=", ">", "<="]), r.choice([1, 2, 3])))
            elif pick < 0.6:
                conditions.append(("amount", r.choice([">=", "<"]), r.choice([50, 100, 200]) * self.big))
            elif pick < 0.7:  # a policy without tiers has one, `default`
                conditions.append(("tier", [r.choice(self.tiers)[0] if self.tiers else "default"]))
            elif pick < 0.8:
                conditions.append(r.choice([("total qty", r.choice([">=", "<"]), r.choice([2, 4, 6])),
                                            ("total amount", ">=", r.choice([100, 400]) * self.big)]))
            elif pick < 0.85:
                conditions.append(r.choice([("store", ["HN01", "HCM02"]), ("channel", ["online"]), ("first order",),
                                            ("member spend", ">=", 50 * 1000 * self.big), ("member orders", ">", 1),
                                            ("birthday",), ("birthday month",),
                                            r.choice([("time", 9, 17), ("time", 22, 2), ("time", 6, 24), ("time", 0, 12)])]))
            elif pick < 0.9:
                first = datetime.date(2026, 1, 1) + datetime.timedelta(days=r.randint(0, 300))
                conditions.append(("date", first, first + datetime.timedelta(days=r.choice([0, 6, 60]))))
            else:
                conditions.append(("weekday", r.sample(WEEKDAYS, r.choice([1, 2, 3]))))
        return {"id": f"r{k}", "target": target, "exclusive": r.random() < 0.4, "earns": earns,
                "conditions": conditions, "cap": F(r.choice([5, 10, 50])) if r.random() < 0.25 else None,
                "member_cap": (F(r.choice([10, 40])), r.choice(["day", "week", "month", "year"])) if r.random() < 0.2 else None}

    def random_reward(self, r, k):
        reward = {"id": f"W{k}", "kind": r.choice(["resale", "discount", "voucher", "gift"]),
                  "minimum": r.choice([None, None, 100, 1000]),
                  "when": r.choice([None, None, None, ("amount", ">=", 200 * self.big), ("weekday", ["sat", "sun"]),
                                    ("tier", [self.tiers[-1][0] if self.tiers else "default"])])}
        if reward["kind"] == "resale":  # N points = M money
            reward["rate"] = r.choice([(1, 100), (1, 1000), (10, 500)]) if self.money_scale == 0 else r.choice(
                [(1, 1), (10, 5), (1, 10)])
            reward["max_pct"] = r.choice([None, F(50), F(100), F(20)])
            reward["max"] = r.choice([None, 200 * self.big, 5 * 10**self.money_scale])
            reward["step"] = r.choice([None, 10, 100])
        elif reward["kind"] == "discount":
            reward["pct"] = r.choice([None, F(10), F(25), F(15, 2)])
            reward["value"] = None if reward["pct"] else r.choice([20, 50]) * self.big
            reward["max"] = r.choice([None, 30 * self.big])
            reward["cost"] = r.choice([50, 200])
            reward["on"] = r.choice(["order", "order", "cheapest line", f'product "{r.choice(SKUS)}"',
                                     f'category "{r.choice(["A", "A/x", "B"])}"'])
        elif reward["kind"] == "gift":
            reward["gift"] = r.choice([["G1"], ["G2"], ["G1", "G2"]])  # two: the request chooses
            reward["qty"] = r.choice([1, 2])
            reward["cost"] = r.choice([20, 150])
        else:
            reward["pct"] = F(10) if r.random() < 0.25 else None  # worth 10% of the order it is used on
            reward["value"] = None if reward["pct"] else r.choice([50, 100]) * self.big
            reward["max"] = r.choice([None, 30 * self.big, 150 * self.big])
            reward["max_pct"] = r.choice([None, F(50)]) if not reward["pct"] else None
            reward["cost"] = r.choice([50, 300])
        return reward

    # -- the policy's text

    def money(self, units):
        return money_text(units, self.money_scale)

    def earn_text(self, earn):
        kind, n = earn[0], earn[1]
        points = f"{number_text(n)} point{'' if n == 1 else 's'}"
        return {"pct": lambda: f"earn {number_text(n)}%",
                "per": lambda: f"earn {points} per {self.money(earn[2])}",
                "full": lambda: f"earn {points} per full {self.money(earn[2])}",
                "unit": lambda: f"earn {points} per unit",
                "order": lambda: f"earn {points} per order"}[kind]()

    def condition_text(self, c):
        kind = c[0]
        if kind in ("qty", "total qty", "member orders"):
            return f"{kind} {c[1]} {c[2]}"
        if kind in ("amount", "total amount", "member spend"):
            return f"{kind} {c[1]} {self.money(c[2])}"
        if kind in ("first order", "birthday", "birthday month"):
            return kind
        if kind == "time":
            return f"time from {c[1]}:00 to {c[2]}:00"
        if kind in ("store", "channel"):
            return f"{kind} in [" + ", ".join(f'"{n}"' for n in c[1]) + "]"
        if kind == "date":
            return f"date from {c[1].isoformat()} to {c[2].isoformat()}"
        return f"{kind} in [{', '.join(c[1])}]"

    def text(self):
        out = ['policy "model" {', f"  currency {self.currency}"]
        if self.point_scale:
            out.append(f"  points decimals {self.point_scale}")
        if self.rounding:
            out.append(f"  rounding {self.rounding}")
        if self.subtotal:
            out.append("  earn on subtotal")
        if self.stop_at_zero:
            out.append("  returns stop at zero")
        if self.zone:
            out.append(f"  timezone {self.zone}")
        if self.base:
            out.append("  " + self.earn_text(self.base))
        for points, condition in self.order_earns:
            when = f" when {self.condition_text(condition)}" if condition else ""
            out.append(f"  earn {number_text(points)} points per order{when}")
        for id, threshold, op, earn in self.tiers:
            flags = (" default" if threshold is None else "") + (" retired" if id == self.retired else "")
            out.append(f"  tier {id}{flags} {{")
            if threshold is not None:
                out.append(f"    qualify when spend {op} {self.money(threshold)}")
            if earn:
                out.append("    " + self.earn_text(earn))
            out.append("  }")
        for kind, names in self.exclusions:
            out.append(f"  exclude {kind} " + ", ".join(f'"{n}"' for n in names))
        for what, names, factor, days in self.multipliers:
            subject = "rule " + ", ".join(names) if what == "rule" else what
            out.append(f"  multiply {subject} by {number_text(factor)} when weekday in [{', '.join(days)}]")
        for rule in self.rules:
            kind, names = rule["target"]
            on = "on every line" if kind == "every" else f"on {kind} " + ", ".join(f'"{n}"' for n in names)
            out.append(f"  rule {rule['id']} {on}{' exclusive' if rule['exclusive'] else ''} {{")
            out += ["    " + self.earn_text(e) for e in rule["earns"]]
            out += ["    when " + self.condition_text(c) for c in rule["conditions"]]
            if rule["cap"] is not None:
                out.append(f"    cap {number_text(rule['cap'])} points")
            if rule["member_cap"] is not None:
                out.append(f"    cap {number_text(rule['member_cap'][0])} points per member per {rule['member_cap'][1]}")
            out.append("  }")
        for reward in self.rewards:
            out.append(f"  reward {reward['id']} {{")
            if reward["kind"] == "resale":
                n, m = reward["rate"]
                out.append(f"    resale {n} point{'' if n == 1 else 's'} = {self.money(m)}")
                if reward["max_pct"]:
                    out.append(f"    max {number_text(reward['max_pct'])}% of order")
                if reward["max"]:
                    out.append(f"    max {self.money(reward['max'])} per order")
                if reward["step"]:
                    out.append(f"    step {reward['step']} points")
            else:
                value = f"{number_text(reward['pct'])}%" if reward.get("pct") else self.money(reward.get("value", 0))
                if reward["kind"] == "discount":
                    out.append(f"    discount {value} on {reward['on']}")
                elif reward["kind"] == "gift":
                    skus = ", ".join(f'"{g}"' for g in reward["gift"])
                    out.append(f"    gift {'one of ' if len(reward['gift']) > 1 else ''}{skus} qty {reward['qty']}")
                else:
                    out.append(f"    voucher {value}")
                out.append(f"    cost {reward['cost']} points")
                if reward.get("max"):
                    out.append(f"    max {self.money(reward['max'])}")
                if reward.get("max_pct"):
                    out.append(f"    max {number_text(reward['max_pct'])}% of order")
            if reward["minimum"]:
                out.append(f"    minimum {reward['minimum']} points")
            if reward["when"]:
                out.append(f"    when {self.condition_text(reward['when'])}")
            out.append("  }")
        if self.review:
            anchor = self.review["from"].isoformat() if self.review["from"] else "joined"
            out.append(f"  review every {self.review['every'][0]} {self.review['every'][1]} from {anchor} {{")
            for id, (condition, demote, (action, amount)) in self.review["lines"].items():
                when = f" when {condition[0]} {condition[1]} {self.money(condition[2])}" if condition else ""
                actions = [f"demote to {demote}" if demote else "keep tier",
                           {"keep": "keep spend", "reduce": f"reduce spend by {self.money(amount or 0)}",
                            "reset": f"reset spend to {self.money(amount or 0)}"}[action]]
                out.append(f"    {id}{when}: {', '.join(actions)}")
            out.append("  }")
        if self.expiry:
            out.append(f"  points expire after {self.expiry[0]} {self.expiry[1]}")
        out.append("}")
        return "\n".join(out) + "\n"


def random_request(r, p, k):
    """A request (as JSON) for a random member and order."""
    lines = []
    for _ in range(r.choice([1, 1, 2, 3, 4])):
        price = r.choice([1, 5, 10, 25, 99, 150, 300]) * p.big
        if r.random() < 0.3:
            price += r.choice([1, 50, 99]) if p.money_scale else r.choice([1, 500, 999])
        lines.append({"sku": r.choice(SKUS), "category": r.choice(CATEGORIES), "qty": r.choice([1, 1, 2, 3, 5, -1, -2]),
                      "price": json_money(price, p.money_scale)})
    for l in lines:
        if l["qty"] < 0 and r.random() < 0.5:  # names its sale: what that line sold and earned
            points = r.choice(["0", "3", "10", "25"] + (["12.5"] if p.point_scale else []) +
                              (["0.07"] if p.point_scale >= 2 else []))
            l["returns"] = {"order": "SALE", "line": 0, "qty": -l["qty"] + r.choice([0, 0, 1, 3]), "points": points}
    positive = sum(units_of(l["price"], p.money_scale) * l["qty"] for l in lines if l["qty"] > 0)
    offset = r.choice(["+07:00", "+07:00", "+00:00", "-05:00"])
    order = {"id": f"O{k}", "at": f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:00:00{offset}",
             "lines": lines}
    if positive > 0 and r.random() < 0.3:
        order["discount"] = json_money(r.randint(0, positive), p.money_scale)
    member = {"id": f"M{k}", "spend": json_money(r.choice([0, 1, 50, 200, 1000]) * 1000 * p.big, p.money_scale),
              "points": str(r.choice([0, 5, 120]))}
    if p.tiers:
        member["tier"] = r.choice(p.tiers)[0]
    member["orders"] = r.choice([0, 0, 1, 2, 7])
    request = {"member": member, "order": order}
    if p.rewards and all(l["qty"] > 0 for l in lines) and r.random() < 0.6:
        member["points"] = str(r.choice([100, 500, 2000, 20000]))
        redeem = []
        for reward in r.sample(p.rewards, r.choice([1, 1, 2]) if len(p.rewards) > 1 else 1):
            entry = {"reward": reward["id"]}
            if reward["kind"] == "resale":
                entry["points"] = str(r.choice([10, 100, 200, 1000, 5000]))
            elif reward["kind"] == "voucher":
                entry["qty"] = r.choice([1, 2])
                pick = r.random()
                if pick < 0.3:
                    entry["to"] = "wallet"
                elif pick < 0.6:  # a voucher the member holds (or not)
                    entry = {"voucher": reward["id"], "qty": entry["qty"]}
                    member["vouchers"] = {reward["id"]: r.choice([0, 1, 3])}
            elif reward["kind"] == "gift":
                if r.random() < 0.5:
                    entry["qty"] = r.choice([1, 2])
                if len(reward["gift"]) > 1 or r.random() < 0.1:
                    choice = r.choice(["G1", "G2", "G3", None])
                    if choice:
                        entry["sku"] = choice
            redeem.append(entry)
        if r.random() < 0.15:  # the same reward again, in another entry
            redeem.append(dict(r.choice(redeem)))
        request["redeem"] = redeem
    if p.review or p.expiry:  # a member with a past: joined, a cycle, dated points; an order up to years later
        joined = r.choice([datetime.date(2024, 2, 29), datetime.date(2025, 1, 31)]) if r.random() < 0.2 else (
            datetime.date(2024, 6, 1) + datetime.timedelta(days=r.randint(0, 700)))
        member["joined"] = joined.isoformat()
        today = joined + datetime.timedelta(days=r.randint(0, 900))
        order["at"] = f"{today.isoformat()}T{r.randint(0, 23):02d}:00:00{offset}"
        if p.review:
            anchor = p.review["from"] or joined
            first = cycle_index(anchor, p.review["every"], joined)  # the cycle the member joined in
            k = r.randint(first, cycle_index(anchor, p.review["every"], today))
            member["cycle_start"] = after_periods(anchor, p.review["every"], k).isoformat()
            member["cycle_spend"] = json_money(r.choice([0, 1, 20, 200]) * 1000 * p.big, p.money_scale)
        if p.expiry:
            balance = int(member["points"])
            # Lots from before the order's day, wherever its time zone puts it.
            days = sorted(set(joined + datetime.timedelta(days=r.randint(0, max(0, (today - joined).days - 2)))
                              for _ in range(r.choice([0, 1, 2, 3]) if (today - joined).days > 2 else 0)))
            lots = []
            for d in days:
                if balance > 0:
                    points = r.randint(1, balance)
                    balance -= points
                    lots.append({"earned": d.isoformat(), "points": str(points)})
            member["lots"] = lots
            for l in lines:  # a named sale made on the day of a lot, or another day
                if "returns" in l and r.random() < 0.7:
                    sold = r.choice([datetime.date.fromisoformat(lot["earned"]) for lot in lots] + [joined])
                    l["returns"]["at"] = f"{sold.isoformat()}T10:00:00+07:00"
    if r.random() < 0.5:  # often the order's own day or month
        at = local(p, order["at"]).date()
        birthday = r.choice([at, at.replace(day=1), datetime.date(2024, 2, 29), datetime.date(2024, r.randint(1, 12), 1)])
        member["birthday"] = f"{birthday.month:02d}-{birthday.day:02d}"
    capped = [rule for rule in p.rules if rule["member_cap"]]
    if capped and r.random() < 0.6:
        rule = r.choice(capped)
        at = local(p, order["at"]).date()
        since = r.choice([period_start(at, rule["member_cap"][1]), datetime.date(2025, 1, 1)])
        member["caps"] = {rule["id"]: {"since": since.isoformat(), "points": str(r.choice([0, 5, 30, 40]))}}
    if r.random() < 0.7:
        order["store"] = r.choice(["HN01", "HCM02", "DN03"])
    if r.random() < 0.7:
        order["channel"] = r.choice(["pos", "online"])
    return request


# ---------------------------------------------------------------- the model

def spread(discount, gross):
    """The discount over the lines with a positive gross amount, pro rata,
    shares rounded down and the units left to the largest remainders
    (the earlier line on a tie): POLICY.md section 3, net amounts."""
    positive = sum(g for g in gross if g > 0)
    shares = [discount * g // positive if g > 0 else 0 for g in gross]
    by_remainder = sorted((-(discount * g % positive), i) for i, g in enumerate(gross) if g > 0)
    for _, i in by_remainder[:discount - sum(shares)]:
        shares[i] += 1
    return [g - s for g, s in zip(gross, shares)]


def voucher_value(reward, qty, total):
    """What `qty` vouchers of a reward take off an order of `total`, or a
    refusal: a fixed value must fit the caps (the member chose how many); a
    percentage voucher is one per order, trimmed to its max."""
    if reward["pct"] is not None:
        if qty > 1:
            return "cap-exceeded", 0
        money = round_whole(total * reward["pct"] / 100, "half_up")
        return None, money if reward["max"] is None else min(money, reward["max"])
    money = reward["value"] * qty
    if (reward["max"] is not None and money > reward["max"]) or (
            reward["max_pct"] is not None and money > total * reward["max_pct"] / 100):
        return "cap-exceeded", 0
    return None, money


def redeem(p, request, balance, total, vouchers, holds):
    """Money off and points spent by the request's redemptions, or a refusal
    code; `vouchers` (the wallet) changes. `holds(condition)` reads a
    reward's condition on the order. Entries naming the same reward (and,
    for a gift, the same product) are added up first, then the rewards are
    weighed in the order they first appear (docs/semantics.md)."""
    lines = [l for l in request["order"]["lines"] if l["qty"] > 0]
    asks = {}  # (reward id, gift product): what all the entries ask together
    for entry in request.get("redeem", []):  # what the request asks must make sense before any is weighed
        reward = next(w for w in p.rewards if w["id"] == entry.get("voucher", entry.get("reward")))
        if reward["kind"] == "gift" and len(reward["gift"]) == 1 and entry.get("sku", reward["gift"][0]) != reward["gift"][0]:
            return "bad-input", 0, 0
        if reward["kind"] == "gift" and len(reward["gift"]) > 1 and entry.get("sku") not in reward["gift"]:
            return "not-a-choice", 0, 0
        ask = asks.setdefault((reward["id"], entry.get("sku", "")), {"reward": reward, "points": 0, "now": 0, "wallet": 0,
                                                                     "held": 0})
        if "voucher" in entry:
            ask["held"] += entry["qty"]
        elif entry.get("to") == "wallet":
            ask["wallet"] += entry["qty"]
        elif reward["kind"] == "resale":
            ask["points"] += units_of(entry["points"], p.point_scale)
        else:
            ask["now"] += entry.get("qty", 1)
    spent, left = 0, total
    for ask in asks.values():
        reward = ask["reward"]
        if ask["held"] and vouchers.get(reward["id"], 0) < ask["held"]:
            return "voucher-not-held", 0, 0
        if ask["points"] or ask["now"] or ask["wallet"]:  # held vouchers were paid for: no condition, no minimum
            if reward["when"] and not holds(reward["when"]):
                return "condition-not-met", 0, 0
            if reward["minimum"] is not None and balance < reward["minimum"] * 10**p.point_scale:
                return "minimum-balance", 0, 0
        money = 0
        if reward["kind"] == "resale":
            points = ask["points"]
            if reward["step"] and points % (reward["step"] * 10**p.point_scale):
                return "step", 0, 0
            n, m = reward["rate"]
            money = points * m // (n * 10**p.point_scale)  # rounded down: points never buy more than they are worth
            if ((reward["max_pct"] is not None and money > total * reward["max_pct"] / 100) or
                    (reward["max"] is not None and money > reward["max"]) or money > left):
                return "cap-exceeded", 0, 0
            spent += points
        elif reward["kind"] == "discount":
            if ask["now"] > 1:  # once per order
                return "cap-exceeded", 0, 0
            base = total
            if reward["on"] == "cheapest line":  # the bought line with the lowest unit price, the first on a tie
                cheapest = min(lines, key=lambda l: Decimal(l["price"]), default=None)
                base = None if cheapest is None else cheapest["qty"] * units_of(cheapest["price"], p.money_scale)
            elif reward["on"] != "order":  # product "S" or category "C": its bought lines, all their units
                name = reward["on"].split('"')[1]
                mine = [l["qty"] * units_of(l["price"], p.money_scale) for l in lines
                        if (l["sku"] == name if reward["on"].startswith("product") else
                            l["category"] == name or l["category"].startswith(name + "/"))]
                base = sum(mine) if mine else None
            if base is None:
                return "not-applicable", 0, 0
            if reward["pct"] is not None:
                money = round_whole(base * reward["pct"] / 100, "half_up")
            else:
                money = min(reward["value"], base)
            if reward["max"] is not None:
                money = min(money, reward["max"])
            spent += reward["cost"] * 10**p.point_scale
        elif reward["kind"] == "gift":  # a free line, which earns nothing
            spent += reward["cost"] * ask["now"] * 10**p.point_scale
        else:  # vouchers used on this order (held and bought now) fit the caps together; those for the wallet wait
            used = ask["now"] + ask["held"]
            if used:
                refused, money = voucher_value(reward, used, total)
                if refused:
                    return refused, 0, 0
                if reward["pct"] is None:  # each held voucher, then each bought one, trimmed to what is left
                    each = reward["value"]
                    money = min(each * ask["held"], left)
                    money += min(each * ask["now"], left - money)
            vouchers[reward["id"]] = vouchers.get(reward["id"], 0) - ask["held"] + ask["wallet"]
            spent += reward["cost"] * (ask["now"] + ask["wallet"]) * 10**p.point_scale
        left -= min(money, left)  # trimmed to what is left to pay
    if spent > balance:
        return "insufficient-points", 0, 0
    return None, total - left, spent


def catch_up(p, m, today):
    """Every review and expiry due by `today` (at 00:00 local of its day),
    oldest first, a review before an expiry of the same day (docs/time.md)."""
    while True:
        review = expiry = datetime.date.max
        if p.review:
            anchor = p.review["from"] or m["joined"]
            k = cycle_index(anchor, p.review["every"], m["cycle_start"])
            if p.review["from"] is None:  # from joined: the first review is one period after joining
                k = max(k, 0)
            review = after_periods(anchor, p.review["every"], k + 1)
        if p.expiry and m["lots"]:
            expiry = after_periods(m["lots"][0][0], p.expiry, 1)
        if min(review, expiry) > today:
            return
        if review <= expiry:
            line = p.review["lines"].get(m["tier"])
            if line:
                condition, demote, (action, amount) = line
                if condition is None or COMPARE[condition[1]](m[condition[0]], condition[2]):
                    if demote:
                        m["tier"] = demote
                    if action == "reduce":
                        m["spend"] = max(0, m["spend"] - amount)
                    elif action == "reset":
                        m["spend"] = amount
            m["cycle_spend"] = 0
            m["cycle_start"] = review
        else:
            _, points = m["lots"].pop(0)
            m["points"] -= points


def is_birthday(birthday, day):
    """29 February is celebrated on 28 February in other years."""
    if not birthday:
        return False
    month, dom = int(birthday[:2]), int(birthday[3:])
    leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
    if (month, dom) == (2, 29) and not leap:
        dom = 28
    return (day.month, day.day) == (month, dom)


def used_in_period(p, caps, rule_id, since):
    """What a capped rule gave the member in the period that starts on `since`, in point units."""
    use = (caps or {}).get(rule_id)
    return units_of(use["points"], p.point_scale) if use and use["since"] == since.isoformat() else 0


def spend_points(m, points):
    """Undated points first, then the oldest lots."""
    undated = m["points"] - sum(p for _, p in m["lots"])
    m["points"] -= points
    points -= min(points, max(undated, 0))
    while points > 0 and m["lots"]:
        day, held = m["lots"][0]
        if held <= points:
            m["lots"].pop(0)
            points -= held
        else:
            m["lots"][0] = (day, held - points)
            points = 0


def take_back(m, points):
    """A return's points: from the newest lots first, then the undated points."""
    m["points"] -= points
    while points > 0 and m["lots"]:
        day, held = m["lots"][-1]
        if held <= points:
            m["lots"].pop()
            points -= held
        else:
            m["lots"][-1] = (day, held - points)
            points = 0


def evaluate(p, request):
    """(earned, paid, tier after, points, wallet, cap counts[, spend,
    cycle_spend, cycle_start, lots]) after the order, in units, or
    ("refused", code)."""
    now = local(p, request["order"]["at"])
    day = now.date()
    given = request["member"]
    m = {"tier": given.get("tier") or (p.tiers[0][0] if p.tiers else "default"),
         "spend": units_of(given["spend"], p.money_scale), "cycle_spend": units_of(given.get("cycle_spend", "0"), p.money_scale),
         "points": units_of(given["points"], p.point_scale),
         "joined": datetime.date.fromisoformat(given["joined"]) if "joined" in given else None,
         "cycle_start": datetime.date.fromisoformat(given["cycle_start"]) if "cycle_start" in given else None,
         "lots": [(datetime.date.fromisoformat(l["earned"]), units_of(l["points"], p.point_scale))
                  for l in given.get("lots", [])]}
    catch_up(p, m, day)
    lines = request["order"]["lines"]
    qty = [l["qty"] for l in lines]
    gross = [l["qty"] * units_of(l["price"], p.money_scale) for l in lines]
    order_discount = units_of(request["order"].get("discount", "0"), p.money_scale)
    balance = m["points"]
    vouchers = dict(request["member"].get("vouchers", {}))
    before = sum(gross) - order_discount  # the order's total before redemptions

    def reward_holds(c):  # a reward's condition, read on the order ("amount": its total before redemptions)
        return {"amount": lambda: COMPARE[c[1]](before, c[2]), "tier": lambda: m["tier"] in c[1],
                "weekday": lambda: WEEKDAYS[day.weekday()] in c[1]}[c[0]]()

    refused, money_off, spent = redeem(p, request, balance, before, vouchers, reward_holds)
    if refused:
        return "refused", refused
    discount = order_discount + money_off
    net = spread(discount, gross) if discount else gross
    paid = sum(gross) - discount
    amounts = gross if p.subtotal else net
    weekday = WEEKDAYS[day.weekday()]
    hour = now.hour
    tiers = p.tiers or [("default", None, None, None)]
    tier = m["tier"]
    start = [t[0] for t in tiers].index(tier)
    mode = p.rounding or "floor"

    def under(category, paths):
        return any(category == path or category.startswith(path + "/") for path in paths)

    def names_sale(i):
        """A returned line that names its sale, with what the sale's line sold and earned."""
        back = lines[i].get("returns")
        return qty[i] < 0 and back is not None and "points" in back and back["qty"] > 0

    def excluded(i):
        return any((kind == "product" and lines[i]["sku"] in names) or (kind == "category" and under(lines[i]["category"], names))
                   for kind, names in p.exclusions)

    def targets(rule, i):
        kind, names = rule["target"]
        return kind == "every" or (kind == "product" and lines[i]["sku"] in names) or (
            kind == "category" and under(lines[i]["category"], names))

    order = request["order"]

    def all_hold(conditions, facts):
        facts = dict(facts, **{"member orders": given.get("orders", 0), "member spend": m["spend"]})
        for c in conditions:
            if c[0] in facts and not COMPARE[c[1]](facts[c[0]], c[2]):
                return False
            if ((c[0] == "tier" and tier not in c[1]) or (c[0] == "weekday" and weekday not in c[1]) or
                    (c[0] == "date" and not c[1] <= day <= c[2]) or (c[0] == "first order" and given.get("orders", 0)) or
                    (c[0] in ("store", "channel") and order.get(c[0], "") not in c[1]) or
                    (c[0] == "birthday" and not is_birthday(given.get("birthday"), day)) or
                    (c[0] == "birthday month" and not given.get("birthday", "00-").startswith(f"{day.month:02d}-")) or
                    (c[0] == "time" and not (c[1] <= hour < c[2] if c[1] < c[2] else hour >= c[1] or hour < c[2]))):
                return False
        return True

    def holds(rule, i):
        mine = [k for k in range(len(lines)) if targets(rule, k) and not excluded(k) and not names_sale(k)]
        return all_hold(rule["conditions"], {"qty": abs(qty[i]), "amount": abs(amounts[i]),
                                             "total qty": abs(sum(qty[k] for k in mine)),
                                             "total amount": abs(sum(amounts[k] for k in mine))})

    def rules_for(i):
        """Product rules, the line's category, each parent, every line; exclusive first within each."""
        parts = lines[i]["category"].split("/")
        levels = [[r for r in p.rules if r["target"][0] == "product" and lines[i]["sku"] in r["target"][1]]]
        for n in range(len(parts), 0, -1):
            levels.append([r for r in p.rules if r["target"][0] == "category" and "/".join(parts[:n]) in r["target"][1]])
        levels.append([r for r in p.rules if r["target"][0] == "every"])
        return [r for level in levels for r in sorted(level, key=lambda r: not r["exclusive"])]

    holding = [x for x in p.multipliers if weekday in x[3]]  # multipliers whose weekday this is

    def factor(rule_id):  # None: the base
        f = F(1)
        for what, names, by, _ in holding:
            if what == "all" or (what == "base" and rule_id is None) or (what == "rule" and rule_id in names):
                f *= by
        return f

    earned = 0
    cap_use = {}  # rule id -> points given this period, after this order
    taken_back = []  # (the sale's time or None, points) of each return that names its sale
    retired = tiers[start][0] == p.retired  # a member in a retired tier earns nothing on this order
    if not retired:
        by_rule, bought, returned, base_amount = {}, set(), set(), 0
        for i in range(len(lines)):
            if names_sale(i):  # exactly what the sale earned, for the units returned, rounded up
                sale = lines[i]["returns"]
                back = -(-units_of(sale["points"], p.point_scale) * -qty[i] // sale["qty"])
                taken_back.append((sale.get("at"), back))
                continue
            if excluded(i):
                continue
            negative = qty[i] < 0 or amounts[i] < 0
            taken = False
            for rule in rules_for(i):
                if not holds(rule, i):
                    continue
                points = 0
                for earn in rule["earns"]:
                    kind, n = earn[0], earn[1]
                    if kind == "order":
                        (bought if qty[i] > 0 else returned).add(rule["id"])
                        continue
                    value = {"unit": lambda: n * abs(qty[i]), "per": lambda: F(abs(amounts[i]), earn[2]) * n,
                             "full": lambda: abs(amounts[i]) // earn[2] * n,
                             "pct": lambda: F(abs(amounts[i]), 10**p.money_scale) * n / 100}[kind]()
                    units = round_points(value * factor(rule["id"]), p.point_scale, mode)
                    points += -units if negative else units
                by_rule[rule["id"]] = by_rule.get(rule["id"], 0) + points
                if rule["exclusive"]:
                    taken = True
                    break
            if not taken:
                base_amount += amounts[i]
        rules_points = 0
        for rule in p.rules:
            sign = 1 if rule["id"] in bought else -1 if rule["id"] in returned else 0
            for earn in rule["earns"]:
                if earn[0] == "order" and sign:  # once per order: given if a line was bought, else taken back
                    by_rule[rule["id"]] += sign * round_points(earn[1] * factor(rule["id"]), p.point_scale, mode)
            if rule["id"] in by_rule:
                cap = None if rule["cap"] is None else rule["cap"] * 10**p.point_scale
                gave = by_rule[rule["id"]] if cap is None else max(-cap, min(cap, by_rule[rule["id"]]))
                if rule["member_cap"] and gave > 0:  # what is left of it this period; a return frees no room
                    limit, period = rule["member_cap"]
                    since = period_start(day, period)
                    used = used_in_period(p, given.get("caps"), rule["id"], since)
                    gave = min(gave, max(0, limit * 10**p.point_scale - used))
                    cap_use[rule["id"]] = used + gave
                rules_points += gave
        base = 0
        rate = tiers[start][3] or p.base
        if rate:
            value = F(base_amount, 10**p.money_scale) * rate[1] / 100 if rate[0] == "pct" else F(base_amount, rate[2]) * rate[1]
            base = round_points(value * factor(None), p.point_scale, mode)
        bonus = 0
        if paid > 0:  # a return never earns an order bonus
            sold = [k for k in range(len(lines)) if not names_sale(k)]  # the order's conditions read what it sells
            whole = [k for k in sold if not excluded(k)]  # totals leave excluded lines out
            facts = {"qty": sum(qty[k] for k in sold), "amount": paid - sum(gross[k] for k in range(len(lines)) if names_sale(k)),
                     "total qty": abs(sum(qty[k] for k in whole))}
            for points, c in p.order_earns:
                if c is None or all_hold([c], facts):
                    bonus += points * 10**p.point_scale
        earned = rules_points + base + bonus - sum(back for _, back in taken_back)
    spend = m["spend"] + paid
    after = 0 if retired else start  # up, never down; out of a retired tier, to what spend qualifies for
    for k, (id, threshold, op, _) in enumerate(tiers):
        if threshold is not None and id != p.retired and k > after and COMPARE[op](spend, threshold):
            after = k
    points = balance - spent + earned
    if p.stop_at_zero and points < 0:  # the return takes back what the balance holds
        points = 0
    wallet = {k: n for k, n in vouchers.items() if n}
    for rule in p.rules:  # a count the order did not touch stands as the member gave it
        if rule["member_cap"] and rule["id"] not in cap_use:
            cap_use[rule["id"]] = used_in_period(p, given.get("caps"), rule["id"], period_start(day, rule["member_cap"][1]))
    if not (p.review or p.expiry):
        return earned, paid, tiers[after][0], points, wallet, cap_use
    lots = []
    if p.expiry:
        m["points"] = balance
        spend_points(m, spent)
        rest = earned
        for sold_at, back in taken_back:  # from the lot of the sale's day; what it no longer holds, like spending
            if sold_at is None:
                continue  # the sale's day unknown: as any other return, from the newest points (this order's first)
            rest += back
            sold = local(p, sold_at).date()
            held = next((n for d, n in m["lots"] if d == sold), 0)
            taken = min(held, back)
            m["lots"] = [(d, n - taken if d == sold else n) for d, n in m["lots"] if not (d == sold and n == taken)]
            m["points"] -= taken
            spend_points(m, back - taken)
        if rest < 0:
            take_back(m, -rest)
        if points <= 0:
            m["lots"] = []  # a balance in debt, or stopped at zero, has no lots
        elif rest > 0:
            fresh = min(rest, points)  # what pays a debt first is no lot
            if m["lots"] and m["lots"][-1][0] == day:
                m["lots"][-1] = (day, m["lots"][-1][1] + fresh)
            else:
                m["lots"].append((day, fresh))
        lots = [(d.isoformat(), n) for d, n in m["lots"]]
    cycle_start = m["cycle_start"].isoformat() if p.review else None
    return earned, paid, tiers[after][0], points, wallet, cap_use, spend, m["cycle_spend"] + paid, cycle_start, lots


# ---------------------------------------------------------------- the comparison

def caps_used(p, request, member):
    """The engine's count for each capped rule in the order's period."""
    day = local(p, request["order"]["at"]).date()
    return {rule["id"]: used_in_period(p, member.get("caps"), rule["id"], period_start(day, rule["member_cap"][1]))
            for rule in p.rules if rule["member_cap"]}


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--loyalty", required=True)
    args.add_argument("--seed", type=int, default=1)
    args.add_argument("--policies", type=int, default=100)
    args.add_argument("--orders", type=int, default=20)
    a = args.parse_args()
    r = random.Random(a.seed)
    disagreements, decisions = 0, 0
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "model.loy")
        for case in range(a.policies):
            p = Policy(r)
            with open(path, "w") as f:
                f.write(p.text())
            check = subprocess.run([a.loyalty, "check", path], capture_output=True, text=True)
            if check.returncode != 0:
                print(f"policy {case} does not compile:\n{check.stdout}{check.stderr}{p.text()}")
                return 1
            requests = [random_request(r, p, k) for k in range(a.orders)]
            served = subprocess.run([a.loyalty, "serve", path], input="".join(json.dumps(q) + "\n" for q in requests),
                                    capture_output=True, text=True)
            answers = served.stdout.splitlines()
            if served.returncode != 0 or len(answers) != len(requests):
                print(f"policy {case}: serve failed ({served.returncode}): {served.stderr}")
                return 1
            for request, answer in zip(requests, answers):
                d = json.loads(answer)
                got = ("refused", d["error"]["code"]) if "error" in d else (
                    units_of(d["earned"], p.point_scale), units_of(d["paid"], p.money_scale), d["tier_after"],
                    units_of(d["member"]["points"], p.point_scale),
                    {k: n for k, n in d["member"].get("vouchers", {}).items() if n}, caps_used(p, request, d["member"]))
                if "error" not in d and (p.review or p.expiry):
                    member = d["member"]
                    got += (units_of(member["spend"], p.money_scale), units_of(member["cycle_spend"], p.money_scale),
                            member.get("cycle_start") if p.review else None,
                            [(l["earned"], units_of(l["points"], p.point_scale)) for l in member.get("lots", [])])
                want = evaluate(p, request)
                decisions += 1
                if got != want:
                    disagreements += 1
                    print(f"policy {case} (seed {a.seed}): the engine says {got}, the model {want}")
                    print(f"{p.text()}{json.dumps(request)}\n")
                    if disagreements >= 5:
                        return 1
    print(f"{decisions} decisions on {a.policies} random policies: {disagreements} disagreements")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
