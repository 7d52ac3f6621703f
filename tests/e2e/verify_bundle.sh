#!/bin/sh
# shinsa-verify passes on a bundle as published and fails, saying what,
# when the results are edited (with or without a new signature from the
# secretariat's key), a sheet is missing, a sheet is added, a sheet is
# edited, the roster names another key, or the wrong key is pinned.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/verify_bundle.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01 r02 r03; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
$M init --round R1 --title "垣根 監査試験" --secretariat-key sec.pub \
	--rubric "$src/data/rubrics/kakine-2024.json" --db r.db >/dev/null
printf 'id,title,applicant,variant,prefecture,certifications\n' > p.csv
for i in 1 2 3 4 5 6; do
	printf 'K%s,構想%s,県%s,kakine,%02d,\n' $i $i $i $((i * 7)) >> p.csv
done
$M proposals import --db r.db p.csv >/dev/null
printf 'reviewer,proposal\n' > a.csv
for r in r01 r02 r03; do
	$M reviewers add --db r.db $r "委員 $r" $r.pub >/dev/null
	for i in 1 2 3 4 5 6; do echo "$r,K$i" >> a.csv; done
done
$M assign import --db r.db a.csv >/dev/null
$M issue --db r.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/R1-r01.shinsa-package -o 1.sheet -s 'K1=5,K2=4,K3=3,K4=2,K5=4,K6=3'
$S -k r02.key -p out/R1-r02.shinsa-package -o 2.sheet -s 'K1=4,K2=4,K3=2,K4=3,K5=5,K6=3'
$S -k r03.key -p out/R1-r03.shinsa-package -o 3.sheet -s 'K1=3,K2=5,K3=4,K4=2,K5=3,K6=4'
$S -k r01.key -p out/R1-r01.shinsa-package -o 1b.sheet -r 2 -s 'K1=5,K2=4,K3=3,K4=2,K5=4,K6=4'
$M ingest --db r.db -s sec.key 1.sheet 2.sheet 3.sheet 1b.sheet >/dev/null
$M publish --db r.db -s sec.key good >/dev/null

$V -p sec.pub good > out.txt || { cat out.txt; fail "a good bundle fails"; }
grep -q '^VERIFIED' out.txt || fail "no verdict"
# Without -p the bundle's own key is used, and the verdict says so.
$V good | grep -q 'was not pinned' || fail "unpinned key not said"

bad() {	# NAME WHY [options]: shinsa-verify fails, saying why
	name=$1 why=$2; shift 2
	if $V "$@" $name > out.txt 2>&1; then fail "$name verified"; fi
	grep -q '^NOT VERIFIED' out.txt || fail "$name: no verdict"
	grep -q "$why" out.txt || fail "$name: \"$why\" not said: $(cat out.txt)"
}
fresh() { rm -rf $1; cp -r good $1; }

fresh edited
sed -i 's/"score":"\([0-9]*\)\.\([0-9]\)"/"score":"9\1.\2"/' edited/results.json
bad edited 'results.json: signature' -p sec.pub

# A secretariat that edits its results and signs them again is caught by
# the recomputation.
fresh resigned
sed -i 's/"tenths":\([0-9]*\)/"tenths":1\1/' resigned/results.json
rm resigned/results.json.minisig
sha=$(sha256sum resigned/results.json | cut -d' ' -f1)
minisign -S -s sec.key -m resigned/results.json \
	-t "$(printf 'kind:results\tround:R1\tsha256:%s' "$sha")" >/dev/null
minisign -V -q -p sec.pub -m resigned/results.json || fail "re-signing"
bad resigned 'published score .* recomputed score' -p sec.pub

# Counting an older revision in place of the latest, even re-signed.
fresh older
sed -i 's/"revision":1,\("sha256":"[0-9a-f]*"\),"current":false/"revision":1,\1,"current":true/;
	s/"revision":2,\("sha256":"[0-9a-f]*"\),"current":true/"revision":2,\1,"current":false/' older/results.json
grep -q '"revision":2,"sha256":"[0-9a-f]*","current":false' older/results.json ||
	fail "could not make the older-revision bundle"
rm older/results.json.minisig
sha=$(sha256sum older/results.json | cut -d' ' -f1)
minisign -S -s sec.key -m older/results.json \
	-t "$(printf 'kind:results\tround:R1\tsha256:%s' "$sha")" >/dev/null
bad older "r01's latest sheet, revision 2, is not the one counted" -p sec.pub

fresh missing
rm missing/sheets/r02.r1.json missing/sheets/r02.r1.json.minisig
bad missing 'sheet r02 revision 1 named by the results is missing' -p sec.pub

fresh added
cp added/sheets/r01.r1.json added/sheets/r01.r3.json
cp added/sheets/r01.r1.json.minisig added/sheets/r01.r3.json.minisig
bad added 'sheets/r01.r3.json is not named by the signed results' -p sec.pub

fresh sheet
sed -i 's/"score":5/"score":4/' sheet/sheets/r01.r1.json
bad sheet 'sheets/r01.r1.json: sha256 .*, but the results name' -p sec.pub

fresh roster
key3=$(tail -1 r03.pub)
key1=$(tail -1 r01.pub)
sed -i "s|$key1|$key3|" roster/roster.json
bad roster 'roster.json: reviewers\[r01\].public_key differs from the signed results' -p sec.pub

# round.json, roster.json and keys/ are not signed: each must be exactly
# what publish derives from the signed results, field by field.
fresh title
sed -i 's/"title":"[^"]*"/"title":"X"/' title/round.json
bad title 'round.json: title differs from the signed results' -p sec.pub
fresh created
sed -i 's/"created":"2/"created":"1/' created/round.json
bad created 'round.json: created differs from the signed results' -p sec.pub
fresh rubricid
sed -i 's/"rubric":{"id":"/&x/' rubricid/round.json
bad rubricid 'round.json: rubric.id differs from the signed results' -p sec.pub
fresh rcpt
r3=$(sed 's/.*"id":"r03","public_key":"[^"]*","recipient":"\([^"]*\)".*/\1/' rcpt/roster.json)
sed -i "s|\"id\":\"r01\",\(\"public_key\":\"[^\"]*\"\),\"recipient\":\"[^\"]*\"|\"id\":\"r01\",\1,\"recipient\":\"$r3\"|" rcpt/roster.json
bad rcpt 'roster.json: reviewers\[r01\].recipient differs from the signed results' -p sec.pub
fresh rfmt
sed -i 's/shinsa-roster\/1/shinsa-roster\/2/' rfmt/roster.json
bad rfmt 'roster.json: format differs from the signed results' -p sec.pub
fresh space
sed -i 's/^{/{ /' space/round.json
bad space 'round.json: not byte for byte' -p sec.pub
fresh pubkey
cp r03.pub pubkey/keys/r01.pub
bad pubkey 'keys/r01.pub: the key differs from the one the signed results name for r01' -p sec.pub
fresh pubsec
cp r03.pub pubsec/keys/secretariat.pub
bad pubsec 'keys/secretariat.pub: the key differs' -p sec.pub
fresh pubcomment
sed -i '1s/.*/untrusted comment: the key of someone else/' pubcomment/keys/r02.pub
bad pubcomment "keys/r02.pub: the key is r02's, but the file is not the one publish writes" -p sec.pub
fresh extra
echo x > extra/NOTES.txt
bad extra 'NOTES.txt is not part of an audit bundle' -p sec.pub
fresh extrakey
cp r01.pub extrakey/keys/r09.pub
bad extrakey 'keys/r09.pub is not part of an audit bundle' -p sec.pub
fresh dotsheet
echo x > dotsheet/sheets/.hidden
bad dotsheet 'sheets/.hidden is not named by the signed results' -p sec.pub

bad good 'signed by a different key' -p r01.pub
echo "verify_bundle: ok"
rm -rf "$t"
