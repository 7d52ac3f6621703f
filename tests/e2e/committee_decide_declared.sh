#!/bin/sh
# shinsa-merge decide records the committee's decision only on a (キ)
# the reviewer's current sheet declares (DESIGN.md rules 10 and 12): a
# clerk's typo of the proposal or reviewer (r02 declared nothing on P01;
# P04 is not r02's) is refused in plain Japanese, exit 1, and changes
# nothing: no decision in status, nothing in the log. The reply to a
# decision names it in the reader's words, as status does.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 LANGUAGE=ja TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_decide_declared.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3"; exit 77; }
. "$src/tests/e2e/lib/chiiki12.sh"

log() { sqlite3 $db "SELECT count(*) FROM log"; }
before=$(log)
refused() {	# PROPOSAL REVIEWER WORDS
	rc=0
	$M decide --db $db "$1" "$2" allow > out 2> err || rc=$?
	[ $rc -eq 1 ] || fail "decide $1 $2: exit $rc: $(cat out err)"
	[ ! -s out ] || fail "decide $1 $2 said: $(cat out)"
	grep -q "$3" err || fail "decide $1 $2: $(cat err)"
	if grep -q '[a-z][a-z]* [a-z][a-z]* [a-z][a-z]*' err; then
		fail "decide $1 $2: English in the refusal: $(cat err)"
	fi
}
refused P01 r02 '審査委員 r02 の現在の評価票は、構想 P01 について利害関係 (キ) を申し出ていません'
refused P04 r02 '構想 P04 は審査委員 r02 に割り当てられていません'
[ "$(log)" = "$before" ] || fail "a refused decision was logged"
$M status --db $db > status || fail "status: $(cat status)"
if grep -q 'P01/r02\|P04/r02' status; then fail "recorded: $(cat status)"; fi

# r04's declared (キ) on P07 (chiiki12.sh) is the committee's to decide.
$M decide --db $db P07 r04 allow > out || fail "decide P07: $(cat out)"
[ "$(cat out)" = "(キ) P07/r04: 審査を認める" ] || fail "reply: $(cat out)"
$M decide --db $db P07 r04 refuse > out || fail "decide P07: $(cat out)"
[ "$(cat out)" = "(キ) P07/r04: 審査を認めない" ] || fail "reply: $(cat out)"
echo ok
