#!/bin/sh
# shinsa-merge status lists each (キ) decision with the committee's
# reason (decide --reason), in the reader's language (the locale and
# --lang), on one line whatever the reason holds (a newline, an escape
# sequence), the reasons starting in one display column although the
# words before them differ in width (審査を認める, 審査を認めない). A
# decision without a reason is listed as before.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/status_decide_reason.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
. "$src/tests/e2e/lib/chiiki12.sh"

esc=$(printf '\033')
# r04's (キ) on P07 (chiiki12.sh), and two more decisions: one refused
# with a short reason, one without; the committee decides only a (キ)
# declared, so r02 and r01 send a second sheet declaring them.
$S -k r02.key -p "$(pkg r02)" -o r02b.sheet -r 2 -d P01=g \
	-t "P01=管理機関の役員を務めています" \
	-s "P01=5,P02=4,P03=3,P08=4,P09=2,P10=3,P11=4"
$S -k r01.key -p "$(pkg r01)" -o r01b.sheet -r 2 -d P05=g \
	-t "P05=学校評議員を務めています" -c "P03=実施体制の見直し" \
	-s "P01=4,P02=3,P03=5,P04=2,P05=3,P06=4,P07=3"
$M ingest --db $db -s sec.key r02b.sheet r01b.sheet >/dev/null ||
	fail "ingest the second sheets"
$M decide --db $db --quiet --reason "$(printf '運営指導委員ですが\n評価には関与していません%s[31m' "$esc")" \
	P07 r04 allow || fail "decide P07"
$M decide --db $db --quiet --reason "利害関係が深い" P01 r02 refuse ||
	fail "decide P01"
$M decide --db $db --quiet P05 r01 refuse || fail "decide P05"

LANGUAGE=ja $M status --db $db > ja || fail "status: $(cat ja)"
$M status --db $db --lang en > en || fail "status --lang en: $(cat en)"
LANGUAGE=ja $M status --db $db --lang en > en2 || fail "status: $(cat en2)"
cmp -s en en2 || fail "--lang en is not English: $(cat en2)"
$M status --db $db --lang ja > ja2 || fail "status --lang ja: $(cat ja2)"
cmp -s ja ja2 || fail "--lang ja is not Japanese: $(cat ja2)"
for f in ja en; do
	if grep -q "$esc" $f; then fail "$f: an escape reached the terminal"; fi
done
grep -q '^  P07/r04: 審査を認める (2026-07-01T09:00:00Z)  *企画評価会議の判断理由: 運営指導委員ですが 評価には関与していません' ja ||
	fail "no reason on P07's line: $(cat ja)"
grep -q '^  P01/r02: 審査を認めない (2026-07-01T09:00:00Z)  *企画評価会議の判断理由: 利害関係が深い$' ja ||
	fail "no reason on P01's line: $(cat ja)"
grep -q "^  P07/r04: allow (2026-07-01T09:00:00Z)  *the committee's reason: 運営指導委員ですが 評価には関与していません" en ||
	fail "no reason in English: $(cat en)"
grep -q '^  P05/r01: refuse (2026-07-01T09:00:00Z)$' en ||
	fail "a decision without a reason changed: $(cat en)"
python3 - ja en <<'PY' || fail "$(cat ja en)"
import sys, unicodedata

def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)

for f, word in ((sys.argv[1], "企画評価会議の判断理由"),
                (sys.argv[2], "the committee's reason")):
    lines = open(f, encoding="utf-8").read().split("\n")
    rows = [l for l in lines if l.startswith("  P") and word in l]
    assert len(rows) == 2, (f, rows)
    cols = {width(r[:r.index(word)]) for r in rows}
    assert len(cols) == 1, (f, rows, cols)
PY
echo ok
