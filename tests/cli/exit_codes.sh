#!/usr/bin/env bash
# Exit codes of the `loyalty` commands (spec section 10).
set -u
loyalty=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>&1
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: expected exit $want, got $got: $*"; sed 's/^/  /' "$tmp/out"; fails=$((fails + 1))
  fi
}
expect 0 "$loyalty" check "$root"/policies/*.loy "$root"/tests/golden/spec/*.loy
expect 1 "$loyalty" check "$root"/tests/golden/check/five_mistakes.loy
expect 0 "$loyalty" check "$root"/tests/golden/check/warning_only.loy
expect 1 "$loyalty" check --werror "$root"/tests/golden/check/warning_only.loy
expect 2 "$loyalty" check "$tmp/missing.loy"
expect 2 "$loyalty" check "$tmp"
expect 2 "$loyalty" check /dev/zero   # read up to the limit, then refused
# A missing file among several: the others are still checked, and JSON stays valid.
"$loyalty" check --format json "$tmp/missing.loy" "$root"/tests/golden/check/five_mistakes.loy >"$tmp/several.json" 2>/dev/null
got=$?
if [ "$got" != 2 ] || ! python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d["diagnostics"] else 1)' "$tmp/several.json"; then
  echo "FAIL: check with a missing file: exit $got, output:"; sed 's/^/  /' "$tmp/several.json"; fails=$((fails + 1))
fi
expect 0 "$loyalty" check --format sarif "$root"/policies/ipos_membership.loy
expect 0 "$loyalty" fmt --check "$root"/policies/*.loy
printf 'policy "p" {\ncurrency VND\n    earn 5%%\n}\n' > "$tmp/messy.loy"
expect 1 "$loyalty" fmt --check "$tmp/messy.loy"
expect 0 "$loyalty" fmt "$tmp/messy.loy"
expect 0 "$loyalty" fmt --check "$tmp/messy.loy"
printf '\xEF\xBB\xBF# a comment right after the byte-order mark\npolicy "p" {\n  currency VND\n}\n' > "$tmp/bom.loy"
expect 0 "$loyalty" fmt --check "$tmp/bom.loy"   # the BOM stays where it is, no space added
expect 0 "$loyalty" eval "$root"/policies/ipos_membership.loy "$root"/examples/requests/ipos_membership--voucher_on_invoice.json
expect 0 "$loyalty" eval --format text "$root"/policies/ipos_membership.loy "$root"/examples/requests/ipos_membership--voucher_on_invoice.json
expect 1 "$loyalty" eval "$root"/policies/ipos_membership.loy "$root"/examples/requests/ipos_membership--refused_insufficient.json
echo '{"member": {"id": "M"}, "order": {"id": "O", "at": "nope", "lines": []}}' > "$tmp/bad.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/bad.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/missing.json"
expect 0 "$loyalty" graph --dot "$root"/policies/odoo_cafe.loy
# A policy that does not compile is bad input to every command that evaluates.
printf 'policy "p" {\n  currency VND\n  earn\n}\n' > "$tmp/broken.loy"
expect 2 "$loyalty" graph "$tmp/broken.loy"
expect 2 "$loyalty" eval "$tmp/broken.loy" "$root"/examples/requests/ipos_membership--upgrade.json
# A percentage too precise to compute: `check` and `eval` agree it is an error.
printf 'policy "p" {\n  currency VND\n  reward D {\n    discount 10.00000000000000001%% on order\n    cost 1 point\n  }\n}\n' > "$tmp/precise.loy"
expect 1 "$loyalty" check "$tmp/precise.loy"
echo '{"member": {"id": "M", "points": 5}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": [{"sku": "A", "qty": 1, "price": 100}]}, "redeem": [{"reward": "D"}]}' > "$tmp/discount.json"
expect 2 "$loyalty" eval "$tmp/precise.loy" "$tmp/discount.json"
# Bad input found while evaluating is exit 2, like bad input found while reading.
echo '{"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "discount": 500, "lines": [{"sku": "A", "qty": 1, "price": 100}]}}' > "$tmp/discount_too_big.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/discount_too_big.json"
echo '{"member": {"id": "M", "points": 5000}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": [{"sku": "A", "qty": 1, "price": 100000}]}, "redeem": [{"reward": "V50", "qty": 0}]}' > "$tmp/qty_zero.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/qty_zero.json"
# A typo in a field is refused (exit 2), an unknown member tier is a business refusal (exit 1).
echo '{"member": {"id": "M"}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": []}, "reedem": [{"reward": "V50"}]}' > "$tmp/typo.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/typo.json"
echo '{"member": {"id": "M", "tier": "GOLD"}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": []}}' > "$tmp/unknown_tier.json"
expect 1 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/unknown_tier.json"
echo '{"member": {"id": 1.5}, "order": {"id": "O", "at": "2026-03-01T10:00:00+07:00", "lines": []}}' > "$tmp/number_id.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/number_id.json"
expect 2 "$loyalty" frobnicate
# CLI conventions: --version, `-` for standard input, NO_COLOR, a hint for a misspelled keyword.
expect 0 "$loyalty" --version
"$loyalty" --version | grep -q '^loyalty [0-9]' || { echo "FAIL: --version"; fails=$((fails + 1)); }
expect 0 bash -c "'$loyalty' check - < '$root/policies/odoo_cafe.loy'"
expect 0 bash -c "'$loyalty' eval '$root/policies/ipos_membership.loy' - < '$root/examples/requests/ipos_membership--upgrade.json'"
out=$(printf 'policy "p" {\ncurrency VND\n    earn 5%%\n}\n' | "$loyalty" fmt -)
[ "$out" = "$(printf 'policy "p" {\n  currency VND\n  earn 5%%\n}')" ] || { echo "FAIL: fmt - writes to standard output: $out"; fails=$((fails + 1)); }
printf 'policy "p" {\n  currency VND\n  tier a defualt {}\n}\n' > "$tmp/typo.loy"
NO_COLOR=1 script -qec "'$loyalty' check '$tmp/typo.loy'" /dev/null > "$tmp/tty.out" 2>&1 || true
if grep -q $'\e\[' "$tmp/tty.out"; then echo "FAIL: colour despite NO_COLOR"; fails=$((fails + 1)); fi
grep -q 'did you mean `default`' "$tmp/tty.out" || { echo "FAIL: no hint for a misspelled keyword"; cat "$tmp/tty.out"; fails=$((fails + 1)); }
if [ "$fails" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
