#!/bin/sh
# The Japanese catalogue is complete: every message of po/shinsa.pot is
# translated in po/ja.po (none fuzzy, none missing), and the template is
# current: xgettext over the sources in po/POTFILES (the workstation's
# own messages and core's message keys, base/err.h) finds no message it
# lacks. Every core source is in po/POTFILES or po/POTFILES.skip, so a
# new core file cannot ship messages a reviewer sees untranslated.
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
# ja.po covers every message of the template.
msgcmp "$src/po/ja.po" "$src/po/shinsa.pot"
# Every core source is listed, one way or the other.
listed() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$src/po/POTFILES" \
	    "$src/po/POTFILES.skip" | grep -qx "$1"
}
cd "$src"
for f in core/*/*.c tui/*.c; do
	listed "$f" || {
		echo "$f is in neither po/POTFILES nor po/POTFILES.skip" >&2
		exit 1
	}
done
# The template covers every message in the sources.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES >"$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--keyword=sh_errf:2 --keyword=sh_err_prefix:2 --keyword=SH_MSG \
	--flag=sh_errf:2:c-format --flag=sh_err_prefix:2:c-format \
	--no-location -f "$tmp/files" -o "$tmp/now.pot"
msgcmp --use-untranslated po/shinsa.pot "$tmp/now.pot" 2>"$tmp/err" || {
	cat "$tmp/err" >&2
	echo "po/shinsa.pot is stale: cmake --build BUILD --target shinsa_pot" >&2
	exit 1
}
echo ok
