#!/bin/sh
#
# When the round store cannot be written (disk full, file-size limit),
# `shinsa-merge ingest` should say so and why, and should not call a good
# sheet "refused" nor journal it as a refusal: the sheet was fine, the
# secretariat only has to free space and ingest it again.
#
# Today (da1a34f): under `ulimit -f 64` the second sheet gives
#     r02.sheet: refused: work.db: disk I/O error
# and a line in work.db.refusals; under `ulimit -f 8` the whole run gives
#     shinsa-merge: work.db: disk I/O error
# write() failed with EFBIG (ENOSPC on a full disk); SQLite reports
# SQLITE_IOERR_WRITE ("disk I/O error") and keeps the errno, which
# sqlite3_system_errno() returns. Fix (core/store/round.c db_err/exec and
# merge/cmd-ingest.c): append strerror(sqlite3_system_errno(db)) to I/O
# errors ("work.db: disk I/O error (File too large)"), and report a
# store failure as "not stored: ..." rather than "refused: ...", without
# a journal line.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
for b in "$M" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_fsize_message.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02 r03; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,題,者,kakine,01\nK2,題,者,kakine,02\n' > p.csv
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr02,K1\nr02,K2\nr03,K1\nr03,K2\n' > a.csv
$M init --round R1 --title t --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db base.db >/dev/null
$M proposals import --db base.db p.csv >/dev/null
for r in r01 r02 r03; do $M reviewers add --db base.db $r "委員 $r" $r.pub >/dev/null; done
$M assign import --db base.db a.csv >/dev/null
$M issue --db base.db -s sec.key --outbox out >/dev/null
for r in r01 r02 r03; do $S -k $r.key -p out/R1-$r.shinsa-package -o $r.sheet; done

for lim in 8 64; do
	rm -f work.db*
	cp base.db work.db
	rc=0
	sh -c "trap '' XFSZ; ulimit -f $lim; exec \"\$0\" ingest --db work.db -s sec.key r01.sheet r02.sheet r03.sheet" \
		"$M" > out.txt 2> err.txt || rc=$?
	[ $rc -eq 1 ] || fail "limit $lim: exit $rc"
	grep -q 'File too large' err.txt ||
		fail "limit $lim: the cause is not said: $(cat err.txt)"
	grep -q ': refused: ' err.txt &&
		fail "limit $lim: a good sheet called refused: $(cat err.txt)"
	[ ! -s work.db.refusals ] ||
		fail "limit $lim: a store failure journalled as a refusal"
done
echo "fault_fsize_message: ok"
rm -rf "$t"
