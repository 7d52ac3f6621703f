#!/bin/sh
# A full disk, made deterministic with a file-size limit (ulimit -f in a
# subshell, SIGXFSZ ignored so that write() fails with EFBIG instead of
# killing the process): `shinsa-merge ingest` of five sheets under limits
# from 512 bytes to 200 KiB. For every limit:
#   - it exits 1 (or 0 when everything fitted), not by a signal, and every
#     file it could not take is named on stderr with the store's name and
#     a reason; nothing is said "accepted" that is not kept;
#   - PRAGMA integrity_check and foreign_key_check pass;
#   - what was in the store before (r04's first revision) is still there;
#   - every sheet said "accepted" is there: ingesting all five again
#     without the limit says "already have" for exactly those, and
#     leaves the store row for row, and the tally and JSON report byte
#     for byte, equal to one clean ingest.
# Once more with SIGXFSZ at its default (the process dies mid-write):
# the same checks after the crash.
# What the limit does to SQLite is deterministic (same writes, same
# sizes), so the test is too; it asserts the properties, not which file
# fails at which limit.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
C=$build/tests/tools/crashingest
for b in "$M" "$S" "$C"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_fsize.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02 r03 r04; do
	minisign -G -W -p $k.pub -s $k.key >/dev/null
done
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,certifications
K1,遠隔授業の拠点,北海道教育委員会,kakine,01,eruboshi-2
K2,通信制との連携,岩手県教育委員会,kakine,03,
K3,学びの保障,東京都教育委員会,kakine,13,kurumin-2
CSV
printf 'reviewer,proposal\n' > assign.csv
for r in r01 r02 r03 r04; do
	for p in K1 K2 K3; do echo "$r,$p" >> assign.csv; done
done
$M init --round R1 --title "令和6年度 垣根" \
	--rubric "$src/data/rubrics/kakine-2024.json" --secretariat-key sec.pub \
	--db base.db >/dev/null
$M proposals import --db base.db proposals.csv >/dev/null
for r in r01 r02 r03 r04; do $M reviewers add --db base.db $r "委員 $r" $r.pub >/dev/null; done
$M assign import --db base.db assign.csv >/dev/null
$M issue --db base.db -s sec.key --outbox out >/dev/null
for r in r01 r02 r03; do
	$S -k $r.key -p out/R1-$r.shinsa-package -o $r.sheet -s 'K1=4,*=3'
done
$S -k r04.key -p out/R1-r04.shinsa-package -o r04.r1.sheet -r 1 -s '*=2'
$S -k r04.key -p out/R1-r04.shinsa-package -o r04.r2.sheet -r 2 -s 'K2=5,*=4'
$M ingest --db base.db -s sec.key r04.r1.sheet >/dev/null
[ ! -e base.db-wal ] || fail "base.db not checkpointed"
files="r01.sheet r02.sheet r03.sheet r04.r2.sheet r04.r1.sheet"

cp base.db clean.db
$M ingest --db clean.db -s sec.key $files >/dev/null
$C --dump clean.db > clean.dump
$M tally --db clean.db > clean.tally
$M report --db clean.db --format json -o clean.json

# after LABEL [subset]: the checks after a limited run (out.txt, err.txt).
# With subset, what was said accepted need only be kept (a process killed
# by a signal loses what it had not flushed yet).
after() {
	ok=$($C --check work.db) || fail "$1: $ok"
	[ "$ok" = ok ] || fail "$1: integrity: $ok"
	grep ': accepted: ' out.txt | cut -d: -f1 | sort > said.txt || true
	$M ingest --db work.db -s sec.key $files > again.txt 2>&1 ||
		fail "$1: ingest without the limit: $(cat again.txt)"
	grep -q '^r04.r1.sheet: already have' again.txt ||
		fail "$1: r04's first revision, ingested before, is gone"
	grep ': already have' again.txt | cut -d: -f1 | grep -v '^r04.r1.sheet$' |
		sort > kept.txt || true
	if [ $# -gt 1 ]; then
		[ -z "$(comm -23 said.txt kept.txt)" ] ||
			fail "$1: said accepted [$(cat said.txt)], kept [$(cat kept.txt)]"
	else
		cmp -s said.txt kept.txt ||
			fail "$1: said accepted [$(cat said.txt)], kept [$(cat kept.txt)]"
	fi
	$C --dump work.db | cmp -s - clean.dump || fail "$1: store differs from a clean ingest"
	$M tally --db work.db | cmp -s - clean.tally || fail "$1: tally differs"
	$M report --db work.db --format json -o work.json
	cmp -s work.json clean.json || fail "$1: JSON report differs"
}

for lim in 1 8 16 64 100 150 200 400; do
	rm -f work.db work.db-wal work.db-shm work.db.refusals
	cp base.db work.db
	rc=0
	sh -c "trap '' XFSZ; ulimit -f $lim; exec \"\$0\" ingest --db work.db -s sec.key $files" \
		"$M" > out.txt 2> err.txt || rc=$?
	[ $rc -le 1 ] || fail "limit $lim: exit $rc"
	nsaid=$(grep -c ': accepted: \|: already have' out.txt || true)
	nerr=$(grep -c . err.txt || true)
	if [ $rc -eq 0 ]; then
		[ "$nsaid" -eq 5 ] || fail "limit $lim: exit 0 but $nsaid of 5 said"
	else
		[ "$nerr" -ge 1 ] || fail "limit $lim: exit 1 and nothing said"
		[ $((nsaid + $(grep -c ': refused: \|: not stored: ' err.txt || true))) -eq 5 ] ||
			grep -q '^shinsa-merge: work.db: .' err.txt ||
			fail "limit $lim: not every file accounted for: $(cat out.txt err.txt)"
		grep -v 'work.db: .' err.txt &&
			fail "limit $lim: an error that does not name the store"
	fi
	after "limit $lim"
	echo "limit $lim blocks: exit $rc, $nsaid of 5 taken, $(head -1 err.txt)"
done

# SIGXFSZ not ignored: killed at the first write past the limit.
rm -f work.db work.db-wal work.db-shm work.db.refusals
cp base.db work.db
rc=0
sh -c "trap - XFSZ; ulimit -f 100; exec \"\$0\" ingest --db work.db -s sec.key $files" \
	"$M" > out.txt 2> err.txt || rc=$?
[ $rc -eq $((128 + 25)) ] || fail "SIGXFSZ: exit $rc, expected death by SIGXFSZ"
after "SIGXFSZ" subset
echo "SIGXFSZ at 100 blocks: killed; $(wc -l < kept.txt) sheets kept and taken as already had"
echo "fault_fsize: ok"
rm -rf "$t"
