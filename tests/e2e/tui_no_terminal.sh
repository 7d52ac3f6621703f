#!/bin/sh
# The screens need a terminal. Started with its input or output redirected
# (a file, a pipe, /dev/null) shinsa must say so and exit 1 at once, in
# the reader's language, instead of drawing into the file or waiting for
# keys that cannot come (it used to spin at full CPU on an input at its
# end). The commands that need no screen still work that way.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd)
T=$build/tui/shinsa
M=$build/merge/shinsa-merge
[ -x "$T" ] && [ -x "$M" ] || { echo "skip: no programs"; exit 77; }
t=$build/tests/tmp/tui_no_terminal.$$
rm -rf "$t"; mkdir -p "$t/home"; cd "$t"
export LANG=C.UTF-8 TZ=UTC HOME=$t/home XDG_RUNTIME_DIR=$t/home
unset LANGUAGE SHINSA_HOME SHINSA_SECRET_KEY XDG_CONFIG_HOME XDG_DATA_HOME
fail() { echo "FAIL: $*" >&2; exit 1; }
"$M" demo d >/dev/null 2>&1 || fail "demo"
key=d/keys/r01.key
pkg=$(ls d/outbox/*-r01.shinsa-package)

# no_tty WANT-TEXT ARGS...: run with input from /dev/null and output to a
# file; the guard (timeout) only stops a hang from stalling the suite.
no_tty() {
	want=$1; shift
	rc=0; timeout 120 "$T" "$@" </dev/null >out 2>err || rc=$?
	[ "$rc" = 1 ] || fail "shinsa $*: exit $rc, not 1: $(cat out err)"
	grep -q "$want" err || fail "shinsa $*: said: $(cat err)"
	[ ! -s out ] || fail "shinsa $*: drew on its output: $(head -c 80 out)"
}
for a in "-s $key" "-s $key $pkg" "-s $key open d/proposals.csv"; do
	no_tty 'the screens need a terminal' $a
	LANGUAGE=ja no_tty '画面を表示するには端末が必要です' $a
done
# Output to a pipe, input from a file: the same.
rc=0; timeout 120 "$T" -s "$key" <"$key" 2>err | cat >out || rc=$?
grep -q 'the screens need a terminal' err || fail "pipe: $(cat err)"

# A command with no screen still works without a terminal.
"$T" -s "$key" open "$pkg" </dev/null >/dev/null 2>&1 || true
"$T" -s "$key" status </dev/null >st 2>&1 || true
grep -q 'need a terminal' st && fail "status asked for a terminal: $(cat st)"
echo "ok: the screens refuse to start without a terminal"
