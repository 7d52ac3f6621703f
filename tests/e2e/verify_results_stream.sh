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
#     its totals differ;
#   - shinsa-verify reads results.json as a stream rather than holding
#     it, and still refuses each of these, signed again, as it did when it
#     held it: a value changed early (in settings) and late (the last
#     ranking id), a flipped byte in the first key, the file cut short by
#     one byte and by half, one byte longer (a newline) and longer by a
#     second value, white space between the elements of proposals (which
#     the stream splits), a duplicate key inside a proposal and a
#     trailing comma in proposals; each with the one problem it names.
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

# One problem, and exactly this one.
only() {	# DIR WHY
	bad "$1" "$2"
	grep -c '^FAIL' out.txt | grep -qx 1 ||
		fail "$1: more than one problem: $(cat out.txt)"
}
edit() {	# DIR SED: a copy of the bundle, results.json edited and signed
	rm -rf "$1"; cp -r bundle "$1"
	sed -i "$2" "$1/results.json"
	cmp -s bundle/results.json "$1/results.json" && fail "$1: no edit"
	resign "$1"
}
sz=$(wc -c < bundle/results.json)
edit early 's/"min_reviewers_to_trim":\([0-9]\)/"min_reviewers_to_trim":1\1/'
only early 'results: "settings" differs from the recomputed value'
edit late 's/"\]}$/x"]}/'
only late 'results: "ranking" differs from the recomputed value'
edit flip0 '1s/^{"f/{"g/'
only flip0 'results.json: format is not shinsa-results/1'
edit dupkey 's/"proposals":\[{"id":"\([^"]*\)",/"proposals":[{"id":"\1","id":"\1",/'
only dupkey 'results.json: not a JSON object: key "id" appears twice'
edit comma 's/\]},{"id":/]},,{"id":/'
only comma 'results.json: not a JSON object: line 1 column [0-9]*: expected a value'
# White space between the first two proposals: same values.
edit elspace 's/\]},{"id":/]} ,\n {"id":/'
at=$(grep -bo '\]} ,$' elspace/results.json | head -1 | cut -d: -f1)
only elspace "results.json is not in canonical form (same values, different bytes from byte $((at + 2)))"
for cut in 1 $((sz / 2)); do
	rm -rf short; cp -r bundle short
	head -c $((sz - cut)) bundle/results.json > short/results.json
	resign short
	only short 'results.json: not a JSON object: line 1 column [0-9]*: \(unexpected end of the document\|unterminated string\)'
done
rm -rf longer; cp -r bundle longer; echo >> longer/results.json; resign longer
only longer "results.json is not in canonical form (same values, different bytes from byte $sz)"
rm -rf second; cp -r bundle second; printf '{}' >> second/results.json; resign second
only second 'results.json: not a JSON object: line 1 column [0-9]*: only white space may follow the document'
# Changed and not signed again: the signature says so, as ever.
rm -rf unsigned; cp -r bundle unsigned; cp early/results.json unsigned/
only unsigned 'results.json: signature: '

echo "verify_results_stream: ok"
rm -rf "$t"
