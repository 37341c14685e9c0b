#!/usr/bin/env python3
"""A replay stream from W1's orders (../shared/bench/W1.md), for replay_bench.

    python3 bench/gen_replay.py W1_DIR OUT_DIR [--members 10000]

Writes OUT_DIR/events.jsonl: a `join` for every member on 2026-01-01, then
W1's orders in order, spread over 2026 (one order every few seconds), each
for member `M{n}` picked by a fixed pseudo-random sequence, with its
category written as a path ("C03/C03-4") and its tier left to the member's
spend; a `clock` at the start of every day. Standard library only.
"""
import argparse
import datetime
import json
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("w1")
    ap.add_argument("out")
    ap.add_argument("--members", type=int, default=10_000)
    args = ap.parse_args()
    parent = {}
    with open(os.path.join(args.w1, "categories.csv")) as f:
        next(f)
        for row in f:
            cid, up = row.strip().split(",")
            parent[cid] = up
    path = {c: (parent[c] + "/" + c if parent[c] else c) for c in parent}
    with open(os.path.join(args.w1, "orders.jsonl")) as f:
        orders = [json.loads(line) for line in f]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    step = datetime.timedelta(seconds=max(1, 365 * 86400 // max(1, len(orders))))
    os.makedirs(args.out, exist_ok=True)
    stamp = lambda t: t.isoformat()
    state = 42
    with open(os.path.join(args.out, "events.jsonl"), "w") as out:
        for m in range(args.members):
            out.write(json.dumps({"type": "join", "member": "M%d" % m, "at": stamp(start)}, separators=(",", ":")) + "\n")
        day = start.date()
        for i, o in enumerate(orders):
            t = start + step * (i + 1)
            if t.date() != day:
                day = t.date()
                midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=start.tzinfo)
                out.write(json.dumps({"type": "clock", "at": stamp(midnight)}, separators=(",", ":")) + "\n")
            state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            member = "M%d" % ((state >> 33) % args.members)
            lines = [{"sku": l["sku"], "category": path[l["category"]], "qty": l["qty"], "price": l["price"]} for l in o["lines"]]
            event = {"type": "order", "member": member, "order": {"id": o["id"], "at": stamp(t), "lines": lines}}
            out.write(json.dumps(event, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
