#!/bin/sh
# shinsa-merge's refusal of an option names the option the clerk typed,
# with exit 2: inside a cluster (-Zq), after an option that took its
# argument (--rubric x), and by its long name; getopt's last argv
# element named the command or the argument instead.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd)
export LANG=C.UTF-8 LANGUAGE= TZ=UTC
M=$build/merge/shinsa-merge
t=$build/tests/tmp/merge_options.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
check() {
	want=$1; shift
	rc=0; "$M" "$@" 2> err >/dev/null || rc=$?
	[ "$rc" = 2 ] || fail "$*: exit $rc, not 2"
	head -1 err | grep -qF -- "$want" || fail "$*: $(head -1 err)"
}
check 'status: bad option "-Z"' status -Zq
check 'status: bad option "-Z"' status -Z
check 'status: bad option "--foo"' status --foo
check 'status: option "--rubric" does not apply' status --rubric x
check 'status: option "--secret-key" does not apply' status -s x
check 'status: option "-q" does not apply' status -q
check 'tally: bad option "--db"' tally --db
cd /; rm -rf "$t"
