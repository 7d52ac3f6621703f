#!/bin/sh
# A real full disk (ENOSPC, not a file-size limit): a small tmpfs,
# mounted in a private mount namespace (unshare -m as root, unshare -rm
# through a user namespace otherwise), filled with a filler file until
# only F bytes are free: the least F in which the command fits is found
# (to a page), then F = 0, seven points spread below it and one page
# short of it (two for the workstation's save, whose need varies by a
# page from run to run):
#   - `shinsa-merge ingest` of four good sheets into a store on it exits
#     1 and says why ("No space left on device"), calls no sheet refused
#     and journals none; the store passes integrity_check and holds the
#     state after some whole number of the sheets; with the filler gone,
#     ingest again leaves the store as one clean ingest does (the store is
#     looked at with the filler gone: even reading a WAL store needs room
#     for its -shm index);
#   - the workstation's draft save (`shinsa form import`, both proposals'
#     drafts in one transaction) into a store on it exits 1 with a
#     message naming the store, the step and the cause; the store passes
#     integrity_check and exports the form as before; with the filler
#     gone the import works.
# Skipped (77) where no mount namespace can be made (a container without
# CAP_SYS_ADMIN and without user namespaces): say so, do not pretend.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
W=$build/tui/shinsa
K=$build/keys/shinsa-keys
S=$build/tests/tools/mksheet
for b in "$M" "$W" "$K" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
for c in minisign sqlite3 unshare mount; do
	command -v $c >/dev/null || { echo "skip: no $c"; exit 77; }
done
if [ "${SHINSA_ENOSPC_NS:-}" != 1 ]; then
	ns="unshare -m"
	[ "$(id -u)" -eq 0 ] || ns="unshare -rm"
	# shellcheck disable=SC2086
	if ! $ns sh -c 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" &&
	    umount "$d" && rmdir "$d"' >/dev/null 2>&1; then
		echo "skip: cannot mount a tmpfs in a private mount namespace" \
		    "($ns: not root with CAP_SYS_ADMIN, and no user namespaces)"
		exit 77
	fi
	# shellcheck disable=SC2086
	exec env SHINSA_ENOSPC_NS=1 $ns sh "$0" "$@"
fi
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_enospc.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
export HOME="$t" XDG_DATA_HOME="$t/xdg"
unset SHINSA_HOME
fail() { echo "FAIL: $*" >&2; exit 1; }
# snap DB: "ok" from integrity_check (any other line is damage or a
# foreign key broken), then a hash of every row of every table.
snap() {
	sqlite3 -batch "$1" "PRAGMA integrity_check; PRAGMA foreign_key_check;
	    SELECT hex(sha3_query('SELECT * FROM round; SELECT * FROM proposals;
	    SELECT * FROM reviewers; SELECT * FROM assignments;
	    SELECT * FROM packages; SELECT * FROM sheets;
	    SELECT * FROM decisions; SELECT * FROM log'));"
}
# fill DIR F: leaves F bytes free on DIR's file system.
fill() {
	avail=$(df -B1 --output=avail "$1" | tail -1)
	rm -f "$1/filler"
	dd if=/dev/zero of="$1/filler" bs=4096 count=$(( (avail - $2) / 4096 )) \
		2>/dev/null || true
}

mkdir full
mount -t tmpfs -o size=2m,mode=0700 tmpfs full

# The round and four sheets, on the ordinary disk.
for k in sec r01 r02 r03; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,遠隔授業の拠点,北海道教育委員会,kakine,01\nK2,通信制との連携,岩手県教育委員会,kakine,03\n' > p.csv
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr02,K1\nr02,K2\nr03,K1\nr03,K2\n' > a.csv
$M init --round R1 --title "令和6年度 垣根" --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db base.db >/dev/null
$M proposals import --db base.db p.csv >/dev/null
for r in r01 r02 r03; do $M reviewers add --db base.db $r "委員 $r" $r.pub >/dev/null; done
$M assign import --db base.db a.csv >/dev/null
$M issue --db base.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/R1-r01.shinsa-package -o 1.sheet -s 'K1=5,*=3'
$S -k r02.key -p out/R1-r02.shinsa-package -o 2.sheet -s 'K2=4,*=2'
$S -k r01.key -p out/R1-r01.shinsa-package -o 3.sheet -r 2 -s 'K1=4,*=3'
$S -k r03.key -p out/R1-r03.shinsa-package -o 4.sheet -s '*=4'
files="1.sheet 2.sheet 3.sheet 4.sheet"
cp base.db clean.db
snap clean.db > prefix.0
j=0
for f in $files; do
	j=$((j + 1))
	$M ingest --db clean.db -s sec.key $f >/dev/null || fail "clean ingest of $f"
	snap clean.db > prefix.$j
done

# run_ingest FREE: ingest onto a copy of the base store with FREE bytes
# free; its exit status in rc, the filler left in place.
run_ingest() {
	rm -rf full/*
	cp base.db full/work.db
	fill full $1
	rc=0
	$M ingest --db full/work.db -s sec.key $files > out.txt 2> err.txt || rc=$?
}
# threshold RUN: the least room, to a page, in which RUN succeeds:
# doubling from 64 KiB, then halving the gap.
threshold() {
	lo=0 hi=65536
	while $1 $hi; [ $rc -ne 0 ]; do
		lo=$hi hi=$((hi * 2))
		[ $hi -le 1048576 ] || fail "$1 never fits in 1 MiB"
	done
	while [ $((hi - lo)) -gt 4096 ]; do
		mid=$(( (lo + hi) / 2 / 4096 * 4096 ))
		if $1 $mid; [ $rc -eq 0 ]; then hi=$mid; else lo=$mid; fi
	done
	echo $hi
}

# Ingest onto a full disk: at 0 bytes free, at eight points spread below
# the least room it needs, and one page short of it.
X=$(threshold run_ingest)
run_ingest $X
[ $rc -eq 0 ] || fail "ingest fits in $X bytes, then not: $(cat err.txt)"
rm -f full/filler
snap full/work.db | cmp -s - prefix.4 ||
	fail "ingest, $X bytes free: accepted, but the store differs from a clean ingest"
for i in 0 1 2 3 4 5 6 7 8; do
	free=$(( X * i / 8 / 4096 * 4096 ))
	[ $i -lt 8 ] || free=$((X - 4096))
	run_ingest $free
	[ $rc -eq 1 ] || fail "ingest, $free bytes free: exit $rc ($(cat out.txt err.txt))"
	grep -q 'No space left on device' err.txt ||
		fail "ingest, $free bytes free: the cause is not said: $(cat err.txt)"
	grep -q ': refused: ' err.txt &&
		fail "ingest, $free bytes free: a good sheet called refused: $(cat err.txt)"
	[ ! -s full/work.db.refusals ] ||
		fail "ingest, $free bytes free: a full disk journalled as a refusal"
	# Even reading a WAL store needs room for its -shm index: look with
	# the filler gone (freeing space changes nothing in the store).
	rm -f full/filler
	snap full/work.db > got.snap
	[ "$(sed -n 1p got.snap)" = ok ] && [ "$(wc -l < got.snap)" -eq 2 ] ||
		fail "ingest, $free bytes free: integrity: $(cat got.snap)"
	at=-1 j=0
	while [ $j -le 4 ]; do
		cmp -s got.snap prefix.$j && { at=$j; break; }
		j=$((j + 1))
	done
	[ $at -ge 0 ] || fail "ingest, $free bytes free: the store is not the state after a whole number of sheets"
	$M ingest --db full/work.db -s sec.key $files > out.txt 2>&1 ||
		fail "ingest, $free bytes free, then room: $(cat out.txt)"
	snap full/work.db | cmp -s - prefix.4 ||
		fail "ingest, $free bytes free, then room: the store differs from one clean ingest"
	echo "ingest with $free bytes free: $at sheets stored; $(grep -m1 'No space' err.txt)"
done
echo "ingest fits with $X bytes free"

# The workstation's draft save onto a full disk.
rm -rf full/*
fpr=$($K show sec.pub | sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
"$W" --store full/ws -s r01.key --no-screens --pin "$fpr" open out/R1-r01.shinsa-package \
	< /dev/null > out.txt 2>&1 || fail "open: $(cat out.txt)"
"$W" --store full/ws -s r01.key form export -o before.form < /dev/null 2>/dev/null ||
	fail "form export"
awk 'BEGIN { for (i = 0; i < 40; i++) s = s "評価の理由を詳しく述べる。" }
	/^==\+== Item 1-1:$/ { $0 = $0 " 3" }
	{ print }
	/^==\+== Comment (1-1|1-2|2-1):$/ { for (i = 0; i < 20; i++) print s }' \
	before.form > long.form
cp -R full/ws ws.base
# run_save FREE: form import into a copy of the opened store with FREE
# bytes free; its exit status in rc, the filler left in place.
run_save() {
	rm -rf full/*
	cp -R ws.base full/ws
	fill full $1
	rc=0
	"$W" --store full/ws -s r01.key form import long.form < /dev/null \
		> out.txt 2> err.txt || rc=$?
}
# The room a save needs varies by one page from run to run (241,664 or
# 245,760 bytes over eight runs of this test; ingest's does not vary):
# the search may have met the smaller need and the check after it the
# larger. So the save must fit in X or one page more, and the last point
# short of it is two pages short, not one.
X=$(threshold run_save)
run_save $X
if [ $rc -ne 0 ]; then
	X=$((X + 4096))
	run_save $X
fi
[ $rc -eq 0 ] || fail "the save fits in $X bytes, then not: $(cat err.txt)"
rm -f full/filler
"$W" --store full/ws -s r01.key form export -o got.form < /dev/null 2>/dev/null
cmp -s got.form before.form && fail "save, $X bytes free: exit 0 but nothing saved"
for i in 0 1 2 3 4 5 6 7 8; do
	free=$(( X * i / 8 / 4096 * 4096 ))
	[ $i -lt 8 ] || free=$((X - 8192))
	run_save $free
	[ $rc -eq 1 ] || fail "save, $free bytes free: exit $rc ($(cat out.txt err.txt))"
	# With no room at all the store cannot even be opened (its -shm
	# index): the step named is then "schema", else the write that met
	# the full disk ("save").
	grep -q '^shinsa: .*full/ws/workstation.db: [a-z]*: .*(No space left on device)' err.txt ||
		fail "save, $free bytes free: the message does not name the store, the step and the cause: $(cat err.txt)"
	rm -f full/filler
	ok=$(sqlite3 -batch full/ws/workstation.db 'PRAGMA integrity_check')
	[ "$ok" = ok ] || fail "save, $free bytes free: integrity: $ok"
	"$W" --store full/ws -s r01.key form export -o got.form < /dev/null 2>/dev/null
	cmp -s got.form before.form || fail "save, $free bytes free: a failed save changed the drafts"
	"$W" --store full/ws -s r01.key form import long.form < /dev/null > out.txt 2>&1 ||
		fail "save, $free bytes free, then room: $(cat out.txt)"
	echo "save with $free bytes free: $(cat err.txt)"
done
echo "the save fits with $X bytes free"
umount full
echo "fault_enospc: ok"
rm -rf "$t"
