#!/usr/bin/env bash
# `loyalty lint`: golden outputs in the four formats for a breaking change
# (tests/golden/lint/), style rules on the shipped policies, exit codes.
# LOYALTY_BLESS=1 rewrites the golden files.
set -u
loyalty=$1
root=$2
cd "$root" || exit 1
g=tests/golden/lint
fails=0
same() {
  local file=$1 want=$2; shift 2
  local out got
  if [[ $file == *.txt ]]; then out=$("$@" 2>&1 >/dev/null); else out=$("$@" 2>/dev/null); fi
  got=$?
  if [ "${LOYALTY_BLESS:-}" = 1 ]; then printf '%s\n' "$out" > "$file"; fi
  if [ "$got" != "$want" ]; then echo "FAIL: exit $got, expected $want: $*"; fails=$((fails + 1)); fi
  if ! diff -u "$file" <(printf '%s\n' "$out"); then echo "FAIL: $file differs"; fails=$((fails + 1)); fi
}
same $g/changed.txt 1 "$loyalty" lint $g/changed.loy --baseline $g/baseline.loy
same $g/changed.json 1 "$loyalty" lint --format json $g/changed.loy --baseline $g/baseline.loy
same $g/changed.sarif 1 "$loyalty" lint --format sarif $g/changed.loy --baseline $g/baseline.loy
same $g/changed.github 1 "$loyalty" lint --format github $g/changed.loy --baseline $g/baseline.loy
same $g/policies.txt 0 "$loyalty" lint policies/haravan_points.loy policies/ipos_membership.loy policies/misa_lomas.loy policies/odoo_cafe.loy --today 2027-01-05
# A policy against itself has no breaking change; warnings fail only with --werror.
"$loyalty" lint $g/baseline.loy --baseline $g/baseline.loy >/dev/null 2>&1 || { echo "FAIL: a policy against itself"; fails=$((fails + 1)); }
"$loyalty" lint --werror policies/odoo_cafe.loy >/dev/null 2>&1; [ $? = 1 ] || { echo "FAIL: --werror"; fails=$((fails + 1)); }
"$loyalty" lint policies/odoo_cafe.loy --today yesterday >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: a bad --today"; fails=$((fails + 1)); }
# The SARIF has what GitHub code scanning requires: version, $schema, runs[].tool.driver.name and rules, results with ruleId and locations.
python3 - "$g/changed.sarif" <<'PY' || fails=$((fails + 1))
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and "$schema" in s
run = s["runs"][0]
rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
assert run["tool"]["driver"]["name"]
for r in run["results"]:
    assert r["ruleId"] in rules and r["message"]["text"] and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
assert {"tier-removed", "id-renamed", "threshold-raised", "rate-lowered", "reward-dearer"} <= {r["ruleId"] for r in run["results"]}
PY
[ "$fails" = 0 ] && echo "lint: all passed"
exit $((fails > 0))
