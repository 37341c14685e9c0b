#!/usr/bin/env bash
# Replay benchmark: W1's orders (../shared/bench) as a year of events for
# MEMBERS members (joins, orders, a clock a day), through `loyalty replay`
# end to end (JSON lines in, member states out) with bench/replay.loy
# (W1's rules, a quarterly review, expiry after 6 months).
#
#   bench/replay_bench.sh LOYALTY_BINARY [ORDERS] [MEMBERS] [WORK_DIR]
#
# Prints `key value` lines: orders, members, seconds, orders_per_sec,
# max_rss_kb (the run's peak memory, to show it grows with members, not events).
set -euo pipefail
loyalty=$1
orders=${2:-200000}
members=${3:-10000}
here=$(cd "$(dirname "$0")" && pwd)
work=${4:-$(mktemp -d)}
gen="$here/../../shared/bench/gen_w1.py"
[ -f "$gen" ] || gen="$here/../shared/bench/gen_w1.py"
mkdir -p "$work"
[ -f "$work/w1-$orders/orders.jsonl" ] || python3 "$gen" --orders "$orders" --out "$work/w1-$orders" >/dev/null
python3 "$here/gen_replay.py" "$work/w1-$orders" "$work/replay-$orders-$members" --members "$members"
events="$work/replay-$orders-$members/events.jsonl"
best=""
for _ in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$loyalty" replay "$here/replay.loy" "$events" --out "$work/states.jsonl" 2>/dev/null
  read -r seconds rss < "$work/time"
  if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float('$seconds') < float('$best') else 1)"; then best=$seconds; best_rss=$rss; fi
done
echo "orders $orders"
echo "members $members"
echo "seconds $best"
python3 -c "print('orders_per_sec', int($orders / max(float('$best'), 0.001)))"
echo "max_rss_kb $best_rss"
