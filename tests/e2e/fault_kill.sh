#!/bin/sh
# kill -9 during ingest, at 30 deterministic points: crashingest (a test
# tool running the same core ingest as `shinsa-merge ingest`, store/ingest,
# in batches of 2 files) runs over a SQLite VFS that SIGKILLs it just
# before its k-th write, sync, truncate or delete, with k drawn from a
# fixed-seed generator over every such operation a whole run makes. After
# each crash:
#   - PRAGMA integrity_check and foreign_key_check pass;
#   - the store holds exactly the state after some whole number j of the
#     files (no half transaction, no half batch), and j reaches the last
#     file the killed process had reported accepted or already had
#     (nothing acknowledged is lost);
#   - the real `shinsa-merge ingest` of all the files again leaves the
#     store row for row equal to one clean ingest, and its JSON report
#     (and, after the last crash, its tally) byte for byte equal to the
#     clean ones.
# Then 10 more points where the write the kill lands on is torn (its first
# half written), with the same checks.
# No timing: the crash point is an operation count, the same every run.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
C=$build/tests/tools/crashingest
for b in "$M" "$S" "$C"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_kill.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/poke.sh"

for k in sec r01 r02 r03 r04; do
	minisign -G -W -p $k.pub -s $k.key >/dev/null
done
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,certifications
K1,遠隔授業の拠点,北海道教育委員会,kakine,01,eruboshi-2
K2,通信制との連携,岩手県教育委員会,kakine,03,
K3,学びの保障,東京都教育委員会,kakine,13,kurumin-2
K4,配信センター構想,長野県教育委員会,kakine,20,
K5,小規模校の連携,高知県教育委員会,kakine,39,
CSV
printf 'reviewer,proposal\n' > assign.csv
for r in r01 r02 r03 r04; do
	for p in K1 K2 K3 K4 K5; do echo "$r,$p" >> assign.csv; done
done
$M init --round R1 --title "令和6年度 垣根" \
	--rubric "$src/data/rubrics/kakine-2024.json" --secretariat-key sec.pub \
	--db base.db >/dev/null
$M proposals import --db base.db proposals.csv >/dev/null
for r in r01 r02 r03 r04; do $M reviewers add --db base.db $r "委員 $r" $r.pub >/dev/null; done
$M assign import --db base.db assign.csv >/dev/null
$M issue --db base.db -s sec.key --outbox out >/dev/null
[ ! -e base.db-wal ] || fail "base.db left a write-ahead log"

# Seven files: revisions 1 and 2 of r01 (2 replaces 1), r02, r03 with a
# (キ) conflict, a tampered file (refused, writes nothing), r04, and r02's
# file again (already have).
$S -k r01.key -p out/R1-r01.shinsa-package -o 1.sheet -r 1 -s '*=3'
$S -k r02.key -p out/R1-r02.shinsa-package -o 2.sheet -s 'K1=5,K2=2,*=4'
$S -k r01.key -p out/R1-r01.shinsa-package -o 3.sheet -r 2 -s 'K1=4,K2=5,*=3'
$S -k r03.key -p out/R1-r03.shinsa-package -o 4.sheet -s '*=2' -d K4=g
cp 2.sheet 5.sheet
poke 5.sheet 200
$S -k r04.key -p out/R1-r04.shinsa-package -o 6.sheet -s 'K3=5,*=4'
cp 2.sheet 7.sheet
files="1.sheet 2.sheet 3.sheet 4.sheet 5.sheet 6.sheet 7.sheet"

# The clean run with the real binary, and the state after each file.
cp base.db clean.db
$C --dump clean.db > prefix.0
j=0
for f in $files; do
	j=$((j + 1))
	$M ingest --db clean.db -s sec.key $f >/dev/null 2>&1 || [ $f = 5.sheet ] ||
		fail "clean ingest of $f"
	$C --dump clean.db > prefix.$j
done
cmp -s prefix.4 prefix.5 || fail "the refused file changed the store"
cmp -s prefix.6 prefix.7 || fail "'already have' changed the store"
cp base.db clean1.db
$M ingest --db clean1.db -s sec.key $files > clean.out 2>&1 && fail "5.sheet accepted"
grep -q '6 accepted or already had, 1 refused' clean.out || fail "clean: $(cat clean.out)"
$C --dump clean1.db > clean.dump
cmp -s clean.dump prefix.7 || fail "one ingest of all differs from one at a time"
$M tally --db clean1.db > clean.tally
$M report --db clean1.db --format json -o clean.json
grep -q '"ranking":\["K' clean.json || fail "clean report has no ranking"

# The tool without a crash point is the same ingest: same rows.
cp base.db counted.db
$C -k 0 --db counted.db -s sec.key $files > counted.out 2> counted.err &&
	fail "crashingest accepted 5.sheet"
$C --dump counted.db | cmp -s - clean.dump || fail "crashingest differs from shinsa-merge ingest"
T=$(sed -n 's/^ops: //p' counted.err)
[ "${T:-0}" -ge 20 ] || fail "only ${T:-?} write operations counted"

# 30 crash points and 10 torn ones, fixed seed.
x=20261122 n=0 points=""
while [ $n -lt 40 ]; do
	x=$(( (x * 1103515245 + 12345) % 2147483648 ))
	k=$(( (x / 65536) % T + 1 ))
	[ $n -lt 30 ] && points="$points $k" || points="$points $k:T"
	n=$((n + 1))
done
for kk in $points; do
	k=${kk%:T} torn=
	[ "$kk" = "$k" ] || torn=-T
	rm -f work.db work.db-wal work.db-shm
	cp base.db work.db
	rc=0
	$C -k "$k" $torn --db work.db -s sec.key $files > run.out 2> run.err || rc=$?
	[ $rc -eq 137 ] || fail "crash point $k: exit $rc, not killed ($(cat run.err))"
	ok=$($C --check work.db) || fail "crash point $k: $ok"
	[ "$ok" = ok ] || fail "crash point $k: integrity: $ok"
	# Files are named by their place in the run. The store must be the
	# state after some whole number j of them (a batch boundary), and j
	# must reach the last file the killed process said it had: accepted
	# and already-had lines come only after their batch was committed.
	last=$(sed -n 's/^\([0-9]*\)\.sheet: accepted.*/\1/p' run.out | tail -1)
	last=${last:-0}
	# 7.sheet is 2.sheet again: "already have" for it says 2 is stored.
	if grep -q '^7\.sheet: already have' run.out && [ $last -lt 2 ]; then
		last=2
	fi
	$C --dump work.db > crash.dump
	at=-1 j=7
	while [ $j -ge 0 ]; do
		if cmp -s crash.dump prefix.$j; then at=$j; break; fi
		j=$((j - 1))
	done
	[ $at -ge 0 ] ||
		fail "crash point $k: the store is not the state after any whole number of files"
	[ $at -ge $last ] ||
		fail "crash point $k: file $last was acknowledged, the store is as after $at"
	done_files=$last
	rc=0
	$M ingest --db work.db -s sec.key $files > again.out 2>&1 || rc=$?
	[ $rc -eq 1 ] || fail "crash point $k: ingest again: exit $rc"
	grep -q '6 accepted or already had, 1 refused' again.out ||
		fail "crash point $k: ingest again: $(cat again.out)"
	$C --dump work.db | cmp -s - clean.dump || fail "crash point $k: store differs from a clean ingest"
	$M report --db work.db --format json -o crash.json
	cmp -s crash.json clean.json || fail "crash point $k: JSON report differs"
	echo "crash point $k${torn:+ (torn)} of $T: store at file $at, $done_files acknowledged: ok"
done
$M tally --db work.db | cmp -s - clean.tally || fail "tally after the last crash differs"
echo "fault_kill: ok (30 crash points and 10 torn writes over $T operations)"
rm -rf "$t"
