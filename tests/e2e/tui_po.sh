#!/bin/sh
# The Japanese catalogue is complete: every message of po/shinsa.pot is
# translated in po/ja.po (none fuzzy, none missing), and the template is
# current: xgettext over the sources in po/POTFILES (the workstation's
# own messages and core's message keys, base/err.h) finds no message it
# lacks. Every core, tui, merge and keys source with messages is in
# po/POTFILES or po/POTFILES.skip, so a new file cannot ship messages
# its users see untranslated.
# $1 build dir, $2 source dir.
set -eu
src=$2
command -v msgfmt >/dev/null 2>&1 || exit 77
command -v xgettext >/dev/null 2>&1 || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$src/po/ja.po" 2>&1)
case $stats in
*fuzzy*|*untranslated*)
	echo "po/ja.po incomplete: $stats" >&2
	exit 1;;
esac
# The seeds' words, not coined ones (issue 14): 判断できない, not 判定不能;
# 審査回 for a round, not the loan word ラウンド.
bad=$(msgcat --no-wrap "$src/po/ja.po" |
    grep '^msgstr.*\(判定不能\|ラウンド\)' || true)
[ -z "$bad" ] || {
	echo "po/ja.po uses words the seeds do not (判定不能 -> 判断できない," \
	    "ラウンド -> 審査回):" >&2
	echo "$bad" >&2
	exit 1
}
# ja.po covers every message of the template.
msgcmp "$src/po/ja.po" "$src/po/shinsa.pot"
# Every source of the four programs with messages is listed, one way or
# the other; files whose translation is still to come are only named
# (po/msglint.todo), so that the lead sees what is left.
listed() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$src/po/POTFILES" \
	    "$src/po/POTFILES.skip" | grep -qx "$1"
}
todo() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$src/po/msglint.todo" |
	    grep -qx "$1"
}
cd "$src"
for f in core/*/*.c tui/*.c merge/*.c keys/*.c; do
	# A front-end file that prints without _() is msg_lint.sh's.
	grep -Eq 'sh_errf|sh_err_prefix|SH_MSG\(|_\("' "$f" || continue
	listed "$f" && continue
	if todo "$f"; then
		echo "not yet translated (po/msglint.todo): $f"
		continue
	fi
	echo "$f is in neither po/POTFILES nor po/POTFILES.skip" >&2
	exit 1
done
# The template covers every message in the sources.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES >"$tmp/files"
xgettext $(sed 's/#.*//' po/xgettext.opts) --no-location \
	-f "$tmp/files" -o "$tmp/now.pot"
msgcmp --use-untranslated po/shinsa.pot "$tmp/now.pot" 2>"$tmp/err" || {
	cat "$tmp/err" >&2
	echo "po/shinsa.pot is stale: cmake --build BUILD --target shinsa_pot," \
	    "then msgmerge -U po/ja.po po/shinsa.pot and translate what is new" \
	    "(docs/HACKING.md)" >&2
	exit 1
}
echo ok
