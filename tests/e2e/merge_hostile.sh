#!/bin/sh
# Hostile text in proposals reaches no terminal, spreadsheet or browser
# as it is: a title with terminal escapes, a formula and HTML goes
# through import, issue, ingest and every report; the text report and
# messages are sanitised, CSV cells that would run as formulas are
# neutralised, HTML is escaped.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
for b in "$M" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/merge_hostile.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
$M init --round H --title "試験" --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db h.db >/dev/null
esc=$(printf '\033')
{
	printf 'id,title,applicant,variant,prefecture\n'
	printf 'H1,"=HYPERLINK(""http://evil"",""x"")",@SUM(A1),kakine,01\n'
	printf 'H2,"<script>alert(1)</script>","A&B ""q""",kakine,02\n'
	printf 'H3,"%s]0;owned%s%s[2J題",+cmd,kakine,03\n' "$esc" "$(printf '\007')" "$esc"
	printf 'H4,"\342\200\256txt.exe",-2+3,kakine,04\n'
	printf 'H5,普通の題,-2+3,kakine,05\n'
} > p.csv
# Control characters and bidirectional overrides never get in: a package
# may not carry them, so the import refuses them, naming the cell.
if $M proposals import --db h.db p.csv 2> err.txt; then fail "escapes imported"; fi
grep -q 'p.csv:4:2: title has a control character' err.txt ||
	fail "escape title: $(cat err.txt)"
grep -v '^H3,' p.csv > p2.csv
if $M proposals import --db h.db p2.csv 2> err.txt; then fail "RLO imported"; fi
grep -q 'p2.csv:4:2: title has a control character, a bidirectional override' err.txt ||
	fail "RLO title: $(cat err.txt)"
grep -v '^H4,' p2.csv > p3.csv
$M proposals import --db h.db p3.csv >/dev/null
$M reviewers add --db h.db r01 "委員" r01.pub >/dev/null
printf 'reviewer,proposal\nr01,H1\nr01,H2\nr01,H5\n' > a.csv
$M assign import --db h.db a.csv >/dev/null
$M issue --db h.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/H-r01.shinsa-package -o s.sheet -s 'H1=4,H2=3,H5=2'
$M ingest --db h.db -s sec.key s.sheet >/dev/null

$M report --db h.db --format text > r.txt
if grep -q "$esc" r.txt; then fail "escape reached the text report"; fi
if grep -q "$(printf '\342\200\256')" r.txt; then fail "RLO reached the text report"; fi
$M report --db h.db --format csv > r.csv
grep -q "^[0-9]*,[0-9.]*,H1,\"'=HYPERLINK" r.csv || fail "formula title not neutralised"
grep -q ",'@SUM(A1)," r.csv || fail "formula applicant not neutralised"
grep -q ",'-2+3," r.csv || fail "- not neutralised"
$M report --db h.db --format html > r.html
if grep -q '<script>' r.html; then fail "script reached the HTML"; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' r.html || fail "HTML not escaped"
grep -q 'A&amp;B &quot;q&quot;' r.html || fail "attribute characters not escaped"
if grep -q "$esc" r.html; then fail "escape reached the HTML"; fi
# A refusal message quoting a hostile CSV field is sanitised too.
printf 'id,title,applicant,variant,prefecture\nH9,t,a,"k%s[31m",01\n' "$esc" > bad.csv
if $M proposals import --db h.db bad.csv 2> err.txt; then fail "accepted"; fi
if grep -q "$esc" err.txt; then fail "escape reached the error message"; fi
grep -q 'variant "k�\[31m" is not in rubric' err.txt || fail "message: $(cat err.txt)"
echo "merge_hostile: ok"
rm -rf "$t"
