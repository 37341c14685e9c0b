#!/usr/bin/env bash
# Fuzzes every input surface: builds the libFuzzer targets (clang, with
# AddressSanitizer and UndefinedBehaviorSanitizer) into build-fuzz/, seeds
# each target's corpus from the repository and tests/fuzz/, runs each for the
# time given on J cores, and prints executions, coverage and findings per
# target. Exit 1 if anything was found; each finding's input is printed (as
# base64) and kept under build-fuzz/findings/TARGET/.
#
#   fuzz/run.sh [--minutes N | --seconds N] [--jobs J] [--targets "policy_fuzz eval_fuzz"]
#               [--sanitizers address,undefined | undefined | none]
#
# --sanitizers undefined builds into build-fuzz-undefined/ (none: build-fuzz-none/):
# several times the executions a core, without AddressSanitizer's memory checks, for
# long campaigns. Every build shares the corpus in build-fuzz/corpus/.
#
# A finding, once fixed, goes into tests/fuzz/TARGET/ (CTest replays it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
jobs=$(nproc)
targets="policy_fuzz eval_fuzz differential_fuzz event_fuzz scenario_fuzz csv_fuzz"
sanitizers=address,undefined
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --sanitizers) sanitizers=$2; shift 2 ;;
    *) echo "usage: fuzz/run.sh [--minutes N | --seconds N] [--jobs J] [--targets \"...\"] [--sanitizers S]" >&2; exit 2 ;;
  esac
done

case "$sanitizers" in
  address,undefined) build="$root/build-fuzz" ;;
  undefined | none) build="$root/build-fuzz-$sanitizers" ;;
  *) echo "fuzz/run.sh: --sanitizers is address,undefined, undefined or none" >&2; exit 2 ;;
esac
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DLOYALTY_FUZZ=ON -DLOYALTY_FUZZ_SANITIZERS="$sanitizers" \
  -DLOYALTY_TESTS=OFF -DLOYALTY_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $targets > "$build/build.log" 2>&1 || { tail -30 "$build/build.log"; exit 2; }

# The language's keywords and punctuation, for the policy target.
dict="$build/policy.dict"
sed -n 's/^LOYALTY_KW([a-z_]*, "\([a-z_]*\)")$/"\1"/p' "$root/dsl/src/keywords.def" > "$dict"
printf '"{"\n"}"\n"["\n"]"\n"%%"\n">="\n"<="\n"\\""\n"_000"\n"2026-12-31"\n"14:00"\n"mon"\n"sat"\n' >> "$dict"

# JSON's escapes (one spelling a combining accent, which NFC composes), and
# fields the example requests and events seldom use, for the JSON targets.
json_dict="$build/json.dict"
printf '"\\\\u0301"\n"\\\\u00e9"\n"\\\\u0041"\n"\\\\n"\n"\\"returns\\""\n"\\"redeem\\""\n"\\"lots\\""\n"\\"vouchers\\""\n"\\"birthday\\""\n"-0"\n"1e2"\n"null"\n' > "$json_dict"

seeds() {  # the repository's files a target starts from
  case "$1" in
    policy_fuzz) echo "$root/policies $root/examples/programs $root/docs/tutorial" ;;
    eval_fuzz | differential_fuzz) echo "$root/examples/requests" ;;
    event_fuzz) echo "$root/examples/events" ;;
    scenario_fuzz) echo "$root/policies $root/examples/programs" ;;
    csv_fuzz) echo "$root/examples/recompute" ;;
  esac
}

status=0
printf '%-18s %12s %8s %8s %s\n' target executions cov corpus findings
for t in $targets; do
  corpus="$root/build-fuzz/corpus/$t"
  findings="$build/findings/$t"
  rm -rf "$findings"  # only this run's findings are reported (a fixed one lives on in tests/fuzz/)
  mkdir -p "$corpus" "$findings"
  # shellcheck disable=SC2046
  find $(seeds "$t") "$root/tests/fuzz/$t" -maxdepth 1 -type f -exec cp -n {} "$corpus/" \; 2> /dev/null || true
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
           -artifact_prefix="$findings/")
  [ "$t" = policy_fuzz ] && options+=(-dict="$dict")
  case "$t" in eval_fuzz | differential_fuzz | event_fuzz) options+=(-dict="$json_dict") ;; esac
  # J independent workers on one shared corpus (faster than -fork, which restarts and merges).
  [ "$jobs" -gt 1 ] && options+=(-jobs="$jobs" -workers="$jobs")
  work="$build/workers/$t"
  rm -rf "$work" && mkdir -p "$work"
  log="$build/$t.log"
  (cd "$work" && "$build/fuzz/$t" "${options[@]}" "$corpus" > "$work/main.log" 2>&1) || true
  # With workers, each worker's log (the main log repeats them); else the main log.
  if compgen -G "$work/fuzz-*.log" > /dev/null; then cat "$work"/fuzz-*.log > "$log"; else cat "$work/main.log" > "$log"; fi
  # Executions: the sum of every worker's final stats; coverage: the best worker's.
  runs=$( (grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" || true) | awk '{s += $2} END {print s + 0}')
  cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | awk '$2 > m {m = $2} END {print m}')
  found=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  printf '%-18s %12s %8s %8s %s\n' "$t" "${runs:-0}" "${cov:-?}" "$(find "$corpus" -type f | wc -l)" "$found"
  if [ "$found" -gt 0 ]; then
    status=1
    for f in $(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \)); do
      echo "  finding: $f (reproduce: $build/fuzz/$t $f)"
      echo "  input (base64): $(base64 -w0 < "$f" | head -c 2000)"
    done
    grep -m5 -E 'ERROR|fuzz finding|runtime error' "$log" | sed 's/^/  /' || true
  fi
done
exit $status
