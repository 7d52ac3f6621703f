#!/bin/sh
# The programs find their catalogue beside themselves, with no
# SHINSA_LOCALEDIR: in the build tree, and installed under a temporary
# prefix by `cmake --install` (then moved, so the install's relative
# layout is what finds it, not the configured path). Installed: the four
# programs, the man pages, the rubrics and the catalogue.
# Locales: LANGUAGE=ja under C.UTF-8, ja_JP.UTF-8 when generated, and a
# Japanese locale that is not generated all give Japanese; a generated
# legacy encoding (ja_JP.EUC-JP) is refused with a message in English
# and in Japanese (in EUC-JP, readable on that terminal).
# $1 build dir, $2 source dir.
set -eu
build=$(cd "$1" && pwd)
. "$2/tests/e2e/lib/skip.sh"
command -v msgfmt >/dev/null 2>&1 || { echo "skip: no msgfmt"; exit 77; }
[ -x "$build/tui/shinsa" ] || { echo "skip: no shinsa"; exit 77; }
t=$build/tests/tmp/i18n_home.$$
rm -rf "$t"; mkdir -p "$t"
trap 'rm -rf "$t"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# ja WHAT BINARY ENV...: `BINARY --help` says 使い方 under ENV alone.
ja() {
	what=$1 bin=$2
	shift 2
	if env -i PATH=/usr/bin:/bin TZ=UTC "$@" "$bin" --help >"$t/out" 2>&1 &&
	    grep -q '^使い方: shinsa' "$t/out"; then
		ok "$what: Japanese"
	else
		bad "$what: not Japanese:"; cat "$t/out"
	fi
}

# The build tree.
ja "build tree, LANGUAGE=ja" "$build/tui/shinsa" LANG=C.UTF-8 LANGUAGE=ja
ja "build tree, ja_XX.UTF-8 (no such locale)" "$build/tui/shinsa" \
    LANG=ja_XX.UTF-8
if locale -a | grep -qix 'ja_JP.utf8'; then
	ja "build tree, ja_JP.UTF-8" "$build/tui/shinsa" LANG=ja_JP.UTF-8
else
	skip_part "no ja_JP.UTF-8 locale (scripts/deps.sh makes it)"
fi
env -i LANG=C.UTF-8 "$build/tui/shinsa" --help >"$t/out" 2>&1
grep -q '^usage: shinsa' "$t/out" && ok "build tree, C.UTF-8: English" ||
	bad "build tree, C.UTF-8: not English"

# A legacy encoding is refused, in both languages.
if locale -a | grep -qix 'ja_JP.eucjp'; then
	for p in tui/shinsa keys/shinsa-keys merge/shinsa-merge \
	    merge/shinsa-verify; do
		set +e
		env -i LANG=ja_JP.EUC-JP "$build/$p" --help >"$t/out" 2>"$t/err"
		rc=$?
		set -e
		if [ $rc -eq 1 ] && [ ! -s "$t/out" ] &&
		    grep -q 'needs a UTF-8 locale' "$t/err" &&
		    iconv -f EUC-JP -t UTF-8 "$t/err" |
		    grep -q 'UTF-8 のロケールが必要です'; then
			ok "$p: EUC-JP refused in English and Japanese"
		else
			bad "$p: EUC-JP (exit $rc):"; cat "$t/out" "$t/err"
		fi
	done
else
	skip_part "no ja_JP.EUC-JP locale (scripts/deps.sh makes it)"
fi

# Installed under a prefix, then moved.
cmake --install "$build" --prefix "$t/prefix" >"$t/install.out" 2>&1 ||
	{ cat "$t/install.out"; bad "cmake --install"; }
for f in bin/shinsa bin/shinsa-keys bin/shinsa-merge bin/shinsa-verify \
    share/man/man1/shinsa.1 share/man/man1/shinsa-keys.1 \
    share/man/man1/shinsa-merge.1 share/man/man1/shinsa-verify.1 \
    share/man/man5/shinsa-form.5 share/man/man5/shinsa-files.5 \
    share/shinsa/rubrics/kakine-2024.json \
    share/shinsa/rubrics/chiiki-2020.json \
    share/locale/ja/LC_MESSAGES/shinsa.mo; do
	[ -f "$t/prefix/$f" ] && ok "installed $f" || bad "not installed: $f"
done
ja "installed" "$t/prefix/bin/shinsa" LANG=C.UTF-8 LANGUAGE=ja
mv "$t/prefix" "$t/moved"
ja "installed, moved" "$t/moved/bin/shinsa" LANG=C.UTF-8 LANGUAGE=ja
# Found through PATH (argv[0] a bare name): /proc/self/exe says where.
if env -i PATH="$t/moved/bin:/usr/bin:/bin" LANG=C.UTF-8 LANGUAGE=ja \
    shinsa --help 2>&1 | grep -q '^使い方: shinsa'; then
	ok "installed, run through PATH: Japanese"
else
	bad "installed, run through PATH: not Japanese"
fi
for p in shinsa-keys shinsa-merge; do
	env -i LANG=C.UTF-8 LANGUAGE=ja "$t/moved/bin/$p" --help \
	    >"$t/out" 2>&1 && ok "installed $p runs" ||
	    { bad "installed $p --help"; cat "$t/out"; }
done
[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "i18n_home: ok"
