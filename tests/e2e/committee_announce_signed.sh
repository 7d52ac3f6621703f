#!/bin/sh
# announce writes only the designations publish signed: a change that
# leaves no "designated" line in the log (acknowledging the guideline
# for a balance pick already made) still makes it refuse until the next
# publish. Found in review: the old check compared log lines only.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_announce_signed.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/chiiki12.sh"

$M decide --db $db --reason "支障なし" P07 r04 allow >/dev/null
$M designate --db $db P01 P06 P02 P03 P10 >/dev/null
$M designate --db $db --balance "地域のバランス" P11 >/dev/null
$M publish --db $db -s sec.key b0 >/dev/null
grep -q '"beyond":false' b0/designations.json ||
	fail "setup: $(cat b0/designations.json)"
$M designate --db $db --beyond-guideline P11 >/dev/null
if $M announce --db $db pub 2> err; then
	fail "announced a set the bundle's designations.json does not hold"
fi
grep -q 'run shinsa-merge publish first' err || fail "$(cat err)"
[ -e pub ] && fail "a refused announce wrote pub"
$M publish --db $db -s sec.key b1 >/dev/null
grep -q '"beyond":true' b1/designations.json ||
	fail "$(cat b1/designations.json)"
$M announce --db $db pub >/dev/null || fail "announce after publish"
[ -s pub/designated.csv ] || fail "no list written"
rm -rf "$t"
