#!/usr/bin/env bash
# The CI kit as shipped: examples/ci/pre-commit in a sample repository of
# policies. A harmless change commits; a breaking one is refused with the
# expected diagnostic; a change that breaks a scenario is refused too.
set -u
loyalty=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
repo="$tmp/repo"
mkdir -p "$repo" && cd "$repo" || exit 1
git init -q && git config user.email ci@example.com && git config user.name CI
cp "$root/policies/ipos_membership.loy" "$root/policies/ipos_membership.test.yaml" .
git add . && git commit -q -m "policies" || exit 1
cp "$root/examples/ci/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
export LOYALTY="$loyalty"

# A harmless change: a comment.
sed -i '1s/^/# Reviewed by the loyalty team.\n/' ipos_membership.loy
git add ipos_membership.loy
git commit -q -m "a comment" >"$tmp/good.out" 2>&1 || { fail "a harmless change was refused"; cat "$tmp/good.out"; }

# A breaking change: a voucher reward renamed.
sed -i 's/reward V50 /reward V50K /' ipos_membership.loy
git add ipos_membership.loy
if git commit -q -m "rename V50" >"$tmp/bad.out" 2>&1; then
  fail "a renamed reward was committed"
else
  grep -q '\[id-renamed\]' "$tmp/bad.out" || { fail "the refusal does not name id-renamed"; cat "$tmp/bad.out"; }
  grep -q 'reward `V50K` was `V50`' "$tmp/bad.out" || fail "the refusal does not say what was renamed"
fi
git checkout -q ipos_membership.loy && git reset -q

# A change that breaks a scenario (5% becomes 4%) but no lint rule beyond a warning.
sed -i 's/earn 5% # 100.000đ paid earns 5.000 points/earn 4%/' ipos_membership.loy
git add ipos_membership.loy
if git commit -q -m "4%" >"$tmp/rate.out" 2>&1; then
  fail "a change that breaks a scenario was committed"
else
  grep -q 'FAIL  seed 002: 5% of 100,000 paid is 5,000 points' "$tmp/rate.out" || { fail "the failing scenario is not named"; cat "$tmp/rate.out"; }
  grep -q '\[rate-lowered\]' "$tmp/rate.out" || fail "the lowered rate is not reported"
fi

[ "$fails" = 0 ] && echo "ci kit: all passed"
exit $((fails > 0))
