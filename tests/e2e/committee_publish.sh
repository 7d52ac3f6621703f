#!/bin/sh
# Designations in the audit bundle (chiiki round of 12, lib/chiiki12.sh):
# publish signs designations.json, naming results.json, and
# shinsa-verify checks it against the ranking it recomputes and the
# committee's rules. A designation changed after signing fails its
# signature; one re-signed with the secretariat's key but breaking a rule
# (a proposal with markedly many 2s and 1s) fails the rules; publish
# refuses to sign a set that breaks one.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/committee_publish.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
. "$src/tests/e2e/lib/chiiki12.sh"

# Without designations the bundle has none, and verifies as before.
$M publish --db $db -s sec.key b0 >/dev/null
[ -e b0/designations.json ] && fail "designations.json before any"
$V -p sec.pub b0 > v0.out || fail "verify b0: $(cat v0.out)"

$M decide --db $db --reason "公正な審査に支障なし" P07 r04 allow >/dev/null
$M designate --db $db P01 P03 P06 >/dev/null
$M designate --db $db --balance "類型のバランス" --condition "評価計画の具体化" \
	P11 >/dev/null
$M publish --db $db -s sec.key b1 >/dev/null
minisign -Vm b1/designations.json -p sec.pub >/dev/null ||
	fail "stock minisign does not verify designations.json"
jq -e '.designations[] | select(.proposal == "P11" and
	.balance == "類型のバランス" and .condition == "評価計画の具体化")' \
	b1/designations.json >/dev/null || fail "$(cat b1/designations.json)"
[ "$(jq -r .results_sha256 b1/designations.json)" = \
  "$(sha256sum b1/results.json | cut -d' ' -f1)" ] || fail "results_sha256"
$V -p sec.pub b1 > v1.out || fail "verify b1: $(cat v1.out)"
grep -q '^ok *designations.json signed by the secretariat: 4 designated (1 for balance)' v1.out ||
	fail "no designations check: $(cat v1.out)"

# Tampered: a condition changed after signing.
cp -r b1 b2
sed -i 's/評価計画の具体化/条件なし/' b2/designations.json
if $V -p sec.pub b2 > v2.out; then fail "a tampered designation verified"; fi
grep -q 'designations.json: signature' v2.out || fail "$(cat v2.out)"

# Re-signed, but P09 (markedly many 2s and 1s) designated: the rules fail.
cp -r b1 b3
jq -c '.designations += [{"proposal":"P09","balance":null,"condition":null,"beyond":false}] |
	.designations |= sort_by(.proposal)' b1/designations.json |
	tr -d '\n' > b3/designations.json
sha=$(sha256sum b3/designations.json | cut -d' ' -f1)
rm b3/designations.json.minisig
minisign -S -s sec.key -m b3/designations.json -x b3/designations.json.minisig \
	-t "$(printf 'kind:designations\tround:R2020-chiiki\tsha256:%s' $sha)" \
	</dev/null >/dev/null
if $V -p sec.pub b3 > v3.out; then fail "P09 designated verified"; fi
grep -q 'designations.json: P09 has markedly many items scored 2 or 1' v3.out ||
	fail "$(cat v3.out)"

# publish refuses to sign designations that break a rule (here forced
# into the store behind the tool's back).
sqlite3 $db "INSERT INTO designations(proposal, decided_at) VALUES ('P09', 'x')"
if $M publish --db $db -s sec.key b4 2> err; then fail "published P09"; fi
grep -q 'P09 has markedly many' err || fail "$(cat err)"
[ -e b4 ] && fail "a refused publish left b4"
echo ok
