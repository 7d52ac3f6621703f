#!/bin/sh
# Under a Japanese locale the secretariat's and the keys' everyday lines
# are Japanese: issue's line per reviewer, the import refusals (a wrong
# column, a proposal imported twice), shinsa-keys show's labels aligned
# by display width; and a file that is not encrypted at all (a CSV given
# to ingest) is called not a sheet, never a damaged or altered one.
# English (LANG=C.UTF-8) stays as it was.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/ja_words.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
export HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_CONFIG_HOME=$t/home/config
mkdir -p "$HOME"
fail() { echo "FAIL: $*" >&2; exit 1; }
# has FILE TEXT: the file holds the text (fixed string).
has() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
hasnt() { ! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 has: $2"; }; }
ja() { LANGUAGE=ja "$@"; }

for k in sec r01; do $K generate -i $k --unprotected > /dev/null; done

# shinsa-keys show: every label translated, every value in one column.
ja $K show r01.pub > show.ja
has show.ja 'ファイル:'
has show.ja '鍵番号:'
has show.ja 'フィンガープリント:'
hasnt show.ja 'keynum:'
hasnt show.ja 'fingerprint:'
# Each value starts at the same display column: the width of the text
# before it ("label:" and its padding) is the same on every line.
cols=$(python3 -c '
import sys, unicodedata
ws = set()
for l in open(sys.argv[1], encoding="utf-8"):
	lab = l.split(":", 1)[0] + ":"
	rest = l[len(lab):]
	pad = len(rest) - len(rest.lstrip(" "))
	ws.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
	    for c in lab) + pad)
print(len(ws))' show.ja)
[ "$cols" = 1 ] || { cat show.ja >&2; fail "show: values not aligned"; }
$K show r01.pub > show.en
has show.en 'keynum:      '
has show.en 'minisign -P: RW'

cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture
P01,島の高校の挑戦,沖縄県教育委員会,kakine,47
CSV
$M init --round R1 --title t --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db > /dev/null
$M proposals import --db r.db proposals.csv > /dev/null

# A proposal imported twice.
! ja $M proposals import --db r.db proposals.csv > /dev/null 2> twice.ja ||
	fail "second import accepted"
has twice.ja '構想 P01 はすでにこの審査回に登録されています'
! $M proposals import --db r.db proposals.csv > /dev/null 2> twice.en ||
	fail "second import accepted"
has twice.en 'proposal P01: already in the round'

# A reviewers CSV with a wrong column.
printf 'reviewer,name,public_key\nr01,委員,%s\n' "$(tail -1 r01.pub)" > bad.csv
! ja $M reviewers import --db r.db bad.csv > /dev/null 2> col.ja ||
	fail "bad reviewers CSV accepted"
has col.ja '列「reviewer」は id, name, public_key のいずれでもありません'
hasnt col.ja 'is not one of'

printf 'id,name,public_key\nr01,委員 一,%s\n' "$(tail -1 r01.pub)" > rev.csv
$M reviewers import --db r.db rev.csv > /dev/null
printf 'reviewer,proposal\nr01,P01\n' > assign.csv
$M assign import --db r.db assign.csv > /dev/null

# issue's line per reviewer.
ja $M issue --db r.db -s sec.sec --outbox out > issue.ja
has issue.ja 'r01: 構想1件のパッケージを作りました → out/'
pkg=$(ls out/*.shinsa-package)

# A CSV given to ingest is not a sheet, and not a damaged one.
! ja $M ingest --db r.db -s sec.sec proposals.csv > ingest.ja 2>&1 ||
	fail "ingest took proposals.csv"
has ingest.ja '評価票（.shinsa-sheet ファイル）ではありません'
hasnt ingest.ja '書き換え'
echo ok
