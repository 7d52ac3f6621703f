#!/bin/sh
# reviewers import and add say exactly what clashed and what to do, and
# change nothing: the same file imported twice (every reviewer registered
# already, with the same name and key), a changed key for a registered
# reviewer (both fingerprints, why a key is not replaced, how to go on),
# a changed name, a key registered already for another reviewer, and the
# same id or key twice in one file. A bad key is "public key: ..." once,
# not "public key: public key: ...".
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/reviewers_reimport.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02 r03; do $K generate -i $k --unprotected > /dev/null; done
k1=$(tail -1 r01.pub) k2=$(tail -1 r02.pub) k3=$(tail -1 r03.pub)
fpr() { $K show "$1" | sed -n 's/^fingerprint: \(.*\) (BLAKE2b.*/\1/p'; }
f1=$(fpr r01.pub) f3=$(fpr r03.pub)
[ -n "$f1" ] && [ -n "$f3" ] || fail "no fingerprints from shinsa-keys show"
$M init --round R1 --title t --rubric "$src/data/rubrics/chiiki-2020.json" \
	--secretariat-key sec.pub --db r.db > /dev/null
printf 'id,name,public_key\nr01,山田 花子,%s\nr02,佐藤 次郎,%s\n' "$k1" "$k2" > rv.csv
$M reviewers import --db r.db rv.csv > /dev/null || fail "first import"

# refused WHY COMMAND...: refused with exactly "shinsa-merge: WHY", and
# the round file is as it was.
refused() {
	why=$1; shift
	cp r.db before.db
	if "$@" > out.txt 2> err.txt; then fail "accepted: $*"; fi
	[ "$(cat err.txt)" = "shinsa-merge: $why" ] ||
		fail "$*: wanted \"shinsa-merge: $why\", got \"$(cat err.txt)\""
	cmp -s r.db before.db || fail "the round file changed: $*"
}
notyet='Register only the reviewers not registered yet (shinsa-merge status lists those that are).'
newkey='A registered key is not replaced: packages were encrypted to it and sheets are verified against it. Check with the reviewer which key is theirs (shinsa-keys show prints the fingerprint); if it really is the new one, register it under a new reviewer id and assign their proposals to that id.'

refused "rv.csv:2:1: reviewer r01 is already registered, with this name and key; nothing was imported (2 of the 2 reviewers in this file are registered already). $notyet" \
	$M reviewers import --db r.db rv.csv
printf 'id,name,public_key\nr01,山田 花子,%s\n' "$k3" > key.csv
refused "key.csv:2:3: reviewer r01 is already registered with another public key (fingerprint $f1, where this key's is $f3); nothing was imported. $newkey" \
	$M reviewers import --db r.db key.csv
printf 'id,name,public_key\nr01,山田 太郎,%s\n' "$k1" > name.csv
refused 'name.csv:2:2: reviewer r01 is already registered, with this key but the name "山田 花子"; nothing was imported. A registered reviewer is not changed: give the registered name, or leave the reviewer out.' \
	$M reviewers import --db r.db name.csv
printf 'id,name,public_key\nr09,誰か,%s\n' "$k2" > other.csv
refused 'other.csv:2:3: the public key given for r09 is registered already, for reviewer r02; nothing was imported. Each reviewer signs with their own key: check whose key this is.' \
	$M reviewers import --db r.db other.csv
printf 'id,name,public_key\nr03,名,%s\nr04,名,%s\n' "$k3" "$k3" > dupkey.csv
refused 'dupkey.csv:3:3: the public key given for r04 is also given for r03 (line 2): each reviewer signs with their own key' \
	$M reviewers import --db r.db dupkey.csv
printf 'id,name,public_key\nr03,名,%s\n\nr03,名,%s\n' "$k3" "$k3" > dupid.csv
refused 'dupid.csv:4:1: reviewer r03 appears twice (also line 2)' \
	$M reviewers import --db r.db dupid.csv
printf 'id,name,public_key\nr09,名,not-a-key\n' > bad.csv
refused 'bad.csv:2:3: public key: invalid base64' \
	$M reviewers import --db r.db bad.csv

# reviewers add says the same, without a file position.
refused "reviewer r01 is already registered, with this name and key; not added. $notyet" \
	$M reviewers add --db r.db r01 '山田 花子' r01.pub
refused "reviewer r01 is already registered with another public key (fingerprint $f1, where this key's is $f3); not added. $newkey" \
	$M reviewers add --db r.db r01 '山田 花子' r03.pub

# A file of only the new reviewer goes in.
printf 'id,name,public_key\nr03,鈴木 三郎,%s\n' "$k3" > new.csv
$M reviewers import --db r.db new.csv > out.txt || fail "new.csv: $(cat out.txt)"
grep -q '^1 reviewers imported$' out.txt || fail "new.csv: $(cat out.txt)"
echo "reviewers_reimport: ok"
rm -rf "$t"
