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

points=0 torn=0
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
	T=$(cat count)
	[ "$T" -ge 5 ] || fail "ingest $run: only $T calls counted"
	k=1
	while [ $k -le "$T" ]; do
		for mode in kill torn; do
			grep -q "^$k [a-z0-9]* .*-shm\$" trace && continue
			if [ $mode = torn ]; then
				grep -q "^$k \(p\)*write " trace || continue
				torn=$((torn + 1))
			fi
			rm -f work.db work.db-wal work.db-shm
			cp before.db work.db
			rc=0
			if [ $mode = torn ]; then
				m SHINSA_CRASH_AT=$k SHINSA_CRASH_TORN=1 \
				    $M ingest --db work.db -s sec.key $files > run.out 2>&1 || rc=$?
			else
				m SHINSA_CRASH_AT=$k \
				    $M ingest --db work.db -s sec.key $files > run.out 2>&1 || rc=$?
			fi
			[ $rc -eq 137 ] || fail "$run, crash point $k: exit $rc, not killed ($(cat run.out))"
			# Looked at in a copy: opening a store recovers its
			# WAL, and ingest again must meet the store exactly as
			# the crash left it.
			rm -f look.db look.db-wal look.db-shm
			for f in work.db work.db-wal work.db-shm; do
				[ ! -e $f ] || cp $f look${f#work}
			done
			snap look.db > crash.snap
			[ "$(sed -n 1p crash.snap)" = ok ] &&
				[ "$(wc -l < crash.snap)" -eq 3 ] ||
				fail "$run, crash point $k: integrity: $(cat crash.snap)"
			if cmp -s crash.snap before.snap; then at=before
			elif cmp -s crash.snap after.snap; then at=after
			else fail "$run, crash point $k: the store is neither before nor after the run"
			fi
			if grep -q ': accepted' run.out && [ $at = before ]; then
				fail "$run, crash point $k: a file was reported accepted, the store is as before"
			fi
			# From a state already tried (the same side, a WAL of
			# the same size) ingesting again would try nothing new.
			state="$run $at $(wc -c < work.db-wal 2>/dev/null || echo -)"
			if grep -qxF "$state" states 2>/dev/null; then
				echo "$run, crash point $k ($mode) of $T: store $at the run (ingesting again as above): ok"
				points=$((points + 1))
				continue
			fi
			echo "$state" >> states
			rc=0
			m $M ingest --db work.db -s sec.key $files > again.out 2>&1 || rc=$?
			[ $rc -eq $want ] || fail "$run, crash point $k: ingest again: exit $rc: $(cat again.out)"
			grep -q "$summary" again.out ||
				fail "$run, crash point $k: ingest again: $(cat again.out)"
			snap work.db | cmp -s - after.snap ||
				fail "$run, crash point $k ($at): ingested again, the store differs from one clean run"
			$M tally --db work.db | cmp -s - after.tally ||
				fail "$run, crash point $k: the tally differs"
			echo "$run, crash point $k ($mode) of $T: store $at the run: ok"
			points=$((points + 1))
		done
		k=$((k + 1))
	done
	cp after.db before.db
done
echo "fault_kill_ingest: ok ($points crash points, $torn torn writes)"
rm -rf "$t"
