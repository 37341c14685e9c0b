#!/usr/bin/env bash
# The main job: build, check every shipped policy and run its scenarios,
# evaluate every example order request against its policy and explain each
# decision, then replay every example history and show one member's journal.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOYALTY_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
loyalty=build/cli/loyalty
"$loyalty" check policies/*.loy && echo "policies: all clean"
# Each policy's scenario suite, with its coverage.
for suite in policies/*.test.yaml; do
  echo
  echo "== $suite"
  "$loyalty" test --coverage "${suite%.test.yaml}.loy" "$suite"
done
for request in examples/requests/*.json; do
  name=$(basename "$request" .json)
  policy="policies/${name%%--*}.loy"
  echo
  echo "== $request ($policy)"
  "$loyalty" eval --format text "$policy" "$request" || true
done

# A history: every example event stream replayed against its policy, the
# final member states, and the journal of one member (every change, why).
for events in examples/events/*.jsonl; do
  name=$(basename "$events" .jsonl)
  policy="policies/$name.loy"
  echo
  echo "== replay $events ($policy)"
  "$loyalty" replay "$policy" "$events" --out "build/$name.states.jsonl" --journal "build/$name.journal.jsonl"
  cat "build/$name.states.jsonl"
  member=$(head -n 1 "build/$name.states.jsonl" | sed 's/^{"id":"\([^"]*\)".*/\1/')
  echo "-- journal of $member"
  grep "\"member\":\"$member\"" "build/$name.journal.jsonl"
done
