#!/bin/sh
# Installs what shinsa needs to build and test on Debian 12. Idempotent:
# does nothing when every package is already there.
set -eu
pkgs="build-essential cmake pkg-config libsodium-dev libsqlite3-dev
libjansson-dev libncurses-dev libarchive-dev libcmocka-dev gettext
minisign age tmux clang libclang-rt-14-dev mandoc valgrind sqlite3
chromium fonts-ipafont-gothic"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing:$missing" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
