#!/bin/sh
# What shinsa-merge(1) "Two at once" says: while another writer holds
# the round file, a change waits for it (up to five seconds), then fails
# saying the database is locked and changes nothing; so does a command
# that only reads (status), which checks the layout in a transaction as
# it opens the file; once the writer is done, both go in.
# The other writer is sqlite3 holding a write transaction, fed through
# a FIFO so that the test decides when it ends (its output polled for a
# marker, no sleeping on a guess).
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
[ -x "$M" ] || { echo "skip: no $M"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "skip: no sqlite3"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/merge_two_at_once.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > demo.out
db=demo/round.db
$M ingest --db $db -s demo/keys/secretariat.key demo/inbox/*.shinsa-sheet \
    > ingest.out || fail "ingest: $(cat ingest.out)"
log_before=$(sqlite3 $db 'SELECT count(*) FROM log')

mkfifo ctl
sqlite3 $db < ctl > held.out 2>&1 &
holder=$!
exec 3> ctl
trap 'exec 3>&-; kill $holder 2>/dev/null || true' EXIT
printf "BEGIN IMMEDIATE;\nSELECT 'held';\n" >&3
i=0
until grep -q held held.out; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "sqlite3 never held: $(cat held.out)"
	sleep 0.05
done

rc=0
$M decide --db $db P07 r03 allow > decide.out 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "decide beside a writer: exit $rc: $(cat decide.out)"
grep -q 'database is locked' decide.out || fail "decide: $(cat decide.out)"
rc=0
$M status --db $db > status.out 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "status beside a writer: exit $rc: $(cat status.out)"
grep -q 'database is locked' status.out || fail "status: $(cat status.out)"

printf 'ROLLBACK;\n' >&3
exec 3>&-
wait $holder
trap - EXIT
[ "$(sqlite3 $db 'SELECT count(*) FROM log')" = "$log_before" ] ||
	fail "the refused decide changed the log"
$M decide --db $db P07 r03 allow > decide2.out 2>&1 ||
	fail "decide once alone: $(cat decide2.out)"
$M status --db $db > status2.out 2>&1 || fail "status once alone: $(cat status2.out)"
echo "ok: beside a writer a command waits, then fails changing nothing"
