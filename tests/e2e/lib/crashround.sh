# Sourced by the kill tests of commands that run on a round with sheets
# (fault_kill_decide.sh, fault_kill_ingest.sh, fault_kill_publish.sh).
# The caller sets M (shinsa-merge), S (mksheet), P (crashpoint.so) and
# src, defines fail, and is in its own temporary directory.

# m VAR=VALUE... PROGRAM ARGS: under the shim, syncs counted but skipped
# (a killed process loses nothing the kernel holds).
m() { env LD_PRELOAD="$P" SHINSA_CRASH_NOSYNC=1 "$@"; }

# snap DB: "ok" from integrity_check (any other line is damage or a
# foreign key broken), then a hash of the schema and of every row of
# every table.
snap() {
	m sqlite3 -batch "$1" "PRAGMA integrity_check; PRAGMA foreign_key_check;
	    SELECT hex(sha3_query('SELECT * FROM sqlite_schema'));
	    SELECT hex(sha3_query('SELECT * FROM round; SELECT * FROM proposals;
	    SELECT * FROM reviewers; SELECT * FROM assignments;
	    SELECT * FROM packages; SELECT * FROM sheets;
	    SELECT * FROM decisions; SELECT * FROM log'));"
}

# small_round: base.db, a kakine round of three proposals and three
# reviewers, issued to out/, and 1.sheet-3.sheet (r02's with a (キ)
# conflict on K3), not yet ingested.
small_round() {
	for k in sec r01 r02 r03; do
		minisign -G -W -p $k.pub -s $k.key >/dev/null
	done
	printf 'id,title,applicant,variant,prefecture\nK1,題,者,kakine,01\nK2,題,者,kakine,02\nK3,題,者,kakine,03\n' > p.csv
	printf 'reviewer,proposal\n' > a.csv
	for r in r01 r02 r03; do
		for p in K1 K2 K3; do echo "$r,$p" >> a.csv; done
	done
	$M init --round R1 --title t \
	    --rubric "$src/data/rubrics/kakine-2024.json" \
	    --secretariat-key sec.pub --db base.db >/dev/null
	$M proposals import --db base.db p.csv >/dev/null
	for r in r01 r02 r03; do
		$M reviewers add --db base.db $r "委員 $r" $r.pub >/dev/null
	done
	$M assign import --db base.db a.csv >/dev/null
	$M issue --db base.db -s sec.key --outbox out >/dev/null
	$S -k r01.key -p out/R1-r01.shinsa-package -o 1.sheet -s 'K1=5,*=3'
	$S -k r02.key -p out/R1-r02.shinsa-package -o 2.sheet \
	    -s 'K2=4,*=2' -d K3=g
	$S -k r03.key -p out/R1-r03.shinsa-package -o 3.sheet -s 'K3=5,*=4'
}

# crash_sweep LABEL COMMAND...: kills COMMAND, which changes work.db,
# before each of its file-changing calls k = 1..T in turn, and once more
# with the k-th call torn where it is a write. T and the calls are those
# of a clean run under the shim (SHINSA_CRASH_COUNT=count,
# SHINSA_CRASH_TRACE=trace); before.db and before.snap, after.snap are the
# store before and after that run. Each time, from a fresh copy of
# before.db: the process must die of the kill; then, in a copy (opening
# a store recovers its WAL, and the retry must meet the store exactly as
# the crash left it), integrity_check and foreign_key_check pass and the
# store is before or after, never between. Then the caller's
#	crash_check LABEL K AT	(run.out holds what the killed run said)
#	crash_again LABEL K AT	(runs the command again and compares)
# where AT is "before" or "after"; crash_again is skipped for a state
# already tried (the same side, a WAL of the same size). Counts go to
# crash_points and crash_torn.
crash_points=0 crash_torn=0
crash_sweep() {
	label=$1
	shift
	T=$(cat count)
	k=1
	while [ $k -le "$T" ]; do
		for mode in kill torn; do
			grep -q "^$k [a-z0-9]* .*-shm\$" trace && continue
			if [ $mode = torn ]; then
				grep -q "^$k \(p\)*write " trace || continue
				crash_torn=$((crash_torn + 1))
			fi
			rm -f work.db work.db-wal work.db-shm
			cp before.db work.db
			rc=0
			if [ $mode = torn ]; then
				m SHINSA_CRASH_AT=$k SHINSA_CRASH_TORN=1 \
				    "$@" > run.out 2>&1 || rc=$?
			else
				m SHINSA_CRASH_AT=$k "$@" > run.out 2>&1 || rc=$?
			fi
			[ $rc -eq 137 ] ||
				fail "$label, crash point $k: exit $rc, not killed ($(cat run.out))"
			rm -f look.db look.db-wal look.db-shm
			for f in work.db work.db-wal work.db-shm; do
				[ ! -e $f ] || cp $f look${f#work}
			done
			snap look.db > crash.snap
			[ "$(sed -n 1p crash.snap)" = ok ] &&
				[ "$(wc -l < crash.snap)" -eq 3 ] ||
				fail "$label, crash point $k: integrity: $(cat crash.snap)"
			if cmp -s crash.snap before.snap; then at=before
			elif cmp -s crash.snap after.snap; then at=after
			else fail "$label, crash point $k: the store is neither before nor after"
			fi
			crash_check "$label" $k $at
			crash_points=$((crash_points + 1))
			state="$label $at $(wc -c < work.db-wal 2>/dev/null || echo -)"
			if grep -qxF "$state" states 2>/dev/null; then
				echo "$label, crash point $k ($mode) of $T: store $at (again as above): ok"
				continue
			fi
			echo "$state" >> states
			crash_again "$label" $k $at
			echo "$label, crash point $k ($mode) of $T: store $at: ok"
		done
		k=$((k + 1))
	done
}
