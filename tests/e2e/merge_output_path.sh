#!/bin/sh
# -o FILE writes by rename, so it may replace a regular file and nothing
# else: report -o refuses a symbolic link (which stays a link, its
# target untouched), /dev/stdout (standard output is what leaving out -o
# is for), a FIFO and a directory, naming what is there, before any work
# and without leaving a temporary behind. A regular file is replaced,
# 0600. keys export-age-identity -o goes through the same helper, and
# issue makes the same check at each package's path in the outbox.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/merge_output_path.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo demo > /dev/null
db=demo/round.db
mkdir out

# refused WHAT PATH: report -o PATH fails naming PATH and WHAT, and the
# directory holds what it held.
refused() {
	what=$1 path=$2
	before=$(ls -la out | sed 1d)
	if $M report --db $db -o "$path" > stdout.txt 2> err.txt; then
		fail "report -o $path ($what) was accepted"
	fi
	grep -q "^shinsa-merge: report: $path: not written: it is $what, and only a regular file is replaced (without -o the report goes to standard output)\$" err.txt ||
		fail "report -o $path: $(cat err.txt)"
	[ ! -s stdout.txt ] || fail "report -o $path wrote to stdout"
	[ "$(ls -la out | sed 1d)" = "$before" ] || fail "report -o $path changed out/: $(ls -la out)"
}

echo kept > out/target.txt
ln -s target.txt out/link.txt
refused "a symbolic link" out/link.txt
[ -L out/link.txt ] || fail "the link was replaced"
[ "$(cat out/target.txt)" = kept ] || fail "the link's target was written"
ln -s nowhere.txt out/dangling.txt
refused "a symbolic link" out/dangling.txt
[ ! -e out/nowhere.txt ] || fail "a dangling link's target was created"
mkfifo out/fifo
refused "a FIFO" out/fifo
[ -p out/fifo ] || fail "the FIFO was replaced"
mkdir out/dir
refused "a directory" out/dir
refused "a symbolic link" /dev/stdout

# A regular file, or nothing, is fine; the report is private.
echo old > out/report.txt
$M report --db $db -o out/report.txt || fail "report -o a regular file"
$M report --db $db > want.txt
cmp -s out/report.txt want.txt || fail "report -o wrote something else"
[ "$(stat -c %a out/report.txt)" = 600 ] || fail "report -o mode $(stat -c %a out/report.txt)"
$M report --db $db -o out/new.txt && cmp -s out/new.txt want.txt ||
	fail "report -o a new file"

# The same helper under other commands: keys export-age-identity -o.
if $K export-age-identity -f -o out/link.txt demo/keys/r01.key > /dev/null 2> kerr.txt; then
	fail "export-age-identity replaced a link"
fi
grep -q "out/link.txt: not written: it is a symbolic link" kerr.txt ||
	fail "export-age-identity: $(cat kerr.txt)"
[ -L out/link.txt ] && [ "$(cat out/target.txt)" = kept ] ||
	fail "export-age-identity touched the link"
# issue renames each package over outbox/ROUND-REVIEWER.shinsa-package:
# a link there is refused before the package is sealed, stays a link
# (its target untouched), and the round records no package for that
# reviewer; a FIFO the same. The other reviewers named are issued.
mkdir iss
ln -s ../out/target.txt iss/R2024-kakine-r01.shinsa-package
mkfifo iss/R2024-kakine-r02.shinsa-package
npk=$(sqlite3 $db 'SELECT count(*) FROM packages' 2>/dev/null) || npk=
if $M issue --db $db -s demo/keys/secretariat.key --outbox iss r01 r02 r03 \
	> stdout.txt 2> err.txt; then
	fail "issue over a link and a FIFO was accepted"
fi
grep -qx "shinsa-merge: issue: iss/R2024-kakine-r01.shinsa-package: not written: it is a symbolic link, and only a regular file is replaced; r01 is not issued" err.txt ||
	fail "issue over a link: $(cat err.txt)"
grep -qx "shinsa-merge: issue: iss/R2024-kakine-r02.shinsa-package: not written: it is a FIFO, and only a regular file is replaced; r02 is not issued" err.txt ||
	fail "issue over a FIFO: $(cat err.txt)"
[ -L iss/R2024-kakine-r01.shinsa-package ] &&
	[ "$(readlink iss/R2024-kakine-r01.shinsa-package)" = ../out/target.txt ] ||
	fail "issue replaced the link"
[ "$(cat out/target.txt)" = kept ] || fail "issue wrote the link's target"
[ -p iss/R2024-kakine-r02.shinsa-package ] || fail "issue replaced the FIFO"
[ "$(ls -A iss | LC_ALL=C sort | tr '\n' ' ')" = "R2024-kakine-r01.shinsa-package R2024-kakine-r02.shinsa-package R2024-kakine-r03.shinsa-package " ] ||
	fail "issue left in the outbox: $(ls -A iss)"
grep -q "^r03: .* -> iss/R2024-kakine-r03.shinsa-package\$" stdout.txt ||
	fail "r03 was not issued: $(cat stdout.txt)"
if [ -n "$npk" ]; then
	[ "$(sqlite3 $db "SELECT count(*) FROM packages WHERE path LIKE 'iss/%'")" = 1 ] ||
		fail "the round recorded: $(sqlite3 $db "SELECT reviewer, path FROM packages")"
fi
echo "merge_output_path: ok"
rm -rf "$t"
