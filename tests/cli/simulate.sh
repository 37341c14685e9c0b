#!/usr/bin/env bash
# The what-if example (examples/simulate): two policies over a short history,
# figures worked by hand in examples/simulate/expected.txt, the same on one
# thread or several; a bad event line is reported with its line number.
set -euo pipefail
simulate=$1
root=$2
dir="$root/examples/simulate"
for threads in 1 2 3; do
  diff <("$simulate" "$dir/before.loy" "$dir/after.loy" "$dir/events.jsonl" --threads "$threads") "$dir/expected.txt"
done
"$simulate" "$dir/before.loy" "$dir/events.jsonl" | grep -qx "before: 3 orders scored, 0 refused, 64 points earned"
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
printf '{"type": "join", "member": "A", "at": "2026-01-01T09:00:00+07:00"}\n{"type": "order"}\n' > "$bad"
status=0
"$simulate" "$dir/before.loy" "$bad" 2> "$bad.err" || status=$?
[ "$status" = 2 ] && grep -q ":2: " "$bad.err" || { echo "a bad event line was not reported with its line"; cat "$bad.err"; exit 1; }
rm -f "$bad.err"
echo "simulate: ok"
