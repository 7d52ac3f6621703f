#!/bin/sh
# crypto/minisign against stock minisign (0.11), both directions:
#  - stock `minisign -V` (and -V -H, prehashed only) accepts what shinsa
#    signs and shows shinsa's trusted comment;
#  - shinsa verifies what a key made by stock `minisign -G -W` signs, and
#    shinsa-keys shows that key, public and secret;
#  - stock minisign signs with secret keys shinsa wrote (unprotected, and
#    protected by a passphrase with minisign's scrypt limits);
#  - both refuse a changed file; shinsa refuses stock's legacy -l format.
# $1 build dir, $2 source dir, $3 shared dir. Exit 77 without minisign.
set -eu
build=$(cd "$1" && pwd)
command -v minisign >/dev/null 2>&1 || { echo "minisign not installed: skip"; exit 77; }
tool=$build/tests/tools/minisigntool
keys=$build/keys/shinsa-keys
[ -x "$tool" ] || { echo "FAIL: $tool not built"; exit 1; }
[ -x "$keys" ] || { echo "FAIL: $keys not built"; exit 1; }

tmp=$build/tests/tmp/minisign_interop.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
umask 077
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
tab=$(printf '\t')

printf '審査 sheet body\n' >msg
head -c 200000 /dev/urandom >big

# --- shinsa signs, stock minisign verifies ---
"$keys" generate -i r06-secretariat -p ours.pub -s ours.sec --unprotected >/dev/null
for m in "" -w; do
	"$tool" sign $m ours.sec msg 'kind:sheet\tround:R06\trev:3' msg.minisig
	if out=$(minisign -V -p ours.pub -m msg 2>&1) &&
	    printf '%s\n' "$out" | grep -qx "Trusted comment: kind:sheet${tab}round:R06${tab}rev:3"; then
		ok "stock minisign -V accepts our signature${m:+ ($m)} and shows our trusted comment"
	else
		bad "stock minisign -V on our signature${m:+ ($m)}: $out"
	fi
done
if minisign -V -H -p ours.pub -m msg >/dev/null 2>&1; then
	ok "stock minisign -V -H: ours is prehashed"
else
	bad "stock minisign -V -H refused our signature"
fi
pk=$(sed -n 2p ours.pub)
if minisign -V -P "$pk" -m msg >/dev/null 2>&1; then
	ok "stock minisign -V -P with our public key string"
else
	bad "stock minisign -V -P"
fi
"$tool" sign ours.sec big 'kind:package' big.minisig
if minisign -V -p ours.pub -m big >/dev/null 2>&1; then
	ok "stock minisign verifies our streamed signature of 200 kB"
else
	bad "stock minisign on the big file"
fi
cp msg changed && printf 'x' >>changed
cp msg.minisig changed.minisig
if minisign -V -p ours.pub -m changed >/dev/null 2>&1; then
	bad "stock minisign accepted a changed file"
else
	ok "stock minisign refuses a changed file"
fi

# --- stock minisign makes a key and signs, shinsa verifies ---
minisign -G -W -p stock.pub -s stock.key >/dev/null
minisign -S -s stock.key -m msg -t "kind:sheet${tab}round:R06" >/dev/null
if out=$("$tool" verify msg msg.minisig ours.pub stock.pub 2>&1) &&
    [ "$out" = "key 1
trusted comment: kind:sheet${tab}round:R06" ]; then
	ok "shinsa verifies stock minisign's signature, picking the stock key of two"
else
	bad "shinsa on stock signature: $out"
fi
if "$tool" verify -w msg msg.minisig stock.pub >/dev/null 2>&1; then
	ok "shinsa verifies stock minisign's signature (whole-buffer API)"
else
	bad "shinsa whole-buffer verify of stock signature"
fi
if [ "$("$tool" tc msg.minisig round)" = R06 ]; then
	ok "trusted comment field read from stock signature"
else
	bad "trusted comment field"
fi
if out=$("$tool" verify msg msg.minisig ours.pub 2>&1); then
	bad "a stock signature verified with the wrong key"
else
	case $out in
	*"signed by a different key"*) ok "wrong key: $out";;
	*) bad "wrong key message: $out";;
	esac
fi
cp msg.minisig changed.minisig
if "$tool" verify changed changed.minisig stock.pub >/dev/null 2>&1; then
	bad "shinsa accepted a changed file"
else
	ok "shinsa refuses a changed file"
fi
minisign -S -l -s stock.key -m msg -x legacy.minisig >/dev/null
if out=$("$tool" verify msg legacy.minisig stock.pub 2>&1); then
	bad "shinsa accepted a legacy signature"
else
	case $out in
	*legacy*) ok "legacy Ed signature refused: $out";;
	*) bad "legacy refusal message: $out";;
	esac
fi
# A signature stock minisign made with a trusted comment that is not
# key:value fields still verifies; only field parsing refuses it.
minisign -S -s stock.key -m msg -x plain.minisig >/dev/null
if "$tool" verify msg plain.minisig stock.pub >/dev/null 2>&1 &&
    ! "$tool" tc plain.minisig file >/dev/null 2>&1; then
	ok "stock default trusted comment verifies but is not key:value fields"
else
	bad "stock default trusted comment"
fi

# --- shinsa-keys show on stock keys ---
stockid=$(sed -n 1p stock.pub | sed 's/.*public key //')
keynum=$stockid
if "$keys" show stock.pub | grep -qx "keynum:      $keynum" &&
    "$keys" show stock.key | grep -qx "keynum:      $keynum"; then
	ok "shinsa-keys show reads stock public and secret keys ($keynum)"
else
	bad "shinsa-keys show on stock keys"
fi
if [ "$("$keys" show stock.pub | grep '^age:')" = \
    "$("$keys" show stock.key | grep '^age:')" ]; then
	ok "same age recipient from the stock public and secret key"
else
	bad "age recipients differ"
fi

# The key id a clerk compares is the string stock minisign prints, also
# for a key whose id starts with a 0 digit (stock 0.11 drops it): one key
# in 16, so stock makes keys until it has one (400 tries miss one time
# in about 10^11).
i=0 zid=
while [ $i -lt 400 ] && [ -z "$zid" ]; do
	minisign -G -W -p z.pub -s z.key -f >/dev/null 2>&1
	id=$(sed -n 1p z.pub | sed 's/.*public key //')
	[ ${#id} -lt 16 ] && zid=$id
	i=$((i + 1))
done
if [ -n "$zid" ] && "$keys" show z.pub | grep -qx "keynum:      $zid"; then
	ok "shinsa-keys show prints key id $zid as stock minisign does"
else
	bad "key id with a leading zero: stock $zid, shinsa $("$keys" show z.pub | grep keynum)"
fi
# Keys shinsa makes have no leading 0 digit, so that minisign 0.12's
# zero-padded key ids read the same as 0.11's.
i=0 short=0
while [ $i -lt 48 ]; do
	"$keys" generate -i k$i -p k.pub -s k.sec -f --unprotected >/dev/null
	id=$(sed -n 's/.*public key \([0-9A-F]*\).*/\1/p' k.pub)
	[ ${#id} -eq 16 ] || short=$((short + 1))
	i=$((i + 1))
done
if [ $short -eq 0 ]; then
	ok "48 keys made by shinsa-keys: every key id has 16 digits"
else
	bad "$short of 48 keys made by shinsa-keys have a leading 0 digit"
fi

# A passphrase-protected stock key (stock reads the passphrase from stdin
# when it is not a terminal) opens with shinsa-keys --passphrase-file.
printf 'stock passphrase\n' >spass
printf 'stock passphrase\nstock passphrase\n' |
    minisign -G -p stockp.pub -s stockp.key >/dev/null 2>&1
pkeynum=$("$keys" show stockp.pub | grep '^keynum:')
if [ -n "$pkeynum" ] &&
    [ "$("$keys" show --passphrase-file spass stockp.key | grep '^keynum:')" = "$pkeynum" ]; then
	ok "shinsa-keys show opens a passphrase-protected stock key"
else
	bad "shinsa-keys show on a protected stock key"
fi

# --- stock minisign signs with secret keys shinsa wrote ---
minisign -S -s ours.sec -m msg -x stocksig.minisig -t 'kind:x' >/dev/null
if "$tool" verify msg stocksig.minisig ours.pub >/dev/null 2>&1 &&
    minisign -V -p ours.pub -m msg -x stocksig.minisig >/dev/null 2>&1; then
	ok "stock minisign signs with our unprotected secret key"
else
	bad "stock minisign with our unprotected secret key"
fi
printf 'interop passphrase\n' >pass
"$keys" generate -i prot -p prot.pub -s prot.sec --passphrase-file pass \
    >/dev/null 2>&1
if printf 'interop passphrase\n' |
    minisign -S -s prot.sec -m msg -x prot.minisig >/dev/null 2>&1 &&
    "$tool" verify msg prot.minisig prot.pub >/dev/null 2>&1; then
	ok "stock minisign opens our scrypt-protected key with its passphrase"
else
	bad "stock minisign with our protected key"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all minisign interop checks passed"
