#!/bin/sh
# No user-facing text of the front ends escapes gettext: a string literal
# of English words printed by tui/, merge/ or keys/ (printf, fprintf,
# merr, kerr, problem, ...) that is not inside _(), N_() or ngettext()
# fails, unless it carries /* untranslated: why */ (machine-readable
# output such as shinsa-verify's FAIL and VERIFIED). The heuristic is
# tests/e2e/lib/msglint.py. Files listed in po/msglint.todo are named,
# not failed: their translation is under way elsewhere.
# $1 build dir, $2 source dir.
set -eu
src=$2
command -v python3 >/dev/null 2>&1 || exit 77
cd "$src"
lint="python3 tests/e2e/lib/msglint.py"
todo=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/msglint.todo)
files=
for f in tui/*.c merge/*.c keys/*.c; do
	case " $(echo $todo) " in
	*" $f "*)
		n=$($lint "$f" | wc -l)
		echo "not yet translated (po/msglint.todo): $f, $n messages"
		continue;;
	esac
	files="$files $f"
done
# The lint finds what it should: a bare message fails, a marked one
# passes (so that an empty result above means something).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'f(void)\n{\n\tmerr("cannot open %%s here", p);\n}\n' >"$tmp/bad.c"
printf 'f(void)\n{\n\tmerr(_("cannot open %%s here"), p);\n\t/* untranslated: test */\n\tprintf("FAIL  the word %%s\\n", w);\n}\n' >"$tmp/good.c"
if $lint "$tmp/bad.c" >/dev/null; then
	echo "msglint.py passed a bare message" >&2
	exit 1
fi
# One English word alone is a message too (status's allow); a word
# given to a call inside the print (a JSON key) is not; a command
# table's usage is shown to the user.
printf 'f(void)\n{\n\tprintf("%%s\\n", a ? "allow" : "refuse");\n}\n' >"$tmp/word.c"
printf 'const struct cmd_entry e = {\n\t.usage = "[--db FILE] DIR",\n};\n' >"$tmp/usage.c"
for f in word usage; do
	if $lint "$tmp/$f.c" >/dev/null; then
		echo "msglint.py passed a bare message ($f)" >&2
		exit 1
	fi
done
printf 'f(void)\n{\n\tprintf(_("score %%s\\n"), jstr(v, "score"));\n}\nconst struct cmd_entry e = {\n\t.usage = N_("[--db FILE] DIR"),\n};\n' >>"$tmp/good.c"
$lint "$tmp/good.c" || {
	echo "msglint.py failed a wrapped or marked message" >&2
	exit 1
}
$lint $files || {
	echo "user-facing text above is not translated: wrap it in _()" \
	    "(N_() in a table) and translate it in po/ja.po, or mark a" \
	    "deliberate exception /* untranslated: why */" >&2
	exit 1
}
# A command's one-line help is shown by 'shinsa-merge --help' through
# _(): the table keeps it as N_() so that xgettext finds it.
bare=$(grep -n '\.help = "' merge/*.c keys/*.c || true)
[ -z "$bare" ] || {
	echo "a command table's help is not marked for translation: N_(...)" >&2
	echo "$bare" >&2
	exit 1
}
echo ok
