#!/bin/sh
# Runs every built libFuzzer target over its seed corpus for SECONDS each:
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS
# Targets are BUILD_DIR/tests/fuzz/fuzz_<name>; seeds are read from
# tests/fuzz/corpus/<name>/ (never written: new inputs go to
# BUILD_DIR/tests/fuzz/corpus-<name>/); a dictionary tests/fuzz/<name>.dict
# or, failing that, tests/fuzz/<prefix>.dict (age_header -> age.dict) is
# used when present. Fails if any target crashes, leaks, times out or
# trips UBSan; a target without a corpus dir is skipped, with a message.
# The mutations come from a fixed seed, SHINSA_FUZZ_SEED (default 1; 0
# lets libFuzzer pick one): a run then tries the same inputs in the same
# order every time (as far as its seconds take it), so a failure in CI
# is reproducible and does not come and go with the dice; finding new bugs is the long runs' job
# (docs/fuzzing.md).
set -eu
[ $# -eq 2 ] || { echo "usage: run.sh BUILD_DIR SECONDS" >&2; exit 2; }
build=$1
secs=$2
here=$(cd "$(dirname "$0")" && pwd)
# SHINSA_FUZZ compiles UBSan's checks recoverable: without halt_on_error
# a runtime error is printed and the run goes on, and passes.
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}
ASAN_OPTIONS=detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}
export UBSAN_OPTIONS ASAN_OPTIONS
seed=${SHINSA_FUZZ_SEED:-1}
ran=0
skipped=""
failed=""
for t in "$build"/tests/fuzz/fuzz_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	name=${t##*/fuzz_}
	if [ ! -d "$here/corpus/$name" ]; then
		echo "== fuzz_$name skipped: no seed corpus tests/fuzz/corpus/$name/"
		skipped="$skipped fuzz_$name"
		continue
	fi
	work=$build/tests/fuzz/corpus-$name
	mkdir -p "$work"
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$work/crash-" -seed="$seed"
	if [ -f "$here/$name.dict" ]; then
		set -- "$@" -dict="$here/$name.dict"
	elif [ -f "$here/${name%%_*}.dict" ]; then
		set -- "$@" -dict="$here/${name%%_*}.dict"
	fi
	# New units go to the first dir, in the build tree; seeds are only read.
	set -- "$@" "$work" "$here/corpus/$name"
	echo "== fuzz_$name for ${secs}s, seed $seed"
	if "$t" "$@" >"$work.log" 2>&1; then
		tail -n 12 "$work.log" | grep -E '^stat::(number_of_executed_units|new_units_added)' || true
	else
		tail -n 40 "$work.log"
		failed="$failed fuzz_$name"
	fi
	ran=$((ran + 1))
done
[ -z "$skipped" ] || echo "skipped (no corpus):$skipped"
[ "$ran" -gt 0 ] || { echo "no fuzz targets run from $build/tests/fuzz"; exit 1; }
if [ -n "$failed" ]; then
	echo "fuzz failures:$failed (logs in $build/tests/fuzz/corpus-*.log)"
	exit 1
fi
echo "$ran fuzz targets ran ${secs}s each without a crash"
