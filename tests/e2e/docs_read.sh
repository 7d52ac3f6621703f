#!/bin/sh
# Reading a proposal's documents in the real shinsa (issue 15, DESIGN.md
# rule 11), in tmux at 80x24:
#  1. The demo round; r01 opens its package, presses d on P01: the PDF's
#     text is on the screen; / finds a word of page 2, which was not on
#     the screen; q comes back to the proposals.
#  1b. v in the pager, after its warnings (the test's XDG_RUNTIME_DIR is
#     not tmpfs, so it asks again), writes the PDF 0600 into a 0700
#     directory there and starts the viewer ($SHINSA_VIEWER, a script
#     that notes what it was given); quitting removes it; a shinsa that
#     is killed leaves it, and the next start removes it.
#  2. shinsa docs lists the document with its type and pages, and
#     writes its text (pages at form feeds, no PDF bytes); without
#     pdftotext it says how to install it.
#  3. Nothing of the document's text is left in the store,
#     XDG_RUNTIME_DIR, TMPDIR, /tmp or ~/.cache (HOME and the XDG dirs
#     are the test's), neither as UTF-8 nor as the PDF's own bytes.
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
S=$build/tui/shinsa
M=$build/merge/shinsa-merge
command -v tmux >/dev/null 2>&1 || { echo "skip: no tmux"; exit 77; }
command -v pdftotext >/dev/null 2>&1 ||
	{ echo "skip: no pdftotext (poppler-utils)"; exit 77; }
for b in "$S" "$M"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC
t=$build/tests/tmp/docs_read.$$
sock=shinsa-docs-$$
rm -rf "$t"; mkdir -p "$t/home" "$t/run" "$t/tmp"; chmod 700 "$t/run"
cd "$t"
: > start.marker
. "$src/tests/e2e/lib/tmux.sh"

SHINSA_RUBRICS=$src/data/rubrics $M demo demo > demo.out
pkg=demo/outbox/R2024-kakine-r01.shinsa-package
key=demo/keys/r01.key
[ -f "$pkg" ] || fail "no demo package"
# Only the test's own places: the scan below looks at every one of them.
export HOME=$t/home XDG_RUNTIME_DIR=$t/run TMPDIR=$t/tmp \
	XDG_CACHE_HOME=$t/home/.cache XDG_DATA_HOME=$t/home/.local/share \
	XDG_CONFIG_HOME=$t/home/.config
unset SHINSA_HOME
envs="env -u SHINSA_LOCALEDIR -u LANGUAGE TERM=screen"

# 1. The pager.
$T new-session -d -s test -x 80 -y 24 \
	"$envs $S open -s $key $pkg; echo EXIT=\$?; sleep 30"
wait_for "shinsa: Check the secretariat's key"
$T send-keys -t test y
wait_for "shinsa: Proposals"
wait_for "P01"
$T send-keys -t test d
wait_for "shinsa: Document"
wait_for "P01  P01-kousou.pdf"
wait_for "構想調書（デモ・架空）"
wait_for "管理機関: 北海道教育委員会"
wait_for "page 1 of 3"
$T capture-pane -p -t test | grep -qF "ルーブリック" &&
	fail "page 2's word is on the screen before the search"
$T send-keys -t test /
wait_for "Search:"
$T send-keys -t test -l "ルーブリック"
$T send-keys -t test Enter
wait_for "Match 1 of 1, page 2."
wait_for "学校間で共通のルーブリックを"
$T send-keys -t test q
wait_for "shinsa: Proposals"
$T capture-pane -p -t test | grep -qF "構想調書（デモ・架空）" &&
	fail "the document is still on the screen"
$T send-keys -t test q
wait_for "EXIT=0"
restart

# 1b. The external viewer.
printf '#!/bin/sh\nls -ld "$1" "$(dirname "$1")" > %s/seen.tmp\nmv %s/seen.tmp %s/seen\n' \
	"$t" "$t" "$t" > viewer.sh
chmod +x viewer.sh
for how in quit kill; do
	rm -f seen
	$T new-session -d -s test -x 80 -y 24 \
		"$envs SHINSA_VIEWER=$t/viewer.sh $S -s $key; echo EXIT=\$?; sleep 30"
	wait_for "shinsa: Proposals"
	$T send-keys -t test d
	wait_for "構想調書（デモ・架空）"
	$T send-keys -t test v
	wait_for "Open in an external viewer?"
	$T send-keys -t test y
	wait_for "Not in memory (tmpfs)"
	$T send-keys -t test y
	wait_for "Opened in the external viewer"
	i=0
	while [ ! -f seen ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	[ -f seen ] || fail "the viewer was not started"
	grep -q '^-rw------- .*/run/shinsa-view\.[0-9]*/P01-1\.pdf$' seen ||
		{ cat seen; fail "the copy is not 0600 in the runtime dir"; }
	grep -q '^drwx------ .*/run/shinsa-view\.[0-9]*$' seen ||
		{ cat seen; fail "the copy's directory is not 0700"; }
	ls -d run/shinsa-view.* > /dev/null 2>&1 || fail "no copy while open"
	if [ $how = quit ]; then
		$T send-keys -t test q q
		wait_for "EXIT=0"
		! ls -d run/shinsa-view.* > /dev/null 2>&1 ||
			fail "the copy is left after quitting"
	else
		pid=$(ls -d run/shinsa-view.* | sed 's/.*\.//')
		kill -9 "$pid"
		wait_for "EXIT=137"
		ls -d run/shinsa-view.* > /dev/null 2>&1 ||
			fail "nothing to sweep: the test proves nothing"
		$S -s $key docs > /dev/null
		! ls -d run/shinsa-view.* > /dev/null 2>&1 ||
			fail "a killed shinsa's copy is left at the next start"
	fi
	restart
done

# 2. The command.
$S -s $key docs > list.out
printf 'P01\t1\tP01-kousou.pdf\tPDF\t' > want
grep -qF "$(cat want)" list.out || { cat list.out; fail "docs: no P01 line"; }
grep '^P01	' list.out | grep -q '	3$' || fail "docs: P01 is not 3 pages"
$S -s $key docs P01 1 > text.out
grep -qF "学校間で共通のルーブリックを" text.out || fail "docs P01 1: no text"
[ "$(tr -cd '\f' < text.out | wc -c)" -eq 2 ] ||
	fail "docs P01 1: pages not separated by two form feeds"
grep -qa '%PDF' text.out && fail "docs P01 1 wrote the PDF's bytes"
set +e
SHINSA_PDFTOTEXT=$t/no-such-pdftotext $S -s $key docs P01 1 > /dev/null \
	2> missing.err
rc=$?
set -e
[ $rc -eq 1 ] || fail "docs without pdftotext: exit $rc"
grep -qF "install poppler-utils (sudo apt-get install poppler-utils)" \
	missing.err || { cat missing.err; fail "no install hint"; }

# 3. No plaintext left behind: the words as UTF-8, and as the PDF's
# content stream writes them (UTF-16BE hex), in every file the test's
# places hold and in every file of /tmp made since it started (the
# build tree aside).
hex=5171901A306E30EB30FC30D630EA30C330AF	# 共通のルーブリック
for w in "共通のルーブリック" "$hex"; do
	for d in "$HOME" "$XDG_RUNTIME_DIR" "$TMPDIR"; do
		! grep -raqF -- "$w" "$d" || fail "document text in $d"
	done
	# Not the build tree, should it lie under /tmp: it holds this
	# test's own text.out and other tests' demo PDFs, run beside it.
	find /tmp -xdev -type f -newer start.marker \
	    ! -path "$build/*" 2>/dev/null |
		while read -r f; do
			! grep -aqF -- "$w" "$f" 2>/dev/null ||
				fail "document text in $f"
		done
done
# The scan itself works: it finds the text where it must be.
grep -raqF -- "$hex" demo/docs || fail "the scan finds nothing anywhere"
echo ok
