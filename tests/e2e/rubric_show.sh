#!/bin/sh
# rubric show: a round's or a rubric file's variants, items, facts and
# certification options with their ids, in the reader's language, for
# both rubrics; and a proposals list naming an unknown variant is refused
# with the valid ones listed, in English and in Japanese.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC
unset LANGUAGE SHINSA_DB
t=$build/tests/tmp/rubric_show.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
chiiki=$src/data/rubrics/chiiki-2020.json
kakine=$src/data/rubrics/kakine-2024.json

# has FILE LINE...: each LINE is a whole line of FILE.
has() {
	f=$1; shift
	for l in "$@"; do
		grep -qxF -- "$l" "$f" || fail "$f lacks \"$l\": $(head -20 "$f")"
	done
}

$M rubric show "$chiiki" > chiiki.en
has chiiki.en 'Maximum: 470 points' \
	'Variants (the variant column):' \
	'  chiiki-miryoku           地域魅力化型' \
	'  pro-joint                プロフェッショナル型【学科連携による実施の場合】' \
	'Items of global (グローバル型):' \
	'  1-1    judged (coefficient 3)     Purpose and target regional talent' \
	'  10-1   indicator (coefficient 1)  Students per learner PC' \
	'  students_per_pc  人/台  Students per learner PC' \
	'  lan_rate         %  Wireless LAN rate of ordinary classrooms' \
	'Certifications:'
grep -q '^  platinum-kurumin       10 points  .*プラチナくるみん認定$' chiiki.en ||
	fail "chiiki: no platinum-kurumin option"
LANGUAGE=ja $M rubric show "$chiiki" > chiiki.ja
has chiiki.ja '満点: 470点' \
	'類型（類型の列に書くID）:' \
	'  chiiki-miryoku           地域魅力化型' \
	'類型 global（グローバル型）の審査項目:' \
	'客観的事実（構想一覧の列名）:' \
	'  students_per_pc  人/台  学習者用PC1台あたりの生徒数（人/台）' \
	'認定:'
grep -q '^  1-1    評点（係数3） *構想の目的及び求める地域人材像は' chiiki.ja ||
	fail "chiiki ja: item 1-1 not in Japanese"
grep -q '^  platinum-kurumin       10点  ' chiiki.ja ||
	fail "chiiki ja: no platinum-kurumin option"
! grep -q 'judged\|points\|Items of' chiiki.ja || fail "English in chiiki.ja"

# kakine from a round (--db), the same as from its file.
$K generate -i sec --unprotected > /dev/null
$M init --round R1 --title t --rubric "$kakine" --secretariat-key sec.pub \
	--db r.db > /dev/null
$M rubric show --db r.db > kakine.en
$M rubric show "$kakine" > kakine.file
cmp -s kakine.en kakine.file || fail "--db and the file differ"
has kakine.en 'Maximum: 375 points' \
	'  kakine                   学びの機会の充実ネットワークの構築' \
	'  6-a    bonus (0/3/5/10)           Bonus: effective remote lessons' \
	'  certifications   the ids of the certifications held, separated by spaces (see below)'
grep -q '^  platinum-eruboshi      30 points  ' kakine.en ||
	fail "kakine: no platinum-eruboshi option"
LANGUAGE=ja $M rubric show --db r.db > kakine.ja
has kakine.ja '満点: 375点' \
	'類型 kakine（学びの機会の充実ネットワークの構築）の審査項目:' \
	'  certifications   取得している認定のID（空白区切り。下の一覧を参照）'
grep -q '^  6-a    加点（0/3/5/10） *クラウドも活用した' kakine.ja ||
	fail "kakine ja: bonus 6-a not in Japanese"
$M rubric show --lang ja "$kakine" | cmp -s - kakine.ja ||
	fail "--lang ja differs from LANGUAGE=ja"
if $M rubric show --db r.db "$kakine" > out 2> err; then
	fail "both --db and a file accepted"
fi
grep -q 'not both' err || fail "both: $(cat err)"

# An unknown variant is refused with the valid ones listed.
printf 'id,title,applicant,variant,prefecture\nK7,題,者,chiiki,20\n' > bad.csv
if $M proposals import --db r.db bad.csv > out 2> err; then
	fail "unknown variant accepted"
fi
want='shinsa-merge: bad.csv:2:4: variant "chiiki" is not in rubric kakine-2024; its variants are: kakine (学びの機会の充実ネットワークの構築)'
[ "$(cat err)" = "$want" ] || fail "wanted \"$want\", got \"$(cat err)\""
if LANGUAGE=ja $M proposals import --db r.db bad.csv > out 2> err; then
	fail "unknown variant accepted (ja)"
fi
grep -q '類型「chiiki」は審査基準 kakine-2024 にありません。類型は次のとおりです: kakine (学びの機会の充実ネットワークの構築)' err ||
	fail "ja: $(cat err)"
echo ok
