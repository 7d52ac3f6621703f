#!/bin/sh
# Every refusal of shinsa-merge leaves the round file byte for byte as it
# was (cmp before/after), and says why: a tampered sheet, another round's
# sheet, a sheet encrypted to another secretariat, sheets signed by a
# reviewer who was not assigned the proposals or by the wrong key, a
# stale revision, a broken comment rule, an oversized file, the wrong
# secretariat key, malformed CSV rows.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
S=$build/tests/tools/mksheet
K=$build/keys/shinsa-keys
W=$build/tui/shinsa
for b in "$M" "$S" "$K" "$W"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
for c in minisign age; do
	command -v $c >/dev/null || { echo "skip: no $c"; exit 77; }
done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/merge_refusals.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/poke.sh"
rubric=$src/data/rubrics/kakine-2024.json

for k in sec sec2 r01 r02 r03; do
	minisign -G -W -p $k.pub -s $k.key >/dev/null
done
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,certifications
K1,遠隔授業の拠点,北海道教育委員会,kakine,01,eruboshi-2
K2,通信制との連携,岩手県教育委員会,kakine,03,
K3,学びの保障,東京都教育委員会,kakine,13,kurumin-2
K4,配信センター構想,長野県教育委員会,kakine,20,
K5,小規模校の連携,高知県教育委員会,kakine,39,
K6,離島からの受信,沖縄県教育委員会,kakine,47,
CSV
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr01,K3\nr01,K4\nr01,K5\nr02,K2\nr02,K3\nr02,K4\nr02,K5\nr02,K6\n' > assign.csv
setup() {	# $1 db, $2 round, $3 secretariat key [$4 outbox]
	$M init --round $2 --title "令和6年度 垣根 $2" --rubric "$rubric" \
		--secretariat-key $3.pub --db $1 >/dev/null
	$M proposals import --db $1 proposals.csv >/dev/null
	for r in r01 r02 r03; do $M reviewers add --db $1 $r "委員 $r" $r.pub >/dev/null; done
	$M assign import --db $1 assign.csv >/dev/null
	$M issue --db $1 -s $3.key --outbox ${4:-out-$2} >/dev/null
}
setup round.db R1 sec
setup other.db R2 sec		# another round, same secretariat
setup foreign.db R3 sec2	# another secretariat
setup foreign1.db R1 sec2 out-R1b	# another secretariat's R1
p1=out-R1/R1-r01.shinsa-package
p2=out-R1/R1-r02.shinsa-package
$S -k r01.key -p $p1 -o r01.r2.sheet -r 2 -s 'K1=4,K2=5,*=3'
$S -k r02.key -p $p2 -o r02.sheet -s '*=4'
$M ingest --db round.db -s sec.key r01.r2.sheet r02.sheet >/dev/null

# refused WHY FILE [ingest options]: exit 1, reason given, file unchanged.
# The technical reason is the refusal's line, or the indented line after
# it when the refusal is first said in a clerk's words (said checks those).
refused() {
	why=$1; shift
	cp round.db before.db
	if $M ingest --db round.db "$@" > out.txt 2> err.txt; then
		fail "accepted, should be refused ($why): $*"
	fi
	grep -q ": refused: " err.txt || fail "no refusal: $(cat err.txt)"
	grep -q -e "refused: .*$why" -e "^    .*$why" err.txt ||
		fail "reason \"$why\" not given: $(cat err.txt)"
	cmp -s round.db before.db || fail "round.db changed by a refusal ($why)"
	[ ! -s round.db-wal ] || fail "a refusal left a write-ahead log ($why)"
}
# said WORDS WHY: the last refusal said WORDS first, then WHY indented.
said() {
	sed -n 1p err.txt | grep -q ": refused: .*$1" ||
		fail "not said in plain words \"$1\": $(cat err.txt)"
	sed -n 2p err.txt | grep -q "^    .*$2" ||
		fail "technical cause \"$2\" not on the second line: $(cat err.txt)"
}
ageid() { $K show "$1" | sed -n 's/^age: *//p'; }
fpr() { $K show "$1" | sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p'; }
keyid() { sed -n '1s/.* //p' "$1"; }	# as stock minisign wrote it
$K export-age-identity -o sec.age sec.key
$K export-age-identity -o r01.age r01.key

cp r02.sheet tampered.sheet
poke tampered.sheet 300
refused 'cannot decrypt' -s sec.key tampered.sheet
said 'damaged or altered on its way here. Ask the reviewer to send it again' \
	'cannot decrypt: age payload: chunk 0 does not authenticate'
# A byte of the header's MAC (the line after "--- ").
cp r02.sheet header.sheet
poke header.sheet $(($(grep -abo -e '--- ' header.sheet | head -1 | cut -d: -f1) + 10))
refused 'age header' -s sec.key header.sheet
said 'damaged or altered on its way here' 'cannot decrypt: age header'

$S -k r01.key -p out-R2/R2-r01.shinsa-package -o other-round.sheet -r 3
refused 'round R2 but this round is R1' -s sec.key other-round.sheet
said 'made for another secretariat or another round, not for round R1' \
	'trusted comment says round R2'

$S -k r01.key -p out-R3/R3-r01.shinsa-package -o foreign.sheet -r 3
refused 'not encrypted to this round.s secretariat' -s sec.key foreign.sheet
said "cannot be opened with this secretariat's key" 'not encrypted to'

# A sheet of round R1 for another secretariat (sec2), encrypted again by
# hand to this one: its trusted comment names the other recipient.
$S -k r01.key -p out-R1b/R1-r01.shinsa-package -o elsewhere.sheet -r 3
$K export-age-identity -o sec2.age sec2.key
age -d -i sec2.age elsewhere.sheet | age -r "$(ageid sec.pub)" -o elsewhere2.sheet
refused 'trusted comment says recipient' -s sec.key elsewhere2.sheet
said 'made for another secretariat or another round' 'but this secretariat is'

# A package, encrypted again by hand to the secretariat: a package, not a
# sheet, said so rather than as a failure to decrypt.
age -d -i r01.age $p1 | age -r "$(ageid sec.pub)" -o package.sheet
refused 'it holds package.json, not sheet.json' -s sec.key package.sheet
said 'This is a package (an assignment package from the secretariat to a reviewer), not a reviewer.s sheet' \
	'sheet: container: it holds package.json'
! grep -q 'cannot decrypt' err.txt || fail "a package that decrypted called 'cannot decrypt'"

# A real sheet's plaintext, encrypted by stock age to the secretariat and
# to r02: a third party could read it.
$S -k r01.key -p $p1 -o two0.sheet -r 3
age -d -i sec.age two0.sheet |
	age -r "$(ageid sec.pub)" -r "$(ageid r02.pub)" -o two.sheet
refused 'encrypted to 2 recipients' -s sec.key two.sheet
said 'encrypted to someone besides the secretariat' \
	'encrypted to 2 recipients: it must be encrypted to one alone'

# In Japanese for a clerk whose locale is: the plain words and core's
# technical cause translated.
SHINSA_LOCALEDIR=$build/locale LANGUAGE=ja LC_ALL=C.UTF-8 \
	$M ingest --db round.db -s sec.key tampered.sheet > out.txt 2> err.txt || :
sed -n 1p err.txt | grep -q ': 受け付けませんでした: .*届くまでの間に壊れたか' ||
	fail "not said in plain Japanese: $(cat err.txt)"
sed -n 2p err.txt | grep -q '^    復号できません: age ペイロード: チャンク0の認証に失敗' ||
	fail "technical cause not in Japanese: $(cat err.txt)"

# r03 is registered but was assigned nothing; r02 signs for r01's proposals;
# r03's key signs a sheet that says it is from r01.
$S -k r03.key --open-key r01.key -p $p1 -o r03.sheet --as r03
refused 'who has no proposals assigned' -s sec.key r03.sheet
$S -k r02.key --open-key r01.key -p $p1 -o r02-forged.sheet --as r02 -r 5
refused 'assigned to reviewer r02' -s sec.key r02-forged.sheet
$S -k r03.key --open-key r01.key -p $p1 -o r01-forged.sheet --as r01 -r 5
refused 'signed by a different key' -s sec.key r01-forged.sheet
# Whose key signed it is named, with both keys as shinsa-keys show prints
# them, and the key ids as stock minisign prints them.
said "from reviewer r01, but it was signed with the key of another registered reviewer, r03 (委員 r03). Key fingerprints: r01 $(fpr r01.pub); r03 $(fpr r03.pub)" \
	"signed by a different key (key id $(keyid r03.pub), expected $(keyid r01.pub))"
# A key registered to no reviewer: its key id, and the expected key.
minisign -G -W -p stray.pub -s stray.key >/dev/null
$S -k stray.key --open-key r01.key -p $p1 -o stray.sheet --as r01 -r 5
refused 'signed by a different key' -s sec.key stray.sheet
said "signed with a key that is registered to no reviewer of this round (key id $(keyid stray.pub)). The key registered for r01 has the fingerprint $(fpr r01.pub)" \
	'signed by a different key'

$S -k r01.key -p $p1 -o stale.sheet -r 1 -s '*=2'
refused 'revision 1 is stale' -s sec.key stale.sheet
$S -k r01.key -p $p1 -o same-rev.sheet -r 2 -s '*=2'
refused 'revision 2 is stale' -s sec.key same-rev.sheet

$S -k r01.key -p $p1 -o nocomment.sheet -r 3 -s 'K1=5,*=3' --no-comments
refused 'needs a comment' -s sec.key nocomment.sheet

$S -k r01.key -p $p1 -o r01.r3.sheet -r 3
refused 'larger than --max-size 100' -s sec.key --max-size 100 r01.r3.sheet

# The wrong secretariat key, and a file that is not a sheet at all.
cp round.db before.db
$M ingest --db round.db -s sec2.key r01.r3.sheet 2> err.txt && fail "sec2 accepted"
grep -q 'not the secretariat key of round R1' err.txt || fail "wrong key: $(cat err.txt)"
cmp -s round.db before.db || fail "round.db changed by a wrong key"
printf 'not a sheet\n' > junk.sheet
refused 'cannot decrypt' -s sec.key junk.sheet

# Refusals are journalled beside the store, not in it.
[ "$(wc -l < round.db.refusals)" -ge 10 ] || fail "refusals not journalled"

# The same file again is no change, and a good new revision still goes in.
cp round.db before.db
$M ingest --db round.db -s sec.key r02.sheet | grep -q 'already have' ||
	fail "same file is not 'already have'"
cmp -s round.db before.db || fail "'already have' changed the file"
$M ingest --db round.db -s sec.key r01.r3.sheet | grep -q 'accepted: r01 revision 3' ||
	fail "a good revision 3 was not accepted"

# The secretariat's own key is no reviewer's: refused by add and import,
# naming it.
cp round.db before.db
$M reviewers add --db round.db r09 "委員 r09" sec.pub 2> err.txt &&
	fail "the secretariat's key registered as a reviewer"
grep -q "the public key given for r09 is the secretariat's own key (fingerprint $(fpr sec.pub))" err.txt ||
	fail "secretariat key: $(cat err.txt)"
printf 'id,name,public_key\nr09,名,%s\n' "$(sed -n 2p sec.pub)" > secr.csv
$M reviewers import --db round.db secr.csv 2> err.txt &&
	fail "the secretariat's key imported as a reviewer"
grep -q "secr.csv:2:3: the public key given for r09 is the secretariat's own key" err.txt ||
	fail "secretariat key (import): $(cat err.txt)"
cmp -s round.db before.db || fail "round.db changed by a refused registration"

# On the reviewer's side: another reviewer's package is said to be so.
# r01 opens r02's package (not encrypted to r01's key); then a key whose
# id is r01, registered in round R5 as r02, opens the package issued to
# r02: it decrypts, and names the reviewer it was issued to.
ws() { XDG_DATA_HOME=$t/ws-$1 SHINSA_LOCALEDIR=$build/locale $W -s $1.key \
	--pin "$(fpr sec.pub)" --no-screens open "$2" < /dev/null 2> err.txt; }
ws r01 $p2 && fail "r01 opened r02's package"
sed -n 1p err.txt | grep -q 'The package is not encrypted to your key: it was issued to another reviewer' ||
	fail "another reviewer's package: $(cat err.txt)"
sed -n 2p err.txt | grep -q '^    .*package: not encrypted to you' ||
	fail "another reviewer's package, cause: $(cat err.txt)"
$K generate -i r01 -p r01id.pub -s r01id.key --unprotected > /dev/null
$M init --round R5 --title "R5" --rubric "$rubric" --secretariat-key sec.pub \
	--db r5.db > /dev/null
$M proposals import --db r5.db proposals.csv > /dev/null
$M reviewers add --db r5.db r02 "委員 r02" r01id.pub > /dev/null
printf 'reviewer,proposal\nr02,K1\n' > assign5.csv
$M assign import --db r5.db assign5.csv > /dev/null
$M issue --db r5.db -s sec.key --outbox out-R5 > /dev/null
ws r01id out-R5/R5-r02.shinsa-package && fail "r01 opened the package issued to r02"
sed -n 1p err.txt | grep -q 'The package was issued to reviewer r02, not to you' ||
	fail "package issued to r02: $(cat err.txt)"
LANGUAGE=ja LC_ALL=C.UTF-8 ws r01id out-R5/R5-r02.shinsa-package && fail "opened"
sed -n 1p err.txt | grep -q '審査委員 r02 に発行されたものです' ||
	fail "package issued to r02, in Japanese: $(cat err.txt)"

# Malformed CSV rows: refused with file:line:column, nothing imported.
csvrefused() {	# WHY COMMAND...
	why=$1; shift
	cp round.db before.db
	if "$@" --db round.db > out.txt 2> err.txt; then fail "CSV accepted ($why)"; fi
	grep -q "$why" err.txt || fail "CSV reason \"$why\" not given: $(cat err.txt)"
	cmp -s round.db before.db || fail "round.db changed by a bad CSV ($why)"
}
printf 'id,title,applicant,variant,prefecture\nK7,題,者,kakine,20\nK8,題,者,kakine,48\n' > bad1.csv
csvrefused 'bad1.csv:3:5: prefecture 48 not in 01–47' $M proposals import bad1.csv
printf 'id,title,applicant,variant,prefecture\nK7,"題,者,kakine,20\n' > bad2.csv
csvrefused 'bad2.csv:2:2: quoted field not closed' $M proposals import bad2.csv
printf 'id,title,applicant,variant,prefecture\nK7,題,者,chiiki-miryoku,20\n' > bad3.csv
csvrefused 'bad3.csv:2:4: variant "chiiki-miryoku" is not in rubric kakine-2024' $M proposals import bad3.csv
printf 'id,title,applicant,variant,prefecture,certifications\nK7,題,者,kakine,20,gold-star\n' > bad4.csv
csvrefused 'certification "gold-star" is not an option' $M proposals import bad4.csv
printf 'id,title,applicant,variant,prefecture,facts\nK7,題,者,kakine,20,lan_rate=80\n' > bad7.csv
csvrefused 'bad7.csv:2:6: lan_rate given, but no item of variant kakine uses it' $M proposals import bad7.csv
printf 'reviewer,proposal\nr03,K1\nr03,K99\n' > bad5.csv
csvrefused 'bad5.csv:3:2: proposal "K99" is not in the round' $M assign import bad5.csv
printf 'id,name,public_key\nr09,名,not-a-key\n' > bad6.csv
csvrefused 'bad6.csv:2:3: public key' $M reviewers import bad6.csv
printf 'id,title,applicant,variant,prefecture\nK1,重複,者,kakine,20\n' > dup.csv
csvrefused 'proposal K1: already in the round' $M proposals import dup.csv
echo "merge_refusals: ok"
rm -rf "$t"
