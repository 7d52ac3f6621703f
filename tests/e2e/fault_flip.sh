#!/bin/sh
# Damaged sealed files through the real programs (the exhaustive in-process
# run is tests/unit/test_fault_seal.c):
#   - a sealed sheet: every age header and nonce byte, every byte within
#     40 of the end, and every STEP-th other byte (flipfile), each XOR
#     0x01 and XOR 0x80, and truncated there, all given to ONE
#     `shinsa-merge ingest`: every file is refused with a reason and
#     journalled, and the round store is unchanged; so are an empty
#     file, a directory, /dev/zero, /dev/null, a missing file, the store
#     itself and a public key given as sheets;
#   - a sealed package: a thinner sample of the same places, each opened
#     by mksheet (sh_open_package, as `shinsa open` does; the run through
#     shinsa itself is fault_ws_flip.sh): refused, nothing written.
# "Unchanged" with a WAL store: the store is checkpointed before (no
# -wal file; shinsa-merge's last close checkpoints and removes it), and
# after the refusals the main file is byte for byte the same (cmp), no
# -wal file is left (or it is empty), and every row of every table is
# the same (crashingest --dump), so nothing can hide in a log that a
# later open would replay.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
F=$build/tests/tools/flipfile
C=$build/tests/tools/crashingest
for b in "$M" "$S" "$F" "$C"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_flip.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02; do
	minisign -G -W -p $k.pub -s $k.key >/dev/null
done
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,certifications
K1,遠隔授業の拠点,北海道教育委員会,kakine,01,eruboshi-2
K2,通信制との連携,岩手県教育委員会,kakine,03,
K3,学びの保障,東京都教育委員会,kakine,13,kurumin-2
CSV
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr01,K3\nr02,K1\nr02,K2\nr02,K3\n' > assign.csv
db=round.db
$M init --round R1 --title "令和6年度 垣根" \
	--rubric "$src/data/rubrics/kakine-2024.json" --secretariat-key sec.pub \
	--db $db >/dev/null
$M proposals import --db $db proposals.csv >/dev/null
for r in r01 r02; do $M reviewers add --db $db $r "委員 $r" $r.pub >/dev/null; done
$M assign import --db $db assign.csv >/dev/null
$M issue --db $db -s sec.key --outbox out >/dev/null
$S -k r02.key -p out/R1-r02.shinsa-package -o r02.sheet -s '*=4'
$S -k r01.key -p out/R1-r01.shinsa-package -o r01.sheet -s 'K1=5,*=3' -d K3=g
$M ingest --db $db -s sec.key r02.sheet >/dev/null

# The undamaged sheet goes in (into a copy): the refusals below are the
# damage's doing.
cp $db copy.db
$M ingest --db copy.db -s sec.key r01.sheet | grep -q 'accepted: r01 revision 1' ||
	fail "the undamaged sheet is not accepted"

[ ! -e $db-wal ] || fail "store not checkpointed before the test"
cp $db before.db
$C --dump $db > before.dump
rm -f $db.refusals
mkdir sheets
n=$($F -n 1000 r01.sheet sheets)
[ "$n" -ge 3000 ] || fail "only $n damaged sheets"
rc=0
(cd sheets && $M ingest --db ../$db -s ../sec.key *) > out.txt 2> err.txt || rc=$?
[ $rc -eq 1 ] || fail "ingest of damaged sheets: exit $rc"
grep -q "^0 accepted or already had, $n refused" out.txt ||
	fail "not all $n refused: $(tail -1 out.txt)"
[ "$(grep -c ': refused: .' err.txt)" -eq "$n" ] || fail "a refusal without its reason"
# A refusal said in a clerk's words has its cause on an indented line.
grep -v -e ': refused: .' -e '^    .' err.txt && fail "other messages on stderr"
[ "$(wc -l < $db.refusals)" -eq "$n" ] || fail "refusals not all journalled"
cmp -s $db before.db || fail "the round file changed"
[ ! -s $db-wal ] || fail "a write-ahead log was left"
$C --dump $db | cmp -s - before.dump || fail "the rows changed"
# Things that are not sheets at all, and the store itself.
: > empty.sheet
mkdir adir
rc=0
$M ingest --db $db -s sec.key empty.sheet adir /dev/zero /dev/null nothing-here \
	$db before.db r01.pub > out.txt 2> err.txt || rc=$?
[ $rc -eq 1 ] || fail "odd inputs: exit $rc"
grep -q '^0 accepted or already had, 8 refused' out.txt || fail "odd inputs: $(cat out.txt err.txt)"
grep -q '^/dev/zero: refused: .*it is a device' err.txt || fail "/dev/zero: $(cat err.txt)"
cmp -s $db before.db || fail "the round file changed (odd inputs)"
[ ! -s $db-wal ] || fail "a write-ahead log was left (odd inputs)"
$M ingest --db $db -s sec.key r01.sheet | grep -q 'accepted: r01 revision 1' ||
	fail "the undamaged sheet is not accepted after the damaged ones"
# The technical cause of each refusal: its indented line when it has one.
reasons=$(awk '/^    /{ p = substr($0, 5); next }
	{ if (p != "") print p; p = $0; sub(/^[^:]*: refused: /, "", p) }
	END { if (p != "") print p }' err.txt | sed 's/:.*//' | sort | uniq -c | sort -rn)
echo "sheet: $(wc -c < r01.sheet) bytes, $n damaged copies refused by one ingest:"
echo "$reasons"

# Packages: a thinner sample through sh_open_package in mksheet.
mkdir pkgs
pkg=out/R1-r01.shinsa-package
$S -k r01.key -p $pkg -o ok.sheet || fail "the undamaged package does not open"
np=$($F -n 2000 -s 75 $pkg pkgs)
[ "$np" -ge 80 ] || fail "only $np damaged packages"
for f in pkgs/*; do
	rc=0
	$S -k r01.key -p $f -o pkg.sheet 2> perr.txt || rc=$?
	[ $rc -eq 1 ] || fail "$f: mksheet exit $rc"
	grep -q "^mksheet: $f: package: ." perr.txt || fail "$f: $(cat perr.txt)"
	[ ! -e pkg.sheet ] || fail "$f: a sheet was made from a damaged package"
done
echo "package: $(wc -c < $pkg) bytes, $np damaged copies refused"
echo "fault_flip: ok"
rm -rf "$t"
