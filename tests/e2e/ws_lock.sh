#!/bin/sh
# One writer per workstation store (issue 12, item 1), with two real
# processes: the screens of shinsa run in tmux (a private server, polled
# for a marker, as tui_tmux.sh), a second shinsa beside them.
#  1. While the screens are open, a second `shinsa` on the same store
#     exits 1 naming the window's pid and terminal (in English and in
#     Japanese); `form import` of a current form and `submit` are
#     refused the same way and the drafts are unchanged (without the
#     lock the import went in, and the window's next save undid it);
#     `status` and `form export` still work. The window's own saves
#     are kept. After the window quits, the import goes in.
#  2. The window killed with SIGKILL leaves no stale lock: the next
#     import and the next screens start.
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
S=$build/tui/shinsa
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
command -v tmux >/dev/null 2>&1 || { echo "skip: no tmux"; exit 77; }
for b in "$S" "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC SHINSA_LOCALEDIR=$build/locale
unset LANGUAGE SHINSA_SECRET_KEY
t=$build/tests/tmp/ws_lock.$$
sock=shinsa-lock-$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
. "$src/tests/e2e/lib/tmux.sh"

SHINSA_RUBRICS=$src/data/rubrics $M demo demo > demo.out
pkg=demo/outbox/R2024-kakine-r01.shinsa-package
key=demo/keys/r01.key
fpr=$($K show demo/keys/secretariat.pub |
	sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
[ -n "$fpr" ] || fail "no fingerprint"
W="$S -s $key --store $t/home"
$W --no-screens --pin "$fpr" open $pkg < /dev/null 2>/dev/null ||
	fail "open --no-screens"
# item11 FORM: the score of the first proposal's item 1-1 in FORM.
item11() { sed -n 's/^==+== Item 1-1: *//p' "$1" | head -1; }
# screens: the screens in the pane "test", up to the proposals list.
screens() {
	$T new-session -d -s test -x 80 -y 24 \
		"env TERM=screen $W; echo EXIT=\$?; sleep 30"
	wait_for "shinsa: Proposals"
}
# holder: the pid the lock names, checked to be a live shinsa.
holder() {
	[ -s home/lock ] || fail "the screens hold no lock"
	pid=$(sed -n 's/^pid //p' home/lock)
	[ -n "$pid" ] || fail "the lock names no pid: $(cat home/lock)"
	[ "$(ps -o comm= -p "$pid")" = shinsa ] || fail "pid $pid is not shinsa"
}

# 1. Two writers.
screens
holder
# The window saves a score of its own: 4 for item 1-1.
$T send-keys -t test Enter
wait_for "shinsa: Conflict of interest"
$T send-keys -t test n
wait_for "shinsa: Scoring"
$T send-keys -t test 4
wait_for "Saved."
rc=0; $W < /dev/null > second.out 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "a second window: exit $rc, not refused ($(cat second.out))"
grep -q "^shinsa: shinsa is already open on this store in another window (pid $pid, /dev/pts/[0-9]*, since \([0-9-]* \)\{0,1\}[0-9][0-9]:[0-9][0-9])\. Close it first: two windows would overwrite each other's changes\.$" second.out ||
	fail "the refusal does not name the window: $(cat second.out)"
rc=0; LANGUAGE=ja $W < /dev/null > second.ja 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "a second window (ja): exit $rc"
grep -q "別のウィンドウ.*pid $pid" second.ja ||
	fail "the Japanese refusal does not name the window: $(cat second.ja)"
# A current form, exported beside the window, changed to 3 for 1-1.
$W form export -o before.form 2>/dev/null || fail "export beside the window"
[ "$(item11 before.form)" = 4 ] || fail "the window's save is not in the form"
sed '0,/^==+== Item 1-1: 4$/s//==+== Item 1-1: 3/' before.form > three.form
[ "$(item11 three.form)" = 3 ] || fail "the test's form edit"
rc=0; $W form import three.form < /dev/null > import.out 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "form import beside the window: exit $rc, not refused ($(cat import.out))"
grep -q "already open on this store in another window (pid $pid," import.out ||
	fail "the import's refusal does not name the window: $(cat import.out)"
$W form export -o now.form 2>/dev/null || fail "export beside the window"
cmp -s before.form now.form || fail "a refused import changed the drafts"
rc=0; $W submit < /dev/null > submit.out 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "submit beside the window: exit $rc"
grep -q "already open on this store in another window (pid $pid," submit.out ||
	fail "the submit's refusal does not name the window: $(cat submit.out)"
rc=0; $W status < /dev/null > status.out 2>&1 || rc=$?
[ $rc -eq 3 ] || fail "status beside the window: exit $rc ($(cat status.out))"
# Without the lock, this save is the one that undid the import.
$T send-keys -t test Down 2
wait_for "2 やや不十分である"
$T send-keys -t test q q
wait_for "EXIT=0"
restart
$W form export -o after.form 2>/dev/null || fail "export after the window"
[ "$(item11 after.form)" = 4 ] || fail "the window's score was lost"
[ ! -s home/lock ] || fail "the lock still describes a holder: $(cat home/lock)"
sed '0,/^==+== Item 1-1: 4$/s//==+== Item 1-1: 3/' after.form > three.form
$W form import three.form < /dev/null > import.out 2>&1 ||
	fail "import after the window quit: $(cat import.out)"
$W form export -o after.form 2>/dev/null
[ "$(item11 after.form)" = 3 ] || fail "the import did not go in"

# 2. SIGKILL leaves no stale lock.
screens
holder
kill -9 "$pid"
wait_for "EXIT=137"
restart
$W form import after.form < /dev/null > import.out 2>&1 ||
	fail "import after a killed window: $(cat import.out)"
screens
$T send-keys -t test q
wait_for "EXIT=0"
echo "ws_lock: ok"
rm -rf "$t"
