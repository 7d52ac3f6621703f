#!/bin/sh
# The committee's papers name a proposal's type (類型) and prefecture as
# the tally does, from the rubric and the prefecture table, not by the
# round's codes: comments (text and HTML) and designations under
# LANGUAGE=ja show 地域魅力化型 and 岩手県 for P03 (chiiki-miryoku, 03;
# lib/chiiki12.sh), English readers the prefecture's English name. The
# machine-readable JSON keeps the codes.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_place_names.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
. "$src/tests/e2e/lib/chiiki12.sh"

$M designate --db $db P03 >/dev/null || fail "designate P03"
LANGUAGE=ja $M comments --db $db > ja.txt || fail "comments: $(cat ja.txt)"
sed -n '/: P03$/,/^=====/p' ja.txt > p03.txt
grep -qx '  類型: 地域魅力化型' p03.txt || fail "P03's type: $(cat p03.txt)"
grep -qx '  都道府県: 岩手県' p03.txt || fail "P03's prefecture: $(cat p03.txt)"
if grep -q '類型: [a-z]\|都道府県: [0-9]' ja.txt; then
	fail "a code in the dossier: $(grep '類型: \|都道府県: ' ja.txt)"
fi
LANGUAGE=ja $M comments --db $db --format html > ja.html ||
	fail "comments --format html"
grep -q '<th>類型: </th><td>地域魅力化型</td>' ja.html ||
	fail "HTML type: $(grep '類型' ja.html)"
grep -q '<th>都道府県: </th><td>岩手県</td>' ja.html ||
	fail "HTML prefecture: $(grep '都道府県' ja.html)"
if grep -q '<th>類型: </th><td>[a-z]\|<th>都道府県: </th><td>[0-9]' ja.html; then
	fail "a code in the HTML dossier"
fi
$M comments --db $db > en.txt || fail "comments in English"
sed -n '/: P03$/,/^=====/p' en.txt | grep -qx '  prefecture: Iwate' ||
	fail "English prefecture: $(grep prefecture en.txt | head -3)"
LANGUAGE=ja $M designations --db $db > des || fail "designations: $(cat des)"
grep -q ' P03 地域魅力化型 岩手県 構想3$' des || fail "designations: $(cat des)"
# The JSON, for programs, keeps the codes.
$M comments --db $db --format json > d.json || fail "comments --format json"
[ "$(jq -r '.[] | select(.id == "P03") | .variant + " " + .prefecture' \
    d.json)" = "chiiki-miryoku 03" ] || fail "JSON changed: $(head -c 400 d.json)"
echo ok
