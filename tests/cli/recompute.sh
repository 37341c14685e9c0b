#!/usr/bin/env bash
# `loyalty recompute` (seed 004): tier rates, one common rate, points already
# redeemed, starting members, and every malformed CSV named by row and column.
# Expected figures are worked by hand from policies/misa_lomas.loy:
#   STANDARD 1 per 20_000 (< 5M), SILVER 1 per 15_000 (>= 5M), GOLD 1 per 10_000 (>= 20M), PLATINUM 1 per 5_000 (>= 50M).
set -u
loyalty=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
policy="$root/policies/misa_lomas.loy"
totals="$root/examples/recompute/misa_totals.csv"
members="$root/examples/recompute/misa_members.jsonl"

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# field ID FIELD FILE: a member's field in a states file
field() { python3 -c 'import json, sys
for line in open(sys.argv[3]):
    m = json.loads(line)
    if m["id"] == sys.argv[1]: print(m[sys.argv[2]])' "$1" "$2" "$3"; }
check() { local got; got=$(field "$1" "$2" "$4"); [ "$got" = "$3" ] || fail "$1.$2 = $got, expected $3 ($4)"; }
expect() {
  local want=$1 pattern=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ] || ! grep -q -- "$pattern" "$tmp/err"; then
    echo "FAIL: expected exit $want and '$pattern', got $got: $*"; sed 's/^/  /' "$tmp/err"; fails=$((fails + 1))
  fi
}

# Tiers and points at each member's new tier's rate (the file has a BOM, CRLF, a quoted id and an empty `redeemed`).
expect 0 "5 members recomputed" -- "$loyalty" recompute "$policy" "$totals" --out "$tmp/both.jsonl"
check KH001 tier STANDARD "$tmp/both.jsonl"; check KH001 points 175 "$tmp/both.jsonl"      # 3,500,000 / 20,000
check KH002 tier SILVER "$tmp/both.jsonl";   check KH002 points 500 "$tmp/both.jsonl"      # 12,000,000 / 15,000 - 300
check KH003 tier GOLD "$tmp/both.jsonl";     check KH003 points 1500 "$tmp/both.jsonl"     # 25,000,000 / 10,000 - 1,000
check KH004 tier PLATINUM "$tmp/both.jsonl"; check KH004 points 12000 "$tmp/both.jsonl"    # 60,000,000 / 5,000
check KH005 tier SILVER "$tmp/both.jsonl";   check KH005 points 1333 "$tmp/both.jsonl"     # 19,999,999 / 15,000, floored
check KH003 spend 25000000 "$tmp/both.jsonl"; check KH003 total_spent 25000000 "$tmp/both.jsonl"

# One common rate, with starting members: tiers untouched, points re-pointed; a member not in the CSV is unchanged.
expect 0 "points added" -- "$loyalty" recompute "$policy" "$totals" --rate "1 point per 20_000" --members "$members" \
  --out "$tmp/rate.jsonl" --journal "$tmp/journal.jsonl" --at 2026-11-23T09:00:00+07:00
check KH001 tier SILVER "$tmp/rate.jsonl"; check KH001 points 175 "$tmp/rate.jsonl"; check KH001 orders 12 "$tmp/rate.jsonl"
check KH003 points 250 "$tmp/rate.jsonl"     # 25,000,000 / 20,000 - 1,000
check KH005 points 999 "$tmp/rate.jsonl"     # 19,999,999 / 20,000, floored
check KH009 points 50 "$tmp/rate.jsonl"; check KH009 tier GOLD "$tmp/rate.jsonl"
grep -q '"member":"KH001","at":"2026-11-23T09:00:00+07:00","kind":"recompute","field":"points","old":"900","new":"175"' "$tmp/journal.jsonl" \
  || fail "the journal lacks KH001's points change"
expect 0 "" -- "$loyalty" recompute "$policy" "$totals" --rate 2% --out "$tmp/pct.jsonl"
check KH002 points 239700 "$tmp/pct.jsonl"   # 2% of 12,000,000 - 300

# --tiers alone keeps points; a downgrade is a tier change too.
expect 0 "" -- "$loyalty" recompute "$policy" "$totals" --tiers --members "$members" --out "$tmp/tiers.jsonl"
check KH001 tier STANDARD "$tmp/tiers.jsonl"; check KH001 points 900 "$tmp/tiers.jsonl"

# Bad input: nothing written, exit 2, the row and column named.
bad() { printf "$2" > "$tmp/$1.csv"; }
bad header 'id,total\nA,1\n';               expect 2 "row 1, column 2: unknown column .total." -- "$loyalty" recompute "$policy" "$tmp/header.csv" --out "$tmp/no.jsonl"
bad noid 'total_spent\n1\n';                expect 2 "row 1: the header needs" -- "$loyalty" recompute "$policy" "$tmp/noid.csv" --out "$tmp/no.jsonl"
bad amount 'id,total_spent\nA,1\nB,12a\n';  expect 2 "row 3, column total_spent: expected an amount" -- "$loyalty" recompute "$policy" "$tmp/amount.csv" --out "$tmp/no.jsonl"
bad decimals 'id,total_spent\nA,1.5\n';     expect 2 "row 2, column total_spent" -- "$loyalty" recompute "$policy" "$tmp/decimals.csv" --out "$tmp/no.jsonl"
bad negative 'id,total_spent\nA,-1\n';      expect 2 "row 2, column total_spent" -- "$loyalty" recompute "$policy" "$tmp/negative.csv" --out "$tmp/no.jsonl"
bad redeemed 'id,total_spent,redeemed\nA,1,x\n'; expect 2 "row 2, column redeemed" -- "$loyalty" recompute "$policy" "$tmp/redeemed.csv" --out "$tmp/no.jsonl"
bad fields 'id,total_spent\nA,1,2\n';       expect 2 "row 2: 3 fields" -- "$loyalty" recompute "$policy" "$tmp/fields.csv" --out "$tmp/no.jsonl"
bad twice 'id,total_spent\nA,1\nA,2\n';     expect 2 "row 3, column id: member .A. is listed twice" -- "$loyalty" recompute "$policy" "$tmp/twice.csv" --out "$tmp/no.jsonl"
bad utf8 'id,total_spent\nab\377,1\n';      expect 2 "row 2, column id: the member id is not valid UTF-8 (its byte 3)" -- "$loyalty" recompute "$policy" "$tmp/utf8.csv" --out "$tmp/no.jsonl"
# Ids compare in NFC: "Café" spelt with a combining accent (NFD) is "Café" (NFC).
bad nfd 'id,total_spent\nCafe\314\201,1\nCaf\303\251,2\n'; expect 2 "row 3, column id: member .Café. is listed twice" -- "$loyalty" recompute "$policy" "$tmp/nfd.csv" --out "$tmp/no.jsonl"
bad nfd1 'id,total_spent\nCafe\314\201,6000000\n'
printf '{"id": "Caf\303\251", "points": "7"}\n' > "$tmp/cafe.jsonl"
expect 0 "1 members recomputed" -- "$loyalty" recompute "$policy" "$tmp/nfd1.csv" --members "$tmp/cafe.jsonl" --tiers --out "$tmp/cafe_out.jsonl"
[ "$(wc -l < "$tmp/cafe_out.jsonl")" = 1 ] || fail "an NFD id in the CSV is a second member, not the starting member in NFC"
check "Café" tier SILVER "$tmp/cafe_out.jsonl"; check "Café" points 7 "$tmp/cafe_out.jsonl"  # --tiers alone: points kept
bad quote 'id,total_spent\n"A,1\n';         expect 2 "row 2" -- "$loyalty" recompute "$policy" "$tmp/quote.csv" --out "$tmp/no.jsonl"
# Limits: a field's length, fields a row, an id's length, members (CSV rows, starting members, both together).
python3 -c 'print("id,total_spent"); print("x" * 70000 + ",1")' > "$tmp/field.csv"
expect 2 "row 2: a field is longer than 65536 bytes" -- "$loyalty" recompute "$policy" "$tmp/field.csv" --out "$tmp/no.jsonl"
python3 -c 'print("id,total_spent"); print("A" + ",1" * 70)' > "$tmp/wide.csv"
expect 2 "row 2: more than 64 fields" -- "$loyalty" recompute "$policy" "$tmp/wide.csv" --out "$tmp/no.jsonl"
python3 -c 'print("id,total_spent"); print("x" * 1001 + ",1")' > "$tmp/longid.csv"
expect 2 "row 2, column id: the member id is longer than 1000 bytes" -- "$loyalty" recompute "$policy" "$tmp/longid.csv" --out "$tmp/no.jsonl"
bad three 'id,total_spent\nA,1\nB,2\nC,3\n'
expect 2 "row 4: more than 2 members" -- "$loyalty" recompute "$policy" "$tmp/three.csv" --max-members 2 --out "$tmp/no.jsonl"
expect 0 "" -- "$loyalty" recompute "$policy" "$tmp/three.csv" --max-members 3 --out "$tmp/three.jsonl"
printf '{"id": "A"}\n{"id": "B"}\n' > "$tmp/two.jsonl"
expect 2 "two.jsonl:2: \$.id: more than 1 members" -- "$loyalty" recompute "$policy" "$tmp/three.csv" --members "$tmp/two.jsonl" --max-members 1 --out "$tmp/no.jsonl"
bad others 'id,total_spent\nC,1\nD,2\n'
expect 2 "row 3, column id: more than 3 members" -- "$loyalty" recompute "$policy" "$tmp/others.csv" --members "$tmp/two.jsonl" --max-members 3 --out "$tmp/no.jsonl"
python3 -c 'print("{\"id\": \"" + "x" * (9 << 20) + "\"}")' > "$tmp/huge.jsonl"
expect 2 "huge.jsonl:1: the line is longer than 8388608 bytes" -- "$loyalty" recompute "$policy" "$tmp/three.csv" --members "$tmp/huge.jsonl" --out "$tmp/no.jsonl"
[ ! -e "$tmp/no.jsonl" ] || { echo "FAIL: a refused recompute wrote its output"; fails=$((fails + 1)); }
bad empty '';                               expect 2 "row 1: the file is empty" -- "$loyalty" recompute "$policy" "$tmp/empty.csv" --out "$tmp/no.jsonl"
expect 2 "--rate" -- "$loyalty" recompute "$policy" "$totals" --rate "5 points per unit" --out "$tmp/no.jsonl"
expect 2 "--rate" -- "$loyalty" recompute "$policy" "$totals" --rate "1 point per 20_000 }" --out "$tmp/no.jsonl"
[ -e "$tmp/no.jsonl" ] && fail "a failed recompute wrote its output"
ls "$tmp" | grep -q loyalty-tmp && fail "a failed recompute left a temporary file"

[ "$fails" = 0 ] && echo "recompute: all passed"
exit $((fails > 0))
