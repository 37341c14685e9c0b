#!/usr/bin/env bash
# The main job: build, check every shipped policy, then evaluate every
# example order request against its policy and explain each decision.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOYALTY_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
loyalty=build/cli/loyalty
"$loyalty" check policies/*.loy && echo "policies: all clean"
for request in examples/requests/*.json; do
  name=$(basename "$request" .json)
  policy="policies/${name%%--*}.loy"
  echo
  echo "== $request ($policy)"
  "$loyalty" eval --format text "$policy" "$request" || true
done
