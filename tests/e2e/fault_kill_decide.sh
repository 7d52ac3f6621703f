#!/bin/sh
# kill -9 during `shinsa-merge decide`, at every one of its file-changing
# calls (tests/tools/crashpoint.so SIGKILLs the real binary just before
# its k-th write, sync, truncate, rename or unlink, for every k from 1 to
# T; once more torn where the k-th call is a write): a first decision on
# a (キ) conflict (allow), then one that replaces it (refuse). After each
# crash:
#   - PRAGMA integrity_check and foreign_key_check pass;
#   - the store is exactly as before the decision or as after one clean
#     run of it, every table row for row (no half: not the decision
#     without its log line, nor the reverse);
#   - `decide` again, on the store as the crash left it (once for each
#     distinct state: before or after, a WAL of the same size), exits 0
#     and leaves the store row for row as one clean run does (deciding
#     again the way already recorded changes nothing, so a retry after a
#     crash that came after the commit does not log the decision twice),
#     and the tally is the clean run's.
# No timing: the crash point is a call count, the same every run.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
P=$build/tests/tools/crashpoint.so
for b in "$M" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
[ -f "$P" ] || { echo "skip: no $P"; exit 77; }
for c in minisign sqlite3; do
	command -v $c >/dev/null || { echo "skip: no $c"; exit 77; }
done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_kill_decide.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/crashround.sh"
small_round
$M ingest --db base.db -s sec.key 1.sheet 2.sheet 3.sheet >/dev/null
$M status --db base.db | grep -q 'decide.*K3 r02' || fail "no (キ) conflict awaits"

crash_check() { :; }

# Deciding again the way already recorded changes nothing, so a retry
# after a crash that came after the commit does not log it twice.
crash_again() {
	m $M decide --db work.db K3 r02 $d > again.out 2>&1 ||
		fail "$1, crash point $2: decide again: $(cat again.out)"
	snap work.db | cmp -s - after.snap ||
		fail "$1, crash point $2 ($3): decided again, the store differs from one clean decide"
	$M tally --db work.db | cmp -s - after.tally ||
		fail "$1, crash point $2: the tally differs"
}

cp base.db before.db
for d in allow refuse; do
	# The store before this decision, and after one clean run of it.
	snap before.db > before.snap
	cp before.db after.db
	m SHINSA_CRASH_COUNT=count SHINSA_CRASH_TRACE=trace \
		$M decide --db after.db K3 r02 $d > clean.out ||
		fail "clean decide $d: $(cat clean.out)"
	snap after.db > after.snap
	cmp -s before.snap after.snap && fail "decide $d changed nothing"
	$M tally --db after.db > after.tally
	[ "$(cat count)" -ge 3 ] || fail "decide $d: only $(cat count) calls counted"
	crash_sweep $d $M decide --db work.db K3 r02 $d
	cp after.db before.db
done
echo "fault_kill_decide: ok ($crash_points crash points, $crash_torn torn writes)"
rm -rf "$t"
