#!/bin/sh
# The workstation store under a full disk (ulimit -f in a subshell, SIGXFSZ
# ignored): `shinsa open PACKAGE` keeps the package and pins the
# secretariat's key in one store write. Under limits from 512 bytes to
# 500 KiB it either opens the round or fails with exit 1 and a message
# naming the store; afterwards the store passes integrity_check and holds
# the round whole or not at all (`shinsa status` says which), and an
# open without the limit works. Then, with the round opened, a reopen of
# a reissued package under the limit loses nothing: status is the same.
# Then killed by SIGXFSZ (not ignored) at the first write past limits
# from 4 to 100 KiB: the same checks after each crash.
# Every failure names the cause, not only SQLite's "disk I/O error": the
# message says "File too large" (store/ioerr.h).
# Then draft saves: `shinsa form import` of a form with long comments
# saves both proposals' drafts in one store transaction. Under limits
# just above the store's size it fails with exit 1 and a message naming
# the store, the save and the cause; the store passes integrity_check
# and `form export` gives the form as before the import (the save is
# whole or not at all); the import without the limit then works. Killed
# by SIGXFSZ in the save instead, the store exports as before the import
# or as after it, nothing in between.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
W=$build/tui/shinsa
K=$build/keys/shinsa-keys
C=$build/tests/tools/crashingest
for b in "$M" "$W" "$K" "$C"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_ws_fsize.$$
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
[ -n "$fpr" ] || fail "no fingerprint"

# wopen LIMIT [SIGXFSZ]: shinsa open under a file-size limit ("" for
# none), SIGXFSZ ignored unless a second argument says "-" (default: the
# process dies at the first write past the limit, a deterministic crash).
wopen() {
	if [ -n "$1" ]; then
		sh -c "trap '${2:-}' XFSZ; ulimit -f $1; exec \"\$0\" --store ws -s r01.key --no-screens --pin '$fpr' open $pkg" \
			"$W" < /dev/null > out.txt 2> err.txt
	else
		"$W" --store ws -s r01.key --no-screens --pin "$fpr" open $pkg \
			< /dev/null > out.txt 2> err.txt
	fi
}
# status exits 3 while something blocks submission: not a failure here.
wstatus() {
	"$W" --store ws -s r01.key status < /dev/null > st.txt 2>&1
}

for lim in 1 8 16 64 100 150 200 400 1000; do
	rm -rf ws
	rc=0; wopen $lim || rc=$?
	cp err.txt lerr.txt
	if [ $rc -ne 0 ]; then
		[ $rc -eq 1 ] || fail "limit $lim: exit $rc"
		grep -q '^shinsa: .*ws/workstation.db: .' err.txt ||
			fail "limit $lim: the message does not name the store: $(cat err.txt)"
		grep -q '(File too large' err.txt ||
			fail "limit $lim: the message does not name the cause: $(cat err.txt)"
	fi
	if [ -e ws/workstation.db ]; then
		ok=$($C --check ws/workstation.db) || fail "limit $lim: $ok"
		[ "$ok" = ok ] || fail "limit $lim: integrity: $ok"
	fi
	wstatus || true
	if [ $rc -eq 0 ]; then
		grep -q '^Round R1 ' st.txt || fail "limit $lim: opened but status: $(cat st.txt)"
	else
		grep -q 'no package opened yet' st.txt ||
			fail "limit $lim: failed open left something: $(cat st.txt)"
	fi
	wopen "" || fail "limit $lim: open without the limit: $(cat err.txt)"
	wstatus || true
	grep -q '^Round R1 (令和6年度 垣根), reviewer r01' st.txt ||
		fail "limit $lim: after a clean open: $(cat st.txt)"
	echo "limit $lim blocks: open exit $rc, $(grep -v '^$\|^    \|pinned on\|fingerprint' lerr.txt | head -1)"
done

# Opened; the same package again under a tight limit changes nothing.
cp st.txt before.txt
for lim in 1 8 64; do
	rc=0; wopen $lim || rc=$?
	[ $rc -le 1 ] || fail "reopen at $lim: exit $rc"
	ok=$($C --check ws/workstation.db) || fail "reopen at $lim: $ok"
	wstatus || true
	cmp -s st.txt before.txt || fail "reopen at $lim: status changed: $(cat st.txt)"
done
# Killed by SIGXFSZ at the first write past the limit: a crash at a
# different point for each limit. The store is whole and holds the round
# whole or not at all; an open without the limit then works.
for lim in 8 16 32 64 100 150 200; do
	rm -rf ws
	rc=0; wopen $lim - || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq $((128 + 25)) ] ||
		fail "SIGXFSZ at $lim: exit $rc, not killed by SIGXFSZ"
	if [ -e ws/workstation.db ]; then
		ok=$($C --check ws/workstation.db) || fail "SIGXFSZ at $lim: $ok"
		[ "$ok" = ok ] || fail "SIGXFSZ at $lim: integrity: $ok"
	fi
	wstatus || true
	grep -q '^Round R1 \|no package opened yet' st.txt ||
		fail "SIGXFSZ at $lim: status: $(cat st.txt)"
	wopen "" || fail "SIGXFSZ at $lim: open without the limit: $(cat err.txt)"
	wstatus || true
	grep -q '^Round R1 (令和6年度 垣根), reviewer r01' st.txt ||
		fail "SIGXFSZ at $lim: after a clean open: $(cat st.txt)"
	echo "SIGXFSZ at $lim blocks: exit $rc"
done

# Draft saves under the limit.
rm -rf ws
wopen "" || fail "open for the saves: $(cat err.txt)"
"$W" --store ws -s r01.key form export -o before.form < /dev/null 2>/dev/null ||
	fail "form export"
awk 'BEGIN { for (i = 0; i < 40; i++) s = s "評価の理由を詳しく述べる。" }
	/^==\+== Item 1-1:$/ { $0 = $0 " 3" }
	{ print }
	/^==\+== Comment (1-1|1-2|2-1):$/ { for (i = 0; i < 20; i++) print s }' \
	before.form > long.form
rm -rf ws.base; cp -R ws ws.base
"$W" --store ws -s r01.key form import long.form < /dev/null > out.txt 2>&1 ||
	fail "import without a limit: $(cat out.txt)"
"$W" --store ws -s r01.key form export -o after.form < /dev/null 2>/dev/null
cmp -s before.form after.form && fail "the import changed nothing"
blocks=$(( $(wc -c < ws.base/workstation.db) / 512 ))
# wimport LIMIT [SIGXFSZ]: form import of long.form into a copy of
# ws.base under the limit, SIGXFSZ ignored unless the second argument
# is "-"; then exports the store to got.form.
wimport() {
	rm -rf ws; cp -R ws.base ws
	rc=0
	sh -c "trap '${2:-}' XFSZ; ulimit -f $1; exec \"\$0\" --store ws -s r01.key form import long.form" \
		"$W" < /dev/null > out.txt 2> err.txt || rc=$?
	ok=$($C --check ws/workstation.db) || fail "save at $1: $ok"
	[ "$ok" = ok ] || fail "save at $1: integrity: $ok"
	"$W" --store ws -s r01.key form export -o got.form < /dev/null 2>/dev/null ||
		fail "save at $1: export after"
}
for extra in 1 8 32 100; do
	lim=$((blocks + extra))
	wimport $lim
	[ $rc -eq 1 ] || fail "save at $lim: exit $rc ($(cat out.txt err.txt))"
	grep -q '^shinsa: .*ws/workstation.db: save: .*(File too large' err.txt ||
		fail "save at $lim: the message does not name the store, the save and the cause: $(cat err.txt)"
	cmp -s got.form before.form || fail "save at $lim: a failed save changed the drafts"
	"$W" --store ws -s r01.key form import long.form < /dev/null > out.txt 2>&1 ||
		fail "save at $lim: import without the limit: $(cat out.txt)"
	echo "save at $lim blocks: $(cat err.txt)"
done
for extra in 1 8 32 100; do
	lim=$((blocks + extra))
	wimport $lim -
	[ $rc -eq $((128 + 25)) ] || fail "save killed at $lim: exit $rc, not by SIGXFSZ"
	cmp -s got.form before.form || cmp -s got.form after.form ||
		fail "save killed at $lim: the drafts are neither before nor after the save"
	echo "save killed by SIGXFSZ at $lim blocks: ok"
done
echo "fault_ws_fsize: ok"
rm -rf "$t"
