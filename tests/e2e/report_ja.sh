#!/bin/sh
# Reports in the reader's language (shinsa-merge report --lang, default
# from the locale): headings, flags, conflicts, variant labels from the
# rubric (地域魅力化型, not chiiki-miryoku), prefecture names (北海道, not
# 01), <html lang>, deviation scores at one decimal in text, CSV and HTML
# while the JSON keeps its ids and six places; --lang en under a Japanese
# locale is English; the XLSX workbook is read back with openpyxl.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
[ -x "$M" ] || { echo "skip: no $M"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
# Debian's python3 with python3-openpyxl (scripts/deps.sh), whatever
# python3 comes first on PATH.
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || { echo "skip: no python3-openpyxl"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
unset LANGUAGE LC_ALL LC_MESSAGES
t=$build/tests/tmp/report_ja.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > demo.out
db=demo/round.db sec=demo/keys/secretariat.key
$M ingest --db $db -s $sec demo/inbox/*.shinsa-sheet > ingest.out

# Text, Japanese by --lang and by the locale alike.
$M report --db $db --lang ja > ja.txt
LANGUAGE=ja $M report --db $db > ja-locale.txt
cmp -s ja.txt ja-locale.txt || fail "--lang ja and LANGUAGE=ja differ"
sed -n 5p ja.txt | grep -q '^順位   得点  構想     類型 *都道府県 構想名 / 管理機関$' ||
	fail "text headings: $(sed -n 5p ja.txt)"
grep -q '^   1   [0-9.]*  P01      学びの機会の充実ネットワークの構築 北海道   ' ja.txt ||
	fail "text: P01's variant or prefecture not by name: $(grep P01 ja.txt)"
grep -q '^審査基準 kakine-2024 .*満点 375 点' ja.txt || fail "text: rubric line"
grep -q 'r04 -/-\[辞退\]' ja.txt || fail "text: (ア) not 辞退"
grep -q '{必須項目1}' ja.txt || fail "text: mandatory-one not in Japanese"
grep -q '^委員会の判断を待つ (キ) の利害関係: 1 件' ja.txt || fail "text: pending"
grep -q '^  r01        件数=16  平均 [0-9]*\.[0-9]  標準偏差 [0-9]*\.[0-9]$' ja.txt ||
	fail "text: reviewer line: $(grep '^  r01' ja.txt)"
grep -Eq '[0-9]\.[0-9]{2}' ja.txt && fail "text: more than one decimal: $(grep -Eo '.{10}[0-9]\.[0-9]{2}.{5}' ja.txt | head -2)"
sed 1d ja.txt | grep -Eq 'chiiki|kakine |dropped|flags|kept|pending' &&
	fail "text: English left: $(grep -E 'chiiki|kakine |dropped|flags|kept|pending' ja.txt | head -2)"

# English under a Japanese locale with --lang en; English by default.
LANGUAGE=ja $M report --db $db --lang en > en.txt
$M report --db $db > en-default.txt
cmp -s en.txt en-default.txt || fail "--lang en is not the English report"
sed -n 5p en.txt | grep -q '^rank  score  proposal type   pref      title / applicant$' ||
	fail "English headings: $(sed -n 5p en.txt)"
grep -q '^   1   [0-9.]*  P01      kakine Hokkaido  ' en.txt || fail "English P01 row"
grep -q 'r04 -/-\[withdrawn\]' en.txt || fail "English (ア)"
$M report --db $db --lang fr > /dev/null 2> fr.err && fail "--lang fr accepted"
grep -q -- '--lang fr: not ja or en' fr.err || fail "--lang fr: $(cat fr.err)"

# CSV: Japanese headings, names, one decimal; the JSON keeps ids.
$M report --db $db --lang ja --format csv > ja.csv
head -1 ja.csv | grep -q '^順位,得点,構想,構想名,管理機関,類型,都道府県,注記,r01 合計点,r01 偏差値,r01 扱い,' ||
	fail "CSV headings: $(head -1 ja.csv)"
grep -q '^1,[0-9.]*,P01,[^,]*,北海道教育委員会,学びの機会の充実ネットワークの構築,北海道,,313,[0-9][0-9]\.[0-9],算入,' ja.csv ||
	fail "CSV P01: $(grep ',P01,' ja.csv)"
grep -Eq '[0-9]\.[0-9]{2}' ja.csv && fail "CSV: more than one decimal"
$M report --db $db --lang ja --format json > ja.json
[ "$(jq -r '.proposals[0].prefecture + " " + .proposals[0].variant + " " + .proposals[0].reviews[0].status' ja.json)" = "01 kakine kept" ] ||
	fail "JSON changed its ids under ja"
jq -r '.proposals[0].reviews[0].dev' ja.json | grep -Eq '^[0-9]+\.[0-9]{6}$' ||
	fail "JSON lost its six places"

# HTML: lang, headings, names.
$M report --db $db --lang ja --format html > ja.html
grep -q '<html lang="ja">' ja.html || fail "HTML lang ja"
grep -q '<h2>構想一覧</h2>' ja.html || fail "HTML: Japanese heading"
grep -q '<th>順位<th>得点<th>構想<th>構想名<th>管理機関<th>類型<th>都道府県' ja.html ||
	fail "HTML: column headings"
grep -q '<td>学びの機会の充実ネットワークの構築<td>北海道<td' ja.html || fail "HTML: names"
grep -q '<span class=flag>(キ)判断待ち</span>' ja.html || fail "HTML: (キ) pending"
$M report --db $db --format html > en.html
grep -q '<html lang="en">' en.html || fail "HTML lang en"
grep -q '<td>kakine<td>Hokkaido<td' en.html || fail "HTML: English names"

# XLSX: needs -o; written 0600 by rename; read back with openpyxl.
$M report --db $db --format xlsx > x.out 2> x.err && fail "xlsx to standard output"
grep -q 'needs -o FILE' x.err || fail "xlsx without -o: $(cat x.err)"
$M report --db $db --lang ja --format xlsx -o ja.xlsx
[ "$(stat -c %a ja.xlsx)" = 600 ] || fail "workbook not private"
ls | grep -q 'ja.xlsx.tmp' && fail "a temporary left behind"
cat > xlsx.py <<'PY'
import sys, zipfile, openpyxl
path, lang = sys.argv[1], sys.argv[2]
def check(ok, what):
    if not ok:
        print(what); sys.exit(1)
# No formula anywhere: no <f> element in any sheet's XML.
with zipfile.ZipFile(path) as z:
    for n in z.namelist():
        if n.startswith('xl/worksheets/'):
            check(b'<f>' not in z.read(n) and b'<f ' not in z.read(n), n + ': a formula')
wb = openpyxl.load_workbook(path)
want = {'ja': [['順位', '審査委員別の点数', '注記'],
               ['順位', '得点', '構想', '構想名', '管理機関', '類型', '都道府県', '注記'],
               ['審査委員', '構想', '合計点', '偏差値', '扱い', '注記']],
        'en': [['Ranking', 'Reviewers', 'Flags'],
               ['rank', 'score', 'proposal', 'title', 'applicant', 'variant', 'prefecture', 'flags'],
               ['reviewer', 'proposal', 'raw total', 'deviation score', 'status', 'flags']]}[lang]
check(wb.sheetnames == want[0], 'sheets %r' % wb.sheetnames)
rk, rv, fl = wb.worksheets
check([c.value for c in rk[1]] == want[1], 'ranking headers %r' % [c.value for c in rk[1]])
check([c.value for c in rv[1]] == want[2], 'review headers %r' % [c.value for c in rv[1]])
for ws in wb.worksheets:
    check(ws.freeze_panes == 'A2', ws.title + ': header row not frozen')
    check(ws.column_dimensions['A'].width > 5 and ws.column_dimensions['B'].width > 5, ws.title + ': widths')
    for row in ws.iter_rows():
        for c in row:
            check(c.data_type != 'f', '%s!%s: formula' % (ws.title, c.coordinate))
# Numbers as numbers; 26 proposals, best first.
rows = list(rk.iter_rows(min_row=2, values_only=True))
check(len(rows) == 26, '%d ranking rows' % len(rows))
check(rows[0][0] == 1 and isinstance(rows[0][1], (int, float)) and rows[0][2] == 'P01', 'first row %r' % (rows[0],))
check(rows[0][6] == ('北海道' if lang == 'ja' else 'Hokkaido'), 'prefecture %r' % rows[0][6])
check(rows[0][5] == ('学びの機会の充実ネットワークの構築' if lang == 'ja' else 'kakine'), 'variant %r' % rows[0][5])
check(all(isinstance(r[0], int) and isinstance(r[1], (int, float)) for r in rows), 'a rank or score not a number')
check(rk['B2'].number_format == '0.0', 'score format %r' % rk['B2'].number_format)
revs = list(rv.iter_rows(min_row=2, values_only=True))
check(any(r[0] == 'r01' and r[1] == 'P01' and r[2] == 313 and abs(r[3] - 65.899303) < 1e-9 for r in revs),
      'r01 P01 not 313 / 65.899303')
check(any(r[0] == 'r04' and r[4] == ('辞退' if lang == 'ja' else 'withdrawn') for r in revs), 'withdrawn')
flags = [c for r in fl.iter_rows(min_row=2, values_only=True) for c in r if c]
check(('必須項目1' if lang == 'ja' else 'mandatory-one') in flags, 'flags %r' % flags[:6])
PY
$PY xlsx.py ja.xlsx ja > xlsx.out || fail "workbook (ja): $(cat xlsx.out)"
LANGUAGE=ja $M report --db $db --lang en --format xlsx -o en.xlsx
$PY xlsx.py en.xlsx en > xlsx.out || fail "workbook (en): $(cat xlsx.out)"

$M init --db c.db --round R2020 --title 地域 --rubric "$src/data/rubrics/chiiki-2020.json" \
	--secretariat-key demo/keys/secretariat.pub > /dev/null
cat > c.csv <<'CSV'
id,title,applicant,variant,prefecture,students_per_pc,lan_rate
C1,島の学び,沖縄県教育委員会,chiiki-miryoku,47,1,100
C2,"=HYPERLINK(""http://x"",""y"")",+1 市,global,13,1,100
C3,@SUM(A1),-2+3 町,global,13,1,100
CSV
$M proposals import --db c.db c.csv > /dev/null
$M report --db c.db --lang ja > c.txt
grep -q 'C1 *地域魅力化型 沖縄県 ' c.txt || fail "chiiki: $(grep C1 c.txt)"
# Text that looks like a formula stays text in the workbook.
$M report --db c.db --format xlsx -o c.xlsx
$PY - c.xlsx > c.out <<'PY' || fail "workbook formulas: $(cat c.out)"
import sys, zipfile, openpyxl
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.startswith('xl/worksheets/') and (b'<f>' in z.read(n) or b'<f ' in z.read(n)):
            print(n, 'has a formula'); sys.exit(1)
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
got = {r[2]: (r[3], r[4]) for r in ws.iter_rows(min_row=2, values_only=True)}
want = {'C1': ('島の学び', '沖縄県教育委員会'), 'C2': ('=HYPERLINK("http://x","y")', '+1 市'),
        'C3': ('@SUM(A1)', '-2+3 町')}
if got != want:
    print(got); sys.exit(1)
for row in ws.iter_rows():
    for c in row:
        if c.data_type not in ('s', 'n'):
            print(c.coordinate, c.data_type); sys.exit(1)
PY

echo "report_ja: ok"
