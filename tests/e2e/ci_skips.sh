#!/bin/sh
# No silent skips under CI (lib/run.sh, lib/skip.sh): a test that exits
# 77 is a skip on a developer's machine, a failure under CI=true, and a
# skip again there when tests/CMakeLists.txt declares it opt-in; a part
# of a test left out with skip_part fails under CI=true too. Other exit
# statuses pass through unchanged.
#   $1 build dir, $2 source dir.
set -eu
build=$1 src=$2
run=$src/tests/e2e/lib/run.sh
t=$build/tests/tmp/ci_skips.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
printf 'echo "skip: no frobnicator"; exit 77\n' > skips.sh
printf 'exit 3\n' > three.sh
printf '. "%s/tests/e2e/lib/skip.sh"\nskip_part "no frobnicator"\necho went on\n' \
	"$src" > part.sh
# st VAR=VALUE... SCRIPT: the exit status of SCRIPT run as ctest runs it.
st() {
	rc=0
	env -u CI -u SHINSA_E2E_OPTIN "$@" b s sh > out 2>&1 || rc=$?
	echo $rc
}
[ "$(st sh "$run" skips.sh)" = 77 ] || fail "a skip outside CI"
[ "$(st CI=true sh "$run" skips.sh)" = 1 ] || fail "a skip under CI=true passed"
grep -q "skipped (exit 77) under CI=true" out || fail "no reason: $(cat out)"
[ "$(st CI=true SHINSA_E2E_OPTIN=1 sh "$run" skips.sh)" = 77 ] ||
	fail "an opt-in test failed its skip under CI=true"
[ "$(st CI=true sh "$run" three.sh)" = 3 ] || fail "exit 3 changed"
[ "$(st sh part.sh)" = 0 ] && grep -q "went on" out || fail "skip_part outside CI"
[ "$(st CI=true sh part.sh)" = 1 ] || fail "skip_part under CI=true passed"
! grep -q "went on" out || fail "skip_part went on under CI=true"
# The registration marks the opt-in tests, and only them: every e2e test
# runs through lib/run.sh, and valgrind_e2e is opt-in, tui_tmux is not.
(cd "$build" && ctest -N --show-only=json-v1 -R '^e2e/') > tests.json
grep -c '"e2e/' tests.json > n
[ "$(grep -o 'e2e/lib/run.sh' tests.json | wc -l)" -eq "$(cat n)" ] ||
	fail "an e2e test not run through lib/run.sh"
optin() {
	(cd "$build" && ctest -N --show-only=json-v1 -R "^e2e/$1\$") |
		grep -q '"SHINSA_E2E_OPTIN=1"'
}
optin valgrind_e2e || fail "valgrind_e2e is not opt-in"
! optin tui_tmux || fail "tui_tmux is opt-in"
echo "ci_skips: ok"
rm -rf "$t"
