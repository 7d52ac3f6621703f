#!/bin/sh
# (キ) is declared in writing (DESIGN.md rule 12): a reviewer who
# continues with (キ) cannot submit until the statement is written; once
# written (here through the plain-text form's Statement field) it travels
# in the signed sheet, and `shinsa-merge comments` shows it to the
# committee beside the pending review.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 name=ki_statement
. "$2/tests/e2e/lib/demo_reviewer.sh"
"$W" -s $key form export > form.txt 2>/dev/null

# Every proposal reviewed, P01 with (キ); `stm` is P01's statement.
fill() {
	awk -v stm="$1" '
	/^==\+== Proposal: /	{ p01 = ($3 == "P01") }
	/^==-== bonus:/		{ bonus = 1; print; next }
	/^==\+== Conflict:/	{ print "==+== Conflict: review" (p01 ? " g" : ""); next }
	p01 && /^==\+== Statement:$/	{ print; if (stm != "") print stm; seen = 1; next }
	p01 && /^==\+== Scratchpad:$/ && stm != "" && !seen {
		print "==+== Statement:"; print stm }
	/^==\+== Ready:/	{ print "==+== Ready: no"; next }
	/^==\+== Item [^ ]*:$/	{ print $0 " " (bonus ? "0" : "4"); bonus = 0; next }
	{ print }
	' form.txt
}

fill "" > nostm.txt
"$W" -s $key form import nostm.txt >/dev/null 2>import.err ||
	fail "form import: $(cat import.err)"
if "$W" -s $key submit -o r0.sheet >submit0.out 2>&1; then
	fail "a (キ) without its statement was submitted"
fi
grep -q 'problem blocks submission: proposal P01' submit0.out ||
	fail "no problem named: $(cat submit0.out)"
"$W" -s $key status >status.txt 2>&1 || true
grep -q 'P01: (キ) declared: write your statement' status.txt ||
	fail "status does not say what is missing: $(cat status.txt)"
[ ! -e r0.sheet ] || fail "a sheet was written"

# The form exported now has the Statement field beside the (キ).
"$W" -s $key form export > form.txt 2>/dev/null
grep -q '^==+== Statement:$' form.txt || fail "no Statement field"
fill "申請校の運営指導委員を務めています。" > stm.txt
"$W" -s $key form import stm.txt >/dev/null 2>import.err ||
	fail "form import: $(cat import.err)"
"$W" -s $key submit -o r1.sheet >submit.out 2>&1 ||
	fail "submit: $(cat submit.out)"
rm -f form.txt nostm.txt stm.txt
if grep -rlF '申請校の運営指導委員を務めています' "$XDG_DATA_HOME"; then
	fail "the statement is in plaintext under the workstation data dir"
fi
"$M" ingest --db demo/round.db -s demo/keys/secretariat.key r1.sheet \
    >ingest.out 2>&1 || fail "ingest: $(cat ingest.out)"
"$M" comments --db demo/round.db > d.txt 2>&1 || fail "comments: $(cat d.txt)"
sed -n '/: P01$/,/^=====/p' d.txt > p01.txt
grep -q '(キ) statement: 申請校の運営指導委員を務めています。' p01.txt ||
	fail "the statement did not reach the dossier: $(cat p01.txt)"
LANGUAGE=ja "$M" comments --db demo/round.db | grep -q '申請校の運営指導委員を務めています。' ||
	fail "ja dossier"
cd / && rm -rf "$t"
