#!/bin/sh
# Passphrases typed on the terminal, in the real programs through tmux
# (as tui_tmux.sh drives shinsa; prompts and outcomes polled for, never
# waited for blindly):
#  1. shinsa: a wrong passphrase asks again ("try again (2 of 3)"), the
#     right one opens the screens; "Unlocking the key…" was written to
#     the terminal and erased; nothing typed was echoed.
#  2. shinsa: three wrong passphrases end with a clear message, exit 1.
#  3. shinsa-keys and shinsa-merge: a wrong then the right passphrase
#     works; three wrong ones fail; under LANGUAGE=ja shinsa-merge asks,
#     asks again and works in Japanese.
#  4. A wrong passphrase in a --passphrase-file is reported once, naming
#     the file, with no prompt, by each of the three programs.
# The keys are the demo's, protected at scrypt's smallest limits by the
# test tool minisigntool (the programs accept any limits up to
# minisign's; keys_cli.sh covers the real ones).
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
S=$build/tui/shinsa
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
MT=$build/tests/tools/minisigntool
command -v tmux >/dev/null 2>&1 || { echo "skip: no tmux"; exit 77; }
for b in "$S" "$M" "$K" "$MT"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC
t=$build/tests/tmp/passphrase_tty.$$
sock=shinsa-pp-$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
. "$src/tests/e2e/lib/tmux.sh"
# Runs a command in a new 80x24 session, whose pane keeps showing its
# exit status (a new name each time: no waiting for the last to go).
n=0 sess=none
run() {
	n=$((n + 1)) sess=test$n
	$T new-session -d -s "$sess" -x 80 -y 24 "$envs $*; echo EXIT=\$?; sleep 30"
}
# Types a passphrase once its prompt is up: input typed earlier would be
# flushed when the prompt turns echo off.
answer() {
	wait_for "$1"
	$T send-keys -t "$sess" -l "$2"
	$T send-keys -t "$sess" Enter
}

# Polls until what pipe-pane copies to log holds text (the pane is
# done by then; the copy may lag it a little).
logged() {
	i=0
	until grep -q "$2" "$1"; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "no \"$2\": $(cat -v "$1")"
		sleep 0.05
	done
}

SHINSA_RUBRICS=$src/data/rubrics $M demo demo > demo.out
pkg=demo/outbox/R2024-kakine-r01.shinsa-package
( umask 077; printf 'right horse\n' > pass; printf 'wrong horse\n' > bad )
$MT protect demo/keys/r01.key pass r01.key || fail "protect r01"
$MT protect demo/keys/secretariat.key pass sec.key || fail "protect secretariat"
grep -q '^untrusted comment: minisign encrypted secret key' r01.key ||
	fail "the test key is not protected"
envs="env LANG=C.UTF-8 TZ=UTC SHINSA_HOME=$t/home SHINSA_LOCALEDIR=$build/locale TERM=screen NO_COLOR=1"
prompt="Passphrase for your secret key:"
again2="Wrong passphrase, try again (2 of 3)."
again3="Wrong passphrase, try again (3 of 3)."

# 1. Wrong, then right: the screens open.
run "$S open -s r01.key $pkg"
$T pipe-pane -t "$sess" -o "cat >> $t/tty.log"
answer "$prompt" "wrong horse"
answer "$again2" "right horse"
wait_for "shinsa: Check the secretariat's key"
$T capture-pane -p -t "$sess" | grep -q "horse" && fail "a passphrase was echoed"
$T send-keys -t "$sess" y
wait_for "shinsa: Proposals"
$T send-keys -t "$sess" q
wait_for "EXIT=0"
logged tty.log "Unlocking the key… (a few seconds)"
# The line is erased once scrypt is done: CR, erase to end of line.
grep -q "$(printf 'seconds)\r\033\\[K')" tty.log ||
	fail "the working line was not erased: $(cat -v tty.log)"

# 2. Three wrong: a clear message and exit 1, the store untouched.
run "$S -s r01.key status"
answer "$prompt" "wrong horse"
answer "$again2" "wrong horse"
answer "$again3" "wrong horse"
wait_for "EXIT=1"
wait_for "wrong passphrase 3 times; the key stays locked"

# 3. shinsa-keys and shinsa-merge ask the same way.
run "$K show r01.key"
answer "Passphrase for r01.key:" "wrong horse"
answer "$again2" "right horse"
wait_for "EXIT=0"
wait_for "protected by a passphrase"
run "$K show r01.key"
answer "Passphrase for r01.key:" "a"
answer "$again2" "b"
answer "$again3" "c"
wait_for "EXIT=1"
wait_for "wrong passphrase 3 times"
mp="passphrase for the secretariat's key:"
run "$M issue --db demo/round.db -s sec.key --outbox out r01"
answer "$mp" "wrong horse"
answer "$again2" "right horse"
wait_for "EXIT=0"
[ -f out/R2024-kakine-r01.shinsa-package ] || fail "no package issued"
run "$M issue --db demo/round.db -s sec.key --outbox out2 r01"
answer "$mp" "a"
answer "$again2" "b"
answer "$again3" "c"
wait_for "EXIT=1"
wait_for "wrong passphrase 3 times"
[ ! -e out2 ] || [ -z "$(ls out2)" ] || fail "issued with a wrong passphrase"
# The secretariat's clerk under a Japanese locale: the prompt, the
# retry line and the working line in Japanese.
envs="$envs LANGUAGE=ja"
run "$M issue --db demo/round.db -s sec.key --outbox out4 r01"
$T pipe-pane -t "$sess" -o "cat >> $t/ja.log"
answer "事務局の鍵のパスフレーズ:" "wrong horse"
answer "パスフレーズが違います。もう一度入力してください（2回目／3回）。" "right horse"
wait_for "EXIT=0"
[ -f out4/R2024-kakine-r01.shinsa-package ] || fail "no package issued (ja)"
logged ja.log "鍵を開いています…（数秒かかります）"
! grep -q "Wrong passphrase\|Unlocking" ja.log || fail "English under ja: $(cat ja.log)"
restart

# 4. A passphrase file is read once: no prompt, the file named.
once() {
	if "$@" > out.txt 2>&1 </dev/null; then
		fail "$1 accepted a wrong passphrase file"
	fi
	[ "$(grep -c 'bad: wrong passphrase for \(.*/\)\{0,1\}[a-z0-9]*\.key' out.txt)" = 1 ] ||
		fail "$1: $(cat out.txt)"
	! grep -qi "try again" out.txt || fail "$1 asked again"
}
once "$S" -s r01.key --store "$t/home" --passphrase-file bad status
once "$K" show --passphrase-file bad r01.key
once "$M" issue --db demo/round.db -s sec.key --passphrase-file bad --outbox out3 r01
echo "passphrase_tty: ok"
rm -rf "$t"
