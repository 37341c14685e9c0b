#!/usr/bin/env bash
# Installs the library into a scratch prefix, builds examples/pos against it
# with find_package(loyalty), and runs the till over a day of orders.
set -euo pipefail
build=$1 root=$2 work=$3
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$root/examples/pos" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" -j 2 >/dev/null
"$work/build/pos" "$root/policies/ipos_membership.loy" "$root/examples/pos/day.jsonl" > "$work/receipts.txt"
cat "$work/receipts.txt"
# M2 spent 6,000,000 (> 5,000,000): gold after the first order
grep -q "M2: 2 orders" "$work/receipts.txt"
grep -q "tier TVV" "$work/receipts.txt"
echo "1 passed, 0 failed"
