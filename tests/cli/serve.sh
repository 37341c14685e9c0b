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
# From standard input too: a line over the size limit is answered once (read in pieces), and the next
# line is served; a last line without its newline is answered.
python3 - "$upgrade" > "$tmp/long.jsonl" <<'PY'
import json, sys
sys.stdout.write('{"member": "' + "x" * (20 << 20) + '"}\n' + json.dumps(json.load(open(sys.argv[1]))) + "\n")
sys.stdout.write(json.dumps(json.load(open(sys.argv[1]))))
PY
"$loyalty" serve "$policy" < "$tmp/long.jsonl" > "$tmp/long-answers.jsonl" || fail "serve exited $? on a long line"
python3 - "$tmp/long-answers.jsonl" <<'PY' || fails=$((fails + 1))
import json, sys
answers = [json.loads(line) for line in open(sys.argv[1])]
assert len(answers) == 3, [str(a)[:120] for a in answers]
assert answers[0]["error"]["message"].startswith("the line is longer than"), answers[0]
assert "earned" in answers[1] and "earned" in answers[2], answers[1:]
PY
# A policy that does not compile: exit 2, nothing served.
printf 'policy "x" {\n' > "$tmp/bad.loy"
echo '{}' | "$loyalty" serve "$tmp/bad.loy" > /dev/null 2>&1
[ $? = 2 ] || fail "a broken policy should exit 2"

# On a Unix socket: two clients at once, each answered in its own order, the same answers as on standard input;
# SIGTERM stops it with exit 0 and removes the socket.
sock="$tmp/serve.sock"
"$loyalty" serve --trace --journal --socket "$sock" "$policy" 2> "$tmp/sock.err" &
server=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
# A client: sends its chunks, closes its side, and returns everything answered.
cat > "$tmp/serve_client.py" <<'PY'
import socket
def exchange(path, chunks):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    for c in chunks:
        s.sendall(c)
    s.shutdown(socket.SHUT_WR)
    out = b""
    while True:
        got = s.recv(65536)
        if not got:
            return out
        out += got
PY
export PYTHONPATH="$tmp"
python3 - "$sock" "$tmp/requests.jsonl" "$tmp/answers.jsonl" <<'PY' || fails=$((fails + 1))
import sys, threading
from serve_client import exchange
path, requests, expected = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
results = {}
def client(name, chunks):
    results[name] = exchange(path, chunks)
# One client sends everything at once, the other a byte at a time for its first line.
first, rest = requests.split(b"\n", 1)
threads = [threading.Thread(target=client, args=("whole", [requests])),
           threading.Thread(target=client, args=("bytes", [bytes([b]) for b in first + b"\n"] + [rest]))]
for t in threads: t.start()
for t in threads: t.join()
for name, out in results.items():
    assert out == expected, (name, out[:200])
PY
# A line over the size limit is answered once, whatever size its pieces arrive in, and the next line is served.
python3 - "$sock" "$upgrade" <<'PY' || fails=$((fails + 1))
import json, sys
from serve_client import exchange
out = exchange(sys.argv[1], [b'{"member": "' + b"x" * (9 << 20) + b'"}\n' + json.dumps(json.load(open(sys.argv[2]))).encode() + b"\n"])
answers = [json.loads(line) for line in out.splitlines()]
assert len(answers) == 2, [str(a)[:120] for a in answers]
assert answers[0]["error"]["message"].startswith("the line is longer than"), answers[0]
assert "earned" in answers[1], answers[1]
PY
kill -TERM "$server"
wait "$server"
[ $? = 0 ] || fail "serve --socket should exit 0 on SIGTERM"
[ -e "$sock" ] && fail "the socket file is left behind"
touch "$tmp/plain"
"$loyalty" serve --socket "$tmp/plain" "$policy" 2> "$tmp/plain.err"
[ $? = 2 ] || fail "a path that is not a socket should be refused with exit 2"
grep -q "not a socket" "$tmp/plain.err" || fail "the refusal should say the path is not a socket"

[ "$fails" = 0 ] && echo "serve: all passed"
exit "$fails"
