#!/bin/sh
#
# Packages arrive as e-mail attachments, so their file names are someone
# else's text. `shinsa open FILE` prints errors as "shinsa: %s" with
# err.msg, which quotes the path raw (tui/main.c, the `fail:` label;
# print_clean() exists there but is not used for it):
#     shinsa: p\e[2J\a\u009b\u202eq.pkg: package: not encrypted to you
# clears the screen, rings the bell, and U+202E reverses the rest of the
# line. The same for a round id given with -r. Fix (tui/main.c): print
# err.msg through print_clean()/sh_text_sanitize.
# (Also needs the sodium_init() fix of fault_ws_fsize.sh.)
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
W=$build/tui/shinsa
for b in "$M" "$W"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/hostile_ws_filenames.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
export HOME="$t" XDG_DATA_HOME="$t/xdg"
unset SHINSA_HOME
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,題,者,kakine,01\n' > p.csv
$M init --round R1 --title t --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db >/dev/null
$M proposals import --db r.db p.csv >/dev/null
$M reviewers add --db r.db r01 "委員1" r01.pub >/dev/null
$M reviewers add --db r.db r02 "委員2" r02.pub >/dev/null
printf 'reviewer,proposal\nr01,K1\nr02,K1\n' > a.csv
$M assign import --db r.db a.csv >/dev/null
$M issue --db r.db -s sec.key --outbox out >/dev/null
name=$(printf 'p\033[2J\007\302\233\342\200\256q')
cp out/R1-r02.shinsa-package "$name.pkg"	# not for r01
printf 'junk' > "$name.junk"
: > all.txt
"$W" --store ws -s r01.key --no-screens open "$name.pkg" < /dev/null >> all.txt 2>&1 || true
"$W" --store ws -s r01.key --no-screens open "$name.junk" < /dev/null >> all.txt 2>&1 || true
"$W" --store ws -s r01.key -r "$name" status < /dev/null >> all.txt 2>&1 || true
[ -s all.txt ] || fail "nothing said"
if LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" all.txt; then
	fail "a control character from a file name reached the terminal"
fi
if LC_ALL=C grep -n "$(printf '\302\233\|\342\200\256')" all.txt; then
	fail "C1 CSI or U+202E from a file name reached the terminal"
fi
echo "hostile_ws_filenames: ok"
rm -rf "$t"
