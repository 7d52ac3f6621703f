#!/bin/sh
# shinsa-merge status lines its columns up by display width, not bytes:
# under Japanese the headings (審査委員, 割当, 版) and the reviewers'
# names (審査委員1…, two columns a character) must leave every column
# where the heading's is. Widths are measured with python3's
# unicodedata (East Asian Wide and Fullwidth take two columns).
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/status_columns.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
. "$src/tests/e2e/lib/chiiki12.sh"

LANGUAGE=ja $M status --db $db > out || fail "status: $(cat out)"
grep -q '^r01  *審査委員1 ' out || fail "no name column: $(cat out)"
python3 - out <<'PY' || fail "$(cat out)"
import re, sys, unicodedata

def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
head = next(l for l in lines if l.startswith("審査委員 ") and "割当" in l)
rows = [l for l in lines if re.match(r"^r0[1-5] ", l)]
assert len(rows) == 5, rows
# Where each column ends in the heading: 割当 and 版 are right-aligned,
# 発行 starts its column.
ends = (width(head[:head.index("割当") + 2]),
        width(head[:head.index("発行")]),
        width(head[:head.index("版") + 1]))
for r in rows:
    m = re.match(r"^(r0\d +\S+ +\d+) (\S+ +\d+)", r)
    assert m, r
    got = (width(m.group(1)), width(m.group(1)) + 1,
           width(m.group(1)) + 1 + width(m.group(2)))
    assert got == ends, (r, got, ends)
# The proposals' table: 集計対象 ends where the counts do.
ph = next(l for l in lines if l.startswith("構想 ") and "集計対象" in l)
for r in (l for l in lines if re.match(r"^P\d\d ", l)):
    assert width(r.rstrip()) == width(ph.rstrip()), (r, ph)
PY
echo ok
