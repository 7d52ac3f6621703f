#!/bin/sh
# Installs what shinsa needs to build and test on Debian 12, and the
# Japanese locales the demo and the tests use (ja_JP.UTF-8; ja_JP.EUC-JP
# for the test of a legacy encoding, which the programs refuse).
# Idempotent: does nothing when every package and locale is already there.
set -eu
# Every tool a test uses is here: under CI=true a test that skips for
# want of one fails (tests/e2e/lib/run.sh). Besides the build: minisign,
# age (interop), tmux (tui_tmux, passphrase_tty), valgrind, sqlite3,
# chromium, fontconfig and fonts-ipafont-gothic (report_html), jq and
# python3 (proposals_facts, hostile_text, keys_cli's pty), python3-openpyxl
# (report_ja reads the workbook back), gdb
# (publish_tally_once), util-linux and mount (setsid, unshare:
# keys_cli, fault_enospc), bsdutils (script: progress_tty's pty),
# gettext (tui_po), locales (i18n_home),
# poppler-utils and poppler-data (pdftotext: the workstation reads PDF
# proposals with it; test_doc, docs_read), libarchive-dev (only test_tar
# links it, to make hostile archives and to hold core's ustar writer to
# its bytes), binutils from build-essential (readelf: ws_link).
# Benchmarks only, not installed here: libsimdjson-dev builds
# bench-floor-json (simdjson's JSON walk and ingest's practical floor,
# bench/README.md); no program and no test needs it.
pkgs="build-essential cmake pkg-config libsodium-dev libsqlite3-dev
libjansson-dev libncurses-dev libarchive-dev libcmocka-dev gettext
libxlsxwriter-dev python3-openpyxl
minisign age tmux clang libclang-rt-14-dev mandoc valgrind sqlite3
chromium fonts-ipafont-gothic locales fontconfig jq python3 gdb util-linux
bsdutils mount poppler-utils poppler-data"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
locales="ja_JP.UTF-8 ja_JP.EUC-JP"
# locale -a spells them ja_JP.utf8, ja_JP.eucjp.
have_locale() {
	n=$(echo "$1" | tr 'A-Z' 'a-z' | tr -d -)
	locale -a 2>/dev/null | tr 'A-Z' 'a-z' | tr -d - | grep -qx "$n"
}
nolocale=""
for l in $locales; do
	have_locale "$l" || nolocale="$nolocale $l"
done
[ -z "$missing" ] && [ -z "$nolocale" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ -n "$missing" ]; then
	echo "installing:$missing" >&2
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -n "$nolocale" ]; then
	echo "generating locales:$nolocale" >&2
	for l in $nolocale; do
		# Uncomments "# ja_JP.UTF-8 UTF-8"; a line already there stays.
		$sudo sed -i "s/^# *\($l \)/\1/" /etc/locale.gen
		grep -q "^$l " /etc/locale.gen ||
			echo "$l ${l#*.}" | $sudo tee -a /etc/locale.gen >/dev/null
	done
	$sudo locale-gen >/dev/null
fi
