#!/bin/sh
# The committee's dossier (shinsa-merge comments) on a chiiki round of 12
# (lib/chiiki12.sh): proposals in rank order with the designation and its
# conditions, each counted review's scores and comments, 総合所見 and
# 計画の修正等の条件, a (キ) awaiting the committee shown with the
# reviewer's statement and without scores
# and, once decided, with the committee's reason; reviewers as 委員A, B,
# ... unless --names; a private file with -o; the HTML escaped, marked
# confidential, A4, one <section> a proposal, and opened in headless
# Chromium (printed to PDF) with nothing on the console; the JSON parses.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_dossier.$$
rm -rf "$t"; mkdir -p "$t/home"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
C=
for c in chromium chromium-browser; do command -v $c >/dev/null && { C=$c; break; }; done
[ -n "$C" ] || { echo "skip: no chromium"; exit 77; }
. "$src/tests/e2e/lib/chiiki12.sh"

$M designate --db $db --condition "評価計画を具体化すること" P03 >/dev/null
$M comments --db $db > before.txt
# P07's (キ) review (r04, 委員D) is awaiting: no scores shown for it.
sed -n '/: P07$/,/^=====/p' before.txt > p07.txt
grep -q "(キ) awaiting the committee's decision: not counted" p07.txt ||
	fail "the pending (キ) is not shown: $(cat p07.txt)"
[ "$(grep -c 'total ' p07.txt)" -eq 2 ] || fail "P07: $(cat p07.txt)"
grep -q '(キ) statement: 運営指導委員を務めています' p07.txt ||
	fail "the reviewer's (キ) statement is missing: $(cat p07.txt)"
$M decide --db $db --reason "申し出の内容から公正な審査に支障なし" \
	P07 r04 allow >/dev/null

LANGUAGE=ja $M comments --db $db > ja.txt
head -4 ja.txt | grep -q '取扱注意' || fail "not marked confidential"
# Rank order: the first proposal is ranked 1.
grep -m1 '位、得点' ja.txt | grep -q '^1位、得点 [0-9.]*: P' || fail "$(head -5 ja.txt)"
sed -n '/: P03$/,/^=====/p' ja.txt > p03.txt
grep -q '^  指定$' p03.txt || fail "P03 not shown designated"
grep -q '計画の修正等の条件: 評価計画を具体化すること' p03.txt ||
	fail "the committee's conditions are missing"
grep -q '    計画の修正等の条件: 実施体制の見直し' p03.txt ||
	fail "the reviewer's conditions are missing"
grep -q '総合所見: 総合所見：試験用の所見。' p03.txt || fail "no 総合所見"
grep -q '1-1 5  判断根拠：計画の具体性による。' p03.txt ||
	fail "no reason for a score of 5"
grep -q '^  委員A$' p03.txt || fail "reviewers not lettered"
grep -q '審査委員' ja.txt && fail "a reviewer's name without --names"
grep -q '企画評価会議の判断理由: 申し出の内容から公正な審査に支障なし' ja.txt ||
	fail "the (キ) decision's reason is missing"
[ "$(grep -c '^=====' ja.txt)" -eq 12 ] || fail "not 12 proposals"
$M comments --db $db --names | grep -q '^  審査委員1$' || fail "--names"

$M comments --db $db --format json -o d.json
[ "$(stat -c %a d.json)" = 600 ] || fail "the dossier is not private"
[ "$(jq length d.json)" -eq 12 ] || fail "json: not 12 proposals"
[ "$(jq -r '.[0].rank' d.json)" = 1 ] || fail "json: not in rank order"
jq -e '.[] | select(.id == "P06") | .reviews[] |
	select(.conditions == "評価計画の具体化<i>&</i>")' d.json >/dev/null ||
	fail "json: r05's conditions"

LANGUAGE=ja $M comments --db $db --format html -o d.html
grep -q '<html lang="ja">' d.html || fail "no lang"
# --lang overrides the locale, both ways (issue 14: every document).
$M comments --db $db --lang ja --format html | grep -q '<html lang="ja">' ||
	fail "--lang ja under an English locale"
$M comments --db $db > en0.txt
LANGUAGE=ja $M comments --db $db --lang en > en.txt
cmp -s en.txt en0.txt || fail "--lang en under a Japanese locale"
grep -q '@page { size: A4' d.html || fail "not A4"
[ "$(grep -c '<section>' d.html)" -eq 12 ] || fail "not one section a proposal"
[ "$(grep -c '<p class="conf">取扱注意' d.html)" -eq 13 ] ||
	fail "not every page marked confidential"
grep -q '評価計画の具体化&lt;i&gt;&amp;&lt;/i&gt;' d.html || fail "not escaped"
grep -q '<i>&</i>' d.html && fail "markup from a sheet reached the page"
export HOME="$t/home" XDG_CONFIG_HOME="$t/home/.config" XDG_CACHE_HOME="$t/home/.cache"
timeout 180 "$C" --headless --no-sandbox --disable-gpu --no-first-run \
	--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$t/home/p1" \
	--enable-logging=stderr --v=0 --dump-dom "file://$t/d.html" \
	> dom.html 2> dom.log || fail "chromium: $(tail -3 dom.log)"
grep -E 'CONSOLE|Uncaught|Refused to' dom.log && fail "console: see $t/dom.log"
[ "$(grep -o '<section>' dom.html | wc -l)" -eq 12 ] || fail "DOM: sections"
timeout 180 "$C" --headless --no-sandbox --disable-gpu --no-first-run \
	--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$t/home/p2" \
	--no-pdf-header-footer --print-to-pdf="$t/d.pdf" "file://$t/d.html" \
	2> pdf.log || fail "chromium: $(tail -3 pdf.log)"
# A4 pages (595 x 842 points), at least one a proposal.
pages=$(grep -ao '/MediaBox' d.pdf | wc -l)
[ "${pages:-0}" -ge 12 ] || fail "$pages pages in the PDF"
grep -aq 'MediaBox \[0 0 59[45][.0-9]* 84[12]' d.pdf || fail "the PDF is not A4"
echo ok
