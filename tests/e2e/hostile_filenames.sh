#!/bin/sh
#
# Sheets arrive as e-mail attachments, so their file names are someone
# else's text. `shinsa-merge ingest` prints the name raw on every line:
# merge/cmd-ingest.c refuse() ("%s: refused: %s", file unsanitised; only
# the reason goes through sh_text_sanitize), and the "accepted" and
# "already have" printf()s. A file named
#     $'x\e[2J\a\u009b\u202ey.sheet'
# clears the screen and rings the bell, and U+202E reverses what follows
# ("y.sheet: refused: ..." shows backwards). The journal <db>.refusals
# replaces bytes < 0x20 but keeps U+009B and U+202E.
# Fix (merge/cmd-ingest.c): pass the path through sh_text_sanitize (or
# mprint_text) everywhere it is printed, and keep C1 controls and bidi
# overrides out of the journal too.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
for b in "$M" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/hostile_filenames.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,題,者,kakine,01\n' > p.csv
$M init --round R1 --title t --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db >/dev/null
$M proposals import --db r.db p.csv >/dev/null
$M reviewers add --db r.db r01 "委員" r01.pub >/dev/null
printf 'reviewer,proposal\nr01,K1\n' > a.csv
$M assign import --db r.db a.csv >/dev/null
$M issue --db r.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/R1-r01.shinsa-package -o ok.sheet
name=$(printf 'x\033[2J\007\302\233\342\200\256y')
cp ok.sheet "$name.sheet"				# accepted
cp ok.sheet "$name.again.sheet"			# already have
printf 'junk' > "$name.junk.sheet"		# refused
$M ingest --db r.db -s sec.key x*.sheet > out.txt 2> err.txt || true
for f in out.txt err.txt r.db.refusals; do
	[ -s $f ] || fail "$f: nothing said"
	if LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" $f; then
		fail "$f: a control character from a file name"
	fi
	if LC_ALL=C grep -n "$(printf '\302\233\|\342\200\256')" $f; then
		fail "$f: C1 CSI or U+202E from a file name"
	fi
done
echo "hostile_filenames: ok"
rm -rf "$t"
