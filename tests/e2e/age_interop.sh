#!/bin/sh
# crypto/age against stock age (1.1.1 on Debian), both directions:
#  - stock `age -d` opens what we encrypt to a recipient derived from an
#    Ed25519 key, with the identity we export from that key;
#  - we open what stock `age -r age1...` encrypts to that recipient;
# at the STREAM chunk boundaries, through the streaming and whole-buffer
# APIs, with several recipients, and refusing a key that is not ours.
# $1 build dir, $2 source dir, $3 shared dir. Exit 77 without age.
set -eu
build=$1
command -v age >/dev/null 2>&1 || { echo "age not installed: skip"; exit 77; }
command -v age-keygen >/dev/null 2>&1 || { echo "age-keygen missing: skip"; exit 77; }
tool=$build/tests/tools/agetool
[ -x "$tool" ] || { echo "FAIL: $tool not built"; exit 1; }

tmp=$build/tests/tmp/age_interop.$$
rm -rf "$tmp"
mkdir -p "$tmp/k"
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

"$tool" keygen "$tmp/k"
rcpt=$(cat "$tmp/k/recipient")
case $rcpt in age1*) ;; *) bad "recipient '$rcpt'";; esac
# age-keygen agrees that our identity belongs to our recipient.
if [ "$(age-keygen -y "$tmp/k/identity")" = "$rcpt" ]; then
	ok "age-keygen -y derives our recipient from our identity"
else
	bad "age-keygen -y disagrees with our recipient"
fi
age-keygen -o "$tmp/other.key" 2>/dev/null
other=$(age-keygen -y "$tmp/other.key")

for size in 0 1 65535 65536 65537 200000; do
	head -c "$size" /dev/urandom >"$tmp/p"
	for mode in "" -w; do
		m=${mode:-stream}
		# Stock age's -o creates nothing for an empty plaintext.
		rm -f "$tmp/back"
		if "$tool" encrypt $mode "$rcpt" <"$tmp/p" >"$tmp/ours.age" &&
		    age -d -i "$tmp/k/identity" "$tmp/ours.age" >"$tmp/back" &&
		    cmp -s "$tmp/p" "$tmp/back"; then
			ok "stock age decrypts ours ($size bytes, $m)"
		else
			bad "stock age decrypts ours ($size bytes, $m)"
		fi
		rm -f "$tmp/back"
		if age -r "$rcpt" -o "$tmp/stock.age" "$tmp/p" &&
		    "$tool" decrypt $mode "$tmp/k/identity" <"$tmp/stock.age" \
		    >"$tmp/back" && cmp -s "$tmp/p" "$tmp/back"; then
			ok "we decrypt stock age's ($size bytes, $m)"
		else
			bad "we decrypt stock age's ($size bytes, $m)"
		fi
	done
done

# Several recipients, each way round.
head -c 70000 /dev/urandom >"$tmp/p"
if "$tool" encrypt "$other" "$rcpt" <"$tmp/p" >"$tmp/ours.age" &&
    age -d -i "$tmp/other.key" "$tmp/ours.age" | cmp -s - "$tmp/p" &&
    age -d -i "$tmp/k/identity" "$tmp/ours.age" | cmp -s - "$tmp/p"; then
	ok "stock age decrypts ours to two recipients with either key"
else
	bad "stock age decrypts ours to two recipients"
fi
if age -r "$other" -r "$rcpt" "$tmp/p" >"$tmp/stock.age" &&
    "$tool" decrypt "$tmp/k/identity" <"$tmp/stock.age" | cmp -s - "$tmp/p"
then
	ok "we decrypt stock age's to two recipients"
else
	bad "we decrypt stock age's to two recipients"
fi

# Not for us: refused, nothing written, with a clear message.
age -r "$other" "$tmp/p" >"$tmp/stock.age"
if "$tool" decrypt -w "$tmp/k/identity" <"$tmp/stock.age" >"$tmp/back" \
    2>"$tmp/err"; then
	bad "decrypting a file for someone else succeeded"
elif grep -q "no identity matches" "$tmp/err" && [ ! -s "$tmp/back" ]; then
	ok "a file for someone else: no identity matches"
else
	bad "a file for someone else: $(cat "$tmp/err")"
fi
# Stock age refuses ours when altered, as we refuse stock age's.
"$tool" encrypt "$rcpt" <"$tmp/p" >"$tmp/ours.age"
head -c 1000 "$tmp/ours.age" >"$tmp/cut.age"
if age -d -i "$tmp/k/identity" "$tmp/cut.age" >/dev/null 2>&1; then
	bad "stock age accepted our truncated file"
else
	ok "stock age refuses our truncated file"
fi
age -r "$rcpt" "$tmp/p" | head -c 1000 >"$tmp/cut.age"
if "$tool" decrypt -w "$tmp/k/identity" <"$tmp/cut.age" >/dev/null 2>&1; then
	bad "we accepted stock age's truncated file"
else
	ok "we refuse stock age's truncated file"
fi

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "age interop: all passed"
