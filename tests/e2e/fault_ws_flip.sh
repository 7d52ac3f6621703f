#!/bin/sh
# Damaged packages through the real workstation: a sample of flips (XOR
# 0x01 and 0x80) and truncations of a sealed package over every header
# byte, the chunk boundaries and the rest (flipfile), each given to
# `shinsa open`: refused (exit 1, "shinsa: FILE: package: <why>", or that
# indented after what it means in plain words), and the
# workstation store, which already holds the round, is unchanged: same
# main file bytes (checkpointed, no -wal left) and same rows
# (crashingest --dump), and `shinsa status` says the same.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
W=$build/tui/shinsa
K=$build/keys/shinsa-keys
F=$build/tests/tools/flipfile
C=$build/tests/tools/crashingest
for b in "$M" "$W" "$K" "$F" "$C"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_ws_flip.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
export HOME="$t" XDG_DATA_HOME="$t/xdg"
unset SHINSA_HOME
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,遠隔授業の拠点,北海道教育委員会,kakine,01\nK2,通信制との連携,岩手県教育委員会,kakine,03\n' > p.csv
$M init --round R1 --title "令和6年度 垣根" --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db >/dev/null
$M proposals import --db r.db p.csv >/dev/null
$M reviewers add --db r.db r01 "委員" r01.pub >/dev/null
printf 'reviewer,proposal\nr01,K1\nr01,K2\n' > a.csv
$M assign import --db r.db a.csv >/dev/null
$M issue --db r.db -s sec.key --outbox out >/dev/null
pkg=out/R1-r01.shinsa-package
fpr=$($K show sec.pub | sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
$W --store ws -s r01.key --no-screens --pin "$fpr" open $pkg < /dev/null 2>/dev/null ||
	fail "the undamaged package does not open"
$W --store ws -s r01.key status > before.st 2>&1 || true
[ ! -s ws/workstation.db-wal ] || fail "workstation store not checkpointed"
cp ws/workstation.db before.db
$C --dump ws/workstation.db > before.dump

mkdir pkgs
np=$($F -n 2000 -s 75 $pkg pkgs)
[ "$np" -ge 80 ] || fail "only $np damaged packages"
for f in pkgs/*; do
	rc=0
	$W --store ws -s r01.key --no-screens open $f < /dev/null > o.txt 2> e.txt || rc=$?
	[ $rc -eq 1 ] || fail "$f: exit $rc: $(cat e.txt)"
	# The cause: on the line, or indented after the plain words.
	grep -q -e "^shinsa: .*package: ." -e "^    .*package: ." e.txt ||
		fail "$f: $(cat e.txt)"
done
cmp -s ws/workstation.db before.db || fail "the workstation store changed"
[ ! -s ws/workstation.db-wal ] || fail "a write-ahead log was left"
$C --dump ws/workstation.db | cmp -s - before.dump || fail "the store's rows changed"
$W --store ws -s r01.key status > after.st 2>&1 || true
cmp -s before.st after.st || fail "status changed"
echo "fault_ws_flip: ok ($np damaged packages refused by shinsa open)"
rm -rf "$t"
