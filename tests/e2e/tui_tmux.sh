#!/bin/sh
# Smoke tests of the real shinsa binary in tmux, tmux's way: a private
# server (-L, -f /dev/null), a fixed 80x24 window, send-keys, and
# capture-pane polled for a marker (never a blind sleep).
#  1. shinsa open asks to pin the secretariat's key on the fingerprint
#     screen, its groups spaced for reading aloud; the screens open (NO_COLOR: reverse video, no
#     colour); a conflict is declared and an item
#     scored; a resize to 41 columns redraws within 41 columns; quit.
#  2. The draft survived: shinsa status counts the item, and submit is
#     refused while items are missing; the review form round-trips and
#     a stale one is refused. The screens again, in Japanese (the
#     build tree's catalogue, found beside the binary: no
#     SHINSA_LOCALEDIR) and in colour; and under a Japanese locale
#     that is not generated (C.UTF-8 stands in).
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
S=$build/tui/shinsa
M=$build/merge/shinsa-merge
command -v tmux >/dev/null 2>&1 || { echo "skip: no tmux"; exit 77; }
for b in "$S" "$M"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC
t=$build/tests/tmp/tui_tmux.$$
sock=shinsa-test-$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
. "$src/tests/e2e/lib/tmux.sh"
# Polls until the pane is gone (the program ended).
wait_exit() {
	i=0
	while [ $i -lt 200 ]; do
		$T has-session -t test 2>/dev/null || return 0
		i=$((i + 1))
		sleep 0.05
	done
	fail "shinsa did not quit"
}

SHINSA_RUBRICS=$src/data/rubrics $M demo demo > demo.out
pkg=demo/outbox/R2024-kakine-r01.shinsa-package
key=demo/keys/r01.key
[ -f "$pkg" ] || fail "no demo package"
envs="env -u SHINSA_LOCALEDIR LANG=C.UTF-8 TZ=UTC SHINSA_HOME=$t/home TERM=screen"
esc=$(printf '\033')

# 1. open, pin, declare, score, resize, quit.
$T new-session -d -s test -x 80 -y 24 \
	"$envs NO_COLOR=1 $S open -s $key $pkg; echo EXIT=\$?; sleep 30"
wait_for "shinsa: Check the secretariat's key"
$T capture-pane -p -t test | grep -Eq '^    [0-9A-F]{4}(  [0-9A-F]{4}){7}$' ||
	fail "no fingerprint shown"
# What to do if it differs, whatever the wrapping.
$T capture-pane -p -t test | tr -s '\n ' '  ' |
	grep -q "press n. Nothing is opened." || fail "no advice on a difference"
$T send-keys -t test y
wait_for "shinsa: Proposals"
wait_for "R2024-kakine"
# NO_COLOR: the title bar is reverse video, and no colour is used.
$T capture-pane -pe -t test > attrs.txt
grep -q "${esc}\[7m" attrs.txt || fail "no reverse title bar"
! grep -Eq "${esc}\[(3|4)[0-7]m" attrs.txt || fail "colour despite NO_COLOR"
$T send-keys -t test Enter
wait_for "shinsa: Conflict of interest"
wait_for "(ア)"
$T send-keys -t test n
wait_for "shinsa: Scoring"
$T send-keys -t test 4
wait_for "Saved."
wait_for "4 優れている"
$T resize-window -t test -x 41 -y 20
wait_for "Items 1/"
$T capture-pane -p -t test > narrow.txt
w=$(wc -L < narrow.txt)	# display columns under a UTF-8 locale
[ "$w" -le 41 ] || fail "a row is $w columns wide at 41 columns"
[ "$w" -ge 30 ] || fail "the screen was not redrawn at 41 columns ($w)"
$T send-keys -t test q q
wait_for "EXIT=0"
restart

# 2. The draft is kept; status and submit say what is missing.
set +e
$S -s $key --store "$t/home" status > status.out 2>&1
rc=$?
set -e
[ $rc -eq 3 ] || { cat status.out; fail "status exit $rc, not 3 (not ready)"; }
grep -q "problems block submission" status.out || fail "status problems"
grep -Eq '^P[0-9]+ +none +1/' status.out || { cat status.out; fail "status lost the score"; }
if $S -s $key --store "$t/home" submit > submit.out 2>&1; then
	fail "submitted an incomplete sheet"
fi
grep -q "blocks\{0,1\} submission" submit.out || fail "submit reason"
[ ! -d "$t/home/outbox" ] || [ -z "$(ls "$t/home/outbox")" ] ||
	fail "a sheet was written"
# The review form: export, import, and the version guard refuses the
# same form again (the import itself changed the drafts).
$S -s $key --store "$t/home" form export -o form.txt 2>/dev/null ||
	fail "form export"
grep -q '^==+== Round: R2024-kakine$' form.txt || fail "form round"
[ "$(stat -c %a form.txt)" = 600 ] || fail "form mode"
$S -s $key --store "$t/home" form import form.txt > import.out 2>&1 ||
	{ cat import.out; fail "form import"; }
if $S -s $key --store "$t/home" form import form.txt > import2.out 2>&1; then
	fail "a stale form was imported"
fi
grep -q "drafts are now at" import2.out || fail "stale form reason"
rm -f form.txt
# Nothing readable at rest.
! grep -q "優れている" "$t/home/workstation.db" || fail "plaintext at rest"

# The screens again, in Japanese, from the store.
$T new-session -d -s test -x 80 -y 24 \
	"$envs LANGUAGE=ja $S -s $key; echo EXIT=\$?; sleep 30"
wait_for "shinsa: 構想一覧"
wait_for "なし"
# Without NO_COLOR the title bar is in colour.
$T capture-pane -pe -t test | grep -Eq "${esc}\[(4[0-7]|[0-9;]*;4[0-7])m" ||
	fail "no colour without NO_COLOR"
$T send-keys -t test '?'
wait_for "shinsa: ヘルプ"
$T send-keys -t test q Q
wait_for "EXIT=0"
restart

# A Japanese locale that is not generated here: C.UTF-8 stands in, so the
# screens are Japanese and whole, not bytes drawn as escapes.
$T new-session -d -s test -x 80 -y 24 \
	"$envs LANG=ja_XX.UTF-8 $S -s $key; echo EXIT=\$?; sleep 30"
wait_for "shinsa: 構想一覧"
$T send-keys -t test Q
wait_for "EXIT=0"
echo "tui_tmux: ok"
rm -rf "$t"
