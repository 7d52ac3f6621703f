#!/bin/sh
# The committee's designations on a chiiki round of 12 proposals
# (lib/chiiki12.sh): the refusals of the seeds' rules (a (キ) awaiting the
# committee, markedly many 2s and 1s, out of score order without a
# reason, beyond the one-third guideline without acknowledgement, an
# undesignation that leaves a choice without its reason), a balance pick
# with its reason, conditions, undesignation, and decide --reason; every
# refusal changes nothing in the store.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_designate.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/chiiki12.sh"
# The ranking this fixture gives (report --format csv):
#   P03 P10 58.9 | P01 P06 56.3 | P02 54.7 | P05 54.1 | P07 pending |
#   P11 45.5 | P12 many-low | P04 P08 P09 39.8 many-low
$M report --db $db --format csv | grep -q '^1,58.9,P03,' ||
	fail "the fixture's ranking moved: $($M report --db $db --format csv)"

# refused: $1 the words expected on stderr, then the command's arguments.
refused() {
	words=$1; shift
	cp $db before.db
	if $M "$@" --db $db > out 2> err; then fail "not refused: $*"; fi
	grep -qF -- "$words" err || fail "$*: $(cat err)"
	cmp -s $db before.db || fail "a refusal changed the store: $*"
}
refused "(キ) conflict of interest awaiting" designate P07
refused "markedly many items scored 2 or 1" designate P09
refused "no such proposal" designate P99
$M designate --db $db P03 P10 P01 P06 > out || fail "top four"
grep -q '^4 designated, 0 of them chosen for balance' out || fail "$(cat out)"
# P05 (54.1) past P02 (54.7): a balance pick needs its reason.
refused "P05 (score 54.1) is designated ahead of P02 (score 54.7)" \
	designate P05
$M designate --db $db --balance "類型のバランス（グローバル型）" P05 > out
grep -q 'P05: designated (a choice for balance)' out || fail "$(cat out)"
# Undesignating P03 would leave P01 and P06 ahead of it without reasons.
refused "P01 (score 56.3) is designated ahead of P03" undesignate P03
# P06 out: P05 is 1 pick of 4 (within); P11 as well makes 2 of 5: beyond.
$M undesignate --db $db P06 > out || fail "undesignate P06"
refused "more than the guideline of one third" \
	designate --balance "地域のバランス" P11
$M designate --db $db --balance "地域のバランス" --beyond-guideline P11 >out ||
	fail "beyond the guideline, acknowledged"
# Conditions, and the same decision again changes nothing.
$M designate --db $db --condition "評価計画を具体化すること" P03 > out
cp $db before.db
$M designate --db $db P03 > out
grep -q 'P03: designated (already recorded)' out || fail "$(cat out)"
$M designations --db $db > list || fail "designations: $(cat list)"
grep -q 'conditions: 評価計画を具体化すること' list || fail "no conditions"
grep -q 'chosen for balance: 地域のバランス' list || fail "no reason"
grep -q '^5 designated, 2 of them chosen for balance' list || fail "$(cat list)"
grep -q 'P06' list && fail "P06 still listed"
# (キ) decided with its reason: P07 may now be designated.
$M decide --db $db --reason "申し出の内容から公正な審査に支障なし" \
	P07 r04 allow > /dev/null
sqlite3 $db "SELECT reason FROM decisions" | grep -q '公正な審査' ||
	fail "decide did not record its reason"
# The log keeps every decision, the undone one too.
[ "$(sqlite3 $db "SELECT count(*) FROM designation_log")" -eq 8 ] ||
	fail "designation log: $(sqlite3 $db "SELECT * FROM designation_log")"
# In Japanese, with the seeds' words.
LANGUAGE=ja $M designate --db $db P09 2> err && fail "P09 designated"
grep -q '指定' err || fail "not in Japanese: $(cat err)"
echo ok
