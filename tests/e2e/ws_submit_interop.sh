#!/bin/sh
# A sheet written by the real `shinsa submit` is one the secretariat's
# `shinsa-merge ingest` accepts, and one the stock tools can check: stock
# `age -d` (with the secretariat's exported identity) opens it, and stock
# `minisign -V` verifies its inner signature with the reviewer's public
# key. A resubmission is revision 2, and ingest takes it as the newer one.
# The reviewer fills the demo package through the plain-text form, as a
# reviewer who prefers an editor would.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 name=ws_submit_interop
for t in age minisign tar; do
	command -v $t >/dev/null || { echo "skip: no $t"; exit 77; }
done
. "$2/tests/e2e/lib/demo_reviewer.sh"

# Score everything: review every proposal, judged items 4 (no comment
# needed), bonus items 0, and mark the form ready.
"$W" -s $key form export > form.txt 2>/dev/null
# P01 item 1-1 gets a 5, whose comment the rules demand, and remarks and
# a scratchpad note, so that there is private text to look for later.
fill_form form.txt '
	/^==\+== Proposal: P01$/	{ p01 = 1 }
	/^==\+== Proposal: P04$/	{ p01 = 0 }
	p01 && /^==\+== Item 1-1:$/	{ print $0 " 5"; next }
	p01 && /^==\+== Comment 1-1:$/	{ print; print "連携先ごとの役割分担が具体的で優れている"; next }
	p01 && /^==\+== Remarks:$/	{ print; print "総合所見：配信体制の条件を付して採択が妥当"; next }
	p01 && /^==\+== Scratchpad:$/	{ print; print "私的メモ：申請者の前回実績を確認"; next }
' > filled.txt
"$W" -s $key form import filled.txt >/dev/null 2>import.err ||
	fail "form import: $(cat import.err)"
"$W" -s $key status >status.txt 2>&1 || fail "status: $(cat status.txt)"

"$W" -s $key submit -o r1.sheet >submit.out 2>&1 || fail "submit: $(cat submit.out)"

# Nothing private is in plain bytes anywhere in the workstation's data
# (database, WAL, anything else): not a title, a comment, remarks or the
# scratchpad. The form itself is the reviewer's own plaintext file, kept
# outside the data dir and deleted here.
rm -f form.txt filled.txt
for secret in '広域分散地域における遠隔授業配信センターの構築' \
    '連携先ごとの役割分担が具体的で優れている' \
    '総合所見：配信体制の条件を付して採択が妥当' '私的メモ：申請者の前回実績を確認'; do
	if grep -rlF "$secret" "$XDG_DATA_HOME"; then
		fail "plaintext under the workstation data dir: $secret"
	fi
done
[ -s r1.sheet ] || fail "submit wrote nothing"
"$M" ingest --db demo/round.db -s demo/keys/secretariat.key r1.sheet \
    >ingest.out 2>&1 || fail "ingest: $(cat ingest.out)"
grep -q 'r1.sheet: accepted: r01 revision 1' ingest.out ||
	fail "ingest: $(cat ingest.out)"

# The stock tools, with nothing of shinsa's but the exported identity.
"$K" export-age-identity demo/keys/secretariat.key -o sec.age >/dev/null
age -d -i sec.age -o sheet.tar r1.sheet || fail "stock age cannot open the sheet"
mkdir x && tar -xf sheet.tar -C x
[ -f x/sheet.json ] && [ -f x/sheet.json.minisig ] || fail "sheet members: $(ls x)"
minisign -V -p demo/keys/r01.pub -m x/sheet.json >minisign.out 2>&1 ||
	fail "stock minisign rejects the sheet: $(cat minisign.out)"
grep -q 'kind:sheet' minisign.out || fail "trusted comment: $(cat minisign.out)"
grep -q 'revision:1' minisign.out || fail "trusted comment: $(cat minisign.out)"
grep -qF '連携先ごとの役割分担が具体的で優れている' x/sheet.json || fail "comment not in sheet"
grep -qF '総合所見：配信体制の条件を付して採択が妥当' x/sheet.json || fail "remarks not in sheet"
grep -qF '私的メモ' x/sheet.json && fail "the private scratchpad was submitted"
# The signature binds the sheet: one byte changed and stock minisign says no.
sed 's/"revision":1/"revision":2/' x/sheet.json > x/forged.json
cp x/sheet.json.minisig x/forged.json.minisig
minisign -V -p demo/keys/r01.pub -m x/forged.json >/dev/null 2>&1 &&
	fail "stock minisign accepted an edited sheet"

# A second submission is revision 2 and replaces the first in the tally.
"$W" -s $key submit -o r2.sheet >submit2.out 2>&1 || fail "resubmit: $(cat submit2.out)"
"$M" ingest --db demo/round.db -s demo/keys/secretariat.key r2.sheet \
    >ingest2.out 2>&1 || fail "ingest r2: $(cat ingest2.out)"
grep -q 'accepted: r01 revision 2 (replaces revision 1, kept)' ingest2.out ||
	fail "ingest r2: $(cat ingest2.out)"
# The first file again is the same bytes: a no-op, not an error.
"$M" ingest --db demo/round.db -s demo/keys/secretariat.key r1.sheet \
    >ingest3.out 2>&1 || true
grep -q 'already have' ingest3.out || fail "old revision: $(cat ingest3.out)"

echo "ws_submit_interop: ok"
cd / && rm -rf "$t"
