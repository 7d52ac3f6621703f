#!/bin/sh
# announce on a chiiki round of 12 (lib/chiiki12.sh): refused, writing
# nothing, while nothing is designated, while a (キ) awaits the
# committee and while a designation is newer than the last publish; then the public list of designated proposals (no scores),
# the reviewers' names and a notice to every applicant, designated with
# the committee's conditions or not designated, in Japanese.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_announce.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/chiiki12.sh"

if $M announce --db $db pub 2> err; then fail "announced with nothing designated"; fi
grep -q 'nothing is designated yet' err || fail "$(cat err)"
$M designate --db $db P03 P10 >/dev/null
if $M announce --db $db pub 2> err; then fail "announced with a (キ) pending"; fi
grep -q '(キ) conflicts still await' err || fail "$(cat err)"
[ -e pub ] && fail "a refused announce wrote pub"
$M decide --db $db --reason "支障なし" P07 r04 allow >/dev/null
# The (キ) counted moves the ranking: designate its top two afresh.
$M undesignate --db $db P03 P10 >/dev/null
set -- $($M report --db $db --format csv | sed -n '2,3p' | cut -d, -f3)
top=$1
$M designate --db $db "$1" "$2" >/dev/null
# Not yet published since the last change: designations.json would
# disagree with the announcement, so publish comes first.
$M publish --db $db -s sec.key b0 >/dev/null
$M designate --db $db --condition "評価計画を具体化すること" "$top" >/dev/null
if LANGUAGE=ja $M announce --db $db pub 2> err; then
	fail "announced designations newer than the last publish"
fi
grep -q '先に shinsa-merge publish' err || fail "$(cat err)"
[ -e pub ] && fail "a refused announce wrote pub"
$M publish --db $db -s sec.key b1 >/dev/null
LANGUAGE=ja $M announce --db $db pub > out || fail "announce: $(cat out)"
for f in designated.csv designated.html reviewers.html notices/$top.txt \
    notices/$top.html notices/P09.txt; do
	[ -f pub/$f ] || fail "no $f"
done
[ "$(stat -c %a pub/designated.csv)" = 644 ] || fail "the list is not public"
[ "$(tail -n +2 pub/designated.csv | wc -l)" -eq 2 ] || fail "$(cat pub/designated.csv)"
n=${top#P0}; n=${n#P}
grep -q "^$top,県教育委員会$n,構想$n,[^,]*型,$(printf %02d $n)" pub/designated.csv ||
	fail "$(cat pub/designated.csv)"
grep -q '5[0-9]\.[0-9]' pub/designated.csv pub/designated.html &&
	fail "a score in the public list"
grep -q '審査委員5' pub/reviewers.html || fail "no reviewers' names"
grep -q '指定することとなりました' pub/notices/$top.txt || fail "$(cat pub/notices/$top.txt)"
grep -q '計画の修正等の条件: 評価計画を具体化すること' pub/notices/$top.txt ||
	fail "no conditions in the notice"
grep -q '指定しないこととなりました' pub/notices/P09.txt || fail "$(cat pub/notices/P09.txt)"
grep -q '<html lang="ja">' pub/notices/$top.html || fail "notice html"
echo ok
