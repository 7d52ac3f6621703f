#!/bin/sh
# tally, report and publish read the reviews stored with each sheet at
# ingest, not the sheets. The same round tallied both ways (the stored
# reviews; SHINSA_TALLY_FROM=sheets, which parses and checks every sheet
# as shinsa-verify does) gives the same bytes in every format, and a
# round stored before the reviews were (schema 4) gets them from its
# sheets when opened, with the same results again.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
[ -x "$M" ] || { echo "skip: no $M"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/merge_tally_rows.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > /dev/null
db=demo/round.db sec=demo/keys/secretariat.key
$M ingest --db $db -s $sec demo/inbox/*.shinsa-sheet > /dev/null
$M decide --db $db P07 r03 allow > /dev/null
n=$(sqlite3 $db "SELECT count(*) FROM reviews r JOIN sheets s
    ON s.seq = r.sheet WHERE s.current = 1")
[ "$n" -gt 0 ] || fail "ingest stored no reviews"

# out NAME: tally and every report format, into NAME.*
out() {
	$M tally --db $db > "$1.tally"
	for f in text csv json; do
		$M report --db $db --format $f -o "$1.$f" > /dev/null
	done
}
out rows
SHINSA_TALLY_FROM=sheets out sheets
for f in tally text csv json; do
	[ -s rows.$f ] || fail "no $f output"
	cmp -s rows.$f sheets.$f ||
		fail "$f from the stored reviews differs from the sheets':" \
		    "$(diff rows.$f sheets.$f | head -4)"
done

# The round as schema 5 left it: no reviews. Opening it fills them.
sqlite3 $db "DROP TABLE reviews; DROP INDEX sheets_heads;
    DELETE FROM migrations WHERE version >= 6; PRAGMA user_version = 5;"
out again
m=$(sqlite3 $db "SELECT count(*) FROM reviews r JOIN sheets s
    ON s.seq = r.sheet WHERE s.current = 1")
[ "$m" = "$n" ] || fail "the migration stored $m reviews, ingest $n"
for f in tally text csv json; do
	cmp -s rows.$f again.$f || fail "$f after the migration differs"
done
echo "merge_tally_rows: ok"
rm -rf "$t"
