#!/bin/sh
# The Japanese catalogue is complete: every message of po/shinsa.pot is
# translated in po/ja.po (none fuzzy, none missing), and the template is
# current: xgettext over the sources in po/POTFILES (the workstation's
# own messages and core's message keys, base/err.h) finds no message it
# lacks. Every core source with messages is in po/POTFILES or
# po/POTFILES.skip, so a new core file cannot ship messages a reviewer
# sees untranslated.
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
# Every core source is listed, one way or the other.
listed() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$src/po/POTFILES" \
	    "$src/po/POTFILES.skip" | grep -qx "$1"
}
cd "$src"
for f in core/*/*.c tui/*.c; do
	grep -Eq 'sh_errf|sh_err_prefix|SH_MSG\(|_\("' "$f" || continue
	listed "$f" || {
		echo "$f is in neither po/POTFILES nor po/POTFILES.skip" >&2
		exit 1
	}
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
