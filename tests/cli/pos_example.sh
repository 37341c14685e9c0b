#!/usr/bin/env bash
# Installs the library into a scratch prefix, builds examples/pos against it
# with find_package(loyalty), runs the till over a day of orders, then loads
# the installed libloyalty.so from Python (examples/python) for one order.
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
# The Python till loads the installed shared library, which exports the C ABI only.
lib=$(find "$work/prefix" -name 'libloyalty.so' | head -1)
test -n "$lib"
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^loyalty_' || true)
if [ -n "$exported" ]; then echo "libloyalty.so exports more than the C ABI:"; echo "$exported" | head; exit 1; fi
python3 "$root/examples/python/till.py" "$lib" "$root/policies/ipos_membership.loy" \
  "$root/examples/requests/ipos_membership--upgrade.json" > "$work/python.txt"
cat "$work/python.txt"
grep -q "earned 2500, paid 50001, balance 2500, tier FOODBOOK -> TVV" "$work/python.txt"
echo "1 passed, 0 failed"
