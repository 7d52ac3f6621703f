#!/bin/sh
# The results document is written as it is made, never held
# (core/format/results.c, core/base/sink.c), and shinsa-verify compares its
# recomputation with the published bytes as it writes it. This checks
# what that must not change and what it adds:
#   - report --format json to standard output and with -o are the same
#     bytes, the committee's titles among them;
#   - a results.json with the same values in other bytes (a space), signed
#     again by the secretariat, is "not in canonical form" and the verdict
#     names the first byte that differs;
#   - a changed review total, signed again, names the proposal and says
#     its totals differ.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
for b in "$M" "$V"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/verify_results_stream.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

SHINSA_RUBRICS=$src/data/rubrics $M demo --sheets demo > /dev/null
db=demo/round.db sec=demo/keys/secretariat.key pub=demo/keys/secretariat.pub
$M ingest --db $db -s $sec demo/inbox/*.shinsa-sheet > /dev/null

$M report --db $db --format json > stdout.json
$M report --db $db --format json -o file.json
cmp -s stdout.json file.json || fail "report json: stdout and -o differ"
grep -q '"title":' stdout.json || fail "report json names no titles"
$M publish --db $db -s $sec -q bundle 2> /dev/null
$V -p $pub bundle > out.txt || { cat out.txt; fail "the bundle does not verify"; }

round=$(sed -n 's/^{"format":"shinsa-results\/1","round":{"id":"\([^"]*\)".*/\1/p' \
	bundle/results.json)
[ -n "$round" ] || fail "no round id in results.json"
resign() {	# DIR: signs DIR/results.json again, as the secretariat
	rm -f "$1/results.json.minisig"
	sha=$(sha256sum "$1/results.json" | cut -d' ' -f1)
	minisign -S -s $sec -m "$1/results.json" -t "$(printf \
	    'kind:results\tround:%s\tsha256:%s' "$round" "$sha")" > /dev/null
}
bad() {	# DIR WHY: shinsa-verify fails, saying why
	if $V -p $pub "$1" > out.txt 2>&1; then fail "$1 verified"; fi
	grep -q '^NOT VERIFIED' out.txt || fail "$1: no verdict"
	grep -q "$2" out.txt || fail "$1: \"$2\" not said: $(cat out.txt)"
}

# Same values, other bytes: a space after the first '{' (byte 0).
cp -r bundle spaced
sed -i 's/^{"format"/{ "format"/' spaced/results.json
resign spaced
bad spaced 'results.json is not in canonical form (same values, different bytes from byte 1)'
grep -c '^FAIL' out.txt | grep -qx 1 || fail "spaced: more than one problem: $(cat out.txt)"

# One review's total changed: the proposal is named, with what differs.
cp -r bundle total
sed -i 's/"total":\([0-9]*\),/"total":9\1,/' total/results.json
cmp -s bundle/results.json total/results.json && fail "no total to change"
resign total
bad total 'results: proposal [^ ]*: published score .* (totals or deviation scores differ)'

echo "verify_results_stream: ok"
rm -rf "$t"
