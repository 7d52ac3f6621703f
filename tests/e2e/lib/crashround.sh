# Sourced by the kill tests of commands that run on a round with sheets
# (fault_kill_decide.sh, fault_kill_publish.sh). The caller sets M
# (shinsa-merge), S (mksheet), P (crashpoint.so) and src, and is in its
# own temporary directory.

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
