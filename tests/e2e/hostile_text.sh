#!/bin/sh
# Hostile text through a whole round (merge_hostile.sh covers proposal
# cells; this adds the round title, reviewer names, and sheets' comments,
# remarks and conditions, and checks every output together):
#   - text a package or sheet may carry but a spreadsheet, browser or
#     shell would act on (formula prefixes = + - @ and a leading tab,
#     <script>, quotes, &, newlines) goes in: round title, titles,
#     applicants, reviewer names; comments, remarks and conditions of a
#     sheet (textsheet), ingested, published and verified;
#   - terminal escapes (ESC [2J, OSC 0;title BEL, C1 CSI U+009B), BEL, CR
#     and U+202E never get in: `reviewers add`/`import` refuse such a
#     name, the sheet writer refuses such a comment, and a sheet carrying
#     one anyway (hand-sealed) is refused by ingest; the store unchanged;
#   - no output of any command (stdout and stderr of init, import,
#     issue, ingest, status, tally, report, publish, shinsa-verify), nor
#     the text report, holds ESC, BEL, another C0 control but tab and
#     newline, U+009B, a raw 0x9b or other invalid UTF-8, or a
#     bidirectional override or isolate;
#   - the CSV report starts every formula-like cell with ', the HTML
#     report has no <script> and escapes < > & ", the JSON report and the
#     bundle's sheets are valid JSON (jq or python3 when present) and give
#     back the hostile text exactly.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
. "$src/tests/e2e/lib/skip.sh"
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
T=$build/tests/tools/textsheet
for b in "$M" "$V" "$S" "$T"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/hostile_text.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
esc=$(printf '\033') bel=$(printf '\007')
rlo=$(printf '\342\200\256') csi1=$(printf '\302\233')
log=term.log
: > $log
# run CMD...: stdout and stderr to the terminal log (and out.txt/err.txt).
run() {
	rc=0
	"$@" > out.txt 2> err.txt || rc=$?
	cat out.txt err.txt >> $log
	return $rc
}

for k in sec r01 r02 r03; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
title='<script>alert("round")</script> & "審査" =1+1'
run $M init --round R1 --title "$title" --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db
{
	printf 'id,title,applicant,variant,prefecture\n'
	printf 'K1,"=HYPERLINK(""http://evil"",""x"")",+1 市,kakine,01\n'
	printf 'K2,@SUM(A1),-2+3 町,kakine,02\n'
	printf 'K3,"<script>alert('"'"'x'"'"')</script> & ""q""",A&B <b>村</b>,kakine,03\n'
} > p.csv
run $M proposals import --db r.db p.csv || fail "import: $(cat err.txt)"
run $M reviewers add --db r.db r01 '=cmd|'"'"'/c calc'"'"'!A1' r01.pub || fail "name r01"
run $M reviewers add --db r.db r02 '<img src=x onerror=alert(1)> & "名"' r02.pub || fail "name r02"

# Names with escapes are refused, the store unchanged, the message clean.
cp r.db before.db
for bad in "a${esc}[2Jb" "a${esc}]0;pwned${bel}b" "a${csi1}2Jb" "a${bel}b" \
    "a${rlo}cba" "$(printf 'a\rb')"; do
	if run $M reviewers add --db r.db r03 "$bad" r03.pub; then
		fail "reviewers add took a name with a control character"
	fi
	grep -q 'control character' err.txt || fail "reviewers add: $(cat err.txt)"
	printf 'id,name,public_key\nr03,"%s",%s\n' "$bad" "$(tail -1 r03.pub)" > rv.csv
	if run $M reviewers import --db r.db rv.csv; then
		fail "reviewers import took a name with a control character"
	fi
	cmp -s r.db before.db || fail "a refused name changed the store"
done
run $M reviewers add --db r.db r03 "委員３" r03.pub
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr01,K3\nr02,K1\nr02,K2\nr02,K3\nr03,K1\nr03,K2\nr03,K3\n' > a.csv
run $M assign import --db r.db a.csv
run $M issue --db r.db -s sec.key --outbox out || fail "issue: $(cat err.txt)"

# Comments, remarks and conditions a sheet may carry.
printf '=HYPERLINK("http://evil","x")\n+1\t-2\n@SUM(A1)\n<script>alert("c")</script> & &amp; '"'"'q'"'"' "dq"\n\tTAB-led\n-\n' > ok.txt
$T -k r01.key -p out/R1-r01.shinsa-package -o r01.sheet -t ok.txt || fail "textsheet"
$S -k r02.key -p out/R1-r02.shinsa-package -o r02.sheet -s 'K1=5,*=3'
$S -k r03.key -p out/R1-r03.shinsa-package -o r03.sheet -s 'K2=4,*=2'
run $M ingest --db r.db -s sec.key r01.sheet r02.sheet r03.sheet ||
	fail "ingest: $(cat out.txt err.txt)"

# And ones it may not: the writer refuses, ingest refuses a hand-sealed one.
cp r.db before.db
n=0
for bad in "a${esc}[2Jb" "a${esc}]0;pwned${bel}b" "a${csi1}2Jb" "a${bel}b" \
    "a${rlo}cba" "$(printf '\r=1+1')"; do
	n=$((n + 1))
	printf '%s' "$bad" > bad$n.txt
	rc=0
	$T -k r01.key -p out/R1-r01.shinsa-package -o bad$n.sheet -r 2 -t bad$n.txt \
		2> err.txt || rc=$?
	[ $rc -eq 3 ] || fail "the sheet writer took text $n (exit $rc)"
	$T -k r01.key -p out/R1-r01.shinsa-package -o bad$n.sheet -r 2 -t bad$n.txt --raw
	if run $M ingest --db r.db -s sec.key bad$n.sheet; then
		fail "ingest took a sheet with text $n"
	fi
	grep -q 'refused: .*control character' err.txt || fail "ingest of text $n: $(cat err.txt)"
	cmp -s r.db before.db || fail "a refused sheet changed the store"
done
rm -f r.db.refusals

run $M status --db r.db
run $M tally --db r.db
run $M report --db r.db --format text
cp out.txt report.txt
run $M report --db r.db --format csv -o report.csv
run $M report --db r.db --format html -o report.html
run $M report --db r.db --format json -o report.json
run $M publish --db r.db -s sec.key bundle || fail "publish: $(cat err.txt)"
run $V -p sec.pub bundle || fail "shinsa-verify: $(cat out.txt)"
grep -q '^VERIFIED' out.txt || fail "not verified"

# Nothing that moves a terminal, in anything shown.
for f in $log report.txt; do
	[ -s $f ] || fail "$f is empty"
	if LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" $f; then
		fail "$f: a control character reached the terminal"
	fi
	if LC_ALL=C.UTF-8 grep -naxv '.*' $f; then
		fail "$f: invalid UTF-8 (a raw C1 byte?) reached the terminal"
	fi
	for s in "$csi1" "$rlo" "$(printf '\342\200\252')" "$(printf '\342\200\253')" \
	    "$(printf '\342\200\254')" "$(printf '\342\200\255')" \
	    "$(printf '\342\201\246')" "$(printf '\342\201\247')" \
	    "$(printf '\342\201\250')" "$(printf '\342\201\251')"; do
		if LC_ALL=C grep -n "$s" $f; then
			fail "$f: a C1 control or bidirectional control reached the terminal"
		fi
	done
done
grep -q '<script>alert("round")</script>' $log || fail "the round title is not shown as it is"

# CSV: formula-like cells start with '.
grep -q "^[0-9]*,[0-9.]*,K1,\"'=HYPERLINK" report.csv || fail "CSV: = not neutralised"
grep -q ",K2,'@SUM(A1),'-2+3 町," report.csv || fail "CSV: @ or - not neutralised"
grep -q ",'+1 市," report.csv || fail "CSV: + not neutralised"
LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037]')" report.csv && fail "CSV: control character"

# HTML: escaped, no script.
if grep -qi '<script' report.html; then fail "HTML: <script> in the report"; fi
grep -q '&lt;script&gt;alert(&quot;round&quot;)&lt;/script&gt; &amp; &quot;審査&quot;' report.html ||
	fail "HTML: round title not escaped"
grep -q 'A&amp;B &lt;b&gt;村&lt;/b&gt;' report.html || fail "HTML: applicant not escaped"
if grep -q '<b>' report.html; then fail "HTML: markup from an applicant"; fi

# JSON: valid, and the text comes back exactly.
if command -v jq >/dev/null; then
	jsonget() { jq -er "$2" "$1"; }
elif command -v python3 >/dev/null; then
	jsonget() {
		python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    if k == "": continue
    d = d[int(k)] if k.isdigit() else d[k]
sys.stdout.write(d if isinstance(d, str) else json.dumps(d)); print()' "$1" "$(echo "$2" | sed 's/\[\([0-9]*\)\]/.\1/g; s/^\.//')"
	}
else
	jsonget() { echo "no JSON tool: not checked" >&2; return 77; }
fi
rc=0; got=$(jsonget report.json '.proposals[2].title') || rc=$?
if [ $rc -ne 77 ]; then
	[ $rc -eq 0 ] || fail "report.json is not valid JSON"
	[ "$got" = "<script>alert('x')</script> & \"q\"" ] || fail "JSON title: $got"
	got=$(jsonget bundle/sheets/r01.r1.json '.proposals[0].entries[0].comment')
	printf '%s\n' "$got" > got.txt
	cmp -s got.txt ok.txt || { diff got.txt ok.txt; fail "bundle comment not given back"; }
	got=$(jsonget bundle/sheets/r01.r1.json '.proposals[2].conditions')
	printf '%s\n' "$got" | cmp -s - ok.txt || fail "bundle conditions not given back"
	jsonget bundle/results.json '.round' >/dev/null || fail "results.json is not valid JSON"
else
	skip_part "neither jq nor python3: JSON checked only by shinsa-verify"
fi
echo "hostile_text: ok"
rm -rf "$t"
