#!/usr/bin/env bash
# `loyalty replay`: exit codes, error messages with line and field path, and
# outputs that are whole or absent (spec sections 7, 10 and 11).
set -u
loyalty=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
policy="$root/policies/ipos_membership.loy"
events="$root/examples/events/ipos_membership.jsonl"

# expect EXIT MESSAGE-PATTERN -- command...
expect() {
  local want=$1 pattern=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ] || ! grep -q -- "$pattern" "$tmp/err"; then
    echo "FAIL: expected exit $want and '$pattern', got $got: $*"; sed 's/^/  /' "$tmp/err"; fails=$((fails + 1))
  fi
}
# A stream with one bad line at line 3 (the lines before it are good).
broken() { head -n 2 "$events" > "$tmp/$1.jsonl"; printf '%s\n' "$2" >> "$tmp/$1.jsonl"; }

expect 0 "2 members" -- "$loyalty" replay "$policy" "$events" --out "$tmp/states.jsonl" --journal "$tmp/journal.jsonl"
[ "$(wc -l < "$tmp/states.jsonl")" = 2 ] || { echo "FAIL: two member states expected"; fails=$((fails + 1)); }
grep -q '"kind":"review"' "$tmp/journal.jsonl" || { echo "FAIL: the journal has no review"; fails=$((fails + 1)); }

broken malformed '{"type": "order", "member": "M1", "order": {"id": "X"'
expect 2 "malformed.jsonl:3: \\$" -- "$loyalty" replay "$policy" "$tmp/malformed.jsonl" --out "$tmp/none.jsonl" --journal "$tmp/none-j.jsonl"
broken field '{"type": "order", "member": "M1", "order": {"id": "X", "at": "2026-01-01T00:00:00Z", "lines": [{"sku": "A", "qty": "two", "price": 1}]}}'
expect 2 "field.jsonl:3: \$.order.lines\[0\].qty" -- "$loyalty" replay "$policy" "$tmp/field.jsonl" --out "$tmp/none.jsonl"
broken kind '{"type": "refund", "at": "2026-01-01T00:00:00Z"}'
expect 2 "kind.jsonl:3: \$.type" -- "$loyalty" replay "$policy" "$tmp/kind.jsonl" --out "$tmp/none.jsonl"
# A line longer than the 8 MiB limit, in the middle of the file and as its last line without an end of line.
head -n 2 "$events" > "$tmp/long.jsonl"
python3 -c 'import sys; sys.stdout.write("{\"type\": \"clock\", " + " " * (8 * 1024 * 1024) + "\"at\": \"2027-01-01T00:00:00Z\"}\n")' >> "$tmp/long.jsonl"
head -n 2 "$events" > "$tmp/last.jsonl"
python3 -c 'import sys; sys.stdout.write("{\"type\": \"clock\", " + " " * (20 * 1024 * 1024))' >> "$tmp/last.jsonl"
expect 2 "long.jsonl:3: the line is longer than 8388608 bytes" -- "$loyalty" replay "$policy" "$tmp/long.jsonl" --out "$tmp/none.jsonl"
expect 2 "last.jsonl:3: the line is longer than 8388608 bytes" -- "$loyalty" replay "$policy" "$tmp/last.jsonl" --out "$tmp/none.jsonl"
broken early '{"type": "clock", "at": "2024-01-01T00:00:00+07:00"}'
expect 2 "early.jsonl:3: \$.at: the event is earlier" -- "$loyalty" replay "$policy" "$tmp/early.jsonl" --out "$tmp/none.jsonl"
# Nothing was written by the failed runs, not even a temporary file.
if ls "$tmp" | grep -q -e '^none' -e 'loyalty-tmp'; then echo "FAIL: a failed replay left output: $(ls "$tmp")"; fails=$((fails + 1)); fi

# An existing output is not touched by a failed run.
echo 'previous' > "$tmp/kept.jsonl"
expect 2 "early.jsonl:3" -- "$loyalty" replay "$policy" "$tmp/early.jsonl" --out "$tmp/kept.jsonl"
[ "$(cat "$tmp/kept.jsonl")" = previous ] || { echo "FAIL: a failed replay changed its output file"; fails=$((fails + 1)); }

# Rejected events are skipped and journaled; the run ends with exit 1.
broken unknown '{"type": "order", "member": "NOBODY", "order": {"id": "X", "at": "2026-01-01T00:00:00Z", "lines": []}}'
expect 1 "unknown.jsonl:3: rejected: no member" -- "$loyalty" replay "$policy" "$tmp/unknown.jsonl" --out "$tmp/u.jsonl" --journal "$tmp/uj.jsonl"
grep -q '"kind":"rejected"' "$tmp/uj.jsonl" || { echo "FAIL: the rejection is not journaled"; fails=$((fails + 1)); }
broken again '{"type": "join", "member": "M1", "at": "2025-03-02T00:00:00+07:00"}'
expect 1 "rejected: .M1. has already joined" -- "$loyalty" replay "$policy" "$tmp/again.jsonl"

# Starting members: a malformed line names its line and field; a listed member cannot join again.
printf '{"id": "M1", "tier": "TVV", "spend": "6000000"}\n{"id": "M9", "spend": "lots"}\n' > "$tmp/members.jsonl"
expect 2 "members.jsonl:2: \$.spend" -- "$loyalty" replay "$policy" "$events" --members "$tmp/members.jsonl"
printf '{"id": "M1", "tier": "TVV", "spend": "6000000", "joined": "2025-03-01"}\n' > "$tmp/members.jsonl"
expect 1 "rejected: .M1. has already joined" -- "$loyalty" replay "$policy" "$events" --members "$tmp/members.jsonl"

# The limit of members: a join past it stops the run, as does a starting member past it.
expect 2 "ipos_membership.jsonl:2: \$.member: .M2. would be member 2: a replay holds at most 1 members" -- \
  "$loyalty" replay "$policy" "$events" --max-members 1 --out "$tmp/none.jsonl"
printf '{"id": "A"}\n{"id": "B"}\n' > "$tmp/two.jsonl"
expect 2 "two.jsonl:2: \$.id: a replay holds at most 1 members" -- "$loyalty" replay "$policy" "$events" --members "$tmp/two.jsonl" --max-members 1
expect 2 "--max-members" -- "$loyalty" replay "$policy" "$events" --max-members 0

# --at runs every member's reviews to the end: both members' 2027 reviews.
expect 0 "4 reviews" -- "$loyalty" replay "$policy" "$events" --at 2027-03-01T00:00:00+07:00
expect 2 "--at" -- "$loyalty" replay "$policy" "$events" --at yesterday
expect 2 "cannot open" -- "$loyalty" replay "$policy" "$tmp/missing.jsonl"

# An interrupted run leaves neither its outputs nor their temporary files.
python3 - "$tmp/long.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"type": "join", "member": "M1", "at": "2026-01-01T00:00:00Z"}\n')
    for i in range(300000):
        f.write('{"type": "order", "member": "M1", "order": {"id": "O%d", "at": "2026-01-01T00:00:00Z", '
                '"lines": [{"sku": "A", "qty": 1, "price": "1000"}]}}\n' % i)
PY
"$loyalty" replay "$policy" "$tmp/long.jsonl" --out "$tmp/long-states.jsonl" --journal "$tmp/long-journal.jsonl" 2>/dev/null &
pid=$!
sleep 0.5
if kill -INT "$pid" 2>/dev/null; then
  wait "$pid"
  if ls "$tmp" | grep -q -e '^long-' ; then echo "FAIL: an interrupted replay left output: $(ls "$tmp" | grep '^long-')"; fails=$((fails + 1)); fi
else
  wait "$pid"
  echo "note: the long replay finished before it could be interrupted"
fi

[ "$fails" = 0 ] && echo "replay: all passed"
exit $((fails > 0))
