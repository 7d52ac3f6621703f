#!/bin/sh
# A line of progress wherever a person waits: shinsa-merge ingest (file
# n of N), publish (sheet n of N) and shinsa-verify (sheet n of N) show
# one line on standard error when it is a terminal, rewritten with CR
# and erased at the end and before any other output; when standard
# error is not a terminal nothing of it appears, so logs stay clean.
# The terminal is script(1)'s pty, whose log holds every byte written
# to it (no screen to poll, no timing).
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
for b in "$M" "$V"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v script >/dev/null 2>&1 || { echo "skip: no script"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
export SHINSA_LOCALEDIR=$build/locale
t=$build/tests/tmp/progress_tty.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > demo.out
db=demo/round.db key=demo/keys/secretariat.key
# onpty LOG CMD: runs the shell command CMD on a pty whose bytes go to LOG.
onpty() {
	log=$1; shift
	script -qec "$*" "$log" < /dev/null > /dev/null ||
		fail "$*: exit $? on the pty: $(cat -v "$log")"
}
# has LOG TEXT: LOG holds TEXT (printf escapes), byte for byte.
has() {
	grep -qF -- "$(printf "$2")" "$1" ||
		fail "$1: no $(printf '%s' "$2"): $(cat -v "$1")"
}

# 1. Ingest on a terminal, its report to a file: every file is counted
#    on the line, and the line is erased at the end; the report is the
#    same as ever.
onpty ingest.tty "$M ingest --db $db -s $key demo/inbox/*.shinsa-sheet > ingest.out"
for n in 1 2 3 4 5; do
	has ingest.tty "\rtaking in file $n of 5...\033[K"
done
has ingest.tty "5 of 5...\033[K\r\033[K"
grep -q 'taking in' ingest.out && fail "progress in the report"
[ "$(grep -c ': accepted: ' ingest.out)" -eq 5 ] || fail "ingest: $(cat ingest.out)"

# 2. In Japanese, and with the report on the terminal too: each line of
#    the report starts on a cleared line, never after the progress text.
onpty ingest-ja.tty "LANGUAGE=ja $M ingest --db $db -s $key demo/inbox/*.shinsa-sheet"
has ingest-ja.tty "\rファイル 1 / 5 を取り込んでいます…\033[K"
has ingest-ja.tty "\r\033[Kdemo/inbox/r01.shinsa-sheet: 受付済みです"
grep -qF "$(printf '…\033[Kdemo/')" ingest-ja.tty &&
	fail "a report line was written after the progress: $(cat -v ingest-ja.tty)"

# 3. Not a terminal: standard error holds nothing of it.
$M ingest --db $db -s $key demo/inbox/*.shinsa-sheet > plain.out 2> plain.err
[ ! -s plain.err ] || fail "ingest wrote to a non-terminal: $(cat -v plain.err)"

# 4. Publish: one line per sheet, erased before the warning and at the end.
onpty publish.tty "$M publish --db $db -s $key bundle > publish.out"
has publish.tty "\rwriting sheet 5 of 5...\033[K\r\033[K"
grep -q 'writing sheet' publish.out && fail "progress in publish's output"

# 5. Verify: the sheets counted, every ok line on a cleared line.
onpty verify.tty "$V -p demo/keys/secretariat.pub bundle"
has verify.tty "\rchecking sheet 5 of 5...\033[K"
has verify.tty "\033[K\r\033[Kok    sheets/r05.r1.json signed by r05"
grep -qF "$(printf '...\033[Kok')" verify.tty &&
	fail "an ok line was written after the progress: $(cat -v verify.tty)"
has verify.tty "VERIFIED"
$V -p demo/keys/secretariat.pub bundle > verify.out 2> verify.err
[ ! -s verify.err ] || fail "verify wrote to a non-terminal: $(cat -v verify.err)"
grep -q 'checking sheet' verify.out && fail "progress in verify's report"
echo "ok: a progress line on a terminal, nothing elsewhere"
