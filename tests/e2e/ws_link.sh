#!/bin/sh
# The programs link only what they use: none of them needs libarchive
# (core/format/tar.c reads and writes ustar itself), which brought ICU,
# libxml2, nettle, libstdc++ and the compression libraries, twenty shared
# libraries, into every start-up of the workstation. Checked on the
# ELF's own list of needed libraries (readelf -d), not on ldd, which
# would also list what those pull in.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd)
command -v readelf >/dev/null || { echo "skip: no readelf (binutils)"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
n=0
for b in tui/shinsa merge/shinsa-merge merge/shinsa-verify keys/shinsa-keys; do
	[ -x "$build/$b" ] || { echo "skip: no $build/$b"; exit 77; }
	needed=$(readelf -d "$build/$b" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	echo "$needed" | grep -qx 'libc\.so\.[0-9]*' ||
	    fail "$b: readelf lists no libc; cannot judge: $needed"
	for lib in libarchive libxml2 libicuuc libstdc++; do
		echo "$needed" | grep -q "^$lib\." &&
		    fail "$b links $lib: $(echo $needed)"
	done
	n=$((n + 1))
done
# The workstation needs exactly these; a new one is a decision, not a
# side effect of a library that came along. A sanitizer build's runtime
# brings its own (clang's: libgcc_s, libz), so there only the refusals
# above hold.
if grep -q '^SHINSA_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
	echo "ok: $n programs link none of the refused libraries (sanitizer build)"
	exit 0
fi
needed=$(readelf -d "$build/tui/shinsa" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
    sed 's/\.so.*//' | grep -v '^lib\(asan\|ubsan\|m\|c\|pthread\|dl\)$' | sort | tr '\n' ' ')
[ "$needed" = "libjansson libncursesw libsodium libsqlite3 libtinfo " ] ||
    fail "shinsa links: $needed"
echo "ok: $n programs, shinsa needs $needed"
