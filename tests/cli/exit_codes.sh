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
expect 0 "$loyalty" check --format sarif "$root"/policies/ipos_membership.loy
expect 0 "$loyalty" fmt --check "$root"/policies/*.loy
printf 'policy "p" {\ncurrency VND\n    earn 5%%\n}\n' > "$tmp/messy.loy"
expect 1 "$loyalty" fmt --check "$tmp/messy.loy"
expect 0 "$loyalty" fmt "$tmp/messy.loy"
expect 0 "$loyalty" fmt --check "$tmp/messy.loy"
expect 0 "$loyalty" eval "$root"/policies/ipos_membership.loy "$root"/examples/requests/ipos_membership--voucher_on_invoice.json
expect 0 "$loyalty" eval --format text "$root"/policies/ipos_membership.loy "$root"/examples/requests/ipos_membership--voucher_on_invoice.json
expect 1 "$loyalty" eval "$root"/policies/ipos_membership.loy "$root"/examples/requests/ipos_membership--refused_insufficient.json
echo '{"member": {"id": "M"}, "order": {"id": "O", "at": "nope", "lines": []}}' > "$tmp/bad.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/bad.json"
expect 2 "$loyalty" eval "$root"/policies/ipos_membership.loy "$tmp/missing.json"
expect 0 "$loyalty" graph --dot "$root"/policies/odoo_cafe.loy
expect 2 "$loyalty" frobnicate
if [ "$fails" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
