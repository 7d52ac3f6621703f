#!/bin/sh
# The whole test suite: installs dependencies, builds with -Werror, runs
# every test; then the same suite under ASan+UBSan; then each fuzz target
# briefly over its seed corpus; then lints the man pages.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
export LANG=C.UTF-8 TZ=UTC
jobs=$(nproc)

echo "== gcc -Werror =="
sh scripts/build.sh build -DSHINSA_WERROR=ON
(cd build && ctest --output-on-failure -j"$jobs")

echo "== clang ASan+UBSan =="
CC=clang sh scripts/build.sh build-asan -DSHINSA_WERROR=ON -DSHINSA_SANITIZE=ON \
	-DSHINSA_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --output-on-failure -j"$jobs")

if [ -f tests/fuzz/CMakeLists.txt ]; then
	echo "== fuzz targets over their corpora =="
	CC=clang sh scripts/build.sh build-fuzz -DSHINSA_FUZZ=ON -DSHINSA_BENCH=OFF \
		-DCMAKE_BUILD_TYPE=Debug
	# Briefly: test_fuzz_regress has replayed every corpus and regress
	# input through the parsers in both builds above; the long runs are
	# docs/fuzzing.md's. 16 targets x 10 s keeps CI well under 20 min.
	sh tests/fuzz/run.sh build-fuzz 10
fi

if ls man/*.[15] >/dev/null 2>&1; then
	echo "== man pages =="
	mandoc -Tlint -Wwarning man/*.[15] man/ja/*.[15]
fi
echo "all test stages passed"
