#!/bin/sh
# shinsa-keys end to end: generate, show, file modes, refusals and exit
# codes, export-age-identity opened by stock age, and passphrase changes
# through --passphrase-file (scrypt at minisign's real limits, so this
# takes a few seconds per passphrase).
# $1 build dir, $2 source dir, $3 shared dir.
set -eu
build=$(cd "$1" && pwd)
. "$2/tests/e2e/lib/skip.sh"
keys=$build/keys/shinsa-keys
[ -x "$keys" ] || { echo "FAIL: $keys not built"; exit 1; }

tmp=$build/tests/tmp/keys_cli.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
umask 022
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# expect CODE DESCRIPTION command...: runs it, output in $tmp/out
expect() {
	want=$1 what=$2
	shift 2
	set +e
	"$@" >out 2>err
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then
		ok "$what (exit $got)"
	else
		bad "$what: exit $got, wanted $want; stderr: $(cat err)"
	fi
}
field() { grep "^$1:" "$2" | sed "s/^$1: *//"; }

# --- generate ---
expect 0 "generate an unprotected key" "$keys" generate -i r01-tanaka --unprotected
[ "$(stat -c %a r01-tanaka.sec)" = 600 ] && ok "secret key mode 0600" ||
    bad "secret key mode $(stat -c %a r01-tanaka.sec)"
[ "$(stat -c %a r01-tanaka.pub)" = 644 ] && ok "public key mode 0644" ||
    bad "public key mode $(stat -c %a r01-tanaka.pub)"
head -1 r01-tanaka.pub | grep -q '^untrusted comment: minisign public key [0-9A-F]* id:r01-tanaka$' &&
    ok "id in the public key's comment" || bad "public key comment: $(head -1 r01-tanaka.pub)"
cp r01-tanaka.pub keep.pub
expect 1 "refuse to overwrite without -f" "$keys" generate -i r01-tanaka --unprotected
grep -q 'already exists; -f replaces it' err && ok "says why" || bad "message: $(cat err)"
cmp -s keep.pub r01-tanaka.pub && ok "existing key untouched" || bad "key changed"
expect 0 "-f replaces" "$keys" generate -i r01-tanaka --unprotected -p r01-tanaka.pub -s r01-tanaka.sec -f
cmp -s keep.pub r01-tanaka.pub && bad "-f did not make a new key" || ok "-f made a new key"
expect 2 "generate without -i" "$keys" generate --unprotected
expect 2 "invalid id" "$keys" generate -i 'two words' --unprotected
expect 2 "--unprotected with --passphrase-file" "$keys" generate -i x --unprotected --passphrase-file /dev/null
expect 2 "unknown command" "$keys" frobnicate
expect 2 "option not for this command" "$keys" show --unprotected r01-tanaka.pub
grep -q '^shinsa-keys: ' err && ok "errors prefixed shinsa-keys:" || bad "prefix: $(cat err)"
for c in generate show export-age-identity passphrase; do
	expect 0 "$c --help" "$keys" $c --help
	grep -q "^usage: shinsa-keys $c" out || bad "$c --help text"
done

# --- show ---
expect 0 "show public key" "$keys" show r01-tanaka.pub
cp out show.pub.txt
expect 0 "show secret key" "$keys" show r01-tanaka.sec
cp out show.sec.txt
for f in id keynum fingerprint age; do
	a=$(field $f show.pub.txt)
	b=$(field $f show.sec.txt)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "public and secret key agree on $f: $a"
	else
		bad "$f: '$a' vs '$b'"
	fi
done
field fingerprint show.pub.txt |
    grep -Eq '^([0-9A-F]{4} ){7}[0-9A-F]{4} \(BLAKE2b-128 of the public key\)$' &&
    ok "fingerprint is 8 groups of 4 hex digits, says which hash" ||
    bad "fingerprint format"
rcpt=$(field age show.pub.txt)
case $rcpt in age1*) ok "age recipient shown";; *) bad "recipient '$rcpt'";; esac
chmod 644 r01-tanaka.sec
expect 1 "secret key readable by others refused" "$keys" show r01-tanaka.sec
grep -qx "shinsa-keys: r01-tanaka.sec: readable by group or others (mode 0644); chmod 600 it" err &&
    ok "says why: $(cat err)" || bad "message: $(cat err)"
chmod 600 r01-tanaka.sec
printf 'not a key\n' >junk
expect 1 "show on a non-key" "$keys" show junk
expect 1 "show on a missing file" "$keys" show nothere.pub

# --- export-age-identity, opened by stock age ---
if command -v age >/dev/null 2>&1; then
	expect 0 "export-age-identity -o" "$keys" export-age-identity -o id.txt r01-tanaka.sec
	[ "$(stat -c %a id.txt)" = 600 ] && ok "identity file mode 0600" ||
	    bad "identity mode $(stat -c %a id.txt)"
	expect 1 "export refuses to overwrite" "$keys" export-age-identity -o id.txt r01-tanaka.sec
	printf '審査の結果は秘密です\n' >plain
	age -r "$rcpt" -o ct plain
	if age -d -i id.txt ct >dec 2>/dev/null && cmp -s plain dec; then
		ok "stock age -d -i opens what age -r encrypted to the shown recipient"
	else
		bad "age -d with the exported identity"
	fi
	expect 0 "export-age-identity to stdout" "$keys" export-age-identity r01-tanaka.sec
	grep -q '^AGE-SECRET-KEY-1' out && cmp -s out id.txt &&
	    ok "stdout export equals the file" || bad "stdout export"
	command -v age-keygen >/dev/null 2>&1 &&
	    [ "$(age-keygen -y id.txt)" = "$rcpt" ] &&
	    ok "age-keygen -y agrees with show" || bad "age-keygen -y"
else
	echo "skip age checks: age not installed"
fi

# --- passphrases ---
( umask 077; printf 'first passphrase\n' >p1; printf 'second passphrase\n' >p2 )
expect 0 "protect an unprotected key" "$keys" passphrase --new-passphrase-file p1 r01-tanaka.sec
[ "$(stat -c %a r01-tanaka.sec)" = 600 ] && ok "still mode 0600" || bad "mode after passphrase"
sed -n 2p r01-tanaka.sec | base64 -d 2>/dev/null | head -c 6 | grep -q '^EdScB2$' &&
    ok "now scrypt-protected (EdScB2)" || bad "not protected"
expect 1 "wrong current passphrase" "$keys" passphrase --passphrase-file p2 --new-passphrase-file p1 r01-tanaka.sec
grep -q 'wrong passphrase' err && ok "says wrong passphrase" || bad "message: $(cat err)"
expect 0 "change the passphrase" "$keys" passphrase --passphrase-file p1 --new-passphrase-file p2 r01-tanaka.sec
expect 0 "show the protected key with the new passphrase" "$keys" show --passphrase-file p2 r01-tanaka.sec
[ "$(field keynum out)" = "$(field keynum show.pub.txt)" ] &&
    ok "same key after the changes" || bad "key changed by passphrase"
grep -q 'protected by a passphrase' out && ok "show says protected" || bad "show protection"
chmod 644 p2
expect 1 "passphrase file readable by others refused" "$keys" show --passphrase-file p2 r01-tanaka.sec
grep -q 'p2: readable by group or others' err && ok "says why" || bad "message: $(cat err)"
( umask 077; printf 'short\n' >p5 )
expect 1 "a passphrase file shorter than 8 characters refused" "$keys" generate -i r05 --passphrase-file p5
grep -q 'p5: the passphrase is too short: at least 8 characters' err && [ ! -e r05.sec ] &&
    ok "says why, no key written" || bad "message: $(cat err)"
# Without a controlling terminal (setsid) the prompt cannot be shown.
if command -v setsid >/dev/null 2>&1; then
	expect 1 "protected key without a terminal or file" setsid -w "$keys" show r01-tanaka.sec
	grep -q 'no terminal to ask for the passphrase' err && ok "says why" ||
	    bad "message: $(cat err)"
else
	skip_part "no setsid: the check without a terminal"
fi
# (generate --passphrase-file is covered by minisign_interop.sh, where
# stock minisign opens the key it makes.)

# --- the terminal prompt, on a pseudo-terminal (needs python3) ---
if command -v python3 >/dev/null 2>&1; then
	cat >ttydrive.py <<'PY'
# ttydrive.py MODE PROGRAM ARGS...: runs PROGRAM on a pseudo-terminal, answers
# its passphrase prompts, and reports what the terminal looked like.
#   answer A... -- : types each A at the next prompt, in turn
#   interrupt:  types ^C at the first prompt
# A prompt is output ending in ": " (English or Japanese) that came
# after the last answer.
import os, pty, sys, termios
mode, argv = sys.argv[1], sys.argv[2:]
answers = []
if mode == "answer":
    k = argv.index("--")
    answers, argv = argv[:k], argv[k + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
out, seen, echo_off, mark = b"", 0, True, 0
def more():
    global out
    try:
        d = os.read(fd, 4096)
    except OSError:
        return False
    out += d
    return bool(d)
while True:
    if len(out) > mark and out.endswith(b": ") and \
        (mode == "interrupt" or seen < len(answers)):
        seen += 1
        mark = len(out)
        echo_off &= not (termios.tcgetattr(fd)[3] & termios.ECHO)
        if mode == "interrupt":
            # ^C, typed right after the prompt: the signal may come
            # before the program waits for input, and must still act.
            os.write(fd, b"\x03")
            _, st = os.waitpid(pid, 0)
            restored = termios.tcgetattr(fd)[3] & termios.ECHO
            print("echo-off" if echo_off else "ECHO-ON")
            print("restored" if restored else "NOT-RESTORED")
            print("SIGINT" if os.WIFSIGNALED(st) and
                  os.WTERMSIG(st) == 2 else "status %d" % st)
            sys.exit(0)
        os.write(fd, answers[seen - 1].encode() + b"\n")
        continue
    if not more():
        break
_, st = os.waitpid(pid, 0)
print("echo-off" if echo_off else "ECHO-ON")
for a in answers:
    if a.encode() in out:
        print("ECHOED")
print("exit %d" % os.WEXITSTATUS(st))
sys.stdout.write(out.decode(errors="replace"))
PY
	python3 ttydrive.py answer 'tty secret' 'tty secret' -- "$keys" generate -i r03 >out 2>&1 || true
	if sed -n 1p out | grep -qx echo-off && ! grep -q ECHOED out &&
	    grep -qx 'exit 0' out &&
	    grep -q 'New passphrase (at least 8 characters): ' out; then
		ok "generate asks twice on the terminal, without echo"
	else
		bad "terminal prompt: $(cat out)"
	fi
	( umask 077; printf 'tty secret\n' >p3 )
	expect 0 "the passphrase typed on the terminal opens the key" \
	    "$keys" show --passphrase-file p3 r03.sec
	python3 ttydrive.py answer 'first one' 'second one' 'first one' \
	    'second one' 'first one' 'second one' -- \
	    "$keys" generate -i r04 >out 2>&1 || true
	if grep -qx 'exit 1' out && grep -q 'passphrases do not match' out &&
	    [ "$(grep -c 'The two passphrases differ. Try again.' out)" = 2 ] &&
	    [ ! -e r04.sec ]; then
		ok "different passphrases asked again, then refused, no key written"
	else
		bad "mismatch: $(cat out)"
	fi
	python3 ttydrive.py answer short short short -- \
	    "$keys" generate -i r04 >out 2>&1 || true
	if grep -qx 'exit 1' out && grep -q 'passphrase is too short: at least 8' out &&
	    [ "$(grep -c 'Too short: at least 8 characters. Try again.' out)" = 2 ] &&
	    [ ! -e r04.sec ]; then
		ok "a short passphrase asked again, then refused, no key written"
	else
		bad "short: $(cat out)"
	fi
	# In Japanese, as a clerk sees it: too short, then two that differ,
	# then the same twice; the key opens with the last.
	LANGUAGE=ja LANG=C.UTF-8 python3 ttydrive.py answer short \
	    'first one' 'second one' 'good passphrase' 'good passphrase' -- \
	    "$keys" generate -i r06 >out 2>&1 || true
	if grep -qx 'exit 0' out &&
	    grep -q '新しいパスフレーズ（8文字以上）: ' out &&
	    grep -q '短すぎます。8文字以上にしてください。もう一度入力してください。' out &&
	    grep -q '2回のパスフレーズが一致しません。もう一度入力してください。' out &&
	    grep -q '確認のため、同じパスフレーズをもう一度入力してください: ' out &&
	    ! grep -q 'New passphrase\|again: ' out; then
		ok "Japanese prompts, asked again after a short and a differing passphrase"
	else
		bad "Japanese prompts: $(cat out)"
	fi
	( umask 077; printf 'good passphrase\n' >p6 )
	expect 0 "the passphrase agreed on the third try opens the key" \
	    "$keys" show --passphrase-file p6 r06.sec
	python3 ttydrive.py interrupt "$keys" generate -i r05 >out 2>&1 || true
	if [ "$(cat out)" = "echo-off
restored
SIGINT" ] && [ ! -e r05.sec ]; then
		ok "^C at the prompt restores echo, then interrupts"
	else
		bad "interrupt: $(cat out)"
	fi
else
	skip_part "no python3: the terminal checks"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all shinsa-keys checks passed"
