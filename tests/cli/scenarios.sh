#!/usr/bin/env bash
# `loyalty test`: golden outputs (text and JUnit for a failing suite, the
# errors of malformed scenario files) in tests/golden/test/, and exit codes.
# LOYALTY_BLESS=1 rewrites the golden files.
set -u
loyalty=$1
root=$2
cd "$root" || exit 1
golden=tests/golden/test
policy=policies/ipos_membership.loy
fails=0
# same GOLDEN-FILE WANT-EXIT command...: runs the command, compares its output (stdout, or stderr for .err) and exit code.
same() {
  local file=$1 want=$2; shift 2
  local out got
  if [[ $file == *.err ]]; then out=$("$@" 2>&1 >/dev/null); else out=$("$@" 2>/dev/null); fi
  got=$?
  if [ "${LOYALTY_BLESS:-}" = 1 ]; then printf '%s\n' "$out" > "$file"; fi
  if [ "$got" != "$want" ]; then echo "FAIL: exit $got, expected $want: $*"; fails=$((fails + 1)); fi
  if ! diff -u "$file" <(printf '%s\n' "$out"); then echo "FAIL: $file differs"; fails=$((fails + 1)); fi
}
same $golden/passing.txt 0 "$loyalty" test --coverage $policy $golden/passing.yaml
same $golden/failing.txt 1 "$loyalty" test $policy $golden/failing.yaml
same $golden/failing.junit.xml 1 "$loyalty" test --format junit $policy $golden/failing.yaml
same $golden/malformed.err 2 "$loyalty" test $policy $golden/malformed.yaml
same $golden/bad_order.err 2 "$loyalty" test $policy $golden/bad_order.yaml
same $golden/broken_yaml.err 2 "$loyalty" test $policy $golden/broken_yaml.yaml
same $golden/not_utf8.err 2 "$loyalty" test $policy $golden/not_utf8.yaml
# A step names its member in NFC, as the starting states do: "Café" typed with a combining accent is "Café".
tmp=$(mktemp -d)
printf 'scenarios:\n  - name: nfc\n    members:\n      - {id: "Caf\303\251"}\n    steps:\n      - member: "Cafe\314\201"\n        order: {id: O1, at: "2026-03-01T10:00:00+07:00", lines: [{sku: CF01, category: Drinks/Coffee, qty: 1, price: 100000}]}\n        expect: {earned: 5000, points: 5000, orders: 1}\n' > "$tmp/nfc.yaml"
"$loyalty" test $policy "$tmp/nfc.yaml" >/dev/null 2>&1 || { echo "FAIL: a step naming its member in NFD"; fails=$((fails + 1)); }
rm -rf "$tmp"
# Coverage below the minimum fails a passing suite.
"$loyalty" test --min-coverage 100 $policy $golden/failing.yaml >/dev/null 2>&1
[ $? = 1 ] || { echo "FAIL: --min-coverage"; fails=$((fails + 1)); }
# The JUnit output is well-formed XML with the counts.
python3 - "$loyalty" "$policy" "$golden/failing.yaml" <<'PY' || fails=$((fails + 1))
import subprocess, sys, xml.etree.ElementTree as ET
out = subprocess.run([sys.argv[1], "test", "--format", "junit", sys.argv[2], sys.argv[3]], capture_output=True).stdout
suite = ET.fromstring(out)
assert suite.tag == "testsuite" and suite.get("tests") == "2" and suite.get("failures") == "1", out
assert len(suite.findall("testcase/failure")) == 1
PY
[ "$fails" = 0 ] && echo "scenarios: all passed"
exit $((fails > 0))
