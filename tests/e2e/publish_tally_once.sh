#!/bin/sh
# publish computes the results once: the single tally already carries the
# round's creation time and every reviewer's recipient (what round.json
# and roster.json are derived from), rather than tallying for the
# report's sake and again for the bundle. Counted with a gdb dprintf on
# sh_results_compute; the bundle it writes still verifies, and is byte for byte
# the bundle of a second publish (same SHINSA_NOW).
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
for b in "$M" "$V"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v gdb >/dev/null || { echo "skip: no gdb"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/publish_tally_once.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > /dev/null
db=demo/round.db sec=demo/keys/secretariat.key
$M ingest --db $db -s $sec demo/inbox/*.shinsa-sheet > /dev/null
$M decide --db $db P07 r03 allow > /dev/null

# ASan's own start-up needs no ptrace of its children; keep gdb quiet.
gdb -q -batch -nx -ex 'set startup-with-shell off' \
	-ex 'dprintf sh_results_compute,"shinsa-mr-compute\n"' -ex run \
	--args "$M" publish --db $db -s $sec bundle > gdb.out 2>&1 ||
	fail "publish under gdb: $(tail -5 gdb.out)"
grep -q '^published bundle: 5 sheets' gdb.out ||
	fail "publish did not finish under gdb: $(tail -5 gdb.out)"
n=$(grep -c '^shinsa-mr-compute$' gdb.out || true)
[ "$n" -eq 1 ] || fail "publish computed the results $n times, wanted 1"

$V -p demo/keys/secretariat.pub bundle | grep -q '^VERIFIED' ||
	fail "the bundle does not verify"
$M publish --db $db -s $sec again > /dev/null
diff -r bundle again > /dev/null || fail "two publishes differ: $(diff -r bundle again | head -3)"
echo "publish_tally_once: ok"
rm -rf "$t"
