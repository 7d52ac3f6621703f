#!/bin/sh
# Where the round stands: shinsa-merge status shows the round's deadline
# (締切, set by init --deadline or shinsa-merge deadline), per reviewer
# the package issued and the sheet received, a sheet older than a newer
# package, and per proposal the reviewers counted, flagging a proposal
# left with one. A package issued after the deadline is set carries it,
# and the workstation shows it. Times come from SHINSA_NOW, not a clock.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
export SHINSA_NOW=2026-07-01T09:00:00Z
build=$1 name=merge_status_deadline
. "$2/tests/e2e/lib/demo_reviewer.sh"
db=demo/round.db

# A date that is no date is refused, in the user's language.
if LANGUAGE=ja "$M" deadline --db $db 2026-02-30 >bad.out 2>&1; then
	fail "2026-02-30 accepted"
fi
grep -q '締切' bad.out || fail "not Japanese: $(cat bad.out)"
"$M" deadline --db $db | grep -q '^no deadline set$' || fail "a deadline already"
"$M" deadline --db $db 2026-07-31 >/dev/null
"$M" deadline --db $db | grep -qx 'deadline 2026-07-31' || fail "not set"
"$M" status --db $db > st0.txt
grep -qx 'deadline   2026-07-31' st0.txt || fail "status: $(cat st0.txt)"
grep -q '^r01 .* [0-9][0-9]* 2026-07-01T09:00:00Z  *-  *-$' st0.txt ||
	fail "r01 issued, no sheet: $(cat st0.txt)"

# r01 reviews everything and submits; the sheet arrives a day later.
"$W" -s $key form export > form.txt 2>/dev/null
fill_form form.txt > filled.txt
"$W" -s $key form import filled.txt >/dev/null 2>import.err ||
	fail "form import: $(cat import.err)"
rm -f form.txt filled.txt
"$W" -s $key submit -o r1.sheet >submit.out 2>&1 || fail "submit: $(cat submit.out)"
SHINSA_NOW=2026-07-02T09:00:00Z "$M" ingest --db $db \
    -s demo/keys/secretariat.key r1.sheet >/dev/null
"$M" status --db $db > st1.txt
grep -q '^r01 .* 1  2026-07-02T09:00:00Z (1 kept)$' st1.txt ||
	fail "r01's sheet: $(cat st1.txt)"
grep -q 'older than the package' st1.txt && fail "stale too soon: $(cat st1.txt)"
grep -q '^P01  *1  only one counted reviewer$' st1.txt ||
	fail "P01 left with one: $(cat st1.txt)"
LANGUAGE=ja "$M" status --db $db | grep -q '締切' || fail "ja: no 締切"

# Issued again after the sheet: the sheet is now older than the package,
# and the new package carries the deadline to the workstation.
SHINSA_NOW=2026-07-03T09:00:00Z "$M" issue --db $db \
    -s demo/keys/secretariat.key --outbox demo/outbox >/dev/null
"$M" status --db $db > st2.txt
grep -q '^  r01: the sheet is older than the package issued 2026-07-03T09:00:00Z' \
    st2.txt || fail "stale sheet not said: $(cat st2.txt)"
export XDG_DATA_HOME=$t/ws2
"$W" -s demo/keys/r02.key --pin "$fp" --no-screens \
    open demo/outbox/R2024-kakine-r02.shinsa-package </dev/null 2>/dev/null
"$W" -s demo/keys/r02.key status > ws.txt 2>&1 || true
grep -q 'Deadline for your sheet: 2026-07-31' ws.txt ||
	fail "the workstation does not show the deadline: $(cat ws.txt)"
cd / && rm -rf "$t"
