#!/bin/sh
# CSV as Japanese offices write it: proposals, reviewers and assignments
# with Japanese column names (構想ID, 構想名, 管理機関, 類型, 都道府県; 審査委員ID,
# 氏名, 公開鍵; 審査委員ID, 構想ID), a prefecture by name, a UTF-8 BOM,
# and CP932 as Excel saves it (made here with iconv) import exactly as
# the UTF-8 English file does; a file that is neither UTF-8 nor CP932 is
# refused with its line.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v iconv >/dev/null || { echo "skip: no iconv"; exit 77; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/import_ja.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01; do $K generate -i $k --unprotected > /dev/null; done
key=$(tail -1 r01.pub)
init() {
	$M init --round R1 --title t --rubric "$src/data/rubrics/chiiki-2020.json" \
		--secretariat-key sec.pub --db "$1" > /dev/null
}
# What the round holds, as the JSON report says it.
dump() {
	$M report --db "$1" --format json |
		jq -c '[.proposals[] | [.id, .title, .applicant, .variant, .prefecture, .facts]]'
}

# The reference: English columns, UTF-8.
cat > en.csv <<'CSV'
id,title,applicant,variant,prefecture,students_per_pc,lan_rate,certifications
P1,島の高校の挑戦～ソフトバンク・髙橋,沖縄県教育委員会,chiiki-miryoku,47,1.5,80,kurumin-new
P2,"海外連携の学び, ①",東京都教育委員会,global,13,2,90,
CSV
init en.db; $M proposals import --db en.db en.csv > /dev/null
dump en.db > en.json

# Japanese columns, a prefecture by name, with a BOM, CRLF.
printf '\357\273\277' > ja.csv
cat >> ja.csv <<'CSV'
構想ID,構想名,管理機関,類型,都道府県,students_per_pc,lan_rate,認証
P1,島の高校の挑戦～ソフトバンク・髙橋,沖縄県教育委員会,chiiki-miryoku,沖縄県,1.5,80,kurumin-new
P2,"海外連携の学び, ①",東京都教育委員会,global,東京都,2,90,
CSV
sed -i 's/$/\r/' ja.csv
init ja.db; $M proposals import --db ja.db ja.csv > /dev/null ||
	fail "Japanese columns with a BOM refused"
dump ja.db > ja.json
cmp -s en.json ja.json || fail "Japanese columns differ: $(cat ja.json)"

# The same file in CP932, as Excel saves it (no BOM).
tail -c +4 ja.csv | iconv -f UTF-8 -t CP932 > sjis.csv
if iconv -f UTF-8 -t UTF-8 sjis.csv > /dev/null 2>&1; then
	fail "the CP932 file is valid UTF-8: the test proves nothing"
fi
init sjis.db; $M proposals import --db sjis.db sjis.csv > /dev/null 2> sjis.err ||
	fail "CP932 refused: $(cat sjis.err)"
dump sjis.db > sjis.json
cmp -s en.json sjis.json || fail "CP932 differs: $(cat sjis.json)"

# Neither UTF-8 nor CP932 (0x81 0x20 is no CP932 character): refused
# with its line, and the round unchanged.
{ printf 'id,title,applicant,variant,prefecture,students_per_pc,lan_rate\n'
  printf 'P1,\201 bad,x,global,01,1,90\n'; } > bad.csv
init bad.db; cp bad.db bad.before
$M proposals import --db bad.db bad.csv > /dev/null 2> bad.err && fail "bad bytes accepted"
grep -q 'bad.csv:2:2: not valid UTF-8' bad.err || fail "bad bytes: $(cat bad.err)"
cmp -s bad.db bad.before || fail "a refused import changed the round"

# Reviewers and assignments with Japanese columns, in CP932.
printf '審査委員ID,氏名,公開鍵\nr01,審査 太郎,%s\n' "$key" | iconv -t CP932 > rv.csv
$M reviewers import --db sjis.db rv.csv > /dev/null || fail "reviewers (ja, CP932)"
$M status --db sjis.db | grep -q '^reviewers  *1$' || fail "reviewer not imported: $($M status --db sjis.db)"
printf '審査委員ID,構想ID\nr01,P1\nr01,P2\n' | iconv -t CP932 > as.csv
$M assign import --db sjis.db as.csv > /dev/null || fail "assignments (ja, CP932)"
$M status --db sjis.db | grep -q '^assignments 2$' || fail "assignments not imported"

echo "import_ja: ok"
