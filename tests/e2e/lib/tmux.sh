# Sourced by the e2e tests that drive the real shinsa in tmux, tmux's
# way: a private server (-L, -f /dev/null) killed on exit, and the pane
# polled for a marker, never a blind sleep. Set sock (the server's name)
# before sourcing; the pane is the session $sess, "test" unless the test
# sets another (passphrase_tty.sh starts one per program run).
sess=${sess:-test}
T="tmux -L $sock -f /dev/null"
cleanup() { $T kill-server 2>/dev/null || true; }
# restart: ends the server and moves on to a server of a new name. A
# new-session sent while the old server is still exiting fails with
# "server exited unexpectedly", and the old socket file stays; a fresh
# name needs no waiting, so the test stays free of timing.
restarts=0
restart() {
	$T kill-server 2>/dev/null || true
	restarts=$((restarts + 1))
	T="tmux -L $sock-$restarts -f /dev/null"
}
trap cleanup EXIT
# fail MESSAGE: says why and shows the screen.
fail() {
	echo "FAIL: $*" >&2
	$T capture-pane -p -t "$sess" 2>/dev/null >&2 || true
	exit 1
}
# wait_for TEXT [TRIES]: polls the pane for a fixed string, up to ~10 s
# (TRIES of 0.05 s; more for scrypt at its real limits).
wait_for() {
	i=0
	while [ $i -lt "${2:-200}" ]; do
		$T capture-pane -p -t "$sess" 2>/dev/null | grep -qF -- "$1" &&
			return 0
		i=$((i + 1))
		sleep 0.05
	done
	fail "no \"$1\" on the screen"
}
