#!/bin/sh
# Runs other end-to-end tests with every program of the build under
# valgrind memcheck, without changing them: they are given a build
# directory whose merge/, keys/, tui/ and tests/tools/ programs are
# wrappers that exec the real ones under memcheck (leaks definite,
# indirect and possible count as errors), one log per process. Fails if
# a test fails or any log is not empty, printing the logs.
#
#   SHINSA_VALGRIND_E2E="merge_round verify_bundle" \
#       sh tests/e2e/valgrind_e2e.sh BUILD SRC SHARED
#
# Slow (each program start costs a second or more under memcheck), so
# ctest runs it only when SHINSA_VALGRIND_E2E names the tests; otherwise
# it skips, and valgrind_round.sh is the round CI checks every time.
# Tests that kill or limit their programs (fault_kill, fault_fsize) or
# time them are not meaningful here.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) shared=$3
[ -n "${SHINSA_VALGRIND_E2E:-}" ] ||
	{ echo "skip: set SHINSA_VALGRIND_E2E to the tests to run"; exit 77; }
command -v valgrind >/dev/null || { echo "skip: no valgrind"; exit 77; }
if grep -Eq '^SHINSA_(SANITIZE|FUZZ):BOOL=(ON|TRUE|1)$' "$build/CMakeCache.txt" 2>/dev/null ||
    grep -q -e __asan_init -e __msan_init -e __tsan_init "$build/merge/shinsa-merge"; then
	echo "skip: sanitizer build, valgrind cannot run it"; exit 77
fi
fake=$build/tests/valgrind-e2e
logs=$fake/logs
rm -rf "$fake"; mkdir -p "$fake/tests/tmp" "$logs"
for f in "$build"/* "$build"/tests/*; do
	case $f in "$build/tests"|"$build/tests/tmp"|"$build/tests/valgrind-e2e") continue ;; esac
	name=${f#"$build"/}
	[ -e "$fake/$name" ] || ln -s "$f" "$fake/$name"
done
rm -f "$fake/merge" "$fake/keys" "$fake/tui" "$fake/tests/tools"
for d in merge keys tui tests/tools; do
	[ -d "$build/$d" ] || continue
	mkdir -p "$fake/$d"
	for f in "$build/$d"/*; do
		name=$(basename "$f")
		if [ -f "$f" ] && [ -x "$f" ]; then
			cat > "$fake/$d/$name" <<EOF
#!/bin/sh
exec valgrind -q --tool=memcheck --leak-check=full \\
	--show-leak-kinds=definite,indirect,possible \\
	--errors-for-leak-kinds=definite,indirect,possible \\
	--error-exitcode=99 --track-origins=yes --num-callers=30 \\
	--log-file="$logs/$name.%p.log" "$f" "\$@"
EOF
			chmod +x "$fake/$d/$name"
		else
			ln -s "$f" "$fake/$d/$name"
		fi
	done
done

rc=0
for t in $SHINSA_VALGRIND_E2E; do
	t=${t%.sh}
	[ -f "$src/tests/e2e/$t.sh" ] || { echo "FAIL: no test $t"; rc=1; continue; }
	echo "== $t under memcheck"
	set +e
	sh "$src/tests/e2e/$t.sh" "$fake" "$src" "$shared"
	st=$?
	set -e
	case $st in
	0) ;;
	77) echo "$t: skipped" ;;
	*) echo "FAIL: $t exited $st under memcheck"; rc=1 ;;
	esac
done
n=$(find "$logs" -name '*.log' | wc -l)
bad=0
for l in "$logs"/*.log; do
	[ -s "$l" ] || continue
	bad=$((bad + 1))
	echo "== $(basename "$l")"
	cat "$l"
done
[ "$bad" -eq 0 ] || { echo "FAIL: $bad of $n processes with valgrind findings (logs in $logs)"; rc=1; }
[ "$rc" -ne 0 ] || echo "valgrind_e2e: ok ($n processes clean)"
exit $rc
