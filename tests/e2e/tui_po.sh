#!/bin/sh
# The Japanese catalogue is complete: every message of po/shinsa.pot is
# translated in po/ja.po (none fuzzy, none missing), and the template is
# current: xgettext over tui/*.c finds no message it lacks.
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
# The template covers every message in the sources.
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --no-location \
	-o "$tmp/now.pot" "$src"/tui/*.c
msgcmp --use-untranslated "$src/po/shinsa.pot" "$tmp/now.pot" 2>"$tmp/err" || {
	cat "$tmp/err" >&2
	echo "po/shinsa.pot is stale: cmake --build BUILD --target shinsa_pot" >&2
	exit 1
}
echo ok
