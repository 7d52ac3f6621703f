#!/bin/sh
# A flipped bit anywhere in a published audit bundle (but the untrusted
# comment line of a .minisig or .pub, which minisign leaves unsigned by
# design) makes shinsa-verify say NOT VERIFIED: ~40 evenly spread flips
# (XOR 0x01) per file, 441 in all. At 86c98de, 137 still verified (keys/
# was never read; most of round.json and roster.json was never compared
# with the signed results); shinsa-verify now requires round.json,
# roster.json and keys/*.pub to be exactly what publish derives from the
# signed results.json.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/verify_bundle_flips.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
printf 'id,title,applicant,variant,prefecture\nK1,題1,者,kakine,01\nK2,題2,者,kakine,02\n' > p.csv
$M init --round R1 --title "令和6年度" --rubric "$src/data/rubrics/kakine-2024.json" \
	--secretariat-key sec.pub --db r.db >/dev/null
$M proposals import --db r.db p.csv >/dev/null
for r in r01 r02; do $M reviewers add --db r.db $r "委員 $r" $r.pub >/dev/null; done
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr02,K1\nr02,K2\n' > a.csv
$M assign import --db r.db a.csv >/dev/null
$M issue --db r.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/R1-r01.shinsa-package -o r01.sheet -s 'K1=4,*=3'
$S -k r02.key -p out/R1-r02.shinsa-package -o r02.sheet -s '*=4'
$M ingest --db r.db -s sec.key r01.sheet r02.sheet >/dev/null
$M publish --db r.db -s sec.key bundle >/dev/null
$V -p sec.pub bundle > v.txt || fail "the bundle does not verify: $(cat v.txt)"

bad=0 total=0
for f in $(cd bundle && find . -type f | sed 's|^\./||' | sort); do
	sz=$(wc -c < bundle/$f)
	skip=0
	case $f in *.minisig|*.pub) skip=$(head -1 bundle/$f | wc -c) ;; esac
	step=$(( (sz - skip) / 40 + 1 ))
	p=$skip n=0 v=0
	while [ $p -lt $sz ]; do
		rm -rf bf
		cp -r bundle bf
		b=$(od -An -tu1 -j$p -N1 bundle/$f | tr -d ' ')
		printf "$(printf '\\%03o' $((b ^ 1)))" |
			dd of=bf/$f bs=1 seek=$p conv=notrunc 2>/dev/null
		if $V -p sec.pub bf > v.txt 2>&1; then v=$((v + 1)); fi
		n=$((n + 1)) p=$((p + step))
	done
	total=$((total + n))
	[ $v -eq 0 ] || { echo "$f: $v of $n flips still VERIFIED"; bad=$((bad + v)); }
done
[ $bad -eq 0 ] || fail "$bad of $total flips still VERIFIED"
echo "verify_bundle_flips: ok ($total flips, none verified)"
rm -rf "$t"
