#!/bin/sh
# shinsa-merge demo: a complete kakine-2024 round (26 proposals, five
# reviewers, packages issued) that stock age opens with a reviewer's
# exported identity; with --sheets, every sheet ingests, the (キ) is
# decided, 26 proposals are ranked, and the published bundle verifies.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
K=$build/keys/shinsa-keys
for b in "$M" "$V"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/merge_demo.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > demo.out
[ "$(ls demo/outbox/*.shinsa-package | wc -l)" -eq 5 ] || fail "5 packages"
[ "$(ls demo/inbox/*.shinsa-sheet | wc -l)" -eq 5 ] || fail "5 sheets"
[ "$(stat -c %a demo/keys/r01.key)" = 600 ] || fail "key mode"
$M demo demo 2>/dev/null && fail "demo overwrote a non-empty directory"
db=demo/round.db sec=demo/keys/secretariat.key
$M status --db $db | grep -q '^proposals  26$' || fail "26 proposals"
$M status --db $db | grep -q '^assignments 78$' || fail "78 assignments"

# Stock age opens a package with the reviewer's exported identity.
if [ -x "$K" ] && command -v age >/dev/null; then
	$K export-age-identity -o r01.age demo/keys/r01.key >/dev/null
	age -d -i r01.age demo/outbox/R2024-kakine-r01.shinsa-package > r01.tar
	tar -tf r01.tar | head -3 | tr '\n' ' ' | grep -q \
		'package.json package.json.minisig rubric.json' ||
		fail "package members: $(tar -tf r01.tar | head -3)"
fi

$M ingest --db $db -s $sec demo/inbox/*.shinsa-sheet > ingest.out
grep -q '^5 accepted or already had, 0 refused' ingest.out || fail "ingest"
$M tally --db $db > tally.out
grep -q 'decide P07 r03 allow|refuse' tally.out || fail "(キ) not pending"
grep -q 'r04 -/-\[withdrawn\]' tally.out || fail "(ア) not withdrawn"
$M decide --db $db P07 r03 allow >/dev/null
n=$($M report --db $db --format csv | tail -n +2 | cut -d, -f1 | grep -c '^[0-9]')
[ "$n" -eq 26 ] || fail "$n of 26 proposals ranked"
$M publish --db $db -s $sec bundle >/dev/null
$V -p demo/keys/secretariat.pub bundle | grep -q '^VERIFIED' || fail "verify"
echo "merge_demo: ok ($(sed -n 's/.*not stored (\(.*\))/\1/p' ingest.out) to ingest 5 sheets)"
rm -rf "$t"
