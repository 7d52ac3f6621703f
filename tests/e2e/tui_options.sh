#!/bin/sh
# shinsa's own options, on the shared parser (base/cli.h) as shinsa-merge's
# commands are: -h and --help print the usage on standard output and exit
# 0; -V and --version print the version and exit 0 at once, whatever
# follows; options may follow the command; an unknown option, a missing
# argument, an ambiguous prefix or an argument to a flag says so (getopt's
# words) with the usage on standard error and exits 2; in English and in
# Japanese. None of these opens the screens or needs a key.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd)
T=$build/tui/shinsa
[ -x "$T" ] || { echo "skip: no $T"; exit 77; }
t=$build/tests/tmp/tui_options.$$
rm -rf "$t"; mkdir -p "$t/home"; cd "$t"
export LANG=C.UTF-8 TZ=UTC HOME=$t/home XDG_RUNTIME_DIR=$t/home
unset LANGUAGE SHINSA_HOME SHINSA_SECRET_KEY XDG_CONFIG_HOME XDG_DATA_HOME
fail() { echo "FAIL: $*" >&2; exit 1; }
ver=$("$T" -V) || fail "-V"
case $ver in "shinsa "[0-9]*) ;; *) fail "-V said: $ver" ;; esac

# run WANT-RC ARGS...: stdout in out, stderr in err.
run() {
	want=$1; shift
	rc=0; "$T" "$@" </dev/null >out 2>err || rc=$?
	[ "$rc" = "$want" ] || fail "shinsa $*: exit $rc, not $want: $(cat out err)"
}
for lang in en ja; do
	if [ $lang = ja ]; then
		export LANGUAGE=ja; use='^使い方: shinsa '
	else
		use='^usage: shinsa '
	fi
	for a in -h --help --he "-h -x" -hV "-s key -h"; do
		run 0 $a
		grep -q "$use" out || fail "$lang $a: no usage: $(cat out)"
		[ ! -s err ] || fail "$lang $a: $(cat err)"
	done
	for a in -V --version --vers "-V -x" "-V --bogus" "-V -s" -Vh \
	    -nV "status -V"; do
		run 0 $a
		[ "$(cat out)" = "$ver" ] || fail "$lang $a: $(cat out)"
		[ ! -s err ] || fail "$lang $a: $(cat err)"
	done
	for a in -x --bogus -s --secret --round --p "--s=x status" \
	    "--no-screens=1 status" --version=2 --help=1 "-x -h" "-x -V" \
	    "status -x" "open -o"; do
		run 2 $a
		[ ! -s out ] || fail "$lang $a: wrote $(cat out)"
		grep -q "$use" err || fail "$lang $a: no usage: $(cat err)"
		[ "$(grep -c . err)" -gt 1 ] || fail "$lang $a: no reason: $(cat err)"
	done
	# What follows -- is no option: "-V" is then an unknown command.
	run 2 -- -V
	grep -q -- '-V' err || fail "$lang -- -V: $(cat err)"
	# Options set what the command uses: this key file is not there.
	run 1 -s "$t/nokey" status
	grep -q "nokey" err || fail "$lang -s: $(cat err)"
	run 1 --secret="$t/nokey" status
	grep -q "nokey" err || fail "$lang --secret=: $(cat err)"
	run 1 status -s "$t/nokey"
	grep -q "nokey" err || fail "$lang status -s: $(cat err)"
done
echo ok
