#!/bin/sh
#
# Standard output on a full disk (redirected to /dev/full, where every
# write fails with ENOSPC): a command whose output was lost must not exit
# 0. `report` and `tally` already say "cannot write to standard output"
# and exit 1. At a0eb34f these exit 0 with their output lost:
#   shinsa-verify -p KEY BUNDLE   the verdict itself: `shinsa-verify ... >
#                                 verdict.txt && echo verified` on a full
#                                 disk says verified with an empty file
#   shinsa-merge ingest           the "accepted"/"already have" lines
#   shinsa-merge status, publish
# Fix: check ferror(stdout)/fflush(stdout) before exiting (merge/main.c
# after the command's exec, as report does; merge/verify.c), failing with
# "cannot write to standard output".
# (Never give /dev/full to -o: -o writes a temporary file and renames it
# over the path, which as root replaces the device node.)
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
[ -c /dev/full ] || { echo "skip: no /dev/full"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_stdout_full.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,題,者,kakine,01\nK2,題2,者,kakine,02\n' > p.csv
$M init --round R1 --title t --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db >/dev/null
$M proposals import --db r.db p.csv >/dev/null
$M reviewers add --db r.db r01 "委員" r01.pub >/dev/null
printf 'reviewer,proposal\nr01,K1\nr01,K2\n' > a.csv
$M assign import --db r.db a.csv >/dev/null
$M issue --db r.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/R1-r01.shinsa-package -o s.sheet

bad=""
full() {	# NAME COMMAND...: must not exit 0 with stdout on /dev/full
	name=$1; shift
	if "$@" > /dev/full 2> err.txt; then bad="$bad; $name"; fi
}
full "report csv" $M report --db r.db --format csv
full "ingest" $M ingest --db r.db -s sec.key s.sheet
full "status" $M status --db r.db
full "publish" $M publish --db r.db -s sec.key bundle
[ -f bundle/results.json ] || fail "publish wrote no bundle"
full "shinsa-verify" $V -p sec.pub bundle
[ -z "$bad" ] || fail "exit 0 with standard output lost:${bad#;}"
echo "fault_stdout_full: ok"
rm -rf "$t"
