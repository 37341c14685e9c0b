#!/usr/bin/env bash
# `loyalty serve`: one answer a request line, in order, and the same decision
# as `loyalty eval` gives for the same request; refused and malformed lines
# are answered with an error and the run goes on.
set -u
loyalty=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
policy="$root/policies/ipos_membership.loy"
upgrade="$root/examples/requests/ipos_membership--upgrade.json"
refused="$root/examples/requests/ipos_membership--refused_insufficient.json"

# Each request on one line, with a blank line and a malformed line between, CRLF at the end of one.
python3 - "$upgrade" "$refused" > "$tmp/requests.jsonl" <<'PY'
import json, sys
print(json.dumps(json.load(open(sys.argv[1]))) + "\r")
print("")
print('{"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-09T10:00:00+07:00", "lines": [], "lines": []}}')
print(json.dumps(json.load(open(sys.argv[2]))))
PY
"$loyalty" serve --trace --journal "$policy" < "$tmp/requests.jsonl" > "$tmp/answers.jsonl" 2> "$tmp/err" || fail "serve exited $?"
[ "$(wc -l < "$tmp/answers.jsonl")" = 3 ] || fail "expected 3 answers, got $(wc -l < "$tmp/answers.jsonl")"
"$loyalty" eval "$policy" "$upgrade" > "$tmp/eval.json"
python3 - "$tmp/answers.jsonl" "$tmp/eval.json" <<'PY' || fails=$((fails + 1))
import json, sys
answers = [json.loads(line) for line in open(sys.argv[1])]
assert answers[0] == json.load(open(sys.argv[2])), "the first answer differs from eval's decision"
assert answers[1]["error"]["code"] == "bad-input" and answers[1]["error"]["path"] == "$.order.lines", answers[1]
assert answers[2]["error"]["code"] == "insufficient-points", answers[2]
PY
# Without --trace, the figures are the same and the trace is empty.
head -1 "$tmp/requests.jsonl" | "$loyalty" serve "$policy" > "$tmp/bare.jsonl"
python3 - "$tmp/bare.jsonl" "$tmp/eval.json" <<'PY' || fails=$((fails + 1))
import json, sys
bare, full = json.loads(open(sys.argv[1]).readline()), json.load(open(sys.argv[2]))
assert bare["trace"] == [], bare["trace"]
for key in ("earned", "spent", "paid", "member", "lines"):
    assert bare[key] == full[key], key
PY
# A policy that does not compile: exit 2, nothing served.
printf 'policy "x" {\n' > "$tmp/bad.loy"
echo '{}' | "$loyalty" serve "$tmp/bad.loy" > /dev/null 2>&1
[ $? = 2 ] || fail "a broken policy should exit 2"
[ "$fails" = 0 ] && echo "serve: all passed"
exit "$fails"
