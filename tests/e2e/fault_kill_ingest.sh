#!/bin/sh
# kill -9 of the real `shinsa-merge ingest`, at every one of its
# file-changing calls (tests/tools/crashpoint.so SIGKILLs the binary just
# before its k-th write, sync, truncate, rename or unlink, for every k
# from 1 to T; once more torn where the k-th call is a write), in two
# runs, as a secretariat would make them:
#   A. r01's and r02's sheets into a store that has none;
#   B. then a tampered file (refused), r03's sheet, r01's revision 2
#      (replaces 1) and r02's sheet again (already have).
# After each crash:
#   - PRAGMA integrity_check and foreign_key_check pass;
#   - the store is exactly as before the run or as after one clean run,
#     every table row for row (ingest commits its files as one batch
#     here: never a half);
#   - if the killed process had reported a file accepted, the store is
#     the one after (nothing acknowledged is lost: ingest writes its
#     acknowledgements out as each batch is committed);
#   - ingesting the same files again leaves the store row for row as one
#     clean run does, says so in its summary, and the tally is the clean
#     run's.
# tests/e2e/fault_kill.sh does the same at 40 points of a run over several
# batches, through crashingest (the same core with a batch size of 2).
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
t=$build/tests/tmp/fault_kill_ingest.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/crashround.sh"
. "$src/tests/e2e/lib/poke.sh"
small_round
$S -k r01.key -p out/R1-r01.shinsa-package -o 1b.sheet -r 2 -s 'K2=5,*=4'
cp 3.sheet bad.sheet
poke bad.sheet 300

# A file reported accepted is on disk.
crash_check() {
	if grep -q ': accepted' run.out && [ $3 = before ]; then
		fail "$1, crash point $2: a file was reported accepted, the store is as before"
	fi
}

crash_again() {
	rc=0
	m $M ingest --db work.db -s sec.key $files > again.out 2>&1 || rc=$?
	[ $rc -eq $want ] || fail "$1, crash point $2: ingest again: exit $rc: $(cat again.out)"
	grep -q "$summary" again.out ||
		fail "$1, crash point $2: ingest again: $(cat again.out)"
	snap work.db | cmp -s - after.snap ||
		fail "$1, crash point $2 ($3): ingested again, the store differs from one clean run"
	$M tally --db work.db | cmp -s - after.tally ||
		fail "$1, crash point $2: the tally differs"
}

cp base.db before.db
for run in A B; do
	if [ $run = A ]; then
		files="1.sheet 2.sheet" summary='2 accepted or already had, 0 refused'
		want=0
	else
		files="bad.sheet 3.sheet 1b.sheet 2.sheet"
		summary='3 accepted or already had, 1 refused' want=1
	fi
	# The store before this run, and after one clean run of it.
	snap before.db > before.snap
	cp before.db after.db
	rc=0
	m SHINSA_CRASH_COUNT=count SHINSA_CRASH_TRACE=trace \
		$M ingest --db after.db -s sec.key $files > clean.out 2>&1 || rc=$?
	[ $rc -eq $want ] || fail "clean ingest $run: exit $rc: $(cat clean.out)"
	grep -q "$summary" clean.out || fail "clean ingest $run: $(cat clean.out)"
	snap after.db > after.snap
	cmp -s before.snap after.snap && fail "ingest $run changed nothing"
	$M tally --db after.db > after.tally
	[ "$(cat count)" -ge 5 ] || fail "ingest $run: only $(cat count) calls counted"
	crash_sweep $run $M ingest --db work.db -s sec.key $files
	cp after.db before.db
done
echo "fault_kill_ingest: ok ($crash_points crash points, $crash_torn torn writes)"
rm -rf "$t"
