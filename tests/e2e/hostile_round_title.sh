#!/bin/sh
#
# `shinsa-merge init --title` takes a title with control characters or a
# bidirectional override (ESC ]0;... BEL, U+202E): "round R1 created".
# Every package carries the title, and the package writer refuses it, so
# `issue` then fails for every reviewer:
#     shinsa-merge: package for r01: package: package.json: round: title
#     is not valid UTF-8 or contains a control character
# and nothing can change the title: the round has to be made again. The
# import commands refuse such text up front (9991f4b); init should too,
# with the same rule (sh_json_text_ok(..., SH_PACKAGE_MAX_TEXT,
# SH_TEXT_LINE)), in merge/cmd-init.c, creating no file.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
[ -x "$M" ] || { echo "skip: no $M"; exit 77; }
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/hostile_round_title.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

minisign -G -W -p sec.pub -s sec.key >/dev/null
n=0
for bad in "$(printf 'x\033]0;pwned\007y')" "$(printf 'x\033[2Jy')" \
    "$(printf 'x\302\233y')" "$(printf 'x\342\200\256y')" "$(printf 'x\ty')"; do
	n=$((n + 1))
	if $M init --round R$n --title "$bad" --rubric "$src/data/rubrics/kakine-2024.json" \
	    --secretariat-key sec.pub --db r$n.db > out.txt 2> err.txt; then
		fail "title $n accepted: $(cat out.txt)"
	fi
	grep -q 'title' err.txt || fail "title $n: $(cat err.txt)"
	[ ! -e r$n.db ] || fail "title $n: a round file was left"
done
echo "hostile_round_title: ok"
rm -rf "$t"
