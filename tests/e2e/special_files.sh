#!/bin/sh
# Only regular files are read. A named pipe, a device or a directory
# named where a file is expected is refused at once, saying what it is,
# by every reader a person names a file to: ingest (which goes on with
# the other sheets: those before and after are stored and reported),
# the secret key, the passphrase file, the rubric, the CSV imports and
# the documents they name, the refusals journal, shinsa-verify's bundle
# and the files in it, and the workstation's package, key and form.
# Before, open() on a pipe blocked forever: every command runs under
# timeout, so a hang fails here rather than holding the suite.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
K=$build/keys/shinsa-keys
W=$build/tui/shinsa
for b in "$M" "$V" "$K" "$W"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v timeout >/dev/null || { echo "skip: no timeout"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/special_files.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
export XDG_DATA_HOME=$t/ws
fail() { echo "FAIL: $*" >&2; exit 1; }

# run CMD...: under timeout; $rc gets its status, out.txt its output.
run() {
	rc=0
	timeout -k 5 20 "$@" > out.txt 2>&1 < /dev/null || rc=$?
	[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "hung: $*"
}
# refused WHAT KIND CMD...: fails, and says "WHAT: not read: it is KIND".
refused() {
	what=$1 kind=$2; shift 2
	run "$@"
	[ $rc -ne 0 ] || fail "succeeded: $*"
	grep -qF "$what: not read: it is $kind, and only a regular file can be read" out.txt ||
		fail "$*: \"$what\" not refused as $kind: $(cat out.txt)"
}

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > /dev/null
db=demo/round.db sec=demo/keys/secretariat.key
mkfifo pipe pipe.shinsa-sheet
mkdir dir.shinsa-sheet

# Ingest: the pipe, the directory and /dev/zero among the five good
# sheets are refused with their reason and journalled; the sheets before
# and after them are stored and reported; the exit status says refused.
set -- demo/inbox/*.shinsa-sheet
[ $# -eq 5 ] || fail "the demo has $# sheets, not 5"
run $M ingest --db $db -s $sec "$1" "$2" pipe.shinsa-sheet "$3" \
    dir.shinsa-sheet "$4" /dev/zero "$5"
[ $rc -eq 1 ] || fail "ingest exit $rc, not 1: $(cat out.txt)"
for s in "$@"; do
	grep -q "^$s: accepted: " out.txt || fail "$s not accepted: $(cat out.txt)"
done
grep -q '^5 accepted or already had, 3 refused' out.txt || fail "counts: $(cat out.txt)"
for k in 'pipe.shinsa-sheet:a named pipe' 'dir.shinsa-sheet:a directory' \
    '/dev/zero:a device'; do
	f=${k%%:*}
	grep -qF "$f: refused: $f: not read: it is ${k#*:}," out.txt ||
		fail "$f: reason not given: $(cat out.txt)"
done
[ "$(grep -c 'not read: it is' $db.refusals)" -eq 3 ] || fail "not journalled"
$M status --db $db | grep -q '^3 files refused' || fail "status: refusals"

# The secretariat's key and its passphrase file. A key marked protected
# (its KDF bytes set to "Sc") makes ingest read the passphrase file
# first, which is as far as this goes.
refused pipe 'a named pipe' $M ingest --db $db -s pipe "$1"
refused demo 'a directory' $M ingest --db $db -s demo "$1"
sed -n 2p $sec | base64 -d > blob
{ sed -n 1p $sec; { head -c 2 blob; printf Sc; tail -c +5 blob; } |
    base64 -w0; echo; } > prot.key
chmod 600 prot.key
refused pipe 'a named pipe' $M ingest --db $db -s prot.key \
    --passphrase-file pipe "$1"
# A pipe where the refusals journal goes: status says so, ingest still
# reports its refusal.
cp $db other.db
mkfifo other.db.refusals
run $M status --db other.db
grep -qF 'other.db.refusals: not read: it is a named pipe' out.txt ||
	fail "status: journal pipe not said: $(cat out.txt)"
refused /dev/zero 'a device' $M ingest --db other.db -s $sec /dev/zero

# A new round: the rubric, the CSV imports, a document a CSV names.
refused pipe 'a named pipe' $M init --round R9 --title t --rubric pipe \
    --secretariat-key demo/keys/secretariat.pub --db new.db
rm -f new.db*
$M init --round R9 --title t --rubric "$src/data/rubrics/kakine-2024.json" \
    --secretariat-key demo/keys/secretariat.pub --db new.db > /dev/null
refused pipe 'a named pipe' $M proposals import --db new.db pipe
refused demo 'a directory' $M reviewers import --db new.db demo
refused pipe 'a named pipe' $M assign import --db new.db pipe
printf 'id,title,applicant,variant,prefecture,certifications,documents\nK1,題,北海道教育委員会,kakine,01,,pipe\n' > p.csv
refused pipe 'a named pipe' $M proposals import --db new.db p.csv

# shinsa-verify: a pipe as the bundle, and pipes among its files.
$M decide --db $db P07 r03 allow > /dev/null
$M publish --db $db -s $sec bundle > /dev/null
$V -p demo/keys/secretariat.pub bundle | grep -q '^VERIFIED' || fail "verify"
run $V pipe
[ $rc -ne 0 ] || fail "a pipe verified as a bundle"
grep -q 'pipe: not a bundle: it is a named pipe' out.txt || fail "bundle pipe: $(cat out.txt)"
sheet=$(ls bundle/sheets | head -1)
[ -n "$sheet" ] || fail "no sheets in the bundle"
for f in results.json round.json sheets/$sheet; do
	rm -rf b; cp -r bundle b
	rm b/$f; mkfifo b/$f
	refused b/$f 'a named pipe' $V -p demo/keys/secretariat.pub b
done

# The workstation: the package, the key, a form to import.
fp=$($K show demo/keys/secretariat.pub |
    sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
key=demo/keys/r01.key
refused pipe 'a named pipe' $W -s $key --pin "$fp" --no-screens open pipe
refused /dev/zero 'a device' $W -s $key --pin "$fp" --no-screens open /dev/zero
refused pipe 'a named pipe' $W -s pipe --pin "$fp" --no-screens \
    open demo/outbox/R2024-kakine-r01.shinsa-package
run $W -s $key --pin "$fp" --no-screens open demo/outbox/R2024-kakine-r01.shinsa-package
[ $rc -eq 0 ] || fail "open: $(cat out.txt)"
refused pipe 'a named pipe' $W -s $key form import pipe
refused demo 'a directory' $W -s $key form import demo
echo "special_files: ok"
rm -rf "$t"
